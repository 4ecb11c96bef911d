#pragma once
// Forwarding header: the audit chain lives in app/accounts/audit.h. Kept only for the plans area
// (src/app/plans*.cc), which moves into app/plans/ on its own branch; remove this file when it
// includes app/accounts/audit.h (issue 11). New code includes app/accounts/audit.h.

#include "app/accounts/audit.h"  // IWYU pragma: export
