#include "app/cases/findings.h"

#include <algorithm>
#include <map>

#include "core/ids.h"

namespace ipe::app::internal {

std::vector<CaseFinding> EvaluateFindings(const CaseInput& input,
                                          const std::vector<rules::PriorPenalty>& priors,
                                          core::Date today, std::string* regime_basis) {
  std::vector<CaseFinding> out;
  if (regime_basis) regime_basis->clear();
  if (!input.conduct || !input.act_date_from) return out;
  auto conduct = rules::ConductFromKey(*input.conduct);
  if (!conduct) return out;
  rules::CaseFacts f;
  // A conduct spanning a regime change is judged when it ended (issue 13).
  f.act_date = input.act_date_to.value_or(*input.act_date_from);
  f.transfer_date = today;
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
  f.counts.unsold_marks = a.unsold_marks;
  f.counts.unsold_copies = a.unsold_copies;
  f.counts.clicks = a.clicks;
  f.counts.members = a.members;
  f.counts.works = a.works;
  if (a.harm_to_health) f.flags.insert(rules::Fact::kSeriousHealthHarm);
  if (a.right_holder_bankrupt) f.flags.insert(rules::Fact::kRightHolderBankrupt);
  if (a.drug_aggravating_circumstance) f.flags.insert(rules::Fact::kDrugAggravatingCircumstance);
  f.prior_penalties = priors;
  auto judged = rules::Judge(rules::DefaultRuleSet(), f, *input.act_date_from, today);
  if (!judged) return out;  // the input was validated; nothing to evaluate otherwise
  if (regime_basis) *regime_basis = judged->regime.basis;
  for (const auto& x : judged->findings) {
    out.push_back({x.rule_id, x.article, x.crime, x.met, rules::LevelName(x.level),
                   x.basis, x.source,
                   rules::ConfidenceName(x.confidence), x.note});
  }
  return out;
}

std::vector<CaseFinding> CumulativeFindings(const CaseInput& input,
                                            const std::vector<CaseFinding>& own,
                                            const std::vector<AddedCase>& others,
                                            const std::vector<rules::PriorPenalty>& priors,
                                            core::Date today) {
  std::vector<CaseFinding> out;
  if (others.empty() || !input.act_date_from) return out;
  CaseInput sum = input;
  core::Date start = *input.act_date_from;
  core::Date end = input.act_date_to.value_or(start);
  auto add = [](std::optional<core::Fen>& to, const std::optional<core::Fen>& v) {
    if (!v) return;
    int64_t total = (to ? to->value : 0) + v->value;
    to = core::Fen(std::min<int64_t>(total, rules::kMaxFactValue));
  };
  std::string labels;
  for (const AddedCase& o : others) {
    if (!o.act_date_from) continue;  // a case without an act date cannot be placed in time
    start = std::min(start, *o.act_date_from);
    end = std::max(end, o.act_date_to.value_or(*o.act_date_from));
    add(sum.amounts.illegal_business, o.illegal_business);
    add(sum.amounts.illegal_gains, o.illegal_gains);
    add(sum.amounts.sales, o.sales);
    labels += (labels.empty() ? "" : "、") + o.label;
  }
  if (labels.empty()) return out;
  sum.act_date_from = start;
  sum.act_date_to = end;
  std::vector<CaseFinding> cumulative = EvaluateFindings(sum, priors, today);
  const std::string prefix = "累计计算（法释〔2004〕19号 第十二条：多次侵权未经处理的，数额累计）本案与 " +
                             labels + " 合计：";
  for (CaseFinding& f : cumulative) {
    if (!f.met || !IsThresholdFinding(f)) continue;
    bool already = std::any_of(own.begin(), own.end(), [&](const CaseFinding& x) {
      return x.rule_id == f.rule_id && x.met;
    });
    if (already) continue;
    f.basis = prefix + f.basis;
    out.push_back(std::move(f));
  }
  return out;
}

namespace {

std::string OneLine(std::string s) {
  for (char& c : s) {
    if (c == '\t' || c == '\n' || c == '\r') c = ' ';
  }
  return s;
}

const rules::Rule* RuleById(std::string_view id) {
  static const std::map<std::string, const rules::Rule*, std::less<>> kById = [] {
    std::map<std::string, const rules::Rule*, std::less<>> m;
    for (const rules::Rule* r : rules::DefaultRuleSet().rules()) m.emplace(r->id, r);
    return m;
  }();
  auto it = kById.find(id);
  return it == kById.end() ? nullptr : it->second;
}

}  // namespace

std::string EncodeFindings(const std::vector<CaseFinding>& findings) {
  std::string out;
  for (const CaseFinding& f : findings) {
    if (!out.empty()) out += '\n';
    out += OneLine(f.rule_id) + '\t' + (f.met ? "1" : "0") + '\t' + OneLine(f.level) + '\t' +
           OneLine(f.confidence) + '\t' + OneLine(f.basis);
  }
  return out;
}

std::vector<CaseFinding> DecodeFindings(std::string_view stored,
                                        const std::optional<std::string>& conduct) {
  std::vector<CaseFinding> out;
  std::optional<rules::Conduct> c;
  if (conduct) c = rules::ConductFromKey(*conduct);
  size_t start = 0;
  while (start < stored.size()) {
    size_t end = stored.find('\n', start);
    if (end == std::string_view::npos) end = stored.size();
    std::string_view line = stored.substr(start, end - start);
    start = end + 1;
    std::string_view fields[5];
    size_t from = 0;
    for (int i = 0; i < 5; ++i) {
      size_t tab = i < 4 ? line.find('\t', from) : std::string_view::npos;
      fields[i] = line.substr(from, tab == std::string_view::npos ? std::string_view::npos : tab - from);
      if (tab == std::string_view::npos) break;
      from = tab + 1;
    }
    CaseFinding f;
    f.rule_id = fields[0];
    f.met = fields[1] == "1";
    f.level = fields[2];
    f.confidence = fields[3];
    f.basis = fields[4];
    const rules::Rule* rule = RuleById(f.rule_id);
    if (rule) {
      f.article = rule->article;
      f.crime = rule->crime;
      f.source = rule->source;
      f.note = rule->note;
    }
    if (c && f.article.empty()) f.article = rules::InfoOf(*c).article;
    if (c && f.crime.empty()) f.crime = rules::InfoOf(*c).crime;
    out.push_back(std::move(f));
  }
  return out;
}

std::optional<std::string> PriorPenaltyKey(const CaseParty& p) {
  if (p.uscc) return core::NormaliseIdText(*p.uscc);
  if (p.id_number) return core::NormaliseIdText(*p.id_number);
  return std::nullopt;
}

bool IsThresholdFinding(const CaseFinding& f) {
  auto level = rules::LevelFromName(f.level);
  return level && rules::IsThresholdLevel(*level);
}

bool AnyConfirmedMet(const std::vector<CaseFinding>& findings) {
  for (const CaseFinding& f : findings) {
    if (f.met && IsThresholdFinding(f) && f.confidence != "M") return true;
  }
  return false;
}

}  // namespace ipe::app::internal
