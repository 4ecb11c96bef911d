// ipenforce stats: the statistics rollups (docs/statistics.md) — recompute every cell from the
// records, or check the cells against a recomputation without writing.
#include <chrono>
#include <cstdio>
#include <string>

#include "app/accounts/accounts.h"
#include "app/context.h"
#include "app/statistics/statistics.h"
#include "app/statistics/statistics_store.h"
#include "cli/args.h"
#include "cli/commands.h"
#include "cli/database.h"
#include "cli/exit_codes.h"

namespace ipe::cli {
namespace {

constexpr const char* kHelp =
    "用法 (usage):\n"
    "  ipenforce stats rebuild [--as LOGIN] [--db URL]\n"
    "      由业务记录重算全部统计汇总单元并重装触发器，记入审计；--as 须为系统管理员，缺省为系统本身\n"
    "      (recompute every rollup cell from the records and reinstall the triggers, audited)\n"
    "  ipenforce stats check [--db URL]\n"
    "      比对汇总单元与由记录重算的结果，不写入；不一致时退出码 1\n"
    "      (compare the cells with a recomputation; exit 1 when they differ)\n";

int Usage(const std::string& why) {
  std::fprintf(stderr, "ipenforce stats: %s\n%s", why.c_str(), kHelp);
  return kExitUsage;
}

}  // namespace

int RunStats(const CommandArgs& argv) {
  if (argv.empty() || argv[0] == "--help" || argv[0] == "-h") {
    if (argv.empty()) std::fputs("ipenforce stats: 缺少子命令 (missing subcommand)\n", stderr);
    std::fputs(kHelp, argv.empty() ? stderr : stdout);
    return argv.empty() ? kExitUsage : kExitOk;
  }
  const std::string sub = argv[0];
  if (sub != "rebuild" && sub != "check") return Usage("未知子命令 (unknown subcommand): " + sub);
  Args args(CommandArgs(argv.begin() + 1, argv.end()));
  std::string url = DatabaseUrl(args);
  std::optional<std::string> login = sub == "rebuild" ? args.Value("--as") : std::nullopt;
  if (auto err = args.Finish(); !err.empty()) return Usage(err);
  if (!args.positional().empty()) return Usage("多余的参数 (unexpected arguments)");
  auto db = OpenAndMigrate(url, true);
  if (!db) return Fail(db.error());
  app::Context ctx(**db, core::SystemClock::Instance());
  if (sub == "rebuild") {
    app::Principal who = app::Principal::System();
    if (login) {
      auto p = app::PrincipalForLogin(ctx, *login);
      if (!p) return Fail(p.error());
      who = *p;
    }
    auto start = std::chrono::steady_clock::now();
    auto done = app::RebuildStatistics(ctx, who);
    if (!done) return Fail(done.error());
    std::printf("已重算统计汇总 %lld 个单元，改写 %lld 个，删除 %lld 个，用时 %lld ms (recomputed)\n",
                static_cast<long long>(done->cells), static_cast<long long>(done->changed),
                static_cast<long long>(done->dropped),
                static_cast<long long>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                              std::chrono::steady_clock::now() - start)
                                              .count()));
    return kExitOk;
  }
  auto tx = (*db)->Begin(storage::TxMode::kRead);
  if (!tx) return Fail(tx.error());
  app::StatisticsStore store(**tx);
  auto found = store.Differences();
  if (!found) return Fail(found.error());
  if (found->changed != 0 || found->dropped != 0) {
    std::printf("统计汇总与记录不一致：%lld 个单元应改写，%lld 个应删除 (cells differ; `stats rebuild` mends them)\n",
                static_cast<long long>(found->changed), static_cast<long long>(found->dropped));
    return 1;
  }
  std::printf("统计汇总一致：%lld 个单元 (cells match the records)\n", static_cast<long long>(found->cells));
  return kExitOk;
}

}  // namespace ipe::cli
