// Leads after intake: 转为案件 (convert to a case), 申请查看 decisions and what an approval shows,
// 处理 of cross-region alerts, 改派 (reassignment). See leads.h and docs/leads.md.
#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "app/accounts/audit.h"
#include "app/cases/cases.h"
#include "app/internal/text.h"
#include "app/leads/correlation_service.h"
#include "app/leads/lead_store.h"
#include "app/leads/leads.h"
#include "app/leads/leads_internal.h"
#include "app/permissions.h"
#include "core/ids.h"

namespace ipe::app {

namespace {

constexpr int kMaxGrantDays = 90;
constexpr int64_t kDaySeconds = 24 * 3600;

core::Status ReasonError(const std::string& field, const std::string& message) {
  return core::Status(core::InvalidArgument(message)).AddFieldError(field, message);
}

bool Decidable(const std::string& s) { return s == "pending"; }

// The effective status: an approval past its expiry reads "expired".
std::string EffectiveStatus(const std::string& stored, std::optional<int64_t> expires_at,
                            core::Timestamp now) {
  if (stored == "approved" && expires_at && *expires_at <= now.seconds) return "expired";
  return stored;
}

// A stored request with its effective status.
AccessRequest Effective(AccessRequestRow row, core::Timestamp now) {
  row.request.status = EffectiveStatus(row.stored_status, row.expires_at, now);
  return std::move(row.request);
}

// The holding agency's leads in the cluster of the request's lead, as the index holds them now.
struct Holding {
  std::string record_id;
  int64_t lead_id = 0;
  std::string region;
};
std::vector<Holding> HoldingRecords(CorrelationService& svc, int64_t request_lead_id,
                                    int64_t target_agency_id) {
  std::vector<Holding> out;
  auto cluster = svc.ClusterOf(LeadRecordId(request_lead_id), link::Scope::Everything());
  if (!cluster) return out;  // the lead left the index (merged)
  std::string agency = std::to_string(target_agency_id);
  for (const auto& r : cluster->records) {
    if (r.agency == agency) out.push_back({r.id, LeadIdOfRecord(r.id), r.region});
  }
  return out;
}

// May `who` decide requests addressed to `target_agency_id` (region `target_region`)?
bool MayDecide(const Principal& who, int64_t target_agency_id, const std::string& target_region) {
  if (who.is_system()) return true;
  bool member = target_agency_id != 0 && who.agency_id == target_agency_id &&
                (who.Has(Role::kOfficer) || who.Has(Role::kAgencyHead));
  bool office = who.Has(Role::kOffice) &&
                (target_agency_id == 0 || RegionWithin(who.region_code, target_region));
  return member || office;
}

// The leads of `ids` (loaded already, in `leads`) as linked records shown until `until`.
std::vector<LinkedLead> LinkedOf(const std::map<int64_t, Lead>& leads,
                                 const std::vector<int64_t>& ids,
                                 std::optional<core::Timestamp> until) {
  std::set<int64_t> wanted(ids.begin(), ids.end());
  std::vector<LinkedLead> out;
  for (int64_t id : wanted) {
    auto it = leads.find(id);
    if (it == leads.end()) continue;
    const Lead& l = it->second;
    LinkedLead x;
    x.id = id;
    x.title = l.title;
    x.status = l.status;
    x.region_code = l.region_code;
    x.agency_id = l.agency_id;
    x.agency_name = l.agency_name;
    x.granted_until = until;
    out.push_back(std::move(x));
  }
  return out;
}

}  // namespace

// ---- What approvals show (used by GetLead / GetLeadLinks) ----

namespace leads_internal {

core::Result<std::map<int64_t, core::Timestamp>> GrantedLeads(storage::Tx& tx,
                                                              const Principal& who,
                                                              core::Timestamp now) {
  std::map<int64_t, core::Timestamp> out;
  if (who.is_system()) return out;
  IPE_ASSIGN_OR_RETURN(auto grants, LeadStore(tx).RunningGrants(who.user_id, now));
  for (const auto& [lead_id, until_seconds] : grants) {
    core::Timestamp until{until_seconds};
    auto [it, fresh] = out.emplace(lead_id, until);
    if (!fresh && it->second.seconds < until.seconds) it->second = until;
  }
  return out;
}

core::Result<std::map<int64_t, RequestState>> LatestRequests(storage::Tx& tx, const Principal& who,
                                                             int64_t lead_id, core::Timestamp now) {
  std::map<int64_t, RequestState> out;
  if (who.is_system()) return out;
  IPE_ASSIGN_OR_RETURN(auto rows, LeadStore(tx).RequestsFor(lead_id, who.user_id));
  for (const AccessRequestRow& r : rows) {
    out[r.request.target_agency_id] = {r.request.id,
                                       EffectiveStatus(r.stored_status, r.expires_at, now)};
  }
  return out;
}

}  // namespace leads_internal

// ---- 申请查看: the holding agency decides ----

core::Result<Page<AccessRequest>> ListAccessRequests(Context& ctx, const Principal& who,
                                                     const AccessRequestFilter& f,
                                                     const PageRequest& page) {
  IPE_RETURN_IF_ERROR(page.Validate());
  if (f.box != "incoming" && f.box != "outgoing") {
    return ReasonError("box", "应为 incoming（待我审批）或 outgoing（我的申请）");
  }
  static const std::set<std::string> kStatuses = {"pending", "approved", "refused", "expired"};
  if (f.status && !f.status->empty() && !kStatuses.count(*f.status)) {
    return ReasonError("status", "应为 pending、approved、refused 或 expired");
  }
  AccessRequestQuery query;
  query.now = ctx.Now();
  bool incoming = f.box == "incoming";
  if (incoming) {
    IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kLeadAccessDecide, "审批查看申请"));
    if (!who.is_system()) {
      if (who.Has(Role::kOfficer) || who.Has(Role::kAgencyHead)) {
        query.target_agency = who.agency_id;
      }
      if (who.Has(Role::kOffice)) query.office_region = who.region_code;
    }
  } else {
    IPE_RETURN_IF_ERROR(leads_internal::RequireWriter(who, "查看我的申请"));
    query.requester = who.user_id;
  }
  if (f.status && !f.status->empty()) query.status = *f.status;

  IPE_ASSIGN_OR_RETURN(CorrelationService * svc, Correlation(ctx));
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  LeadStore store(*tx);
  IPE_ASSIGN_OR_RETURN(auto rows, store.ListRequests(query, page));
  Page<AccessRequest> out;
  out.total = rows.total;
  out.total_exact = rows.total_exact;
  out.page = page.page;
  out.page_size = page.page_size;
  for (AccessRequestRow& r : rows.items) out.items.push_back(Effective(std::move(r), query.now));
  // The records of every request of the page, loaded together: incoming, the decider's own
  // leads that match (what an approval would share); outgoing, the granted leads while the
  // approval runs.
  std::vector<std::vector<int64_t>> record_ids(out.items.size());
  std::vector<int64_t> approved;
  for (const AccessRequest& a : out.items) {
    if (!incoming && a.status == "approved") approved.push_back(a.id);
  }
  IPE_ASSIGN_OR_RETURN(auto granted, store.GrantedLeadsOf(approved));
  std::vector<int64_t> all_ids;
  for (size_t i = 0; i < out.items.size(); ++i) {
    const AccessRequest& a = out.items[i];
    if (incoming) {
      for (const Holding& h : HoldingRecords(*svc, a.lead_id, a.target_agency_id)) {
        if (CanSeeRecord(who, a.target_agency_id, h.region)) record_ids[i].push_back(h.lead_id);
      }
    } else if (auto it = granted.find(a.id); it != granted.end()) {
      record_ids[i] = it->second;
    }
    all_ids.insert(all_ids.end(), record_ids[i].begin(), record_ids[i].end());
  }
  IPE_ASSIGN_OR_RETURN(auto leads, store.LoadMany(all_ids));
  for (size_t i = 0; i < out.items.size(); ++i) {
    AccessRequest& a = out.items[i];
    a.records = LinkedOf(leads, record_ids[i], incoming ? std::nullopt : a.expires_at);
  }
  return out;
}

