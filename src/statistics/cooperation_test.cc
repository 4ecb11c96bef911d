#include "statistics/cooperation.h"

#include <gtest/gtest.h>

#include <set>

namespace ipe::statistics {
namespace {

const SeedGroup* GroupOf(const CooperationSeed& seed, const std::string& key) {
  for (const SeedGroup& g : seed.groups) {
    if (g.key == key) return &g;
  }
  return nullptr;
}

std::set<std::string> Codes(const SeedGroup& g) {
  std::set<std::string> out;
  for (const SeedMember& m : g.members) out.insert(m.region_code);
  return out;
}

TEST(Cooperation, CompiledInGroupsHaveTheirMembersWithSources) {
  const CooperationSeed& seed = DefaultCooperationSeed();
  ASSERT_EQ(seed.groups.size(), 4u);
  const SeedGroup* jjj = GroupOf(seed, "jingjinji");
  ASSERT_NE(jjj, nullptr);
  EXPECT_EQ(jjj->name, "京津冀");
  EXPECT_EQ(Codes(*jjj), (std::set<std::string>{"110000", "120000", "130000"}));
  const SeedGroup* yrd = GroupOf(seed, "yangtze_delta");
  ASSERT_NE(yrd, nullptr);
  EXPECT_EQ(Codes(*yrd), (std::set<std::string>{"310000", "320000", "330000", "340000"}));
  const SeedGroup* prd = GroupOf(seed, "pan_prd");
  ASSERT_NE(prd, nullptr);
  EXPECT_EQ(prd->members.size(), 11u);  // 9 + 2
  EXPECT_TRUE(Codes(*prd).count("810000"));
  EXPECT_TRUE(Codes(*prd).count("820000"));
  ASSERT_NE(GroupOf(seed, "silk_road"), nullptr);
  for (const SeedGroup& g : seed.groups) {
    for (const SeedMember& m : g.members) {
      EXPECT_FALSE(m.source.empty()) << g.key << " " << m.region_code;
      EXPECT_TRUE(m.confidence == "S" || m.confidence == "M") << g.key << " " << m.region_code;
    }
  }
}

TEST(Cooperation, RejectsMalformedFiles) {
  const std::string group = "group\ta\t甲\t依据\n";
  const std::string m1 = "member\ta\t110000\t北京市\t文件\tS\n";
  const std::string m2 = "member\ta\t120000\t天津市\t文件\tS\n";
  EXPECT_TRUE(ParseCooperationSeed("t", group + m1 + m2));
  EXPECT_FALSE(ParseCooperationSeed("t", ""));                                      // no group
  EXPECT_FALSE(ParseCooperationSeed("t", group + m1));                              // one member
  EXPECT_FALSE(ParseCooperationSeed("t", m1 + group + m2));                         // undeclared
  EXPECT_FALSE(ParseCooperationSeed("t", group + m1 + m1));                         // twice
  EXPECT_FALSE(ParseCooperationSeed("t", group + m1 + "member\ta\t440300\t深圳市\t文件\tS\n"));
  EXPECT_FALSE(ParseCooperationSeed("t", group + m1 + "member\ta\t120000\t天津市\t文件\tQ\n"));
  EXPECT_FALSE(ParseCooperationSeed("t", group + m1 + "member\ta\t120000\t天津市\t\tS\n"));
  EXPECT_FALSE(ParseCooperationSeed("t", group + group + m1 + m2));
  auto bad = ParseCooperationSeed("t", group + m1 + "team\ta\n");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message().find("t:3"), std::string::npos) << bad.error().message();
}

}  // namespace
}  // namespace ipe::statistics
