#include "core/strings.h"

#include <gtest/gtest.h>

namespace ipe::core {
namespace {

TEST(Strings, TrimAsciiSpaceKeepsInnerSpaceAndOtherScripts) {
  EXPECT_EQ(TrimAsciiSpace(" \t\r\n a b \f\v"), "a b");
  EXPECT_EQ(TrimAsciiSpace("   "), "");
  EXPECT_EQ(TrimAsciiSpace(""), "");
  EXPECT_EQ(TrimAsciiSpace("　上海　"), "　上海　");  // U+3000 is not ASCII space
}

TEST(Strings, TrimSpaceAlsoDropsIdeographicSpaceMixedWithAscii) {
  EXPECT_EQ(TrimSpace("　 上海 市　\t"), "上海 市");
  EXPECT_EQ(TrimSpace(" 　 　 "), "");
  EXPECT_EQ(TrimSpace("沪"), "沪");
  EXPECT_EQ(TrimSpace("\xE3\x80"), "\xE3\x80");  // a truncated U+3000 is not trimmed
}

TEST(Strings, SplitKeepsEmptyPiecesAndJoinInvertsIt) {
  EXPECT_TRUE(Split("", '|').empty());
  EXPECT_EQ(Split("a", '|'), (std::vector<std::string>{"a"}));
  EXPECT_EQ(Split("a||b|", '|'), (std::vector<std::string>{"a", "", "b", ""}));
  EXPECT_EQ(Split("名称\t代码\t", '\t'), (std::vector<std::string>{"名称", "代码", ""}));
  for (std::string s : {"a", "a||b|", "|", "铁拳2024|昆仑2024"}) EXPECT_EQ(Join(Split(s, '|'), '|'), s);
  EXPECT_EQ(Join({}, '|'), "");
}

}  // namespace
}  // namespace ipe::core
