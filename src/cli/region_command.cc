// ipenforce region: look up GB/T 2260 region codes.
#include <cstdio>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "core/region.h"

namespace ipe::cli {
namespace {

constexpr const char* kHelp =
    "用法:\n"
    "  ipenforce region show CODE        code, full name, level, parent\n"
    "  ipenforce region children [CODE]  direct children (provinces without CODE)\n"
    "  ipenforce region find NAME        regions named NAME (or starting with it)\n";

void Print(const core::Region* r) {
  std::printf("%s\t%s\t%d\t%s\n", r->code.c_str(), core::Regions().FullName(r->code).c_str(),
              static_cast<int>(r->level), r->parent.c_str());
}

}  // namespace

int RunRegion(const CommandArgs& argv) {
  if (argv.empty() || argv[0] == "--help" || argv[0] == "-h") {
    std::fputs(kHelp, argv.empty() ? stderr : stdout);
    return argv.empty() ? kExitUsage : kExitOk;
  }
  const std::string& sub = argv[0];
  const core::RegionTable& t = core::Regions();
  if (sub == "show" && argv.size() == 2) {
    const core::Region* r = t.Find(argv[1]);
    if (!r) return Fail(core::NotFound("行政区划不存在: " + argv[1]));
    Print(r);
    return kExitOk;
  }
  if (sub == "children" && argv.size() <= 2) {
    if (argv.size() == 2 && !t.Find(argv[1])) {
      return Fail(core::NotFound("行政区划不存在: " + argv[1]));
    }
    for (const core::Region* r : argv.size() == 2 ? t.Children(argv[1]) : t.Provinces()) Print(r);
    return kExitOk;
  }
  if (sub == "find" && argv.size() == 2) {
    auto found = t.FindByName(argv[1]);
    if (found.empty()) return Fail(core::NotFound("未找到行政区划: " + argv[1]));
    for (const core::Region* r : found) Print(r);
    return kExitOk;
  }
  std::fprintf(stderr, "ipenforce region: bad arguments\n%s", kHelp);
  return kExitUsage;
}

}  // namespace ipe::cli
