#include <cstdio>
#include <cstring>
#include <exception>
#include <string_view>

#include "cli/commands.h"
#include "cli/exit_codes.h"

namespace ipe::cli {
namespace {

struct Command {
  const char* name;
  const char* summary;
  int (*run)(const CommandArgs&);
};

constexpr Command kCommands[] = {
    {"serve", "运行 HTTP 服务 (run the HTTP server and web UI)", RunServe},
    {"migrate", "升级数据库结构 (apply schema migrations)", RunMigrate},
    {"user", "用户管理 (add, list, disable users)", RunUser},
    {"agency", "机构管理 (list and add agencies)", RunAgency},
    {"audit", "审计日志 (verify the audit hash chain)", RunAudit},
    {"backup", "备份数据库 (copy the whole store to a file)", RunBackup},
    {"restore", "恢复数据库并校验审计链 (restore a backup, verify the audit chain)", RunRestore},
    {"demo", "载入演示数据 (load demo data)", RunDemo},
    {"id", "校验统一社会信用代码/身份证号 (check identifiers)", RunId},
    {"calendar", "法定期限日历 (statutory calendar arithmetic)", RunCalendar},
    {"region", "行政区划 (GB/T 2260 region codes)", RunRegion},
    {"plan", "工作要点 (parse and import work plans)", RunPlan},
    {"cases", "案件 (import case files)", RunCases},
    {"rules", "刑事追诉标准 (evaluate cases against rule packs)", RunRules},
    {"scan", "商品监测 (scan listings for counterfeit signals)", RunScan},
    {"scan-worker", "扫描节点 (scanner worker consuming NATS JetStream)", RunScanWorker},
    {"correlate", "线索串并 (correlate records by identifiers)", RunCorrelate},
    {"stats", "统计汇总 (recompute or check the statistics rollups)", RunStats},
    {"credit", "信用风险分类 (regrade enterprises)", RunCredit},
    {"openapi", "接口契约，可带演示数据示例 (the API contract, with demo examples)", RunOpenApi},
};

void PrintUsage(std::FILE* out) {
  std::fprintf(out,
               "用法 (usage): ipenforce <command> [options]\n"
               "ipenforce — 打击侵权假冒信息共享平台 (IP-enforcement information platform)\n\n"
               "Commands:\n");
  for (const Command& c : kCommands) std::fprintf(out, "  %-10s %s\n", c.name, c.summary);
  std::fprintf(out, "\n'ipenforce <command> --help' describes a command.\n");
}

}  // namespace

int RunCli(int argc, char** argv) {
  if (argc < 2 || std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0 ||
      std::strcmp(argv[1], "help") == 0) {
    PrintUsage(stdout);
    return argc < 2 ? kExitUsage : kExitOk;
  }
  if (std::strcmp(argv[1], "--version") == 0) {
    std::printf("ipenforce 0.1.0\n");
    return kExitOk;
  }
  std::string_view name = argv[1];
  CommandArgs args(argv + 2, argv + argc);
  for (const Command& c : kCommands) {
    if (name == c.name) {
      try {
        return c.run(args);
      } catch (const std::exception& e) {
        std::fprintf(stderr, "ipenforce %s: internal error: %s\n", c.name, e.what());
        return kExitInternal;
      }
    }
  }
  std::fprintf(stderr, "ipenforce: 未知命令 (unknown command) '%s'\n\n", argv[1]);
  PrintUsage(stderr);
  return kExitUsage;
}

}  // namespace ipe::cli
