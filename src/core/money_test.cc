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
