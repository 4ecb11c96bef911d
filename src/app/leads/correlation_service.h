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
// Thread-safety: all members are thread-safe. Writers (CatchUp, Add, Rebuild) are serialised by
// `write_mu_`; queries take `index_mu_` shared, the swap and Add take it exclusively.

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
  explicit CorrelationService(link::IndexOptions options = {});
  ~CorrelationService() override;  // stops the follower thread, if any
  CorrelationService(const CorrelationService&) = delete;  // owns the index and its mutexes
  CorrelationService& operator=(const CorrelationService&) = delete;

  /// Builds a fresh index from every non-merged lead's keys and swaps it in.
  /// Errors: those of the database (the old index stays).
  core::Result<RebuildStats> Rebuild(storage::Database& db);

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

  link::IndexOptions options_;
  std::mutex write_mu_;                 // serialises Add, CatchUp and Rebuild
  std::atomic<int64_t> applied_seq_{0};  // written under write_mu_: feed position of index_
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
/// Drops this Context's service (the next Correlation() rebuilds from the store). Not needed
/// before destroying a Context; for callers that want a fresh index on a live one.
void DetachCorrelation(Context& ctx);



}  // namespace ipe::app
