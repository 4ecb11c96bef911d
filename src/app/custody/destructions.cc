// 销毁: application → approval → execution → supervision → closing, and the public certificate
// check (custody.h).
#include <cstdio>
#include <nlohmann/json.hpp>
#include <set>

#include "app/accounts/audit.h"
#include "app/custody/custody.h"
#include "app/custody/custody_internal.h"
#include "app/custody/custody_store.h"
#include "app/internal/text.h"
#include "app/permissions.h"
#include "core/limits.h"
#include "core/redact.h"
#include "core/region.h"

namespace ipe::app {

using namespace custody_internal;

const std::vector<CodeLabel>& DestructionStatuses() {
  static const std::vector<CodeLabel> k = {
      {"applied", "待审批"},   {"approved", "已批准待执行"}, {"rejected", "未批准"},
      {"executed", "已执行待监督记录"}, {"supervised", "已监督待办结"}, {"closed", "已办结"},
  };
  return k;
}

namespace {

nlohmann::json DestructionAudit(const Destruction& d) {
  nlohmann::json lines = nlohmann::json::array();
  for (const DestructionLine& l : d.lines) lines.push_back({{"item_id", l.item_id}, {"quantity", l.quantity}});
  return {{"id", d.id},         {"status", d.status},         {"method", d.method},
          {"proposed_unit_id", d.proposed_unit_id}, {"unit_id", d.unit_id ? nlohmann::json(*d.unit_id) : nlohmann::json()},
          {"planned_on", d.planned_on.ToString()},  {"lines", lines},
          {"certificate_no", d.certificate_no ? nlohmann::json(*d.certificate_no) : nlohmann::json()}};
}

core::Status Audit(storage::Tx& tx, const Principal& who, core::Timestamp now, const char* action,
                   const std::string& summary, const std::optional<Destruction>& before,
                   const Destruction& after) {
  return AppendAudit(tx, who, now,
                     AuditEvent{action, "destruction", std::to_string(after.id), summary,
                                before ? std::optional<std::string>(DestructionAudit(*before).dump())
                                       : std::nullopt,
                                DestructionAudit(after).dump(),
                                AuditScopeOf(after.region_code, after.agency_id)});
}

// The destruction for a step: in scope (NotFound), of the caller's agency, at `status`, at
// `version`.
core::Result<Destruction> ForStep(CustodyStore& store, const Principal& who, int64_t id,
                                  const char* status, int64_t version) {
  IPE_ASSIGN_OR_RETURN(Destruction d, store.LoadDestruction(id, true));
  if (!CanSeeDestruction(who, d)) {
    return core::NotFound("销毁记录不存在: " + std::to_string(id));
  }
  if (!who.is_system() && who.agency_id != d.agency_id) {
    return core::PermissionDenied("只能办理本机构的销毁");
  }
  if (d.status != status) {
    return core::FailedPrecondition(std::string("当前状态为“") + LabelOf(DestructionStatuses(), d.status) +
                                    "”，不能办理此步骤");
  }
  if (d.version != version) return core::FailedPrecondition("销毁记录已被他人修改，请刷新后重试");
  return d;
}

std::string JoinReasons(const std::vector<std::string>& reasons) { return internal::Join(reasons, '\n'); }

}  // namespace

core::Result<Destruction> ApplyForDestruction(Context& ctx, const Principal& who, int64_t case_id,
                                              const DestructionInput& in) {
  IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kCustodyWrite, "申请销毁"));
  const custody::DestructionRules& rules = custody::DefaultDestructionRules();
  core::Timestamp now = ctx.Now();
  core::Date today = core::LocalDate(now);
  core::Status st = core::InvalidArgument("销毁申请信息有误");
  bool bad = false;
  auto field = [&](const char* name, const std::string& message) {
    st.AddFieldError(name, message);
    bad = true;
  };
  std::set<int64_t> seen;
  if (in.lines.empty() || in.lines.size() > 200) field("lines", "请选择 1 至 200 项物品");
  for (const auto& [item_id, quantity] : in.lines) {
    if (!seen.insert(item_id).second) field("lines", "同一物品只能列一次");
    if (quantity <= 0 || quantity > custody::kMaxQuantity) field("lines", "销毁数量应为正整数");
  }
  if (!rules.FindMethod(in.method)) field("method", "请选择销毁方式");
  if (in.unit_id <= 0) field("unit_id", "请选择销毁单位");
  if (!in.planned_on) {
    field("planned_on", "请填写拟销毁日期（YYYY-MM-DD）");
  } else if (*in.planned_on < today) {
    field("planned_on", "拟销毁日期不能早于今天");
  }
  std::string problem = internal::TextProblem(in.note, core::limits::kDescriptionChars, false);
  if (!problem.empty()) field("note", problem);
  if (bad) return st;

  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  IPE_ASSIGN_OR_RETURN(Case c, CaseForWrite(*tx, who, case_id, "申请销毁"));
  CustodyStore store(*tx);
  auto unit = store.LoadUnit(in.unit_id);
  if (!unit) {
    return core::Status(core::InvalidArgument("销毁单位有误")).AddFieldError("unit_id", "名录中没有该单位");
  }
  Destruction d;
  d.case_id = c.id;
  d.agency_id = c.agency_id;
  d.agency_name = c.agency_name;
  d.region_code = c.region_code;
  d.status = "applied";
  d.method = in.method;
  d.proposed_unit_id = unit->id;
  d.planned_on = *in.planned_on;
  d.note = internal::Trim(in.note);
  d.applied_by = who.actor_id();
  std::vector<std::string> reasons;
  for (const auto& [item_id, quantity] : in.lines) {
    auto item = store.LoadItem(item_id, true);
    if (!item || item->case_id != c.id) {
      return core::Status(core::InvalidArgument("销毁物品有误"))
          .AddFieldError("lines", "物品 " + std::to_string(item_id) + " 不是本案的涉案物品");
    }
    IPE_ASSIGN_OR_RETURN(int64_t claimed, store.ClaimedForDestruction(item_id));
    int64_t free = item->balance.in_custody - claimed;
    if (quantity > free) {
      reasons.push_back(item->label_no + " " + item->description + "：可申请销毁" + std::to_string(free) +
                        custody::UnitName(item->unit) + "，申请" + std::to_string(quantity));
    }
    for (const std::string& r : custody::CheckUnitFits(rules, item->category, in.method,
                                                       FactsOf(*unit), d.planned_on)) {
      reasons.push_back(item->label_no + "：" + r);
    }
    d.lines.push_back({item_id, quantity, item->description, item->category, item->unit, item->label_no});
  }
  if (!reasons.empty()) {
    return core::FailedPrecondition("不能申请销毁：\n" + JoinReasons(reasons));
  }
  IPE_ASSIGN_OR_RETURN(d.id, store.InsertDestruction(d, now));
  IPE_ASSIGN_OR_RETURN(d, store.LoadDestruction(d.id));
  IPE_RETURN_IF_ERROR(Audit(*tx, who, now, "destruction.apply",
                            "申请销毁（" + std::to_string(d.lines.size()) + "项物品，" + unit->name + "）",
                            std::nullopt, d));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return d;
}