core::Result<AccessRequest> DecideAccessRequest(Context& ctx, const Principal& who,
                                                int64_t request_id, bool approve,
                                                const std::string& reason_in, int days) {
  IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kLeadAccessDecide, "审批查看申请"));
  std::string reason = internal::Trim(reason_in);
  if (!approve && reason.empty()) return ReasonError("reason", "不同意须说明理由");
  if (reason.size() > 2000) return ReasonError("reason", "理由过长");
  if (approve && (days < 1 || days > kMaxGrantDays)) {
    return ReasonError("days", "授权天数应在 1 到 " + std::to_string(kMaxGrantDays) + " 之间");
  }
  IPE_ASSIGN_OR_RETURN(CorrelationService * svc, Correlation(ctx));
  core::Timestamp now = ctx.Now();
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  LeadStore store(*tx);
  IPE_ASSIGN_OR_RETURN(auto row, store.LoadRequest(request_id, true));
  auto not_found = core::NotFound("申请不存在或无权审批 (request not found): " +
                                  std::to_string(request_id));
  if (!row) return not_found;
  AccessRequest req = Effective(std::move(*row), now);
  std::string target_region;
  if (req.target_agency_id != 0) {
    IPE_ASSIGN_OR_RETURN(auto ag, store.Agency(req.target_agency_id));
    if (ag) target_region = ag->region_code;
  }
  if (!MayDecide(who, req.target_agency_id, target_region)) return not_found;
  if (!Decidable(req.status)) {
    return core::FailedPrecondition("申请已处理，当前状态: " + req.status + " (already decided)");
  }
  std::vector<int64_t> grant_ids;
  for (const Holding& h : HoldingRecords(*svc, req.lead_id, req.target_agency_id)) {
    if (CanSeeRecord(who, req.target_agency_id, h.region)) grant_ids.push_back(h.lead_id);
  }
  if (approve && grant_ids.empty()) {
    return core::FailedPrecondition("本机构已无与该线索匹配的记录，无法同意 (no matching record left)");
  }
  req.status = approve ? "approved" : "refused";
  req.decided_at = now;
  req.decided_by = who.display_name;
  req.decision_reason = reason;
  if (approve) req.expires_at = core::Timestamp{now.seconds + days * kDaySeconds};
  std::optional<int64_t> decided_by, expires_at;
  if (!who.is_system()) decided_by = who.user_id;
  if (req.expires_at) expires_at = req.expires_at->seconds;
  IPE_RETURN_IF_ERROR(
      store.DecideRequest(request_id, req.status, decided_by, reason, expires_at, now));
  if (approve) {
    IPE_RETURN_IF_ERROR(store.Grant(request_id, grant_ids));
    IPE_ASSIGN_OR_RETURN(auto leads, store.LoadMany(grant_ids));
    req.records = LinkedOf(leads, grant_ids, req.expires_at);
  }
  nlohmann::json after = {{"status", req.status},
                          {"reason", reason},
                          {"requester_id", req.requester_id},
                          {"lead_id", req.lead_id},
                          {"target_agency_id", req.target_agency_id}};
  if (approve) {
    after["granted_lead_ids"] = grant_ids;
    after["expires_at"] = req.expires_at->ToString();
  }
  // The entry is the requesting lead's (as the request's own entry, leads.cc).
  std::optional<AuditScope> request_scope;
  {
    IPE_ASSIGN_OR_RETURN(auto requesting, store.LoadMany({req.lead_id}));
    if (auto it = requesting.find(req.lead_id); it != requesting.end()) {
      request_scope = AuditScopeOf(it->second.region_code, it->second.agency_id);
    }
  }
  IPE_RETURN_IF_ERROR(AppendAudit(
      *tx, who, now,
      {approve ? "lead.access_approve" : "lead.access_refuse", "lead_access_request",
       std::to_string(request_id),
       std::string(approve ? "同意" : "不同意") + " " + req.requester_agency_name + " " +
           req.requester_name + " 查看匹配记录的申请" +
           (approve ? "（" + std::to_string(grant_ids.size()) + " 条，" +
                          std::to_string(days) + " 天）"
                    : ""),
       nlohmann::json{{"status", "pending"}}.dump(), after.dump(), request_scope}));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return req;
}

