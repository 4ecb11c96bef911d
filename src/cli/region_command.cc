// TODO: placeholder until the 'region' command lands; it refuses to run rather than pretend.
#include <cstdio>

#include "cli/commands.h"
#include "cli/exit_codes.h"

namespace ipe::cli {

int RunRegion(const CommandArgs&) {
  std::fprintf(stderr, "ipenforce region: 尚未实现 (not implemented yet)\n");
  return kExitUsage;
}

}  // namespace ipe::cli
