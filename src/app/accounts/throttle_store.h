#pragma once
// Throttle counts shared by every server on one store (issue 19): the login throttle's attempts
// per source and failures per (login, source), and the public portal's requests per source and
// minute, in the table throttle_counters (migration 1050). docs/scale-out.md says why the
// database and not a process: behind nginx each server saw a third of an attacker's attempts.
//
//   ThrottleStore store(*tx);
//   IPE_ASSIGN_OR_RETURN(bool counted, store.HitUnder("public", "10.0.0.1", minute, 120));
//
// Rows: (scope, subject, window_start) → hits. Sliding windows are kept as one row per second
// (`window_start` = the second) and summed; fixed windows as one row per window; a login pair's
// state as one row with window_start 0 (hits = failures, until_at = no attempt before,
// last_at = last attempt). PruneWindows/PrunePairs drop what restricts nothing any more.
//
// Not thread-safe (one Tx); every method runs statements in the caller's transaction.

#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"
#include "storage/db.h"

namespace ipe::app {

/// A login pair's counts (window_start 0 row).
struct ThrottlePair {
  int64_t failures = 0;
  int64_t until = 0;  // no attempt before this second
  int64_t last = 0;   // the second of the last admitted attempt
};

class ThrottleStore {
 public:
  explicit ThrottleStore(storage::Tx& tx) : tx_(tx) {}

  /// Counts one hit in (scope, subject, window_start) unless it holds `limit` hits already.
  /// True when counted. One statement, which locks the row until the transaction ends, so
  /// concurrent servers cannot both take the last hit.
  core::Result<bool> HitUnder(std::string_view scope, const std::string& subject,
                              int64_t window_start, int64_t limit);
  /// Takes the row lock of `subject`'s anchor in `scope` (a window_start 0 row, created if
  /// missing, its last_at moved up to `now`) until the transaction ends: every attempt of one
  /// source takes turns, so a parallel burst cannot read the same count (PostgreSQL; SQLite writers
  /// are serialised anyway).
  core::Status Lock(std::string_view scope, const std::string& subject, int64_t now);
  /// Adds `delta` (may be negative) to the newest window of (scope, subject) with hits, from
  /// `window_start` on, creating it for a positive delta.
  core::Status AddHits(std::string_view scope, const std::string& subject, int64_t window_start,
                       int64_t delta);
  /// Hits of (scope, subject) in windows starting after `after`, and the oldest such window
  /// (0 for none).
  core::Result<std::pair<int64_t, int64_t>> HitsAfter(std::string_view scope,
                                                      const std::string& subject, int64_t after);

  /// The pair's state, row-locked on PostgreSQL (a zero state when absent).
  core::Result<ThrottlePair> LoadPair(std::string_view scope, const std::string& subject);
  core::Status SavePair(std::string_view scope, const std::string& subject,
                        const ThrottlePair& pair);
  core::Status DeletePair(std::string_view scope, const std::string& subject);

  /// Deletes the windows of `scope` that started before `before`.
  core::Status PruneWindows(std::string_view scope, int64_t before);
  /// Deletes the pairs of `scope` idle since `idle_before` whose delay is over at `now`.
  core::Status PrunePairs(std::string_view scope, int64_t idle_before, int64_t now);

 private:
  storage::Tx& tx_;
};

}  // namespace ipe::app
