#pragma once
// 侵权假冒高发地区 (issue 18): which provinces a year's figures make candidates for 通报、约谈 or
// 挂牌督办, by rules as data (rules/statistics/high_incidence.rules) over yearly figures and the
// resident population (data/statistics/population.tsv). Pure: the figures come in as numbers.
//
//   const HighIncidenceRules& rules = DefaultHighIncidenceRules();
//   YearlyFigures f;                      // f[2025]["440000"] = 1203 …
//   auto c = FindCandidates(rules, rules.rules[0], DefaultPopulation(), f, 2025);
//   for (const Candidate& x : c) show(x.region, x.years);   // the figures that triggered it

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace ipe::statistics {

struct HighIncidenceRule {
  std::string key;
  std::string title;
  std::string indicator;  // an indicators.rules key
  bool per_100k = false;
  // Persistent: in the top `top_percent` % for `years` years running …
  int years = 0;
  int top_percent = 0;
  // … or rising: at least `min_count` and `min_growth_percent` % above the year before.
  int min_growth_percent = 0;
  int64_t min_count = 0;
  std::string source;
  std::string confidence;

  bool persistent() const { return years > 0; }
};

struct HighIncidenceRules {
  std::string version;
  std::vector<HighIncidenceRule> rules;
  const HighIncidenceRule* Find(std::string_view key) const;
};

/// Parses the rule file. InvalidArgument "name:line: reason" for unknown keys, a rule that is
/// neither persistent nor rising (or both), numbers out of range, a missing title, indicator,
/// source or confidence.
core::Result<HighIncidenceRules> ParseHighIncidenceRules(std::string_view name, std::string_view text);
/// The compiled-in rules/statistics/high_incidence.rules.
const HighIncidenceRules& DefaultHighIncidenceRules();

/// Resident population by province code, with the census date and the source's confidence.
struct Population {
  std::string source;
  std::string confidence;
  std::map<std::string, int64_t> by_region;
};
core::Result<Population> ParsePopulation(std::string_view name, std::string_view text);
/// The compiled-in data/statistics/population.tsv.
const Population& DefaultPopulation();

/// year → province code → the indicator's yearly figure (provinces absent count 0).
using YearlyFigures = std::map<int, std::map<std::string, int64_t>>;

struct CandidateYear {
  int year = 0;
  int64_t count = 0;
  std::optional<int64_t> per_100k_hundredths;  // count per 100,000 inhabitants × 100 (per_100k rules)
  int rank = 0;                                // 1 = highest of the provinces that year
};

struct Candidate {
  std::string region;
  std::string rule;
  std::vector<CandidateYear> years;  // oldest first; the figures that triggered the rule
  std::optional<int> growth_percent;  // rising rules
};

/// The years a rule reads for `year`: persistent rules the last `years` years, rising rules the
/// year and the one before.
std::vector<int> YearsRead(const HighIncidenceRule& rule, int year);

/// The provinces `rule` makes candidates in `year`, ordered by the year's figure, highest first.
/// Provinces are those of `population` (a persistent rule's top share is of them, rounded up);
/// ties at the cut-off are all in. A province with no figure counts 0; 0 is never in the top.
std::vector<Candidate> FindCandidates(const HighIncidenceRule& rule, const Population& population,
                                      const YearlyFigures& figures, int year);

}  // namespace ipe::statistics
