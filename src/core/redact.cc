// Personal data in free text: see redact.h.
#include "core/redact.h"

#include <algorithm>
#include <array>
#include <optional>

#include "core/mask.h"
#include "core/time.h"
#include "core/utf8.h"

namespace ipe::core {
namespace {

// The text as code points with the byte offset of each (and of the end).
struct Text {
  std::vector<char32_t> cps;
  std::vector<size_t> offs;

  explicit Text(std::string_view s) {
    size_t pos = 0;
    while (pos < s.size()) {
      offs.push_back(pos);
      cps.push_back(DecodeUtf8(s, &pos));
    }
    offs.push_back(s.size());
  }
  size_t size() const { return cps.size(); }
};

int DigitValue(char32_t c) {
  if (c >= '0' && c <= '9') return static_cast<int>(c - '0');
  if (c >= 0xFF10 && c <= 0xFF19) return static_cast<int>(c - 0xFF10);  // full-width ０–９
  return -1;
}
bool IsDigit(char32_t c) { return DigitValue(c) >= 0; }
bool IsSeparator(char32_t c) {
  return c == ' ' || c == '-' || c == 0xFF0D || c == 0x2010 || c == 0x2011 || c == 0x2012 ||
         c == 0x2013 || c == 0x2014 || c == 0x3000 || c == 0x00A0;
}

// A run of digits, possibly in groups joined by one separator or a bracketed area code:
// "138 0013 8000", "+86-138-0013-8000", "(021)6234 5678", "（０２１）６２３４５６７８".
struct Group {
  size_t begin, end;  // code point indices, end exclusive
  std::string digits;
};

// A birth date "YYYYMMDD" as ParseResidentId checks it (core::ParseDate: the calendar's days).
bool ValidBirthDate(const std::string& yyyymmdd) {
  return ParseDate(yyyymmdd.substr(0, 4) + "-" + yyyymmdd.substr(4, 2) + "-" + yyyymmdd.substr(6, 2))
      .has_value();
}

bool LooksLikeResidentId18(const std::string& d) {  // 17 digits and the check character
  if (d.size() != 18 || d[0] < '1' || d[0] > '8') return false;  // 11–65, 71/81–83 permits
  int y = std::stoi(d.substr(6, 4));
  return y >= 1900 && y <= 2099 && ValidBirthDate(d.substr(6, 8));
}
bool LooksLikeResidentId15(const std::string& d) {
  if (d.size() != 15 || d[0] < '1' || d[0] > '8') return false;
  return ValidBirthDate("19" + d.substr(6, 6));
}
bool IsMobile(std::string d) {
  if (d.size() == 15 && d.starts_with("0086")) d = d.substr(4);
  if (d.size() == 13 && d.starts_with("86")) d = d.substr(2);
  return d.size() == 11 && d[0] == '1' && d[1] >= '3' && d[1] <= '9';
}
bool IsLandline(const std::string& d) {
  return d.size() >= 10 && d.size() <= 16 && d[0] == '0' && d[1] != '0';
}
bool IsServiceNumber(const std::string& d) {
  return d.size() == 10 && (d.starts_with("400") || d.starts_with("800"));
}
bool LuhnValid(const std::string& d) {
  int sum = 0;
  bool twice = false;
  for (size_t i = d.size(); i-- > 0;) {
    int v = d[i] - '0';
    if (twice && (v *= 2) > 9) v -= 9;
    sum += v;
    twice = !twice;
  }
  return sum % 10 == 0;
}

// Whether one of the account labels ends within the 8 code points before `at`.
bool AfterAccountLabel(const Text& t, size_t at) {
  static const std::array<std::u32string_view, 6> kLabels = {U"账号", U"帐号", U"卡号",
                                                             U"账户", U"帐户", U"银行"};
  size_t from = at >= 8 ? at - 8 : 0;
  std::u32string window(t.cps.begin() + static_cast<std::ptrdiff_t>(from),
                        t.cps.begin() + static_cast<std::ptrdiff_t>(at));
  return std::any_of(kLabels.begin(), kLabels.end(), [&](std::u32string_view label) {
    return window.find(label) != std::u32string::npos;
  });
}

// The digit groups of the number starting at code point i (a digit, '+' or an opening bracket
// before a digit); `next` is set past it.
std::vector<Group> NumberAt(const Text& t, size_t i, size_t* next) {
  std::vector<Group> groups;
  size_t p = i;
  auto bracket_open = [](char32_t c) { return c == '(' || c == 0xFF08; };
  auto bracket_close = [](char32_t c) { return c == ')' || c == 0xFF09; };
  bool in_bracket = false;
  if (t.cps[p] == '+') ++p;
  if (p < t.size() && bracket_open(t.cps[p])) in_bracket = true, ++p;
  while (p < t.size() && IsDigit(t.cps[p])) {
    Group g{p, p, {}};
    while (p < t.size() && IsDigit(t.cps[p])) {
      g.digits += static_cast<char>('0' + DigitValue(t.cps[p]));
      ++p;
    }
    g.end = p;
    groups.push_back(std::move(g));
    if (in_bracket && p < t.size() && bracket_close(t.cps[p])) {
      in_bracket = false;
      ++p;
      if (p < t.size() && IsSeparator(t.cps[p]) && p + 1 < t.size() && IsDigit(t.cps[p + 1])) ++p;
      continue;
    }
    if (p + 1 < t.size() && IsSeparator(t.cps[p]) && IsDigit(t.cps[p + 1])) ++p;
  }
  // The check character of an 18-character ID: X after 17 digits.
  if (!groups.empty() && groups.back().digits.size() == 17 && p < t.size() &&
      (t.cps[p] == 'X' || t.cps[p] == 'x' || t.cps[p] == 0xFF38 || t.cps[p] == 0xFF58)) {
    groups.back().digits += 'X';
    groups.back().end = ++p;
  }
  *next = std::max(p, i + 1);
  return groups;
}

struct Found {
  RedactionKind kind;
  size_t begin, end;  // code points
  std::string replacement;
};

bool IsAsciiLetter(char32_t c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= 0xFF21 && c <= 0xFF3A) ||
         (c >= 0xFF41 && c <= 0xFF5A);
}

// Which kind the digits of groups [a, b] are, if personal. The check character, when present,
// is the last character of `d`. Digits that run into letters are part of a code (a credit code
// 91310110666007217T, a model number): only an ID number, whose X is a letter, is taken there.
std::optional<Found> Classify(const Text& t, const std::vector<Group>& g, size_t a, size_t b,
                              size_t token_begin) {
  std::string d;
  for (size_t k = a; k <= b; ++k) d += g[k].digits;
  size_t begin = a == 0 ? token_begin : g[a].begin;
  size_t end = g[b].end;
  if (LooksLikeResidentId18(d)) {
    return Found{RedactionKind::kResidentId, g[a].begin, end, MaskResidentId(d)};
  }
  if (LooksLikeResidentId15(d)) {
    return Found{RedactionKind::kResidentId, g[a].begin, end, MaskResidentId(d)};
  }
  if (d.back() == 'X') return std::nullopt;
  const bool in_code = (begin > 0 && IsAsciiLetter(t.cps[begin - 1])) ||
                       (end < t.size() && IsAsciiLetter(t.cps[end]));
  if (in_code || IsServiceNumber(d)) return std::nullopt;
  if (IsMobile(d) || IsLandline(d)) return Found{RedactionKind::kPhone, begin, end, "***"};
  if (d.size() >= 10 && d.size() <= 30 && AfterAccountLabel(t, g[a].begin)) {
    return Found{RedactionKind::kBankAccount, begin, end, "***"};
  }
  if (d.size() >= 16 && d.size() <= 19 && LuhnValid(d)) {
    return Found{RedactionKind::kBankAccount, begin, end, "***"};
  }
  return std::nullopt;
}

// Numbers: each run of groups is tried longest first from each group, so that "5000 13800138000"
// finds the phone after the amount.
void FindNumbers(const Text& t, std::vector<Found>* out) {
  for (size_t i = 0; i < t.size();) {
    char32_t c = t.cps[i];
    bool starts = IsDigit(c) ||
                  (c == '+' && i + 1 < t.size() && IsDigit(t.cps[i + 1])) ||
                  ((c == '(' || c == 0xFF08) && i + 1 < t.size() && DigitValue(t.cps[i + 1]) == 0);
    if (!starts) {
      ++i;
      continue;
    }
    size_t next = i + 1;
    std::vector<Group> g = NumberAt(t, i, &next);
    for (size_t a = 0; a < g.size();) {
      bool matched = false;
      for (size_t b = g.size(); b-- > a;) {
        if (auto f = Classify(t, g, a, b, i)) {
          out->push_back(*f);
          a = b + 1;
          matched = true;
          break;
        }
      }
      if (!matched) ++a;
    }
    i = next;
  }
}

// Chinese numerals as they appear in house numbers (三号楼, 十二组).
bool IsHouseNumeral(char32_t c) {
  return IsDigit(c) || std::u32string_view(U"零〇一二两三四五六七八九十百千").find(c) !=
                           std::u32string_view::npos;
}
bool IsHouseMarker(char32_t c) {
  return std::u32string_view(U"号弄室栋幢楼层组座").find(c) != std::u32string_view::npos;
}
bool IsAddressChar(char32_t c) {
  if (c == '-' || c == '#' || c == 0xFF0D || c == 0xFF03) return true;
  if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || IsDigit(c)) return true;
  if (c >= 0xFF21 && c <= 0xFF3A) return true;  // full-width A–Z
  return c >= 0x3400 && c != 0xFF0C && c != 0xFF1B && c != 0xFF1A && c != 0xFF08 &&
         c != 0xFF09 && !(c >= 0x3000 && c <= 0x303F) && !(c >= 0xFF00 && c <= 0xFF0F);
}

