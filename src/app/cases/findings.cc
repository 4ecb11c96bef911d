#include "app/cases/findings.h"

#include <map>

#include "core/ids.h"

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

}  // namespace ipe::app::internal
