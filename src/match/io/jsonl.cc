#include "match/io/jsonl.h"

#include <emmintrin.h>
#include <simdjson.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <vector>

#include "match/internal/utf8_inline.h"
#include "match/normalise.h"

namespace ipe::match::io {
namespace {

std::string LineError(size_t line_no, const std::string& what) {
  return "品牌文件第 " + std::to_string(line_no) + " 行 (brand file line " +
         std::to_string(line_no) + "): " + what;
}

// Reads an array of strings; false if the element is not one.
bool StringArray(simdjson::dom::element e, std::vector<std::string>* out) {
  simdjson::dom::array array;
  if (e.get_array().get(array) != simdjson::SUCCESS) return false;
  for (simdjson::dom::element item : array) {
    std::string_view s;
    if (item.get_string().get(s) != simdjson::SUCCESS) return false;
    out->emplace_back(s);
  }
  return true;
}

}  // namespace

core::Result<BrandRegistry> ParseBrandRegistryJsonl(std::string_view text) {
  BrandRegistry registry;
  simdjson::dom::parser parser;
  size_t line_no = 0;
  while (!text.empty()) {
    ++line_no;
    size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    size_t first = line.find_first_not_of(" \t");
    if (first == std::string_view::npos || line[first] == '#') continue;
    simdjson::dom::element doc;
    if (auto error = parser.parse(line.data(), line.size()).get(doc); error) {
      return core::InvalidArgument(
          LineError(line_no, std::string("JSON 语法错误 (invalid JSON): ") +
                                 simdjson::error_message(error)));
    }
    simdjson::dom::object obj;
    if (doc.get_object().get(obj) != simdjson::SUCCESS) {
      return core::InvalidArgument(LineError(line_no, "不是 JSON 对象 (not a JSON object)"));
    }
    Brand brand;
    for (auto [key, value] : obj) {
      bool ok = true;
      if (key == "id") {
        std::string_view id;
        ok = value.get_string().get(id) == simdjson::SUCCESS;
        brand.id = std::string(id);
      } else if (key == "names") {
        ok = StringArray(value, &brand.names);
      } else if (key == "generic_names") {
        ok = StringArray(value, &brand.generic_names);
      } else if (key == "context_terms") {
        ok = StringArray(value, &brand.context_terms);
      } else if (key == "authorized_shops") {
        ok = StringArray(value, &brand.authorized_shops);
      } else if (key == "category_prices") {
        simdjson::dom::array cats;
        ok = value.get_array().get(cats) == simdjson::SUCCESS;
        if (!ok) cats = simdjson::dom::array();
        for (simdjson::dom::element c : cats) {
          if (!ok) break;
          Brand::CategoryPrice cp;
          simdjson::dom::element terms;
          int64_t fen = 0;
          if (!c.is_object() || c["terms"].get(terms) != simdjson::SUCCESS ||
              !StringArray(terms, &cp.terms) || c["price_fen"].get_int64().get(fen) != simdjson::SUCCESS) {
            ok = false;
            break;
          }
          cp.price = core::Fen(fen);
          brand.category_prices.push_back(std::move(cp));
        }
      } else if (key == "reference_price_fen") {
        int64_t fen = 0;
        if (value.is_null()) {
          fen = 0;
        } else {
          ok = value.get_int64().get(fen) == simdjson::SUCCESS && fen >= 0;
        }
        brand.reference_price = core::Fen(fen);
      }
      if (!ok) {
        return core::InvalidArgument(LineError(
            line_no, "字段 \"" + std::string(key) +
                         "\" 类型错误 (wrong type: id is a string, lists are arrays of strings, "
                         "reference_price_fen a non-negative integer, category_prices [{terms, price_fen}])"));
      }
    }
    if (brand.id.empty()) {
      return core::InvalidArgument(LineError(line_no, "缺少 id (missing or empty \"id\")"));
    }
    registry.brands.push_back(std::move(brand));
  }
  if (core::Status s = registry.Validate(); !s.ok()) return s;
  if (registry.brands.empty()) {
    return core::InvalidArgument("品牌文件为空 (brand file has no brands)");
  }
  return registry;
}

namespace {

// One SSE2 pass over a listing line (x86-64 only, as Hyperscan), 16 bytes at a time: false when
// the line holds a backslash or a byte below 0x20 (an escape, a tab: the DOM path's business);
// otherwise the positions of its quotes as a bit set and the span of its bytes >= 0x80, so that
// the reader finds the end of each string with a bit scan and validates UTF-8 only where it can
// be ill-formed (ASCII bytes are always whole characters).
class LineIndex {
 public:
  /// Indexes `line`; false when it has a backslash or a control byte, or is shorter than 16
  /// bytes (too short to hold an id and a title).
  bool Build(std::string_view line) {
    const size_t n = line.size();
    if (n < 16) return false;
    data_ = line.data();
    quotes_.assign(n / 64 + 2, 0);
    high_begin_ = n;  // none yet
    high_end_ = 0;
    size_t at = 0;
    for (; at + 16 <= n; at += 16) {
      if (!Chunk(at, 0)) return false;
    }
    // The last partial chunk: the 16 bytes ending the line, minus those already seen.
    return at == n || Chunk(n - 16, static_cast<unsigned>(16 - (n - at)));
  }
  /// Position of the first quote at or after `from`, or npos.
  size_t NextQuote(size_t from) const {
    size_t word = from / 64;
    if (word >= quotes_.size()) return std::string_view::npos;
    uint64_t bits = quotes_[word] & (~uint64_t{0} << (from % 64));
    while (bits == 0) {
      if (++word == quotes_.size()) return std::string_view::npos;
      bits = quotes_[word];
    }
    return word * 64 + static_cast<size_t>(__builtin_ctzll(bits));
  }
  /// True when the bytes >= 0x80 form well-formed UTF-8 (the whole line then does).
  bool ValidUtf8() const {
    return high_begin_ >= high_end_ ||
           simdjson::validate_utf8(data_ + high_begin_, high_end_ - high_begin_);
  }