core::Result<Destruction> DecideDestruction(Context& ctx, const Principal& who, int64_t id,
                                            bool approve, const std::string& note, int64_t version) {
  IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kDestructionApprove, "审批销毁申请"));
  std::string problem = internal::TextProblem(note, core::limits::kDescriptionChars, !approve);
  if (!problem.empty()) {
    return core::Status(core::InvalidArgument("审批意见有误"))
        .AddFieldError("note", approve ? problem : "不予批准须写明理由");
  }
  core::Timestamp now = ctx.Now();
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  CustodyStore store(*tx);
  IPE_ASSIGN_OR_RETURN(Destruction d, ForStep(store, who, id, "applied", version));
  Destruction before = d;
  d.status = approve ? "approved" : "rejected";
  d.approved_by = who.actor_id();
  d.decided_at = now;
  d.decision_note = internal::Trim(note);
  IPE_RETURN_IF_ERROR(store.UpdateDestruction(d, version, now));
  IPE_ASSIGN_OR_RETURN(d, store.LoadDestruction(id));
  IPE_RETURN_IF_ERROR(Audit(*tx, who, now, approve ? "destruction.approve" : "destruction.reject",
                            approve ? "批准销毁申请" : "不予批准销毁申请", before, d));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return d;
}

core::Result<Destruction> RecordDestructionExecution(Context& ctx, const Principal& who, int64_t id,
                                                     const ExecutionInput& in) {
  IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kCustodyWrite, "记录销毁执行"));
  core::Timestamp now = ctx.Now();
  core::Date today = core::LocalDate(now);
  core::Status st = core::InvalidArgument("销毁执行信息有误");
  bool bad = false;
  if (in.unit_id <= 0) {
    st.AddFieldError("unit_id", "请选择执行销毁的单位");
    bad = true;
  }
  if (in.executed_on && *in.executed_on > today) {
    st.AddFieldError("executed_on", "执行日期不能晚于今天");
    bad = true;
  }
  std::string problem = internal::TextProblem(in.note, core::limits::kDescriptionChars, false);
  if (!problem.empty()) {
    st.AddFieldError("note", problem);
    bad = true;
  }
  if (bad) return st;
  core::Date executed_on = in.executed_on.value_or(today);
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  CustodyStore store(*tx);
  IPE_ASSIGN_OR_RETURN(Destruction d, ForStep(store, who, id, "approved", in.version));
  auto unit = store.LoadUnit(in.unit_id);
  if (!unit) {
    return core::Status(core::InvalidArgument("销毁单位有误")).AddFieldError("unit_id", "名录中没有该单位");
  }
  std::vector<std::string> reasons;
  for (const DestructionLine& l : d.lines) {
    for (const std::string& r : custody::CheckUnitFits(custody::DefaultDestructionRules(), l.category,
                                                       d.method, FactsOf(*unit), executed_on)) {
      reasons.push_back(l.label_no + "：" + r);
    }
  }
  if (!reasons.empty()) {
    return core::Status(core::FailedPrecondition(unit->name + "不能执行本次销毁：\n" + JoinReasons(reasons)))
        .AddFieldError("unit_id", "该单位的处置能力或许可证不符合物品类别");
  }
  // Every line's quantity moves to "destroyed" here, each checked against the invariant.
  for (const DestructionLine& l : d.lines) {
    IPE_ASSIGN_OR_RETURN(CustodyItem item, store.LoadItem(l.item_id, true));
    IPE_ASSIGN_OR_RETURN(custody::Balance after,
                         custody::Apply(item.balance, custody::MovementKind::kDestroy, l.quantity));
    int64_t item_version = item.version;
    item.balance = after;
    IPE_RETURN_IF_ERROR(store.UpdateItem(item, item_version, now));
    IPE_RETURN_IF_ERROR(store.InsertMovement({0, item.id, "destroy", l.quantity, item.store_id, std::nullopt,
                                              d.id, unit->name, internal::Trim(in.note), who.actor_id(), now}));
  }
  Destruction before = d;
  d.status = "executed";
  d.unit_id = unit->id;
  d.executed_on = executed_on;
  d.execution_note = internal::Trim(in.note);
  IPE_RETURN_IF_ERROR(store.UpdateDestruction(d, in.version, now));
  IPE_ASSIGN_OR_RETURN(d, store.LoadDestruction(id));
  IPE_RETURN_IF_ERROR(Audit(*tx, who, now, "destruction.execute", "记录销毁执行：" + unit->name, before, d));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return d;
}

