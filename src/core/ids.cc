#include "core/ids.h"

#include <algorithm>
#include <array>

#include "core/region.h"

namespace ipe::core {

// Builders the value classes befriend, so that only the parsers below can fill them.
struct UsccParser {
  static Uscc Make(std::string code) {
    Uscc u;
    u.code_ = std::move(code);
    return u;
  }
};

struct ResidentIdParser {
  static ResidentId Make(std::string code, Date birth, bool male, bool legacy) {
    ResidentId r;
    r.code_ = std::move(code);
    r.birth_ = birth;
    r.male_ = male;
    r.legacy_ = legacy;
    return r;
  }
};

namespace {

// GB 32100-2015 alphabet: digits and capitals without I, O, Z, S, V; a character's value is its
// index (0–30).
constexpr std::string_view kUsccAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
// 3^(i-1) mod 31 for positions 1–17.
constexpr std::array<int, 17> kUsccWeights = {1, 3, 9, 27, 19, 26, 16, 17, 20,
                                              29, 25, 13, 8, 24, 10, 30, 28};
// GB 11714 organisation-code weights for its 8 body characters.
constexpr std::array<int, 8> kOrgWeights = {3, 7, 9, 10, 5, 8, 4, 2};
// ISO 7064 MOD 11-2 weights 2^(18-i) mod 11 for positions 1–17.
constexpr std::array<int, 17> kRicWeights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};

int UsccValue(char c) {
  size_t pos = kUsccAlphabet.find(c);
  return pos == std::string_view::npos ? -1 : static_cast<int>(pos);
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool AllDigits(std::string_view s) { return std::all_of(s.begin(), s.end(), IsDigit); }

// Length in bytes of the UTF-8 sequence starting with `lead` (1 for stray continuation bytes).
size_t Utf8Length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead >> 5) == 0x6) return 2;
  if ((lead >> 4) == 0xE) return 3;
  if ((lead >> 3) == 0x1E) return 4;
  return 1;
}

// Number of UTF-8 code points (continuation bytes not counted).
size_t CountChars(std::string_view s) {
  return static_cast<size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

template <typename T>
IdResult<T> Fail(IdError reason, std::string message) {
  IdResult<T> r;
  r.error = {reason, std::move(message)};
  return r;
}

// GB 11714: the check character of the 8-character body, or '\0' for characters outside 0-9A-Z.
char OrgCodeCheckChar(std::string_view body8) {
  int sum = 0;
  for (size_t i = 0; i < 8; ++i) {
    char c = body8[i];
    int v = IsDigit(c) ? c - '0' : (c >= 'A' && c <= 'Z') ? c - 'A' + 10 : -1;
    if (v < 0) return '\0';
    sum += v * kOrgWeights[i];
  }
  int check = 11 - sum % 11;
  return check == 10 ? 'X' : check == 11 ? '0' : static_cast<char>('0' + check);
}

bool KnownProvince(std::string_view two_digits) {
  const Region* r = Regions().Find(std::string(two_digits) + "0000");
  return r != nullptr && r->level == RegionLevel::kProvince;
}

}  // namespace

const char* IdErrorName(IdError e) {
  switch (e) {
    case IdError::kLength: return "length";
    case IdError::kCharset: return "charset";
    case IdError::kCheckDigit: return "check_digit";
    case IdError::kOrgCode: return "org_code";
    case IdError::kBirthDate: return "birth_date";
    case IdError::kRegion: return "region";
  }
  return "unknown";
}

std::string NormaliseIdText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    size_t n = std::min(Utf8Length(static_cast<unsigned char>(text[i])), text.size() - i);
    std::string_view cp = text.substr(i, n);
    i += n;
    if (n == 3 && static_cast<unsigned char>(cp[0]) == 0xEF) {
      // Full-width forms U+FF01..U+FF5E (EF BC 81..EF BD 9E) map to ASCII 0x21..0x7E.
      int code = 0xF000 | ((static_cast<unsigned char>(cp[1]) & 0x3F) << 6) |
                 (static_cast<unsigned char>(cp[2]) & 0x3F);
      if (code >= 0xFF01 && code <= 0xFF5E) {
        out += static_cast<char>(code - 0xFF01 + 0x21);
        continue;
      }
    }
    out.append(cp);
  }
  // Trim ASCII whitespace and ideographic spaces (U+3000) at both ends.
  auto is_space_at = [&](size_t pos, size_t& len) {
    if (pos < out.size() && (out[pos] == ' ' || out[pos] == '\t' || out[pos] == '\n' ||
                             out[pos] == '\r' || out[pos] == '\v' || out[pos] == '\f')) {
      len = 1;
      return true;
    }
    if (out.compare(pos, 3, "\xE3\x80\x80") == 0) {
      len = 3;
      return true;
    }
    return false;
  };
  size_t begin = 0, len = 0;
  while (begin < out.size() && is_space_at(begin, len)) begin += len;
  size_t end = out.size();
  for (;;) {
    if (end > begin && is_space_at(end - 1, len) && len == 1) {
      end -= 1;
    } else if (end >= begin + 3 && out.compare(end - 3, 3, "\xE3\x80\x80") == 0) {
      end -= 3;
    } else {
      break;
    }
  }
  out = out.substr(begin, end - begin);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

