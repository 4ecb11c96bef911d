// The storage suite: the same cases on SQLite (in memory and on a file) and, when IPE_PG_DSN is set,
// on PostgreSQL (a fresh schema per test). Each test prints the backend it ran on.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <random>
#include <thread>

#include "storage/db.h"
#include "storage/migrate.h"
#include "storage/postgres/postgres_db.h"

#include <chrono>
#include <limits>

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
      if (!dsn || !*dsn) GTEST_SKIP() << "IPE_PG_DSN not set: PostgreSQL run skipped "
                                        "(export IPE_PG_DSN=$(scripts/pg-test.sh start))";
      schema_ = RandomName("s_");
      auto admin = OpenDatabase(dsn);
      ASSERT_TRUE(admin.has_value()) << admin.error().ToString();
      admin_ = std::move(*admin);
      auto tx = admin_->Begin(TxMode::kWrite);
      ASSERT_TRUE((*tx)->Exec("CREATE SCHEMA " + schema_).has_value());
      ASSERT_TRUE((*tx)->Commit().ok());
      url_ = std::string(dsn) + (std::string(dsn).find('?') == std::string::npos ? "?" : "&") +
             "options=-csearch_path%3D" + schema_;
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
    if (admin_ && !schema_.empty()) {
      Status st = InTransaction(*admin_, [&](Tx& tx) {
        return tx.Exec("DROP SCHEMA " + schema_ + " CASCADE").status();
      });
      EXPECT_TRUE(st.ok()) << st.ToString();
    }
  }

  bool IsMemory() const { return GetParam() == "sqlite_memory"; }
  bool IsPostgres() const { return GetParam() == "postgres"; }

  int64_t Count(const std::string& table) {
    auto tx = db_->Begin(TxMode::kRead);
    auto rows = (*tx)->Query("SELECT count(*) FROM " + table);
    return (*rows)[0].Int(0);
  }

  std::string url_;
  std::filesystem::path dir_;
  std::string schema_;               // PostgreSQL: this test's schema, dropped afterwards
  std::unique_ptr<Database> admin_;  // PostgreSQL: connection outside the test's schema
  std::unique_ptr<Database> db_;
};

TEST_P(StorageTest, CrudWithEveryValueKind) {
  const std::optional<int64_t> some_qty = 42;
  const std::optional<std::string> no_note;
  const std::string_view view = "视图 view";
  auto tx = db_->Begin(TxMode::kWrite);
  ASSERT_TRUE(tx.has_value());
  // int, bool, int64, optional (set and empty), std::string, string_view, const char*, nullptr.
  ASSERT_TRUE((*tx)->Exec("INSERT INTO items (name, qty, note) VALUES (?, ?, ?)",
                          {std::string("整数 int"), 7, "c-string"})
                  .has_value());
  ASSERT_TRUE((*tx)->Exec("INSERT INTO items (name, qty, note) VALUES (?, ?, ?)",
                          {view, true, nullptr})
                  .has_value());
  ASSERT_TRUE((*tx)->Exec("INSERT INTO items (name, qty, note) VALUES (?, ?, ?)",
                          {"可选 optional", some_qty, no_note})
                  .has_value());
  ASSERT_TRUE((*tx)->Exec("INSERT INTO items (name, qty, note) VALUES (?, ?, ?)",
                          {"负数 negative", int64_t{-9223372036854775807LL - 1}, Value("")})
                  .has_value());
  ASSERT_TRUE((*tx)->Commit().ok());

  auto rtx = db_->Begin(TxMode::kRead);
  auto rows = (*rtx)->Query("SELECT name, qty, note FROM items ORDER BY id");
  ASSERT_TRUE(rows.has_value()) << rows.error().ToString();
  ASSERT_EQ(rows->size(), 4u);
  EXPECT_EQ((*rows)[0].Text(0), "整数 int");
  EXPECT_EQ((*rows)[0].Int(1), 7);
  EXPECT_EQ((*rows)[0].Text(2), "c-string");
  EXPECT_EQ((*rows)[1].Text(0), "视图 view");
  EXPECT_EQ((*rows)[1].Int(1), 1);  // bool is stored as 0/1
  EXPECT_TRUE((*rows)[1].IsNull(2));
  EXPECT_EQ((*rows)[1].Text(2), "");
  EXPECT_EQ((*rows)[2].OptInt(1), std::optional<int64_t>(42));
  EXPECT_FALSE((*rows)[2].OptText(2).has_value());
  EXPECT_EQ((*rows)[3].Int(1), std::numeric_limits<int64_t>::min());
  EXPECT_FALSE((*rows)[3].IsNull(2));  // empty text is not NULL
  EXPECT_EQ((*rows)[3].OptText(2), std::optional<std::string>(""));
  rtx->reset();

  auto wtx = db_->Begin(TxMode::kWrite);
  auto updated = (*wtx)->Exec("UPDATE items SET note = ?, qty = NULL WHERE name = ?",
                              {"更新 updated", "整数 int"});
  ASSERT_TRUE(updated.has_value()) << updated.error().ToString();
  EXPECT_EQ(*updated, 1);
  auto deleted = (*wtx)->Exec("DELETE FROM items WHERE qty = ? OR qty = ?", {1, 42});
  ASSERT_TRUE(deleted.has_value());
  EXPECT_EQ(*deleted, 2);
  auto left = (*wtx)->Query("SELECT name, qty, note FROM items WHERE name = ?", {"整数 int"});
  ASSERT_TRUE(left.has_value());
  ASSERT_EQ(left->size(), 1u);
  EXPECT_TRUE((*left)[0].IsNull(1));
  EXPECT_EQ((*left)[0].Text(2), "更新 updated");
  ASSERT_TRUE((*wtx)->Commit().ok());
  EXPECT_EQ(Count("items"), 2);
}

