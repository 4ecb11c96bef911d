// LeadStore: the SQL of the leads area. See lead_store.h.
#include "app/leads/lead_store.h"

#include <algorithm>

#include "app/internal/text.h"
#include "core/search_terms.h"

namespace ipe::app {
namespace {

using internal::kInListChunk;
using internal::Placeholders;
using storage::Dialect;
using storage::Params;
using storage::Row;
using storage::Value;

// The term index of lead titles (migrations 0420/0421).
constexpr internal::TermIndex kLeadSearch{"leads", "lead_search", "leads", "lead_search_vocab"};
// Leads per batch when the correlation index is built.
constexpr int64_t kKeyBatch = 5000;

constexpr const char* kLeadColumns =
    "l.id, l.source, l.source_ref, l.agency_id, a.name, l.region_code, l.category, l.title, "
    "l.description, l.status, l.status_reason, l.merged_into, l.case_id, l.created_by, "
    "l.created_at, l.updated_at";
constexpr const char* kLeadFrom = " FROM leads l LEFT JOIN agencies a ON a.id = l.agency_id";

Lead LeadFromRow(const Row& row) {
  Lead l;
  l.id = row.Int(0);
  l.source = row.Text(1);
  l.source_ref = row.OptText(2);
  l.agency_id = row.OptInt(3);
  l.agency_name = l.agency_id ? row.Text(4) : kUnassignedAgencyName;
  l.region_code = row.Text(5);
  l.category = row.Text(6);
  l.title = row.Text(7);
  l.description = row.Text(8);
  l.status = row.Text(9);
  l.status_reason = row.Text(10);
  l.merged_into = row.OptInt(11);
  l.case_id = row.OptInt(12);
  l.created_by = row.OptInt(13);
  l.created_at = core::Timestamp{row.Int(14)};
  l.updated_at = core::Timestamp{row.Int(15)};
  return l;
}

// What a lead is found by: its title (the UI's search box says 标题), folded.
std::string SearchText(const NewLead& in) { return core::FoldForSearch(in.title); }

constexpr const char* kAlertColumns =
    "t.id, t.kind, t.lead_id, t.region_code, t.regions, t.cluster_size, t.created_at, "
    "t.acknowledged_at, u.display_name, t.ack_note";
constexpr const char* kAlertFrom =
    " FROM lead_alerts t LEFT JOIN users u ON u.id = t.acknowledged_by";

LeadAlert AlertFromRow(const Row& r) {
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

constexpr const char* kRequestColumns =
    "r.id, r.lead_id, r.target_agency_id, ta.name, r.requester_id, u.display_name, "
    "r.requester_agency_id, ra.name, r.reason, r.status, r.created_at, r.decided_at, "
    "d.display_name, r.decision_reason, r.expires_at";
constexpr const char* kRequestFrom =
    " FROM lead_access_requests r LEFT JOIN agencies ta ON ta.id = r.target_agency_id "
    "JOIN users u ON u.id = r.requester_id "
    "LEFT JOIN agencies ra ON ra.id = r.requester_agency_id "
    "LEFT JOIN users d ON d.id = r.decided_by";

AccessRequestRow RequestFromRow(const Row& r) {
  AccessRequestRow row;
  AccessRequest& a = row.request;
  a.id = r.Int(0);
  a.lead_id = r.Int(1);
  a.target_agency_id = r.Int(2);
  a.target_agency_name =
      a.target_agency_id == 0 ? kUnassignedAgencyName : r.OptText(3).value_or("");
  a.requester_id = r.Int(4);
  a.requester_name = r.Text(5);
  a.requester_agency_id = r.Int(6);
  a.requester_agency_name = r.OptText(7).value_or("");
  a.reason = r.Text(8);
  row.stored_status = r.Text(9);
  a.status = row.stored_status;
  a.created_at = core::Timestamp{r.Int(10)};
  if (auto t = r.OptInt(11)) a.decided_at = core::Timestamp{*t};
  a.decided_by = r.OptText(12).value_or("");
  a.decision_reason = r.Text(13);
  row.expires_at = r.OptInt(14);
  if (row.expires_at) a.expires_at = core::Timestamp{*row.expires_at};
  return row;
}

// Rows of `select_from` (a SELECT … FROM … WHERE prefix ending in "<column> IN (") for `ids`,
// one query per kInListChunk ids.
template <typename Fn>
core::Status ForChunks(storage::Tx& tx, const std::string& select_in, const std::string& tail,
                       const std::vector<int64_t>& ids, Fn&& fn) {
  for (size_t from = 0; from < ids.size(); from += kInListChunk) {
    size_t n = std::min(kInListChunk, ids.size() - from);
    Params params(ids.begin() + static_cast<std::ptrdiff_t>(from),
                  ids.begin() + static_cast<std::ptrdiff_t>(from + n));
    IPE_ASSIGN_OR_RETURN(auto rows, tx.Query(select_in + Placeholders(n) + ")" + tail, params));
    for (const Row& r : rows) fn(r);
  }
  return core::Status::Ok();
}

Value OptId(const std::optional<int64_t>& v) { return v ? Value(*v) : Value(); }

}  // namespace

// ---- leads -------------------------------------------------------------------------------

core::Result<std::optional<Lead>> LeadStore::Find(int64_t id, bool for_update) {
  IPE_ASSIGN_OR_RETURN(
      auto rows, tx_.Query(std::string("SELECT ") + kLeadColumns + kLeadFrom + " WHERE l.id = ?" +
                               internal::LockClause(tx_, for_update, "l"),
                           {id}));
  if (rows.empty()) return std::optional<Lead>();
  return std::optional<Lead>(LeadFromRow(rows[0]));
}

core::Result<std::map<int64_t, Lead>> LeadStore::LoadMany(const std::vector<int64_t>& ids) {
  std::map<int64_t, Lead> out;
  IPE_RETURN_IF_ERROR(ForChunks(tx_, std::string("SELECT ") + kLeadColumns + kLeadFrom +
                                         " WHERE l.id IN (",
                                "", ids, [&](const Row& r) {
                                  Lead l = LeadFromRow(r);
                                  out.emplace(l.id, std::move(l));
                                }));
  return out;
}

core::Result<std::vector<LeadObservable>> LeadStore::Observables(int64_t lead_id) {
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query("SELECT type, value, verdict, key_type, key_value, "
                                            "note FROM lead_observables WHERE lead_id = ? "
                                            "ORDER BY id",
                                            {lead_id}));
  std::vector<LeadObservable> out;
  for (const Row& r : rows) {
    out.push_back({r.Text(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4), r.Text(5)});
  }
  return out;
}

core::Result<std::map<int64_t, std::vector<LeadObservable>>> LeadStore::ObservablesOf(
    const std::vector<int64_t>& lead_ids) {
  std::map<int64_t, std::vector<LeadObservable>> out;
  IPE_RETURN_IF_ERROR(ForChunks(tx_,
                                "SELECT lead_id, type, value, verdict, key_type, key_value, note "
                                "FROM lead_observables WHERE lead_id IN (",
                                " ORDER BY lead_id, id", lead_ids, [&](const Row& r) {
                                  out[r.Int(0)].push_back({r.Text(1), r.Text(2), r.Text(3),
                                                           r.Text(4), r.Text(5), r.Text(6)});
                                }));
  return out;
}

core::Result<Page<Lead>> LeadStore::List(const LeadQuery& query, const PageRequest& page) {
  const LeadFilter& f = query.filter;
  internal::ListQuery list("leads", "l", &kLeadSearch);
  list.TermWalkLimit(query.term_walk_limit);
  if (f.q && !f.q->empty()) list.Search(*f.q);
  list.InRegion(query.scope_region);
  if (query.scope_agency) list.WhereEqual("l.agency_id", *query.scope_agency, 0);
  if (f.region && !f.region->empty()) list.InRegion(*f.region);
  if (f.status && !f.status->empty()) list.WhereEqual("l.status", *f.status, 3);
  if (f.source && !f.source->empty()) list.WhereEqual("l.source", *f.source, 2);
  if (f.category && !f.category->empty()) list.WhereEqual("l.category", *f.category, 2);
  if (f.agency_id) list.WhereEqual("l.agency_id", *f.agency_id, 0);
  if (f.unassigned && *f.unassigned) list.Where("l.agency_id IS NULL");
  if (f.case_id) list.Where("l.case_id = ?", *f.case_id);

  IPE_ASSIGN_OR_RETURN(auto count, list.Count(tx_, query.count_cap, page));
  Page<Lead> out;
  out.total = count.total;
  out.total_exact = count.exact;
  out.page = page.page;
  out.page_size = page.page_size;
  IPE_ASSIGN_OR_RETURN(auto ids, list.PageIds(tx_, page));
  IPE_ASSIGN_OR_RETURN(auto leads, LoadMany(ids));
  for (int64_t id : ids) {
    if (auto it = leads.find(id); it != leads.end()) out.items.push_back(std::move(it->second));
  }
  return out;
}

core::Result<std::optional<int64_t>> LeadStore::IdBySourceRef(const std::string& source,
                                                              const std::string& source_ref) {
  if (source_ref.empty()) return std::optional<int64_t>();
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query("SELECT id FROM leads WHERE source = ? AND "
                                            "source_ref = ?",
                                            {source, source_ref}));
  if (rows.empty()) return std::optional<int64_t>();
  return std::optional<int64_t>(rows[0].Int(0));
}

