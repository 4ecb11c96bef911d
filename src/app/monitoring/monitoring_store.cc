// MonitoringStore: the SQL of the monitoring area. See monitoring_store.h.
#include "app/monitoring/monitoring_store.h"

#include <algorithm>
#include <map>

#include "app/internal/list_store.h"
#include "app/internal/text.h"
#include "app/monitoring/monitoring_json.h"
#include "core/search_terms.h"

namespace ipe::app {
namespace {

using internal::Placeholders;
using storage::Dialect;
using storage::Params;
using storage::Row;
using storage::Value;
using namespace monitoring_internal;  // NOLINT: the column codecs

// The term index of hits (migrations 0310/0311).
constexpr internal::TermIndex kHitSearch{"monitoring_hits", "hit_search", "monitoring_hits",
                                         "hit_search_vocab"};

constexpr const char* kBrandColumns =
    "id, code, name, name_en, names, generic_names, context_terms, trademarks, rights_holder, "
    "reference_price_fen, category_prices, authorized_shops, active, created_at, updated_at, "
    "version";

Brand BrandFromRow(const Row& r) {
  Brand b;
  b.id = r.Int(0);
  b.code = r.Text(1);
  b.name = r.Text(2);
  b.name_en = r.Text(3);
  b.names = StringsFromJson(r.Text(4));
  b.generic_names = StringsFromJson(r.Text(5));
  b.context_terms = StringsFromJson(r.Text(6));
  b.trademarks = TrademarksFromJson(r.Text(7));
  b.rights_holder = r.Text(8);
  b.reference_price_fen = r.Int(9);
  b.category_prices = CategoryPricesFromJson(r.Text(10));
  b.authorized_shops = ShopsFromJson(r.Text(11));
  b.active = r.Int(12) != 0;
  b.created_at = core::Timestamp{r.Int(13)};
  b.updated_at = core::Timestamp{r.Int(14)};
  b.version = r.Int(15);
  return b;
}

core::Status CodeTaken() {
  return core::Status(core::AlreadyExists("品牌编码已存在 (brand code taken)"))
      .AddFieldError("code", "品牌编码已存在");
}

constexpr const char* kHitColumns =
    "h.id, h.agency_id, a.name, h.region_code, h.platform, h.listing_id, h.shop_id, h.shop_name, "
    "h.title, h.price_fen, h.reference_price_fen, h.score_pct, h.brands, h.signals, h.status, "
    "h.dismiss_reason, h.review_note, h.reviewed_by, h.reviewed_at, h.lead_id, h.first_seen_at, "
    "h.last_seen_at, h.seen_count";
constexpr const char* kHitFrom = " FROM monitoring_hits h JOIN agencies a ON a.id = h.agency_id";

Hit HitFromRow(const Row& r) {
  Hit h;
  h.id = r.Int(0);
  h.agency_id = r.Int(1);
  h.agency_name = r.Text(2);
  h.region_code = r.Text(3);
  h.platform = r.Text(4);
  h.listing_id = r.Text(5);
  h.shop_id = r.Text(6);
  h.shop_name = r.Text(7);
  h.title = r.Text(8);
  h.price_fen = r.OptInt(9);
  h.reference_price_fen = r.OptInt(10);
  h.score_pct = static_cast<int>(r.Int(11));
  h.brands = StringsFromJson(r.Text(12));
  h.signals = SignalsFromJson(r.Text(13));
  h.status = r.Text(14);
  h.dismiss_reason = r.OptText(15);
  h.review_note = r.OptText(16);
  h.reviewed_by = r.OptInt(17);
  if (auto at = r.OptInt(18)) h.reviewed_at = core::Timestamp{*at};
  h.lead_id = r.OptInt(19);
  h.first_seen_at = core::Timestamp{r.Int(20)};
  h.last_seen_at = core::Timestamp{r.Int(21)};
  h.seen_count = r.Int(22);
  return h;
}

// What a hit is found by (the queue's search box): title, shop name, listing id, folded. Lines
// keep a query from matching across two fields.
std::string SearchText(const HitRow& row) {
  return core::FoldForSearch(row.title + "\n" + row.shop_name + "\n" + row.listing_id);
}

// The queue's scope on `list` (alias h): the region subtree as an index equality, the agency.
void AddScope(internal::ListQuery& list, const HitScope& scope) {
  list.InRegion(scope.region);
  if (scope.agency) list.Where("h.agency_id = ?", *scope.agency);
}

}  // namespace

// ---- brand registry ----------------------------------------------------------------------

core::Result<Page<Brand>> MonitoringStore::ListBrands(const BrandFilter& f,
                                                      const PageRequest& page) {
  internal::ListQuery list("monitoring_brands", "b");
  list.OrderBy("b.code");
  if (f.q && !internal::Trim(*f.q).empty()) {
    Params params;
    std::string condition = internal::ContainsSql(
        {"b.code", "b.name", "b.name_en", "b.names", "b.generic_names", "b.rights_holder"},
        internal::Trim(*f.q), params);
    list.WhereAll(condition, std::move(params));
  }
  if (f.active) list.Where("b.active = ?", *f.active);
  IPE_ASSIGN_OR_RETURN(auto count, list.Count(tx_, kCountCap, page));
  Page<Brand> out;
  out.total = count.total;
  out.total_exact = count.exact;
  out.page = page.page;
  out.page_size = page.page_size;
  IPE_ASSIGN_OR_RETURN(auto ids, list.PageIds(tx_, page));
  if (ids.empty()) return out;
  Params id_params(ids.begin(), ids.end());
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query(std::string("SELECT ") + kBrandColumns +
                                                " FROM monitoring_brands WHERE id IN (" +
                                                Placeholders(ids.size()) + ") ORDER BY code",
                                            id_params));
  for (const Row& r : rows) out.items.push_back(BrandFromRow(r));
  return out;
}

