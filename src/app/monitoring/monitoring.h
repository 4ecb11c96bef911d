#pragma once
// Marketplace monitoring (网络监测): the brand registry (品牌库), listing scans through the
// counterfeit-signal scanner (match/scanner.h), and the review queue (待研判) of suspected listings.
//
//   auto brand = CreateBrand(ctx, who, input);                       // registry write, audited
//   auto parsed = ParseListingLines(jsonl_text);                     // listings + bad lines
//   auto report = ScanListings(ctx, who, {"upload.jsonl", parsed});  // scan, store suspects
//   auto page = ListHits(ctx, who, {.status = "pending"}, {});
//   ConfirmHit(ctx, who, id, note);  DismissHit(ctx, who, id, "genuine", note);
//
// The scanner is built from the active brands of the registry and the built-in slang lexicon; it is
// cached per process and rebuilt when the registry's scanner export changes (any brand write), so
// several server processes on one database stay consistent without signalling each other.
//
// Permissions (docs/monitoring.md): any user reads the registry; admin, office and analyst write
// it; analyst, officer, office and admin scan; the review queue is read by those plus agency_head,
// prosecutor and auditor within CanSeeRecord scope, and worked by analyst, officer and office.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/code_label.h"
#include "app/context.h"
#include "app/principal.h"
#include "core/status.h"
#include "core/time.h"

