#pragma once
// The statutory clocks of complaint and report handling, from the periods of
// rules/complaints/complaints.rules, on the mainland working-day calendar. Pure.
//
// Testing and appraisal time (检定、检验、检测、鉴定) is not counted in the mediation period (Order 20
// 第二十条第三款) nor in the report verification period (程序规定 第十八条): the clock is paused on
// the day testing is commissioned and resumed on the day its result arrives. The working days
// after the trigger up to the pause day count; those after the pause day up to the resume day do
// not; counting goes on from the day after the resume day.
//
//   // accepted 2020-09-21, 45 working days, paused 09-25 (4 used), resumed 10-16:
//   auto c = PausedDue(core::Calendar(), *core::ParseDate("2020-09-21"), 45,
//                      {{*core::ParseDate("2020-09-25"), *core::ParseDate("2020-10-16")}});
//   // c->due == end of the 41st working day after 2020-10-16

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/calendar.h"
#include "core/status.h"
#include "core/time.h"
#include "rules/pack.h"

namespace ipe::complaints {

/// A pause of a clock: from the day testing was commissioned to the day its result came
/// (nullopt: still running — the clock stands still).
struct Pause {
  core::Date from;
  std::optional<core::Date> to;
};

struct ClockState {
  /// 24:00 Beijing time of the last working day; nullopt while paused.
  std::optional<core::Timestamp> due;
  bool paused = false;
  /// Working days counted up to the last pause day (or, when not paused, those the period has).
  int used_working_days = 0;
};

/// The number of working days d with `after` < d ≤ `upto` (0 when upto ≤ after).
/// FailedPrecondition outside the calendar's years.
core::Result<int> WorkingDaysBetween(const core::WorkCalendar& calendar, core::Date after,
                                     core::Date upto);

/// A clock of `working_days` working days started on `start` (counting from the next day) with
/// `pauses` (in order, not overlapping, each starting on or after `start`). InvalidArgument for
/// pauses out of order; FailedPrecondition outside the calendar's years.
core::Result<ClockState> PausedDue(const core::WorkCalendar& calendar, core::Date start,
                                   int working_days, const std::vector<Pause>& pauses);

/// The clock of step `step` (a working-day step of the complaints pack) triggered at `trigger`,
/// with `pauses` and `extra_working_days` added (an approved extension). NotFound for an unknown
/// step; InvalidArgument for a step that is not counted in working days.
core::Result<ClockState> StepClock(const rules::RuleSet& rules, const core::WorkCalendar& calendar,
                                   std::string_view step, core::Timestamp trigger,
                                   const std::vector<Pause>& pauses = {},
                                   int extra_working_days = 0);

/// How close a running clock is to its end.
enum class Urgency { kOnTime, kDueSoon, kOverdue };
const char* UrgencyName(Urgency u);  // "on_time", "due_soon", "overdue"
/// Overdue after `due`; due soon when `due` falls within the next `soon_working_days` working
/// days of `now`'s date (today included). FailedPrecondition outside the calendar's years.
core::Result<Urgency> UrgencyOf(const core::WorkCalendar& calendar, core::Timestamp due,
                                core::Timestamp now, int soon_working_days = 2);

/// 第十五条第（四）项: a complaint made more than three years after the complainant knew (or should
/// have known) of the harm is not accepted, unless a law says otherwise.
struct LimitationCheck {
  core::Date last_day;  // the last day a complaint was in time
  bool expired = false; // received after last_day
  std::string basis;    // zh-CN, with the article
};
core::Result<LimitationCheck> CheckLimitation(const rules::RuleSet& rules,
                                              const core::WorkCalendar& calendar,
                                              core::Date harm_known_on, core::Date received_on);

}  // namespace ipe::complaints