 private:
  // The 16 bytes at `at`, ignoring the first `skip`.
  bool Chunk(size_t at, unsigned skip) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data_ + at));
    const __m128i bad = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\\')),
                                     _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(0x1F)), v));
    const unsigned keep = 0xFFFFu << skip;
    if ((static_cast<unsigned>(_mm_movemask_epi8(bad)) & keep) != 0) return false;
    const uint64_t quotes =
        static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')))) & keep;
    const size_t word = at / 64;
    const unsigned shift = at % 64;
    quotes_[word] |= quotes << shift;
    if (shift > 48) quotes_[word + 1] |= quotes >> (64 - shift);
    if ((static_cast<unsigned>(_mm_movemask_epi8(v)) & keep) != 0) {  // a byte >= 0x80
      if (high_begin_ > at) high_begin_ = at;
      high_end_ = at + 16;
    }
    return true;
  }

  const char* data_ = nullptr;
  std::vector<uint64_t> quotes_;  // bit i % 64 of word i / 64: line[i] == '"'
  size_t high_begin_ = 0;         // [begin, end): the 16-byte chunks holding bytes >= 0x80
  size_t high_end_ = 0;
};

// The common listing line without simdjson: one flat object whose values are strings without
// escapes, non-negative integers of at most 18 digits, true, false or null. Returns true and
// fills *out exactly as the DOM path would; false for anything else (an escape, a nested value,
// a float, an integer id, a type error, a missing field, ill-formed JSON or UTF-8) — the caller
// then runs the DOM path, which accepts the rest and words the errors. Strict subset, same fields:
// tests/match/prefilter_test.cc compares the two on generated and mutated lines, and
// fuzz/match/match_fuzzer.cc on anything.
bool ParseFlatListing(std::string_view line, LineIndex* index, ListingFields* out) {
  // No escape and no control character anywhere, so a string ends at the next quote and the
  // only white space between tokens is ' ' (a tab is legal JSON but rare: the DOM path takes it).
  if (!index->Build(line)) return false;
  const char* p = line.data();
  const char* const end = p + line.size();
  auto skip_ws = [&] {
    while (p < end && *p == ' ') ++p;
  };
  // A string; p at the opening quote.
  auto read_string = [&](std::string_view* s) {
    const char* begin = ++p;
    const size_t quote = index->NextQuote(static_cast<size_t>(begin - line.data()));
    if (quote == std::string_view::npos) return false;
    *s = std::string_view(begin, static_cast<size_t>(line.data() + quote - begin));
    p = line.data() + quote + 1;
    return true;
  };
  auto literal = [&](std::string_view word) {
    if (static_cast<size_t>(end - p) < word.size() || std::string_view(p, word.size()) != word) {
      return false;
    }
    p += word.size();
    return true;
  };
  skip_ws();
  if (p == end || *p != '{') return false;
  ++p;
  bool has_title = false;
  while (true) {
    skip_ws();
    std::string_view key;
    if (p == end || *p != '"' || !read_string(&key)) return false;
    skip_ws();
    if (p == end || *p != ':') return false;
    ++p;
    skip_ws();
    if (p == end) return false;
    enum { kString, kInteger, kNull, kBool } type;
    std::string_view text;
    int64_t number = 0;
    if (*p == '"') {
      if (!read_string(&text)) return false;
      type = kString;
    } else if (*p >= '0' && *p <= '9') {
      const char* begin = p;
      while (p < end && *p >= '0' && *p <= '9') number = number * 10 + (*p++ - '0');
      size_t digits = static_cast<size_t>(p - begin);
      if (digits > 18 || (digits > 1 && *begin == '0')) return false;
      if (p < end && (*p == '.' || *p == 'e' || *p == 'E')) return false;
      type = kInteger;
    } else if (literal("null")) {
      type = kNull;
    } else if (literal("true") || literal("false")) {
      type = kBool;
    } else {
      return false;
    }
    std::string_view* target = nullptr;
    switch (key.size()) {  // one comparison per key
      case 2: target = key == "id" ? &out->id : nullptr; break;
      case 5: target = key == "title" ? &out->title : nullptr; break;
      case 7: target = key == "shop_id" ? &out->shop_id : nullptr; break;
      case 8: target = key == "platform" ? &out->platform : nullptr; break;
      case 9:
        if (key == "shop_name") {
          target = &out->shop_name;
        } else if (key == "price_fen") {
          if (type == kNull) {
            out->price_fen.reset();
          } else if (type == kInteger) {
            out->price_fen = number;
          } else {
            return false;
          }
        }
        break;
      default: break;
    }
    if (target != nullptr) {
      if (type != kString) return false;
      *target = text;
      if (target == &out->title) has_title = true;
    }
    skip_ws();
    if (p == end) return false;
    if (*p == ',') {
      ++p;
      continue;
    }
    if (*p != '}') return false;
    ++p;
    break;
  }
  skip_ws();
  return p == end && !out->id.empty() && has_title && index->ValidUtf8();
}

}  // namespace

