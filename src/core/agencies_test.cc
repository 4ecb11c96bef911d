#include "core/agencies.h"

#include <gtest/gtest.h>

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

TEST(AgencyNames, ParseRejectsDuplicateAliases) {
  EXPECT_FALSE(AgencyNames::Parse("甲\t甲\tother\tnational\tX\n乙\t乙\tother\tnational\tX\n").has_value());
  EXPECT_FALSE(AgencyNames::Parse("甲\tother\n").has_value());
}

}  // namespace
}  // namespace ipe::core
