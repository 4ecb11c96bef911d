#pragma once
// LeadStore: every SQL statement of the leads area (leads, observables, cross-region alerts,
// access requests and grants, the keys the correlation index is built from, the search index)
// in one place. The use cases (leads.cc, leads_workflow.cc, correlation_service.cc) decide who
// may do what, validate, audit and raise alerts; the store reads and writes rows inside the
// caller's transaction.
//
// Lists are served by (column, id) indexes that give the list order (id descending) for every
// filter the UI offers, the rows of a page and their children are loaded in one query per kind,
// counts stop at kCountCap, and the title is searched through the term index of
// core/search_terms.h with a substring recheck (app/internal/list_store.h). docs/leads.md,
// "At volume".
//
//   LeadStore store(*tx);
//   IPE_ASSIGN_OR_RETURN(auto page, store.List(query, page_request));

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "app/internal/list_store.h"
#include "app/leads/leads.h"
#include "core/status.h"
#include "core/time.h"
#include "storage/db.h"

namespace ipe::app {

/// The name shown for a lead without an agency: the office assigns it.
inline constexpr const char* kUnassignedAgencyName = "待分派（领导小组办公室）";

/// A list request with the viewer's scope already decided by the use case.
struct LeadQuery {
  std::string scope_region = "000000";  // the viewer's region subtree
  std::optional<int64_t> scope_agency;  // the viewer's agency when not supervisory
  LeadFilter filter;                    // validated
  int64_t count_cap = kCountCap;        // counting stops past max(count_cap, the page's end)
  int64_t term_walk_limit = internal::kTermWalkLimit;  // see internal::ListQuery::TermWalkLimit
};

/// A new lead row as the use case decided it (validated input, agency, creator, time).
struct NewLeadRow {
  const NewLead* input = nullptr;
  std::optional<int64_t> agency_id;  // none: unassigned
  std::optional<int64_t> created_by;  // none: the system
  core::Timestamp now;
};

/// An agency that may serve a lead (PickAgency in leads.cc chooses among them).
struct AgencyCandidate {
  int64_t id = 0;
  std::string region_code;
  std::string kind;
};

/// An agency as reassignment checks it.
struct AgencyRecord {
  std::string name;
  std::string region_code;
  bool active = false;
};

/// A cross-region alert with what decides whether its lead may be named to a viewer.
struct AlertRow {
  LeadAlert alert;
  std::optional<int64_t> lead_agency_id;
  std::string lead_region;
};

/// A stored access request (status as stored: "approved" past its expiry is the caller's to
/// read as "expired").
struct AccessRequestRow {
  AccessRequest request;
  std::string stored_status;
  std::optional<int64_t> expires_at;  // epoch seconds
};

/// Which access requests a list shows, decided by the use case.
struct AccessRequestQuery {
  std::optional<int64_t> target_agency;     // incoming: requests to this agency
  std::optional<std::string> office_region; // incoming (office): unassigned + agencies of this subtree
  std::optional<int64_t> requester;         // outgoing: this user's requests
  std::optional<std::string> status;        // effective status: pending, approved, refused, expired
  core::Timestamp now;
  int64_t count_cap = kCountCap;
};

/// One lead's keys as the correlation index takes them.
struct LeadKeys {
  int64_t lead_id = 0;
  std::optional<int64_t> agency_id;
  std::string region_code;
  std::vector<std::pair<std::string, std::string>> keys;  // (key type, key value), in entry order
};

/// What a change of the lead feed asks followers to do.
enum class LeadChangeKind {
  kAdd,      // a new lead: add its keys to the index
  kRebuild,  // a change the append-only index cannot follow (merge, reassignment): rebuild
};

/// The channel announcing the lead feed (storage::Announce / Listen).
inline constexpr std::string_view kLeadFeedChannel = "ipe_lead_feed";

struct LeadChange {
  int64_t seq = 0;
  int64_t lead_id = 0;
  LeadChangeKind kind = LeadChangeKind::kAdd;
  int64_t created_at = 0;  // seconds; with lead_id, tells this change from another at its seq
};

class LeadStore {
 public:
  explicit LeadStore(storage::Tx& tx) : tx_(tx) {}

