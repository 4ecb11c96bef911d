// main() for the stand-alone correlate command used by correlate_cli_test (same code as
// `ipenforce correlate`).
#include <string>
#include <vector>

#include "cli/commands.h"

int main(int argc, char** argv) {
  return ipe::cli::RunCorrelate(std::vector<std::string>(argv + 1, argv + argc));
}