core::Result<std::map<std::string, int64_t>> LeadStore::IdsBySourceRefs(
    const std::string& source, const std::vector<std::string>& refs) {
  std::map<std::string, int64_t> out;
  for (size_t from = 0; from < refs.size(); from += kInListChunk) {
    size_t n = std::min(kInListChunk, refs.size() - from);
    Params params{source};
    params.insert(params.end(), refs.begin() + static_cast<std::ptrdiff_t>(from),
                  refs.begin() + static_cast<std::ptrdiff_t>(from + n));
    IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query("SELECT source_ref, id FROM leads WHERE source = ? "
                                              "AND source_ref IN (" + Placeholders(n) + ")",
                                              params));
    for (const Row& r : rows) out[r.Text(0)] = r.Int(1);
  }
  return out;
}

core::Result<int64_t> LeadStore::Insert(const NewLeadRow& row) {
  const NewLead& in = *row.input;
  Params params = {in.source,
                   in.source_ref.empty() ? Value() : Value(in.source_ref),
                   OptId(row.agency_id),
                   in.region_code,
                   internal::ProvinceOf(in.region_code),
                   internal::PrefectureOf(in.region_code),
                   in.category,
                   in.title,
                   in.description,
                   OptId(row.created_by),
                   row.now.seconds,
                   row.now.seconds};
  const std::string text = SearchText(in);
  internal::NewRowSearch search = internal::SearchOfNewRow(tx_.dialect(), text, params);
  IPE_ASSIGN_OR_RETURN(
      auto ins,
      tx_.Query("INSERT INTO leads (source, source_ref, agency_id, region_code, province_code, "
                "prefecture_code, category, title, description, status, status_reason, "
                "created_by, created_at, updated_at" + search.columns +
                    ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'new', '', ?, ?, ?" +
                    search.placeholders + ") RETURNING id",
                params));
  int64_t id = ins[0].Int(0);
  IPE_RETURN_IF_ERROR(AddObservables(id, in.observables));
  IPE_RETURN_IF_ERROR(internal::IndexNewRow(tx_, kLeadSearch, id, text));
  return id;
}

