// Work-plan tracking (工作要点跟踪): import, assignments, reports, notices, assessment, matrix.
#include "app/plans.h"

#include <sodium.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "app/audit.h"
#include "app/internal/text.h"
#include "app/permissions.h"
#include "core/region.h"
#include "plan/model.h"
#include "plan/parser.h"

namespace ipe::app {
namespace {

using Json = nlohmann::json;
using storage::Params;
using storage::Row;
using storage::Value;

// ---- Permissions: the one place plan access is decided ----

enum class PlanAccess {
  kAgency,   // sees and reports on its own agency's assignments only
  kReader,   // auditor, analyst: reads everything of a plan in the region subtree
  kManager,  // office, admin: reads and manages plans in the region subtree
};

PlanAccess AccessFor(const Principal& who, const std::string& plan_region) {
  if (who.is_system()) return PlanAccess::kManager;
  if (RegionWithin(who.region_code, plan_region)) {
    if (who.Has(Role::kOffice) || who.Has(Role::kAdmin)) return PlanAccess::kManager;
    if (who.Has(Role::kAuditor) || who.Has(Role::kAnalyst)) return PlanAccess::kReader;
  }
  return PlanAccess::kAgency;
}

bool MayReport(const Principal& who, PlanAccess access, int64_t assignment_agency) {
  if (access == PlanAccess::kManager) return true;
  return assignment_agency == who.agency_id &&
         (who.Has(Role::kOfficer) || who.Has(Role::kAgencyHead));
}

core::Status RequireManager(PlanAccess access, std::string_view action_zh) {
  if (access == PlanAccess::kManager) return core::Status::Ok();
  return core::PermissionDenied("无权" + std::string(action_zh) +
                                " (only the leading group's office or an administrator)");
}

core::Status NotFoundPlan(int64_t id) {
  return core::NotFound("工作要点不存在或无权查看 (plan not found): " + std::to_string(id));
}
core::Status NotFoundAssignment(int64_t id) {
  return core::NotFound("责任分工不存在或无权查看 (assignment not found): " + std::to_string(id));
}

core::Status Invalid(const std::string& field, const std::string& message) {
  return core::Status(core::InvalidArgument("输入有误 (invalid input): " + message))
      .AddFieldError(field, message);
}

// ---- Small helpers ----

std::string RegionName(const std::string& code) {
  if (code == kNationalRegion) return "全国";
  std::string full = core::Regions().FullName(code);
  return full.empty() ? code : full;
}

std::string ActorName(const Principal& who) {
  if (who.is_system()) return "系统";
  return who.display_name.empty() ? who.login : who.display_name;
}

Value ActorId(const Principal& who) { return Value(who.actor_id()); }

bool IsValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (size_t k = 1; k < n; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    // No overlong forms, surrogates or code points above U+10FFFF (PostgreSQL refuses them).
    unsigned char c1 = n > 1 ? static_cast<unsigned char>(s[i + 1]) : 0;
    if ((n == 2 && c < 0xC2) || (n == 3 && c == 0xE0 && c1 < 0xA0) ||
        (n == 3 && c == 0xED && c1 >= 0xA0) || (n == 4 && c == 0xF0 && c1 < 0x90) ||
        (n == 4 && (c > 0xF4 || (c == 0xF4 && c1 >= 0x90)))) {
      return false;
    }
    i += n;
  }
  return true;
}

size_t CodePoints(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::optional<core::Date> OptDate(const Row& r, size_t col) {
  if (r.IsNull(col)) return std::nullopt;
  auto d = core::ParseDate(r.Text(col));
  return d ? std::optional<core::Date>(*d) : std::nullopt;
}

Value DateValue(const std::optional<core::Date>& d) { return d ? Value(d->ToString()) : Value(); }

core::Date Today(Context& ctx) { return core::LocalDate(ctx.Now()); }

std::map<std::string, int64_t> IntMap(const std::string& json_text) {
  std::map<std::string, int64_t> out;
  Json j = Json::parse(json_text, nullptr, false);
  if (!j.is_object()) return out;
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (it.value().is_number_integer()) out[it.key()] = it.value().get<int64_t>();
  }
  return out;
}

Json IntMapJson(const std::map<std::string, int64_t>& m) {
  Json j = Json::object();
  for (const auto& [k, v] : m) j[k] = v;
  return j;
}

// ---- Plans ----

constexpr const char* kPlanColumns =
    "p.id, p.year, p.title, p.region_code, p.sections, p.tasks, p.items, p.clauses, "
    "(SELECT COUNT(*) FROM plan_assignments pa WHERE pa.plan_id = p.id), p.created_at, "
    "p.created_by_name";

PlanSummary PlanFromRow(const Row& r) {
  PlanSummary p;
  p.id = r.Int(0);
  p.year = static_cast<int>(r.Int(1));
  p.title = r.Text(2);
  p.region_code = r.Text(3);
  p.region_name = RegionName(p.region_code);
  p.sections = r.Int(4);
  p.tasks = r.Int(5);
  p.items = r.Int(6);
  p.clauses = r.Int(7);
  p.assignments = r.Int(8);
  p.created_at = core::Timestamp{r.Int(9)};
  p.created_by = r.Text(10);
  return p;
}

core::Result<bool> AgencyHoldsAssignment(storage::Tx& tx, int64_t plan_id, int64_t agency_id) {
  IPE_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT 1 FROM plan_assignments WHERE plan_id = ? AND "
                                           "agency_id = ? LIMIT 1",
                                           {plan_id, agency_id}));
  return !rows.empty();
}

struct VisiblePlan {
  PlanSummary summary;
  PlanAccess access = PlanAccess::kAgency;
};

// The plan if the caller may see it: managers and readers within scope, agencies holding one of
// its assignments. NotFound for unknown and invisible alike.
core::Result<VisiblePlan> LoadVisiblePlan(storage::Tx& tx, const Principal& who, int64_t id) {
  IPE_ASSIGN_OR_RETURN(
      auto rows,
      tx.Query(std::string("SELECT ") + kPlanColumns + " FROM plans p WHERE p.id = ?", {id}));
  if (rows.empty()) return NotFoundPlan(id);
  VisiblePlan v{PlanFromRow(rows[0]), PlanAccess::kAgency};
  v.access = AccessFor(who, v.summary.region_code);
  if (v.access == PlanAccess::kAgency) {
    IPE_ASSIGN_OR_RETURN(bool holds, AgencyHoldsAssignment(tx, id, who.agency_id));
    if (!holds) return NotFoundPlan(id);
  }
  return v;
}

// ---- Periods ----

struct ParsedPeriod {
  int year = 0;
  plan::Period period;
};

core::Result<ParsedPeriod> ParsePeriodText(const std::string& text) {
  auto bad = [&] {
    return core::InvalidArgument("期间格式应为 2020、2020-H1、2020-Q2 或 2020-M04 (bad period): " +
                                 text);
  };
  if (text.size() < 4) return bad();
  for (size_t i = 0; i < 4; ++i) {
    if (text[i] < '0' || text[i] > '9') return bad();
  }
  int year = std::stoi(text.substr(0, 4));
  if (year < 1990 || year > 2999) return bad();
  if (text.size() == 4) return ParsedPeriod{year, plan::YearOf(year)};
  if (text[4] != '-' || text.size() < 7) return bad();
  char kind = text[5];
  std::string rest = text.substr(6);
  for (char c : rest) {
    if (c < '0' || c > '9') return bad();
  }
  core::Result<plan::Period> p = core::InvalidArgument("");
  if (kind == 'H' && rest.size() == 1) {
    p = plan::HalfOf(year, rest[0] - '0');
  } else if (kind == 'Q' && rest.size() == 1) {
    p = plan::QuarterOf(year, rest[0] - '0');
  } else if (kind == 'M' && rest.size() == 2) {
    p = plan::MonthOf(year, std::stoi(rest));
  } else {
    return bad();
  }
  if (!p) return bad();
  return ParsedPeriod{year, *p};
}

// ---- Assignments with their computed status ----

struct ReportFact {
  int64_t assignment_id = 0;
  plan::Report report;
  core::Timestamp submitted_at;
};

constexpr const char* kAssignmentSelect =
    "SELECT pa.id, pa.plan_id, i.item_key, i.task_number, t.title, i.text, pa.agency_id, a.name, "
    "pa.role, pa.due_date, i.id "
    "FROM plan_assignments pa JOIN plan_items i ON i.id = pa.item_id "
    "JOIN agencies a ON a.id = pa.agency_id "
    "LEFT JOIN plan_tasks t ON t.plan_id = i.plan_id AND t.section_number = i.section_number "
    "AND t.number = i.task_number ";