TEST_P(StorageTest, CommitMakesChangesVisibleToLaterTransactions) {
  auto tx = db_->Begin(TxMode::kWrite);
  ASSERT_TRUE((*tx)->Exec("INSERT INTO items (name) VALUES (?)", {"kept"}).has_value());
  ASSERT_TRUE((*tx)->Commit().ok());
  // A finished Tx refuses further work instead of running outside a transaction.
  EXPECT_FALSE((*tx)->Exec("INSERT INTO items (name) VALUES (?)", {"late"}).has_value());
  EXPECT_FALSE((*tx)->Commit().ok());
  tx->reset();
  EXPECT_EQ(Count("items"), 1);
}

TEST_P(StorageTest, AFailedStatementAbortsTheTransactionOnEveryBackend) {
  auto tx = db_->Begin(TxMode::kWrite);
  ASSERT_TRUE((*tx)->Exec("INSERT INTO items (name) VALUES (?)", {"a"}).has_value());
  auto dup = (*tx)->Exec("INSERT INTO items (name) VALUES (?)", {"a"});
  ASSERT_FALSE(dup.has_value());
  EXPECT_EQ(dup.error().code(), core::StatusCode::kAlreadyExists);
  // PostgreSQL has aborted the transaction; SQLite behaves the same so tests on it catch this.
  EXPECT_FALSE((*tx)->Exec("INSERT INTO items (name) VALUES (?)", {"b"}).has_value());
  Status commit = (*tx)->Commit();
  EXPECT_FALSE(commit.ok());
  EXPECT_EQ(commit.code(), core::StatusCode::kInternal);
  tx->reset();
  EXPECT_EQ(Count("items"), 0);
  // The connection went back to the pool in a usable state.
  auto again = db_->Begin(TxMode::kWrite);
  ASSERT_TRUE(again.has_value());
  EXPECT_TRUE((*again)->Exec("INSERT INTO items (name) VALUES (?)", {"a"}).has_value());
  EXPECT_TRUE((*again)->Commit().ok());
}

TEST_P(StorageTest, ReadTransactionsRefuseWrites) {
  auto tx = db_->Begin(TxMode::kRead);
  ASSERT_TRUE(tx.has_value());
  EXPECT_FALSE((*tx)->Exec("INSERT INTO items (name) VALUES (?)", {"x"}).has_value());
  tx->reset();
  EXPECT_EQ(Count("items"), 0);
}

