#pragma once
// Scans through scanner workers (issue 19; docs/scale-out.md "Scanner workers").
//
// A server started with `serve --nats URL` publishes an uploaded scan to the JetStream stream
// IPE_SCAN instead of scanning it in the request: one message per 100 listings of one platform,
// on subject ipe.scan.<platform>. `ipenforce scan-worker` processes share one durable pull
// consumer, acknowledge each message explicitly once its results are committed, and write one
// result per (platform, listing id, registry version) — so a message delivered again after a
// worker died between its commit and its acknowledgement writes nothing twice. Workers read the
// registry (and its version) from the store at every fetch: a brand written anywhere reaches
// every worker at its next fetch, without a restart. Without --nats (the single-binary SQLite
// default) SubmitScan scans in the request as ScanListings does.
//
//   EnableScanStream(ctx, std::move(js), {});                  // serve --nats
//   auto sub = SubmitScan(ctx, who, input);                    // 202 + sub->batch when queued
//   auto progress = GetScanBatch(ctx, who, sub->batch->scan_id);
//
//   ScanWorker worker(ctx, *js, {.name = "w1"});              // ipenforce scan-worker
//   IPE_RETURN_IF_ERROR(worker.Start());
//   while (running) IPE_ASSIGN_OR_RETURN(int handled, worker.RunOnce());
//
// Permissions: as scans (analyst, officer, office, admin submit); progress is read by whoever
// may see the scan (CanSeeRecord of its agency and region).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "app/context.h"
#include "app/monitoring/monitoring.h"
#include "app/principal.h"
#include "core/status.h"
#include "core/time.h"
#include "stream/jetstream.h"

namespace ipe::app {

struct ScanStreamOptions {
  std::string stream = "IPE_SCAN";
  std::string subject_prefix = "ipe.scan.";  // + platform
  size_t listings_per_message = 100;
  int64_t publish_timeout_ms = 30000;
};

/// The stream's definition (work-queue retention, file storage): created by the first server or
/// worker that needs it.
stream::StreamSpec ScanStreamSpec(const ScanStreamOptions& options);

/// From now on SubmitScan on this Context publishes through `js`. Unavailable when the stream
/// cannot be made.
core::Status EnableScanStream(Context& ctx, std::unique_ptr<stream::JetStream> js,
                              const ScanStreamOptions& options);

/// A scan's progress (also of one scanned in the request: status done at once).
struct ScanBatch {
  int64_t scan_id = 0;
  std::string status;   // queued, done, failed (could not be published)
  int64_t listings = 0;   // distinct (platform, listing id) pairs to scan
  int64_t malformed = 0;
  int64_t scanned = 0;    // results written for this scan
  int64_t already = 0;    // had a result for the same registry version from an earlier scan
  int64_t suspected = 0;
  int64_t new_hits = 0;
  int64_t updated_hits = 0;
  int64_t failed = 0;     // listings of messages given up (ScanWorkerOptions::max_deliveries)
  core::Timestamp created_at;
  std::optional<core::Timestamp> finished_at;
};

struct ScanSubmission {
  std::optional<ScanReport> report;  // scanned in the request (no stream)
  std::optional<ScanBatch> batch;    // published: read its progress with GetScanBatch
  std::vector<LineError> errors;     // the first 100 malformed lines (both cases)
};

/// As ScanListings when no stream is enabled. With one: checks as ScanListings, records the scan
/// (one audit record), publishes its listings (a listing twice in the upload once, the last
/// one) and returns the queued batch. FailedPrecondition when the registry has no active brand;
/// Unavailable when the broker refused or did not confirm (the batch is marked failed).
core::Result<ScanSubmission> SubmitScan(Context& ctx, const Principal& who, const ScanInput& input);

/// NotFound when there is no such scan or `who` may not see it.
core::Result<ScanBatch> GetScanBatch(Context& ctx, const Principal& who, int64_t scan_id);

struct ScanWorkerOptions {
  std::string name = "worker";       // recorded with each result
  std::string durable = "scan-workers";
  std::string platform;              // empty: every platform; else only ipe.scan.<platform>
  int fetch = 16;                    // messages per fetch (one transaction)
  int64_t fetch_timeout_ms = 500;
  int64_t ack_wait_ms = 30000;       // unacknowledged this long: delivered to another worker
  /// A message whose write failed this many deliveries (for a reason other than the store being
  /// away) is given up: its listings count as failed on the batch, the error is recorded.
  int max_deliveries = 5;
  ScanStreamOptions stream;
  /// Results of an older registry version are deleted this long after they were written
  /// (PruneResults); the current version's are kept: they spare a listing a second scan.
  int64_t results_retention_s = 7 * 24 * 3600;
  /// Tests only: after this many committed fetches the worker kills itself (SIGKILL) before
  /// acknowledging — the crash between commit and acknowledgement. 0: never.
  int64_t crash_after_commits = 0;
};

struct ScanWorkerStats {
  int64_t messages = 0;      // acknowledged
  int64_t listings = 0;      // in those messages
  int64_t written = 0;       // results written
  int64_t redelivered = 0;   // listings whose result this scan had already: nothing written
  int64_t already = 0;       // listings with a result of an earlier scan (same registry version)
  int64_t registry_changes = 0;  // registry versions seen after the first
  int64_t retried = 0;       // messages whose write failed, asked to come again after a pause
  int64_t given_up = 0;      // messages given up after max_deliveries
  int64_t failed = 0;        // listings in them
  int64_t pruned = 0;        // results of older registry versions deleted (PruneResults)
  std::string registry_version;
};

/// One worker: a pull consumer on the stream and the store of `ctx`. Not thread-safe (one
/// thread runs it; run more processes, or more workers with their own JetStream, for more).
class ScanWorker {
 public:
  ScanWorker(Context& ctx, stream::JetStream& js, ScanWorkerOptions options);
  ~ScanWorker();
  ScanWorker(const ScanWorker&) = delete;  // owns its consumer
  ScanWorker& operator=(const ScanWorker&) = delete;

  /// Makes the stream and joins the durable consumer. Unavailable when the broker is not there.
  core::Status Start();
  /// One fetch: scans its messages, writes their results and progress in one transaction,
  /// then acknowledges them. Returns the number of messages acknowledged (0 when none came
  /// within the fetch timeout); a message that is not a scan message is acknowledged and dropped.
  /// When the store is unavailable nothing is acknowledged (the messages come again) and the error
  /// is returned. Any other failed write is retried message by message, so that one message that
  /// always fails does not hold back the others: those that fail alone come again after a pause
  /// (1 s, doubling, at most the ack wait), and are given up at their max_deliveries-th delivery.
  core::Result<int> RunOnce();
  /// Deletes the results of older registry versions past results_retention_s, 10,000 a
  /// transaction, until none is left. Any worker may run it at any time (the command does every 10
  /// minutes); two at once delete each row once. Returns how many were deleted.
  core::Result<int64_t> PruneResults();
  const ScanWorkerStats& stats() const { return stats_; }

 private:
  Context& ctx_;
  stream::JetStream& js_;
  ScanWorkerOptions options_;
  std::unique_ptr<stream::PullConsumer> consumer_;
  ScanWorkerStats stats_;
  int64_t commits_ = 0;
};

}  // namespace ipe::app
