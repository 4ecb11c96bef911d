#pragma once
// Text helpers private to the link module: width folding, trimming, ASCII case.

#include <string>
#include <string_view>

namespace ipe::link::internal {

/// Folds full-width ASCII (U+FF01–U+FF5E) to ASCII, the ideographic space (U+3000) and NBSP to a
/// space, and dash look-alikes (U+2010–U+2015, U+2212, U+30FC) to '-'. Other code points are
/// copied unchanged; each byte of invalid UTF-8 becomes U+FFFD.
std::string FoldWidth(std::string_view in);

/// Lower-cases ASCII letters in place; other bytes are left alone.
void AsciiLowerInPlace(std::string& s);
void AsciiUpperInPlace(std::string& s);

/// Removes every byte in `chars` from `s`.
std::string RemoveChars(std::string_view s, std::string_view chars);

inline bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }
inline bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool AllDigits(std::string_view s);

/// True when `s` starts with `prefix` ignoring ASCII case.
bool StartsWithIgnoreCase(std::string_view s, std::string_view prefix);

}  // namespace ipe::link::internal
