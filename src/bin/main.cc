// ipenforce: the one binary. All work happens in cli/.
#include "cli/commands.h"

int main(int argc, char** argv) { return ipe::cli::RunCli(argc, argv); }