TEST_P(StorageTest, ReadTransactionsSeeOneSnapshot) {
  if (IsMemory()) GTEST_SKIP() << "sqlite_memory: one shared connection, no second transaction";
  auto write = [&](const char* name) {
    return InTransaction(*db_, [&](Tx& tx) {
      return tx.Exec("INSERT INTO items (name) VALUES (?)", {name}).status();
    });
  };
  ASSERT_TRUE(write("before").ok());
  auto reader = db_->Begin(TxMode::kRead);
  ASSERT_TRUE(reader.has_value());
  auto first = (*reader)->Query("SELECT count(*) FROM items");
  ASSERT_TRUE(first.has_value());
  ASSERT_TRUE(write("during").ok());  // another connection commits meanwhile
  auto second = (*reader)->Query("SELECT count(*) FROM items");
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ((*first)[0].Int(0), 1);
  EXPECT_EQ((*second)[0].Int(0), 1);
  reader->reset();
  EXPECT_EQ(Count("items"), 2);
}

TEST_P(StorageTest, PortableSqlBehavesTheSame) {
  auto tx = db_->Begin(TxMode::kWrite);
  ASSERT_TRUE((*tx)->Exec("INSERT INTO items (name, qty) VALUES (?, ?)", {"Nike 耐克", 1}).has_value());
  // ON CONFLICT … DO UPDATE (upsert) and DO NOTHING.
  auto upsert = (*tx)->Exec(
      "INSERT INTO items (name, qty) VALUES (?, ?) "
      "ON CONFLICT (name) DO UPDATE SET qty = items.qty + excluded.qty",
      {"Nike 耐克", 5});
  ASSERT_TRUE(upsert.has_value()) << upsert.error().ToString();
  auto nothing = (*tx)->Exec("INSERT INTO items (name, qty) VALUES (?, ?) ON CONFLICT DO NOTHING",
                             {"Nike 耐克", 100});
  ASSERT_TRUE(nothing.has_value()) << nothing.error().ToString();
  EXPECT_EQ(*nothing, 0);
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE((*tx)->Exec("INSERT INTO items (name, qty) VALUES (?, ?)",
                            {"item" + std::to_string(i), i})
                    .has_value());
  }
  auto page = (*tx)->Query("SELECT name FROM items WHERE name LIKE ? ORDER BY qty LIMIT ? OFFSET ?",
                           {"item%", 2, 1});
  ASSERT_TRUE(page.has_value()) << page.error().ToString();
  ASSERT_EQ(page->size(), 2u);
  EXPECT_EQ((*page)[0].Text(0), "item1");
  // Case-insensitive search: lower() on both sides (LIKE itself differs: SQLite ignores ASCII
  // case, PostgreSQL does not).
  auto found = (*tx)->Query("SELECT qty FROM items WHERE lower(name) LIKE lower(?)", {"%NIKE 耐%"});
  ASSERT_TRUE(found.has_value()) << found.error().ToString();
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ((*found)[0].Int(0), 6);
  auto exact = (*tx)->Query("SELECT count(*) FROM items WHERE name LIKE ?", {"NIKE%"});
  ASSERT_TRUE(exact.has_value());
  EXPECT_EQ((*exact)[0].Int(0), IsPostgres() ? 0 : 1);  // the documented difference
  // Integer arithmetic and text functions give the same answers.
  auto calc = (*tx)->Query("SELECT ? * 3, length(?), coalesce(?, 'none'), 7 / 2",
                           {int64_t{3000000000}, "中文", Value()});
  ASSERT_TRUE(calc.has_value()) << calc.error().ToString();
  EXPECT_EQ((*calc)[0].Int(0), 9000000000);
  EXPECT_EQ((*calc)[0].Int(1), 2);  // characters, not bytes
  EXPECT_EQ((*calc)[0].Text(2), "none");
  EXPECT_EQ((*calc)[0].Int(3), 3);
}

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

