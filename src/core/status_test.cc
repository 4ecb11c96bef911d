#include "core/status.h"

#include <gtest/gtest.h>

namespace ipe::core {
namespace {

TEST(MessageIn, ChineseSessionDropsTheEnglishGloss) {
  EXPECT_EQ(MessageIn("案件不存在 (case not found)", false), "案件不存在");
  EXPECT_EQ(MessageIn("申请已处理，当前状态: 已受理 (accepted)", false), "申请已处理，当前状态: 已受理");
}

TEST(MessageIn, EnglishSessionGetsTheGloss) {
  EXPECT_EQ(MessageIn("案件不存在 (case not found)", true), "case not found");
  EXPECT_EQ(MessageIn("须由移送机关负责人审批 (agency head only)", true), "agency head only");
  // Nested parentheses stay inside the gloss.
  EXPECT_EQ(MessageIn("无权办理 (permission denied (scope))", true), "permission denied (scope)");
}

TEST(MessageIn, AValueAfterTheGlossBelongsToBothLanguages) {
  EXPECT_EQ(MessageIn("工作要点不存在或无权查看 (plan not found): 12", false), "工作要点不存在或无权查看: 12");
  EXPECT_EQ(MessageIn("工作要点不存在或无权查看 (plan not found): 12", true), "plan not found: 12");
}

TEST(MessageIn, MessagesWithoutAGlossAreKeptWhole) {
  EXPECT_EQ(MessageIn("请求过于频繁，请稍后再试", false), "请求过于频繁，请稍后再试");
  EXPECT_EQ(MessageIn("请求过于频繁，请稍后再试", true), "请求过于频繁，请稍后再试");
  // Chinese inside the parenthesis: a value, not a gloss.
  EXPECT_EQ(MessageIn("单位不存在 (上海市)", false), "单位不存在 (上海市)");
  // Full-width brackets mark a value that stays.
  EXPECT_EQ(MessageIn("缺少列: 案件编号（case_number）", false), "缺少列: 案件编号（case_number）");
  // An English-only message has nothing to split.
  EXPECT_EQ(MessageIn("migration 12 (cases) failed", false), "migration 12 (cases) failed");
  // The parenthesis must end the message and follow a space.
  EXPECT_EQ(MessageIn("金额(元)有误", false), "金额(元)有误");
  EXPECT_EQ(MessageIn("金额(yuan)", false), "金额(yuan)");
  EXPECT_EQ(MessageIn("", true), "");
  EXPECT_EQ(MessageIn(")", true), ")");
}

}  // namespace
}  // namespace ipe::core
