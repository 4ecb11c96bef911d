#pragma once
// The demo agencies and users of the accounts area (the accounts are listed in app/demo.h).
// Idempotent: an agency or login that exists is left as it is.

#include "app/context.h"
#include "app/demo.h"
#include "core/status.h"

namespace ipe::app {

/// Creates the demo agencies and users that are missing, as the system principal. Needs the
/// national reference agencies (SyncReferenceData; LoadDemoData runs it first).
/// FailedPrecondition when a demo user's agency is missing.
core::Result<DemoReport> LoadAccountsDemo(Context& ctx);

}  // namespace ipe::app
