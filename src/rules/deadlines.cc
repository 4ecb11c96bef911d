#include "rules/deadlines.h"

namespace ipe::rules {

core::Result<std::optional<core::Timestamp>> DueFor(const Step& step, core::Timestamp trigger,
                                                    const core::WorkCalendar& calendar) {
  core::PeriodUnit unit = core::PeriodUnit::kHours;
  switch (step.unit) {
    case StepUnit::kImmediate: return std::optional<core::Timestamp>();
    case StepUnit::kHours: unit = core::PeriodUnit::kHours; break;
    case StepUnit::kCalendarDays: unit = core::PeriodUnit::kCalendarDays; break;
    case StepUnit::kWorkingDays: unit = core::PeriodUnit::kWorkingDays; break;
    case StepUnit::kMonths: unit = core::PeriodUnit::kMonths; break;
    case StepUnit::kYears: unit = core::PeriodUnit::kYears; break;
  }
  IPE_ASSIGN_OR_RETURN(core::Timestamp due,
                       calendar.Due(trigger, step.amount, unit, step.extend_over_rest_days));
  return std::optional<core::Timestamp>(due);
}

core::Result<std::optional<core::Timestamp>> DueFor(const RuleSet& rules, std::string_view step,
                                                    core::Timestamp trigger,
                                                    const core::WorkCalendar& calendar) {
  const Step* s = rules.FindStep(step);
  if (!s) return core::NotFound("未知的流程环节 (unknown step): " + std::string(step));
  return DueFor(*s, trigger, calendar);
}

std::string DescribePeriod(const Step& step) {
  switch (step.unit) {
    case StepUnit::kHours: return std::to_string(step.amount) + "小时";
    case StepUnit::kCalendarDays: return std::to_string(step.amount) + "日";
    case StepUnit::kWorkingDays: return std::to_string(step.amount) + "个工作日";
    case StepUnit::kMonths: return std::to_string(step.amount) + "个月";
    case StepUnit::kYears: return std::to_string(step.amount) + "年";
    case StepUnit::kImmediate: return "立即/及时";
  }
  return "?";
}

}  // namespace ipe::rules
