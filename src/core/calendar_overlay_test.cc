// Issue 13 point 14: a year's arrangement loaded at run time over the built-in calendar.
#include "core/calendar_overlay.h"

#include <gtest/gtest.h>

namespace ipe::core {
namespace {

Date D(const char* s) { return *ParseDate(s); }

// A made-up 2027 arrangement in the built-in format (test data, not the State Council's).
constexpr const char* k2027 =
    "# covers\t2027\t2027\n"
    "2027-01-01\tholiday\t元旦\n"
    "2027-10-01\tholiday\t国庆节\n"
    "2027-10-04\tholiday\t国庆节\n"
    "2027-10-05\tholiday\t国庆节\n"
    "2027-10-06\tholiday\t国庆节\n"
    "2027-10-07\tholiday\t国庆节\n"
    "2027-10-09\tworkday\t国庆节\n";

TEST(CalendarOverlay, Issue13ParsesOneYear) {
  auto y = ParseYearArrangement(k2027);
  ASSERT_TRUE(y.has_value()) << y.error().ToString();
  EXPECT_EQ(y->year, 2027);
  EXPECT_EQ(y->entries, 7);
  // Bad files: two years, a date outside the year, a make-up workday on a weekday, no holiday.
  EXPECT_EQ(ParseYearArrangement("# covers\t2027\t2028\n2027-01-01\tholiday\t元旦\n").error().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseYearArrangement("# covers\t2027\t2027\n2028-01-03\tholiday\t元旦\n").error().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseYearArrangement("# covers\t2027\t2027\n2027-10-08\tworkday\t国庆节\n").error().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseYearArrangement("# covers\t2027\t2027\n2027-10-09\tworkday\t国庆节\n").error().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseYearArrangement("2027-01-01\tholiday\t元旦\n").error().code(),
            StatusCode::kInvalidArgument);  // no covers header
}

TEST(CalendarOverlay, Issue13LoadedYearExtendsTheCalendar) {
  EXPECT_EQ(Calendar().last_year(), 2026);
  EXPECT_EQ(Calendar().Kind(D("2027-10-04")).error().code(), StatusCode::kFailedPrecondition);
  auto cal = CalendarWithYears({*ParseYearArrangement(k2027)});
  ASSERT_TRUE(cal.has_value()) << cal.error().ToString();
  EXPECT_EQ(cal->first_year(), 2004);
  EXPECT_EQ(cal->last_year(), 2027);
  EXPECT_EQ(*cal->Kind(D("2027-10-04")), DayKind::kHoliday);
  EXPECT_EQ(*cal->Kind(D("2027-10-09")), DayKind::kMakeUpWorkday);
  EXPECT_EQ(*cal->Kind(D("2026-10-01")), DayKind::kHoliday);  // the built-in years stay
  // 5 日 from 2027-09-28 end on 10-03 (Sunday, in the holiday): extended to Friday 10-08.
  EXPECT_EQ(cal->AddCalendarDays(D("2027-09-28"), 5, true)->ToString(), "2027-10-08");
}

TEST(CalendarOverlay, Issue13ReplacesAYearAndNeverJumpsAGap) {
  auto replaced = CalendarWithYears(
      {*ParseYearArrangement("# covers\t2026\t2026\n2026-01-01\tholiday\t元旦\n")});
  ASSERT_TRUE(replaced.has_value());
  EXPECT_EQ(*replaced->Kind(D("2026-10-01")), DayKind::kWorkday);  // Thursday, no longer listed
  auto gap = CalendarWithYears(
      {*ParseYearArrangement("# covers\t2028\t2028\n2028-01-01\tholiday\t元旦\n")});
  ASSERT_TRUE(gap.has_value());
  EXPECT_EQ(gap->last_year(), 2026);  // 2027 would be guessed
  EXPECT_EQ(gap->Kind(D("2028-01-03")).error().code(), StatusCode::kFailedPrecondition);
  auto y = *ParseYearArrangement(k2027);
  EXPECT_EQ(CalendarWithYears({y, y}).error().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace ipe::core
