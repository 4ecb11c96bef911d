#pragma once
// The correlation index (串并案索引): records (leads, complaints, seizures, cases) joined into
// clusters by the strong keys they share, in memory and incrementally.
//
//   CorrelationIndex index({.cap = 50});
//   auto added = index.Add({"lead:1", "agency:7", "110105", {{KeyType::kPhone, "+8613800138000"}}});
//   auto links = index.Linked("lead:1", scope);   // records sharing a key, filtered by scope
//   auto cluster = index.ClusterOf("lead:1", scope);
//
// Clusters are the connected components of the graph "record — strong key — record", where a key
// held by more than `cap` records (a platform hotline) links nothing: its links are undone the
// moment it crosses the cap, and it is reported instead. Weak keys (names, addresses) are kept for
// "similar" display and never link.
//
// Design (docs/link.md has the numbers): strings are interned; each (record, key) pair is one
// entry in flat arrays, and a key's records form a linked list through its entries (no per-key
// allocation). Components are a union-find with union by size plus a circular member list per
// component, so a component can be enumerated and, when a key crosses the cap, torn down and
// rebuilt from the postings of its remaining keys. Nothing is stored per pair of records.
//
// Scope: queries take the caller's Scope and return full records only inside it; beyond it only
// the owning agency and the fact that a match exists — never an id, region or key.
//
// Thread-safety: Add() needs exclusive access; const members may run concurrently with each other
// (they never mutate, not even path compression). The owner (app/) holds a shared mutex.

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "link/internal/string_table.h"
#include "link/observable.h"

namespace ipe::link {

struct IndexOptions {
  /// A key held by more than `cap` records stops linking (MISP's correlation_limit, default 20).
  uint32_t cap = 50;
};

/// One record as the index sees it: identity, owner and normalised keys (Verdict::kKey only).
struct RecordInput {
  std::string id;      // unique: "lead:123", "case:京市监-2024-001"
  std::string agency;  // owning agency (app/ passes its agency id as text)
  std::string region;  // GB/T 2260 code of the owner's region
  std::vector<Key> keys;
};

/// What the caller may see: a record is in scope when its region is inside the caller's region
/// subtree and it belongs to the caller's agency (or any agency, for supervisory roles).
/// Mirrors app::CanSeeRecord; app/ builds it from the Principal.
struct Scope {
  std::string agency;
  bool all_agencies = false;
  /// Region-subtree predicate (app::RegionWithin bound to the caller's region); empty = all.
  std::function<bool(std::string_view region)> region_within;

  bool Sees(std::string_view record_agency, std::string_view record_region) const {
    if (!all_agencies && record_agency != agency) return false;
    return !region_within || region_within(record_region);
  }
  /// Sees everything: trusted batch use (the `correlate` command, rebuilds).
  static Scope Everything() { return Scope{{}, true, {}}; }
};

/// A record inside the caller's scope, with the keys that tie it to the queried record (Linked)
/// or to the rest of its cluster (ClusterOf).
struct VisibleRecord {
  std::string id;
  std::string agency;
  std::string region;
  std::vector<Key> keys;
};

/// A match outside the caller's scope: which agency to ask, nothing else.
struct BeyondScope {
  std::string agency;
  bool exists = true;
};

struct ScopedLinks {
  std::vector<VisibleRecord> records;     // sorted by id
  std::vector<BeyondScope> beyond_scope;  // one per agency, sorted
  std::vector<VisibleRecord> similar;     // in scope, sharing only weak keys (not linked)
};

struct ScopedCluster {
  std::vector<VisibleRecord> records;     // sorted by id, the queried record included
  std::vector<Key> keys;                  // tying keys held by a visible record, sorted
  std::vector<BeyondScope> beyond_scope;  // agencies holding records the caller cannot see
  std::vector<std::string> regions;       // of visible records, sorted
  bool cross_region = false;              // visible records span more than one region
};

/// An unscoped cluster, for batch output (`ipenforce correlate`).
struct Cluster {
  std::vector<std::string> records;   // sorted
  std::vector<Key> keys;              // keys held by two or more members, sorted
  std::vector<std::string> agencies;  // sorted
  std::vector<std::string> regions;   // sorted
  bool cross_region = false;
};

struct OverCapKey {
  Key key;
  uint32_t records;  // how many records hold it
};

struct AddOutcome {
  uint32_t cluster_size = 1;           // size of the new record's cluster
  bool became_cross_region = false;    // the cluster spans regions now and did not before
  std::vector<Key> keys_over_cap;      // keys that crossed the cap with this record
};

class SnapshotCodec;  // snapshot.cc: reads and fills the arrays below

class CorrelationIndex {
 public:
  explicit CorrelationIndex(IndexOptions options = {});
  CorrelationIndex(const CorrelationIndex&) = delete;  // large; copy by rebuilding
  CorrelationIndex& operator=(const CorrelationIndex&) = delete;
  CorrelationIndex(CorrelationIndex&&) = default;
  CorrelationIndex& operator=(CorrelationIndex&&) = default;

