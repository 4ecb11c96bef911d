#include "core/calendar.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace ipe::core {
namespace {

Date D(const char* s) { return *ParseDate(s); }

// The expected values below come from the State Council notices (国务院办公厅关于 20xx 年部分节假日
// 安排的通知), written down independently of the data package.
struct HolidayWeek {
  const char* name;
  const char* first;                  // first rest day
  const char* last;                   // last rest day
  std::vector<const char*> make_up;   // weekend days worked (调休上班)
  const char* next_working;           // first working day after `last`
};

const std::vector<HolidayWeek>& Weeks() {
  static const std::vector<HolidayWeek> weeks = {
      // 春节 (2020 extended to 02-02 by the epidemic notice; the 02-01 make-up day was cancelled)
      {"spring-2020", "2020-01-24", "2020-02-02", {"2020-01-19"}, "2020-02-03"},
      {"spring-2021", "2021-02-11", "2021-02-17", {"2021-02-07", "2021-02-20"}, "2021-02-18"},
      {"spring-2022", "2022-01-31", "2022-02-06", {"2022-01-29", "2022-01-30"}, "2022-02-07"},
      {"spring-2023", "2023-01-21", "2023-01-27", {"2023-01-28", "2023-01-29"}, "2023-01-28"},
      {"spring-2024", "2024-02-10", "2024-02-17", {"2024-02-04", "2024-02-18"}, "2024-02-18"},
      {"spring-2025", "2025-01-28", "2025-02-04", {"2025-01-26", "2025-02-08"}, "2025-02-05"},
      {"spring-2026", "2026-02-15", "2026-02-23", {"2026-02-14", "2026-02-28"}, "2026-02-24"},
      // 国庆节 (2020, 2023 and 2025 together with 中秋节)
      {"national-2020", "2020-10-01", "2020-10-08", {"2020-09-27", "2020-10-10"}, "2020-10-09"},
      {"national-2021", "2021-10-01", "2021-10-07", {"2021-09-26", "2021-10-09"}, "2021-10-08"},
      {"national-2022", "2022-10-01", "2022-10-07", {"2022-10-08", "2022-10-09"}, "2022-10-08"},
      {"national-2023", "2023-09-29", "2023-10-06", {"2023-10-07", "2023-10-08"}, "2023-10-07"},
      {"national-2024", "2024-10-01", "2024-10-07", {"2024-09-29", "2024-10-12"}, "2024-10-08"},
      {"national-2025", "2025-10-01", "2025-10-08", {"2025-09-28", "2025-10-11"}, "2025-10-09"},
      {"national-2026", "2026-10-01", "2026-10-07", {"2026-09-20", "2026-10-10"}, "2026-10-08"},
  };
  return weeks;
}

TEST(WorkCalendar, TheIssueExample) {
  // 10-01…10-08 off, 10-09 (Fri) 1st, 10-10 (make-up Saturday) 2nd, 10-12 (Mon) 3rd.
  EXPECT_EQ(Calendar().AddWorkingDays(D("2020-09-30"), 3)->ToString(), "2020-10-12");
}

TEST(WorkCalendar, EverySpringFestivalAndNationalDay2020To2026) {
  const WorkCalendar& c = Calendar();
  for (const HolidayWeek& w : Weeks()) {
    SCOPED_TRACE(w.name);
    for (Date d = D(w.first); d <= D(w.last); d = d.AddDays(1)) {
      EXPECT_FALSE(*c.IsWorkingDay(d)) << d.ToString();
      EXPECT_FALSE(c.HolidayName(d).empty()) << d.ToString();
    }
    for (const char* m : w.make_up) {
      EXPECT_TRUE(*c.IsWorkingDay(D(m))) << m;
      EXPECT_EQ(*c.Kind(D(m)), DayKind::kMakeUpWorkday) << m;
      EXPECT_GE(D(m).IsoWeekday(), 6) << m;
    }
    EXPECT_EQ(c.AddWorkingDays(D(w.first).AddDays(-1), 1)->ToString(), w.next_working);
    EXPECT_EQ(c.AddWorkingDays(D(w.last), 1)->ToString(), w.next_working);
    // A calendar-day period ending inside the week moves to its first working day.
    EXPECT_EQ(c.AddCalendarDays(D(w.first).AddDays(-1), 1, true)->ToString(), w.next_working);
  }
}

TEST(WorkCalendar, DistinguishesStatutoryDaysFromMovedRestDays) {
  const WorkCalendar& c = Calendar();
  EXPECT_EQ(*c.Kind(D("2020-10-01")), DayKind::kHoliday);
  EXPECT_EQ(*c.Kind(D("2020-10-07")), DayKind::kRestDay);  // a Wednesday moved into the week
  EXPECT_EQ(*c.Kind(D("2020-10-10")), DayKind::kMakeUpWorkday);
  EXPECT_EQ(*c.Kind(D("2020-10-11")), DayKind::kWeekend);
  EXPECT_EQ(*c.Kind(D("2020-10-13")), DayKind::kWorkday);
  EXPECT_EQ(c.HolidayName(D("2020-10-13")), "");
  EXPECT_EQ(c.HolidayName(D("2026-02-17")), "春节");
}

TEST(WorkCalendar, YearBoundaries) {
  const WorkCalendar& c = Calendar();
  // 元旦 2021: Fri 01-01 … Sun 01-03.
  EXPECT_EQ(c.AddWorkingDays(D("2020-12-31"), 1)->ToString(), "2021-01-04");
  // 元旦 2022: Sat 01-01 … Mon 01-03.
  EXPECT_EQ(c.AddWorkingDays(D("2021-12-31"), 1)->ToString(), "2022-01-04");
  // 元旦 2023: Sat 12-31 … Mon 01-02.
  EXPECT_EQ(c.AddWorkingDays(D("2022-12-30"), 1)->ToString(), "2023-01-03");
  // 元旦 2024: Sat 12-30 … Mon 01-01.
  EXPECT_EQ(c.AddWorkingDays(D("2023-12-29"), 1)->ToString(), "2024-01-02");
  // 元旦 2025: Wed 01-01 only.
  EXPECT_EQ(c.AddWorkingDays(D("2024-12-31"), 1)->ToString(), "2025-01-02");
  // 元旦 2026: Thu 01-01 … Sat 01-03, Sunday 01-04 worked.
  EXPECT_EQ(c.AddWorkingDays(D("2025-12-31"), 1)->ToString(), "2026-01-04");
  EXPECT_EQ(c.AddWorkingDays(D("2025-12-31"), 2)->ToString(), "2026-01-05");
}

TEST(WorkCalendar, CountsFromTheDayAfterWhateverTheStartIs) {
  const WorkCalendar& c = Calendar();
  EXPECT_EQ(c.AddWorkingDays(D("2020-10-03"), 1)->ToString(), "2020-10-09");  // start on a holiday
  EXPECT_EQ(c.AddWorkingDays(D("2024-11-16"), 1)->ToString(), "2024-11-18");  // Saturday
  EXPECT_EQ(c.AddWorkingDays(D("2024-11-18"), 5)->ToString(), "2024-11-25");  // one plain week
  EXPECT_EQ(c.AddWorkingDays(D("2024-11-18"), 0)->ToString(), "2024-11-18");
  EXPECT_EQ(c.AddWorkingDays(D("2024-11-18"), -1).error().code(), StatusCode::kInvalidArgument);
}

TEST(WorkCalendar, CalendarDaysAndTheRestDayExtension) {
  const WorkCalendar& c = Calendar();
  EXPECT_EQ(c.AddCalendarDays(D("2020-09-30"), 3)->ToString(), "2020-10-03");
  EXPECT_EQ(c.AddCalendarDays(D("2020-09-30"), 3, true)->ToString(), "2020-10-09");
  EXPECT_EQ(c.AddCalendarDays(D("2020-09-21"), 3, true)->ToString(), "2020-09-24");
  // A plain weekend also extends; a make-up Saturday does not.
  EXPECT_EQ(c.AddCalendarDays(D("2024-11-11"), 5, true)->ToString(), "2024-11-18");
  EXPECT_EQ(c.AddCalendarDays(D("2020-10-05"), 5, true)->ToString(), "2020-10-10");
  EXPECT_EQ(c.AddCalendarDays(D("2024-02-28"), 1)->ToString(), "2024-02-29");
  EXPECT_EQ(c.AddCalendarDays(D("2024-11-11"), -1).error().code(), StatusCode::kInvalidArgument);
  // Without the extension the calendar's years do not matter.
  EXPECT_EQ(c.AddCalendarDays(D("2030-01-01"), 10)->ToString(), "2030-01-11");
}

TEST(WorkCalendar, DueInEachUnit) {
  const WorkCalendar& c = Calendar();
  Timestamp t = *ParseTimestamp("2020-09-30T10:00:00+08:00");
  EXPECT_EQ(c.Due(t, 24, PeriodUnit::kHours)->ToString(), "2020-10-01T02:00:00Z");
  EXPECT_EQ(AddHours(t, 24), *c.Due(t, 24, PeriodUnit::kHours));
  // End of the due day, Beijing time: 2020-10-03 24:00 +08:00.
  EXPECT_EQ(c.Due(t, 3, PeriodUnit::kCalendarDays)->ToString(), "2020-10-03T16:00:00Z");
  EXPECT_EQ(c.Due(t, 3, PeriodUnit::kCalendarDays, true)->ToString(), "2020-10-09T16:00:00Z");
  EXPECT_EQ(c.Due(t, 3, PeriodUnit::kWorkingDays)->ToString(), "2020-10-12T16:00:00Z");
  // 23:30 Beijing on 09-30 is 15:30Z: still 09-30 locally.
  Timestamp late = *ParseTimestamp("2020-09-30T15:30:00Z");
  EXPECT_EQ(c.Due(late, 3, PeriodUnit::kWorkingDays)->ToString(), "2020-10-12T16:00:00Z");
  // 00:30 Beijing on 10-01 is 16:30Z on 09-30: counting starts the day after 10-01.
  Timestamp after_midnight = *ParseTimestamp("2020-09-30T16:30:00Z");
  EXPECT_EQ(c.Due(after_midnight, 1, PeriodUnit::kCalendarDays)->ToString(),
            "2020-10-02T16:00:00Z");
  EXPECT_EQ(c.Due(t, -1, PeriodUnit::kHours).error().code(), StatusCode::kInvalidArgument);
}

TEST(WorkCalendar, MonthsEndOnTheCorrespondingDayOrTheMonthsLast) {
  // 民法典 第二百零二条: the corresponding day of the final month; none → that month's last day.
  EXPECT_EQ(AddCalendarMonths(D("2021-09-01"), 3).ToString(), "2021-12-01");
  EXPECT_EQ(AddCalendarMonths(D("2021-08-31"), 6).ToString(), "2022-02-28");
  EXPECT_EQ(AddCalendarMonths(D("2023-08-31"), 6).ToString(), "2024-02-29");
  EXPECT_EQ(AddCalendarMonths(D("2021-11-30"), 2).ToString(), "2022-01-30");
  EXPECT_EQ(AddCalendarMonths(D("2024-02-29"), 12).ToString(), "2025-02-28");
  EXPECT_EQ(AddCalendarMonths(D("2024-02-29"), 48).ToString(), "2028-02-29");
  EXPECT_EQ(AddCalendarMonths(D("2024-05-15"), 0).ToString(), "2024-05-15");

  const WorkCalendar& c = Calendar();
  Timestamp t = *ParseTimestamp("2021-09-01T10:00:00+08:00");
  EXPECT_EQ(c.Due(t, 3, PeriodUnit::kMonths)->ToString(), "2021-12-01T16:00:00Z");
  EXPECT_EQ(c.Due(t, 3, PeriodUnit::kYears)->ToString(), "2024-09-01T16:00:00Z");
  // Extended like calendar days: 2021-10-01 + 12 months is the National Day holiday of 2022,
  // which ends on 10-07; the period then ends on 10-08 (a make-up Saturday, worked).
  Timestamp national_day = *ParseTimestamp("2021-10-01T10:00:00+08:00");
  EXPECT_EQ(c.Due(national_day, 1, PeriodUnit::kYears, true)->ToString(), "2022-10-08T16:00:00Z");
  EXPECT_EQ(*ParsePeriodUnit("months"), PeriodUnit::kMonths);
  EXPECT_EQ(*ParsePeriodUnit("years"), PeriodUnit::kYears);
}

TEST(WorkCalendar, RefusesToGuessOutsideItsYears) {
  const WorkCalendar& c = Calendar();
  EXPECT_LE(c.first_year(), 2020);
  EXPECT_GE(c.last_year(), 2026);
  Date after = Date::FromCivil(c.last_year() + 1, 5, 6);
  EXPECT_EQ(c.IsWorkingDay(after).error().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(c.Kind(Date::FromCivil(c.first_year() - 1, 5, 6)).error().code(),
            StatusCode::kFailedPrecondition);
  Date last_day = Date::FromCivil(c.last_year(), 12, 31);
  EXPECT_EQ(c.AddWorkingDays(last_day.AddDays(-40), 60).error().code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(c.AddCalendarDays(last_day, 1, true).error().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(c.Due(StartOfLocalDay(last_day), 5, PeriodUnit::kWorkingDays).error().code(),
            StatusCode::kFailedPrecondition);
}

TEST(WorkCalendar, ParseRejectsBadData) {
  const std::string covers = "# covers\t2020\t2020\n";
  EXPECT_FALSE(WorkCalendar::Parse("2020-10-01\tholiday\tx\n").has_value());  // no covers line
  EXPECT_FALSE(WorkCalendar::Parse("# covers\t2020\n").has_value());
  EXPECT_FALSE(WorkCalendar::Parse(covers + "2020-13-01\tholiday\tx\n").has_value());
  EXPECT_FALSE(WorkCalendar::Parse(covers + "2020-10-01\tparty\tx\n").has_value());
  EXPECT_FALSE(WorkCalendar::Parse(covers + "2020-10-01\tholiday\n").has_value());
  // A make-up workday must be a weekend day; a moved rest day must be a weekday.
  EXPECT_FALSE(WorkCalendar::Parse(covers + "2020-10-09\tworkday\tx\n").has_value());
  EXPECT_FALSE(WorkCalendar::Parse(covers + "2020-10-10\trestday\tx\n").has_value());
  EXPECT_FALSE(
      WorkCalendar::Parse(covers + "2020-10-01\tholiday\tx\n2020-10-01\tholiday\tx\n").has_value());
  auto ok = WorkCalendar::Parse(covers + "2020-10-01\tholiday\t国庆节\n2020-10-10\tworkday\t国庆节\n");
  ASSERT_TRUE(ok.has_value()) << ok.error().message();
  EXPECT_FALSE(*ok->IsWorkingDay(D("2020-10-01")));
  EXPECT_TRUE(*ok->IsWorkingDay(D("2020-10-10")));
}

TEST(ParsePeriodUnit, KnowsTheThreeClocks) {
  EXPECT_EQ(*ParsePeriodUnit("hours"), PeriodUnit::kHours);
  EXPECT_EQ(*ParsePeriodUnit("days"), PeriodUnit::kCalendarDays);
  EXPECT_EQ(*ParsePeriodUnit("working-days"), PeriodUnit::kWorkingDays);
  EXPECT_EQ(ParsePeriodUnit("weeks").error().code(), StatusCode::kInvalidArgument);
  EXPECT_STREQ(PeriodUnitName(PeriodUnit::kWorkingDays), "working-days");
}

}  // namespace
}  // namespace ipe::core
