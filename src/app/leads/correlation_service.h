#pragma once
// The process's correlation index over leads (串并案索引): one link::CorrelationIndex per Context,
// rebuilt from the store (lead_observables) on first use and updated after every committed lead.
//
//   CorrelationService& svc = Correlation(ctx);       // rebuilds on first use
//   auto links = svc.Linked(LeadRecordId(7), ScopeFor(who));
//
// Records are "lead:<id>", owned by agency "<agency id>" ("0" = unassigned) in the lead's region.
// The index is append-only, so changes that alter an indexed lead (merge) call Rebuild(), which
// builds a new index from the store off to the side and swaps it in; queries keep using the old
// one meanwhile.
//
// Several servers on one store (docs/scale-out.md): the index follows the lead change feed
// (lead_changes, written in the same transaction as each lead write). Rebuild() notes the feed's
// head in the snapshot it builds from; CatchUp() applies the changes after it — adds one by one,
// a 'rebuild' change by rebuilding. A writer catches up right after its commit, so it reads its
// own writes; a follower thread (StartFollowing) catches up when PostgreSQL announces the
// feed, and every second regardless.
//
// Restarting without a rebuild (docs/scale-out.md "Restarting from a snapshot"): with a snapshot
// path, the follower writes the index to a file (link/snapshot.h) with the feed position it holds
// and the store's identity, every interval when the position moved, and StopFollowing writes a
// last one. LoadOrRebuild at the next start loads it when it belongs to this store and the feed
// still holds every change after it, and rebuilds otherwise, saying why.
//
// Thread-safety: all members are thread-safe. Writers (CatchUp, Add, Rebuild, LoadOrRebuild) are
// serialised by `write_mu_`; queries take `index_mu_` shared, the swap and Add take it
// exclusively. A snapshot is encoded under `write_mu_` with `index_mu_` shared (queries go on;
// no change slips in between the index and its position) and written to its file after both
// are released, under `save_mu_` (taken first: one file write at a time, in position order).

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <map>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "app/context.h"
#include "app/principal.h"
#include "core/status.h"
#include "link/index.h"
#include "link/normalise.h"
#include "storage/db.h"

namespace ipe::app {

/// "lead:<id>".
std::string LeadRecordId(int64_t lead_id);
/// The lead id of a "lead:<id>" record id, or 0.
int64_t LeadIdOfRecord(std::string_view record_id);

/// The link::Scope mirroring CanSeeRecord for `who` (agency ids as text, "0" = unassigned).
link::Scope ScopeFor(const Principal& who);

/// The shared normaliser: libpsl's built-in suffix list and the compiled-in junk list.
const link::Normaliser& LeadNormaliser();

/// A lead whose arrival made its cluster span regions, with the cluster's identity at that moment
/// (its smallest lead id): every server applying the feed computes the same identity, so the
/// alert's unique key keeps it to one alert.
struct CrossRegionEvent {
  int64_t lead_id = 0;
  std::string cluster_key;
};

/// Where the index snapshot goes and how often (docs/scale-out.md "Restarting from a snapshot").
struct SnapshotOptions {
  std::string path;           // empty: no snapshot, every start rebuilds
  int interval_seconds = 60;  // the follower writes one this often, when the position moved
};

/// Why a start rebuilt the index instead of loading its snapshot.
enum class RebuildReason {
  kNone,              // it did not: loaded from the snapshot
  kNotConfigured,     // no snapshot path
  kNoFile,            // no snapshot file yet (first start)
  kUnreadable,        // the file could not be read
  kCorrupt,           // not a snapshot, truncated, checksum or structure wrong, other format
  kOtherStore,        // written for another store (store_identity differs)
  kOtherCap,          // written with another cap
  kAheadOfStore,      // its feed position is past the store's head (restored from a backup?)
  kChangesPruned,     // the feed no longer holds the changes after its position
  kDiverged,          // the feed's change at its position is another one (restored, then written)
};

/// Stable lower-case name ("none", "not_configured", "no_file", "unreadable", "corrupt",
/// "other_store", "other_cap", "ahead_of_store", "changes_pruned", "diverged"), for metrics.
const char* RebuildReasonName(RebuildReason why);

/// How LoadOrRebuild got the index.
struct IndexStart {
  bool from_snapshot = false;
  RebuildReason why = RebuildReason::kNone;
  int64_t snapshot_seq = 0;    // the snapshot's feed position (from_snapshot)
  size_t snapshot_bytes = 0;   // its file's size (from_snapshot)
  std::string rebuild_reason;  // why the store was read instead (!from_snapshot)
  size_t records = 0;
  size_t clusters = 0;         // of two or more leads (rebuilds only; not counted on a load)
  double seconds = 0;          // reading and decoding the file, or rebuilding
};

struct RebuildStats {
  size_t records = 0;
  size_t keys = 0;
  size_t clusters = 0;      // of two or more leads
  double seconds = 0;
};

/// A cluster as a list shows it before its page is read: how many of its records the viewer
/// sees, whether those span regions, and one visible member to read the cluster by.
struct ClusterListEntry {
  std::string member;
  size_t visible_records = 0;
  bool cross_region = false;
};

class CorrelationService : public Context::Extension {
 public:
  explicit CorrelationService(link::IndexOptions options = {}, SnapshotOptions snapshot = {});
  ~CorrelationService() override;  // stops the follower thread, if any
  CorrelationService(const CorrelationService&) = delete;  // owns the index and its mutexes
  CorrelationService& operator=(const CorrelationService&) = delete;

