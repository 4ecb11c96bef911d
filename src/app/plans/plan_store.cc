// PlanStore: the SQL of the work-plan area. See plan_store.h.
#include "app/plans/plan_store.h"

#include <nlohmann/json.hpp>

#include "app/internal/list_store.h"
#include "app/internal/text.h"
#include "core/region.h"

namespace ipe::app {
namespace {

using Json = nlohmann::json;
using internal::OptDate;
using internal::OptDateValue;
using internal::Placeholders;
using storage::Params;
using storage::Row;
using storage::Value;

// A JSON object of integers as stored (figures, points); other values are skipped.
std::map<std::string, int64_t> IntMap(const std::string& json_text) {
  std::map<std::string, int64_t> out;
  Json j = Json::parse(json_text, nullptr, false);
  if (!j.is_object()) return out;
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (it.value().is_number_integer()) out[it.key()] = it.value().get<int64_t>();
  }
  return out;
}

// Ids in chunks of kInListChunk, so that an IN (...) list stays within every engine's limit.
template <typename Fn>
core::Status ForEachChunk(const std::vector<int64_t>& ids, Fn&& fn) {
  for (size_t start = 0; start < ids.size(); start += internal::kInListChunk) {
    size_t end = std::min(ids.size(), start + internal::kInListChunk);
    Params params(ids.begin() + static_cast<std::ptrdiff_t>(start),
                  ids.begin() + static_cast<std::ptrdiff_t>(end));
    IPE_RETURN_IF_ERROR(fn(end - start, params));
  }
  return core::Status::Ok();
}

// ---- plans ----

constexpr const char* kPlanSelect =
    "SELECT p.id, p.year, p.title, p.region_code, p.sections, p.tasks, p.items, p.clauses, "
    "p.created_at, p.created_by_name FROM plans p";

PlanSummary PlanFromRow(const Row& r) {
  PlanSummary p;
  p.id = r.Int(0);
  p.year = static_cast<int>(r.Int(1));
  p.title = r.Text(2);
  p.region_code = r.Text(3);
  p.region_name = PlanRegionName(p.region_code);
  p.sections = r.Int(4);
  p.tasks = r.Int(5);
  p.items = r.Int(6);
  p.clauses = r.Int(7);
  p.created_at = core::Timestamp{r.Int(8)};
  p.created_by = r.Text(9);
  return p;
}

// ---- assignments ----

constexpr const char* kAssignmentSelect =
    "SELECT pa.id, pa.plan_id, i.item_key, i.task_number, t.title, i.text, pa.agency_id, a.name, "
    "pa.role, pa.due_date, i.id "
    "FROM plan_assignments pa JOIN plan_items i ON i.id = pa.item_id "
    "JOIN agencies a ON a.id = pa.agency_id "
    "LEFT JOIN plan_tasks t ON t.plan_id = i.plan_id AND t.section_number = i.section_number "
    "AND t.number = i.task_number ";
constexpr const char* kAssignmentOrder =
    " ORDER BY i.id, CASE WHEN pa.role = 'lead' THEN 0 ELSE 1 END, pa.id";

AssignmentRow AssignmentFromRow(const Row& r) {
  AssignmentRow out;
  PlanAssignment& a = out.a;
  a.id = r.Int(0);
  a.plan_id = r.Int(1);
  a.item_key = r.Text(2);
  a.task_number = r.Int(3);
  a.task_title = r.Text(4);
  a.item_text = r.Text(5);
  a.agency_id = r.Int(6);
  a.agency_name = r.Text(7);
  a.role = r.Text(8);
  a.due_date = OptDate(r, 9);
  a.latest_status = plan::ReportStatusName(plan::ReportStatus::kNotStarted);
  out.item_id = r.Int(10);
  return out;
}

constexpr const char* kReportFactSelect =
    "SELECT r.assignment_id, r.status, r.submitted_at, r.period_first, r.period_last "
    "FROM plan_reports r ";

ReportFact ReportFactFromRow(const Row& r) {
  ReportFact f;
  f.assignment_id = r.Int(0);
  f.report.status = plan::ParseReportStatus(r.Text(1)).value();
  f.submitted_at = core::Timestamp{r.Int(2)};
  f.report.submitted = core::LocalDate(f.submitted_at);
  f.report.period = {core::ParseDate(r.Text(3)).value(), core::ParseDate(r.Text(4)).value()};
  return f;
}

// ---- reports ----

constexpr const char* kReportSelect =
    "SELECT id, assignment_id, period, status, narrative, figures, submitted_by, "
    "submitted_by_name, submitted_at FROM plan_reports ";

PlanReport ReportFromRow(const Row& r) {
  PlanReport p;
  p.id = r.Int(0);
  p.assignment_id = r.Int(1);
  p.period = r.Text(2);
  p.status = r.Text(3);
  p.narrative = r.Text(4);
  p.figures = IntMap(r.Text(5));
  p.submitted_by = r.OptInt(6);
  p.submitted_by_name = r.Text(7);
  p.submitted_at = core::Timestamp{r.Int(8)};
  return p;
}

// ---- notices ----

constexpr const char* kNoticeSelect =
    "SELECT n.id, n.plan_id, n.kind, n.agency_id, a.name, n.region_code, n.assignment_id, "
    "n.title, n.text, n.due_date, n.created_by_name, n.created_at, n.acknowledged_at "
    "FROM plan_notices n LEFT JOIN agencies a ON a.id = n.agency_id ";

PlanNotice NoticeFromRow(const Row& r) {
  PlanNotice n;
  n.id = r.Int(0);
  n.plan_id = r.Int(1);
  n.kind = r.Text(2);
  n.agency_id = r.OptInt(3);
  n.region_code = r.OptText(5);
  n.agency_name =
      n.agency_id ? r.Text(4) : PlanRegionName(n.region_code.value_or(kNationalRegion));
  n.assignment_id = r.OptInt(6);
  n.title = r.Text(7);
  n.text = r.Text(8);
  n.due_date = OptDate(r, 9);
  n.created_by_name = r.Text(10);
  n.created_at = core::Timestamp{r.Int(11)};
  if (!r.IsNull(12)) n.acknowledged_at = core::Timestamp{r.Int(12)};
  return n;
}

// ---- scores ----

constexpr const char* kScoreSelect =
    "SELECT s.id, s.plan_id, s.period, s.agency_id, a.name, s.points, s.total, s.comment, "
    "s.scored_by_name, s.scored_at FROM plan_scores s JOIN agencies a ON a.id = s.agency_id ";

PlanScore ScoreFromRow(const Row& r) {
  PlanScore s;
  s.id = r.Int(0);
  s.plan_id = r.Int(1);
  s.period = r.Text(2);
  s.agency_id = r.Int(3);
  s.agency_name = r.Text(4);
  s.points = IntMap(r.Text(5));
  s.total = r.Int(6);
  s.comment = r.Text(7);
  s.scored_by_name = r.Text(8);
  s.scored_at = core::Timestamp{r.Int(9)};
  return s;
}

}  // namespace

