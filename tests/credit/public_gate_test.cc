// The public door (issue 15): ALTCHA challenges solved as the widget does, redeemed once for a pass
// bound to the caller's address; forged, tampered, replayed and expired solutions refused; on
// SQLite and PostgreSQL (the key and the spent challenges live in the store).
#include <gtest/gtest.h>

#include <sodium.h>

#include <nlohmann/json.hpp>

#include "app/context.h"
#include "app/crypto.h"
#include "app/public/public_gate.h"
#include "fresh_db.h"
#include "storage/db.h"
#include "storage/migrate.h"

namespace ipe::app {
namespace {

std::string Base64(const std::string& s) {
  std::string out(sodium_base64_encoded_len(s.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(s.data()),
                    s.size(), sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.size() - 1);  // the NUL
  return out;
}

// What the widget does: find the number, send the payload.
int64_t Solve(const PowChallenge& c) {
  for (int64_t n = 0; n <= c.maxnumber; ++n) {
    if (Sha256Hex(c.salt + std::to_string(n)) == c.challenge) return n;
  }
  return -1;
}

std::string Payload(const PowChallenge& c, int64_t number, const std::string& signature) {
  return Base64(nlohmann::json{{"algorithm", c.algorithm},
                               {"challenge", c.challenge},
                               {"number", number},
                               {"salt", c.salt},
                               {"signature", signature},
                               {"took", 120}}
                    .dump());
}

class PublicGateTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    std::string url = ipe::testing::FreshDatabaseUrl(GetParam(), "g");
    if (url.empty()) GTEST_SKIP() << "IPE_PG_DSN not set: PostgreSQL run skipped";
    auto db = storage::OpenDatabase(url);
    ASSERT_TRUE(db.has_value()) << db.error().ToString();
    db_ = std::move(*db);
    ASSERT_TRUE(storage::Migrate(*db_, storage::AllMigrations(), clock_.Now()).has_value());
    ctx_ = std::make_unique<Context>(*db_, clock_);
  }

  core::FakeClock clock_{*core::ParseTimestamp("2025-09-01T10:00:00+08:00")};
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<Context> ctx_;
};

TEST_P(PublicGateTest, ASolvedChallengeBuysOnePassForItsSource) {
  auto c = NewPowChallenge(*ctx_);
  ASSERT_TRUE(c.has_value()) << c.error().ToString();
  EXPECT_EQ(c->algorithm, "SHA-256");
  EXPECT_NE(c->salt.find("?expires="), std::string::npos);
  int64_t n = Solve(*c);
  ASSERT_GE(n, 0);
  auto pass = RedeemPowSolution(*ctx_, Payload(*c, n, c->signature), "203.0.113.7");
  ASSERT_TRUE(pass.has_value()) << pass.error().ToString();
  EXPECT_TRUE(CheckPublicPass(*ctx_, pass->token, "203.0.113.7").ok());
  // Not for another address, not altered, not after it expires.
  EXPECT_EQ(CheckPublicPass(*ctx_, pass->token, "198.51.100.1").code(),
            core::StatusCode::kPermissionDenied);
  std::string altered = pass->token;
  altered[0] = altered[0] == '9' ? '8' : '9';
  EXPECT_FALSE(CheckPublicPass(*ctx_, altered, "203.0.113.7").ok());
  EXPECT_FALSE(CheckPublicPass(*ctx_, "", "203.0.113.7").ok());
  // The same solution cannot be redeemed twice (one per search burst, not one for a crowd).
  auto again = RedeemPowSolution(*ctx_, Payload(*c, n, c->signature), "203.0.113.7");
  ASSERT_FALSE(again.has_value());
  EXPECT_NE(again.error().message().find("已使用"), std::string::npos);
  clock_.Advance(601);
  EXPECT_FALSE(CheckPublicPass(*ctx_, pass->token, "203.0.113.7").ok());
}

TEST_P(PublicGateTest, ForgedWrongAndExpiredSolutionsAreRefused) {
  auto c = NewPowChallenge(*ctx_);
  int64_t n = Solve(*c);
  // A wrong number, a signature of our own making, a challenge we made up.
  EXPECT_FALSE(RedeemPowSolution(*ctx_, Payload(*c, n + 1, c->signature), "a").has_value());
  EXPECT_FALSE(RedeemPowSolution(*ctx_, Payload(*c, n, std::string(64, 'a')), "a").has_value());
  PowChallenge forged = *c;
  forged.salt = "00?expires=9999999999&";
  forged.challenge = Sha256Hex(forged.salt + "1");
  EXPECT_FALSE(RedeemPowSolution(*ctx_, Payload(forged, 1, HmacSha256Hex("guess", forged.challenge)),
                                 "a")
                   .has_value());
  // Not base64, not JSON, the wrong algorithm.
  EXPECT_FALSE(RedeemPowSolution(*ctx_, "***", "a").has_value());
  EXPECT_FALSE(RedeemPowSolution(*ctx_, Base64("[1,2]"), "a").has_value());
  PowChallenge sha1 = *c;
  sha1.algorithm = "SHA-1";
  EXPECT_FALSE(RedeemPowSolution(*ctx_, Payload(sha1, n, c->signature), "a").has_value());
  // Solved, but too late: challenges live 10 minutes.
  clock_.Advance(601);
  auto late = RedeemPowSolution(*ctx_, Payload(*c, n, c->signature), "a");
  ASSERT_FALSE(late.has_value());
  EXPECT_NE(late.error().message().find("过期"), std::string::npos);
}

TEST_P(PublicGateTest, EveryServerOnTheStoreSharesTheKey) {
  // A second Context on the same store (another server process) checks the first one's pass.
  auto c = NewPowChallenge(*ctx_);
  auto pass = RedeemPowSolution(*ctx_, Payload(*c, Solve(*c), c->signature), "s");
  ASSERT_TRUE(pass.has_value());
  Context other(*db_, clock_);
  EXPECT_TRUE(CheckPublicPass(other, pass->token, "s").ok());
  auto c2 = NewPowChallenge(other);
  EXPECT_TRUE(RedeemPowSolution(*ctx_, Payload(*c2, Solve(*c2), c2->signature), "s").has_value());
}

INSTANTIATE_TEST_SUITE_P(Backends, PublicGateTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace ipe::app
