#include "rules/evaluate.h"

#include <algorithm>
#include <cstdlib>
#include <limits>

namespace ipe::rules {
namespace {

const char* ComparatorText(Comparator c, bool holds) {
  // When the comparison fails the basis shows the true relation (≥ fails → "<").
  switch (c) {
    case Comparator::kGe: return holds ? "≥" : "<";
    case Comparator::kGt: return holds ? ">" : "≤";
    case Comparator::kLe: return holds ? "≤" : ">";
    case Comparator::kLt: return holds ? "<" : "≥";
  }
  return "?";
}

std::string FormatQuantity(int64_t v, bool money, const char* unit) {
  if (money) return core::FormatYuanZh(core::Fen(v));
  return std::to_string(v) + unit;
}

struct Outcome {
  bool holds = false;
  std::string text;
};

std::string SumLabel(const Condition& c) {
  std::string s;
  for (size_t i = 0; i < c.addends.size(); ++i) {
    if (i) s += " + ";
    if (c.addends[i].weight != 1) s += std::to_string(c.addends[i].weight) + "×";
    s += InfoOf(c.addends[i].metric).name_zh;
  }
  return s;
}

Outcome Check(const Condition& c, const Rule& rule, const CaseFacts& facts) {
  switch (c.kind) {
    case Condition::Kind::kAlways:
      return {true, rule.text.empty() ? "无数额要求" : rule.text};
    case Condition::Kind::kFact: {
      bool yes = facts.flags.count(c.fact) > 0;
      return {yes, std::string(InfoOf(c.fact).name_zh) + "：" + (yes ? "是" : "否")};
    }
    case Condition::Kind::kPriorPenalty: {
      // "Same conduct": the rule's list, or else the case's own conduct.
      const std::vector<Conduct> own{facts.conduct};
      const std::vector<Conduct>& same = rule.repeat_conducts.empty() ? own : rule.repeat_conducts;
      const PriorPenalty* latest = nullptr;
      for (const PriorPenalty& p : facts.prior_penalties) {
        if (std::find(same.begin(), same.end(), p.conduct) == same.end()) continue;
        if (!(p.date < facts.act_date)) continue;
        if (c.within_years > 0 && AddYears(p.date, c.within_years) < facts.act_date) continue;
        if (!latest || latest->date < p.date) latest = &p;
      }
      std::string window =
          c.within_years > 0 ? std::to_string(c.within_years) + "年内" : std::string();
      if (latest) {
        return {true, window + "曾因" + InfoOf(latest->conduct).act_zh + "受处罚（" +
                          latest->date.ToString() + "）"};
      }
      return {false, window + "未因相关行为受处罚"};
    }
    case Condition::Kind::kCompare: {
      const bool money = InfoOf(c.addends.front().metric).money;
      int64_t sum = 0;
      bool any_given = false;
      for (const Addend& a : c.addends) {
        if (auto v = ValueOf(facts, a.metric)) {
          any_given = true;
          // Overflow-checked (issue 12 point 12): a sum past int64 saturates, which is above
          // every threshold, instead of wrapping to a negative that meets none.
          int64_t term = 0;
          if (__builtin_mul_overflow(static_cast<int64_t>(a.weight), *v, &term) ||
              __builtin_add_overflow(sum, term, &sum)) {
            sum = std::numeric_limits<int64_t>::max();
          }
        }
      }
      const char* unit = InfoOf(c.addends.front().metric).unit_zh;
      std::string label = SumLabel(c);
      bool holds = false;
      switch (c.cmp) {
        case Comparator::kGe: holds = sum >= c.amount; break;
        case Comparator::kGt: holds = sum > c.amount; break;
        case Comparator::kLe: holds = sum <= c.amount; break;
        case Comparator::kLt: holds = sum < c.amount; break;
      }
      // An amount not given counts as 0 ("nothing sold" satisfies sales < 50000元) but the basis
      // says it was not given.
      if (!any_given) {
        return {holds, label + " 未填写，需 " + ComparatorText(c.cmp, true) + " " +
                           FormatQuantity(c.amount, money, unit)};
      }
      return {holds, label + " " + FormatQuantity(sum, money, unit) + " " +
                         ComparatorText(c.cmp, holds) + " " + FormatQuantity(c.amount, money, unit)};
    }
  }
  return {};
}

int LevelRank(Level l) {
  switch (l) {
    case Level::kBasic: return 0;
    case Level::kAttempt: return 1;
    case Level::kAggravated: return 2;
    case Level::kEspeciallyAggravated: return 3;
    case Level::kRepeatOffender: return 4;
    case Level::kSuspicion: return 5;
  }
  return 6;
}

// "140" < "213" < "219-1": numeric prefix first, then the text.
bool ArticleLess(const std::string& a, const std::string& b) {
  long na = std::strtol(a.c_str(), nullptr, 10);
  long nb = std::strtol(b.c_str(), nullptr, 10);
  if (na != nb) return na < nb;
  return a < b;
}

Finding MakeFinding(const Rule& rule, const CaseFacts& facts, bool met, std::string basis) {
  const ConductInfo& conduct = InfoOf(facts.conduct);
  Finding f;
  f.article = rule.article.empty() ? conduct.article : rule.article;
  f.crime = rule.crime.empty() ? conduct.crime : rule.crime;
  f.met = met;
  f.level = rule.level;
  f.basis = std::move(basis);
  f.rule_id = rule.id;
  f.source = rule.source;
  f.confidence = rule.confidence;
  f.note = rule.note;
  return f;
}

void Join(std::string& out, const std::string& part) {
  if (!out.empty()) out += "；";
  out += part;
}

// Findings of one rule: nullopt when a `require` condition fails.
std::optional<Finding> Apply(const Rule& rule, const CaseFacts& facts) {
  std::string basis;
  // `text` leads the basis, except where an `always` condition already shows it.
  bool has_always = std::any_of(rule.when.begin(), rule.when.end(), [](const Condition& c) {
    return c.kind == Condition::Kind::kAlways;
  });
  if (!rule.text.empty() && !has_always) basis = rule.text;
  for (const Condition& c : rule.require) {
    Outcome o = Check(c, rule, facts);
    if (!o.holds) return std::nullopt;
    // Comparisons in `require` are applicability limits (sold < 50000元 for an attempt route);
    // the prior penalty and facts are part of the reason and are shown.
    if (c.kind != Condition::Kind::kCompare || rule.level == Level::kRepeatOffender ||
        c.addends.front().metric == Metric::kRightsInvolved) {
      Join(basis, o.text);
    }
  }
  std::string met_text, all_text;
  bool met = false;
  for (const Condition& c : rule.when) {
    Outcome o = Check(c, rule, facts);
    Join(all_text, o.text);
    if (o.holds) {
      met = true;
      Join(met_text, o.text);
    }
  }
  Join(basis, met ? met_text : all_text);
  return MakeFinding(rule, facts, met, std::move(basis));
}

}  // namespace

core::Date AddYears(core::Date d, int years) {
  int y = 0;
  unsigned m = 0, day = 0;
  d.ToCivil(y, m, day);
  y += years;
  if (m == 2 && day == 29) {
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (!leap) day = 28;
  }
  return core::Date::FromCivil(y, m, day);
}

std::optional<int64_t> ValueOf(const CaseFacts& facts, Metric m) {
  auto fen = [](const std::optional<core::Fen>& f) -> std::optional<int64_t> {
    if (!f) return std::nullopt;
    return f->value;
  };
  switch (m) {
    case Metric::kIllegalBusiness: return fen(facts.amounts.illegal_business);
    case Metric::kIllegalGains: return fen(facts.amounts.illegal_gains);
    case Metric::kSales: return fen(facts.amounts.sales);
    case Metric::kUnsoldValue: return fen(facts.amounts.unsold_value);
    case Metric::kLoss: return fen(facts.amounts.loss);
    case Metric::kMarks: return facts.counts.marks;
    case Metric::kUnsoldMarks: return facts.counts.unsold_marks;
    case Metric::kCopies: return facts.counts.copies;
    case Metric::kUnsoldCopies: return facts.counts.unsold_copies;
    case Metric::kRightsInvolved: return facts.counts.rights_involved;
    case Metric::kClicks: return facts.counts.clicks;
    case Metric::kMembers: return facts.counts.members;
    case Metric::kWorks: return facts.counts.works;
  }
  return std::nullopt;
}

core::Status ValidateFacts(const CaseFacts& facts) {
  core::Status status;
  for (const MetricInfo& info : Metrics()) {
    auto v = ValueOf(facts, info.metric);
    if (!v || (*v >= 0 && *v <= kMaxFactValue)) continue;
    if (status.ok()) status = core::InvalidArgument("案件数据无效 (invalid case facts)");
    std::string field = std::string(info.money ? "amounts_fen." : "counts.") + info.key;
    status.AddFieldError(field, *v < 0 ? "不能为负数 (must not be negative)"
                                       : "超出范围 (out of range)");
  }
  return status;
}

core::Result<std::vector<Finding>> Evaluate(const RuleSet& rules, const CaseFacts& facts) {
  IPE_RETURN_IF_ERROR(ValidateFacts(facts));
  std::vector<Finding> findings;
  std::vector<const Rule*> suspicion;
  for (const Rule* rule : rules.rules()) {
    if (rule->in_force_by == DateBasis::kTransferDate) {
      if (!facts.transfer_date || !rule->InForceOn(*facts.transfer_date)) continue;
    } else if (!rule->InForceOn(facts.rules_date.value_or(facts.act_date))) {
      continue;
    }
    if (std::find(rule->conducts.begin(), rule->conducts.end(), facts.conduct) ==
        rule->conducts.end()) {
      continue;
    }
    if (rule->level == Level::kSuspicion) {
      suspicion.push_back(rule);
      continue;
    }
    if (auto f = Apply(*rule, facts)) findings.push_back(std::move(*f));
  }
  bool threshold_met = std::any_of(findings.begin(), findings.end(), [](const Finding& f) {
    return f.met && IsThresholdLevel(f.level);
  });
  if (!threshold_met) {
    for (const Rule* rule : suspicion) {
      if (auto f = Apply(*rule, facts)) findings.push_back(std::move(*f));
    }
  }
  std::sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
    if (a.article != b.article) return ArticleLess(a.article, b.article);
    if (a.level != b.level) return LevelRank(a.level) < LevelRank(b.level);
    return a.rule_id < b.rule_id;
  });
  return findings;
}

