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

TEST(Date, WeekdaysAndCivilFieldsBefore1970) {
  EXPECT_EQ(ParseDate("1949-10-01")->IsoWeekday(), 6);  // a Saturday
  EXPECT_EQ(ParseDate("1969-12-31")->days, -1);
  EXPECT_EQ(ParseDate("1969-12-31")->IsoWeekday(), 3);
  EXPECT_EQ(ParseDate("1800-01-01")->ToString(), "1800-01-01");
  EXPECT_EQ(ParseDate("2999-12-31")->ToString(), "2999-12-31");
  EXPECT_FALSE(ParseDate("1799-12-31").has_value());
  EXPECT_FALSE(ParseDate("3000-01-01").has_value());
  EXPECT_FALSE(ParseDate("1900-02-29").has_value());  // not a leap year
  EXPECT_TRUE(ParseDate("2000-02-29").has_value());   // a leap year
  EXPECT_EQ(ParseDate("2020-13-01").error().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(DaysBetween(*ParseDate("2020-09-30"), *ParseDate("2020-10-12")), 12);
  int y;
  unsigned m, d;
  ParseDate("1880-02-29")->ToCivil(y, m, d);
  EXPECT_EQ(y, 1880);
  EXPECT_EQ(m, 2u);
  EXPECT_EQ(d, 29u);
}

TEST(Timestamp, OffsetsOfEveryShape) {
  // The same instant written five ways.
  for (const char* s : {"2020-10-12T16:00:00Z", "2020-10-13T00:00:00+08:00", "2020-10-13T00:00",
                        "2020-10-12T11:00:00-05:00", "2020-10-12T21:30:00+05:30",
                        "2020-10-13 00:00:00", "2020-10-13"}) {
    auto t = ParseTimestamp(s);
    ASSERT_TRUE(t.has_value()) << s;
    EXPECT_EQ(t->ToString(), "2020-10-12T16:00:00Z") << s;
  }
  EXPECT_EQ(ParseTimestamp("2020-10-12T16:00:00.999999Z")->ToString(), "2020-10-12T16:00:00Z");
  EXPECT_EQ(ParseTimestamp("1969-12-31T23:59:59Z")->seconds, -1);
  EXPECT_EQ(Timestamp{-1}.ToString(), "1969-12-31T23:59:59Z");
  for (const char* bad : {"", "2020-10-12T", "2020-10-12T16", "2020-10-12T16:00:00+0800",
                          "2020-10-12T16:00:00+15:00", "2020-10-12T16:60:00Z",
                          "2020-10-12T16:00:00ZZ", "2020-10-12X16:00:00Z", "2020-02-30T00:00:00Z",
                          "2020-10-12T16:00:00 Z"}) {
    auto t = ParseTimestamp(bad);
    EXPECT_FALSE(t.has_value()) << bad;
    if (!t) {
      EXPECT_EQ(t.error().code(), StatusCode::kInvalidArgument) << bad;
    }
  }
}

TEST(LocalDate, EveryInstantOfABeijingDayMapsToIt) {
  Date d = *ParseDate("2024-12-31");
  Timestamp start = StartOfLocalDay(d);
  EXPECT_EQ(start.ToString(), "2024-12-30T16:00:00Z");
  EXPECT_EQ(LocalDate(start), d);
  EXPECT_EQ(LocalDate(start.AddSeconds(86399)), d);
  EXPECT_EQ(LocalDate(start.AddSeconds(86400)).ToString(), "2025-01-01");
  EXPECT_EQ(LocalDate(start.AddSeconds(-1)).ToString(), "2024-12-30");
  EXPECT_EQ(EndOfLocalDay(d), StartOfLocalDay(d.AddDays(1)));
  // Before the epoch too.
  EXPECT_EQ(LocalDate(*ParseTimestamp("1969-12-31T16:00:00Z")).ToString(), "1970-01-01");
  EXPECT_EQ(LocalDate(*ParseTimestamp("1969-12-31T15:59:59Z")).ToString(), "1969-12-31");
}

TEST(FakeClock, MovesOnlyWhenTold) {
  FakeClock c(Timestamp{100});
  EXPECT_EQ(c.Now().seconds, 100);
  c.Advance(60);
  EXPECT_EQ(c.Now().seconds, 160);
}

}  // namespace
}  // namespace ipe::core
