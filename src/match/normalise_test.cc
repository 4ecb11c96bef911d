#include "match/normalise.h"

#include <gtest/gtest.h>

#include <string>

namespace ipe::match {
namespace {

std::string Norm(std::string_view s) { return Normaliser::Default().NormaliseText(s); }

// The original bytes behind normalised bytes [b,e).
std::string Back(std::string_view title, const NormalisedText& n, size_t b, size_t e) {
  auto [sb, se] = n.SourceSpan(b, e);
  return std::string(title.substr(sb, se - sb));
}

TEST(Normalise, FullWidthCaseAndCompatibility) {
  EXPECT_EQ(Norm("ＮＩＫＥ"), "nike");
  EXPECT_EQ(Norm("Ｎｉｋｅ"), "nike");
  EXPECT_EQ(Norm("ᴺᴵᴷᴱ"), "nike");
  EXPECT_EQ(Norm("𝐍𝐈𝐊𝐄"), "nike");  // astral: ICU slow path
  EXPECT_EQ(Norm("LANCÔME"), "iancome");  // diacritics dropped; l folds to i
}

TEST(Normalise, TraditionalToSimplified) {
  EXPECT_EQ(Norm("蘋果手機"), "苹果手机");
  EXPECT_EQ(Norm("華為 運動鞋"), "华为运动鞋");
  EXPECT_GT(Normaliser::Default().t2s_size(), 4000u);
}

TEST(Normalise, SeparatorsAndZeroWidthRemoved) {
  for (const char* s : {"N I K E", "N.I.K.E", "N-I-K-E", "N\u200bIKE", "N*I*K*E", "N·I·K·E",
                        "N★I★K★E", "N\u3000I\u3000K\u3000E", "N丨I丨K丨E"}) {
    EXPECT_EQ(Norm(s), "nike") << s;
  }
  EXPECT_EQ(Norm("1:1 1：1"), "1:11:1");  // ':' spells 1:1 and stays
}

TEST(Normalise, LookalikeLetters) {
  EXPECT_EQ(Norm("NlKE"), "nike");
  EXPECT_EQ(Norm("NІKE"), "nike");  // Cyrillic І
  EXPECT_EQ(Norm("N1KE"), "n1ke");  // digits stay; patterns are expanded instead
}

TEST(Normalise, SpansPointAtOriginalBytes) {
  const std::string title = "高仿 Ｎ.Ｉ.Ｋ.Ｅ 蘋果";
  NormalisedText n;
  Normaliser::Default().Normalise(title, &n);
  ASSERT_EQ(n.text(), "高仿nike苹果");
  EXPECT_EQ(Back(title, n, 0, 6), "高仿");
  EXPECT_EQ(Back(title, n, 6, 10), "Ｎ.Ｉ.Ｋ.Ｅ");
  EXPECT_EQ(Back(title, n, 10, 16), "蘋果");
  EXPECT_TRUE(n.BoundaryAt(6));
  EXPECT_TRUE(n.BoundaryAt(10));
  EXPECT_TRUE(n.BoundaryAt(7));  // a dropped '.' lies between n and i
}

TEST(Normalise, SlowPathSpansCoverComposedText) {
  const std::string title = "x Nike\u0301 y";  // combining acute: ICU path
  NormalisedText n;
  Normaliser::Default().Normalise(title, &n);
  std::string_view t = n.text();
  size_t at = t.find("nik");
  ASSERT_NE(at, std::string_view::npos);
  auto [b, e] = n.SourceSpan(at, at + 3);
  EXPECT_EQ(title.substr(b, e - b), "Nik");
}

TEST(Normalise, IllFormedUtf8NeverBreaks) {
  const std::string bad = "ab\xff\xfe\xc3 N\xe2\x80 IKE \xf0\x9f";
  NormalisedText n;
  Normaliser::Default().Normalise(bad, &n);
  for (size_t i = 0; i < n.size(); ++i) {
    auto [b, e] = n.SourceSpan(i, i + 1);
    EXPECT_LT(b, e);
    EXPECT_LE(e, bad.size());
  }
}

// A compatibility character can expand to many bytes (U+FDFA, one ligature, to 15 Arabic
// letters). The output buffer holds room for two bytes per input byte; an expansion early in a
// title must not use up the room the characters after it need.
TEST(Normalise, ExpansionsLeaveRoomForTheRestOfTheTitle) {
  const std::string ligature = "\uFDFA";
  const std::string expanded = Norm(ligature);
  ASSERT_GT(expanded.size(), 2 * ligature.size() + 16);
  for (size_t tail = 0; tail <= 64; ++tail) {
    const std::string title = ligature + std::string(tail, 'x');
    NormalisedText n;
    Normaliser::Default().Normalise(title, &n);
    EXPECT_EQ(n.text(), expanded + std::string(tail, 'x')) << tail;
    for (size_t i = expanded.size(); i < n.size(); ++i) {
      auto [b, e] = n.SourceSpan(i, i + 1);
      EXPECT_EQ(b, ligature.size() + i - expanded.size());
      EXPECT_EQ(e, b + 1);
    }
  }
}

TEST(Utf16Offset, CountsLikeJavaScript) {
  const std::string s = "a耐😀b";  // 1 + 3 + 4 + 1 bytes; UTF-16: 1 + 1 + 2 + 1
  EXPECT_EQ(Utf16Offset(s, 0), 0u);
  EXPECT_EQ(Utf16Offset(s, 1), 1u);
  EXPECT_EQ(Utf16Offset(s, 4), 2u);
  EXPECT_EQ(Utf16Offset(s, 8), 4u);
  EXPECT_EQ(Utf16Offset(s, 9), 5u);
}

}  // namespace
}  // namespace ipe::match
