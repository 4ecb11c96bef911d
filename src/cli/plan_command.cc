// ipenforce plan parse FILE [--json] [--check] [--region CODE]
// ipenforce plan import FILE [--region CODE] [--dry-run] [--db URL]
// ipenforce plan matrix PLAN_ID [--xlsx OUT] [--period P] [--db URL]
//
// parse: parses a work plan (工作要点) with plan::ParsePlan and prints it as JSON or as a summary;
// --check lists unresolved agency names and paragraphs that no responsibility clause closes.
// import / matrix: the tracking use cases (app/plans/plans.h) as the system principal, audited.
// They are compiled into ipe_cli only (IPE_CLI_FULL): the parse-only driver of the golden tests
// builds this file without the app and storage layers.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "core/region.h"
#include "plan/parser.h"
#ifdef IPE_CLI_FULL
#include "app/context.h"
#include "app/plans/plans.h"
#include "app/reference_data.h"
#include "cli/database.h"
#endif

namespace ipe::cli {
namespace {

constexpr const char* kHelp =
    "用法:\n"
    "  ipenforce plan parse FILE [--json] [--check] [--region CODE]\n"
    "  ipenforce plan import FILE [--region CODE] [--dry-run] [--db URL]\n"
    "  ipenforce plan matrix PLAN_ID [--xlsx OUT] [--period P] [--db URL]\n"
    "\n"
    "解析工作要点文本 (parse a work-plan text file; FILE may be - for stdin).\n"
    "  --json         打印 JSON: "
    "{\"year\",\"title\",\"sections\":[{\"number\",\"title\",\"tasks\":[\n"
    "                 "
    "{\"number\",\"title\",\"items\":[{\"number\",\"text\",\"lead\",\"responsible\"}]}]}]}\n"
    "  --check        列出未识别的单位和没有责任分工的段落；有则退出码 1\n"
    "                 (list unresolved names and paragraphs with no clause; exit 1 if any)\n"
    "  --region CODE  发文机关所在行政区划 (GB/T 2260)，用于识别“市市场监管局”等地方单位\n"
    "                 (issuer's region code, resolves local names such as 市市场监管局)\n"
    "\n"
    "import: 导入工作要点并生成责任分工（系统身份，记入审计；同一年度、地区、标题只能导入一次）\n"
    "        (import a plan as the system principal, audited; the same year + region + title once)\n"
    "  --dry-run      只解析并统计，不保存 (parse and count, store nothing)\n"
    "matrix: 任务 × 单位进展矩阵；--xlsx 写入 XLSX 文件（记入审计），否则打印制表符分隔的表格\n"
    "        (tasks × agencies; --xlsx writes an .xlsx file (audited), else prints a TSV table)\n"
    "  --period P     2020、2020-H1、2020-Q2 或 2020-M04\n"
    "  --db URL       数据库 (default: $IPE_DB or sqlite://var/ipenforce.db)\n"
    "退出码 (exit codes): 0 成功, 1 --check 有问题, 2 参数或输入错误, 3 数据库不可用.\n";

nlohmann::json Names(const std::vector<core::AgencyMatch>& list) {
  nlohmann::json out = nlohmann::json::array();
  for (const core::AgencyMatch& m : list) out.push_back(plan::DisplayName(m));
  return out;
}

nlohmann::json ToJson(const plan::Plan& p) {
  nlohmann::json sections = nlohmann::json::array();
  for (const plan::Section& s : p.sections) {
    nlohmann::json tasks = nlohmann::json::array();
    for (const plan::Task& t : s.tasks) {
      nlohmann::json items = nlohmann::json::array();
      for (const plan::Item& i : t.items) {
        items.push_back({{"number", i.number ? nlohmann::json(*i.number) : nlohmann::json()},
                         {"text", i.text},
                         {"lead", Names(i.lead)},
                         {"responsible", Names(i.responsible)}});
      }
      tasks.push_back({{"number", t.number ? nlohmann::json(*t.number) : nlohmann::json()},
                       {"title", t.title},
                       {"items", std::move(items)}});
    }
    sections.push_back({{"number", s.number ? nlohmann::json(*s.number) : nlohmann::json()},
                        {"title", s.title},
                        {"tasks", std::move(tasks)}});
  }
  return {{"year", p.year ? nlohmann::json(*p.year) : nlohmann::json()},
          {"title", p.title},
          {"sections", std::move(sections)}};
}

void PrintSummary(const plan::Plan& p) {
  size_t items = 0;
  std::map<std::string, std::pair<int, int>> per_agency;  // name -> (lead, responsible)
  for (const plan::Section& s : p.sections) {
    for (const plan::Task& t : s.tasks) {
      items += t.items.size();
      for (const plan::Item& i : t.items) {
        for (const auto& m : i.lead) ++per_agency[plan::DisplayName(m)].first;
        for (const auto& m : i.responsible) ++per_agency[plan::DisplayName(m)].second;
      }
    }
  }
  std::printf("标题 (title): %s\n", p.title.empty() ? "(未识别)" : p.title.c_str());
  std::printf("年份 (year): %s\n", p.year ? std::to_string(*p.year).c_str() : "(未识别)");
  std::printf(
      "章节 %zu，任务 %zu，条目 %zu，责任分工 %zu，单位 %zu\n"
      "(sections %zu, tasks %zu, items %zu, clauses %zu, agencies %zu)\n",
      p.sections.size(), p.TaskCount(), items, p.ClauseCount(), per_agency.size(),
      p.sections.size(), p.TaskCount(), items, p.ClauseCount(), per_agency.size());
  for (const plan::Section& s : p.sections) {
    size_t clauses = 0;
    for (const plan::Task& t : s.tasks) {
      for (const plan::Item& i : t.items) clauses += i.has_clause;
    }
    std::printf("  %s %s — 任务 %zu，责任分工 %zu\n",
                s.number ? (std::to_string(*s.number) + ".").c_str() : "-", s.title.c_str(),
                s.tasks.size(), clauses);
  }
  std::printf("单位 (agency)\t牵头 (lead)\t负责 (responsible)\n");
  for (const auto& [name, counts] : per_agency) {
    std::printf("  %s\t%d\t%d\n", name.c_str(), counts.first, counts.second);
  }
}

// The text of FILE ("-" = stdin), refusing files above plan::kMaxPlanBytes.
core::Result<std::string> ReadPlanFile(const std::string& file) {
  std::string text;
  if (file == "-") {
    text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  } else {
    std::ifstream in(file, std::ios::binary);
    if (!in) return core::InvalidArgument("无法读取文件 (cannot read file): " + file);
    std::ostringstream buf;
    buf << in.rdbuf();
    if (in.bad()) return core::InvalidArgument("读取文件失败 (read error): " + file);
    text = std::move(buf).str();
  }
  if (text.size() > plan::kMaxPlanBytes) {
    return core::InvalidArgument("文件过大 (file too large): " + file);
  }
  return text;
}

void PrintDiagnostics(const std::vector<plan::Diagnostic>& list, std::FILE* out) {
  for (const plan::Diagnostic& d : list) {
    if (d.line > 0) {
      std::fprintf(out, "第 %d 行 [%s] %s\n", d.line, plan::DiagnosticCodeName(d.code),
                   d.message.c_str());
    } else {
      std::fprintf(out, "[%s] %s\n", plan::DiagnosticCodeName(d.code), d.message.c_str());
    }
  }
}

#ifdef IPE_CLI_FULL
int RunImport(Args& args) {
  std::string url = DatabaseUrl(args);
  std::string region = args.Value("--region").value_or(app::kNationalRegion);
  bool dry_run = args.Flag("--dry-run");
  if (auto err = args.Finish(); !err.empty() || args.positional().size() != 1) {
    std::fprintf(stderr, "ipenforce plan import: %s\n%s",
                 err.empty() ? "需要一个文件 (exactly one FILE)" : err.c_str(), kHelp);
    return kExitUsage;
  }
  const std::string file = args.positional()[0];
  auto text = ReadPlanFile(file);
  if (!text) return Fail(text.error());
  auto db = OpenAndMigrate(url);
  if (!db) return Fail(db.error());
  app::Context ctx(**db, core::SystemClock::Instance());
  if (auto synced = app::SyncReferenceData(ctx); !synced) return Fail(synced.error());
  app::PlanImportInput in;
  in.text = std::move(*text);
  in.region_code = region;
  in.source_name = file == "-" ? "" : std::filesystem::path(file).filename().string();
  in.dry_run = dry_run;
  auto result = app::ImportPlan(ctx, app::Principal::System(), in);
  if (!result) return Fail(result.error());
  const app::PlanSummary& p = result->plan;
  if (dry_run) {
    std::printf("试运行，未保存 (dry run, nothing stored)\n");
  } else {
    std::printf("工作要点编号 (plan id): %lld\n", static_cast<long long>(p.id));
  }
  std::printf("%s（%d，%s）\n", p.title.c_str(), p.year, p.region_name.c_str());
  std::printf("章节 %lld，任务 %lld，条目 %lld，责任分工 %lld，未分配单位 %zu，无责任条款段落 %lld\n"
              "(sections %lld, tasks %lld, items %lld, assignments %lld, unassigned holders %zu, "
              "items without clause %lld)\n",
              static_cast<long long>(p.sections), static_cast<long long>(p.tasks),
              static_cast<long long>(p.items), static_cast<long long>(p.assignments),
              result->unresolved.size(), static_cast<long long>(result->items_without_clause),
              static_cast<long long>(p.sections), static_cast<long long>(p.tasks),
              static_cast<long long>(p.items), static_cast<long long>(p.assignments),
              result->unresolved.size(), static_cast<long long>(result->items_without_clause));
  for (const app::UnassignedHolder& u : result->unresolved) {
    std::printf("  %s\t%s\t%s\t%s\n", u.item_key.c_str(), u.name.c_str(), u.role.c_str(),
                u.resolution.c_str());
  }
  return kExitOk;
}

int RunMatrix(Args& args) {
  std::string url = DatabaseUrl(args);
  std::optional<std::string> xlsx = args.Value("--xlsx");
  std::optional<std::string> period = args.Value("--period");
  if (auto err = args.Finish(); !err.empty() || args.positional().size() != 1) {
    std::fprintf(stderr, "ipenforce plan matrix: %s\n%s",
                 err.empty() ? "需要一个工作要点编号 (exactly one PLAN_ID)" : err.c_str(), kHelp);
    return kExitUsage;
  }
  const std::string id_text = args.positional()[0];
  if (id_text.empty() || id_text.size() > 18 ||
      id_text.find_first_not_of("0123456789") != std::string::npos) {
    return Fail(core::InvalidArgument("工作要点编号应为正整数 (PLAN_ID must be a number): " + id_text));
  }
  int64_t plan_id = std::stoll(id_text);
  if (xlsx && xlsx->empty()) return Fail(core::InvalidArgument("--xlsx 需要文件名"));
  auto db = OpenAndMigrate(url, /*quiet=*/true);
  if (!db) return Fail(db.error());
  app::Context ctx(**db, core::SystemClock::Instance());
  app::Principal system = app::Principal::System();
  if (xlsx) {
    auto file = app::ExportMatrixXlsx(ctx, system, plan_id, period);
    if (!file) return Fail(file.error());
    std::ofstream out(*xlsx, std::ios::binary | std::ios::trunc);
    out.write(file->bytes.data(), static_cast<std::streamsize>(file->bytes.size()));
    out.close();
    if (!out) return Fail(core::Unavailable("无法写入文件 (cannot write): " + *xlsx));
    std::printf("已写入 %s (%zu 字节)\n", xlsx->c_str(), file->bytes.size());
    return kExitOk;
  }
  auto m = app::GetMatrix(ctx, system, plan_id, period);
  if (!m) return Fail(m.error());
  std::map<std::pair<int64_t, int64_t>, const app::MatrixCell*> cells;
  for (const auto& c : m->cells) cells[{c.task, c.agency_id}] = &c;
  std::string out = "任务";
  for (const auto& [id, name] : m->agencies) out += "\t" + name;
  out += "\n";
  for (const auto& [task, title] : m->tasks) {
    out += std::to_string(task);
    for (const auto& [agency, name] : m->agencies) {
      auto it = cells.find({task, agency});
      out += "\t";
      if (it != cells.end()) out += it->second->role + ":" + it->second->status;
    }
    out += "\n";
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return kExitOk;
}
#endif  // IPE_CLI_FULL

}  // namespace

int RunPlan(const CommandArgs& argv) {
  if (argv.empty() || argv[0] == "--help" || argv[0] == "-h") {
    std::fputs(kHelp, argv.empty() ? stderr : stdout);
    return argv.empty() ? kExitUsage : kExitOk;
  }
  if (argv[0] == "import" || argv[0] == "matrix") {
#ifdef IPE_CLI_FULL
    Args sub(CommandArgs(argv.begin() + 1, argv.end()));
    if (sub.WantsHelp()) {
      std::fputs(kHelp, stdout);
      return kExitOk;
    }
    return argv[0] == "import" ? RunImport(sub) : RunMatrix(sub);
#else
    std::fprintf(stderr, "ipenforce plan %s: 此程序未包含该子命令 (not built into this driver)\n",
                 argv[0].c_str());
    return kExitUsage;
#endif
  }
  if (argv[0] != "parse") {
    std::fprintf(stderr, "ipenforce plan: 未知子命令 (unknown subcommand) '%s'\n%s",
                 argv[0].c_str(), kHelp);
    return kExitUsage;
  }
  Args args(CommandArgs(argv.begin() + 1, argv.end()));
  if (args.WantsHelp()) {
    std::fputs(kHelp, stdout);
    return kExitOk;
  }
  bool json = args.Flag("--json");
  bool check = args.Flag("--check");
  std::string region = args.Value("--region").value_or("");
  if (auto err = args.Finish(); !err.empty()) {
    std::fprintf(stderr, "ipenforce plan parse: %s\n%s", err.c_str(), kHelp);
    return kExitUsage;
  }
  auto files = args.positional();
  if (files.size() != 1) {
    std::fprintf(stderr, "ipenforce plan parse: 需要一个文件 (exactly one FILE)\n%s", kHelp);
    return kExitUsage;
  }
  if (!region.empty() && region != "000000" && core::Regions().Find(region) == nullptr) {
    return Fail(core::InvalidArgument("行政区划代码不存在 (unknown region code): " + region));
  }

  auto read = ReadPlanFile(files[0]);
  if (!read) return Fail(read.error());
  std::string text = std::move(*read);

  plan::ParseOptions options;
  options.region_code = region;
  auto parsed = plan::ParsePlan(text, options);
  if (!parsed) return Fail(parsed.error());
  const plan::Plan& p = *parsed;

  if (json) {
    std::string out = ToJson(p).dump(2);
    out.push_back('\n');
    std::fwrite(out.data(), 1, out.size(), stdout);
  } else {
    PrintSummary(p);
    if (!p.warnings.empty()) {
      std::printf("警告 (warnings):\n");
      PrintDiagnostics(p.warnings, stdout);
    }
  }
  if (!check) return kExitOk;
  std::vector<plan::Diagnostic> findings = plan::Check(p);
  bool problems = false;
  for (const plan::Diagnostic& d : findings) {
    problems = problems || d.code != plan::DiagnosticCode::kGenericHolder;
  }
  // With --json stdout carries the plan, so findings go to stderr.
  std::FILE* out = json ? stderr : stdout;
  if (!json && !findings.empty()) std::fprintf(out, "检查 (check):\n");
  PrintDiagnostics(findings, out);
  if (!problems) std::fprintf(out, "检查通过 (check passed)\n");
  return problems ? kExitNegative : kExitOk;
}

}  // namespace ipe::cli
