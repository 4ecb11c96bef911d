// The storage suite: the same cases on SQLite (in memory and on a file) and, when IPE_PG_DSN is set,
// on PostgreSQL (a fresh schema per test). Each test prints the backend it ran on.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <thread>

#include "storage/db.h"
#include "storage/migrate.h"
#include "storage/postgres/postgres_db.h"

namespace ipe::storage {
namespace {

std::string RandomName(const char* prefix) {
  std::random_device rd;
  return prefix + std::to_string(std::uniform_int_distribution<uint64_t>()(rd) % 1000000000000ull);
}

class StorageTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    const std::string& backend = GetParam();
    if (backend == "sqlite_memory") {
      url_ = "sqlite::memory:";
    } else if (backend == "sqlite_file") {
      dir_ = std::filesystem::temp_directory_path() / RandomName("ipe-storage-");
      url_ = "sqlite://" + (dir_ / "sub" / "test.db").string();
    } else {
      const char* dsn = std::getenv("IPE_PG_DSN");
      if (!dsn || !*dsn) GTEST_SKIP() << "IPE_PG_DSN not set: PostgreSQL run skipped";
      std::string schema = RandomName("s_");
      auto admin = OpenDatabase(dsn);
      ASSERT_TRUE(admin.has_value()) << admin.error().ToString();
      auto tx = (*admin)->Begin(TxMode::kWrite);
      ASSERT_TRUE((*tx)->Exec("CREATE SCHEMA " + schema).has_value());
      ASSERT_TRUE((*tx)->Commit().ok());
      url_ = std::string(dsn) + (std::string(dsn).find('?') == std::string::npos ? "?" : "&") +
             "options=-csearch_path%3D" + schema;
    }
    std::printf("[backend] %s\n", backend.c_str());
    auto db = OpenDatabase(url_);
    ASSERT_TRUE(db.has_value()) << db.error().ToString();
    db_ = std::move(*db);
    auto tx = db_->Begin(TxMode::kWrite);
    ASSERT_TRUE(tx.has_value());
    ASSERT_TRUE((*tx)->ExecScript(ExpandPortableSql(
                                      "CREATE TABLE items (id {{ID}}, name TEXT NOT NULL UNIQUE, "
                                      "qty BIGINT, note TEXT);"
                                      "CREATE TABLE tags (id {{ID}}, item_id BIGINT NOT NULL "
                                      "REFERENCES items (id), tag TEXT NOT NULL)",
                                      db_->dialect()))
                    .ok());
    ASSERT_TRUE((*tx)->Commit().ok());
  }
  void TearDown() override {
    db_.reset();
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

  int64_t Count(const std::string& table) {
    auto tx = db_->Begin(TxMode::kRead);
    auto rows = (*tx)->Query("SELECT count(*) FROM " + table);
    return (*rows)[0].Int(0);
  }

  std::string url_;
  std::filesystem::path dir_;
  std::unique_ptr<Database> db_;
};

TEST_P(StorageTest, InsertsAndReadsEveryValueKind) {
  auto tx = db_->Begin(TxMode::kWrite);
  ASSERT_TRUE(tx.has_value());
  auto id = (*tx)->Query("INSERT INTO items (name, qty, note) VALUES (?, ?, ?) RETURNING id",
                         {"耐克运动鞋 Nike", int64_t{9007199254740993}, Value()});
  ASSERT_TRUE(id.has_value()) << id.error().ToString();
  ASSERT_TRUE((*tx)->Commit().ok());
  auto rtx = db_->Begin(TxMode::kRead);
  auto rows = (*rtx)->Query("SELECT id, name, qty, note FROM items WHERE id = ?", {(*id)[0].Int(0)});
  ASSERT_TRUE(rows.has_value());
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].Text(1), "耐克运动鞋 Nike");
  EXPECT_EQ((*rows)[0].Int(2), int64_t{9007199254740993});
  EXPECT_TRUE((*rows)[0].IsNull(3));
  EXPECT_FALSE((*rows)[0].OptText(3).has_value());
}

TEST_P(StorageTest, UncommittedTransactionsRollBack) {
  {
    auto tx = db_->Begin(TxMode::kWrite);
    ASSERT_TRUE((*tx)->Exec("INSERT INTO items (name) VALUES (?)", {"gone"}).has_value());
  }
  EXPECT_EQ(Count("items"), 0);
}

TEST_P(StorageTest, ConstraintViolationsMapToCodes) {
  auto tx = db_->Begin(TxMode::kWrite);
  ASSERT_TRUE((*tx)->Exec("INSERT INTO items (name) VALUES (?)", {"a"}).has_value());
  ASSERT_TRUE((*tx)->Commit().ok());
  {
    auto dup = db_->Begin(TxMode::kWrite);
    auto r = (*dup)->Exec("INSERT INTO items (name) VALUES (?)", {"a"});
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code(), core::StatusCode::kAlreadyExists);
  }
  {
    auto fk = db_->Begin(TxMode::kWrite);
    auto r = (*fk)->Exec("INSERT INTO tags (item_id, tag) VALUES (?, ?)", {int64_t{999}, "x"});
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code(), core::StatusCode::kInvalidArgument);
  }
  {
    auto nn = db_->Begin(TxMode::kWrite);
    auto r = (*nn)->Exec("INSERT INTO items (name) VALUES (?)", {Value()});
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code(), core::StatusCode::kInvalidArgument);
  }
  EXPECT_EQ(Count("items"), 1);
}