core::Status LeadStore::AddObservables(int64_t lead_id, const std::vector<LeadObservable>& obs) {
  if (obs.empty()) return core::Status::Ok();
  std::vector<std::vector<Value>> rows;
  rows.reserve(obs.size());
  for (const LeadObservable& o : obs) {
    rows.push_back({lead_id, o.type, o.value, o.verdict,
                    o.key_type.empty() ? Value() : Value(o.key_type),
                    o.key_value.empty() ? Value() : Value(o.key_value), o.note});
  }
  return tx_.BulkInsert("lead_observables",
                        {"lead_id", "type", "value", "verdict", "key_type", "key_value", "note"},
                        rows);
}

core::Status LeadStore::SetStatus(int64_t id, const std::string& status, const std::string& reason,
                                  core::Timestamp now) {
  return tx_
      .Exec("UPDATE leads SET status = ?, status_reason = ?, updated_at = ? WHERE id = ?",
            {status, reason, now.seconds, id})
      .status();
}

core::Status LeadStore::MarkMerged(int64_t id, int64_t into_id, const std::string& reason,
                                   core::Timestamp now) {
  return tx_
      .Exec("UPDATE leads SET status = 'merged', merged_into = ?, status_reason = ?, "
            "updated_at = ? WHERE id = ?",
            {into_id, reason, now.seconds, id})
      .status();
}