constexpr const char* kAssignmentOrder =
    " ORDER BY i.id, CASE WHEN pa.role = 'lead' THEN 0 ELSE 1 END, pa.id";

struct AssignmentRow {
  PlanAssignment a;
  int64_t item_id = 0;
};

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

core::Result<std::map<int64_t, std::vector<ReportFact>>> LoadReportFacts(storage::Tx& tx,
                                                                         int64_t plan_id) {
  IPE_ASSIGN_OR_RETURN(
      auto rows,
      tx.Query("SELECT r.assignment_id, r.status, r.submitted_at, r.period_first, r.period_last "
               "FROM plan_reports r JOIN plan_assignments pa ON pa.id = r.assignment_id "
               "WHERE pa.plan_id = ? ORDER BY r.submitted_at, r.id",
               {plan_id}));
  std::map<int64_t, std::vector<ReportFact>> out;
  for (const Row& r : rows) {
    ReportFact f;
    f.assignment_id = r.Int(0);
    f.report.status = plan::ParseReportStatus(r.Text(1)).value();
    f.submitted_at = core::Timestamp{r.Int(2)};
    f.report.submitted = core::LocalDate(f.submitted_at);
    f.report.period = {core::ParseDate(r.Text(3)).value(), core::ParseDate(r.Text(4)).value()};
    out[f.assignment_id].push_back(std::move(f));
  }
  return out;
}

// Fills latest_status, latest_report_at and overdue. Reports are the assignment's, oldest first;
// with `period`, only reports whose period overlaps it count for the status. Overdue: the due date
// has passed and the latest report (any period) is not 已完成 — plan::IsOverdue over the reports
// when the latest is completed, over none otherwise (a 推进中 report does not discharge a due
// task).
void ComputeStatus(PlanAssignment& a, const std::vector<ReportFact>& facts, core::Date today,
                   const std::optional<plan::Period>& period) {
  std::vector<plan::Report> all;
  std::vector<plan::Report> in_period;
  for (const ReportFact& f : facts) {
    if (f.submitted_at > a.latest_report_at.value_or(core::Timestamp{INT64_MIN})) {
      a.latest_report_at = f.submitted_at;
    }
    all.push_back(f.report);
    if (period && (f.report.period.first > period->last || f.report.period.last < period->first)) {
      continue;
    }
    in_period.push_back(f.report);
  }
  a.latest_status = plan::ReportStatusName(plan::LatestStatus(period ? in_period : all));
  // Only a task whose latest report says 已完成 is discharged: an assignment reopened by a later
  // 推进中 or 受阻 report is overdue again.
  static const std::vector<plan::Report> kNoReport;
  bool completed = plan::LatestStatus(all) == plan::ReportStatus::kCompleted;
  a.overdue = a.due_date && plan::IsOverdue(*a.due_date, completed ? all : kNoReport, today);
}

// The assignments of a plan the caller may see, statuses computed.
core::Result<std::vector<AssignmentRow>> LoadAssignments(
    storage::Tx& tx, Context& ctx, const Principal& who, const VisiblePlan& plan,
    const std::optional<plan::Period>& period) {
  std::string sql = std::string(kAssignmentSelect) + "WHERE pa.plan_id = ?";
  Params params{plan.summary.id};
  if (plan.access == PlanAccess::kAgency) {
    sql += " AND pa.agency_id = ?";
    params.emplace_back(who.agency_id);
  }
  IPE_ASSIGN_OR_RETURN(auto rows, tx.Query(sql + kAssignmentOrder, params));
  IPE_ASSIGN_OR_RETURN(auto facts, LoadReportFacts(tx, plan.summary.id));
  core::Date today = Today(ctx);
  std::vector<AssignmentRow> out;
  static const std::vector<ReportFact> kNone;
  for (const Row& r : rows) {
    AssignmentRow row = AssignmentFromRow(r);
    auto it = facts.find(row.a.id);
    ComputeStatus(row.a, it == facts.end() ? kNone : it->second, today, period);
    out.push_back(std::move(row));
  }
  return out;
}

struct VisibleAssignment {
  VisiblePlan plan;
  PlanAssignment a;
};

core::Result<VisibleAssignment> LoadVisibleAssignment(storage::Tx& tx, Context& ctx,
                                                      const Principal& who, int64_t id) {
  IPE_ASSIGN_OR_RETURN(auto rows,
                       tx.Query(std::string(kAssignmentSelect) + "WHERE pa.id = ?", {id}));
  if (rows.empty()) return NotFoundAssignment(id);
  AssignmentRow row = AssignmentFromRow(rows[0]);
  auto plan = LoadVisiblePlan(tx, who, row.a.plan_id);
  if (!plan) {
    if (plan.error().code() == core::StatusCode::kNotFound) return NotFoundAssignment(id);
    return plan.error();
  }
  if (plan->access == PlanAccess::kAgency && row.a.agency_id != who.agency_id) {
    return NotFoundAssignment(id);
  }
  IPE_ASSIGN_OR_RETURN(auto facts, LoadReportFacts(tx, row.a.plan_id));
  static const std::vector<ReportFact> kNone;
  auto it = facts.find(id);
  ComputeStatus(row.a, it == facts.end() ? kNone : it->second, Today(ctx), std::nullopt);
  return VisibleAssignment{std::move(*plan), std::move(row.a)};
}

template <typename T>
Page<T> Paginate(std::vector<T> all, const PageRequest& page) {
  Page<T> out;
  out.total = static_cast<int64_t>(all.size());
  out.page = page.page;
  out.page_size = page.page_size;
  for (int64_t i = page.offset(); i < out.total && i < page.offset() + page.page_size; ++i) {
    out.items.push_back(std::move(all[static_cast<size_t>(i)]));
  }
  return out;
}

Json AssignmentJson(const PlanAssignment& a) {
  return Json{{"id", a.id},
              {"plan_id", a.plan_id},
              {"item_key", a.item_key},
              {"agency_id", a.agency_id},
              {"agency_name", a.agency_name},
              {"role", a.role},
              {"due_date", a.due_date ? Json(a.due_date->ToString()) : Json()}};
}

// ---- Import ----

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

core::Result<std::pair<core::Date, core::Date>> ParsePlanPeriod(const std::string& period) {
  IPE_ASSIGN_OR_RETURN(auto p, ParsePeriodText(period));
  return std::pair{p.period.first, p.period.last};
}

