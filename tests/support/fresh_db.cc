#include "fresh_db.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cctype>
#include <functional>
#include <optional>
#include <random>

#include <libpq-fe.h>

#include "core/time.h"
#include "storage/db.h"
#include "storage/migrate.h"

namespace ipe::testing {

namespace {

std::string RandomSuffix() {
  std::random_device rd;
  return std::to_string(std::uniform_int_distribution<uint64_t>()(rd) % 1000000000000ull);
}

// $IPE_PG_DSN with its database (the path's last segment) replaced by `name`.
std::string WithDatabase(const std::string& dsn, const std::string& name) {
  const size_t query = dsn.find('?');
  const std::string base = dsn.substr(0, query);
  const size_t slash = base.rfind('/');
  const size_t authority = base.find("://");
  std::string out = (slash == std::string::npos || slash < authority + 3) ? base + "/" + name
                                                                          : base.substr(0, slash + 1) + name;
  if (query != std::string::npos) out += dsn.substr(query);
  return out;
}

// The template's name: this build's migrations, so a changed migration makes a new template.
std::string TemplateName() {
  size_t h = 0;
  for (const storage::Migration& m : storage::AllMigrations()) {
    h = h * 1000003u ^ std::hash<std::string>()(std::to_string(m.version) + m.name + m.sql + m.sql_postgres);
  }
  char buf[40];
  std::snprintf(buf, sizeof buf, "ipe_tpl_%016zx", h);
  return buf;
}

// One libpq connection for what cannot run in a transaction (CREATE DATABASE) and for a
// session-long advisory lock.
class Admin {
 public:
  explicit Admin(const std::string& dsn) : conn_(PQconnectdb(dsn.c_str())) {}
  ~Admin() { PQfinish(conn_); }
  Admin(const Admin&) = delete;
  Admin& operator=(const Admin&) = delete;
  bool ok() const { return PQstatus(conn_) == CONNECTION_OK; }
  // The statement's rows (as text), or nullopt on an error (printed).
  std::optional<int> Run(const std::string& sql) {
    PGresult* r = PQexec(conn_, sql.c_str());
    const ExecStatusType st = PQresultStatus(r);
    std::optional<int> rows;
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) {
      rows = PQntuples(r);
    } else {
      std::fprintf(stderr, "fresh_db: %s: %s", sql.c_str(), PQerrorMessage(conn_));
    }
    PQclear(r);
    return rows;
  }

 private:
  PGconn* conn_;
};

// Creates the template once per server (parallel test processes wait on an advisory lock): an
// empty database migrated to this build's schema, its connections closed before anyone clones it.
bool EnsureTemplate(Admin& admin, const std::string& dsn, const std::string& name) {
  if (!admin.Run("SELECT pg_advisory_lock(724001)")) return false;
  bool ok = true;
  auto exists = admin.Run("SELECT 1 FROM pg_database WHERE datname = '" + name + "'");
  if (!exists) {
    ok = false;
  } else if (*exists == 0) {
    ok = admin.Run("CREATE DATABASE " + name + " TEMPLATE template0").has_value();
    if (ok) {
      auto tpl = storage::OpenDatabase(WithDatabase(dsn, name));
      ok = tpl && storage::Migrate(**tpl, storage::AllMigrations(), core::SystemClock::Instance().Now()).has_value();
      if (!ok) admin.Run("DROP DATABASE IF EXISTS " + name);
    }
  }
  admin.Run("SELECT pg_advisory_unlock(724001)");
  return ok;
}

}  // namespace

std::string FreshEmptyDatabaseUrl(const std::string& backend, const std::string& prefix) {
  if (backend == "sqlite") return "sqlite::memory:";
  const char* dsn = std::getenv("IPE_PG_DSN");
  if (!dsn || !*dsn) return "";
  std::string schema = prefix + "_" + RandomSuffix();
  auto admin = storage::OpenDatabase(dsn);
  if (!admin) return "";
  auto tx = (*admin)->Begin(storage::TxMode::kWrite);
  if (!tx || !(*tx)->Exec("CREATE SCHEMA " + schema) || !(*tx)->Commit().ok()) return "";
  std::string url = dsn;
  return url + (url.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" +
         schema;
}

std::string FreshDatabaseUrl(const std::string& backend, const std::string& prefix) {
  if (backend == "sqlite") return "sqlite::memory:";
  const char* dsn = std::getenv("IPE_PG_DSN");
  if (!dsn || !*dsn) return "";
  Admin admin(dsn);
  if (!admin.ok()) return "";
  static const std::string kTemplate = TemplateName();
  if (!EnsureTemplate(admin, dsn, kTemplate)) {
    std::fprintf(stderr, "fresh_db: could not prepare the template database %s\n", kTemplate.c_str());
    return "";
  }
  std::string name = prefix + "_" + RandomSuffix();
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (!admin.Run("CREATE DATABASE " + name + " TEMPLATE " + kTemplate)) return "";
  return WithDatabase(dsn, name);
}

}  // namespace ipe::testing
