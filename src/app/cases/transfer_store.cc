// TransferStore: the SQL of transfers, supervision and alerts. See transfer_store.h.
#include "app/cases/transfer_store.h"

#include <map>

#include "app/internal/list_store.h"
#include "app/internal/text.h"

namespace ipe::app {
namespace {

using internal::Placeholders;
using storage::Params;
using storage::Row;
using storage::Value;

using internal::OptTimeValue;

constexpr const char* kTransferColumns =
    "t.id, t.case_id, c.case_number, c.title, c.agency_id, a.name, c.region_code, t.status, "
    "t.suspicion_only, t.police_agency_id, p.name, t.docs_transfer_letter, "
    "t.docs_investigation_report, t.docs_items_list, t.docs_inspection_reports, t.docs_other, "
    "t.current_step, t.due_at";
constexpr const char* kTransferFrom =
    " FROM transfers t JOIN cases c ON c.id = t.case_id JOIN agencies a ON a.id = c.agency_id "
    "LEFT JOIN agencies p ON p.id = t.police_agency_id";

Transfer TransferFromRow(const Row& r) {
  Transfer t;
  t.id = r.Int(0);
  t.case_id = r.Int(1);
  t.case_number = r.Text(2);
  t.case_title = r.Text(3);
  t.agency_id = r.Int(4);
  t.agency_name = r.Text(5);
  t.region_code = r.Text(6);
  t.status = r.Text(7);
  t.suspicion_only = r.Int(8) != 0;
  t.police_agency_id = r.OptInt(9);
  t.police_agency_name = r.Text(10);
  t.documents = {r.Int(11) != 0, r.Int(12) != 0, r.Int(13) != 0, r.Int(14) != 0, r.Int(15) != 0};
  t.current_step = r.Text(16);
  if (auto d = r.OptInt(17)) t.due_at = core::Timestamp{*d};
  return t;
}

TransferStep StepFromRow(const Row& s, size_t first) {
  TransferStep step;
  step.step = s.Text(first);
  step.at = core::Timestamp{s.Int(first + 1)};
  step.actor = s.Text(first + 2);
  step.decision = s.Text(first + 3);
  step.reasons = s.Text(first + 4);
  if (auto d = s.OptInt(first + 5)) step.due_at = core::Timestamp{*d};
  if (auto o = s.OptInt(first + 6)) step.on_time = *o != 0;
  step.extension = s.Text(first + 7);
  step.approver = s.Text(first + 8);
  if (auto d = s.OptInt(first + 9)) step.extended_to = core::Timestamp{*d};
  return step;
}

constexpr const char* kStepColumns =
    "s.step, s.at, coalesce(u.login, 'system'), coalesce(s.decision, ''), "
    "coalesce(s.reasons, ''), s.due_at, s.on_time, coalesce(s.extension, ''), "
    "coalesce(s.approver, ''), s.extended_to";

SupervisionAction SupervisionFromRow(const Row& r) {
  SupervisionAction a;
  a.id = r.Int(0);
  a.case_id = r.Int(1);
  a.case_number = r.Text(2);
  a.kind = r.Text(3);
  a.prosecutor_agency_name = r.Text(4);
  a.created_by = r.Text(5);
  a.created_at = core::Timestamp{r.Int(6)};
  if (auto d = r.OptInt(7)) a.due_at = core::Timestamp{*d};
  if (auto d = r.OptInt(8)) a.answered_at = core::Timestamp{*d};
  a.answer = r.Text(9);
  a.note = r.Text(10);
  a.case_title = r.Text(11);
  a.transfer_id = r.OptInt(12);
  if (a.kind == "suggest_transfer" || !r.OptInt(13)) {
    a.addressed_kind = "agency";
    a.addressed_agency_id = r.Int(15);
    a.addressed_agency_name = r.Text(16);
  } else {
    a.addressed_kind = "police";
    a.addressed_agency_id = r.Int(13);
    a.addressed_agency_name = r.Text(14);
  }
  return a;
}

constexpr const char* kSupervisionSelect =
    "SELECT s.id, s.case_id, c.case_number, s.kind, a.name, coalesce(u.login, 'system'), "
    "s.created_at, s.due_at, s.answered_at, coalesce(s.answer, ''), s.note, c.title, "
    "s.transfer_id, t.police_agency_id, coalesce(pa.name, ''), c.agency_id, ca.name FROM "
    "supervision_actions s JOIN cases c ON c.id = s.case_id JOIN agencies a ON a.id = "
    "s.prosecutor_agency_id JOIN agencies ca ON ca.id = c.agency_id LEFT JOIN transfers t ON "
    "t.id = s.transfer_id LEFT JOIN agencies pa ON pa.id = t.police_agency_id LEFT JOIN users u "
    "ON u.id = s.created_by";

}  // namespace

core::Result<Transfer> TransferStore::Load(int64_t id) {
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query(std::string("SELECT ") + kTransferColumns +
                                                kTransferFrom + " WHERE t.id = ?",
                                            {id}));
  if (rows.empty()) return core::NotFound("移送记录不存在 (transfer not found)");
  Transfer t = TransferFromRow(rows[0]);
  IPE_ASSIGN_OR_RETURN(auto steps, tx_.Query(std::string("SELECT ") + kStepColumns +
                                                 " FROM transfer_steps s LEFT JOIN users u ON "
                                                 "u.id = s.actor_id WHERE s.transfer_id = ? "
                                                 "ORDER BY s.id",
                                             {id}));
  for (const Row& s : steps) t.steps.push_back(StepFromRow(s, 0));
  return t;
}

