// The fast paths of `ipenforce scan` against the reference path they replace: the flat-line
// reader against simdjson's DOM (ListingParser::ParseDom), and the title prefilter
// (Scanner::MayMatch) against scanning every title. The command's output on generated listings
// (bench/scan/gen_listings.py, fixed seed) plus hand-made awkward lines must equal, byte for
// byte, what DOM parsing and a full Scan of every line give.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "match/io/jsonl.h"

namespace ipe::match {
namespace {

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) out.push_back(line);
  return out;
}

// Lines the generator never writes: escapes, full-width and accented letters, composing marks,
// NFKC expansions, emoji and astral letters, separators among ideographs, tabs, integer ids,
// floats, nested values, duplicate keys, errors.
const char* const kAwkward[] = {
    R"({"id":"a1","title":"N\u0049KE 运动鞋 高仿","price_fen":1000})",
    R"({"id":"a2","title":"\"Nike\" 鞋\\ 复刻","price_fen":1000})",
    R"({"id":"a3","title":"ＮＩＫＥ 运动鞋","price_fen":1000})",
    R"({"id":"a4","title":"LANCÔME 口红 高仿","price_fen":100})",
    R"({"id":"a5","title":"Nike 运动鞋","price_fen":100})",
    R"({"id":"a6","title":"①比① 耐克","price_fen":100})",
    R"({"id":"a7","title":"𝐍𝐈𝐊𝐄 😀 高仿","price_fen":100})",
    R"({"id":"a8","title":"耐丨克 运动鞋","price_fen":100})",
    R"({"id":"a9","title":"N​I​K​E 运动鞋","price_fen":100})",
    "{\"id\":\"a10\",\t\"title\":\"高仿 Dior\",\"price_fen\":100}",
    R"({"id":11,"title":"高仿 Dior","price_fen":100})",
    R"({"id":"a12","title":"高仿 Dior","price_fen":1.5})",
    R"({"id":"a13","title":"高仿 Dior","price_fen":100,"tags":["x"]})",
    R"({"id":"a14","title":"ordinary","title":"高仿 Dior","price_fen":100})",
    R"({"id":"a15","title":"高仿 Dior","price_fen":-1})",
    R"({"id":"a16","title":"高仿 Dior","price_fen":007})",
    R"({"id":"a17","price_fen":100})",
    R"({"id":"","title":"x"})",
    R"({"id":"a19","title":"高仿 Dior","price_fen":null,"shop_id":"s1","platform":"jd","x":true})",
    R"(["not an object"])",
    R"({"id":"a21","title":"高仿 Dior"} trailing)",
    R"({"id":"a22","title":"Ｒｏｌｅｘ ＲＯＬＥＸ 手表","price_fen":100,"shop_id":5})",
    R"({"id":"a23","title":"勞力士 錶 高倣","price_fen":100})",
    R"({"id":"a24","title":"ᴺᴵᴷᴱ 鞋","price_fen":100})",
    R"({"id":"a25","title":"A⁠D⁠I⁠D⁠A⁠S","price_fen":100})",
    R"({"id":"a26","title":"adida$ 8urberry LOU1S VU1TT0N 包","price_fen":100})",
    R"({"id":"a27","title":"AJl 球鞋 莆田","price_fen":100})",
    "{\"id\":\"a28\",\"title\":\"bad \xff utf8 Nike\",\"price_fen\":100}",
};