  /// Pre-sizes for `records` records holding `entries` keys in all (optional; the key table
  /// grows by itself since distinct keys are fewer than entries).
  void Reserve(size_t records, size_t entries);

  /// Adds and links one record. Duplicate keys in the input count once.
  /// AlreadyExists when the id is taken; InvalidArgument for an empty id or a key or id longer
  /// than 64 KiB. On error nothing is changed.
  core::Result<AddOutcome> Add(const RecordInput& record);

  /// Records sharing a strong, under-cap key with `id`, and those sharing only weak keys.
  /// NotFound when `id` is unknown or outside `scope` (the two are indistinguishable).
  core::Result<ScopedLinks> Linked(std::string_view id, const Scope& scope) const;
  /// The cluster of `id`, filtered by scope. NotFound as for Linked.
  core::Result<ScopedCluster> ClusterOf(std::string_view id, const Scope& scope) const;

  /// Every cluster with at least `min_size` records, sorted by first record id. Unscoped.
  std::vector<Cluster> Clusters(size_t min_size = 2) const;
  /// The same clusters in the same order, one at a time (a million records' clusters need not be
  /// held at once).
  void ForEachCluster(size_t min_size, const std::function<void(const Cluster&)>& fn) const;
  /// Keys that crossed the cap, in the order they crossed.
  std::vector<OverCapKey> OverCapKeys() const;

  size_t record_count() const { return record_ids_.size(); }
  size_t key_count() const { return keys_.size(); }
  uint32_t cap() const { return options_.cap; }
  /// Bytes held by the index's own arrays and tables.
  size_t MemoryBytes() const;

 private:
  friend class SnapshotCodec;
  static constexpr uint32_t kNone = UINT32_MAX;
  static constexpr uint8_t kMultiAgency = 1;
  static constexpr uint8_t kMultiRegion = 2;

  uint32_t FindRoot(uint32_t r);             // with path halving (Add only)
  uint32_t FindRootConst(uint32_t r) const;  // no mutation (queries)
  void Union(uint32_t a, uint32_t b);
  void Rebuild(uint32_t root);
  bool Links(uint32_t key) const;  // strong, held by 2..cap records
  Key KeyAt(uint32_t key) const;
  std::vector<uint32_t> Members(uint32_t root) const;
  Cluster MakeCluster(uint32_t root) const;
  VisibleRecord MakeVisible(uint32_t r, std::vector<Key> keys) const;
  std::vector<BeyondScope> MakeBeyond(std::vector<uint32_t> agencies) const;

  IndexOptions options_;

  internal::StringTable record_ids_;  // record index == id in this table
  internal::StringTable agencies_;
  internal::StringTable regions_;
  internal::StringTable keys_;        // one type byte + value

  // Per record.
  std::vector<uint32_t> rec_agency_;
  std::vector<uint32_t> rec_region_;
  std::vector<uint32_t> rec_entry_begin_;  // entries of r: [begin[r], begin[r + 1])
  std::vector<uint32_t> parent_;
  std::vector<uint32_t> size_;             // meaningful at roots
  std::vector<uint32_t> next_member_;      // circular list of a component's members
  std::vector<uint8_t> flags_;             // kMultiAgency | kMultiRegion, meaningful at roots

  // Per (record, key) entry.
  std::vector<uint32_t> entry_key_;
  std::vector<uint32_t> entry_record_;
  std::vector<uint32_t> entry_next_;  // previous entry of the same key, kNone at the end

  // Per key.
  std::vector<uint32_t> key_head_;   // newest entry; kNone once over the cap
  std::vector<uint32_t> key_count_;  // records holding it (keeps counting past the cap)
  std::vector<uint8_t> key_type_;    // KeyType

  std::vector<uint32_t> over_cap_;   // keys, in crossing order
  std::string scratch_;              // Add(): encoded key buffer, reused
};

}  // namespace ipe::link
