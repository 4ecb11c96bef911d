// ipenforce calendar: statutory period arithmetic on the mainland holiday calendar
// (docs/calendar.md).
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "app/accounts/accounts.h"
#include "app/calendar/calendar.h"
#include "app/context.h"
#include "app/reference_data.h"
#include "cli/args.h"
#include "cli/commands.h"
#include "cli/database.h"
#include "cli/exit_codes.h"
#include "core/calendar.h"

namespace ipe::cli {
namespace {

constexpr const char* kHelp =
    "用法 (usage):\n"
    "  ipenforce calendar add-working-days DATE N\n"
    "      DATE 之后第 N 个工作日 (the N-th working day after DATE; counting starts the next day)\n"
    "  ipenforce calendar add-days DATE N [--extend]\n"
    "      DATE 加 N 日; --extend: 最后一日是节假日或休息日的顺延至其后第一个工作日\n"
    "      (a period ending on a rest day ends on the next working day)\n"
    "  ipenforce calendar is-working-day DATE\n"
    "      yes/no、日类型与节日名; 退出码 0 工作日, 1 休息日 (exit 0 working day, 1 rest day)\n"
    "  ipenforce calendar due TIMESTAMP N --unit hours|days|working-days [--extend]\n"
    "      期限届满时刻 (the due instant): hours → TIMESTAMP + N 小时; days/working-days → 到期日\n"
    "      北京时间 24:00. 输出 UTC 时间与北京时间 (prints UTC, then Beijing wall time)\n"
    "  ipenforce calendar range\n"
    "      内置节假日数据覆盖的年份 (the years the built-in holiday data covers)\n"
    "  ipenforce calendar load FILE --as LOGIN [--db URL]\n"
    "      载入一年的节假日安排（国务院办公厅每年11月发布）到数据库，叠加在内置数据之上；\n"
    "      须系统管理员，记入审计 (load one year's arrangement, admins only, audited). FILE:\n"
    "      '# covers<TAB>YEAR<TAB>YEAR' then 'YYYY-MM-DD<TAB>holiday|restday|workday<TAB>名称'\n"
    "  ipenforce calendar years [--db URL]\n"
    "      数据库中已载入的年份与生效的覆盖范围 (loaded years and the covered range in force)\n"
    "\n"
    "DATE 为 YYYY-MM-DD; TIMESTAMP 为 ISO-8601 (2020-09-30T10:00:00+08:00, …Z; 无时区按北京时间).\n"
    "超出覆盖年份的计算报错而不猜测 (outside the covered years the answer is an error, exit 2).\n";

core::Result<int> ParseCount(const std::string& s) {
  if (s.empty() || s.size() > 5 || s.find_first_not_of("0123456789") != std::string::npos) {
    return core::InvalidArgument("N 应为 0–99999 的整数 (N must be a non-negative integer): '" + s +
                                 "'");
  }
  return std::stoi(s);
}

const char* KindZh(core::DayKind kind) {
  switch (kind) {
    case core::DayKind::kWorkday: return "工作日";
    case core::DayKind::kWeekend: return "周末休息日";
    case core::DayKind::kHoliday: return "法定节假日";
    case core::DayKind::kRestDay: return "调休休息日";
    case core::DayKind::kMakeUpWorkday: return "调休上班日";
  }
  return "?";
}

int Usage(const std::string& why) {
  std::fprintf(stderr, "ipenforce calendar: %s\n%s", why.c_str(), kHelp);
  return kExitUsage;
}

// "2020-10-12T16:00:00Z" → "2020-10-13 00:00:00 北京时间"; the end of a due day reads as 24:00.
std::string BeijingWallTime(core::Timestamp t) {
  core::Timestamp local{t.seconds + core::kBeijingOffsetSeconds};
  std::string iso = local.ToString();  // shifted instant printed as if UTC
  core::Date day = core::LocalDate(t);
  if (core::StartOfLocalDay(day) == t) {
    return day.AddDays(-1).ToString() + " 24:00 北京时间";
  }
  return iso.substr(0, 10) + " " + iso.substr(11, 8) + " 北京时间";
}

// `calendar load` / `calendar years`: the years loaded at run time, in the database.
int RunCalendarDb(const std::string& sub, Args& args) {
  std::string url = DatabaseUrl(args);
  std::optional<std::string> login;
  if (sub == "load") login = args.Value("--as");
  if (args.WantsHelp()) {
    std::fputs(kHelp, stdout);
    return kExitOk;
  }
  if (auto err = args.Finish(); !err.empty()) return Usage(err);
  std::vector<std::string> pos = args.positional();
  if (sub == "load" && (pos.size() != 1 || !login)) {
    return Usage("load 需要 FILE 和 --as LOGIN (needs FILE and --as LOGIN)");
  }
  if (sub == "years" && !pos.empty()) return Usage("years 不接受参数 (years takes no arguments)");
  auto db = OpenAndMigrate(url, true);
  if (!db) return Fail(db.error());
  app::Context ctx(**db, core::SystemClock::Instance());
  if (sub == "load") {
    std::ifstream in(pos[0], std::ios::binary);
    if (!in) return Fail(core::NotFound("无法读取文件 (cannot read): " + pos[0]));
    std::stringstream text;
    text << in.rdbuf();
    if (auto synced = app::SyncReferenceData(ctx); !synced) return Fail(synced.error());
    auto who = app::PrincipalForLogin(ctx, *login);
    if (!who) return Fail(who.error());
    auto year = app::LoadCalendarYear(ctx, *who, text.str());
    if (!year) return Fail(year.error());
    std::printf("已载入 %d 年节假日安排 (loaded)\n", *year);
    return kExitOk;
  }
  auto state = app::GetCalendarState(ctx, app::Principal::System());
  if (!state) return Fail(state.error());
  std::printf("covers\t%d\t%d\n", state->first_year, state->last_year);
  for (const auto& y : state->loaded) {
    std::printf("loaded\t%d\t%d\t%s\t%s\n", y.year, y.entries, y.loaded_at.ToString().c_str(),
                y.loaded_by.c_str());
  }
  return kExitOk;
}

}  // namespace

int RunCalendar(const CommandArgs& argv) {
  if (argv.empty() || argv[0] == "--help" || argv[0] == "-h") {
    if (argv.empty()) std::fputs("ipenforce calendar: 缺少子命令 (missing subcommand)\n", stderr);
    std::fputs(kHelp, argv.empty() ? stderr : stdout);
    return argv.empty() ? kExitUsage : kExitOk;
  }
  const std::string sub = argv[0];
  Args args(CommandArgs(argv.begin() + 1, argv.end()));
  if (sub == "load" || sub == "years") return RunCalendarDb(sub, args);
  bool extend = (sub == "add-days" || sub == "due") && args.Flag("--extend");
  std::optional<std::string> unit_text;
  if (sub == "due") unit_text = args.Value("--unit");
  if (args.WantsHelp()) {
    std::fputs(kHelp, stdout);
    return kExitOk;
  }
  if (auto err = args.Finish(); !err.empty()) return Usage(err);
  std::vector<std::string> pos = args.positional();
  const core::WorkCalendar& cal = core::Calendar();

  if (sub == "range") {
    if (!pos.empty()) return Usage("range 不接受参数 (range takes no arguments)");
    std::printf("%d\t%d\n", cal.first_year(), cal.last_year());
    return kExitOk;
  }
  if (sub == "is-working-day") {
    if (pos.size() != 1) return Usage("is-working-day 需要一个 DATE (needs one DATE)");
    auto d = core::ParseDate(pos[0]);
    if (!d) return Fail(d.error());
    auto kind = cal.Kind(*d);
    if (!kind) return Fail(kind.error());
    bool working = *kind == core::DayKind::kWorkday || *kind == core::DayKind::kMakeUpWorkday;
    std::string name = cal.HolidayName(*d);
    std::printf("%s\t%s (%s)%s\n", working ? "yes" : "no", KindZh(*kind), core::DayKindName(*kind),
                name.empty() ? "" : ("\t" + name).c_str());
    return working ? kExitOk : kExitNegative;
  }
  if (sub == "add-working-days" || sub == "add-days") {
    if (pos.size() != 2) return Usage(sub + " 需要 DATE 和 N (needs DATE N)");
    auto d = core::ParseDate(pos[0]);
    if (!d) return Fail(d.error());
    auto n = ParseCount(pos[1]);
    if (!n) return Fail(n.error());
    auto out = sub == "add-days" ? cal.AddCalendarDays(*d, *n, extend) : cal.AddWorkingDays(*d, *n);
    if (!out) return Fail(out.error());
    std::printf("%s\n", out->ToString().c_str());
    return kExitOk;
  }
  if (sub == "due") {
    if (pos.size() != 2) return Usage("due 需要 TIMESTAMP 和 N (needs TIMESTAMP N)");
    if (!unit_text) return Usage("due 需要 --unit hours|days|working-days");
    auto t = core::ParseTimestamp(pos[0]);
    if (!t) return Fail(t.error());
    auto n = ParseCount(pos[1]);
    if (!n) return Fail(n.error());
    auto unit = core::ParsePeriodUnit(*unit_text);
    if (!unit) return Fail(unit.error());
    auto due = cal.Due(*t, *n, *unit, extend);
    if (!due) return Fail(due.error());
    std::printf("%s\t%s\n", due->ToString().c_str(), BeijingWallTime(*due).c_str());
    return kExitOk;
  }
  return Usage("未知子命令 (unknown subcommand): " + sub);
}

}  // namespace ipe::cli
