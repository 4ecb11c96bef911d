#include "app/statistics/region_supervision_store.h"

#include "app/internal/list_store.h"
#include "app/permissions.h"
#include "core/region.h"

namespace ipe::app {
namespace {

using storage::Params;
using storage::Row;
using storage::Value;

constexpr const char* kColumns =
    "s.id, s.kind, s.status, s.region_code, s.issuer_region, s.government, s.reason, s.rule_key, "
    "s.basis_year, s.figures, s.deadline, s.review_note, s.created_by_name, s.version, s.created_at, "
    "s.updated_at, s.removed_at";

RegionSupervision FromRow(const Row& r) {
  RegionSupervision s;
  s.id = r.Int(0);
  s.kind = r.Text(1);
  s.status = r.Text(2);
  s.region_code = r.Text(3);
  const core::Region* region = core::Regions().Find(s.region_code);
  s.region_name = region ? region->name : s.region_code;
  s.issuer_region = r.Text(4);
  s.government = r.Text(5);
  s.reason = r.Text(6);
  s.rule_key = r.Text(7);
  if (auto y = r.OptInt(8)) s.basis_year = static_cast<int>(*y);
  s.figures_json = r.Text(9);
  s.deadline = internal::OptDate(r, 10).value_or(core::Date{});
  s.review_note = r.Text(11);
  s.created_by_name = r.Text(12);
  s.version = r.Int(13);
  s.created_at = core::Timestamp{r.Int(14)};
  s.updated_at = core::Timestamp{r.Int(15)};
  s.removed_at = internal::OptTime(r, 16);
  return s;
}

constexpr const char* kTaskColumns =
    "t.id, t.agency_id, a.name, t.title, t.due_date, t.done_at, t.supervision_id "
    "FROM region_supervision_tasks t JOIN agencies a ON a.id = t.agency_id";

SupervisionTask TaskFromRow(const Row& r) {
  SupervisionTask t;
  t.id = r.Int(0);
  t.agency_id = r.Int(1);
  t.agency_name = r.Text(2);
  t.title = r.Text(3);
  t.due_date = internal::OptDate(r, 4).value_or(core::Date{});
  t.done_at = internal::OptTime(r, 5);
  t.supervision_id = r.Int(6);
  return t;
}

}  // namespace

core::Result<RegionSupervision> RegionSupervisionStore::Load(int64_t id, bool for_update) {
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query(std::string("SELECT ") + kColumns + " FROM region_supervisions s WHERE s.id = ?" +
                                                internal::LockClause(tx_, for_update, "s"),
                                            {id}));
  if (rows.empty()) return core::NotFound("督办事项不存在 (supervision not found): " + std::to_string(id));
  RegionSupervision s = FromRow(rows[0]);
  IPE_ASSIGN_OR_RETURN(auto agencies,
                       tx_.Query("SELECT a.id, a.name FROM region_supervision_agencies r JOIN agencies a ON "
                                 "a.id = r.agency_id WHERE r.supervision_id = ? ORDER BY a.id",
                                 {id}));
  for (const Row& r : agencies) s.agencies.push_back({r.Int(0), r.Text(1)});
  IPE_ASSIGN_OR_RETURN(auto tasks, tx_.Query(std::string("SELECT ") + kTaskColumns +
                                                 " WHERE t.supervision_id = ? ORDER BY t.id",
                                             {id}));
  for (const Row& r : tasks) s.tasks.push_back(TaskFromRow(r));
  return s;
}

core::Result<std::vector<SupervisionStep>> RegionSupervisionStore::Steps(int64_t id) {
  IPE_ASSIGN_OR_RETURN(
      auto rows,
      tx_.Query("SELECT p.id, p.kind, p.agency_id, COALESCE(a.name, ''), p.task_id, p.body, p.deadline, "
                "COALESCE(p.filename, ''), COALESCE(p.content_type, ''), COALESCE(p.size, 0), p.actor_name, p.at "
                "FROM region_supervision_steps p LEFT JOIN agencies a ON a.id = p.agency_id "
                "WHERE p.supervision_id = ? ORDER BY p.id",
                {id}));
  std::vector<SupervisionStep> out;
  for (const Row& r : rows) {
    SupervisionStep p;
    p.id = r.Int(0);
    p.kind = r.Text(1);
    p.agency_id = r.OptInt(2);
    p.agency_name = r.Text(3);
    p.task_id = r.OptInt(4);
    p.body = r.Text(5);
    p.deadline = internal::OptDate(r, 6);
    p.filename = r.Text(7);
    p.content_type = r.Text(8);
    p.size = r.Int(9);
    p.actor_name = r.Text(10);
    p.at = core::Timestamp{r.Int(11)};
    out.push_back(std::move(p));
  }
  return out;
}