core::Result<Brand> MonitoringStore::LoadBrand(int64_t id, bool for_update) {
  IPE_ASSIGN_OR_RETURN(auto rows,
                       tx_.Query(std::string("SELECT ") + kBrandColumns +
                                     " FROM monitoring_brands WHERE id = ?" +
                                     (for_update ? storage::ForUpdate(tx_.dialect()) : ""),
                                 {id}));
  if (rows.empty()) return core::NotFound("品牌不存在 (brand not found): " + std::to_string(id));
  return BrandFromRow(rows[0]);
}

core::Result<std::optional<Brand>> MonitoringStore::BrandByCode(const std::string& code,
                                                                bool for_update) {
  IPE_ASSIGN_OR_RETURN(auto rows,
                       tx_.Query(std::string("SELECT ") + kBrandColumns +
                                     " FROM monitoring_brands WHERE code = ?" +
                                     (for_update ? storage::ForUpdate(tx_.dialect()) : ""),
                                 {code}));
  if (rows.empty()) return std::optional<Brand>();
  return std::optional<Brand>(BrandFromRow(rows[0]));
}

core::Result<std::vector<Brand>> MonitoringStore::AllBrands() {
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query(std::string("SELECT ") + kBrandColumns +
                                            " FROM monitoring_brands ORDER BY code"));
  std::vector<Brand> out;
  for (const Row& r : rows) out.push_back(BrandFromRow(r));
  return out;
}

core::Result<std::vector<Brand>> MonitoringStore::ActiveBrands() {
  IPE_ASSIGN_OR_RETURN(auto rows,
                       tx_.Query(std::string("SELECT ") + kBrandColumns +
                                 " FROM monitoring_brands WHERE active = 1 ORDER BY code"));
  std::vector<Brand> out;
  for (const Row& r : rows) out.push_back(BrandFromRow(r));
  return out;
}

core::Result<int64_t> MonitoringStore::CountActiveBrands() {
  IPE_ASSIGN_OR_RETURN(auto rows,
                       tx_.Query("SELECT count(*) FROM monitoring_brands WHERE active = 1"));
  return rows[0].Int(0);
}