std::string PlanRegionName(const std::string& code) {
  if (code == kNationalRegion) return "全国";
  std::string full = core::Regions().FullName(code);
  return full.empty() ? code : full;
}

// ---- plans ----

core::Status PlanStore::CountAssignments(std::vector<PlanSummary>& plans) {
  if (plans.empty()) return core::Status::Ok();
  std::vector<int64_t> ids;
  std::map<int64_t, PlanSummary*> by_id;
  for (PlanSummary& p : plans) {
    ids.push_back(p.id);
    by_id[p.id] = &p;
    p.assignments = 0;
  }
  return ForEachChunk(ids, [&](size_t n, const Params& params) -> core::Status {
    IPE_ASSIGN_OR_RETURN(
        auto rows, tx_.Query("SELECT plan_id, COUNT(*) FROM plan_assignments WHERE plan_id IN (" +
                                 Placeholders(n) + ") GROUP BY plan_id",
                             params));
    for (const Row& r : rows) by_id.at(r.Int(0))->assignments = r.Int(1);
    return core::Status::Ok();
  });
}

core::Result<std::optional<PlanSummary>> PlanStore::Find(int64_t plan_id) {
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query(std::string(kPlanSelect) + " WHERE p.id = ?",
                                            {plan_id}));
  if (rows.empty()) return std::optional<PlanSummary>();
  std::vector<PlanSummary> plans{PlanFromRow(rows[0])};
  IPE_RETURN_IF_ERROR(CountAssignments(plans));
  return std::optional<PlanSummary>(std::move(plans[0]));
}

