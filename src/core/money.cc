#include "core/money.h"

#include <cstdlib>
#include <limits>

#include "core/limits.h"

namespace ipe::core {
namespace {

// Full-width digits U+FF10..U+FF19 are EF BC 90..99 in UTF-8.
bool TakeDigit(std::string_view s, size_t& i, int& digit) {
  if (i < s.size() && s[i] >= '0' && s[i] <= '9') {
    digit = s[i] - '0';
    i += 1;
    return true;
  }
  if (i + 2 < s.size() && static_cast<unsigned char>(s[i]) == 0xEF &&
      static_cast<unsigned char>(s[i + 1]) == 0xBC) {
    unsigned char c = static_cast<unsigned char>(s[i + 2]);
    if (c >= 0x90 && c <= 0x99) {
      digit = c - 0x90;
      i += 3;
      return true;
    }
  }
  return false;
}

}  // namespace

Result<Fen> ParseYuan(std::string_view text) {
  std::string_view s = text;
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  constexpr std::string_view kYuan = "元";
  if (s.size() >= kYuan.size() && s.substr(s.size() - kYuan.size()) == kYuan) {
    s.remove_suffix(kYuan.size());
  }
  if (s.empty()) return InvalidArgument("金额为空 (empty amount)");

  size_t i = 0;
  bool negative = false;
  if (s[i] == '-') {
    negative = true;
    ++i;
  }
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max() / 100;
  int64_t yuan = 0;
  int int_digits = 0;
  while (i < s.size()) {
    int d = 0;
    if (TakeDigit(s, i, d)) {
      if (yuan > (kMax - d) / 10) return InvalidArgument("金额过大 (amount out of range)");
      yuan = yuan * 10 + d;
      ++int_digits;
    } else if (s[i] == ',' && int_digits > 0) {
      ++i;
    } else {
      break;
    }
  }
  if (int_digits == 0) return InvalidArgument("金额格式错误: '" + std::string(text) + "'");
  int64_t cents = 0;
  if (i < s.size() && s[i] == '.') {
    ++i;
    int frac_digits = 0;
    int d = 0;
    while (TakeDigit(s, i, d)) {
      if (++frac_digits > 2) {
        return InvalidArgument("金额最多保留两位小数 (at most 2 decimals): '" + std::string(text) +
                               "'");
      }
      cents = cents * 10 + d;
    }
    if (frac_digits == 0) return InvalidArgument("金额格式错误: '" + std::string(text) + "'");
    if (frac_digits == 1) cents *= 10;
  }
  if (i != s.size()) return InvalidArgument("金额格式错误: '" + std::string(text) + "'");
  if (yuan > (std::numeric_limits<int64_t>::max() - cents) / 100) {
    return InvalidArgument("金额过大 (amount out of range)");
  }
  int64_t fen = yuan * 100 + cents;
  return Fen(negative ? -fen : fen);
}

std::string FormatYuan(Fen f) {
  int64_t v = f.value;
  bool negative = v < 0;
  // Work in unsigned to format INT64_MIN correctly.
  uint64_t u = negative ? (~static_cast<uint64_t>(v) + 1) : static_cast<uint64_t>(v);
  std::string out = std::to_string(u / 100);
  unsigned cents = static_cast<unsigned>(u % 100);
  out += '.';
  out += static_cast<char>('0' + cents / 10);
  out += static_cast<char>('0' + cents % 10);
  return negative ? "-" + out : out;
}

std::string FormatYuanZh(Fen f) { return FormatYuan(f) + "元"; }

std::string AmountTooLargeMessage() {
  return "金额不能超过 " + FormatYuanZh(Fen(limits::kMaxAmountFen)) + " (amount above the limit)";
}

}  // namespace ipe::core