core::Result<int64_t> MonitoringStore::InsertBrand(const Brand& b, core::Timestamp now) {
  auto inserted = tx_.Query(
      "INSERT INTO monitoring_brands (code, name, name_en, names, generic_names, context_terms, "
      "trademarks, rights_holder, reference_price_fen, category_prices, authorized_shops, active, "
      "created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1) "
      "RETURNING id",
      {b.code, b.name, b.name_en, StringsJson(b.names), StringsJson(b.generic_names),
       StringsJson(b.context_terms), TrademarksJson(b.trademarks), b.rights_holder,
       b.reference_price_fen, CategoryPricesJson(b.category_prices),
       ShopsJson(b.authorized_shops), b.active, now.seconds, now.seconds});
  if (!inserted) {
    if (inserted.error().code() == core::StatusCode::kAlreadyExists) return CodeTaken();
    return inserted.error();
  }
  return (*inserted)[0].Int(0);
}

core::Status MonitoringStore::UpdateBrand(const Brand& b, core::Timestamp now) {
  return tx_
      .Exec("UPDATE monitoring_brands SET name = ?, name_en = ?, names = ?, generic_names = ?, "
            "context_terms = ?, trademarks = ?, rights_holder = ?, reference_price_fen = ?, "
            "category_prices = ?, authorized_shops = ?, active = ?, updated_at = ?, "
            "version = version + 1 WHERE id = ?",
            {b.name, b.name_en, StringsJson(b.names), StringsJson(b.generic_names),
             StringsJson(b.context_terms), TrademarksJson(b.trademarks), b.rights_holder,
             b.reference_price_fen, CategoryPricesJson(b.category_prices),
             ShopsJson(b.authorized_shops), b.active, now.seconds, b.id})
      .status();
}

core::Status MonitoringStore::DeleteBrand(int64_t id) {
  return tx_.Exec("DELETE FROM monitoring_brands WHERE id = ?", {id}).status();
}

// ---- scans -------------------------------------------------------------------------------

core::Result<int64_t> MonitoringStore::InsertScan(const NewScanRow& row) {
  IPE_ASSIGN_OR_RETURN(
      auto rows,
      tx_.Query("INSERT INTO monitoring_scans (agency_id, region_code, created_by, created_at, "
                "source, brands, listings, malformed, suspected, new_hits) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0) RETURNING id",
                {row.agency_id, row.region_code, row.created_by, row.now.seconds, row.source,
                 row.brands, row.listings, row.malformed, row.suspected}));
  return rows[0].Int(0);
}

core::Status MonitoringStore::SetScanNewHits(int64_t scan_id, int64_t new_hits) {
  return tx_
      .Exec("UPDATE monitoring_scans SET new_hits = ? WHERE id = ?", {new_hits, scan_id})
      .status();
}

core::Result<internal::CappedCount> MonitoringStore::CountScans(const HitScope& scope,
                                                                int64_t cap) {
  // Scans are one per upload (thousands, not millions): the region as a prefix is enough.
  internal::ListQuery list("monitoring_scans", "s");
  Params params;
  std::string region = internal::RegionSubtreeSql("s.region_code", scope.region, params);
  list.WhereAll(region, std::move(params));
  if (scope.agency) list.Where("s.agency_id = ?", *scope.agency);
  return list.Count(tx_, cap, PageRequest{1, 1});
}

// ---- review queue ------------------------------------------------------------------------

core::Result<std::map<std::pair<std::string, std::string>, QueuedHit>>
MonitoringStore::QueuedHitsFor(int64_t agency_id,
                               const std::vector<std::pair<std::string, std::string>>& listings) {
  // Per platform, so that every lookup seeks the UNIQUE (agency_id, platform, listing_id) index.
  std::map<std::string, std::vector<std::string>> by_platform;
  for (const auto& [platform, listing] : listings) by_platform[platform].push_back(listing);
  std::map<std::pair<std::string, std::string>, QueuedHit> out;
  for (const auto& [platform, ids] : by_platform) {
    for (size_t from = 0; from < ids.size(); from += internal::kInListChunk) {
      size_t n = std::min(internal::kInListChunk, ids.size() - from);
      Params params{agency_id, platform};
      params.insert(params.end(), ids.begin() + static_cast<std::ptrdiff_t>(from),
                    ids.begin() + static_cast<std::ptrdiff_t>(from + n));
      IPE_ASSIGN_OR_RETURN(
          auto rows,
          tx_.Query("SELECT id, status, listing_id FROM monitoring_hits WHERE agency_id = ? AND "
                    "platform = ? AND listing_id IN (" + Placeholders(n) + ")" +
                        storage::ForUpdate(tx_.dialect()),
                    params));
      for (const Row& r : rows) {
        out[{platform, r.Text(2)}] = QueuedHit{r.Int(0), r.Text(1)};
      }
    }
  }
  return out;
}

