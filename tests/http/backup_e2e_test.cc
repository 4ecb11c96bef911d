// `ipenforce backup` → wipe → `ipenforce restore` → `audit verify`, on SQLite and PostgreSQL
// (issue 19): the store written by a running server comes back whole — the same rows in the audit
// log, leads and complaint attachments — with its audit chain intact; a copy whose audit log was
// edited is restored but reported broken.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "storage/db.h"
#include "test_server.h"

namespace ipe::testing {
namespace {

class BackupTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    url_ = FreshDatabaseUrl(GetParam());
    if (url_.empty()) GTEST_SKIP() << "IPE_PG_DSN not set: PostgreSQL run skipped";
    {
      ServerProcess server(IPE_BINARY, url_);  // migrates, loads the demo data
      ApiSession admin = LogIn(server.port(), "admin", "Admin@12345");  // one more audit record
      ASSERT_EQ(admin.status, 200) << admin.body;
    }
    copy_ = "/tmp/ipe-backup-" + std::to_string(::getpid()) + "-" + GetParam() + ".bak";
  }
  void TearDown() override { std::filesystem::remove(copy_); }

  // The store's identity (store_identity), which a restore renews.
  std::string Identity() {
    auto db = storage::OpenDatabase(url_);
    EXPECT_TRUE(db.has_value());
    if (!db) return "";
    auto tx = (*db)->Begin(storage::TxMode::kRead);
    auto rows = (*tx)->Query("SELECT store_id FROM store_identity");
    EXPECT_TRUE(rows.has_value() && rows->size() == 1u);
    return rows && rows->size() == 1u ? (*rows)[0].Text(0) : "";
  }
  // The newest audit record's action and summary.
  std::string LastAudit() {
    auto db = storage::OpenDatabase(url_);
    if (!db) return "";
    auto tx = (*db)->Begin(storage::TxMode::kRead);
    auto rows = (*tx)->Query("SELECT action, summary FROM audit_log ORDER BY seq DESC LIMIT 1");
    return rows && !rows->empty() ? (*rows)[0].Text(0) + " " + (*rows)[0].Text(1) : "";
  }
  // Rows in the tables a restore must bring back.
  std::string Counts(bool audit = true) {
    auto db = storage::OpenDatabase(url_);
    EXPECT_TRUE(db.has_value());
    if (!db) return "";
    auto tx = (*db)->Begin(storage::TxMode::kRead);
    std::string out;
    for (const char* table : {"audit_log", "users", "leads", "cases", "complaint_attachments"}) {
      if (!audit && std::string(table) == "audit_log") continue;
      auto rows = (*tx)->Query(std::string("SELECT COUNT(*) FROM ") + table);
      EXPECT_TRUE(rows.has_value()) << table;
      out += std::string(table) + "=" + (rows ? (*rows)[0].Text(0) : "?") + " ";
    }
    return out;
  }
  int Run(const std::string& args, std::string* out) {
    return RunCommand(std::string(IPE_BINARY) + " " + args, out);
  }
  void Wipe() {
    if (GetParam() == "sqlite") {
      std::string path = url_.substr(std::string("sqlite://").size());
      for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
      return;
    }
    std::string schema = url_.substr(url_.find("search_path%3D") + 14);
    auto db = storage::OpenDatabase(std::getenv("IPE_PG_DSN"));
    ASSERT_TRUE(db.has_value());
    ASSERT_TRUE(storage::InTransaction(**db, [&](storage::Tx& tx) {
                  return tx.Exec("DROP SCHEMA " + schema + " CASCADE").status();
                }).ok());
  }

  std::string url_, copy_;
};

TEST_P(BackupTest, BackupWipeRestoreGivesTheSameStoreWithAnIntactAuditChain) {
  std::string before = Counts(/*audit=*/false);
  std::string identity = Identity();
  ASSERT_EQ(identity.size(), 32u);
  std::string out;
  ASSERT_EQ(Run("backup --db '" + url_ + "' " + copy_, &out), 0) << out;
  int64_t audit_before = 0;
  {
    auto db = storage::OpenDatabase(url_);
    ASSERT_TRUE(db.has_value());
    auto tx = (*db)->Begin(storage::TxMode::kRead);
    audit_before = (*(*tx)->Query("SELECT count(*) FROM audit_log"))[0].Int(0);
  }
  Wipe();
  ASSERT_EQ(Run("restore --db '" + url_ + "' " + copy_, &out), 0) << out;
  EXPECT_NE(out.find("审计链完好"), std::string::npos) << out;
  EXPECT_EQ(Counts(/*audit=*/false), before);
  // The audit log is the copy's plus the restore's own record, and the chain holds it.
  EXPECT_NE(out.find(std::to_string(audit_before + 1) + " 条记录"), std::string::npos) << out;
  EXPECT_EQ(LastAudit().rfind("storage.restore 从备份恢复数据库：" + copy_, 0), 0u) << LastAudit();
  // A new identity: the servers' index snapshots of the store as it was are refused (kOtherStore;
  // IndexSnapshotTest shows that refusal).
  std::string renewed = Identity();
  EXPECT_EQ(renewed.size(), 32u);
  EXPECT_NE(renewed, identity);
  EXPECT_EQ(Run("audit verify --db '" + url_ + "'", &out), 0) << out;
  // A copy of the wrong kind is refused before anything is touched.
  std::string other =
      GetParam() == "sqlite" ? "postgresql://127.0.0.1:1/none" : "sqlite:///tmp/x.db";
  EXPECT_EQ(Run("restore --db '" + other + "' " + copy_, &out), 2) << out;
}

TEST_P(BackupTest, ARestoredCopyWhoseAuditLogWasEditedIsReportedBroken) {
  if (GetParam() != "sqlite") GTEST_SKIP() << "edits the copy file itself (SQLite)";
  std::string out;
  ASSERT_EQ(Run("backup --db '" + url_ + "' " + copy_, &out), 0) << out;
  {
    auto copy = storage::OpenDatabase("sqlite://" + copy_);
    ASSERT_TRUE(copy.has_value());
    ASSERT_TRUE(storage::InTransaction(**copy, [](storage::Tx& tx) {
                  return tx.Exec("UPDATE audit_log SET summary = 'edited' WHERE seq = 2").status();
                }).ok());
  }
  Wipe();
  EXPECT_EQ(Run("restore --db '" + url_ + "' " + copy_, &out), 1) << out;
}

INSTANTIATE_TEST_SUITE_P(Stores, BackupTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace ipe::testing
