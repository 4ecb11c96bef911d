#include "core/money.h"

#include <gtest/gtest.h>

#include <limits>

namespace ipe::core {
namespace {

TEST(ParseYuan, AcceptsCommonForms) {
  EXPECT_EQ(ParseYuan("50000")->value, 5000000);
  EXPECT_EQ(ParseYuan("50000.00")->value, 5000000);
  EXPECT_EQ(ParseYuan("12.3")->value, 1230);
  EXPECT_EQ(ParseYuan("0.01")->value, 1);
  EXPECT_EQ(ParseYuan("1,234.56元")->value, 123456);
  EXPECT_EQ(ParseYuan("-5.5")->value, -550);
  EXPECT_EQ(ParseYuan("\xEF\xBC\x91\xEF\xBC\x92")->value, 1200);  // full-width "１２"
}

TEST(ParseYuan, RejectsFloatsTricksAndOverflow) {
  EXPECT_FALSE(ParseYuan("").has_value());
  EXPECT_FALSE(ParseYuan("1.234").has_value());
  EXPECT_FALSE(ParseYuan("1e5").has_value());
  EXPECT_FALSE(ParseYuan("12.").has_value());
  EXPECT_FALSE(ParseYuan(".5").has_value());
  EXPECT_FALSE(ParseYuan("abc").has_value());
  EXPECT_FALSE(ParseYuan("99999999999999999999").has_value());
  EXPECT_EQ(ParseYuan("1.234").error().code(), StatusCode::kInvalidArgument);
}

TEST(ParseYuan, EdgeCases) {
  EXPECT_EQ(ParseYuan("  12.30 ")->value, 1230);
  EXPECT_EQ(ParseYuan("0")->value, 0);
  EXPECT_EQ(ParseYuan("-0")->value, 0);
  EXPECT_EQ(ParseYuan("007")->value, 700);
  EXPECT_EQ(ParseYuan("1,000,000")->value, 100000000);
  EXPECT_EQ(ParseYuan("1.5元")->value, 150);
  EXPECT_EQ(ParseYuan("-5.5元")->value, -550);
  EXPECT_EQ(ParseYuan("\xEF\xBC\x91.\xEF\xBC\x95")->value, 150);  // "１.５"
  // The largest representable amount.
  EXPECT_EQ(ParseYuan("92233720368547758.07")->value, std::numeric_limits<int64_t>::max());
  for (const char* bad : {"-", "元", "+5", "5-", "1 000", ",100", "1.2.3", "1..2", "1.-2", "0x10",
                          "１２a", "12 元 元", "nan", "inf", "\xEF\xBC\x8E" "5"}) {
    auto r = ParseYuan(bad);
    EXPECT_FALSE(r.has_value()) << bad << " -> " << (r ? r->value : 0);
    if (!r) {
      EXPECT_EQ(r.error().code(), StatusCode::kInvalidArgument) << bad;
    }
  }
}

// Yuan up to INT64_MAX/100 plus cents must not overflow int64 (found by this test).
TEST(ParseYuan, RejectsCentsThatOverflow) {
  EXPECT_FALSE(ParseYuan("92233720368547758.08").has_value());
  EXPECT_FALSE(ParseYuan("92233720368547758.99").has_value());
  EXPECT_FALSE(ParseYuan("-92233720368547758.99").has_value());
}

TEST(FormatYuan, RoundTripsThroughParse) {
  for (int64_t v : {int64_t{0}, int64_t{1}, int64_t{-1}, int64_t{99}, int64_t{100}, int64_t{-100},
                    int64_t{123456789}, std::numeric_limits<int64_t>::max()}) {
    auto back = ParseYuan(FormatYuan(Fen(v)));
    ASSERT_TRUE(back.has_value()) << v;
    EXPECT_EQ(back->value, v);
  }
  EXPECT_EQ(FormatYuan(Fen(-1)), "-0.01");
  EXPECT_EQ(FormatYuan(Fen(-99)), "-0.99");
  EXPECT_EQ(FormatYuan(Fen(0)), "0.00");
}

TEST(FormatYuan, TwoDecimalsAlways) {
  EXPECT_EQ(FormatYuan(Fen(5000000)), "50000.00");
  EXPECT_EQ(FormatYuan(Fen(1)), "0.01");
  EXPECT_EQ(FormatYuan(Fen(-550)), "-5.50");
  EXPECT_EQ(FormatYuanZh(Fen(4999999)), "49999.99元");
  EXPECT_EQ(FormatYuan(Fen(std::numeric_limits<int64_t>::min())), "-92233720368547758.08");
}

TEST(Fen, ComparesAndAdds) {
  EXPECT_LT(Fen(4999999), Fen::FromYuan(50000));
  EXPECT_EQ(Fen(100) + Fen(50), Fen(150));
  EXPECT_EQ(Fen(100) * 3, Fen(300));
}

}  // namespace
}  // namespace ipe::core
