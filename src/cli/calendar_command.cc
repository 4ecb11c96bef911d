// ipenforce calendar: statutory calendar arithmetic on the mainland holiday calendar.
#include <cstdio>
#include <string>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "core/calendar.h"

namespace ipe::cli {
namespace {

constexpr const char* kHelp =
    "用法:\n"
    "  ipenforce calendar add-working-days DATE N   the N-th working day after DATE\n"
    "  ipenforce calendar add-days DATE N [--extend] DATE + N calendar days (--extend: a last day\n"
    "                                               on a rest day moves to the next working day)\n"
    "  ipenforce calendar is-working-day DATE       prints yes/no (exit 0 either way)\n"
    "  ipenforce calendar due TIMESTAMP N --unit hours|days|working-days [--extend]\n"
    "                                               the deadline instant (ISO-8601, UTC)\n"
    "Dates are YYYY-MM-DD; the calendar covers the years its data package lists.\n";

core::Result<int> ParseCount(const std::string& s) {
  if (s.empty() || s.size() > 6 || s.find_first_not_of("0123456789") != std::string::npos) {
    return core::InvalidArgument("N 应为非负整数: '" + s + "'");
  }
  return std::stoi(s);
}

}  // namespace

int RunCalendar(const CommandArgs& argv) {
  if (argv.empty() || argv[0] == "--help" || argv[0] == "-h") {
    std::fputs(kHelp, argv.empty() ? stderr : stdout);
    return argv.empty() ? kExitUsage : kExitOk;
  }
  std::string sub = argv[0];
  Args args(CommandArgs(argv.begin() + 1, argv.end()));
  bool extend = args.Flag("--extend");
  auto unit_text = args.Value("--unit");
  if (args.WantsHelp()) {
    std::fputs(kHelp, stdout);
    return kExitOk;
  }
  if (auto err = args.Finish(); !err.empty()) {
    std::fprintf(stderr, "ipenforce calendar: %s\n%s", err.c_str(), kHelp);
    return kExitUsage;
  }
  std::vector<std::string> pos = args.positional();
  const core::WorkCalendar& cal = core::Calendar();
  if (sub == "is-working-day" && pos.size() == 1) {
    auto d = core::ParseDate(pos[0]);
    if (!d) return Fail(d.error());
    auto w = cal.IsWorkingDay(*d);
    if (!w) return Fail(w.error());
    std::string name = cal.HolidayName(*d);
    std::printf("%s%s\n", *w ? "yes" : "no", name.empty() ? "" : ("\t" + name).c_str());
    return kExitOk;
  }
  if ((sub == "add-working-days" || sub == "add-days") && pos.size() == 2) {
    auto d = core::ParseDate(pos[0]);
    if (!d) return Fail(d.error());
    auto n = ParseCount(pos[1]);
    if (!n) return Fail(n.error());
    auto out = sub == "add-days" ? cal.AddCalendarDays(*d, *n, extend) : cal.AddWorkingDays(*d, *n);
    if (!out) return Fail(out.error());
    std::printf("%s\n", out->ToString().c_str());
    return kExitOk;
  }
  if (sub == "due" && pos.size() == 2 && unit_text) {
    auto t = core::ParseTimestamp(pos[0]);
    if (!t) return Fail(t.error());
    auto n = ParseCount(pos[1]);
    if (!n) return Fail(n.error());
    auto unit = core::ParsePeriodUnit(*unit_text);
    if (!unit) return Fail(unit.error());
    auto due = cal.Due(*t, *n, *unit, extend);
    if (!due) return Fail(due.error());
    std::printf("%s\n", due->ToString().c_str());
    return kExitOk;
  }
  std::fprintf(stderr, "ipenforce calendar: bad arguments\n%s", kHelp);
  return kExitUsage;
}

}  // namespace ipe::cli
