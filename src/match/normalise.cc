#include "match/normalise.h"

#include <unicode/bytestream.h>
#include <unicode/edits.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <bit>
#include <cassert>
#include <cstring>
#include <stdexcept>
#include <unordered_map>

#include "match/internal/utf8_inline.h"

namespace ipe::embedded {
extern const char kMatchT2sTsv[];
extern const unsigned long kMatchT2sTsv_size;
}  // namespace ipe::embedded

namespace ipe::match {
namespace {

// Low byte of a table entry.
constexpr uint32_t kSeparator = 0;  // dropped, leaves a word boundary
// 1..3: that many UTF-8 bytes inline in the upper 24 bits
constexpr uint32_t kPooled = 4;     // upper 24 bits: offset into pool_ of [length byte][bytes]
constexpr uint32_t kUnsafe = 0xFE;  // may compose with neighbours: the title needs ICU first

const icu::Normalizer2& NfkcCf() {
  UErrorCode ec = U_ZERO_ERROR;
  const icu::Normalizer2* n = icu::Normalizer2::getNFKCCasefoldInstance(ec);
  if (U_FAILURE(ec) || n == nullptr) {
    throw std::runtime_error(std::string("ICU NFKC_Casefold unavailable: ") + u_errorName(ec));
  }
  return *n;
}

// Code points that spell letters in obfuscated brand names stay; other punctuation and symbols
// separate. 丨 (U+4E28) is a CJK ideograph but is used as a bar separator in titles.
bool IsSeparator(UChar32 c) {
  switch (c) {
    case ':': case '|': case '!': case '@': case '&': case '$': case '%':
      return false;
    case 0x4E28:
      return true;
    default:
      break;
  }
  if (u_isUWhiteSpace(c)) return true;
  switch (u_charType(c)) {
    case U_CONTROL_CHAR: case U_FORMAT_CHAR:
    case U_SPACE_SEPARATOR: case U_LINE_SEPARATOR: case U_PARAGRAPH_SEPARATOR:
    case U_CONNECTOR_PUNCTUATION: case U_DASH_PUNCTUATION: case U_START_PUNCTUATION:
    case U_END_PUNCTUATION: case U_INITIAL_PUNCTUATION: case U_FINAL_PUNCTUATION:
    case U_OTHER_PUNCTUATION: case U_MATH_SYMBOL: case U_MODIFIER_SYMBOL: case U_OTHER_SYMBOL:
    case U_CURRENCY_SYMBOL:
      return true;
    default:
      return false;
  }
}

// Look-alike letters, applied after case folding. Digits are handled on the pattern side.
UChar32 FoldLookalike(UChar32 c) {
  switch (c) {
    case 'l': return 'i';
    case 0x0131: return 'i';  // ı dotless i
    // Cyrillic
    case 0x0430: return 'a';
    case 0x0435: return 'e';
    case 0x043E: return 'o';
    case 0x0440: return 'p';
    case 0x0441: return 'c';
    case 0x0445: return 'x';
    case 0x0443: return 'y';
    case 0x0456: return 'i';
    case 0x0458: return 'j';
    case 0x0455: return 's';
    case 0x043A: return 'k';
    case 0x0501: return 'd';
    case 0x04BB: return 'h';
    // Greek
    case 0x03BF: return 'o';
    case 0x03B9: return 'i';
    case 0x03BA: return 'k';
    case 0x03B1: return 'a';
    case 0x03BD: return 'v';
    case 0x03C4: return 't';
    case 0x03B5: return 'e';
    case 0x03C1: return 'p';
    default: return c;
  }
}

void AppendUtf8(UChar32 c, std::string* out) {
  char buf[4];
  int32_t len = 0;
  UBool error = false;
  U8_APPEND(reinterpret_cast<uint8_t*>(buf), len, 4, c, error);
  if (!error) out->append(buf, static_cast<size_t>(len));
}

inline bool IsAsciiAlnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

}  // namespace

size_t Utf16Offset(std::string_view utf8, size_t offset) {
  if (offset > utf8.size()) offset = utf8.size();
  size_t units = 0;
  size_t pos = 0;
  while (pos < offset) {
    char32_t c = internal::DecodeUtf8Inline(utf8, &pos);
    units += c >= 0x10000 ? 2 : 1;
  }
  return units;
}

void NormalisedText::Reset(size_t capacity) {
  size_ = 0;
  if (text_.size() < capacity) {
    text_.resize(capacity);
    source_begin_.resize(capacity);
    source_end_.resize(capacity);
    boundary_.resize(capacity + 1);
  }
}

void NormalisedText::Grow(size_t extra) {
  size_t want = size_ + extra;
  if (text_.size() >= want) return;
  want = std::max(want, text_.size() * 2);
  text_.resize(want);
  source_begin_.resize(want);
  source_end_.resize(want);
  boundary_.resize(want + 1);
}

bool NormalisedText::BoundaryAt(size_t pos) const {
  if (pos == 0 || pos >= size_) return true;
  if (boundary_[pos] != 0) return true;
  return !IsAsciiAlnum(text_[pos - 1]) || !IsAsciiAlnum(text_[pos]);
}

const Normaliser& Normaliser::Default() {
  static const Normaliser normaliser;
  return normaliser;
}

Normaliser::Normaliser() : entry_(0x10000, kSeparator) {
  // Traditional -> simplified: "TRAD<TAB>SIMP" lines generated from OpenCC at build time.
  std::unordered_map<UChar32, UChar32> t2s;
  std::string_view tsv(ipe::embedded::kMatchT2sTsv, ipe::embedded::kMatchT2sTsv_size);
  while (!tsv.empty()) {
    size_t nl = tsv.find('\n');
    std::string_view line = tsv.substr(0, nl);
    tsv = nl == std::string_view::npos ? std::string_view() : tsv.substr(nl + 1);
    size_t tab = line.find('\t');
    if (tab == std::string_view::npos) continue;
    std::string_view from = line.substr(0, tab);
    std::string_view to = line.substr(tab + 1);
    size_t fp = 0;
    size_t tp = 0;
    if (from.empty() || to.empty()) continue;
    char32_t f = DecodeUtf8(from, &fp);
    char32_t t = DecodeUtf8(to, &tp);
    if (fp != from.size() || tp != to.size()) continue;  // only 1:1 characters
    t2s[static_cast<UChar32>(f)] = static_cast<UChar32>(t);
  }
  t2s_size_ = t2s.size();

  const icu::Normalizer2& nfkc = NfkcCf();
  UErrorCode ec = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(ec);
  // Latin letters lose their diacritics (LANCÔME -> lancome): brand names are written both ways.
  auto strip_diacritics = [&](UChar32 c) -> UChar32 {
    if (nfd == nullptr || !((c >= 0xC0 && c <= 0x24F) || (c >= 0x1E00 && c <= 0x1EFF))) return c;
    icu::UnicodeString d;
    if (!nfd->getDecomposition(c, d) || d.isEmpty()) return c;
    UChar32 base = d.char32At(0);
    return base < 0x80 ? base : c;
  };
  std::string bytes;
  for (UChar32 cp = 0; cp < 0x10000; ++cp) {
    if (cp >= 0xD800 && cp <= 0xDFFF) continue;  // never decoded (ill-formed in UTF-8)
    // Normalisation works on segments that start at code points with a boundary before them; if
    // every code point of a title has one, each is its own segment and the table is exact.
    if (!nfkc.hasBoundaryBefore(cp)) {
      entry_[cp] = kUnsafe;
      continue;
    }
    icu::UnicodeString folded;
    if (nfkc.isInert(cp)) {
      folded.setTo(cp);
    } else {
      ec = U_ZERO_ERROR;
      folded = nfkc.normalize(icu::UnicodeString(cp), ec);
      if (U_FAILURE(ec)) folded.setTo(cp);
    }
    bytes.clear();
    for (int32_t i = 0; i < folded.length();) {
      UChar32 c = folded.char32At(i);
      i += U16_LENGTH(c);
      auto it = t2s.find(c);
      if (it != t2s.end()) c = it->second;
      c = FoldLookalike(strip_diacritics(c));
      if (IsSeparator(c)) continue;
      AppendUtf8(c, &bytes);
    }
    if (bytes.empty()) {
      entry_[cp] = kSeparator;
    } else if (bytes.size() <= 3) {
      uint32_t packed = 0;
      for (size_t i = 0; i < bytes.size(); ++i) packed |= uint32_t(uint8_t(bytes[i])) << (8 * i);
      entry_[cp] = static_cast<uint32_t>(bytes.size()) | (packed << 8);
    } else {
      entry_[cp] = kPooled | (static_cast<uint32_t>(pool_.size()) << 8);
      pool_.push_back(static_cast<char>(bytes.size()));
      pool_ += bytes;
    }
  }
}

// The table pipeline over `input`. `span_of(b, e)` gives the original byte span of input bytes
// [b,e). Returns false (leaving *out partial) if a code point needs ICU and !icu_done.
template <typename SpanOf>
bool Normaliser::Run(std::string_view input, bool icu_done, const SpanOf& span_of,
                     NormalisedText* out) const {
  // The buffers keep room for two output bytes per input byte still to read: an inline entry
  // writes at most 3 bytes for a code point of at least 2 bytes, and 1 for an ASCII one. Longer
  // writes (pooled NFKC expansions, astral characters) grow the buffers by their own length plus
  // that room for the rest of the input, which they would otherwise use up.
  out->Reset(input.size() * 2 + 16);
  uint8_t pending_boundary = 0;
  auto emit = [&](const char* bytes, size_t n, size_t b, size_t e) {
    if (n > 3) out->Grow(n + 2 * (input.size() - e));
    auto [sb, se] = span_of(b, e);
    size_t at = out->size_;
    char* text = out->text_.data() + at;
    uint32_t* begins = out->source_begin_.data() + at;
    uint32_t* ends = out->source_end_.data() + at;
    uint8_t* bounds = out->boundary_.data() + at;
    for (size_t k = 0; k < n; ++k) {  // n is 1 to 3 but for NFKC expansions: no memcpy call
      text[k] = bytes[k];
      begins[k] = sb;
      ends[k] = se;
      bounds[k] = 0;
    }
    bounds[0] = pending_boundary;
    pending_boundary = 0;
    out->size_ = at + n;
  };
  size_t pos = 0;
  const size_t n = input.size();
  while (pos < n) {
    size_t start = pos;
    char32_t c = internal::DecodeUtf8Inline(input, &pos);
    if (c < 0x10000) {
      uint32_t e = entry_[c];
      uint32_t kind = e & 0xFF;
      if (kind == kSeparator) {
        pending_boundary = 1;
      } else if (kind <= 3) {
        const char bytes[4] = {static_cast<char>(e >> 8), static_cast<char>(e >> 16),
                               static_cast<char>(e >> 24), 0};
        // kind is the length, 1 to 3 (0 is kSeparator); constant lengths let the compiler
        // unroll emit.
        if (kind == 3) {
          emit(bytes, 3, start, pos);  // CJK
        } else if (kind == 1) {
          emit(bytes, 1, start, pos);  // ASCII
        } else {
          emit(bytes, 2, start, pos);
        }
      } else if (kind == kPooled) {
        const char* p = pool_.data() + (e >> 8);
        emit(p + 1, static_cast<uint8_t>(*p), start, pos);
      } else {  // kUnsafe
        if (!icu_done) return false;
        emit(input.data() + start, pos - start, start, pos);
      }
      continue;
    }
    // Astral: emoji and other symbols separate; letters pass (t2s has no astral keys we use).
    UChar32 cp = static_cast<UChar32>(c);
    if (!icu_done) {
      static const icu::Normalizer2& nfkc = NfkcCf();
      if (!nfkc.hasBoundaryBefore(cp) || !nfkc.isInert(cp)) return false;
    }
    if (IsSeparator(cp)) {
      pending_boundary = 1;
    } else {
      emit(input.data() + start, pos - start, start, pos);
    }
  }
  out->boundary_[out->size_] = 1;
  return true;
}

void Normaliser::Normalise(std::string_view input, NormalisedText* out) const {
  auto identity = [](size_t b, size_t e) {
    return std::pair<uint32_t, uint32_t>(static_cast<uint32_t>(b), static_cast<uint32_t>(e));
  };
  if (!Run(input, false, identity, out)) SlowPath(input, out);
}

void Normaliser::SlowPath(std::string_view input, NormalisedText* out) const {
  // 1. Well-formed copy: each ill-formed byte becomes U+FFFD, remembering where bytes came from.
  std::string clean;
  std::vector<uint32_t> clean_begin;
  std::vector<uint32_t> clean_end;
  clean.reserve(input.size());
  for (size_t pos = 0; pos < input.size();) {
    size_t start = pos;
    char32_t c = DecodeUtf8(input, &pos);
    size_t before = clean.size();
    AppendUtf8(static_cast<UChar32>(c), &clean);
    for (size_t k = before; k < clean.size(); ++k) {
      clean_begin.push_back(static_cast<uint32_t>(start));
      clean_end.push_back(static_cast<uint32_t>(pos));
    }
  }
  // 2. ICU NFKC_Casefold with an edit record, giving each output byte its source span.
  const icu::Normalizer2& nfkc = NfkcCf();
  UErrorCode ec = U_ZERO_ERROR;
  std::string folded;
  icu::StringByteSink<std::string> sink(&folded);
  icu::Edits edits;
  nfkc.normalizeUTF8(0, icu::StringPiece(clean.data(), static_cast<int32_t>(clean.size())), sink,
                     &edits, ec);
  std::vector<uint32_t> map_begin;
  std::vector<uint32_t> map_end;
  if (U_FAILURE(ec)) {
    folded = clean;
    map_begin = clean_begin;
    map_end = clean_end;
  } else {
    map_begin.assign(folded.size(), 0);
    map_end.assign(folded.size(), 0);
    icu::Edits::Iterator it = edits.getFineIterator();
    while (it.next(ec) && U_SUCCESS(ec)) {
      auto src = static_cast<size_t>(it.sourceIndex());
      auto dst = static_cast<size_t>(it.destinationIndex());
      auto old_len = static_cast<size_t>(it.oldLength());
      auto new_len = static_cast<size_t>(it.newLength());
      if (!it.hasChange()) {
        for (size_t k = 0; k < new_len; ++k) {
          map_begin[dst + k] = clean_begin[src + k];
          map_end[dst + k] = clean_end[src + k];
        }
      } else if (old_len > 0) {
        for (size_t k = 0; k < new_len; ++k) {
          map_begin[dst + k] = clean_begin[src];
          map_end[dst + k] = clean_end[src + old_len - 1];
        }
      } else {  // pure insertion: attach to the preceding source byte
        uint32_t at = src > 0 ? clean_end[src - 1] : 0;
        for (size_t k = 0; k < new_len; ++k) {
          map_begin[dst + k] = src > 0 ? clean_begin[src - 1] : 0;
          map_end[dst + k] = at;
        }
      }
    }
  }
  // 3. The table pipeline over ICU's output; code points left unsafe pass through as they are.
  Run(folded, true,
      [&](size_t b, size_t e) {
        return std::pair<uint32_t, uint32_t>(map_begin[b], map_end[e - 1]);
      },
      out);
  // An insertion at the very start could map to an empty span; keep spans non-empty and ordered.
  for (size_t i = 0; i < out->size_; ++i) {
    if (out->source_end_[i] <= out->source_begin_[i]) {
      out->source_end_[i] = std::min<uint32_t>(out->source_begin_[i] + 1,
                                               static_cast<uint32_t>(input.size()));
    }
  }
}

Normaliser::Fate Normaliser::MapBmp(char32_t cp, std::string_view* mapped) const {
  if (cp >= 0x10000 || (cp >= 0xD800 && cp <= 0xDFFF)) return Fate::kNeedsIcu;
  const uint32_t& e = entry_[cp];
  uint32_t kind = e & 0xFF;
  if (kind == kSeparator) return Fate::kDropped;
  if (kind == kUnsafe) return Fate::kNeedsIcu;
  if (kind <= 3) {
    // The inline bytes live in the upper 24 bits of the entry (Hyperscan is x86-only anyway).
    static_assert(std::endian::native == std::endian::little);
    *mapped = std::string_view(reinterpret_cast<const char*>(&e) + 1, kind);
    return Fate::kMapped;
  }
  const char* p = pool_.data() + (e >> 8);
  *mapped = std::string_view(p + 1, static_cast<uint8_t>(*p));
  return Fate::kMapped;
}

std::string Normaliser::NormaliseText(std::string_view input) const {
  NormalisedText out;
  Normalise(input, &out);
  return std::string(out.text());
}

}  // namespace ipe::match