core::Result<Page<PlanSummary>> PlanStore::List(const PlanScope& scope, const PageRequest& page) {
  std::string where = " WHERE 1 = 1";
  Params params;
  if (!scope.all) {
    where += " AND (";
    if (scope.region) {
      where += internal::RegionSubtreeSql("p.region_code", *scope.region, params) + " OR ";
    }
    where +=
        "EXISTS (SELECT 1 FROM plan_assignments pa2 WHERE pa2.plan_id = p.id AND "
        "pa2.agency_id = ?))";
    params.emplace_back(scope.agency_id);
  }
  IPE_ASSIGN_OR_RETURN(auto count, tx_.Query("SELECT COUNT(*) FROM plans p" + where, params));
  Params list_params = params;
  list_params.emplace_back(page.page_size);
  list_params.emplace_back(page.offset());
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query(std::string(kPlanSelect) + where +
                                                " ORDER BY p.year DESC, p.id DESC LIMIT ? OFFSET ?",
                                            list_params));
  Page<PlanSummary> out;
  out.total = count[0].Int(0);
  out.page = page.page;
  out.page_size = page.page_size;
  for (const Row& r : rows) out.items.push_back(PlanFromRow(r));
  IPE_RETURN_IF_ERROR(CountAssignments(out.items));
  return out;
}

core::Result<bool> PlanStore::AgencyHoldsAssignment(int64_t plan_id, int64_t agency_id) {
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query("SELECT 1 FROM plan_assignments WHERE plan_id = ? AND "
                                            "agency_id = ? LIMIT 1",
                                            {plan_id, agency_id}));
  return !rows.empty();
}

core::Result<std::optional<int64_t>> PlanStore::IdOf(int64_t year, const std::string& region_code,
                                                     const std::string& title) {
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query("SELECT id FROM plans WHERE year = ? AND "
                                            "region_code = ? AND title = ?",
                                            {year, region_code, title}));
  if (rows.empty()) return std::optional<int64_t>();
  return std::optional<int64_t>(rows[0].Int(0));
}

core::Result<std::map<std::string, int64_t>> PlanStore::ActiveAgencyIdsByName(
    const std::set<std::string>& names) {
  std::map<std::string, int64_t> out;
  if (names.empty()) return out;
  Params params(names.begin(), names.end());
  IPE_ASSIGN_OR_RETURN(auto rows,
                       tx_.Query("SELECT id, name FROM agencies WHERE active = 1 AND name IN (" +
                                     Placeholders(params.size()) + ")",
                                 params));
  for (const Row& r : rows) out[r.Text(1)] = r.Int(0);
  return out;
}

// ---- import ----

core::Result<int64_t> PlanStore::InsertPlan(const NewPlanRow& p) {
  IPE_ASSIGN_OR_RETURN(
      auto rows,
      tx_.Query("INSERT INTO plans (year, title, region_code, source_name, source_text, sections, "
                "tasks, items, clauses, created_by, created_by_name, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                {static_cast<int64_t>(p.year), p.title, p.region_code, p.source_name,
                 p.source_text, p.sections, p.tasks, p.items, p.clauses, Value(p.created_by),
                 p.created_by_name, p.created_at.seconds}));
  return rows[0].Int(0);
}

core::Result<std::map<std::string, int64_t>> PlanStore::InsertTree(
    int64_t plan_id, const plan::Plan& p, const std::vector<NewItemRow>& items) {
  std::vector<std::vector<Value>> section_rows, task_rows, item_rows;
  int64_t section_pos = 0, task_pos = 0;
  for (const plan::Section& sec : p.sections) {
    section_rows.push_back(
        {plan_id, static_cast<int64_t>(sec.number.value_or(0)), sec.title, ++section_pos});
    for (const plan::Task& t : sec.tasks) {
      task_rows.push_back({plan_id, static_cast<int64_t>(sec.number.value_or(0)),
                           static_cast<int64_t>(t.number.value_or(0)), t.title, ++task_pos});
    }
  }
  for (const NewItemRow& ir : items) {
    const plan::Item& i = *ir.item;
    item_rows.push_back({plan_id, ir.key.ToString(), static_cast<int64_t>(ir.key.section),
                         static_cast<int64_t>(ir.key.task), static_cast<int64_t>(ir.key.item),
                         i.number ? Value(static_cast<int64_t>(*i.number)) : Value(), i.text,
                         i.clause, i.has_clause});
  }
  IPE_RETURN_IF_ERROR(
      tx_.BulkInsert("plan_sections", {"plan_id", "number", "title", "position"}, section_rows));
  IPE_RETURN_IF_ERROR(tx_.BulkInsert(
      "plan_tasks", {"plan_id", "section_number", "number", "title", "position"}, task_rows));
  IPE_RETURN_IF_ERROR(tx_.BulkInsert("plan_items",
                                     {"plan_id", "item_key", "section_number", "task_number",
                                      "ordinal", "number", "text", "clause", "has_clause"},
                                     item_rows));
  std::map<std::string, int64_t> item_ids;
  IPE_ASSIGN_OR_RETURN(auto id_rows,
                       tx_.Query("SELECT id, item_key FROM plan_items WHERE plan_id = ?", {plan_id}));
  for (const Row& r : id_rows) item_ids[r.Text(1)] = r.Int(0);
  return item_ids;
}