// ---- 跨区域预警: 处理 ----

core::Result<LeadAlert> AcknowledgeLeadAlert(Context& ctx, const Principal& who, int64_t alert_id,
                                             const std::string& note_in) {
  IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kLeadAlertsHandle, "处理串并预警"));
  std::string note = internal::Trim(note_in);
  if (note.empty()) return ReasonError("note", "请填写处理意见");
  if (note.size() > 2000) return ReasonError("note", "处理意见过长");
  core::Timestamp now = ctx.Now();
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  LeadStore store(*tx);
  auto alert = store.LoadAlert(alert_id);
  if (!alert && alert.error().code() != core::StatusCode::kNotFound) return alert.error();
  if (!alert || (!who.is_system() && !RegionWithin(who.region_code, alert->region_code))) {
    return core::NotFound("预警不存在或不在管辖范围 (alert not found): " +
                          std::to_string(alert_id));
  }
  if (alert->acknowledged_at) {
    return core::FailedPrecondition("预警已处理 (already acknowledged)");
  }
  IPE_RETURN_IF_ERROR(store.AcknowledgeAlert(
      alert_id, who.actor_id(), note, now));
  nlohmann::json after = {{"acknowledged_at", now.ToString()}, {"note", note}};
  IPE_RETURN_IF_ERROR(AppendAudit(*tx, who, now,
                                  {"lead.alert_ack", "lead_alert", std::to_string(alert_id),
                                   "处理跨区域串并预警：" + note, std::nullopt, after.dump()}));
  IPE_ASSIGN_OR_RETURN(LeadAlert done, store.LoadAlert(alert_id));
  IPE_RETURN_IF_ERROR(tx->Commit());
  // The lead is named only to callers who may see it (as in ListLeadAlerts).
  {
    IPE_ASSIGN_OR_RETURN(auto rtx, ctx.db().Begin(storage::TxMode::kRead));
    if (!leads_internal::LoadVisible(*rtx, who, done.lead_id)) done.lead_id = 0;
  }
  return done;
}