const Rule* SuspicionTransferRule(const RuleSet& rules, Conduct conduct, core::Date transfer_date) {
  for (const Rule* rule : rules.rules()) {
    if (rule->level != Level::kSuspicion) continue;
    core::Date keyed = transfer_date;
    if (rule->in_force_by != DateBasis::kTransferDate || !rule->InForceOn(keyed)) continue;
    if (std::find(rule->conducts.begin(), rule->conducts.end(), conduct) != rule->conducts.end()) {
      return rule;
    }
  }
  return nullptr;
}

namespace {

// 0 none, 1 attempt, 2 basic, 3 aggravated, 4 especially aggravated.
int ThresholdRank(Level level) {
  switch (level) {
    case Level::kAttempt: return 1;
    case Level::kBasic: return 2;
    case Level::kAggravated: return 3;
    case Level::kEspeciallyAggravated: return 4;
    default: return 0;
  }
}

int HighestMet(const std::vector<Finding>& findings) {
  int rank = 0;
  for (const Finding& f : findings) {
    if (f.met) rank = std::max(rank, ThresholdRank(f.level));
  }
  return rank;
}

// Whether some rule in force on `d` for `conduct` has threshold rank `rank`.
bool DefinesRank(const RuleSet& rules, Conduct conduct, core::Date d, int rank) {
  for (const Rule* r : rules.rules()) {
    if (r->in_force_by != DateBasis::kActDate || !r->InForceOn(d)) continue;
    if (ThresholdRank(r->level) != rank) continue;
    if (std::find(r->conducts.begin(), r->conducts.end(), conduct) != r->conducts.end()) return true;
  }
  return false;
}

}  // namespace

