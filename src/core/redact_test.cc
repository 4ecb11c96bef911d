#include "core/redact.h"

#include <gtest/gtest.h>

#include <regex>
#include <string>
#include <vector>

#include "core/region.h"

namespace ipe::core {
namespace {

std::string Redacted(std::string_view text, RedactionOptions options = {}) {
  return RedactPersonalData(text, Regions(), options).text;
}

// The masking test set of issue 15: each line is written as officers write facts; the expected
// text is what the public may read.
struct Case {
  const char* in;
  const char* out;
};

TEST(Redact, ResidentIdsAreMaskedIn15And18CharacterForms) {
  const Case cases[] = {
      {"身份证号110105194912310021。", "身份证号110105********0021。"},
      {"公民身份号码：11010519491231002X，", "公民身份号码：110105********002X，"},
      {"证件号 11010519491231002x", "证件号 110105********002X"},  // the standard's X
      {"旧证 110105491231002", "旧证 110105******002"},  // 15 digits, born 1949-12-31
      {"身份证号１１０１０５１９４９１２３１００２１", "身份证号110105********0021"},  // full-width
      {"号码440305200002290012有误", "号码440305********0012有误"},  // 2000-02-29: a leap day
  };
  for (const Case& c : cases) EXPECT_EQ(Redacted(c.in), c.out) << c.in;
}

TEST(Redact, PhonesInTheUsualWritingsAreRemoved) {
  const Case cases[] = {
      {"电话13800138000", "电话***"},
      {"手机：138-0013-8000；", "手机：***；"},
      {"手机 138 0013 8000 联系", "手机 *** 联系"},
      {"+86 138 0013 8000", "***"},
      {"+86-13800138000", "***"},
      {"008613800138000", "***"},
      {"座机021-62345678", "座机***"},
      {"电话（021）6234 5678转", "电话***转"},
      {"(0755)88888888", "***"},
      {"0755 8888 8888", "***"},
      {"010-62345678-801", "***"},
      {"电话１３８００１３８０００", "电话***"},
      {"罚款5000 13800138000", "罚款5000 ***"},  // an amount before the number stays
  };
  for (const Case& c : cases) EXPECT_EQ(Redacted(c.in), c.out) << c.in;
}

TEST(Redact, BankCardsAndAccountsAreRemoved) {
  const Case cases[] = {
      {"银行卡6222 0212 3456 7890 128收款", "银行卡***收款"},  // Luhn-valid 19 digits
      {"卡号4111111111111111", "卡号***"},
      {"转入账户：1001 2345 6789 0123", "转入账户：***"},  // labelled: no Luhn needed
      {"开户行账号31050161393600000123", "开户行账号***"},
  };
  for (const Case& c : cases) EXPECT_EQ(Redacted(c.in), c.out) << c.in;
}

TEST(Redact, AddressesKeepTheCountyAndHideTheHouse) {
  const Case cases[] = {
      {"当事人住上海市浦东新区张江路88弄3号601室。", "当事人住上海市浦东新区****。"},
      {"住所地：广东省深圳市南山区科技园南区1栋", "住所地：广东省深圳市南山区****"},
      {"在深圳市福田区华强北路1002号经营", "在深圳市福田区****经营"},
      {"家住幸福村三组12号", "家住****"},  // no region written: all of it
      {"仓库位于某工业园B座5楼，", "仓库位于****，"},
  };
  for (const Case& c : cases) EXPECT_EQ(Redacted(c.in), c.out) << c.in;
}

TEST(Redact, OtherPersonsNamesBecomeSurnameAndMou) {
  RedactionOptions o;
  o.other_persons = {"李四", "欧阳修文", "王"};
  EXPECT_EQ(Redacted("当事人张三伙同李四、欧阳修文销售，李四负责发货。", o),
            "当事人张三伙同李某、欧阳某销售，李某负责发货。");
}

TEST(Redact, WhatIsNotPersonalStays) {
  const char* kept[] = {
      "沪市监案〔2025〕1001号",          // a case number
      "非法经营数额 123456.78 元",       // an amount
      "2024-03-01 至 2024-06-30",        // dates
      "统一社会信用代码 91310110666007217T",  // an enterprise's code is public
      "服务热线 400-820-8820",           // a service number
      "销售运动鞋 1200 双，货值 360000 元",
      "第十二条",
  };
  for (const char* text : kept) {
    RedactedText r = RedactPersonalData(text, Regions());
    EXPECT_EQ(r.text, text);
    EXPECT_TRUE(r.redactions.empty()) << text;
  }
}

TEST(Redact, RedactionsNameWhatWasHiddenWithInputOffsets) {
  std::string text = "张三，身份证号110105194912310021，电话13800138000，住上海市浦东新区张江路88弄";
  RedactedText r = RedactPersonalData(text, Regions());
  ASSERT_EQ(r.redactions.size(), 3u);
  EXPECT_EQ(r.redactions[0].kind, RedactionKind::kResidentId);
  EXPECT_EQ(text.substr(r.redactions[0].begin, r.redactions[0].end - r.redactions[0].begin),
            "110105194912310021");
  EXPECT_EQ(r.redactions[1].kind, RedactionKind::kPhone);
  EXPECT_EQ(r.redactions[2].kind, RedactionKind::kAddress);
  EXPECT_STREQ(RedactionKindName(r.redactions[2].kind), "address");
  EXPECT_EQ(r.text, "张三，身份证号110105********0021，电话***，住上海市浦东新区****");
}

// Nothing that looks like an ID number or a mobile number survives, whatever surrounds it.
TEST(Redact, NothingLeaksFromAMixedText) {
  const std::string ids[] = {"110105194912310021", "11010519491231002X", "110105491231002"};
  const std::string phones[] = {"13800138000", "138-0013-8000", "+86 13912345678", "021-62345678"};
  const std::string around[] = {"", "，", "：", " ", "号码", "（", "）"};
  const std::regex leak(R"((^|[^0-9])(1[3-9][0-9]{9}|[1-8][0-9]{16}[0-9Xx]|[0-9]{8}(19|20)[0-9]{2}))");
  for (const auto& before : around) {
    for (const auto& after : around) {
      for (const auto& id : ids) {
        std::string out = Redacted("当事人" + before + id + after + "销售");
        EXPECT_EQ(out.find(id.substr(6, 6)), std::string::npos) << out;
      }
      for (const auto& phone : phones) {
        std::string out = Redacted("联系" + before + phone + after + "发货");
        EXPECT_FALSE(std::regex_search(out, leak)) << out;
        EXPECT_EQ(out.find("0013"), std::string::npos) << out;
        EXPECT_EQ(out.find("6234"), std::string::npos) << out;
      }
    }
  }
}

TEST(Redact, IllFormedUtf8AndEmptyTextAreTotal) {
  EXPECT_EQ(Redacted(""), "");
  std::string bad = "电话\xFF" "13800138000\xC3";
  std::string out = Redacted(bad);
  EXPECT_EQ(out.find("13800138000"), std::string::npos);
}

}  // namespace
}  // namespace ipe::core
