#include "credit/disclosure.h"

#include <gtest/gtest.h>

#include "core/ids.h"
#include "core/region.h"

namespace ipe::credit {
namespace {

core::Date D(const char* s) { return *core::ParseDate(s); }
const rules::RuleSet& Rules() { return rules::DefaultRuleSet(); }

Penalty FineOf(int64_t yuan) { return Penalty{{PenaltyKind::kFine}, core::Fen::FromYuan(yuan), {}}; }

TEST(Disclosure, AWarningAloneIsNotPublished) {
  EXPECT_FALSE(MustPublish(Penalty{{PenaltyKind::kWarning}, {}, {}}));
  EXPECT_FALSE(MustPublish(Penalty{}));
  EXPECT_TRUE(MustPublish(Penalty{{PenaltyKind::kWarning, PenaltyKind::kFine}, core::Fen{100}, {}}));
  EXPECT_TRUE(MustPublish(Penalty{{PenaltyKind::kCriticism}, {}, {}}));
  auto r = ComputeDisplayPeriod(Rules(), Penalty{{PenaltyKind::kWarning}, {}, {}},
                                PartyKind::kPerson, "350100", D("2025-03-03"), D("2025-03-10"));
  EXPECT_EQ(r.error().code(), core::StatusCode::kInvalidArgument);
}

TEST(Disclosure, LowFinesBelowTheProvincesAmountAreShownThreeMonths) {
  // Fujian (闽市监规〔2024〕3号): persons below 5000元, organisations below 50000元, 不含本数.
  auto p = ComputeDisplayPeriod(Rules(), FineOf(4999), PartyKind::kPerson, "350102",
                                D("2025-03-03"), D("2025-03-10"));
  ASSERT_TRUE(p.has_value()) << p.error().ToString();
  EXPECT_EQ(p->step, "disclosure_display_short");
  EXPECT_EQ(p->until.ToString(), "2025-06-10");
  EXPECT_NE(p->basis.find("闽市监规〔2024〕3号"), std::string::npos);
  // 5000元 itself is not below 5000元.
  auto at = ComputeDisplayPeriod(Rules(), FineOf(5000), PartyKind::kPerson, "350102",
                                 D("2025-03-03"), D("2025-03-10"));
  EXPECT_EQ(at->step, "disclosure_display");
  EXPECT_EQ(at->until.ToString(), "2028-03-10");
  // The organisation's figure is ten times the person's.
  auto org = ComputeDisplayPeriod(Rules(), FineOf(49999), PartyKind::kOrganisation, "350102",
                                  D("2025-03-03"), D("2025-03-10"));
  EXPECT_EQ(org->step, "disclosure_display_short");
  // Before Fujian's notice took effect the province had no figure: 3 years.
  auto before = ComputeDisplayPeriod(Rules(), FineOf(100), PartyKind::kPerson, "350102",
                                     D("2024-07-11"), D("2024-07-20"));
  EXPECT_EQ(before->step, "disclosure_display");
  EXPECT_NE(before->basis.find("本省未规定"), std::string::npos);
  // A province without a figure (Shanghai): every fine 3 years.
  auto sh = ComputeDisplayPeriod(Rules(), FineOf(100), PartyKind::kPerson, "310115",
                                 D("2025-03-03"), D("2025-03-10"));
  EXPECT_EQ(sh->step, "disclosure_display");
}

TEST(Disclosure, CriticismAloneIsShortAndAnyHeavierPenaltyIsLong) {
  auto c = ComputeDisplayPeriod(Rules(), Penalty{{PenaltyKind::kCriticism}, {}, {}},
                                PartyKind::kOrganisation, "310115", D("2025-01-02"), D("2025-01-06"));
  EXPECT_EQ(c->step, "disclosure_display_short");
  Penalty heavy{{PenaltyKind::kFine, PenaltyKind::kConfiscateGains}, core::Fen::FromYuan(100), {}};
  auto h = ComputeDisplayPeriod(Rules(), heavy, PartyKind::kPerson, "350102", D("2025-03-03"),
                                D("2025-03-10"));
  EXPECT_EQ(h->step, "disclosure_display");
}

TEST(Disclosure, ARestrictionLongerThanThreeYearsIsShownUntilItEnds) {
  Penalty p{{PenaltyKind::kRestrictEmployment}, {}, D("2030-12-31")};
  auto r = ComputeDisplayPeriod(Rules(), p, PartyKind::kPerson, "310115", D("2025-03-03"),
                                D("2025-03-10"));
  EXPECT_EQ(r->until.ToString(), "2030-12-31");
  p.restriction_until = D("2026-01-01");
  EXPECT_EQ(ComputeDisplayPeriod(Rules(), p, PartyKind::kPerson, "310115", D("2025-03-03"),
                                 D("2025-03-10"))->until.ToString(),
            "2028-03-10");
}

TEST(Disclosure, PublishWithinTwentyWorkingDaysOrPushInTenForAnotherProvince) {
  const core::WorkCalendar& cal = core::Calendar();
  // Decided 2020-09-30: 10-01…10-08 holiday, 10-10 a make-up Saturday. Working days after it:
  // 10-09 (1st), 10-10, 10-12 … 10-16 (7th), 10-21 (10th), 11-04 (20th).
  auto same = ComputePublishClock(Rules(), cal, D("2020-09-30"), "310115", "310115");
  ASSERT_TRUE(same.has_value()) << same.error().ToString();
  EXPECT_EQ(same->step, "disclosure_publish");
  EXPECT_FALSE(same->other_province);
  EXPECT_EQ(same->due.ToString(), "2020-11-04T16:00:00Z");
  ASSERT_TRUE(same->target.has_value());
  EXPECT_EQ(same->target->ToString(), "2020-10-16T16:00:00Z");  // 7 working days, [M] prompt
  EXPECT_NE(same->basis.find("未经核实"), std::string::npos);
  auto other = ComputePublishClock(Rules(), cal, D("2020-09-30"), "310115", "440300");
  EXPECT_EQ(other->step, "disclosure_push_registration_office");
  EXPECT_TRUE(other->other_province);
  EXPECT_EQ(other->due.ToString(), "2020-10-21T16:00:00Z");
  // Unknown registration (a natural person): the same-province clock.
  EXPECT_EQ(ComputePublishClock(Rules(), cal, D("2020-09-30"), "310115", "")->step,
            "disclosure_publish");
}

TEST(Disclosure, MinorsByTheBirthDateOnTheDecisionDay) {
  // Born 2008-03-15.
  const char* id = "110105200803150010";
  ASSERT_TRUE(core::ParseResidentId(id, D("2026-01-01")).has_value());
  EXPECT_TRUE(IsMinorOn(id, D("2026-03-14")));
  EXPECT_FALSE(IsMinorOn(id, D("2026-03-15")));
  EXPECT_FALSE(IsMinorOn("not an id", D("2026-03-14")));
}

TEST(Disclosure, PublicTextMasksTheIdAndRedactsTheFacts) {
  PublicText t = MaskForPublic(
      PartyKind::kPerson, "张三", "11010519491231002X",
      "当事人张三（电话13800138000）雇佣李四在上海市浦东新区张江路88弄3号601室销售假冒商品，"
      "货款汇入6222021001115559996账户。",
      {"张三", "李四"}, core::Regions());
  EXPECT_EQ(t.party_name, "张三");
  EXPECT_EQ(t.id_masked, "110105********002X");
  EXPECT_EQ(t.facts.find("13800138000"), std::string::npos);
  EXPECT_EQ(t.facts.find("李四"), std::string::npos);
  EXPECT_NE(t.facts.find("李某"), std::string::npos);
  EXPECT_EQ(t.facts.find("88弄"), std::string::npos);
  EXPECT_EQ(t.facts.find("6222021001115559996"), std::string::npos);
  EXPECT_NE(t.facts.find("张三"), std::string::npos);  // the punished party keeps the name
  EXPECT_GE(t.redactions.size(), 4u);
  // Organisations have no ID number to mask.
  EXPECT_EQ(MaskForPublic(PartyKind::kOrganisation, "某某公司", "", "无", {}, core::Regions()).id_masked,
            "");
}

TEST(Disclosure, RepairAfterSixMonthsWhenEveryConditionHolds) {
  RepairFacts f;
  f.published_on = D("2025-01-10");
  f.penalty = FineOf(80000);
  f.display_step = "disclosure_display";
  f.penalty_fulfilled = true;
  f.applied_on = D("2025-07-10");  // the last day of the 6 months: too early
  auto early = CheckRepair(Rules(), f);
  ASSERT_TRUE(early.has_value());
  EXPECT_FALSE(early->eligible);
  EXPECT_EQ(early->earliest.ToString(), "2025-07-11");
  f.applied_on = D("2025-07-11");
  EXPECT_TRUE(CheckRepair(Rules(), f)->eligible);
  // Food, drugs, special equipment: one year.
  f.food_drug_special_equipment = true;
  auto food = CheckRepair(Rules(), f);
  EXPECT_FALSE(food->eligible);
  EXPECT_EQ(food->earliest.ToString(), "2026-01-11");
  f.food_drug_special_equipment = false;
  // Each art. 14 condition on its own refuses it.
  f.penalty_fulfilled = false;
  EXPECT_FALSE(CheckRepair(Rules(), f)->eligible);
  f.penalty_fulfilled = true;
  f.same_type_penalty_since = true;
  EXPECT_FALSE(CheckRepair(Rules(), f)->eligible);
  f.same_type_penalty_since = false;
  f.on_serious_list = true;
  EXPECT_FALSE(CheckRepair(Rules(), f)->eligible);
  f.on_serious_list = false;
  f.penalty.kinds.push_back(PenaltyKind::kRevokeLicense);
  auto barred = CheckRepair(Rules(), f);
  EXPECT_FALSE(barred->eligible);
  ASSERT_EQ(barred->reasons.size(), 1u);
  EXPECT_NE(barred->reasons[0].find("吊销营业执照"), std::string::npos);
}

TEST(Disclosure, ListingEndsAfterThreeYearsAndEarlyRemovalOpensAfterOne) {
  auto l = ComputeListingPeriod(Rules(), D("2024-02-29"));
  ASSERT_TRUE(l.has_value());
  EXPECT_EQ(l->until.ToString(), "2027-02-28");
  EXPECT_EQ(l->early_removal_from.ToString(), "2025-03-01");
  EXPECT_NE(l->basis.find("未经核实"), std::string::npos);  // the 3 years are [M]
}

TEST(Disclosure, PenaltyKindsRoundTripAndDescribe) {
  for (const PenaltyKindInfo& i : PenaltyKinds()) EXPECT_EQ(PenaltyKindFromKey(i.key), i.kind);
  EXPECT_FALSE(PenaltyKindFromKey("jail").has_value());
  Penalty p{{PenaltyKind::kConfiscateGains, PenaltyKind::kFine}, core::Fen::FromYuan(5000), {}};
  EXPECT_EQ(DescribePenalty(p), "罚款5000.00元；没收违法所得");
  Penalty stored = PenaltyFromKeys({"confiscate_gains", "fine", "jail"}, core::Fen::FromYuan(5000), {});
  EXPECT_EQ(stored.kinds, (std::vector<PenaltyKind>{PenaltyKind::kConfiscateGains, PenaltyKind::kFine}));
  EXPECT_EQ(DescribePenalty(stored), "罚款5000.00元；没收违法所得");
}

}  // namespace
}  // namespace ipe::credit
