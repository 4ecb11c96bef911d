// ipenforce credit regrade: recount and regrade every enterprise the platform holds facts on
// (docs/credit.md "分级分类监管") — run nightly, since the window moves and cases, transfers and
// leads are written by other areas.
#include <chrono>
#include <cstdio>
#include <string>

#include "app/accounts/accounts.h"
#include "app/context.h"
#include "app/credit/credit.h"
#include "cli/args.h"
#include "cli/commands.h"
#include "cli/database.h"
#include "cli/exit_codes.h"

namespace ipe::cli {
namespace {

constexpr const char* kHelp =
    "用法 (usage):\n"
    "  ipenforce credit regrade [--as LOGIN] [--db URL]\n"
    "      重新统计并评定平台掌握信息的全部企业的信用风险分类，记入审计；--as 须为系统管理员，缺省为系统本身\n"
    "      (recount and regrade every enterprise, audited; run nightly)\n";

int Usage(const std::string& why) {
  std::fprintf(stderr, "ipenforce credit: %s\n%s", why.c_str(), kHelp);
  return kExitUsage;
}

}  // namespace

int RunCredit(const CommandArgs& argv) {
  if (argv.empty() || argv[0] == "--help" || argv[0] == "-h") {
    if (argv.empty()) std::fputs("ipenforce credit: 缺少子命令 (missing subcommand)\n", stderr);
    std::fputs(kHelp, argv.empty() ? stderr : stdout);
    return argv.empty() ? kExitUsage : kExitOk;
  }
  if (argv[0] != "regrade") return Usage("未知子命令 (unknown subcommand): " + argv[0]);
  Args args(CommandArgs(argv.begin() + 1, argv.end()));
  std::string url = DatabaseUrl(args);
  std::optional<std::string> login = args.Value("--as");
  if (auto err = args.Finish(); !err.empty()) return Usage(err);
  if (!args.positional().empty()) return Usage("多余的参数 (unexpected arguments)");
  auto db = OpenAndMigrate(url, true);
  if (!db) return Fail(db.error());
  app::Context ctx(**db, core::SystemClock::Instance());
  app::Principal who = app::Principal::System();
  if (login) {
    auto p = app::PrincipalForLogin(ctx, *login);
    if (!p) return Fail(p.error());
    who = *p;
  }
  auto start = std::chrono::steady_clock::now();
  auto n = app::RegradeAllSubjects(ctx, who);
  if (!n) return Fail(n.error());
  std::printf("已重算 %lld 户企业的信用风险分类，用时 %lld ms (regraded)\n", static_cast<long long>(*n),
              static_cast<long long>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                         std::chrono::steady_clock::now() - start)
                                         .count()));
  return kExitOk;
}

}  // namespace ipe::cli
