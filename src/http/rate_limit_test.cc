#include "http/rate_limit.h"

#include <gtest/gtest.h>

namespace ipe::http {
namespace {

TEST(RateLimiter, CountsPerSourceAndMinute) {
  RateLimiter limiter(3, 100);
  int64_t retry = 0;
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.Allow("10.0.0.1", 6000, retry));
  EXPECT_FALSE(limiter.Allow("10.0.0.1", 6010, retry));
  EXPECT_EQ(retry, 50);
  EXPECT_TRUE(limiter.Allow("10.0.0.2", 6010, retry));  // another source has its own budget
  EXPECT_TRUE(limiter.Allow("10.0.0.1", 6060, retry));  // the next minute starts afresh
}

TEST(RateLimiter, NewSourcesPastTheCapShareOneBudget) {
  RateLimiter limiter(2, 2);
  int64_t retry = 0;
  EXPECT_TRUE(limiter.Allow("a", 0, retry));
  EXPECT_TRUE(limiter.Allow("b", 0, retry));
  EXPECT_TRUE(limiter.Allow("c", 0, retry));
  EXPECT_TRUE(limiter.Allow("d", 0, retry));
  EXPECT_FALSE(limiter.Allow("e", 0, retry));  // c, d and e share the overflow budget of 2
  EXPECT_TRUE(limiter.Allow("a", 0, retry));
}

}  // namespace
}  // namespace ipe::http