core::Result<int64_t> RegionSupervisionStore::Insert(const RegionSupervision& s, std::optional<int64_t> created_by) {
  IPE_ASSIGN_OR_RETURN(
      auto rows,
      tx_.Query("INSERT INTO region_supervisions (kind, status, region_code, province_code, prefecture_code, "
                "issuer_region, government, reason, rule_key, basis_year, figures, deadline, created_by, "
                "created_by_name, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "RETURNING id",
                {s.kind, s.status, s.region_code, internal::ProvinceOf(s.region_code),
                 internal::PrefectureOf(s.region_code), s.issuer_region, s.government, s.reason, s.rule_key,
                 s.basis_year ? Value(static_cast<int64_t>(*s.basis_year)) : Value(), s.figures_json,
                 s.deadline.ToString(), created_by ? Value(*created_by) : Value(), s.created_by_name,
                 s.created_at.seconds, s.updated_at.seconds}));
  return rows[0].Int(0);
}

core::Status RegionSupervisionStore::InsertAgency(int64_t supervision_id, int64_t agency_id) {
  return tx_.Exec("INSERT INTO region_supervision_agencies (supervision_id, agency_id) VALUES (?, ?)",
                  {supervision_id, agency_id})
      .status();
}

core::Result<int64_t> RegionSupervisionStore::InsertTask(int64_t supervision_id, const NewSupervisionTask& t) {
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query("INSERT INTO region_supervision_tasks (supervision_id, agency_id, "
                                            "title, due_date) VALUES (?, ?, ?, ?) RETURNING id",
                                            {supervision_id, t.agency_id, t.title, t.due_date}));
  return rows[0].Int(0);
}

core::Result<int64_t> RegionSupervisionStore::InsertStep(int64_t supervision_id, const SupervisionStep& p,
                                                         std::optional<int64_t> actor_id,
                                                         const std::optional<std::string>& attachment_base64) {
  IPE_ASSIGN_OR_RETURN(
      auto rows,
      tx_.Query("INSERT INTO region_supervision_steps (supervision_id, kind, agency_id, task_id, body, deadline, "
                "filename, content_type, size, data_base64, actor_id, actor_name, at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                {supervision_id, p.kind, p.agency_id ? Value(*p.agency_id) : Value(),
                 p.task_id ? Value(*p.task_id) : Value(), p.body, internal::OptDateValue(p.deadline),
                 attachment_base64 ? Value(p.filename) : Value(), attachment_base64 ? Value(p.content_type) : Value(),
                 attachment_base64 ? Value(p.size) : Value(), attachment_base64 ? Value(*attachment_base64) : Value(),
                 actor_id ? Value(*actor_id) : Value(), p.actor_name, p.at.seconds}));
  return rows[0].Int(0);
}

core::Status RegionSupervisionStore::MarkTaskDone(int64_t task_id, int64_t report_id, core::Timestamp now) {
  return tx_.Exec("UPDATE region_supervision_tasks SET done_at = ?, done_report_id = ? WHERE id = ? AND done_at IS NULL",
                  {now.seconds, report_id, task_id})
      .status();
}

core::Status RegionSupervisionStore::Update(const RegionSupervision& s, int64_t expected_version, core::Timestamp now) {
  IPE_ASSIGN_OR_RETURN(int64_t n, tx_.Exec("UPDATE region_supervisions SET status = ?, deadline = ?, review_note = ?, "
                                           "removed_at = ?, version = version + 1, updated_at = ? "
                                           "WHERE id = ? AND version = ?",
                                           {s.status, s.deadline.ToString(), s.review_note,
                                            internal::OptTimeValue(s.removed_at), now.seconds, s.id,
                                            expected_version}));
  if (n == 0) return core::FailedPrecondition("督办事项已被他人处理，请刷新后重试 (stale version)");
  return core::Status::Ok();
}