core::Status LeadStore::Touch(int64_t id, core::Timestamp now) {
  return tx_.Exec("UPDATE leads SET updated_at = ? WHERE id = ?", {now.seconds, id}).status();
}

core::Status LeadStore::MarkConverted(int64_t id, int64_t case_id, core::Timestamp now) {
  return tx_
      .Exec("UPDATE leads SET status = 'converted', case_id = ?, updated_at = ? WHERE id = ?",
            {case_id, now.seconds, id})
      .status();
}

core::Status LeadStore::Reassign(int64_t id, int64_t agency_id, const std::string& reason,
                                 core::Timestamp now) {
  return tx_
      .Exec("UPDATE leads SET agency_id = ?, status = 'new', status_reason = ?, updated_at = ? "
            "WHERE id = ?",
            {agency_id, reason, now.seconds, id})
      .status();
}

// ---- agencies ----------------------------------------------------------------------------

core::Result<std::vector<AgencyCandidate>> LeadStore::AgencyCandidates(
    const std::vector<std::string>& regions, const std::vector<const char*>& kinds) {
  std::vector<AgencyCandidate> out;
  if (regions.empty() || kinds.empty()) return out;
  Params params(regions.begin(), regions.end());
  for (const char* k : kinds) params.emplace_back(k);
  IPE_ASSIGN_OR_RETURN(auto rows,
                       tx_.Query("SELECT id, region_code, kind FROM agencies WHERE active = 1 "
                                 "AND region_code IN (" + Placeholders(regions.size()) +
                                     ") AND kind IN (" + Placeholders(kinds.size()) +
                                     ") ORDER BY id",
                                 params));
  for (const Row& r : rows) out.push_back({r.Int(0), r.Text(1), r.Text(2)});
  return out;
}

core::Result<std::optional<AgencyRecord>> LeadStore::Agency(int64_t agency_id) {
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query("SELECT name, region_code, active FROM agencies "
                                            "WHERE id = ?",
                                            {agency_id}));
  if (rows.empty()) return std::optional<AgencyRecord>();
  return std::optional<AgencyRecord>(AgencyRecord{rows[0].Text(0), rows[0].Text(1),
                                                  rows[0].Int(2) != 0});
}

core::Result<std::map<int64_t, std::string>> LeadStore::AgencyNames(const std::set<int64_t>& ids) {
  std::map<int64_t, std::string> out;
  std::vector<int64_t> wanted;
  for (int64_t id : ids) {
    if (id > 0) wanted.push_back(id);
  }
  IPE_RETURN_IF_ERROR(ForChunks(tx_, "SELECT id, name FROM agencies WHERE id IN (", "", wanted,
                                [&](const Row& r) { out[r.Int(0)] = r.Text(1); }));
  return out;
}

// ---- correlation -------------------------------------------------------------------------

