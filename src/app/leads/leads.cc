// Leads (线索): intake, screening, merging, conversion, linked records and clusters.
#include "app/leads/leads.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "app/accounts/audit.h"
#include "app/complaints/complaints.h"
#include "app/events/events.h"
#include "app/internal/text.h"
#include "app/leads/correlation_service.h"
#include "app/leads/lead_store.h"
#include "app/leads/leads_internal.h"
#include "app/permissions.h"
#include "core/csv.h"
#include "core/region.h"
#include "link/observable.h"

namespace ipe::app {
namespace {

// The follower's fallback poll when an announcement is lost (and SQLite's only wake-up): the
// feed's promise is "every server within a second".
constexpr int kFeedPollMs = 500;

using KeyPair = std::pair<std::string, std::string>;

constexpr const char* kUnassignedName = kUnassignedAgencyName;

// Which agency kinds serve a category, most specific first (an empty list: the office assigns).
struct CategoryKinds {
  const char* category;
  std::vector<const char*> kinds;
};
const std::vector<CategoryKinds>& CategoryTable() {
  static const std::vector<CategoryKinds> kTable = {
      {"trademark", {"market_regulation"}},                    // 商标侵权
      {"patent", {"ip_office", "market_regulation"}},          // 专利侵权
      {"copyright", {"copyright"}},                            // 著作权侵权
      {"geographic_indication", {"market_regulation", "ip_office"}},  // 地理标志
      {"plant_variety", {"agriculture", "forestry"}},          // 植物新品种
      {"trade_secret", {"market_regulation"}},                 // 商业秘密
      {"counterfeit_goods", {"market_regulation"}},            // 假冒伪劣商品
      {"import_export", {"customs"}},                          // 进出口侵权
      {"other", {}},
  };
  return kTable;
}

bool Contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

bool IsSupervisory(const Principal& p) {
  return p.Has(Role::kOffice) || p.Has(Role::kProsecutor) || p.Has(Role::kAuditor) ||
         p.Has(Role::kAdmin);
}

core::Status RequireLeadWriter(const Principal& who, std::string_view action_zh) {
  return RequireCapability(who, Capability::kLeadWrite, action_zh);
}

bool CanSee(const Principal& who, const Lead& l) {
  return CanSeeRecord(who, l.agency_id.value_or(0), l.region_code);
}

core::Result<std::optional<Lead>> FindLead(storage::Tx& tx, int64_t id, bool for_update) {
  return LeadStore(tx).Find(id, for_update);
}

core::Status NotFoundLead(int64_t id) {
  return core::NotFound("线索不存在或无权查看 (lead not found): " + std::to_string(id));
}

// Loads a lead the caller may see; NotFound for unknown and invisible alike.
core::Result<Lead> LoadVisibleLead(storage::Tx& tx, const Principal& who, int64_t id,
                                   bool for_update = false) {
  IPE_ASSIGN_OR_RETURN(auto found, FindLead(tx, id, for_update));
  if (!found || !CanSee(who, *found)) return NotFoundLead(id);
  return std::move(*found);
}

core::Result<std::vector<LeadObservable>> LoadObservables(storage::Tx& tx, int64_t lead_id) {
  return LeadStore(tx).Observables(lead_id);
}

std::string LeadJson(const Lead& l) {
  nlohmann::json obs = nlohmann::json::array();
  for (const auto& o : l.observables) obs.push_back({{"type", o.type}, {"value", o.value}});
  nlohmann::json j = {{"id", l.id},
                      {"source", l.source},
                      {"source_ref", l.source_ref ? nlohmann::json(*l.source_ref) : nullptr},
                      {"agency_id", l.agency_id ? nlohmann::json(*l.agency_id) : nullptr},
                      {"region_code", l.region_code},
                      {"category", l.category},
                      {"title", l.title},
                      {"status", l.status},
                      {"status_reason", l.status_reason},
                      {"case_id", l.case_id ? nlohmann::json(*l.case_id) : nullptr},
                      {"observables", obs}};
  return j.dump();
}

// Normalises the observables; malformed ones become field errors "<prefix>[i]".
void NormaliseObservables(std::vector<LeadObservable>& obs, const std::string& field_prefix,
                          core::Status& st, bool& bad) {
  const link::Normaliser& normaliser = LeadNormaliser();
  for (size_t i = 0; i < obs.size(); ++i) {
    LeadObservable& o = obs[i];
    std::string field = field_prefix + "[" + std::to_string(i) + "]";
    o.value = internal::Trim(o.value);
    auto type = link::ParseObservableType(o.type);
    if (!type) {
      st.AddFieldError(field, "要素类型无效: " + o.type);
      bad = true;
      continue;
    }
    o.type = link::ObservableTypeName(*type);
    if (o.value.empty() || o.value.size() > 500) {
      st.AddFieldError(field, o.value.empty() ? "要素值不能为空" : "要素值过长");
      bad = true;
      continue;
    }
    link::Normalised n = normaliser.Normalise({*type, o.value});
    switch (n.verdict) {
      case link::Verdict::kKey:
        o.verdict = "key";
        o.key_type = link::KeyTypeName(n.key.type);
        o.key_value = n.key.value;
        o.note.clear();
        break;
      case link::Verdict::kJunk:
        o.verdict = "junk";
        o.key_type.clear();
        o.key_value.clear();
        o.note = n.reason;
        break;
      case link::Verdict::kInvalid:
        st.AddFieldError(field, "格式有误: " + n.reason);
        bad = true;
        break;
    }
  }
}

// Validates and normalises a new lead in place; field names get `prefix` ("" or "rows[3].").
void ValidateNewLead(NewLead& in, const std::string& prefix, core::Status& st, bool& bad) {
  auto add = [&](const std::string& field, const std::string& msg) {
    st.AddFieldError(prefix + field, msg);
    bad = true;
  };
  in.title = internal::Trim(in.title);
  in.description = internal::Trim(in.description);
  in.source_ref = internal::Trim(in.source_ref);
  in.region_code = internal::Trim(in.region_code);
  if (!Contains(LeadSources(), in.source)) add("source", "线索来源无效");
  if (in.source_ref.size() > 200) add("source_ref", "来源编号过长");
  if (in.title.empty()) add("title", "线索标题不能为空");
  if (in.title.size() > 300) add("title", "线索标题过长");
  if (in.description.size() > 20000) add("description", "线索描述过长");
  if (!internal::IsRegionCode(in.region_code) || !core::Regions().Find(in.region_code) ||
      in.region_code == kNationalRegion) {
    add("region_code", "行政区划代码无效 (应为具体的省、市或县级代码)");
  }
  if (!Contains(LeadCategories(), in.category)) add("category", "线索类别无效");
  if (in.observables.size() > 100) add("observables", "要素过多 (最多 100 个)");
  NormaliseObservables(in.observables, prefix + "observables", st, bad);
}

// Region codes to search for an agency: the region, then its prefecture and province.
std::vector<std::string> AgencySearchRegions(const std::string& region) {
  std::vector<std::string> out = {region};
  std::string prefecture = core::PrefectureCodeOf(region);
  std::string province = core::ProvinceCodeOf(region);
  if (prefecture != region && prefecture != province) out.push_back(prefecture);
  if (province != region) out.push_back(province);
  return out;
}

core::Result<std::optional<int64_t>> PickAgency(storage::Tx& tx, const std::string& region,
                                                const std::string& category) {
  std::vector<const char*> kinds;
  for (const auto& c : CategoryTable()) {
    if (category == c.category) kinds = c.kinds;
  }
  if (kinds.empty()) return std::optional<int64_t>();
  std::vector<std::string> regions = AgencySearchRegions(region);
  IPE_ASSIGN_OR_RETURN(auto rows, LeadStore(tx).AgencyCandidates(regions, kinds));
  for (const std::string& r : regions) {
    for (const char* kind : kinds) {
      for (const AgencyCandidate& a : rows) {
        if (a.region_code == r && a.kind == kind) return std::optional<int64_t>(a.id);
      }
    }
  }
  return std::optional<int64_t>();
}

core::Result<std::optional<int64_t>> FindBySourceRef(storage::Tx& tx, const std::string& source,
                                                     const std::string& source_ref) {
  return LeadStore(tx).IdBySourceRef(source, source_ref);
}

// Inserts a validated lead (agency resolved) and its observables; returns the stored lead.
core::Result<Lead> InsertLead(storage::Tx& tx, const Principal& who, core::Timestamp now,
                              const NewLead& in, std::optional<int64_t> agency_id) {
  LeadStore store(tx);
  NewLeadRow row;
  row.input = &in;
  row.agency_id = agency_id;
  if (!who.is_system()) row.created_by = who.user_id;
  row.now = now;
  IPE_ASSIGN_OR_RETURN(int64_t id, store.Insert(row));
  IPE_ASSIGN_OR_RETURN(auto stored, store.Find(id, false));
  stored->observables = in.observables;
  return std::move(*stored);
}

// The smallest region covering all `regions` (GB/T 2260 by code structure).
std::string CoveringRegion(const std::vector<std::string>& regions) {
  return core::CommonAncestorCode(regions);
}

// Raises the alert of the cluster `cluster_key` (once across every server: the key is unique).
core::Status RaiseCrossRegionAlert(Context& ctx, CorrelationService& svc, int64_t lead_id,
                                   const std::string& cluster_key) {
  IPE_ASSIGN_OR_RETURN(auto cluster, svc.ClusterOf(LeadRecordId(lead_id), link::Scope::Everything()));
  std::vector<std::string> agencies;
  for (const auto& r : cluster.records) {
    if (!Contains(agencies, r.agency)) agencies.push_back(r.agency);
  }
  std::sort(agencies.begin(), agencies.end());
  std::string covering = CoveringRegion(cluster.regions);
  core::Timestamp now = ctx.Now();
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  IPE_ASSIGN_OR_RETURN(auto alert_id,
                       LeadStore(*tx).InsertAlert(lead_id, cluster_key, covering, cluster.regions,
                                                  agencies,
                                                  static_cast<int64_t>(cluster.records.size()),
                                                  now));
  if (!alert_id) return core::Status::Ok();  // another server raised it
  nlohmann::json after = {{"lead_id", lead_id},
                          {"region_code", covering},
                          {"regions", cluster.regions},
                          {"cluster_size", cluster.records.size()}};
  IPE_RETURN_IF_ERROR(AppendAudit(
      *tx, Principal::System(), now,
      {"lead.alert", "lead_alert", std::to_string(*alert_id),
       "跨区域线索串并预警 (" + std::to_string(cluster.regions.size()) + " 个地区)", std::nullopt,
       after.dump()}));
  // For the coordinating offices of the covering region (no owning agency: agency 0).
  after["alert_id"] = *alert_id;
  IPE_RETURN_IF_ERROR(AppendEvent(*tx, now,
                                  {"lead.cross_region_cluster", "lead-alerts/" + std::to_string(*alert_id),
                                   0, covering, std::nullopt, after.dump()}));
  return tx->Commit();
}

void RaiseEvent(Context& ctx, CorrelationService& svc, const CrossRegionEvent& e) {
  // An alert lost here (database down) is re-raised by the reconciliation at next start.
  (void)RaiseCrossRegionAlert(ctx, svc, e.lead_id, e.cluster_key);
}

// Brings this server's index up to the lead feed after a committed write (so that the writer
// reads its own write at once; other servers follow through their follower thread) and raises
// the alerts of clusters that came to span regions. The write is stored whatever happens here:
// a failure leaves the changes to the next catch-up.
void FollowFeed(Context& ctx) {
  auto svc = Correlation(ctx);
  if (!svc) return;  // the next use rebuilds from the store, which holds the write
  auto events = (*svc)->CatchUp(ctx.db());
  if (!events) return;
  for (const CrossRegionEvent& e : *events) RaiseEvent(ctx, **svc, e);
}

// Names for agency ids given as index text ("0" = unassigned).
core::Result<std::map<int64_t, std::string>> AgencyNames(storage::Tx& tx,
                                                         const std::set<int64_t>& ids) {
  IPE_ASSIGN_OR_RETURN(auto out, LeadStore(tx).AgencyNames(ids));
  if (ids.count(0)) out[0] = kUnassignedName;
  return out;
}

int64_t ParseId(const std::string& text) {
  try {
    return std::stoll(text);
  } catch (const std::exception&) {
    return 0;
  }
}

core::Result<std::map<int64_t, Lead>> LeadsById(storage::Tx& tx, const std::vector<int64_t>& ids) {
  return LeadStore(tx).LoadMany(ids);
}

std::vector<KeyPair> KeyPairs(const std::vector<link::Key>& keys) {
  std::vector<KeyPair> out;
  for (const link::Key& k : keys) out.emplace_back(link::KeyTypeName(k.type), k.value);
  return out;
}

core::Result<std::vector<HiddenMatch>> Hidden(storage::Tx& tx,
                                              const std::vector<link::BeyondScope>& beyond) {
  std::set<int64_t> ids;
  for (const auto& b : beyond) ids.insert(ParseId(b.agency));
  IPE_ASSIGN_OR_RETURN(auto names, AgencyNames(tx, ids));
  std::vector<HiddenMatch> out;
  for (int64_t id : ids) out.push_back({id, names.count(id) ? names[id] : "", "", 0});
  return out;
}

LeadCluster MakeCluster(const link::ScopedCluster& c, const std::map<int64_t, Lead>& leads,
                        const std::map<int64_t, std::string>& agency_names) {
  LeadCluster out;
  for (const auto& r : c.records) {
    ClusterNode n;
    n.lead_id = LeadIdOfRecord(r.id);
    auto it = leads.find(n.lead_id);
    if (it != leads.end()) {
      n.title = it->second.title;
      n.status = it->second.status;
      n.agency_id = it->second.agency_id;
      n.agency_name = it->second.agency_name;
    }
    n.region_code = r.region;
    n.keys = KeyPairs(r.keys);
    out.leads.push_back(std::move(n));
  }
  std::sort(out.leads.begin(), out.leads.end(),
            [](const ClusterNode& a, const ClusterNode& b) { return a.lead_id < b.lead_id; });
  out.handle = out.leads.empty() ? 0 : out.leads.front().lead_id;
  out.keys = KeyPairs(c.keys);
  std::set<int64_t> hidden;
  for (const auto& b : c.beyond_scope) hidden.insert(ParseId(b.agency));
  for (int64_t id : hidden) {
    auto name = agency_names.find(id);
    out.beyond_scope.push_back({id, name != agency_names.end() ? name->second : "", "", 0});
  }
  out.regions = c.regions;
  out.cross_region = c.cross_region;
  return out;
}

// The clusters as shown: titles, statuses and agencies of every visible lead and the names of
// every hidden agency of all `clusters` loaded in one query each (a page, not one per cluster).
core::Result<std::vector<LeadCluster>> MakeClusters(
    storage::Tx& tx, const std::vector<const link::ScopedCluster*>& clusters) {
  std::vector<int64_t> ids;
  std::set<int64_t> hidden_agencies;
  for (const link::ScopedCluster* c : clusters) {
    for (const auto& r : c->records) ids.push_back(LeadIdOfRecord(r.id));
    for (const auto& b : c->beyond_scope) hidden_agencies.insert(ParseId(b.agency));
  }
  IPE_ASSIGN_OR_RETURN(auto leads, LeadsById(tx, ids));
  IPE_ASSIGN_OR_RETURN(auto names, AgencyNames(tx, hidden_agencies));
  std::vector<LeadCluster> out;
  for (const link::ScopedCluster* c : clusters) {
    out.push_back(MakeCluster(*c, leads, names));
  }
  return out;
}

}  // namespace

namespace leads_internal {

void FollowFeed(Context& ctx) { ::ipe::app::FollowFeed(ctx); }

core::Result<Lead> LoadVisible(storage::Tx& tx, const Principal& who, int64_t id,
                               bool for_update) {
  return LoadVisibleLead(tx, who, id, for_update);
}
core::Result<std::optional<Lead>> FindById(storage::Tx& tx, int64_t id, bool for_update) {
  return FindLead(tx, id, for_update);
}
core::Result<std::vector<LeadObservable>> Observables(storage::Tx& tx, int64_t lead_id) {
  return LoadObservables(tx, lead_id);
}
std::string AuditJson(const Lead& l) { return LeadJson(l); }
core::Status RequireWriter(const Principal& who, std::string_view action_zh) {
  return RequireLeadWriter(who, action_zh);
}
core::Status LeadNotFound(int64_t id) { return NotFoundLead(id); }
core::Result<std::map<int64_t, std::string>> NamesOfAgencies(storage::Tx& tx,
                                                            const std::set<int64_t>& ids) {
  return AgencyNames(tx, ids);
}
core::Result<std::map<int64_t, Lead>> LeadsWithIds(storage::Tx& tx,
                                                   const std::vector<int64_t>& ids) {
  return LeadsById(tx, ids);
}
std::vector<std::pair<std::string, std::string>> ToKeyPairs(const std::vector<link::Key>& keys) {
  return KeyPairs(keys);
}
bool IsSupervisoryRole(const Principal& who) { return IsSupervisory(who); }

core::Result<rules::LeadStatus> StatusOf(const Lead& lead) {
  std::optional<rules::LeadStatus> s = rules::ParseLeadStatus(lead.status);
  if (!s) return core::Internal("线索状态未知 (unknown lead status): " + lead.status);
  return *s;
}

core::Result<std::string> NextStatus(const Lead& lead, rules::LeadAction action) {
  IPE_ASSIGN_OR_RETURN(rules::LeadStatus from, StatusOf(lead));
  IPE_ASSIGN_OR_RETURN(rules::LeadStatus to, rules::NextLeadStatus(from, action));
  return std::string(rules::LeadStatusName(to));
}

}  // namespace leads_internal

const std::vector<std::string>& LeadSources() {
  static const std::vector<std::string> kSources = {"manual", "csv", "api", "monitoring",
                                                    "complaint"};
  return kSources;
}

const std::vector<std::string>& LeadCategories() {
  static const std::vector<std::string> kCategories = [] {
    std::vector<std::string> out;
    for (const auto& c : CategoryTable()) out.emplace_back(c.category);
    return out;
  }();
  return kCategories;
}

namespace {

// Naming the agency when a lead is filed (form, API or CSV) is an assignment, under the rules of
// 改派 (ReassignLead): an active agency whose jurisdiction holds the lead's place, and another
// agency than the caller's own only by the leading group's office — else an officer could file a
// lead that neither the officer nor the named agency's region could see. Empty when allowed.
std::optional<std::string> NamedAgencyProblem(const Principal& who, int64_t agency_id,
                                              const std::optional<AgencyRecord>& ag,
                                              const std::string& lead_region) {
  if (!ag || !ag->active) return "机构不存在或已停用";
  if (!RegionWithin(ag->region_code, lead_region)) return "该机构的管辖区域不包含线索发生地";
  const bool office = who.is_system() || who.Has(Role::kOffice);
  if (!office && agency_id != who.agency_id) {
    return "只能由本机构承办；指派其他机构请由领导小组办公室改派";
  }
  return std::nullopt;
}

}  // namespace

namespace {

// Validates `input` for `who` (capability, fields, region) into `in`.
core::Status ValidateForCaller(const Principal& who, const NewLead& input, NewLead& in) {
  IPE_RETURN_IF_ERROR(RequireLeadWriter(who, "提交线索"));
  in = input;
  core::Status st = core::InvalidArgument("线索信息有误 (invalid lead)");
  bool bad = false;
  ValidateNewLead(in, "", st, bad);
  if (bad) return st;
  return RequireRegion(who, in.region_code);
}

// Resolves the agency of a validated lead, inserts it and appends "lead.create". AlreadyExists
// when (source, source_ref) is taken.
core::Result<Lead> StoreNewLead(storage::Tx& tx, const Principal& who, core::Timestamp now,
                                const NewLead& in) {
  std::optional<int64_t> agency_id = in.agency_id;
  if (agency_id) {
    IPE_ASSIGN_OR_RETURN(auto ag, LeadStore(tx).Agency(*agency_id));
    if (auto why = NamedAgencyProblem(who, *agency_id, ag, in.region_code)) {
      return core::Status(core::InvalidArgument("承办机构不符合要求 (agency not allowed)"))
          .AddFieldError("agency_id", *why);
    }
  } else {
    IPE_ASSIGN_OR_RETURN(agency_id, PickAgency(tx, in.region_code, in.category));
  }
  IPE_ASSIGN_OR_RETURN(Lead lead, InsertLead(tx, who, now, in, agency_id));
  IPE_RETURN_IF_ERROR(LeadStore(tx).AppendChanges({lead.id}, LeadChangeKind::kAdd, now));
  IPE_RETURN_IF_ERROR(AppendAudit(tx, who, now,
                                  {"lead.create", "lead", std::to_string(lead.id),
                                   "新建线索 " + lead.title, std::nullopt, LeadJson(lead),
                                   AuditScopeOf(lead.region_code, lead.agency_id)}));
  return lead;
}

}  // namespace

core::Result<Lead> AddLeadInTx(storage::Tx& tx, const Principal& who, core::Timestamp now,
                               const NewLead& input) {
  NewLead in;
  IPE_RETURN_IF_ERROR(ValidateForCaller(who, input, in));
  IPE_ASSIGN_OR_RETURN(auto dup, FindBySourceRef(tx, in.source, in.source_ref));
  if (dup) return core::AlreadyExists("该来源编号的线索已存在 (lead with this source reference exists)");
  return StoreNewLead(tx, who, now, in);
}

void IndexNewLeads(Context& ctx, const std::vector<Lead>&) { FollowFeed(ctx); }

core::Result<AddLeadResult> AddLead(Context& ctx, const Principal& who, const NewLead& input) {
  NewLead in;
  IPE_RETURN_IF_ERROR(ValidateForCaller(who, input, in));
  core::Timestamp now = ctx.Now();

  auto existing_result = [&](int64_t id) -> core::Result<AddLeadResult> {
    IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
    IPE_ASSIGN_OR_RETURN(auto found, FindLead(*tx, id, false));
    if (!found) return NotFoundLead(id);
    if (!CanSee(who, *found)) {
      return core::AlreadyExists("该来源编号的线索已存在 (lead with this source reference exists)");
    }
    IPE_ASSIGN_OR_RETURN(found->observables, LoadObservables(*tx, id));
    return AddLeadResult{std::move(*found), false};
  };

  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  IPE_ASSIGN_OR_RETURN(auto dup, FindBySourceRef(*tx, in.source, in.source_ref));
  if (dup) {
    tx.reset();
    return existing_result(*dup);
  }
  auto stored = StoreNewLead(*tx, who, now, in);
  if (!stored) {
    if (stored.error().code() == core::StatusCode::kAlreadyExists) {
      // A concurrent submission of the same (source, source_ref) won the race.
      tx.reset();
      IPE_ASSIGN_OR_RETURN(auto tx2, ctx.db().Begin(storage::TxMode::kRead));
      IPE_ASSIGN_OR_RETURN(auto winner, FindBySourceRef(*tx2, in.source, in.source_ref));
      tx2.reset();
      if (winner) return existing_result(*winner);
    }
    return stored.error();
  }
  Lead lead = std::move(*stored);
  IPE_RETURN_IF_ERROR(tx->Commit());
  FollowFeed(ctx);
  return AddLeadResult{std::move(lead), true};
}

core::Result<Page<Lead>> ListLeads(Context& ctx, const Principal& who, const LeadFilter& f,
                                   const PageRequest& page) {
  IPE_RETURN_IF_ERROR(page.Validate());
  LeadQuery query;
  query.filter = f;
  if (!who.is_system()) {
    query.scope_region = who.region_code;
    if (!IsSupervisory(who)) query.scope_agency = who.agency_id;
  }
  if (f.region && !f.region->empty() && !internal::IsRegionCode(*f.region)) {
    return core::Status(core::InvalidArgument("行政区划代码有误"))
        .AddFieldError("region", "行政区划代码应为 6 位数字");
  }
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  return LeadStore(*tx).List(query, page);
}

core::Result<Lead> GetLead(Context& ctx, const Principal& who, int64_t id) {
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  IPE_ASSIGN_OR_RETURN(auto found, FindLead(*tx, id, false));
  if (!found) return NotFoundLead(id);
  Lead lead = std::move(*found);
  if (!CanSee(who, lead)) {
    // Beyond scope: only through an approved, unexpired access request (申请查看), read-only.
    IPE_ASSIGN_OR_RETURN(auto granted, leads_internal::GrantedLeads(*tx, who, ctx.Now()));
    auto it = granted.find(id);
    if (it == granted.end()) return NotFoundLead(id);
    lead.granted_until = it->second;
  }
  IPE_ASSIGN_OR_RETURN(lead.observables, LoadObservables(*tx, id));
  return lead;
}

core::Result<LeadLinks> GetLeadLinks(Context& ctx, const Principal& who, int64_t id) {
  IPE_ASSIGN_OR_RETURN(CorrelationService * svc, Correlation(ctx));
  auto links = svc->Linked(LeadRecordId(id), ScopeFor(who));
  if (!links) return NotFoundLead(id);
  LeadLinks out;
  std::vector<int64_t> ids;
  for (const auto& r : links->records) ids.push_back(LeadIdOfRecord(r.id));
  for (const auto& r : links->similar) ids.push_back(LeadIdOfRecord(r.id));
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  IPE_ASSIGN_OR_RETURN(auto leads, LeadsById(*tx, ids));
  auto to_linked = [&](const link::VisibleRecord& r) {
    LinkedLead l;
    l.id = LeadIdOfRecord(r.id);
    l.region_code = r.region;
    l.keys = KeyPairs(r.keys);
    if (auto it = leads.find(l.id); it != leads.end()) {
      l.title = it->second.title;
      l.status = it->second.status;
      l.agency_id = it->second.agency_id;
      l.agency_name = it->second.agency_name;
    }
    return l;
  };
  for (const auto& r : links->records) out.linked.push_back(to_linked(r));
  for (const auto& r : links->similar) out.similar.push_back(to_linked(r));
  IPE_ASSIGN_OR_RETURN(out.beyond_scope, Hidden(*tx, links->beyond_scope));
  if (out.beyond_scope.empty() || who.is_system()) return out;

  // Matches beyond scope that an approved access request lets the caller see (申请查看). The
  // unscoped links are read only to pick granted ids; nothing else of them leaves this function.
  core::Timestamp now = ctx.Now();
  IPE_ASSIGN_OR_RETURN(auto granted, leads_internal::GrantedLeads(*tx, who, now));
  std::set<int64_t> still_hidden;  // agencies with a match neither in scope nor granted
  if (!granted.empty()) {
    IPE_ASSIGN_OR_RETURN(auto all, svc->Linked(LeadRecordId(id), link::Scope::Everything()));
    link::Scope scope = ScopeFor(who);
    std::vector<int64_t> granted_ids;
    for (const auto& r : all.records) {
      if (scope.Sees(r.agency, r.region)) continue;
      int64_t lead_id = LeadIdOfRecord(r.id);
      if (granted.count(lead_id)) {
        granted_ids.push_back(lead_id);
      } else {
        still_hidden.insert(ParseId(r.agency));
      }
    }
    IPE_ASSIGN_OR_RETURN(auto granted_leads, LeadsById(*tx, granted_ids));
    leads.insert(granted_leads.begin(), granted_leads.end());
    for (const auto& r : all.records) {
      int64_t lead_id = LeadIdOfRecord(r.id);
      if (scope.Sees(r.agency, r.region) || !granted.count(lead_id)) continue;
      LinkedLead l = to_linked(r);
      l.granted_until = granted[lead_id];
      out.linked.push_back(std::move(l));
    }
    std::sort(out.linked.begin(), out.linked.end(),
              [](const LinkedLead& a, const LinkedLead& b) { return a.id < b.id; });
    std::vector<HiddenMatch> kept;
    for (HiddenMatch& h : out.beyond_scope) {
      if (still_hidden.count(h.agency_id)) kept.push_back(std::move(h));
    }
    out.beyond_scope = std::move(kept);
  }
  IPE_ASSIGN_OR_RETURN(auto requests, leads_internal::LatestRequests(*tx, who, id, now));
  for (HiddenMatch& h : out.beyond_scope) {
    if (auto it = requests.find(h.agency_id); it != requests.end()) {
      h.request_status = it->second.status;
      h.request_id = it->second.id;
    }
  }
  return out;
}

core::Result<Lead> ScreenLead(Context& ctx, const Principal& who, int64_t id, bool accept,
                              const std::string& reason_in) {
  IPE_RETURN_IF_ERROR(RequireLeadWriter(who, "研判线索"));
  std::string reason = internal::Trim(reason_in);
  if (!accept && reason.empty()) {
    return core::Status(core::InvalidArgument("不予采用须说明理由 (reason required)"))
        .AddFieldError("reason", "请填写不予采用的理由");
  }
  if (reason.size() > 2000) {
    return core::Status(core::InvalidArgument("理由过长")).AddFieldError("reason", "理由过长");
  }
  core::Timestamp now = ctx.Now();
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  IPE_ASSIGN_OR_RETURN(Lead before, LoadVisibleLead(*tx, who, id, true));
  Lead after = before;
  IPE_ASSIGN_OR_RETURN(after.status,
                       leads_internal::NextStatus(before, accept ? rules::LeadAction::kAccept
                                                                 : rules::LeadAction::kDismiss));
  after.status_reason = reason;
  after.updated_at = now;
  IPE_RETURN_IF_ERROR(LeadStore(*tx).SetStatus(id, after.status, reason, now));
  // 不予采用 of a lead from a report is its 不予立案: the named reporter is told (第三十一条).
  if (!accept) IPE_RETURN_IF_ERROR(NoteLeadDismissedInTx(*tx, who, now, id));
  IPE_RETURN_IF_ERROR(AppendAudit(
      *tx, who, now,
      {accept ? "lead.accept" : "lead.dismiss", "lead", std::to_string(id),
       std::string(accept ? "采用线索 " : "不予采用线索 ") + before.title, LeadJson(before),
       LeadJson(after), AuditScopeOf(before.region_code, before.agency_id)}));
  IPE_ASSIGN_OR_RETURN(after.observables, LoadObservables(*tx, id));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return after;
}

core::Result<Lead> MergeLeads(Context& ctx, const Principal& who, int64_t into_id,
                              const std::vector<int64_t>& from_ids, const std::string& reason_in) {
  IPE_RETURN_IF_ERROR(RequireLeadWriter(who, "合并线索"));
  std::string reason = internal::Trim(reason_in);
  std::set<int64_t> unique(from_ids.begin(), from_ids.end());
  if (from_ids.empty() || unique.size() != from_ids.size() || unique.count(into_id)) {
    return core::Status(core::InvalidArgument("待合并线索有误 (bad merge list)"))
        .AddFieldError("lead_ids", "请选择其他不重复的线索");
  }
  if (from_ids.size() > 50) {
    return core::Status(core::InvalidArgument("一次最多合并 50 条线索"))
        .AddFieldError("lead_ids", "一次最多合并 50 条线索");
  }
  core::Timestamp now = ctx.Now();
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  // Every lead's row locked first, in id order whichever way the merge goes: two merges of the
  // same leads in opposite directions each held one lock and waited for the other (PostgreSQL
  // broke the deadlock with 503 for one of them; now the second waits and answers 409).
  std::set<int64_t> involved = unique;
  involved.insert(into_id);
  for (int64_t id : involved) IPE_RETURN_IF_ERROR(FindLead(*tx, id, true).status());
  IPE_ASSIGN_OR_RETURN(Lead target, LoadVisibleLead(*tx, who, into_id, true));
  IPE_ASSIGN_OR_RETURN(rules::LeadStatus target_status, leads_internal::StatusOf(target));
  if (!rules::IsOpenLead(target_status)) {
    return core::FailedPrecondition("目标线索状态不允许合并: " +
                                    std::string(rules::LeadStatusLabel(target_status)));
  }
  IPE_ASSIGN_OR_RETURN(target.observables, LoadObservables(*tx, into_id));
  Lead before = target;
  std::set<std::pair<std::string, std::string>> have;
  for (const auto& o : target.observables) have.emplace(o.type, o.value);
  std::vector<std::string> merged_titles;
  LeadStore store(*tx);
  for (int64_t from_id : from_ids) {
    IPE_ASSIGN_OR_RETURN(Lead from, LoadVisibleLead(*tx, who, from_id, true));
    auto merged = leads_internal::NextStatus(from, rules::LeadAction::kMerge);
    if (!merged) {
      return core::FailedPrecondition("线索 " + std::to_string(from_id) + ": " +
                                      merged.error().message());
    }
  }
  // The observables of every merged lead in one query, copied in the order of from_ids.
  IPE_ASSIGN_OR_RETURN(auto observables, store.ObservablesOf(from_ids));
  std::vector<LeadObservable> fresh;
  for (int64_t from_id : from_ids) {
    for (const auto& o : observables[from_id]) {
      if (have.emplace(o.type, o.value).second) fresh.push_back(o);
    }
    IPE_RETURN_IF_ERROR(store.MarkMerged(from_id, into_id, reason, now));
    merged_titles.push_back(std::to_string(from_id));
  }
  IPE_RETURN_IF_ERROR(store.AddObservables(into_id, fresh));
  target.observables.insert(target.observables.end(), fresh.begin(), fresh.end());
  IPE_RETURN_IF_ERROR(LeadStore(*tx).Touch(into_id, now));
  target.updated_at = now;
  nlohmann::json after = nlohmann::json::parse(LeadJson(target));
  after["merged_from"] = from_ids;
  after["reason"] = reason;
  IPE_RETURN_IF_ERROR(AppendAudit(*tx, who, now,
                                  {"lead.merge", "lead", std::to_string(into_id),
                                   "合并线索 " + internal::Join(merged_titles, ',') + " → " +
                                       std::to_string(into_id),
                                   LeadJson(before), after.dump(),
                                   AuditScopeOf(before.region_code, before.agency_id)}));
  // The index is append-only: every server rebuilds it so merged leads leave it and the target
  // holds their keys.
  IPE_RETURN_IF_ERROR(LeadStore(*tx).AppendChanges({into_id}, LeadChangeKind::kRebuild, now));
  IPE_RETURN_IF_ERROR(tx->Commit());
  FollowFeed(ctx);
  return target;
}

core::Status LinkLeadToCaseInTx(storage::Tx& tx, const Principal& who, core::Timestamp now,
                                int64_t lead_id, int64_t case_id) {
  IPE_RETURN_IF_ERROR(RequireLeadWriter(who, "将线索转为案件"));
  IPE_ASSIGN_OR_RETURN(Lead lead, LoadVisibleLead(tx, who, lead_id, true));
  IPE_RETURN_IF_ERROR(leads_internal::NextStatus(lead, rules::LeadAction::kLinkCase).status());
  if (case_id <= 0) {
    return core::Status(core::InvalidArgument("案件编号有误")).AddFieldError("case_id", "案件无效");
  }
  IPE_RETURN_IF_ERROR(LeadStore(tx).MarkConverted(lead_id, case_id, now));
  // A report that became this lead is now filed (立案): its named reporter is told (第三十一条).
  return NoteLeadFiledInTx(tx, who, now, lead_id, case_id);
}

core::Result<Lead> LinkLeadToCase(Context& ctx, const Principal& who, int64_t lead_id,
                                  int64_t case_id) {
  core::Timestamp now = ctx.Now();
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  IPE_ASSIGN_OR_RETURN(Lead before, LoadVisibleLead(*tx, who, lead_id, true));
  IPE_RETURN_IF_ERROR(LinkLeadToCaseInTx(*tx, who, now, lead_id, case_id));
  Lead after = before;
  after.status = rules::LeadStatusName(rules::LeadStatus::kConverted);
  after.case_id = case_id;
  after.updated_at = now;
  IPE_RETURN_IF_ERROR(AppendAudit(*tx, who, now,
                                  {"lead.convert", "lead", std::to_string(lead_id),
                                   "线索转为案件 " + std::to_string(case_id), LeadJson(before),
                                   LeadJson(after), AuditScopeOf(before.region_code, before.agency_id)}));
  IPE_ASSIGN_OR_RETURN(after.observables, LoadObservables(*tx, lead_id));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return after;
}

// ---- Clusters, alerts, access requests ----

core::Result<Page<LeadCluster>> ListLeadClusters(Context& ctx, const Principal& who,
                                                 const ClusterFilter& f,
                                                 const PageRequest& page) {
  IPE_RETURN_IF_ERROR(page.Validate());
  IPE_ASSIGN_OR_RETURN(CorrelationService * svc, Correlation(ctx));
  link::Scope scope = ScopeFor(who);
  size_t min_size = static_cast<size_t>(std::max<int64_t>(2, f.min_size.value_or(2)));
  // The visible clusters, largest first, as the service keeps them per scope until the index
  // changes; only the page's clusters are read in full.
  const std::string scope_key =
      who.is_system() ? std::string("*")
                      : std::to_string(who.agency_id) + '|' + (scope.all_agencies ? "all" : "own") +
                            '|' + who.region_code;
  auto listed = svc->VisibleClusters(scope, scope_key, min_size, f.cross_region);
  Page<LeadCluster> out;
  out.total = static_cast<int64_t>(listed->size());
  out.page = page.page;
  out.page_size = page.page_size;
  std::vector<link::ScopedCluster> page_clusters;
  for (int64_t i = page.offset(); i < out.total && i < page.offset() + page.page_size; ++i) {
    // The index may have changed since the list was made; a member gone is skipped.
    auto scoped = svc->ClusterOf((*listed)[static_cast<size_t>(i)].member, scope);
    if (scoped) page_clusters.push_back(std::move(*scoped));
  }
  std::vector<const link::ScopedCluster*> shown;
  for (const auto& c : page_clusters) shown.push_back(&c);
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  IPE_ASSIGN_OR_RETURN(out.items, MakeClusters(*tx, shown));
  return out;
}

core::Result<LeadCluster> GetLeadCluster(Context& ctx, const Principal& who, int64_t lead_id) {
  IPE_ASSIGN_OR_RETURN(CorrelationService * svc, Correlation(ctx));
  auto scoped = svc->ClusterOf(LeadRecordId(lead_id), ScopeFor(who));
  if (!scoped) return NotFoundLead(lead_id);
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  IPE_ASSIGN_OR_RETURN(auto clusters, MakeClusters(*tx, {&*scoped}));
  return std::move(clusters.front());
}

core::Result<Page<LeadAlert>> ListLeadAlerts(Context& ctx, const Principal& who,
                                             const PageRequest& page,
                                             std::optional<bool> acknowledged) {
  IPE_RETURN_IF_ERROR(page.Validate());
  // Not analysts: an alert leads to its cluster's leads, which only supervisory roles see across
  // agencies (an analyst opening one got 404 — the scope matrix, issue 12).
  IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kLeadAlertsRead, "查看串并预警"));
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  IPE_ASSIGN_OR_RETURN(auto rows,
                       LeadStore(*tx).ListAlerts(who.is_system() ? kNationalRegion
                                                                 : who.region_code,
                                                 acknowledged, page));
  Page<LeadAlert> out;
  out.total = rows.total;
  out.total_exact = rows.total_exact;
  out.page = page.page;
  out.page_size = page.page_size;
  // The cluster as it is now: it may have grown since the alert was raised (issue 14: 簇规模 2 for
  // a cluster of 3 in three regions). Without the index the stored figures stand.
  auto svc = Correlation(ctx);
  for (AlertRow& r : rows.items) {
    if (svc) {
      auto now = (*svc)->ClusterOf(LeadRecordId(r.alert.lead_id), link::Scope::Everything());
      if (now) {
        r.alert.cluster_size = static_cast<int64_t>(now->records.size());
        r.alert.regions = now->regions;
      }
    }
    // The lead is named only to callers who may see it.
    if (!CanSeeRecord(who, r.lead_agency_id.value_or(0), r.lead_region)) r.alert.lead_id = 0;
    out.items.push_back(std::move(r.alert));
  }
  return out;
}

