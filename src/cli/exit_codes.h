#pragma once
// Process exit codes, one table for every subcommand.
//   0  success
//   1  the command ran and its answer is "no" (an invalid code, a failed audit verification)
//   2  bad usage or bad input (InvalidArgument, NotFound, AlreadyExists, FailedPrecondition …)
//   3  a dependency is unavailable (database down)
//   4  internal error (a bug)

#include "core/status.h"

namespace ipe::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitNegative = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitUnavailable = 3;
inline constexpr int kExitInternal = 4;

/// Exit code for a failed Status.
int ExitCodeFor(const core::Status& status);

/// Prints "ipenforce: <message>" to stderr and returns ExitCodeFor(status).
int Fail(const core::Status& status);

}  // namespace ipe::cli
