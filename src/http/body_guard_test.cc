#include "http/body_guard.h"

#include <gtest/gtest.h>

#include <string>

namespace ipe::http {
namespace {

using Verdict = BodyGuard::Verdict;

struct Seen {
  std::string method, target;
  bool credentials = false;
  int calls = 0;
};

BodyLimitFn Limit(Seen& seen, uint64_t with, uint64_t without) {
  return [&seen, with, without](std::string_view m, std::string_view t, bool c) {
    seen.method = std::string(m);
    seen.target = std::string(t);
    seen.credentials = c;
    ++seen.calls;
    return c ? with : without;
  };
}

const std::string kSession = "ipe_session=" + std::string(64, 'a');

// Issue 12 point 7: a declared Content-Length above the limit is refused when the headers are
// in, before one byte of the body exists.
TEST(BodyGuard, Issue12RefusesDeclaredLengthBeforeTheBody) {
  Seen seen;
  auto fn = Limit(seen, 1 << 20, 1024);
  BodyBudget budget(1 << 30);
  BodyGuard guard(&fn, &budget);
  std::string head =
      "POST /api/v1/cases/import?x=1 HTTP/1.1\r\nHost: a\r\n"
      "Content-Length: 60000000\r\n\r\n";
  EXPECT_EQ(guard.Feed(head.data(), head.size()), Verdict::kTooLarge);
  EXPECT_EQ(guard.refused_limit(), 1024u);
  EXPECT_EQ(seen.method, "POST");
  EXPECT_EQ(seen.target, "/api/v1/cases/import?x=1");
  EXPECT_FALSE(seen.credentials);
  EXPECT_EQ(budget.used(), 0u);
  // Everything after a refusal is refused.
  EXPECT_EQ(guard.Feed("x", 1), Verdict::kTooLarge);
}

TEST(BodyGuard, CredentialsRaiseTheLimit) {
  Seen seen;
  auto fn = Limit(seen, 1 << 20, 1024);
  BodyBudget budget(1 << 30);
  BodyGuard guard(&fn, &budget);
  std::string req = "POST /a HTTP/1.1\r\nCookie: theme=x; " + kSession +
                    "\r\nContent-Length: 5000\r\n\r\n" + std::string(5000, 'b');
  EXPECT_EQ(guard.Feed(req.data(), req.size()), Verdict::kPass);
  EXPECT_TRUE(seen.credentials);
  EXPECT_EQ(budget.used(), 0u) << "released when the message is complete";
}

TEST(BodyGuard, MisshapenCredentialsDoNotCount) {
  EXPECT_FALSE(CookieHasSession("ipe_session=short"));
  EXPECT_FALSE(CookieHasSession("xipe_session=" + std::string(64, 'a')));
  EXPECT_TRUE(CookieHasSession(kSession));
  EXPECT_TRUE(AuthorizationHasToken("Bearer ipe_" + std::string(64, '0')));
  EXPECT_FALSE(AuthorizationHasToken("Bearer ipe_" + std::string(63, '0')));
  EXPECT_FALSE(AuthorizationHasToken("Basic abc"));
}

// A chunked body has no length up front: it is cut off as soon as it passes the limit.
TEST(BodyGuard, Issue12StopsAChunkedBodyAtTheLimit) {
  Seen seen;
  auto fn = Limit(seen, 1 << 20, 100);
  BodyBudget budget(1 << 30);
  BodyGuard guard(&fn, &budget);
  std::string head = "POST /api/v1/session HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n";
  ASSERT_EQ(guard.Feed(head.data(), head.size()), Verdict::kPass);
  std::string chunk = "40\r\n" + std::string(64, 'c') + "\r\n";
  EXPECT_EQ(guard.Feed(chunk.data(), chunk.size()), Verdict::kPass);
  EXPECT_EQ(budget.used(), 64u);
  EXPECT_EQ(guard.Feed(chunk.data(), chunk.size()), Verdict::kTooLarge);
  EXPECT_EQ(budget.used(), 0u);
}

TEST(BodyGuard, BodiesBeyondTheBudgetAreRefusedAsBusy) {
  Seen seen;
  auto fn = Limit(seen, 1 << 20, 1 << 20);
  BodyBudget budget(10000);
  budget.Take(9000);  // other connections' bodies
  BodyGuard guard(&fn, &budget);
  std::string head = "POST /a HTTP/1.1\r\nContent-Length: 2000\r\n\r\n";
  EXPECT_EQ(guard.Feed(head.data(), head.size()), Verdict::kBusy);
  EXPECT_EQ(budget.used(), 9000u);
}

TEST(BodyGuard, PipelinedRequestsAreEachJudged) {
  Seen seen;
  auto fn = Limit(seen, 1 << 20, 10);
  BodyBudget budget(1 << 30);
  BodyGuard guard(&fn, &budget);
  std::string two =
      "GET /x HTTP/1.1\r\n\r\nPOST /y HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc"
      "POST /z HTTP/1.1\r\nContent-Length: 11\r\n\r\n";
  EXPECT_EQ(guard.Feed(two.data(), two.size()), Verdict::kTooLarge);
  EXPECT_EQ(seen.calls, 3);
  EXPECT_EQ(seen.target, "/z");
}

TEST(BodyGuard, HeldChargeIsReleasedWhenTheConnectionGoes) {
  Seen seen;
  auto fn = Limit(seen, 1 << 20, 1 << 20);
  BodyBudget budget(1 << 30);
  {
    BodyGuard guard(&fn, &budget);
    std::string head = "POST /a HTTP/1.1\r\nContent-Length: 5000\r\n\r\nabc";
    EXPECT_EQ(guard.Feed(head.data(), head.size()), Verdict::kPass);
    EXPECT_EQ(budget.used(), 5000u);
  }
  EXPECT_EQ(budget.used(), 0u);
}

TEST(BodyGuard, GarbageIsLeftToTheServer) {
  Seen seen;
  auto fn = Limit(seen, 1, 1);
  BodyBudget budget(1 << 30);
  BodyGuard guard(&fn, &budget);
  std::string junk = "\x01\x02 not http\r\n\r\n";
  EXPECT_EQ(guard.Feed(junk.data(), junk.size()), Verdict::kPass);
}

}  // namespace
}  // namespace ipe::http