core::Status PlanStore::InsertAssignments(
    int64_t plan_id, const std::vector<std::tuple<int64_t, int64_t, std::string>>& rows) {
  std::vector<std::vector<Value>> values;
  for (const auto& [item_id, agency_id, role] : rows) {
    values.push_back({plan_id, item_id, agency_id, role});
  }
  return tx_.BulkInsert("plan_assignments", {"plan_id", "item_id", "agency_id", "role"}, values);
}

core::Result<std::vector<int64_t>> PlanStore::InsertHolders(
    int64_t plan_id, const std::map<std::string, int64_t>& item_ids,
    const std::vector<NewHolderRow>& holders) {
  std::vector<std::vector<Value>> values;
  for (const NewHolderRow& u : holders) {
    values.push_back({plan_id, item_ids.at(u.item_key), u.name, u.role, u.resolution});
  }
  IPE_RETURN_IF_ERROR(tx_.BulkInsert(
      "plan_unassigned", {"plan_id", "item_id", "name", "role", "resolution"}, values));
  // Ids in insertion order, so that the answer can name the holders the office may assign.
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query("SELECT id FROM plan_unassigned WHERE plan_id = ? "
                                            "ORDER BY id",
                                            {plan_id}));
  std::vector<int64_t> ids;
  for (const Row& r : rows) ids.push_back(r.Int(0));
  return ids;
}

// ---- tree ----

core::Result<std::vector<SectionRow>> PlanStore::Sections(int64_t plan_id) {
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query("SELECT number, title FROM plan_sections WHERE "
                                            "plan_id = ? ORDER BY position",
                                            {plan_id}));
  std::vector<SectionRow> out;
  for (const Row& r : rows) out.push_back({r.Int(0), r.Text(1)});
  return out;
}

core::Result<std::vector<TaskRow>> PlanStore::Tasks(int64_t plan_id) {
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query("SELECT section_number, number, title FROM "
                                            "plan_tasks WHERE plan_id = ? ORDER BY position",
                                            {plan_id}));
  std::vector<TaskRow> out;
  for (const Row& r : rows) out.push_back({r.Int(0), r.Int(1), r.Text(2)});
  return out;
}

core::Result<std::vector<ItemRow>> PlanStore::Items(int64_t plan_id) {
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query("SELECT id, item_key, section_number, task_number, "
                                            "number, text FROM plan_items WHERE plan_id = ? "
                                            "ORDER BY id",
                                            {plan_id}));
  std::vector<ItemRow> out;
  for (const Row& r : rows) {
    out.push_back({r.Int(0), r.Text(1), r.Int(2), r.Int(3), r.OptInt(4), r.Text(5)});
  }
  return out;
}

core::Result<PlanHolders> PlanStore::Holders(int64_t plan_id) {
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query("SELECT u.item_id, i.item_key, u.name, u.role, "
                                            "u.resolution, u.id, u.resolved_at, "
                                            "u.resolved_by_name, u.resolved_agency_ids FROM "
                                            "plan_unassigned u JOIN plan_items i ON i.id = "
                                            "u.item_id WHERE u.plan_id = ? ORDER BY u.id",
                                            {plan_id}));
  PlanHolders out;
  std::map<int64_t, std::string> names;
  for (const Row& r : rows) {
    if (r.IsNull(6)) {
      UnassignedHolder h{r.Text(1), r.Text(2), r.Text(3), r.Text(4)};
      h.id = r.Int(5);
      out.unassigned[r.Int(0)].push_back(std::move(h));
      continue;
    }
    ResolvedHolder h;
    h.id = r.Int(5);
    h.name = r.Text(2);
    h.role = r.Text(3);
    h.resolution = r.Text(4);
    h.resolved_at = core::Timestamp{r.Int(6)};
    h.resolved_by_name = r.Text(7);
    Json ids = Json::parse(r.Text(8), nullptr, false);
    if (ids.is_array()) {
      for (const Json& id : ids) {
        if (id.is_number_integer()) h.agencies.emplace_back(id.get<int64_t>(), "");
      }
    }
    for (const auto& [aid, _] : h.agencies) names[aid];
    out.resolved[r.Int(0)].push_back(std::move(h));
  }
  if (names.empty()) return out;
  std::vector<int64_t> ids;
  for (const auto& [aid, _] : names) ids.push_back(aid);
  IPE_ASSIGN_OR_RETURN(auto agencies, Agencies(ids));
  for (auto& [_, list] : out.resolved) {
    for (ResolvedHolder& h : list) {
      for (auto& [aid, name] : h.agencies) {
        auto it = agencies.find(aid);
        name = it == agencies.end() ? "" : it->second.name;
      }
    }
  }
  return out;
}

