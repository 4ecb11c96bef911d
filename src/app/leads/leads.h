#pragma once
// Leads (线索) and their correlation (串并案): intake from manual entry, CSV, systems (API) and the
// monitoring scanner; screening; merging; conversion to a case; linked records filtered by scope.
//
//   NewLead in{.source = "monitoring", .source_ref = "hit-8812", .region_code = "310115",
//              .category = "trademark", .title = "淘宝店铺销售假冒运动鞋",
//              .observables = {{"web_shop", "淘宝:fakeshoes88"}, {"phone", "139 1234 5678"}}};
//   auto added = AddLead(ctx, who, in);       // added->created == false on a resubmission
//   auto links = GetLeadLinks(ctx, who, added->lead.id);
//
// Every write: permission check (permissions.h), one transaction, one audit record. After the
// transaction commits the lead is linked in the process's correlation index
// (correlation_service.h); a cluster that starts to span two regions raises a lead_alerts row for
// the office. docs/leads.md describes the model and the API.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/context.h"
#include "app/leads/correlation_service.h"
#include "app/principal.h"
#include "core/status.h"
#include "core/time.h"
#include "storage/db.h"

namespace ipe::app {

/// The allowed sources and categories (category codes also pick the agency kind, leads.cc).
const std::vector<std::string>& LeadSources();     // manual, csv, api, monitoring, complaint
const std::vector<std::string>& LeadCategories();  // trademark, patent, copyright, …

struct LeadObservable {
  std::string type;   // observable type name (link/observable.h): phone, web_shop, url …
  std::string value;  // as entered
  // Filled in by the server:
  std::string verdict;    // "key" or "junk"
  std::string key_type;   // normalised key type ("domain" for a URL); "" for junk
  std::string key_value;  // normalised key; "" for junk
  std::string note;       // why junk
};

struct Lead {
  int64_t id = 0;
  std::string source;
  std::optional<std::string> source_ref;
  std::optional<int64_t> agency_id;  // nullopt = unassigned (the office assigns it)
  std::string agency_name;
  std::string region_code;
  std::string category;
  std::string title;
  std::string description;
  std::string status;  // new, accepted, dismissed, converted, merged
  std::string status_reason;
  std::optional<int64_t> merged_into;
  std::optional<int64_t> case_id;
  std::optional<int64_t> created_by;
  core::Timestamp created_at;
  core::Timestamp updated_at;
  std::vector<LeadObservable> observables;
  /// Set when the caller sees this lead only through an approved access request (申请查看):
  /// read-only, until this instant.
  std::optional<core::Timestamp> granted_until;
};

struct NewLead {
  std::string source = "manual";
  std::string source_ref;  // "" = no dedup key
  std::string region_code;
  std::string category;
  std::string title;
  std::string description;
  std::optional<int64_t> agency_id;  // explicit assignment; else by region and category
  std::vector<LeadObservable> observables;  // type + value
};

struct AddLeadResult {
  Lead lead;
  bool created = true;  // false: (source, source_ref) was known and the existing lead is returned
};

/// Roles that may submit leads: officer, agency_head, police, office, analyst, admin (and the
/// system principal). The lead's region must be inside the caller's. Observables are normalised
/// (link/normalise.h): a malformed value is a field error `observables[i]`; a junk value
/// (13800138000, 无) is kept with verdict "junk" and never links. The agency is `agency_id` when
/// given, else the first active agency whose kind serves the category, searched in the lead's
/// region and then up its ancestors (not the national level); none → unassigned.
/// Errors: InvalidArgument with field errors, PermissionDenied, NotFound (agency_id unknown).
/// When (source, source_ref) already exists, nothing is written and the existing lead comes back
/// with `created == false` (if the caller may see it; otherwise AlreadyExists without content).
core::Result<AddLeadResult> AddLead(Context& ctx, const Principal& who, const NewLead& input);

/// AddLead inside the caller's write transaction `tx` (the same checks, rows and "lead.create"
/// audit record); AlreadyExists when (source, source_ref) is known. The caller commits, then calls
/// IndexNewLeads so that the lead joins the correlation index (a crash in between is repaired by
/// the rebuild at the next start).
core::Result<Lead> AddLeadInTx(storage::Tx& tx, const Principal& who, core::Timestamp now,
                               const NewLead& input);
void IndexNewLeads(Context& ctx, const std::vector<Lead>& leads);

struct LeadFilter {
  std::optional<std::string> status;
  std::optional<std::string> source;
  std::optional<std::string> category;
  std::optional<std::string> region;       // subtree
  std::optional<int64_t> agency_id;
  std::optional<bool> unassigned;          // true: only leads without an agency
  std::optional<std::string> q;            // substring of the title
  std::optional<int64_t> case_id;          // the lead(s) converted into this case
};

/// Leads the caller may see (CanSeeRecord), newest first. Observables are not filled.
core::Result<Page<Lead>> ListLeads(Context& ctx, const Principal& who, const LeadFilter& f,
                                   const PageRequest& page);
/// One lead with its observables. NotFound when unknown or outside scope.
core::Result<Lead> GetLead(Context& ctx, const Principal& who, int64_t id);

/// A linked lead inside the caller's scope, with the keys it shares with the queried lead.
struct LinkedLead {
  int64_t id = 0;
  std::string title;
  std::string status;
  std::string region_code;
  std::optional<int64_t> agency_id;
  std::string agency_name;
  std::vector<std::pair<std::string, std::string>> keys;  // (key type, key value)
  /// Beyond the caller's scope but shown through an approved access request, until then.
  std::optional<core::Timestamp> granted_until;
};
/// "A matching record exists at agency X" — no id, region, key or count.
struct HiddenMatch {
  int64_t agency_id = 0;  // 0 = unassigned lead (held by the office)
  std::string agency_name;
  /// The caller's latest access request to that agency for this lead: pending, approved
  /// (only while some of the agency's matches are still hidden), refused, expired; "" = none.
  std::string request_status;
  int64_t request_id = 0;
};
struct LeadLinks {
  std::vector<LinkedLead> linked;   // share a strong key
  std::vector<HiddenMatch> beyond_scope;
  std::vector<LinkedLead> similar;  // share only weak keys (names, addresses), in scope
};
/// Records linked to lead `id`, filtered by the caller's scope (link::Scope from CanSeeRecord).
/// NotFound when the lead is unknown or outside scope.
core::Result<LeadLinks> GetLeadLinks(Context& ctx, const Principal& who, int64_t id);

/// Accept (reason optional) or dismiss (reason required) a new lead. FailedPrecondition when the
/// lead is not `new`; NotFound outside scope; PermissionDenied for auditors.
core::Result<Lead> ScreenLead(Context& ctx, const Principal& who, int64_t id, bool accept,
                              const std::string& reason);

/// Merges `from_ids` into lead `into_id`: their observables are copied to it, they become
/// `merged` with merged_into set. All must be visible, new or accepted, and distinct.
/// Every server's correlation index is rebuilt afterwards (it is append-only): a 'rebuild'
/// change of the lead feed (correlation_service.h).
core::Result<Lead> MergeLeads(Context& ctx, const Principal& who, int64_t into_id,
                              const std::vector<int64_t>& from_ids, const std::string& reason);

/// 转为案件: records that lead `lead_id` became case `case_id` (status converted). Called by the
/// cases module. New or accepted leads only (FailedPrecondition otherwise); NotFound outside scope.
core::Result<Lead> LinkLeadToCase(Context& ctx, const Principal& who, int64_t lead_id,
                                  int64_t case_id);
/// The same inside the caller's write transaction (the caller's audit record covers it).
core::Status LinkLeadToCaseInTx(storage::Tx& tx, const Principal& who, core::Timestamp now,
                                int64_t lead_id, int64_t case_id);

// ---- CSV import ----

struct ImportResult {
  int created = 0;
  int duplicates = 0;              // rows whose (csv, source_ref) already existed
  std::vector<int64_t> lead_ids;   // per data row: the new or existing lead
};
/// Imports leads from CSV text (UTF-8, optional BOM, RFC 4180 quoting). Header columns:
/// title, region_code, category (required), source_ref, description, agency_id, and any
/// observable type name (phone, web_shop, uscc, url …; several values in one cell separated by
/// ';' or '；'). All or nothing: any bad row gives InvalidArgument with field errors
/// `rows[N].column` (N = 1-based data row) and nothing is written. At most 5000 rows.
core::Result<ImportResult> ImportLeadsCsv(Context& ctx, const Principal& who,
                                          const std::string& csv_text);

// ---- Clusters and alerts ----

struct ClusterNode {
  int64_t lead_id = 0;
  std::string title;
  std::string status;
  std::string region_code;
  std::optional<int64_t> agency_id;
  std::string agency_name;
  std::vector<std::pair<std::string, std::string>> keys;  // keys tying it to the cluster
};
struct LeadCluster {
  int64_t handle = 0;  // smallest visible lead id: GET /leads/clusters/{handle}
  std::vector<ClusterNode> leads;                           // visible, by id
  std::vector<std::pair<std::string, std::string>> keys;    // tying keys held by a visible lead
  std::vector<HiddenMatch> beyond_scope;
  std::vector<std::string> regions;                         // of visible leads
  bool cross_region = false;
};
struct ClusterFilter {
  std::optional<bool> cross_region;
  std::optional<int64_t> min_size;  // visible leads, default 2
};
/// Clusters with at least one visible lead and at least `min_size` visible leads, largest first.
core::Result<Page<LeadCluster>> ListLeadClusters(Context& ctx, const Principal& who,
                                                 const ClusterFilter& f, const PageRequest& page);
/// The cluster of lead `lead_id` (any visible member). NotFound when unknown or outside scope.
core::Result<LeadCluster> GetLeadCluster(Context& ctx, const Principal& who, int64_t lead_id);

struct LeadAlert {
  int64_t id = 0;
  std::string kind;
  int64_t lead_id = 0;
  std::string region_code;
  std::vector<std::string> regions;
  int64_t cluster_size = 0;
  core::Timestamp created_at;
  std::optional<core::Timestamp> acknowledged_at;
  std::string acknowledged_by;  // display name
  std::string ack_note;
};
/// Cross-region alerts whose covering region lies in the caller's scope; office and admin roles
/// only (PermissionDenied otherwise: an analyst could not open the leads an alert points to). Newest first. `acknowledged`: only handled
/// (true) or open (false) alerts.
core::Result<Page<LeadAlert>> ListLeadAlerts(Context& ctx, const Principal& who,
                                             const PageRequest& page,
                                             std::optional<bool> acknowledged = std::nullopt);
/// 处理/已阅: the office (role office, the alert's covering region inside its own) marks an alert
/// handled with a note (required). FailedPrecondition when already handled; NotFound when unknown
/// or outside the caller's region; PermissionDenied for other roles. One audit record.
core::Result<LeadAlert> AcknowledgeLeadAlert(Context& ctx, const Principal& who, int64_t alert_id,
                                             const std::string& note);

/// 改派: moves lead `lead_id` (new or accepted) to agency `agency_id` with a reason (required).
/// Allowed to the office (the lead in its scope) and to the head (agency_head) of the lead's
/// current agency. The target must be active, differ from the current agency, and its region
/// must contain the lead's region (else its officers could not see it): field error
/// `agency_id`. The lead goes back to `new` for the new agency to screen. One audit record;
/// the correlation index is rebuilt (records carry their agency).
/// Errors: InvalidArgument, PermissionDenied, NotFound (lead invisible), FailedPrecondition.
core::Result<Lead> ReassignLead(Context& ctx, const Principal& who, int64_t lead_id,
                                int64_t agency_id, const std::string& reason);

struct AccessRequest {
  int64_t id = 0;
  int64_t lead_id = 0;
  int64_t target_agency_id = 0;
  std::string target_agency_name;
  int64_t requester_id = 0;
  std::string requester_name;
  int64_t requester_agency_id = 0;
  std::string requester_agency_name;
  std::string reason;
  std::string status;  // pending, approved, refused, expired (approved and past expires_at)
  core::Timestamp created_at;
  std::optional<core::Timestamp> decided_at;
  std::string decided_by;  // display name
  std::string decision_reason;
  std::optional<core::Timestamp> expires_at;
  /// Incoming: the holding agency's matching leads (visible to the decider). Outgoing: the
  /// granted leads while the approval runs; empty otherwise (never content before approval).
  std::vector<LinkedLead> records;
};
/// 申请查看: asks agency `target_agency_id` for access to its record matching lead `lead_id`.
/// The lead must be visible and the agency must really hold a hidden match (NotFound otherwise —
/// the same answer as for an unknown lead). Reason required. One row + one audit record.
/// AlreadyExists when the caller already has a pending or running request for the same lead
/// and agency.
core::Result<AccessRequest> RequestLeadAccess(Context& ctx, const Principal& who, int64_t lead_id,
                                              int64_t target_agency_id, const std::string& reason);

struct AccessRequestFilter {
  std::string box = "incoming";        // incoming: to decide (holding agency); outgoing: mine
  std::optional<std::string> status;   // pending, approved, refused, expired
};
/// Incoming: requests to the caller's agency (officer, agency_head) or, for the office, to any
/// agency in its region subtree and to unassigned leads. Outgoing: the caller's own requests.
/// Newest first. InvalidArgument for a bad box/status.
core::Result<Page<AccessRequest>> ListAccessRequests(Context& ctx, const Principal& who,
                                                     const AccessRequestFilter& f,
                                                     const PageRequest& page);

/// Approves or refuses a pending request. Deciders: an officer or agency_head of the holding
/// agency, or the office whose scope covers the holding agency's matching leads. Refusal needs
/// a reason. Approval grants the requester (that user only) read access to the holding agency's
/// leads that match the request's lead at this moment, for `days` (1–90) days; later matches are
/// not included. NotFound when unknown or not the caller's to decide; FailedPrecondition when
/// already decided or (approval) when no matching lead remains. One audit record.
core::Result<AccessRequest> DecideAccessRequest(Context& ctx, const Principal& who,
                                                int64_t request_id, bool approve,
                                                const std::string& reason, int days = 30);

// ---- 转为案件 ----

struct ConvertLeadInput {
  std::string case_number;                // the agency's case number (required)
  std::optional<std::string> title;       // default: the lead's title
  std::optional<std::string> category;    // case category; default mapped from the lead's
  std::optional<std::string> source;      // case source; default mapped from the lead's
};
struct ConvertLeadResult {
  Lead lead;        // status converted, case_id set
  int64_t case_id = 0;
  std::string case_number;
};
/// The case category / source a lead maps to by default (docs/leads.md § 转为案件).
std::string CaseCategoryForLead(const std::string& lead_category);
std::string CaseSourceForLead(const std::string& lead_source);
/// 转为案件: an accepted lead of the caller's agency becomes an administrative case of that agency
/// (cases.h CreateCaseInTx: region = the lead's, parties and rights mapped from the observables
/// the case model has fields for) and is linked to it (LinkLeadToCaseInTx) — one transaction,
/// two audit records (case.create, lead.convert), a timeline event on the case naming the lead.
/// Errors: PermissionDenied (not an officer/agency head, or the lead belongs to another agency);
/// NotFound (lead unknown or outside scope); FailedPrecondition (not accepted, already converted,
/// unassigned); InvalidArgument / AlreadyExists (the case's validation, a duplicate case number).
/// On any error nothing is written.
core::Result<ConvertLeadResult> ConvertLeadToCase(Context& ctx, const Principal& who,
                                                  int64_t lead_id, const ConvertLeadInput& input);

struct LeadsStartReport {
  size_t records = 0;   // leads in the correlation index
  size_t clusters = 0;  // clusters of two or more leads
  int alerts_raised = 0;  // cross-region clusters that had no alert (lost in a crash)
  double seconds = 0;   // loading or building the index, and catching up
  bool from_snapshot = false;  // the index came from the snapshot file (SnapshotOptions)
  int64_t snapshot_seq = 0;    // … written at this feed position
  size_t snapshot_bytes = 0;
  int64_t caught_up = 0;       // changes applied after the snapshot's position
  bool rebuilt_after_load = false;  // a 'rebuild' change among them rebuilt the index anyway
  RebuildReason why = RebuildReason::kNone;  // why the index was built from the store …
  std::string rebuild_reason;                // … in words (!from_snapshot)
};
/// Loads the process's correlation index from its snapshot file, or builds it from the store
/// (CorrelationService::LoadOrRebuild says which and why), catches up with the lead feed, raises
/// the alert of any cross-region cluster none of whose leads has one, and starts following the
/// feed. Called once at server start (after ConfigureCorrelation, when snapshots are wanted).
core::Result<LeadsStartReport> StartLeads(Context& ctx);
/// The report as one log line (zh-CN first): which path the start took and its figures.
std::string DescribeLeadsStart(const LeadsStartReport& report);
/// Stops following the feed and writes a last index snapshot when configured: at a clean
/// shutdown. Errors: the snapshot's (the server stops anyway).
core::Status StopLeads(Context& ctx);

/// Demo leads in three regions sharing a phone and a web shop (a cross-region cluster), plus two
/// unrelated ones. Idempotent (dedup keys). Called from LoadDemoData.
core::Status LoadLeadsDemo(Context& ctx);

}  // namespace ipe::app
