#pragma once
// What `ipenforce restore` records in the store it has just put back (issue 19).
//
//   IPE_RETURN_IF_ERROR(storage::Restore(url, "/backups/ipe-2026-12-06.db"));
//   IPE_ASSIGN_OR_RETURN(std::string id, app::RecordRestore(ctx, "/backups/ipe-2026-12-06.db"));

#include <string>

#include "app/context.h"
#include "core/status.h"

namespace ipe::app {

/// After a restore of the copy `backup_name` into the context's store: gives the store a new
/// identity and appends the "storage.restore" audit record (by the system), in one transaction;
/// returns the new identity.
///
/// Why a new identity: a server's correlation index snapshot (docs/scale-out.md) names the store
/// it was written for. A restored store is an older state of that store, perhaps written again
/// since; the snapshot's feed position catches most such cases but not all (written past the
/// position after the changes there were pruned). With a new identity every snapshot of the store
/// as it was is refused as another store's, and each server rebuilds once.
core::Result<std::string> RecordRestore(Context& ctx, const std::string& backup_name);

}  // namespace ipe::app
