// The upgrade of a store made by the previous release (issue 19 "Backup, restore, upgrade"), on
// SQLite and PostgreSQL. A store is migrated with the previous release's migrations only and given
// data in every table: the demo data of a current store, copied column by column into the columns
// the old schema has, then one generated row in each table still empty. It is then opened as
// `ipenforce serve` opens a store (cli::OpenAndMigrate: the new migrations, the search indexes
// rebuilt, the statistics triggers installed and recomputed), and must keep every row, verify its
// audit chain, and answer the same lists, searches and figures as the current store.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "app/accounts/accounts.h"
#include "app/accounts/audit.h"
#include "app/cases/cases.h"
#include "app/complaints/complaints.h"
#include "app/context.h"
#include "app/demo.h"
#include "app/principal.h"
#include "app/statistics/statistics.h"
#include "app/statistics/statistics_store.h"
#include "cli/database.h"
#include "fresh_db.h"
#include "storage/db.h"
#include "storage/migrate.h"

namespace ipe {
namespace {

// The migrations of the previous release: the versions in src/storage/migrations at commit
// 3d764a9 (`git ls-tree --name-only <release> src/storage/migrations/`). Bump at each release.
constexpr int kPreviousRelease[] = {
    1,   2,   3,   100, 110, 200, 210, 211, 212, 213, 214, 215, 216, 217, 218, 219, 220, 300,
    310, 311, 312, 313, 400, 410, 420, 421, 422, 423, 424, 600, 601, 602, 603, 604, 650, 660,
    800, 801, 802, 810, 820, 821, 822, 900, 901, 910, 950, 960, 970, 1000, 1050, 1100, 1101};

std::vector<storage::Migration> PreviousReleaseMigrations() {
  std::set<int> wanted(std::begin(kPreviousRelease), std::end(kPreviousRelease));
  std::vector<storage::Migration> out;
  for (const storage::Migration& m : storage::AllMigrations()) {
    if (wanted.count(m.version)) out.push_back(m);
  }
  return out;
}

struct Column {
  std::string name;
  std::string type;  // lower case
  bool required = false;  // NOT NULL without a default
  bool primary = false;
  std::string references;  // the table a foreign key points at, or ""
  std::string referenced_column;
};

// The tables of a store that hold records: not the migration log, not the search indexes' state
// (a store's own says which indexes to build), not SQLite's FTS5 tables and their shadow tables.
std::vector<std::string> RecordTables(storage::Database& db) {
  auto tx = db.Begin(storage::TxMode::kRead);
  EXPECT_TRUE(tx.has_value());
  std::vector<std::string> out;
  if (db.dialect() == storage::Dialect::kSqlite) {
    auto virt = (*tx)->Query("SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL%'");
    std::vector<std::string> fts;
    for (const auto& r : *virt) fts.push_back(r.Text(0));
    auto rows = (*tx)->Query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                             "ORDER BY name");
    for (const auto& r : *rows) {
      std::string name = r.Text(0);
      bool shadow = std::any_of(fts.begin(), fts.end(), [&](const std::string& f) {
        return name == f || name.rfind(f + "_", 0) == 0;
      });
      if (!shadow) out.push_back(name);
    }
  } else {
    auto rows = (*tx)->Query("SELECT table_name FROM information_schema.tables WHERE table_schema = "
                             "current_schema() AND table_type = 'BASE TABLE' ORDER BY 1");
    for (const auto& r : *rows) out.push_back(r.Text(0));
  }
  std::erase_if(out, [](const std::string& t) { return t == "schema_migrations" || t == "search_index_state"; });
  return out;
}

std::vector<Column> ColumnsOf(storage::Tx& tx, const std::string& table) {
  std::vector<Column> out;
  if (tx.dialect() == storage::Dialect::kSqlite) {
    auto rows = tx.Query("SELECT name, lower(type), \"notnull\", dflt_value IS NOT NULL, pk FROM pragma_table_info(?)",
                         {table});
    for (const auto& r : *rows) out.push_back({r.Text(0), r.Text(1), r.Int(2) && !r.Int(3), r.Int(4) > 0, ""});
    auto fks = tx.Query("SELECT \"from\", \"table\", coalesce(\"to\", 'id') FROM pragma_foreign_key_list(?)",
                        {table});
    for (const auto& r : *fks) {
      for (Column& c : out) {
        if (c.name == r.Text(0)) c.references = r.Text(1), c.referenced_column = r.Text(2);
      }
    }
  } else {
    auto rows = tx.Query(
        "SELECT a.attname, format_type(a.atttypid, a.atttypmod), "
        "(a.attnotnull AND NOT a.atthasdef AND a.attidentity = '')::int, "
        "(EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = a.attrelid AND i.indisprimary AND "
        "a.attnum = ANY (i.indkey)))::int FROM pg_attribute a WHERE a.attrelid = "
        "(quote_ident(current_schema()) || '.' || quote_ident(?))::regclass AND a.attnum > 0 AND "
        "NOT a.attisdropped ORDER BY a.attnum",
        {table});
    for (const auto& r : *rows) out.push_back({r.Text(0), r.Text(1), r.Int(2) != 0, r.Int(3) != 0, ""});
    auto fks = tx.Query(
        "SELECT a.attname, f.relname, fa.attname FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid "
        "JOIN pg_class f ON f.oid = k.confrelid JOIN pg_attribute a ON a.attrelid = k.conrelid AND "
        "a.attnum = k.conkey[1] JOIN pg_attribute fa ON fa.attrelid = k.confrelid AND "
        "fa.attnum = k.confkey[1] WHERE k.contype = 'f' AND t.relname = ? AND "
        "t.relnamespace = current_schema()::regnamespace",
        {table});
    for (const auto& r : *fks) {
      for (Column& c : out) {
        if (c.name == r.Text(0)) c.references = r.Text(1), c.referenced_column = r.Text(2);
      }
    }
  }
  return out;
}

int64_t CountRows(storage::Database& db, const std::string& table) {
  auto tx = db.Begin(storage::TxMode::kRead);
  auto rows = (*tx)->Query("SELECT count(*) FROM " + table);
  return rows ? (*rows)[0].Int(0) : -1;
}

class UpgradeTest : public ::testing::TestWithParam<std::string> {
 protected:
  // SQLite: files (the upgrade opens the old store again by its URL); PostgreSQL: schemas.
  std::string Url(const std::string& name) {
    if (GetParam() != "sqlite") return testing::FreshEmptyDatabaseUrl(GetParam(), name);
    std::random_device rd;
    dir_ = std::filesystem::temp_directory_path() / ("ipe-upgrade-" + std::to_string(rd()));
    std::filesystem::create_directories(dir_);
    return "sqlite://" + (dir_ / (name + ".db")).string();
  }
  void TearDown() override {
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }
  std::filesystem::path dir_;
  core::FakeClock clock_{*core::ParseTimestamp("2025-11-20T10:00:00+08:00")};
};

TEST_P(UpgradeTest, AStoreOfThePreviousReleaseWithDataInEveryTableUpgrades) {
  std::string current_url = Url("cur");
  if (current_url.empty()) GTEST_SKIP() << "IPE_PG_DSN not set: PostgreSQL run skipped";
  std::string old_url = GetParam() == "sqlite" ? "sqlite://" + (dir_ / "old.db").string() : Url("old");

  // The current store with the demo data: the source of the old store's rows.
  auto current = cli::OpenAndMigrate(current_url, true);
  ASSERT_TRUE(current.has_value()) << current.error().ToString();
  app::Context current_ctx(**current, clock_);
  ASSERT_TRUE(app::LoadDemoData(current_ctx).has_value());

  // The previous release's schema, then the demo rows in the columns it has.
  auto old = storage::OpenDatabase(old_url);
  ASSERT_TRUE(old.has_value()) << old.error().ToString();
  ASSERT_TRUE(storage::Migrate(**old, PreviousReleaseMigrations(), clock_.Now()).has_value());
  std::vector<std::string> tables = RecordTables(**old);
  ASSERT_GT(tables.size(), 60u);  // 72 at 3d764a9
  std::map<std::string, int64_t> expected;
  {
    auto src = (*current)->Begin(storage::TxMode::kRead);
    auto dst = (*old)->Begin(storage::TxMode::kWrite);
    ASSERT_TRUE(src.has_value() && dst.has_value());
    // Rows go in table by table, before the tables they refer to may be full.
    if ((*old)->dialect() == storage::Dialect::kSqlite) {
      ASSERT_TRUE((*dst)->Exec("PRAGMA defer_foreign_keys = ON").has_value());
    } else {
      ASSERT_TRUE((*dst)->Exec("SET LOCAL session_replication_role = replica").has_value());
    }
    for (const std::string& table : tables) {
      std::vector<std::string> shared;
      auto theirs = ColumnsOf(**src, table);
      for (const Column& c : ColumnsOf(**dst, table)) {
        bool there = std::any_of(theirs.begin(), theirs.end(), [&](const Column& t) { return t.name == c.name; });
        if (there && c.type != "tsvector") shared.push_back(c.name);  // a tsvector is rebuilt
      }
      ASSERT_FALSE(shared.empty()) << table;
      std::string list;
      for (const std::string& c : shared) list += (list.empty() ? "" : ", ") + c;
      // The old store's own rows (seeded by its migrations) give way to the current store's.
      ASSERT_TRUE((*dst)->Exec("DELETE FROM " + table).has_value()) << table;
      auto rows = (*src)->Query("SELECT " + list + " FROM " + table);
      ASSERT_TRUE(rows.has_value()) << table << ": " << rows.error().ToString();
      std::vector<std::vector<storage::Value>> values;
      for (const auto& r : *rows) {
        std::vector<storage::Value> v;
        for (size_t i = 0; i < shared.size(); ++i) v.push_back(r.at(i));
        values.push_back(std::move(v));
      }
      if (!values.empty()) {
        auto st = (*dst)->BulkInsert(table, shared, values);
        ASSERT_TRUE(st.ok()) << table << ": " << st.ToString();
      }
      expected[table] = static_cast<int64_t>(values.size());
    }
    // A generated row in every table the demo leaves empty: required columns only, foreign keys
    // pointing at a row of the table they name (filled first, or already full).
    std::set<std::string> empty;
    for (const auto& [t, n] : expected) {
      if (n == 0) empty.insert(t);
    }
    for (int pass = 0; pass < 5 && !empty.empty(); ++pass) {
      for (auto it = empty.begin(); it != empty.end();) {
        auto columns = ColumnsOf(**dst, *it);
        bool ready = std::all_of(columns.begin(), columns.end(), [&](const Column& c) {
          return c.references.empty() || c.references == *it || !empty.count(c.references);
        });
        if (!ready) {
          ++it;
          continue;
        }
        std::vector<std::string> names;
        std::vector<storage::Value> row;
        for (const Column& c : columns) {
          if (!c.required && !(c.primary && c.type.find("int") == std::string::npos)) continue;
          names.push_back(c.name);
          bool integer = c.type.find("int") != std::string::npos;
          if (!c.references.empty()) {
            auto id = (*dst)->Query("SELECT min(" + c.referenced_column + ") FROM " + c.references);
            row.push_back(id && !(*id)[0].IsNull(0) ? storage::Value((*id)[0].Int(0)) : storage::Value(int64_t{1}));
          } else if (integer) {
            row.push_back(storage::Value(int64_t{1}));  // also what CHECK (x IN (0, 1)) accepts
          } else {
            row.push_back(storage::Value("升级测试 " + *it + "." + c.name));
          }
        }
        auto st = (*dst)->BulkInsert(*it, names, {row});
        ASSERT_TRUE(st.ok()) << *it << ": " << st.ToString();
        expected[*it] = 1;
        it = empty.erase(it);
      }
    }
    ASSERT_TRUE(empty.empty()) << "tables left empty: " << *empty.begin();
    if ((*old)->dialect() == storage::Dialect::kPostgres) {
      // Rows copied with their ids: the identity sequences go past them, as writes would have.
      auto identities = (*dst)->Query("SELECT table_name, column_name FROM information_schema.columns WHERE "
                                      "table_schema = current_schema() AND is_identity = 'YES'");
      ASSERT_TRUE(identities.has_value());
      for (const auto& r : *identities) {
        std::string table = r.Text(0), column = r.Text(1);
        ASSERT_TRUE((*dst)->Query("SELECT setval(pg_get_serial_sequence(?, ?), (SELECT coalesce(max(" + column +
                                      "), 0) + 1 FROM " + table + "), false)",
                                  {table, column})
                        .has_value())
            << table;
      }
    }
    ASSERT_TRUE((*dst)->Commit().ok());
  }
  for (const std::string& table : tables) ASSERT_GT(CountRows(**old, table), 0) << table;
  old->reset();

  // Opened as the server opens it: the new migrations, indexes and rollups.
  auto upgraded = cli::OpenAndMigrate(old_url, true);
  ASSERT_TRUE(upgraded.has_value()) << upgraded.error().ToString();
  // The rollup cells are derived, not kept: the upgrade recomputes them from the upgraded records
  // (whose new columns — a case's channel, trade flow, goods class — are empty), so they must be
  // what a recomputation gives now, not the rows copied in. Recomputed here and rolled back.
  {
    auto tx = (*upgraded)->Begin(storage::TxMode::kWrite);
    ASSERT_TRUE(tx.has_value());
    ASSERT_TRUE(app::StatisticsStore(**tx).Recompute().has_value());
    for (const char* table : {"stat_cells", "stat_cells_prefecture", "stat_cells_province"}) {
      auto n = (*tx)->Query(std::string("SELECT count(*) FROM ") + table);
      ASSERT_TRUE(n.has_value()) << table;
      ASSERT_TRUE(expected.count(table)) << table;
      expected[table] = (*n)[0].Int(0);
    }
  }
  for (const auto& [table, n] : expected) EXPECT_EQ(CountRows(**upgraded, table), n) << table;
  auto audit = app::VerifyAudit(**upgraded);
  ASSERT_TRUE(audit.has_value());
  EXPECT_TRUE(audit->ok) << audit->reason;
  EXPECT_EQ(audit->records, expected["audit_log"]);

  // The same answers as the current store: a list, a figure from the recomputed rollups, and a
  // search over rows written before its index existed.
  app::Context ctx(**upgraded, clock_);
  auto admin = app::PrincipalForLogin(ctx, "admin");
  auto current_admin = app::PrincipalForLogin(current_ctx, "admin");
  ASSERT_TRUE(admin.has_value() && current_admin.has_value());
  app::CaseFilter all;
  auto cases = app::ListCases(ctx, *admin, all, {1, 20});
  auto current_cases = app::ListCases(current_ctx, *current_admin, all, {1, 20});
  ASSERT_TRUE(cases.has_value() && current_cases.has_value());
  EXPECT_EQ(cases->total, current_cases->total);
  app::FigureQuery q;
  q.request = {"cases_opened", "2020-01", "2025-12", "province", {}};
  auto figure = app::QueryFigure(ctx, *admin, q);
  auto current_figure = app::QueryFigure(current_ctx, *current_admin, q);
  ASSERT_TRUE(figure.has_value() && current_figure.has_value());
  EXPECT_EQ(figure->total.value, current_figure->total.value);
  EXPECT_EQ(figure->rows.size(), current_figure->rows.size());
  app::ComplaintFilter search;
  search.q = "升级测试";
  auto found = app::ListComplaints(ctx, *admin, search, {1, 20});
  ASSERT_TRUE(found.has_value()) << found.error().ToString();
  EXPECT_EQ(found->total, 1);  // the generated complaint, indexed by the upgrade
}

INSTANTIATE_TEST_SUITE_P(Stores, UpgradeTest, ::testing::Values("sqlite", "postgres"));

}  // namespace
}  // namespace ipe
