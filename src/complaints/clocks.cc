#include "complaints/clocks.h"

#include "rules/deadlines.h"

namespace ipe::complaints {

core::Result<int> WorkingDaysBetween(const core::WorkCalendar& calendar, core::Date after,
                                     core::Date upto) {
  int n = 0;
  for (core::Date d = after.AddDays(1); d <= upto; d = d.AddDays(1)) {
    IPE_ASSIGN_OR_RETURN(bool working, calendar.IsWorkingDay(d));
    if (working) ++n;
  }
  return n;
}

core::Result<ClockState> PausedDue(const core::WorkCalendar& calendar, core::Date start,
                                   int working_days, const std::vector<Pause>& pauses) {
  if (working_days < 0) return core::InvalidArgument("期限不能为负数");
  ClockState out;
  core::Date cursor = start;  // counting resumes the day after this
  int used = 0;
  for (size_t i = 0; i < pauses.size(); ++i) {
    const Pause& p = pauses[i];
    if (p.from < cursor || (p.to && *p.to < p.from) || (!p.to && i + 1 != pauses.size())) {
      return core::InvalidArgument("暂停计时的日期有误 (pauses out of order)");
    }
    IPE_ASSIGN_OR_RETURN(int before, WorkingDaysBetween(calendar, cursor, p.from));
    if (used + before >= working_days) break;  // the period ran out before this pause
    used += before;
    if (!p.to) {
      out.paused = true;
      out.used_working_days = used;
      return out;
    }
    cursor = *p.to;
  }
  IPE_ASSIGN_OR_RETURN(core::Date last, calendar.AddWorkingDays(cursor, working_days - used));
  out.due = core::EndOfLocalDay(last);
  out.used_working_days = working_days;
  return out;
}

core::Result<ClockState> StepClock(const rules::RuleSet& rules, const core::WorkCalendar& calendar,
                                   std::string_view step, core::Timestamp trigger,
                                   const std::vector<Pause>& pauses, int extra_working_days) {
  const rules::Step* s = rules.FindStep(step);
  if (!s) return core::NotFound("未知的流程环节 (unknown step): " + std::string(step));
  if (s->unit != rules::StepUnit::kWorkingDays) {
    return core::InvalidArgument("环节 " + std::string(step) + " 不以工作日计算");
  }
  return PausedDue(calendar, core::LocalDate(trigger), s->amount + extra_working_days, pauses);
}

const char* UrgencyName(Urgency u) {
  switch (u) {
    case Urgency::kOnTime: return "on_time";
    case Urgency::kDueSoon: return "due_soon";
    case Urgency::kOverdue: return "overdue";
  }
  return "?";
}

core::Result<Urgency> UrgencyOf(const core::WorkCalendar& calendar, core::Timestamp due,
                                core::Timestamp now, int soon_working_days) {
  if (now >= due) return Urgency::kOverdue;
  core::Date today = core::LocalDate(now);
  IPE_ASSIGN_OR_RETURN(bool working, calendar.IsWorkingDay(today));
  // Today counts as the first of the days left when it is a working day.
  int ahead = working ? soon_working_days - 1 : soon_working_days;
  IPE_ASSIGN_OR_RETURN(core::Date horizon, calendar.AddWorkingDays(today, ahead));
  return core::LocalDate(due.AddSeconds(-1)) <= horizon ? Urgency::kDueSoon : Urgency::kOnTime;
}

core::Result<LimitationCheck> CheckLimitation(const rules::RuleSet& rules,
                                              const core::WorkCalendar& calendar,
                                              core::Date harm_known_on, core::Date received_on) {
  const rules::Step* s = rules.FindStep("complaint_limitation");
  if (!s) return core::NotFound("未知的流程环节 (unknown step): complaint_limitation");
  IPE_ASSIGN_OR_RETURN(auto due, rules::DueFor(*s, core::StartOfLocalDay(harm_known_on), calendar));
  if (!due) return core::Internal("complaint_limitation has no period");
  LimitationCheck out;
  out.last_day = core::LocalDate(due->AddSeconds(-1));
  out.expired = received_on > out.last_day;
  out.basis = "知道或者应当知道权益受到侵害之日（" + harm_known_on.ToString() + "）起" +
              rules::DescribePeriod(*s) + "，至 " + out.last_day.ToString() + " 止（" + s->source +
              "）";
  return out;
}

}  // namespace ipe::complaints
