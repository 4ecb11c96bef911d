#include "storage/db.h"

#include <cassert>
#include <charconv>
#include <chrono>
#include <thread>

#include "storage/backup.h"
#include "storage/postgres/postgres_db.h"
#include "storage/sqlite/sqlite_db.h"

namespace ipe::storage {

int64_t Row::Int(size_t col) const {
  const Value& v = values_.at(col);
  if (v.is_int()) return v.as_int();
  if (v.is_text()) {
    // PostgreSQL returns integers (and sum() numerics like "12" or "12.0") as text.
    const std::string& t = v.as_text();
    int64_t out = 0;
    auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), out);
    assert(ec == std::errc() && (end == t.data() + t.size() || *end == '.') &&
           "Row::Int on a column that does not hold an integer");
    (void)end;
    (void)ec;
    return out;
  }
  return 0;
}

std::string Row::Text(size_t col) const {
  const Value& v = values_.at(col);
  if (v.is_text()) return v.as_text();
  if (v.is_int()) return std::to_string(v.as_int());
  return {};
}

std::optional<int64_t> Row::OptInt(size_t col) const {
  if (IsNull(col)) return std::nullopt;
  return Int(col);
}

std::optional<std::string> Row::OptText(size_t col) const {
  if (IsNull(col)) return std::nullopt;
  return Text(col);
}

namespace {

// SQLite is one process: there is nobody to announce to, so followers poll.
class SleepingListener final : public Listener {
 public:
  Result<bool> Wait(int timeout_ms) override {
    std::this_thread::sleep_for(std::chrono::milliseconds(timeout_ms));
    return false;
  }
};

// The channel as PostgreSQL sees it: private to the schema, so stores sharing one database (the
// tests' schemas) do not wake each other; hashed, so it stays within the 63-byte name limit.
constexpr std::string_view kScopedChannelSql =
    "CAST(? AS TEXT) || '_' || left(md5(current_schema()), 12)";

}  // namespace

Result<std::unique_ptr<Listener>> Database::Listen(std::string_view) {
  return std::unique_ptr<Listener>(std::make_unique<SleepingListener>());
}

Status Announce(Tx& tx, std::string_view channel) {
  if (tx.dialect() != Dialect::kPostgres) return Status::Ok();
  return tx.Query("SELECT pg_notify(" + std::string(kScopedChannelSql) + ", '')",
                  {Value(channel)})
      .status();
}

std::string ScopedChannelSql() { return std::string(kScopedChannelSql); }

Result<std::string> SqlitePathOf(std::string_view url) {
  constexpr std::string_view kSqlite = "sqlite://";
  if (url.substr(0, kSqlite.size()) != kSqlite) {
    return core::InvalidArgument("不是 SQLite 地址 (not a sqlite:// URL): " + std::string(url));
  }
  std::string path(url.substr(kSqlite.size()));  // "/abs/x.db" or "rel/x.db"
  if (path.empty()) return core::InvalidArgument("SQLite URL 缺少文件路径: " + std::string(url));
  return path;
}

Result<std::unique_ptr<Database>> OpenDatabase(std::string_view url, const DatabaseOptions& options) {
  if (url == "sqlite::memory:") return OpenSqlite(":memory:", options);
  if (url.substr(0, 9) == "sqlite://") {
    IPE_ASSIGN_OR_RETURN(std::string path, SqlitePathOf(url));
    return OpenSqlite(path, options);
  }
  if (url.substr(0, 13) == "postgresql://" || url.substr(0, 11) == "postgres://") {
    return OpenPostgres(std::string(url), options);
  }
  return core::InvalidArgument(
      "不支持的数据库地址 (unsupported database URL; use sqlite:///path.db or postgresql://…): " +
      std::string(url));
}

}  // namespace ipe::storage
