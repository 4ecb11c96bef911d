#include "core/ids.h"

#include <array>
#include <vector>

namespace ipe::core {
namespace {

constexpr std::string_view kUsccAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

int UsccValue(char c) {
  size_t pos = kUsccAlphabet.find(c);
  return pos == std::string_view::npos ? -1 : static_cast<int>(pos);
}

// Splits UTF-8 into code points (as byte strings).
std::vector<std::string_view> CodePoints(std::string_view s) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 1;
    if (i + n > s.size()) n = s.size() - i;
    out.push_back(s.substr(i, n));
    i += n;
  }
  return out;
}

template <typename T>
IdResult<T> Fail(IdError reason, std::string message) {
  IdResult<T> r;
  r.error = {reason, std::move(message)};
  return r;
}

bool AllDigits(std::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// Province-level prefixes of GB/T 2260 (including 71 台湾, 81 香港, 82 澳门, which appear on
// residence permits and older numbers).
bool KnownProvincePrefix(std::string_view pp) {
  static constexpr std::array<const char*, 34> kPrefixes = {
      "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34",
      "35", "36", "37", "41", "42", "43", "44", "45", "46", "50", "51", "52",
      "53", "54", "61", "62", "63", "64", "65", "71", "81", "82"};
  for (const char* p : kPrefixes) {
    if (pp == p) return true;
  }
  return false;
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
  for (std::string_view cp : CodePoints(text)) {
    if (cp.size() == 3 && static_cast<unsigned char>(cp[0]) == 0xEF) {
      // Full-width ASCII U+FF01..U+FF5E: EF BC 81..BF, EF BD 80..9E.
      unsigned char b1 = static_cast<unsigned char>(cp[1]), b2 = static_cast<unsigned char>(cp[2]);
      int code = ((b1 & 0x3F) << 6) | (b2 & 0x3F);
      code |= 0xF000;
      if (code >= 0xFF01 && code <= 0xFF5E) {
        out += static_cast<char>(code - 0xFF01 + 0x21);
        continue;
      }
    }
    if (cp == "\xE3\x80\x80") continue;  // ideographic space
    if (cp.size() == 1 && (cp[0] == ' ' || cp[0] == '\t' || cp[0] == '\n' || cp[0] == '\r')) {
      continue;
    }
    out.append(cp);
  }
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

IdResult<Uscc> ParseUscc(std::string_view text) {
  std::string code = NormaliseIdText(text);
  if (code.size() != 18) {
    return Fail<Uscc>(IdError::kLength, "统一社会信用代码应为 18 位，实际 " +
                                            std::to_string(code.size()) + " 位");
  }
  int sum = 0;
  for (size_t i = 0; i < 18; ++i) {
    int v = UsccValue(code[i]);
    if (v < 0) {
      return Fail<Uscc>(IdError::kCharset, std::string("统一社会信用代码含非法字符 '") + code[i] +
                                               "'（不使用 I、O、Z、S、V）");
    }
    if (i < 17) {
      static constexpr std::array<int, 17> kWeights = {1,  3,  9,  27, 19, 26, 16, 17, 20,
                                                       29, 25, 13, 8,  24, 10, 30, 28};
      sum += v * kWeights[i];
    }
  }
  int check = (31 - sum % 31) % 31;
  if (kUsccAlphabet[static_cast<size_t>(check)] != code[17]) {
    return Fail<Uscc>(IdError::kCheckDigit, std::string("统一社会信用代码校验位错误，应为 '") +
                                                kUsccAlphabet[static_cast<size_t>(check)] + "'");
  }
  // Positions 9–17 are the GB 11714 organisation code with its own check character.
  std::string_view org = std::string_view(code).substr(8, 9);
  static constexpr std::array<int, 8> kOrgWeights = {3, 7, 9, 10, 5, 8, 4, 2};
  int osum = 0;
  for (size_t i = 0; i < 8; ++i) {
    char c = org[i];
    int v = (c >= '0' && c <= '9') ? c - '0' : (c >= 'A' && c <= 'Z') ? c - 'A' + 10 : -1;
    if (v < 0) return Fail<Uscc>(IdError::kOrgCode, "组织机构代码部分含非法字符");
    osum += v * kOrgWeights[i];
  }
  int oc = 11 - osum % 11;
  char expected = oc == 10 ? 'X' : oc == 11 ? '0' : static_cast<char>('0' + oc);
  if (org[8] != expected) {
    return Fail<Uscc>(IdError::kOrgCode, std::string("组织机构代码（第 9–17 位）校验位错误，应为 '") +
                                             expected + "'");
  }
  IdResult<Uscc> r;
  r.ok = true;
  r.value.code_ = std::move(code);
  return r;
}

IdResult<ResidentId> ParseResidentId(std::string_view text, Date today) {
  std::string code = NormaliseIdText(text);
  bool legacy = code.size() == 15;
  if (code.size() != 18 && !legacy) {
    return Fail<ResidentId>(IdError::kLength,
                            "公民身份号码应为 18 位（或旧式 15 位），实际 " +
                                std::to_string(code.size()) + " 位");
  }
  std::string_view body = std::string_view(code).substr(0, legacy ? 15 : 17);
  if (!AllDigits(body) || (!legacy && !(AllDigits(code.substr(17)) || code[17] == 'X'))) {
    return Fail<ResidentId>(IdError::kCharset, "公民身份号码只能包含数字（末位可为 X）");
  }
  if (!KnownProvincePrefix(std::string_view(code).substr(0, 2))) {
    return Fail<ResidentId>(IdError::kRegion, "公民身份号码地址码的省级代码不存在: " + code.substr(0, 2));
  }
  std::string date_text = legacy ? "19" + code.substr(6, 6) : code.substr(6, 8);
  auto birth = ParseDate(date_text.substr(0, 4) + "-" + date_text.substr(4, 2) + "-" +
                         date_text.substr(6, 2));
  if (!birth || *birth > today) {
    return Fail<ResidentId>(IdError::kBirthDate, "公民身份号码出生日期无效: " + date_text);
  }
  if (!legacy) {
    static constexpr std::array<int, 17> kWeights = {7, 9, 10, 5, 8, 4, 2, 1, 6,
                                                     3, 7, 9, 10, 5, 8, 4, 2};
    int sum = 0;
    for (size_t i = 0; i < 17; ++i) sum += (code[i] - '0') * kWeights[i];
    char expected = "10X98765432"[sum % 11];
    if (code[17] != expected) {
      return Fail<ResidentId>(IdError::kCheckDigit,
                              std::string("公民身份号码校验位错误，应为 '") + expected + "'");
    }
  }
  IdResult<ResidentId> r;
  r.ok = true;
  r.value.birth_ = *birth;
  r.value.male_ = (code[legacy ? 14 : 16] - '0') % 2 == 1;
  r.value.legacy_ = legacy;
  r.value.code_ = std::move(code);
  return r;
}

std::string MaskResidentId(std::string_view id) {
  if (id.size() <= 10) return std::string(id.size(), '*');
  return std::string(id.substr(0, 6)) + std::string(id.size() - 10, '*') +
         std::string(id.substr(id.size() - 4));
}

std::string MaskPhone(std::string_view phone) {
  std::string digits;
  for (char c : phone) {
    if (c >= '0' && c <= '9') digits += c;
  }
  if (digits.size() >= 13 && digits.rfind("86", 0) == 0) digits = digits.substr(2);
  if (digits.size() == 11 && digits[0] == '1') {
    return digits.substr(0, 3) + "****" + digits.substr(7);
  }
  if (digits.size() >= 7) {  // landline: keep the area code (0xx/0xxx) and the last 2
    size_t area = digits[0] == '0' ? (digits[1] == '1' || digits[1] == '2' ? 3 : 4) : 0;
    return digits.substr(0, area) + std::string(digits.size() - area - 2, '*') +
           digits.substr(digits.size() - 2);
  }
  return std::string(digits.size(), '*');
}

std::string MaskPersonName(std::string_view name) {
  auto cps = CodePoints(name);
  if (cps.empty()) return {};
  std::string out(cps[0]);
  for (size_t i = 1; i < cps.size(); ++i) out += '*';
  return out;
}

}  // namespace ipe::core
