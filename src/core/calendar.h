#pragma once
// The mainland working-day calendar and the three clocks statutory periods use: hours (小时),
// calendar days (日) and working days (工作日).
//
// Holidays and make-up working weekends (调休) come from the npm package chinese-days, generated at
// build time (scripts/gen-calendar.mjs) and compiled in. Outside the covered years the calendar
// refuses to guess (FailedPrecondition), because a wrong working-day count is a wrong deadline.
//
// Counting follows the procedural rule that a period starts on the day after the triggering event
// (民法典 第二百零一条; 刑事诉讼法 第一百零五条): AddWorkingDays(2020-09-30, 3) == 2020-10-12 —
// 10-01…10-08 are the National Day holiday, 10-09 (Fri) is the 1st working day, 10-10 (a
// make-up Saturday) the 2nd, 10-12 (Mon) the 3rd.

#include <set>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/status.h"
#include "core/time.h"

namespace ipe::core {

enum class PeriodUnit { kHours, kCalendarDays, kWorkingDays };

/// "hours", "days", "working-days" (also "calendar-days", "working_days").
Result<PeriodUnit> ParsePeriodUnit(std::string_view text);
const char* PeriodUnitName(PeriodUnit unit);

class WorkCalendar {
 public:
  /// Parses "date<TAB>holiday|workday<TAB>name" lines and a "# covers<TAB>FIRST<TAB>LAST" header.
  static Result<WorkCalendar> Parse(std::string_view tsv);

  int first_year() const { return first_year_; }
  int last_year() const { return last_year_; }

  /// Whether `d` is a working day: Monday–Friday unless a statutory holiday, or a make-up
  /// working weekend day. FailedPrecondition outside the covered years.
  Result<bool> IsWorkingDay(Date d) const;
  /// The holiday's name ("国庆节") when `d` is a statutory rest day, else "".
  std::string HolidayName(Date d) const;

  /// The n-th working day after `start` (n ≥ 0; 0 gives `start`).
  Result<Date> AddWorkingDays(Date start, int n) const;
  /// `start` + n calendar days; with `extend_over_rest_days`, a period whose last day is a
  /// holiday or weekend ends on the next working day.
  Result<Date> AddCalendarDays(Date start, int n, bool extend_over_rest_days = false) const;
  /// The first working day on or after `d`.
  Result<Date> NextWorkingDayFrom(Date d) const;

  /// The deadline instant of a period of `amount` units triggered at `trigger`:
  ///   hours → trigger + amount hours;
  ///   calendar days → end (24:00 Beijing time) of LocalDate(trigger) + amount, extended as above;
  ///   working days → end of the amount-th working day after LocalDate(trigger).
  Result<Timestamp> Due(Timestamp trigger, int amount, PeriodUnit unit,
                        bool extend_over_rest_days = false) const;

 private:
  Status CheckCovered(Date d) const;

  int first_year_ = 0;
  int last_year_ = -1;
  std::unordered_map<int32_t, std::string> holidays_;  // day number -> name
  std::set<int32_t> workdays_;                         // make-up working weekend days
};

/// The embedded calendar, parsed once (thread-safe).
const WorkCalendar& Calendar();

/// AddHours for symmetry with the other clocks.
inline Timestamp AddHours(Timestamp t, int hours) { return t.AddSeconds(int64_t{hours} * 3600); }

}  // namespace ipe::core