// ---- 改派 ----

core::Result<Lead> ReassignLead(Context& ctx, const Principal& who, int64_t lead_id,
                                int64_t agency_id, const std::string& reason_in) {
  IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kLeadReassign, "改派线索"));
  std::string reason = internal::Trim(reason_in);
  if (reason.empty()) return ReasonError("reason", "请填写改派理由");
  if (reason.size() > 2000) return ReasonError("reason", "理由过长");
  core::Timestamp now = ctx.Now();
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  IPE_ASSIGN_OR_RETURN(Lead before, leads_internal::LoadVisible(*tx, who, lead_id, true));
  bool office = who.is_system() || who.Has(Role::kOffice);
  bool own_head = who.Has(Role::kAgencyHead) && before.agency_id == who.agency_id;
  if (!office && !own_head) {
    return core::PermissionDenied("只有领导小组办公室或承办机构负责人可以改派线索");
  }
  IPE_ASSIGN_OR_RETURN(std::string reassigned,
                       leads_internal::NextStatus(before, rules::LeadAction::kReassign));
  LeadStore store(*tx);
  IPE_ASSIGN_OR_RETURN(auto ag, store.Agency(agency_id));
  if (!ag || !ag->active) return ReasonError("agency_id", "机构不存在或已停用");
  if (before.agency_id == agency_id) return ReasonError("agency_id", "线索已由该机构承办");
  if (!RegionWithin(ag->region_code, before.region_code)) {
    return ReasonError("agency_id", "该机构的管辖区域不包含线索发生地");
  }
  Lead after = before;
  after.agency_id = agency_id;
  after.agency_name = ag->name;
  after.status = reassigned;  // new: the new agency screens it
  after.status_reason = reason;
  after.updated_at = now;
  IPE_RETURN_IF_ERROR(store.Reassign(lead_id, agency_id, reason, now));
  nlohmann::json after_json = nlohmann::json::parse(leads_internal::AuditJson(after));
  after_json["reason"] = reason;
  IPE_RETURN_IF_ERROR(AppendAudit(*tx, who, now,
                                  {"lead.reassign", "lead", std::to_string(lead_id),
                                   "改派线索 " + before.title + " → " + after.agency_name,
                                   leads_internal::AuditJson(before), after_json.dump(),
                                   AuditScopeOf(after.region_code, after.agency_id)}));
  IPE_ASSIGN_OR_RETURN(after.observables, leads_internal::Observables(*tx, lead_id));
  // Index records carry their agency and the index is append-only: every server rebuilds (as
  // after a merge).
  IPE_RETURN_IF_ERROR(store.AppendChanges({lead_id}, LeadChangeKind::kRebuild, now));
  IPE_RETURN_IF_ERROR(tx->Commit());
  leads_internal::FollowFeed(ctx);
  return after;
}