// ---- assignments ----

core::Result<std::vector<AssignmentRow>> PlanStore::Assignments(int64_t plan_id,
                                                                std::optional<int64_t> agency_id) {
  std::string sql = std::string(kAssignmentSelect) + "WHERE pa.plan_id = ?";
  Params params{plan_id};
  if (agency_id) {
    sql += " AND pa.agency_id = ?";
    params.emplace_back(*agency_id);
  }
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query(sql + kAssignmentOrder, params));
  std::vector<AssignmentRow> out;
  for (const Row& r : rows) out.push_back(AssignmentFromRow(r));
  return out;
}

core::Result<std::vector<AssignmentRow>> PlanStore::AssignmentsWithIds(
    const std::vector<int64_t>& ids) {
  std::vector<AssignmentRow> out;
  IPE_RETURN_IF_ERROR(ForEachChunk(ids, [&](size_t n, const Params& params) -> core::Status {
    IPE_ASSIGN_OR_RETURN(auto rows,
                         tx_.Query(std::string(kAssignmentSelect) + "WHERE pa.id IN (" +
                                       Placeholders(n) + ")" + kAssignmentOrder,
                                   params));
    for (const Row& r : rows) out.push_back(AssignmentFromRow(r));
    return core::Status::Ok();
  }));
  return out;
}

core::Result<std::optional<AssignmentRow>> PlanStore::Assignment(int64_t assignment_id) {
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query(std::string(kAssignmentSelect) + "WHERE pa.id = ?",
                                            {assignment_id}));
  if (rows.empty()) return std::optional<AssignmentRow>();
  return std::optional<AssignmentRow>(AssignmentFromRow(rows[0]));
}

core::Result<std::map<int64_t, std::vector<ReportFact>>> PlanStore::ReportFacts(int64_t plan_id) {
  IPE_ASSIGN_OR_RETURN(
      auto rows, tx_.Query(std::string(kReportFactSelect) +
                               "JOIN plan_assignments pa ON pa.id = r.assignment_id "
                               "WHERE pa.plan_id = ? ORDER BY r.submitted_at, r.id",
                           {plan_id}));
  std::map<int64_t, std::vector<ReportFact>> out;
  for (const Row& r : rows) {
    ReportFact f = ReportFactFromRow(r);
    out[f.assignment_id].push_back(std::move(f));
  }
  return out;
}

core::Result<std::vector<ReportFact>> PlanStore::ReportFactsOf(int64_t assignment_id) {
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query(std::string(kReportFactSelect) +
                                                "WHERE r.assignment_id = ? "
                                                "ORDER BY r.submitted_at, r.id",
                                            {assignment_id}));
  std::vector<ReportFact> out;
  for (const Row& r : rows) out.push_back(ReportFactFromRow(r));
  return out;
}

core::Status PlanStore::SetDueDate(int64_t assignment_id, std::optional<core::Date> due) {
  return tx_
      .Exec("UPDATE plan_assignments SET due_date = ? WHERE id = ?",
            {OptDateValue(due), assignment_id})
      .status();
}

core::Result<int64_t> PlanStore::SetDueDates(int64_t plan_id, core::Date due,
                                             std::optional<int64_t> task_number,
                                             std::optional<int64_t> agency_id) {
  std::string where = " WHERE plan_id = ?";
  Params params{due.ToString(), plan_id};
  if (task_number) {
    where += " AND item_id IN (SELECT id FROM plan_items WHERE plan_id = ? AND task_number = ?)";
    params.emplace_back(plan_id);
    params.emplace_back(*task_number);
  }
  if (agency_id) {
    where += " AND agency_id = ?";
    params.emplace_back(*agency_id);
  }
  return tx_.Exec("UPDATE plan_assignments SET due_date = ?" + where, params);
}

