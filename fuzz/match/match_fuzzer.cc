// Fuzzes the listing JSONL reader, the brand registry reader, the title normaliser and the scanner.
// The first byte picks the target; the rest is the input. Invariants (a failure traps):
//   - every normalised byte maps to a non-empty span inside the input;
//   - a listing line either parses or gives an error message, the same way through the flat
//     reader and simdjson's DOM; a parsed listing scans, every signal span lies inside its title,
//     and the prefilter (MayMatch) is true whenever the result is not empty;
//   - a brand file either parses into a registry the scanner accepts, or gives an error;
//   - any bytes written as a JSON string by the result writer read back (through the DOM) as the
//     same bytes when they are well-formed UTF-8, and as valid JSON otherwise; the inline UTF-8
//     decoder walks them exactly as core::DecodeUtf8 does.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/utf8.h"
#include "match/internal/utf8_inline.h"
#include "match/io/jsonl.h"
#include "match/normalise.h"
#include "match/scanner.h"

namespace {

const ipe::match::Scanner& TestScanner() {
  static const auto* scanner = [] {
    auto reg = ipe::match::io::ParseBrandRegistryJsonl(
        R"({"id":"nike","names":["Nike","耐克"],"authorized_shops":["tmall:n"],"reference_price_fen":89900})"
        "\n"
        R"({"id":"apple","names":["iPhone"],"generic_names":["苹果"],"context_terms":["手机"],"reference_price_fen":599900,"category_prices":[{"terms":["耳机"],"price_fen":99900}]})");
    auto slang = ipe::match::ParseSlangLexicon(ipe::match::DefaultSlangLexicon());
    return ipe::match::Scanner::Create(std::move(*reg), std::move(*slang), {})->release();
  }();
  return *scanner;
}

void Check(bool ok) {
  if (!ok) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t mode = data[0] % 4;
  std::string input(reinterpret_cast<const char*>(data + 1), size - 1);
  if (mode == 0) {
    ipe::match::NormalisedText n;
    ipe::match::Normaliser::Default().Normalise(input, &n);
    for (size_t i = 0; i < n.size(); ++i) {
      auto [b, e] = n.SourceSpan(i, i + 1);
      Check(b < e && e <= input.size());
    }
    return 0;
  }
  if (mode == 1) {
    ipe::match::io::ListingParser parser;
    ipe::match::io::ListingFields f;
    std::string error;
    const size_t len = input.size();
    input.append(ipe::match::io::ListingParser::kPadding, ' ');
    // The flat-line reader and the DOM agree on success and on every field.
    ipe::match::io::ListingParser dom;
    ipe::match::io::ListingFields g;
    std::string dom_error;
    bool dom_ok = dom.ParseDom(std::string_view(input.data(), len), input.size(), &g, &dom_error);
    if (!parser.Parse(std::string_view(input.data(), len), input.size(), &f, &error)) {
      Check(!error.empty() && !dom_ok);
      return 0;
    }
    Check(dom_ok && f.id == g.id && f.title == g.title && f.platform == g.platform &&
          f.shop_id == g.shop_id && f.shop_name == g.shop_name && f.price_fen == g.price_fen);
    ipe::match::Listing listing{f.platform, f.shop_id, f.shop_name, f.title, std::nullopt};
    if (f.price_fen) listing.price = ipe::core::Fen(*f.price_fen);
    ipe::match::ScanScratch scratch(TestScanner());
    ipe::match::ScanResult result;
    TestScanner().Scan(listing, &scratch, &result);
    for (const ipe::match::Signal& s : result.signals) Check(s.begin <= s.end && s.end <= f.title.size());
    Check(result.score >= 0 && result.score <= 1);
    // The prefilter never rules out a title Scan finds something in.
    Check(TestScanner().MayMatch(f.title) || (result.brands.empty() && result.signals.empty()));
    std::string out;
    ipe::match::io::AppendResultJson(TestScanner(), f.id, listing, result, &out);
    Check(!out.empty() && out.back() == '\n');
    return 0;
  }
  if (mode == 3) {
    for (size_t a = 0, b = 0; a < input.size();) {
      Check(ipe::match::internal::DecodeUtf8Inline(input, &a) == ipe::core::DecodeUtf8(input, &b) &&
            a == b);
    }
    std::string line = "{\"id\":";
    ipe::match::io::AppendJsonString(input, &line);
    line += ",\"title\":\"t\"}";
    const size_t len = line.size();
    line.append(ipe::match::io::ListingParser::kPadding, ' ');
    ipe::match::io::ListingParser parser;
    ipe::match::io::ListingFields f;
    std::string error;
    Check(parser.ParseDom(std::string_view(line.data(), len), line.size(), &f, &error) ||
          input.empty());
    if (!input.empty() && ipe::core::IsValidUtf8(input)) Check(f.id == input);
    return 0;
  }
  auto reg = ipe::match::io::ParseBrandRegistryJsonl(input);
  if (reg) {
    auto scanner = ipe::match::Scanner::Create(std::move(*reg), {"高仿"}, {});
    if (!scanner) Check(!scanner.error().message().empty());
  }
  return 0;
}
