// 信用修复: the public application and the agency's decision (credit.h).
#include <nlohmann/json.hpp>

#include "app/accounts/audit.h"
#include "app/calendar/calendar.h"
#include "app/credit/credit.h"
#include "app/credit/credit_store.h"
#include "app/crypto.h"
#include "app/internal/text.h"
#include "app/permissions.h"
#include "core/limits.h"
#include "credit/disclosure.h"
#include "rules/deadlines.h"
#include "rules/pack.h"

namespace ipe::app {

const std::vector<CodeLabel>& RepairStatuses() {
  static const std::vector<CodeLabel> k = {
      {"submitted", "待审核"}, {"approved", "准予修复"}, {"refused", "不予修复"}};
  return k;
}

namespace {

// What the platform can check of Order 45 art. 14 for the record, on `today`.
core::Result<credit::RepairCheck> Check(CreditStore& store, const Disclosure& d, core::Date today,
                                        bool fulfilled) {
  credit::RepairFacts f;
  f.published_on = core::LocalDate(d.published_at.value_or(core::Timestamp{}));
  f.applied_on = today;
  f.penalty = credit::PenaltyFromKeys(d.penalty_kinds, d.fine, d.restriction_until);
  f.display_step = d.display_step.value_or("");
  f.food_drug_special_equipment = d.repair_after_one_year;
  f.penalty_fulfilled = fulfilled;
  IPE_ASSIGN_OR_RETURN(f.same_type_penalty_since, store.SameTypePenaltySince(d));
  IPE_ASSIGN_OR_RETURN(f.on_serious_list, store.OnSeriousList(d.credit_code, d.id_number, today));
  return credit::CheckRepair(rules::DefaultRuleSet(), f);
}

std::string Joined(const std::vector<std::string>& reasons) {
  std::string out;
  for (const std::string& r : reasons) out += (out.empty() ? "" : "；") + r;
  return out;
}

nlohmann::json RepairJson(const CreditRepair& r) {
  return {{"id", r.id},       {"disclosure_id", r.disclosure_id}, {"receipt_no", r.receipt_no},
          {"status", r.status}, {"applicant_name", r.applicant_name},
          {"decision_reason", r.decision_reason}};
}

}  // namespace

core::Result<RepairReceipt> ApplyForRepair(Context& ctx, const RepairApplication& a) {
  core::Status st = core::InvalidArgument("信用修复申请有误");
  bool bad = false;
  for (auto [field, value, max] :
       {std::tuple{"applicant_name", &a.applicant_name, core::limits::kPartyNameChars},
        std::tuple{"contact_phone", &a.contact_phone, core::limits::kPhoneChars},
        std::tuple{"statement", &a.statement, core::limits::kDescriptionChars}}) {
    std::string problem = internal::TextProblem(*value, max, true);
    if (!problem.empty()) {
      st.AddFieldError(field, problem);
      bad = true;
    }
  }
  if (bad) return st;
  core::Timestamp now = ctx.Now();
  core::Date today = core::LocalDate(now);
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  CreditStore store(*tx);
  auto record = store.Load(a.disclosure_id, true);
  // Only a record on the portal today can be repaired; anything else is "not found" to the public.
  if (!record || record->status != "published" || !record->display_until ||
      *record->display_until < today) {
    return core::NotFound("未找到该公示信息");
  }
  IPE_ASSIGN_OR_RETURN(bool open, store.HasOpenRepair(record->id));
  if (open) return core::FailedPrecondition("该公示信息已有待审核的信用修复申请");
  IPE_ASSIGN_OR_RETURN(credit::RepairCheck check, Check(store, *record, today, a.claims_fulfilled));
  if (!check.eligible) {
    return core::FailedPrecondition("暂不符合信用修复条件：" + Joined(check.reasons));
  }
  IPE_ASSIGN_OR_RETURN(auto calendar, EffectiveCalendar(*tx));
  CreditRepair r;
  r.disclosure_id = record->id;
  r.agency_id = record->agency_id;
  r.region_code = record->region_code;
  r.receipt_no = "XF" + today.ToString().substr(0, 4) + today.ToString().substr(5, 2) +
                 today.ToString().substr(8, 2) + RandomHex(4);
  for (char& c : r.receipt_no) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  r.applicant_name = internal::Trim(a.applicant_name);
  r.contact_phone = internal::Trim(a.contact_phone);
  r.statement = a.statement;
  r.claims_fulfilled = a.claims_fulfilled;
  r.status = "submitted";
  if (const rules::Step* step = rules::DefaultRuleSet().FindStep("credit_repair_decision")) {
    auto due = rules::DueFor(*step, now, *calendar);
    if (due) r.decision_due = *due;  // an uncovered year leaves it open, not guessed
  }
  r.created_at = now;
  RepairReceipt receipt{r.receipt_no, RandomHex(4)};
  IPE_ASSIGN_OR_RETURN(r.id, store.InsertRepair(r, Sha256Hex(receipt.query_code)));
  IPE_RETURN_IF_ERROR(AppendAudit(*tx, Principal::System(), now,
                                  AuditEvent{"repair.apply", "credit_repair", std::to_string(r.id),
                                             "收到信用修复申请 " + r.receipt_no + "（" +
                                                 record->decision_no + "）",
                                             std::nullopt, RepairJson(r).dump(),
                                             AuditScopeOf(r.region_code, r.agency_id)}));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return receipt;
}

core::Result<Page<CreditRepair>> ListRepairs(Context& ctx, const Principal& who,
                                             const std::optional<std::string>& status,
                                             const PageRequest& page) {
  IPE_RETURN_IF_ERROR(page.Validate());
  bool known = !status;
  for (const CodeLabel& c : RepairStatuses()) known |= status && *status == c.code;
  if (!known) {
    return core::Status(core::InvalidArgument("状态有误"))
        .AddFieldError("status", "状态应为 submitted、approved 或 refused");
  }
  DisclosureScope scope;
  scope.region = who.region_code;
  if (!SeesWholeRegion(who)) scope.agency = who.agency_id;
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  IPE_ASSIGN_OR_RETURN(Page<CreditRepair> out, CreditStore(*tx).ListRepairs(scope, status, page));
  for (CreditRepair& r : out.items) {
    if (!who.is_system() && who.agency_id != r.agency_id) r.contact_phone.reset();
  }
  return out;
}

core::Result<CreditRepair> DecideRepair(Context& ctx, const Principal& who, int64_t id, bool approve,
                                        bool fulfilled_confirmed, const std::string& reason,
                                        int64_t version) {
  std::string problem = internal::TextProblem(reason, core::limits::kDescriptionChars, !approve);
  if (!problem.empty()) {
    return core::Status(core::InvalidArgument("审核意见有误"))
        .AddFieldError("reason", approve ? problem : (problem == "不能为空" ? "不予修复须说明理由" : problem));
  }
  core::Timestamp now = ctx.Now();
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  CreditStore store(*tx);
  IPE_ASSIGN_OR_RETURN(CreditRepair before, store.LoadRepair(id, true));
  if (!CanSeeRecord(who, before.agency_id, before.region_code)) {
    return core::NotFound("信用修复申请不存在: " + std::to_string(id));
  }
  if (!who.is_system()) {
    IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kCreditWrite, "审核信用修复申请"));
    if (who.agency_id != before.agency_id) {
      return core::PermissionDenied("只能审核本机构公示信息的信用修复申请");
    }
  }
  if (before.status != "submitted") return core::FailedPrecondition("该申请已处理");
  if (before.version != version) return core::FailedPrecondition("申请已被他人处理，请刷新后重试");
  IPE_ASSIGN_OR_RETURN(Disclosure record, store.Load(before.disclosure_id, true));
  CreditRepair after = before;
  after.decision_reason = internal::Trim(reason);
  if (approve) {
    IPE_ASSIGN_OR_RETURN(credit::RepairCheck check,
                         Check(store, record, core::LocalDate(now), fulfilled_confirmed));
    if (!check.eligible) {
      return core::FailedPrecondition("不符合信用修复条件，不能准予：" + Joined(check.reasons));
    }
    if (record.status != "published") return core::FailedPrecondition("该公示信息已不在公示中");
    after.status = "approved";
    Disclosure repaired = record;
    repaired.status = "repaired";
    repaired.display_basis = record.display_basis + "；经信用修复于 " + core::LocalDate(now).ToString() +
                             " 提前停止公示（申请 " + before.receipt_no + "）";
    IPE_RETURN_IF_ERROR(store.Update(repaired, record.version, now));
  } else {
    after.status = "refused";
  }
  IPE_RETURN_IF_ERROR(store.DecideRepair(after, who.actor_id(), version, now));
  IPE_ASSIGN_OR_RETURN(after, store.LoadRepair(id));
  IPE_RETURN_IF_ERROR(AppendAudit(
      *tx, who, now,
      AuditEvent{approve ? "repair.approve" : "repair.refuse", "credit_repair", std::to_string(id),
                 std::string(approve ? "准予信用修复，提前停止公示 " : "不予信用修复 ") +
                     after.receipt_no + "（" + after.decision_no + "）" +
                     (after.decision_reason.empty() ? "" : "：" + after.decision_reason),
                 RepairJson(before).dump(), RepairJson(after).dump(),
                 AuditScopeOf(after.region_code, after.agency_id)}));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return after;
}

core::Result<PublicRepairStatus> GetRepairStatus(Context& ctx, const std::string& receipt_no,
                                                 const std::string& query_code) {
  if (receipt_no.empty() || receipt_no.size() > 40 || query_code.empty() || query_code.size() > 40) {
    return core::NotFound("未找到该申请，请核对受理编号和查询码");
  }
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  IPE_ASSIGN_OR_RETURN(auto r, CreditStore(*tx).RepairByReceipt(receipt_no, Sha256Hex(query_code)));
  if (!r) return core::NotFound("未找到该申请，请核对受理编号和查询码");
  PublicRepairStatus out;
  out.receipt_no = r->receipt_no;
  out.status = r->status;
  out.decision_no = r->decision_no;
  out.party_name = r->party_name;
  out.submitted_on = core::LocalDate(r->created_at);
  if (r->decided_at) out.decided_on = core::LocalDate(*r->decided_at);
  out.decision_reason = r->decision_reason;
  return out;
}

}  // namespace ipe::app