std::string Slice(std::string_view s, const Text& t, size_t begin, size_t end) {
  return std::string(s.substr(t.offs[begin], t.offs[end] - t.offs[begin]));
}

// Addresses down to the house: a number and a marker (88弄, 3号, 601室), extended forwards over
// the rest of the house part and backwards to where the address starts — the first region name
// in reach (MaskAddress keeps it down to the county), else the word after a cue (住, 地址 …).
void FindAddresses(std::string_view s, const Text& t, const RegionTable& regions,
                   std::vector<Found>* out) {
  constexpr size_t kReach = 40;  // code points before the house number
  static const std::array<std::u32string_view, 10> kCues = {
      U"住址", U"地址", U"住所", U"位于", U"家住", U"居住", U"经营场所", U"户籍", U"住", U"在"};
  size_t i = 0;
  while (i + 1 < t.size()) {
    if (!(IsHouseNumeral(t.cps[i]) && IsHouseMarker(t.cps[i + 1]))) {
      ++i;
      continue;
    }
    // A document number (〔2025〕1001号, 第12号) is not a house.
    size_t first = i;
    while (first > 0 && IsHouseNumeral(t.cps[first - 1])) --first;
    if (first > 0 && (t.cps[first - 1] == U'〕' || t.cps[first - 1] == U'第' ||
                      t.cps[first - 1] == ']' || t.cps[first - 1] == U'】')) {
      i += 2;
      continue;
    }
    // Forwards: 3号楼2单元401室, 12栋B座.
    size_t end = i + 2;
    while (end < t.size() && (IsHouseNumeral(t.cps[end]) || IsHouseMarker(t.cps[end]) ||
                              t.cps[end] == U'单' || t.cps[end] == U'元' || t.cps[end] == '-' ||
                              (t.cps[end] >= 'A' && t.cps[end] <= 'Z'))) {
      ++end;
    }
    // Backwards: over address characters, at most kReach.
    size_t start = i;
    while (start > 0 && i - start < kReach && IsAddressChar(t.cps[start - 1])) --start;
    size_t begin = i;  // no start found: the house part alone
    bool region = false;
    for (size_t p = start; p < i; ++p) {
      std::string masked = MaskAddress(Slice(s, t, p, end), regions);
      if (masked != "****") {
        begin = p;
        region = true;
        break;
      }
    }
    if (!region) {
      // After the last cue word in reach, else from the start of the run.
      begin = start;
      std::u32string run(t.cps.begin() + static_cast<std::ptrdiff_t>(start),
                         t.cps.begin() + static_cast<std::ptrdiff_t>(i));
      for (std::u32string_view cue : kCues) {
        size_t at = run.rfind(cue);
        if (at != std::u32string::npos) {
          begin = std::max(begin, start + at + cue.size());
          break;
        }
      }
    }
    std::string replacement = MaskAddress(Slice(s, t, begin, end), regions);
    out->push_back(Found{RedactionKind::kAddress, begin, end, replacement});
    i = end;
  }
}