struct ListingParser::Impl {
  // DOM, not On-Demand: Debian's library dispatches DOM parsing to the CPU's best kernels at run
  // time (icelake here, 94 ns a 188-byte line), while On-Demand is compiled for the build
  // flags' baseline (the portable "fallback" kernel without -march). DOM also validates the whole
  // line, trailing bytes included.
  simdjson::dom::parser parser;
  LineIndex index;  // the flat reader's, reused
};

const size_t ListingParser::kPadding = simdjson::SIMDJSON_PADDING;

ListingParser::ListingParser() : impl_(std::make_unique<Impl>()) {}
ListingParser::~ListingParser() = default;

bool ListingParser::Parse(std::string_view line, size_t capacity, ListingFields* out,
                          std::string* error, bool* flat) {
  *out = ListingFields();
  bool is_flat = ParseFlatListing(line, &impl_->index, out);
  if (flat != nullptr) *flat = is_flat;
  if (is_flat) return true;
  return ParseDom(line, capacity, out, error);
}

bool ListingParser::ParseDom(std::string_view line, size_t capacity, ListingFields* out,
                             std::string* error) {
  *out = ListingFields();
  auto fail = [&](const char* what, simdjson::error_code code) {
    *error = what;
    if (code != simdjson::SUCCESS) {
      *error += ": ";
      *error += simdjson::error_message(code);
    }
    return false;
  };
  if (capacity < line.size() + kPadding) {
    return fail("内部错误: 缓冲区填充不足 (internal: line buffer without padding)",
                simdjson::SUCCESS);
  }
  simdjson::dom::element doc;
  if (auto code = impl_->parser.parse(line.data(), line.size(), false).get(doc); code) {
    return fail("JSON 语法错误 (invalid JSON)", code);
  }
  simdjson::dom::object obj;
  if (doc.get_object().get(obj) != simdjson::SUCCESS) {
    return fail("不是 JSON 对象 (not a JSON object)", simdjson::SUCCESS);
  }
  bool has_title = false;
  for (auto [key, value] : obj) {
    std::string_view* target = nullptr;
    if (key == "title") {
      target = &out->title;
      has_title = true;
    } else if (key == "platform") {
      target = &out->platform;
    } else if (key == "shop_id") {
      target = &out->shop_id;
    } else if (key == "shop_name") {
      target = &out->shop_name;
    } else if (key == "id") {
      if (value.is_int64() || value.is_uint64()) {
        char* end = value.is_int64()
                        ? std::to_chars(id_buffer_, id_buffer_ + sizeof id_buffer_,
                                        int64_t(value.get_int64().value_unsafe())).ptr
                        : std::to_chars(id_buffer_, id_buffer_ + sizeof id_buffer_,
                                        uint64_t(value.get_uint64().value_unsafe())).ptr;
        out->id = std::string_view(id_buffer_, static_cast<size_t>(end - id_buffer_));
        continue;
      }
      target = &out->id;
    } else if (key == "price_fen") {
      if (value.is_null()) {
        out->price_fen.reset();
        continue;
      }
      int64_t fen = 0;
      if (value.get_int64().get(fen) != simdjson::SUCCESS || fen < 0) {
        return fail("price_fen 应为非负整数 (分) (\"price_fen\" must be a non-negative integer, "
                    "in fen)",
                    simdjson::SUCCESS);
      }
      out->price_fen = fen;
      continue;
    } else {
      continue;  // unknown fields are ignored
    }
    if (value.get_string().get(*target) != simdjson::SUCCESS) {
      *error = "字段 \"" + std::string(key) + "\" 应为字符串 (must be a string)";
      return false;
    }
  }
  if (out->id.empty()) return fail("缺少 id (missing or empty \"id\")", simdjson::SUCCESS);
  if (!has_title) return fail("缺少 title (missing \"title\")", simdjson::SUCCESS);
  return true;
}

