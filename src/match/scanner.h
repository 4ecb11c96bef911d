#pragma once
// Counterfeit-signal scanning of one listing (商品链接售假信号): normalise the title, find brand
// names and slang with one multi-pattern pass (Hyperscan), check the price, score.
//
//   auto scanner = Scanner::Create(registry, slang_terms, ScanOptions{});
//   if (!scanner) return scanner.error();
//   ScanScratch scratch(**scanner);          // one per thread
//   ScanResult result;
//   if ((*scanner)->MayMatch(listing.title))   // optional prefilter: false = the result is empty
//     (*scanner)->Scan(listing, &scratch, &result);
//   result.suspected, result.score, result.signals[i].begin/end (bytes of listing.title)
//
// Rules (docs/match.md): a brand is found when one of its names occurs, or one of its generic
// names occurs together with one of its context terms. A listing is suspected when a brand is
// found whose authorised shops do not include the listing's shop, and slang occurs or the price
// is below price_ratio × that brand's reference price. Latin words match only at word boundaries.
// Brand names match with their look-alikes (data/match/lookalikes.txt) at any position.
//
// Thread safety: a Scanner is immutable after Create; Scan may run on many threads at once, each
// with its own ScanScratch. Scan allocates nothing once the scratch and result have grown to fit.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/money.h"
#include "core/status.h"
#include "match/normalise.h"
#include "match/registry.h"

struct hs_database;
struct hs_scratch;

namespace ipe::match {

struct ScanOptions {
  /// A price below price_ratio × reference price is a signal (default 40 %). In (0, 1].
  double price_ratio = 0.4;
  /// Words announcing a descriptive use of a brand (适用 iPhone 的手机壳: a case FOR an iPhone).
  /// A brand mention within 9 normalised bytes (3 CJK characters) before or after one of them
  /// (适用华为, 华为 Mate60 专用) gives no price signal: an accessory is cheaper than the brand's
  /// product by nature. Slang still counts.
  std::vector<std::string> compatibility_markers = {"适用", "适配", "兼容", "专用", "for"};
  /// Look-alike groups for brand names (ParseLookalikeRules); nullopt: the built-in rules,
  /// data/match/lookalikes.txt.
  std::optional<LookalikeGroups> lookalikes;
};

/// A listing as the scanner sees it; views must outlive the Scan call.
struct Listing {
  std::string_view platform;
  std::string_view shop_id;
  std::string_view shop_name;
  std::string_view title;
  std::optional<core::Fen> price;  // absent or <= 0: no price signal
};

enum class SignalKind : uint8_t {
  kBrand,           // a brand name (品牌名)
  kGenericBrand,    // a generic name with a context term (通用词 + 语境词)
  kSlang,           // a slang term (售假黑话)
  kPrice,           // price below the ratio of the reference price (价格异常)
  kAuthorizedShop,  // the shop is authorised for the brand (授权店铺): clears that brand
};

/// "brand", "generic_brand", "slang", "price", "authorized_shop".
const char* SignalKindName(SignalKind kind);

struct Signal {
  SignalKind kind;
  int64_t reference_fen = 0;  // kPrice: the reference price compared against
  uint32_t brand = 0;    // brand index (all kinds except kSlang)
  uint32_t term = 0;     // term index (Scanner::term) for kBrand, kGenericBrand, kSlang
  uint32_t context = 0;  // term index of the context term for kGenericBrand
  uint32_t begin = 0;    // span in the ORIGINAL title bytes; begin == end: no span (price, shop)
  uint32_t end = 0;
};

struct ScanResult {
  bool suspected = false;
  double score = 0;              // [0,1]; suspected <=> score >= 0.5 (docs/match.md)
  std::vector<uint32_t> brands;  // brand indices found, in order of first occurrence
  std::vector<Signal> signals;   // brands first, then slang, price, authorised shops
};

class Scanner;

/// Per-thread scratch space (Hyperscan scratch, normalised title, hit lists). Not shareable.
class ScanScratch {
 public:
  explicit ScanScratch(const Scanner& scanner);
  ~ScanScratch();
  ScanScratch(const ScanScratch&) = delete;  // owns a Hyperscan scratch region
  ScanScratch& operator=(const ScanScratch&) = delete;