core::Status LeadStore::ForEachLeadKeys(const std::function<core::Status(const LeadKeys&)>& fn) {
  // Leads in id order, keys grouped per lead: the same insertion order as the live adds. A
  // batch of leads, then the keys of exactly that id range through lead_observables_lead.
  int64_t after = 0;
  for (;;) {
    IPE_ASSIGN_OR_RETURN(auto leads,
                         tx_.Query("SELECT id, agency_id, region_code FROM leads WHERE id > ? "
                                   "AND status <> 'merged' ORDER BY id LIMIT ?",
                                   {after, kKeyBatch}));
    if (leads.empty()) return core::Status::Ok();
    int64_t first = leads.front().Int(0);
    int64_t last = leads.back().Int(0);
    IPE_ASSIGN_OR_RETURN(auto keys,
                         tx_.Query("SELECT lead_id, key_type, key_value FROM lead_observables "
                                   "WHERE lead_id BETWEEN ? AND ? AND verdict = 'key' "
                                   "ORDER BY lead_id, id",
                                   {first, last}));
    size_t k = 0;
    for (const Row& r : leads) {
      LeadKeys lk;
      lk.lead_id = r.Int(0);
      lk.agency_id = r.OptInt(1);
      lk.region_code = r.Text(2);
      // Keys of merged leads inside the range are skipped by the merge-join on lead id.
      while (k < keys.size() && keys[k].Int(0) < lk.lead_id) ++k;
      for (; k < keys.size() && keys[k].Int(0) == lk.lead_id; ++k) {
        if (!keys[k].IsNull(1)) lk.keys.emplace_back(keys[k].Text(1), keys[k].Text(2));
      }
      IPE_RETURN_IF_ERROR(fn(lk));
    }
    after = last;
  }
}

core::Result<std::vector<LeadKeys>> LeadStore::KeysOf(const std::vector<int64_t>& lead_ids) {
  std::map<int64_t, LeadKeys> by_id;
  IPE_RETURN_IF_ERROR(ForChunks(tx_,
                                "SELECT id, agency_id, region_code FROM leads WHERE status <> "
                                "'merged' AND id IN (",
                                "", lead_ids, [&](const Row& r) {
                                  LeadKeys& lk = by_id[r.Int(0)];
                                  lk.lead_id = r.Int(0);
                                  lk.agency_id = r.OptInt(1);
                                  lk.region_code = r.Text(2);
                                }));
  IPE_RETURN_IF_ERROR(ForChunks(tx_,
                                "SELECT lead_id, key_type, key_value FROM lead_observables WHERE "
                                "verdict = 'key' AND lead_id IN (",
                                " ORDER BY lead_id, id", lead_ids, [&](const Row& r) {
                                  auto it = by_id.find(r.Int(0));
                                  if (it != by_id.end() && !r.IsNull(1)) {
                                    it->second.keys.emplace_back(r.Text(1), r.Text(2));
                                  }
                                }));
  std::vector<LeadKeys> out;
  for (auto& [id, lk] : by_id) out.push_back(std::move(lk));
  return out;
}

// ---- the lead change feed ----------------------------------------------------------------

core::Status LeadStore::AppendChanges(const std::vector<int64_t>& lead_ids, LeadChangeKind kind,
                                      core::Timestamp now) {
  if (lead_ids.empty()) return core::Status::Ok();
  // The head's row lock (taken by the UPDATE, held to commit) orders concurrent writers.
  IPE_ASSIGN_OR_RETURN(auto head,
                       tx_.Query("UPDATE feed_heads SET seq = seq + ? WHERE feed = 'leads' "
                                 "RETURNING seq",
                                 {static_cast<int64_t>(lead_ids.size())}));
  if (head.empty()) return core::Internal("feed_heads 缺少 leads 行 (migration 1050 missing)");
  int64_t seq = head[0].Int(0) - static_cast<int64_t>(lead_ids.size());
  const char* kind_text = kind == LeadChangeKind::kAdd ? "add" : "rebuild";
  std::vector<std::vector<Value>> rows;
  rows.reserve(lead_ids.size());
  for (int64_t id : lead_ids) rows.push_back({++seq, id, kind_text, now.seconds});
  IPE_RETURN_IF_ERROR(
      tx_.BulkInsert("lead_changes", {"seq", "lead_id", "kind", "created_at"}, rows));
  return storage::Announce(tx_, kLeadFeedChannel);
}

core::Result<int64_t> LeadStore::FeedHead() {
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query("SELECT seq FROM feed_heads WHERE feed = 'leads'"));
  return rows.empty() ? int64_t{0} : rows[0].Int(0);
}

