// Issue 18: the compiled-in goods classification (Nice classes 1–34) and the validation of the
// case facts counted by it — channel, trade flow, goods class.
#include "app/cases/goods_classes.h"

#include <gtest/gtest.h>

#include <map>

#include "app/cases/cases.h"

namespace ipe::app {
namespace {

TEST(GoodsClasses, CompiledInClassificationHasTheNiceGoodsClasses) {
  const GoodsClassification& c = DefaultGoodsClassification();
  EXPECT_EQ(c.version, "NCL 12-2025");
  EXPECT_NE(c.source.find("Nice"), std::string::npos);
  EXPECT_EQ(c.confidence, "S");
  ASSERT_EQ(c.codes.size(), 34u);
  EXPECT_EQ(c.codes.front(), "01");
  EXPECT_EQ(c.codes.back(), "34");
  ASSERT_EQ(GoodsClasses().size(), 34u);
  EXPECT_STREQ(LabelOf(GoodsClasses(), "25"), "第25类 服装鞋帽");
  EXPECT_STREQ(LabelOf(GoodsClasses(), "09"), "第9类 科学仪器（电子电器、计算机）");
  EXPECT_EQ(LabelOf(GoodsClasses(), "35"), nullptr);  // services are not goods
  EXPECT_EQ(LabelOf(GoodsClasses(), "9"), nullptr);
}

TEST(GoodsClasses, MalformedFilesAreRefusedWithTheLine) {
  auto ok = ParseGoodsClassification("t", "source\tx\tS\nversion\tv1\n01\t化学原料\tChemicals\n");
  ASSERT_TRUE(ok.has_value()) << ok.error().ToString();
  auto twice = ParseGoodsClassification("t", "source\tx\tS\nversion\tv1\n01\ta\tb\n01\tc\td\n");
  ASSERT_FALSE(twice.has_value());
  EXPECT_NE(twice.error().ToString().find("t:4"), std::string::npos) << twice.error().ToString();
  EXPECT_FALSE(ParseGoodsClassification("t", "source\tx\tS\nversion\tv1\n1\ta\tb\n").has_value());
  EXPECT_FALSE(ParseGoodsClassification("t", "source\tx\tS\nversion\tv1\n02\t\tb\n").has_value());
  EXPECT_FALSE(ParseGoodsClassification("t", "version\tv1\n01\ta\tb\n").has_value());  // no source
  EXPECT_FALSE(ParseGoodsClassification("t", "source\tx\tS\n01\ta\tb\n").has_value());  // no version
}

CaseInput ValidCase() {
  CaseInput in;
  in.case_number = "T-1";
  in.title = "某案";
  in.category = "trademark";
  in.source = "customs";
  return in;
}

TEST(GoodsClasses, CaseFactsAreOptionalAndCheckedAgainstTheCodeTables) {
  const core::Date today = *core::ParseDate("2026-12-07");
  CaseInput in = ValidCase();
  EXPECT_TRUE(ValidateCaseInput(in, today).ok());  // none given: 未填写
  in.channel = "online";
  in.trade = "import";
  in.goods_class = "25";
  EXPECT_TRUE(ValidateCaseInput(in, today).ok());
  in.channel = "线上";  // the label is not the code
  in.trade = "transit";
  in.goods_class = "35";
  core::Status st = ValidateCaseInput(in, today);
  ASSERT_FALSE(st.ok());
  std::map<std::string, std::string> fields;
  for (const auto& e : st.field_errors()) fields[e.field] = e.message;
  EXPECT_EQ(fields.size(), 3u);
  EXPECT_NE(fields["channel"].find("线上"), std::string::npos);
  EXPECT_NE(fields["trade"].find("进口"), std::string::npos);
  EXPECT_NE(fields["goods_class"].find("尼斯分类"), std::string::npos);
}

}  // namespace
}  // namespace ipe::app
