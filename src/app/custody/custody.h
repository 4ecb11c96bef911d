#pragma once
// 涉案物品与无害化销毁 (issue 17): seized item lines registered from a case, their movements as
// events under the custody invariant (custody/ledger.h), the stores and who holds their keys, a
// reconciliation report, the directory of harmless-destruction units, and destructions from
// application to closing with a public certificate check. The rules (which method and which
// licensed unit fit a category) are in custody/destruction.h. docs/custody.md.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/cases/cases.h"
#include "app/context.h"
#include "app/principal.h"
#include "core/money.h"
#include "core/status.h"
#include "core/time.h"
#include "custody/ledger.h"

namespace ipe::app {

// ---- stores ----

/// A store (保管场所) and its keeper (保管员: who holds the key).
struct Storeroom {
  int64_t id = 0;
  int64_t agency_id = 0;
  std::string region_code;
  std::string name;
  std::string address;
  std::optional<int64_t> keeper_user_id;
  std::string keeper_name;
  int64_t version = 1;
};
struct StoreInput {
  std::string name;
  std::string address;
  std::optional<int64_t> keeper_user_id;  // a user of the same agency
};
/// A store of the caller's agency. InvalidArgument with field errors (name, keeper_user_id);
/// AlreadyExists for a name the agency already uses.
core::Result<Storeroom> CreateStoreroom(Context& ctx, const Principal& who, const StoreInput& in);
/// The caller's agency's stores (supervisors: every agency's in their region).
core::Result<Page<Storeroom>> ListStorerooms(Context& ctx, const Principal& who,
                                                   const PageRequest& page);

// ---- item lines ----

struct CustodyItem {
  int64_t id = 0;
  int64_t case_id = 0;
  int64_t agency_id = 0;
  std::string region_code;
  std::string label_no;
  std::string source_kind;  // case | customs | police
  std::string description;
  std::string category;
  std::string unit;
  std::optional<int64_t> weight_g;
  std::optional<core::Fen> value;
  std::string rights_holder;
  std::string seal_numbers;
  std::vector<std::string> photo_hashes;
  std::optional<int64_t> store_id;
  std::string store_name;
  core::Date seized_on;
  custody::Balance balance;
  int64_t version = 1;
  core::Timestamp created_at;
  core::Timestamp updated_at;
};

struct CustodyMovement {
  int64_t id = 0;
  int64_t item_id = 0;
  std::string kind;  // "seize" (registration) or a custody::MovementKinds key
  int64_t quantity = 0;
  std::optional<int64_t> from_store_id;
  std::optional<int64_t> to_store_id;
  std::optional<int64_t> destruction_id;
  std::string reference;
  std::string note;
  std::optional<int64_t> actor_id;
  core::Timestamp at;
};

struct ItemInput {
  std::string source_kind = "case";
  std::string description;
  std::string category;
  std::string unit;
  int64_t quantity = 0;
  std::optional<int64_t> weight_g;
  std::optional<core::Fen> value;
  std::string rights_holder;
  std::string seal_numbers;
  std::vector<std::string> photo_hashes;  // SHA-256 hex
  std::optional<int64_t> store_id;
  std::optional<core::Date> seized_on;  // default today
};
/// Registers a seized line of the case (own agency, custody.write): all of it in custody, a
/// label number, a "seize" movement (and "store_in" when a store is given). InvalidArgument with
/// field errors, nothing written; NotFound for a case outside scope.
core::Result<CustodyItem> RegisterCustodyItem(Context& ctx, const Principal& who, int64_t case_id,
                                              const ItemInput& in);

/// Item lines in the caller's scope (custody.read), newest first; with `case_id` the case's
/// (NotFound for a case outside scope).
core::Result<Page<CustodyItem>> ListCustodyItems(Context& ctx, const Principal& who,
                                                 std::optional<int64_t> case_id, const PageRequest& page);
/// A photo of a seized item line kept by the platform (registration, sealing, sampling …).
/// Photos are evidence: added, never replaced or deleted; each carries the SHA-256 of its bytes.
struct CustodyPhoto {
  int64_t id = 0;
  int64_t item_id = 0;
  std::string filename;
  std::string content_type;  // image/jpeg | image/png
  int64_t size = 0;          // bytes
  std::string sha256;        // lower-case hex of the bytes
  std::string uploaded_by;   // the officer's display name
  core::Timestamp uploaded_at;
};
/// At most this many photos per line, each at most this many bytes (docs/custody.md).
inline constexpr size_t kMaxItemPhotos = 10;
inline constexpr size_t kMaxItemPhotoBytes = 4u << 20;

struct CustodyItemDetail {
  CustodyItem item;
  std::vector<CustodyMovement> movements;
  std::vector<CustodyPhoto> photos;
};
core::Result<CustodyItemDetail> GetCustodyItem(Context& ctx, const Principal& who, int64_t id);

struct PhotoInput {
  std::string filename;
  std::string content_type;
  std::string data_base64;
};
/// Adds a photo to an item line of the caller's agency (custody.write): JPEG or PNG by its bytes,
/// at most kMaxItemPhotoBytes, at most kMaxItemPhotos per line; audited with its SHA-256.
/// InvalidArgument with field errors and nothing written for a bad file; NotFound outside scope;
/// PermissionDenied for another agency's line; FailedPrecondition when the line has its 10.
core::Result<CustodyPhoto> AddCustodyPhoto(Context& ctx, const Principal& who, int64_t item_id,
                                           const PhotoInput& in);
/// A photo's bytes for whoever may read the item line (custody.read in scope).
core::Result<std::pair<CustodyPhoto, std::string>> GetCustodyPhoto(Context& ctx, const Principal& who,
                                                                   int64_t item_id, int64_t photo_id);

struct MovementInput {
  std::string kind;          // a custody::MovementKinds key other than "destroy"
  int64_t quantity = 0;      // store_in / move: the quantity held
  std::optional<int64_t> to_store_id;  // store_in / move
  std::string reference;     // hand_over: the transfer number; retain: the civil case
  std::string note;
  int64_t version = 0;       // the line's version the caller saw
};
/// One movement, checked against the invariant in the write transaction. InvalidArgument for
/// bad input; FailedPrecondition (409) when the line holds too little, for "destroy" (only a
/// destruction's execution destroys), or when another write changed the line since `version`.
core::Result<CustodyItem> RecordMovement(Context& ctx, const Principal& who, int64_t item_id,
                                         const MovementInput& in);

// ---- the custody statement of a case (涉案物品保管情况) ----

/// Every line of a case with its balance as of a day (the movements up to the end of that day,
/// Beijing time, replayed through custody::Apply; the seizure counts from the line's seizure
/// date), and those movements.
struct CustodyStatement {
  int64_t case_id = 0;
  std::string case_number;
  std::string case_title;
  std::string agency_name;
  core::Date as_of;
  struct Line {
    CustodyItem item;          // as stored now
    custody::Balance balance;  // as of `as_of`
  };
  std::vector<Line> lines;     // lines seized by `as_of`, in label order
  struct Movement {
    std::string label_no;
    core::Date on;  // the seizure date for "seize", else the day it was recorded (Beijing)
    CustodyMovement movement;
  };
  std::vector<Movement> movements;  // up to `as_of`, by day
};
/// custody.read and the case in scope (NotFound otherwise); `as_of` not after today (field
/// error). At most kMaxStatementLines lines (InvalidArgument beyond: a case that size is exported
/// from the ledger instead).
inline constexpr int kMaxStatementLines = 500;
core::Result<CustodyStatement> CustodyStatementOf(Context& ctx, const Principal& who, int64_t case_id,
                                                  core::Date as_of);

// ---- reconciliation ----

struct ReconciliationRow {
  int64_t agency_id = 0;
  std::string agency_name;
  std::optional<int64_t> store_id;  // none: lines not in any store
  std::string store_name;
  int64_t lines = 0;
  custody::Balance totals;          // summed over lines (mixed units: counts of units)
  int64_t held_too_long = 0;        // lines with quantity in custody, older than the threshold,
                                    // in no open destruction
  bool balanced = true;
};
struct HeldItem {
  CustodyItem item;
  int64_t days_held = 0;
};
struct Reconciliation {
  int held_days = 0;
  std::vector<ReconciliationRow> rows;
  std::vector<HeldItem> held;  // the lines held too long, oldest first (at most 200)
};
/// Per store and agency within the caller's scope. `held_days` (1–3650): after how many days a
/// line still in custody without a destruction counts as held too long.
core::Result<Reconciliation> CustodyReconciliation(Context& ctx, const Principal& who, int held_days);

// ---- the directory of harmless-destruction units ----

struct DestructionUnit {
  int64_t id = 0;
  std::string name;
  std::string region_code;
  std::string region_name;
  std::string address;
  std::vector<std::string> capabilities;
  std::string licence_no;
  core::Date licence_valid_until;
  int64_t capacity_tonnes = 0;
  bool active = true;
  int64_t version = 1;
  bool licence_expired = false;   // derived for today
  bool licence_expiring = false;  // within kLicenceWarningDays
};
/// Licences expiring within this many days are flagged (工作台 and the directory).
inline constexpr int kLicenceWarningDays = 60;
struct UnitInput {
  std::string name;
  std::string region_code;
  std::string address;
  std::vector<std::string> capabilities;
  std::string licence_no;
  std::optional<core::Date> licence_valid_until;
  int64_t capacity_tonnes = 0;
  bool active = true;
};
/// The office and admins keep the directory of their region (destruction_unit.manage).
core::Result<DestructionUnit> CreateDestructionUnit(Context& ctx, const Principal& who,
                                                    const UnitInput& in);
core::Result<DestructionUnit> UpdateDestructionUnit(Context& ctx, const Principal& who, int64_t id,
                                                    const UnitInput& in, int64_t version);
struct UnitFilter {
  std::optional<std::string> region;      // subtree
  std::optional<std::string> capability;
  bool include_inactive = false;
  std::optional<core::Date> licence_ending_by;  // licences valid until this day or earlier
};
/// Every signed-in user and the public portal (active units only) read the directory.
core::Result<Page<DestructionUnit>> ListDestructionUnits(Context& ctx, const UnitFilter& f,
                                                         const PageRequest& page);
/// The units able to destroy the items (their categories) by `method` today, nearest to the
/// caller's agency first (custody::RankUnits).
core::Result<std::vector<DestructionUnit>> ProposeDestructionUnits(
    Context& ctx, const Principal& who, const std::vector<int64_t>& item_ids, const std::string& method);

// ---- destructions ----

struct DestructionLine {
  int64_t item_id = 0;
  int64_t quantity = 0;
  std::string description;
  std::string category;
  std::string unit;
  std::string label_no;
};
/// applied → approved | rejected → executed → supervised → closed.
struct Destruction {
  int64_t id = 0;
  int64_t case_id = 0;
  int64_t agency_id = 0;
  std::string agency_name;
  std::string region_code;
  std::string status;
  std::string method;
  int64_t proposed_unit_id = 0;
  std::string proposed_unit_name;
  core::Date planned_on;
  std::string note;
  std::optional<int64_t> applied_by;
  std::optional<int64_t> approved_by;
  std::optional<core::Timestamp> decided_at;
  std::string decision_note;
  std::optional<int64_t> unit_id;
  std::string unit_name;
  std::optional<core::Date> executed_on;
  std::string execution_note;
  std::vector<std::string> supervisors;
  std::vector<std::string> evidence_hashes;
  std::optional<int64_t> weight_before_g;
  std::optional<int64_t> weight_after_g;
  std::optional<std::string> certificate_no;
  std::optional<core::Timestamp> closed_at;
  std::optional<int64_t> campaign_id;  // the destruction campaign it is attached to (one at most)
  std::string campaign_name;
  int64_t version = 1;
  core::Timestamp created_at;
  core::Timestamp updated_at;
  std::vector<DestructionLine> lines;
};
const std::vector<CodeLabel>& DestructionStatuses();

struct DestructionInput {
  std::vector<std::pair<int64_t, int64_t>> lines;  // item id, quantity
  std::string method;
  int64_t unit_id = 0;
  std::optional<core::Date> planned_on;
  std::string note;
};
/// 销毁申请 for lines of one case (own agency, custody.write): each quantity at most what the
/// line holds less what open applications already claim; the proposed unit must fit every
/// line's category by the method (rules/custody). InvalidArgument with field errors (lines,
/// method, unit_id, planned_on) or FailedPrecondition (409) with the reasons.
core::Result<Destruction> ApplyForDestruction(Context& ctx, const Principal& who, int64_t case_id,
                                              const DestructionInput& in);
/// The agency head approves or rejects an application of the agency (destruction.approve).
core::Result<Destruction> DecideDestruction(Context& ctx, const Principal& who, int64_t id,
                                            bool approve, const std::string& note, int64_t version);
struct ExecutionInput {
  int64_t unit_id = 0;  // the unit that destroyed the goods
  std::optional<core::Date> executed_on;
  std::string note;
  int64_t version = 0;
};
/// The execution record: refused (409) when the unit's capabilities or licence do not fit a
/// line's category; otherwise every line's quantity moves to "destroyed" in this transaction
/// (the invariant checked per line).
core::Result<Destruction> RecordDestructionExecution(Context& ctx, const Principal& who, int64_t id,
                                                     const ExecutionInput& in);
struct SupervisionInput {
  std::vector<std::string> supervisors;      // at least two officers
  std::vector<std::string> evidence_hashes;  // SHA-256 hex of photos and videos, at least one
  int64_t weight_before_g = 0;
  int64_t weight_after_g = 0;
  int64_t version = 0;
};
core::Result<Destruction> RecordDestructionSupervision(Context& ctx, const Principal& who, int64_t id,
                                                       const SupervisionInput& in);
/// Closes a supervised destruction and gives it its certificate number (XH + year + id).
core::Result<Destruction> CloseDestruction(Context& ctx, const Principal& who, int64_t id,
                                           int64_t version);
struct DestructionFilter {
  std::optional<std::string> status;
  std::optional<int64_t> case_id;
  std::optional<int64_t> campaign_id;
};
core::Result<Page<Destruction>> ListDestructions(Context& ctx, const Principal& who,
                                                 const DestructionFilter& f, const PageRequest& page);
core::Result<Destruction> GetDestruction(Context& ctx, const Principal& who, int64_t id);

/// What the public verification page shows of a closed destruction: what, how much, when, by
/// whom — agencies and units only, no personal data.
struct PublicCertificate {
  std::string certificate_no;
  std::string agency_name;
  std::string unit_name;
  std::string unit_licence_no;
  std::string method;
  core::Date executed_on;
  std::optional<int64_t> weight_before_g;
  std::optional<int64_t> weight_after_g;
  struct Line {
    std::string description;
    std::string category;
    int64_t quantity;
    std::string unit;
  };
  std::vector<Line> lines;
};
/// NotFound for a number no closed destruction carries.
core::Result<PublicCertificate> VerifyDestructionCertificate(Context& ctx, const std::string& number);

// ---- reporting: the environment department's notice and the per-region summary ----

/// 通报生态环境部门: every destruction of the caller's scope planned or executed in [from, to]
/// (at most 2,000, oldest plan first) — each plan and its result — for the notice an agency or the
/// office sends to the region's environment department (custody.read; a span of at most 366 days).
core::Result<std::vector<Destruction>> EnvironmentNotice(Context& ctx, const Principal& who,
                                                         core::Date from, core::Date to);

/// One province's destructions executed in [from, to] (the campaign report: items, weight, value).
struct DestructionSummaryRow {
  std::string province_code;
  std::string province_name;
  int64_t destructions = 0;
  int64_t lines = 0;
  int64_t quantity = 0;         // summed over lines of mixed units: a count of units
  int64_t weight_before_g = 0;  // as supervised
  core::Fen value;              // each line's value × destroyed / seized (fen, rounded down)
};
core::Result<std::vector<DestructionSummaryRow>> DestructionSummary(Context& ctx, const Principal& who,
                                                                    core::Date from, core::Date to);

// ---- destruction campaigns (销毁活动) ----

/// A campaign the office creates (e.g. a national day of destruction): a period and the regions
/// it covers (each code covers its subtree). Agencies attach their destructions to an open
/// campaign whose period holds the destruction's date (executed, else planned) and whose regions
/// hold its region; a destruction belongs to one campaign at most.
struct DestructionCampaign {
  int64_t id = 0;
  std::string name;
  core::Date starts_on;
  core::Date ends_on;
  std::vector<std::string> regions;
  std::string region_code;  // the creating office's region (who may close it)
  std::string note;
  std::string status;       // open | closed
  std::optional<int64_t> created_by;
  int64_t version = 1;
  int64_t destructions = 0;  // attached, in the reader's scope
  core::Timestamp created_at;
  core::Timestamp updated_at;
};
const std::vector<CodeLabel>& CampaignStatuses();
struct CampaignInput {
  std::string name;
  std::optional<core::Date> starts_on;
  std::optional<core::Date> ends_on;
  std::vector<std::string> regions;
  std::string note;
};
/// The office creates a campaign over regions within its own (destruction_campaign.manage).
/// InvalidArgument with field errors (name, starts_on, ends_on, regions, note), nothing written.
core::Result<DestructionCampaign> CreateDestructionCampaign(Context& ctx, const Principal& who,
                                                            const CampaignInput& in);
/// Closes an open campaign of the office's region: no destruction attaches or detaches after.
core::Result<DestructionCampaign> CloseDestructionCampaign(Context& ctx, const Principal& who,
                                                           int64_t id, int64_t version);
/// Every campaign (custody.read: agencies need the open ones to attach to), newest first.
core::Result<Page<DestructionCampaign>> ListDestructionCampaigns(Context& ctx, const Principal& who,
                                                                 std::optional<std::string> status,
                                                                 const PageRequest& page);
/// A campaign and its summary by province: the attached destructions of the reader's scope that
/// were executed (the same figures as DestructionSummary).
struct CampaignReport {
  DestructionCampaign campaign;
  std::vector<DestructionSummaryRow> rows;
};
core::Result<CampaignReport> GetDestructionCampaign(Context& ctx, const Principal& who, int64_t id);
/// The campaign's summary by province as a file: "csv" (UTF-8 with BOM) or "xlsx" (src/sheet),
/// a total row last; weights in kilograms, values in yuan.
struct CampaignExport {
  std::string filename;
  std::string content_type;
  std::string bytes;
};
core::Result<CampaignExport> ExportDestructionCampaign(Context& ctx, const Principal& who, int64_t id,
                                                       const std::string& format);
/// Attaches (campaign_id) or detaches (none) a destruction of the caller's agency (custody.write),
/// version-guarded. 409 when the campaign is closed, its period or regions do not fit, the
/// destruction was rejected or is already in another campaign.
core::Result<Destruction> SetDestructionCampaign(Context& ctx, const Principal& who, int64_t destruction_id,
                                                 std::optional<int64_t> campaign_id, int64_t version);

// ---- the 工作台 ----

struct CustodyTodoCounts {
  int64_t awaiting_approval = 0;  // applications of the agency (heads)
  int64_t held_too_long = 0;      // lines of the scope held past the default threshold
  int64_t licences_expiring = 0;  // active units of the region whose licence ends soon or ended
};
inline constexpr int kDefaultHeldDays = 90;
core::Result<CustodyTodoCounts> CustodyTodos(Context& ctx, const Principal& who);

}  // namespace ipe::app

namespace ipe::app {

/// Demo data for `serve --demo` and the browser tests: units of the directory in three provinces
/// (one licence about to expire), a store of the Shanghai agency, lines seized in three demo
/// cases, one application awaiting the head and one destruction closed with its certificate.
/// Idempotent (nothing when the directory has units). Needs the demo users and cases.
core::Status LoadCustodyDemo(Context& ctx);

}  // namespace ipe::app