  // --- leads -----------------------------------------------------------------------------
  /// The lead (without observables), or nullopt. `for_update` locks the row on PostgreSQL.
  core::Result<std::optional<Lead>> Find(int64_t id, bool for_update = false);
  /// Leads by id (without observables), in one query per kInListChunk ids; unknown ids are absent.
  core::Result<std::map<int64_t, Lead>> LoadMany(const std::vector<int64_t>& ids);
  core::Result<std::vector<LeadObservable>> Observables(int64_t lead_id);
  /// The observables of many leads (entry order each), one query per kInListChunk leads.
  core::Result<std::map<int64_t, std::vector<LeadObservable>>> ObservablesOf(
      const std::vector<int64_t>& lead_ids);
  /// A page of leads, newest first; observables are not loaded.
  core::Result<Page<Lead>> List(const LeadQuery& query, const PageRequest& page);
  /// The id of the lead with that dedup key, if any ("" = no key, none).
  core::Result<std::optional<int64_t>> IdBySourceRef(const std::string& source,
                                                     const std::string& source_ref);
  /// The ids of the leads of `source` with these dedup keys, by key (unknown keys are absent);
  /// one query per kInListChunk keys.
  core::Result<std::map<std::string, int64_t>> IdsBySourceRefs(const std::string& source,
                                                               const std::vector<std::string>& refs);

  /// Inserts the lead and its observables and indexes its title for search. AlreadyExists on a
  /// (source, source_ref) taken meanwhile.
  core::Result<int64_t> Insert(const NewLeadRow& row);
  core::Status AddObservables(int64_t lead_id, const std::vector<LeadObservable>& obs);
  core::Status SetStatus(int64_t id, const std::string& status, const std::string& reason,
                         core::Timestamp now);
  core::Status MarkMerged(int64_t id, int64_t into_id, const std::string& reason,
                          core::Timestamp now);
  core::Status Touch(int64_t id, core::Timestamp now);
  core::Status MarkConverted(int64_t id, int64_t case_id, core::Timestamp now);
  /// Moves the lead to `agency_id`, back to status new.
  core::Status Reassign(int64_t id, int64_t agency_id, const std::string& reason,
                        core::Timestamp now);

  // --- agencies as the leads area reads them ---------------------------------------------
  /// Active agencies in one of `regions` of one of `kinds`, by id.
  core::Result<std::vector<AgencyCandidate>> AgencyCandidates(
      const std::vector<std::string>& regions, const std::vector<const char*>& kinds);
  core::Result<std::optional<AgencyRecord>> Agency(int64_t agency_id);
  /// Names of the given agencies (positive ids only; unknown ids are absent).
  core::Result<std::map<int64_t, std::string>> AgencyNames(const std::set<int64_t>& ids);

  // --- correlation -----------------------------------------------------------------------
  /// Every non-merged lead with its keys, in id order, in batches (memory stays flat).
  core::Status ForEachLeadKeys(const std::function<core::Status(const LeadKeys&)>& fn);

  /// The keys of the given non-merged leads, in id order (leads absent or merged are left out).
  core::Result<std::vector<LeadKeys>> KeysOf(const std::vector<int64_t>& lead_ids);

