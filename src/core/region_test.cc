#include "core/region.h"

#include <gtest/gtest.h>

namespace ipe::core {
namespace {

TEST(Regions, HierarchyAndNames) {
  const RegionTable& t = Regions();
  EXPECT_GT(t.size(), 3000u);
  EXPECT_EQ(t.Provinces().size(), 34u);
  ASSERT_NE(t.Find("440305"), nullptr);
  EXPECT_EQ(t.Find("440305")->name, "南山区");
  EXPECT_EQ(t.FullName("440305"), "广东省深圳市南山区");
  EXPECT_EQ(t.Find("440305")->parent, "440300");
  EXPECT_EQ(t.Find("440000")->level, RegionLevel::kProvince);
  EXPECT_EQ(t.Find("440300")->level, RegionLevel::kPrefecture);
}

TEST(Regions, MunicipalitiesAndDirectlyAdministeredCounties) {
  const RegionTable& t = Regions();
  EXPECT_EQ(t.Find("110105")->parent, "110000");  // 朝阳区 under 北京市
  EXPECT_EQ(t.FullName("110105"), "北京市朝阳区");
  EXPECT_EQ(t.FullName("429004"), "湖北省仙桃市");  // 省直辖县
  EXPECT_TRUE(t.IsWithin("420000", "429004"));
}

TEST(Regions, IsWithinFollowsParents) {
  const RegionTable& t = Regions();
  EXPECT_TRUE(t.IsWithin("000000", "440305"));
  EXPECT_TRUE(t.IsWithin("440000", "440305"));
  EXPECT_TRUE(t.IsWithin("440300", "440305"));
  EXPECT_FALSE(t.IsWithin("440100", "440305"));
  EXPECT_FALSE(t.IsWithin("440305", "440300"));
  EXPECT_FALSE(t.IsWithin("440000", "999999"));
}

TEST(Regions, FindByName) {
  auto found = Regions().FindByName("深圳市");
  ASSERT_FALSE(found.empty());
  EXPECT_EQ(found[0]->code, "440300");
}

TEST(RegionTable, ParseRejectsBrokenData) {
  EXPECT_FALSE(RegionTable::Parse("440305\t南山区\t3\t440300\n").has_value());  // parent missing
  EXPECT_FALSE(RegionTable::Parse("44030\t南山区\t3\t\n").has_value());
  EXPECT_FALSE(RegionTable::Parse("440000\t广东省\t1\t\n440000\t广东省\t1\t\n").has_value());
}

}  // namespace
}  // namespace ipe::core
