#include "app/internal/findings.h"

#include "core/ids.h"

namespace ipe::app::internal {

core::Result<std::vector<rules::PriorPenalty>> PriorPenalties(storage::Tx& tx, int64_t case_id,
                                                              const CaseInput& input) {
  std::vector<rules::PriorPenalty> out;
  for (const CaseParty& p : input.parties) {
    std::string column;
    std::string key;
    if (p.uscc) {
      column = "p.uscc";
      key = core::NormaliseIdText(*p.uscc);
    } else if (p.id_number) {
      column = "p.id_number";
      key = core::NormaliseIdText(*p.id_number);
    } else {
      continue;
    }
    IPE_ASSIGN_OR_RETURN(
        auto rows, tx.Query("SELECT c.penalty_date, c.conduct FROM cases c JOIN case_parties p ON "
                            "p.case_id = c.id WHERE c.id <> ? AND c.status = 'closed' AND "
                            "c.closing_kind = 'penalty' AND c.penalty_date IS NOT NULL AND "
                            "c.conduct IS NOT NULL AND " + column + " = ?",
                            {case_id, key}));
    for (const auto& r : rows) {
      auto d = core::ParseDate(r.Text(0));
      auto c = rules::ConductFromKey(r.Text(1));
      if (d && c) out.push_back({*d, *c});
    }
  }
  return out;
}

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
