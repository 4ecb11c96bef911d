// main() for the stand-alone plan command used by plan_golden_test (same code as `ipenforce plan`),
// so the golden files run even while other modules of the full binary are being built.
#include <string>
#include <vector>

#include "cli/commands.h"

int main(int argc, char** argv) {
  return ipe::cli::RunPlan(std::vector<std::string>(argv + 1, argv + argc));
}
