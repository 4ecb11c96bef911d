#pragma once
// Opening the database for a subcommand: --db URL, else $IPE_DB, else the embedded default
// sqlite://var/ipenforce.db (relative to the working directory).

#include <memory>
#include <string>

#include "cli/args.h"
#include "core/status.h"
#include "storage/db.h"

namespace ipe::cli {

inline constexpr const char* kDefaultDbUrl = "sqlite://var/ipenforce.db";

/// The URL chosen by --db / IPE_DB / the default (reads the --db flag from `args`).
std::string DatabaseUrl(Args& args);

/// Opens the database and applies pending migrations (printing what was applied to stderr).
core::Result<std::unique_ptr<storage::Database>> OpenAndMigrate(const std::string& url,
                                                                bool quiet = false);

}  // namespace ipe::cli
