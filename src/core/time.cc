#include "core/time.h"

#include <chrono>
#include <cstdio>

namespace ipe::core {
namespace {

// Howard Hinnant's days_from_civil / civil_from_days (public-domain algorithms).
int32_t DaysFromCivil(int y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int32_t>(doe) - 719468;
}

void CivilFromDays(int32_t z, int& y, unsigned& m, unsigned& d) {
  z += 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = static_cast<int>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
}

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

unsigned DaysInMonth(int y, unsigned m) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

bool ParseFixedDigits(std::string_view s, size_t pos, size_t n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  out = v;
  return true;
}

}  // namespace

Date Date::FromCivil(int year, unsigned month, unsigned day) {
  return Date{DaysFromCivil(year, month, day)};
}

void Date::ToCivil(int& year, unsigned& month, unsigned& day) const {
  CivilFromDays(days, year, month, day);
}

int Date::Year() const {
  int y;
  unsigned m, d;
  ToCivil(y, m, d);
  return y;
}

int Date::IsoWeekday() const {
  // 1970-01-01 was a Thursday (ISO 4).
  int w = (days % 7 + 7) % 7;  // 0 = Thursday
  return (w + 3) % 7 + 1;
}

std::string Date::ToString() const {
  int y;
  unsigned m, d;
  ToCivil(y, m, d);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", y, m, d);
  return buf;
}

Result<Date> ParseDate(std::string_view s) {
  int y = 0, m = 0, d = 0;
  if (s.size() != 10 || s[4] != '-' || s[7] != '-' || !ParseFixedDigits(s, 0, 4, y) ||
      !ParseFixedDigits(s, 5, 2, m) || !ParseFixedDigits(s, 8, 2, d)) {
    return InvalidArgument("日期格式应为 YYYY-MM-DD: '" + std::string(s) + "'");
  }
  if (y < 1800 || y > 2999 || m < 1 || m > 12 || d < 1 ||
      static_cast<unsigned>(d) > DaysInMonth(y, static_cast<unsigned>(m))) {
    return InvalidArgument("日期不存在: '" + std::string(s) + "'");
  }
  return Date::FromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
}

std::string Timestamp::ToString() const {
  int64_t day = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400;
  int64_t rem = seconds - day * 86400;
  Date d{static_cast<int32_t>(day)};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%sT%02d:%02d:%02dZ", d.ToString().c_str(),
                static_cast<int>(rem / 3600), static_cast<int>(rem % 3600 / 60),
                static_cast<int>(rem % 60));
  return buf;
}

Result<Timestamp> ParseTimestamp(std::string_view s) {
  auto bad = [&] {
    return InvalidArgument("时间格式应为 ISO-8601 (YYYY-MM-DDTHH:MM:SSZ): '" + std::string(s) + "'");
  };
  if (s.size() < 10) return bad();
  auto date = ParseDate(s.substr(0, 10));
  if (!date) return date.error();
  if (s.size() == 10) return StartOfLocalDay(*date);
  if (s[10] != 'T' && s[10] != ' ') return bad();
  int hh = 0, mm = 0, ss = 0;
  size_t pos = 11;
  if (pos + 5 > s.size() || !ParseFixedDigits(s, pos, 2, hh) || s[pos + 2] != ':' ||
      !ParseFixedDigits(s, pos + 3, 2, mm)) {
    return bad();
  }
  pos += 5;
  if (pos < s.size() && s[pos] == ':') {
    if (!ParseFixedDigits(s, pos + 1, 2, ss)) return bad();
    pos += 3;
    // Fractional seconds are accepted and dropped.
    if (pos < s.size() && s[pos] == '.') {
      ++pos;
      while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
    }
  }
  if (hh > 23 || mm > 59 || ss > 60) return bad();
  int64_t offset = kBeijingOffsetSeconds;
  if (pos == s.size()) {
    // no offset: Beijing wall-clock time
  } else if (s[pos] == 'Z' && pos + 1 == s.size()) {
    offset = 0;
  } else if ((s[pos] == '+' || s[pos] == '-') && pos + 6 == s.size() && s[pos + 3] == ':') {
    int oh = 0, om = 0;
    if (!ParseFixedDigits(s, pos + 1, 2, oh) || !ParseFixedDigits(s, pos + 4, 2, om) || oh > 14 ||
        om > 59) {
      return bad();
    }
    offset = (oh * 3600 + om * 60) * (s[pos] == '-' ? -1 : 1);
  } else {
    return bad();
  }
  int64_t local = static_cast<int64_t>(date->days) * 86400 + hh * 3600 + mm * 60 + ss;
  return Timestamp{local - offset};
}

Date LocalDate(Timestamp t) {
  int64_t local = t.seconds + kBeijingOffsetSeconds;
  int64_t day = local >= 0 ? local / 86400 : (local - 86399) / 86400;
  return Date{static_cast<int32_t>(day)};
}

Timestamp StartOfLocalDay(Date d) {
  return Timestamp{static_cast<int64_t>(d.days) * 86400 - kBeijingOffsetSeconds};
}

Timestamp SystemClock::Now() const {
  auto now = std::chrono::system_clock::now();
  return Timestamp{std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count()};
}

const SystemClock& SystemClock::Instance() {
  static const SystemClock clock;
  return clock;
}

}  // namespace ipe::core