 private:
  friend class Scanner;
  struct BrandState {
    int32_t name_term = -1;
    int32_t generic_term = -1;
    int32_t context_term = -1;
    uint32_t name_begin = 0, name_end = 0;
    uint32_t generic_begin = 0, generic_end = 0;
    uint32_t norm_begin = 0, norm_end = 0;  // first mention, normalised offsets
    int64_t category_price = 0;  // lowest matching category reference price, 0 = none
  };
  struct Hit {
    uint32_t literal;
    uint32_t end;
  };
  hs_scratch* hs_ = nullptr;
  NormalisedText norm_;
  std::vector<Hit> hits_;
  std::vector<BrandState> brand_state_;
  std::vector<uint32_t> touched_;
  std::vector<uint32_t> slang_seen_;
  std::vector<std::pair<uint32_t, uint32_t>> compat_;  // normalised spans of compatibility markers
  std::vector<Signal> slang_;
  std::vector<Signal> tail_;
  // ScanBatch: the titles normalised, joined with a separator, each title's end in the joined
  // text and its first hit.
  std::vector<NormalisedText> batch_norm_;
  std::string batch_text_;
  std::vector<uint32_t> batch_end_;
  std::vector<uint32_t> batch_first_;
};

class Scanner {
 public:
  /// Compiles the registry and slang into one pattern database. InvalidArgument when the
  /// registry does not validate, price_ratio is outside (0,1], or a term normalises to nothing
  /// (only separators); Internal if Hyperscan rejects the database.
  static core::Result<std::unique_ptr<Scanner>> Create(BrandRegistry registry,
                                                       std::vector<std::string> slang,
                                                       ScanOptions options);
  ~Scanner();
  Scanner(const Scanner&) = delete;  // owns the Hyperscan database
  Scanner& operator=(const Scanner&) = delete;

  /// Scans one listing into *result (cleared first). Never fails: any title bytes are accepted.
  void Scan(const Listing& listing, ScanScratch* scratch, ScanResult* result) const;

  /// Scan of each of listings[0, count) into results[i], with one Hyperscan call for all the
  /// titles instead of one a title (batch callers: ipenforce scan). The same results as Scan.
  void ScanBatch(const Listing* listings, size_t count, ScanScratch* scratch,
                 ScanResult* results) const;

  /// The prefilter (粗筛) for batch callers: false only when Scan of a listing with this title
  /// is certain to give an empty result (no brand, no generic name, no slang: suspected false,
  /// score 0, no signals), whatever the other fields. Walks the title's code points once: a
  /// table built from the normaliser's gives each code point its folded character (or "skip"
  /// for a separator), and an Aho-Corasick automaton over those characters finds the names,
  /// generic names and slang terms, look-alikes folded together and word boundaries ignored.
  /// A code point the table cannot fold alone (composing marks, ①, anything above U+FFFF) is
  /// always a candidate. Not the converse: true means "run Scan". No normalised copy, no spans,
  /// no Hyperscan call; the hit sets are identical by construction (tests/match/ checks it on
  /// generated listings and on every look-alike spelling).
  bool MayMatch(std::string_view title) const;

  /// Appends the human-readable explanation of a signal (UTF-8, not escaped), e.g.
  /// "nike: 耐克", "apple: 苹果 + 手机", "高仿", "¥59.00 < 40% × ¥899.00 (nike)".
  void AppendDetail(const Signal& signal, const Listing& listing, std::string* out) const;

  const BrandRegistry& registry() const { return registry_; }
  const std::string& brand_id(uint32_t brand) const { return registry_.brands[brand].id; }
  /// A name, generic name, context term or slang term as written in the registry or lexicon.
  const std::string& term(uint32_t index) const { return terms_[index].text; }
  size_t literal_count() const { return literals_.size(); }
  size_t term_count() const { return terms_.size(); }
  const ScanOptions& options() const { return options_; }

 private:
  friend class ScanScratch;
  enum class TermKind : uint8_t { kName, kGeneric, kContext, kSlang, kCompat, kCategory };
  struct Term {
    TermKind kind;
    uint32_t brand;  // kSlang: index among slang terms
    core::Fen price;  // kCategory: the category's reference price
    std::string text;
    bool left_boundary;   // the normalised term starts with an ASCII letter/digit
    bool right_boundary;  // … ends with one
  };
  struct Literal {
    uint32_t length;
    std::vector<uint32_t> terms;  // every term this pattern stands for
  };

  Scanner() = default;
  bool IsAuthorized(const Brand& brand, const Listing& listing) const;
  static void SortHits(ScanScratch::Hit* hits, size_t count);
  // Scan after matching: the hits of one normalised title (ends relative to it) to the result.
  void Score(const Listing& listing, const NormalisedText& norm, const ScanScratch::Hit* hits,
             size_t hit_count, ScanScratch* scratch, ScanResult* result) const;

  BrandRegistry registry_;
  ScanOptions options_;
  int64_t ratio_ppm_ = 400000;
  std::string ratio_percent_;  // "40" for 0.4: the price detail, formatted once
  std::vector<Term> terms_;
  std::vector<Literal> literals_;
  uint32_t slang_count_ = 0;
  hs_database* db_ = nullptr;
  bool batch_separator_free_ = true;  // no term holds kBatchSeparator (scanner.cc)
  // MayMatch: class or character id per BMP code point; an Aho-Corasick DFA over the ids of
  // the names, generic names and slang terms (states x ids; empty: too large, no prefilter).
  std::vector<uint16_t> char_class_;
  std::vector<uint32_t> dfa_;
  uint32_t sink_ = 0;  // row offset of the accepting state every hit leads to
  uint32_t id_count_ = 0;
};

}  // namespace ipe::match
