#pragma once
// 平安建设考核 (issue 18, seed task 22): the rubric an office assesses the local governments below
// it by — criteria computed from statistics indicators (linear between two bounds, or by rank;
// higher or lower is better; optionally per 100,000 residents) and manual items the office enters
// with a reason — and how a criterion's points follow from the regions' figures. Pure: the figures
// come in as numbers; the default rubric is data (rules/statistics/assessment.rules, compiled in).
//
//   const AssessmentRubric& r = DefaultAssessmentRubric();
//   core::Status st = ValidateRubric(r, DefaultIndicators(), /*provinces=*/true);
//   std::vector<int64_t> pts = CriterionPoints(r.criteria[0], {1200, 400, std::nullopt});
//   pts[0]   // hundredths of a point

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "statistics/indicators.h"

namespace ipe::statistics {

struct AssessmentCriterion {
  std::string key;          // [a-z0-9_]{1,40}, unique in the rubric
  std::string name;         // 涉嫌犯罪案件移送率
  std::string kind;         // "indicator" or "manual"
  std::string indicator;    // kind indicator: an indicators.rules key
  std::string scoring;      // kind indicator: "linear" or "rank"
  std::string direction;    // kind indicator: "higher" or "lower" is better
  bool per_capita = false;  // the figure per 100,000 residents (× 100), provinces only
  int64_t low = 0;          // linear: bounds in the figure's unit (basis points for rates)
  int64_t high = 0;
  int64_t max_points = 0;  // whole points, 1 … 100
  std::string basis;
  std::string confidence;  // C, S or M

  bool manual() const { return kind == "manual"; }
};

struct AssessmentRubric {
  std::string version;  // the file header's (the default rubric)
  std::vector<AssessmentCriterion> criteria;
  /// The most points a region can have, in whole points.
  int64_t MaxTotal() const;
  const AssessmentCriterion* Find(std::string_view key) const;
};

inline constexpr int64_t kMaxCriteria = 30;
inline constexpr int64_t kMaxCriterionPoints = 100;
inline constexpr int64_t kMaxRubricPoints = 1000;

/// Parses assessment.rules. InvalidArgument "name:line: reason" for an unknown key, a section
/// other than [criterion key], a bad number or yes/no; the rubric's content is checked by
/// ValidateRubric (the caller, and the test, run it on the default).
core::Result<AssessmentRubric> ParseAssessmentRubric(std::string_view name, std::string_view text);
/// The compiled-in rules/statistics/assessment.rules.
const AssessmentRubric& DefaultAssessmentRubric();

/// InvalidArgument with field errors named `criteria` or `criteria[i].<field>` (key, name, kind,
/// indicator, scoring, direction, per_capita, low, high, max_points, basis, confidence) for: no
/// criteria or more than kMaxCriteria, a bad or repeated key, an empty or long name, an unknown
/// kind, scoring or direction, an indicator not in `set`, per capita on a rate or when the
/// assessed regions are not provinces (`provinces` false: the population is known per province
/// only), linear bounds not 0 ≤ low < high, points outside 1 … kMaxCriterionPoints or a total over
/// kMaxRubricPoints, an empty basis, a confidence other than C/S/M; indicator fields on a manual
/// item. Ok otherwise.
core::Status ValidateRubric(const AssessmentRubric& rubric, const IndicatorSet& set,
                            bool provinces);

/// The figure per 100,000 residents in hundredths (rounded half up), none without a population.
std::optional<int64_t> PerCapitaHundredths(int64_t value, int64_t population);

/// The points of an indicator criterion for each region's figure, in hundredths of a point, in the
/// input's order. A region without a figure scores 0. Linear: clamped between the bounds, rounded
/// half up. Rank: among the regions with a figure, competition ranks (1, 1, 3) by the direction;
/// rank r of n scores max × (n − r) / (n − 1) (a lone region scores max).
std::vector<int64_t> CriterionPoints(const AssessmentCriterion& c,
                                     const std::vector<std::optional<int64_t>>& figures);

}  // namespace ipe::statistics
