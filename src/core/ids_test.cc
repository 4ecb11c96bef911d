#include "core/ids.h"

#include <gtest/gtest.h>

namespace ipe::core {
namespace {

const Date kToday = *ParseDate("2026-11-28");

TEST(ParseUscc, AcceptsKnownCodesInAnyWidthOrCase) {
  for (const char* code : {"91350100M000100Y43", "91310110666007217T", "91110000100006485K",
                           " 91350100m000100y43 ",
                           "\xEF\xBC\x99" "1350100M000100Y43"}) {  // full-width 9
    auto r = ParseUscc(code);
    EXPECT_TRUE(r.ok) << code << ": " << r.error.message;
  }
  EXPECT_EQ(ParseUscc("91350100M000100Y43").value.region_code(), "350100");
}

TEST(ParseUscc, NamesTheReason) {
  EXPECT_EQ(ParseUscc("91350100M000100Y4").error.reason, IdError::kLength);
  EXPECT_EQ(ParseUscc("91350100M000100I43").error.reason, IdError::kCharset);
  EXPECT_EQ(ParseUscc("91350100M000100Y44").error.reason, IdError::kCheckDigit);
  // Valid outer check character but a broken inner organisation code.
  EXPECT_EQ(ParseUscc("913501001000100Y4Y").error.reason, IdError::kCheckDigit);
}

TEST(ParseResidentId, AcceptsValidNumbers) {
  auto r = ParseResidentId("11010519491231002X", kToday);
  ASSERT_TRUE(r.ok) << r.error.message;
  EXPECT_EQ(r.value.birth_date().ToString(), "1949-12-31");
  EXPECT_FALSE(r.value.is_male());
  EXPECT_TRUE(ParseResidentId("440524188001010014", kToday).ok);
  EXPECT_TRUE(ParseResidentId("11010519491231002x", kToday).ok);
  auto legacy = ParseResidentId("110105491231002", kToday);
  ASSERT_TRUE(legacy.ok);
  EXPECT_TRUE(legacy.value.is_legacy_15());
}

TEST(ParseResidentId, NamesTheReason) {
  EXPECT_EQ(ParseResidentId("11010519491231002", kToday).error.reason, IdError::kLength);
  EXPECT_EQ(ParseResidentId("1101051949123100AX", kToday).error.reason, IdError::kCharset);
  EXPECT_EQ(ParseResidentId("110105194912310021", kToday).error.reason, IdError::kCheckDigit);
  EXPECT_EQ(ParseResidentId("110105194902300023", kToday).error.reason, IdError::kBirthDate);
  EXPECT_EQ(ParseResidentId("110105203001010020", kToday).error.reason, IdError::kBirthDate);
  EXPECT_EQ(ParseResidentId("990105194912310026", kToday).error.reason, IdError::kRegion);
}

TEST(Masking, HidesWhatThePublicMustNotSee) {
  EXPECT_EQ(MaskResidentId("11010519491231002X"), "110105********002X");
  EXPECT_EQ(MaskPhone("+86 138 0013 8000"), "138****8000");
  EXPECT_EQ(MaskPhone("13800138000"), "138****8000");
  EXPECT_EQ(MaskPhone("021-61234567"), "021******67");
  EXPECT_EQ(MaskPersonName("张三"), "张*");
  EXPECT_EQ(MaskPersonName("欧阳修文"), "欧***");
}

}  // namespace
}  // namespace ipe::core