  // --- the lead change feed (docs/scale-out.md) --------------------------------------------
  /// Appends one change per lead, numbered after the feed's head, and announces the feed.
  /// Holds the head's row lock until the transaction ends, so numbers commit in order.
  core::Status AppendChanges(const std::vector<int64_t>& lead_ids, LeadChangeKind kind,
                             core::Timestamp now);
  /// The sequence number of the newest committed change (0 for none).
  core::Result<int64_t> FeedHead();
  /// Changes after `seq`, oldest first, at most `limit`.
  core::Result<std::vector<LeadChange>> ChangesAfter(int64_t seq, int64_t limit);
  /// Deletes the changes written before `before`; the number deleted. A server still behind
  /// them sees the gap and rebuilds (CorrelationService::CatchUp), so no change is ever missed.
  core::Result<int64_t> PruneChanges(core::Timestamp before);
  /// The store's identity (store_identity, migration 1310): a random id made once per store, which
  /// the correlation index snapshot names. NotFound on a store without it (not migrated).
  core::Result<std::string> StoreIdentity();
  /// Gives the store a new identity `store_id` (app::RecordRestore, after a restore): files kept
  /// outside about the store as it was — the servers' index snapshots — then name another store.
  core::Status RenewStoreIdentity(const std::string& store_id, core::Timestamp now);

  // --- cross-region alerts ---------------------------------------------------------------
  /// Inserts the alert of the cluster `cluster_key` unless that cluster has one already: the id,
  /// or nullopt (nothing written) when another server raised it first.
  core::Result<std::optional<int64_t>> InsertAlert(int64_t lead_id, const std::string& cluster_key,
                                                   const std::string& region_code,
                                                   const std::vector<std::string>& regions,
                                                   const std::vector<std::string>& agency_ids,
                                                   int64_t size, core::Timestamp now);
  /// Alerts whose covering region lies in `region` (its subtree), newest first.
  core::Result<Page<AlertRow>> ListAlerts(const std::string& region,
                                          std::optional<bool> acknowledged,
                                          const PageRequest& page, int64_t count_cap = kCountCap);
  /// The alert or NotFound.
  core::Result<LeadAlert> LoadAlert(int64_t id);
  /// Acknowledges an open alert; FailedPrecondition (409) when acknowledged meanwhile.
  core::Status AcknowledgeAlert(int64_t id, std::optional<int64_t> by, const std::string& note,
                                core::Timestamp now);
  /// Leads that have an alert.
  core::Result<std::set<int64_t>> AlertedLeads();

  // --- access requests (申请查看) ----------------------------------------------------------
  /// The id of a pending or running request of `requester` for (lead, target agency), if any.
  core::Result<std::optional<int64_t>> OpenRequest(int64_t lead_id, int64_t target_agency_id,
                                                   int64_t requester_id, core::Timestamp now);
  core::Result<int64_t> InsertRequest(int64_t lead_id, int64_t target_agency_id,
                                      int64_t requester_id, int64_t requester_agency_id,
                                      const std::string& reason, core::Timestamp now);
  /// The request or nullopt; `for_update` locks it on PostgreSQL.
  core::Result<std::optional<AccessRequestRow>> LoadRequest(int64_t id, bool for_update);
  core::Result<Page<AccessRequestRow>> ListRequests(const AccessRequestQuery& query,
                                                    const PageRequest& page);
  core::Status DecideRequest(int64_t id, const std::string& status, std::optional<int64_t> by,
                             const std::string& reason, std::optional<int64_t> expires_at,
                             core::Timestamp now);
  core::Status Grant(int64_t request_id, const std::vector<int64_t>& lead_ids);
  /// The leads granted by each of `request_ids`, in lead id order (one query per chunk).
  core::Result<std::map<int64_t, std::vector<int64_t>>> GrantedLeadsOf(
      const std::vector<int64_t>& request_ids);
  /// (lead id, until) of every grant of `user_id`'s approved requests that run past `now`.
  core::Result<std::vector<std::pair<int64_t, int64_t>>> RunningGrants(int64_t user_id,
                                                                       core::Timestamp now);
  /// `user_id`'s requests for lead `lead_id`, oldest first.
  core::Result<std::vector<AccessRequestRow>> RequestsFor(int64_t lead_id, int64_t user_id);

  /// Rebuilds the lead search index when its recorded term version is older than the code's
  /// (a store upgraded from before the index). Called at start (cli/database.cc).
  static core::Status RebuildSearchIfStale(storage::Database& db);

 private:
  storage::Tx& tx_;
};

}  // namespace ipe::app
