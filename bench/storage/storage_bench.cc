// Bulk-insert benchmark through storage::Database: the figures behind docs/storage.md.
//
//   storage_bench [--rows N] [--per-row N]
//
// For SQLite (a file in $TMPDIR, WAL, synchronous=NORMAL) and, when IPE_PG_DSN is set, for
// PostgreSQL (a private schema, dropped afterwards) it times, each in one transaction:
//   bulk     Tx::BulkInsert of N rows (SQLite: one reused prepared INSERT; PostgreSQL: COPY)
//   per-row  Tx::Exec("INSERT … VALUES (?,…)") once per row, for --per-row rows (default
//            min(N, 20000): on PostgreSQL every row is a round trip)
//   raw      SQLite only: the same N rows through the plain C API (one prepared statement,
//            bind/step/reset) on the same schema, so the interface's overhead shows as a ratio
//            even on a loaded machine
// and prints rows/s. Rows look like monitoring listings: a ~57-byte CJK+Latin title, a price in
// fen, a shop, a region code and a nullable note. Each run checks the row count afterwards and
// exits non-zero on any error, so the ctest smoke run fails if storage breaks.
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <unistd.h>
#include <vector>

#include <sqlite3.h>

#include "storage/db.h"
#include "storage/migrate.h"

namespace ipe::storage {
namespace {

using Clock = std::chrono::steady_clock;

std::vector<std::vector<Value>> MakeRows(int64_t n) {
  static const char* kBrands[] = {"耐克 Nike", "阿迪达斯 adidas", "李宁 LI-NING", "安踏 ANTA",
                                  "华为 HUAWEI", "小米 Xiaomi", "New Balance", "优衣库 UNIQLO"};
  static const char* kGoods[] = {"运动鞋 男款", "跑步鞋 女款", "手机壳 透明", "T恤 纯棉",
                                 "羽绒服 加厚", "蓝牙耳机 降噪"};
  std::vector<std::vector<Value>> rows;
  rows.reserve(static_cast<size_t>(n));
  uint64_t x = 0x9e3779b97f4a7c15ull;  // fixed xorshift seed: the same rows every run
  for (int64_t i = 0; i < n; ++i) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    std::string title = std::string(kBrands[x % 8]) + " " + kGoods[(x >> 8) % 6] + " 2024新款 正品" +
                        std::to_string(x % 100000);
    std::string shop = "店铺" + std::to_string((x >> 20) % 5000);
    std::string region = std::to_string(110000 + (x >> 32) % 600 * 100);
    rows.push_back({std::move(title), static_cast<int64_t>((x >> 12) % 200000), std::move(shop),
                    std::move(region), i % 10 == 0 ? Value() : Value("备注\ttab\\n" + std::to_string(i))});
  }
  return rows;
}

const std::vector<std::string> kColumns = {"title", "price_fen", "shop", "region", "note"};

bool Check(const Status& st, const char* what) {
  if (st.ok()) return true;
  std::fprintf(stderr, "storage_bench: %s: %s\n", what, st.ToString().c_str());
  return false;
}

Status ResetTable(Database& db) {
  return InTransaction(db, [&](Tx& tx) {
    return tx.ExecScript(ExpandPortableSql(
        "DROP TABLE IF EXISTS bench_listings;"
        "CREATE TABLE bench_listings (id {{ID}}, title TEXT NOT NULL, price_fen BIGINT NOT NULL, "
        "shop TEXT NOT NULL, region TEXT NOT NULL, note TEXT)",
        db.dialect()));
  });
}

Result<int64_t> CountRows(Database& db) {
  IPE_ASSIGN_OR_RETURN(auto tx, db.Begin(TxMode::kRead));
  IPE_ASSIGN_OR_RETURN(auto rows, tx->Query("SELECT count(*) FROM bench_listings"));
  return rows[0].Int(0);
}

// Runs one insert method over `rows[0..n)` in one transaction (commit included in the time) and
// prints a line. Returns false on any error or a wrong row count.
template <typename Fn>
bool Measure(Database& db, const char* backend, const char* method, int64_t n, Fn&& insert) {
  if (!Check(ResetTable(db), "create table")) return false;
  auto t0 = Clock::now();
  Status st = InTransaction(db, insert);
  double secs = std::chrono::duration<double>(Clock::now() - t0).count();
  if (!Check(st, method)) return false;
  auto count = CountRows(db);
  if (!count.has_value() || *count != n) {
    std::fprintf(stderr, "storage_bench: %s %s: expected %" PRId64 " rows\n", backend, method, n);
    return false;
  }
  std::printf("%-10s %-8s rows=%-8" PRId64 " time=%8.3fs  rows/s=%10.0f\n", backend, method, n, secs,
              n / secs);
  std::fflush(stdout);
  return true;
}

bool RunBackend(Database& db, const char* backend, const std::vector<std::vector<Value>>& rows,
                int64_t per_row) {
  bool ok = Measure(db, backend, "bulk", static_cast<int64_t>(rows.size()), [&](Tx& tx) {
    return tx.BulkInsert("bench_listings", kColumns, rows);
  });
  ok = ok && Measure(db, backend, "per-row", per_row, [&](Tx& tx) -> Status {
    for (int64_t i = 0; i < per_row; ++i) {
      IPE_RETURN_IF_ERROR(tx.Exec("INSERT INTO bench_listings (title, price_fen, shop, region, note) "
                                  "VALUES (?, ?, ?, ?, ?)",
                                  rows[static_cast<size_t>(i)])
                              .status());
    }
    return Status::Ok();
  });
  ok = ok && Check(InTransaction(db, [](Tx& tx) { return tx.ExecScript("DROP TABLE bench_listings"); }),
                   "drop table");
  return ok;
}

// The baseline: what the C API alone does with the same rows, table and pragmas.
bool RawSqlite(const std::string& path, const std::vector<std::vector<Value>>& rows) {
  sqlite3* db = nullptr;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) return false;
  auto exec = [&](const char* sql) { return sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK; };
  bool ok = exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;") &&
            exec("DROP TABLE IF EXISTS bench_listings") &&
            exec(ExpandPortableSql("CREATE TABLE bench_listings (id {{ID}}, title TEXT NOT NULL, "
                                   "price_fen BIGINT NOT NULL, shop TEXT NOT NULL, region TEXT NOT NULL, "
                                   "note TEXT)",
                                   Dialect::kSqlite)
                     .c_str());
  auto t0 = Clock::now();
  sqlite3_stmt* stmt = nullptr;
  ok = ok && exec("BEGIN IMMEDIATE") &&
       sqlite3_prepare_v2(db,
                          "INSERT INTO bench_listings (title, price_fen, shop, region, note) "
                          "VALUES (?, ?, ?, ?, ?)",
                          -1, &stmt, nullptr) == SQLITE_OK;
  for (size_t r = 0; ok && r < rows.size(); ++r) {
    for (int c = 0; c < 5; ++c) {
      const Value& v = rows[r][static_cast<size_t>(c)];
      if (v.is_null()) {
        sqlite3_bind_null(stmt, c + 1);
      } else if (v.is_int()) {
        sqlite3_bind_int64(stmt, c + 1, v.as_int());
      } else {
        sqlite3_bind_text(stmt, c + 1, v.as_text().data(), static_cast<int>(v.as_text().size()),
                          SQLITE_STATIC);
      }
    }
    ok = sqlite3_step(stmt) == SQLITE_DONE;
    sqlite3_reset(stmt);
  }
  sqlite3_finalize(stmt);
  ok = ok && exec("COMMIT");
  double secs = std::chrono::duration<double>(Clock::now() - t0).count();
  sqlite3_close(db);
  if (!ok) {
    std::fprintf(stderr, "storage_bench: raw SQLite insert failed\n");
    return false;
  }
  std::printf("%-10s %-8s rows=%-8zu time=%8.3fs  rows/s=%10.0f\n", "sqlite", "raw", rows.size(),
              secs, static_cast<double>(rows.size()) / secs);
  return true;
}