core::Result<AccessRequest> RequestLeadAccess(Context& ctx, const Principal& who, int64_t lead_id,
                                              int64_t target_agency_id,
                                              const std::string& reason_in) {
  IPE_RETURN_IF_ERROR(RequireLeadWriter(who, "申请查看关联线索"));
  if (who.is_system()) return core::FailedPrecondition("系统账户无需申请 (system sees all)");
  std::string reason = internal::Trim(reason_in);
  if (reason.empty() || reason.size() > 2000) {
    return core::Status(core::InvalidArgument("请说明申请理由 (reason required)"))
        .AddFieldError("reason", reason.empty() ? "请填写申请理由" : "理由过长");
  }
  IPE_ASSIGN_OR_RETURN(CorrelationService * svc, Correlation(ctx));
  link::Scope scope = ScopeFor(who);
  std::string target = std::to_string(target_agency_id);
  bool matches = false;
  if (auto links = svc->Linked(LeadRecordId(lead_id), scope); links) {
    for (const auto& b : links->beyond_scope) matches = matches || b.agency == target;
  }
  if (auto cluster = svc->ClusterOf(LeadRecordId(lead_id), scope); cluster && !matches) {
    for (const auto& b : cluster->beyond_scope) matches = matches || b.agency == target;
  }
  if (!matches) {
    return core::NotFound("该机构无与本线索匹配的记录 (no hidden match at that agency)");
  }
  core::Timestamp now = ctx.Now();
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  IPE_ASSIGN_OR_RETURN(Lead lead, LoadVisibleLead(*tx, who, lead_id));
  LeadStore store(*tx);
  IPE_ASSIGN_OR_RETURN(auto open, store.OpenRequest(lead_id, target_agency_id, who.user_id, now));
  if (open) {
    return core::AlreadyExists("已有待审批或有效的申请 (a pending or running request exists): #" +
                               std::to_string(*open));
  }
  IPE_ASSIGN_OR_RETURN(auto names, AgencyNames(*tx, {target_agency_id}));
  AccessRequest req;
  IPE_ASSIGN_OR_RETURN(req.id, store.InsertRequest(lead_id, target_agency_id, who.user_id,
                                                   who.agency_id, reason, now));
  req.lead_id = lead_id;
  req.target_agency_id = target_agency_id;
  req.target_agency_name = names[target_agency_id];
  req.requester_id = who.user_id;
  req.reason = reason;
  req.status = "pending";
  req.created_at = now;
  nlohmann::json after = {{"lead_id", lead_id},
                          {"target_agency_id", target_agency_id},
                          {"reason", reason}};
  IPE_RETURN_IF_ERROR(AppendAudit(*tx, who, now,
                                  {"lead.access_request", "lead_access_request",
                                   std::to_string(req.id),
                                   "申请查看 " + req.target_agency_name + " 的匹配记录（线索 " +
                                       std::to_string(lead.id) + "）",
                                   std::nullopt, after.dump(),
                                   AuditScopeOf(lead.region_code, lead.agency_id)}));
  // The agency asked decides (issue 20); the event names the request, not the lead's content,
  // which the asked agency may not see yet.
  IPE_RETURN_IF_ERROR(AppendEvent(
      *tx, now,
      {"lead.access_requested", "lead-access-requests/" + std::to_string(req.id), lead.agency_id.value_or(0),
       lead.region_code, target_agency_id,
       nlohmann::json{{"request_id", req.id},
                      {"lead_id", lead_id},
                      {"requester_agency_id", who.agency_id},
                      {"requester_agency_name", who.agency_name},
                      {"target_agency_id", target_agency_id},
                      {"status", req.status}}
           .dump()}));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return req;
}

