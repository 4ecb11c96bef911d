// Transfers to the police, prosecutor supervision, alerts. See transfers.h.
#include "app/cases/transfers.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "app/accounts/audit.h"
#include "app/calendar/calendar.h"
#include "app/cases/case_store.h"
#include "app/cases/findings.h"
#include "app/cases/transfer_store.h"
#include "app/events/events.h"
#include "app/internal/text.h"
#include "app/permissions.h"
#include "core/calendar.h"
#include "rules/deadlines.h"
#include "rules/evaluate.h"
#include "rules/transfer_workflow.h"

namespace ipe::app {
namespace {

constexpr int64_t kDueSoonSeconds = 24 * 3600;
// The supervision limit for a transfer decision after a threshold is met (rules/deadlines/
// supervision.rules; a province may lay its own over it).
constexpr const char* kUndecidedStep = "transfer_decision_after_finding";

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
core::Result<std::optional<core::Timestamp>> Due(const core::WorkCalendar& cal,
                                                 const std::string& step_key, core::Timestamp now) {
  if (step_key.empty()) return std::optional<core::Timestamp>();
  return rules::DueFor(rules::DefaultRuleSet(), step_key, now, cal);
}

// The same, but a clock that needs a year the calendar does not cover is recorded without a
// deadline and `missing` says why (the action itself must still be recorded): the deadline is
// not guessed (issue 13).
core::Result<std::optional<core::Timestamp>> DueOrMissing(const core::WorkCalendar& cal,
                                                          const std::string& step_key,
                                                          core::Timestamp now, std::string& missing) {
  auto due = Due(cal, step_key, now);
  if (!due && due.error().code() == core::StatusCode::kFailedPrecondition) {
    missing = "“" + StepTitle(step_key) + "”的期限无法计算：" + due.error().message() +
              "；载入该年节假日安排后由系统管理员处理";
    return std::optional<core::Timestamp>();
  }
  return due;
}

// A step with a fixed period whose deadline is missing: the calendar lacked its year.
bool ClockUnknown(const std::string& step_key, const std::optional<core::Timestamp>& due) {
  if (step_key.empty() || due) return false;
  const rules::Step* st = rules::DefaultRuleSet().FindStep(step_key);
  return st && st->unit != rules::StepUnit::kImmediate;
}

// Fills what depends on the time of the answer: the clock's state, the step's title and, while
// the police decide, the review target of Decree 310 art. 8 (from the last acceptance).
Transfer Finish(Transfer t, core::Timestamp now, const core::WorkCalendar& cal) {
  t.current_step_title = StepTitle(t.current_step);
  t.deadline_state = ClockUnknown(t.current_step, t.due_at) ? "unknown" : DeadlineState(t.due_at, now);
  if (t.status == rules::TransferStatusName(rules::TransferStatus::kAccepted)) {
    for (auto it = t.steps.rbegin(); it != t.steps.rend(); ++it) {
      if (it->step != "receive") continue;
      auto review = Due(cal, std::string(rules::kPoliceReviewClock), it->at);
      if (review && *review) t.review_due_at = **review;
      break;
    }
  }
  return t;
}

core::Result<Transfer> LoadTransfer(TransferStore& store, int64_t id, core::Timestamp now,
                                    const core::WorkCalendar& cal) {
  IPE_ASSIGN_OR_RETURN(Transfer t, store.Load(id));
  return Finish(std::move(t), now, cal);
}

// The clock of each supervision kind (rules/deadlines/procuratorate.rules; "" = none).
std::string SupervisionClock(const std::string& kind) {
  if (kind == "request_reasons") return "police_explain_non_filing";  // 7 日 (第五百六十条)
  if (kind == "notify_filing") return "police_file_after_notice";     // 15 日 (第五百六十三条)
  return "";                                                          // 检察意见: no period
}

SupervisionAction Finish(SupervisionAction a, core::Timestamp now) {
  if (a.answered_at) {
    a.deadline_state = "none";
  } else if (ClockUnknown(SupervisionClock(a.kind), a.due_at)) {
    a.deadline_state = "unknown";  // the calendar lacked the year when it was created
  } else {
    a.deadline_state = DeadlineState(a.due_at, now);
  }
  return a;
}


// Who may see a transfer: whoever may see the case, and the police agency it was sent to.
bool CanSeeTransfer(const Principal& who, const Transfer& t) {
  if (CanSeeRecord(who, t.agency_id, t.region_code)) return true;
  return t.police_agency_id && who.agency_id == *t.police_agency_id && who.Has(Role::kPolice);
}

core::Status AddCaseEvent(storage::Tx& tx, int64_t case_id, const Principal& who, core::Timestamp at,
                       const std::string& kind, const std::string& summary) {
  return CaseStore(tx).AddEvent(case_id, who.actor_id(), at, kind, summary);
}

// Whose turn it is, as the workflow table says (rules/transfer_workflow.h), for this principal.
core::Status CheckParty(const Principal& who, const Transfer& t, rules::TransferParty party) {
  if (who.is_system()) return core::Status::Ok();
  switch (party) {
    case rules::TransferParty::kAgencyHead:
      if (who.agency_id == t.agency_id && Can(who, Capability::kTransferApprove)) {
        return core::Status::Ok();
      }
      return core::PermissionDenied("须由移送机关负责人审批 (agency head only)");
    case rules::TransferParty::kAgencyOfficer:
      if (who.agency_id == t.agency_id && (who.Has(Role::kOfficer) || who.Has(Role::kAgencyHead))) {
        return core::Status::Ok();
      }
      return core::PermissionDenied("须由移送机关执法人员办理 (transferring agency only)");
    case rules::TransferParty::kPolice:
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

// The event other systems wait for after a workflow action (issue 20), if any: the police and the
// procuratorate follow sends, acceptances and filing decisions.
std::optional<std::string> TransferEventType(const std::string& action) {
  if (action == "send" || action == "forward") return "transfer.sent";
  if (action == "receive") return "transfer.received";
  if (action == "file" || action == "not_file") return "transfer.decided";
  return std::nullopt;
}

OutboundEvent TransferEvent(const std::string& type, const std::string& action, const Transfer& t) {
  nlohmann::json police = t.police_agency_id ? nlohmann::json(*t.police_agency_id) : nlohmann::json();
  return {type,
          "transfers/" + std::to_string(t.id),
          t.agency_id,
          t.region_code,
          t.police_agency_id,
          nlohmann::json{{"transfer_id", t.id},
                         {"case_id", t.case_id},
                         {"case_number", t.case_number},
                         {"action", action},
                         {"status", t.status},
                         {"agency_id", t.agency_id},
                         {"agency_name", t.agency_name},
                         {"region_code", t.region_code},
                         {"police_agency_id", police},
                         {"police_agency_name", t.police_agency_name},
                         {"due_at", t.due_at ? nlohmann::json(t.due_at->ToString()) : nlohmann::json()}}
              .dump()};
}

// A supervision action reaches the addressed party (the police, or the owning agency).
OutboundEvent SupervisionEvent(const SupervisionAction& a, int64_t owner_agency_id,
                               const std::string& region_code) {
  return {"supervision.action",
          "supervision-actions/" + std::to_string(a.id),
          owner_agency_id,
          region_code,
          a.addressed_agency_id,
          nlohmann::json{{"supervision_action_id", a.id},
                         {"case_id", a.case_id},
                         {"case_number", a.case_number},
                         {"transfer_id", a.transfer_id ? nlohmann::json(*a.transfer_id) : nlohmann::json()},
                         {"kind", a.kind},
                         {"addressed_kind", a.addressed_kind},
                         {"addressed_agency_id", a.addressed_agency_id},
                         {"prosecutor_agency_name", a.prosecutor_agency_name},
                         {"due_at", a.due_at ? nlohmann::json(a.due_at->ToString()) : nlohmann::json()}}
              .dump()};
}

core::Result<int64_t> PoliceAgency(TransferStore& store, int64_t id) {
  IPE_ASSIGN_OR_RETURN(auto agency, store.AgencyKind(id));
  if (!agency || !agency->second) {
    return core::Status(core::InvalidArgument("公安机关不存在或已停用"))
        .AddFieldError("police_agency_id", "公安机关不存在或已停用");
  }
  if (agency->first != "police") {
    return core::Status(core::InvalidArgument("接收机关须为公安机关"))
        .AddFieldError("police_agency_id", "接收机关须为公安机关");
  }
  return id;
}

bool IsSupervisor(const Principal& who) {
  return who.is_system() || who.Has(Role::kOffice) || who.Has(Role::kProsecutor) ||
         who.Has(Role::kAuditor);
}

}  // namespace

core::Result<Transfer> StartCaseTransfer(Context& ctx, const Principal& who, int64_t case_id,
                                         const StartTransfer& input) {
  IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kTransferStart, "启动移送"));
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
  TransferStore store(*tx);
  IPE_ASSIGN_OR_RETURN(auto owner, store.OwnerOfCase(case_id));
  if (!owner || !CanSeeRecord(who, owner->agency_id, owner->region_code)) {
    return core::NotFound("案件不存在 (case not found)");
  }
  if (!who.is_system() && who.agency_id != owner->agency_id) {
    return core::PermissionDenied("只能移送本机构的案件");
  }
  for (const std::string& login : team) {
    IPE_ASSIGN_OR_RETURN(auto u, store.StaffByLogin(login));
    if (!u || u->agency_id != owner->agency_id || !u->active ||
        u->roles.find("officer") == std::string::npos) {
      return core::Status(core::InvalidArgument("专案组成员须为本机构在职执法人员: " + login))
          .AddFieldError("team", "专案组成员须为本机构在职执法人员: " + login);
    }
  }
  if (input.suspicion_only) {
    // Decree 310 art. 3 para. 2: IP cases only, for transfers from 2020-08-07 on (keyed on the
    // date of this transfer, not the act date: rules/thresholds/transfer_and_repeat.rules).
    std::optional<rules::Conduct> conduct;
    if (owner->conduct) conduct = rules::ConductFromKey(*owner->conduct);
    if (!conduct || !rules::InfoOf(*conduct).ip) {
      return core::Status(core::InvalidArgument("合理怀疑移送仅适用于知识产权领域案件"))
          .AddFieldError("suspicion_only",
                         "合理怀疑移送仅适用于知识产权领域案件（行政执法机关移送涉嫌犯罪案件的规定 第三条第二款）");
    }
    if (!rules::SuspicionTransferRule(rules::DefaultRuleSet(), *conduct, core::LocalDate(now))) {
      return core::FailedPrecondition(
          "第三条第二款（合理怀疑移送）自 2020-08-07 起施行，本次移送日期不适用");
    }
  }
  IPE_ASSIGN_OR_RETURN(bool open, store.HasOpenTransfer(case_id));
  if (open) return core::FailedPrecondition("该案件已有进行中的移送");
  const std::string clock(rules::kTransferStartClock);
  IPE_ASSIGN_OR_RETURN(auto cal, EffectiveCalendar(*tx));
  std::string missing;
  IPE_ASSIGN_OR_RETURN(auto due, DueOrMissing(*cal, clock, now, missing));
  IPE_ASSIGN_OR_RETURN(
      int64_t id,
      store.Insert(case_id, std::string(rules::TransferStatusName(rules::kTransferStartStatus)),
                   input.suspicion_only, clock, due, now));
  std::string team_text = internal::Join(std::vector<std::string>(team.begin(), team.end()), ',');
  IPE_RETURN_IF_ERROR(store.AddStep(id, "start", now, who.actor_id(), "专案组: " + team_text,
                                    input.report, std::nullopt, std::nullopt));
  IPE_RETURN_IF_ERROR(AddCaseEvent(*tx, case_id, who, now, "transfer.start",
                                std::string(input.suspicion_only ? "（合理怀疑）" : "") +
                                    "专案组核实并提交书面报告，待负责人审批"));
  if (!missing.empty()) IPE_RETURN_IF_ERROR(AddCaseEvent(*tx, case_id, who, now, "clock", missing));
  IPE_ASSIGN_OR_RETURN(Transfer t, LoadTransfer(store, id, now, *cal));
  IPE_RETURN_IF_ERROR(AppendAudit(*tx, who, now,
                                  {"transfer.start", "transfer", std::to_string(id),
                                   "启动移送 " + t.case_number, std::nullopt, TransferJson(t),
                                   AuditScopeOf(t.region_code, t.agency_id)}));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return t;
}

core::Result<Transfer> ActOnTransfer(Context& ctx, const Principal& who, int64_t transfer_id,
                                     const TransferAction& action) {
  auto kind = rules::ParseTransferAction(action.action);
  if (!kind) {
    return core::Status(core::InvalidArgument("未知的移送操作: " + action.action))
        .AddFieldError("action", "未知的移送操作");
  }
  const rules::TransferTransition& spec = rules::TransitionFor(*kind);
  if (spec.reasons_required && internal::Trim(action.reasons).empty()) {
    return core::Status(core::InvalidArgument("须说明理由")).AddFieldError("reasons", "须说明理由");
  }
  core::Timestamp now = ctx.Now();
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  TransferStore store(*tx);
  IPE_ASSIGN_OR_RETURN(auto cal, EffectiveCalendar(*tx));
  IPE_ASSIGN_OR_RETURN(Transfer t, LoadTransfer(store, transfer_id, now, *cal));
  if (!CanSeeTransfer(who, t)) return core::NotFound("移送记录不存在 (transfer not found)");
  IPE_RETURN_IF_ERROR(CheckParty(who, t, spec.party));
  auto status = rules::ParseTransferStatus(t.status);
  if (!status) return core::Internal("移送记录状态无效: " + t.status);
  IPE_RETURN_IF_ERROR(rules::NextTransferStatus(*status, *kind).status());
  std::optional<int64_t> police = t.police_agency_id;
  TransferDocuments docs = t.documents;
  if (action.action == "send" || action.action == "forward") {
    if (!action.police_agency_id) {
      return core::Status(core::InvalidArgument("须选择公安机关"))
          .AddFieldError("police_agency_id", "须选择公安机关");
    }
    IPE_ASSIGN_OR_RETURN(int64_t pid, PoliceAgency(store, *action.police_agency_id));
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
  std::string next_step(spec.clock_step);
  std::optional<core::Timestamp> due;
  std::string missing;  // why the next clock has no deadline (a year the calendar lacks)
  std::optional<TransferStore::Extension> extension;
  std::string decision(spec.summary_zh);
  if (*kind == rules::TransferAction::kExtend) {
    // 经济犯罪规定 第十六条: the decision clock is replaced by the extended one, counted from the
    // acceptance (complex) or from the end of the 30 days (special); approver and reasons are
    // recorded with the step.
    if (internal::Trim(action.approver).empty()) {
      return core::Status(core::InvalidArgument("须填写批准人"))
          .AddFieldError("approver", "须填写批准延长的公安机关负责人");
    }
    auto ext = rules::ExtensionFor(t.current_step, action.extension);
    if (!ext) {
      if (ext.error().code() == core::StatusCode::kInvalidArgument) {
        return core::Status(ext.error()).AddFieldError("extension", "应为 complex 或 special");
      }
      return ext.error();
    }
    const rules::DecisionExtension& e = **ext;
    auto received = std::find_if(t.steps.rbegin(), t.steps.rend(),
                                 [](const TransferStep& st) { return st.step == "receive"; });
    if (received == t.steps.rend()) return core::Internal("移送记录缺少接受环节");
    core::Timestamp trigger = received->at;
    if (e.from_expiry) {
      // The end of the clock being extended: stored, or — when the calendar lacked its year when
      // it was set — computed now from the acceptance (FailedPrecondition if still uncovered).
      std::optional<core::Timestamp> previous = t.due_at;
      if (!previous) {
        IPE_ASSIGN_OR_RETURN(previous, Due(*cal, std::string(e.from_step), received->at));
        if (!previous) return core::Internal("延长前的期限缺失");
      }
      // The last second of the expiring period's last day: the new period counts from the next day.
      trigger = previous->AddSeconds(-1);
    }
    next_step = std::string(e.to_step);
    // The approval is recorded even when the calendar lacks the year the new deadline falls in:
    // the deadline is then left empty and the timeline says why (not guessed).
    IPE_ASSIGN_OR_RETURN(due, DueOrMissing(*cal, next_step, trigger, missing));
    extension = TransferStore::Extension{std::string(e.kind), internal::Trim(action.approver), due};
    decision = std::string(e.summary_zh) + "（" + std::string(e.approver_zh) + "批准：" +
               extension->approver + "）";
  } else {
    IPE_ASSIGN_OR_RETURN(due, DueOrMissing(*cal, next_step, now, missing));
  }
  IPE_RETURN_IF_ERROR(store.AddStep(transfer_id, action.action, now, who.actor_id(), decision,
                                    action.reasons, t.due_at, on_time, extension));
  IPE_RETURN_IF_ERROR(store.Update(transfer_id, {t.status, t.current_step},
                                   std::string(rules::TransferStatusName(spec.to)), police, docs,
                                   next_step, due, now));
  std::string summary = decision;
  if (!action.reasons.empty()) summary += "：" + action.reasons;
  if (extension && extension->extended_to) summary += "；期限至 " + BeijingTime(*extension->extended_to);
  if (on_time && !*on_time) summary += "（已超过法定期限）";
  IPE_RETURN_IF_ERROR(AddCaseEvent(*tx, t.case_id, who, now, std::string("transfer.") + action.action,
                                summary));
  if (!missing.empty()) IPE_RETURN_IF_ERROR(AddCaseEvent(*tx, t.case_id, who, now, "clock", missing));
  IPE_ASSIGN_OR_RETURN(Transfer after, LoadTransfer(store, transfer_id, now, *cal));
  if (auto type = TransferEventType(action.action)) {
    IPE_RETURN_IF_ERROR(AppendEvent(*tx, now, TransferEvent(*type, action.action, after)));
  }
  IPE_RETURN_IF_ERROR(AppendAudit(*tx, who, now,
                                  {std::string("transfer.") + action.action, "transfer",
                                   std::to_string(transfer_id), summary + " " + t.case_number,
                                   TransferJson(t), TransferJson(after),
                                   AuditScopeOf(t.region_code, t.agency_id)}));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return after;
}

core::Result<Transfer> GetTransfer(Context& ctx, const Principal& who, int64_t transfer_id) {
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  TransferStore store(*tx);
  IPE_ASSIGN_OR_RETURN(auto cal, EffectiveCalendar(*tx));
  IPE_ASSIGN_OR_RETURN(Transfer t, LoadTransfer(store, transfer_id, ctx.Now(), *cal));
  if (!CanSeeTransfer(who, t)) return core::NotFound("移送记录不存在 (transfer not found)");
  return t;
}

core::Result<std::optional<Transfer>> TransferOfCase(Context& ctx, const Principal& who,
                                                     int64_t case_id) {
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  TransferStore store(*tx);
  IPE_ASSIGN_OR_RETURN(auto latest, store.LatestOfCase(case_id));
  if (!latest) return std::optional<Transfer>();
  IPE_ASSIGN_OR_RETURN(auto cal, EffectiveCalendar(*tx));
  IPE_ASSIGN_OR_RETURN(Transfer t, LoadTransfer(store, latest->first, ctx.Now(), *cal));
  if (!CanSeeTransfer(who, t)) return std::optional<Transfer>();
  return std::optional<Transfer>(std::move(t));
}

core::Result<Page<Transfer>> ListTransfers(Context& ctx, const Principal& who,
                                           const TransferFilter& f, const PageRequest& page) {
  IPE_RETURN_IF_ERROR(page.Validate());
  core::Timestamp now = ctx.Now();
  TransferStore::ListQuery query;
  if (f.incoming) {
    IPE_RETURN_IF_ERROR(
        RequireCapability(who, Capability::kTransferIncoming, "查看移送至本机关的案件"));
    query.incoming_to = who.agency_id;
  } else {
    query.scope.region = who.region_code;
    if (!IsSupervisor(who) && !who.Has(Role::kAdmin)) query.scope.agency = who.agency_id;
  }
  if (f.state == "overdue") {
    query.due_to = core::Timestamp{now.seconds - 1};
  } else if (f.state == "due_soon") {
    query.due_from = now;
    query.due_to = core::Timestamp{now.seconds + kDueSoonSeconds};
  } else if (f.state) {
    return core::Status(core::InvalidArgument("state 应为 overdue 或 due_soon"))
        .AddFieldError("state", "应为 overdue 或 due_soon");
  }
  for (const std::string& s : f.statuses) {
    if (!rules::ParseTransferStatus(s)) {
      return core::Status(core::InvalidArgument("未知的移送状态 (unknown transfer status): " + s))
          .AddFieldError("status", "未知的移送状态");
    }
  }
  query.statuses = f.statuses;
  query.earliest_due_first = f.earliest_due_first;
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  IPE_ASSIGN_OR_RETURN(auto out, TransferStore(*tx).List(query, page));
  IPE_ASSIGN_OR_RETURN(auto cal, EffectiveCalendar(*tx));
  for (Transfer& t : out.items) t = Finish(std::move(t), now, *cal);
  return out;
}

core::Result<SupervisionAction> Supervise(Context& ctx, const Principal& who, int64_t case_id,
                                          const std::string& kind, const std::string& note) {
  IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kSupervisionAct, "进行检察监督"));
  static const std::map<std::string, std::string> kSteps = {
      {"request_reasons", SupervisionClock("request_reasons")},
      {"notify_filing", SupervisionClock("notify_filing")},
      {"suggest_transfer", SupervisionClock("suggest_transfer")},
  };
  auto it = kSteps.find(kind);
  if (it == kSteps.end()) {
    return core::Status(core::InvalidArgument("监督方式无效"))
        .AddFieldError("kind", "应为 request_reasons、notify_filing 或 suggest_transfer");
  }
  core::Timestamp now = ctx.Now();
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  TransferStore store(*tx);
  IPE_ASSIGN_OR_RETURN(auto owner, store.OwnerOfCase(case_id));
  if (!owner || !CanSeeRecord(who, owner->agency_id, owner->region_code)) {
    return core::NotFound("案件不存在 (case not found)");
  }
  IPE_ASSIGN_OR_RETURN(auto transfer, store.LatestOfCase(case_id));
  // Reasons and filing notices are addressed to the police the case went to: a transfer still
  // with the agency (awaiting the head, approved, rejected) has nobody to answer them.
  if (kind != "suggest_transfer" && (!transfer || !transfer->second)) {
    return core::FailedPrecondition("该案件尚未移送公安机关，不能要求说明不立案理由或通知立案");
  }
  IPE_ASSIGN_OR_RETURN(auto cal, EffectiveCalendar(*tx));
  std::string missing;
  IPE_ASSIGN_OR_RETURN(auto due, DueOrMissing(*cal, it->second, now, missing));
  IPE_ASSIGN_OR_RETURN(
      int64_t id, store.InsertSupervision(
                      case_id, transfer ? std::optional<int64_t>(transfer->first) : std::nullopt,
                      kind, who.agency_id, who.user_id, now, due, internal::Trim(note)));
  static const std::map<std::string, std::string> kZh = {
      {"request_reasons", "检察院要求公安机关说明不立案理由"},
      {"notify_filing", "检察院通知公安机关立案"},
      {"suggest_transfer", "检察院建议行政执法机关移送"}};
  IPE_RETURN_IF_ERROR(AddCaseEvent(*tx, case_id, who, now, "supervision." + kind, kZh.at(kind)));
  if (!missing.empty()) IPE_RETURN_IF_ERROR(AddCaseEvent(*tx, case_id, who, now, "clock", missing));
  IPE_RETURN_IF_ERROR(AppendAudit(*tx, who, now,
                                  {"supervision." + kind, "case", std::to_string(case_id),
                                   kZh.at(kind) + " " + owner->case_number, std::nullopt,
                                   std::nullopt, AuditScopeOf(owner->region_code, owner->agency_id)}));
  IPE_ASSIGN_OR_RETURN(SupervisionAction out, store.LoadSupervision(id));
  IPE_RETURN_IF_ERROR(AppendEvent(*tx, now, SupervisionEvent(out, owner->agency_id, owner->region_code)));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return Finish(std::move(out), now);
}