// Stream hands over every row as the query returns it: text unescaped (COPY's text format on
// PostgreSQL), integers as decimal digits, NULL told apart from "" and from the text \N.
TEST_P(StorageTest, StreamHandsOverEveryRowAsText) {
  const std::string awkward = "tab\there\nnewline \\ backslash \\N \\x41 中文 'quote' \r\b";
  std::vector<std::vector<Value>> rows;
  for (int i = 0; i < 5000; ++i) {
    rows.push_back({Value("n" + std::to_string(i)), Value(int64_t{i - 2500}),
                    i % 7 == 0 ? Value() : i % 11 == 0 ? Value("") : Value(awkward + std::to_string(i))});
  }
  ASSERT_TRUE(InTransaction(*db_, [&](Tx& tx) { return tx.BulkInsert("items", {"name", "qty", "note"}, rows); }).ok());
  auto tx = db_->Begin(TxMode::kRead);
  int seen = 0;
  Status st = (*tx)->Stream("SELECT qty, note, name FROM items ORDER BY qty", [&](const storage::StreamRow& r) {
    EXPECT_EQ(r.size(), 3u);
    const int i = seen++;
    EXPECT_EQ(r.Text(0), std::to_string(i - 2500));
    EXPECT_EQ(r.Text(2), "n" + std::to_string(i));
    if (i % 7 == 0) {
      EXPECT_TRUE(r.IsNull(1)) << i;
    } else {
      EXPECT_FALSE(r.IsNull(1)) << i;
      EXPECT_EQ(r.Text(1), i % 11 == 0 ? std::string() : awkward + std::to_string(i)) << i;
    }
    return Status::Ok();
  });
  ASSERT_TRUE(st.ok()) << st.message();
  EXPECT_EQ(seen, 5000);
  // The transaction goes on after a stream.
  auto count = (*tx)->Query("SELECT count(*) FROM items");
  ASSERT_TRUE(count.has_value());
  EXPECT_EQ((*count)[0].Int(0), 5000);
}

// An error from the callback stops the stream and fails the transaction; a bad query fails it too.
TEST_P(StorageTest, StreamStopsAtTheCallbacksError) {
  std::vector<std::vector<Value>> rows;
  for (int i = 0; i < 100; ++i) rows.push_back({Value("n" + std::to_string(i)), Value(int64_t{i})});
  ASSERT_TRUE(InTransaction(*db_, [&](Tx& tx) { return tx.BulkInsert("items", {"name", "qty"}, rows); }).ok());
  {
    auto tx = db_->Begin(TxMode::kWrite);
    int calls = 0;
    Status st = (*tx)->Stream("SELECT qty FROM items", [&](const storage::StreamRow&) {
      return ++calls == 3 ? core::InvalidArgument("enough") : Status::Ok();
    });
    EXPECT_EQ(st.code(), core::StatusCode::kInvalidArgument);
    EXPECT_EQ(calls, 3);
    EXPECT_FALSE((*tx)->Exec("INSERT INTO items (name, qty) VALUES ('after', 1)").has_value());
    EXPECT_FALSE((*tx)->Commit().ok());
  }
  {
    auto tx = db_->Begin(TxMode::kRead);
    Status st = (*tx)->Stream("SELECT no_such_column FROM items", [](const storage::StreamRow&) { return Status::Ok(); });
    EXPECT_FALSE(st.ok());
  }
  EXPECT_EQ(Count("items"), 100);
}

TEST_P(StorageTest, BulkInsertRejectsRaggedRowsAndWritesNothing) {
  auto tx = db_->Begin(TxMode::kWrite);
  Status st = (*tx)->BulkInsert("items", {"name", "qty"}, {{"a", 1}, {"b"}});
  EXPECT_FALSE(st.ok());
  tx->reset();
  EXPECT_EQ(Count("items"), 0);
}

TEST_P(StorageTest, BulkInsertUniqueViolationIsAlreadyExists) {
  auto tx = db_->Begin(TxMode::kWrite);
  Status st = (*tx)->BulkInsert("items", {"name", "qty"}, {{"same", 1}, {"same", 2}});
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.code(), core::StatusCode::kAlreadyExists);
}

