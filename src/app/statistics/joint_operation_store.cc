// JointOperationStore: see joint_operation_store.h.
#include "app/statistics/joint_operation_store.h"

#include <map>

#include "app/internal/list_store.h"

namespace ipe::app {

using storage::Params;
using storage::Row;
using storage::Value;

namespace {

constexpr const char* kOperationColumns =
    "SELECT o.id, o.title, o.goal, o.region_code, o.origin_lead_id, o.alert_id, o.lead_agency_id, a.name, "
    "o.start_date, o.end_date, o.status, o.summary, o.created_at, o.closed_at, o.version "
    "FROM joint_operations o JOIN agencies a ON a.id = o.lead_agency_id";

// The cases an operation counts: converted from one of its leads, or linked by a member.
constexpr const char* kCaseColumns =
    "SELECT c.id, c.case_number, c.title, c.status, c.agency_id, a.name, c.region_code, c.illegal_business_fen, "
    "c.fine_fen, c.created_at, CASE WHEN EXISTS (SELECT 1 FROM joint_operation_leads jl JOIN leads l ON "
    "l.id = jl.lead_id WHERE jl.operation_id = ? AND l.case_id = c.id) THEN 'lead' ELSE 'linked' END "
    "FROM cases c JOIN agencies a ON a.id = c.agency_id";

JointOperation OperationFromRow(const Row& r) {
  JointOperation op;
  op.id = r.Int(0);
  op.title = r.Text(1);
  op.goal = r.Text(2);
  op.region_code = r.Text(3);
  op.origin_lead_id = r.Int(4);
  op.alert_id = r.OptInt(5);
  op.lead_agency_id = r.Int(6);
  op.lead_agency_name = r.Text(7);
  op.start_date = internal::OptDate(r, 8).value_or(core::Date{});
  op.end_date = internal::OptDate(r, 9).value_or(core::Date{});
  op.status = r.Text(10);
  op.summary = r.Text(11);
  op.created_at = core::Timestamp{r.Int(12)};
  op.closed_at = internal::OptTime(r, 13);
  op.version = r.Int(14);
  return op;
}

OperationLeadRow LeadFromRow(const Row& r) {
  return OperationLeadRow{r.Int(0), r.Text(1), r.Text(2), r.OptInt(3), r.Text(4), r.OptInt(5)};
}

JointOperationCase CaseFromRow(const Row& r) {
  JointOperationCase c;
  c.case_id = r.Int(0);
  c.case_number = r.Text(1);
  c.title = r.Text(2);
  c.status = r.Text(3);
  c.agency_id = r.Int(4);
  c.agency_name = r.Text(5);
  c.region_code = r.Text(6);
  if (auto v = r.OptInt(7)) c.illegal_business = core::Fen(*v);
  if (auto v = r.OptInt(8)) c.fine = core::Fen(*v);
  c.opened_at = core::Timestamp{r.Int(9)};
  c.origin = r.Text(10);
  return c;
}

// "(the operation lies in the region OR the agency is a member)"; nothing for the nation.
void Restrict(internal::ListQuery& list, const JointOperationScope& scope) {
  if (!scope.region && !scope.agency) return;
  std::string condition = "(";
  Params params;
  if (scope.region) {
    auto eq = internal::RegionEquality("o", *scope.region);
    if (!eq) return;  // the nation
    condition += eq->first + " = ? OR ";
    params.push_back(eq->second);
  }
  condition += "EXISTS (SELECT 1 FROM joint_operation_members jm WHERE jm.operation_id = o.id AND jm.agency_id = ?))";
  params.push_back(scope.agency.value_or(0));
  list.WhereAll(condition, std::move(params));
}

}  // namespace

core::Result<std::vector<OperationLeadRow>> JointOperationStore::Leads(const std::vector<int64_t>& ids) {
  std::vector<OperationLeadRow> out;
  for (size_t at = 0; at < ids.size(); at += internal::kInListChunk) {
    const size_t n = std::min(internal::kInListChunk, ids.size() - at);
    Params params(ids.begin() + at, ids.begin() + at + n);
    IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query("SELECT id, title, status, agency_id, region_code, case_id FROM leads "
                                              "WHERE id IN (" + internal::Placeholders(n) + ") ORDER BY id",
                                              params));
    for (const Row& r : rows) out.push_back(LeadFromRow(r));
  }
  return out;
}

