// 跨区域联合行动 use cases (joint_operations.h).
#include "app/statistics/joint_operations.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "app/accounts/accounts_store.h"
#include "app/accounts/audit.h"
#include "app/internal/text.h"
#include "app/leads/correlation_service.h"
#include "app/leads/lead_store.h"
#include "app/permissions.h"
#include "app/statistics/joint_operation_store.h"
#include "core/limits.h"
#include "core/region.h"

namespace ipe::app {

namespace {

constexpr size_t kMaxTitleChars = 100;
constexpr size_t kMaxExtraAgencies = 50;

// Supervisory viewers see the operations inside their region; everyone sees those of their agency.
JointOperationScope ScopeOf(const Principal& who) {
  JointOperationScope s;
  if (who.is_system() || (SeesWholeRegion(who) && who.region_code == core::kNationalRegionCode)) return s;
  if (SeesWholeRegion(who)) s.region = who.region_code;
  s.agency = who.agency_id;
  return s;
}

// The office that may start or close an operation over `region`.
core::Status RequireCoordinator(const Principal& who, const std::string& region, std::string_view action_zh) {
  IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kCooperationManage, action_zh));
  if (!who.is_system() && !RegionWithin(who.region_code, region)) {
    return core::PermissionDenied("联合行动涉及本辖区以外的地区，应由上级领导小组办公室" + std::string(action_zh) +
                                  " (outside the office's region)");
  }
  return core::Status::Ok();
}

// Members' figures from the operation's leads and cases (every one: figures, not records).
void CountForMembers(JointOperation& op, const std::vector<OperationLeadRow>& leads,
                     const std::vector<JointOperationCase>& cases) {
  std::map<int64_t, JointOperationMember*> by_agency;
  for (JointOperationMember& m : op.members) by_agency[m.agency_id] = &m;
  for (const OperationLeadRow& l : leads) {
    if (l.agency_id && by_agency.count(*l.agency_id)) ++by_agency[*l.agency_id]->leads;
  }
  for (const JointOperationCase& c : cases) {
    auto it = by_agency.find(c.agency_id);
    if (it == by_agency.end()) continue;  // a converted lead moved to another agency: listed, not a member's
    JointOperationMember& m = *it->second;
    ++m.cases;
    if (c.status == "closed") ++m.cases_closed;
    if (c.illegal_business) m.illegal_business = m.illegal_business + *c.illegal_business;
    if (c.fine) m.fines = m.fines + *c.fine;
  }
  std::set<std::string> regions;
  for (const OperationLeadRow& l : leads) regions.insert(l.region_code);
  op.regions.assign(regions.begin(), regions.end());
}

// The operation as `who` may read it: leads and cases named only when the viewer may see them.
core::Result<JointOperation> Assemble(JointOperationStore& store, const Principal& who, JointOperation op,
                                      bool with_records) {
  IPE_ASSIGN_OR_RETURN(auto leads, store.LeadsOf(op.id));
  IPE_ASSIGN_OR_RETURN(auto cases, store.CasesOf(op.id));
  CountForMembers(op, leads, cases);
  bool origin_visible = false;
  for (const OperationLeadRow& l : leads) {
    const bool visible = CanSeeRecord(who, l.agency_id.value_or(0), l.region_code);
    if (l.id == op.origin_lead_id) origin_visible = visible;
    if (!with_records) continue;
    if (!visible) {
      ++op.hidden_leads;
      continue;
    }
    op.leads.push_back(JointOperationLead{l.id, l.title, l.status, l.agency_id.value_or(0), l.region_code, l.case_id});
  }
  if (!origin_visible) op.origin_lead_id = 0;
  if (with_records) {
    for (JointOperationCase& c : cases) {
      if (!CanSeeRecord(who, c.agency_id, c.region_code)) {
        ++op.hidden_cases;
        continue;
      }
      op.cases.push_back(std::move(c));
    }
  }
  return op;
}

nlohmann::json AuditJson(const JointOperation& op, const std::vector<int64_t>& lead_ids) {
  nlohmann::json members = nlohmann::json::array();
  for (const JointOperationMember& m : op.members) members.push_back(m.agency_id);
  return {{"id", op.id},
          {"title", op.title},
          {"goal", op.goal},
          {"region_code", op.region_code},
          {"lead_agency_id", op.lead_agency_id},
          {"members", members},
          {"leads", lead_ids},
          {"alert_id", op.alert_id ? nlohmann::json(*op.alert_id) : nlohmann::json()},
          {"start_date", op.start_date.ToString()},
          {"end_date", op.end_date.ToString()}};
}

}  // namespace

