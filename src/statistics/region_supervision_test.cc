#include "statistics/region_supervision.h"

#include <gtest/gtest.h>

namespace ipe::statistics {
namespace {

constexpr const char* kKinds =
    "[kind criticism]\ntitle = 通报\nrectification_days = 90\nsource = s\nconfidence = M\n"
    "[kind interview]\ntitle = 约谈\nrectification_days = 90\nsource = s\nconfidence = M\n";

TEST(RegionSupervision, CompiledInRulesGiveEveryKindAPeriod) {
  const SupervisionRules& rules = DefaultSupervisionRules();
  ASSERT_NE(rules.Find("listed"), nullptr);
  EXPECT_EQ(rules.Find("listed")->title, "挂牌督办");
  EXPECT_EQ(rules.Find("listed")->rectification_days, 180);
  EXPECT_EQ(rules.Find("listed")->confidence, "M");
  EXPECT_EQ(rules.Find("criticism")->rectification_days, 90);
  EXPECT_EQ(rules.Find("nonsense"), nullptr);
}

TEST(RegionSupervision, RejectsMalformedRules) {
  std::string listed = "[kind listed]\ntitle = 挂牌督办\nrectification_days = 180\nsource = s\nconfidence = M\n";
  EXPECT_TRUE(ParseSupervisionRules("t", std::string(kKinds) + listed).has_value());
  EXPECT_FALSE(ParseSupervisionRules("t", kKinds));  // listed missing
  for (const char* days : {"0", "731", "x", "-5", ""}) {
    std::string bad = "[kind listed]\ntitle = 挂牌督办\nrectification_days = " + std::string(days) +
                      "\nsource = s\nconfidence = M\n";
    EXPECT_FALSE(ParseSupervisionRules("t", std::string(kKinds) + bad)) << days;
  }
  EXPECT_FALSE(ParseSupervisionRules("t", std::string(kKinds) + listed + "[kind other]\ntitle = x\n"
                                          "rectification_days = 5\nsource = s\nconfidence = M\n"));
  EXPECT_FALSE(ParseSupervisionRules("t", std::string(kKinds) + listed + "[kind listed]\ntitle = x\n"
                                          "rectification_days = 5\nsource = s\nconfidence = M\n"));
  auto unknown = ParseSupervisionRules("t", std::string(kKinds) + "[kind listed]\nwhat = 1\n");
  ASSERT_FALSE(unknown);
  EXPECT_NE(unknown.error().message().find("t:12"), std::string::npos) << unknown.error().message();
}

TEST(RegionSupervision, TransitionsFollowTheTable) {
  EXPECT_EQ(NextSupervisionStatus("rectifying", "report"), "reported");
  EXPECT_EQ(NextSupervisionStatus("reported", "report"), "reported");
  EXPECT_EQ(NextSupervisionStatus("reported", "return"), "rectifying");
  EXPECT_EQ(NextSupervisionStatus("rectifying", "extend"), "rectifying");
  EXPECT_EQ(NextSupervisionStatus("reported", "remove"), "removed");
  // Removal only after a report; nothing after removal.
  EXPECT_FALSE(NextSupervisionStatus("rectifying", "remove"));
  EXPECT_FALSE(NextSupervisionStatus("rectifying", "return"));
  for (const char* action : {"report", "return", "extend", "remove"}) {
    EXPECT_FALSE(NextSupervisionStatus("removed", action)) << action;
  }
  EXPECT_FALSE(NextSupervisionStatus("rectifying", "nonsense"));
  EXPECT_FALSE(NextSupervisionStatus("", "report"));
}

}  // namespace
}  // namespace ipe::statistics
