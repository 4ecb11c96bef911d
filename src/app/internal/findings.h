#pragma once
// The bridge from a case to the rule engine: facts from the case, prior penalties of the same
// parties from the store, findings back in the case's terms.

#include <vector>

#include "app/cases.h"
#include "rules/evaluate.h"
#include "storage/db.h"

namespace ipe::app::internal {

/// Earlier closed-with-penalty cases of the same parties (by credit code or ID number), any
/// agency: repeat offending is judged across agencies.
core::Result<std::vector<rules::PriorPenalty>> PriorPenalties(storage::Tx& tx, int64_t case_id,
                                                              const CaseInput& input);

/// Findings for the case under the rules in force at its act date (the start date; without one,
/// or without a conduct, there is nothing to evaluate).
std::vector<CaseFinding> EvaluateFindings(const CaseInput& input,
                                          const std::vector<rules::PriorPenalty>& priors);

/// True for threshold levels (basic, attempt, aggravated …), false for flags (repeat offender,
/// reasonable suspicion).
bool IsThresholdFinding(const CaseFinding& f);

}  // namespace ipe::app::internal
