// main() for the stand-alone scan command used by scan_cli_test and bench/scan (the same code as
// `ipenforce scan`, linked without the rest of the binary).
#include <string>
#include <vector>

#include "cli/commands.h"

int main(int argc, char** argv) {
  return ipe::cli::RunScan(std::vector<std::string>(argv + 1, argv + argc));
}