core::Result<PlanImportResult> ImportPlan(Context& ctx, const Principal& who,
                                          const PlanImportInput& in) {
  IPE_RETURN_IF_ERROR(RequireAnyRole(who, {Role::kOffice, Role::kAdmin}, "导入工作要点"));
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
  if (!IsValidUtf8(in.text)) return Invalid("text", "文本不是有效的 UTF-8 (text is not UTF-8)");

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
  s.region_name = RegionName(region);
  s.sections = static_cast<int64_t>(p.sections.size());
  s.tasks = static_cast<int64_t>(p.TaskCount());
  s.clauses = static_cast<int64_t>(p.ClauseCount());
  s.created_at = ctx.Now();
  s.created_by = ActorName(who);

  // Items in document order with their keys (plan::DeriveAssignments numbers them the same way).
  struct ItemRow {
    plan::ItemKey key;
    const plan::Item* item;
  };
  std::vector<ItemRow> items;
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
  // Canonical names → registered agencies.
  std::map<std::string, int64_t> agency_ids;
  {
    std::set<std::string> names;
    for (const plan::Assignment& a : derived.assignments) names.insert(a.agency);
    if (!names.empty()) {
      std::string sql = "SELECT id, name FROM agencies WHERE active = 1 AND name IN (";
      Params params;
      for (const std::string& n : names) {
        sql += params.empty() ? "?" : ", ?";
        params.emplace_back(n);
      }
      IPE_ASSIGN_OR_RETURN(auto rows, tx->Query(sql + ")", params));
      for (const Row& r : rows) agency_ids[r.Text(1)] = r.Int(0);
    }
  }
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

  IPE_ASSIGN_OR_RETURN(auto dup, tx->Query("SELECT id FROM plans WHERE year = ? AND "
                                           "region_code = ? AND title = ?",
                                           {static_cast<int64_t>(s.year), region, s.title}));
  if (!dup.empty()) {
    return core::AlreadyExists("该工作要点已导入 (plan already imported): 编号 " +
                               std::to_string(dup[0].Int(0)));
  }
  if (in.dry_run) return result;

  auto inserted = tx->Query(
      "INSERT INTO plans (year, title, region_code, source_name, source_text, sections, tasks, "
      "items, clauses, created_by, created_by_name, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {static_cast<int64_t>(s.year), s.title, region, source_name, in.text, s.sections, s.tasks,
       s.items, s.clauses, ActorId(who), s.created_by, s.created_at.seconds});
  if (!inserted) {
    if (inserted.error().code() == core::StatusCode::kAlreadyExists) {
      return core::AlreadyExists("该工作要点已导入 (plan already imported)");
    }
    return inserted.error();
  }
  s.id = (*inserted)[0].Int(0);

  std::vector<std::vector<Value>> section_rows, task_rows, item_rows;
  int64_t section_pos = 0, task_pos = 0;
  for (const plan::Section& sec : p.sections) {
    section_rows.push_back(
        {s.id, static_cast<int64_t>(sec.number.value_or(0)), sec.title, ++section_pos});
    for (const plan::Task& t : sec.tasks) {
      task_rows.push_back({s.id, static_cast<int64_t>(sec.number.value_or(0)),
                           static_cast<int64_t>(t.number.value_or(0)), t.title, ++task_pos});
    }
  }
  for (const ItemRow& ir : items) {
    const plan::Item& i = *ir.item;
    item_rows.push_back({s.id, ir.key.ToString(), static_cast<int64_t>(ir.key.section),
                         static_cast<int64_t>(ir.key.task), static_cast<int64_t>(ir.key.item),
                         i.number ? Value(static_cast<int64_t>(*i.number)) : Value(), i.text,
                         i.clause, i.has_clause});
  }
  IPE_RETURN_IF_ERROR(
      tx->BulkInsert("plan_sections", {"plan_id", "number", "title", "position"}, section_rows));
  IPE_RETURN_IF_ERROR(tx->BulkInsert(
      "plan_tasks", {"plan_id", "section_number", "number", "title", "position"}, task_rows));
  IPE_RETURN_IF_ERROR(tx->BulkInsert("plan_items",
                                     {"plan_id", "item_key", "section_number", "task_number",
                                      "ordinal", "number", "text", "clause", "has_clause"},
                                     item_rows));
  std::map<std::string, int64_t> item_ids;
  IPE_ASSIGN_OR_RETURN(auto id_rows,
                       tx->Query("SELECT id, item_key FROM plan_items WHERE plan_id = ?", {s.id}));
  for (const Row& r : id_rows) item_ids[r.Text(1)] = r.Int(0);
  std::vector<std::vector<Value>> assignment_rows, unassigned_rows;
  for (const NewAssignment& a : assignments) {
    assignment_rows.push_back({s.id, item_ids.at(a.key.ToString()), a.agency_id, a.role});
  }
  for (const UnassignedHolder& u : result.unresolved) {
    unassigned_rows.push_back({s.id, item_ids.at(u.item_key), u.name, u.role, u.resolution});
  }
  IPE_RETURN_IF_ERROR(tx->BulkInsert("plan_assignments",
                                     {"plan_id", "item_id", "agency_id", "role"}, assignment_rows));
  IPE_RETURN_IF_ERROR(tx->BulkInsert(
      "plan_unassigned", {"plan_id", "item_id", "name", "role", "resolution"}, unassigned_rows));
  {
    // Ids in insertion order, so the answer can name the holders the office may assign.
    IPE_ASSIGN_OR_RETURN(auto holder_ids, tx->Query("SELECT id FROM plan_unassigned WHERE "
                                                    "plan_id = ? ORDER BY id",
                                                    {s.id}));
    for (size_t k = 0; k < holder_ids.size() && k < result.unresolved.size(); ++k) {
      result.unresolved[k].id = holder_ids[k].Int(0);
    }
  }
  Json after = {{"year", s.year},
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
                   std::nullopt, after.dump()}));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return result;
}

core::Result<Page<PlanSummary>> ListPlans(Context& ctx, const Principal& who,
                                          const PageRequest& page) {
  IPE_RETURN_IF_ERROR(page.Validate());
  std::string where = " WHERE 1 = 1";
  Params params;
  if (!who.is_system()) {
    bool reader = who.Has(Role::kOffice) || who.Has(Role::kAdmin) || who.Has(Role::kAuditor) ||
                  who.Has(Role::kAnalyst);
    where += " AND (";
    if (reader) {
      where += internal::RegionSubtreeSql("p.region_code", who.region_code, params) + " OR ";
    }
    where +=
        "EXISTS (SELECT 1 FROM plan_assignments pa2 WHERE pa2.plan_id = p.id AND "
        "pa2.agency_id = ?))";
    params.emplace_back(who.agency_id);
  }
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  IPE_ASSIGN_OR_RETURN(auto count, tx->Query("SELECT COUNT(*) FROM plans p" + where, params));
  Params list_params = params;
  list_params.emplace_back(page.page_size);
  list_params.emplace_back(page.offset());
  IPE_ASSIGN_OR_RETURN(auto rows,
                       tx->Query(std::string("SELECT ") + kPlanColumns + " FROM plans p" + where +
                                     " ORDER BY p.year DESC, p.id DESC LIMIT ? OFFSET ?",
                                 list_params));
  Page<PlanSummary> out;
  out.total = count[0].Int(0);
  out.page = page.page;
  out.page_size = page.page_size;
  for (const Row& r : rows) out.items.push_back(PlanFromRow(r));
  return out;
}

