// Evaluator behaviour on CaseFacts directly. The threshold-by-threshold boundaries are in the
// golden files (tests/rules/cases/), which go through `ipenforce rules evaluate`.
#include "rules/evaluate.h"

#include <gtest/gtest.h>

#include "rules/deadlines.h"

namespace ipe::rules {
namespace {

core::Date D(const char* s) { return *core::ParseDate(s); }

CaseFacts Trademark(const char* date) {
  CaseFacts f;
  f.act_date = D(date);
  f.conduct = Conduct::kCounterfeitTrademark;
  return f;
}

const Finding* Find(const std::vector<Finding>& fs, const std::string& rule_id) {
  for (const Finding& f : fs) {
    if (f.rule_id == rule_id) return &f;
  }
  return nullptr;
}

TEST(Evaluate, EqualAmountMeetsTheThreshold) {
  CaseFacts f = Trademark("2020-01-01");
  f.amounts.illegal_business = core::Fen::FromYuan(50000);
  auto fs = Evaluate(DefaultRuleSet(), f);
  ASSERT_TRUE(fs.has_value());
  const Finding* basic = Find(*fs, "ip2004.213.basic");
  ASSERT_NE(basic, nullptr);
  EXPECT_TRUE(basic->met);
  EXPECT_EQ(basic->article, "213");
  EXPECT_EQ(basic->crime, "假冒注册商标罪");
  EXPECT_EQ(basic->level, Level::kBasic);
  EXPECT_EQ(basic->basis, "非法经营数额 50000.00元 ≥ 50000.00元");
  EXPECT_EQ(basic->confidence, Confidence::kConfirmed);

  f.amounts.illegal_business = core::Fen(4'999'999);
  fs = Evaluate(DefaultRuleSet(), f);
  basic = Find(*fs, "ip2004.213.basic");
  ASSERT_NE(basic, nullptr);
  EXPECT_FALSE(basic->met);
  EXPECT_EQ(basic->basis,
            "非法经营数额 49999.99元 < 50000.00元；违法所得数额 未填写，需 ≥ 30000.00元");
}

TEST(Evaluate, FindingsAreOrderedAndDeterministic) {
  CaseFacts f = Trademark("2020-01-01");
  f.amounts.illegal_business = core::Fen::FromYuan(300000);
  f.counts.rights_involved = 2;
  auto a = Evaluate(DefaultRuleSet(), f);
  auto b = Evaluate(DefaultRuleSet(), f);
  ASSERT_TRUE(a && b);
  ASSERT_EQ(a->size(), b->size());
  std::vector<std::string> ids;
  for (size_t i = 0; i < a->size(); ++i) {
    EXPECT_EQ((*a)[i].rule_id, (*b)[i].rule_id);
    ids.push_back((*a)[i].rule_id);
  }
  EXPECT_EQ(ids, (std::vector<std::string>{"ip2004.213.basic", "ip2004.213.basic.two_marks",
                                           "ip2004.213.aggravated",
                                           "ip2004.213.aggravated.two_marks"}));
}

TEST(Evaluate, RegimeIsChosenByActDate) {
  CaseFacts f;
  f.conduct = Conduct::kSellInfringingCopies;
  f.amounts.illegal_gains = core::Fen::FromYuan(50000);
  f.act_date = D("2025-04-25");
  auto before = Evaluate(DefaultRuleSet(), f);
  f.act_date = D("2025-04-26");
  auto after = Evaluate(DefaultRuleSet(), f);
  ASSERT_TRUE(before && after);
  ASSERT_NE(Find(*before, "ip2004.218.basic"), nullptr);
  EXPECT_FALSE(Find(*before, "ip2004.218.basic")->met);  // 10万 then
  ASSERT_NE(Find(*after, "ip2025.218.basic"), nullptr);
  EXPECT_TRUE(Find(*after, "ip2025.218.basic")->met);  // 5万 now
  EXPECT_EQ(Find(*after, "ip2004.218.basic"), nullptr);
}

TEST(Evaluate, UnconfirmedRowsAreFlagged) {
  CaseFacts f = Trademark("2025-05-01");
  f.amounts.illegal_business = core::Fen::FromYuan(60000);
  auto fs = Evaluate(DefaultRuleSet(), f);
  ASSERT_TRUE(fs.has_value());
  const Finding* basic = Find(*fs, "ip2025.213.basic");
  ASSERT_NE(basic, nullptr);
  EXPECT_TRUE(basic->met);
  EXPECT_TRUE(basic->unconfirmed());
  EXPECT_FALSE(basic->note.empty());
}

TEST(Evaluate, SuspicionPathOnlyBelowThreshold) {
  CaseFacts f = Trademark("2024-01-01");
  f.amounts.illegal_business = core::Fen::FromYuan(10000);
  auto fs = Evaluate(DefaultRuleSet(), f);
  ASSERT_TRUE(fs.has_value());
  const Finding* s = Find(*fs, "decree310.3.2.suspicion");
  ASSERT_NE(s, nullptr);
  EXPECT_FALSE(s->met);
  EXPECT_EQ(s->level, Level::kSuspicion);
  EXPECT_EQ(s->article, "213");

  f.flags.insert(Fact::kReasonableSuspicion);
  fs = Evaluate(DefaultRuleSet(), f);
  s = Find(*fs, "decree310.3.2.suspicion");
  ASSERT_NE(s, nullptr);
  EXPECT_TRUE(s->met);

  f.amounts.illegal_business = core::Fen::FromYuan(50000);
  fs = Evaluate(DefaultRuleSet(), f);
  EXPECT_EQ(Find(*fs, "decree310.3.2.suspicion"), nullptr);

  // Not for non-IP conducts. (Procedural: an old act transferred today still takes this path.)
  f.conduct = Conduct::kSubstandardProducts;
  f.amounts = {};
  fs = Evaluate(DefaultRuleSet(), f);
  EXPECT_EQ(Find(*fs, "decree310.3.2.suspicion"), nullptr);
  f = Trademark("2019-08-06");
  fs = Evaluate(DefaultRuleSet(), f);
  EXPECT_NE(Find(*fs, "decree310.3.2.suspicion"), nullptr);
}

TEST(Evaluate, RepeatOffenderWindows) {
  CaseFacts f = Trademark("2024-03-01");
  f.prior_penalties.push_back({D("2019-03-01"), Conduct::kSellCounterfeitGoods});
  auto fs = Evaluate(DefaultRuleSet(), f);
  ASSERT_TRUE(fs.has_value());
  const Finding* tm = Find(*fs, "tmlaw.60.repeat_5y");
  ASSERT_NE(tm, nullptr);  // exactly 5 years: still within
  EXPECT_TRUE(tm->met);
  EXPECT_EQ(tm->basis, "5年内曾因销售假冒注册商标的商品受处罚（2019-03-01）；五年内实施两次以上商标侵权行为：行政罚款从重处罚（商标法 第六十条）");

  f.act_date = D("2024-03-02");
  fs = Evaluate(DefaultRuleSet(), f);
  EXPECT_EQ(Find(*fs, "tmlaw.60.repeat_5y"), nullptr);

  // A penalty after the act does not count.
  f.prior_penalties = {{D("2024-03-05"), Conduct::kCounterfeitTrademark}};
  fs = Evaluate(DefaultRuleSet(), f);
  EXPECT_EQ(Find(*fs, "tmlaw.60.repeat_5y"), nullptr);
}

TEST(Evaluate, TwoYearRepeatUsesTheCasesOwnConduct) {
  CaseFacts f = Trademark("2026-01-10");
  f.prior_penalties = {{D("2025-01-10"), Conduct::kPatentPassingOff}};
  auto fs = Evaluate(DefaultRuleSet(), f);
  ASSERT_TRUE(fs.has_value());
  EXPECT_EQ(Find(*fs, "ip2025.repeat.two_years"), nullptr);
  f.prior_penalties = {{D("2025-01-10"), Conduct::kCounterfeitTrademark}};
  fs = Evaluate(DefaultRuleSet(), f);
  ASSERT_NE(Find(*fs, "ip2025.repeat.two_years"), nullptr);
}

TEST(Evaluate, NegativeAmountsAreRejected) {
  CaseFacts f = Trademark("2020-01-01");
  f.amounts.sales = core::Fen(-1);
  f.counts.marks = -5;
  auto fs = Evaluate(DefaultRuleSet(), f);
  ASSERT_FALSE(fs.has_value());
  EXPECT_EQ(fs.error().code(), core::StatusCode::kInvalidArgument);
  ASSERT_EQ(fs.error().field_errors().size(), 2u);
  EXPECT_EQ(fs.error().field_errors()[0].field, "amounts_fen.sales");
  EXPECT_EQ(fs.error().field_errors()[1].field, "counts.marks");
  f.amounts.sales = core::Fen(kMaxFactValue + 1);
  f.counts.marks = std::nullopt;
  EXPECT_FALSE(Evaluate(DefaultRuleSet(), f).has_value());
}

TEST(Evaluate, BeforeAnyRegimeOnlyTheProceduralPathRemains) {
  CaseFacts f = Trademark("2000-01-01");
  f.amounts.illegal_business = core::Fen::FromYuan(1'000'000);
  auto fs = Evaluate(DefaultRuleSet(), f);
  ASSERT_TRUE(fs.has_value());
  ASSERT_EQ(fs->size(), 1u);
  EXPECT_EQ((*fs)[0].rule_id, "decree310.3.2.suspicion");
  EXPECT_FALSE((*fs)[0].met);
}

TEST(AddYears, HandlesLeapDays) {
  EXPECT_EQ(AddYears(D("2024-02-29"), 1).ToString(), "2025-02-28");
  EXPECT_EQ(AddYears(D("2024-02-29"), 4).ToString(), "2028-02-29");
  EXPECT_EQ(AddYears(D("2023-05-31"), 2).ToString(), "2025-05-31");
}

// ---- Statutory clocks ---------------------------------------------------------------------

core::Timestamp T(const char* s) { return *core::ParseTimestamp(s); }

TEST(DueFor, ThreeCalendarDaysBeforeNationalDay) {
  // Report received 2020-09-30 10:00 Beijing time; "3日" counts 10-01, 10-02, 10-03 — holidays
  // included, no extension (the rest-day rule is [M]): due at 24:00 on 10-03.
  auto due = DueFor(DefaultRuleSet(), "head_decision", T("2020-09-30T10:00:00+08:00"),
                    core::Calendar());
  ASSERT_TRUE(due.has_value()) << due.error().ToString();
  ASSERT_TRUE(due->has_value());
  EXPECT_EQ((*due)->ToString(), "2020-10-03T16:00:00Z");
}

TEST(DueFor, HoursRunFromTheInstant) {
  auto due = DueFor(DefaultRuleSet(), "transfer_to_police", T("2020-09-30T22:15:00+08:00"),
                    core::Calendar());
  ASSERT_TRUE(due.has_value());
  EXPECT_EQ((*due)->ToString(), "2020-10-01T14:15:00Z");  // 22:15 Beijing on 10-01
}

TEST(DueFor, ProcuratorateClocks) {
  auto due = DueFor(DefaultRuleSet(), "police_file_after_notice", T("2024-01-31T09:00:00+08:00"),
                    core::Calendar());
  ASSERT_TRUE(due.has_value());
  EXPECT_EQ((*due)->ToString(), "2024-02-15T16:00:00Z");  // 15 日 → end of 02-15 Beijing
  due = DueFor(DefaultRuleSet(), "police_explain_non_filing", T("2024-01-31T09:00:00+08:00"),
               core::Calendar());
  ASSERT_TRUE(due.has_value());
  EXPECT_EQ((*due)->ToString(), "2024-02-07T16:00:00Z");
}

TEST(DueFor, WorkingDaysAndExtensionWhenAStepSaysSo) {
  Step st;
  st.amount = 3;
  st.unit = StepUnit::kWorkingDays;
  auto due = DueFor(st, T("2020-09-30T10:00:00+08:00"), core::Calendar());
  ASSERT_TRUE(due.has_value());
  EXPECT_EQ((*due)->ToString(), "2020-10-12T16:00:00Z");  // 10-09, 10-10 (调休), 10-12
  st.unit = StepUnit::kCalendarDays;
  st.extend_over_rest_days = true;
  due = DueFor(st, T("2020-09-30T10:00:00+08:00"), core::Calendar());
  ASSERT_TRUE(due.has_value());
  EXPECT_EQ((*due)->ToString(), "2020-10-09T16:00:00Z");  // 10-03 is a holiday → 10-09
}

TEST(DueFor, ImmediateStepsHaveNoDueInstant) {
  auto due = DueFor(DefaultRuleSet(), "verify_and_report", T("2020-09-30T10:00:00+08:00"),
                    core::Calendar());
  ASSERT_TRUE(due.has_value());
  EXPECT_FALSE(due->has_value());
}

TEST(DueFor, UnknownStepAndUncoveredYears) {
  auto due = DueFor(DefaultRuleSet(), "nope", T("2020-09-30T10:00:00+08:00"), core::Calendar());
  ASSERT_FALSE(due.has_value());
  EXPECT_EQ(due.error().code(), core::StatusCode::kNotFound);
  // Calendar days need no holiday data; working days outside the covered years are refused.
  due = DueFor(DefaultRuleSet(), "head_decision", T("1990-01-01T10:00:00+08:00"), core::Calendar());
  ASSERT_TRUE(due.has_value());
  Step st;
  st.amount = 3;
  st.unit = StepUnit::kWorkingDays;
  due = DueFor(st, T("1990-01-01T10:00:00+08:00"), core::Calendar());
  ASSERT_FALSE(due.has_value());
  EXPECT_EQ(due.error().code(), core::StatusCode::kFailedPrecondition);
}

TEST(DescribePeriod, UsesTheLawsUnits) {
  EXPECT_EQ(DescribePeriod(*DefaultRuleSet().FindStep("transfer_to_police")), "24小时");
  EXPECT_EQ(DescribePeriod(*DefaultRuleSet().FindStep("head_decision")), "3日");
  EXPECT_EQ(DescribePeriod(*DefaultRuleSet().FindStep("reverse_transfer")), "立即/及时");
}

}  // namespace
}  // namespace ipe::rules
