#include "core/sections.h"

#include <gtest/gtest.h>

namespace ipe::core {
namespace {

TEST(SectionsTest, SplitsHeaderAndSectionsWithLines) {
  auto f = ParseSections("x.rules", "# comment\npack = p\n\n[grade D]\ntitle = 高\nwhen = listed\n[grade A]\ntitle=低\n");
  ASSERT_TRUE(f.has_value()) << f.error().ToString();
  ASSERT_EQ(f->header.entries.size(), 1u);
  EXPECT_EQ(f->header.entries[0].value, "p");
  ASSERT_EQ(f->sections.size(), 2u);
  EXPECT_EQ(f->sections[0].kind, "grade");
  EXPECT_EQ(f->sections[0].key, "D");
  EXPECT_EQ(f->sections[0].line, 4);
  ASSERT_NE(f->sections[0].Find("when"), nullptr);
  EXPECT_EQ(f->sections[0].Find("when")->line, 6);
  EXPECT_EQ(f->sections[1].Find("title")->value, "低");
  EXPECT_EQ(f->sections[1].Find("when"), nullptr);
}

TEST(SectionsTest, NamesTheLineOfEachSyntaxError) {
  EXPECT_EQ(ParseSections("a", "pack = p\n[grade D\n").error().message(), "a:2: syntax: unbalanced [section]");
  EXPECT_EQ(ParseSections("a", "[grade]\n").error().message(), "a:1: syntax: [kind key]");
  EXPECT_EQ(ParseSections("a", "[grade D]\nno equals here\n").error().message(), "a:2: syntax: key = value");
  EXPECT_EQ(ParseSections("a", "[grade D]\ntitle = x\ntitle = y\n").error().message(),
            "a:3: duplicate_key: title");
  // The same key in two sections is fine.
  EXPECT_TRUE(ParseSections("a", "[g A]\ntitle = x\n[g B]\ntitle = y\n").has_value());
}

}  // namespace
}  // namespace ipe::core
