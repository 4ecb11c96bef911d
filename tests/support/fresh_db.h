#pragma once
// A fresh database for one test, on either backend of the storage suite.

#include <string>

namespace ipe::testing {

/// "sqlite::memory:" for "sqlite" (empty: the test migrates it); for "postgres" a new database of
/// the server named by $IPE_PG_DSN (the test command starts one), cloned from a template that holds
/// every migration of this build — the test's own Migrate then has nothing to do — or "" when
/// $IPE_PG_DSN is not set (the caller skips). Cloning (CREATE DATABASE … TEMPLATE) takes a quarter
/// of the time of applying the migrations to an empty schema, and half the tests run on PostgreSQL.
/// `prefix` names the database (a few letters per suite, for reading server logs).
std::string FreshDatabaseUrl(const std::string& backend, const std::string& prefix);

/// As FreshDatabaseUrl, but PostgreSQL's is an empty schema: for tests of the migrations themselves
/// (an upgrade from the previous release's schema).
std::string FreshEmptyDatabaseUrl(const std::string& backend, const std::string& prefix);

}  // namespace ipe::testing