core::Result<std::optional<int64_t>> PlanStore::AssignmentAgency(int64_t plan_id,
                                                                 int64_t assignment_id) {
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query("SELECT agency_id FROM plan_assignments WHERE "
                                            "id = ? AND plan_id = ?",
                                            {assignment_id, plan_id}));
  if (rows.empty()) return std::optional<int64_t>();
  return std::optional<int64_t>(rows[0].Int(0));
}

// ---- unassigned holders ----

core::Result<std::optional<HolderRow>> PlanStore::Holder(int64_t plan_id, int64_t holder_id) {
  IPE_ASSIGN_OR_RETURN(auto rows,
                       tx_.Query("SELECT u.item_id, i.item_key, u.name, u.role, u.resolution, "
                                 "u.resolved_at FROM plan_unassigned u JOIN plan_items i ON "
                                 "i.id = u.item_id WHERE u.id = ? AND u.plan_id = ?",
                                 {holder_id, plan_id}));
  if (rows.empty()) return std::optional<HolderRow>();
  const Row& r = rows[0];
  return std::optional<HolderRow>(
      HolderRow{r.Int(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4), !r.IsNull(5)});
}

core::Result<std::map<int64_t, PlanAgency>> PlanStore::Agencies(const std::vector<int64_t>& ids) {
  std::map<int64_t, PlanAgency> out;
  IPE_RETURN_IF_ERROR(ForEachChunk(ids, [&](size_t n, const Params& params) -> core::Status {
    IPE_ASSIGN_OR_RETURN(auto rows,
                         tx_.Query("SELECT id, name, region_code, active FROM agencies WHERE id "
                                   "IN (" + Placeholders(n) + ")",
                                   params));
    for (const Row& r : rows) out[r.Int(0)] = {r.Int(0), r.Text(1), r.Text(2), r.Int(3) != 0};
    return core::Status::Ok();
  }));
  return out;
}

core::Result<std::vector<ItemHolding>> PlanStore::HoldingsOfItem(int64_t item_id) {
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query("SELECT id, agency_id, role FROM plan_assignments "
                                            "WHERE item_id = ?",
                                            {item_id}));
  std::vector<ItemHolding> out;
  for (const Row& r : rows) out.push_back({r.Int(0), r.Int(1), r.Text(2)});
  return out;
}

core::Status PlanStore::MakeLead(int64_t assignment_id) {
  return tx_.Exec("UPDATE plan_assignments SET role = 'lead' WHERE id = ?", {assignment_id})
      .status();
}

core::Result<int64_t> PlanStore::InsertAssignment(int64_t plan_id, int64_t item_id,
                                                  int64_t agency_id, const std::string& role) {
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query("INSERT INTO plan_assignments (plan_id, item_id, "
                                            "agency_id, role) VALUES (?, ?, ?, ?) RETURNING id",
                                            {plan_id, item_id, agency_id, role}));
  return rows[0].Int(0);
}

core::Result<int64_t> PlanStore::ResolveHolder(int64_t holder_id, core::Timestamp at,
                                               std::optional<int64_t> by,
                                               const std::string& by_name,
                                               const std::string& agency_ids_json) {
  return tx_.Exec(
      "UPDATE plan_unassigned SET resolved_at = ?, resolved_by = ?, resolved_by_name = ?, "
      "resolved_agency_ids = ? WHERE id = ? AND resolved_at IS NULL",
      {at.seconds, Value(by), by_name, agency_ids_json, holder_id});
}

// ---- reports ----

core::Status PlanStore::AttachAttachments(std::vector<PlanReport>& reports) {
  std::vector<int64_t> ids;
  std::map<int64_t, PlanReport*> by_id;
  for (PlanReport& r : reports) {
    ids.push_back(r.id);
    by_id[r.id] = &r;
  }
  return ForEachChunk(ids, [&](size_t n, const Params& params) -> core::Status {
    IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query("SELECT id, report_id, filename, size, content_type "
                                              "FROM plan_attachments WHERE report_id IN (" +
                                                  Placeholders(n) + ") ORDER BY id",
                                              params));
    for (const Row& r : rows) {
      by_id.at(r.Int(1))->attachments.push_back({r.Int(0), r.Text(2), r.Int(3), r.Text(4)});
    }
    return core::Status::Ok();
  });
}

