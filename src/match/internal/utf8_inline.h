#pragma once
// core::DecodeUtf8 with the two common cases inline: ASCII and a well-formed three-byte sequence
// (CJK). Everything else (two- and four-byte sequences, ill-formed bytes) goes to
// core::DecodeUtf8, so the result and the advance are the same as core::DecodeUtf8's for any
// bytes. Private to src/match: the per-code-point loops of the scanner, the normaliser and the
// result writer call it once per character, where an out-of-line call costs as much as the
// decoding.
//
//   for (size_t pos = 0; pos < s.size();) {
//     char32_t c = internal::DecodeUtf8Inline(s, &pos);   // U+FFFD for an ill-formed byte
//   }

#include <cstddef>
#include <string_view>

#include "core/utf8.h"

namespace ipe::match::internal {

/// Same contract as core::DecodeUtf8: requires *pos < s.size().
inline char32_t DecodeUtf8Inline(std::string_view s, size_t* pos) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const size_t i = *pos;
  const char32_t b0 = p[i];
  if (b0 < 0x80) {
    *pos = i + 1;
    return b0;
  }
  // Three bytes, not overlong (E0 needs A0..BF next) and not a surrogate (ED needs 80..9F).
  if ((b0 & 0xF0) == 0xE0 && i + 2 < s.size() && (p[i + 1] & 0xC0) == 0x80 &&
      (p[i + 2] & 0xC0) == 0x80 && (b0 != 0xE0 || p[i + 1] >= 0xA0) &&
      (b0 != 0xED || p[i + 1] < 0xA0)) {
    *pos = i + 3;
    return ((b0 & 0x0F) << 12) | ((p[i + 1] & 0x3Fu) << 6) | (p[i + 2] & 0x3Fu);
  }
  return core::DecodeUtf8(s, pos);
}

}  // namespace ipe::match::internal