core::Result<PlanDetail> GetPlan(Context& ctx, const Principal& who, int64_t plan_id) {
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  IPE_ASSIGN_OR_RETURN(auto plan, LoadVisiblePlan(*tx, who, plan_id));
  IPE_ASSIGN_OR_RETURN(auto assignments, LoadAssignments(*tx, ctx, who, plan, std::nullopt));
  bool filtered = plan.access == PlanAccess::kAgency;
  std::map<int64_t, std::vector<PlanAssignment>> by_item;
  for (AssignmentRow& r : assignments) by_item[r.item_id].push_back(std::move(r.a));
  std::map<int64_t, std::vector<UnassignedHolder>> unassigned;
  std::map<int64_t, std::vector<ResolvedHolder>> resolved;
  if (!filtered) {
    IPE_ASSIGN_OR_RETURN(auto rows, tx->Query("SELECT u.item_id, i.item_key, u.name, u.role, "
                                              "u.resolution, u.id, u.resolved_at, "
                                              "u.resolved_by_name, u.resolved_agency_ids FROM "
                                              "plan_unassigned u JOIN plan_items i ON i.id = "
                                              "u.item_id WHERE u.plan_id = ? ORDER BY u.id",
                                              {plan_id}));
    std::map<int64_t, std::string> names;
    for (const Row& r : rows) {
      if (r.IsNull(6)) {
        UnassignedHolder h{r.Text(1), r.Text(2), r.Text(3), r.Text(4)};
        h.id = r.Int(5);
        unassigned[r.Int(0)].push_back(std::move(h));
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
      resolved[r.Int(0)].push_back(std::move(h));
    }
    if (!names.empty()) {
      std::string sql = "SELECT id, name FROM agencies WHERE id IN (";
      Params params;
      for (const auto& [aid, _] : names) {
        sql += params.empty() ? "?" : ", ?";
        params.emplace_back(aid);
      }
      IPE_ASSIGN_OR_RETURN(auto agency_rows, tx->Query(sql + ")", params));
      for (const Row& r : agency_rows) names[r.Int(0)] = r.Text(1);
      for (auto& [_, list] : resolved) {
        for (ResolvedHolder& h : list) {
          for (auto& [aid, name] : h.agencies) name = names[aid];
        }
      }
    }
  }
  IPE_ASSIGN_OR_RETURN(auto sections, tx->Query("SELECT number, title FROM plan_sections WHERE "
                                                "plan_id = ? ORDER BY position",
                                                {plan_id}));
  IPE_ASSIGN_OR_RETURN(auto tasks, tx->Query("SELECT section_number, number, title FROM "
                                             "plan_tasks WHERE plan_id = ? ORDER BY position",
                                             {plan_id}));
  IPE_ASSIGN_OR_RETURN(auto items, tx->Query("SELECT id, item_key, section_number, task_number, "
                                             "number, text FROM plan_items WHERE plan_id = ? "
                                             "ORDER BY id",
                                             {plan_id}));
  PlanDetail out;
  out.summary = plan.summary;
  for (const Row& sr : sections) {
    PlanSectionNode sec{sr.Int(0), sr.Text(1), {}};
    for (const Row& tr : tasks) {
      if (tr.Int(0) != sec.number) continue;
      PlanTaskNode task{tr.Int(1), tr.Text(2), {}};
      for (const Row& ir : items) {
        if (ir.Int(2) != sec.number || ir.Int(3) != task.number) continue;
        int64_t item_id = ir.Int(0);
        auto it = by_item.find(item_id);
        if (filtered && it == by_item.end()) continue;
        PlanItemNode node;
        node.key = ir.Text(1);
        node.number = ir.OptInt(4);
        node.text = ir.Text(5);
        if (it != by_item.end()) node.assignments = it->second;
        if (auto u = unassigned.find(item_id); u != unassigned.end()) node.unassigned = u->second;
        if (auto u = resolved.find(item_id); u != resolved.end()) node.resolved = u->second;
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

core::Result<Page<PlanAssignment>> ListAssignments(Context& ctx, const Principal& who,
                                                   int64_t plan_id, const AssignmentFilter& f,
                                                   const PageRequest& page) {
  IPE_RETURN_IF_ERROR(page.Validate());
  if (f.status && !f.status->empty()) {
    auto st = plan::ParseReportStatus(*f.status);
    if (!st) return Invalid("status", "进展状态无效 (unknown status)");
  }
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  IPE_ASSIGN_OR_RETURN(auto plan, LoadVisiblePlan(*tx, who, plan_id));
  IPE_ASSIGN_OR_RETURN(auto rows, LoadAssignments(*tx, ctx, who, plan, std::nullopt));
  std::string status;
  if (f.status && !f.status->empty()) {
    status = plan::ReportStatusName(plan::ParseReportStatus(*f.status).value());
  }
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
  IPE_ASSIGN_OR_RETURN(auto v, LoadVisibleAssignment(*tx, ctx, who, assignment_id));
  return std::move(v.a);
}

core::Result<PlanAssignment> SetAssignmentDueDate(Context& ctx, const Principal& who,
                                                  int64_t assignment_id,
                                                  std::optional<core::Date> due) {
  {
    IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
    IPE_ASSIGN_OR_RETURN(auto v, LoadVisibleAssignment(*tx, ctx, who, assignment_id));
    IPE_RETURN_IF_ERROR(RequireManager(v.plan.access, "设定完成时限"));
    IPE_RETURN_IF_ERROR(tx->Exec("UPDATE plan_assignments SET due_date = ? WHERE id = ?",
                                 {DateValue(due), assignment_id})
                            .status());
    Json before = AssignmentJson(v.a);
    v.a.due_date = due;
    IPE_RETURN_IF_ERROR(
        AppendAudit(*tx, who, ctx.Now(),
                    {"plan.due_date", "plan_assignment", std::to_string(assignment_id),
                     "设定完成时限 " + v.a.agency_name + " " + v.a.item_key + " → " +
                         (due ? due->ToString() : std::string("无")),
                     before.dump(), AssignmentJson(v.a).dump()}));
    IPE_RETURN_IF_ERROR(tx->Commit());
  }
  return GetAssignment(ctx, who, assignment_id);
}

core::Result<int64_t> SetDueDates(Context& ctx, const Principal& who, int64_t plan_id,
                                  core::Date due, std::optional<int64_t> task_number,
                                  std::optional<int64_t> agency_id) {
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  IPE_ASSIGN_OR_RETURN(auto plan, LoadVisiblePlan(*tx, who, plan_id));
  IPE_RETURN_IF_ERROR(RequireManager(plan.access, "设定完成时限"));
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
  IPE_ASSIGN_OR_RETURN(int64_t updated,
                       tx->Exec("UPDATE plan_assignments SET due_date = ?" + where, params));
  Json after = {{"due_date", due.ToString()},
                {"task_number", task_number ? Json(*task_number) : Json()},
                {"agency_id", agency_id ? Json(*agency_id) : Json()},
                {"updated", updated}};
  IPE_RETURN_IF_ERROR(AppendAudit(
      *tx, who, ctx.Now(),
      {"plan.due_dates", "plan", std::to_string(plan_id),
       "批量设定完成时限 " + due.ToString() + "（" + std::to_string(updated) + " 条责任分工）",
       std::nullopt, after.dump()}));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return updated;
}

// ---- Unassigned holders ----

core::Result<HolderAssignment> AssignUnassignedHolder(Context& ctx, const Principal& who,
                                                      int64_t plan_id, int64_t holder_id,
                                                      const std::vector<int64_t>& agency_ids) {
  std::vector<int64_t> created_ids, kept_ids;
  {
    IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
    IPE_ASSIGN_OR_RETURN(auto plan, LoadVisiblePlan(*tx, who, plan_id));
    auto not_found = [&] {
      return core::NotFound("未指定单位的责任主体不存在或无权查看 (unassigned holder not found): " +
                            std::to_string(holder_id));
    };
    // Agency users never see the holders (GetPlan filters them): unknown to them.
    if (plan.access == PlanAccess::kAgency) return not_found();
    IPE_ASSIGN_OR_RETURN(auto holders,
                         tx->Query("SELECT u.item_id, i.item_key, u.name, u.role, u.resolution, "
                                   "u.resolved_at FROM plan_unassigned u JOIN plan_items i ON "
                                   "i.id = u.item_id WHERE u.id = ? AND u.plan_id = ?",
                                   {holder_id, plan_id}));
    if (holders.empty()) return not_found();
    IPE_RETURN_IF_ERROR(RequireManager(plan.access, "指定责任单位"));
    const Row& h = holders[0];
    int64_t item_id = h.Int(0);
    std::string item_key = h.Text(1), name = h.Text(2), role = h.Text(3);
    if (!h.IsNull(5)) {
      return core::FailedPrecondition("该责任主体已指定单位 (holder already resolved): " + name);
    }

    // Validate every agency id; one 422 lists them all and nothing is written.
    core::Status bad = core::Status(core::InvalidArgument("输入有误 (invalid input): 责任单位无效"));
    bool any_bad = false;
    auto field_error = [&](const std::string& field, const std::string& message) {
      bad.AddFieldError(field, message);
      any_bad = true;
    };
    if (agency_ids.empty()) field_error("agency_ids", "至少选择一个单位 (choose at least one agency)");
    if (agency_ids.size() > 100) field_error("agency_ids", "最多 100 个单位 (at most 100 agencies)");
    std::map<int64_t, std::string> agency_names;
    if (!any_bad) {
      std::string sql = "SELECT id, name, region_code, active FROM agencies WHERE id IN (";
      Params params;
      for (int64_t id : agency_ids) {
        sql += params.empty() ? "?" : ", ?";
        params.emplace_back(id);
      }
      IPE_ASSIGN_OR_RETURN(auto rows, tx->Query(sql + ")", params));
      std::map<int64_t, const Row*> by_id;
      for (const Row& r : rows) by_id[r.Int(0)] = &r;
      std::set<int64_t> seen;
      for (size_t k = 0; k < agency_ids.size(); ++k) {
        std::string field = "agency_ids[" + std::to_string(k) + "]";
        auto it = by_id.find(agency_ids[k]);
        if (it == by_id.end()) {
          field_error(field, "单位不存在 (unknown agency)");
        } else if (it->second->Int(3) == 0) {
          field_error(field, "单位已停用 (inactive agency)");
        } else if (!RegionWithin(plan.summary.region_code, it->second->Text(2))) {
          field_error(field, "单位不在工作要点所属地区 (agency outside the plan's region)");
        } else if (!seen.insert(agency_ids[k]).second) {
          field_error(field, "单位重复 (repeated agency)");
        } else {
          agency_names[agency_ids[k]] = it->second->Text(1);
        }
      }
    }
    if (any_bad) return bad;

    IPE_ASSIGN_OR_RETURN(auto existing, tx->Query("SELECT id, agency_id, role FROM "
                                                  "plan_assignments WHERE item_id = ?",
                                                  {item_id}));
    std::map<int64_t, std::pair<int64_t, std::string>> held;  // agency → assignment id, role
    for (const Row& r : existing) held[r.Int(1)] = {r.Int(0), r.Text(2)};
    Json upgraded = Json::array();
    for (int64_t agency : agency_ids) {
      if (auto it = held.find(agency); it != held.end()) {
        if (role == "lead" && it->second.second != "lead") {
          IPE_RETURN_IF_ERROR(tx->Exec("UPDATE plan_assignments SET role = 'lead' WHERE id = ?",
                                       {it->second.first})
                                  .status());
          upgraded.push_back(it->second.first);
        }
        kept_ids.push_back(it->second.first);
        continue;
      }
      IPE_ASSIGN_OR_RETURN(auto ins, tx->Query("INSERT INTO plan_assignments (plan_id, item_id, "
                                               "agency_id, role) VALUES (?, ?, ?, ?) RETURNING id",
                                               {plan_id, item_id, agency, role}));
      created_ids.push_back(ins[0].Int(0));
    }
    Json chosen = agency_ids;
    IPE_ASSIGN_OR_RETURN(
        int64_t updated,
        tx->Exec("UPDATE plan_unassigned SET resolved_at = ?, resolved_by = ?, "
                 "resolved_by_name = ?, resolved_agency_ids = ? WHERE id = ? AND resolved_at IS "
                 "NULL",
                 {ctx.Now().seconds, ActorId(who), ActorName(who), chosen.dump(), holder_id}));
    if (updated != 1) {
      return core::FailedPrecondition("该责任主体已指定单位 (holder already resolved): " + name);
    }
    std::string names_text;
    for (int64_t agency : agency_ids) {
      names_text += (names_text.empty() ? "" : "、") + agency_names[agency];
    }
    Json before = {{"item", item_key}, {"name", name}, {"role", role},
                   {"resolution", h.Text(4)}, {"resolved", false}};
    Json after = {{"item", item_key},      {"name", name},
                  {"role", role},          {"resolved", true},
                  {"agency_ids", chosen},  {"created_assignment_ids", created_ids},
                  {"kept_assignment_ids", kept_ids}, {"upgraded_to_lead", upgraded}};
    IPE_RETURN_IF_ERROR(AppendAudit(
        *tx, who, ctx.Now(),
        {"plan.assign_holder", "plan_unassigned", std::to_string(holder_id),
         "指定责任单位 " + item_key + " " + name + " → " + names_text, before.dump(),
         after.dump()}));
    IPE_RETURN_IF_ERROR(tx->Commit());
  }
  HolderAssignment out;
  for (int64_t id : created_ids) {
    IPE_ASSIGN_OR_RETURN(auto a, GetAssignment(ctx, who, id));
    out.created.push_back(std::move(a));
  }
  for (int64_t id : kept_ids) {
    IPE_ASSIGN_OR_RETURN(auto a, GetAssignment(ctx, who, id));
    out.kept.push_back(std::move(a));
  }
  return out;
}

// ---- Reports ----

namespace {

constexpr const char* kReportColumns =
    "id, assignment_id, period, status, narrative, figures, submitted_by, submitted_by_name, "
    "submitted_at";

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

core::Status AttachAttachments(storage::Tx& tx, std::vector<PlanReport>& reports) {
  if (reports.empty()) return core::Status::Ok();
  std::string sql =
      "SELECT id, report_id, filename, size, content_type FROM plan_attachments "
      "WHERE report_id IN (";
  Params params;
  std::map<int64_t, PlanReport*> by_id;
  for (PlanReport& r : reports) {
    sql += params.empty() ? "?" : ", ?";
    params.emplace_back(r.id);
    by_id[r.id] = &r;
  }
  IPE_ASSIGN_OR_RETURN(auto rows, tx.Query(sql + ") ORDER BY id", params));
  for (const Row& r : rows) {
    by_id[r.Int(1)]->attachments.push_back({r.Int(0), r.Text(2), r.Int(3), r.Text(4)});
  }
  return core::Status::Ok();
}

// Decodes standard base64 (whitespace ignored). nullopt when malformed.
std::optional<std::string> DecodeBase64(const std::string& text) {
  std::string out(text.size() / 4 * 3 + 3, '\0');
  size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                        text.size(), " \r\n\t", &len, nullptr,
                        sodium_base64_VARIANT_ORIGINAL) != 0) {
    return std::nullopt;
  }
  out.resize(len);
  return out;
}

std::string EncodeBase64(const std::string& bytes) {
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), sodium_base64_VARIANT_ORIGINAL);
  out.resize(std::strlen(out.c_str()));
  return out;
}

bool BadFilename(const std::string& name) {
  if (name.empty() || name.size() > 255 || name == "." || name == "..") return true;
  for (unsigned char c : name) {
    if (c < 0x20 || c == 0x7f || c == '/' || c == '\\' || c == '"') return true;
  }
  return false;
}

bool BadContentType(const std::string& type) {
  if (type.empty() || type.size() > 100 || type.find('/') == std::string::npos) return true;
  for (unsigned char c : type) {
    if (c <= 0x20 || c >= 0x7f) {
      if (c != ' ') return true;
    }
  }
  return false;
}

}  // namespace

core::Result<std::vector<PlanReport>> ListReports(Context& ctx, const Principal& who,
                                                  int64_t assignment_id) {
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  IPE_RETURN_IF_ERROR(LoadVisibleAssignment(*tx, ctx, who, assignment_id).status());
  IPE_ASSIGN_OR_RETURN(auto rows, tx->Query(std::string("SELECT ") + kReportColumns +
                                                " FROM plan_reports WHERE assignment_id = ? "
                                                "ORDER BY submitted_at DESC, id DESC",
                                            {assignment_id}));
  std::vector<PlanReport> out;
  for (const Row& r : rows) out.push_back(ReportFromRow(r));
  IPE_RETURN_IF_ERROR(AttachAttachments(*tx, out));
  return out;
}

core::Result<PlanReport> SubmitReport(Context& ctx, const Principal& who, int64_t assignment_id,
                                      const NewReport& in) {
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  IPE_ASSIGN_OR_RETURN(auto v, LoadVisibleAssignment(*tx, ctx, who, assignment_id));
  if (!MayReport(who, v.plan.access, v.a.agency_id)) {
    return core::PermissionDenied(
        "无权报送进展 (only officers or heads of the assigned agency, or the office, report)");
  }
  core::Timestamp now = ctx.Now();
  core::Date today = core::LocalDate(now);
  core::Status st = core::InvalidArgument("进展报告有误 (invalid report)");
  bool bad = false;
  auto add = [&](const std::string& field, const std::string& msg) {
    st.AddFieldError(field, msg);
    bad = true;
  };
  std::string period = internal::Trim(in.period);
  auto parsed_period = ParsePeriodText(period);
  if (!parsed_period) {
    add("period", "期间格式应为 2020、2020-H1、2020-Q2 或 2020-M04");
  } else if (parsed_period->year != v.plan.summary.year) {
    add("period", "期间须在工作要点年度 " + std::to_string(v.plan.summary.year) + " 内");
  } else if (parsed_period->period.first > today) {
    add("period", "该期间尚未开始 (period has not started)");
  }
  auto status = plan::ParseReportStatus(internal::Trim(in.status));
  if (!status) add("status", "进展状态应为 not_started、in_progress、completed 或 blocked");
  std::string narrative = internal::Trim(in.narrative);
  size_t chars = CodePoints(narrative);
  if (chars == 0) add("narrative", "进展情况不能为空");
  if (chars > kReportNarrativeMaxChars) add("narrative", "进展情况不超过 5000 字");
  if (in.figures.size() > 50) add("figures", "数据项不超过 50 个");
  for (const auto& [name, value] : in.figures) {
    if (name.empty() || name.size() > 100) add("figures", "数据项名称应为 1–100 字节");
    if (value < 0) add("figures." + name, "数据应为非负整数");
  }
  if (in.attachments.size() > kReportMaxAttachments) add("attachments", "附件不超过 5 个");
  std::vector<std::string> decoded;
  for (size_t i = 0; i < in.attachments.size() && i < kReportMaxAttachments; ++i) {
    const NewAttachment& a = in.attachments[i];
    std::string field = "attachments[" + std::to_string(i) + "]";
    std::string name = internal::Trim(a.filename);
    if (BadFilename(name)) add(field + ".filename", "文件名无效");
    if (BadContentType(a.content_type)) add(field + ".content_type", "文件类型无效");
    // Refuse before decoding when the text alone is far too long.
    if (a.data_base64.size() > (kReportAttachmentMaxBytes / 3 + 2) * 4 + 4096) {
      add(field + ".data_base64", "附件超过 2 MiB");
      decoded.emplace_back();
      continue;
    }
    auto bytes = DecodeBase64(a.data_base64);
    if (!bytes) {
      add(field + ".data_base64", "不是有效的 base64 编码");
    } else if (bytes->empty()) {
      add(field + ".data_base64", "附件为空");
    } else if (bytes->size() > kReportAttachmentMaxBytes) {
      add(field + ".data_base64", "附件超过 2 MiB");
    }
    decoded.push_back(bytes.value_or(""));
  }
  if (bad) return st;

  Json figures = IntMapJson(in.figures);
  IPE_ASSIGN_OR_RETURN(
      auto ins,
      tx->Query("INSERT INTO plan_reports (assignment_id, period, period_first, period_last, "
                "status, narrative, figures, submitted_by, submitted_by_name, submitted_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                {assignment_id, period, parsed_period->period.first.ToString(),
                 parsed_period->period.last.ToString(), plan::ReportStatusName(*status), narrative,
                 figures.dump(), ActorId(who), ActorName(who), now.seconds}));
  int64_t report_id = ins[0].Int(0);
  Json files = Json::array();
  for (size_t i = 0; i < in.attachments.size(); ++i) {
    const NewAttachment& a = in.attachments[i];
    std::string name = internal::Trim(a.filename);
    IPE_RETURN_IF_ERROR(
        tx->Exec("INSERT INTO plan_attachments (report_id, filename, "
                 "content_type, size, data_base64) VALUES (?, ?, ?, ?, ?)",
                 {report_id, name, a.content_type, static_cast<int64_t>(decoded[i].size()),
                  EncodeBase64(decoded[i])})
            .status());
    files.push_back({{"filename", name}, {"size", decoded[i].size()}});
  }
  Json after = {{"assignment_id", assignment_id},
                {"agency", v.a.agency_name},
                {"item_key", v.a.item_key},
                {"period", period},
                {"status", plan::ReportStatusName(*status)},
                {"figures", figures},
                {"attachments", files}};
  IPE_RETURN_IF_ERROR(AppendAudit(*tx, who, now,
                                  {"plan.report", "plan_report", std::to_string(report_id),
                                   "报送进展 " + v.a.agency_name + " " + v.a.item_key + " " +
                                       period + " " + plan::ReportStatusLabel(*status),
                                   std::nullopt, after.dump()}));
  IPE_ASSIGN_OR_RETURN(auto rows, tx->Query(std::string("SELECT ") + kReportColumns +
                                                " FROM plan_reports WHERE id = ?",
                                            {report_id}));
  std::vector<PlanReport> out{ReportFromRow(rows[0])};
  IPE_RETURN_IF_ERROR(AttachAttachments(*tx, out));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return std::move(out[0]);
}

