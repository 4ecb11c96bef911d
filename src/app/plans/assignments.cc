// Assignments (责任分工): lists with computed statuses, due dates, and the office assigning holders
// that have no agency (有关部门 …). The SQL is in plan_store.cc.
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "app/accounts/audit.h"
#include "app/permissions.h"
#include "app/plans/plan_store.h"
#include "app/plans/plans.h"
#include "app/plans/plans_internal.h"

namespace ipe::app {

using namespace plans_internal;  // NOLINT(google-build-using-namespace): the area's own helpers

namespace {

using Json = nlohmann::json;

// Holders one request may assign to.
constexpr size_t kMaxHolderAgencies = 100;

Json AssignmentJson(const PlanAssignment& a) {
  return Json{{"id", a.id},
              {"plan_id", a.plan_id},
              {"item_key", a.item_key},
              {"agency_id", a.agency_id},
              {"agency_name", a.agency_name},
              {"role", a.role},
              {"due_date", a.due_date ? Json(a.due_date->ToString()) : Json()}};
}

// The assignments with these ids as a manager sees them (statuses computed), in `ids` order.
core::Result<std::vector<PlanAssignment>> ManagedAssignments(PlanStore& store, Context& ctx,
                                                             const std::vector<int64_t>& ids) {
  std::vector<PlanAssignment> out;
  if (ids.empty()) return out;
  IPE_ASSIGN_OR_RETURN(auto rows, store.AssignmentsWithIds(ids));
  std::map<int64_t, PlanAssignment> by_id;
  std::set<int64_t> plans;
  for (AssignmentRow& r : rows) {
    plans.insert(r.a.plan_id);
    by_id[r.a.id] = std::move(r.a);
  }
  core::Date today = Today(ctx);
  static const std::vector<ReportFact> kNone;
  for (int64_t plan_id : plans) {
    IPE_ASSIGN_OR_RETURN(auto facts, store.ReportFacts(plan_id));
    for (auto& [id, a] : by_id) {
      if (a.plan_id != plan_id) continue;
      auto it = facts.find(id);
      ComputeStatus(a, it == facts.end() ? kNone : it->second, today, std::nullopt);
    }
  }
  for (int64_t id : ids) {
    auto it = by_id.find(id);
    if (it == by_id.end()) return NotFoundAssignment(id);
    out.push_back(it->second);
  }
  return out;
}

}  // namespace

core::Result<Page<PlanAssignment>> ListAssignments(Context& ctx, const Principal& who,
                                                   int64_t plan_id, const AssignmentFilter& f,
                                                   const PageRequest& page) {
  IPE_RETURN_IF_ERROR(page.Validate());
  std::string status;
  if (f.status && !f.status->empty()) {
    auto st = plan::ParseReportStatus(*f.status);
    if (!st) return Invalid("status", "进展状态无效 (unknown status)");
    status = plan::ReportStatusName(*st);
  }
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  PlanStore store(*tx);
  IPE_ASSIGN_OR_RETURN(auto plan, LoadVisiblePlan(store, who, plan_id));
  IPE_ASSIGN_OR_RETURN(auto rows, LoadAssignments(store, ctx, who, plan, std::nullopt));
  std::vector<PlanAssignment> all;
  for (AssignmentRow& r : rows) {
    if (f.agency_id && r.a.agency_id != *f.agency_id) continue;
    if (!status.empty() && r.a.latest_status != status) continue;
    if (f.overdue && r.a.overdue != *f.overdue) continue;
    all.push_back(std::move(r.a));
  }
  return Paginate(std::move(all), page);
}

core::Result<Page<PlanAssignment>> ListOverdue(Context& ctx, const Principal& who, int64_t plan_id,
                                               const PageRequest& page) {
  AssignmentFilter f;
  f.overdue = true;
  return ListAssignments(ctx, who, plan_id, f, page);
}

core::Result<PlanAssignment> GetAssignment(Context& ctx, const Principal& who,
                                           int64_t assignment_id) {
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  PlanStore store(*tx);
  IPE_ASSIGN_OR_RETURN(auto v, LoadVisibleAssignment(store, ctx, who, assignment_id));
  return std::move(v.a);
}

core::Result<PlanAssignment> SetAssignmentDueDate(Context& ctx, const Principal& who,
                                                  int64_t assignment_id,
                                                  std::optional<core::Date> due) {
  {
    IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
    PlanStore store(*tx);
    IPE_ASSIGN_OR_RETURN(auto v, LoadVisibleAssignment(store, ctx, who, assignment_id));
    IPE_RETURN_IF_ERROR(RequireManager(v.plan.access, "设定完成时限"));
    IPE_RETURN_IF_ERROR(store.SetDueDate(assignment_id, due));
    Json before = AssignmentJson(v.a);
    v.a.due_date = due;
    IPE_RETURN_IF_ERROR(
        AppendAudit(*tx, who, ctx.Now(),
                    {"plan.due_date", "plan_assignment", std::to_string(assignment_id),
                     "设定完成时限 " + v.a.agency_name + " " + v.a.item_key + " → " +
                         (due ? due->ToString() : std::string("无")),
                     before.dump(), AssignmentJson(v.a).dump(),
                     AuditScopeOf(v.plan.summary.region_code, v.a.agency_id)}));
    IPE_RETURN_IF_ERROR(tx->Commit());
  }
  return GetAssignment(ctx, who, assignment_id);
}

core::Result<int64_t> SetDueDates(Context& ctx, const Principal& who, int64_t plan_id,
                                  core::Date due, std::optional<int64_t> task_number,
                                  std::optional<int64_t> agency_id) {
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  PlanStore store(*tx);
  IPE_ASSIGN_OR_RETURN(auto plan, LoadVisiblePlan(store, who, plan_id));
  IPE_RETURN_IF_ERROR(RequireManager(plan.access, "设定完成时限"));
  IPE_ASSIGN_OR_RETURN(int64_t updated, store.SetDueDates(plan_id, due, task_number, agency_id));
  Json after = {{"due_date", due.ToString()},
                {"task_number", task_number ? Json(*task_number) : Json()},
                {"agency_id", agency_id ? Json(*agency_id) : Json()},
                {"updated", updated}};
  IPE_RETURN_IF_ERROR(AppendAudit(
      *tx, who, ctx.Now(),
      {"plan.due_dates", "plan", std::to_string(plan_id),
       "批量设定完成时限 " + due.ToString() + "（" + std::to_string(updated) + " 条责任分工）",
       std::nullopt, after.dump(), AuditScopeOf(plan.summary.region_code, std::nullopt)}));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return updated;
}

core::Result<HolderAssignment> AssignUnassignedHolder(Context& ctx, const Principal& who,
                                                      int64_t plan_id, int64_t holder_id,
                                                      const std::vector<int64_t>& agency_ids) {
  std::vector<int64_t> created_ids, kept_ids;
  {
    IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
    PlanStore store(*tx);
    IPE_ASSIGN_OR_RETURN(auto plan, LoadVisiblePlan(store, who, plan_id));
    auto not_found = [&] {
      return core::NotFound("未指定单位的责任主体不存在或无权查看 (unassigned holder not found): " +
                            std::to_string(holder_id));
    };
    // Agency users never see the holders (GetPlan filters them): unknown to them.
    if (plan.access == PlanAccess::kAgency) return not_found();
    IPE_ASSIGN_OR_RETURN(auto holder, store.Holder(plan_id, holder_id));
    if (!holder) return not_found();
    IPE_RETURN_IF_ERROR(RequireManager(plan.access, "指定责任单位"));
    const HolderRow& h = *holder;
    if (h.resolved) {
      return core::FailedPrecondition("该责任主体已指定单位 (holder already resolved): " + h.name);
    }

    // Validate every agency id; one 422 lists them all and nothing is written.
    core::Status bad = core::Status(core::InvalidArgument("输入有误 (invalid input): 责任单位无效"));
    bool any_bad = false;
    auto field_error = [&](const std::string& field, const std::string& message) {
      bad.AddFieldError(field, message);
      any_bad = true;
    };
    if (agency_ids.empty()) field_error("agency_ids", "至少选择一个单位 (choose at least one agency)");
    if (agency_ids.size() > kMaxHolderAgencies) {
      field_error("agency_ids", "最多 100 个单位 (at most 100 agencies)");
    }
    std::map<int64_t, std::string> agency_names;
    if (!any_bad) {
      IPE_ASSIGN_OR_RETURN(auto by_id, store.Agencies(agency_ids));
      std::set<int64_t> seen;
      for (size_t k = 0; k < agency_ids.size(); ++k) {
        std::string field = "agency_ids[" + std::to_string(k) + "]";
        auto it = by_id.find(agency_ids[k]);
        if (it == by_id.end()) {
          field_error(field, "单位不存在 (unknown agency)");
        } else if (!it->second.active) {
          field_error(field, "单位已停用 (inactive agency)");
        } else if (!RegionWithin(plan.summary.region_code, it->second.region_code)) {
          field_error(field, "单位不在工作要点所属地区 (agency outside the plan's region)");
        } else if (!seen.insert(agency_ids[k]).second) {
          field_error(field, "单位重复 (repeated agency)");
        } else {
          agency_names[agency_ids[k]] = it->second.name;
        }
      }
    }
    if (any_bad) return bad;

    IPE_ASSIGN_OR_RETURN(auto existing, store.HoldingsOfItem(h.item_id));
    std::map<int64_t, ItemHolding> held;  // by agency
    for (const ItemHolding& e : existing) held[e.agency_id] = e;
    Json upgraded = Json::array();
    for (int64_t agency : agency_ids) {
      if (auto it = held.find(agency); it != held.end()) {
        if (h.role == "lead" && it->second.role != "lead") {
          IPE_RETURN_IF_ERROR(store.MakeLead(it->second.assignment_id));
          upgraded.push_back(it->second.assignment_id);
        }
        kept_ids.push_back(it->second.assignment_id);
        continue;
      }
      IPE_ASSIGN_OR_RETURN(int64_t id, store.InsertAssignment(plan_id, h.item_id, agency, h.role));
      created_ids.push_back(id);
    }
    Json chosen = agency_ids;
    IPE_ASSIGN_OR_RETURN(int64_t updated, store.ResolveHolder(holder_id, ctx.Now(), who.actor_id(),
                                                              ActorName(who), chosen.dump()));
    if (updated != 1) {
      return core::FailedPrecondition("该责任主体已指定单位 (holder already resolved): " + h.name);
    }
    std::string names_text;
    for (int64_t agency : agency_ids) {
      names_text += (names_text.empty() ? "" : "、") + agency_names[agency];
    }
    Json before = {{"item", h.item_key}, {"name", h.name}, {"role", h.role},
                   {"resolution", h.resolution}, {"resolved", false}};
    Json after = {{"item", h.item_key},    {"name", h.name},
                  {"role", h.role},        {"resolved", true},
                  {"agency_ids", chosen},  {"created_assignment_ids", created_ids},
                  {"kept_assignment_ids", kept_ids}, {"upgraded_to_lead", upgraded}};
    IPE_ASSIGN_OR_RETURN(auto holder_scope, PlanAuditScope(store, plan_id));
    IPE_RETURN_IF_ERROR(AppendAudit(
        *tx, who, ctx.Now(),
        {"plan.assign_holder", "plan_unassigned", std::to_string(holder_id),
         "指定责任单位 " + h.item_key + " " + h.name + " → " + names_text, before.dump(),
         after.dump(), holder_scope}));
    IPE_RETURN_IF_ERROR(tx->Commit());
  }
  // Read back in one transaction: the caller is a manager of the plan, so every one is visible.
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  PlanStore store(*tx);
  HolderAssignment out;
  IPE_ASSIGN_OR_RETURN(out.created, ManagedAssignments(store, ctx, created_ids));
  IPE_ASSIGN_OR_RETURN(out.kept, ManagedAssignments(store, ctx, kept_ids));
  return out;
}

}  // namespace ipe::app