const std::vector<CodeLabel>& JointOperationStatuses() {
  static const std::vector<CodeLabel> kStatuses = {{"active", "进行中"}, {"closed", "已结束"}};
  return kStatuses;
}

const std::vector<CodeLabel>& JointOperationCaseOrigins() {
  static const std::vector<CodeLabel> kOrigins = {{"lead", "由行动线索立案"}, {"linked", "成员关联"}};
  return kOrigins;
}

core::Result<JointOperation> CreateJointOperation(Context& ctx, const Principal& who,
                                                  const JointOperationInput& in) {
  IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kCooperationManage, "发起联合行动"));
  const core::Timestamp now = ctx.Now();
  const core::Date today = core::LocalDate(now);
  core::Status st = core::InvalidArgument("联合行动信息有误 (invalid joint operation)");
  JointOperation op;
  op.title = internal::Trim(in.title);
  if (std::string p = internal::TextProblem(op.title, kMaxTitleChars, true); !p.empty()) st.AddFieldError("title", p);
  op.goal = internal::Trim(in.goal);
  if (std::string p = internal::TextProblem(op.goal, core::limits::kDescriptionChars, true); !p.empty()) {
    st.AddFieldError("goal", p);
  }
  op.start_date = in.start_date.value_or(today);
  if (!in.end_date) {
    st.AddFieldError("end_date", "请填写计划结束日期");
  } else if (*in.end_date < op.start_date) {
    st.AddFieldError("end_date", "计划结束日期不能早于开始日期");
  } else {
    op.end_date = *in.end_date;
  }
  if (in.extra_agency_ids.size() > kMaxExtraAgencies) st.AddFieldError("extra_agency_ids", "追加成员最多 50 个");

  // The cluster as the office sees it now: every lead must be inside its region.
  std::vector<int64_t> lead_ids;
  IPE_ASSIGN_OR_RETURN(CorrelationService * svc, Correlation(ctx));
  auto cluster = svc->ClusterOf(LeadRecordId(in.lead_id), ScopeFor(who));
  if (!cluster) {
    st.AddFieldError("lead_id", "线索不存在或不在查看范围");
  } else if (!cluster->beyond_scope.empty()) {
    return core::FailedPrecondition("该串并簇有本辖区以外的线索，应由上级领导小组办公室发起联合行动 (cluster beyond the region)");
  } else if (!cluster->cross_region) {
    st.AddFieldError("lead_id", "该线索所在的串并簇不跨区域，无需联合行动");
  } else {
    for (const link::VisibleRecord& r : cluster->records) {
      if (int64_t id = LeadIdOfRecord(r.id); id > 0) lead_ids.push_back(id);
    }
  }
  if (!st.field_errors().empty()) return st;

  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  JointOperationStore store(*tx);
  IPE_ASSIGN_OR_RETURN(auto leads, store.Leads(lead_ids));
  IPE_ASSIGN_OR_RETURN(std::optional<int64_t> busy, store.ActiveOperationOf(lead_ids));
  if (busy) {
    return core::FailedPrecondition("该串并簇的线索已在进行中的联合行动（编号 " + std::to_string(*busy) +
                                    "）中 (already in an active joint operation)");
  }
  std::vector<std::string> regions;
  std::map<int64_t, int64_t> leads_of_agency;
  for (const OperationLeadRow& l : leads) {
    regions.push_back(l.region_code);
    if (l.agency_id) ++leads_of_agency[*l.agency_id];
  }
  op.region_code = core::CommonAncestorCode(regions);
  IPE_RETURN_IF_ERROR(RequireCoordinator(who, op.region_code, "发起联合行动"));
  op.origin_lead_id = in.lead_id;

  // The members, each agency read once: those holding the leads, then the ones the office adds.
  AccountsStore accounts(*tx);
  std::map<int64_t, Agency> members;
  for (const auto& [id, n] : leads_of_agency) {
    IPE_ASSIGN_OR_RETURN(auto agency, accounts.FindAgency(id));
    if (agency) members.emplace(id, *agency);
  }
  for (size_t i = 0; i < in.extra_agency_ids.size() && i < kMaxExtraAgencies; ++i) {
    IPE_ASSIGN_OR_RETURN(auto agency, accounts.FindAgency(in.extra_agency_ids[i]));
    if (!agency || !agency->active) {
      st.AddFieldError("extra_agency_ids", "请选择在用的机构：" + std::to_string(in.extra_agency_ids[i]));
    } else if (!who.is_system() && !RegionWithin(who.region_code, agency->region_code)) {
      st.AddFieldError("extra_agency_ids", agency->name + " 不在本辖区");
    } else {
      members.emplace(agency->id, *agency);
    }
  }
  for (const auto& [id, agency] : members) {
    JointOperationMember m;
    m.agency_id = id;
    m.agency_name = agency.name;
    m.region_code = agency.region_code;
    op.members.push_back(std::move(m));
  }
  if (op.members.size() < 2) st.AddFieldError("extra_agency_ids", "联合行动至少有两个成员机构，请追加成员");
  // The leading agency: as chosen, or the member holding most of the leads (the smallest id of equals).
  if (in.lead_agency_id) {
    if (!members.count(*in.lead_agency_id)) st.AddFieldError("lead_agency_id", "牵头单位应为联合行动的成员机构");
    op.lead_agency_id = *in.lead_agency_id;
  } else {
    int64_t most = -1;
    for (const auto& [agency, n] : leads_of_agency) {
      if (n > most) most = n, op.lead_agency_id = agency;
    }
    if (most < 0 && !op.members.empty()) op.lead_agency_id = op.members.front().agency_id;
  }
  for (JointOperationMember& m : op.members) {
    m.lead = m.agency_id == op.lead_agency_id;
    if (m.lead) op.lead_agency_name = m.agency_name;
  }

  // The alert it answers is marked handled with it.
  LeadStore lead_store(*tx);
  if (in.alert_id) {
    auto alert = lead_store.LoadAlert(*in.alert_id);
    if (!alert && alert.error().code() != core::StatusCode::kNotFound) return alert.error();
    if (!alert || (!who.is_system() && !RegionWithin(who.region_code, alert->region_code))) {
      st.AddFieldError("alert_id", "预警不存在或不在管辖范围");
    } else if (std::find(lead_ids.begin(), lead_ids.end(), alert->lead_id) == lead_ids.end()) {
      st.AddFieldError("alert_id", "该预警不属于这个串并簇");
    } else if (alert->acknowledged_at) {
      return core::FailedPrecondition("预警已处理 (alert already acknowledged)");
    }
    op.alert_id = in.alert_id;
  }
  if (!st.field_errors().empty()) return st;

  op.created_at = now;
  IPE_RETURN_IF_ERROR(store.Insert(op, lead_ids, who.actor_id()));
  IPE_RETURN_IF_ERROR(AppendAudit(*tx, who, now,
                                  AuditEvent{"joint_operation.create", "joint_operation", std::to_string(op.id),
                                             "发起联合行动：" + op.title + "（" + std::to_string(op.members.size()) +
                                                 " 个成员机构，" + std::to_string(lead_ids.size()) + " 条线索）",
                                             std::nullopt, AuditJson(op, lead_ids).dump()}));
  if (op.alert_id) {
    const std::string note = "发起联合行动：" + op.title;
    IPE_RETURN_IF_ERROR(lead_store.AcknowledgeAlert(*op.alert_id, who.actor_id(), note, now));
    nlohmann::json after = {{"acknowledged_at", now.ToString()}, {"note", note}, {"joint_operation_id", op.id}};
    IPE_RETURN_IF_ERROR(AppendAudit(*tx, who, now,
                                    {"lead.alert_ack", "lead_alert", std::to_string(*op.alert_id),
                                     "处理跨区域串并预警：" + note, std::nullopt, after.dump()}));
  }
  IPE_ASSIGN_OR_RETURN(JointOperation saved, store.Load(op.id, false));
  IPE_ASSIGN_OR_RETURN(JointOperation out, Assemble(store, who, std::move(saved), true));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return out;
}

