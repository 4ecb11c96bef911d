// ipenforce demo: load demo data (idempotent).
#include <cstdio>

#include "app/context.h"
#include "app/demo.h"
#include "cli/commands.h"
#include "cli/database.h"
#include "cli/exit_codes.h"

namespace ipe::cli {

int RunDemo(const CommandArgs& argv) {
  Args args(argv);
  std::string url = DatabaseUrl(args);
  if (args.WantsHelp()) {
    std::printf("用法: ipenforce demo [--db URL]\n"
                "Loads demo agencies and one user per role (idempotent). Demo admin: %s / %s;\n"
                "other demo users: password %s.\n",
                app::kDemoAdminLogin, app::kDemoAdminPassword, app::kDemoUserPassword);
    return kExitOk;
  }
  if (auto err = args.Finish(); !err.empty() || !args.positional().empty()) {
    std::fprintf(stderr, "ipenforce demo: %s\n", err.empty() ? "unexpected argument" : err.c_str());
    return kExitUsage;
  }
  auto db = OpenAndMigrate(url);
  if (!db) return Fail(db.error());
  app::Context ctx(**db, core::SystemClock::Instance());
  auto report = app::LoadDemoData(ctx);
  if (!report) return Fail(report.error());
  std::printf("演示数据: 新增机构 %d 个，用户 %d 个 (demo data: %d agencies, %d users added)\n",
              report->agencies_created, report->users_created, report->agencies_created,
              report->users_created);
  return kExitOk;
}

}  // namespace ipe::cli