  /// Builds a fresh index from every non-merged lead's keys and swaps it in.
  /// Errors: those of the database (the old index stays).
  core::Result<RebuildStats> Rebuild(storage::Database& db);

  /// The start of a server: loads the snapshot file when there is one that belongs to this store
  /// (its identity), was written with this cap, decodes, and is neither ahead of the feed's head
  /// (a store restored from an older backup) nor behind changes the feed no longer holds, and
  /// the feed's change at its position (while the feed holds it) is the one it applied;
  /// otherwise rebuilds from the store, and `rebuild_reason` says why. The caller catches up
  /// after it (CatchUp). Errors: those of the database (reading the feed, or the rebuild).
  core::Result<IndexStart> LoadOrRebuild(storage::Database& db);

  /// Sets where snapshots go. Call before LoadOrRebuild and StartFollowing.
  void SetSnapshotOptions(SnapshotOptions snapshot);

  /// Writes the snapshot file (temp file, fsync, rename, fsync of the directory) when a path is
  /// set, the index is built and the store's identity known; with `only_if_moved`, only when the
  /// feed position moved since the last one written or loaded. Ok when there was nothing to do.
  /// Errors: Unavailable when the file cannot be written (the old file stays).
  core::Status SaveSnapshot(bool only_if_moved);

  /// Stops the follower thread (if any) and writes a last snapshot when one is configured: for a
  /// clean shutdown. Errors: SaveSnapshot's.
  core::Status StopFollowing();

  /// How many times the index was rebuilt (a start, a 'rebuild' change, a gap in the feed).
  uint64_t rebuild_count() const { return rebuilds_; }

  /// For /metrics: how the last LoadOrRebuild got the index, and the feed positions of the index
  /// and of the last snapshot written or loaded (-1: none).
  struct IndexStatus {
    bool from_snapshot = false;
    RebuildReason why = RebuildReason::kNone;
    int64_t applied_seq = 0;
    int64_t snapshot_seq = -1;
  };
  IndexStatus status() const;

  /// Links one committed lead. AlreadyExists when it is indexed already (a rebuild read it).
  /// Does not move the feed position: for indexes that do not follow a feed (tests, tools).
  core::Result<link::AddOutcome> Add(const link::RecordInput& record);

  /// Applies the feed's changes after the last applied one (all of them, in batches). Returns
  /// the leads that made their cluster span regions, in feed order. Sequence numbers have no
  /// gaps, so a first change past applied_seq() + 1 means the ones between were pruned: the
  /// index is rebuilt from the store instead (their alerts were raised by the servers that
  /// applied them; a start's reconciliation covers the rest).
  /// Errors: those of the database (what was applied stays applied; the next call goes on).
  core::Result<std::vector<CrossRegionEvent>> CatchUp(storage::Database& db);
  /// The sequence number of the last change applied.
  int64_t applied_seq() const;

  using RaiseFn = std::function<void(CorrelationService&, const CrossRegionEvent&)>;
  /// Starts the follower thread (once; later calls do nothing): it waits for the feed's
  /// announcement on `db` (at most `poll_ms`), catches up and calls `raise` for each event;
  /// every kFeedPruneEvery it deletes the changes older than kFeedRetention by `clock`.
  /// `db`, `clock` and whatever `raise` uses must outlive this service.
  void StartFollowing(storage::Database& db, const core::Clock& clock, RaiseFn raise, int poll_ms);

  /// How long the feed keeps a change: a server behind by more rebuilds its index (0.4 s at
  /// 100,000 leads, docs/leads.md) instead of reading it. Servers that start build from the store
  /// and need none of the older changes.
  static constexpr int64_t kFeedRetentionSeconds = 3600;
  static constexpr int kFeedPruneEveryMs = 10 * 60 * 1000;

