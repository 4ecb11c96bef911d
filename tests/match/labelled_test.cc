// Precision and recall of `suspected` on the labelled set (tests/match/labelled.jsonl, labels
// judged by hand per case, see make_labelled.py) with the registry tests/match/brands.jsonl.
#include <gtest/gtest.h>

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

TEST(LabelledSet, PrecisionAndRecallAtLeast95Percent) {
  const std::string dir = std::string(IPE_SOURCE_DIR) + "/tests/match/";
  auto registry = io::ParseBrandRegistryJsonl(Slurp(dir + "brands.jsonl"));
  ASSERT_TRUE(registry.has_value()) << registry.error().message();
  auto slang = ParseSlangLexicon(DefaultSlangLexicon());
  ASSERT_TRUE(slang.has_value());
  auto scanner = Scanner::Create(std::move(*registry), std::move(*slang), ScanOptions{});
  ASSERT_TRUE(scanner.has_value());
  ScanScratch scratch(**scanner);
  io::ListingParser parser;
  std::string text = Slurp(dir + "labelled.jsonl");
  std::istringstream lines(text);
  std::string line;
  int tp = 0, fp = 0, fn = 0, tn = 0;
  while (std::getline(lines, line)) {
    // The label sits in the same object; read it with a plain search (the parser ignores it).
    bool label = line.find("\"label\": true") != std::string::npos;
    std::string padded = line + std::string(io::ListingParser::kPadding, ' ');
    io::ListingFields f;
    std::string error;
    ASSERT_TRUE(parser.Parse(std::string_view(padded.data(), line.size()), padded.size(), &f, &error))
        << error;
    Listing l{f.platform, f.shop_id, f.shop_name, f.title, std::nullopt};
    if (f.price_fen) l.price = core::Fen(*f.price_fen);
    ScanResult r;
    (*scanner)->Scan(l, &scratch, &r);
    if (r.suspected && label) ++tp;
    if (r.suspected && !label) ++fp, std::printf("false positive: %s\n", line.c_str());
    if (!r.suspected && label) ++fn, std::printf("false negative: %s\n", line.c_str());
    if (!r.suspected && !label) ++tn;
  }
  double precision = tp / double(tp + fp);
  double recall = tp / double(tp + fn);
  std::printf("labelled set: %d listings, tp %d fp %d fn %d tn %d, precision %.3f recall %.3f\n",
              tp + fp + fn + tn, tp, fp, fn, tn, precision, recall);
  EXPECT_GE(tp + fp + fn + tn, 250);
  EXPECT_GE(precision, 0.95);
  EXPECT_GE(recall, 0.95);
}

}  // namespace
}  // namespace ipe::match