TEST_P(StorageTest, ConcurrentReadModifyWriteLosesNoUpdate) {
  if (IsMemory()) GTEST_SKIP() << "sqlite_memory: one shared connection, nothing concurrent";
  ASSERT_TRUE(InTransaction(*db_, [](Tx& tx) {
                return tx.Exec("INSERT INTO items (name, qty) VALUES ('counter', 0)").status();
              }).ok());
  constexpr int kThreads = 4, kEach = 25;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kEach; ++i) {
        // Read, then write what was read plus one: a lost update would show in the total.
        Status st = InTransaction(*db_, [&](Tx& tx) -> Status {
          // kWrite is READ COMMITTED on PostgreSQL: lock the row read (SQLite's writer is
          // alone already, and it has no FOR UPDATE).
          IPE_ASSIGN_OR_RETURN(auto rows,
                               tx.Query(std::string("SELECT qty FROM items WHERE name = 'counter'") +
                                        ForUpdate(tx.dialect())));
          return tx.Exec("UPDATE items SET qty = ? WHERE name = 'counter'", {rows[0].Int(0) + 1})
              .status();
        });
        if (!st.ok()) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  auto tx = db_->Begin(TxMode::kRead);
  auto rows = (*tx)->Query("SELECT qty FROM items WHERE name = 'counter'");
  ASSERT_TRUE(rows.has_value());
  EXPECT_EQ((*rows)[0].Int(0), kThreads * kEach);
}

TEST_P(StorageTest, ConcurrentWritersLoseNothing) {
  if (IsMemory()) GTEST_SKIP() << "sqlite_memory: one shared connection, nothing concurrent";
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
  EXPECT_EQ(r->applied.size(), AllMigrations().size());
  EXPECT_EQ(Count("audit_head"), 1);
  auto again = Migrate(*db_, AllMigrations(), core::Timestamp{2});
  ASSERT_TRUE(again.has_value()) << again.error().ToString();
  EXPECT_TRUE(again->applied.empty());
  EXPECT_EQ(Count("schema_migrations"), static_cast<int64_t>(AllMigrations().size()));
}

// Planner statistics are refreshed at server start: on a PostgreSQL server shared by many schemas
// (this suite's, other suites') it must touch this schema's tables only — a bare ANALYZE locks
// every table of the database and runs out of lock slots.
TEST_P(StorageTest, StatisticsAreUpdatedForThisSchemaAndWriteNothing) {
  ASSERT_TRUE(Migrate(*db_, AllMigrations(), core::Timestamp{1}).has_value());
  int64_t migrations = Count("schema_migrations");
  auto st = db_->UpdateStatistics();
  EXPECT_TRUE(st.ok()) << st.ToString();
  EXPECT_TRUE(db_->UpdateStatistics().ok());
  EXPECT_EQ(Count("schema_migrations"), migrations);
}

TEST_P(StorageTest, DuplicateMigrationVersionsAreRefused) {
  std::vector<Migration> ms = {{5, "a", "CREATE TABLE m_a (id {{ID}})", "", ""},
                               {5, "b", "CREATE TABLE m_b (id {{ID}})", "", ""}};
  auto r = Migrate(*db_, ms, core::Timestamp{1});
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code(), core::StatusCode::kInternal);
}

TEST_P(StorageTest, DialectOverridesWinOverPortableSql) {
  std::vector<Migration> ms = {{1, "override", "CREATE TABLE m_portable (id {{ID}})",
                                "CREATE TABLE m_sqlite (id {{ID}})",
                                "CREATE TABLE m_postgres (id {{ID}})"}};
  auto r = Migrate(*db_, ms, core::Timestamp{1});
  ASSERT_TRUE(r.has_value()) << r.error().ToString();
  EXPECT_EQ(Count(IsPostgres() ? "m_postgres" : "m_sqlite"), 0);
}

TEST_P(StorageTest, ConcurrentMigratorsApplyEachMigrationOnce) {
  if (IsMemory()) GTEST_SKIP() << "sqlite_memory: one shared connection, nothing concurrent";
  std::vector<Migration> ms;
  for (int v = 1; v <= 5; ++v) {
    ms.push_back({v, "t" + std::to_string(v),
                  "CREATE TABLE m_t" + std::to_string(v) + " (id {{ID}})", "", ""});
  }
  // Two "servers" starting together, each with its own pool.
  auto other = OpenDatabase(url_);
  ASSERT_TRUE(other.has_value());
  Result<MigrateReport> a = core::Internal("not run"), b = core::Internal("not run");
  std::thread ta([&] { a = Migrate(*db_, ms, core::Timestamp{1}); });
  std::thread tb([&] { b = Migrate(**other, ms, core::Timestamp{1}); });
  ta.join();
  tb.join();
  ASSERT_TRUE(a.has_value()) << a.error().ToString();
  ASSERT_TRUE(b.has_value()) << b.error().ToString();
  EXPECT_EQ(a->applied.size() + b->applied.size(), 5u);
  EXPECT_EQ(Count("schema_migrations"), 5);
}