core::Result<AttachmentFile> GetAttachment(Context& ctx, const Principal& who,
                                           int64_t attachment_id) {
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  IPE_ASSIGN_OR_RETURN(auto rows,
                       tx->Query("SELECT f.filename, f.content_type, f.data_base64, "
                                 "r.assignment_id FROM plan_attachments f JOIN plan_reports r "
                                 "ON r.id = f.report_id WHERE f.id = ?",
                                 {attachment_id}));
  auto not_found = [&] {
    return core::NotFound("附件不存在或无权查看 (attachment not found): " +
                          std::to_string(attachment_id));
  };
  if (rows.empty()) return not_found();
  auto visible = LoadVisibleAssignment(*tx, ctx, who, rows[0].Int(3));
  if (!visible) {
    if (visible.error().code() == core::StatusCode::kNotFound) return not_found();
    return visible.error();
  }
  auto bytes = DecodeBase64(rows[0].Text(2));
  if (!bytes) return core::Internal("stored attachment is not base64");
  return AttachmentFile{rows[0].Text(0), rows[0].Text(1), std::move(*bytes)};
}

// ---- Notices ----

namespace {

const std::vector<std::string>& NoticeKinds() {
  static const std::vector<std::string> kKinds = {"supervision", "reminder", "criticism",
                                                  "interview"};
  return kKinds;
}
const char* NoticeKindLabel(const std::string& kind) {
  if (kind == "supervision") return "督办";
  if (kind == "reminder") return "提醒";
  if (kind == "criticism") return "通报";
  return "约谈";
}

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
  n.agency_name = n.agency_id ? r.Text(4) : RegionName(n.region_code.value_or(kNationalRegion));
  n.assignment_id = r.OptInt(6);
  n.title = r.Text(7);
  n.text = r.Text(8);
  n.due_date = OptDate(r, 9);
  n.created_by_name = r.Text(10);
  n.created_at = core::Timestamp{r.Int(11)};
  if (!r.IsNull(12)) n.acknowledged_at = core::Timestamp{r.Int(12)};
  return n;
}

