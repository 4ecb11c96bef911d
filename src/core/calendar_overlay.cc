#include "core/calendar_overlay.h"

#include <algorithm>
#include <set>

namespace ipe::embedded {
extern const char kCalendarTsv[];
extern const unsigned long kCalendarTsv_size;
}  // namespace ipe::embedded

namespace ipe::core {
namespace {

// The year of a dated line ("2027-01-01\t…"), or 0 for comments and blank lines.
int LineYear(std::string_view line) {
  if (line.size() < 10 || line[0] == '#') return 0;
  auto d = ParseDate(line.substr(0, 10));
  return d ? d->Year() : 0;
}

}  // namespace

Result<YearArrangement> ParseYearArrangement(std::string_view tsv) {
  IPE_ASSIGN_OR_RETURN(WorkCalendar cal, WorkCalendar::Parse(tsv));
  if (cal.first_year() != cal.last_year()) {
    return InvalidArgument("节假日安排文件须只覆盖一个年份 (one year per file): '# covers\tYEAR\tYEAR'");
  }
  YearArrangement out;
  out.year = cal.first_year();
  if (out.year < 1990 || out.year > 2200) return InvalidArgument("年份超出范围 (year out of range)");
  bool holiday = false;
  size_t line_no = 0;
  std::string_view rest = tsv;
  while (!rest.empty()) {
    size_t nl = rest.find('\n');
    std::string_view line = rest.substr(0, nl);
    rest.remove_prefix(nl == std::string_view::npos ? rest.size() : nl + 1);
    ++line_no;
    int y = LineYear(line);
    if (y == 0) continue;
    if (y != out.year) {
      return InvalidArgument("第 " + std::to_string(line_no) + " 行的日期不在 " +
                             std::to_string(out.year) + " 年 (date outside the covered year)");
    }
    ++out.entries;
    if (line.find("\tholiday\t") != std::string_view::npos) holiday = true;
  }
  if (!holiday) return InvalidArgument("安排中没有法定节假日 (no holiday listed)");
  out.tsv = std::string(tsv);
  return out;
}

Result<WorkCalendar> CalendarWithYears(const std::vector<YearArrangement>& years) {
  std::string_view builtin(embedded::kCalendarTsv, embedded::kCalendarTsv_size);
  IPE_ASSIGN_OR_RETURN(WorkCalendar base, WorkCalendar::Parse(builtin));
  std::set<int> loaded;
  for (const YearArrangement& y : years) {
    if (!loaded.insert(y.year).second) {
      return InvalidArgument("同一年份载入两次 (year loaded twice): " + std::to_string(y.year));
    }
  }
  int first = base.first_year();
  int last = base.last_year();
  while (loaded.count(last + 1)) ++last;
  // The built-in lines of years not replaced, then the loaded years' lines, under one header.
  std::string text = "# covers\t" + std::to_string(first) + "\t" + std::to_string(last) + "\n";
  std::string_view rest = builtin;
  while (!rest.empty()) {
    size_t nl = rest.find('\n');
    std::string_view line = rest.substr(0, nl);
    rest.remove_prefix(nl == std::string_view::npos ? rest.size() : nl + 1);
    int y = LineYear(line);
    if (y == 0 || loaded.count(y)) continue;
    text.append(line).push_back('\n');
  }
  for (const YearArrangement& y : years) {
    if (y.year < first || y.year > last) continue;  // after a gap: not covered, not used
    std::string_view r = y.tsv;
    while (!r.empty()) {
      size_t nl = r.find('\n');
      std::string_view line = r.substr(0, nl);
      r.remove_prefix(nl == std::string_view::npos ? r.size() : nl + 1);
      if (LineYear(line) == 0) continue;
      text.append(line).push_back('\n');
    }
  }
  return WorkCalendar::Parse(text);
}

}  // namespace ipe::core
