#include "match/scanner.h"

#include <hs/hs.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <unordered_map>

namespace ipe::match {
namespace {

// A title with more hits than this stops collecting (pathological input: "nikenikenike…").
constexpr size_t kMaxHits = 4096;
__extension__ using Int128 = __int128;  // price × 10^6 overflows int64 for huge prices
// Upper bound on digit/symbol spellings generated per brand name.
constexpr size_t kMaxVariants = 256;

// Noisy-OR weights of the score (docs/match.md).
constexpr double kBrandNameWeight = 0.35;
constexpr double kGenericBrandWeight = 0.25;
constexpr double kFirstSlangWeight = 0.6;
constexpr double kFurtherSlangKeep = 0.7;  // each further slang term keeps 70 % of the doubt
constexpr double kPriceWeight = 0.5;
constexpr double kPriceDepthWeight = 0.4;

bool IsAsciiAlnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// Digit and symbol spellings of a normalised Latin brand name: nike -> n1ke, n|ke, n!ke;
// adidas -> adida5, 4didas … Letters are already folded (l -> i), so only these remain.
std::vector<std::string> Variants(const std::string& base) {
  std::vector<std::string> out{base};
  for (size_t pos = 0; pos < base.size(); ++pos) {
    std::string_view alts;
    switch (base[pos]) {
      case 'o': alts = "0"; break;
      case 'i': alts = "1|!"; break;
      case 's': alts = "5$"; break;
      case 'e': alts = "3"; break;
      case 'a': alts = "4@"; break;
      default: continue;
    }
    if (out.size() * (alts.size() + 1) > kMaxVariants) continue;
    size_t existing = out.size();
    for (size_t k = 0; k < existing; ++k) {
      for (char alt : alts) {
        std::string v = out[k];
        v[pos] = alt;
        out.push_back(std::move(v));
      }
    }
  }
  return out;
}

void AppendYuan(core::Fen f, std::string* out) { *out += core::FormatYuan(f); }

}  // namespace

const char* SignalKindName(SignalKind kind) {
  switch (kind) {
    case SignalKind::kBrand: return "brand";
    case SignalKind::kGenericBrand: return "generic_brand";
    case SignalKind::kSlang: return "slang";
    case SignalKind::kPrice: return "price";
    case SignalKind::kAuthorizedShop: return "authorized_shop";
  }
  return "unknown";
}

ScanScratch::ScanScratch(const Scanner& scanner) {
  if (scanner.db_ != nullptr && hs_alloc_scratch(scanner.db_, &hs_) != HS_SUCCESS) {
    throw std::bad_alloc();
  }
  brand_state_.resize(scanner.registry_.brands.size());
  hits_.reserve(64);
}

ScanScratch::~ScanScratch() {
  if (hs_ != nullptr) hs_free_scratch(hs_);
}

Scanner::~Scanner() {
  if (db_ != nullptr) hs_free_database(db_);
}

core::Result<std::unique_ptr<Scanner>> Scanner::Create(BrandRegistry registry,
                                                       std::vector<std::string> slang,
                                                       ScanOptions options) {
  if (core::Status s = registry.Validate(); !s.ok()) return s;
  if (!(options.price_ratio > 0 && options.price_ratio <= 1)) {
    return core::InvalidArgument("price_ratio 应在 (0,1] 之间 (price_ratio must be in (0,1])");
  }
  std::unique_ptr<Scanner> scanner(new Scanner());
  scanner->registry_ = std::move(registry);
  scanner->options_ = options;
  scanner->ratio_ppm_ = std::llround(options.price_ratio * 1e6);

  const Normaliser& norm = Normaliser::Default();
  std::unordered_map<std::string, uint32_t> literal_ids;
  std::vector<std::string> literal_text;
  auto add_term = [&](TermKind kind, uint32_t brand, const std::string& text) -> core::Status {
    std::string base = norm.NormaliseText(text);
    if (base.empty()) {
      return core::InvalidArgument("词语归一化后为空 (term is only separators): \"" + text + "\"");
    }
    auto term_index = static_cast<uint32_t>(scanner->terms_.size());
    scanner->terms_.push_back({kind, brand, core::Fen(0), text, IsAsciiAlnum(base.front()),
                               IsAsciiAlnum(base.back())});
    std::vector<std::string> spellings =
        kind == TermKind::kName ? Variants(base) : std::vector<std::string>{base};
    for (std::string& s : spellings) {
      auto [it, inserted] =
          literal_ids.emplace(s, static_cast<uint32_t>(scanner->literals_.size()));
      if (inserted) {
        scanner->literals_.push_back({static_cast<uint32_t>(s.size()), {}});
        literal_text.push_back(s);
      }
      std::vector<uint32_t>& terms = scanner->literals_[it->second].terms;
      if (std::find(terms.begin(), terms.end(), term_index) == terms.end()) {
        terms.push_back(term_index);
      }
    }
    return core::Status::Ok();
  };
  const auto& brands = scanner->registry_.brands;
  for (uint32_t b = 0; b < brands.size(); ++b) {
    for (const std::string& s : brands[b].names) {
      if (auto st = add_term(TermKind::kName, b, s); !st.ok()) return st;
    }
    for (const std::string& s : brands[b].generic_names) {
      if (auto st = add_term(TermKind::kGeneric, b, s); !st.ok()) return st;
    }
    for (const std::string& s : brands[b].context_terms) {
      if (auto st = add_term(TermKind::kContext, b, s); !st.ok()) return st;
    }
    for (const Brand::CategoryPrice& c : brands[b].category_prices) {
      for (const std::string& s : c.terms) {
        if (auto st = add_term(TermKind::kCategory, b, s); !st.ok()) return st;
        scanner->terms_.back().price = c.price;
      }
    }
  }
  for (const std::string& s : scanner->options_.compatibility_markers) {
    if (auto st = add_term(TermKind::kCompat, 0, s); !st.ok()) return st;
  }
  for (const std::string& s : slang) {
    if (auto st = add_term(TermKind::kSlang, scanner->slang_count_, s); !st.ok()) return st;
    ++scanner->slang_count_;
  }

  if (!literal_text.empty()) {
    std::vector<const char*> exprs;
    std::vector<size_t> lens;
    std::vector<unsigned> flags(literal_text.size(), 0);
    std::vector<unsigned> ids;
    for (size_t i = 0; i < literal_text.size(); ++i) {
      exprs.push_back(literal_text[i].data());
      lens.push_back(literal_text[i].size());
      ids.push_back(static_cast<unsigned>(i));
    }
    hs_compile_error_t* error = nullptr;
    if (hs_compile_lit_multi(exprs.data(), flags.data(), ids.data(), lens.data(),
                             static_cast<unsigned>(exprs.size()), HS_MODE_BLOCK, nullptr,
                             &scanner->db_, &error) != HS_SUCCESS) {
      std::string message = error != nullptr ? error->message : "unknown";
      hs_free_compile_error(error);
      return core::Internal("Hyperscan 编译失败 (Hyperscan compile failed): " + message);
    }
  }
  return scanner;
}

void Scanner::Scan(const Listing& listing, ScanScratch* scratch, ScanResult* result) const {
  result->suspected = false;
  result->score = 0;
  result->brands.clear();
  result->signals.clear();

  NormalisedText& norm = scratch->norm_;
  Normaliser::Default().Normalise(listing.title, &norm);
  auto& hits = scratch->hits_;
  hits.clear();
  if (db_ != nullptr && !norm.empty()) {
    hs_scan(
        db_, norm.text().data(), static_cast<unsigned>(norm.size()), 0, scratch->hs_,
        [](unsigned int id, unsigned long long, unsigned long long to, unsigned int,
           void* ctx) -> int {
          auto* h = static_cast<std::vector<ScanScratch::Hit>*>(ctx);
          h->push_back({id, static_cast<uint32_t>(to)});
          return h->size() >= kMaxHits ? 1 : 0;
        },
        &hits);
  }

  auto& touched = scratch->touched_;
  auto& states = scratch->brand_state_;
  auto& slang_seen = scratch->slang_seen_;
  touched.clear();
  slang_seen.clear();
  scratch->slang_.clear();
  scratch->tail_.clear();
  auto& compat = scratch->compat_;
  compat.clear();
  // A brand within this many normalised bytes of a marker is a descriptive mention.
  constexpr uint32_t kCompatGap = 9;
  auto near_marker = [&](uint32_t begin, uint32_t end) {
    for (auto [mb, me] : compat) {
      if (me <= begin && begin - me <= kCompatGap) return true;
      if (mb >= end && mb - end <= kCompatGap) return true;
    }
    return false;
  };
  for (const ScanScratch::Hit& hit : hits) {
    const Literal& lit = literals_[hit.literal];
    uint32_t end = hit.end;
    uint32_t begin = end - lit.length;
    bool left_ok = norm.BoundaryAt(begin);
    bool right_ok = norm.BoundaryAt(end);
    for (uint32_t t : lit.terms) {
      const Term& term = terms_[t];
      if ((term.left_boundary && !left_ok) || (term.right_boundary && !right_ok)) continue;
      auto [src_begin, src_end] = norm.SourceSpan(begin, end);
      if (term.kind == TermKind::kCompat) {
        compat.emplace_back(begin, end);
        continue;
      }
      if (term.kind == TermKind::kSlang) {
        if (std::find(slang_seen.begin(), slang_seen.end(), t) != slang_seen.end()) continue;
        slang_seen.push_back(t);
        scratch->slang_.push_back({SignalKind::kSlang, 0, 0, t, 0, src_begin, src_end});
        continue;
      }
      ScanScratch::BrandState& st = states[term.brand];
      bool fresh = st.name_term < 0 && st.generic_term < 0 && st.context_term < 0 &&
                   st.category_price == 0;
      if (fresh) touched.push_back(term.brand);
      switch (term.kind) {
        case TermKind::kName:
          if (st.name_term < 0) {
            if (st.generic_term < 0) st.norm_begin = begin, st.norm_end = end;
            st.name_term = static_cast<int32_t>(t);
            st.name_begin = src_begin;
            st.name_end = src_end;
          }
          break;
        case TermKind::kGeneric:
          if (st.generic_term < 0) {
            if (st.name_term < 0) st.norm_begin = begin, st.norm_end = end;
            st.generic_term = static_cast<int32_t>(t);
            st.generic_begin = src_begin;
            st.generic_end = src_end;
          }
          break;
        case TermKind::kContext:
          if (st.context_term < 0) st.context_term = static_cast<int32_t>(t);
          break;
        case TermKind::kCategory:
          if (st.category_price == 0 || term.price.value < st.category_price) {
            st.category_price = term.price.value;
          }
          break;
        case TermKind::kSlang:
        case TermKind::kCompat:
          break;
      }
    }
  }

  // Brands found, in order of first occurrence, then slang, then price and authorised shops.
  std::vector<Signal>& signals = result->signals;
  std::vector<Signal>& tail = scratch->tail_;
  const size_t slang_signals = scratch->slang_.size();
  double brand_weight = 0;
  double price_weight = 0;
  bool any_unauthorized = false;
  int64_t price = listing.price && listing.price->value > 0 ? listing.price->value : 0;
  for (uint32_t b : touched) {
    ScanScratch::BrandState& st = states[b];
    bool by_name = st.name_term >= 0;
    bool by_generic = !by_name && st.generic_term >= 0 && st.context_term >= 0;
    if (by_name || by_generic) {
      result->brands.push_back(b);
      Signal s = by_name ? Signal{SignalKind::kBrand, 0, b, static_cast<uint32_t>(st.name_term), 0,
                                  st.name_begin, st.name_end}
                         : Signal{SignalKind::kGenericBrand, 0, b,
                                  static_cast<uint32_t>(st.generic_term),
                                  static_cast<uint32_t>(st.context_term), st.generic_begin,
                                  st.generic_end};
      signals.push_back(s);
      const Brand& brand = registry_.brands[b];
      if (IsAuthorized(brand, listing)) {
        tail.push_back({SignalKind::kAuthorizedShop, 0, b, 0, 0, 0, 0});
      } else {
        any_unauthorized = true;
        brand_weight = std::max(brand_weight, by_name ? kBrandNameWeight : kGenericBrandWeight);
        int64_t ref = st.category_price > 0 ? st.category_price : brand.reference_price.value;
        if (price > 0 && ref > 0 && !near_marker(st.norm_begin, st.norm_end) &&
            static_cast<Int128>(price) * 1000000 < static_cast<Int128>(ratio_ppm_) * ref) {
          double threshold = static_cast<double>(ref) * options_.price_ratio;
          double depth = 1.0 - static_cast<double>(price) / threshold;
          price_weight = std::max(price_weight, kPriceWeight + kPriceDepthWeight * depth);
          Signal p{SignalKind::kPrice, ref, b, 0, 0, 0, 0};
          tail.push_back(p);
        }
      }
    }
    st = ScanScratch::BrandState();
  }
  signals.insert(signals.end(), scratch->slang_.begin(), scratch->slang_.end());
  signals.insert(signals.end(), tail.begin(), tail.end());

  if (any_unauthorized) {
    double slang_weight =
        slang_signals == 0
            ? 0
            : 1.0 - (1.0 - kFirstSlangWeight) *
                        std::pow(kFurtherSlangKeep, static_cast<double>(slang_signals - 1));
    result->score = 1.0 - (1.0 - brand_weight) * (1.0 - slang_weight) * (1.0 - price_weight);
    result->suspected = slang_signals > 0 || price_weight > 0;
  }
}

bool Scanner::IsAuthorized(const Brand& brand, const Listing& listing) const {
  if (listing.shop_id.empty()) return false;
  for (const std::string& shop : brand.authorized_shops) {
    if (shop == listing.shop_id) return true;
    // "platform:shop_id"
    if (shop.size() == listing.platform.size() + 1 + listing.shop_id.size() &&
        !listing.platform.empty() && shop.compare(0, listing.platform.size(), listing.platform) == 0 &&
        shop[listing.platform.size()] == ':' &&
        shop.compare(listing.platform.size() + 1, std::string::npos, listing.shop_id) == 0) {
      return true;
    }
  }
  return false;
}

void Scanner::AppendDetail(const Signal& signal, const Listing& listing, std::string* out) const {
  switch (signal.kind) {
    case SignalKind::kBrand:
      *out += brand_id(signal.brand);
      *out += ": ";
      *out += terms_[signal.term].text;
      break;
    case SignalKind::kGenericBrand:
      *out += brand_id(signal.brand);
      *out += ": ";
      *out += terms_[signal.term].text;
      *out += " + ";
      *out += terms_[signal.context].text;
      break;
    case SignalKind::kSlang:
      *out += terms_[signal.term].text;
      break;
    case SignalKind::kPrice: {
      const Brand& brand = registry_.brands[signal.brand];
      *out += "¥";
      AppendYuan(listing.price.value_or(core::Fen(0)), out);
      *out += " < ";
      char pct[32];
      std::snprintf(pct, sizeof pct, "%g", options_.price_ratio * 100);
      *out += pct;
      *out += "% × ¥";
      AppendYuan(core::Fen(signal.reference_fen), out);
      *out += " (";
      *out += brand.id;
      *out += ")";
      break;
    }
    case SignalKind::kAuthorizedShop:
      *out += brand_id(signal.brand);
      *out += ": 授权店铺 (authorised shop) ";
      *out += listing.shop_id;
      break;
  }
}

}  // namespace ipe::match
