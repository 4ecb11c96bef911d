#include "fresh_db.h"

#include <cstdint>
#include <cstdlib>
#include <random>

#include "storage/db.h"

namespace ipe::testing {

std::string FreshDatabaseUrl(const std::string& backend, const std::string& prefix) {
  if (backend == "sqlite") return "sqlite::memory:";
  const char* dsn = std::getenv("IPE_PG_DSN");
  if (!dsn || !*dsn) return "";
  std::random_device rd;
  std::string schema =
      prefix + "_" + std::to_string(std::uniform_int_distribution<uint64_t>()(rd) % 1000000000000ull);
  auto admin = storage::OpenDatabase(dsn);
  if (!admin) return "";
  auto tx = (*admin)->Begin(storage::TxMode::kWrite);
  if (!tx || !(*tx)->Exec("CREATE SCHEMA " + schema) || !(*tx)->Commit().ok()) return "";
  std::string url = dsn;
  return url + (url.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" +
         schema;
}

}  // namespace ipe::testing
