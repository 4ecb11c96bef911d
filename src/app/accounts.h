#pragma once
// Forwarding header: the accounts use cases live in app/accounts/accounts.h. Kept only for the
// plans area (src/app/plans*.cc, tests/plans/), which moves into app/plans/ on its own branch;
// remove this file when it includes app/accounts/accounts.h (issue 11). New code includes
// app/accounts/accounts.h.

#include "app/accounts/accounts.h"  // IWYU pragma: export
