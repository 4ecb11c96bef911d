#include "core/agencies.h"

#include <gtest/gtest.h>

#include <set>

#include "core/region.h"

namespace ipe::core {
namespace {

TEST(NationalAgencies, ResolvesTheShortFormsOfThe2020Plan) {
  const AgencyNames& n = NationalAgencies();
  EXPECT_EQ(n.Resolve("高检院")->canonical_name, "最高人民检察院");
  EXPECT_EQ(n.Resolve("网信办")->canonical_name, "国家互联网信息办公室");
  EXPECT_EQ(n.Resolve("中央网信办")->canonical_name, "国家互联网信息办公室");
  EXPECT_EQ(n.Resolve("市场监管总局")->canonical_name, "国家市场监督管理总局");
  EXPECT_EQ(n.Resolve("卫生健康委")->canonical_name, "国家卫生健康委员会");
  EXPECT_EQ(n.Resolve("最高人民检察院")->kind, "procuratorate");
  EXPECT_EQ(n.Resolve("不存在的机构"), nullptr);
}

// Every holder the seed plan names, with the canonical name and kind it must resolve to.
TEST(NationalAgencies, EveryMemberUnitOfTheSeedResolves) {
  struct Case {
    const char* written;
    const char* canonical;
    const char* kind;
  };
  const Case cases[] = {
      {"全国打击侵权假冒工作领导小组办公室", "全国打击侵权假冒工作领导小组办公室",
       "leading_group_office"},
      {"全国双打办", "全国打击侵权假冒工作领导小组办公室", "leading_group_office"},
      {"中央宣传部", "中共中央宣传部", "copyright"},
      {"版权局", "国家版权局", "copyright"},
      {"中央政法委", "中共中央政法委员会", "other"},
      {"工业和信息化部", "工业和信息化部", "other"},
      {"公安部", "公安部", "police"},
      {"商务部", "商务部", "other"},
      {"海关总署", "海关总署", "customs"},
      {"市场监管总局", "国家市场监督管理总局", "market_regulation"},
      {"网信办", "国家互联网信息办公室", "other"},
      {"林草局", "国家林业和草原局", "forestry"},
      {"邮政局", "国家邮政局", "other"},
      {"文化和旅游部", "文化和旅游部", "other"},
      {"知识产权局", "国家知识产权局", "ip_office"},
      {"农业农村部", "农业农村部", "agriculture"},
      {"药监局", "国家药品监督管理局", "market_regulation"},
      {"高法院", "最高人民法院", "court"},
      {"高检院", "最高人民检察院", "procuratorate"},
      {"最高检", "最高人民检察院", "procuratorate"},
      {"贸促会", "中国国际贸易促进委员会", "other"},
      {"卫生健康委", "国家卫生健康委员会", "other"},
      {"生态环境部", "生态环境部", "other"},
      {"财政部", "财政部", "other"},
      {"国资委", "国务院国有资产监督管理委员会", "other"},
      {"国管局", "国家机关事务管理局", "other"},
      {"税务总局", "国家税务总局", "other"},
      {"司法部", "司法部", "other"},
      {"广电总局", "国家广播电视总局", "other"},
      {"发展改革委", "国家发展和改革委员会", "other"},
      {"人民银行", "中国人民银行", "other"},
  };
  for (const Case& c : cases) {
    AgencyMatch m = ResolveAgency(c.written);
    EXPECT_EQ(m.resolution, AgencyResolution::kNational) << c.written;
    EXPECT_EQ(m.canonical_name, c.canonical) << c.written;
    EXPECT_EQ(m.kind, c.kind) << c.written;
    EXPECT_EQ(m.level, "national") << c.written;
    EXPECT_EQ(m.region_code, "000000") << c.written;
  }
}

TEST(ResolveAgency, TraditionalCharactersAndSpacesResolve) {
  EXPECT_EQ(ResolveAgency("最高檢").canonical_name, "最高人民检察院");
  EXPECT_EQ(ResolveAgency("市場監管總局").canonical_name, "国家市场监督管理总局");
  EXPECT_EQ(ResolveAgency("網信辦").canonical_name, "国家互联网信息办公室");
  EXPECT_EQ(ResolveAgency("農業農村部").canonical_name, "农业农村部");
  EXPECT_EQ(ResolveAgency("海关 总署").canonical_name, "海关总署");
  EXPECT_EQ(ResolveAgency("市市場監管局", "310000").canonical_name, "上海市市场监督管理局");
  EXPECT_EQ(ToSimplifiedForAgencies("牽頭，按職責分工負責"), "牵头，按职责分工负责");
}

TEST(ResolveAgency, LocalNamesUseTheIssuersRegion) {
  AgencyMatch m = ResolveAgency("市市场监管局", "310000");
  EXPECT_EQ(m.resolution, AgencyResolution::kLocal);
  EXPECT_EQ(m.canonical_name, "上海市市场监督管理局");
  EXPECT_EQ(m.kind, "market_regulation");
  EXPECT_EQ(m.level, "provincial");
  EXPECT_EQ(m.region_code, "310000");

  EXPECT_EQ(ResolveAgency("市公安局", "310000").canonical_name, "上海市公安局");
  EXPECT_EQ(ResolveAgency("市委宣传部", "310000").canonical_name, "中共上海市委员会宣传部");
  EXPECT_EQ(ResolveAgency("市高院", "310000").canonical_name, "上海市高级人民法院");
  EXPECT_EQ(ResolveAgency("上海海关", "310000").canonical_name, "上海海关");
  EXPECT_EQ(ResolveAgency("上海海关", "310000").kind, "customs");
  EXPECT_EQ(ResolveAgency("上海市市场监督管理局").region_code, "310000");  // national document

  m = ResolveAgency("州公安局", "522600");
  EXPECT_EQ(m.canonical_name, "黔东南苗族侗族自治州公安局");
  EXPECT_EQ(m.kind, "police");
  EXPECT_EQ(m.level, "prefecture");
  EXPECT_EQ(m.region_code, "522600");
  EXPECT_EQ(ResolveAgency("黔东南州市场监管局", "522600").canonical_name,
            "黔东南苗族侗族自治州市场监督管理局");
  EXPECT_EQ(ResolveAgency("州中院", "522600").canonical_name, "黔东南苗族侗族自治州中级人民法院");
  EXPECT_EQ(ResolveAgency("省检察院", "522600").canonical_name, "贵州省人民检察院");
  EXPECT_EQ(ResolveAgency("省公安厅", "522600").level, "provincial");

  m = ResolveAgency("区知识产权局", "440305");
  EXPECT_EQ(m.canonical_name, "深圳市南山区知识产权局");
  EXPECT_EQ(m.level, "county");
  EXPECT_EQ(m.region_code, "440305");
  EXPECT_EQ(ResolveAgency("市市场监管局", "440305").canonical_name, "深圳市市场监督管理局");
  EXPECT_EQ(ResolveAgency("省市场监管局", "440305").canonical_name, "广东省市场监督管理局");
  EXPECT_EQ(ResolveAgency("浦东新区知识产权局", "310000").canonical_name,
            "上海市浦东新区知识产权局");
  // A county-level city under 省直辖县级行政区划 carries its province, not the grouping row.
  EXPECT_EQ(ResolveAgency("市公安局", "429004").canonical_name, "湖北省仙桃市公安局");
  EXPECT_EQ(ResolveAgency("区公安局", "110105").canonical_name, "北京市朝阳区公安局");
  EXPECT_EQ(ResolveAgency("自治区市场监管局", "450000").canonical_name,
            "广西壮族自治区市场监督管理局");
}

TEST(ResolveAgency, LevelsWithoutSuchAnAgencyStayUnresolved) {
  // Prefectures have no drug administration of their own; provinces no 海关 named after them.
  EXPECT_EQ(ResolveAgency("州药监局", "522600").resolution, AgencyResolution::kUnresolved);
  EXPECT_EQ(ResolveAgency("市市场监管局").resolution, AgencyResolution::kUnresolved);  // no region
  EXPECT_EQ(ResolveAgency("市市场监管局", "999999").resolution, AgencyResolution::kUnresolved);
}

TEST(ResolveAgency, GenericAndUnknownNamesAreKeptNotDropped) {
  AgencyMatch g = ResolveAgency("有关部门");
  EXPECT_EQ(g.resolution, AgencyResolution::kGeneric);
  EXPECT_EQ(g.canonical_name, "有关部门");
  EXPECT_EQ(ResolveAgency("相关成员单位").resolution, AgencyResolution::kGeneric);
  EXPECT_EQ(ResolveAgency("各区政府", "310000").resolution, AgencyResolution::kGeneric);

  AgencyMatch u = ResolveAgency("某某研究会");
  EXPECT_EQ(u.resolution, AgencyResolution::kUnresolved);
  EXPECT_EQ(u.canonical_name, "某某研究会");
  EXPECT_EQ(u.written, "某某研究会");
  EXPECT_FALSE(u.resolved());
  EXPECT_EQ(ResolveAgency("").resolution, AgencyResolution::kUnresolved);
  EXPECT_EQ(ResolveAgency("\xff\xfe").resolution, AgencyResolution::kUnresolved);
}

TEST(AgencyNames, ParseRejectsBadTables) {
  EXPECT_FALSE(AgencyNames::Parse("agency\t甲\t甲\tother\tnational\tX\n"
                                  "agency\t乙\t乙\tother\tnational\tX\n")
                   .has_value());  // alias shared by two agencies
  EXPECT_FALSE(AgencyNames::Parse("agency\t甲\tother\n").has_value());
  EXPECT_FALSE(AgencyNames::Parse("agency\t甲\t甲\tspaceship\tnational\t\n").has_value());
  EXPECT_FALSE(AgencyNames::Parse("agency\t甲\t甲\tother\tgalactic\t\n").has_value());
  EXPECT_FALSE(AgencyNames::Parse("t2s\t國家\t国\n").has_value());
  EXPECT_FALSE(AgencyNames::Parse("local\tpolice\t-\t-\t-\t-\t公安局\n"
                                  "local\tcourt\t-\t-\t-\t-\t公安局\n")
                   .has_value());
  EXPECT_FALSE(AgencyNames::Parse("planet\tx\n").has_value());
  auto ok = AgencyNames::Parse("# comment\nagency\t甲局\t甲\tother\tnational\t甲甲\n");
  ASSERT_TRUE(ok.has_value());
  EXPECT_EQ(ok->Resolve("甲甲")->canonical_name, "甲局");
}

TEST(AgencyNames, EmbeddedTableIsConsistent) {
  const AgencyNames& n = NationalAgencies();
  std::set<std::string> canonical;
  for (const AgencyName& a : n.all()) {
    EXPECT_TRUE(canonical.insert(a.canonical_name).second) << a.canonical_name;
    EXPECT_EQ(n.Resolve(a.canonical_name), &a);
  }
  EXPECT_GE(n.all().size(), 30u);
  EXPECT_GE(n.local_templates().size(), 20u);
  EXPECT_EQ(n.Simplify(U'檢'), U'检');
  EXPECT_EQ(n.Simplify(U'A'), U'A');
}

}  // namespace
}  // namespace ipe::core
