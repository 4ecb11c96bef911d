#include <cstdio>

#include "cli/commands.h"
#include "cli/database.h"
#include "cli/exit_codes.h"
#include "core/time.h"
#include "storage/migrate.h"

namespace ipe::cli {

int RunMigrate(const CommandArgs& argv) {
  Args args(argv);
  std::string url = DatabaseUrl(args);
  if (args.WantsHelp()) {
    std::printf(
        "用法: ipenforce migrate [--db URL]\n"
        "Applies pending schema migrations. URL: sqlite:///path.db | sqlite://rel/path.db |\n"
        "postgresql://user@host:port/db (default: $IPE_DB or %s)\n",
        kDefaultDbUrl);
    return kExitOk;
  }
  if (auto err = args.Finish(); !err.empty() || !args.positional().empty()) {
    std::fprintf(stderr, "ipenforce migrate: %s\n", err.empty() ? "unexpected argument" : err.c_str());
    return kExitUsage;
  }
  auto db = storage::OpenDatabase(url);
  if (!db) return Fail(db.error());
  auto report = storage::Migrate(**db, storage::AllMigrations(), core::SystemClock::Instance().Now());
  if (!report) return Fail(report.error());
  std::printf("数据库 %s: 版本 %d，本次应用 %zu 个迁移 (schema version %d, %zu applied)\n",
              (*db)->display_url().c_str(), report->current_version, report->applied.size(),
              report->current_version, report->applied.size());
  return kExitOk;
}

}  // namespace ipe::cli