core::Result<std::optional<std::pair<int64_t, std::optional<int64_t>>>> TransferStore::LatestOfCase(
    int64_t case_id) {
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query("SELECT id, police_agency_id FROM transfers WHERE "
                                            "case_id = ? ORDER BY id DESC LIMIT 1",
                                            {case_id}));
  using Out = std::optional<std::pair<int64_t, std::optional<int64_t>>>;
  if (rows.empty()) return Out();
  return Out(std::make_pair(rows[0].Int(0), rows[0].OptInt(1)));
}

core::Result<bool> TransferStore::HasOpenTransfer(int64_t case_id) {
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query("SELECT id FROM transfers WHERE case_id = ? AND "
                                            "status NOT IN ('rejected', 'returned')",
                                            {case_id}));
  return !rows.empty();
}

core::Result<std::optional<CaseOwner>> TransferStore::OwnerOfCase(int64_t case_id) {
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query("SELECT agency_id, region_code, case_number, conduct "
                                            "FROM cases WHERE id = ?",
                                            {case_id}));
  if (rows.empty()) return std::optional<CaseOwner>();
  return std::optional<CaseOwner>(
      CaseOwner{rows[0].Int(0), rows[0].Text(1), rows[0].Text(2), rows[0].OptText(3)});
}

core::Result<std::optional<std::pair<std::string, bool>>> TransferStore::AgencyKind(
    int64_t agency_id) {
  IPE_ASSIGN_OR_RETURN(auto rows,
                       tx_.Query("SELECT kind, active FROM agencies WHERE id = ?", {agency_id}));
  using Out = std::optional<std::pair<std::string, bool>>;
  if (rows.empty()) return Out();
  return Out(std::make_pair(rows[0].Text(0), rows[0].Int(1) != 0));
}

core::Result<std::optional<TransferStore::Staff>> TransferStore::StaffByLogin(
    const std::string& login) {
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query("SELECT agency_id, active, roles FROM users WHERE "
                                            "login = ?",
                                            {login}));
  if (rows.empty()) return std::optional<Staff>();
  return std::optional<Staff>(Staff{rows[0].Int(0), rows[0].Int(1) != 0, rows[0].Text(2)});
}

core::Result<int64_t> TransferStore::Insert(int64_t case_id, const std::string& status,
                                            bool suspicion_only,
                                            const std::string& step,
                                            std::optional<core::Timestamp> due,
                                            core::Timestamp now) {
  IPE_ASSIGN_OR_RETURN(
      auto rows, tx_.Query("INSERT INTO transfers (case_id, status, suspicion_only, current_step, "
                           "step_started_at, due_at, created_at, updated_at) VALUES (?, "
                           "?, ?, ?, ?, ?, ?, ?) RETURNING id",
                           {case_id, status, suspicion_only, step, now.seconds, OptTimeValue(due),
                            now.seconds, now.seconds}));
  return rows[0].Int(0);
}

