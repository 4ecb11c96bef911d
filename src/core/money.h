#pragma once
// Fen (分): money as an integer count of 1/100 yuan. Never floating point.
//
//   Result<Fen> f = ParseYuan("50000.00");   // 5,000,000 fen
//   FormatYuan(*f) == "50000.00"
//   FormatYuanZh(*f) == "50000.00元"

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"

namespace ipe::core {

struct Fen {
  int64_t value = 0;

  constexpr Fen() = default;
  constexpr explicit Fen(int64_t fen) : value(fen) {}
  static constexpr Fen FromYuan(int64_t yuan) { return Fen(yuan * 100); }

  constexpr auto operator<=>(const Fen&) const = default;
  constexpr Fen operator+(Fen o) const { return Fen(value + o.value); }
  constexpr Fen operator-(Fen o) const { return Fen(value - o.value); }
  constexpr Fen operator*(int64_t k) const { return Fen(value * k); }
};

/// Parses a yuan amount: optional '-', digits, optional '.' with 1–2 digits ("12", "12.3",
/// "12.30"); ASCII or full-width digits; thousands separators ',' are accepted. Also accepts a
/// trailing "元". Returns InvalidArgument on anything else or on overflow.
Result<Fen> ParseYuan(std::string_view text);

/// "50000.00" (always two decimals, '-' for negatives, no separators).
std::string FormatYuan(Fen f);
/// "50000.00元".
std::string FormatYuanZh(Fen f);

/// The one message for an amount above limits::kMaxAmountFen, wherever it is refused.
std::string AmountTooLargeMessage();

}  // namespace ipe::core
