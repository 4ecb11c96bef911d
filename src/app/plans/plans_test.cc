// Period strings of the plans API (the rest of plans.h is tested end to end in tests/plans/).
#include <gtest/gtest.h>

#include "app/plans/plans.h"

namespace ipe::app {
namespace {

TEST(ParsePlanPeriod, YearHalfQuarterMonth) {
  auto d = [](int y, unsigned m, unsigned day) { return core::Date::FromCivil(y, m, day); };
  using P = std::pair<core::Date, core::Date>;
  EXPECT_EQ(*ParsePlanPeriod("2020"), (P{d(2020, 1, 1), d(2020, 12, 31)}));
  EXPECT_EQ(*ParsePlanPeriod("2020-H2"), (P{d(2020, 7, 1), d(2020, 12, 31)}));
  EXPECT_EQ(*ParsePlanPeriod("2020-Q1"), (P{d(2020, 1, 1), d(2020, 3, 31)}));
  EXPECT_EQ(*ParsePlanPeriod("2020-M02"), (P{d(2020, 2, 1), d(2020, 2, 29)}));
  for (const char* bad : {"", "20", "2020-", "2020-Q0", "2020-Q5", "2020-H3", "2020-M13", "2020-M4",
                          "2020-M004", "2020-W1", "2020Q1", "２０２０", "0000", "2020-Q1 "}) {
    auto r = ParsePlanPeriod(bad);
    ASSERT_FALSE(r.has_value()) << bad;
    EXPECT_EQ(r.error().code(), core::StatusCode::kInvalidArgument) << bad;
  }
}

}  // namespace
}  // namespace ipe::app
