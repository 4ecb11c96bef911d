#pragma once
// AssessmentStore: all SQL of the 平安建设 assessment (psa_rubrics, psa_criteria,
// psa_manual_points, psa_scores, psa_score_items; migration 1220). docs/statistics.md
// "平安建设考核".

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "core/time.h"
#include "statistics/assessment.h"
#include "storage/db.h"

namespace ipe::app {

/// One office's rubric for one year. `version` 0: not stored yet (the default rubric offered).
struct PsaRubric {
  int64_t id = 0;
  int year = 0;
  std::string assessor_region;   // 000000 assesses provinces; a province its prefectures
  std::string status = "draft";  // draft, published
  std::string source_version;    // the default rubric's version it started from
  statistics::AssessmentRubric rubric;
  std::optional<int64_t> updated_by;
  std::string updated_by_name;
  core::Timestamp updated_at;
  std::string published_by_name;
  std::optional<core::Timestamp> published_at;
  int64_t version = 0;
};

/// The office's points for a manual item of a region (hundredths of a point) and why.
struct PsaManualPoints {
  std::string region_code;
  std::string criterion_key;
  int64_t points = 0;
  std::string reason;
  std::string entered_by_name;
  core::Timestamp entered_at;
};

/// A region's points for one criterion: for an indicator the figure it follows from.
struct PsaItem {
  std::string criterion_key;
  std::optional<int64_t> figure;     // as scored (per capita: hundredths per 100,000)
  std::optional<int64_t> raw_value;  // the indicator's figure for the region and year
  int64_t points = 0;                // hundredths
  std::string reason;                // manual items
};

struct PsaScore {
  std::string region_code;
  int64_t total = 0;  // hundredths
  int rank = 0;
  std::vector<PsaItem> items;  // in the rubric's order
};

class AssessmentStore {
 public:
  explicit AssessmentStore(storage::Tx& tx) : tx_(tx) {}

  /// The stored rubric of the year and office, with its criteria; none when not stored.
  /// `for_update` locks the row.
  core::Result<std::optional<PsaRubric>> Find(int year, const std::string& assessor_region,
                                              bool for_update = false);
  /// Inserts a rubric with its criteria (version 1); AlreadyExists when the year and office have
  /// one.
  core::Result<int64_t> Insert(const PsaRubric& r);
  /// Replaces the criteria and bumps the version when it is `expected_version`; FailedPrecondition
  /// otherwise.
  core::Status Update(const PsaRubric& r, int64_t expected_version);
  /// Bumps the version (a manual entry changed the assessment).
  core::Status Touch(int64_t rubric_id);
  core::Status MarkPublished(int64_t rubric_id, std::optional<int64_t> by,
                             const std::string& by_name, core::Timestamp now,
                             int64_t expected_version);

  core::Result<std::vector<PsaManualPoints>> ManualPoints(int64_t rubric_id);
  /// Inserts or replaces the region's points for the item.
  core::Status PutManualPoints(int64_t rubric_id, const PsaManualPoints& m,
                               std::optional<int64_t> by);
  /// Deletes the manual points of items that are not among `keys` (after a rubric change).
  core::Status DeleteManualPointsNotIn(int64_t rubric_id, const std::vector<std::string>& keys);

  core::Status InsertScores(int64_t rubric_id, const std::vector<PsaScore>& scores);
  /// The frozen scores, best first.
  core::Result<std::vector<PsaScore>> Scores(int64_t rubric_id);

 private:
  core::Status InsertCriteria(int64_t rubric_id, const statistics::AssessmentRubric& r);
  storage::Tx& tx_;
};

}  // namespace ipe::app