namespace {

// Output is written through a pointer into room made once per result line, not appended piece by
// piece: a std::string append is a call with a capacity check, and a result line has ten pieces.
// Room: the string is resized to hold `bound` more bytes; the destructor trims it to what was
// written.
class RoomWriter {
 public:
  RoomWriter(std::string* out, size_t bound) : out_(out), begin_(out->size()) {
    out->resize(begin_ + bound);
    p_ = out->data() + begin_;
  }
  ~RoomWriter() { out_->resize(static_cast<size_t>(p_ - out_->data())); }
  RoomWriter(const RoomWriter&) = delete;
  RoomWriter& operator=(const RoomWriter&) = delete;

  char*& p() { return p_; }
  void Put(std::string_view s) {
    std::memcpy(p_, s.data(), s.size());
    p_ += s.size();
  }
  void Put(char c) { *p_++ = c; }

 private:
  std::string* out_;
  size_t begin_;
  char* p_;
};

// Room a JSON string of `s` can take: \u00XX (6 bytes) for a control byte, U+FFFD (3) for an
// ill-formed one, quotes.
constexpr size_t JsonStringBound(std::string_view s) { return 6 * s.size() + 2; }

// True when the 8 bytes at p are printable ASCII other than " and \ (SWAR: once no byte has its
// top bit set, adding 0x60 or 0x7F to a byte cannot carry into the next).
bool PlainAscii8(const unsigned char* p) {
  constexpr uint64_t kOnes = 0x0101010101010101u;
  constexpr uint64_t kTop = 0x80 * kOnes;
  uint64_t x;
  std::memcpy(&x, p, 8);
  const uint64_t below_space = ~(x + 0x60 * kOnes);  // top bit set: byte < 0x20
  const uint64_t quote = ~((x ^ ('"' * kOnes)) + 0x7F * kOnes);  // top bit set: byte == '"'
  const uint64_t backslash = ~((x ^ ('\\' * kOnes)) + 0x7F * kOnes);
  return ((x | below_space | quote | backslash) & kTop) == 0;
}

// Writes `s` as a JSON string at p (JsonStringBound(s) bytes of room) and returns the end: quotes,
// escapes for " \ and control bytes, ill-formed UTF-8 as U+FFFD. Runs of 16 bytes that need
// nothing are copied at once.
char* WriteJsonString(std::string_view s, char* p) {
  static constexpr char kHex[] = "0123456789abcdef";
  const auto* bytes = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  *p++ = '"';
  size_t i = 0;
  while (i < n) {
    for (; i + 16 <= n; i += 16) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(bytes + i));
      const __m128i special = _mm_or_si128(  // signed: bytes >= 0x80 count as below 0x20
          _mm_cmplt_epi8(v, _mm_set1_epi8(0x20)),
          _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')),
                       _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))));
      if (_mm_movemask_epi8(special) != 0) break;
      _mm_storeu_si128(reinterpret_cast<__m128i*>(p), v);
      p += 16;
    }
    if (i + 8 <= n && PlainAscii8(bytes + i)) {  // short strings (ids): 8 bytes at once
      std::memcpy(p, bytes + i, 8);
      p += 8;
      i += 8;
      continue;
    }
    // One byte or character at a time to the end of this 16-byte stretch, then try SIMD again.
    for (const size_t stop = std::min(n, i + 16); i < stop;) {
      const unsigned char c = bytes[i];
      if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
        *p++ = static_cast<char>(c);
        ++i;
      } else if (c >= 0x80) {
        size_t next = i;
        const char32_t cp = internal::DecodeUtf8Inline(s, &next);
        if (cp != 0xFFFD || (next - i == 3 && c == 0xEF)) {  // well-formed (or a real U+FFFD)
          for (; i < next; ++i) *p++ = static_cast<char>(bytes[i]);
        } else {  // an ill-formed byte
          std::memcpy(p, "\xEF\xBF\xBD", 3);
          p += 3;
          i = next;
        }
      } else {
        *p++ = '\\';
        switch (c) {
          case '"': *p++ = '"'; break;
          case '\\': *p++ = '\\'; break;
          case '\n': *p++ = 'n'; break;
          case '\r': *p++ = 'r'; break;
          case '\t': *p++ = 't'; break;
          default:
            std::memcpy(p, "u00", 3);
            p[3] = kHex[c >> 4];
            p[4] = kHex[c & 15];
            p += 5;
        }
        ++i;
      }
    }
  }
  *p++ = '"';
  return p;
}

}  // namespace

