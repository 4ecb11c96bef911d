// The fast paths of the scan's result writer against the plain reference they replace, on the
// strings where they could differ: string escaping (16 and 8 bytes at a time, inline UTF-8
// decoding) against a one-code-point-at-a-time reference; the inline UTF-8 decoder against
// core::DecodeUtf8; the writer's detail cache against fresh rendering. The flat listing reader's
// tricky lines are in tests/match/prefilter_test.cc, beside its other comparisons with the DOM.
#include "match/io/jsonl.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "core/utf8.h"
#include "match/internal/utf8_inline.h"

namespace ipe::match::io {
namespace {

// What AppendJsonString must write, one code point at a time (the writer before the fast path).
std::string ReferenceJsonString(std::string_view s) {
  std::string out = "\"";
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      size_t next = i;
      char32_t cp = core::DecodeUtf8(s, &next);
      if (cp == 0xFFFD && next - i == 1) {
        out += "\xEF\xBF\xBD";
      } else {
        out.append(s.substr(i, next - i));
      }
      i = next;
      continue;
    }
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out.push_back(static_cast<char>(c));
        }
    }
    ++i;
  }
  return out + "\"";
}

std::string Escaped(std::string_view s) {
  std::string out = "prefix:";  // appends: what was there stays
  AppendJsonString(s, &out);
  EXPECT_EQ(out.compare(0, 7, "prefix:"), 0);
  return out.substr(7);
}

TEST(JsonString, AwkwardStringsEqualTheReference) {
  const std::string plain16 = "abcdefghijklmnop";
  std::vector<std::string> cases = {
      "", "a", plain16, plain16 + plain16 + "x", "L00000000",
      "耐克 Nike 高仿", "nike: 耐克", "¥59.00 < 40% × ¥899.00 (nike)",
      "\"quoted\" and \\ back", std::string("nul\0byte", 8), "tab\there\nnew\rline\x1f\x7f",
      "bad \xff byte", "\xE4\xB8", "\xE4\xB8" "abc", "\xC0\xAF overlong", "\xE0\x80\x80 overlong",
      "\xED\xA0\x80 surrogate", "\xF4\x90\x80\x80 above U+10FFFF", "real \xEF\xBF\xBD replacement",
      "emoji 😀 and 𝐍𝐈𝐊𝐄", "\xF0\x9F\x98", "é ñ ü", "\x80\x80\x80",
  };
  // A special byte at every position around the 16-byte stretches.
  for (size_t at = 0; at < 40; ++at) {
    for (const char* special : {"\"", "\\", "\n", "\x01", "\xff", "耐", "😀", "\xE4\xB8"}) {
      std::string s(40, 'x');
      s.insert(at, special);
      cases.push_back(s);
    }
  }
  for (const std::string& s : cases) EXPECT_EQ(Escaped(s), ReferenceJsonString(s)) << s;
}

TEST(JsonString, RandomBytesEqualTheReference) {
  std::mt19937 rng(20261207);
  // Bytes drawn so that ASCII runs, UTF-8 lead and continuation bytes and escapes all occur.
  const std::string alphabet = std::string("ab \"\\\n\x01\x7f", 8) + "\x80\xBF\xC3\xA9\xE4\xB8\xAD\xED\xA0\xEF\xBF\xBD\xF0\x9F\x98\x80\xFF";
  for (int round = 0; round < 20000; ++round) {
    std::string s(rng() % 80, ' ');
    for (char& c : s) c = alphabet[rng() % alphabet.size()];
    ASSERT_EQ(Escaped(s), ReferenceJsonString(s)) << round;
  }
}

