// ipenforce plan parse FILE [--json] [--check] [--region CODE]
//
// Parses a work plan (工作要点) with plan::ParsePlan and prints it as JSON or as a summary;
// --check lists unresolved agency names and paragraphs that no responsibility clause closes.
#include <cstdio>
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

namespace ipe::cli {
namespace {

constexpr const char* kHelp =
    "用法:\n"
    "  ipenforce plan parse FILE [--json] [--check] [--region CODE]\n"
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
    "退出码 (exit codes): 0 成功, 1 --check 有问题, 2 参数或输入错误.\n";

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

}  // namespace

int RunPlan(const CommandArgs& argv) {
  if (argv.empty() || argv[0] == "--help" || argv[0] == "-h") {
    std::fputs(kHelp, argv.empty() ? stderr : stdout);
    return argv.empty() ? kExitUsage : kExitOk;
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

  std::string text;
  if (files[0] == "-") {
    text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  } else {
    std::ifstream in(files[0], std::ios::binary);
    if (!in) return Fail(core::InvalidArgument("无法读取文件 (cannot read file): " + files[0]));
    std::ostringstream buf;
    buf << in.rdbuf();
    if (in.bad()) return Fail(core::InvalidArgument("读取文件失败 (read error): " + files[0]));
    text = std::move(buf).str();
  }
  if (text.size() > plan::kMaxPlanBytes) {
    return Fail(core::InvalidArgument("文件过大 (file too large): " + files[0]));
  }

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