core::Status TransferStore::AddStep(int64_t transfer_id, const std::string& step,
                                    core::Timestamp at, std::optional<int64_t> actor_id,
                                    const std::string& decision, const std::string& reasons,
                                    std::optional<core::Timestamp> due,
                                    std::optional<bool> on_time,
                                    const std::optional<Extension>& extension) {
  return tx_
      .Exec("INSERT INTO transfer_steps (transfer_id, step, at, actor_id, decision, reasons, "
            "due_at, on_time, extension, approver, extended_to) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
            "?, ?, ?)",
            {transfer_id, step, at.seconds, Value(actor_id), decision, reasons, OptTimeValue(due),
             Value(on_time), extension ? Value(extension->kind) : Value(),
             extension ? Value(extension->approver) : Value(),
             extension ? OptTimeValue(extension->extended_to) : Value()})
      .status();
}

core::Status TransferStore::Update(int64_t transfer_id, const ReadState& read,
                                   const std::string& status,
                                   std::optional<int64_t> police_agency_id,
                                   const TransferDocuments& docs, const std::string& step,
                                   std::optional<core::Timestamp> due, core::Timestamp now) {
  IPE_ASSIGN_OR_RETURN(
      int64_t updated,
      tx_.Exec("UPDATE transfers SET status = ?, police_agency_id = ?, docs_transfer_letter = ?, "
               "docs_investigation_report = ?, docs_items_list = ?, docs_inspection_reports = ?, "
               "docs_other = ?, current_step = ?, step_started_at = ?, due_at = ?, updated_at = ? "
               "WHERE id = ? AND status = ? AND current_step = ?",
               {status, Value(police_agency_id), docs.transfer_letter, docs.investigation_report,
                docs.items_list, docs.inspection_reports, docs.other, step, now.seconds,
                OptTimeValue(due), now.seconds, transfer_id, read.status, read.step}));
  if (updated == 0) {
    return core::FailedPrecondition("移送记录已被他人处理，请刷新后重试 (transfer changed meanwhile)");
  }
  return core::Status::Ok();
}

core::Result<Page<Transfer>> TransferStore::List(const ListQuery& query, const PageRequest& page) {
  Params params;
  std::string where;
  if (query.incoming_to) {
    where = " WHERE t.police_agency_id = ?";
    params.emplace_back(*query.incoming_to);
  } else {
    CaseScope scope = query.scope;
    std::optional<int64_t> agency = scope.agency;
    scope.agency.reset();
    where = " WHERE " + CaseScopeCondition(scope, params);
    if (agency) {
      // An agency sees its own transfers and those sent to it.
      where += " AND (c.agency_id = ? OR t.police_agency_id = ?)";
      params.emplace_back(*agency);
      params.emplace_back(*agency);
    }
  }
  if (query.due_from || query.due_to) where += " AND t.due_at IS NOT NULL";
  if (query.due_from) {
    where += " AND t.due_at >= ?";
    params.emplace_back(query.due_from->seconds);
  }
  if (query.due_to) {
    where += " AND t.due_at <= ?";
    params.emplace_back(query.due_to->seconds);
  }
  if (!query.statuses.empty()) {
    where += " AND t.status IN (" + Placeholders(query.statuses.size()) + ")";
    for (const std::string& s : query.statuses) params.emplace_back(s);
  }
  IPE_ASSIGN_OR_RETURN(auto count, tx_.Query(std::string("SELECT count(*)") + kTransferFrom + where,
                                             params));
  params.emplace_back(page.page_size);
  params.emplace_back(page.offset());
  IPE_ASSIGN_OR_RETURN(
      auto rows,
      tx_.Query(std::string("SELECT ") + kTransferColumns + kTransferFrom + where +
                    (query.earliest_due_first ? " ORDER BY t.due_at IS NULL, t.due_at, t.id"
                                              : " ORDER BY t.id DESC") +
                    " LIMIT ? OFFSET ?",
                params));
  Page<Transfer> out;
  out.total = count[0].Int(0);
  out.page = page.page;
  out.page_size = page.page_size;
  std::map<int64_t, size_t> index_of;
  Params ids;
  for (const Row& r : rows) {
    index_of[r.Int(0)] = out.items.size();
    ids.emplace_back(r.Int(0));
    out.items.push_back(TransferFromRow(r));
  }
  if (ids.empty()) return out;
  IPE_ASSIGN_OR_RETURN(auto steps, tx_.Query(std::string("SELECT s.transfer_id, ") + kStepColumns +
                                                 " FROM transfer_steps s LEFT JOIN users u ON "
                                                 "u.id = s.actor_id WHERE s.transfer_id IN (" +
                                                 Placeholders(ids.size()) + ") ORDER BY s.id",
                                             ids));
  for (const Row& s : steps) out.items[index_of.at(s.Int(0))].steps.push_back(StepFromRow(s, 1));
  return out;
}