core::Status MonitoringStore::WriteHitBrands(int64_t id, const std::vector<std::string>& brands) {
  std::vector<std::vector<Value>> rows;
  std::vector<std::string> seen;
  for (const std::string& code : brands) {
    if (std::find(seen.begin(), seen.end(), code) != seen.end()) continue;
    seen.push_back(code);
    rows.push_back({id, code});
  }
  if (rows.empty()) return core::Status::Ok();
  return tx_.BulkInsert("monitoring_hit_brands", {"hit_id", "brand_code"}, rows);
}

core::Result<int64_t> MonitoringStore::InsertHit(const HitRow& row) {
  Params params = {row.agency_id,
                   row.region_code,
                   internal::ProvinceOf(row.region_code),
                   internal::PrefectureOf(row.region_code),
                   row.platform,
                   row.listing_id,
                   row.shop_id,
                   row.shop_name,
                   row.title,
                   row.price_fen,
                   row.reference_price_fen,
                   row.score_pct,
                   StringsJson(row.brands),
                   SignalsJson(row.signals),
                   row.scan_id,
                   row.scan_id,
                   row.now.seconds,
                   row.now.seconds};
  const std::string text = SearchText(row);
  internal::NewRowSearch search = internal::SearchOfNewRow(tx_.dialect(), text, params);
  IPE_ASSIGN_OR_RETURN(
      auto ins,
      tx_.Query("INSERT INTO monitoring_hits (agency_id, region_code, province_code, "
                "prefecture_code, platform, listing_id, shop_id, shop_name, title, price_fen, "
                "reference_price_fen, score_pct, brands, signals, status, first_scan_id, "
                "last_scan_id, first_seen_at, last_seen_at, seen_count" + search.columns +
                    ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?, 1" +
                    search.placeholders + ") RETURNING id",
                params));
  int64_t id = ins[0].Int(0);
  IPE_RETURN_IF_ERROR(WriteHitBrands(id, row.brands));
  IPE_RETURN_IF_ERROR(internal::IndexNewRow(tx_, kHitSearch, id, text));
  return id;
}

core::Status MonitoringStore::RefreshHit(int64_t id, const HitRow& row) {
  IPE_ASSIGN_OR_RETURN(auto old,
                       tx_.Query("SELECT search_text FROM monitoring_hits WHERE id = ?", {id}));
  if (old.empty()) return core::NotFound("监测记录不存在 (hit not found): " + std::to_string(id));
  IPE_RETURN_IF_ERROR(
      tx_.Exec("UPDATE monitoring_hits SET shop_id = ?, shop_name = ?, title = ?, price_fen = ?, "
               "reference_price_fen = ?, score_pct = ?, brands = ?, signals = ?, "
               "last_scan_id = ?, last_seen_at = ?, seen_count = seen_count + 1 WHERE id = ?",
               {row.shop_id, row.shop_name, row.title, row.price_fen, row.reference_price_fen,
                row.score_pct, StringsJson(row.brands), SignalsJson(row.signals), row.scan_id,
                row.now.seconds, id})
          .status());
  IPE_RETURN_IF_ERROR(
      tx_.Exec("DELETE FROM monitoring_hit_brands WHERE hit_id = ?", {id}).status());
  IPE_RETURN_IF_ERROR(WriteHitBrands(id, row.brands));
  std::string text = SearchText(row);
  if (text == old[0].Text(0)) return core::Status::Ok();
  return internal::IndexText(tx_, kHitSearch, id, old[0].Text(0), text);
}

core::Status MonitoringStore::RecordSighting(int64_t id, int64_t scan_id, core::Timestamp now) {
  return tx_
      .Exec("UPDATE monitoring_hits SET last_scan_id = ?, last_seen_at = ?, "
            "seen_count = seen_count + 1 WHERE id = ?",
            {scan_id, now.seconds, id})
      .status();
}