// ---- 转为案件 ----

std::string CaseCategoryForLead(const std::string& lead_category) {
  static const std::map<std::string, std::string> kMap = {
      {"trademark", "trademark"},
      {"patent", "patent"},
      {"copyright", "copyright"},
      {"geographic_indication", "geographic_indication"},
      {"plant_variety", "plant_variety"},
      {"trade_secret", "trade_secret"},
      {"counterfeit_goods", "substandard_product"},  // 假冒伪劣商品 → 伪劣产品
      {"import_export", "other"},                    // the right infringed is not known yet
      {"other", "other"},
  };
  auto it = kMap.find(lead_category);
  return it == kMap.end() ? "other" : it->second;
}

std::string CaseSourceForLead(const std::string& lead_source) {
  static const std::map<std::string, std::string> kMap = {
      {"manual", "inspection"},     // entered by an officer: 检查发现
      {"csv", "transfer"},          // batches from other departments: 部门移送
      {"api", "transfer"},          // another system: 部门移送
      {"monitoring", "monitoring"}, // the scanner: 网络监测
      {"complaint", "complaint"},   // 投诉举报
  };
  auto it = kMap.find(lead_source);
  return it == kMap.end() ? "inspection" : it->second;
}

namespace {

// Parties and rights from the observables the case model has fields for. Values the case's
// validation would refuse (a USCC or ID number with a bad check digit) and junk stay on the lead.
void MapObservables(const std::vector<LeadObservable>& obs, core::Date today, CaseInput& in) {
  std::vector<std::string> companies, usccs, persons, ids, phones, addresses;
  for (const LeadObservable& o : obs) {
    if (o.verdict != "key") continue;
    if (o.type == "company_name") companies.push_back(o.value);
    if (o.type == "person_name") persons.push_back(o.value);
    if (o.type == "phone") phones.push_back(o.value);
    if (o.type == "address") addresses.push_back(o.value);
    if (o.type == "uscc" && core::ParseUscc(o.value).ok) usccs.push_back(o.key_value);
    if (o.type == "id_number" && core::ParseResidentId(o.value, today).ok) {
      ids.push_back(o.key_value);
    }
    if (o.type == "trademark_reg") in.rights.push_back({"trademark", o.value, "", ""});
  }
  for (size_t i = 0; i < companies.size(); ++i) {
    CaseParty p;
    p.kind = "company";
    p.name = companies[i];
    if (i < usccs.size()) p.uscc = usccs[i];
    in.parties.push_back(std::move(p));
  }
  for (size_t i = 0; i < persons.size(); ++i) {
    CaseParty p;
    p.kind = "person";
    p.name = persons[i];
    if (i < ids.size()) p.id_number = ids[i];
    in.parties.push_back(std::move(p));
  }
  // One phone and one address for the first party — persons first: the one who answers it.
  if (!in.parties.empty()) {
    auto first = std::find_if(in.parties.begin(), in.parties.end(),
                              [](const CaseParty& p) { return p.kind == "person"; });
    if (first == in.parties.end()) first = in.parties.begin();
    if (!phones.empty()) first->phone = phones[0];
    if (!addresses.empty()) first->address = addresses[0];
  }
}

}  // namespace