TEST_P(StorageTest, LostConnectionsAreDroppedFromThePool) {
  if (!IsPostgres()) GTEST_SKIP() << GetParam() << ": no server connection to lose";
  DatabaseOptions options;
  options.pool_size = 1;
  auto db = OpenDatabase(url_, options);
  ASSERT_TRUE(db.has_value());
  int64_t pid = 0;
  {
    auto tx = (*db)->Begin(TxMode::kRead);
    ASSERT_TRUE(tx.has_value());
    auto rows = (*tx)->Query("SELECT pg_backend_pid()");
    ASSERT_TRUE(rows.has_value());
    pid = (*rows)[0].Int(0);
  }
  ASSERT_TRUE(InTransaction(*admin_, [&](Tx& tx) {
                return tx.Query("SELECT pg_terminate_backend(?::int)", {pid}).status();
              }).ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // let the backend exit
  // The pooled connection is dead; Begin notices, drops it and opens a fresh one.
  auto tx = (*db)->Begin(TxMode::kRead);
  ASSERT_TRUE(tx.has_value()) << tx.error().ToString();
  auto rows = (*tx)->Query("SELECT pg_backend_pid()");
  ASSERT_TRUE(rows.has_value()) << rows.error().ToString();
  EXPECT_NE((*rows)[0].Int(0), pid);
  tx->reset();
  EXPECT_TRUE((*db)->Ping().ok());
}

// Transactions waiting for a pooled connection get it in the order they asked, and one that has
// just given its connection back queues behind them instead of taking it again (under 64 viewers
// on 8 connections, a few had waited hundreds of milliseconds while the same threads kept the
// connections). One that waits past the busy timeout gives up and leaves the queue.
TEST_P(StorageTest, PooledConnectionsGoToTheLongestWaiting) {
  if (!IsPostgres()) GTEST_SKIP() << GetParam() << ": SQLite has no connection pool";
  DatabaseOptions options;
  options.pool_size = 1;
  auto db = OpenDatabase(url_, options);
  ASSERT_TRUE(db.has_value());
  std::mutex mu;
  std::vector<std::string> order;
  auto take = [&](const std::string& who) {
    auto tx = (*db)->Begin(TxMode::kRead);
    ASSERT_TRUE(tx.has_value()) << who << ": " << tx.error().ToString();
    {
      std::lock_guard lock(mu);
      order.push_back(who);
    }
    ASSERT_TRUE((*tx)->Query("SELECT 1").has_value());
  };
  auto held = (*db)->Begin(TxMode::kRead);
  ASSERT_TRUE(held.has_value());
  std::thread first([&] { take("first"); });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // first is waiting
  std::thread second([&] { take("second"); });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // second waits behind it
  held->reset();     // gives the connection back …
  take("returner");  // … and asks again at once: behind the two
  first.join();
  second.join();
  EXPECT_EQ(order, (std::vector<std::string>{"first", "second", "returner"}));

  // Past the busy timeout a waiter gets Unavailable and leaves the queue; the next one is served.
  DatabaseOptions brief = options;
  brief.busy_timeout_ms = 100;
  auto small = OpenDatabase(url_, brief);
  ASSERT_TRUE(small.has_value());
  auto holder = (*small)->Begin(TxMode::kRead);
  ASSERT_TRUE(holder.has_value());
  auto late = (*small)->Begin(TxMode::kRead);
  ASSERT_FALSE(late.has_value());
  EXPECT_EQ(late.error().code(), core::StatusCode::kUnavailable);
  holder->reset();
  auto next = (*small)->Begin(TxMode::kRead);
  ASSERT_TRUE(next.has_value()) << next.error().ToString();
  EXPECT_TRUE((*next)->Query("SELECT 1").has_value());
}

// A connection runs a statement it has seen before without parsing it again (PostgreSQL prepares
// it once per connection). Reuse must not change answers: across commits and rollbacks, with a
// parameter that is NULL one time and a value the next, after the table changes shape, and past
// the number of statements a connection keeps prepared.
TEST_P(StorageTest, StatementsRunAgainGiveFreshAnswers) {
  DatabaseOptions options;
  options.pool_size = 1;  // every transaction on the same connection
  std::unique_ptr<Database> own;
  if (!IsMemory()) {  // (an in-memory database opened again would be another, empty one)
    auto opened = OpenDatabase(url_, options);
    ASSERT_TRUE(opened.has_value());
    own = std::move(*opened);
  }
  Database& db = own ? *own : *db_;
  const std::string insert = "INSERT INTO items (name, qty, note) VALUES (?, ?, ?)";
  const std::string by_qty =
      "SELECT name FROM items WHERE COALESCE(qty, -1) = COALESCE(?, -1) ORDER BY name";
  auto names = [&](const Value& qty) {
    std::vector<std::string> out;
    auto tx = db.Begin(TxMode::kRead);
    EXPECT_TRUE(tx.has_value());
    auto rows = (*tx)->Query(by_qty, {qty});
    EXPECT_TRUE(rows.has_value()) << rows.error().ToString();
    for (const Row& r : *rows) out.push_back(r.Text(0));
    return out;
  };
  Status first = InTransaction(db, [&](Tx& tx) { return tx.Exec(insert, {"a", 1, nullptr}).status(); });
  ASSERT_TRUE(first.ok()) << first.ToString();
  {  // prepared inside a transaction that rolls back: the statement still works afterwards
    auto tx = db.Begin(TxMode::kWrite);
    ASSERT_TRUE((*tx)->Exec(insert, {"rolled back", 1, "x"}).has_value());
  }
  ASSERT_TRUE(InTransaction(db, [&](Tx& tx) {
                return tx.Exec(insert, {"b", nullptr, "y"}).status();
              }).ok());
  EXPECT_EQ(names(1), (std::vector<std::string>{"a"}));
  EXPECT_EQ(names(Value()), (std::vector<std::string>{"b"}));
  EXPECT_EQ(names(1), (std::vector<std::string>{"a"}));
  // A text parameter where an integer was before is another statement, not a failed cast.
  ASSERT_TRUE(InTransaction(db, [&](Tx& tx) {
                return tx.Exec(insert, {"c", 1, 5}).status();
              }).ok());
  EXPECT_EQ(names(1), (std::vector<std::string>{"a", "c"}));
  // The table changes shape: statements prepared before keep working.
  ASSERT_TRUE(InTransaction(db, [&](Tx& tx) {
                return tx.ExecScript("ALTER TABLE items ADD COLUMN extra TEXT");
              }).ok());
  EXPECT_EQ(names(1), (std::vector<std::string>{"a", "c"}));
  // A bad statement fails its transaction only; it is not kept as if it had been prepared.
  for (int i = 0; i < 2; ++i) {
    auto tx = db.Begin(TxMode::kRead);
    auto bad = (*tx)->Query("SELECT no_such_column FROM items WHERE qty = ?", {1});
    ASSERT_FALSE(bad.has_value());
    EXPECT_EQ(bad.error().code(), core::StatusCode::kInternal);
  }
  EXPECT_EQ(names(1), (std::vector<std::string>{"a", "c"}));
  // Many distinct statements (SQL built with a varying number of placeholders): all answer.
  for (int n = 1; n <= 600; ++n) {
    auto tx = db.Begin(TxMode::kRead);
    std::string sql = "SELECT count(*) FROM items WHERE qty IN (?";
    Params params{1};
    for (int k = 1; k < n; ++k) {
      sql += ", ?";
      params.push_back(1000 + k);
    }
    sql += ")";
    auto rows = (*tx)->Query(sql, params);
    ASSERT_TRUE(rows.has_value()) << n << ": " << rows.error().ToString();
    EXPECT_EQ((*rows)[0].Int(0), 2) << n;
  }
  if (IsPostgres()) {  // and the server really kept the statements it was asked to keep
    auto tx = db.Begin(TxMode::kRead);
    auto rows = (*tx)->Query("SELECT count(*) FROM pg_prepared_statements WHERE statement = ?",
                              {"SELECT name FROM items WHERE COALESCE(qty, -1) = COALESCE($1, -1) "
                              "ORDER BY name"});
    ASSERT_TRUE(rows.has_value()) << rows.error().ToString();
    EXPECT_GE((*rows)[0].Int(0), 1);
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, StorageTest,
                         ::testing::Values("sqlite_memory", "sqlite_file", "postgres"),
                         [](const auto& info) { return info.param; });

TEST(OpenDatabase, RejectsUnknownSchemes) {
  for (const char* url : {"mysql://x", "sqlite://", "", "sqlite:/x.db", "postgresql:/x"}) {
    auto r = OpenDatabase(url);
    ASSERT_FALSE(r.has_value()) << url;
    EXPECT_EQ(r.error().code(), core::StatusCode::kInvalidArgument) << url;
  }
}

TEST(OpenDatabase, SqliteUrlsAndDisplay) {
  auto mem = OpenDatabase("sqlite::memory:");
  ASSERT_TRUE(mem.has_value());
  EXPECT_EQ((*mem)->dialect(), Dialect::kSqlite);
  EXPECT_EQ((*mem)->display_url(), "sqlite::memory:");
  EXPECT_TRUE((*mem)->Ping().ok());

  auto dir = std::filesystem::temp_directory_path() / RandomName("ipe-url-");
  std::string abs = "sqlite://" + (dir / "a" / "b.db").string();  // sqlite:///tmp/…
  auto file = OpenDatabase(abs);
  ASSERT_TRUE(file.has_value()) << file.error().ToString();
  EXPECT_EQ((*file)->display_url(), abs);
  EXPECT_TRUE(std::filesystem::exists(dir / "a" / "b.db"));
  file->reset();

  auto cwd = std::filesystem::current_path();
  std::filesystem::current_path(dir);
  auto rel = OpenDatabase("sqlite://rel/c.db");
  std::filesystem::current_path(cwd);
  ASSERT_TRUE(rel.has_value()) << rel.error().ToString();
  EXPECT_TRUE(std::filesystem::exists(dir / "rel" / "c.db"));
  rel->reset();
  std::filesystem::remove_all(dir);
}

TEST(OpenDatabase, UnwritableSqlitePathIsUnavailable) {
  auto r = OpenDatabase("sqlite:///proc/ipe-cannot/x.db");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code(), core::StatusCode::kUnavailable);
}

TEST(HidePassword, RemovesPasswordsFromUris) {
  EXPECT_EQ(HidePassword("postgresql://ipe:s3cr%40t@db:5432/ipe"), "postgresql://ipe:***@db:5432/ipe");
  EXPECT_EQ(HidePassword("postgres://ipe@db/ipe?password=x&sslmode=require"),
            "postgres://ipe@db/ipe?password=***&sslmode=require");
  EXPECT_EQ(HidePassword("postgresql://db/ipe?sslmode=require&password=x"),
            "postgresql://db/ipe?sslmode=require&password=***");
  EXPECT_EQ(HidePassword("postgresql://postgres@127.0.0.1:55432/ipe_test"),
            "postgresql://postgres@127.0.0.1:55432/ipe_test");
}

TEST(ExpandPortableSql, IdColumnPerDialect) {
  EXPECT_EQ(ExpandPortableSql("CREATE TABLE t (id {{ID}}, x TEXT)", Dialect::kSqlite),
            "CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, x TEXT)");
  EXPECT_EQ(ExpandPortableSql("CREATE TABLE t (id {{ID}})", Dialect::kPostgres),
            "CREATE TABLE t (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY)");
}

TEST(AllMigrations, SortedUniqueAndRunnableOnBothDialects) {
  const auto& all = AllMigrations();
  ASSERT_FALSE(all.empty());
  for (size_t i = 0; i < all.size(); ++i) {
    if (i > 0) {
      EXPECT_LT(all[i - 1].version, all[i].version);
    }
    EXPECT_FALSE(all[i].name.empty());
    EXPECT_TRUE(!all[i].sql.empty() || (!all[i].sql_sqlite.empty() && !all[i].sql_postgres.empty()))
        << all[i].version;
  }
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