namespace ipe::app {

// ---- Brand registry (品牌库) ----

struct Trademark {
  std::string reg_number;        // 注册号: digits, optionally a leading G (international)
  std::vector<int> nice_classes;  // 尼斯分类 1..45
};

struct AuthorizedShop {
  std::string platform;  // tmall, jd, taobao, pdd …
  std::string shop_id;
};

struct CategoryPrice {
  std::vector<std::string> terms;
  int64_t price_fen = 0;
};

struct Brand {
  int64_t id = 0;
  std::string code;      // the scanner's brand id: [a-z0-9_-], 1..40
  std::string name;      // 中文名称 (display)
  std::string name_en;   // 拉丁名称 (display)
  std::vector<std::string> names;          // matched as brand names
  std::vector<std::string> generic_names;  // ordinary words: a brand only with a context term
  std::vector<std::string> context_terms;
  std::vector<Trademark> trademarks;
  std::string rights_holder;
  int64_t reference_price_fen = 0;  // 0 = unknown (no price signal)
  std::vector<CategoryPrice> category_prices;
  std::vector<AuthorizedShop> authorized_shops;
  bool active = true;
  core::Timestamp created_at;
  core::Timestamp updated_at;
  int64_t version = 1;
};

struct BrandFilter {
  std::optional<std::string> q;  // substring of code, names, rights holder
  std::optional<bool> active;
};

struct BrandPatch {
  std::optional<std::string> code, name, name_en, rights_holder;
  std::optional<std::vector<std::string>> names, generic_names, context_terms;
  std::optional<std::vector<Trademark>> trademarks;
  std::optional<int64_t> reference_price_fen;
  std::optional<std::vector<CategoryPrice>> category_prices;
  std::optional<std::vector<AuthorizedShop>> authorized_shops;
  std::optional<bool> active;
  std::optional<int64_t> version;  // when given, must match (409 otherwise)
};

core::Result<Page<Brand>> ListBrands(Context& ctx, const Principal& who, const BrandFilter& f,
                                     const PageRequest& page);
core::Result<Brand> GetBrand(Context& ctx, const Principal& who, int64_t id);
/// admin/office/analyst. InvalidArgument with field errors (including a registry the scanner
/// would refuse); AlreadyExists when the code is taken.
core::Result<Brand> CreateBrand(Context& ctx, const Principal& who, const Brand& input);
/// As CreateBrand; NotFound for an unknown id; FailedPrecondition on a stale version.
core::Result<Brand> UpdateBrand(Context& ctx, const Principal& who, int64_t id,
                                const BrandPatch& patch);
core::Status DeleteBrand(Context& ctx, const Principal& who, int64_t id);

struct BrandImportReport {
  int64_t created = 0;
  int64_t updated = 0;
};

/// CSV import (all-or-nothing): header row with the keys of BrandCsvTemplate() (a header cell may
/// be "中文(key)"), one brand a row; a row whose code exists updates that brand. InvalidArgument
/// with one field error per bad cell, field "rows[N].key" where N is the 1-based line number.
core::Result<BrandImportReport> ImportBrandsCsv(Context& ctx, const Principal& who,
                                                std::string_view csv);
/// The import template: UTF-8 BOM, header and two example rows.
std::string BrandCsvTemplate();

/// The active brands as the scanner's JSONL (match/io/jsonl.h), one brand a line, ordered by code.
/// Audited as an export.
core::Result<std::string> ExportBrandsJsonl(Context& ctx, const Principal& who);

// ---- Listing scans ----

struct ListingInput {
  int64_t line = 0;  // 1-based line (JSONL) or array position
  std::string id;
  std::string platform;
  std::string shop_id;
  std::string shop_name;
  std::string title;
  std::optional<int64_t> price_fen;
};

struct LineError {
  int64_t line = 0;
  std::string message;
};

struct ParsedListings {
  std::vector<ListingInput> listings;
  std::vector<LineError> errors;  // malformed lines: reported and skipped
};

/// JSONL listings {"id","platform","shop_id","shop_name","title","price_fen"}: blank lines are
/// skipped; a line that is not such an object (id string or integer, title string, price_fen a
/// non-negative integer or null) becomes a LineError and is skipped.
ParsedListings ParseListingLines(std::string_view jsonl);
/// A JSON array of the same objects; InvalidArgument when the text is not a JSON array.
core::Result<ParsedListings> ParseListingArray(std::string_view json);

inline constexpr size_t kMaxListingsPerScan = 20000;

struct ScanInput {
  std::string source;  // file name or note (≤ 200 bytes)
  ParsedListings parsed;
};

struct ScanReport {
  int64_t scan_id = 0;
  int64_t brands = 0;     // active brands scanned for
  int64_t listings = 0;   // well-formed listings scanned
  int64_t malformed = 0;  // lines skipped
  int64_t suspected = 0;
  int64_t new_hits = 0;      // suspected listings not in the queue before
  int64_t updated_hits = 0;  // already queued: refreshed
  std::vector<LineError> errors;  // the first 100 malformed lines
};

/// analyst/officer/office/admin. Scans with the current registry and stores suspected listings in
/// the caller agency's review queue (one audit record). FailedPrecondition when the registry has no
/// active brand; InvalidArgument when there is nothing to scan or more than kMaxListingsPerScan.
core::Result<ScanReport> ScanListings(Context& ctx, const Principal& who, const ScanInput& input);

// ---- Review queue (待研判) ----

struct HitSignal {
  std::string kind;    // brand, generic_brand, slang, price, authorized_shop
  std::string detail;  // the scanner's explanation
  std::string brand;   // brand code, "" for slang
  std::optional<std::pair<int64_t, int64_t>> span;  // UTF-16 code units of the title, [b,e)
};

struct Hit {
  int64_t id = 0;
  int64_t agency_id = 0;
  std::string agency_name;
  std::string region_code;
  std::string platform;
  std::string listing_id;
  std::string shop_id;
  std::string shop_name;
  std::string title;
  std::optional<int64_t> price_fen;
  std::optional<int64_t> reference_price_fen;
  int score_pct = 0;  // score × 100
  std::vector<std::string> brands;
  std::vector<HitSignal> signals;
  std::string status;  // pending, confirmed, dismissed
  std::optional<std::string> dismiss_reason;
  std::optional<std::string> review_note;
  std::optional<int64_t> reviewed_by;
  std::optional<core::Timestamp> reviewed_at;
  std::optional<int64_t> lead_id;
  core::Timestamp first_seen_at;
  core::Timestamp last_seen_at;
  int64_t seen_count = 1;
};

struct HitFilter {
  std::optional<std::string> brand;     // brand code
  std::optional<std::string> platform;
  std::optional<int> score_min_pct;     // inclusive, 0..100
  std::optional<int> score_max_pct;
  std::optional<std::string> status;
  std::optional<std::string> q;         // substring of title, shop name or listing id
};

/// The dismissal reasons (驳回理由) a reviewer picks from.
const std::vector<std::string>& DismissReasons();
/// Their zh-CN names ("authorized_shop" → 授权店铺), for texts officers read.
const std::vector<CodeLabel>& DismissReasonLabels();
/// Marketplace platforms by their codes ("taobao" → 淘宝); a platform not listed is shown as sent.
const std::vector<CodeLabel>& Platforms();

core::Result<Page<Hit>> ListHits(Context& ctx, const Principal& who, const HitFilter& f,
                                 const PageRequest& page);
core::Result<Hit> GetHit(Context& ctx, const Principal& who, int64_t id);
/// Pending → confirmed: the hit becomes a lead (app/leads/leads.h AddLead, source "monitoring",
/// source_ref "platform:listing_id"). `region_code` is the lead's jurisdiction (网店经营者住所地),
/// default the hit's region; a hit scanned at national level needs one (field error otherwise).
/// A lead in another region than the hit's is assigned by the leads module's rules.
/// FailedPrecondition when not pending.
core::Result<Hit> ConfirmHit(Context& ctx, const Principal& who, int64_t id,
                             const std::string& note, const std::string& region_code = "");
/// Pending → dismissed with a reason from DismissReasons(); "other" needs a note.
core::Result<Hit> DismissHit(Context& ctx, const Principal& who, int64_t id,
                             const std::string& reason, const std::string& note);

struct MonitoringSummary {
  int64_t brands = 0;
  int64_t pending = 0;
  int64_t confirmed = 0;
  int64_t dismissed = 0;
  int64_t scans = 0;
  bool counts_exact = true;  // false: a count stopped at kCountCap (共 10000+)
};
core::Result<MonitoringSummary> GetMonitoringSummary(Context& ctx, const Principal& who);

/// Demo: a few well-known brands and a scan of demo listings by the demo analyst, through the real
/// scanner. Idempotent.
core::Status LoadMonitoringDemo(Context& ctx);

}  // namespace ipe::app
