#pragma once
// A fresh, empty database for one test, on either backend of the storage suite.

#include <string>

namespace ipe::testing {

/// "sqlite::memory:" for "sqlite"; for "postgres" a URL into a new schema of the server named by
/// $IPE_PG_DSN (the test command starts one), or "" when it is not set (the caller skips).
/// `prefix` names the schema (a few letters per suite, for reading server logs).
std::string FreshDatabaseUrl(const std::string& backend, const std::string& prefix);

}  // namespace ipe::testing
