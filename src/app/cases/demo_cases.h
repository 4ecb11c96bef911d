#pragma once
// Demo cases for the 案件 module: one in each state of the transfer workflow, including a closed
// over-threshold case (the 以罚代刑 alert) and one under prosecutor supervision. Idempotent.

#include "app/context.h"
#include "core/status.h"

namespace ipe::app {

/// Creates the demo cases that are missing, as the Shanghai demo users; returns how many.
/// Needs the demo users (LoadDemoData creates them first).
core::Result<int> LoadCasesDemo(Context& ctx);

}  // namespace ipe::app
