#pragma once
// Threshold evaluation: the facts of one case against the rules in force on its act date.
// Pure and deterministic: the same facts and rule set always give the same findings in the same
// order (article, then level, then rule id).
//
//   CaseFacts f;
//   f.act_date = *core::ParseDate("2024-05-01");
//   f.conduct = Conduct::kCounterfeitTrademark;
//   f.amounts.illegal_business = core::Fen::FromYuan(50000);
//   auto findings = Evaluate(DefaultRuleSet(), f);
//   // findings->front(): 213 假冒注册商标罪 basic met "非法经营数额 50000.00元 ≥ 50000.00元"

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/limits.h"
#include "core/money.h"
#include "core/status.h"
#include "core/time.h"
#include "rules/pack.h"

namespace ipe::rules {

/// Amounts are optional: an amount not given is "未填写" and meets no threshold.
struct Amounts {
  std::optional<core::Fen> illegal_business;  // 非法经营数额
  std::optional<core::Fen> illegal_gains;     // 违法所得数额
  std::optional<core::Fen> sales;             // 销售金额 (sold)
  std::optional<core::Fen> unsold_value;      // 货值金额 (unsold)
  std::optional<core::Fen> loss;              // 损失数额
};

struct Counts {
  std::optional<int64_t> marks;            // 标识件数 (made or sold)
  std::optional<int64_t> unsold_marks;     // 尚未销售的标识件数
  std::optional<int64_t> copies;           // 复制品数量
  std::optional<int64_t> unsold_copies;    // 尚未销售的复制品数量
  std::optional<int64_t> rights_involved;  // 涉及注册商标/专利/作品等权利数
  std::optional<int64_t> clicks;           // 实际被点击数
  std::optional<int64_t> members;          // 注册会员数
  std::optional<int64_t> works;            // 传播作品数量
};

/// A penalty (criminal or administrative) the same party received earlier.
struct PriorPenalty {
  core::Date date;
  Conduct conduct = Conduct::kCounterfeitTrademark;
};

struct CaseFacts {
  core::Date act_date;  // chooses the regime (the law in force when the act was done)
  /// The date of the transfer (made or to be made, e.g. today): rules with
  /// `in_force_by = transfer_date` (Decree 310 art. 3 para. 2) are in force by it, and give no
  /// finding without it.
  std::optional<core::Date> transfer_date;
  /// When set, rules keyed on the act date are selected by this date instead (Judge uses it to
  /// try the later rules on the same act); prior-penalty windows still count from act_date.
  std::optional<core::Date> rules_date;
  Conduct conduct = Conduct::kCounterfeitTrademark;
  Amounts amounts;
  Counts counts;
  std::vector<PriorPenalty> prior_penalties;
  std::set<Fact> flags;  // facts established as true
};

/// Largest amount (fen) and count accepted: the bound the API and imports enforce too
/// (core/limits.h). Weighted sums are overflow-checked all the same.
inline constexpr int64_t kMaxFactValue = core::limits::kMaxAmountFen;
static_assert(core::limits::kMaxCount == kMaxFactValue, "counts and amounts share one bound here");

struct Finding {
  std::string article;  // "213"
  std::string crime;    // "假冒注册商标罪"
  bool met = false;
  Level level = Level::kBasic;
  std::string basis;    // "非法经营数额 50000.00元 ≥ 50000.00元"
  std::string rule_id;
  std::string source;
  Confidence confidence = Confidence::kConfirmed;
  std::string note;     // what is unconfirmed, or why the rule reads as it does

  /// M rows: the UI must show the finding as unconfirmed.
  bool unconfirmed() const { return confidence == Confidence::kUnconfirmed; }
};

/// The value of `m` in `facts` (fen for money metrics), or nullopt when not given.
std::optional<int64_t> ValueOf(const CaseFacts& facts, Metric m);

/// Checks amounts and counts (0 … kMaxFactValue). InvalidArgument with a FieldError per bad
/// field ("amounts_fen.sales") otherwise.
core::Status ValidateFacts(const CaseFacts& facts);

/// Every rule for the case's conduct in force on its act date gives one finding, unless its
/// `require` conditions fail (then it does not apply and gives none). Suspicion rules (Decree 310
/// art. 3 para. 2) give a finding only when no threshold finding is met. Returns
/// InvalidArgument when ValidateFacts fails.
core::Result<std::vector<Finding>> Evaluate(const RuleSet& rules, const CaseFacts& facts);

/// The regime a case was judged by and why (shown with the findings).
struct RegimeChoice {
  core::Date date;                  // the date the rules were selected by
  bool later_more_lenient = false;  // the later rules applied (从旧兼从轻)
  std::string basis;                // zh-CN: which regime and why
};
struct Judgement {
  std::vector<Finding> findings;
  RegimeChoice regime;
};

/// Judges conduct that ran from `act_start` to `facts.act_date` (its end): by the rules in force
/// when the conduct ended (刑法 第十二条; a continuing act is judged when it ends). When the rules
/// in force on `judged_on` (later) give a lower highest met threshold level than those — and
/// define rules at that level for the conduct, so that missing data never passes for leniency —
/// the later, more lenient rules apply (从旧兼从轻: a later interpretation applies to earlier acts
/// only when more lenient). InvalidArgument as Evaluate.
core::Result<Judgement> Judge(const RuleSet& rules, const CaseFacts& facts, core::Date act_start,
                              core::Date judged_on);

/// The reasonable-suspicion transfer rule (level suspicion, Decree 310 art. 3 para. 2) for
/// `conduct` in force on `transfer_date`, or nullptr: none for goods conducts (the duty is for IP
/// cases only) or for transfers before the paragraph took effect (2020-08-07).
const Rule* SuspicionTransferRule(const RuleSet& rules, Conduct conduct, core::Date transfer_date);

/// `d` plus `years` calendar years; 02-29 becomes 02-28 in a common year.
core::Date AddYears(core::Date d, int years);

}  // namespace ipe::rules