core::Result<LeadsStartReport> StartLeads(Context& ctx) {
  CorrelationService* svc = &CorrelationServiceOf(ctx);
  auto start = std::chrono::steady_clock::now();
  IPE_ASSIGN_OR_RETURN(IndexStart loaded, svc->LoadOrRebuild(ctx.db()));
  LeadsStartReport report;
  report.from_snapshot = loaded.from_snapshot;
  report.snapshot_seq = loaded.snapshot_seq;
  report.snapshot_bytes = loaded.snapshot_bytes;
  report.why = loaded.why;
  report.rebuild_reason = loaded.rebuild_reason;
  // The changes written since the snapshot (or the rebuild's read) — by other servers, or by
  // this one before it was killed. A 'rebuild' change among them rebuilds here too.
  const uint64_t rebuilds = svc->rebuild_count();
  const int64_t from = svc->applied_seq();
  IPE_ASSIGN_OR_RETURN(auto events, svc->CatchUp(ctx.db()));
  for (const CrossRegionEvent& e : events) RaiseEvent(ctx, *svc, e);
  report.caught_up = svc->applied_seq() - from;
  report.rebuilt_after_load = loaded.from_snapshot && svc->rebuild_count() != rebuilds;
  report.records = svc->record_count();
  report.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::set<std::string> alerted;
  {
    IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
    IPE_ASSIGN_OR_RETURN(auto leads, LeadStore(*tx).AlertedLeads());
    for (int64_t id : leads) alerted.insert(LeadRecordId(id));
  }
  for (const link::Cluster& c : svc->Clusters(2)) {
    ++report.clusters;
    if (!c.cross_region) continue;
    bool has_alert = std::any_of(c.records.begin(), c.records.end(),
                                 [&](const std::string& id) { return alerted.count(id) > 0; });
    if (has_alert) continue;
    // The newest lead made it cross regions (record ids sort as text: compare numerically).
    int64_t newest = 0;
    for (const std::string& id : c.records) newest = std::max(newest, LeadIdOfRecord(id));
    int64_t smallest = newest;
    for (const std::string& id : c.records) smallest = std::min(smallest, LeadIdOfRecord(id));
    IPE_RETURN_IF_ERROR(RaiseCrossRegionAlert(ctx, *svc, newest, LeadRecordId(smallest)));
    ++report.alerts_raised;
  }
  // From now on the index follows the feed: other servers' writes within a second.
  svc->StartFollowing(
      ctx.db(), ctx.clock(),
      [&ctx](CorrelationService& s, const CrossRegionEvent& e) { RaiseEvent(ctx, s, e); },
      kFeedPollMs);
  return report;
}

