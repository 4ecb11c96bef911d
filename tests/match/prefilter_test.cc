// The fast path of `ipenforce scan` against the reference path it replaces: the title prefilter
// (Scanner::MayMatch) against scanning every title. The command's output on generated listings
// (bench/scan/gen_listings.py, fixed seed) plus hand-made awkward lines must equal, byte for
// byte, what a full Scan of every line gives.
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
// NFKC expansions, emoji and astral letters, separators among ideographs, look-alikes the
// generator does not use, ill-formed UTF-8, malformed lines.
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

  // The reference: Scan for every title.
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
    if (!parser.Parse(std::string_view(padded.data(), line.size()), padded.size(), &f, &error)) {
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

}  // namespace
}  // namespace ipe::match
