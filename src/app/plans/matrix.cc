// The tasks × agencies matrix (任务矩阵): one cell per task and agency with the worst status of the
// agency's items in the task. The SQL is in plan_store.cc.
#include <algorithm>
#include <map>
#include <set>

#include "app/internal/text.h"
#include "app/plans/plan_store.h"
#include "app/plans/plans.h"
#include "app/plans/plans_internal.h"

namespace ipe::app {

using namespace plans_internal;  // NOLINT(google-build-using-namespace): the area's own helpers

namespace {

// Worst first: blocked > overdue > not_started > in_progress > completed.
int Severity(const std::string& status) {
  if (status == "blocked") return 4;
  if (status == "overdue") return 3;
  if (status == "not_started") return 2;
  if (status == "in_progress") return 1;
  return 0;
}

}  // namespace

core::Result<PlanMatrix> GetMatrix(Context& ctx, const Principal& who, int64_t plan_id,
                                   const std::optional<std::string>& period_text) {
  std::optional<plan::Period> period;
  PlanMatrix out;
  if (period_text && !internal::Trim(*period_text).empty()) {
    out.period = internal::Trim(*period_text);
    auto parsed = ParsePeriodText(out.period);
    if (!parsed) return Invalid("period", kPeriodFormat);
    period = parsed->period;
  }
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  PlanStore store(*tx);
  IPE_ASSIGN_OR_RETURN(auto plan, LoadVisiblePlan(store, who, plan_id));
  IPE_ASSIGN_OR_RETURN(auto assignments, LoadAssignments(store, ctx, who, plan, period));
  IPE_ASSIGN_OR_RETURN(auto tasks, store.Tasks(plan_id));
  std::map<std::pair<int64_t, int64_t>, MatrixCell> cells;  // (task, agency)
  struct AgencyStat {
    std::string name;
    int leads = 0;
    int total = 0;
  };
  std::map<int64_t, AgencyStat> agencies;
  std::set<int64_t> task_numbers;
  for (const AssignmentRow& r : assignments) {
    const PlanAssignment& a = r.a;
    std::string status = a.latest_status;
    if (status != "blocked" && a.overdue) status = "overdue";
    MatrixCell& c = cells[{a.task_number, a.agency_id}];
    if (c.assignment_ids.empty()) {
      c.task = a.task_number;
      c.agency_id = a.agency_id;
      c.role = a.role;
      c.status = status;
    } else {
      if (a.role == "lead") c.role = "lead";
      if (Severity(status) > Severity(c.status)) c.status = status;
    }
    c.overdue = c.overdue || a.overdue;
    c.assignment_ids.push_back(a.id);
    AgencyStat& s = agencies[a.agency_id];
    s.name = a.agency_name;
    s.leads += a.role == "lead";
    ++s.total;
    task_numbers.insert(a.task_number);
  }
  bool filtered = plan.access == PlanAccess::kAgency;
  for (const TaskRow& t : tasks) {
    if (t.number <= 0) continue;  // text under a section, not a numbered task
    if (filtered && !task_numbers.count(t.number)) continue;
    out.tasks.emplace_back(t.number, t.title);
  }
  std::vector<std::pair<int64_t, AgencyStat>> order(agencies.begin(), agencies.end());
  std::stable_sort(order.begin(), order.end(), [](const auto& a, const auto& b) {
    if (a.second.leads != b.second.leads) return a.second.leads > b.second.leads;
    if (a.second.total != b.second.total) return a.second.total > b.second.total;
    return a.second.name < b.second.name;
  });
  for (const auto& [id, s] : order) out.agencies.emplace_back(id, s.name);
  for (const auto& [task, title] : out.tasks) {
    for (const auto& [agency, name] : out.agencies) {
      auto it = cells.find({task, agency});
      if (it != cells.end()) out.cells.push_back(std::move(it->second));
    }
  }
  return out;
}

}  // namespace ipe::app