core::Result<Page<JointOperation>> ListJointOperations(Context& ctx, const Principal& who,
                                                       const JointOperationFilter& f,
                                                       const PageRequest& page) {
  IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kStatisticsRead, "查看联合行动"));
  IPE_RETURN_IF_ERROR(page.Validate());
  if (f.status && !LabelOf(JointOperationStatuses(), *f.status)) {
    return core::Status(core::InvalidArgument("状态有误 (invalid status)")).AddFieldError("status", "应为 active 或 closed");
  }
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  JointOperationStore store(*tx);
  IPE_ASSIGN_OR_RETURN(auto listed, store.List(ScopeOf(who), f.status, page));
  for (JointOperation& op : listed.items) {
    IPE_ASSIGN_OR_RETURN(op, Assemble(store, who, std::move(op), false));
  }
  return listed;
}

core::Result<JointOperation> GetJointOperation(Context& ctx, const Principal& who, int64_t id) {
  IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kStatisticsRead, "查看联合行动"));
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  JointOperationStore store(*tx);
  IPE_ASSIGN_OR_RETURN(bool visible, store.Visible(id, ScopeOf(who)));
  if (!visible) return core::NotFound("联合行动不存在: " + std::to_string(id));
  IPE_ASSIGN_OR_RETURN(JointOperation op, store.Load(id, false));
  return Assemble(store, who, std::move(op), true);
}

