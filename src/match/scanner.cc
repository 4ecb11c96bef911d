#include "match/scanner.h"

#include <hs/hs.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cmath>
#include <stdexcept>
#include <unordered_map>

namespace ipe::match {
namespace {

// Prefilter character classes (Scanner::char_class_): a code point the normaliser drops, one it
// folds to a character no term holds, one the table cannot fold alone; ids from kFirstId on.
constexpr uint16_t kSkip = 0;
constexpr uint16_t kBreak = 1;
constexpr uint16_t kExact = 2;
constexpr uint16_t kFirstId = 3;

// A title with more hits than this stops collecting (pathological input: "nikenikenike…").
constexpr size_t kMaxHits = 4096;
// Between the titles of a batch (ScanBatch): a byte no pattern holds, so no match spans two
// titles. The normaliser drops control characters, so no normalised term holds it; Create checks.
constexpr char kBatchSeparator = '\0';
__extension__ using Int128 = __int128;  // price × 10^6 overflows int64 for huge prices

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

// Look-alike groups as bytes of the normalised text: groups[b] = every byte of b's group (b
// included), or empty when b is in no group.
using ByteGroups = std::array<std::string, 256>;

core::Result<ByteGroups> CompileLookalikes(const LookalikeGroups& groups, const Normaliser& norm) {
  ByteGroups out;
  for (const std::vector<std::string>& group : groups) {
    std::string bytes;
    for (const std::string& member : group) {
      std::string n = norm.NormaliseText(member);
      if (n.size() != 1) {
        return core::InvalidArgument("形近字符 \"" + member +
                                     "\" 归一化后应为一个 ASCII 字符 (look-alike member \"" +
                                     member + "\" must normalise to one ASCII character)");
      }
      if (bytes.find(n[0]) == std::string::npos) bytes += n[0];
    }
    for (char b : bytes) {
      std::string& slot = out[static_cast<unsigned char>(b)];
      if (!slot.empty()) {
        return core::InvalidArgument(std::string("形近字符 \"") + b + "\" 属于两组 (look-alike \"" +
                                     b + "\" is in two groups after normalisation)");
      }
      slot = bytes;
    }
  }
  return out;
}

void AppendByteEscape(unsigned char b, std::string* out) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "\\x%02x", b);
  *out += buf;
}

// Hyperscan pattern (byte mode) for a normalised term: every byte escaped; in a brand name each
// byte in a look-alike group becomes the class of its group (n[i1|!]k[e3]). The match length is
// the term's length whatever the substitution, so start = end - length still holds.
std::string TermPattern(std::string_view base, const ByteGroups* groups) {
  std::string p;
  for (char c : base) {
    auto b = static_cast<unsigned char>(c);
    if (groups != nullptr && (*groups)[b].size() > 1) {
      p += '[';
      for (char g : (*groups)[b]) AppendByteEscape(static_cast<unsigned char>(g), &p);
      p += ']';
    } else {
      AppendByteEscape(b, &p);
    }
  }
  return p;
}

