#pragma once
// Backup and restore of a whole store (issue 19): what `ipenforce backup` and `restore` run.
//
//   IPE_RETURN_IF_ERROR(storage::Backup("sqlite:///var/ipe.db", "/backups/ipe-2026-12-06.db"));
//   IPE_RETURN_IF_ERROR(storage::Restore("sqlite:///var/ipe.db", "/backups/ipe-2026-12-06.db"));
//
// SQLite: the online backup API — a consistent copy of every page while servers keep writing
// (WAL), restored by the same API into the target file. PostgreSQL: `pg_dump --format=custom`
// (of the URL's schema when its search_path names one, else the database), restored with
// `pg_restore --clean --if-exists` into the same URL. Everything the store holds is in the copy:
// attachments live in tables (complaint_attachments), the audit chain and its head too; the
// caller verifies the chain after a restore (app::VerifyAudit).
//
// A restore replaces the store: stop the servers first (they would keep serving their memory).

#include <string>
#include <string_view>

#include "core/status.h"

namespace ipe::storage {

/// Writes a copy of the store at `url` to the file `out` (overwritten).
/// Errors: InvalidArgument for an unknown URL scheme; Unavailable when the store, the file or
/// pg_dump fails (its message included).
core::Status Backup(std::string_view url, const std::string& out);

/// Replaces the store at `url` with the copy in `in` (Backup's output for the same kind of store).
/// Errors: InvalidArgument for an unknown scheme or a copy of the other kind; NotFound when `in`
/// is missing; Unavailable when the store or pg_restore fails.
core::Status Restore(std::string_view url, const std::string& in);

/// The file path of a sqlite:// URL ("sqlite:///abs/x.db" → "/abs/x.db"; db.cc). InvalidArgument
/// for another scheme or an empty path.
core::Result<std::string> SqlitePathOf(std::string_view url);

}  // namespace ipe::storage
