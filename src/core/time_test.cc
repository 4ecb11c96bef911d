#include "core/time.h"

#include <gtest/gtest.h>

namespace ipe::core {
namespace {

TEST(Date, RoundTripsAndKnowsWeekdays) {
  Date d = *ParseDate("2020-10-10");
  EXPECT_EQ(d.ToString(), "2020-10-10");
  EXPECT_EQ(d.IsoWeekday(), 6);  // Saturday
  EXPECT_EQ(ParseDate("1970-01-01")->days, 0);
  EXPECT_EQ(ParseDate("2024-02-29")->AddDays(1).ToString(), "2024-03-01");
  EXPECT_EQ(ParseDate("1880-01-01")->Year(), 1880);
}

TEST(Date, RejectsImpossibleDates) {
  for (const char* bad : {"2023-02-29", "2020-13-01", "2020-00-10", "2020-1-1", "20201010",
                          "2020-10-32", "abcd-ef-gh", ""}) {
    EXPECT_FALSE(ParseDate(bad).has_value()) << bad;
  }
}

TEST(Timestamp, ParsesOffsetsAndDefaultsToBeijing) {
  EXPECT_EQ(ParseTimestamp("1970-01-01T00:00:00Z")->seconds, 0);
  EXPECT_EQ(ParseTimestamp("1970-01-01T08:00:00+08:00")->seconds, 0);
  EXPECT_EQ(ParseTimestamp("1970-01-01T08:00")->seconds, 0);  // Beijing wall clock
  EXPECT_EQ(ParseTimestamp("2020-10-10T10:00:00.123Z")->ToString(), "2020-10-10T10:00:00Z");
  EXPECT_EQ(ParseTimestamp("2020-10-10")->ToString(), "2020-10-09T16:00:00Z");
  EXPECT_FALSE(ParseTimestamp("2020-10-10T25:00:00Z").has_value());
  EXPECT_FALSE(ParseTimestamp("2020-10-10T10:00:00+8").has_value());
}

TEST(LocalDate, FollowsTheBeijingDayBoundary) {
  // 15:59:59Z is 23:59:59 in Beijing; 16:00:00Z is the next day.
  EXPECT_EQ(LocalDate(*ParseTimestamp("2020-09-30T15:59:59Z")).ToString(), "2020-09-30");
  EXPECT_EQ(LocalDate(*ParseTimestamp("2020-09-30T16:00:00Z")).ToString(), "2020-10-01");
  EXPECT_EQ(EndOfLocalDay(*ParseDate("2020-10-12")).ToString(), "2020-10-12T16:00:00Z");
}

TEST(FakeClock, MovesOnlyWhenTold) {
  FakeClock c(Timestamp{100});
  EXPECT_EQ(c.Now().seconds, 100);
  c.Advance(60);
  EXPECT_EQ(c.Now().seconds, 160);
}

}  // namespace
}  // namespace ipe::core
