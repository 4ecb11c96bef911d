#pragma once
// 侵权假冒高发地区 (issue 18): the provinces a rule of rules/statistics/high_incidence.rules makes
// candidates for 通报、约谈 or 挂牌督办 in a year, with the yearly figures that triggered it. The
// figures are QueryFigure's (the rollups) by province in the viewer's scope; ranking provinces
// needs every province's figure, so only viewers with a national region may ask (a national
// agency's officer ranks its own agency's cases, the office all of them).
//
//   auto c = FindHighIncidence(ctx, who, 2025, "persistent_top");
//   for (const auto& x : c->candidates) show(x.region_name, x.candidate.years);

#include <string>
#include <vector>

#include "app/context.h"
#include "app/principal.h"
#include "core/status.h"
#include "statistics/high_incidence.h"

namespace ipe::app {

struct HighIncidenceCandidate {
  statistics::Candidate candidate;
  std::string region_name;
};

struct HighIncidence {
  int year = 0;
  const statistics::HighIncidenceRule* rule = nullptr;
  std::string population_source;
  std::string population_confidence;
  std::string scope_label;  // whose figures: 全国, 全国 · 国家知识产权局
  std::vector<HighIncidenceCandidate> candidates;
};

/// The candidates of `rule_key` for `year`. InvalidArgument (fields year, rule) for a year
/// outside 2000 … this year or an unknown rule; PermissionDenied without statistics.read or
/// for a viewer whose region is not the nation.
core::Result<HighIncidence> FindHighIncidence(Context& ctx, const Principal& who, int year,
                                              const std::string& rule_key);

}  // namespace ipe::app
