#pragma once
// Title normalisation for matching (标题归一化), with every output byte mapped back to the bytes of
// the original title it came from.
//
//   const Normaliser& n = Normaliser::Default();
//   NormalisedText out;
//   n.Normalise("高倣 Ｎ.Ｉ.Ｋ.Ｅ 運動鞋", &out);
//   out.text() == "高倣nike运动鞋"            // 倣 is not in OpenCC's character table: kept as is
//   out.SourceSpan(begin, end)            // [begin,end) of the normalised text -> original bytes
//
// Per code point, in this order (docs/match.md has the why of each step):
//   1. NFKC + case folding (ICU NFKC_Casefold): full-width ＮＩＫＥ -> nike, ① -> 1, ß -> ss;
//   2. traditional -> simplified, one character at a time, from OpenCC's TSCharacters table
//      (generated at build time, compiled in): 運動 -> 运动, 蘋果 -> 苹果;
//   3. look-alike letters folded: l -> i (so I, l, i are one letter), Cyrillic/Greek homoglyphs
//      (а е о р с х у і к, ο ι κ α ν) -> Latin; digits are NOT folded here (1:1, 2023 stay), the
//      matcher expands patterns into their digit spellings instead (n1ke, adida5);
//   4. separators dropped: white space, zero-width and format characters (U+200B, U+FEFF, soft
//      hyphen), punctuation and symbols (. - _ * · / ★ 丨 emoji …) except ':' '|' '!' '@' '&'
//      '$' '%', which stay because they spell things (1:1, n|ke, d&g). A dropped separator leaves
//      a word boundary mark, so "N I K E" -> "nike" and "nike air" -> "nikeair" with a boundary
//      between "nike" and "air" (the matcher needs boundaries for Latin words: "dior" must not hit
//      "diorama").
// A per-code-point table (BMP, built once) does all four steps; a title holding a code point that
// could compose with its neighbours (combining marks, Hangul jamo, astral compatibility letters
// such as 𝐍𝐈𝐊𝐄) goes through ICU first, with ICU's edit record keeping the byte mapping exact.
// Ill-formed UTF-8 is read as U+FFFD, one byte at a time.
//
// Thread safety: a Normaliser is immutable after construction; share it freely. A NormalisedText
// is scratch space owned by one thread; reusing it avoids allocating per title.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/utf8.h"

namespace ipe::match {

/// The normalised form of a title plus its mapping back to the original. Buffers are kept
/// between uses (no allocation per title once grown).
class NormalisedText {
 public:
  std::string_view text() const { return {text_.data(), size_}; }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  /// Original byte span for the normalised bytes [begin,end); requires begin < end <= size().
  std::pair<uint32_t, uint32_t> SourceSpan(size_t begin, size_t end) const {
    return {source_begin_[begin], source_end_[end - 1]};
  }
  /// True when a word boundary lies before normalised byte `pos` (0 <= pos <= size()): start or
  /// end of text, a dropped separator, or a neighbour that is not an ASCII letter or digit.
  bool BoundaryAt(size_t pos) const;

 private:
  friend class Normaliser;
  void Reset(size_t capacity);
  void Grow(size_t extra);

  std::string text_;
  std::vector<uint32_t> source_begin_;  // original bytes that produced text_[i]
  std::vector<uint32_t> source_end_;
  std::vector<uint8_t> boundary_;  // boundary_[i] != 0: a separator was dropped before text_[i]
  size_t size_ = 0;
};

class Normaliser {
 public:
  /// The process-wide normaliser (built on first use: ~20 ms for the tables).
  static const Normaliser& Default();

  Normaliser();
  Normaliser(const Normaliser&) = delete;
  Normaliser& operator=(const Normaliser&) = delete;

  /// Replaces *out with the normalised form of `input` (any bytes; ill-formed UTF-8 allowed).
  void Normalise(std::string_view input, NormalisedText* out) const;
  /// The normalised text alone (patterns, tests).
  std::string NormaliseText(std::string_view input) const;

  /// What the table does with one code point of the BMP, for building patterns over raw text
  /// (the scanner's prefilter): kDropped (a separator: nothing, a word boundary), kMapped
  /// (*mapped = the normalised UTF-8 bytes, one or more code points) or kNeedsIcu (the code
  /// point may compose with its neighbours: a title holding it takes ICU's slow path). Code points
  /// above U+FFFF and surrogates return kNeedsIcu (the table does not cover them).
  enum class Fate { kDropped, kMapped, kNeedsIcu };
  Fate MapBmp(char32_t cp, std::string_view* mapped) const;

  /// Number of traditional -> simplified character mappings loaded (about 4,100).
  size_t t2s_size() const { return t2s_size_; }

 private:
  struct Impl;
  template <typename SpanOf>
  bool Run(std::string_view input, bool icu_done, const SpanOf& span_of, NormalisedText* out) const;
  void SlowPath(std::string_view input, NormalisedText* out) const;

  // entry_[cp] for the BMP: low 8 bits = kind or length, upper 24 = inline UTF-8 bytes or an
  // offset into pool_. Constant after construction.
  std::vector<uint32_t> entry_;
  std::string pool_;
  size_t t2s_size_ = 0;
};

/// UTF-16 code units before byte `offset` of `utf8` (what a JavaScript string index counts):
/// 1 per code point below U+10000, 2 above; an ill-formed byte counts 1 (it decodes to U+FFFD).
size_t Utf16Offset(std::string_view utf8, size_t offset);

/// Decodes the code point at utf8[*pos] and advances *pos (core/utf8.h; kept under this name for
/// the matcher's callers).
using core::DecodeUtf8;

}  // namespace ipe::match
