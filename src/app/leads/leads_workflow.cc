// Leads after intake: 转为案件 (convert to a case), 申请查看 decisions and what an approval shows,
// 处理 of cross-region alerts, 改派 (reassignment). See leads.h and docs/leads.md.
#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "app/audit.h"
#include "app/cases/cases.h"
#include "app/leads/correlation_service.h"
#include "app/internal/text.h"
#include "app/leads/leads.h"
#include "app/leads/leads_internal.h"
#include "app/permissions.h"
#include "core/ids.h"

namespace ipe::app {

using storage::Params;
using storage::Row;
using storage::Value;

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

// SQL condition for an effective status (see EffectiveStatus).
std::string StatusSql(const std::string& status, core::Timestamp now, Params& params) {
  if (status == "approved" || status == "expired") {
    params.emplace_back(now.seconds);
    return status == "approved" ? "r.status = 'approved' AND r.expires_at > ?"
                                : "r.status = 'approved' AND r.expires_at <= ?";
  }
  params.emplace_back(status);
  return "r.status = ?";
}

constexpr const char* kRequestColumns =
    "r.id, r.lead_id, r.target_agency_id, ta.name, r.requester_id, u.display_name, "
    "r.requester_agency_id, ra.name, r.reason, r.status, r.created_at, r.decided_at, "
    "d.display_name, r.decision_reason, r.expires_at";
constexpr const char* kRequestFrom =
    " FROM lead_access_requests r LEFT JOIN agencies ta ON ta.id = r.target_agency_id "
    "JOIN users u ON u.id = r.requester_id "
    "LEFT JOIN agencies ra ON ra.id = r.requester_agency_id "
    "LEFT JOIN users d ON d.id = r.decided_by";

AccessRequest RequestFromRow(const Row& r, core::Timestamp now) {
  AccessRequest a;
  a.id = r.Int(0);
  a.lead_id = r.Int(1);
  a.target_agency_id = r.Int(2);
  a.target_agency_name = a.target_agency_id == 0 ? "待分派（领导小组办公室）" : r.OptText(3).value_or("");
  a.requester_id = r.Int(4);
  a.requester_name = r.Text(5);
  a.requester_agency_id = r.Int(6);
  a.requester_agency_name = r.OptText(7).value_or("");
  a.reason = r.Text(8);
  a.status = EffectiveStatus(r.Text(9), r.OptInt(14), now);
  a.created_at = core::Timestamp{r.Int(10)};
  if (auto t = r.OptInt(11)) a.decided_at = core::Timestamp{*t};
  a.decided_by = r.OptText(12).value_or("");
  a.decision_reason = r.Text(13);
  if (auto t = r.OptInt(14)) a.expires_at = core::Timestamp{*t};
  return a;
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

core::Result<std::vector<LinkedLead>> LinkedOf(storage::Tx& tx, const std::vector<int64_t>& ids,
                                               std::optional<core::Timestamp> until) {
  IPE_ASSIGN_OR_RETURN(auto leads, leads_internal::LeadsWithIds(tx, ids));
  std::vector<LinkedLead> out;
  for (const auto& [id, l] : leads) {
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

core::Result<LeadAlert> LoadAlert(storage::Tx& tx, int64_t id) {
  IPE_ASSIGN_OR_RETURN(
      auto rows, tx.Query("SELECT t.id, t.kind, t.lead_id, t.region_code, t.regions, "
                          "t.cluster_size, t.created_at, t.acknowledged_at, u.display_name, "
                          "t.ack_note FROM lead_alerts t LEFT JOIN users u ON "
                          "u.id = t.acknowledged_by WHERE t.id = ?",
                          {id}));
  if (rows.empty()) return core::NotFound("预警不存在 (alert not found): " + std::to_string(id));
  const Row& r = rows[0];
  LeadAlert a;
  a.id = r.Int(0);
  a.kind = r.Text(1);
  a.lead_id = r.Int(2);
  a.region_code = r.Text(3);
  a.regions = internal::Split(r.Text(4), '|');
  a.cluster_size = r.Int(5);
  a.created_at = core::Timestamp{r.Int(6)};
  if (auto t = r.OptInt(7)) a.acknowledged_at = core::Timestamp{*t};
  a.acknowledged_by = r.OptText(8).value_or("");
  a.ack_note = r.Text(9);
  return a;
}

}  // namespace

// ---- What approvals show (used by GetLead / GetLeadLinks) ----

namespace leads_internal {

core::Result<std::map<int64_t, core::Timestamp>> GrantedLeads(storage::Tx& tx,
                                                              const Principal& who,
                                                              core::Timestamp now) {
  std::map<int64_t, core::Timestamp> out;
  if (who.is_system()) return out;
  IPE_ASSIGN_OR_RETURN(
      auto rows, tx.Query("SELECT g.lead_id, r.expires_at FROM lead_access_grants g "
                          "JOIN lead_access_requests r ON r.id = g.request_id "
                          "WHERE r.requester_id = ? AND r.status = 'approved' AND "
                          "r.expires_at > ?",
                          {who.user_id, now.seconds}));
  for (const Row& r : rows) {
    core::Timestamp until{r.Int(1)};
    auto [it, fresh] = out.emplace(r.Int(0), until);
    if (!fresh && it->second.seconds < until.seconds) it->second = until;
  }
  return out;
}

core::Result<std::map<int64_t, RequestState>> LatestRequests(storage::Tx& tx, const Principal& who,
                                                             int64_t lead_id, core::Timestamp now) {
  std::map<int64_t, RequestState> out;
  if (who.is_system()) return out;
  IPE_ASSIGN_OR_RETURN(auto rows,
                       tx.Query("SELECT id, target_agency_id, status, expires_at FROM "
                                "lead_access_requests WHERE lead_id = ? AND requester_id = ? "
                                "ORDER BY id",
                                {lead_id, who.user_id}));
  for (const Row& r : rows) {
    out[r.Int(1)] = {r.Int(0), EffectiveStatus(r.Text(2), r.OptInt(3), now)};
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
  core::Timestamp now = ctx.Now();
  std::string where = " WHERE 1 = 1";
  Params params;
  bool incoming = f.box == "incoming";
  if (incoming) {
    IPE_RETURN_IF_ERROR(RequireAnyRole(who, {Role::kOfficer, Role::kAgencyHead, Role::kOffice},
                                       "审批查看申请"));
    if (!who.is_system()) {
      std::vector<std::string> mine;
      if (who.Has(Role::kOfficer) || who.Has(Role::kAgencyHead)) {
        mine.push_back("r.target_agency_id = ?");
        params.emplace_back(who.agency_id);
      }
      if (who.Has(Role::kOffice)) {
        mine.push_back("r.target_agency_id = 0 OR EXISTS (SELECT 1 FROM agencies a2 WHERE "
                       "a2.id = r.target_agency_id AND " +
                       internal::RegionSubtreeSql("a2.region_code", who.region_code, params) +
                       ")");
      }
      std::string any;
      for (const std::string& m : mine) any += (any.empty() ? "(" : " OR (") + m + ")";
      where += " AND (" + any + ")";
    }
  } else {
    IPE_RETURN_IF_ERROR(leads_internal::RequireWriter(who, "查看我的申请"));
    where += " AND r.requester_id = ?";
    params.emplace_back(who.user_id);
  }
  if (f.status && !f.status->empty()) where += " AND " + StatusSql(*f.status, now, params);

  IPE_ASSIGN_OR_RETURN(CorrelationService * svc, Correlation(ctx));
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  IPE_ASSIGN_OR_RETURN(auto count,
                       tx->Query(std::string("SELECT count(*)") + kRequestFrom + where, params));
  params.emplace_back(page.page_size);
  params.emplace_back(page.offset());
  IPE_ASSIGN_OR_RETURN(auto rows, tx->Query(std::string("SELECT ") + kRequestColumns +
                                                kRequestFrom + where +
                                                " ORDER BY r.id DESC LIMIT ? OFFSET ?",
                                            params));
  Page<AccessRequest> out;
  out.total = count[0].Int(0);
  out.page = page.page;
  out.page_size = page.page_size;
  for (const Row& r : rows) {
    AccessRequest a = RequestFromRow(r, now);
    if (incoming) {
      // The decider's own leads that match: what an approval would share.
      std::vector<int64_t> ids;
      for (const Holding& h : HoldingRecords(*svc, a.lead_id, a.target_agency_id)) {
        if (CanSeeRecord(who, a.target_agency_id, h.region)) ids.push_back(h.lead_id);
      }
      IPE_ASSIGN_OR_RETURN(a.records, LinkedOf(*tx, ids, std::nullopt));
    } else if (a.status == "approved") {
      IPE_ASSIGN_OR_RETURN(auto granted, tx->Query("SELECT lead_id FROM lead_access_grants "
                                                   "WHERE request_id = ? ORDER BY lead_id",
                                                   {a.id}));
      std::vector<int64_t> ids;
      for (const Row& g : granted) ids.push_back(g.Int(0));
      IPE_ASSIGN_OR_RETURN(a.records, LinkedOf(*tx, ids, a.expires_at));
    }
    out.items.push_back(std::move(a));
  }
  return out;
}

core::Result<AccessRequest> DecideAccessRequest(Context& ctx, const Principal& who,
                                                int64_t request_id, bool approve,
                                                const std::string& reason_in, int days) {
  IPE_RETURN_IF_ERROR(RequireAnyRole(who, {Role::kOfficer, Role::kAgencyHead, Role::kOffice},
                                     "审批查看申请"));
  std::string reason = internal::Trim(reason_in);
  if (!approve && reason.empty()) return ReasonError("reason", "不同意须说明理由");
  if (reason.size() > 2000) return ReasonError("reason", "理由过长");
  if (approve && (days < 1 || days > kMaxGrantDays)) {
    return ReasonError("days", "授权天数应在 1 到 " + std::to_string(kMaxGrantDays) + " 之间");
  }
  IPE_ASSIGN_OR_RETURN(CorrelationService * svc, Correlation(ctx));
  core::Timestamp now = ctx.Now();
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  bool pg = tx->dialect() == storage::Dialect::kPostgres;
  IPE_ASSIGN_OR_RETURN(auto rows,
                       tx->Query(std::string("SELECT ") + kRequestColumns + kRequestFrom +
                                     " WHERE r.id = ?" + (pg ? " FOR UPDATE OF r" : ""),
                                 {request_id}));
  auto not_found = core::NotFound("申请不存在或无权审批 (request not found): " +
                                  std::to_string(request_id));
  if (rows.empty()) return not_found;
  AccessRequest req = RequestFromRow(rows[0], now);
  std::string target_region;
  if (req.target_agency_id != 0) {
    IPE_ASSIGN_OR_RETURN(auto ag, tx->Query("SELECT region_code FROM agencies WHERE id = ?",
                                            {req.target_agency_id}));
    if (!ag.empty()) target_region = ag[0].Text(0);
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
  IPE_RETURN_IF_ERROR(tx->Exec("UPDATE lead_access_requests SET status = ?, decided_by = ?, "
                               "decided_at = ?, decision_reason = ?, expires_at = ? WHERE id = ?",
                               {req.status, who.is_system() ? Value() : Value(who.user_id),
                                now.seconds, reason,
                                req.expires_at ? Value(req.expires_at->seconds) : Value(),
                                request_id})
                          .status());
  if (approve) {
    for (int64_t id : grant_ids) {
      IPE_RETURN_IF_ERROR(tx->Exec("INSERT INTO lead_access_grants (request_id, lead_id) VALUES "
                                   "(?, ?)",
                                   {request_id, id})
                              .status());
    }
    IPE_ASSIGN_OR_RETURN(req.records, LinkedOf(*tx, grant_ids, req.expires_at));
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
  IPE_RETURN_IF_ERROR(AppendAudit(
      *tx, who, now,
      {approve ? "lead.access_approve" : "lead.access_refuse", "lead_access_request",
       std::to_string(request_id),
       std::string(approve ? "同意" : "不同意") + " " + req.requester_agency_name + " " +
           req.requester_name + " 查看匹配记录的申请" +
           (approve ? "（" + std::to_string(grant_ids.size()) + " 条，" +
                          std::to_string(days) + " 天）"
                    : ""),
       nlohmann::json{{"status", "pending"}}.dump(), after.dump()}));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return req;
}

// ---- 跨区域预警: 处理 ----

core::Result<LeadAlert> AcknowledgeLeadAlert(Context& ctx, const Principal& who, int64_t alert_id,
                                             const std::string& note_in) {
  IPE_RETURN_IF_ERROR(RequireAnyRole(who, {Role::kOffice}, "处理串并预警"));
  std::string note = internal::Trim(note_in);
  if (note.empty()) return ReasonError("note", "请填写处理意见");
  if (note.size() > 2000) return ReasonError("note", "处理意见过长");
  core::Timestamp now = ctx.Now();
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  auto alert = LoadAlert(*tx, alert_id);
  if (!alert && alert.error().code() != core::StatusCode::kNotFound) return alert.error();
  if (!alert || (!who.is_system() && !RegionWithin(who.region_code, alert->region_code))) {
    return core::NotFound("预警不存在或不在管辖范围 (alert not found): " +
                          std::to_string(alert_id));
  }
  if (alert->acknowledged_at) {
    return core::FailedPrecondition("预警已处理 (already acknowledged)");
  }
  IPE_RETURN_IF_ERROR(tx->Exec("UPDATE lead_alerts SET acknowledged_at = ?, acknowledged_by = ?, "
                               "ack_note = ? WHERE id = ? AND acknowledged_at IS NULL",
                               {now.seconds, who.is_system() ? Value() : Value(who.user_id), note,
                                alert_id})
                          .status());
  nlohmann::json after = {{"acknowledged_at", now.ToString()}, {"note", note}};
  IPE_RETURN_IF_ERROR(AppendAudit(*tx, who, now,
                                  {"lead.alert_ack", "lead_alert", std::to_string(alert_id),
                                   "处理跨区域串并预警：" + note, std::nullopt, after.dump()}));
  IPE_ASSIGN_OR_RETURN(LeadAlert done, LoadAlert(*tx, alert_id));
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
  IPE_RETURN_IF_ERROR(RequireAnyRole(who, {Role::kOffice, Role::kAgencyHead}, "改派线索"));
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
  if (before.status != "new" && before.status != "accepted") {
    return core::FailedPrecondition("线索当前状态不能改派: " + before.status);
  }
  IPE_ASSIGN_OR_RETURN(auto ag, tx->Query("SELECT name, region_code, active FROM agencies WHERE "
                                          "id = ?",
                                          {agency_id}));
  if (ag.empty() || ag[0].Int(2) == 0) return ReasonError("agency_id", "机构不存在或已停用");
  if (before.agency_id == agency_id) return ReasonError("agency_id", "线索已由该机构承办");
  if (!RegionWithin(ag[0].Text(1), before.region_code)) {
    return ReasonError("agency_id", "该机构的管辖区域不包含线索发生地");
  }
  Lead after = before;
  after.agency_id = agency_id;
  after.agency_name = ag[0].Text(0);
  after.status = "new";  // the new agency screens it
  after.status_reason = reason;
  after.updated_at = now;
  IPE_RETURN_IF_ERROR(tx->Exec("UPDATE leads SET agency_id = ?, status = 'new', status_reason = ?, "
                               "updated_at = ? WHERE id = ?",
                               {agency_id, reason, now.seconds, lead_id})
                          .status());
  nlohmann::json after_json = nlohmann::json::parse(leads_internal::AuditJson(after));
  after_json["reason"] = reason;
  IPE_RETURN_IF_ERROR(AppendAudit(*tx, who, now,
                                  {"lead.reassign", "lead", std::to_string(lead_id),
                                   "改派线索 " + before.title + " → " + after.agency_name,
                                   leads_internal::AuditJson(before), after_json.dump()}));
  IPE_ASSIGN_OR_RETURN(after.observables, leads_internal::Observables(*tx, lead_id));
  IPE_RETURN_IF_ERROR(tx->Commit());
  // Index records carry their agency and the index is append-only: rebuild (as after a merge).
  if (auto svc = Correlation(ctx); svc) (void)(*svc)->Rebuild(ctx.db());
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
  IPE_RETURN_IF_ERROR(
      RequireAnyRole(who, {Role::kOfficer, Role::kAgencyHead}, "将线索转为案件"));
  if (internal::Trim(input.case_number).empty()) {
    return ReasonError("case_number", "请填写案件编号");
  }
  core::Timestamp now = ctx.Now();
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  // Locked first (FOR UPDATE on PostgreSQL; SQLite write transactions are serial), so a second
  // conversion waits and then sees `converted`.
  IPE_ASSIGN_OR_RETURN(Lead before, leads_internal::LoadVisible(*tx, who, lead_id, true));
  if (before.status == "converted") {
    return core::FailedPrecondition("线索已转为案件 #" +
                                    std::to_string(before.case_id.value_or(0)) +
                                    " (already converted)");
  }
  if (before.status != "accepted") {
    return core::FailedPrecondition("只有已采用的线索可以转为案件，当前状态: " + before.status);
  }
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
  after.status = "converted";
  after.case_id = created.id;
  after.updated_at = now;
  IPE_RETURN_IF_ERROR(AppendAudit(*tx, who, now,
                                  {"lead.convert", "lead", std::to_string(lead_id),
                                   "线索转为案件 " + created.input.case_number,
                                   leads_internal::AuditJson(before),
                                   leads_internal::AuditJson(after)}));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return ConvertLeadResult{std::move(after), created.id, created.input.case_number};
}

}  // namespace ipe::app