core::Result<std::vector<PlanReport>> PlanStore::Reports(int64_t assignment_id) {
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query(std::string(kReportSelect) +
                                                "WHERE assignment_id = ? "
                                                "ORDER BY submitted_at DESC, id DESC",
                                            {assignment_id}));
  std::vector<PlanReport> out;
  for (const Row& r : rows) out.push_back(ReportFromRow(r));
  IPE_RETURN_IF_ERROR(AttachAttachments(out));
  return out;
}

core::Result<PlanReport> PlanStore::Report(int64_t report_id) {
  IPE_ASSIGN_OR_RETURN(auto rows,
                       tx_.Query(std::string(kReportSelect) + "WHERE id = ?", {report_id}));
  if (rows.empty()) return core::NotFound("进展报告不存在 (report not found)");
  std::vector<PlanReport> out{ReportFromRow(rows[0])};
  IPE_RETURN_IF_ERROR(AttachAttachments(out));
  return std::move(out[0]);
}

core::Result<int64_t> PlanStore::InsertReport(const NewReportRow& r) {
  IPE_ASSIGN_OR_RETURN(
      auto rows,
      tx_.Query("INSERT INTO plan_reports (assignment_id, period, period_first, period_last, "
                "status, narrative, figures, submitted_by, submitted_by_name, submitted_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                {r.assignment_id, r.period, r.period_first.ToString(), r.period_last.ToString(),
                 r.status, r.narrative, r.figures_json, Value(r.submitted_by),
                 r.submitted_by_name, r.submitted_at.seconds}));
  return rows[0].Int(0);
}

core::Status PlanStore::InsertAttachment(int64_t report_id, const NewAttachmentRow& a) {
  return tx_
      .Exec("INSERT INTO plan_attachments (report_id, filename, content_type, size, data_base64) "
            "VALUES (?, ?, ?, ?, ?)",
            {report_id, a.filename, a.content_type, a.size, a.data_base64})
      .status();
}

core::Result<std::optional<StoredAttachment>> PlanStore::Attachment(int64_t attachment_id) {
  IPE_ASSIGN_OR_RETURN(auto rows,
                       tx_.Query("SELECT f.filename, f.content_type, f.data_base64, "
                                 "r.assignment_id FROM plan_attachments f JOIN plan_reports r "
                                 "ON r.id = f.report_id WHERE f.id = ?",
                                 {attachment_id}));
  if (rows.empty()) return std::optional<StoredAttachment>();
  const Row& r = rows[0];
  return std::optional<StoredAttachment>(
      StoredAttachment{r.Text(0), r.Text(1), r.Text(2), r.Int(3)});
}

// ---- notices ----

core::Result<std::vector<PlanNotice>> PlanStore::Notices(int64_t plan_id,
                                                         const std::optional<std::string>& kind) {
  std::string sql = std::string(kNoticeSelect) + "WHERE n.plan_id = ?";
  Params params{plan_id};
  if (kind) {
    sql += " AND n.kind = ?";
    params.emplace_back(*kind);
  }
  IPE_ASSIGN_OR_RETURN(auto rows,
                       tx_.Query(sql + " ORDER BY n.created_at DESC, n.id DESC", params));
  std::vector<PlanNotice> out;
  for (const Row& r : rows) out.push_back(NoticeFromRow(r));
  return out;
}

core::Result<std::optional<PlanNotice>> PlanStore::Notice(int64_t notice_id) {
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query(std::string(kNoticeSelect) + "WHERE n.id = ?",
                                            {notice_id}));
  if (rows.empty()) return std::optional<PlanNotice>();
  return std::optional<PlanNotice>(NoticeFromRow(rows[0]));
}

core::Result<int64_t> PlanStore::InsertNotice(const NewNoticeRow& n) {
  IPE_ASSIGN_OR_RETURN(
      auto rows,
      tx_.Query("INSERT INTO plan_notices (plan_id, kind, agency_id, region_code, assignment_id, "
                "title, text, due_date, created_by, created_by_name, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                {n.plan_id, n.kind, Value(n.agency_id), Value(n.region_code),
                 Value(n.assignment_id), n.title, n.text, OptDateValue(n.due_date),
                 Value(n.created_by), n.created_by_name, n.created_at.seconds}));
  return rows[0].Int(0);
}

