#pragma once
// Starting a helper process for a test (a broker, a worker): fork + execv with stdout and stderr
// appended to a log file, and extra environment variables set in the child only.
#include <string>
#include <vector>

namespace ipe::testing {

/// Starts args[0] with `args` (argv, args[0] included) and `env` ("NAME=value") added to the
/// environment; returns the child's pid (-1 when fork failed). Exit code 127: execv failed.
int SpawnWithLog(std::vector<std::string> args, const std::string& log_path,
                 std::vector<std::string> env = {});

}  // namespace ipe::testing
