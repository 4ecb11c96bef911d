#include <gtest/gtest.h>

#include <random>

#include "custody/destruction.h"
#include "custody/ledger.h"

namespace ipe::custody {
namespace {

TEST(Ledger, TakeOutsMoveQuantityOutOfCustody) {
  Balance b = Balance::Seized(120);
  auto s = Apply(b, MovementKind::kSample, 2);
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(s->in_custody, 118);
  EXPECT_EQ(s->sampled, 2);
  auto h = Apply(*s, MovementKind::kHandOver, 18);
  ASSERT_TRUE(h.has_value());
  auto d = Apply(*h, MovementKind::kDestroy, 100);
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->in_custody, 0);
  EXPECT_EQ(d->destroyed, 100);
  EXPECT_EQ(d->handed_over, 18);
  EXPECT_TRUE(d->Holds());
}

TEST(Ledger, RefusesMoreThanHeld) {
  Balance b = Balance::Seized(10);
  auto r = Apply(b, MovementKind::kDestroy, 11);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code(), core::StatusCode::kFailedPrecondition);
  ASSERT_EQ(r.error().field_errors().size(), 1u);
  EXPECT_EQ(r.error().field_errors()[0].field, "quantity");
}

TEST(Ledger, RefusesNonPositiveAndHugeQuantities) {
  Balance b = Balance::Seized(10);
  for (int64_t q : {int64_t{0}, int64_t{-3}, kMaxQuantity + 1}) {
    auto r = Apply(b, MovementKind::kReturn, q);
    ASSERT_FALSE(r.has_value()) << q;
    EXPECT_EQ(r.error().code(), core::StatusCode::kInvalidArgument) << q;
  }
}

TEST(Ledger, StoreMovementsMoveTheWholeLineAndKeepTheBalance) {
  Balance b = Balance::Seized(10);
  auto moved = Apply(b, MovementKind::kMove, 10);
  ASSERT_TRUE(moved.has_value());
  EXPECT_EQ(*moved, b);
  auto partial = Apply(b, MovementKind::kMove, 4);
  ASSERT_FALSE(partial.has_value());
  EXPECT_EQ(partial.error().code(), core::StatusCode::kFailedPrecondition);
  auto empty = Apply(*Apply(b, MovementKind::kDestroy, 10), MovementKind::kStoreIn, 1);
  ASSERT_FALSE(empty.has_value());
  EXPECT_EQ(empty.error().code(), core::StatusCode::kFailedPrecondition);
}

TEST(Ledger, BrokenBalanceIsABug) {
  Balance b = Balance::Seized(10);
  b.sampled = 1;  // seized 10 ≠ 11
  EXPECT_FALSE(b.Holds());
  auto r = Apply(b, MovementKind::kSample, 1);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code(), core::StatusCode::kInternal);
}

// Thousands of random movement sequences on random lines: every accepted movement keeps the
// invariant, every refused one changes nothing, and each part equals the sum of the accepted
// movements of its kind (a model kept beside the ledger).
TEST(LedgerProperty, RandomSequencesNeverBreakTheBalance) {
  std::mt19937_64 rng(20260601);
  int accepted = 0, refused = 0;
  for (int line = 0; line < 5000; ++line) {
    int64_t seized = std::uniform_int_distribution<int64_t>(1, 2000)(rng);
    Balance b = Balance::Seized(seized);
    int64_t model[7] = {};
    int steps = std::uniform_int_distribution<int>(1, 30)(rng);
    for (int step = 0; step < steps; ++step) {
      auto kind = static_cast<MovementKind>(std::uniform_int_distribution<int>(0, 6)(rng));
      int64_t q = std::uniform_int_distribution<int64_t>(-2, seized + 5)(rng);
      if (!InfoOf(kind).takes_out && (rng() & 1)) q = b.in_custody;
      Balance before = b;
      auto next = Apply(b, kind, q);
      if (next) {
        ++accepted;
        b = *next;
        if (InfoOf(kind).takes_out) model[static_cast<int>(kind)] += q;
      } else {
        ++refused;
        EXPECT_EQ(b, before);
        bool legit = q <= 0 || q > before.in_custody ||
                     (!InfoOf(kind).takes_out && q != before.in_custody);
        EXPECT_TRUE(legit) << "refused a movement that fits: " << InfoOf(kind).key << " " << q;
      }
      ASSERT_TRUE(b.Holds()) << DescribeBalance(b, "");
    }
    for (MovementKind k : {MovementKind::kSample, MovementKind::kReturn, MovementKind::kHandOver,
                           MovementKind::kRetain, MovementKind::kDestroy}) {
      EXPECT_EQ(PartOf(b, k), model[static_cast<int>(k)]);
    }
  }
  EXPECT_GT(accepted, 10000);
  EXPECT_GT(refused, 10000);
}

// ---- destruction rules ----

UnitFacts Unit(int64_t id, std::string region, std::vector<std::string> caps,
               const char* until = "2030-12-31") {
  return {id, std::move(region), std::move(caps), *core::ParseDate(until), true};
}