// Whether the notice is addressed to the caller's agency (directly or through its region).
bool AddressedTo(const Principal& who, const PlanNotice& n) {
  if (n.agency_id) return *n.agency_id == who.agency_id;
  return n.region_code && RegionWithin(*n.region_code, who.region_code);
}

Json NoticeJson(const PlanNotice& n) {
  return Json{{"kind", n.kind},
              {"agency_id", n.agency_id ? Json(*n.agency_id) : Json()},
              {"region_code", n.region_code ? Json(*n.region_code) : Json()},
              {"assignment_id", n.assignment_id ? Json(*n.assignment_id) : Json()},
              {"title", n.title},
              {"due_date", n.due_date ? Json(n.due_date->ToString()) : Json()}};
}

core::Result<PlanNotice> LoadNotice(storage::Tx& tx, int64_t id) {
  IPE_ASSIGN_OR_RETURN(auto rows, tx.Query(std::string(kNoticeSelect) + "WHERE n.id = ?", {id}));
  if (rows.empty()) {
    return core::NotFound("通知不存在或无权查看 (notice not found): " + std::to_string(id));
  }
  return NoticeFromRow(rows[0]);
}

}  // namespace

core::Result<Page<PlanNotice>> ListNotices(Context& ctx, const Principal& who, int64_t plan_id,
                                           const std::optional<std::string>& kind,
                                           const PageRequest& page) {
  IPE_RETURN_IF_ERROR(page.Validate());
  bool by_kind = kind && !kind->empty();
  if (by_kind &&
      std::find(NoticeKinds().begin(), NoticeKinds().end(), *kind) == NoticeKinds().end()) {
    return Invalid("kind", "通知类别应为 supervision、reminder、criticism 或 interview");
  }
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  IPE_ASSIGN_OR_RETURN(auto plan, LoadVisiblePlan(*tx, who, plan_id));
  std::string sql = std::string(kNoticeSelect) + "WHERE n.plan_id = ?";
  Params params{plan_id};
  if (by_kind) {
    sql += " AND n.kind = ?";
    params.emplace_back(*kind);
  }
  IPE_ASSIGN_OR_RETURN(auto rows,
                       tx->Query(sql + " ORDER BY n.created_at DESC, n.id DESC", params));
  std::vector<PlanNotice> all;
  for (const Row& r : rows) {
    PlanNotice n = NoticeFromRow(r);
    if (plan.access == PlanAccess::kAgency && !AddressedTo(who, n)) continue;
    all.push_back(std::move(n));
  }
  return Paginate(std::move(all), page);
}