std::string DescribeLeadsStart(const LeadsStartReport& r) {
  char figures[256];
  std::snprintf(figures, sizeof figures, "%zu leads, %zu clusters, %.3f s, %d alerts re-raised",
                r.records, r.clusters, r.seconds, r.alerts_raised);
  if (r.from_snapshot) {
    std::string line = "线索串并索引从快照载入 (correlation index loaded from snapshot at seq " +
                       std::to_string(r.snapshot_seq) + ", " + std::to_string(r.snapshot_bytes) +
                       " bytes, + " + std::to_string(r.caught_up) + " changes caught up";
    if (r.rebuilt_after_load) line += ", rebuilt for a merge or reassignment among them";
    return line + "; " + figures + ")";
  }
  return "线索串并索引已重建 (correlation index rebuilt: " + r.rebuild_reason + "; + " +
         std::to_string(r.caught_up) + " changes caught up; " + figures + ")";
}

core::Status StopLeads(Context& ctx) { return CorrelationServiceOf(ctx).StopFollowing(); }

// ---- CSV import (declared in leads.h; rows come from core/csv.h) ----

core::Result<ImportResult> ImportLeadsCsv(Context& ctx, const Principal& who,
                                          const std::string& csv_text) {
  IPE_RETURN_IF_ERROR(RequireLeadWriter(who, "导入线索"));
  auto parsed = core::ParseCsv(csv_text, {.field = "csv"});
  if (!parsed) return parsed.error();
  std::vector<std::vector<std::string>> table;
  for (core::CsvRow& row : *parsed) table.push_back(std::move(row.cells));
  if (table.size() < 2) {
    return core::Status(core::InvalidArgument("CSV 无数据行 (no data rows)"))
        .AddFieldError("csv", "CSV 须包含表头和至少一行数据");
  }
  if (table.size() - 1 > 5000) {
    return core::Status(core::InvalidArgument("一次最多导入 5000 行 (at most 5000 rows)"))
        .AddFieldError("csv", "一次最多导入 5000 行");
  }
  // Header: known lead columns and observable types.
  core::Status st = core::InvalidArgument("CSV 有误，未导入任何线索 (invalid CSV; nothing imported)");
  bool bad = false;
  std::vector<std::string> header;
  std::set<std::string> seen;
  static const std::set<std::string> kLeadColumnNames = {"title", "region_code", "category",
                                                         "source_ref", "description", "agency_id"};
  for (const std::string& raw : table[0]) {
    std::string name = internal::Trim(raw);
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (!kLeadColumnNames.count(name) && !link::ParseObservableType(name)) {
      st.AddFieldError("header", "未知列: " + name);
      bad = true;
    }
    if (!seen.insert(name).second) {
      st.AddFieldError("header", "重复列: " + name);
      bad = true;
    }
    header.push_back(name);
  }
  for (const char* required : {"title", "region_code", "category"}) {
    if (!seen.count(required)) {
      st.AddFieldError("header", std::string("缺少必填列: ") + required);
      bad = true;
    }
  }
  if (bad) return st;

  std::vector<NewLead> leads;
  for (size_t row_idx = 1; row_idx < table.size(); ++row_idx) {
    const auto& cells = table[row_idx];
    std::string prefix = "rows[" + std::to_string(row_idx) + "].";
    if (cells.size() != header.size()) {
      st.AddFieldError(prefix + "columns", "列数应为 " + std::to_string(header.size()) +
                                               "，实为 " + std::to_string(cells.size()));
      bad = true;
      continue;
    }
    NewLead in;
    in.source = "csv";
    std::vector<size_t> obs_columns;  // column of each observable, for error names
    for (size_t col = 0; col < header.size(); ++col) {
      const std::string& name = header[col];
      const std::string& cell = cells[col];
      if (name == "title") in.title = cell;
      else if (name == "region_code") in.region_code = cell;
      else if (name == "category") in.category = internal::Trim(cell);
      else if (name == "source_ref") in.source_ref = cell;
      else if (name == "description") in.description = cell;
      else if (name == "agency_id") {
        std::string t = internal::Trim(cell);
        if (!t.empty()) {
          int64_t id = ParseId(t);
          if (id <= 0) {
            st.AddFieldError(prefix + "agency_id", "机构编号应为正整数");
            bad = true;
          } else {
            in.agency_id = id;
          }
        }
      } else {
        // Several values per cell, separated by ';' or the full-width '；'.
        std::string text = cell;
        for (size_t pos; (pos = text.find("；")) != std::string::npos;) text.replace(pos, 3, ";");
        for (const std::string& v : internal::Split(text, ';')) {
          if (internal::Trim(v).empty()) continue;
          LeadObservable o;
          o.type = name;
          o.value = v;
          in.observables.push_back(std::move(o));
          obs_columns.push_back(col);
        }
      }
    }
    core::Status row_st = core::InvalidArgument("");
    bool row_bad = false;
    ValidateNewLead(in, prefix, row_st, row_bad);
    for (const auto& fe : row_st.field_errors()) {
      // rows[N].observables[i] → rows[N].<column name>, which is what the user sees.
      std::string field = fe.field;
      std::string obs_prefix = prefix + "observables[";
      if (field.rfind(obs_prefix, 0) == 0) {
        size_t i = static_cast<size_t>(ParseId(field.substr(obs_prefix.size())));
        if (i < obs_columns.size()) field = prefix + header[obs_columns[i]];
      }
      st.AddFieldError(field, fe.message);
    }
    bad = bad || row_bad;
    if (!row_bad && !RequireRegion(who, in.region_code).ok()) {
      st.AddFieldError(prefix + "region_code", "超出管辖区域");
      bad = true;
    }
    leads.push_back(std::move(in));
  }
  if (bad) return st;

  core::Timestamp now = ctx.Now();
  ImportResult result;
  std::vector<Lead> created;
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  // Known dedup keys of the whole file in one query per 500 rows, then new ones as they are
  // written (repeats within the file); agencies looked up once per id or (region, category).
  LeadStore store(*tx);
  std::vector<std::string> refs;
  for (const NewLead& in : leads) {
    if (!in.source_ref.empty()) refs.push_back(in.source_ref);
  }
  IPE_ASSIGN_OR_RETURN(auto in_file, store.IdsBySourceRefs("csv", refs));
  std::map<int64_t, std::optional<AgencyRecord>> named_agencies;
  std::map<std::pair<std::string, std::string>, std::optional<int64_t>> picked;
  for (size_t i = 0; i < leads.size(); ++i) {
    const NewLead& in = leads[i];
    if (auto it = in_file.find(in.source_ref); !in.source_ref.empty() && it != in_file.end()) {
      ++result.duplicates;
      result.lead_ids.push_back(it->second);
      continue;
    }
    std::optional<int64_t> agency_id = in.agency_id;
    if (agency_id) {
      auto named = named_agencies.find(*agency_id);
      if (named == named_agencies.end()) {
        IPE_ASSIGN_OR_RETURN(auto ag, store.Agency(*agency_id));
        named = named_agencies.emplace(*agency_id, std::move(ag)).first;
      }
      if (auto why = NamedAgencyProblem(who, *agency_id, named->second, in.region_code)) {
        return core::Status(core::InvalidArgument("CSV 有误，未导入任何线索"))
            .AddFieldError("rows[" + std::to_string(i + 1) + "].agency_id", *why);
      }
    } else {
      auto key = std::make_pair(in.region_code, in.category);
      auto pick = picked.find(key);
      if (pick == picked.end()) {
        IPE_ASSIGN_OR_RETURN(auto chosen, PickAgency(*tx, in.region_code, in.category));
        pick = picked.emplace(key, chosen).first;
      }
      agency_id = pick->second;
    }
    IPE_ASSIGN_OR_RETURN(Lead lead, InsertLead(*tx, who, now, in, agency_id));
    if (!in.source_ref.empty()) in_file[in.source_ref] = lead.id;
    result.lead_ids.push_back(lead.id);
    ++result.created;
    created.push_back(std::move(lead));
  }
  nlohmann::json after = {{"created", result.created},
                          {"duplicates", result.duplicates},
                          {"lead_ids", result.lead_ids}};
  IPE_RETURN_IF_ERROR(AppendAudit(*tx, who, now,
                                  {"lead.import", "lead", "",
                                   "导入线索 " + std::to_string(result.created) + " 条（重复 " +
                                       std::to_string(result.duplicates) + " 条）",
                                   std::nullopt, after.dump(),
                                   AuditScopeOf(who.region_code, who.agency_id)}));
  std::vector<int64_t> created_ids;
  for (const Lead& l : created) created_ids.push_back(l.id);
  IPE_RETURN_IF_ERROR(LeadStore(*tx).AppendChanges(created_ids, LeadChangeKind::kAdd, now));
  IPE_RETURN_IF_ERROR(tx->Commit());
  FollowFeed(ctx);
  return result;
}

}  // namespace ipe::app
