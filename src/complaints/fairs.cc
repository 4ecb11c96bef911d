#include "complaints/fairs.h"

#include <algorithm>

namespace ipe::complaints {

std::vector<FieldProblem> ValidateFair(const Fair& f) {
  std::vector<FieldProblem> out;
  if (f.name.empty()) out.push_back({"name", "请填写展会名称"});
  if (f.venue.empty()) out.push_back({"venue", "请填写展会场馆"});
  if (f.organiser.empty()) out.push_back({"organiser", "请填写展会主办方"});
  if (f.ends_on < f.starts_on) {
    out.push_back({"ends_on", "闭幕日期不能早于开幕日期"});
  } else if (core::DaysBetween(f.starts_on, f.ends_on) > 366) {
    out.push_back({"ends_on", "展期不能超过一年"});
  }
  auto hours = [&](const char* field, const std::optional<int>& v) {
    if (v && (*v < 1 || *v > kMaxFairHours)) {
      out.push_back({field, "应为 1 至 " + std::to_string(kMaxFairHours) + " 小时"});
    }
  };
  hours("reply_hours", f.reply_hours);
  hours("handle_hours", f.handle_hours);
  return out;
}

int FairDays(const Fair& f) { return core::DaysBetween(f.starts_on, f.ends_on) + 1; }

bool DeskExpected(const rules::RuleSet& rules, const Fair& f) {
  const rules::Step* step = rules.FindStep("fair_complaint_desk");
  if (!step || step->unit != rules::StepUnit::kCalendarDays) return false;
  return FairDays(f) >= step->amount;
}

FairSummary SummariseFair(const Fair& f, const std::vector<FairRecord>& records) {
  FairSummary s;
  std::vector<double> hours;
  for (const FairRecord& r : records) {
    ++s.total;
    ++s.by_kind[r.kind];
    ++s.by_subject[r.subject];
    ++s.by_status[r.status];
    if (!r.decided_at) continue;
    ++s.decided;
    if (core::LocalDate(*r.decided_at) <= f.ends_on) ++s.handled_on_site;
    double h = static_cast<double>(r.decided_at->seconds - r.received_at.seconds) / 3600.0;
    if (f.handle_hours && h <= *f.handle_hours) ++s.within_handle_hours;
    hours.push_back(h);
  }
  if (!hours.empty()) {
    std::sort(hours.begin(), hours.end());
    size_t n = hours.size();
    s.median_handling_hours = n % 2 ? hours[n / 2] : (hours[n / 2 - 1] + hours[n / 2]) / 2;
    s.worst_handling_hours = hours.back();
  }
  return s;
}

FairClock FairClockOf(core::Timestamp received_at, int handle_hours, core::Timestamp now) {
  FairClock c;
  int64_t span = int64_t{handle_hours} * 3600;
  c.due = received_at.AddSeconds(span);
  c.overdue = now.seconds >= c.due.seconds;
  c.due_soon = !c.overdue && now.seconds >= received_at.seconds + span / 2;
  return c;
}

}  // namespace ipe::complaints
