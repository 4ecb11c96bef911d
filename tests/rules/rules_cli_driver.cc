// `ipenforce rules …` without the rest of the binary (see CMakeLists.txt).
#include "cli/commands.h"

int main(int argc, char** argv) {
  return ipe::cli::RunRules(ipe::cli::CommandArgs(argv + 1, argv + argc));
}
