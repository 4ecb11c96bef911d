#include "core/ids.h"

#include <gtest/gtest.h>

namespace ipe::core {
namespace {

const Date kToday = *ParseDate("2026-11-28");

IdError UsccReason(std::string_view code) {
  auto r = ParseUscc(code);
  EXPECT_FALSE(r.ok) << code;
  return r.error.reason;
}

IdError RicReason(std::string_view code, Date today = kToday) {
  auto r = ParseResidentId(code, today);
  EXPECT_FALSE(r.ok) << code;
  return r.error.reason;
}

TEST(ParseUscc, AcceptsPublishedCodes) {
  // The three codes legal-rules.md §7.1 verified by hand.
  for (const char* code : {"91350100M000100Y43", "91310110666007217T", "91110000100006485K"}) {
    auto r = ParseUscc(code);
    ASSERT_TRUE(r.ok) << code << ": " << r.error.message;
    EXPECT_EQ(r->str(), code);
  }
}

TEST(ParseUscc, NormalisesWidthCaseAndSurroundingSpace) {
  for (const char* code : {" 91350100m000100y43 ", "\t91350100M000100Y43\r\n",
                           "\xEF\xBC\x99" "1350100M000100Y43",                // full-width 9
                           "91350100\xEF\xBD\x8D" "000100Y43",                // full-width m
                           "\xE3\x80\x80" "91350100M000100Y43\xE3\x80\x80"}) {  // ideographic spaces
    auto r = ParseUscc(code);
    ASSERT_TRUE(r.ok) << code << ": " << r.error.message;
    EXPECT_EQ(r->str(), "91350100M000100Y43");
  }
}

TEST(ParseUscc, ExposesItsParts) {
  auto r = ParseUscc("91350100M000100Y43");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->registration_authority(), '9');
  EXPECT_EQ(r->organisation_type(), '1');
  EXPECT_EQ(r->region_code(), "350100");
  EXPECT_EQ(r->organisation_code(), "M000100Y4");
}

TEST(ParseUscc, NamesEveryReason) {
  EXPECT_EQ(UsccReason(""), IdError::kLength);
  EXPECT_EQ(UsccReason("91350100M000100Y4"), IdError::kLength);
  EXPECT_EQ(UsccReason("91350100M000100Y433"), IdError::kLength);
  EXPECT_EQ(UsccReason("9135 0100M000100Y43"), IdError::kLength);  // inner spaces are kept
  for (char bad : {'I', 'O', 'Z', 'S', 'V', '-', '*'}) {
    std::string code = "91350100M000100Y43";
    code[15] = bad;
    EXPECT_EQ(UsccReason(code), IdError::kCharset) << code;
  }
  EXPECT_EQ(UsccReason("91350100M000100Y4号"), IdError::kCharset);  // 18 characters, one CJK
  EXPECT_EQ(UsccReason("91350100M000100Y44"), IdError::kCheckDigit);
  EXPECT_EQ(UsccReason("91350100M000101Y43"), IdError::kCheckDigit);
  // Outer check character right (computed for these 17), inner GB 11714 check wrong (4 expected).
  EXPECT_EQ(UsccReason("91350100M000100Y30"), IdError::kOrgCode);
}

TEST(ParseUscc, OptionsRelaxTheInnerCheckAndAllowKnownExceptions) {
  UsccParseOptions no_org;
  no_org.check_org_code = false;
  EXPECT_TRUE(ParseUscc("91350100M000100Y30", no_org).ok);
  EXPECT_EQ(ParseUscc("91350100M000100Y44", no_org).error.reason, IdError::kCheckDigit);

  UsccParseOptions exceptions;
  exceptions.known_exceptions = {"91350100M000100Y44"};
  EXPECT_TRUE(ParseUscc("91350100m000100y44", exceptions).ok);
  EXPECT_EQ(ParseUscc("91350100M000100Y45", exceptions).error.reason, IdError::kCheckDigit);
}

TEST(ParseUscc, ConvertsToStatus) {
  auto bad = ParseUscc("91350100M000100Y44");
  Status s = bad.status();
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  ASSERT_EQ(s.field_errors().size(), 1u);
  EXPECT_EQ(s.field_errors()[0].message, "check_digit");
  EXPECT_TRUE(ParseUscc("91350100M000100Y43").status().ok());
}

TEST(UsccCheckChar, MatchesTheStandardAndRejectsForeignCharacters) {
  EXPECT_EQ(UsccCheckChar("91350100M000100Y4"), '3');
  EXPECT_EQ(UsccCheckChar("91310110666007217"), 'T');
  EXPECT_EQ(UsccCheckChar("91350100M000100I4"), '\0');
  EXPECT_EQ(UsccCheckChar("9135"), '\0');
}

TEST(ParseResidentId, AcceptsValidNumbersAndReadsThem) {
  auto r = ParseResidentId("11010519491231002X", kToday);
  ASSERT_TRUE(r.ok) << r.error.message;
  EXPECT_EQ(r->birth_date().ToString(), "1949-12-31");
  EXPECT_EQ(r->sex(), Sex::kFemale);
  EXPECT_EQ(r->region_code(), "110105");
  EXPECT_FALSE(r->is_legacy_15());
  EXPECT_EQ(r->To18(), "11010519491231002X");

  auto old = ParseResidentId("440524188001010014", kToday);  // born 1880, male
  ASSERT_TRUE(old.ok) << old.error.message;
  EXPECT_EQ(old->sex(), Sex::kMale);
  EXPECT_EQ(old->birth_date().Year(), 1880);

  auto lower_x = ParseResidentId(" 11010519491231002x ", kToday);
  ASSERT_TRUE(lower_x.ok);
  EXPECT_EQ(lower_x->str(), "11010519491231002X");
}

TEST(ParseResidentId, AcceptsLegacyFifteenDigitNumbers) {
  auto legacy = ParseResidentId("110105491231002", kToday);
  ASSERT_TRUE(legacy.ok) << legacy.error.message;
  EXPECT_TRUE(legacy->is_legacy_15());
  EXPECT_EQ(legacy->birth_date().ToString(), "1949-12-31");
  EXPECT_EQ(legacy->sex(), Sex::kFemale);
  EXPECT_EQ(legacy->To18(), "11010519491231002X");
  EXPECT_EQ(RicReason("110105490230002"), IdError::kBirthDate);  // 1949-02-30
  EXPECT_EQ(RicReason("990105491231002"), IdError::kRegion);
}

TEST(ParseResidentId, BirthDateBoundaryIsToday) {
  // 2026-11-28 with a correct check character.
  std::string first17 = "11010520261128002";
  std::string born_today = first17 + ResidentIdCheckChar(first17);
  EXPECT_TRUE(ParseResidentId(born_today, kToday).ok);
  EXPECT_EQ(RicReason(born_today, kToday.AddDays(-1)), IdError::kBirthDate);
}

TEST(ParseResidentId, NamesEveryReason) {
  EXPECT_EQ(RicReason(""), IdError::kLength);
  EXPECT_EQ(RicReason("11010519491231002"), IdError::kLength);
  EXPECT_EQ(RicReason("11010519491231002XX"), IdError::kLength);
  EXPECT_EQ(RicReason("1101051949123100AX"), IdError::kCharset);
  EXPECT_EQ(RicReason("X1010519491231002X"), IdError::kCharset);
  EXPECT_EQ(RicReason("11010519491231002号"), IdError::kCharset);
  EXPECT_EQ(RicReason("11010549123100A"), IdError::kCharset);  // no X in 15-digit numbers
  EXPECT_EQ(RicReason("110105194912310021"), IdError::kCheckDigit);
  // The check character is right for these; the date or the province is not.
  EXPECT_EQ(RicReason("110105194902300020"), IdError::kBirthDate);  // 1949-02-30
  EXPECT_EQ(RicReason("110105203001010028"), IdError::kBirthDate);  // in the future
  EXPECT_EQ(RicReason("110105179912310024"), IdError::kBirthDate);  // before 1800
  EXPECT_EQ(RicReason("990105194912310023"), IdError::kRegion);
}

TEST(ParseResidentId, KnowsEveryProvinceIncludingTaiwanHongKongMacau) {
  for (const char* pp : {"11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34",
                         "35", "36", "37", "41", "42", "43", "44", "45", "46", "50", "51", "52",
                         "53", "54", "61", "62", "63", "64", "65", "71", "81", "82"}) {
    std::string first17 = std::string(pp) + "010519491231002";
    EXPECT_TRUE(ParseResidentId(first17 + ResidentIdCheckChar(first17), kToday).ok) << pp;
  }
  for (const char* pp : {"00", "10", "16", "24", "30", "47", "55", "66", "70", "83", "91"}) {
    std::string first17 = std::string(pp) + "010519491231002";
    EXPECT_EQ(RicReason(first17 + ResidentIdCheckChar(first17)), IdError::kRegion) << pp;
  }
}

// GB 32100 and MOD 11-2 detect every single-character substitution: check all of them on a few
// deterministic codes.
TEST(CheckCharacters, CatchEverySingleSubstitution) {
  const std::string uscc_alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  for (const char* valid : {"91350100M000100Y43", "91310110666007217T", "91110000100006485K"}) {
    for (size_t pos = 0; pos < 18; ++pos) {
      for (char c : uscc_alphabet) {
        std::string code = valid;
        if (code[pos] == c) continue;
        code[pos] = c;
        EXPECT_EQ(UsccReason(code), IdError::kCheckDigit) << code;
      }
    }
  }
  for (const char* valid : {"11010519491231002X", "440524188001010014"}) {
    for (size_t pos = 0; pos < 18; ++pos) {
      for (char c : std::string("0123456789X")) {
        std::string code = valid;
        if (code[pos] == c || (c == 'X' && pos != 17)) continue;
        code[pos] = c;
        EXPECT_EQ(RicReason(code), IdError::kCheckDigit) << code;
      }
    }
  }
}

TEST(IdErrorName, IsStable) {
  EXPECT_STREQ(IdErrorName(IdError::kLength), "length");
  EXPECT_STREQ(IdErrorName(IdError::kCharset), "charset");
  EXPECT_STREQ(IdErrorName(IdError::kCheckDigit), "check_digit");
  EXPECT_STREQ(IdErrorName(IdError::kOrgCode), "org_code");
  EXPECT_STREQ(IdErrorName(IdError::kBirthDate), "birth_date");
  EXPECT_STREQ(IdErrorName(IdError::kRegion), "region");
}

}  // namespace
}  // namespace ipe::core