core::Result<Destruction> RecordDestructionSupervision(Context& ctx, const Principal& who, int64_t id,
                                                       const SupervisionInput& in) {
  IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kCustodyWrite, "记录销毁监督"));
  core::Status st = core::InvalidArgument("销毁监督信息有误");
  bool bad = false;
  auto field = [&](const char* name, const std::string& message) {
    st.AddFieldError(name, message);
    bad = true;
  };
  std::vector<std::string> supervisors;
  for (const std::string& s : in.supervisors) {
    std::string name = internal::Trim(s);
    if (!internal::TextProblem(name, core::limits::kPartyNameChars, true).empty() ||
        name.find('|') != std::string::npos) {
      field("supervisors", "监督人员姓名有误");
      break;
    }
    supervisors.push_back(name);
  }
  if (supervisors.size() < 2) field("supervisors", "至少两名监督人员");
  if (in.evidence_hashes.empty()) field("evidence_hashes", "至少一项照片或视频的 SHA-256 摘要");
  for (const std::string& h : in.evidence_hashes) {
    if (!IsSha256Hex(h)) {
      field("evidence_hashes", "摘要应为 64 位小写十六进制 SHA-256");
      break;
    }
  }
  if (in.weight_before_g <= 0) field("weight_before_g", "销毁前重量（克）应为正整数");
  if (in.weight_after_g < 0 || in.weight_after_g > in.weight_before_g) {
    field("weight_after_g", "销毁后残余重量（克）应在 0 与销毁前重量之间");
  }
  if (bad) return st;
  core::Timestamp now = ctx.Now();
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  CustodyStore store(*tx);
  IPE_ASSIGN_OR_RETURN(Destruction d, ForStep(store, who, id, "executed", in.version));
  Destruction before = d;
  d.status = "supervised";
  d.supervisors = supervisors;
  d.evidence_hashes = in.evidence_hashes;
  d.weight_before_g = in.weight_before_g;
  d.weight_after_g = in.weight_after_g;
  IPE_RETURN_IF_ERROR(store.UpdateDestruction(d, in.version, now));
  IPE_ASSIGN_OR_RETURN(d, store.LoadDestruction(id));
  IPE_RETURN_IF_ERROR(Audit(*tx, who, now, "destruction.supervise", "记录销毁监督", before, d));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return d;
}

