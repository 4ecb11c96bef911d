#pragma once
// Every limit that protects the server against hostile or broken input, in one place
// (issue 12). docs/security.md gives the threat each one answers and the test that proves it;
// change a number here and there together.
//
//   if (body.size() > core::limits::kUnauthenticatedBodyBytes) → 413
//   if (fen > core::limits::kMaxAmountFen) → 422 with the field

#include <cstddef>
#include <cstdint>

namespace ipe::core::limits {

// ---- HTTP bodies (point 7) ----

/// Requests without a session cookie or bearer token may send at most this much (login bodies
/// are under 1 KiB). Refused by Content-Length before any byte of the body is read; a chunked
/// body is cut off here.
inline constexpr uint64_t kUnauthenticatedBodyBytes = 64u << 10;
/// The largest body any route accepts (the case, plan and scan imports).
inline constexpr uint64_t kLargestBodyBytes = 32u << 20;
/// Body bytes the server holds in memory at once, over all connections. A request whose body
/// would pass it is refused with 503 (Retry-After) instead of being read.
inline constexpr uint64_t kBodyBytesInFlight = 96u << 20;

// ---- Logins and password hashing (points 8, 9) ----

/// Concurrent argon2id computations (64 MiB each); the rest wait in a queue …
inline constexpr int kPasswordHashThreads = 2;
/// … of at most this many; beyond it a login answers 429 at once, so a login storm never holds
/// more than kPasswordHashThreads + kPasswordHashQueue of the 16 handler threads.
inline constexpr int kPasswordHashQueue = 6;
/// Failed logins for one (login, source) pair before delays start.
inline constexpr int kFreeFailuresPerPair = 3;
/// Delay after the first delayed failure; it doubles with each further failure …
inline constexpr int64_t kFirstDelaySeconds = 2;
/// … up to this.
inline constexpr int64_t kMaxDelaySeconds = 15 * 60;
/// Login attempts (counted before the password is checked) from one source per window.
inline constexpr int kAttemptsPerSource = 30;
inline constexpr int64_t kSourceWindowSeconds = 15 * 60;
/// Throttle entries kept in memory; the oldest go first beyond it.
inline constexpr size_t kThrottleEntries = 100000;

// ---- Credentials (points 10, 11) ----

/// API tokens expire after this unless the creator asks for less.
inline constexpr int64_t kApiTokenDefaultSeconds = 90 * 24 * 3600;
/// … and never live longer than this.
inline constexpr int64_t kApiTokenMaxSeconds = 366 * 24 * 3600;
inline constexpr size_t kPasswordMinChars = 12;
inline constexpr size_t kPasswordMaxBytes = 256;

// ---- Case data (points 12, 13) ----

/// The one bound of every amount in fen (10^15 fen = 10 万亿元), everywhere: API, CSV/XLSX
/// import and the rule evaluator.
inline constexpr int64_t kMaxAmountFen = 1'000'000'000'000'000;
/// The bound of every count (标识件数, 复制品数量 …).
inline constexpr int64_t kMaxCount = 1'000'000'000'000'000;
inline constexpr size_t kCaseParties = 200;
inline constexpr size_t kCaseRights = 100;
inline constexpr size_t kCaseCampaignTags = 20;
/// Characters (code points), not bytes. Never below the byte limits they replace (100 and 500
/// bytes for the number and title), so nothing stored before becomes invalid.
inline constexpr size_t kCaseNumberChars = 100;
inline constexpr size_t kTitleChars = 500;
inline constexpr size_t kGoodsChars = 2000;
inline constexpr size_t kPartyNameChars = 200;
inline constexpr size_t kAddressChars = 500;
inline constexpr size_t kPhoneChars = 40;
inline constexpr size_t kShortTextChars = 100;  // tags, registration numbers, conduct codes
inline constexpr size_t kDescriptionChars = 2000;

// The public portal (docs/credit.md "Public API").
/// Requests per source and minute to /api/v1/public/ (429 beyond, with Retry-After).
inline constexpr int kPublicRequestsPerMinute = 120;
/// ALTCHA proof of work: the secret number is below this (about 0.1–0.5 s in a browser).
inline constexpr int64_t kPowMaxNumber = 50000;
/// A challenge must be solved and redeemed within this many seconds.
inline constexpr int64_t kPowChallengeSeconds = 600;
/// A redeemed solution buys a pass for searches from the same source for this long.
inline constexpr int64_t kPublicPassSeconds = 600;

/// The text of a typical case (典型案例, docs/credit.md), characters.
inline constexpr size_t kTypicalCaseChars = 10000;

// Complaints and reports (docs/complaints.md).
/// The facts and the request of a complaint or report (characters).
inline constexpr size_t kComplaintTextChars = 5000;
/// Persons on one complaint: joint complainants, two representatives, an agent.
inline constexpr size_t kComplaintPersons = 20;

}  // namespace ipe::core::limits
