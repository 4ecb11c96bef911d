#pragma once
// The bridge from a case to the rule engine: facts from the case (prior penalties of the same
// parties come from CaseStore), findings back in the case's terms. Pure.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/cases/cases.h"
#include "rules/evaluate.h"

namespace ipe::app::internal {

/// Findings for the case under the rules in force at its act date (the start date; without one,
/// or without a conduct, there is nothing to evaluate).
std::vector<CaseFinding> EvaluateFindings(const CaseInput& input,
                                          const std::vector<rules::PriorPenalty>& priors);

/// Findings as stored on the case row (cases.findings): one line per finding,
/// "rule_id TAB met TAB level TAB confidence TAB basis". What the rule says (article, crime,
/// source) is not repeated per case: DecodeFindings takes it from the rule set by rule id (and
/// the case's conduct, as the evaluation did), so a stored finding is ~80 bytes, not ~290.
std::string EncodeFindings(const std::vector<CaseFinding>& findings);
std::vector<CaseFinding> DecodeFindings(std::string_view stored,
                                        const std::optional<std::string>& conduct);

/// What a party's earlier penalties are found by: its normalised credit code, else its normalised
/// ID number; none for a party with neither.
std::optional<std::string> PriorPenaltyKey(const CaseParty& p);

/// True for threshold levels (basic, attempt, aggravated …), false for flags (repeat offender,
/// reasonable suspicion).
bool IsThresholdFinding(const CaseFinding& f);

}  // namespace ipe::app::internal
