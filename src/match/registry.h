#pragma once
// The brand registry (品牌库) and the counterfeit slang lexicon (售假黑话) as plain data.
//
//   BrandRegistry reg;
//   reg.brands.push_back({.id = "nike", .names = {"Nike", "耐克"}, .reference_price = Fen(89900)});
//   if (Status s = reg.Validate(); !s.ok()) ...
//   auto slang = ParseSlangLexicon(DefaultSlangLexicon());
//
// File formats (JSONL for brands, one term a line for slang) are read at the edge:
// match/io/brand_file.h and the `ipenforce scan` command. This header does no I/O.

#include <string>
#include <string_view>
#include <vector>

#include "core/money.h"
#include "core/status.h"

namespace ipe::match {

/// A protected brand (受保护品牌).
struct Brand {
  std::string id;                          // stable key, e.g. "nike"; reported in results
  std::vector<std::string> names;          // always a brand when found: 耐克, Nike, NIKE
  std::vector<std::string> generic_names;  // ordinary words (苹果, 小米): a brand only together
                                           // with one of context_terms in the same title
  std::vector<std::string> context_terms;  // 手机, iPhone, 充电器 …
  std::vector<std::string> authorized_shops;  // shop_id or "platform:shop_id" (授权店铺)
  core::Fen reference_price;               // typical genuine price; 0 = unknown (no price signal)
  /// Category prices (品类参考价): when one of `terms` is in the title, `price` replaces
  /// reference_price (the lowest of several matching categories wins). A brand sells socks and
  /// shoes; one price per brand would flag every pair of genuine socks.
  struct CategoryPrice {
    std::vector<std::string> terms;
    core::Fen price;
  };
  std::vector<CategoryPrice> category_prices;
};

struct BrandRegistry {
  std::vector<Brand> brands;

  /// Ok, or InvalidArgument naming the brand (by position and id) when: an id is empty or
  /// repeated; a brand has neither names nor generic names; generic names come without context
  /// terms; a name or term is empty; the reference price is negative.
  core::Status Validate() const;
};

/// Parses a slang lexicon: one term a line, '#' starts a comment, blank lines ignored, terms
/// trimmed, duplicates dropped. Returns InvalidArgument (with the line number) for a line longer
/// than 200 bytes, or when no term remains.
core::Result<std::vector<std::string>> ParseSlangLexicon(std::string_view text);

/// data/match/slang.txt as compiled into the binary.
std::string_view DefaultSlangLexicon();

/// Look-alike groups (形近字符): the members of one group spell the same letter inside a Latin
/// brand name (o 0 / i 1 | ! / s 5 $ …), in either direction, at any position.
using LookalikeGroups = std::vector<std::vector<std::string>>;

/// Parses look-alike rules: one group a line, members separated by white space, '#' starts a
/// comment. InvalidArgument (with the line number) for a group of fewer than two members, a
/// member longer than 4 bytes, or a member in two groups; or when no group remains. (Whether each
/// member normalises to one character is checked by Scanner::Create, which owns the normaliser.)
core::Result<LookalikeGroups> ParseLookalikeRules(std::string_view text);

/// data/match/lookalikes.txt as compiled into the binary.
std::string_view DefaultLookalikeRules();

}  // namespace ipe::match