core::Status PlanStore::AcknowledgeNotice(int64_t notice_id, core::Timestamp at,
                                          std::optional<int64_t> by) {
  IPE_ASSIGN_OR_RETURN(int64_t updated,
                       tx_.Exec("UPDATE plan_notices SET acknowledged_at = ?, acknowledged_by = ? "
                                "WHERE id = ? AND acknowledged_at IS NULL",
                                {at.seconds, Value(by), notice_id}));
  if (updated == 0) return core::FailedPrecondition("通知已签收 (already acknowledged)");
  return core::Status::Ok();
}

core::Result<std::optional<std::string>> PlanStore::ActiveAgencyRegion(int64_t agency_id) {
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query("SELECT region_code FROM agencies WHERE id = ? AND "
                                            "active = 1",
                                            {agency_id}));
  if (rows.empty()) return std::optional<std::string>();
  return std::optional<std::string>(rows[0].Text(0));
}

// ---- assessment ----

core::Result<std::optional<plan::Rubric>> PlanStore::Rubric(int64_t plan_id) {
  IPE_ASSIGN_OR_RETURN(auto rows,
                       tx_.Query("SELECT criteria FROM plan_rubrics WHERE plan_id = ?", {plan_id}));
  if (rows.empty()) return std::optional<plan::Rubric>();
  plan::Rubric rubric;
  Json j = Json::parse(rows[0].Text(0), nullptr, false);
  if (!j.is_array()) return core::Internal("stored rubric is not a JSON array");
  for (const Json& c : j) {
    rubric.criteria.push_back({c.value("id", ""), c.value("name", ""), c.value("max_points", 0)});
  }
  return std::optional<plan::Rubric>(std::move(rubric));
}

core::Status PlanStore::SaveRubric(int64_t plan_id, const std::string& criteria_json,
                                   std::optional<int64_t> by, core::Timestamp at) {
  IPE_ASSIGN_OR_RETURN(int64_t updated,
                       tx_.Exec("UPDATE plan_rubrics SET criteria = ?, updated_by = ?, "
                                "updated_at = ? WHERE plan_id = ?",
                                {criteria_json, Value(by), at.seconds, plan_id}));
  if (updated > 0) return core::Status::Ok();
  return tx_
      .Exec("INSERT INTO plan_rubrics (plan_id, criteria, updated_by, updated_at) "
            "VALUES (?, ?, ?, ?)",
            {plan_id, criteria_json, Value(by), at.seconds})
      .status();
}

core::Result<std::vector<PlanScore>> PlanStore::Scores(int64_t plan_id,
                                                       const std::optional<std::string>& period) {
  std::string sql = std::string(kScoreSelect) + "WHERE s.plan_id = ?";
  Params params{plan_id};
  if (period) {
    sql += " AND s.period = ?";
    params.emplace_back(*period);
  }
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query(sql, params));
  std::vector<PlanScore> out;
  for (const Row& r : rows) out.push_back(ScoreFromRow(r));
  return out;
}

core::Result<std::optional<PlanScore>> PlanStore::Score(int64_t plan_id, const std::string& period,
                                                        int64_t agency_id) {
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query(std::string(kScoreSelect) +
                                                "WHERE s.plan_id = ? AND s.period = ? AND "
                                                "s.agency_id = ?",
                                            {plan_id, period, agency_id}));
  if (rows.empty()) return std::optional<PlanScore>();
  return std::optional<PlanScore>(ScoreFromRow(rows[0]));
}

core::Result<PlanScore> PlanStore::UpsertScore(const NewScoreRow& s) {
  IPE_ASSIGN_OR_RETURN(
      auto ins,
      tx_.Query("INSERT INTO plan_scores (plan_id, period, agency_id, points, total, comment, "
                "scored_by, scored_by_name, scored_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (plan_id, period, agency_id) DO UPDATE SET points = excluded.points, "
                "total = excluded.total, comment = excluded.comment, scored_by = "
                "excluded.scored_by, scored_by_name = excluded.scored_by_name, scored_at = "
                "excluded.scored_at RETURNING id",
                {s.plan_id, s.period, s.agency_id, s.points_json, s.total, s.comment,
                 Value(s.scored_by), s.scored_by_name, s.scored_at.seconds}));
  IPE_ASSIGN_OR_RETURN(auto rows,
                       tx_.Query(std::string(kScoreSelect) + "WHERE s.id = ?", {ins[0].Int(0)}));
  return ScoreFromRow(rows[0]);
}

}  // namespace ipe::app