  core::Result<link::ScopedLinks> Linked(std::string_view id, const link::Scope& scope) const;
  core::Result<link::ScopedCluster> ClusterOf(std::string_view id,
                                              const link::Scope& scope) const;
  /// Every cluster of at least `min_size` records (unscoped; callers filter).
  std::vector<link::Cluster> Clusters(size_t min_size = 2) const;
  /// The clusters with at least `min_size` records visible in `scope` (and, when given, only
  /// those whose visible records do or do not span regions), largest first, the index's order
  /// among equals. Kept per `scope_key` (which must name the scope: who sees what) and filter
  /// until the index changes: walking and copying every cluster cost 0.6 s per request at 1M
  /// leads, and 1.8 GiB under 64 concurrent requests. One computation at a time; others wait
  /// for it and share the result.
  std::shared_ptr<const std::vector<ClusterListEntry>> VisibleClusters(
      const link::Scope& scope, const std::string& scope_key, size_t min_size,
      std::optional<bool> cross_region) const;
  size_t record_count() const;
  bool built() const;

 private:
  core::Result<RebuildStats> RebuildLocked(storage::Database& db);
  // The snapshot file's index when it may be used (write_mu_ held); the reason when not.
  core::Result<std::unique_ptr<link::CorrelationIndex>> ReadSnapshotLocked(
      storage::Database& db, const std::string& store_id, int64_t* seq, size_t* bytes,
      RebuildReason* why);

  link::IndexOptions options_;
  std::mutex write_mu_;                 // serialises Add, CatchUp and Rebuild
  std::atomic<int64_t> applied_seq_{0};  // written under write_mu_: feed position of index_
  std::atomic<uint64_t> rebuilds_{0};
  // The change at applied_seq_ (lead id, created_at; 0 when unknown): the snapshot carries it, so
  // that a store set back to a backup and written past the snapshot's position is told apart.
  int64_t mark_lead_ = 0;                // GUARDED_BY(write_mu_)
  int64_t mark_at_ = 0;                  // GUARDED_BY(write_mu_)
  SnapshotOptions snapshot_;             // GUARDED_BY(write_mu_)
  std::string store_id_;                 // GUARDED_BY(write_mu_): read by LoadOrRebuild
  std::mutex save_mu_;                   // one snapshot file write at a time; before write_mu_
  int64_t saved_seq_ = -1;               // GUARDED_BY(save_mu_): position of the file, -1 unknown
  // Mirrors for status(), which must not wait for a rebuild or a file write.
  std::atomic<int64_t> saved_seq_seen_{-1};
  std::atomic<bool> from_snapshot_{false};
  std::atomic<int> start_reason_{0};
  mutable std::shared_mutex index_mu_;  // guards index_ (the pointer and the object)
  std::unique_ptr<link::CorrelationIndex> index_;  // GUARDED_BY(index_mu_)
  bool built_ = false;                             // GUARDED_BY(index_mu_)
  uint64_t generation_ = 0;  // GUARDED_BY(index_mu_): bumped by every change of index_

  void Follow(storage::Database& db, const core::Clock& clock, const RaiseFn& raise, int poll_ms);

  std::mutex follow_mu_;            // guards starting the follower
  std::atomic<bool> stopping_{false};
  std::thread follower_;            // GUARDED_BY(follow_mu_) when started; joined by ~

  struct CachedList {
    uint64_t generation = 0;
    std::shared_ptr<const std::vector<ClusterListEntry>> entries;
  };
  mutable std::mutex list_mu_;  // single flight for VisibleClusters; taken before index_mu_
  mutable std::map<std::string, CachedList> lists_;  // GUARDED_BY(list_mu_)
};

/// The service of this Context, created and rebuilt on first use. It lives in the Context's
/// extension slot (context.h), so it is destroyed with the Context.
/// Errors: the rebuild's (the next call tries again).
core::Result<CorrelationService*> Correlation(Context& ctx);
/// The service of this Context, created if missing but not built: for StartLeads, which loads or
/// builds it, and StopLeads.
CorrelationService& CorrelationServiceOf(Context& ctx);
/// Sets the snapshot options of this Context's service (created unbuilt if missing). Call before
/// StartLeads (serve's --index-snapshot).
void ConfigureCorrelation(Context& ctx, SnapshotOptions snapshot);
/// Drops this Context's service (the next Correlation() rebuilds from the store). Not needed
/// before destroying a Context; for callers that want a fresh index on a live one.
void DetachCorrelation(Context& ctx);



}  // namespace ipe::app
