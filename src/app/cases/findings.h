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

/// Findings for the case under the rules in force when its conduct ended (act_date_to, else
/// act_date_from; without a date or a conduct there is nothing to evaluate), or under the rules
/// in force on `today` when those are more lenient (rules::Judge). `today` is also the date a
/// transfer would be made: procedural rules keyed on it (Decree 310 art. 3 para. 2) use it.
/// `regime_basis`, when given, receives which regime was used and why (zh-CN; "" when nothing
/// was evaluated).
std::vector<CaseFinding> EvaluateFindings(const CaseInput& input,
                                          const std::vector<rules::PriorPenalty>& priors,
                                          core::Date today, std::string* regime_basis = nullptr);

/// Another unpunished case of the same party, as cumulative evaluation needs it.
struct AddedCase {
  std::string label;  // "沪案1（上海市市场监督管理局）"
  std::optional<core::Date> act_date_from;
  std::optional<core::Date> act_date_to;
  std::optional<core::Fen> illegal_business;
  std::optional<core::Fen> illegal_gains;
  std::optional<core::Fen> sales;
};

/// Repeated acts of the same party not yet punished are added up (法释〔2004〕19号 第十二条:
/// 非法经营数额、违法所得数额、销售金额 累计计算): the case's three amounts plus those of `others`
/// (same conduct), over the span from the earliest start to the latest end, judged as
/// EvaluateFindings does. Returns the met threshold findings of the sum that the case alone does
/// not meet, their basis naming the cases added; none without others or a date.
std::vector<CaseFinding> CumulativeFindings(const CaseInput& input,
                                            const std::vector<CaseFinding>& own,
                                            const std::vector<AddedCase>& others,
                                            const std::vector<rules::PriorPenalty>& priors,
                                            core::Date today);

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

/// True when a met threshold finding rests on a confirmed or secondary-source rule (C or S);
/// false when every met threshold rests on an unconfirmed (M) rule, or none is met.
bool AnyConfirmedMet(const std::vector<CaseFinding>& findings);

}  // namespace ipe::app::internal