core::Result<Judgement> Judge(const RuleSet& rules, const CaseFacts& facts, core::Date act_start,
                              core::Date judged_on) {
  Judgement out;
  CaseFacts at_end = facts;
  at_end.rules_date.reset();
  IPE_ASSIGN_OR_RETURN(out.findings, Evaluate(rules, at_end));
  out.regime.date = facts.act_date;
  std::string span = act_start < facts.act_date
                         ? "行为期间 " + act_start.ToString() + " 至 " + facts.act_date.ToString() +
                               "，按行为终了日 " + facts.act_date.ToString()
                         : "按行为日 " + facts.act_date.ToString();
  out.regime.basis = span + " 施行的规定评估（刑法 第十二条：适用行为时的法律）";
  if (!(facts.act_date < judged_on)) return out;
  int old_rank = HighestMet(out.findings);
  if (old_rank == 0 || !DefinesRank(rules, facts.conduct, judged_on, old_rank)) return out;
  CaseFacts later = facts;
  later.rules_date = judged_on;
  IPE_ASSIGN_OR_RETURN(auto later_findings, Evaluate(rules, later));
  if (HighestMet(later_findings) >= old_rank) return out;
  out.findings = std::move(later_findings);
  out.regime.date = judged_on;
  out.regime.later_more_lenient = true;
  out.regime.basis = span + " 施行的规定认定的情节重于 " + judged_on.ToString() +
                     " 施行的规定：依从旧兼从轻原则适用较轻的新规定（刑法 第十二条）";
  return out;
}

}  // namespace ipe::rules
