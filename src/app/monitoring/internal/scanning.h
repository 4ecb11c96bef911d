#pragma once
// The pieces of a scan shared by the in-request scan (ScanListings, monitoring.cc) and the scanner
// workers (scan_batches.cc): checking an upload, the registry as a scanner with its version, the
// scan of a list of listings, and queueing the suspects in an agency's review queue.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/monitoring/monitoring.h"
#include "app/monitoring/monitoring_store.h"
#include "core/status.h"
#include "core/time.h"
#include "match/scanner.h"
#include "storage/db.h"

namespace ipe::app::monitoring_internal {

/// Ok, or PermissionDenied / FailedPrecondition (not an agency user) / InvalidArgument with field
/// errors (nothing to scan, more than kMaxListingsPerScan, source too long).
core::Status CheckScanInput(const Principal& who, const ScanInput& input);

/// The active registry as a scanner (cached per process, rebuilt when the registry changed) and
/// its version: 16 hex digits of SHA-256 over its scanner export, so any brand write changes it.
struct RegistrySnapshot {
  std::shared_ptr<const match::Scanner> scanner;
  std::string version;
  int64_t brands = 0;
};
/// FailedPrecondition when the registry has no active brand or the scanner refuses it.
core::Result<RegistrySnapshot> LoadRegistry(storage::Tx& tx);

/// A suspected listing as it goes into the review queue. `listing` points into the scanned list.
struct Suspect {
  const ListingInput* listing;
  int score_pct;
  std::vector<std::string> brands;
  std::vector<HitSignal> signals;
  std::optional<int64_t> reference_fen;
};
/// Scans every listing; returns the suspects in order. With `score_pct`, also every listing's
/// score × 100 (same index as `listings`).
std::vector<Suspect> FindSuspects(const match::Scanner& scanner,
                                  const std::vector<ListingInput>& listings,
                                  std::vector<int>* score_pct);

/// Whose queue the suspects go to, and the scan they were found by.
struct QueueTarget {
  int64_t agency_id = 0;
  std::string region_code;
  int64_t scan_id = 0;
  core::Timestamp now;
};
/// Inserts new hits, refreshes pending ones, records a sighting on reviewed ones; adds to
/// *new_hits / *updated_hits. Moves the brands and signals out of `suspects`.
core::Status QueueSuspects(MonitoringStore& store, const QueueTarget& target,
                           std::vector<Suspect>& suspects, int64_t* new_hits,
                           int64_t* updated_hits);

}  // namespace ipe::app::monitoring_internal
