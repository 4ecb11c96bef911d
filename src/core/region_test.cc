#include "core/region.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace ipe::core {
namespace {

std::vector<std::string> Codes(const std::vector<const Region*>& regions) {
  std::vector<std::string> out;
  for (const Region* r : regions) out.push_back(r->code);
  return out;
}

TEST(Regions, HierarchyAndNames) {
  const RegionTable& t = Regions();
  EXPECT_GT(t.size(), 3000u);
  EXPECT_EQ(t.Provinces().size(), 34u);
  ASSERT_NE(t.Find("440305"), nullptr);
  EXPECT_EQ(t.Find("440305")->name, "南山区");
  EXPECT_EQ(t.Find("440305")->level, RegionLevel::kCounty);
  EXPECT_EQ(t.FullName("440305"), "广东省深圳市南山区");
  EXPECT_EQ(t.Find("440305")->parent, "440300");
  EXPECT_EQ(t.Parent("440305")->code, "440300");
  EXPECT_EQ(t.Parent("440000"), nullptr);
  EXPECT_EQ(t.Find("440000")->level, RegionLevel::kProvince);
  EXPECT_EQ(t.Find("440300")->level, RegionLevel::kPrefecture);
  EXPECT_EQ(Codes(t.Path("440305")), (std::vector<std::string>{"440000", "440300", "440305"}));
  EXPECT_EQ(t.Find("000000"), nullptr);
  EXPECT_EQ(t.Find("999999"), nullptr);
  EXPECT_EQ(t.FullName("999999"), "");
  EXPECT_TRUE(t.Path("999999").empty());
  EXPECT_STREQ(RegionLevelName(RegionLevel::kPrefecture), "prefecture");
}

TEST(Regions, EveryRowHangsTogether) {
  const RegionTable& t = Regions();
  size_t groups = 0;
  for (const Region* p : t.Provinces()) {
    EXPECT_EQ(p->code.substr(2), "0000") << p->code;
    if (p->code != "710000" && p->code != "810000" && p->code != "820000") {
      EXPECT_FALSE(t.Children(p->code).empty()) << p->code;
    }
    for (const Region* c : t.Children(p->code)) {
      EXPECT_EQ(c->parent, p->code);
      EXPECT_EQ(c->code.substr(0, 2), p->code.substr(0, 2));
      EXPECT_TRUE(t.IsWithin(p->code, c->code));
      std::vector<const Region*> path = t.Path(c->code);
      ASSERT_FALSE(path.empty());
      EXPECT_EQ(path.front(), p);
      EXPECT_FALSE(t.FullName(c->code).empty());
      for (const Region* g : t.Children(c->code)) {
        EXPECT_EQ(g->level, RegionLevel::kCounty) << g->code;
        EXPECT_EQ(g->code.substr(0, 4), c->code.substr(0, 4)) << g->code;
        EXPECT_TRUE(t.IsWithin(p->code, g->code));
        EXPECT_TRUE(t.Children(g->code).empty());
      }
    }
    for (const char* mid : {"0100", "0200"}) {
      const Region* g = t.Find(p->code.substr(0, 2) + mid);
      if (g != nullptr && g->grouping) ++groups;
    }
  }
  EXPECT_EQ(groups, 5u);  // 北京、天津、上海 市辖区; 重庆 市辖区 and 县
}

TEST(Regions, ChildrenAreDirectAndOrdered) {
  const RegionTable& t = Regions();
  auto shenzhen = Codes(t.Children("440300"));
  ASSERT_FALSE(shenzhen.empty());
  EXPECT_NE(std::find(shenzhen.begin(), shenzhen.end(), "440305"), shenzhen.end());
  EXPECT_TRUE(std::is_sorted(shenzhen.begin(), shenzhen.end()));
  for (const Region* r : t.Children("440000")) EXPECT_EQ(r->level, RegionLevel::kPrefecture);
  EXPECT_TRUE(t.Children("440305").empty());
  EXPECT_TRUE(t.Children("999999").empty());
  EXPECT_TRUE(t.Children("441900").empty());  // 东莞市: no county level
}

TEST(Regions, Municipalities) {
  const RegionTable& t = Regions();
  // Districts hang under the municipality; 市辖区 is a grouping code, not on paths or lists.
  EXPECT_EQ(t.Find("110105")->parent, "110000");
  EXPECT_EQ(t.FullName("110105"), "北京市朝阳区");
  EXPECT_EQ(Codes(t.Path("110105")), (std::vector<std::string>{"110000", "110105"}));
  for (const Region* r : t.Children("110000")) {
    EXPECT_FALSE(r->grouping) << r->code;
    EXPECT_EQ(r->level, RegionLevel::kCounty) << r->code;
  }
  const Region* group = t.Find("110100");
  ASSERT_NE(group, nullptr);
  EXPECT_TRUE(group->grouping);
  EXPECT_EQ(group->name, "市辖区");
  EXPECT_TRUE(t.IsWithin("110000", "110100"));
  EXPECT_TRUE(t.IsWithin("110100", "110105"));
  EXPECT_FALSE(t.IsWithin("110100", "120101"));
  EXPECT_FALSE(t.IsWithin("110105", "110100"));
  EXPECT_EQ(t.Children("110100").size(), t.Children("110000").size());
  // 重庆: 市辖区 500100 holds the 5001xx districts, 县 500200 the 5002xx counties.
  ASSERT_NE(t.Find("500200"), nullptr);
  EXPECT_TRUE(t.IsWithin("500200", "500229"));   // 城口县
  EXPECT_FALSE(t.IsWithin("500200", "500101"));  // 万州区
  EXPECT_TRUE(t.IsWithin("500100", "500101"));
  EXPECT_TRUE(t.IsWithin("500000", "500229"));
}

TEST(Regions, DirectlyAdministeredCounties) {
  const RegionTable& t = Regions();
  EXPECT_EQ(t.Find("429004")->parent, "429000");  // 仙桃市 under 省直辖县级行政区划
  EXPECT_EQ(t.FullName("429004"), "湖北省仙桃市");
  EXPECT_EQ(t.FullName("429000"), "湖北省省直辖县级行政区划");
  EXPECT_TRUE(t.IsWithin("420000", "429004"));
  EXPECT_TRUE(t.IsWithin("429000", "429004"));
  EXPECT_FALSE(t.IsWithin("420100", "429004"));
  EXPECT_EQ(t.Find("659000")->name, "自治区直辖县级行政区划");
  EXPECT_EQ(t.FullName("419001"), "河南省济源市");
}

TEST(Regions, IsWithinFollowsParentsAndFailsClosed) {
  const RegionTable& t = Regions();
  EXPECT_TRUE(t.IsWithin(kNationalRegionCode, "440305"));
  EXPECT_TRUE(t.IsWithin("440000", "440305"));
  EXPECT_TRUE(t.IsWithin("440300", "440305"));
  EXPECT_TRUE(t.IsWithin("440305", "440305"));
  EXPECT_FALSE(t.IsWithin("440100", "440305"));
  EXPECT_FALSE(t.IsWithin("440305", "440300"));
  EXPECT_FALSE(t.IsWithin("440000", "450000"));
  // Unknown codes, even with a matching prefix, are inside nothing.
  EXPECT_FALSE(t.IsWithin("440000", "449999"));
  EXPECT_FALSE(t.IsWithin(kNationalRegionCode, "999999"));
  EXPECT_FALSE(t.IsWithin("449999", "449999"));
  EXPECT_FALSE(t.IsWithin("", "440305"));
  EXPECT_FALSE(t.IsWithin("440000", ""));
}

TEST(Regions, FindByName) {
  const RegionTable& t = Regions();
  auto shenzhen = t.FindByName("深圳市");
  ASSERT_FALSE(shenzhen.empty());
  EXPECT_EQ(shenzhen[0]->code, "440300");
  EXPECT_EQ(t.FindByName("深圳")[0]->code, "440300");
  // 南山区 exists in several cities; the parent context picks one.
  EXPECT_GT(t.FindByName("南山区").size(), 1u);
  auto nanshan = t.FindByName("南山区", "440300");
  ASSERT_EQ(nanshan.size(), 1u);
  EXPECT_EQ(nanshan[0]->code, "440305");
  EXPECT_EQ(Codes(t.FindByName("朝阳区", "110000")), std::vector<std::string>{"110105"});
  EXPECT_EQ(Codes(t.FindByName("广东省深圳市南山区")), std::vector<std::string>{"440305"});
  EXPECT_EQ(Codes(t.FindByName("湖北省仙桃市")), std::vector<std::string>{"429004"});
  EXPECT_TRUE(t.FindByName("").empty());
  EXPECT_TRUE(t.FindByName("不存在的地方").empty());
  EXPECT_TRUE(t.FindByName("南山区", "999999").empty());
}

TEST(RegionTable, ParseRejectsBrokenData) {
  EXPECT_FALSE(RegionTable::Parse("440305\t南山区\t3\t440300\n").has_value());  // parent missing
  EXPECT_FALSE(RegionTable::Parse("44030\t南山区\t3\t\n").has_value());
  EXPECT_FALSE(RegionTable::Parse("440000\t广东省\t1\t\n440000\t广东省\t1\t\n").has_value());
  EXPECT_FALSE(RegionTable::Parse("440000\t\t1\t\n").has_value());             // no name
  EXPECT_FALSE(RegionTable::Parse("440000\t广东省\t4\t\n").has_value());       // bad level
  EXPECT_FALSE(RegionTable::Parse("440300\t深圳市\t2\t\n").has_value());       // no parent
  EXPECT_FALSE(RegionTable::Parse("000000\t全国\t1\t\n").has_value());
  EXPECT_FALSE(RegionTable::Parse("440000\t广东省\t1\t\tweird\n").has_value());
  // A parent in another province or at the same level.
  EXPECT_FALSE(
      RegionTable::Parse("440000\t广东省\t1\t\n450100\t南宁市\t2\t440000\n").has_value());
  EXPECT_FALSE(
      RegionTable::Parse("440000\t广东省\t1\t\n440300\t深圳市\t2\t440000\n440400\t珠海市\t2\t440300\n")
          .has_value());
  auto ok = RegionTable::Parse(
      "# comment\n110000\t北京市\t1\t\n110100\t市辖区\t2\t110000\tgroup\n110105\t朝阳区\t3\t110000\n");
  ASSERT_TRUE(ok.has_value()) << ok.error().message();
  EXPECT_EQ(ok->size(), 3u);
  EXPECT_TRUE(ok->IsWithin("110100", "110105"));
  EXPECT_EQ(Codes(ok->Children("110000")), std::vector<std::string>{"110105"});
}

}  // namespace
}  // namespace ipe::core