char UsccCheckChar(std::string_view first17) {
  if (first17.size() != 17) return '\0';
  int sum = 0;
  for (size_t i = 0; i < 17; ++i) {
    int v = UsccValue(first17[i]);
    if (v < 0) return '\0';
    sum += v * kUsccWeights[i];
  }
  return kUsccAlphabet[static_cast<size_t>((31 - sum % 31) % 31)];
}

char ResidentIdCheckChar(std::string_view first17) {
  if (first17.size() != 17 || !AllDigits(first17)) return '\0';
  int sum = 0;
  for (size_t i = 0; i < 17; ++i) sum += (first17[i] - '0') * kRicWeights[i];
  return "10X98765432"[sum % 11];
}

IdResult<Uscc> ParseUscc(std::string_view text, const UsccParseOptions& options) {
  std::string code = NormaliseIdText(text);
  // Count characters, not bytes: a stray "Ｏ" or "号" is a charset error, not a length error.
  size_t chars = CountChars(code);
  if (chars != 18) {
    return Fail<Uscc>(IdError::kLength, "统一社会信用代码应为 18 位，实际 " +
                                            std::to_string(chars) + " 位");
  }
  for (size_t i = 0; i < code.size(); ++i) {
    if (UsccValue(code[i]) < 0) {
      size_t n = std::min(Utf8Length(static_cast<unsigned char>(code[i])), code.size() - i);
      return Fail<Uscc>(IdError::kCharset, "统一社会信用代码第 " +
                                               std::to_string(CountChars(code.substr(0, i)) + 1) +
                                               " 位含非法字符 '" + code.substr(i, n) +
                                               "'（只用数字和除 I、O、Z、S、V 外的大写字母）");
    }
  }
  if (std::find(options.known_exceptions.begin(), options.known_exceptions.end(), code) !=
      options.known_exceptions.end()) {
    return {true, UsccParser::Make(std::move(code)), {}};
  }
  char expected = UsccCheckChar(std::string_view(code).substr(0, 17));
  if (code[17] != expected) {
    return Fail<Uscc>(IdError::kCheckDigit, std::string("统一社会信用代码校验码错误（第 18 位应为 '") +
                                                expected + "'）");
  }
  if (options.check_org_code) {
    char org_expected = OrgCodeCheckChar(std::string_view(code).substr(8, 8));
    if (code[16] != org_expected) {
      return Fail<Uscc>(IdError::kOrgCode,
                        std::string("统一社会信用代码中的组织机构代码（第 9–17 位）校验码错误，第 17 位应为 '") +
                            org_expected + "'");
    }
  }
  return {true, UsccParser::Make(std::move(code)), {}};
}

IdResult<ResidentId> ParseResidentId(std::string_view text, Date today) {
  std::string code = NormaliseIdText(text);
  size_t chars = CountChars(code);
  bool legacy = chars == 15;
  if (chars != 18 && !legacy) {
    return Fail<ResidentId>(IdError::kLength, "公民身份号码应为 18 位（或旧式 15 位），实际 " +
                                                  std::to_string(chars) + " 位");
  }
  std::string_view body = std::string_view(code).substr(0, legacy ? 15 : 17);
  if (code.size() != chars || !AllDigits(body) || (!legacy && !IsDigit(code[17]) && code[17] != 'X')) {
    return Fail<ResidentId>(IdError::kCharset, "公民身份号码只能由数字组成（18 位号码末位可为 X）");
  }
  if (!legacy) {
    char expected = ResidentIdCheckChar(body);
    if (code[17] != expected) {
      return Fail<ResidentId>(IdError::kCheckDigit,
                              std::string("公民身份号码校验码错误（第 18 位应为 '") + expected + "'）");
    }
  }
  std::string date_digits = legacy ? "19" + code.substr(6, 6) : code.substr(6, 8);
  auto birth = ParseDate(date_digits.substr(0, 4) + "-" + date_digits.substr(4, 2) + "-" +
                         date_digits.substr(6, 2));
  if (!birth) {
    return Fail<ResidentId>(IdError::kBirthDate, "公民身份号码中的出生日期不存在: " + date_digits);
  }
  if (*birth > today) {
    return Fail<ResidentId>(IdError::kBirthDate, "公民身份号码中的出生日期晚于今天: " + date_digits);
  }
  if (!KnownProvince(std::string_view(code).substr(0, 2))) {
    return Fail<ResidentId>(IdError::kRegion,
                            "公民身份号码地址码的省级代码不存在: " + code.substr(0, 2));
  }
  bool male = (code[legacy ? 14 : 16] - '0') % 2 == 1;
  return {true, ResidentIdParser::Make(std::move(code), *birth, male, legacy), {}};
}

std::string ResidentId::To18() const {
  if (!legacy_) return code_;
  std::string first17 = code_.substr(0, 6) + "19" + code_.substr(6);
  return first17 + ResidentIdCheckChar(first17);
}

}  // namespace ipe::core
