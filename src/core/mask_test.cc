#include "core/mask.h"

#include <gtest/gtest.h>

#include "core/region.h"

namespace ipe::core {
namespace {

TEST(MaskResidentId, HidesTheBirthDate) {
  EXPECT_EQ(MaskResidentId("11010519491231002X"), "110105********002X");
  EXPECT_EQ(MaskResidentId("110105491231002"), "110105******002");
  EXPECT_EQ(MaskResidentId("12345"), "*****");
  EXPECT_EQ(MaskResidentId("AB12345678901"), "AB1234***8901");
  EXPECT_EQ(MaskResidentId(""), "");
}

TEST(MaskPhone, KeepsPrefixAndLastDigits) {
  EXPECT_EQ(MaskPhone("13800138000"), "138****8000");
  EXPECT_EQ(MaskPhone("+86 138 0013 8000"), "138****8000");
  EXPECT_EQ(MaskPhone("86-138-0013-8000"), "138****8000");
  EXPECT_EQ(MaskPhone("021-61234567"), "021******67");
  EXPECT_EQ(MaskPhone("010 6512 3456"), "010******56");
  EXPECT_EQ(MaskPhone("0755-86013388"), "0755******88");
  EXPECT_EQ(MaskPhone("12345"), "*****");
  EXPECT_EQ(MaskPhone("call me"), "");
}

TEST(MaskPersonName, KeepsTheSurname) {
  EXPECT_EQ(MaskPersonName("张三"), "张*");
  EXPECT_EQ(MaskPersonName("张三丰"), "张**");
  EXPECT_EQ(MaskPersonName("欧阳修文"), "欧阳**");
  EXPECT_EQ(MaskPersonName("司马光"), "司马*");
  EXPECT_EQ(MaskPersonName("欧阳"), "欧*");  // two characters: a surname 欧 and a given name
  EXPECT_EQ(MaskPersonName("张"), "*");
  EXPECT_EQ(MaskPersonName("阿依古丽·买买提"), "阿***·***");
  EXPECT_EQ(MaskPersonName(""), "");
}

TEST(MaskAddress, KeepsDownToTheCounty) {
  const RegionTable& t = Regions();
  EXPECT_EQ(MaskAddress("广东省深圳市南山区科技园南区1栋101", t), "广东省深圳市南山区****");
  EXPECT_EQ(MaskAddress("深圳市南山区科技园南区1栋101", t), "深圳市南山区****");
  EXPECT_EQ(MaskAddress("北京市朝阳区建国路88号", t), "北京市朝阳区****");
  EXPECT_EQ(MaskAddress("湖北省仙桃市沔阳大道1号", t), "湖北省仙桃市****");
  EXPECT_EQ(MaskAddress("广东深圳南山区粤海街道", t), "广东深圳南山区****");
  EXPECT_EQ(MaskAddress("广东省东莞市长安镇振安路", t), "广东省东莞市****");  // no county level
  EXPECT_EQ(MaskAddress("广东省深圳市南山区", t), "广东省深圳市南山区");
  EXPECT_EQ(MaskAddress("科技园南区1栋101", t), "****");
  EXPECT_EQ(MaskAddress("", t), "****");
}

}  // namespace
}  // namespace ipe::core
