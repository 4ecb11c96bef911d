// TODO: placeholder until the 'agency' command lands; it refuses to run rather than pretend.
#include <cstdio>

#include "cli/commands.h"
#include "cli/exit_codes.h"

namespace ipe::cli {

int RunAgency(const CommandArgs&) {
  std::fprintf(stderr, "ipenforce agency: 尚未实现 (not implemented yet)\n");
  return kExitUsage;
}

}  // namespace ipe::cli