core::Result<Hit> MonitoringStore::LoadHit(int64_t id, bool for_update) {
  std::string sql = std::string("SELECT ") + kHitColumns + kHitFrom + " WHERE h.id = ?" +
                    internal::LockClause(tx_, for_update, "h");
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query(sql, {id}));
  if (rows.empty()) return core::NotFound("监测记录不存在 (hit not found): " + std::to_string(id));
  return HitFromRow(rows[0]);
}

core::Result<Page<Hit>> MonitoringStore::ListHits(const HitQuery& query, const PageRequest& page) {
  const HitFilter& f = query.filter;
  internal::ListQuery list("monitoring_hits", "h", &kHitSearch);
  // The queue's order, given by the (…, status, score_pct, last_seen_at, id) indexes.
  list.OrderBy("h.score_pct DESC, h.last_seen_at DESC, h.id DESC");
  if (f.q && !internal::Trim(*f.q).empty()) list.Search(*f.q);
  AddScope(list, query.scope);
  if (f.status && !f.status->empty()) list.Where("h.status = ?", *f.status);
  if (f.platform && !f.platform->empty()) list.Where("h.platform = ?", *f.platform);
  if (f.score_min_pct) list.Where("h.score_pct >= ?", *f.score_min_pct);
  if (f.score_max_pct) list.Where("h.score_pct <= ?", *f.score_max_pct);
  if (f.brand && !f.brand->empty()) {
    list.Where("EXISTS (SELECT 1 FROM monitoring_hit_brands hb WHERE hb.hit_id = h.id AND "
               "hb.brand_code = ?)",
               *f.brand);
    // Each row walked costs a probe of the brand index: counting 1,000 of a brand's 7 % of
    // the queue took 7 ms against the page's 0.3 ms (1M hits).
    list.CountWithinWindow();
  }
  IPE_ASSIGN_OR_RETURN(auto count, list.Count(tx_, query.count_cap, page));
  Page<Hit> out;
  out.total = count.total;
  out.total_exact = count.exact;
  out.page = page.page;
  out.page_size = page.page_size;
  IPE_ASSIGN_OR_RETURN(auto ids, list.PageIds(tx_, page));
  if (ids.empty()) return out;
  Params id_params(ids.begin(), ids.end());
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query(std::string("SELECT ") + kHitColumns + kHitFrom +
                                                " WHERE h.id IN (" + Placeholders(ids.size()) +
                                                ")",
                                            id_params));
  std::map<int64_t, Hit> by_id;
  for (const Row& r : rows) {
    Hit h = HitFromRow(r);
    by_id.emplace(h.id, std::move(h));
  }
  for (int64_t id : ids) {
    if (auto it = by_id.find(id); it != by_id.end()) out.items.push_back(std::move(it->second));
  }
  return out;
}

core::Status MonitoringStore::Review(int64_t id, const std::string& status,
                                     const std::optional<std::string>& reason,
                                     const std::optional<std::string>& note, int64_t reviewed_by,
                                     core::Timestamp now, std::optional<int64_t> lead_id) {
  return tx_
      .Exec("UPDATE monitoring_hits SET status = ?, dismiss_reason = ?, review_note = ?, "
            "reviewed_by = ?, reviewed_at = ?, lead_id = ? WHERE id = ?",
            {status, reason, note, reviewed_by, now.seconds, lead_id, id})
      .status();
}

core::Result<HitCounts> MonitoringStore::CountHits(const HitScope& scope, int64_t cap) {
  // One capped count per status, each through a (scope, status, …) index: never a scan of the
  // queue.
  HitCounts out;
  for (auto [status, field] : {std::pair{"pending", &out.pending},
                               std::pair{"confirmed", &out.confirmed},
                               std::pair{"dismissed", &out.dismissed}}) {
    internal::ListQuery list("monitoring_hits", "h");
    AddScope(list, scope);
    list.Where("h.status = ?", status);
    IPE_ASSIGN_OR_RETURN(auto count, list.Count(tx_, cap, PageRequest{1, 1}));
    *field = count.total;
    out.exact = out.exact && count.exact;
  }
  return out;
}

core::Status MonitoringStore::RebuildSearchIfStale(storage::Database& db) {
  return internal::RebuildTermIndexIfStale(db, kHitSearch);
}

}  // namespace ipe::app