core::Result<PlanNotice> CreateNotice(Context& ctx, const Principal& who, int64_t plan_id,
                                      const NewNotice& input) {
  NewNotice in = input;
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  IPE_ASSIGN_OR_RETURN(auto plan, LoadVisiblePlan(*tx, who, plan_id));
  IPE_RETURN_IF_ERROR(RequireManager(plan.access, "发送督办、提醒、通报或约谈"));
  core::Status st = core::InvalidArgument("通知内容有误 (invalid notice)");
  bool bad = false;
  auto add = [&](const std::string& field, const std::string& msg) {
    st.AddFieldError(field, msg);
    bad = true;
  };
  if (std::find(NoticeKinds().begin(), NoticeKinds().end(), in.kind) == NoticeKinds().end()) {
    add("kind", "通知类别应为 supervision、reminder、criticism 或 interview");
  }
  in.title = internal::Trim(in.title);
  in.text = internal::Trim(in.text);
  if (in.title.empty() || CodePoints(in.title) > 200) add("title", "标题应为 1–200 字");
  if (in.text.empty() || CodePoints(in.text) > 5000) add("text", "内容应为 1–5000 字");
  if (in.region_code && internal::Trim(*in.region_code).empty()) in.region_code.reset();
  if (in.assignment_id) {
    IPE_ASSIGN_OR_RETURN(auto rows, tx->Query("SELECT agency_id FROM plan_assignments WHERE "
                                              "id = ? AND plan_id = ?",
                                              {*in.assignment_id, plan_id}));
    if (rows.empty()) {
      add("assignment_id", "该工作要点中没有这条责任分工");
    } else if (in.agency_id && *in.agency_id != rows[0].Int(0)) {
      add("assignment_id", "责任分工不属于所选单位");
    } else if (in.region_code) {
      add("assignment_id", "针对责任分工的通知应发给单位，而非地区");
    } else {
      in.agency_id = rows[0].Int(0);
    }
  }
  if (in.agency_id.has_value() == in.region_code.has_value()) {
    if (!in.assignment_id) add("agency_id", "须指定接收单位 (agency_id) 或地区 (region_code) 之一");
  } else if (in.agency_id) {
    IPE_ASSIGN_OR_RETURN(auto rows, tx->Query("SELECT region_code FROM agencies WHERE id = ? AND "
                                              "active = 1",
                                              {*in.agency_id}));
    if (rows.empty()) {
      add("agency_id", "单位不存在或已停用");
    } else if (!who.is_system() && !RegionWithin(who.region_code, rows[0].Text(0))) {
      add("agency_id", "单位不在管辖区域内");
    }
  } else {
    const std::string& r = *in.region_code;
    if (!internal::IsRegionCode(r) || (r != kNationalRegion && !core::Regions().Find(r))) {
      add("region_code", "行政区划代码无效");
    } else if (!who.is_system() && !RegionWithin(who.region_code, r)) {
      add("region_code", "地区不在管辖区域内");
    }
  }
  if (bad) return st;
  core::Timestamp now = ctx.Now();
  IPE_ASSIGN_OR_RETURN(
      auto ins,
      tx->Query("INSERT INTO plan_notices (plan_id, kind, agency_id, region_code, assignment_id, "
                "title, text, due_date, created_by, created_by_name, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                {plan_id, in.kind, in.agency_id, in.region_code, in.assignment_id, in.title,
                 in.text, DateValue(in.due_date), ActorId(who), ActorName(who), now.seconds}));
  IPE_ASSIGN_OR_RETURN(auto notice, LoadNotice(*tx, ins[0].Int(0)));
  IPE_RETURN_IF_ERROR(AppendAudit(
      *tx, who, now,
      {"plan.notice", "plan_notice", std::to_string(notice.id),
       std::string(NoticeKindLabel(notice.kind)) + " " + notice.agency_name + "：" + notice.title,
       std::nullopt, NoticeJson(notice).dump()}));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return notice;
}

core::Result<PlanNotice> AcknowledgeNotice(Context& ctx, const Principal& who, int64_t notice_id) {
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  IPE_ASSIGN_OR_RETURN(auto notice, LoadNotice(*tx, notice_id));
  auto plan = LoadVisiblePlan(*tx, who, notice.plan_id);
  bool addressed = !who.is_system() && AddressedTo(who, notice);
  if (!plan || (plan->access == PlanAccess::kAgency && !addressed)) {
    return core::NotFound("通知不存在或无权查看 (notice not found): " + std::to_string(notice_id));
  }
  if (!addressed) {
    return core::PermissionDenied("只有接收单位可以签收 (only the addressed agency acknowledges)");
  }
  if (notice.acknowledged_at) {
    return core::FailedPrecondition("通知已签收 (already acknowledged)");
  }
  core::Timestamp now = ctx.Now();
  IPE_RETURN_IF_ERROR(tx->Exec("UPDATE plan_notices SET acknowledged_at = ?, acknowledged_by = ? "
                               "WHERE id = ?",
                               {now.seconds, ActorId(who), notice_id})
                          .status());
  notice.acknowledged_at = now;
  IPE_RETURN_IF_ERROR(
      AppendAudit(*tx, who, now,
                  {"plan.notice_ack", "plan_notice", std::to_string(notice_id),
                   "签收" + std::string(NoticeKindLabel(notice.kind)) + "：" + notice.title,
                   std::nullopt, NoticeJson(notice).dump()}));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return notice;
}

// ---- Assessment ----