core::Result<Page<RegionSupervision>> RegionSupervisionStore::List(const SupervisionScope& scope,
                                                                   const SupervisionFilter& filter,
                                                                   const PageRequest& page) {
  internal::ListQuery list("region_supervisions", "s");
  list.InRegion(scope.region);
  if (scope.agency) {
    list.Where("EXISTS (SELECT 1 FROM region_supervision_agencies r WHERE r.supervision_id = s.id AND r.agency_id = ?)",
               *scope.agency);
  }
  if (filter.status) list.WhereEqual("s.status", *filter.status, 3);
  if (filter.kind) list.Where("s.kind = ?", *filter.kind);
  IPE_ASSIGN_OR_RETURN(Page<RegionSupervision> out,
                       internal::PageOf<RegionSupervision>(
                           tx_, list, page, std::string("SELECT ") + kColumns + " FROM region_supervisions s", "s",
                           &FromRow));
  for (RegionSupervision& s : out.items) {
    IPE_ASSIGN_OR_RETURN(RegionSupervision full, Load(s.id));
    s.agencies = std::move(full.agencies);
    s.tasks = std::move(full.tasks);
  }
  return out;
}

core::Result<std::vector<SupervisionAgency>> RegionSupervisionStore::AgenciesWithin(const std::vector<int64_t>& ids,
                                                                                   const std::string& region) {
  std::vector<SupervisionAgency> out;
  if (ids.empty()) return out;
  Params params;
  for (int64_t id : ids) params.emplace_back(id);
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query("SELECT id, name, region_code FROM agencies WHERE id IN (" +
                                                internal::Placeholders(ids.size()) + ") ORDER BY id",
                                            params));
  for (const Row& r : rows) {
    std::string code = r.Text(2);
    if (code == region || RegionWithin(region, code)) {
      out.push_back({r.Int(0), r.Text(1)});
    }
  }
  return out;
}

core::Result<std::optional<SupervisionAttachment>> RegionSupervisionStore::Attachment(int64_t supervision_id,
                                                                                     int64_t step_id) {
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query("SELECT filename, content_type, data_base64 FROM region_supervision_steps "
                                            "WHERE id = ? AND supervision_id = ? AND data_base64 IS NOT NULL",
                                            {step_id, supervision_id}));
  if (rows.empty()) return std::optional<SupervisionAttachment>();
  return std::optional<SupervisionAttachment>(SupervisionAttachment{rows[0].Text(0), rows[0].Text(1), rows[0].Text(2)});
}

core::Result<std::vector<SupervisionTask>> RegionSupervisionStore::OpenTasksDue(int64_t agency, core::Date due_by,
                                                                              int64_t limit, int64_t* total) {
  const std::string where =
      " WHERE t.agency_id = ? AND t.done_at IS NULL AND t.due_date <= ? AND EXISTS (SELECT 1 FROM "
      "region_supervisions s WHERE s.id = t.supervision_id AND s.status <> 'removed')";
  IPE_ASSIGN_OR_RETURN(auto count, tx_.Query("SELECT COUNT(*) FROM region_supervision_tasks t" + where,
                                             {agency, due_by.ToString()}));
  *total = count[0].Int(0);
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query(std::string("SELECT ") + kTaskColumns + where +
                                                " ORDER BY t.due_date, t.id LIMIT ?",
                                            {agency, due_by.ToString(), limit}));
  std::vector<SupervisionTask> out;
  for (const Row& r : rows) {
    out.push_back(TaskFromRow(r));
  }
  return out;
}

core::Result<std::vector<int64_t>> RegionSupervisionStore::IssuedIds(const std::string& issuer_region,
                                                                    const std::string& status,
                                                                    std::optional<core::Date> overdue_before,
                                                                    int64_t limit, int64_t* total) {
  std::string where = " FROM region_supervisions WHERE issuer_region = ?";
  Params params{issuer_region};
  if (overdue_before) {
    where += " AND status <> 'removed' AND deadline < ?";
    params.emplace_back(overdue_before->ToString());
  } else {
    where += " AND status = ?";
    params.emplace_back(status);
  }
  IPE_ASSIGN_OR_RETURN(auto count, tx_.Query("SELECT COUNT(*)" + where, params));
  *total = count[0].Int(0);
  params.emplace_back(limit);
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query("SELECT id" + where + " ORDER BY id DESC LIMIT ?", params));
  std::vector<int64_t> out;
  for (const Row& r : rows) out.push_back(r.Int(0));
  return out;
}

}  // namespace ipe::app
