// ipenforce backup [--db URL] OUT / ipenforce restore [--db URL] IN (storage/backup.h)
#include <cstdio>

#include "app/accounts/audit.h"
#include "app/context.h"
#include "app/restore.h"
#include "core/time.h"
#include "cli/commands.h"
#include "cli/database.h"
#include "cli/exit_codes.h"
#include "storage/backup.h"
#include "storage/db.h"

namespace ipe::cli {

namespace {

constexpr const char* kBackupHelp =
    "用法: ipenforce backup [--db URL] OUT\n"
    "Writes a copy of the whole store to the file OUT while servers keep running: SQLite's online\n"
    "backup API, or pg_dump --format=custom for PostgreSQL (the URL's schema when it names one).\n"
    "Attachments and the audit chain are in the store, so in the copy.\n";
constexpr const char* kRestoreHelp =
    "用法: ipenforce restore [--db URL] IN\n"
    "Replaces the store with the copy IN (made by `ipenforce backup` from the same kind of "
    "store),\n"
    "then gives the store a new identity (the servers' index snapshots of the store as it was are\n"
    "no longer used: each rebuilds its index once), records the restore in the audit log and\n"
    "verifies the audit chain: exit 0 when intact, 1 when the restored chain is broken.\n"
    "Stop the servers first.\n";

// Parses [--db URL] FILE; returns kExitOk and fills `url`/`file`, or an exit code.
int ParseArgs(const CommandArgs& argv, const char* name, const char* help, std::string& url,
              std::string& file) {
  Args args(argv);
  url = DatabaseUrl(args);
  if (args.WantsHelp()) {
    std::fputs(help, stdout);
    return -1;
  }
  std::string err = args.Finish();
  if (err.empty() && args.positional().size() != 1) err = "需要一个文件名 (one file name)";
  if (!err.empty()) {
    std::fprintf(stderr, "ipenforce %s: %s\n%s", name, err.c_str(), help);
    return kExitUsage;
  }
  file = args.positional()[0];
  return kExitOk;
}

}  // namespace

int RunBackup(const CommandArgs& argv) {
  std::string url, out;
  if (int rc = ParseArgs(argv, "backup", kBackupHelp, url, out); rc != kExitOk) {
    return rc < 0 ? kExitOk : rc;
  }
  if (auto st = storage::Backup(url, out); !st.ok()) return Fail(st);
  std::printf("已备份到 %s (backed up)\n", out.c_str());
  return kExitOk;
}

int RunRestore(const CommandArgs& argv) {
  std::string url, in;
  if (int rc = ParseArgs(argv, "restore", kRestoreHelp, url, in); rc != kExitOk) {
    return rc < 0 ? kExitOk : rc;
  }
  if (auto st = storage::Restore(url, in); !st.ok()) return Fail(st);
  auto db = storage::OpenDatabase(url);
  if (!db) return Fail(db.error());
  app::Context ctx(**db, core::SystemClock::Instance());
  auto identity = app::RecordRestore(ctx, in);
  if (!identity) return Fail(identity.error());
  auto v = app::VerifyAudit(**db);
  if (!v) return Fail(v.error());
  if (!v->ok) {
    std::printf("已恢复，但审计链损坏 (restored, audit chain broken) at seq %lld: %s\n",
                static_cast<long long>(v->bad_seq.value_or(0)), v->reason.c_str());
    return kExitNegative;
  }
  std::printf("已从 %s 恢复，审计链完好 (restored; audit chain intact): %lld 条记录\n", in.c_str(),
              static_cast<long long>(v->records));
  return kExitOk;
}

}  // namespace ipe::cli