TEST(Prefilter, ScanCommandEqualsFullScanOfEveryLine) {
  const std::string base = ::testing::TempDir() + "/prefilter_" + std::to_string(::getpid());
  const std::string src = IPE_SOURCE_DIR;
  ASSERT_EQ(std::system(("python3 " + src + "/bench/scan/gen_listings.py 20000 >" + base +
                         "_in.jsonl").c_str()),
            0);
  {
    std::ofstream in(base + "_in.jsonl", std::ios::app | std::ios::binary);
    for (const char* line : kAwkward) in << line << "\n";
  }
  int status = std::system((std::string(IPE_SCAN_BIN) + " --brands " + src +
                            "/tests/match/brands.jsonl --listings " + base +
                            "_in.jsonl --threads 2 >" + base + "_out.jsonl 2>/dev/null")
                               .c_str());
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  std::vector<std::string> input = Lines(Slurp(base + "_in.jsonl"));
  std::vector<std::string> got = Lines(Slurp(base + "_out.jsonl"));
  for (const char* suffix : {"_in.jsonl", "_out.jsonl"}) std::remove((base + suffix).c_str());

  // The reference: simdjson DOM for every line, Scan for every title.
  auto registry = io::ParseBrandRegistryJsonl(Slurp(src + "/tests/match/brands.jsonl"));
  ASSERT_TRUE(registry.has_value());
  auto slang = ParseSlangLexicon(DefaultSlangLexicon());
  auto scanner = Scanner::Create(std::move(*registry), std::move(*slang), ScanOptions{});
  ASSERT_TRUE(scanner.has_value());
  ScanScratch scratch(**scanner);
  io::ListingParser parser;
  std::vector<std::string> want;
  size_t candidates = 0;
  size_t non_empty = 0;
  for (const std::string& line : input) {
    std::string padded = line + std::string(io::ListingParser::kPadding, ' ');
    io::ListingFields f;
    std::string error;
    if (!parser.ParseDom(std::string_view(padded.data(), line.size()), padded.size(), &f, &error)) {
      continue;
    }
    Listing listing{f.platform, f.shop_id, f.shop_name, f.title, std::nullopt};
    if (f.price_fen) listing.price = core::Fen(*f.price_fen);
    ScanResult result;
    (*scanner)->Scan(listing, &scratch, &result);
    bool may = (*scanner)->MayMatch(f.title);
    candidates += may ? 1 : 0;
    bool empty = result.brands.empty() && result.signals.empty();
    non_empty += empty ? 0 : 1;
    EXPECT_TRUE(may || empty) << "prefilter ruled out a hit: " << line;
    std::string out;
    io::AppendResultJson(**scanner, f.id, listing, result, &out);
    out.pop_back();  // '\n'
    want.push_back(std::move(out));
  }
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    ASSERT_EQ(got[i], want[i]) << "result line " << i + 1;
  }
  std::printf("prefilter: %zu listings, %zu with a hit, %zu candidates (%.1f%% ruled out)\n",
              want.size(), non_empty, candidates,
              100.0 * static_cast<double>(want.size() - candidates) / want.size());
  EXPECT_LT(candidates, want.size());  // it does rule lines out
}

// Parses `line` both ways (with simdjson's padding) and expects the same answer and fields;
// returns whether the flat reader took it.
bool FlatEqualsDom(const std::string& line) {
  std::string padded = line + std::string(io::ListingParser::kPadding, ' ');
  std::string_view view(padded.data(), line.size());
  io::ListingParser fast, dom;
  io::ListingFields a, b;
  std::string ea, eb;
  bool flat = false;
  bool ok_a = fast.Parse(view, padded.size(), &a, &ea, &flat);
  bool ok_b = dom.ParseDom(view, padded.size(), &b, &eb);
  EXPECT_EQ(ok_a, ok_b) << line;
  if (ok_a && ok_b) {
    EXPECT_EQ(a.id, b.id) << line;
    EXPECT_EQ(a.platform, b.platform) << line;
    EXPECT_EQ(a.shop_id, b.shop_id) << line;
    EXPECT_EQ(a.shop_name, b.shop_name) << line;
    EXPECT_EQ(a.title, b.title) << line;
    EXPECT_EQ(a.price_fen, b.price_fen) << line;
  } else {
    EXPECT_EQ(ea, eb) << line;
  }
  return flat;
}

// Every field the flat reader returns is what the DOM returns; where the flat reader declines,
// Parse falls back to the DOM, so success and errors agree too.
TEST(Prefilter, FlatReaderEqualsDom) {
  std::vector<std::string> lines;
  for (const char* l : kAwkward) lines.emplace_back(l);
  std::string generated;
  FILE* gen = ::popen(("python3 " IPE_SOURCE_DIR "/bench/scan/gen_listings.py 300"), "r");
  ASSERT_NE(gen, nullptr);
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, gen)) > 0) generated.append(buf, n);
  ASSERT_EQ(::pclose(gen), 0);
  for (std::string& l : Lines(generated)) {
    lines.push_back(l);
    // Mutations: truncated, a byte dropped from the middle, a stray character appended.
    lines.push_back(l.substr(0, l.size() / 2));
    lines.push_back(l.substr(0, l.size() / 3) + l.substr(l.size() / 3 + 1));
    lines.push_back(l + "x");
  }
  size_t flat = 0;
  for (const std::string& line : lines) flat += FlatEqualsDom(line) ? 1 : 0;
  EXPECT_GE(flat, 300u);  // the generated lines took the flat path
}

