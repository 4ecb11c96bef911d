#pragma once
// Helpers shared by the custody use cases (custody.cc, destructions.cc); private to app/custody.

#include <cstdint>
#include <string>

#include "app/cases/cases.h"
#include "app/custody/custody.h"
#include "app/custody/custody_store.h"
#include "custody/destruction.h"
#include "storage/db.h"

namespace ipe::app::custody_internal {

/// The caller's list scope: its region subtree, and its own agency unless a supervisor.
CustodyScope ScopeOf(const Principal& who);
/// Whether the caller may read the destruction (CanSeeRecord; the environment department: its
/// region's).
bool CanSeeDestruction(const Principal& who, const Destruction& d);
/// The case for a custody write in `tx`: custody.write, the case in scope (NotFound otherwise)
/// and of the caller's agency (PermissionDenied).
core::Result<Case> CaseForWrite(storage::Tx& tx, const Principal& who, int64_t case_id,
                                const char* action_zh);
/// The line in `store` as the caller may see it: NotFound outside the caller's scope (as for an
/// id that does not exist); `for_update` locks it.
core::Result<CustodyItem> VisibleLine(CustodyStore& store, const Principal& who, int64_t id, bool for_update);
/// The line for a write by its own agency: VisibleLine, locked, and PermissionDenied for another
/// agency's line.
core::Result<CustodyItem> OwnLine(CustodyStore& store, const Principal& who, int64_t id);
/// 64 lower-case hex digits.
bool IsSha256Hex(const std::string& s);
/// The derived licence flags and the region's full name for `today`.
DestructionUnit WithLicenceState(DestructionUnit u, core::Date today);
custody::UnitFacts FactsOf(const DestructionUnit& u);

}  // namespace ipe::app::custody_internal
