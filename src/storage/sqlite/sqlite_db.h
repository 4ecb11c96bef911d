#pragma once
// SQLite implementation of Database: a pool of connections to one file (WAL, foreign keys,
// busy timeout, synchronous=NORMAL); ":memory:" uses one shared connection.

#include <memory>
#include <string>

#include "storage/db.h"

namespace ipe::storage {

/// Opens (creating if needed) the database file; its directory is created too.
Result<std::unique_ptr<Database>> OpenSqlite(const std::string& path, const DatabaseOptions& options);

}  // namespace ipe::storage
