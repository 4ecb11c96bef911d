#include "cli/exit_codes.h"

#include <cstdio>

namespace ipe::cli {

int ExitCodeFor(const core::Status& status) {
  using core::StatusCode;
  switch (status.code()) {
    case StatusCode::kOk: return kExitOk;
    case StatusCode::kUnavailable: return kExitUnavailable;
    case StatusCode::kInternal: return kExitInternal;
    default: return kExitUsage;
  }
}

int Fail(const core::Status& status) {
  std::fprintf(stderr, "ipenforce: %s\n", status.ToString().c_str());
  return ExitCodeFor(status);
}

}  // namespace ipe::cli