core::Result<int64_t> TransferStore::InsertSupervision(int64_t case_id,
                                                       std::optional<int64_t> transfer_id,
                                                       const std::string& kind,
                                                       int64_t prosecutor_agency_id,
                                                       int64_t created_by, core::Timestamp now,
                                                       std::optional<core::Timestamp> due,
                                                       const std::string& note) {
  IPE_ASSIGN_OR_RETURN(
      auto rows,
      tx_.Query("INSERT INTO supervision_actions (case_id, transfer_id, kind, "
                "prosecutor_agency_id, created_by, created_at, due_at, note) VALUES (?, ?, ?, ?, ?, "
                "?, ?, ?) RETURNING id",
                {case_id, Value(transfer_id), kind, prosecutor_agency_id, created_by, now.seconds,
                 OptTimeValue(due), note}));
  return rows[0].Int(0);
}

core::Result<SupervisionAction> TransferStore::LoadSupervision(int64_t id) {
  IPE_ASSIGN_OR_RETURN(auto rows,
                       tx_.Query(std::string(kSupervisionSelect) + " WHERE s.id = ?", {id}));
  if (rows.empty()) return core::NotFound("监督事项不存在");
  return SupervisionFromRow(rows[0]);
}

core::Result<std::optional<SupervisionTarget>> TransferStore::TargetOf(int64_t action_id) {
  IPE_ASSIGN_OR_RETURN(auto rows,
                       tx_.Query("SELECT s.kind, s.case_id, c.agency_id, c.region_code, "
                                 "t.police_agency_id, s.answered_at FROM supervision_actions s "
                                 "JOIN cases c ON c.id = s.case_id LEFT JOIN transfers t ON t.id "
                                 "= s.transfer_id WHERE s.id = ?",
                                 {action_id}));
  if (rows.empty()) return std::optional<SupervisionTarget>();
  const Row& r = rows[0];
  return std::optional<SupervisionTarget>(
      SupervisionTarget{r.Text(0), r.Int(1), r.Int(2), r.Text(3), r.OptInt(4), !r.IsNull(5)});
}

core::Status TransferStore::Answer(int64_t action_id, const std::string& answer,
                                   core::Timestamp now) {
  IPE_ASSIGN_OR_RETURN(int64_t updated,
                       tx_.Exec("UPDATE supervision_actions SET answered_at = ?, answer = ? "
                                "WHERE id = ? AND answered_at IS NULL",
                                {now.seconds, answer, action_id}));
  if (updated == 0) return core::FailedPrecondition("已答复");
  return core::Status::Ok();
}

core::Result<std::vector<SupervisionAction>> TransferStore::ListSupervision(
    const std::optional<CaseScope>& scope, int64_t addressed_agency) {
  Params params;
  std::string where;
  if (scope) {
    where = " WHERE " + CaseScopeCondition(*scope, params);
  } else {
    // Addressed to the agency: its own cases, or the police a case went to (a transfer may reach
    // a police agency of another region: Decree 310 art. 8 forwarding).
    where = " WHERE (c.agency_id = ? OR s.transfer_id IN (SELECT id FROM transfers WHERE "
            "police_agency_id = ?))";
    params.emplace_back(addressed_agency);
    params.emplace_back(addressed_agency);
  }
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query(std::string(kSupervisionSelect) + where +
                                                " ORDER BY s.id DESC LIMIT 200",
                                            params));
  std::vector<SupervisionAction> out;
  for (const Row& r : rows) out.push_back(SupervisionFromRow(r));
  return out;
}

