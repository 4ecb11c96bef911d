// Work plans (工作要点) as the caller may see them: the list and one plan with its tree. The SQL
// is in plan_store.cc; who sees what is plans_internal's PlanAccess.
#include "app/plans/plans.h"

#include <map>

#include "app/plans/plan_store.h"
#include "app/plans/plans_internal.h"
#include "plan/model.h"

namespace ipe::app {

using namespace plans_internal;  // NOLINT(google-build-using-namespace): the area's own helpers

const std::vector<CodeLabel>& PlanReportStatuses() {
  static const std::vector<CodeLabel> kTable = [] {
    std::vector<CodeLabel> t;
    for (plan::ReportStatus s : {plan::ReportStatus::kNotStarted, plan::ReportStatus::kInProgress,
                                 plan::ReportStatus::kCompleted, plan::ReportStatus::kBlocked}) {
      t.push_back({plan::ReportStatusName(s), plan::ReportStatusLabel(s)});
    }
    return t;
  }();
  return kTable;
}

const std::vector<CodeLabel>& PlanCellStatuses() {
  static const std::vector<CodeLabel> kTable = [] {
    std::vector<CodeLabel> t = PlanReportStatuses();
    t.push_back({"overdue", "逾期"});
    return t;
  }();
  return kTable;
}

const std::vector<CodeLabel>& PlanAssignmentRoles() {
  static const std::vector<CodeLabel> kTable = {
      {plan::AssignmentRoleName(plan::AssignmentRole::kLead), "牵头"},
      {plan::AssignmentRoleName(plan::AssignmentRole::kCo), "配合"}};
  return kTable;
}

const std::vector<CodeLabel>& PlanNoticeKinds() {
  static const std::vector<CodeLabel> kTable = {
      {"supervision", "督办"}, {"reminder", "提醒"}, {"criticism", "通报"}, {"interview", "约谈"}};
  return kTable;
}

const std::vector<CodeLabel>& PlanHolderResolutions() {
  static const std::vector<CodeLabel> kTable = {{"generic", "泛指（如有关部门）"},
                                                {"unresolved", "无法识别的名称"},
                                                {"unregistered", "机构库中尚无该单位"}};
  return kTable;
}

core::Result<std::pair<core::Date, core::Date>> ParsePlanPeriod(const std::string& period) {
  IPE_ASSIGN_OR_RETURN(auto p, ParsePeriodText(period));
  return std::pair{p.period.first, p.period.last};
}

core::Result<Page<PlanSummary>> ListPlans(Context& ctx, const Principal& who,
                                          const PageRequest& page) {
  IPE_RETURN_IF_ERROR(page.Validate());
  PlanScope scope;
  scope.all = who.is_system();
  if (!scope.all && ReadsRegionPlans(who)) scope.region = who.region_code;
  scope.agency_id = who.agency_id;
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  return PlanStore(*tx).List(scope, page);
}

core::Result<PlanDetail> GetPlan(Context& ctx, const Principal& who, int64_t plan_id) {
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  PlanStore store(*tx);
  IPE_ASSIGN_OR_RETURN(auto plan, LoadVisiblePlan(store, who, plan_id));
  IPE_ASSIGN_OR_RETURN(auto assignments, LoadAssignments(store, ctx, who, plan, std::nullopt));
  // Agencies see their own items only, and never the holders without an agency.
  bool filtered = plan.access == PlanAccess::kAgency;
  std::map<int64_t, std::vector<PlanAssignment>> by_item;
  for (AssignmentRow& r : assignments) by_item[r.item_id].push_back(std::move(r.a));
  PlanHolders holders;
  if (!filtered) {
    IPE_ASSIGN_OR_RETURN(holders, store.Holders(plan_id));
  }
  IPE_ASSIGN_OR_RETURN(auto sections, store.Sections(plan_id));
  IPE_ASSIGN_OR_RETURN(auto tasks, store.Tasks(plan_id));
  IPE_ASSIGN_OR_RETURN(auto items, store.Items(plan_id));
  PlanDetail out;
  out.summary = plan.summary;
  for (const SectionRow& sr : sections) {
    PlanSectionNode sec{sr.number, sr.title, {}};
    for (const TaskRow& tr : tasks) {
      if (tr.section_number != sec.number) continue;
      PlanTaskNode task{tr.number, tr.title, {}};
      for (const ItemRow& ir : items) {
        if (ir.section_number != sec.number || ir.task_number != task.number) continue;
        auto it = by_item.find(ir.id);
        if (filtered && it == by_item.end()) continue;
        PlanItemNode node;
        node.key = ir.key;
        node.number = ir.number;
        node.text = ir.text;
        if (it != by_item.end()) node.assignments = it->second;
        if (auto u = holders.unassigned.find(ir.id); u != holders.unassigned.end()) {
          node.unassigned = u->second;
        }
        if (auto u = holders.resolved.find(ir.id); u != holders.resolved.end()) {
          node.resolved = u->second;
        }
        task.items.push_back(std::move(node));
      }
      if (filtered && task.items.empty()) continue;
      sec.tasks.push_back(std::move(task));
    }
    if (filtered && sec.tasks.empty()) continue;
    out.tree.push_back(std::move(sec));
  }
  return out;
}

}  // namespace ipe::app