TEST_P(StorageTest, QuestionMarksInsideLiteralsAreNotParameters) {
  auto tx = db_->Begin(TxMode::kWrite);
  ASSERT_TRUE((*tx)->Exec("INSERT INTO items (name, note) VALUES ('what?', ?)", {"ok?"}).has_value());
  auto rows = (*tx)->Query("SELECT name, note FROM items WHERE name = 'what?' AND note = ?", {"ok?"});
  ASSERT_TRUE(rows.has_value()) << rows.error().ToString();
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].Text(0), "what?");
}

TEST_P(StorageTest, ExecReturnsChangedRowCount) {
  auto tx = db_->Begin(TxMode::kWrite);
  for (const char* n : {"a", "b", "c"}) {
    ASSERT_TRUE((*tx)->Exec("INSERT INTO items (name, qty) VALUES (?, 1)", {n}).has_value());
  }
  auto changed = (*tx)->Exec("UPDATE items SET qty = qty + 1 WHERE name <> ?", {"a"});
  ASSERT_TRUE(changed.has_value());
  EXPECT_EQ(*changed, 2);
}

TEST_P(StorageTest, BulkInsertRoundTripsAwkwardText) {
  std::vector<std::vector<Value>> rows;
  const std::string awkward = "tab\there\nnewline \\ backslash \\N 中文 'quote' \"dq\"";
  for (int i = 0; i < 10000; ++i) {
    rows.push_back({Value("n" + std::to_string(i)), Value(int64_t{i}),
                    i % 7 == 0 ? Value() : Value(awkward + std::to_string(i))});
  }
  auto tx = db_->Begin(TxMode::kWrite);
  ASSERT_TRUE((*tx)->BulkInsert("items", {"name", "qty", "note"}, rows).ok());
  ASSERT_TRUE((*tx)->Commit().ok());
  EXPECT_EQ(Count("items"), 10000);
  auto rtx = db_->Begin(TxMode::kRead);
  auto back = (*rtx)->Query("SELECT name, qty, note FROM items ORDER BY qty");
  ASSERT_TRUE(back.has_value());
  for (int i = 0; i < 10000; ++i) {
    const Row& r = (*back)[static_cast<size_t>(i)];
    ASSERT_EQ(r.Int(1), i);
    if (i % 7 == 0) {
      ASSERT_TRUE(r.IsNull(2)) << i;
    } else {
      ASSERT_EQ(r.Text(2), awkward + std::to_string(i)) << i;
    }
  }
}

TEST_P(StorageTest, ConcurrentWritersLoseNothing) {
  if (GetParam() == "sqlite_memory") GTEST_SKIP() << "one shared connection: nothing concurrent";
  constexpr int kThreads = 4, kEach = 50;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        Status st = InTransaction(*db_, [&](Tx& tx) {
          return tx.Exec("INSERT INTO items (name) VALUES (?)",
                         {"t" + std::to_string(t) + "-" + std::to_string(i)})
              .status();
        });
        if (!st.ok()) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(Count("items"), kThreads * kEach);
}

TEST_P(StorageTest, MigrationsApplyOnceInOrder) {
  std::vector<Migration> ms = {
      {2, "second", "ALTER TABLE m_one ADD COLUMN extra TEXT", "", ""},
      {1, "first", "CREATE TABLE m_one (id {{ID}}, v TEXT)", "", ""},
  };
  auto first = Migrate(*db_, ms, core::Timestamp{1});
  ASSERT_TRUE(first.has_value()) << first.error().ToString();
  EXPECT_EQ(first->applied, (std::vector<int>{1, 2}));
  EXPECT_EQ(first->current_version, 2);
  auto again = Migrate(*db_, ms, core::Timestamp{2});
  ASSERT_TRUE(again.has_value());
  EXPECT_TRUE(again->applied.empty());
  auto tx = db_->Begin(TxMode::kWrite);
  EXPECT_TRUE((*tx)->Exec("INSERT INTO m_one (v, extra) VALUES ('a', 'b')").has_value());
}

TEST_P(StorageTest, AFailingMigrationNamesItselfAndKeepsEarlierOnes) {
  std::vector<Migration> ms = {{1, "ok", "CREATE TABLE m_ok (id {{ID}})", "", ""},
                               {2, "broken", "CREATE TABLE m_ok (id {{ID}})", "", ""}};
  auto r = Migrate(*db_, ms, core::Timestamp{1});
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message().find("migration 2"), std::string::npos);
  EXPECT_EQ(Count("m_ok"), 0);  // table from migration 1 exists
}

TEST_P(StorageTest, ProjectMigrationsApply) {
  auto r = Migrate(*db_, AllMigrations(), core::Timestamp{1});
  ASSERT_TRUE(r.has_value()) << r.error().ToString();
  EXPECT_EQ(r->current_version, AllMigrations().back().version);
  EXPECT_EQ(Count("audit_head"), 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, StorageTest,
                         ::testing::Values("sqlite_memory", "sqlite_file", "postgres"),
                         [](const auto& info) { return info.param; });

TEST(OpenDatabase, RejectsUnknownSchemes) {
  auto r = OpenDatabase("mysql://x");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code(), core::StatusCode::kInvalidArgument);
}

TEST(OpenDatabase, UnreachablePostgresIsUnavailable) {
  auto r = OpenDatabase("postgresql://nobody@127.0.0.1:1/none?connect_timeout=2");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code(), core::StatusCode::kUnavailable);
}

TEST(RewritePlaceholders, SkipsLiteralsIdentifiersAndComments) {
  EXPECT_EQ(RewritePlaceholders("SELECT ? , '?', \"a?\", 'it''s ?' -- ?\n, ? /* ? */ , ?"),
            "SELECT $1 , '?', \"a?\", 'it''s ?' -- ?\n, $2 /* ? */ , $3");
}

}  // namespace
}  // namespace ipe::storage
