#include "core/calendar.h"

#include <cstdlib>

namespace ipe::embedded {
extern const char kCalendarTsv[];
extern const unsigned long kCalendarTsv_size;
}  // namespace ipe::embedded

namespace ipe::core {

Result<PeriodUnit> ParsePeriodUnit(std::string_view text) {
  if (text == "hours" || text == "h") return PeriodUnit::kHours;
  if (text == "days" || text == "calendar-days" || text == "calendar_days") {
    return PeriodUnit::kCalendarDays;
  }
  if (text == "working-days" || text == "working_days" || text == "workdays") {
    return PeriodUnit::kWorkingDays;
  }
  if (text == "months") return PeriodUnit::kMonths;
  if (text == "years") return PeriodUnit::kYears;
  return InvalidArgument("期限单位应为 hours、days、working-days、months 或 years: '" +
                         std::string(text) + "'");
}

const char* PeriodUnitName(PeriodUnit unit) {
  switch (unit) {
    case PeriodUnit::kHours: return "hours";
    case PeriodUnit::kCalendarDays: return "days";
    case PeriodUnit::kWorkingDays: return "working-days";
    case PeriodUnit::kMonths: return "months";
    case PeriodUnit::kYears: return "years";
  }
  return "?";
}

const char* DayKindName(DayKind kind) {
  switch (kind) {
    case DayKind::kWorkday: return "workday";
    case DayKind::kWeekend: return "weekend";
    case DayKind::kHoliday: return "holiday";
    case DayKind::kRestDay: return "restday";
    case DayKind::kMakeUpWorkday: return "makeup_workday";
  }
  return "unknown";
}

Result<WorkCalendar> WorkCalendar::Parse(std::string_view tsv) {
  WorkCalendar c;
  size_t line_no = 0;
  while (!tsv.empty()) {
    size_t nl = tsv.find('\n');
    std::string_view line = tsv.substr(0, nl);
    tsv.remove_prefix(nl == std::string_view::npos ? tsv.size() : nl + 1);
    ++line_no;
    if (line.empty()) continue;
    auto bad = [&] {
      return InvalidArgument("日历数据第 " + std::to_string(line_no) + " 行格式错误");
    };
    if (line.substr(0, 9) == "# covers\t") {
      std::string_view rest = line.substr(9);
      size_t tab = rest.find('\t');
      if (tab != 4 || rest.size() != 9) return bad();
      auto first = ParseDate(std::string(rest.substr(0, 4)) + "-01-01");
      auto last = ParseDate(std::string(rest.substr(5, 4)) + "-01-01");
      if (!first || !last) return bad();
      c.first_year_ = first->Year();
      c.last_year_ = last->Year();
      continue;
    }
    if (line[0] == '#') continue;
    size_t t1 = line.find('\t');
    size_t t2 = t1 == std::string_view::npos ? t1 : line.find('\t', t1 + 1);
    if (t2 == std::string_view::npos) return bad();
    auto date = ParseDate(line.substr(0, t1));
    if (!date) return bad();
    std::string_view kind_text = line.substr(t1 + 1, t2 - t1 - 1);
    DayKind kind;
    bool weekend = date->IsoWeekday() >= 6;
    if (kind_text == "holiday") {
      kind = DayKind::kHoliday;
    } else if (kind_text == "restday" && !weekend) {
      kind = DayKind::kRestDay;
    } else if (kind_text == "workday" && weekend) {
      kind = DayKind::kMakeUpWorkday;
    } else {
      return bad();
    }
    if (!c.special_.emplace(date->days, Special{kind, std::string(line.substr(t2 + 1))}).second) {
      return InvalidArgument("日历数据第 " + std::to_string(line_no) + " 行日期重复");
    }
  }
  if (c.first_year_ == 0 || c.last_year_ < c.first_year_) {
    return InvalidArgument("日历数据缺少覆盖年份 (missing '# covers' line)");
  }
  return c;
}

Status WorkCalendar::CheckCovered(Date d) const {
  int y = d.Year();
  if (y < first_year_ || y > last_year_) {
    return FailedPrecondition("节假日日历仅覆盖 " + std::to_string(first_year_) + "–" +
                              std::to_string(last_year_) + " 年，无法计算 " + d.ToString() +
                              " (holiday calendar does not cover this date)");
  }
  return Status::Ok();
}

Result<DayKind> WorkCalendar::Kind(Date d) const {
  IPE_RETURN_IF_ERROR(CheckCovered(d));
  auto it = special_.find(d.days);
  if (it != special_.end()) return it->second.kind;
  return d.IsoWeekday() <= 5 ? DayKind::kWorkday : DayKind::kWeekend;
}

Result<bool> WorkCalendar::IsWorkingDay(Date d) const {
  IPE_ASSIGN_OR_RETURN(DayKind kind, Kind(d));
  return kind == DayKind::kWorkday || kind == DayKind::kMakeUpWorkday;
}

std::string WorkCalendar::HolidayName(Date d) const {
  auto it = special_.find(d.days);
  return it == special_.end() ? std::string() : it->second.name;
}

Result<Date> WorkCalendar::AddWorkingDays(Date start, int n) const {
  if (n < 0) return InvalidArgument("工作日数不能为负");
  Date d = start;
  int counted = 0;
  while (counted < n) {
    d = d.AddDays(1);
    IPE_ASSIGN_OR_RETURN(bool working, IsWorkingDay(d));
    if (working) ++counted;
  }
  return d;
}

Result<Date> WorkCalendar::NextWorkingDayFrom(Date d) const {
  for (;;) {
    IPE_ASSIGN_OR_RETURN(bool working, IsWorkingDay(d));
    if (working) return d;
    d = d.AddDays(1);
  }
}

Result<Date> WorkCalendar::AddCalendarDays(Date start, int n, bool extend_over_rest_days) const {
  if (n < 0) return InvalidArgument("天数不能为负");
  Date d = start.AddDays(n);
  if (!extend_over_rest_days) return d;
  return NextWorkingDayFrom(d);
}

Result<Timestamp> WorkCalendar::Due(Timestamp trigger, int amount, PeriodUnit unit,
                                    bool extend_over_rest_days) const {
  if (amount < 0) return InvalidArgument("期限不能为负");
  switch (unit) {
    case PeriodUnit::kHours:
      return AddHours(trigger, amount);
    case PeriodUnit::kCalendarDays: {
      IPE_ASSIGN_OR_RETURN(Date d, AddCalendarDays(LocalDate(trigger), amount, extend_over_rest_days));
      return EndOfLocalDay(d);
    }
    case PeriodUnit::kWorkingDays: {
      IPE_ASSIGN_OR_RETURN(Date d, AddWorkingDays(LocalDate(trigger), amount));
      return EndOfLocalDay(d);
    }
    case PeriodUnit::kMonths:
    case PeriodUnit::kYears: {
      if (amount > 1200) return InvalidArgument("期限过长");
      int months = unit == PeriodUnit::kYears ? amount * 12 : amount;
      IPE_ASSIGN_OR_RETURN(
          Date d, AddCalendarDays(AddCalendarMonths(LocalDate(trigger), months), 0,
                                  extend_over_rest_days));
      return EndOfLocalDay(d);
    }
  }
  return Internal("unknown period unit");
}

Date AddCalendarMonths(Date start, int n) {
  int year = 0;
  unsigned month = 0, day = 0;
  start.ToCivil(year, month, day);
  int index = year * 12 + static_cast<int>(month) - 1 + n;
  int y = index / 12;
  unsigned m = static_cast<unsigned>(index % 12) + 1;
  // The last day of the final month: the day before the first of the next one.
  Date first_of_next = m == 12 ? Date::FromCivil(y + 1, 1, 1) : Date::FromCivil(y, m + 1, 1);
  unsigned last = 0;
  int ly = 0;
  unsigned lm = 0;
  first_of_next.AddDays(-1).ToCivil(ly, lm, last);
  return Date::FromCivil(y, m, day <= last ? day : last);
}

const WorkCalendar& Calendar() {
  static const WorkCalendar calendar = [] {
    auto c = WorkCalendar::Parse(
        std::string_view(embedded::kCalendarTsv, embedded::kCalendarTsv_size));
    if (!c) std::abort();  // the embedded data is generated and tested at build time
    return std::move(*c);
  }();
  return calendar;
}

}  // namespace ipe::core