core::Result<std::vector<LeadChange>> LeadStore::ChangesAfter(int64_t seq, int64_t limit) {
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query("SELECT seq, lead_id, kind, created_at FROM lead_changes "
                                            "WHERE seq > ? ORDER BY seq LIMIT ?",
                                            {seq, limit}));
  std::vector<LeadChange> out;
  out.reserve(rows.size());
  for (const Row& r : rows) {
    out.push_back({r.Int(0), r.Int(1),
                   r.Text(2) == "add" ? LeadChangeKind::kAdd : LeadChangeKind::kRebuild, r.Int(3)});
  }
  return out;
}

core::Result<int64_t> LeadStore::PruneChanges(core::Timestamp before) {
  return tx_.Exec("DELETE FROM lead_changes WHERE created_at < ?", {before.seconds});
}

core::Result<std::string> LeadStore::StoreIdentity() {
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query("SELECT store_id FROM store_identity WHERE singleton = 1"));
  if (rows.empty()) return core::NotFound("存储无标识 (store has no identity row)");
  return rows[0].Text(0);
}

core::Status LeadStore::RenewStoreIdentity(const std::string& store_id, core::Timestamp now) {
  IPE_ASSIGN_OR_RETURN(int64_t n, tx_.Exec("UPDATE store_identity SET store_id = ?, created_at = ? WHERE singleton = 1",
                                           {store_id, now.seconds}));
  if (n != 1) return core::NotFound("存储无标识 (store has no identity row)");
  return core::Status::Ok();
}

// ---- cross-region alerts -----------------------------------------------------------------

core::Result<std::optional<int64_t>> LeadStore::InsertAlert(
    int64_t lead_id, const std::string& cluster_key, const std::string& region_code,
    const std::vector<std::string>& regions, const std::vector<std::string>& agency_ids,
    int64_t size, core::Timestamp now) {
  IPE_ASSIGN_OR_RETURN(
      auto ins,
      tx_.Query("INSERT INTO lead_alerts (kind, lead_id, cluster_key, region_code, province_code, "
                "prefecture_code, regions, agency_ids, cluster_size, created_at) VALUES "
                "('cross_region_cluster', ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING "
                "RETURNING id",
                {lead_id, cluster_key, region_code, internal::ProvinceOf(region_code),
                 internal::PrefectureOf(region_code), internal::Join(regions, '|'),
                 internal::Join(agency_ids, '|'), size, now.seconds}));
  if (ins.empty()) return std::optional<int64_t>();
  return std::optional<int64_t>(ins[0].Int(0));
}

core::Result<Page<AlertRow>> LeadStore::ListAlerts(const std::string& region,
                                                   std::optional<bool> acknowledged,
                                                   const PageRequest& page, int64_t count_cap) {
  internal::ListQuery list("lead_alerts", "t");
  list.InRegion(region);
  if (acknowledged) {
    list.Where(*acknowledged ? "t.acknowledged_at IS NOT NULL" : "t.acknowledged_at IS NULL");
  }
  IPE_ASSIGN_OR_RETURN(auto count, list.Count(tx_, count_cap, page));
  Page<AlertRow> out;
  out.total = count.total;
  out.total_exact = count.exact;
  out.page = page.page;
  out.page_size = page.page_size;
  IPE_ASSIGN_OR_RETURN(auto ids, list.PageIds(tx_, page));
  std::map<int64_t, AlertRow> rows;
  IPE_RETURN_IF_ERROR(ForChunks(tx_,
                                std::string("SELECT ") + kAlertColumns +
                                    ", l.agency_id, l.region_code" + kAlertFrom +
                                    " JOIN leads l ON l.id = t.lead_id WHERE t.id IN (",
                                "", ids, [&](const Row& r) {
                                  AlertRow a{AlertFromRow(r), r.OptInt(10), r.Text(11)};
                                  rows.emplace(a.alert.id, std::move(a));
                                }));
  for (int64_t id : ids) {
    if (auto it = rows.find(id); it != rows.end()) out.items.push_back(std::move(it->second));
  }
  return out;
}

core::Result<LeadAlert> LeadStore::LoadAlert(int64_t id) {
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query(std::string("SELECT ") + kAlertColumns + kAlertFrom +
                                                " WHERE t.id = ?",
                                            {id}));
  if (rows.empty()) return core::NotFound("预警不存在 (alert not found): " + std::to_string(id));
  return AlertFromRow(rows[0]);
}