TEST(FlatReader, TrickyLinesAgreeWithTheDom) {
  // Taken by the flat reader: it must give the DOM's fields.
  for (const char* line : {
           R"({"id":"a1","title":"耐克 高仿","price_fen":100})",
           R"({"id": "a2", "platform": "jd", "shop_id": "s1", "shop_name": "店", "title": "x", "price_fen": null})",
           R"(  {  "title" : "t" , "id" : "a3" }  )",
           R"({"id":"a4","title":"","extra":true,"more":false,"n":7})",
           R"({"id":"a5","title":"emoji 😀 𝐍𝐈𝐊𝐄 é","shop_name":"é"})",
       }) {
    EXPECT_TRUE(FlatEqualsDom(line)) << line;
  }
  // Handed to the DOM (escapes, tabs, integer ids, nesting, floats) or refused by both.
  for (const char* line : {
           R"({"id":"b1","title":"N\u0049KE \"x\" \\"})",
           "{\"id\":\"b2\",\t\"title\":\"t\"}",
           R"({"id":3,"title":"t"})",
           R"({"id":"b4","title":"t","tags":["x"],"o":{"k":1}})",
           R"({"id":"b5","title":"t","price_fen":1.5})",
           R"({"id":"b6","title":"t","price_fen":-1})",
           R"({"id":"b7","title":"t","price_fen":007})",
           R"({"id":"b8","title":"t","price_fen":1234567890123456789})",
           R"({"id":"b9"})",
           R"({"id":"","title":"t"})",
           R"({"title":"t"})",
           R"({"id":"b12","title":5})",
           R"({"id":"b13","title":"t"} x)",
           R"({"id":"b14","title":"t",})",
           R"({"id":"b15","title":"t")",
           R"({"id":"b16","title":"unterminated})",
           R"({"id":"b17","title":"t","title":"u"})",
           "{\"id\":\"b18\",\"title\":\"bad \xff utf8\"}",
           "{\"id\":\"b19\",\"title\":\"ok\",\"other\":\"bad \xe4\xb8\"}",
           "{\"id\":\"b20\",\"title\":\"ok\",\"k\xc0\xaf\":\"x\"}",
           "{\"id\":\"b21\",\"title\":\"surrogate \xed\xa0\x80\"}",
           R"({"id":"b22","title":nul})",
           R"(["not an object"])",
           R"({"id":"x"})",
           "",
           "{}",
       }) {
    FlatEqualsDom(line);
  }
}

TEST(FlatReader, LongLinesAndEveryAlignment) {
  // A title of every length from 0 to 200 (quotes fall at every offset of the 16-byte chunks and
  // the 64-bit words of the quote index, the last chunk overlaps the one before), ASCII and CJK,
  // with an ill-formed byte at the end of the title, and one 100 kB title.
  for (size_t len = 0; len <= 200; ++len) {
    std::string ascii(len, 'a');
    std::string cjk;
    for (size_t i = 0; i < len / 3; ++i) cjk += "耐";
    for (const std::string& title : {ascii, cjk}) {
      std::string line = R"({"id":"L1","title":")" + title + R"(","price_fen":5})";
      EXPECT_TRUE(FlatEqualsDom(line)) << len;
      FlatEqualsDom(R"({"id":"L1","title":")" + title + "\xff\"}");
      FlatEqualsDom(R"({"id":"L1","title":")" + title + R"(\n"})");
      FlatEqualsDom(line.substr(0, line.size() - 1));  // truncated
    }
  }
  std::string huge(100000, 'x');
  for (size_t i = 0; i < huge.size(); i += 1000) huge.replace(i, 3, "耐");
  EXPECT_TRUE(FlatEqualsDom(R"({"id":"huge","title":")" + huge + R"("})"));
}

}  // namespace
}  // namespace ipe::match