core::Result<SupervisionAction> AnswerSupervision(Context& ctx, const Principal& who,
                                                  int64_t action_id, const std::string& answer) {
  if (internal::Trim(answer).empty()) {
    return core::Status(core::InvalidArgument("须填写答复")).AddFieldError("answer", "须填写答复");
  }
  core::Timestamp now = ctx.Now();
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  TransferStore store(*tx);
  IPE_ASSIGN_OR_RETURN(auto target, store.TargetOf(action_id));
  if (!target) return core::NotFound("监督事项不存在");
  bool to_agency = target->kind == "suggest_transfer";
  bool allowed = who.is_system() ||
                 (to_agency ? who.agency_id == target->case_agency_id
                            : (who.Has(Role::kPolice) && target->police_agency_id &&
                               who.agency_id == *target->police_agency_id));
  if (!allowed) {
    if (!CanSeeRecord(who, target->case_agency_id, target->case_region)) {
      return core::NotFound("监督事项不存在");
    }
    return core::PermissionDenied("须由被监督机关答复");
  }
  if (target->answered) return core::FailedPrecondition("已答复");
  IPE_RETURN_IF_ERROR(store.Answer(action_id, internal::Trim(answer), now));
  IPE_RETURN_IF_ERROR(
      AddCaseEvent(*tx, target->case_id, who, now, "supervision.answer", "答复检察监督：" + answer));
  IPE_RETURN_IF_ERROR(AppendAudit(*tx, who, now,
                                  {"supervision.answer", "case", std::to_string(target->case_id),
                                   "答复检察监督", std::nullopt, std::nullopt,
                                   AuditScopeOf(target->case_region, target->case_agency_id)}));
  IPE_ASSIGN_OR_RETURN(SupervisionAction a, store.LoadSupervision(action_id));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return Finish(std::move(a), now);
}