core::Status LeadStore::AcknowledgeAlert(int64_t id, std::optional<int64_t> by,
                                         const std::string& note, core::Timestamp now) {
  IPE_ASSIGN_OR_RETURN(
      int64_t updated,
      tx_.Exec("UPDATE lead_alerts SET acknowledged_at = ?, acknowledged_by = ?, ack_note = ? "
               "WHERE id = ? AND acknowledged_at IS NULL",
               {now.seconds, OptId(by), note, id}));
  if (updated == 0) return core::FailedPrecondition("预警已处理 (already acknowledged)");
  return core::Status::Ok();
}

core::Result<std::set<int64_t>> LeadStore::AlertedLeads() {
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query("SELECT DISTINCT lead_id FROM lead_alerts"));
  std::set<int64_t> out;
  for (const Row& r : rows) out.insert(r.Int(0));
  return out;
}

// ---- access requests ---------------------------------------------------------------------

core::Result<std::optional<int64_t>> LeadStore::OpenRequest(int64_t lead_id,
                                                            int64_t target_agency_id,
                                                            int64_t requester_id,
                                                            core::Timestamp now) {
  IPE_ASSIGN_OR_RETURN(auto rows,
                       tx_.Query("SELECT id FROM lead_access_requests WHERE lead_id = ? AND "
                                 "target_agency_id = ? AND requester_id = ? AND (status = "
                                 "'pending' OR (status = 'approved' AND expires_at > ?))",
                                 {lead_id, target_agency_id, requester_id, now.seconds}));
  if (rows.empty()) return std::optional<int64_t>();
  return std::optional<int64_t>(rows[0].Int(0));
}

core::Result<int64_t> LeadStore::InsertRequest(int64_t lead_id, int64_t target_agency_id,
                                               int64_t requester_id, int64_t requester_agency_id,
                                               const std::string& reason, core::Timestamp now) {
  IPE_ASSIGN_OR_RETURN(
      auto ins, tx_.Query("INSERT INTO lead_access_requests (lead_id, target_agency_id, "
                          "requester_id, requester_agency_id, reason, status, created_at) "
                          "VALUES (?, ?, ?, ?, ?, 'pending', ?) RETURNING id",
                          {lead_id, target_agency_id, requester_id, requester_agency_id, reason,
                           now.seconds}));
  return ins[0].Int(0);
}

core::Result<std::optional<AccessRequestRow>> LeadStore::LoadRequest(int64_t id, bool for_update) {
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query(std::string("SELECT ") + kRequestColumns +
                                                kRequestFrom + " WHERE r.id = ?" +
                                                internal::LockClause(tx_, for_update, "r"),
                                            {id}));
  if (rows.empty()) return std::optional<AccessRequestRow>();
  return std::optional<AccessRequestRow>(RequestFromRow(rows[0]));
}