TEST(Utf8Inline, EqualsCoreDecodeForEveryOneToThreeByteSequence) {
  // Every lead byte with every pair of following bytes (then a fourth byte, and cut short).
  for (int b0 = 0; b0 < 256; ++b0) {
    for (int b1 = 0; b1 < 256; ++b1) {
      for (int b2 : {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xFF}) {
        const char bytes[4] = {static_cast<char>(b0), static_cast<char>(b1),
                               static_cast<char>(b2), '\x80'};
        for (size_t len = 1; len <= 4; ++len) {
          std::string_view s(bytes, len);
          size_t a = 0, b = 0;
          char32_t ca = internal::DecodeUtf8Inline(s, &a);
          char32_t cb = core::DecodeUtf8(s, &b);
          ASSERT_EQ(ca, cb) << b0 << " " << b1 << " " << b2 << " len " << len;
          ASSERT_EQ(a, b) << b0 << " " << b1 << " " << b2 << " len " << len;
        }
      }
    }
  }
}

TEST(ResultJson, EmptyAndFullResultsRender) {
  auto registry = ParseBrandRegistryJsonl(
      R"({"id":"nike","names":["Nike","耐克"],"reference_price_fen":89900})");
  ASSERT_TRUE(registry.has_value());
  auto scanner = Scanner::Create(std::move(*registry), {"高仿"}, ScanOptions{});
  ASSERT_TRUE(scanner.has_value());
  ScanScratch scratch(**scanner);
  ScanResult result;
  Listing listing;
  listing.title = "普通 T恤";
  (*scanner)->Scan(listing, &scratch, &result);
  std::string out;
  AppendResultJson(**scanner, "id \"1\"", listing, result, &out);
  EXPECT_EQ(out,
            R"({"id":"id \"1\"","suspected":false,"score":0,"brands":[],"signals":[]})" "\n");
  listing.title = "😀 耐克 高仿";
  listing.price = core::Fen(100);  // 1 − 0.65 × 0.4 × (1 − 0.5 − 0.4 × (1 − 100 / 35,960)) = 0.97
  (*scanner)->Scan(listing, &scratch, &result);
  AppendResultJson(**scanner, "2", listing, result, &out);
  EXPECT_EQ(out.substr(out.find('\n') + 1),
            R"j({"id":"2","suspected":true,"score":0.97,"brands":["nike"],"signals":[)j"
            R"j({"kind":"brand","detail":"nike: 耐克","span":[3,5]},)j"
            R"j({"kind":"slang","detail":"高仿","span":[6,8]},)j"
            R"j({"kind":"price","detail":"¥1.00 < 40% × ¥899.00 (nike)","span":null}]})j" "\n");
}

TEST(ResultJson, WriterWithItsCacheEqualsAppendResultJson) {
  // The writer keeps brand and slang details once written: the second and later lines with the
  // same terms come from that cache and must not differ from a fresh rendering.
  auto registry = ParseBrandRegistryJsonl(
      R"({"id":"nike","names":["Nike","耐克"],"reference_price_fen":89900})" "\n"
      R"({"id":"apple","names":["iPhone"],"generic_names":["苹果"],"context_terms":["手机"],"authorized_shops":["a"]})");
  ASSERT_TRUE(registry.has_value());
  auto scanner = Scanner::Create(std::move(*registry), {"高仿", "1:1", "\"引号\""}, ScanOptions{});
  ASSERT_TRUE(scanner.has_value());
  ScanScratch scratch(**scanner);
  ResultWriter writer(**scanner);
  std::string cached, fresh;
  for (int round = 0; round < 3; ++round) {
    for (const char* title : {"耐克 高仿 1:1", "NIKE \"引号\"", "苹果手机 高仿", "普通", "iPhone 1:1 耐克",
                              "N1KE 高仿 高仿"}) {
      for (const char* shop : {"x", "a"}) {
        Listing listing;
        listing.title = title;
        listing.shop_id = shop;
        listing.price = core::Fen(round * 20000 + 1);
        ScanResult result;
        (*scanner)->Scan(listing, &scratch, &result);
        writer.Append("L1", listing, result, &cached);
        AppendResultJson(**scanner, "L1", listing, result, &fresh);
      }
    }
  }
  EXPECT_EQ(cached, fresh);
  EXPECT_NE(cached.find(R"("detail":"\"引号\"")"), std::string::npos) << cached;
}

}  // namespace
}  // namespace ipe::match::io