// "张三" → "张某", "欧阳修文" → "欧阳某": the surname MaskPersonName keeps, then 某.
std::string SurnameAndMou(std::string_view name) {
  std::string masked = MaskPersonName(name);
  size_t star = masked.find('*');
  return (star == std::string::npos ? masked : masked.substr(0, star)) + "某";
}

void FindNames(const Text& t, const std::vector<std::string>& names, std::vector<Found>* out) {
  for (const std::string& name : names) {
    Text n(name);
    if (n.size() < 2) continue;  // one character is no name to search for
    for (size_t i = 0; i + n.size() <= t.size(); ++i) {
      if (std::equal(n.cps.begin(), n.cps.end(), t.cps.begin() + static_cast<std::ptrdiff_t>(i))) {
        out->push_back(Found{RedactionKind::kPersonName, i, i + n.size(), SurnameAndMou(name)});
        i += n.size() - 1;
      }
    }
  }
}

}  // namespace

const char* RedactionKindName(RedactionKind kind) {
  switch (kind) {
    case RedactionKind::kResidentId: return "resident_id";
    case RedactionKind::kPhone: return "phone";
    case RedactionKind::kBankAccount: return "bank_account";
    case RedactionKind::kAddress: return "address";
    case RedactionKind::kPersonName: return "person_name";
  }
  return "unknown";
}

