#pragma once
// A fixed-seed generator of labelled records for correlation tests and bench/correlate.
//
// Ground truth comes from the generator, never from the engine: each record belongs to one
// entity (a counterfeiting operation). An entity owns four strong identifiers of varied types
// (phone, credit code, web shop, e-mail, URL/domain, bank account, WeChat, QQ, ID number, waybill,
// IP); each of its records shows three of them, each written in a randomly chosen one of the
// writings people use (+86 138…, 0086-…, full-width digits, lower-case credit codes, URLs with
// sub-domains …), so any two records of an entity share at least two identifiers.
// Noise that must NOT link: look-alike company names and addresses shared across entities, a
// platform hotline carried by hundreds of records, junk values (13800138000, 无, test@test.com).

#include <cstdint>
#include <vector>

#include "link/batch.h"

namespace ipe::link::testing {

struct GeneratorOptions {
  uint64_t seed = 20240601;
  size_t records = 10000;
  /// Records per entity are drawn from 1..max_records_per_entity.
  int max_records_per_entity = 5;
  /// Share of records carrying the platform hotline (shared across entities).
  double hotline_share = 0.03;
  /// Share of records carrying a junk value.
  double junk_share = 0.05;
  /// Share of records carrying a look-alike company name or address (weak, shared).
  double lookalike_share = 0.3;
};

struct LabelledRecord {
  RawRecord record;
  uint32_t entity;  // ground truth
};

/// Generates record i on demand (the bench streams a million without holding them).
/// Deterministic for a given options value.
class LabelledGenerator {
 public:
  explicit LabelledGenerator(const GeneratorOptions& options);
  size_t size() const { return entity_of_.size(); }
  LabelledRecord Record(size_t i) const;

 private:
  GeneratorOptions options_;
  std::vector<uint32_t> entity_of_;  // shuffled: record i belongs to entity_of_[i]
};

/// Every record of LabelledGenerator(options).
std::vector<LabelledRecord> GenerateLabelled(const GeneratorOptions& options);

struct PairwiseScore {
  uint64_t true_pairs = 0;       // pairs of records of one entity
  uint64_t predicted_pairs = 0;  // pairs of records in one cluster
  uint64_t correct_pairs = 0;    // both
  double precision() const {
    return predicted_pairs == 0 ? 1.0 : static_cast<double>(correct_pairs) / predicted_pairs;
  }
  double recall() const {
    return true_pairs == 0 ? 1.0 : static_cast<double>(correct_pairs) / true_pairs;
  }
};

/// Pairwise precision and recall of `clusters` (record ids) against `truth` (entity per record
/// id, for every record). Records in no cluster are singletons.
PairwiseScore ScorePairs(const std::vector<Cluster>& clusters,
                         const std::vector<std::pair<std::string, uint32_t>>& truth);

}  // namespace ipe::link::testing
