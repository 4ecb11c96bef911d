#include "core/calendar.h"

#include <gtest/gtest.h>

namespace ipe::core {
namespace {

Date D(const char* s) { return *ParseDate(s); }

TEST(WorkCalendar, NationalDay2020WithMakeUpSaturday) {
  const WorkCalendar& c = Calendar();
  EXPECT_EQ(c.AddWorkingDays(D("2020-09-30"), 3)->ToString(), "2020-10-12");
  EXPECT_TRUE(*c.IsWorkingDay(D("2020-09-27")));   // make-up Sunday
  EXPECT_TRUE(*c.IsWorkingDay(D("2020-10-10")));   // make-up Saturday
  EXPECT_FALSE(*c.IsWorkingDay(D("2020-10-08")));  // holiday Thursday
  EXPECT_FALSE(*c.IsWorkingDay(D("2020-10-11")));  // ordinary Sunday
  EXPECT_FALSE(c.HolidayName(D("2020-10-01")).empty());
}

TEST(WorkCalendar, SpringFestivalsAcrossTheYears) {
  const WorkCalendar& c = Calendar();
  // 2021: holiday 02-11..02-17, make-up days 02-07 (Sun) and 02-20 (Sat).
  EXPECT_EQ(c.AddWorkingDays(D("2021-02-10"), 1)->ToString(), "2021-02-18");
  EXPECT_TRUE(*c.IsWorkingDay(D("2021-02-20")));
  // 2024: holiday 02-10..02-17, make-up 02-04 (Sun) and 02-18 (Sun).
  EXPECT_EQ(c.AddWorkingDays(D("2024-02-09"), 1)->ToString(), "2024-02-18");
  // 2026: holiday 02-15..02-23.
  EXPECT_EQ(c.AddWorkingDays(D("2026-02-13"), 1)->ToString(), "2026-02-14");  // make-up Saturday
  EXPECT_FALSE(*c.IsWorkingDay(D("2026-02-23")));
}

TEST(WorkCalendar, NewYearBoundary) {
  const WorkCalendar& c = Calendar();
  // 2026: 01-01..01-03 off, Sunday 01-04 worked (调休).
  EXPECT_EQ(c.AddWorkingDays(D("2025-12-31"), 1)->ToString(), "2026-01-04");
  EXPECT_EQ(c.AddWorkingDays(D("2022-12-30"), 1)->ToString(), "2023-01-03");
}

TEST(WorkCalendar, CalendarDaysAndTheRestDayExtension) {
  const WorkCalendar& c = Calendar();
  EXPECT_EQ(c.AddCalendarDays(D("2020-09-30"), 3)->ToString(), "2020-10-03");
  EXPECT_EQ(c.AddCalendarDays(D("2020-09-30"), 3, true)->ToString(), "2020-10-09");
  EXPECT_EQ(c.AddCalendarDays(D("2020-09-21"), 3, true)->ToString(), "2020-09-24");
}

TEST(WorkCalendar, DueInEachUnit) {
  const WorkCalendar& c = Calendar();
  Timestamp t = *ParseTimestamp("2020-09-30T10:00:00+08:00");
  EXPECT_EQ(c.Due(t, 24, PeriodUnit::kHours)->ToString(), "2020-10-01T02:00:00Z");
  EXPECT_EQ(c.Due(t, 3, PeriodUnit::kCalendarDays)->ToString(), "2020-10-03T16:00:00Z");
  EXPECT_EQ(c.Due(t, 3, PeriodUnit::kWorkingDays)->ToString(), "2020-10-12T16:00:00Z");
}

TEST(WorkCalendar, RefusesToGuessOutsideItsYears) {
  const WorkCalendar& c = Calendar();
  EXPECT_EQ(c.IsWorkingDay(D("2031-05-06")).error().code(), StatusCode::kFailedPrecondition);
  EXPECT_FALSE(c.AddWorkingDays(D("2026-12-30"), 30).has_value());
  EXPECT_LE(c.first_year(), 2020);
  EXPECT_GE(c.last_year(), 2026);
}

TEST(WorkCalendar, ParseRejectsBadData) {
  EXPECT_FALSE(WorkCalendar::Parse("2020-10-01\tholiday\tx\n").has_value());  // no covers line
  EXPECT_FALSE(WorkCalendar::Parse("# covers\t2020\t2020\n2020-13-01\tholiday\tx\n").has_value());
  EXPECT_FALSE(WorkCalendar::Parse("# covers\t2020\t2020\n2020-10-01\tparty\tx\n").has_value());
}

}  // namespace
}  // namespace ipe::core