core::Result<std::optional<int64_t>> JointOperationStore::ActiveOperationOf(const std::vector<int64_t>& lead_ids) {
  for (size_t at = 0; at < lead_ids.size(); at += internal::kInListChunk) {
    const size_t n = std::min(internal::kInListChunk, lead_ids.size() - at);
    Params params(lead_ids.begin() + at, lead_ids.begin() + at + n);
    IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query("SELECT o.id FROM joint_operation_leads jl JOIN joint_operations o ON "
                                              "o.id = jl.operation_id WHERE o.status = 'active' AND jl.lead_id IN (" +
                                                  internal::Placeholders(n) + ") ORDER BY o.id LIMIT 1",
                                              params));
    if (!rows.empty()) return std::optional<int64_t>(rows[0].Int(0));
  }
  return std::optional<int64_t>();
}

core::Status JointOperationStore::Insert(JointOperation& op, const std::vector<int64_t>& lead_ids,
                                         std::optional<int64_t> created_by) {
  IPE_ASSIGN_OR_RETURN(
      auto rows,
      tx_.Query("INSERT INTO joint_operations (title, goal, region_code, province_code, prefecture_code, "
                "origin_lead_id, alert_id, lead_agency_id, start_date, end_date, status, created_by, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, ?) RETURNING id",
                {op.title, op.goal, op.region_code, internal::ProvinceOf(op.region_code),
                 internal::PrefectureOf(op.region_code), op.origin_lead_id, Value(op.alert_id), op.lead_agency_id,
                 op.start_date.ToString(), op.end_date.ToString(), Value(created_by), op.created_at.seconds}));
  op.id = rows[0].Int(0);
  op.status = "active";
  op.version = 1;
  for (const JointOperationMember& m : op.members) {
    IPE_RETURN_IF_ERROR(tx_.Exec("INSERT INTO joint_operation_members (operation_id, agency_id) VALUES (?, ?)",
                                 {op.id, m.agency_id})
                            .status());
  }
  for (int64_t lead : lead_ids) {
    IPE_RETURN_IF_ERROR(
        tx_.Exec("INSERT INTO joint_operation_leads (operation_id, lead_id) VALUES (?, ?)", {op.id, lead}).status());
  }
  return core::Status::Ok();
}

core::Result<JointOperation> JointOperationStore::Load(int64_t id, bool for_update) {
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query(std::string(kOperationColumns) + " WHERE o.id = ?" +
                                                internal::LockClause(tx_, for_update, "o"),
                                            {id}));
  if (rows.empty()) return core::NotFound("联合行动不存在: " + std::to_string(id));
  JointOperation op = OperationFromRow(rows[0]);
  IPE_ASSIGN_OR_RETURN(op.members, MembersOf(id, op.lead_agency_id));
  return op;
}

core::Result<std::vector<JointOperationMember>> JointOperationStore::MembersOf(int64_t id, int64_t lead_agency_id) {
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query("SELECT m.agency_id, a.name, a.region_code FROM joint_operation_members m "
                                            "JOIN agencies a ON a.id = m.agency_id WHERE m.operation_id = ? "
                                            "ORDER BY a.region_code, m.agency_id",
                                            {id}));
  std::vector<JointOperationMember> out;
  for (const Row& r : rows) {
    JointOperationMember m;
    m.agency_id = r.Int(0);
    m.agency_name = r.Text(1);
    m.region_code = r.Text(2);
    m.lead = m.agency_id == lead_agency_id;
    out.push_back(std::move(m));
  }
  return out;
}

core::Result<Page<JointOperation>> JointOperationStore::List(const JointOperationScope& scope,
                                                             std::optional<std::string> status,
                                                             const PageRequest& page) {
  internal::ListQuery list("joint_operations", "o");
  Restrict(list, scope);
  if (status) list.Where("o.status = ?", *status);
  IPE_ASSIGN_OR_RETURN(auto listed, internal::PageOf<JointOperation>(tx_, list, page, kOperationColumns, "o",
                                                                     &OperationFromRow));
  // Each operation with its members (a page holds at most a hundred).
  for (JointOperation& op : listed.items) {
    IPE_ASSIGN_OR_RETURN(op.members, MembersOf(op.id, op.lead_agency_id));
  }
  return listed;
}

core::Result<bool> JointOperationStore::Visible(int64_t id, const JointOperationScope& scope) {
  internal::ListQuery list("joint_operations", "o");
  Restrict(list, scope);
  list.Where("o.id = ?", id);
  IPE_ASSIGN_OR_RETURN(auto count, list.Count(tx_, 1, PageRequest{}));
  return count.total > 0;
}

core::Result<std::vector<OperationLeadRow>> JointOperationStore::LeadsOf(int64_t id) {
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query("SELECT l.id, l.title, l.status, l.agency_id, l.region_code, l.case_id "
                                            "FROM joint_operation_leads jl JOIN leads l ON l.id = jl.lead_id "
                                            "WHERE jl.operation_id = ? ORDER BY l.id",
                                            {id}));
  std::vector<OperationLeadRow> out;
  for (const Row& r : rows) out.push_back(LeadFromRow(r));
  return out;
}

