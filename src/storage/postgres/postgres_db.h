#pragma once
// PostgreSQL implementation of Database over libpq: a pool of connections, '?' placeholders
// rewritten to $n, COPY for bulk inserts.

#include <memory>
#include <string>

#include "storage/db.h"

namespace ipe::storage {

/// Opens a pool for a libpq connection URI; the first connection is made now so that an
/// unreachable server is reported at once (Unavailable).
Result<std::unique_ptr<Database>> OpenPostgres(const std::string& uri, const DatabaseOptions& options);

/// The URI with its password (user:password@ or ?password=) replaced by "***", for logs.
std::string HidePassword(std::string_view uri);

/// Rewrites '?' placeholders to $1, $2 … outside quoted strings, identifiers and comments.
std::string RewritePlaceholders(std::string_view sql);

/// SQL text of the schema-private name of a channel given as the one '?' parameter (db.cc; the
/// Listener and Announce must agree on it).
std::string ScopedChannelSql();

}  // namespace ipe::storage