core::Result<ConvertLeadResult> ConvertLeadToCase(Context& ctx, const Principal& who,
                                                  int64_t lead_id,
                                                  const ConvertLeadInput& input) {
  IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kLeadConvert, "将线索转为案件"));
  if (internal::Trim(input.case_number).empty()) {
    return ReasonError("case_number", "请填写案件编号");
  }
  core::Timestamp now = ctx.Now();
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  // Locked first (FOR UPDATE on PostgreSQL; SQLite write transactions are serial), so a second
  // conversion waits and then sees `converted`.
  IPE_ASSIGN_OR_RETURN(Lead before, leads_internal::LoadVisible(*tx, who, lead_id, true));
  if (before.status == rules::LeadStatusName(rules::LeadStatus::kConverted)) {
    return core::FailedPrecondition("线索已转为案件 #" +
                                    std::to_string(before.case_id.value_or(0)) +
                                    " (already converted)");
  }
  IPE_ASSIGN_OR_RETURN(std::string converted,
                       leads_internal::NextStatus(before, rules::LeadAction::kConvert));
  if (!before.agency_id) {
    return core::FailedPrecondition("线索尚未分派承办机构 (unassigned lead)");
  }
  if (!who.is_system() && *before.agency_id != who.agency_id) {
    return core::PermissionDenied("只有承办机构可以将线索转为案件 (not the lead's agency)");
  }
  IPE_ASSIGN_OR_RETURN(before.observables, leads_internal::Observables(*tx, lead_id));

  CaseInput in;
  in.case_number = internal::Trim(input.case_number);
  in.title = input.title && !internal::Trim(*input.title).empty() ? *input.title : before.title;
  in.category = input.category.value_or(CaseCategoryForLead(before.category));
  in.source = input.source.value_or(CaseSourceForLead(before.source));
  in.region_code = before.region_code;
  MapObservables(before.observables, core::LocalDate(now), in);
  IPE_ASSIGN_OR_RETURN(Case created,
                       CreateCaseInTx(*tx, who, in, now,
                                      "由线索 #" + std::to_string(lead_id) + "「" +
                                          before.title + "」转为案件"));
  IPE_RETURN_IF_ERROR(LinkLeadToCaseInTx(*tx, who, now, lead_id, created.id));
  Lead after = before;
  after.status = converted;
  after.case_id = created.id;
  after.updated_at = now;
  IPE_RETURN_IF_ERROR(AppendAudit(*tx, who, now,
                                  {"lead.convert", "lead", std::to_string(lead_id),
                                   "线索转为案件 " + created.input.case_number,
                                   leads_internal::AuditJson(before),
                                   leads_internal::AuditJson(after),
                                   AuditScopeOf(before.region_code, before.agency_id)}));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return ConvertLeadResult{std::move(after), created.id, created.input.case_number};
}

}  // namespace ipe::app
