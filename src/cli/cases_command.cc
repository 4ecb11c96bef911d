// ipenforce cases import FILE [FILE…] --as LOGIN [--db URL]
//
// Imports case files (CSV or XLSX from the 案件导入模板, the same parser and use case as the web
// upload) as cases registered by the officer LOGIN for their agency, each file in one transaction:
// all of its rows or none. The officer's permissions apply as on the web; the timeline and the
// one audited "case.import" per file name them. Progress on stderr; bad input names every wrong
// row and column, exit 2, nothing written for that file and the files after it.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "app/accounts/accounts.h"
#include "app/cases/case_import.h"
#include "app/cases/cases.h"
#include "app/context.h"
#include "app/reference_data.h"
#include "cli/args.h"
#include "cli/commands.h"
#include "cli/database.h"
#include "cli/exit_codes.h"

namespace ipe::cli {
namespace {

constexpr const char* kHelp =
    "用法:\n"
    "  ipenforce cases import FILE [FILE…] --as LOGIN [--db URL]\n"
    "\n"
    "import: 按案件导入模板（CSV UTF-8 或 XLSX）导入案件，以执法人员 LOGIN 的身份登记到其所在机构；\n"
    "        每个文件一个事务，全部导入或全部不导入；自动认定刑事追诉标准；进度输出到 stderr\n"
    "        (import case files from the template, registered by officer LOGIN for their agency;\n"
    "        each file all or nothing; findings evaluated; progress on stderr)\n"
    "  --as LOGIN        登记人（执法人员或机关负责人）(the registering officer or agency head)\n"
    "  --db URL          数据库 (default: $IPE_DB or sqlite://var/ipenforce.db)\n"
    "每个文件最多 500000 行 (at most 500,000 rows per file).\n"
    "退出码 (exit codes): 0 成功, 2 参数或输入错误（逐行逐列列出）, 3 数据库不可用.\n";

constexpr size_t kMaxRowsPerFile = 500000;
constexpr size_t kMaxFileBytes = size_t{1} << 30;

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

core::Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return core::InvalidArgument("无法读取文件 (cannot read file): " + path);
  std::ostringstream buf;
  buf << in.rdbuf();
  if (in.bad()) return core::InvalidArgument("读取文件失败 (read error): " + path);
  std::string text = std::move(buf).str();
  if (text.size() > kMaxFileBytes) return core::InvalidArgument("文件过大 (file too large): " + path);
  return text;
}

// Field errors one per line: "  第 12 行 sales_yuan：金额格式有误".
void PrintProblems(const std::string& file, const core::Status& st) {
  std::fprintf(stderr, "ipenforce: %s: %s\n", file.c_str(), st.message().c_str());
  for (const auto& fe : st.field_errors()) {
    std::string where = fe.field;
    if (where.starts_with("rows[")) {
      size_t close = where.find(']');
      std::string row = where.substr(5, close - 5);
      std::string column = close + 2 <= where.size() ? where.substr(close + 2) : "";
      where = "第 " + row + " 行 " + column;
    }
    std::fprintf(stderr, "  %s：%s\n", where.c_str(), fe.message.c_str());
  }
}

int RunImport(Args& args) {
  std::string url = DatabaseUrl(args);
  std::optional<std::string> login = args.Value("--as");
  if (auto err = args.Finish(); !err.empty() || args.positional().empty() || !login) {
    std::fprintf(stderr, "ipenforce cases import: %s\n%s",
                 !err.empty() ? err.c_str()
                 : !login     ? "需要 --as LOGIN (missing --as)"
                              : "需要至少一个文件 (at least one FILE)",
                 kHelp);
    return kExitUsage;
  }
  auto db = OpenAndMigrate(url);
  if (!db) return Fail(db.error());
  app::Context ctx(**db, core::SystemClock::Instance());
  if (auto synced = app::SyncReferenceData(ctx); !synced) return Fail(synced.error());
  auto who = app::PrincipalForLogin(ctx, *login);
  if (!who) return Fail(who.error());
  if (auto may = app::CheckMayRegisterCases(*who); !may.ok()) return Fail(may);

  size_t total = 0;
  auto all_start = std::chrono::steady_clock::now();
  for (const std::string& file : args.positional()) {
    auto start = std::chrono::steady_clock::now();
    auto bytes = ReadFile(file);
    if (!bytes) return Fail(bytes.error());
    auto parsed = app::ParseCaseFile(*bytes, core::LocalDate(ctx.Now()), kMaxRowsPerFile);
    if (!parsed) {
      PrintProblems(file, parsed.error());
      return ExitCodeFor(parsed.error());
    }
    std::fprintf(stderr, "[import] %s: %zu 行已读取并校验 (%zu rows parsed and checked) in %.2f s\n",
                 file.c_str(), parsed->inputs.size(), parsed->inputs.size(), Seconds(start));
    auto n = app::ImportCases(ctx, *who, parsed->inputs, parsed->row_numbers,
                              [&](size_t written, size_t of) {
                                std::fprintf(stderr, "[import] %s: %zu / %zu\n", file.c_str(),
                                             written, of);
                              });
    if (!n) {
      core::Status st = app::InTemplateColumns(n.error());
      PrintProblems(file, st);
      return ExitCodeFor(st);
    }
    double s = Seconds(start);
    std::fprintf(stderr, "[import] %s: 已导入 %d 件 (imported) in %.2f s, %.0f rows/s\n",
                 file.c_str(), *n, s, s > 0 ? *n / s : 0.0);
    total += static_cast<size_t>(*n);
  }
  // The planner's statistics after a load that changed the store's proportions (a tenth of its
  // cases or more; SQLite has none until the first). Smaller imports leave them to the next
  // server start (and on PostgreSQL to autovacuum): an ANALYZE per small file costs more than it
  // tells the planner.
  auto all = app::ListCases(ctx, app::Principal::System(), {}, {1, 1});
  if (all && static_cast<int64_t>(total) * 10 >= all->total) {
    if (auto st = (*db)->UpdateStatistics(); !st.ok()) return Fail(st);
  }
  double s = Seconds(all_start);
  std::printf("已导入 %zu 件案件到 %s (imported %zu cases) in %.2f s, %.0f rows/s\n", total,
              who->agency_name.c_str(), total, s, s > 0 ? total / s : 0.0);
  return kExitOk;
}

}  // namespace

int RunCases(const CommandArgs& argv) {
  if (argv.empty() || argv[0] == "--help" || argv[0] == "-h") {
    std::fputs(kHelp, argv.empty() ? stderr : stdout);
    return argv.empty() ? kExitUsage : kExitOk;
  }
  if (argv[0] != "import") {
    std::fprintf(stderr, "ipenforce cases: 未知子命令 (unknown subcommand) %s\n%s", argv[0].c_str(),
                 kHelp);
    return kExitUsage;
  }
  Args args(CommandArgs(argv.begin() + 1, argv.end()));
  return RunImport(args);
}

}  // namespace ipe::cli