TEST(DestructionRules, EmbeddedPackParsesWithMarks) {
  const DestructionRules& r = DefaultDestructionRules();
  EXPECT_EQ(r.pack, "custody_destruction");
  const ItemCategory* hazardous = r.FindCategory("hazardous");
  ASSERT_NE(hazardous, nullptr);
  EXPECT_EQ(hazardous->unit_capability, "hazardous");
  EXPECT_EQ(hazardous->mark.confidence, "S");
  const ItemCategory* alcohol = r.FindCategory("alcohol");
  ASSERT_NE(alcohol, nullptr);
  EXPECT_EQ(alcohol->mark.confidence, "M");
  EXPECT_FALSE(alcohol->mark.note.empty());
}

TEST(DestructionRules, HazardousOnlyToALicensedHazardousWasteUnit) {
  const DestructionRules& r = DefaultDestructionRules();
  core::Date on = *core::ParseDate("2026-06-01");
  EXPECT_TRUE(CheckUnitFits(r, "hazardous", "incineration", Unit(1, "310115", {"hazardous"}), on).empty());
  auto general_unit = CheckUnitFits(r, "hazardous", "incineration", Unit(2, "310115", {"general"}), on);
  ASSERT_EQ(general_unit.size(), 1u);
  EXPECT_NE(general_unit[0].find("危险废物"), std::string::npos);
  // Fake drugs go the same way; electronic waste needs its own licence.
  EXPECT_FALSE(CheckUnitFits(r, "pharmaceutical", "incineration", Unit(3, "310115", {"general"}), on).empty());
  EXPECT_FALSE(CheckUnitFits(r, "electronic", "disassembly", Unit(4, "310115", {"general"}), on).empty());
  EXPECT_TRUE(CheckUnitFits(r, "electronic", "disassembly", Unit(5, "310115", {"electronic"}), on).empty());
}

TEST(DestructionRules, MethodMustFitTheCategoryAndLicenceBeValid) {
  const DestructionRules& r = DefaultDestructionRules();
  core::Date on = *core::ParseDate("2026-06-01");
  UnitFacts all = Unit(1, "310115", {"general", "electronic", "hazardous", "alcohol"});
  EXPECT_EQ(CheckUnitFits(r, "pharmaceutical", "landfill", all, on).size(), 1u);
  EXPECT_EQ(CheckUnitFits(r, "general", "teleport", all, on).size(), 1u);
  EXPECT_EQ(CheckUnitFits(r, "fireworks", "incineration", all, on).size(), 1u);
  UnitFacts expired = Unit(2, "310115", {"general"}, "2026-05-31");
  auto reasons = CheckUnitFits(r, "general", "incineration", expired, on);
  ASSERT_EQ(reasons.size(), 1u);
  EXPECT_NE(reasons[0].find("2026-05-31"), std::string::npos);
  expired.licence_valid_until = on;  // valid through its last day
  EXPECT_TRUE(CheckUnitFits(r, "general", "incineration", expired, on).empty());
}

TEST(DestructionRules, NearestCapableUnitFirst) {
  const DestructionRules& r = DefaultDestructionRules();
  core::Date on = *core::ParseDate("2026-06-01");
  std::vector<UnitFacts> units = {
      Unit(1, "440300", {"general", "hazardous"}),  // another province
      Unit(2, "320500", {"general"}),               // another province, not capable
      Unit(3, "310112", {"hazardous"}),             // same prefecture (上海市辖区)
      Unit(4, "310115", {"hazardous"}, "2020-01-01"),  // same county, licence expired
      Unit(5, "310115", {"hazardous", "general"}),  // same county
  };
  auto ranked = RankUnits(r, {"hazardous", "general"}, "incineration", units, "310115", on);
  ASSERT_EQ(ranked.size(), 2u);
  EXPECT_EQ(ranked[0].id, 5);
  EXPECT_EQ(ranked[1].id, 1);
  auto hazardous_only = RankUnits(r, {"hazardous"}, "incineration", units, "310115", on);
  ASSERT_EQ(hazardous_only.size(), 3u);
  EXPECT_EQ(hazardous_only[0].id, 5);
  EXPECT_EQ(hazardous_only[1].id, 3);
  EXPECT_EQ(hazardous_only[2].id, 1);
}

TEST(DestructionRules, ParserRefusesBrokenPacks) {
  EXPECT_FALSE(ParseDestructionRules("x", "pack = p\n[category a]\ntitle = A\n").has_value());
  EXPECT_FALSE(ParseDestructionRules("x", "pack = p\n[widget a]\n").has_value());
  EXPECT_FALSE(ParseDestructionRules(
                   "x", "pack = p\n[category a]\ntitle = A\nunit_capability = general\n"
                        "methods = nothing\nsource = s\nconfidence = C\n")
                   .has_value());
  auto bad_conf = ParseDestructionRules(
      "x", "pack = p\n[method m]\ntitle = M\nsource = s\nconfidence = Q\n");
  ASSERT_FALSE(bad_conf.has_value());
  EXPECT_NE(bad_conf.error().message().find("x:5:"), std::string::npos);
  EXPECT_TRUE(ParseDestructionRules(
                  "x", "pack = p\n[method m]\ntitle = M\nsource = s\nconfidence = C\n"
                       "[category a]\ntitle = A\nunit_capability = general\nmethods = m\n"
                       "source = s\nconfidence = S\n")
                  .has_value());
}

}  // namespace
}  // namespace ipe::custody
