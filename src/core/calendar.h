#pragma once
// The mainland working-day calendar and the clocks statutory periods use: hours (小时), calendar
// days (日), working days (工作日), and months (个月) and years (年) for display and listing periods.
//
// Holidays and make-up working weekends (调休) come from the npm package chinese-days, generated at
// build time (scripts/gen-calendar.mjs) and compiled in. Outside the covered years the calendar
// refuses to guess (FailedPrecondition), because a wrong working-day count is a wrong deadline.
//
// Counting follows the procedural rule that a period starts on the day after the triggering event
// (民法典 第二百零一条; 刑事诉讼法 第一百零五条): AddWorkingDays(2020-09-30, 3) == 2020-10-12 —
// 10-01…10-08 are the National Day holiday, 10-09 (Fri) is the 1st working day, 10-10 (a
// make-up Saturday) the 2nd, 10-12 (Mon) the 3rd.

#include <string>
#include <string_view>
#include <unordered_map>

#include "core/status.h"
#include "core/time.h"

namespace ipe::core {

enum class PeriodUnit { kHours, kCalendarDays, kWorkingDays, kMonths, kYears };

/// What kind of day a date is on the mainland calendar.
enum class DayKind {
  kWorkday,          // Monday–Friday, no holiday
  kWeekend,          // Saturday or Sunday, not worked
  kHoliday,          // 法定节假日: a statutory public-holiday day
  kRestDay,          // 调休休息日: a weekday moved into a holiday week
  kMakeUpWorkday,    // 调休上班日: a Saturday or Sunday that is worked
};
/// "workday", "weekend", "holiday", "restday", "makeup_workday".
const char* DayKindName(DayKind kind);

/// "hours", "days", "working-days", "months", "years" (also "calendar-days", "working_days").
Result<PeriodUnit> ParsePeriodUnit(std::string_view text);
const char* PeriodUnitName(PeriodUnit unit);

/// Immutable after Parse(): const methods are safe to call from any number of threads.
class WorkCalendar {
 public:
  /// Parses "date<TAB>holiday|restday|workday<TAB>name" lines and the required
  /// "# covers<TAB>FIRST<TAB>LAST" header (scripts/gen-calendar.mjs). InvalidArgument names the
  /// first bad line; a workday listed on a weekday or a date listed twice is an error.
  static Result<WorkCalendar> Parse(std::string_view tsv);

  /// The covered years, inclusive. Every function below answers FailedPrecondition for a date
  /// it would have to look at outside them.
  int first_year() const { return first_year_; }
  int last_year() const { return last_year_; }

  /// The kind of day `d` is. FailedPrecondition outside the covered years.
  Result<DayKind> Kind(Date d) const;

  /// Whether `d` is a working day: Monday–Friday unless a statutory holiday, or a make-up
  /// working weekend day. FailedPrecondition outside the covered years.
  Result<bool> IsWorkingDay(Date d) const;
  /// The festival's name ("国庆节") when `d` is a holiday, a moved rest day or a make-up
  /// workday of that festival, else "".
  std::string HolidayName(Date d) const;

  /// The n-th working day after `start` (n ≥ 0; 0 gives `start`). Counting starts the day after
  /// `start`, whatever kind of day `start` is. InvalidArgument for n < 0.
  Result<Date> AddWorkingDays(Date start, int n) const;
  /// `start` + n calendar days (n ≥ 0). With `extend_over_rest_days`, a period whose last day
  /// is a rest day (weekend, holiday, moved rest day) ends on the next working day:
  /// 期间的最后一日是法定休假日的，以法定休假日结束的次日为期间的最后一日 (民法典 第二百零三条;
  /// 民事诉讼法 第八十五条 and 刑事诉讼法 第一百零五条 say the same for procedural periods — the
  /// latter not for custody periods, which never extend). docs/calendar.md lists which periods
  /// use it. Without the flag the covered range is not consulted.
  Result<Date> AddCalendarDays(Date start, int n, bool extend_over_rest_days = false) const;
  /// The first working day on or after `d`.
  Result<Date> NextWorkingDayFrom(Date d) const;

  /// The deadline instant of a period of `amount` units triggered at `trigger`:
  ///   hours → trigger + amount hours;
  ///   calendar days → end (24:00 Beijing time) of LocalDate(trigger) + amount, extended as above;
  ///   working days → end of the amount-th working day after LocalDate(trigger);
  ///   months / years → end of AddCalendarMonths(LocalDate(trigger), amount (× 12)), extended as
  ///     calendar days are.
  Result<Timestamp> Due(Timestamp trigger, int amount, PeriodUnit unit,
                        bool extend_over_rest_days = false) const;

 private:
  Status CheckCovered(Date d) const;

  int first_year_ = 0;
  int last_year_ = -1;
  struct Special {
    DayKind kind;
    std::string name;
  };
  std::unordered_map<int32_t, Special> special_;  // day number -> holiday / restday / make-up day
};

/// `start` + n calendar months (n ≥ 0): the day of the final month that corresponds to `start`'s
/// day, or the last day of that month when it has none (按照年、月计算期间的，到期月的对应日为期间的
/// 最后一日；没有对应日的，月末日为期间的最后一日 — 民法典 第二百零二条). 2021-08-31 + 6 → 2022-02-28.
Date AddCalendarMonths(Date start, int n);

/// The embedded calendar, parsed once (thread-safe).
const WorkCalendar& Calendar();

/// AddHours for symmetry with the other clocks.
inline Timestamp AddHours(Timestamp t, int hours) { return t.AddSeconds(int64_t{hours} * 3600); }

}  // namespace ipe::core