core::Result<std::vector<SupervisionAction>> ListSupervisionActions(Context& ctx,
                                                                    const Principal& who) {
  std::optional<CaseScope> scope;
  if (IsSupervisor(who)) scope = CaseScope{who.region_code, std::nullopt};
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  IPE_ASSIGN_OR_RETURN(auto out, TransferStore(*tx).ListSupervision(scope, who.agency_id));
  core::Timestamp now = ctx.Now();
  for (SupervisionAction& a : out) a = Finish(std::move(a), now);
  return out;
}

core::Result<std::vector<Alert>> ListAlerts(Context& ctx, const Principal& who) {
  core::Timestamp now = ctx.Now();
  CaseScope scope{who.region_code, std::nullopt};
  if (!IsSupervisor(who)) scope.agency = who.agency_id;
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  TransferStore store(*tx);
  IPE_ASSIGN_OR_RETURN(std::vector<Alert> out, store.StoredAlerts(scope));
  IPE_ASSIGN_OR_RETURN(auto clocks,
                       store.DueTransfers(scope, core::Timestamp{now.seconds + kDueSoonSeconds}));
  for (const DueTransfer& d : clocks) {
    bool overdue = now > d.due_at;
    out.push_back({0, overdue ? "deadline_overdue" : "deadline_due_soon", d.case_id,
                   d.case_number, d.agency_id, d.agency_name, d.region_code,
                   "案件 " + d.case_number + " 的“" + StepTitle(d.current_step) + "”" +
                       (overdue ? "已超过法定期限" : "即将到期") + "，期限 " + BeijingTime(d.due_at),
                   d.due_at, overdue ? "high" : "medium"});
  }
  // Open over-threshold cases without a transfer decision past the supervision limit. The store
  // selects those met before the start of (today − N days), a superset when the step runs on past
  // holidays; the exact due instant is the step's, from the calendar.
  const rules::Step* limit = rules::DefaultRuleSet().FindStep(kUndecidedStep);
  if (limit && limit->unit == rules::StepUnit::kCalendarDays) {
    core::Date cutoff = core::LocalDate(now).AddDays(-limit->amount);
    core::Timestamp met_before = core::EndOfLocalDay(cutoff.AddDays(-1));
    IPE_ASSIGN_OR_RETURN(auto undecided, store.UndecidedCases(scope, met_before));
    IPE_ASSIGN_OR_RETURN(auto cal, EffectiveCalendar(*tx));
    for (const auto& u : undecided) {
      auto due = rules::DueFor(*limit, u.met_at, *cal);
      if (!due) {
        // A limit that runs on past holidays in a year the calendar lacks: say so, do not guess.
        if (due.error().code() != core::StatusCode::kFailedPrecondition) return due.error();
        out.push_back({0, "transfer_not_decided", u.case_id, u.case_number, u.agency_id,
                       u.agency_name, u.region_code,
                       "案件 " + u.case_number + " 的移送决定期限无法计算：" + due.error().message(),
                       u.met_at, "medium"});
        continue;
      }
      if (!*due || now <= **due) continue;
      auto findings = internal::DecodeFindings(u.findings, u.conduct);
      bool confirmed = internal::AnyConfirmedMet(findings);
      std::string message = "案件 " + u.case_number + " 自 " + BeijingTime(u.met_at) +
                            " 达到刑事追诉标准，逾 " + std::to_string(limit->amount) +
                            " 日未作出移送决定（期限 " + BeijingTime(**due) + "），可能以罚代刑";
      if (!confirmed) message += "；所依据的追诉标准未经核实（M），请人工核对后处理";
      out.push_back({0, "transfer_not_decided", u.case_id, u.case_number, u.agency_id,
                     u.agency_name, u.region_code, message, **due, confirmed ? "high" : "low"});
    }
  }
  return out;
}

}  // namespace ipe::app
