// Transfers to the police, prosecutor supervision, alerts. See transfers.h.
#include "app/cases/transfers.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "app/audit.h"
#include "app/internal/text.h"
#include "app/permissions.h"
#include "core/calendar.h"
#include "rules/deadlines.h"

namespace ipe::app {
namespace {

using storage::Params;
using storage::Row;
using storage::Value;

constexpr int64_t kDueSoonSeconds = 24 * 3600;

// "2026-11-30 15:08 (北京时间)": the wall-clock time a Chinese reader expects in a message (the
// API's timestamps stay ISO-8601 UTC).
std::string BeijingTime(core::Timestamp t) {
  int64_t minutes = (((t.seconds + 8 * 3600) % 86400) + 86400) % 86400 / 60;
  char hm[8];
  std::snprintf(hm, sizeof hm, "%02d:%02d", static_cast<int>(minutes / 60), static_cast<int>(minutes % 60));
  return core::LocalDate(t).ToString() + " " + hm + "（北京时间）";
}

std::string DeadlineState(const std::optional<core::Timestamp>& due, core::Timestamp now) {
  if (!due) return "none";
  if (now > *due) return "overdue";
  if (due->seconds - now.seconds <= kDueSoonSeconds) return "due_soon";
  return "ok";
}

std::string StepTitle(const std::string& key) {
  if (key.empty()) return "";
  const rules::Step* s = rules::DefaultRuleSet().FindStep(key);
  return s ? s->title : key;
}

// The deadline of `step_key` triggered now; nullopt for steps without a fixed period.
core::Result<std::optional<core::Timestamp>> Due(const std::string& step_key, core::Timestamp now) {
  if (step_key.empty()) return std::optional<core::Timestamp>();
  return rules::DueFor(rules::DefaultRuleSet(), step_key, now, core::Calendar());
}

constexpr const char* kTransferColumns =
    "t.id, t.case_id, c.case_number, c.title, c.agency_id, a.name, c.region_code, t.status, "
    "t.suspicion_only, t.police_agency_id, p.name, t.docs_transfer_letter, "
    "t.docs_investigation_report, t.docs_items_list, t.docs_inspection_reports, t.docs_other, "
    "t.current_step, t.due_at";
constexpr const char* kTransferFrom =
    " FROM transfers t JOIN cases c ON c.id = t.case_id JOIN agencies a ON a.id = c.agency_id "
    "LEFT JOIN agencies p ON p.id = t.police_agency_id";

Transfer TransferFromRow(const Row& r, core::Timestamp now) {
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
  t.current_step_title = StepTitle(t.current_step);
  if (auto d = r.OptInt(17)) t.due_at = core::Timestamp{*d};
  t.deadline_state = DeadlineState(t.due_at, now);
  return t;
}

core::Result<Transfer> LoadTransfer(storage::Tx& tx, int64_t id, core::Timestamp now) {
  IPE_ASSIGN_OR_RETURN(auto rows, tx.Query(std::string("SELECT ") + kTransferColumns +
                                               kTransferFrom + " WHERE t.id = ?",
                                           {id}));
  if (rows.empty()) return core::NotFound("移送记录不存在 (transfer not found)");
  Transfer t = TransferFromRow(rows[0], now);
  IPE_ASSIGN_OR_RETURN(auto steps,
                       tx.Query("SELECT s.step, s.at, coalesce(u.login, 'system'), "
                                "coalesce(s.decision, ''), coalesce(s.reasons, ''), s.due_at, "
                                "s.on_time FROM transfer_steps s LEFT JOIN users u ON u.id = "
                                "s.actor_id WHERE s.transfer_id = ? ORDER BY s.id",
                                {id}));
  for (const Row& s : steps) {
    TransferStep step{s.Text(0), core::Timestamp{s.Int(1)}, s.Text(2), s.Text(3), s.Text(4),
                      std::nullopt, std::nullopt};
    if (auto d = s.OptInt(5)) step.due_at = core::Timestamp{*d};
    if (auto o = s.OptInt(6)) step.on_time = *o != 0;
    t.steps.push_back(std::move(step));
  }
  return t;
}

// Who may see a transfer: whoever may see the case, and the police agency it was sent to.
bool CanSeeTransfer(const Principal& who, const Transfer& t) {
  if (CanSeeRecord(who, t.agency_id, t.region_code)) return true;
  return t.police_agency_id && who.agency_id == *t.police_agency_id && who.Has(Role::kPolice);
}

core::Status CaseEvent(storage::Tx& tx, int64_t case_id, const Principal& who, core::Timestamp at,
                       const std::string& kind, const std::string& summary) {
  return tx
      .Exec("INSERT INTO case_events (case_id, at, actor_id, kind, summary) VALUES (?, ?, ?, ?, ?)",
            {case_id, at.seconds, who.is_system() ? Value() : Value(who.user_id), kind, summary})
      .status();
}

struct ActionSpec {
  const char* action;
  std::set<std::string> from;  // statuses it applies to
  const char* next_status;
  const char* next_step;       // clock that starts ("" = none)
  enum class Party { kAgencyOfficer, kAgencyHead, kPolice } party;
  bool reasons_required;
  const char* summary_zh;
};

const std::vector<ActionSpec>& Actions() {
  using P = ActionSpec::Party;
  static const std::vector<ActionSpec> k = {
      {"approve", {"awaiting_decision"}, "approved", "transfer_to_police", P::kAgencyHead, false,
       "负责人批准移送"},
      {"reject", {"awaiting_decision"}, "rejected", "", P::kAgencyHead, true,
       "负责人决定不予移送（理由记录在案）"},
      {"send", {"approved"}, "sent", "", P::kAgencyOfficer, false, "移送公安机关"},
      {"receive", {"sent"}, "accepted", "police_filing_decision", P::kPolice, false,
       "公安机关接受移送并签收回执"},
      {"forward", {"sent", "accepted"}, "sent", "", P::kPolice, true,
       "公安机关转送有管辖权的机关"},
      {"file", {"accepted"}, "filed", "handover_items", P::kPolice, false, "公安机关决定立案"},
      {"not_file", {"accepted"}, "not_filed", "agency_review_request", P::kPolice, true,
       "公安机关决定不予立案"},
      {"handover", {"filed"}, "handed_over", "", P::kAgencyOfficer, false,
       "移交涉案物品及有关材料"},
      {"request_review", {"not_filed"}, "review_requested", "police_review_decision",
       P::kAgencyOfficer, false, "提请公安机关复议"},
      {"review_uphold", {"review_requested"}, "review_upheld", "agency_supervision_proposal",
       P::kPolice, true, "公安机关复议维持不予立案"},
      {"review_reverse", {"review_requested"}, "filed", "handover_items", P::kPolice, false,
       "公安机关复议后决定立案"},
      {"propose_supervision", {"review_upheld", "not_filed"}, "supervision_proposed", "",
       P::kAgencyOfficer, false, "建议人民检察院依法进行立案监督"},
      {"return", {"accepted", "filed"}, "returned", "", P::kPolice, true,
       "公安机关反向移送行政执法机关处理"},
  };
  return k;
}

core::Status CheckParty(const Principal& who, const Transfer& t, ActionSpec::Party party) {
  if (who.is_system()) return core::Status::Ok();
  switch (party) {
    case ActionSpec::Party::kAgencyHead:
      if (who.agency_id == t.agency_id && who.Has(Role::kAgencyHead)) return core::Status::Ok();
      return core::PermissionDenied("须由移送机关负责人审批 (agency head only)");
    case ActionSpec::Party::kAgencyOfficer:
      if (who.agency_id == t.agency_id && (who.Has(Role::kOfficer) || who.Has(Role::kAgencyHead))) {
        return core::Status::Ok();
      }
      return core::PermissionDenied("须由移送机关执法人员办理 (transferring agency only)");
    case ActionSpec::Party::kPolice:
      if (who.Has(Role::kPolice) && t.police_agency_id && who.agency_id == *t.police_agency_id) {
        return core::Status::Ok();
      }
      return core::PermissionDenied("须由接受移送的公安机关办理 (receiving police only)");
  }
  return core::PermissionDenied("permission denied");
}

std::string TransferJson(const Transfer& t) {
  return nlohmann::json{{"id", t.id},
                        {"case_id", t.case_id},
                        {"status", t.status},
                        {"current_step", t.current_step},
                        {"police_agency_id", t.police_agency_id ? nlohmann::json(*t.police_agency_id)
                                                                : nlohmann::json()}}
      .dump();
}

core::Result<int64_t> PoliceAgency(storage::Tx& tx, int64_t id) {
  IPE_ASSIGN_OR_RETURN(auto rows, tx.Query("SELECT kind, active FROM agencies WHERE id = ?", {id}));
  if (rows.empty() || rows[0].Int(1) == 0) {
    return core::Status(core::InvalidArgument("公安机关不存在或已停用"))
        .AddFieldError("police_agency_id", "公安机关不存在或已停用");
  }
  if (rows[0].Text(0) != "police") {
    return core::Status(core::InvalidArgument("接收机关须为公安机关"))
        .AddFieldError("police_agency_id", "接收机关须为公安机关");
  }
  return id;
}

SupervisionAction SupervisionFromRow(const Row& r, core::Timestamp now) {
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
  a.deadline_state = a.answered_at ? "none" : DeadlineState(a.due_at, now);
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

core::Result<Transfer> StartCaseTransfer(Context& ctx, const Principal& who, int64_t case_id,
                                         const StartTransfer& input) {
  IPE_RETURN_IF_ERROR(RequireAnyRole(who, {Role::kOfficer, Role::kAgencyHead}, "启动移送"));
  std::set<std::string> team;
  for (const auto& l : input.team) {
    std::string t = internal::Trim(l);
    if (!t.empty()) team.insert(t);
  }
  core::Status st = core::InvalidArgument("移送信息有误");
  bool bad = false;
  if (team.size() < 2) {
    st.AddFieldError("team", "专案组须由 2 名以上执法人员组成（行政执法机关移送涉嫌犯罪案件的规定 第五条）");
    bad = true;
  }
  if (internal::Trim(input.report).empty()) {
    st.AddFieldError("report", "须提交书面报告");
    bad = true;
  }
  if (bad) return st;
  core::Timestamp now = ctx.Now();
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  IPE_ASSIGN_OR_RETURN(auto cases, tx->Query("SELECT agency_id, region_code, case_number FROM "
                                             "cases WHERE id = ?",
                                             {case_id}));
  if (cases.empty() || !CanSeeRecord(who, cases[0].Int(0), cases[0].Text(1))) {
    return core::NotFound("案件不存在 (case not found)");
  }
  if (!who.is_system() && who.agency_id != cases[0].Int(0)) {
    return core::PermissionDenied("只能移送本机构的案件");
  }
  for (const std::string& login : team) {
    IPE_ASSIGN_OR_RETURN(auto u, tx->Query("SELECT agency_id, active, roles FROM users WHERE login = ?",
                                           {login}));
    if (u.empty() || u[0].Int(0) != cases[0].Int(0) || u[0].Int(1) == 0 ||
        u[0].Text(2).find("officer") == std::string::npos) {
      return core::Status(core::InvalidArgument("专案组成员须为本机构在职执法人员: " + login))
          .AddFieldError("team", "专案组成员须为本机构在职执法人员: " + login);
    }
  }
  IPE_ASSIGN_OR_RETURN(auto open,
                       tx->Query("SELECT id FROM transfers WHERE case_id = ? AND status NOT IN "
                                 "('rejected', 'returned')",
                                 {case_id}));
  if (!open.empty()) return core::FailedPrecondition("该案件已有进行中的移送");
  IPE_ASSIGN_OR_RETURN(auto due, Due("head_decision", now));
  IPE_ASSIGN_OR_RETURN(
      auto ins, tx->Query("INSERT INTO transfers (case_id, status, suspicion_only, current_step, "
                          "step_started_at, due_at, created_at, updated_at) VALUES (?, "
                          "'awaiting_decision', ?, 'head_decision', ?, ?, ?, ?) RETURNING id",
                          {case_id, input.suspicion_only, now.seconds,
                           due ? Value(due->seconds) : Value(), now.seconds, now.seconds}));
  int64_t id = ins[0].Int(0);
  std::string team_text = internal::Join(std::vector<std::string>(team.begin(), team.end()), ',');
  IPE_RETURN_IF_ERROR(tx->Exec("INSERT INTO transfer_steps (transfer_id, step, at, actor_id, "
                               "decision, reasons) VALUES (?, 'start', ?, ?, ?, ?)",
                               {id, now.seconds, who.is_system() ? Value() : Value(who.user_id),
                                "专案组: " + team_text, input.report})
                          .status());
  IPE_RETURN_IF_ERROR(CaseEvent(*tx, case_id, who, now, "transfer.start",
                                std::string(input.suspicion_only ? "（合理怀疑）" : "") +
                                    "专案组核实并提交书面报告，待负责人审批"));
  IPE_ASSIGN_OR_RETURN(Transfer t, LoadTransfer(*tx, id, now));
  IPE_RETURN_IF_ERROR(AppendAudit(*tx, who, now,
                                  {"transfer.start", "transfer", std::to_string(id),
                                   "启动移送 " + t.case_number, std::nullopt, TransferJson(t)}));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return t;
}

core::Result<Transfer> ActOnTransfer(Context& ctx, const Principal& who, int64_t transfer_id,
                                     const TransferAction& action) {
  const ActionSpec* spec = nullptr;
  for (const ActionSpec& a : Actions()) {
    if (action.action == a.action) spec = &a;
  }
  if (!spec) {
    return core::Status(core::InvalidArgument("未知的移送操作: " + action.action))
        .AddFieldError("action", "未知的移送操作");
  }
  if (spec->reasons_required && internal::Trim(action.reasons).empty()) {
    return core::Status(core::InvalidArgument("须说明理由")).AddFieldError("reasons", "须说明理由");
  }
  core::Timestamp now = ctx.Now();
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  IPE_ASSIGN_OR_RETURN(Transfer t, LoadTransfer(*tx, transfer_id, now));
  if (!CanSeeTransfer(who, t)) return core::NotFound("移送记录不存在 (transfer not found)");
  IPE_RETURN_IF_ERROR(CheckParty(who, t, spec->party));
  if (!spec->from.count(t.status)) {
    return core::FailedPrecondition("当前状态（" + t.status + "）不能执行 " + action.action);
  }
  std::optional<int64_t> police = t.police_agency_id;
  TransferDocuments docs = t.documents;
  if (action.action == "send" || action.action == "forward") {
    if (!action.police_agency_id) {
      return core::Status(core::InvalidArgument("须选择公安机关"))
          .AddFieldError("police_agency_id", "须选择公安机关");
    }
    IPE_ASSIGN_OR_RETURN(int64_t pid, PoliceAgency(*tx, *action.police_agency_id));
    if (action.action == "forward" && t.police_agency_id && pid == *t.police_agency_id) {
      return core::Status(core::InvalidArgument("须转送其他有管辖权的机关"))
          .AddFieldError("police_agency_id", "须转送其他有管辖权的机关");
    }
    police = pid;
  }
  if (action.action == "send") {
    docs = action.documents;
    core::Status st = core::InvalidArgument("移送材料不全（第六条）");
    bool bad = false;
    if (!docs.transfer_letter) st.AddFieldError("documents.transfer_letter", "缺少涉嫌犯罪案件移送书"), bad = true;
    if (!docs.investigation_report) st.AddFieldError("documents.investigation_report", "缺少涉嫌犯罪案件情况的调查报告"), bad = true;
    if (!docs.items_list) st.AddFieldError("documents.items_list", "缺少涉案物品清单"), bad = true;
    if (bad) return st;
  }
  // The step being completed: was it on time?
  std::optional<bool> on_time;
  if (t.due_at) on_time = now <= *t.due_at;
  // The forward must happen within 24 hours of receipt (art. 7).
  std::string next_step = spec->next_step;
  IPE_ASSIGN_OR_RETURN(auto due, Due(next_step, now));
  IPE_RETURN_IF_ERROR(tx->Exec("INSERT INTO transfer_steps (transfer_id, step, at, actor_id, "
                               "decision, reasons, due_at, on_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                               {transfer_id, action.action, now.seconds,
                                who.is_system() ? Value() : Value(who.user_id), spec->summary_zh,
                                action.reasons, t.due_at ? Value(t.due_at->seconds) : Value(),
                                on_time ? Value(*on_time) : Value()})
                          .status());
  IPE_RETURN_IF_ERROR(
      tx->Exec("UPDATE transfers SET status = ?, police_agency_id = ?, docs_transfer_letter = ?, "
               "docs_investigation_report = ?, docs_items_list = ?, docs_inspection_reports = ?, "
               "docs_other = ?, current_step = ?, step_started_at = ?, due_at = ?, updated_at = ? "
               "WHERE id = ?",
               {spec->next_status, police ? Value(*police) : Value(), docs.transfer_letter,
                docs.investigation_report, docs.items_list, docs.inspection_reports, docs.other,
                next_step, now.seconds, due ? Value(due->seconds) : Value(), now.seconds,
                transfer_id})
          .status());
  std::string summary = spec->summary_zh;
  if (!action.reasons.empty()) summary += "：" + action.reasons;
  if (on_time && !*on_time) summary += "（已超过法定期限）";
  IPE_RETURN_IF_ERROR(CaseEvent(*tx, t.case_id, who, now, std::string("transfer.") + action.action,
                                summary));
  IPE_ASSIGN_OR_RETURN(Transfer after, LoadTransfer(*tx, transfer_id, now));
  IPE_RETURN_IF_ERROR(AppendAudit(*tx, who, now,
                                  {std::string("transfer.") + action.action, "transfer",
                                   std::to_string(transfer_id), summary + " " + t.case_number,
                                   TransferJson(t), TransferJson(after)}));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return after;
}

core::Result<Transfer> GetTransfer(Context& ctx, const Principal& who, int64_t transfer_id) {
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  IPE_ASSIGN_OR_RETURN(Transfer t, LoadTransfer(*tx, transfer_id, ctx.Now()));
  if (!CanSeeTransfer(who, t)) return core::NotFound("移送记录不存在 (transfer not found)");
  return t;
}

core::Result<std::optional<Transfer>> TransferOfCase(Context& ctx, const Principal& who,
                                                     int64_t case_id) {
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  IPE_ASSIGN_OR_RETURN(auto rows, tx->Query("SELECT id FROM transfers WHERE case_id = ? ORDER BY "
                                            "id DESC LIMIT 1",
                                            {case_id}));
  if (rows.empty()) return std::optional<Transfer>();
  IPE_ASSIGN_OR_RETURN(Transfer t, LoadTransfer(*tx, rows[0].Int(0), ctx.Now()));
  if (!CanSeeTransfer(who, t)) return std::optional<Transfer>();
  return std::optional<Transfer>(std::move(t));
}

core::Result<Page<Transfer>> ListTransfers(Context& ctx, const Principal& who,
                                           const TransferFilter& f, const PageRequest& page) {
  IPE_RETURN_IF_ERROR(page.Validate());
  core::Timestamp now = ctx.Now();
  Params params;
  std::string where;
  if (f.incoming) {
    IPE_RETURN_IF_ERROR(RequireAnyRole(who, {Role::kPolice}, "查看移送至本机关的案件"));
    where = " WHERE t.police_agency_id = ?";
    params.emplace_back(who.agency_id);
  } else {
    where = " WHERE " + internal::RegionSubtreeSql("c.region_code", who.region_code, params);
    bool supervisor = who.is_system() || who.Has(Role::kOffice) || who.Has(Role::kProsecutor) ||
                      who.Has(Role::kAuditor) || who.Has(Role::kAdmin);
    if (!supervisor) {
      where += " AND (c.agency_id = ? OR t.police_agency_id = ?)";
      params.emplace_back(who.agency_id);
      params.emplace_back(who.agency_id);
    }
  }
  if (f.state == "overdue") {
    where += " AND t.due_at IS NOT NULL AND t.due_at < ?";
    params.emplace_back(now.seconds);
  } else if (f.state == "due_soon") {
    where += " AND t.due_at IS NOT NULL AND t.due_at >= ? AND t.due_at <= ?";
    params.emplace_back(now.seconds);
    params.emplace_back(now.seconds + kDueSoonSeconds);
  } else if (f.state) {
    return core::Status(core::InvalidArgument("state 应为 overdue 或 due_soon"))
        .AddFieldError("state", "应为 overdue 或 due_soon");
  }
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  IPE_ASSIGN_OR_RETURN(auto count, tx->Query(std::string("SELECT count(*)") + kTransferFrom + where,
                                             params));
  params.emplace_back(page.page_size);
  params.emplace_back(page.offset());
  IPE_ASSIGN_OR_RETURN(auto rows, tx->Query(std::string("SELECT t.id") + kTransferFrom + where +
                                                " ORDER BY t.id DESC LIMIT ? OFFSET ?",
                                            params));
  Page<Transfer> out;
  out.total = count[0].Int(0);
  out.page = page.page;
  out.page_size = page.page_size;
  for (const Row& r : rows) {
    IPE_ASSIGN_OR_RETURN(Transfer t, LoadTransfer(*tx, r.Int(0), now));
    out.items.push_back(std::move(t));
  }
  return out;
}

core::Result<SupervisionAction> Supervise(Context& ctx, const Principal& who, int64_t case_id,
                                          const std::string& kind, const std::string& note) {
  IPE_RETURN_IF_ERROR(RequireAnyRole(who, {Role::kProsecutor}, "进行检察监督"));
  static const std::map<std::string, std::string> kSteps = {
      {"request_reasons", "police_explain_non_filing"},  // 7 日 (刑事诉讼规则 第五百六十条)
      {"notify_filing", "police_file_after_notice"},     // 15 日 (第五百六十三条)
      {"suggest_transfer", ""},                          // 检察意见: no statutory period
  };
  auto it = kSteps.find(kind);
  if (it == kSteps.end()) {
    return core::Status(core::InvalidArgument("监督方式无效"))
        .AddFieldError("kind", "应为 request_reasons、notify_filing 或 suggest_transfer");
  }
  core::Timestamp now = ctx.Now();
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  IPE_ASSIGN_OR_RETURN(auto cases, tx->Query("SELECT agency_id, region_code, case_number FROM "
                                             "cases WHERE id = ?",
                                             {case_id}));
  if (cases.empty() || !CanSeeRecord(who, cases[0].Int(0), cases[0].Text(1))) {
    return core::NotFound("案件不存在 (case not found)");
  }
  IPE_ASSIGN_OR_RETURN(auto transfer, tx->Query("SELECT id, police_agency_id FROM transfers WHERE "
                                                "case_id = ? ORDER BY id DESC LIMIT 1",
                                                {case_id}));
  // Reasons and filing notices are addressed to the police the case went to: a transfer still
  // with the agency (awaiting the head, approved, rejected) has nobody to answer them.
  if (kind != "suggest_transfer" && (transfer.empty() || transfer[0].IsNull(1))) {
    return core::FailedPrecondition("该案件尚未移送公安机关，不能要求说明不立案理由或通知立案");
  }
  IPE_ASSIGN_OR_RETURN(auto due, Due(it->second, now));
  IPE_ASSIGN_OR_RETURN(
      auto ins,
      tx->Query("INSERT INTO supervision_actions (case_id, transfer_id, kind, "
                "prosecutor_agency_id, created_by, created_at, due_at, note) VALUES (?, ?, ?, ?, ?, "
                "?, ?, ?) RETURNING id",
                {case_id, transfer.empty() ? Value() : Value(transfer[0].Int(0)), kind,
                 who.agency_id, who.user_id, now.seconds, due ? Value(due->seconds) : Value(),
                 internal::Trim(note)}));
  int64_t id = ins[0].Int(0);
  static const std::map<std::string, std::string> kZh = {
      {"request_reasons", "检察院要求公安机关说明不立案理由"},
      {"notify_filing", "检察院通知公安机关立案"},
      {"suggest_transfer", "检察院建议行政执法机关移送"}};
  IPE_RETURN_IF_ERROR(CaseEvent(*tx, case_id, who, now, "supervision." + kind, kZh.at(kind)));
  IPE_RETURN_IF_ERROR(AppendAudit(*tx, who, now,
                                  {"supervision." + kind, "case", std::to_string(case_id),
                                   kZh.at(kind) + " " + cases[0].Text(2), std::nullopt,
                                   std::nullopt}));
  IPE_ASSIGN_OR_RETURN(auto rows, tx->Query(std::string(kSupervisionSelect) + " WHERE s.id = ?", {id}));
  SupervisionAction out = SupervisionFromRow(rows[0], now);
  IPE_RETURN_IF_ERROR(tx->Commit());
  return out;
}

core::Result<SupervisionAction> AnswerSupervision(Context& ctx, const Principal& who,
                                                  int64_t action_id, const std::string& answer) {
  if (internal::Trim(answer).empty()) {
    return core::Status(core::InvalidArgument("须填写答复")).AddFieldError("answer", "须填写答复");
  }
  core::Timestamp now = ctx.Now();
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  IPE_ASSIGN_OR_RETURN(auto rows, tx->Query("SELECT s.kind, s.case_id, c.agency_id, t.police_agency_id, "
                                            "s.answered_at, c.region_code FROM supervision_actions s "
                                            "JOIN cases c ON c.id = s.case_id LEFT JOIN transfers t "
                                            "ON t.id = s.transfer_id WHERE s.id = ?",
                                            {action_id}));
  if (rows.empty()) return core::NotFound("监督事项不存在");
  const Row& r = rows[0];
  bool to_agency = r.Text(0) == "suggest_transfer";
  bool allowed = who.is_system() ||
                 (to_agency ? who.agency_id == r.Int(2)
                            : (who.Has(Role::kPolice) && r.OptInt(3) && who.agency_id == *r.OptInt(3)));
  if (!allowed) {
    if (!CanSeeRecord(who, r.Int(2), r.Text(5))) return core::NotFound("监督事项不存在");
    return core::PermissionDenied("须由被监督机关答复");
  }
  if (!r.IsNull(4)) return core::FailedPrecondition("已答复");
  IPE_RETURN_IF_ERROR(tx->Exec("UPDATE supervision_actions SET answered_at = ?, answer = ? WHERE id = ?",
                               {now.seconds, internal::Trim(answer), action_id})
                          .status());
  IPE_RETURN_IF_ERROR(CaseEvent(*tx, r.Int(1), who, now, "supervision.answer", "答复检察监督：" + answer));
  IPE_RETURN_IF_ERROR(AppendAudit(*tx, who, now,
                                  {"supervision.answer", "case", std::to_string(r.Int(1)),
                                   "答复检察监督", std::nullopt, std::nullopt}));
  IPE_ASSIGN_OR_RETURN(auto out, tx->Query(std::string(kSupervisionSelect) + " WHERE s.id = ?", {action_id}));
  SupervisionAction a = SupervisionFromRow(out[0], now);
  IPE_RETURN_IF_ERROR(tx->Commit());
  return a;
}

core::Result<std::vector<SupervisionAction>> ListSupervisionActions(Context& ctx,
                                                                    const Principal& who) {
  Params params;
  std::string where;
  bool supervisor = who.is_system() || who.Has(Role::kOffice) || who.Has(Role::kProsecutor) ||
                    who.Has(Role::kAuditor);
  if (supervisor) {
    where = " WHERE " + internal::RegionSubtreeSql("c.region_code", who.region_code, params);
  } else {
    // Addressed to the caller: the agency whose case it is, or the police the case went to
    // (a transfer may reach a police agency of another region: Decree 310 art. 8 forwarding).
    where = " WHERE (c.agency_id = ? OR s.transfer_id IN (SELECT id FROM transfers WHERE "
            "police_agency_id = ?))";
    params.emplace_back(who.agency_id);
    params.emplace_back(who.agency_id);
  }
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  IPE_ASSIGN_OR_RETURN(auto rows, tx->Query(std::string(kSupervisionSelect) + where +
                                                " ORDER BY s.id DESC LIMIT 200",
                                            params));
  std::vector<SupervisionAction> out;
  core::Timestamp now = ctx.Now();
  for (const Row& r : rows) out.push_back(SupervisionFromRow(r, now));
  return out;
}

core::Result<std::vector<Alert>> ListAlerts(Context& ctx, const Principal& who) {
  core::Timestamp now = ctx.Now();
  bool supervisor = who.is_system() || who.Has(Role::kOffice) || who.Has(Role::kProsecutor) ||
                    who.Has(Role::kAuditor);
  Params params;
  std::string scope = internal::RegionSubtreeSql("c.region_code", who.region_code, params);
  if (!supervisor) {
    scope += " AND c.agency_id = ?";
    params.emplace_back(who.agency_id);
  }
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  std::vector<Alert> out;
  IPE_ASSIGN_OR_RETURN(auto stored,
                       tx->Query("SELECT x.id, x.kind, x.case_id, c.case_number, c.agency_id, "
                                 "a.name, c.region_code, x.message, x.created_at FROM alerts x "
                                 "JOIN cases c ON c.id = x.case_id JOIN agencies a ON a.id = "
                                 "c.agency_id WHERE x.resolved_at IS NULL AND " + scope +
                                     " ORDER BY x.id DESC LIMIT 500",
                                 params));
  for (const Row& r : stored) {
    out.push_back({r.Int(0), r.Text(1), r.Int(2), r.Text(3), r.Int(4), r.Text(5), r.Text(6),
                   r.Text(7), core::Timestamp{r.Int(8)}});
  }
  Params p2 = params;
  p2.emplace_back(now.seconds + kDueSoonSeconds);
  IPE_ASSIGN_OR_RETURN(auto clocks,
                       tx->Query("SELECT t.id, t.case_id, c.case_number, c.agency_id, a.name, "
                                 "c.region_code, t.current_step, t.due_at FROM transfers t JOIN "
                                 "cases c ON c.id = t.case_id JOIN agencies a ON a.id = "
                                 "c.agency_id WHERE " + scope +
                                     " AND t.due_at IS NOT NULL AND t.due_at <= ? ORDER BY "
                                     "t.due_at LIMIT 500",
                                 p2));
  for (const Row& r : clocks) {
    core::Timestamp due{r.Int(7)};
    bool overdue = now > due;
    out.push_back({0, overdue ? "deadline_overdue" : "deadline_due_soon", r.Int(1), r.Text(2),
                   r.Int(3), r.Text(4), r.Text(5),
                   "案件 " + r.Text(2) + " 的“" + StepTitle(r.Text(6)) + "”" +
                       (overdue ? "已超过法定期限" : "即将到期") + "，期限 " + BeijingTime(due),
                   due});
  }
  return out;
}

}  // namespace ipe::app
