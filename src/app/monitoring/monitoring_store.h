#pragma once
// MonitoringStore: every SQL statement of the monitoring area (brand registry, scans, the review
// queue of hits and their brands, the hit search index) in one place. monitoring.cc decides
// (permissions, validation, the scanner, audit); the store reads and writes rows inside the
// caller's transaction.
//
// The review queue is served by indexes that give its order (score, last seen, id, all
// descending) after an equality on the status and on the viewer's scope (agency, or the region
// subtree as province_code / prefecture_code / region_code), counts stop at kCountCap, and search
// goes through the term index of core/search_terms.h over title, shop name and listing id with a
// substring recheck (app/internal/list_store.h). docs/monitoring.md, "At volume".
//
//   MonitoringStore store(*tx);
//   IPE_ASSIGN_OR_RETURN(auto page, store.ListHits(query, page_request));

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "app/internal/list_store.h"
#include "app/monitoring/monitoring.h"
#include "core/status.h"
#include "core/time.h"
#include "storage/db.h"

namespace ipe::app {

/// The rows a viewer may see: a region subtree, and one agency when not supervisory.
struct HitScope {
  std::string region = "000000";
  std::optional<int64_t> agency;
};

/// A queue request with the viewer's scope decided by the use case and the filter validated.
struct HitQuery {
  HitScope scope;
  HitFilter filter;
  int64_t count_cap = kCountCap;  // counting stops past max(count_cap, the page's end)
};

/// A scan as the use case recorded it.
struct NewScanRow {
  int64_t agency_id = 0;
  std::string region_code;
  int64_t created_by = 0;
  core::Timestamp now;
  std::string source;
  int64_t brands = 0;
  int64_t listings = 0;
  int64_t malformed = 0;
  int64_t suspected = 0;
};

/// A suspected listing as the scanner scored it (insert, or refresh of a pending hit).
struct HitRow {
  int64_t agency_id = 0;
  std::string region_code;
  std::string platform;
  std::string listing_id;
  std::string shop_id;
  std::string shop_name;
  std::string title;
  std::optional<int64_t> price_fen;
  std::optional<int64_t> reference_price_fen;
  int score_pct = 0;
  std::vector<std::string> brands;
  std::vector<HitSignal> signals;
  int64_t scan_id = 0;
  core::Timestamp now;
};

/// The hit already queued for a listing of an agency.
struct QueuedHit {
  int64_t id = 0;
  std::string status;
};

/// Hits per status in a scope, each counted up to the cap.
struct HitCounts {
  int64_t pending = 0;
  int64_t confirmed = 0;
  int64_t dismissed = 0;
  bool exact = true;  // false: some count stopped at the cap
};

class MonitoringStore {
 public:
  explicit MonitoringStore(storage::Tx& tx) : tx_(tx) {}

  // --- brand registry --------------------------------------------------------------------
  /// Brands by code; `q` is a substring of code, names or rights holder (the registry holds
  /// hundreds of brands: a scan, with a capped count).
  core::Result<Page<Brand>> ListBrands(const BrandFilter& f, const PageRequest& page);
  /// The brand or NotFound; `for_update` locks it on PostgreSQL.
  core::Result<Brand> LoadBrand(int64_t id, bool for_update);
  core::Result<std::optional<Brand>> BrandByCode(const std::string& code, bool for_update);
  core::Result<std::vector<Brand>> AllBrands();
  /// Active brands by code: what the scanner is built from.
  core::Result<std::vector<Brand>> ActiveBrands();
  core::Result<int64_t> CountActiveBrands();
  /// AlreadyExists (field code) when the code is taken.
  core::Result<int64_t> InsertBrand(const Brand& b, core::Timestamp now);
  /// Stores the editable fields of `b` (by id) and bumps the version.
  core::Status UpdateBrand(const Brand& b, core::Timestamp now);
  core::Status DeleteBrand(int64_t id);

  // --- scans -----------------------------------------------------------------------------
  core::Result<int64_t> InsertScan(const NewScanRow& row);
  core::Status SetScanNewHits(int64_t scan_id, int64_t new_hits);
  /// Scans in the scope, counted up to `cap`.
  core::Result<internal::CappedCount> CountScans(const HitScope& scope, int64_t cap);

  // --- review queue ----------------------------------------------------------------------
  /// The agency's hits for these (platform, listing id) pairs, keyed by the pair, locked on
  /// PostgreSQL (a rescan updates them). One query per platform and kInListChunk listings.
  core::Result<std::map<std::pair<std::string, std::string>, QueuedHit>> QueuedHitsFor(
      int64_t agency_id, const std::vector<std::pair<std::string, std::string>>& listings);
  /// A new pending hit with its brands, indexed for search.
  core::Result<int64_t> InsertHit(const HitRow& row);
  /// A pending hit seen again: the listing as last seen, its brands, its search terms.
  core::Status RefreshHit(int64_t id, const HitRow& row);
  /// A reviewed hit seen again: only the sighting is recorded.
  core::Status RecordSighting(int64_t id, int64_t scan_id, core::Timestamp now);
  /// The hit or NotFound; `for_update` locks it on PostgreSQL.
  core::Result<Hit> LoadHit(int64_t id, bool for_update);
  /// A page of the queue: score, last seen, id, all descending.
  core::Result<Page<Hit>> ListHits(const HitQuery& query, const PageRequest& page);
  core::Status Review(int64_t id, const std::string& status,
                      const std::optional<std::string>& reason,
                      const std::optional<std::string>& note, int64_t reviewed_by,
                      core::Timestamp now, std::optional<int64_t> lead_id);
  core::Result<HitCounts> CountHits(const HitScope& scope, int64_t cap);

  /// Rebuilds the hit search index when its recorded term version is older than the code's
  /// (a store upgraded from before the index). Called at start (cli/database.cc).
  static core::Status RebuildSearchIfStale(storage::Database& db);

 private:
  core::Status WriteHitBrands(int64_t id, const std::vector<std::string>& brands);

  storage::Tx& tx_;
};

}  // namespace ipe::app
