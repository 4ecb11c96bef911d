#pragma once
// Versioned schema migrations.
//
// Each migration has a unique version number and portable SQL (see db.h for {{ID}}). Versions
// are allocated in ranges per area so that areas can add migrations independently:
//   1–99 foundation (agencies, users, sessions, audit) · 100–199 work plan · 200–299 cases and
//   rules · 300–399 monitoring · 400–499 leads and correlation · 500+ later areas.
// Applied versions are recorded in schema_migrations(version, name, applied_at). Migrate() applies
// every registered migration not yet recorded, in version order, each in its own transaction.

#include <string>
#include <vector>

#include "core/time.h"
#include "storage/db.h"

namespace ipe::storage {

struct Migration {
  int version = 0;
  std::string name;
  std::string sql;                // portable SQL, used when the dialect-specific text is empty
  std::string sql_sqlite;         // optional override for SQLite
  std::string sql_postgres;       // optional override for PostgreSQL
};

/// All migrations of the project, sorted by version (schema_*.cc files contribute).
const std::vector<Migration>& AllMigrations();

struct MigrateReport {
  std::vector<int> applied;  // versions applied by this call
  int current_version = 0;   // highest version recorded afterwards
};

/// Applies pending migrations. Errors: the failing migration's error, with its version in the
/// message; earlier migrations stay applied (each is its own transaction).
Result<MigrateReport> Migrate(Database& db, const std::vector<Migration>& migrations,
                              core::Timestamp now);

/// Expands the portable placeholders ({{ID}}) for a dialect.
std::string ExpandPortableSql(std::string_view sql, Dialect dialect);

}  // namespace ipe::storage