namespace {

core::Result<std::optional<plan::Rubric>> LoadRubric(storage::Tx& tx, int64_t plan_id) {
  IPE_ASSIGN_OR_RETURN(auto rows,
                       tx.Query("SELECT criteria FROM plan_rubrics WHERE plan_id = ?", {plan_id}));
  if (rows.empty()) return std::optional<plan::Rubric>();
  plan::Rubric rubric;
  Json j = Json::parse(rows[0].Text(0), nullptr, false);
  if (!j.is_array()) return core::Internal("stored rubric is not a JSON array");
  for (const Json& c : j) {
    rubric.criteria.push_back({c.value("id", ""), c.value("name", ""), c.value("max_points", 0)});
  }
  return std::optional<plan::Rubric>(std::move(rubric));
}

PlanRubric RubricView(const plan::Rubric& r) {
  PlanRubric out;
  for (const auto& c : r.criteria) out.criteria.push_back({c.id, c.name, c.max_points});
  out.max_total = r.MaxTotal();
  return out;
}

Json RubricJson(const plan::Rubric& r) {
  Json j = Json::array();
  for (const auto& c : r.criteria) {
    j.push_back({{"id", c.id}, {"name", c.name}, {"max_points", c.max_points}});
  }
  return j;
}

bool IsCriterionId(const std::string& id) {
  if (id.empty() || id.size() > 40) return false;
  for (char c : id) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

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

plan::Score ModelScore(const std::string& agency, const std::map<std::string, int64_t>& points) {
  plan::Score s;
  s.agency = agency;
  for (const auto& [k, v] : points) {
    s.points[k] = static_cast<int>(std::clamp<int64_t>(v, -1, 1000000));
  }
  return s;
}

}  // namespace

core::Result<PlanRubric> GetRubric(Context& ctx, const Principal& who, int64_t plan_id) {
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  IPE_RETURN_IF_ERROR(LoadVisiblePlan(*tx, who, plan_id).status());
  IPE_ASSIGN_OR_RETURN(auto rubric, LoadRubric(*tx, plan_id));
  if (!rubric) return PlanRubric{};
  return RubricView(*rubric);
}

core::Result<PlanRubric> PutRubric(Context& ctx, const Principal& who, int64_t plan_id,
                                   const PlanRubric& input) {
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  IPE_ASSIGN_OR_RETURN(auto plan, LoadVisiblePlan(*tx, who, plan_id));
  IPE_RETURN_IF_ERROR(RequireManager(plan.access, "设定评分细则"));
  core::Status st = core::InvalidArgument("评分细则有误 (invalid rubric)");
  bool bad = false;
  auto add = [&](const std::string& field, const std::string& msg) {
    st.AddFieldError(field, msg);
    bad = true;
  };
  plan::Rubric rubric;
  if (input.criteria.empty()) add("criteria", "评分细则至少一项");
  if (input.criteria.size() > 50) add("criteria", "评分项不超过 50 个");
  std::set<std::string> ids;
  for (size_t i = 0; i < input.criteria.size(); ++i) {
    const RubricCriterionView& c = input.criteria[i];
    std::string field = "criteria[" + std::to_string(i) + "]";
    std::string name = internal::Trim(c.name);
    if (!IsCriterionId(c.id))
      add(field + ".id", "标识应为 1–40 个小写字母、数字或下划线");
    else if (!ids.insert(c.id).second)
      add(field + ".id", "评分项标识重复");
    if (name.empty() || CodePoints(name) > 100) add(field + ".name", "名称应为 1–100 字");
    if (c.max_points <= 0 || c.max_points > 1000) add(field + ".max_points", "满分应为 1–1000");
    rubric.criteria.push_back(
        {c.id, name, static_cast<int>(std::clamp<int64_t>(c.max_points, 0, 1000))});
  }
  if (bad) return st;
  if (auto v = rubric.Validate(); !v.ok())
    return core::Status(v).AddFieldError("criteria", v.message());
  // Stored scores must stay valid under the new rubric.
  IPE_ASSIGN_OR_RETURN(auto scores,
                       tx->Query(std::string(kScoreSelect) + "WHERE s.plan_id = ?", {plan_id}));
  for (const Row& r : scores) {
    PlanScore s = ScoreFromRow(r);
    if (!plan::Total(rubric, ModelScore(s.agency_name, s.points))) {
      return core::FailedPrecondition("已有评分（" + s.agency_name + " " + s.period +
                                      "）与新的评分细则不符，请先调整评分 (stored scores "
                                      "conflict with the new rubric)");
    }
  }
  IPE_ASSIGN_OR_RETURN(auto before, LoadRubric(*tx, plan_id));
  core::Timestamp now = ctx.Now();
  if (before) {
    IPE_RETURN_IF_ERROR(tx->Exec("UPDATE plan_rubrics SET criteria = ?, updated_by = ?, "
                                 "updated_at = ? WHERE plan_id = ?",
                                 {RubricJson(rubric).dump(), ActorId(who), now.seconds, plan_id})
                            .status());
  } else {
    IPE_RETURN_IF_ERROR(tx->Exec("INSERT INTO plan_rubrics (plan_id, criteria, updated_by, "
                                 "updated_at) VALUES (?, ?, ?, ?)",
                                 {plan_id, RubricJson(rubric).dump(), ActorId(who), now.seconds})
                            .status());
  }
  IPE_RETURN_IF_ERROR(
      AppendAudit(*tx, who, now,
                  {"plan.rubric", "plan", std::to_string(plan_id),
                   "设定评分细则（" + std::to_string(rubric.criteria.size()) + " 项，满分 " +
                       std::to_string(rubric.MaxTotal()) + "）",
                   before ? std::optional<std::string>(RubricJson(*before).dump()) : std::nullopt,
                   RubricJson(rubric).dump()}));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return RubricView(rubric);
}

core::Result<PlanScore> PutScore(Context& ctx, const Principal& who, int64_t plan_id,
                                 const NewScore& in) {
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  IPE_ASSIGN_OR_RETURN(auto plan, LoadVisiblePlan(*tx, who, plan_id));
  IPE_RETURN_IF_ERROR(RequireManager(plan.access, "评分"));
  IPE_ASSIGN_OR_RETURN(auto rubric, LoadRubric(*tx, plan_id));
  if (!rubric) return core::FailedPrecondition("请先设定评分细则 (set the rubric first)");
  core::Status st = core::InvalidArgument("评分有误 (invalid score)");
  bool bad = false;
  auto add = [&](const std::string& field, const std::string& msg) {
    st.AddFieldError(field, msg);
    bad = true;
  };
  std::string period = internal::Trim(in.period);
  auto parsed = ParsePeriodText(period);
  if (!parsed) {
    add("period", "期间格式应为 2020、2020-H1、2020-Q2 或 2020-M04");
  } else if (parsed->year != plan.summary.year) {
    add("period", "期间须在工作要点年度 " + std::to_string(plan.summary.year) + " 内");
  }
  IPE_ASSIGN_OR_RETURN(bool holds, AgencyHoldsAssignment(*tx, plan_id, in.agency_id));
  if (!holds) add("agency_id", "该单位在本工作要点中没有责任分工");
  for (const auto& [id, points] : in.points) {
    auto it = std::find_if(rubric->criteria.begin(), rubric->criteria.end(),
                           [&id = id](const plan::RubricCriterion& c) { return c.id == id; });
    if (it == rubric->criteria.end()) {
      add("points." + id, "评分细则中没有该项");
    } else if (points < 0 || points > it->max_points) {
      add("points." + id, "得分应在 0–" + std::to_string(it->max_points) + " 之间");
    }
  }
  std::string comment = internal::Trim(in.comment);
  if (CodePoints(comment) > 2000) add("comment", "评语不超过 2000 字");
  if (bad) return st;
  IPE_ASSIGN_OR_RETURN(int total, plan::Total(*rubric, ModelScore("", in.points)));
  IPE_ASSIGN_OR_RETURN(
      auto before, tx->Query(std::string(kScoreSelect) + "WHERE s.plan_id = ? AND s.period = ? AND "
                                                         "s.agency_id = ?",
                             {plan_id, period, in.agency_id}));
  core::Timestamp now = ctx.Now();
  Json points = IntMapJson(in.points);
  IPE_ASSIGN_OR_RETURN(
      auto ins,
      tx->Query("INSERT INTO plan_scores (plan_id, period, agency_id, points, total, comment, "
                "scored_by, scored_by_name, scored_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (plan_id, period, agency_id) DO UPDATE SET points = excluded.points, "
                "total = excluded.total, comment = excluded.comment, scored_by = "
                "excluded.scored_by, scored_by_name = excluded.scored_by_name, scored_at = "
                "excluded.scored_at RETURNING id",
                {plan_id, period, in.agency_id, points.dump(), static_cast<int64_t>(total), comment,
                 ActorId(who), ActorName(who), now.seconds}));
  IPE_ASSIGN_OR_RETURN(auto rows,
                       tx->Query(std::string(kScoreSelect) + "WHERE s.id = ?", {ins[0].Int(0)}));
  PlanScore score = ScoreFromRow(rows[0]);
  auto score_json = [](const PlanScore& s) {
    return Json{{"period", s.period},
                {"agency_id", s.agency_id},
                {"points", IntMapJson(s.points)},
                {"total", s.total},
                {"comment", s.comment}}
        .dump();
  };
  IPE_RETURN_IF_ERROR(AppendAudit(
      *tx, who, now,
      {"plan.score", "plan_score", std::to_string(score.id),
       "考核评分 " + score.agency_name + " " + period + "：" + std::to_string(total) + " 分",
       before.empty() ? std::nullopt
                      : std::optional<std::string>(score_json(ScoreFromRow(before[0]))),
       score_json(score)}));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return score;
}

core::Result<Ranking> GetRanking(Context& ctx, const Principal& who, int64_t plan_id,
                                 const std::string& period_text) {
  std::string period = internal::Trim(period_text);
  auto parsed = ParsePeriodText(period);
  if (!parsed) return Invalid("period", "期间格式应为 2020、2020-H1、2020-Q2 或 2020-M04");
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  IPE_ASSIGN_OR_RETURN(auto plan, LoadVisiblePlan(*tx, who, plan_id));
  IPE_ASSIGN_OR_RETURN(auto rubric, LoadRubric(*tx, plan_id));
  Ranking out;
  out.period = period;
  if (!rubric) return out;
  out.max_total = rubric->MaxTotal();
  IPE_ASSIGN_OR_RETURN(auto rows,
                       tx->Query(std::string(kScoreSelect) + "WHERE s.plan_id = ? AND s.period = ?",
                                 {plan_id, period}));
  std::vector<plan::Score> scores;
  std::map<std::string, PlanScore> by_name;
  for (const Row& r : rows) {
    PlanScore s = ScoreFromRow(r);
    scores.push_back(ModelScore(s.agency_name, s.points));
    by_name[s.agency_name] = std::move(s);
  }
  IPE_ASSIGN_OR_RETURN(auto ranked, plan::Rank(*rubric, scores));
  // Completion per agency over all its assignments (not only those the caller may see: the
  // figure is the agency's, like its score).
  VisiblePlan all_of_it = plan;
  all_of_it.access = PlanAccess::kReader;
  IPE_ASSIGN_OR_RETURN(auto assignments, LoadAssignments(*tx, ctx, who, all_of_it, parsed->period));
  std::map<int64_t, std::vector<plan::ReportStatus>> latest;
  for (const AssignmentRow& a : assignments) {
    latest[a.a.agency_id].push_back(plan::ParseReportStatus(a.a.latest_status).value());
  }
  for (const plan::RankEntry& e : ranked) {
    const PlanScore& s = by_name.at(e.agency);
    RankingEntry entry;
    entry.agency_id = s.agency_id;
    entry.agency_name = s.agency_name;
    entry.total = e.total;
    entry.rank = e.rank;
    entry.points = s.points;
    if (auto c = plan::CompletionPermille(latest[s.agency_id])) entry.completion_permille = *c;
    out.entries.push_back(std::move(entry));
  }
  return out;
}

// ---- Matrix ----

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
    if (!parsed) return Invalid("period", "期间格式应为 2020、2020-H1、2020-Q2 或 2020-M04");
    period = parsed->period;
  }
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  IPE_ASSIGN_OR_RETURN(auto plan, LoadVisiblePlan(*tx, who, plan_id));
  IPE_ASSIGN_OR_RETURN(auto assignments, LoadAssignments(*tx, ctx, who, plan, period));
  IPE_ASSIGN_OR_RETURN(auto tasks, tx->Query("SELECT number, title FROM plan_tasks WHERE "
                                             "plan_id = ? AND number > 0 ORDER BY position",
                                             {plan_id}));
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
  for (const Row& t : tasks) {
    if (filtered && !task_numbers.count(t.Int(0))) continue;
    out.tasks.emplace_back(t.Int(0), t.Text(1));
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