namespace ipe::core {
namespace {

TEST(RegionCodes, ParentsAndLevelsByDigits) {
  EXPECT_EQ(ProvinceCodeOf("440305"), "440000");
  EXPECT_EQ(PrefectureCodeOf("440305"), "440300");
  EXPECT_EQ(PrefectureCodeOf("440000"), "440000");
  EXPECT_EQ(LevelOfCode("440000"), RegionLevel::kProvince);
  EXPECT_EQ(LevelOfCode("440300"), RegionLevel::kPrefecture);
  EXPECT_EQ(LevelOfCode("440305"), RegionLevel::kCounty);
  EXPECT_EQ(LevelOfCode("110105"), RegionLevel::kCounty);
}

TEST(RegionCodes, CommonAncestorIsTheSmallestSharedLevel) {
  EXPECT_EQ(CommonAncestorCode({}), "000000");
  EXPECT_EQ(CommonAncestorCode({"440305"}), "440305");
  EXPECT_EQ(CommonAncestorCode({"440305", "440305"}), "440305");
  EXPECT_EQ(CommonAncestorCode({"440305", "440306"}), "440300");
  EXPECT_EQ(CommonAncestorCode({"440305", "440106"}), "440000");
  EXPECT_EQ(CommonAncestorCode({"440305", "310115"}), "000000");
  EXPECT_EQ(CommonAncestorCode({"440305", "440306", "440106"}), "440000");
}

}  // namespace
}  // namespace ipe::core
