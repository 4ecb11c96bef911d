// TODO: placeholder until the 'rules' command lands; it refuses to run rather than pretend.
#include <cstdio>

#include "cli/commands.h"
#include "cli/exit_codes.h"

namespace ipe::cli {

int RunRules(const CommandArgs&) {
  std::fprintf(stderr, "ipenforce rules: 尚未实现 (not implemented yet)\n");
  return kExitUsage;
}

}  // namespace ipe::cli
