// Importing a work plan (导入工作要点): parse, derive assignments, store the plan, its tree, the
// assignments and the holders without an agency in one transaction. The SQL is in plan_store.cc.
#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>

#include "app/accounts/audit.h"
#include "app/internal/text.h"
#include "app/permissions.h"
#include "app/plans/plan_store.h"
#include "app/plans/plans.h"
#include "app/plans/plans_internal.h"
#include "core/region.h"
#include "core/utf8.h"
#include "plan/model.h"
#include "plan/parser.h"

namespace ipe::app {

using namespace plans_internal;  // NOLINT(google-build-using-namespace): the area's own helpers

namespace {

const char* ResolutionName(core::AgencyResolution r) {
  return r == core::AgencyResolution::kGeneric ? "generic" : "unresolved";
}

std::string CleanLine(std::string_view s) {
  std::string out = internal::Trim(s);
  for (char& c : out) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  return out;
}

}  // namespace

core::Result<PlanImportResult> ImportPlan(Context& ctx, const Principal& who,
                                          const PlanImportInput& in) {
  IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kPlanManage, "导入工作要点"));
  std::string region = internal::Trim(in.region_code);
  if (region.empty()) region = kNationalRegion;
  if (!internal::IsRegionCode(region) ||
      (region != kNationalRegion && core::Regions().Find(region) == nullptr)) {
    return Invalid("region_code", "行政区划代码无效 (unknown region code)");
  }
  IPE_RETURN_IF_ERROR(RequireRegion(who, region));
  std::string source_name = CleanLine(in.source_name);
  if (source_name.size() > 255) return Invalid("source_name", "文件名过长 (at most 255 bytes)");
  if (internal::Trim(in.text).empty()) return Invalid("text", "文本为空 (empty text)");
  if (!core::IsValidUtf8(in.text)) return Invalid("text", "文本不是有效的 UTF-8 (text is not UTF-8)");

  plan::ParseOptions options;
  options.region_code = region == kNationalRegion ? "" : region;
  plan::ParseError perr;
  auto parsed = plan::ParsePlan(in.text, options, &perr);
  if (!parsed) {
    return core::Status(core::InvalidArgument("无法解析工作要点 (cannot parse the plan): " +
                                              parsed.error().message()))
        .AddFieldError("text", parsed.error().message());
  }
  const plan::Plan& p = *parsed;
  if (!p.year) return Invalid("text", "标题中未识别出年份 (no year in the title)");
  if (p.title.empty()) return Invalid("text", "未识别出工作要点标题 (no plan title found)");
  if (p.title.size() > 500) return Invalid("text", "标题过长 (title too long)");

  plan::Assignments derived = plan::DeriveAssignments(p);

  PlanImportResult result;
  PlanSummary& s = result.plan;
  s.year = *p.year;
  s.title = p.title;
  s.region_code = region;
  s.region_name = PlanRegionName(region);
  s.sections = static_cast<int64_t>(p.sections.size());
  s.tasks = static_cast<int64_t>(p.TaskCount());
  s.clauses = static_cast<int64_t>(p.ClauseCount());
  s.created_at = ctx.Now();
  s.created_by = ActorName(who);

  // Items in document order with their keys (plan::DeriveAssignments numbers them the same way).
  std::vector<NewItemRow> items;
  std::set<plan::ItemKey> keys;
  for (const plan::Section& sec : p.sections) {
    for (const plan::Task& t : sec.tasks) {
      int ordinal = 0;
      for (const plan::Item& i : t.items) {
        plan::ItemKey key{sec.number.value_or(0), t.number.value_or(0), ++ordinal};
        if (!keys.insert(key).second) {
          return Invalid(
              "text", "条目编号重复 (duplicate item " + key.ToString() + "): 请检查章节与任务编号");
        }
        items.push_back({key, &i});
        result.items_without_clause += i.has_clause ? 0 : 1;
      }
    }
  }
  s.items = static_cast<int64_t>(items.size());

  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  PlanStore store(*tx);
  // Canonical names → registered agencies.
  std::set<std::string> names;
  for (const plan::Assignment& a : derived.assignments) names.insert(a.agency);
  IPE_ASSIGN_OR_RETURN(auto agency_ids, store.ActiveAgencyIdsByName(names));
  struct NewAssignment {
    plan::ItemKey key;
    int64_t agency_id;
    std::string role;
  };
  std::vector<NewAssignment> assignments;
  for (const plan::Assignment& a : derived.assignments) {
    auto it = agency_ids.find(a.agency);
    if (it == agency_ids.end()) {
      result.unresolved.push_back(
          {a.item.ToString(), a.agency, plan::AssignmentRoleName(a.role), "unregistered"});
      continue;
    }
    assignments.push_back({a.item, it->second, plan::AssignmentRoleName(a.role)});
  }
  for (const plan::UnassignedHolder& u : derived.unassigned) {
    result.unresolved.push_back({u.item.ToString(), plan::DisplayName(u.holder),
                                 plan::AssignmentRoleName(u.role),
                                 ResolutionName(u.holder.resolution)});
  }
  std::stable_sort(result.unresolved.begin(), result.unresolved.end(),
                   [](const UnassignedHolder& a, const UnassignedHolder& b) {
                     auto ka = a.item_key, kb = b.item_key;
                     return ka.size() != kb.size() ? ka.size() < kb.size() : ka < kb;
                   });
  s.assignments = static_cast<int64_t>(assignments.size());

  IPE_ASSIGN_OR_RETURN(auto dup, store.IdOf(s.year, region, s.title));
  if (dup) {
    return core::AlreadyExists("该工作要点已导入 (plan already imported): 编号 " +
                               std::to_string(*dup));
  }
  if (in.dry_run) return result;

  auto inserted = store.InsertPlan({.year = s.year,
                                    .title = s.title,
                                    .region_code = region,
                                    .source_name = source_name,
                                    .source_text = in.text,
                                    .sections = s.sections,
                                    .tasks = s.tasks,
                                    .items = s.items,
                                    .clauses = s.clauses,
                                    .created_by = who.actor_id(),
                                    .created_by_name = s.created_by,
                                    .created_at = s.created_at});
  if (!inserted) {
    if (inserted.error().code() == core::StatusCode::kAlreadyExists) {
      return core::AlreadyExists("该工作要点已导入 (plan already imported)");
    }
    return inserted.error();
  }
  s.id = *inserted;

  IPE_ASSIGN_OR_RETURN(auto item_ids, store.InsertTree(s.id, p, items));
  std::vector<std::tuple<int64_t, int64_t, std::string>> assignment_rows;
  for (const NewAssignment& a : assignments) {
    assignment_rows.emplace_back(item_ids.at(a.key.ToString()), a.agency_id, a.role);
  }
  IPE_RETURN_IF_ERROR(store.InsertAssignments(s.id, assignment_rows));
  std::vector<NewHolderRow> holder_rows;
  for (const UnassignedHolder& u : result.unresolved) {
    holder_rows.push_back({u.item_key, u.name, u.role, u.resolution});
  }
  IPE_ASSIGN_OR_RETURN(auto holder_ids, store.InsertHolders(s.id, item_ids, holder_rows));
  for (size_t k = 0; k < holder_ids.size() && k < result.unresolved.size(); ++k) {
    result.unresolved[k].id = holder_ids[k];
  }
  nlohmann::json after = {{"year", s.year},
                          {"title", s.title},
                          {"region_code", region},
                          {"source_name", source_name},
                          {"sections", s.sections},
                          {"tasks", s.tasks},
                          {"items", s.items},
                          {"clauses", s.clauses},
                          {"assignments", s.assignments},
                          {"unassigned", result.unresolved.size()}};
  IPE_RETURN_IF_ERROR(
      AppendAudit(*tx, who, s.created_at,
                  {"plan.import", "plan", std::to_string(s.id),
                   "导入工作要点 " + s.title + "（" + std::to_string(s.tasks) + " 项任务，" +
                       std::to_string(s.assignments) + " 条责任分工）",
                   std::nullopt, after.dump(), AuditScopeOf(region, std::nullopt)}));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return result;
}

}  // namespace ipe::app