RedactedText RedactPersonalData(std::string_view text, const RegionTable& regions,
                                const RedactionOptions& options) {
  Text t(text);
  std::vector<Found> numbers, addresses, names;
  FindNumbers(t, &numbers);
  FindAddresses(text, t, regions, &addresses);
  FindNames(t, options.other_persons, &names);
  // Numbers first; an address that starts inside one begins after it (its replacement is
  // computed again); names only where nothing else was hidden.
  std::vector<Found> all = numbers;
  auto overlaps = [&](size_t b, size_t e) {
    return std::any_of(all.begin(), all.end(),
                       [&](const Found& f) { return b < f.end && f.begin < e; });
  };
  for (Found a : addresses) {
    for (const Found& f : numbers) {
      if (a.begin < f.end && f.end < a.end && f.begin <= a.begin) a.begin = f.end;
    }
    if (overlaps(a.begin, a.end)) continue;
    a.replacement = MaskAddress(Slice(text, t, a.begin, a.end), regions);
    all.push_back(a);
  }
  for (const Found& n : names) {
    if (!overlaps(n.begin, n.end)) all.push_back(n);
  }
  std::sort(all.begin(), all.end(), [](const Found& a, const Found& b) { return a.begin < b.begin; });
  RedactedText out;
  size_t at = 0;
  for (const Found& f : all) {
    out.text += Slice(text, t, at, f.begin);
    out.text += f.replacement;
    out.redactions.push_back({f.kind, t.offs[f.begin], t.offs[f.end], f.replacement});
    at = f.end;
  }
  out.text += Slice(text, t, at, t.size());
  return out;
}

}  // namespace ipe::core