core::Status CompileDatabase(const std::vector<std::string>& patterns,
                             std::vector<unsigned> all_flags, hs_database** db) {
  std::vector<const char*> exprs;
  std::vector<unsigned> ids;
  for (size_t i = 0; i < patterns.size(); ++i) {
    exprs.push_back(patterns[i].c_str());
    ids.push_back(static_cast<unsigned>(i));
  }
  hs_compile_error_t* error = nullptr;
  if (hs_compile_multi(exprs.data(), all_flags.data(), ids.data(),
                       static_cast<unsigned>(exprs.size()), HS_MODE_BLOCK, nullptr, db,
                       &error) != HS_SUCCESS) {
    std::string message = error != nullptr ? error->message : "unknown";
    hs_free_compile_error(error);
    return core::Internal("Hyperscan 编译失败 (Hyperscan compile failed): " + message);
  }
  return core::Status::Ok();
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
  char pct[32];
  std::snprintf(pct, sizeof pct, "%g", options.price_ratio * 100);
  scanner->ratio_percent_ = pct;

  const Normaliser& norm = Normaliser::Default();
  core::Result<LookalikeGroups> default_groups = LookalikeGroups();
  if (!scanner->options_.lookalikes) {
    default_groups = ParseLookalikeRules(DefaultLookalikeRules());
    if (!default_groups) return default_groups.error();
  }
  core::Result<ByteGroups> lookalikes = CompileLookalikes(
      scanner->options_.lookalikes ? *scanner->options_.lookalikes : *default_groups, norm);
  if (!lookalikes) return lookalikes.error();
  std::unordered_map<std::string, uint32_t> literal_ids;
  std::vector<std::string> literal_text;
  // Prefilter: a trie of the terms over character ids (ids start at kFirstId). Members of a
  // look-alike group share one id in every term (n1ke, nike; also 1:1 and i:i): the prefilter
  // may over-report, never under-report.
  std::unordered_map<char32_t, uint16_t> char_ids;
  std::vector<std::vector<std::pair<uint16_t, uint32_t>>> trie(1);  // state -> (id, next)
  std::vector<uint8_t> trie_accept(1, 0);
  auto char_id = [&](char32_t c) {
    if (c < 0x80 && !(*lookalikes)[c].empty()) c = static_cast<unsigned char>((*lookalikes)[c][0]);
    auto [it, inserted] = char_ids.emplace(c, static_cast<uint16_t>(kFirstId + char_ids.size()));
    return it->second;
  };
  auto add_prefilter = [&](const std::string& base) {
    uint32_t state = 0;
    for (size_t pos = 0; pos < base.size();) {
      uint16_t id = char_id(DecodeUtf8(base, &pos));
      auto& edges = trie[state];
      auto it = std::find_if(edges.begin(), edges.end(), [&](auto& e) { return e.first == id; });
      if (it != edges.end()) {
        state = it->second;
        continue;
      }
      auto next = static_cast<uint32_t>(trie.size());
      edges.emplace_back(id, next);
      trie.emplace_back();
      trie_accept.push_back(0);
      state = next;
    }
    trie_accept[state] = 1;
  };
  auto add_term = [&](TermKind kind, uint32_t brand, const std::string& text) -> core::Status {
    std::string base = norm.NormaliseText(text);
    if (base.empty()) {
      return core::InvalidArgument("词语归一化后为空 (term is only separators): \"" + text + "\"");
    }
    if (base.find(kBatchSeparator) != std::string::npos) scanner->batch_separator_free_ = false;
    auto term_index = static_cast<uint32_t>(scanner->terms_.size());
    scanner->terms_.push_back({kind, brand, core::Fen(0), text, IsAsciiAlnum(base.front()),
                               IsAsciiAlnum(base.back())});
    bool is_name = kind == TermKind::kName;
    std::string pattern = TermPattern(base, is_name ? &*lookalikes : nullptr);
    auto [it, inserted] =
        literal_ids.emplace(pattern, static_cast<uint32_t>(scanner->literals_.size()));
    if (inserted) {
      scanner->literals_.push_back({static_cast<uint32_t>(base.size()), {}});
      literal_text.push_back(std::move(pattern));
    }
    std::vector<uint32_t>& terms = scanner->literals_[it->second].terms;
    if (std::find(terms.begin(), terms.end(), term_index) == terms.end()) {
      terms.push_back(term_index);
    }
    // Only names, generic names and slang can make a result non-empty; context, category and
    // compatibility terms matter only next to a brand.
    if (is_name || kind == TermKind::kGeneric || kind == TermKind::kSlang) {
      add_prefilter(base);
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
    if (auto st = CompileDatabase(literal_text, std::vector<unsigned>(literal_text.size(), 0),
                                  &scanner->db_);
        !st.ok()) {
      return st;
    }
  }
  // Prefilter tables: each BMP code point by what the table folds it to.
  if (char_ids.size() + kFirstId > 0xFFFF) return scanner;  // ids overflowed: no prefilter
  scanner->id_count_ = static_cast<uint32_t>(kFirstId + char_ids.size());
  scanner->char_class_.assign(0x10000, kExact);
  for (char32_t cp = 0; cp < 0x10000; ++cp) {
    if (cp >= 0xD800 && cp <= 0xDFFF) continue;  // never decoded: ill-formed in UTF-8
    std::string_view mapped;
    switch (norm.MapBmp(cp, &mapped)) {
      case Normaliser::Fate::kDropped:
        scanner->char_class_[cp] = kSkip;
        break;
      case Normaliser::Fate::kNeedsIcu:
        break;  // kExact
      case Normaliser::Fate::kMapped: {
        size_t pos = 0;
        char32_t out = DecodeUtf8(mapped, &pos);
        if (pos != mapped.size()) break;  // several characters (①, ㎏): kExact
        if (out < 0x80 && !(*lookalikes)[out].empty()) {
          out = static_cast<unsigned char>((*lookalikes)[out][0]);  // as char_id does
        }
        auto it = char_ids.find(out);
        scanner->char_class_[cp] = it == char_ids.end() ? kBreak : it->second;
        break;
      }
    }
  }
  // Aho-Corasick: the trie completed into a DFA over ids (breadth first, failure links), one
  // column per id including kSkip (stay), kBreak (back to the root) and kExact (to the sink). An
  // edge into an accepting state leads to the sink instead, and the sink to itself: MayMatch
  // runs without a branch per character and reads the answer off the last state.
  const size_t cols = scanner->id_count_;
  const size_t states = trie.size() + 1;  // + the sink
  const auto sink = static_cast<uint32_t>(trie.size());
  if (states * cols > (size_t{1} << 24)) {
    scanner->dfa_.clear();  // too large a registry for the table: MayMatch says yes
    return scanner;
  }
  auto& dfa = scanner->dfa_;
  dfa.assign(states * cols, 0);
  std::vector<uint8_t> accept = trie_accept;
  accept.push_back(1);
  std::vector<uint32_t> fail(states, 0);
  std::vector<uint32_t> queue;
  for (auto [id, next] : trie[0]) {
    dfa[id] = next;
    queue.push_back(next);
  }
  for (size_t head = 0; head < queue.size(); ++head) {
    uint32_t st = queue[head];
    accept[st] = accept[st] | accept[fail[st]];
    for (size_t a = 0; a < cols; ++a) dfa[st * cols + a] = dfa[fail[st] * cols + a];
    for (auto [id, next] : trie[st]) {
      fail[next] = dfa[fail[st] * cols + id];
      dfa[st * cols + id] = next;
      queue.push_back(next);
    }
  }
  for (uint32_t st = 0; st < states; ++st) {
    uint32_t* row = dfa.data() + st * cols;
    if (accept[st] != 0) {
      std::fill(row, row + cols, sink);
      continue;
    }
    row[kSkip] = st;
    row[kBreak] = 0;
    row[kExact] = sink;
  }
  for (uint32_t& to : dfa) {
    if (accept[to] != 0) to = sink;  // a hit ends the walk in the sink at once
    to *= static_cast<uint32_t>(cols);  // states stored as row offsets: no multiply per step
  }
  scanner->sink_ = sink * static_cast<uint32_t>(cols);
  return scanner;
}

// Puts a title's hits in (end, literal) order: the result then does not depend on the order
// Hyperscan reports them in, which may differ between a call on one title and on a batch.
// Insertion sort: a title has a handful of hits, nearly always already in order.
void Scanner::SortHits(ScanScratch::Hit* hits, size_t count) {
  auto before = [](const ScanScratch::Hit& a, const ScanScratch::Hit& b) {
    return a.end != b.end ? a.end < b.end : a.literal < b.literal;
  };
  for (size_t i = 1; i < count; ++i) {
    ScanScratch::Hit h = hits[i];
    size_t j = i;
    for (; j > 0 && before(h, hits[j - 1]); --j) hits[j] = hits[j - 1];
    hits[j] = h;
  }
}

void Scanner::Scan(const Listing& listing, ScanScratch* scratch, ScanResult* result) const {
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
  SortHits(hits.data(), hits.size());
  Score(listing, norm, hits.data(), hits.size(), scratch, result);
}

void Scanner::ScanBatch(const Listing* listings, size_t count, ScanScratch* scratch,
                        ScanResult* results) const {
  if (db_ == nullptr || !batch_separator_free_) {
    for (size_t i = 0; i < count; ++i) Scan(listings[i], scratch, &results[i]);
    return;
  }
  auto& norms = scratch->batch_norm_;
  if (norms.size() < count) norms.resize(count);
  std::string& text = scratch->batch_text_;
  auto& ends = scratch->batch_end_;
  text.clear();
  ends.clear();
  for (size_t i = 0; i < count; ++i) {
    Normaliser::Default().Normalise(listings[i].title, &norms[i]);
    text.append(norms[i].text());
    ends.push_back(static_cast<uint32_t>(text.size()));
    text.push_back(kBatchSeparator);
  }
  // Hits with title-relative ends, grouped by title; at most kMaxHits a title, the first ones
  // reported, as Scan keeps. Hyperscan reports in order of end offset here, so a title's hits
  // come together; should one come out of order across titles, the batch is scanned title by
  // title instead. Within a title SortHits fixes the order.
  struct Context {
    std::vector<ScanScratch::Hit>* hits;
    std::vector<uint32_t>* first;  // first[i]: index in *hits of title i's first hit
    const uint32_t* ends;
    size_t count;
    size_t title;
    bool unordered;
  };
  auto& hits = scratch->hits_;
  auto& first = scratch->batch_first_;
  hits.clear();
  first.assign(count + 1, 0);
  Context ctx{&hits, &first, ends.data(), count, 0, false};
  hs_scan(
      db_, text.data(), static_cast<unsigned>(text.size()), 0, scratch->hs_,
      [](unsigned int id, unsigned long long, unsigned long long to, unsigned int,
         void* p) -> int {
        auto* c = static_cast<Context*>(p);
        // No match holds the separator, so `to` <= ends[title] for the title it ends in.
        while (to > c->ends[c->title] && c->title + 1 < c->count) {
          (*c->first)[++c->title] = static_cast<uint32_t>(c->hits->size());
        }
        const uint32_t start = c->title == 0 ? 0 : c->ends[c->title - 1] + 1;
        if (to < start || to > c->ends[c->title]) {
          c->unordered = true;
          return 1;  // stop: Scan each title
        }
        if (c->hits->size() - (*c->first)[c->title] >= kMaxHits) return 0;
        c->hits->push_back({id, static_cast<uint32_t>(to) - start});
        return 0;
      },
      &ctx);
  if (ctx.unordered) {
    for (size_t i = 0; i < count; ++i) Scan(listings[i], scratch, &results[i]);
    return;
  }
  while (ctx.title < count) first[++ctx.title] = static_cast<uint32_t>(hits.size());
  for (size_t i = 0; i < count; ++i) {
    SortHits(hits.data() + first[i], first[i + 1] - first[i]);
    Score(listings[i], norms[i], hits.data() + first[i], first[i + 1] - first[i], scratch,
          &results[i]);
  }
}

void Scanner::Score(const Listing& listing, const NormalisedText& norm,
                    const ScanScratch::Hit* hits, size_t hit_count, ScanScratch* scratch,
                    ScanResult* result) const {
  result->suspected = false;
  result->score = 0;
  result->brands.clear();
  result->signals.clear();

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
  for (size_t hit_index = 0; hit_index < hit_count; ++hit_index) {
    const ScanScratch::Hit& hit = hits[hit_index];
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

bool Scanner::MayMatch(std::string_view title) const {
  if (dfa_.empty()) return true;
  const auto* bytes = reinterpret_cast<const unsigned char*>(title.data());
  const size_t n = title.size();
  uint32_t state = 0;  // row offset of the automaton state
  for (size_t pos = 0; pos < n;) {
    char32_t cp = bytes[pos];
    if (cp < 0x80) {
      ++pos;
    } else if ((cp & 0xF0) == 0xE0 && pos + 2 < n && (bytes[pos + 1] & 0xC0) == 0x80 &&
               (bytes[pos + 2] & 0xC0) == 0x80 && (cp != 0xE0 || bytes[pos + 1] >= 0xA0) &&
               (cp != 0xED || bytes[pos + 1] < 0xA0)) {
      // Well-formed three bytes (CJK): inline. Everything else through the full decoder.
      cp = ((cp & 0x0F) << 12) | ((bytes[pos + 1] & 0x3Fu) << 6) | (bytes[pos + 2] & 0x3Fu);
      pos += 3;
    } else {
      cp = DecodeUtf8(title, &pos);  // ill-formed bytes read as U+FFFD, a separator
      if (cp >= 0x10000) return true;
    }
    state = dfa_[state + char_class_[cp]];
  }
  return state == sink_;
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
      *out += ratio_percent_;
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