core::Result<Page<AccessRequestRow>> LeadStore::ListRequests(const AccessRequestQuery& query,
                                                             const PageRequest& page) {
  internal::ListQuery list("lead_access_requests", "r");
  // Incoming: the agency's own requests (lead_access_requests_target_id), and for the office
  // those to unassigned leads and to agencies of its subtree.
  std::vector<std::string> mine;
  Params mine_params;
  if (query.target_agency) {
    mine.push_back("r.target_agency_id = ?");
    mine_params.emplace_back(*query.target_agency);
  }
  if (query.office_region) {
    mine.push_back("r.target_agency_id = 0 OR EXISTS (SELECT 1 FROM agencies a2 WHERE "
                   "a2.id = r.target_agency_id AND " +
                   internal::RegionSubtreeSql("a2.region_code", *query.office_region,
                                              mine_params) +
                   ")");
  }
  if (!mine.empty()) {
    std::string any;
    for (const std::string& m : mine) any += (any.empty() ? "((" : " OR (") + m + ")";
    list.WhereAll(any + ")", std::move(mine_params));
  }
  if (query.requester) list.Where("r.requester_id = ?", *query.requester);
  if (query.status) {
    const std::string& s = *query.status;
    if (s == "approved") {
      list.Where("r.status = 'approved' AND r.expires_at > ?", query.now.seconds);
    } else if (s == "expired") {
      list.Where("r.status = 'approved' AND r.expires_at <= ?", query.now.seconds);
    } else {
      list.Where("r.status = ?", s);
    }
  }
  IPE_ASSIGN_OR_RETURN(auto count, list.Count(tx_, query.count_cap, page));
  Page<AccessRequestRow> out;
  out.total = count.total;
  out.total_exact = count.exact;
  out.page = page.page;
  out.page_size = page.page_size;
  IPE_ASSIGN_OR_RETURN(auto ids, list.PageIds(tx_, page));
  std::map<int64_t, AccessRequestRow> rows;
  IPE_RETURN_IF_ERROR(ForChunks(tx_,
                                std::string("SELECT ") + kRequestColumns + kRequestFrom +
                                    " WHERE r.id IN (",
                                "", ids, [&](const Row& r) {
                                  AccessRequestRow a = RequestFromRow(r);
                                  rows.emplace(a.request.id, std::move(a));
                                }));
  for (int64_t id : ids) {
    if (auto it = rows.find(id); it != rows.end()) out.items.push_back(std::move(it->second));
  }
  return out;
}

core::Status LeadStore::DecideRequest(int64_t id, const std::string& status,
                                      std::optional<int64_t> by, const std::string& reason,
                                      std::optional<int64_t> expires_at, core::Timestamp now) {
  return tx_
      .Exec("UPDATE lead_access_requests SET status = ?, decided_by = ?, decided_at = ?, "
            "decision_reason = ?, expires_at = ? WHERE id = ?",
            {status, OptId(by), now.seconds, reason, OptId(expires_at), id})
      .status();
}

core::Status LeadStore::Grant(int64_t request_id, const std::vector<int64_t>& lead_ids) {
  std::vector<std::vector<Value>> rows;
  for (int64_t id : lead_ids) rows.push_back({request_id, id});
  if (rows.empty()) return core::Status::Ok();
  return tx_.BulkInsert("lead_access_grants", {"request_id", "lead_id"}, rows);
}

core::Result<std::map<int64_t, std::vector<int64_t>>> LeadStore::GrantedLeadsOf(
    const std::vector<int64_t>& request_ids) {
  std::map<int64_t, std::vector<int64_t>> out;
  IPE_RETURN_IF_ERROR(ForChunks(tx_,
                                "SELECT request_id, lead_id FROM lead_access_grants WHERE "
                                "request_id IN (",
                                " ORDER BY request_id, lead_id", request_ids,
                                [&](const Row& r) { out[r.Int(0)].push_back(r.Int(1)); }));
  return out;
}

core::Result<std::vector<std::pair<int64_t, int64_t>>> LeadStore::RunningGrants(
    int64_t user_id, core::Timestamp now) {
  IPE_ASSIGN_OR_RETURN(
      auto rows, tx_.Query("SELECT g.lead_id, r.expires_at FROM lead_access_grants g "
                           "JOIN lead_access_requests r ON r.id = g.request_id "
                           "WHERE r.requester_id = ? AND r.status = 'approved' AND "
                           "r.expires_at > ?",
                           {user_id, now.seconds}));
  std::vector<std::pair<int64_t, int64_t>> out;
  for (const Row& r : rows) out.emplace_back(r.Int(0), r.Int(1));
  return out;
}

core::Result<std::vector<AccessRequestRow>> LeadStore::RequestsFor(int64_t lead_id,
                                                                   int64_t user_id) {
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query(std::string("SELECT ") + kRequestColumns +
                                                kRequestFrom +
                                                " WHERE r.lead_id = ? AND r.requester_id = ? "
                                                "ORDER BY r.id",
                                            {lead_id, user_id}));
  std::vector<AccessRequestRow> out;
  for (const Row& r : rows) out.push_back(RequestFromRow(r));
  return out;
}

core::Status LeadStore::RebuildSearchIfStale(storage::Database& db) {
  return internal::RebuildTermIndexIfStale(db, kLeadSearch);
}

}  // namespace ipe::app
