#pragma once
// Statutory clocks of the transfer workflow (Decree 310, the procuratorate rules): when a step is
// due, from the step's period in the deadline packs (rules/deadlines/) and the working-day
// calendar. Pure.
//
//   const Step* s = DefaultRuleSet().FindStep("head_decision");    // 3 日 from the report
//   auto due = DueFor(*s, *core::ParseTimestamp("2020-09-30T10:00+08:00"), core::Calendar());
//   // *due == 2020-10-03T16:00:00Z (24:00 Beijing time on 2020-10-03)

#include <optional>
#include <string>
#include <string_view>

#include "core/calendar.h"
#include "core/status.h"
#include "core/time.h"
#include "rules/pack.h"

namespace ipe::rules {

/// The instant `step` is due when its trigger happened at `trigger`:
///   hours → the trigger instant + N hours;
///   days (日) → 24:00 Beijing time of the N-th calendar day after the trigger's date (counting
///     starts on the next day); moved to the next working day's end only when the step says
///     extend_over_rest_days = yes;
///   working days (工作日) → 24:00 of the N-th working day after the trigger's date.
/// nullopt for "立即"/"及时" steps (no fixed period). FailedPrecondition when a date falls
/// outside the calendar's years.
core::Result<std::optional<core::Timestamp>> DueFor(const Step& step, core::Timestamp trigger,
                                                    const core::WorkCalendar& calendar);

/// The same by step key; NotFound for a key no pack defines.
core::Result<std::optional<core::Timestamp>> DueFor(const RuleSet& rules, std::string_view step,
                                                    core::Timestamp trigger,
                                                    const core::WorkCalendar& calendar);

/// "24小时", "3日", "5个工作日", "立即/及时".
std::string DescribePeriod(const Step& step);

}  // namespace ipe::rules
