#include "core/search_terms.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/utf8.h"

namespace ipe::core {
namespace {

using ::testing::ElementsAre;

std::vector<std::string> Texts(const std::vector<QueryTerm>& terms) {
  std::vector<std::string> out;
  for (const auto& t : terms) out.push_back(t.text + (t.prefix ? "*" : ""));
  return out;
}

TEST(Utf8Test, DecodesAndEncodesEveryLength) {
  std::string s = "a\xC3\xA9\xE5\xA5\xB6\xF0\x9F\x98\x80";  // a é 奶 😀
  size_t pos = 0;
  std::vector<char32_t> cps;
  while (pos < s.size()) cps.push_back(DecodeUtf8(s, &pos));
  EXPECT_EQ(cps, (std::vector<char32_t>{U'a', 0xE9, 0x5976, 0x1F600}));
  std::string back;
  for (char32_t c : cps) AppendUtf8(c, &back);
  EXPECT_EQ(back, s);
}

TEST(Utf8Test, IllFormedBytesAreRejectedAndDecodeToReplacement) {
  EXPECT_TRUE(IsValidUtf8("奶粉 abc"));
  EXPECT_TRUE(IsValidUtf8("\xEF\xBF\xBD"));          // a real U+FFFD
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));             // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));         // surrogate
  EXPECT_FALSE(IsValidUtf8("\xE5\xA5"));             // truncated
  size_t pos = 0;
  EXPECT_EQ(DecodeUtf8("\xFF" "a", &pos), char32_t{0xFFFD});
  EXPECT_EQ(pos, 1u);
}

TEST(SearchTermsTest, ChineseRunsGiveCharactersAndPairs) {
  EXPECT_THAT(IndexTerms("奶粉罐"), ElementsAre("奶", "奶粉", "粉", "粉罐", "罐"));
}

TEST(SearchTermsTest, AsciiRunsAreWordsAndPunctuationSeparates) {
  // 〔 〕 and the full-width comma separate; full-width digits fold to ASCII; case folds.
  EXPECT_THAT(IndexTerms("SH-２０２４〔7〕号，鞋"),
              ElementsAre("2024", "7", "sh", "号", "鞋"));
}

TEST(SearchTermsTest, MixedRunsSplitAtTheScriptBoundary) {
  EXPECT_THAT(IndexTerms("铁拳2025"), ElementsAre("2025", "拳", "铁", "铁拳"));
}

TEST(SearchTermsTest, IdeographicZeroIsALetter) {
  EXPECT_THAT(IndexTerms("二〇"), ElementsAre("〇", "二", "二〇"));
}

TEST(SearchTermsTest, QueryTermsByRunKind) {
  EXPECT_THAT(Texts(SearchQueryTerms("鞋")), ElementsAre("鞋"));
  EXPECT_THAT(Texts(SearchQueryTerms("奶粉")), ElementsAre("奶粉"));
  EXPECT_THAT(Texts(SearchQueryTerms("婴幼儿奶粉")), ElementsAre("婴幼", "幼儿", "儿奶", "奶粉"));
  EXPECT_THAT(Texts(SearchQueryTerms("91310110666007217T")), ElementsAre("91310110666007217t*"));
  // Weak terms ("1"*, which expands to every number starting with 1, and 号) are dropped when
  // strong ones narrow enough; the longest ASCII word leads.
  EXPECT_THAT(Texts(SearchQueryTerms("沪市监案〔2025〕1号")),
              ElementsAre("2025*", "沪市", "市监", "监案"));
  EXPECT_THAT(Texts(SearchQueryTerms("1号")), ElementsAre("1*", "号"));
  EXPECT_THAT(Texts(SearchQueryTerms("案 sh2024-0017")), ElementsAre("sh2024*", "0017*"));
  EXPECT_TRUE(SearchQueryTerms("〔 ，").empty());
}

TEST(SearchTermsTest, EveryQueryTermOfASubstringIsAnIndexTermOrAPrefixOfOne) {
  // The property the index relies on: whatever Chinese substring or ASCII word start is searched,
  // each of its terms is in the text's index terms.
  std::string text = "上海某贸易有限公司销售假冒注册商标的奶粉案 SH2024-0017 91310110666007217T";
  auto index = IndexTerms(text);
  for (std::string q : {"奶粉", "注册商标", "贸", "sh2024", "0017", "913101", "假冒注册"}) {
    for (const QueryTerm& t : SearchQueryTerms(q)) {
      bool found = std::any_of(index.begin(), index.end(), [&](const std::string& i) {
        return t.prefix ? i.rfind(t.text, 0) == 0 : i == t.text;
      });
      EXPECT_TRUE(found) << q << " → " << t.text;
    }
  }
}

TEST(SearchTermsTest, LongQueriesKeepAtMostMaxTermsIncludingFirstAndLast) {
  auto terms = SearchQueryTerms("一二三四五六七八九十甲乙丙丁", 4);
  EXPECT_THAT(Texts(terms), ElementsAre("一二", "五六", "九十", "丙丁"));
}

TEST(SearchTermsTest, FoldKeepsChineseAndLowersAscii) {
  EXPECT_EQ(FoldForSearch("ＡＢｃ奶粉 X"), "abc奶粉 x");
}

}  // namespace
}  // namespace ipe::core
