#pragma once
// Dates and instants.
//
// Date is a civil (proleptic Gregorian) calendar date, ISO-8601 "YYYY-MM-DD".
// Timestamp is an instant, seconds since the Unix epoch (UTC), ISO-8601 "YYYY-MM-DDTHH:MM:SSZ"
// on output; input also accepts a "+08:00"-style offset.
//
// Statutory periods are counted on the mainland's civil calendar: Beijing time, UTC+08:00, which
// has had no daylight saving since 1991. LocalDate()/StartOfLocalDay() convert with that fixed
// offset, so no time-zone database is needed.
//
// Clock is passed in wherever "now" matters, so tests can fix time (FakeClock).

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"

namespace ipe::core {

struct Date {
  int32_t days = 0;  // days since 1970-01-01

  constexpr auto operator<=>(const Date&) const = default;

  static Date FromCivil(int year, unsigned month, unsigned day);
  void ToCivil(int& year, unsigned& month, unsigned& day) const;
  int Year() const;
  /// ISO weekday: 1 = Monday … 7 = Sunday.
  int IsoWeekday() const;
  Date AddDays(int n) const { return Date{days + n}; }
  std::string ToString() const;  // "2020-10-12"
};

/// Parses "YYYY-MM-DD" (exactly; month and day validated, year 1800–2999: resident ID numbers of
/// people born in the 1880s exist).
Result<Date> ParseDate(std::string_view text);

/// Days from a to b (b - a).
inline int DaysBetween(Date a, Date b) { return b.days - a.days; }

struct Timestamp {
  int64_t seconds = 0;  // since 1970-01-01T00:00:00Z

  constexpr auto operator<=>(const Timestamp&) const = default;
  Timestamp AddSeconds(int64_t s) const { return Timestamp{seconds + s}; }
  std::string ToString() const;  // "2020-10-12T02:00:00Z"
};

/// Parses "YYYY-MM-DDTHH:MM[:SS]" followed by "Z" or "+HH:MM"/"-HH:MM"; a bare date-time without
/// offset is read as Beijing time (the users' wall clock). A plain date means 00:00 Beijing time.
Result<Timestamp> ParseTimestamp(std::string_view text);

/// Beijing offset used for statutory counting.
inline constexpr int64_t kBeijingOffsetSeconds = 8 * 3600;

/// The Beijing civil date of an instant.
Date LocalDate(Timestamp t);
/// 00:00 Beijing time on `d`.
Timestamp StartOfLocalDay(Date d);
/// 24:00 (= next day 00:00) Beijing time on `d`: a deadline "by the end of day d".
inline Timestamp EndOfLocalDay(Date d) { return StartOfLocalDay(d.AddDays(1)); }

/// Source of the current time. Implementations must be thread-safe.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual Timestamp Now() const = 0;
};

/// The system clock.
class SystemClock final : public Clock {
 public:
  Timestamp Now() const override;
  static const SystemClock& Instance();
};

/// A clock tests set by hand. Not thread-safe for concurrent Set/Now (tests only).
class FakeClock final : public Clock {
 public:
  explicit FakeClock(Timestamp t) : now_(t) {}
  Timestamp Now() const override { return now_; }
  void Set(Timestamp t) { now_ = t; }
  void Advance(int64_t seconds) { now_ = now_.AddSeconds(seconds); }

 private:
  Timestamp now_;
};

}  // namespace ipe::core
