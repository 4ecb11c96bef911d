#include "match/io/jsonl.h"

#include <emmintrin.h>
#include <simdjson.h>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <cmath>

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

// True when `s` holds a backslash or a byte below 0x20; 16 bytes at a time (SSE2: x86-64 only,
// as Hyperscan).
bool HasBackslashOrControl(std::string_view s) {
  const char* p = s.data();
  size_t n = s.size();
  const __m128i backslash = _mm_set1_epi8('\\');
  const __m128i top_control = _mm_set1_epi8(0x1F);
  for (; n >= 16; p += 16, n -= 16) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    __m128i hit = _mm_or_si128(_mm_cmpeq_epi8(v, backslash),
                               _mm_cmpeq_epi8(_mm_min_epu8(v, top_control), v));  // v <= 0x1F
    if (_mm_movemask_epi8(hit) != 0) return true;
  }
  for (; n > 0; ++p, --n) {
    if (*p == '\\' || static_cast<unsigned char>(*p) < 0x20) return true;
  }
  return false;
}

// The common listing line without simdjson: one flat object whose values are strings without
// escapes, non-negative integers of at most 18 digits, true, false or null. Returns true and
// fills *out exactly as the DOM path would; false for anything else (an escape, a nested value,
// a float, an integer id, a type error, a missing field, ill-formed JSON or UTF-8) — the caller
// then runs the DOM path, which accepts the rest and words the errors. Strict subset, same fields:
// tests/match/prefilter_test.cc compares the two on generated and mutated lines.
bool ParseFlatListing(std::string_view line, ListingFields* out) {
  // No escape and no control character anywhere (a tab between tokens is legal JSON but rare:
  // the DOM path takes it), so a string ends at the next quote.
  if (HasBackslashOrControl(line)) return false;
  const char* p = line.data();
  const char* const end = p + line.size();
  auto skip_ws = [&] {
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')) ++p;
  };
  // A string (no escapes or control characters in the line); p at the opening quote.
  auto read_string = [&](std::string_view* s) {
    const char* begin = ++p;
    const auto* quote =
        static_cast<const char*>(std::memchr(begin, '"', static_cast<size_t>(end - begin)));
    if (quote == nullptr) return false;
    *s = std::string_view(begin, static_cast<size_t>(quote - begin));
    p = quote + 1;
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
  return p == end && !out->id.empty() && has_title &&
         simdjson::validate_utf8(line.data(), line.size());
}

}  // namespace

struct ListingParser::Impl {
  // DOM, not On-Demand: Debian's library dispatches DOM parsing to the CPU's best kernels at run
  // time (icelake here, 94 ns a 188-byte line), while On-Demand is compiled for the build
  // flags' baseline (the portable "fallback" kernel without -march). DOM also validates the whole
  // line, trailing bytes included.
  simdjson::dom::parser parser;
};

const size_t ListingParser::kPadding = simdjson::SIMDJSON_PADDING;

ListingParser::ListingParser() : impl_(std::make_unique<Impl>()) {}
ListingParser::~ListingParser() = default;

bool ListingParser::Parse(std::string_view line, size_t capacity, ListingFields* out,
                          std::string* error, bool* flat) {
  *out = ListingFields();
  bool is_flat = ParseFlatListing(line, out);
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

void AppendJsonString(std::string_view s, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out->push_back('"');
  size_t run = 0;  // start of the pending run of bytes copied as they are
  size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
      ++i;
      continue;
    }
    if (c >= 0x80) {
      size_t pos = i;
      char32_t cp = DecodeUtf8(s, &pos);
      if (cp != 0xFFFD || (pos - i == 3 && static_cast<unsigned char>(s[i]) == 0xEF)) {
        i = pos;  // well-formed: copy as part of the run
        continue;
      }
      out->append(s.data() + run, i - run);
      out->append("\xEF\xBF\xBD");
      i = pos;
      run = i;
      continue;
    }
    out->append(s.data() + run, i - run);
    switch (c) {
      case '"': out->append("\\\""); break;
      case '\\': out->append("\\\\"); break;
      case '\n': out->append("\\n"); break;
      case '\r': out->append("\\r"); break;
      case '\t': out->append("\\t"); break;
      default:
        out->append("\\u00");
        out->push_back(kHex[c >> 4]);
        out->push_back(kHex[c & 15]);
    }
    ++i;
    run = i;
  }
  out->append(s.data() + run, i - run);
  out->push_back('"');
}

namespace {

void AppendUint(size_t v, std::string* out) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out->append(buf, static_cast<size_t>(end - buf));
}

}  // namespace

void AppendResultJson(const Scanner& scanner, std::string_view id, const Listing& listing,
                      const ScanResult& result, std::string* out) {
  out->append("{\"id\":");
  AppendJsonString(id, out);
  out->append(result.suspected ? ",\"suspected\":true,\"score\":" : ",\"suspected\":false,\"score\":");
  long hundredths = std::lround(result.score * 100);
  if (hundredths <= 0) {
    out->push_back('0');
  } else if (hundredths >= 100) {
    out->push_back('1');
  } else {
    out->append("0.");
    out->push_back(static_cast<char>('0' + hundredths / 10));
    if (hundredths % 10 != 0) out->push_back(static_cast<char>('0' + hundredths % 10));
  }
  out->append(",\"brands\":[");
  for (size_t i = 0; i < result.brands.size(); ++i) {
    if (i > 0) out->push_back(',');
    AppendJsonString(scanner.brand_id(result.brands[i]), out);
  }
  out->append("],\"signals\":[");
  thread_local std::string detail;  // reused: no allocation per listing
  for (size_t i = 0; i < result.signals.size(); ++i) {
    const Signal& s = result.signals[i];
    if (i > 0) out->push_back(',');
    out->append("{\"kind\":\"");
    out->append(SignalKindName(s.kind));
    out->append("\",\"detail\":");
    detail.clear();
    scanner.AppendDetail(s, listing, &detail);
    AppendJsonString(detail, out);
    if (s.end > s.begin) {
      // UTF-16 code units: a JavaScript UI highlights title.slice(start, end).
      size_t start = Utf16Offset(listing.title, s.begin);
      size_t length = Utf16Offset(listing.title.substr(s.begin), s.end - s.begin);
      out->append(",\"span\":[");
      AppendUint(start, out);
      out->push_back(',');
      AppendUint(start + length, out);
      out->append("]}");
    } else {
      out->append(",\"span\":null}");
    }
  }
  out->append("]}\n");
}

}  // namespace ipe::match::io