core::Result<std::vector<Alert>> TransferStore::StoredAlerts(const CaseScope& scope) {
  Params params;
  std::string condition = CaseScopeCondition(scope, params);
  IPE_ASSIGN_OR_RETURN(auto rows,
                       tx_.Query("SELECT x.id, x.kind, x.case_id, c.case_number, c.agency_id, "
                                 "a.name, c.region_code, x.message, x.created_at, x.severity "
                                 "FROM alerts x "
                                 "JOIN cases c ON c.id = x.case_id JOIN agencies a ON a.id = "
                                 "c.agency_id WHERE x.resolved_at IS NULL AND " + condition +
                                     " ORDER BY x.id DESC LIMIT 500",
                                 params));
  std::vector<Alert> out;
  for (const Row& r : rows) {
    out.push_back({r.Int(0), r.Text(1), r.Int(2), r.Text(3), r.Int(4), r.Text(5), r.Text(6),
                   r.Text(7), core::Timestamp{r.Int(8)}, r.Text(9)});
  }
  return out;
}

core::Result<std::vector<DueTransfer>> TransferStore::DueTransfers(const CaseScope& scope,
                                                                   core::Timestamp until) {
  Params params;
  std::string condition = CaseScopeCondition(scope, params);
  params.emplace_back(until.seconds);
  IPE_ASSIGN_OR_RETURN(auto rows,
                       tx_.Query("SELECT t.id, t.case_id, c.case_number, c.agency_id, a.name, "
                                 "c.region_code, t.current_step, t.due_at FROM transfers t JOIN "
                                 "cases c ON c.id = t.case_id JOIN agencies a ON a.id = "
                                 "c.agency_id WHERE " + condition +
                                     " AND t.due_at IS NOT NULL AND t.due_at <= ? ORDER BY "
                                     "t.due_at LIMIT 500",
                                 params));
  std::vector<DueTransfer> out;
  for (const Row& r : rows) {
    out.push_back({r.Int(0), r.Int(1), r.Text(2), r.Int(3), r.Text(4), r.Text(5), r.Text(6),
                   core::Timestamp{r.Int(7)}});
  }
  return out;
}

core::Result<std::vector<TransferStore::UndecidedCase>> TransferStore::UndecidedCases(
    const CaseScope& scope, core::Timestamp met_before) {
  Params params;
  std::string condition = CaseScopeCondition(scope, params);
  params.emplace_back(met_before.seconds);
  // A transfer decided by the head is any that left awaiting_decision (approved, rejected, sent
  // and beyond); one still awaiting runs on its own statutory clock (head_decision).
  IPE_ASSIGN_OR_RETURN(
      auto rows,
      tx_.Query("SELECT c.id, c.case_number, c.agency_id, a.name, c.region_code, "
                "c.threshold_met_at, c.conduct, c.findings FROM cases c JOIN agencies a ON a.id = "
                "c.agency_id WHERE " + condition +
                    " AND c.status = 'open' AND c.threshold_met = 1 AND c.threshold_met_at IS NOT "
                    "NULL AND c.threshold_met_at < ? AND NOT EXISTS (SELECT 1 FROM transfers t "
                    "WHERE t.case_id = c.id AND t.status <> 'awaiting_decision') ORDER BY "
                    "c.threshold_met_at LIMIT 500",
                params));
  std::vector<UndecidedCase> out;
  for (const Row& r : rows) {
    out.push_back({r.Int(0), r.Text(1), r.Int(2), r.Text(3), r.Text(4), core::Timestamp{r.Int(5)},
                   r.OptText(6), r.Text(7)});
  }
  return out;
}

}  // namespace ipe::app