core::Result<Destruction> CloseDestruction(Context& ctx, const Principal& who, int64_t id,
                                           int64_t version) {
  IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kCustodyWrite, "办结销毁"));
  core::Timestamp now = ctx.Now();
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  CustodyStore store(*tx);
  IPE_ASSIGN_OR_RETURN(Destruction d, ForStep(store, who, id, "supervised", version));
  Destruction before = d;
  char number[40];
  std::snprintf(number, sizeof number, "XH%d-%06lld", core::LocalDate(now).Year(),
                static_cast<long long>(d.id));
  d.status = "closed";
  d.certificate_no = number;
  d.closed_at = now;
  IPE_RETURN_IF_ERROR(store.UpdateDestruction(d, version, now));
  IPE_ASSIGN_OR_RETURN(d, store.LoadDestruction(id));
  IPE_RETURN_IF_ERROR(Audit(*tx, who, now, "destruction.close", "销毁办结，证明编号 " + *d.certificate_no,
                            before, d));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return d;
}

core::Result<Page<Destruction>> ListDestructions(Context& ctx, const Principal& who,
                                                 const DestructionFilter& f, const PageRequest& page) {
  IPE_RETURN_IF_ERROR(page.Validate());
  IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kDestructionRead, "查看销毁记录"));
  if (f.status && !LabelOf(DestructionStatuses(), *f.status)) {
    return core::Status(core::InvalidArgument("销毁状态有误")).AddFieldError("status", "状态代码有误");
  }
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  return CustodyStore(*tx).ListDestructions(ScopeOf(who), f, page);
}

core::Result<Destruction> GetDestruction(Context& ctx, const Principal& who, int64_t id) {
  IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kDestructionRead, "查看销毁记录"));
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  IPE_ASSIGN_OR_RETURN(Destruction d, CustodyStore(*tx).LoadDestruction(id));
  if (!CanSeeDestruction(who, d)) {
    return core::NotFound("销毁记录不存在: " + std::to_string(id));
  }
  return d;
}

core::Result<PublicCertificate> VerifyDestructionCertificate(Context& ctx, const std::string& number) {
  std::string n = internal::Trim(number);
  if (n.empty() || n.size() > 40) return core::NotFound("销毁证明不存在");
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  CustodyStore store(*tx);
  IPE_ASSIGN_OR_RETURN(auto found, store.ByCertificate(n));
  if (!found) return core::NotFound("销毁证明不存在: " + n);
  const Destruction& d = *found;
  PublicCertificate out;
  out.certificate_no = *d.certificate_no;
  out.agency_name = d.agency_name;
  out.unit_name = d.unit_name;
  if (d.unit_id) {
    IPE_ASSIGN_OR_RETURN(DestructionUnit u, store.LoadUnit(*d.unit_id));
    out.unit_licence_no = u.licence_no;
  }
  const custody::DestructionMethod* m = custody::DefaultDestructionRules().FindMethod(d.method);
  out.method = m ? m->title : d.method;
  out.executed_on = d.executed_on.value_or(d.planned_on);
  out.weight_before_g = d.weight_before_g;
  out.weight_after_g = d.weight_after_g;
  for (const DestructionLine& l : d.lines) {
    const custody::ItemCategory* c = custody::DefaultDestructionRules().FindCategory(l.category);
    const char* unit = custody::UnitName(l.unit);
    // Officers write descriptions; a phone number or a name written into one stays internal.
    out.lines.push_back({core::RedactPersonalData(l.description, core::Regions()).text, c ? c->title : l.category, l.quantity, unit ? unit : l.unit});
  }
  return out;
}

namespace {

core::Status CheckSpan(core::Date from, core::Date to) {
  if (to < from || core::DaysBetween(from, to) > 366) {
    return core::Status(core::InvalidArgument("统计期间有误")).AddFieldError("to", "截止日期应不早于起始日期，且期间不超过 366 日");
  }
  return core::Status::Ok();
}

}  // namespace

core::Result<std::vector<Destruction>> EnvironmentNotice(Context& ctx, const Principal& who,
                                                         core::Date from, core::Date to) {
  IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kDestructionRead, "导出销毁通报"));
  IPE_RETURN_IF_ERROR(CheckSpan(from, to));
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  CustodyStore store(*tx);
  IPE_ASSIGN_OR_RETURN(auto ids, store.PlannedOrExecutedBetween(ScopeOf(who), from, to, 2000));
  std::vector<Destruction> out;
  for (int64_t id : ids) {
    IPE_ASSIGN_OR_RETURN(Destruction d, store.LoadDestruction(id));
    out.push_back(std::move(d));
  }
  return out;
}

core::Result<std::vector<DestructionSummaryRow>> DestructionSummary(Context& ctx, const Principal& who,
                                                                    core::Date from, core::Date to) {
  IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kDestructionRead, "查看销毁汇总"));
  IPE_RETURN_IF_ERROR(CheckSpan(from, to));
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  IPE_ASSIGN_OR_RETURN(auto rows, CustodyStore(*tx).SummaryByProvince(ScopeOf(who), from, to));
  for (DestructionSummaryRow& r : rows) r.province_name = core::Regions().FullName(r.province_code);
  return rows;
}

}  // namespace ipe::app
