#include "link/normalise.h"

#include <gtest/gtest.h>

#include <string>

namespace ipe::link {
namespace {

using core::StatusCode;

std::string Ok(const core::Result<std::string>& r) {
  EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message());
  return r ? *r : "<error>";
}

StatusCode Code(const core::Result<std::string>& r) {
  return r ? StatusCode::kOk : r.error().code();
}

TEST(NormalisePhone, EveryWritingOfAMobileIsOneKey) {
  for (const char* raw :
       {"13800138001", "+86 138 0013 8001", "+8613800138001", "0086 138 0013 8001",
        "008613800138001", "86-13800138001", "8613800138001", "(+86)13800138001",
        "(+86) 138-0013-8001", "138-0013-8001", "138 0013 8001", "  13800138001\t",
        "１３８００１３８００１", "＋８６　１３８　００１３　８００１", "138－0013－8001",
        "+86(138)00138001", "tel:+86-138-0013-8001"}) {
    EXPECT_EQ(Ok(NormalisePhone(raw)), "+8613800138001") << raw;
  }
}

TEST(NormalisePhone, LandlinesWithAreaCodes) {
  EXPECT_EQ(Ok(NormalisePhone("010-62345678")), "+861062345678");
  EXPECT_EQ(Ok(NormalisePhone("(010) 6234 5678")), "+861062345678");
  EXPECT_EQ(Ok(NormalisePhone("+86 10 6234 5678")), "+861062345678");
  EXPECT_EQ(Ok(NormalisePhone("0755-82345678")), "+8675582345678");
  EXPECT_EQ(Ok(NormalisePhone("0086-755-82345678")), "+8675582345678");
  EXPECT_EQ(Ok(NormalisePhone("400-812-3123")), "+864008123123");
}

TEST(NormalisePhone, ForeignNumbersKeepTheirCountryCode) {
  EXPECT_EQ(Ok(NormalisePhone("+1 650-253-0000")), "+16502530000");
  EXPECT_EQ(Ok(NormalisePhone("+852 2123 4567")), "+85221234567");
}

TEST(NormalisePhone, FastPathAgreesWithLibphonenumber) {
  // Same number, one writing taking the fast path and one forcing the library ("tel:").
  for (int prefix = 130; prefix <= 199; ++prefix) {
    std::string national = std::to_string(prefix) + "12345678";
    auto fast = NormalisePhone(national);
    auto slow = NormalisePhone("tel:" + national);
    ASSERT_TRUE(fast.has_value()) << national;
    ASSERT_TRUE(slow.has_value()) << national;
    EXPECT_EQ(*fast, *slow) << national;
  }
}

TEST(NormalisePhone, LandlineFastPathAgreesWithLibphonenumber) {
  // Area codes of every length, local numbers of 7 and 8 digits, service numbers; each written
  // with and without prefixes, against the full parser (forced by "tel:").
  for (const char* national :
       {"1062345678", "2161234567", "2087654321", "75582345678", "57188158090", "3115123456",
        "8981234567", "4008208820", "8008101234", "99912345678", "1012345", "7551234"}) {
    for (const std::string& written :
         {std::string("0") + national, "+86 " + std::string(national),
          "0086-" + std::string(national), "(0" + std::string(national).substr(0, 2) + ")" +
          std::string(national).substr(2)}) {
      auto fast = NormalisePhone(written);
      auto slow = NormalisePhone("tel:" + written);
      ASSERT_EQ(fast.has_value(), slow.has_value()) << written;
      if (fast) {
        EXPECT_EQ(*fast, *slow) << written;
      }
    }
  }
}

TEST(NormalisePhone, RejectsNonNumbers) {
  EXPECT_EQ(Code(NormalisePhone("")), StatusCode::kInvalidArgument);
  EXPECT_EQ(Code(NormalisePhone("   ")), StatusCode::kInvalidArgument);
  EXPECT_EQ(Code(NormalisePhone("无")), StatusCode::kInvalidArgument);
  EXPECT_EQ(Code(NormalisePhone("12345")), StatusCode::kInvalidArgument);
  EXPECT_EQ(Code(NormalisePhone("abc")), StatusCode::kInvalidArgument);
  EXPECT_EQ(Code(NormalisePhone("1380013800")), StatusCode::kInvalidArgument);  // 10 digits
}

TEST(NormaliseUscc, UpperCaseWithoutSpacesAndCheckedCharacter) {
  const std::string code = "91350100M000100Y43";
  EXPECT_EQ(Ok(NormaliseUscc(code)), code);
  EXPECT_EQ(Ok(NormaliseUscc("91350100m000100y43")), code);
  EXPECT_EQ(Ok(NormaliseUscc("9135 0100-M000 100Y 43")), code);
  EXPECT_EQ(Ok(NormaliseUscc("９１３５０１００Ｍ０００１００Ｙ４３")), code);
  // A wrong check character, a forbidden letter (I, O, S, V, Z) and a short code are rejected.
  EXPECT_EQ(Code(NormaliseUscc("91350100M000100Y44")), StatusCode::kInvalidArgument);
  EXPECT_EQ(Code(NormaliseUscc("91350100M0O0100Y43")), StatusCode::kInvalidArgument);
  EXPECT_EQ(Code(NormaliseUscc(code.substr(0, 17))), StatusCode::kInvalidArgument);
  EXPECT_EQ(Code(NormaliseUscc("")), StatusCode::kInvalidArgument);
}

TEST(NormaliseUscc, KnownValidCode) {
  // The check character of a published code (GB 32100-2015 example shape).
  EXPECT_EQ(UsccCheckChar("91350100M000100Y4"), '3');
  EXPECT_EQ(Ok(NormaliseUscc("91350100M000100Y43")), "91350100M000100Y43");
}

TEST(NormaliseIdNumber, CheckDigitAndFifteenDigitUpgrade) {
  EXPECT_EQ(IdNumberCheckChar("11010519491231002"), 'X');
  EXPECT_EQ(Ok(NormaliseIdNumber("11010519491231002x")), "11010519491231002X");
  EXPECT_EQ(Ok(NormaliseIdNumber("110105 19491231 002X")), "11010519491231002X");
  // 110105491231002 is the first-generation form of the same person.
  EXPECT_EQ(Ok(NormaliseIdNumber("110105491231002")), "11010519491231002X");
  EXPECT_EQ(Code(NormaliseIdNumber("110105194912310021")), StatusCode::kInvalidArgument);
  EXPECT_EQ(Code(NormaliseIdNumber("11010519491331002X")), StatusCode::kInvalidArgument);
  EXPECT_EQ(Code(NormaliseIdNumber("abc")), StatusCode::kInvalidArgument);
}

class DomainTest : public ::testing::Test {
 protected:
  DomainRules rules_ = DomainRules::Builtin();
};

TEST_F(DomainTest, UrlToRegistrableDomain) {
  KeyType type = KeyType::kPhone;
  EXPECT_EQ(Ok(NormaliseUrl("https://m.shop.com.cn/x", rules_, &type)), "shop.com.cn");
  EXPECT_EQ(type, KeyType::kDomain);
  EXPECT_EQ(Ok(NormaliseUrl("HTTP://WWW.Shop.COM.CN:8080/a?b#c", rules_, &type)), "shop.com.cn");
  EXPECT_EQ(Ok(NormaliseUrl("shop.com.cn/item/1", rules_, &type)), "shop.com.cn");
  EXPECT_EQ(Ok(NormaliseUrl("https://user:pw@a.b.example.co.uk/", rules_, &type)),
            "example.co.uk");
  EXPECT_EQ(Ok(NormaliseUrl("https://www.例子.中国/商品", rules_, &type)), "例子.中国");
  EXPECT_EQ(Ok(NormaliseUrl("https://www.xn--fsqu00a.xn--fiqs8s/", rules_, &type)), "例子.中国");
  EXPECT_EQ(Ok(NormaliseUrl("ｈｔｔｐｓ：／／ｍ．ｓｈｏｐ．ｃｏｍ．ｃｎ", rules_, &type)), "shop.com.cn");
  EXPECT_EQ(Ok(NormaliseUrl("https://foo.github.io/x", rules_, &type)), "foo.github.io");
}

TEST_F(DomainTest, UrlWithIpHostIsAnIpKey) {
  KeyType type = KeyType::kDomain;
  EXPECT_EQ(Ok(NormaliseUrl("http://203.0.113.9:8080/shop", rules_, &type)), "203.0.113.9");
  EXPECT_EQ(type, KeyType::kIp);
  EXPECT_EQ(Ok(NormaliseUrl("http://[2001:DB8::1]/", rules_, &type)), "2001:db8::1");
}

TEST_F(DomainTest, DomainsLikeUrls) {
  EXPECT_EQ(Ok(NormaliseDomain("M.Shop.com.cn.", rules_)), "shop.com.cn");
  EXPECT_EQ(Ok(NormaliseDomain("例子。中国", rules_)), "例子.中国");
  EXPECT_EQ(Code(NormaliseDomain("com.cn", rules_)), StatusCode::kInvalidArgument);
  EXPECT_EQ(Code(NormaliseDomain("localhost", rules_)), StatusCode::kInvalidArgument);
  EXPECT_EQ(Code(NormaliseDomain("a..b.com", rules_)), StatusCode::kInvalidArgument);
  EXPECT_EQ(Code(NormaliseDomain("1.2.3.4", rules_)), StatusCode::kInvalidArgument);
  // Unknown or numeric TLDs (fuzzer finding: "9Q.81.1." keyed as "81.1", an IP-like domain).
  EXPECT_EQ(Code(NormaliseDomain("shop.con", rules_)), StatusCode::kInvalidArgument);
  EXPECT_EQ(Code(NormaliseDomain("9Q.81.1.", rules_)), StatusCode::kInvalidArgument);
  // Control bytes and NUL in a host (fuzzer finding).
  EXPECT_EQ(Code(NormaliseDomain(std::string("www.\x01\0\0\0\xff\xff", 10), rules_)),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(Code(NormaliseDomain("", rules_)), StatusCode::kInvalidArgument);
}

TEST_F(DomainTest, RulesFromText) {
  auto rules = DomainRules::FromPslText("// comment\ncn\ncom.cn\n");
  ASSERT_TRUE(rules.has_value());
  EXPECT_EQ(rules->RegistrableDomain("m.shop.com.cn"), "shop.com.cn");
  EXPECT_FALSE(DomainRules::FromPslText("").has_value());
}

TEST(NormaliseEmail, LowerCaseAndProviderRules) {
  EXPECT_EQ(Ok(NormaliseEmail("Zhang.San@Example.COM")), "zhang.san@example.com");
  EXPECT_EQ(Ok(NormaliseEmail("mailto:zhangsan@163.com")), "zhangsan@163.com");
  // Dots and +tags are dropped only where the provider ignores them.
  EXPECT_EQ(Ok(NormaliseEmail("Zhang.San+shop1@gmail.com")), "zhangsan@gmail.com");
  EXPECT_EQ(Ok(NormaliseEmail("zhangsan@googlemail.com")), "zhangsan@gmail.com");
  EXPECT_EQ(Ok(NormaliseEmail("zhang.san+x@outlook.com")), "zhang.san@outlook.com");
  EXPECT_EQ(Ok(NormaliseEmail("zhang.san+x@163.com")), "zhang.san+x@163.com");
  EXPECT_EQ(Ok(NormaliseEmail("ｚｓ＠ｑｑ．ｃｏｍ")), "zs@qq.com");
  EXPECT_EQ(Ok(NormaliseEmail("info@例子.中国")), "info@例子.中国");
  EXPECT_EQ(Code(NormaliseEmail("no-at-sign")), StatusCode::kInvalidArgument);
  EXPECT_EQ(Code(NormaliseEmail("@example.com")), StatusCode::kInvalidArgument);
  EXPECT_EQ(Code(NormaliseEmail("a@localhost")), StatusCode::kInvalidArgument);
  EXPECT_EQ(Code(NormaliseEmail("a b@example.com")), StatusCode::kInvalidArgument);
}

TEST(NormaliseIp, CanonicalAndPrivateAddressesRefused) {
  EXPECT_EQ(Ok(NormaliseIp(" 203.0.113.9 ")), "203.0.113.9");
  EXPECT_EQ(Ok(NormaliseIp("2001:0DB8:0000:0000:0000:0000:0000:0001")), "2001:db8::1");
  EXPECT_EQ(Ok(NormaliseIp("::ffff:203.0.113.9")), "203.0.113.9");
  EXPECT_EQ(Code(NormaliseIp("192.168.1.1")), StatusCode::kFailedPrecondition);
  EXPECT_EQ(Code(NormaliseIp("10.0.0.8")), StatusCode::kFailedPrecondition);
  EXPECT_EQ(Code(NormaliseIp("127.0.0.1")), StatusCode::kFailedPrecondition);
  EXPECT_EQ(Code(NormaliseIp("fe80::1")), StatusCode::kFailedPrecondition);
  EXPECT_EQ(Code(NormaliseIp("::1")), StatusCode::kFailedPrecondition);
  EXPECT_EQ(Code(NormaliseIp("256.1.1.1")), StatusCode::kInvalidArgument);
  EXPECT_EQ(Code(NormaliseIp("01.2.3.4")), StatusCode::kInvalidArgument);
}

TEST(NormaliseOthers, AccountsWaybillsTrademarksShopsChatIds) {
  EXPECT_EQ(Ok(NormaliseBankAccount("6222 0212 3456 7890 123")), "6222021234567890123");
  EXPECT_EQ(Ok(NormaliseBankAccount("6222-0212-3456-7890-123")), "6222021234567890123");
  EXPECT_EQ(Code(NormaliseBankAccount("6222abc")), StatusCode::kInvalidArgument);
  EXPECT_EQ(Code(NormaliseBankAccount("123")), StatusCode::kInvalidArgument);

  EXPECT_EQ(Ok(NormaliseWaybill("sf 1234 5678 9012")), "SF123456789012");
  EXPECT_EQ(Code(NormaliseWaybill("SF12")), StatusCode::kInvalidArgument);
  EXPECT_EQ(Code(NormaliseWaybill("SF1234567890#")), StatusCode::kInvalidArgument);

  EXPECT_EQ(Ok(NormaliseTrademarkReg("第 01234567 号")), "1234567");
  EXPECT_EQ(Ok(NormaliseTrademarkReg("1234567")), "1234567");
  EXPECT_EQ(Ok(NormaliseTrademarkReg("g1234567")), "G1234567");
  EXPECT_EQ(Code(NormaliseTrademarkReg("TM-X")), StatusCode::kInvalidArgument);

  EXPECT_EQ(Ok(NormaliseWebShop("淘宝:Shop12345")), "taobao:shop12345");
  EXPECT_EQ(Ok(NormaliseWebShop("TaoBao：shop12345")), "taobao:shop12345");
  EXPECT_EQ(Ok(NormaliseWebShop("京东 1000123")), "jd:1000123");
  EXPECT_EQ(Ok(NormaliseWebShop("jingdong:1000123")), "jd:1000123");
  EXPECT_EQ(Ok(NormaliseWebShop("拼多多:55")), "pdd:55");
  EXPECT_EQ(Ok(NormaliseWebShop("unknownmall:77")), "unknownmall:77");
  EXPECT_EQ(Code(NormaliseWebShop("shop12345")), StatusCode::kInvalidArgument);
  EXPECT_EQ(Code(NormaliseWebShop("taobao:")), StatusCode::kInvalidArgument);

  EXPECT_EQ(Ok(NormaliseWechat("Fake_Nike-2024")), "fake_nike-2024");
  EXPECT_EQ(Code(NormaliseWechat("1abcdef")), StatusCode::kInvalidArgument);
  EXPECT_EQ(Code(NormaliseWechat("abc")), StatusCode::kInvalidArgument);

  EXPECT_EQ(Ok(NormaliseQq("QQ: 123456789")), "123456789");
  EXPECT_EQ(Ok(NormaliseQq("１２３４５６７８９")), "123456789");
  EXPECT_EQ(Code(NormaliseQq("0123456")), StatusCode::kInvalidArgument);
  EXPECT_EQ(Code(NormaliseQq("1234")), StatusCode::kInvalidArgument);
}

TEST(NormaliseWeak, InvalidUtf8CannotSpliceIntoNewCharacters) {
  // Fuzzer finding: "\xE3\x80" + "\n" + "\x80" became U+3000 once the newline was removed, so
  // a second normalisation differed from the first.
  std::string raw = "a\xE3\x80\n\x80" "b";
  std::string once = Ok(NormaliseWeak(raw));
  EXPECT_EQ(Ok(NormaliseWeak(once)), once);
}

TEST(NormaliseWeak, FoldsWidthSpacesAndBrackets) {
  EXPECT_EQ(Ok(NormaliseWeak(" 深圳市 华强（电子）有限公司 ")), "深圳市华强(电子)有限公司");
  EXPECT_EQ(Ok(NormaliseWeak("深圳市华强【电子】有限公司")), "深圳市华强(电子)有限公司");
  EXPECT_EQ(Ok(NormaliseWeak("ＡＢＣ Trading")), "abctrading");
}

class NormaliserTest : public ::testing::Test {
 protected:
  DomainRules rules_ = DomainRules::Builtin();
  JunkList junk_ = *JunkList::Parse(DefaultJunkListText(), rules_);
  Normaliser n_{&rules_, &junk_};
};

TEST_F(NormaliserTest, DefaultJunkListLoads) { EXPECT_GT(junk_.size(), 40u); }

TEST_F(NormaliserTest, JunkValuesAreReportedNotKeyed) {
  for (const char* phone : {"13800138000", "+86 138 0013 8000", "０08613800138000"}) {
    Normalised r = n_.Normalise({ObservableType::kPhone, phone});
    EXPECT_EQ(r.verdict, Verdict::kJunk) << phone;
    EXPECT_FALSE(r.reason.empty());
  }
  EXPECT_EQ(n_.Normalise({ObservableType::kAddress, "不详"}).verdict, Verdict::kJunk);
  EXPECT_EQ(n_.Normalise({ObservableType::kCompanyName, " 无 "}).verdict, Verdict::kJunk);
  EXPECT_EQ(n_.Normalise({ObservableType::kEmail, "TEST@test.com"}).verdict, Verdict::kJunk);
  EXPECT_EQ(n_.Normalise({ObservableType::kQq, "123456"}).verdict, Verdict::kJunk);
  EXPECT_EQ(n_.Normalise({ObservableType::kPhone, "12315"}).verdict, Verdict::kJunk);
  EXPECT_EQ(n_.Normalise({ObservableType::kUrl, "https://item.taobao.com/x"}).verdict,
            Verdict::kJunk);
  EXPECT_EQ(n_.Normalise({ObservableType::kIp, "192.168.0.1"}).verdict, Verdict::kJunk);
}

TEST_F(NormaliserTest, KeysInvalidAndTypes) {
  Normalised r = n_.Normalise({ObservableType::kUrl, "https://m.shop.com.cn/x"});
  EXPECT_EQ(r.verdict, Verdict::kKey);
  EXPECT_EQ(r.key, (Key{KeyType::kDomain, "shop.com.cn"}));
  EXPECT_EQ(r.key.ToString(), "domain:shop.com.cn");

  r = n_.Normalise({ObservableType::kPhone, "hello"});
  EXPECT_EQ(r.verdict, Verdict::kInvalid);
  EXPECT_FALSE(r.reason.empty());

  // "微信同号": a WeChat field holding a mobile number is keyed as that phone.
  r = n_.Normalise({ObservableType::kWechat, "139 1234 5678"});
  EXPECT_EQ(r.verdict, Verdict::kKey);
  EXPECT_EQ(r.key, (Key{KeyType::kPhone, "+8613912345678"}));
}

TEST(JunkListParse, ErrorsNameTheLine) {
  DomainRules rules = DomainRules::Builtin();
  auto bad_type = JunkList::Parse("# c\nfax\t123\treason\n", rules);
  ASSERT_FALSE(bad_type.has_value());
  EXPECT_EQ(bad_type.error().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(bad_type.error().message().find("2"), std::string::npos);
  EXPECT_FALSE(JunkList::Parse("phone\t13800138000\n", rules).has_value());
  EXPECT_TRUE(JunkList::Parse("", rules).has_value());
}

TEST(ObservableTypes, NamesRoundTrip) {
  for (int i = 0; i < kObservableTypeCount; ++i) {
    auto type = static_cast<ObservableType>(i);
    EXPECT_EQ(ParseObservableType(ObservableTypeName(type)), type);
  }
  for (int i = 0; i < kKeyTypeCount; ++i) {
    auto type = static_cast<KeyType>(i);
    EXPECT_EQ(ParseKeyType(KeyTypeName(type)), type);
  }
  EXPECT_EQ(ParseObservableType("mobile"), ObservableType::kPhone);
  EXPECT_FALSE(ParseObservableType("fax").has_value());
  EXPECT_TRUE(IsStrong(ObservableType::kUrl));
  EXPECT_FALSE(IsStrong(ObservableType::kCompanyName));
  EXPECT_FALSE(IsStrong(ObservableType::kAddress));
  EXPECT_FALSE(IsStrong(ObservableType::kPersonName));
  EXPECT_FALSE(IsStrong(ObservableType::kTrademarkReg));
}

}  // namespace
}  // namespace ipe::link
