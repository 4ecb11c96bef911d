#pragma once
// UTF-8: validation, decoding one code point at a time, encoding. The one place the project
// decodes UTF-8 by hand; modules that still carry their own copy are being moved onto it.
//
//   size_t pos = 0;
//   while (pos < text.size()) {
//     char32_t c = core::DecodeUtf8(text, &pos);   // U+FFFD for an ill-formed byte
//     ...
//   }

#include <string>
#include <string_view>

namespace ipe::core {

/// True when `s` is well-formed UTF-8 (no overlong forms, surrogates or code points above
/// U+10FFFF).
bool IsValidUtf8(std::string_view s);

/// Decodes the code point at s[*pos] and advances *pos; an ill-formed byte gives U+FFFD and
/// advances by one. Requires *pos < s.size().
char32_t DecodeUtf8(std::string_view s, size_t* pos);

/// The number of code points of `s`, as DecodeUtf8 steps through it (an ill-formed byte counts
/// as one): a text's length in characters, as limits and messages state it.
size_t CountCodePoints(std::string_view s);

/// Appends the UTF-8 encoding of `c` (U+FFFD for surrogates and values above U+10FFFF).
void AppendUtf8(char32_t c, std::string* out);

}  // namespace ipe::core
