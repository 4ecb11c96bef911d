// ipenforce audit verify
#include <cstdio>
#include <nlohmann/json.hpp>

#include "app/accounts/audit.h"
#include "cli/commands.h"
#include "cli/database.h"
#include "cli/exit_codes.h"
#include "storage/db.h"

namespace ipe::cli {

namespace {
constexpr const char* kHelp =
    "用法: ipenforce audit verify [--db URL] [--json]\n"
    "Walks the SHA-256 audit chain. Exit 0 when intact; exit 1 naming the first bad record when\n"
    "any record was edited, deleted or reordered, or the chain head does not match.\n";
}  // namespace

int RunAudit(const CommandArgs& argv) {
  if (argv.empty() || argv[0] != "verify") {
    bool help = !argv.empty() && (argv[0] == "--help" || argv[0] == "-h");
    std::fputs(kHelp, help ? stdout : stderr);
    return help ? kExitOk : kExitUsage;
  }
  Args args(CommandArgs(argv.begin() + 1, argv.end()));
  std::string url = DatabaseUrl(args);
  bool json = args.Flag("--json");
  if (args.WantsHelp()) {
    std::fputs(kHelp, stdout);
    return kExitOk;
  }
  if (auto err = args.Finish(); !err.empty()) {
    std::fprintf(stderr, "ipenforce audit verify: %s\n", err.c_str());
    return kExitUsage;
  }
  auto db = storage::OpenDatabase(url);
  if (!db) return Fail(db.error());
  auto v = app::VerifyAudit(**db);
  if (!v) return Fail(v.error());
  if (json) {
    nlohmann::json out = {{"ok", v->ok}, {"records", v->records}};
    if (!v->ok) {
      out["first_bad_seq"] = *v->bad_seq;
      out["first_bad_id"] = v->bad_id ? nlohmann::json(*v->bad_id) : nlohmann::json();
      out["reason"] = v->reason;
    }
    std::printf("%s\n", out.dump().c_str());
  } else if (v->ok) {
    std::printf("审计链完好 (audit chain intact): %lld 条记录\n",
                static_cast<long long>(v->records));
  } else {
    std::printf("审计链损坏 (audit chain broken) at seq %lld%s: %s\n",
                static_cast<long long>(*v->bad_seq),
                v->bad_id ? (" (id " + std::to_string(*v->bad_id) + ")").c_str() : "",
                v->reason.c_str());
  }
  return v->ok ? kExitOk : kExitNegative;
}

}  // namespace ipe::cli
