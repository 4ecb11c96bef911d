#pragma once
// Reference data every installation needs: the national member units of the leading group with
// their canonical names and aliases (data/agencies/, compiled into the binary).

#include "app/context.h"
#include "core/status.h"

namespace ipe::app {

/// Inserts the reference agencies that are missing; returns how many were added. Idempotent.
core::Result<int> SyncReferenceData(Context& ctx);

}  // namespace ipe::app
