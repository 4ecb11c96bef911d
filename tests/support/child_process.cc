#include "child_process.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>

namespace ipe::testing {

int SpawnWithLog(std::vector<std::string> args, const std::string& log_path,
                 std::vector<std::string> env) {
  int pid = fork();
  if (pid != 0) return pid;
  FILE* log = std::fopen(log_path.c_str(), "a");
  if (log) {
    dup2(fileno(log), STDERR_FILENO);
    dup2(fileno(log), STDOUT_FILENO);
  }
  for (std::string& e : env) putenv(e.data());
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  execv(args[0].c_str(), argv.data());
  _exit(127);
}

}  // namespace ipe::testing
