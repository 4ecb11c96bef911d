#pragma once
// A statistics test on the demo data, on SQLite or PostgreSQL (the parameter), with a fake clock:
// migrated, the rollups' triggers installed, the cooperation groups seeded, the demo loaded. Shared
// by the cooperation and publication suites.

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "app/accounts/accounts.h"
#include "app/cases/cases.h"
#include "app/context.h"
#include "app/demo.h"
#include "app/statistics/cooperation_store.h"
#include "app/statistics/statistics_store.h"
#include "fresh_db.h"
#include "storage/db.h"
#include "storage/migrate.h"

namespace ipe::app {

class StatisticsDemoTest : public ::testing::TestWithParam<std::string> {
 protected:
  StatisticsDemoTest(const char* schema_prefix, const char* start)
      : prefix_(schema_prefix), clock_(*core::ParseTimestamp(start)) {}

  void SetUp() override {
    std::string url = ipe::testing::FreshDatabaseUrl(GetParam(), prefix_);
    if (url.empty()) GTEST_SKIP() << "IPE_PG_DSN not set: PostgreSQL run skipped";
    auto db = storage::OpenDatabase(url);
    ASSERT_TRUE(db.has_value()) << db.error().ToString();
    db_ = std::move(*db);
    ASSERT_TRUE(storage::Migrate(*db_, storage::AllMigrations(), clock_.Now()).has_value());
    ASSERT_TRUE(StatisticsStore::InstallIfStale(*db_).ok());
    ASSERT_TRUE(CooperationStore::SeedIfNew(*db_, clock_.Now()).ok());
    ctx_ = std::make_unique<Context>(*db_, clock_);
    auto demo = LoadDemoData(*ctx_);
    ASSERT_TRUE(demo.has_value()) << demo.error().ToString();
  }

  Principal As(const std::string& login) {
    auto p = PrincipalForLogin(*ctx_, login);
    EXPECT_TRUE(p.has_value()) << login;
    return *p;
  }

  /// `n` trademark cases of `login`'s agency registered now, numbered `<login>-<tag>-<i>`.
  void Register(const std::string& login, int n, const std::string& tag, const std::string& act_date) {
    for (int i = 0; i < n; ++i) {
      CaseInput in;
      in.case_number = login + "-" + tag + "-" + std::to_string(i);
      in.title = "销售假冒注册商标商品案";
      in.category = "trademark";
      in.conduct = "sell_counterfeit_goods";
      in.source = "inspection";
      in.act_date_from = *core::ParseDate(act_date);
      auto c = CreateCase(*ctx_, As(login), in);
      ASSERT_TRUE(c.has_value()) << c.error().ToString();
    }
  }

  /// The first column of the first row of `sql` (a count).
  int64_t Count(const std::string& sql) {
    auto tx = db_->Begin(storage::TxMode::kRead);
    auto rows = (*tx)->Query(sql);
    EXPECT_TRUE(rows.has_value());
    return rows.has_value() ? (*rows)[0].Int(0) : -1;
  }

  std::string prefix_;
  core::FakeClock clock_;
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<Context> ctx_;
};

}  // namespace ipe::app
