#pragma once
// The bridge from a case to the rule engine: facts from the case (prior penalties of the same
// parties come from CaseStore), findings back in the case's terms. Pure.

#include <vector>

#include "app/cases/cases.h"
#include "rules/evaluate.h"

namespace ipe::app::internal {

/// Findings for the case under the rules in force at its act date (the start date; without one,
/// or without a conduct, there is nothing to evaluate).
std::vector<CaseFinding> EvaluateFindings(const CaseInput& input,
                                          const std::vector<rules::PriorPenalty>& priors);

/// True for threshold levels (basic, attempt, aggravated …), false for flags (repeat offender,
/// reasonable suspicion).
bool IsThresholdFinding(const CaseFinding& f);

}  // namespace ipe::app::internal