int Main(int argc, char** argv) {
  int64_t n = 1000000;
  int64_t per_row = -1;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--rows") == 0 && i + 1 < argc) {
      n = std::atoll(argv[++i]);
    } else if (std::strcmp(argv[i], "--per-row") == 0 && i + 1 < argc) {
      per_row = std::atoll(argv[++i]);
    } else {
      std::fprintf(stderr, "usage: storage_bench [--rows N] [--per-row N]\n");
      return 2;
    }
  }
  if (n <= 0) n = 1;
  if (per_row < 0 || per_row > n) per_row = std::min<int64_t>(n, 20000);
  auto rows = MakeRows(n);

  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("ipe-storage-bench-" + std::to_string(getpid()));
  bool ok = true;
  {
    auto db = OpenDatabase("sqlite://" + (dir / "bench.db").string());
    if (!db.has_value()) return Check(db.error(), "open SQLite") ? 0 : 1;
    ok = RunBackend(**db, "sqlite", rows, per_row);
  }
  ok = RawSqlite((dir / "raw.db").string(), rows) && ok;
  fs::remove_all(dir);

  const char* dsn = std::getenv("IPE_PG_DSN");
  if (!dsn || !*dsn) {
    std::printf("postgres   skipped: IPE_PG_DSN not set (export IPE_PG_DSN=$(scripts/pg-test.sh start))\n");
    return ok ? 0 : 1;
  }
  auto admin = OpenDatabase(dsn);
  if (!admin.has_value()) return Check(admin.error(), "open PostgreSQL") ? 0 : 1;
  std::string schema = "bench_" + std::to_string(getpid());
  if (!Check(InTransaction(**admin, [&](Tx& tx) { return tx.ExecScript("CREATE SCHEMA " + schema); }),
             "create schema")) {
    return 1;
  }
  {
    std::string url = std::string(dsn) + (std::strchr(dsn, '?') ? "&" : "?") +
                      "options=-csearch_path%3D" + schema;
    auto db = OpenDatabase(url);
    ok = db.has_value() ? RunBackend(**db, "postgres", rows, per_row) && ok
                        : Check(db.error(), "open PostgreSQL schema") && false;
  }
  ok = Check(InTransaction(**admin, [&](Tx& tx) {
               return tx.ExecScript("DROP SCHEMA " + schema + " CASCADE");
             }),
             "drop schema") &&
       ok;
  return ok ? 0 : 1;
}

}  // namespace
}  // namespace ipe::storage

int main(int argc, char** argv) { return ipe::storage::Main(argc, argv); }