core::Result<std::vector<JointOperationCase>> JointOperationStore::CasesOf(int64_t id) {
  IPE_ASSIGN_OR_RETURN(auto rows,
                       // One IN over a UNION, not two INs joined by OR: PostgreSQL cannot turn an OR of
                       // subqueries into a join and scanned every case for each operation (4.3 s for a
                       // page of 20 operations at 1M cases; a few index probes this way).
                       tx_.Query(std::string(kCaseColumns) +
                                     " WHERE c.id IN (SELECT l.case_id FROM joint_operation_leads jl JOIN leads l ON "
                                     "l.id = jl.lead_id WHERE jl.operation_id = ? AND l.case_id IS NOT NULL "
                                     "UNION SELECT jc.case_id FROM joint_operation_cases jc WHERE "
                                     "jc.operation_id = ?) ORDER BY c.id",
                                 {id, id, id}));
  std::vector<JointOperationCase> out;
  for (const Row& r : rows) out.push_back(CaseFromRow(r));
  return out;
}

core::Result<JointOperationCase> JointOperationStore::LoadCase(int64_t case_id) {
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query(std::string(kCaseColumns) + " WHERE c.id = ?", {int64_t{0}, case_id}));
  if (rows.empty()) return core::NotFound("案件不存在: " + std::to_string(case_id));
  return CaseFromRow(rows[0]);
}

core::Result<bool> JointOperationStore::CountsCase(int64_t id, int64_t case_id) {
  IPE_ASSIGN_OR_RETURN(auto rows,
                       tx_.Query("SELECT 1 FROM joint_operation_cases WHERE operation_id = ? AND case_id = ? "
                                 "UNION ALL SELECT 1 FROM joint_operation_leads jl JOIN leads l ON l.id = jl.lead_id "
                                 "WHERE jl.operation_id = ? AND l.case_id = ?",
                                 {id, case_id, id, case_id}));
  return !rows.empty();
}

core::Status JointOperationStore::LinkCase(int64_t id, int64_t case_id, std::optional<int64_t> by,
                                           core::Timestamp now) {
  Params params{id, case_id};
  params.push_back(Value(by));  // (an initializer list of the three trips g++ 12's -Wmaybe-uninitialized)
  params.push_back(now.seconds);
  return tx_.Exec("INSERT INTO joint_operation_cases (operation_id, case_id, linked_by, linked_at) VALUES (?, ?, ?, ?)",
                  params)
      .status();
}

core::Status JointOperationStore::Close(int64_t id, const std::string& summary, std::optional<int64_t> by,
                                        core::Timestamp now, int64_t expected_version) {
  IPE_ASSIGN_OR_RETURN(int64_t changed,
                       tx_.Exec("UPDATE joint_operations SET status = 'closed', summary = ?, closed_by = ?, "
                                "closed_at = ?, version = version + 1 WHERE id = ? AND version = ? AND status = 'active'",
                                {summary, Value(by), now.seconds, id, expected_version}));
  if (changed == 0) return core::FailedPrecondition("联合行动已被他人修改，请刷新后重试");
  return core::Status::Ok();
}

core::Result<Page<JointOperation>> JointOperationStore::AwaitingCasesOf(int64_t agency_id, const PageRequest& page) {
  // No case of the agency linked, and none converted from one of the operation's leads.
  const std::string where =
      " WHERE o.status = 'active' AND EXISTS (SELECT 1 FROM joint_operation_members m WHERE m.operation_id = o.id AND "
      "m.agency_id = ?) AND NOT EXISTS (SELECT 1 FROM joint_operation_cases jc JOIN cases c ON c.id = jc.case_id "
      "WHERE jc.operation_id = o.id AND c.agency_id = ?) AND NOT EXISTS (SELECT 1 FROM joint_operation_leads jl "
      "JOIN leads l ON l.id = jl.lead_id JOIN cases c ON c.id = l.case_id WHERE jl.operation_id = o.id AND "
      "c.agency_id = ?)";
  IPE_ASSIGN_OR_RETURN(auto count, tx_.Query("SELECT count(*) FROM joint_operations o" + where,
                                             {agency_id, agency_id, agency_id}));
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query(std::string(kOperationColumns) + where +
                                                " ORDER BY o.end_date, o.id LIMIT ? OFFSET ?",
                                            {agency_id, agency_id, agency_id, page.page_size, page.offset()}));
  Page<JointOperation> out;
  out.total = count[0].Int(0);
  out.page = page.page;
  out.page_size = page.page_size;
  for (const Row& r : rows) out.items.push_back(OperationFromRow(r));
  return out;
}

}  // namespace ipe::app