void AppendJsonString(std::string_view s, std::string* out) {
  RoomWriter w(out, JsonStringBound(s));
  w.p() = WriteJsonString(s, w.p());
}

void AppendResultJson(const Scanner& scanner, std::string_view id, const Listing& listing,
                      const ScanResult& result, std::string* out) {
  ResultWriter(scanner).Append(id, listing, result, out);
}

ResultWriter::ResultWriter(const Scanner& scanner)
    : scanner_(scanner), term_json_(scanner.term_count()) {}

void ResultWriter::Append(std::string_view id, const Listing& listing, const ScanResult& result,
                          std::string* out) {
  static constexpr std::string_view kHead = "{\"id\":";
  if (!result.suspected && result.score == 0 && result.brands.empty() && result.signals.empty()) {
    // Most lines: the prefilter ruled the title out, or Scan found nothing. Same bytes as below.
    static constexpr std::string_view kEmpty =
        ",\"suspected\":false,\"score\":0,\"brands\":[],\"signals\":[]}\n";
    RoomWriter w(out, kHead.size() + JsonStringBound(id) + kEmpty.size());
    w.Put(kHead);
    w.p() = WriteJsonString(id, w.p());
    w.Put(kEmpty);
    return;
  }
  // The details as JSON strings first, so that the room needed is known. A brand name's or a
  // slang term's detail depends on the term alone (Scanner::AppendDetail): written once.
  details_.clear();
  detail_ends_.clear();
  for (const Signal& s : result.signals) {
    const bool by_term = s.kind == SignalKind::kBrand || s.kind == SignalKind::kSlang;
    if (by_term && !term_json_[s.term].empty()) {
      details_ += term_json_[s.term];
    } else {
      detail_.clear();
      scanner_.AppendDetail(s, listing, &detail_);
      const size_t begin = details_.size();
      AppendJsonString(detail_, &details_);
      if (by_term) term_json_[s.term] = details_.substr(begin);
    }
    detail_ends_.push_back(details_.size());
  }
  // + the fixed parts of the line; ,{"kind":"authorized_shop","detail":,"span":[n,n]} is 88 bytes
  // when both numbers have 20 digits.
  size_t bound = kHead.size() + JsonStringBound(id) + 64 + details_.size() + 96 * result.signals.size();
  for (uint32_t b : result.brands) bound += JsonStringBound(scanner_.brand_id(b)) + 1;
  RoomWriter w(out, bound);
  w.Put(kHead);
  w.p() = WriteJsonString(id, w.p());
  w.Put(result.suspected ? std::string_view(",\"suspected\":true,\"score\":")
                         : std::string_view(",\"suspected\":false,\"score\":"));
  long hundredths = std::lround(result.score * 100);
  if (hundredths <= 0) {
    w.Put('0');
  } else if (hundredths >= 100) {
    w.Put('1');
  } else {
    w.Put("0.");
    w.Put(static_cast<char>('0' + hundredths / 10));
    if (hundredths % 10 != 0) w.Put(static_cast<char>('0' + hundredths % 10));
  }
  w.Put(",\"brands\":[");
  for (size_t i = 0; i < result.brands.size(); ++i) {
    if (i > 0) w.Put(',');
    w.p() = WriteJsonString(scanner_.brand_id(result.brands[i]), w.p());
  }
  w.Put("],\"signals\":[");
  size_t detail_begin = 0;
  for (size_t i = 0; i < result.signals.size(); ++i) {
    const Signal& s = result.signals[i];
    if (i > 0) w.Put(',');
    w.Put("{\"kind\":\"");
    w.Put(SignalKindName(s.kind));
    w.Put("\",\"detail\":");
    w.Put(std::string_view(details_).substr(detail_begin, detail_ends_[i] - detail_begin));
    detail_begin = detail_ends_[i];
    if (s.end > s.begin) {
      // UTF-16 code units: a JavaScript UI highlights title.slice(start, end).
      size_t start = Utf16Offset(listing.title, s.begin);
      size_t length = Utf16Offset(listing.title.substr(s.begin), s.end - s.begin);
      w.Put(",\"span\":[");
      w.p() = std::to_chars(w.p(), w.p() + 20, start).ptr;
      w.Put(',');
      w.p() = std::to_chars(w.p(), w.p() + 20, start + length).ptr;
      w.Put("]}");
    } else {
      w.Put(",\"span\":null}");
    }
  }
  w.Put("]}\n");
}

}  // namespace ipe::match::io
