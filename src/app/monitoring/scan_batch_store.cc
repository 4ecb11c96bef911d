// SQL of the scanner workers (app/monitoring/scan_batch_store.h).
#include "app/monitoring/scan_batch_store.h"

#include <algorithm>

namespace ipe::app {

using storage::Params;

core::Status ScanBatchStore::InsertBatch(int64_t scan_id, int64_t listings,
                                         const std::string& publication) {
  return tx_
      .Exec("INSERT INTO scan_batches (scan_id, listings, status, publication) "
            "VALUES (?, ?, 'queued', ?)",
            {scan_id, listings, publication})
      .status();
}

core::Status ScanBatchStore::MarkFailed(int64_t scan_id) {
  return tx_.Exec("UPDATE scan_batches SET status = 'failed' WHERE scan_id = ?", {scan_id}).status();
}

core::Result<ScanBatchRow> ScanBatchStore::Load(int64_t scan_id) {
  IPE_ASSIGN_OR_RETURN(
      auto rows,
      tx_.Query("SELECT s.id, s.agency_id, s.region_code, s.created_at, s.listings, s.malformed, "
                "s.suspected, s.new_hits, b.scan_id, b.listings, b.scanned, b.already, "
                "b.updated_hits, b.status, b.finished_at, b.publication, b.failed "
                "FROM monitoring_scans s LEFT JOIN scan_batches b ON b.scan_id = s.id "
                "WHERE s.id = ?",
                {scan_id}));
  if (rows.empty()) return core::NotFound("扫描不存在 (no such scan)");
  const storage::Row& r = rows[0];
  ScanBatchRow out;
  out.scan_id = r.Int(0);
  out.agency_id = r.Int(1);
  out.region_code = r.Text(2);
  out.created_at = core::Timestamp{r.Int(3)};
  out.malformed = r.Int(5);
  out.suspected = r.Int(6);
  out.new_hits = r.Int(7);
  if (r.IsNull(8)) {
    // Scanned in the request: finished when it was written.
    out.listings = out.scanned = r.Int(4);
    out.status = "done";
    out.finished_at = out.created_at;
    return out;
  }
  out.listings = r.Int(9);
  out.scanned = r.Int(10);
  out.already = r.Int(11);
  out.updated_hits = r.Int(12);
  out.status = r.Text(13);
  if (!r.IsNull(14)) out.finished_at = core::Timestamp{r.Int(14)};
  out.publication = r.Text(15);
  out.failed = r.Int(16);
  return out;
}

core::Result<std::vector<std::string>> ScanBatchStore::InsertResults(
    int64_t scan_id, const std::string& platform, const std::string& registry_version,
    const std::string& worker, const std::vector<ScanResultRow>& rows, core::Timestamp now) {
  // 500 rows (4,000 parameters) a statement: far below SQLite's 32,766 and PostgreSQL's 65,535,
  // whatever a message holds.
  constexpr size_t kRowsPerStatement = 500;
  std::vector<std::string> inserted;
  for (size_t start = 0; start < rows.size(); start += kRowsPerStatement) {
    size_t end = std::min(rows.size(), start + kRowsPerStatement);
    std::string sql =
        "INSERT INTO scan_results (platform, listing_id, registry_version, scan_id, suspected, "
        "score_pct, worker, scanned_at) VALUES ";
    Params params;
    params.reserve((end - start) * 8);
    for (size_t i = start; i < end; ++i) {
      sql += i == start ? "(?, ?, ?, ?, ?, ?, ?, ?)" : ", (?, ?, ?, ?, ?, ?, ?, ?)";
      params.insert(params.end(), {platform, rows[i].listing_id, registry_version, scan_id,
                                   rows[i].suspected, rows[i].score_pct, worker, now.seconds});
    }
    sql += " ON CONFLICT (platform, listing_id, registry_version) DO NOTHING RETURNING listing_id";
    IPE_ASSIGN_OR_RETURN(auto result, tx_.Query(sql, params));
    for (const storage::Row& r : result) inserted.push_back(r.Text(0));
  }
  return inserted;
}

core::Result<int64_t> ScanBatchStore::CountFromOtherScans(int64_t scan_id, const std::string& platform,
                                                          const std::string& registry_version,
                                                          const std::vector<std::string>& listing_ids) {
  if (listing_ids.empty()) return int64_t{0};
  constexpr size_t kIdsPerStatement = 1000;
  int64_t count = 0;
  for (size_t start = 0; start < listing_ids.size(); start += kIdsPerStatement) {
    size_t end = std::min(listing_ids.size(), start + kIdsPerStatement);
    std::string sql =
        "SELECT COUNT(*) FROM scan_results WHERE platform = ? AND registry_version = ? "
        "AND scan_id <> ? AND listing_id IN (";
    Params params = {platform, registry_version, scan_id};
    for (size_t i = start; i < end; ++i) {
      sql += i == start ? "?" : ", ?";
      params.emplace_back(listing_ids[i]);
    }
    sql += ")";
    IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query(sql, params));
    count += rows[0].Int(0);
  }
  return count;
}

core::Result<int64_t> ScanBatchStore::PruneResults(const std::string& current_version, core::Timestamp before,
                                                   int64_t limit) {
  // By primary key, in a bounded batch: one statement never holds many rows' locks for long.
  return tx_.Exec("DELETE FROM scan_results WHERE (platform, listing_id, registry_version) IN ("
                  "SELECT platform, listing_id, registry_version FROM scan_results "
                  "WHERE registry_version <> ? AND scanned_at < ? LIMIT ?)",
                  {current_version, before.seconds, limit});
}

core::Result<bool> ScanBatchStore::RecordFailure(const ScanFailureRow& f) {
  IPE_ASSIGN_OR_RETURN(
      auto rows,
      tx_.Query("INSERT INTO scan_failures (scan_id, stream_sequence, platform, listings, deliveries, error, worker, "
                "failed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (scan_id, stream_sequence) DO NOTHING "
                "RETURNING scan_id",
                {f.scan_id, f.stream_sequence, f.platform, f.listings, f.deliveries, f.error, f.worker,
                 f.failed_at.seconds}));
  return !rows.empty();
}

core::Result<bool> ScanBatchStore::AddProgress(int64_t scan_id, const BatchIncrement& inc,
                                               core::Timestamp now) {
  // The row lock taken by the UPDATE orders concurrent workers on one batch; exactly one of
  // them sees the counters reach `listings` and finishes it.
  IPE_ASSIGN_OR_RETURN(
      auto rows,
      tx_.Query("UPDATE scan_batches SET scanned = scanned + ?, already = already + ?, "
                "updated_hits = updated_hits + ?, failed = failed + ? WHERE scan_id = ? "
                "RETURNING CASE WHEN scanned + already + failed >= listings THEN 1 ELSE 0 END, status",
                {inc.scanned, inc.already, inc.updated_hits, inc.failed, scan_id}));
  if (rows.empty()) return core::NotFound("扫描批次不存在 (no such scan batch)");
  IPE_RETURN_IF_ERROR(tx_.Exec("UPDATE monitoring_scans SET suspected = suspected + ?, "
                               "new_hits = new_hits + ? WHERE id = ?",
                               {inc.suspected, inc.new_hits, scan_id})
                          .status());
  bool complete = rows[0].Int(0) != 0;
  if (!complete || rows[0].Text(1) == "done") return false;
  IPE_RETURN_IF_ERROR(tx_.Exec("UPDATE scan_batches SET status = 'done', finished_at = ? "
                               "WHERE scan_id = ?",
                               {now.seconds, scan_id})
                          .status());
  return true;
}

}  // namespace ipe::app
