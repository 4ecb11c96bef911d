#pragma once
// The SQL of the scanner workers (scan_batches.h): batch rows, idempotent scan results keyed by
// (platform, listing id, registry version), and the batch's progress counters.
// Migration 1300_scan_batches.sql; docs/scale-out.md "Scanner workers".
//
//   ScanBatchStore store(*tx);
//   IPE_ASSIGN_OR_RETURN(auto fresh, store.InsertResults(scan_id, "taobao", version, worker, rows, now));

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "core/time.h"
#include "storage/db.h"

namespace ipe::app {

/// A batch as its progress is read (scan_batches joined with its monitoring_scans row).
struct ScanBatchRow {
  int64_t scan_id = 0;
  int64_t agency_id = 0;
  std::string region_code;
  core::Timestamp created_at;
  int64_t listings = 0;
  int64_t malformed = 0;
  int64_t scanned = 0;
  int64_t already = 0;
  int64_t suspected = 0;
  int64_t new_hits = 0;
  int64_t updated_hits = 0;
  int64_t failed = 0;  // listings of messages given up
  std::string status;  // queued, done, failed; "done" for a scan made in the request
  std::string publication;  // the token its messages carry ("" for a scan made in the request)
  std::optional<core::Timestamp> finished_at;
};

/// One listing's result as a worker computed it.
struct ScanResultRow {
  std::string listing_id;
  bool suspected = false;
  int score_pct = 0;
};

/// A message a worker gave up after its last failed delivery.
struct ScanFailureRow {
  int64_t scan_id = 0;
  int64_t stream_sequence = 0;  // the message's sequence in the stream: one record per message
  std::string platform;
  int64_t listings = 0;
  int64_t deliveries = 0;
  std::string error;
  std::string worker;
  core::Timestamp failed_at;
};

/// What a worker's write added to a batch.
struct BatchIncrement {
  int64_t failed = 0;  // listings given up
  int64_t scanned = 0;
  int64_t already = 0;
  int64_t suspected = 0;
  int64_t new_hits = 0;
  int64_t updated_hits = 0;
};

class ScanBatchStore {
 public:
  explicit ScanBatchStore(storage::Tx& tx) : tx_(tx) {}

  core::Status InsertBatch(int64_t scan_id, int64_t listings, const std::string& publication);
  core::Status MarkFailed(int64_t scan_id);
  /// The batch of a scan; a scan made in the request (no batch row) reads as done. NotFound
  /// when there is no such scan.
  core::Result<ScanBatchRow> Load(int64_t scan_id);

  /// Inserts the results that are not there yet (ON CONFLICT DO NOTHING) for listings of one
  /// platform, and returns the listing ids actually inserted (500 rows a statement).
  core::Result<std::vector<std::string>> InsertResults(int64_t scan_id, const std::string& platform,
                                                       const std::string& registry_version,
                                                       const std::string& worker,
                                                       const std::vector<ScanResultRow>& rows,
                                                       core::Timestamp now);
  /// Of these listing ids, how many have a result for this version from another scan (an
  /// earlier batch) rather than from `scan_id` itself (a message delivered again).
  core::Result<int64_t> CountFromOtherScans(int64_t scan_id, const std::string& platform,
                                            const std::string& registry_version,
                                            const std::vector<std::string>& listing_ids);
  /// Deletes up to `limit` results of registry versions other than `current_version` written
  /// before `before`: they keep no listing from being scanned again (only the current version's
  /// results do) and would otherwise pile up with every registry change. Returns how many.
  core::Result<int64_t> PruneResults(const std::string& current_version, core::Timestamp before, int64_t limit);
  /// Records a message given up; false when it was recorded before (nothing written).
  core::Result<bool> RecordFailure(const ScanFailureRow& f);
  /// Adds to the counters; marks the batch done when every listing is accounted for (scanned,
  /// already or failed). Returns
  /// true when this call finished it.
  core::Result<bool> AddProgress(int64_t scan_id, const BatchIncrement& inc, core::Timestamp now);

 private:
  storage::Tx& tx_;
};

}  // namespace ipe::app
