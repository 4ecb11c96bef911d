#pragma once
// BatchCorrelator: normalise raw records and add them to a CorrelationIndex, keeping count of the
// values that produced no key (junk, malformed) so they can be reported. Used by
// `ipenforce correlate` and bench/correlate; app/ does the same per lead.
//
//   BatchCorrelator batch(&normaliser, {.cap = 50});
//   for (const RawRecord& r : records) { auto s = batch.Add(r); ... }
//   for (const Cluster& c : batch.index().Clusters()) { ... }
//   batch.Junk();   // [{key, reason, occurrences}] most frequent first

#include <string>
#include <unordered_map>
#include <vector>

#include "core/status.h"
#include "link/index.h"
#include "link/normalise.h"

namespace ipe::link {

/// A record before normalisation.
struct RawRecord {
  std::string id;
  std::string agency;
  std::string region;
  std::vector<Observable> observables;
};

/// A value that produced no key, with how often it was seen.
struct RejectedValue {
  Key key;  // type and (normalised, or as written) value
  std::string reason;
  uint64_t occurrences = 0;
};

/// A record normalised and ready to index, with the values that gave no key.
struct PreparedRecord {
  RecordInput input;
  std::vector<Normalised> rejected;
};

class BatchCorrelator {
 public:
  /// `normaliser` is borrowed and must outlive this object.
  BatchCorrelator(const Normaliser* normaliser, IndexOptions options)
      : normaliser_(normaliser), index_(options) {}

  /// Normalises one record. Touches no state: safe to call from several threads at once, so
  /// callers can normalise in parallel and Commit() in input order.
  static PreparedRecord Prepare(const Normaliser& normaliser, RawRecord record);
  /// Indexes a prepared record and counts its rejected values. Errors as for
  /// CorrelationIndex::Add (nothing is counted then).
  core::Result<AddOutcome> Commit(PreparedRecord prepared);
  /// Prepare() then Commit().
  core::Result<AddOutcome> Add(const RawRecord& record) {
    return Commit(Prepare(*normaliser_, record));
  }

  const CorrelationIndex& index() const { return index_; }
  CorrelationIndex& mutable_index() { return index_; }
  /// Junk values (junk list, private IPs …), most frequent first.
  std::vector<RejectedValue> Junk() const { return Sorted(junk_); }
  /// Malformed values, most frequent first.
  std::vector<RejectedValue> Invalid() const { return Sorted(invalid_); }
  uint64_t keys_added() const { return keys_added_; }

 private:
  static std::vector<RejectedValue> Sorted(
      const std::unordered_map<std::string, RejectedValue>& m);
  const Normaliser* normaliser_;
  CorrelationIndex index_;
  std::unordered_map<std::string, RejectedValue> junk_;     // Key::ToString() → value
  std::unordered_map<std::string, RejectedValue> invalid_;  // Key::ToString() → value
  uint64_t keys_added_ = 0;
};

}  // namespace ipe::link