core::Result<Page<JointOperation>> JointOperationsAwaitingMyCases(Context& ctx, const Principal& who,
                                                                  const PageRequest& page) {
  if (!who.Has(Role::kOfficer) && !who.Has(Role::kAgencyHead)) return Page<JointOperation>{};
  IPE_RETURN_IF_ERROR(page.Validate());
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  return JointOperationStore(*tx).AwaitingCasesOf(who.agency_id, page);
}

core::Result<JointOperation> LinkJointOperationCase(Context& ctx, const Principal& who, int64_t id,
                                                    int64_t case_id) {
  IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kStatisticsRead, "关联联合行动案件"));
  const core::Timestamp now = ctx.Now();
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  JointOperationStore store(*tx);
  IPE_ASSIGN_OR_RETURN(bool visible, store.Visible(id, ScopeOf(who)));
  if (!visible) return core::NotFound("联合行动不存在: " + std::to_string(id));
  IPE_ASSIGN_OR_RETURN(JointOperation op, store.Load(id, true));
  const bool member = std::any_of(op.members.begin(), op.members.end(),
                                  [&](const JointOperationMember& m) { return m.agency_id == who.agency_id; });
  if (!member || !(who.Has(Role::kOfficer) || who.Has(Role::kAgencyHead))) {
    return core::PermissionDenied("只有成员机构的执法人员或负责人可以关联本机构的案件");
  }
  if (op.status != "active") return core::FailedPrecondition("联合行动已结束，不能再关联案件");
  auto c = store.LoadCase(case_id);
  if (!c && c.error().code() != core::StatusCode::kNotFound) return c.error();
  if (!c || !CanSeeRecord(who, c->agency_id, c->region_code)) {
    return core::Status(core::InvalidArgument("案件有误 (invalid case)")).AddFieldError("case_id", "案件不存在或不在查看范围");
  }
  if (c->agency_id != who.agency_id) {
    return core::Status(core::InvalidArgument("案件有误 (invalid case)")).AddFieldError("case_id", "只能关联本机构办理的案件");
  }
  IPE_ASSIGN_OR_RETURN(bool counted, store.CountsCase(id, case_id));
  if (counted) return core::FailedPrecondition("该案件已计入本次联合行动");
  IPE_RETURN_IF_ERROR(store.LinkCase(id, case_id, who.actor_id(), now));
  IPE_RETURN_IF_ERROR(AppendAudit(*tx, who, now,
                                  AuditEvent{"joint_operation.link_case", "joint_operation", std::to_string(id),
                                             "联合行动关联案件：" + c->case_number + " " + c->title, std::nullopt,
                                             nlohmann::json{{"case_id", case_id}}.dump()}));
  IPE_ASSIGN_OR_RETURN(JointOperation out, Assemble(store, who, std::move(op), true));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return out;
}

core::Result<JointOperation> CloseJointOperation(Context& ctx, const Principal& who, int64_t id,
                                                 const std::string& summary_in, int64_t version) {
  IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kCooperationManage, "结束联合行动"));
  std::string summary = internal::Trim(summary_in);
  if (std::string p = internal::TextProblem(summary, core::limits::kDescriptionChars, true); !p.empty()) {
    return core::Status(core::InvalidArgument("行动总结有误 (invalid summary)")).AddFieldError("summary", p);
  }
  const core::Timestamp now = ctx.Now();
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  JointOperationStore store(*tx);
  IPE_ASSIGN_OR_RETURN(bool visible, store.Visible(id, ScopeOf(who)));
  if (!visible) return core::NotFound("联合行动不存在: " + std::to_string(id));
  IPE_ASSIGN_OR_RETURN(JointOperation before, store.Load(id, true));
  IPE_RETURN_IF_ERROR(RequireCoordinator(who, before.region_code, "结束联合行动"));
  if (before.status != "active") return core::FailedPrecondition("联合行动已结束");
  if (before.version != version) return core::FailedPrecondition("联合行动已被他人修改，请刷新后重试");
  IPE_RETURN_IF_ERROR(store.Close(id, summary, who.actor_id(), now, version));
  IPE_RETURN_IF_ERROR(AppendAudit(*tx, who, now,
                                  AuditEvent{"joint_operation.close", "joint_operation", std::to_string(id),
                                             "结束联合行动：" + before.title,
                                             nlohmann::json{{"status", before.status}}.dump(),
                                             nlohmann::json{{"status", "closed"}, {"summary", summary}}.dump()}));
  IPE_ASSIGN_OR_RETURN(JointOperation after, store.Load(id, false));
  IPE_ASSIGN_OR_RETURN(JointOperation out, Assemble(store, who, std::move(after), true));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return out;
}

}  // namespace ipe::app
