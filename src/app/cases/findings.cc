#include "app/cases/findings.h"

namespace ipe::app::internal {

std::vector<CaseFinding> EvaluateFindings(const CaseInput& input,
                                          const std::vector<rules::PriorPenalty>& priors) {
  std::vector<CaseFinding> out;
  if (!input.conduct || !input.act_date_from) return out;
  auto conduct = rules::ConductFromKey(*input.conduct);
  if (!conduct) return out;
  rules::CaseFacts f;
  f.act_date = *input.act_date_from;
  f.conduct = *conduct;
  const CaseAmounts& a = input.amounts;
  f.amounts.illegal_business = a.illegal_business;
  f.amounts.illegal_gains = a.illegal_gains;
  f.amounts.sales = a.sales;
  f.amounts.unsold_value = a.unsold_value;
  f.amounts.loss = a.loss;
  f.counts.marks = a.marks;
  f.counts.copies = a.copies;
  f.counts.rights_involved = a.rights_involved;
  if (a.harm_to_health) f.flags.insert(rules::Fact::kSeriousHealthHarm);
  f.prior_penalties = priors;
  auto findings = rules::Evaluate(rules::DefaultRuleSet(), f);
  if (!findings) return out;  // the input was validated; nothing to evaluate otherwise
  for (const auto& x : *findings) {
    out.push_back({x.rule_id, x.article, x.crime, x.met, rules::LevelName(x.level), x.basis,
                   x.source, rules::ConfidenceName(x.confidence)});
  }
  return out;
}

bool IsThresholdFinding(const CaseFinding& f) {
  auto level = rules::LevelFromName(f.level);
  return level && rules::IsThresholdLevel(*level);
}

}  // namespace ipe::app::internal
