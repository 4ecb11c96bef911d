#pragma once
// The fixture of the use-case tests that need cases registered over several years (high-incidence
// regions, 地区督办): a fresh store with the demo data and the statistics triggers, a fake clock,
// principals by demo login, and `Register` to enter cases of a login's agency in a year.

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "app/accounts/accounts.h"
#include "app/cases/cases.h"
#include "app/context.h"
#include "app/demo.h"
#include "app/statistics/statistics_store.h"
#include "fresh_db.h"
#include "storage/db.h"
#include "storage/migrate.h"

namespace ipe::app {

class CasesOverYearsTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    std::string url = ipe::testing::FreshDatabaseUrl(GetParam(), "hi");
    if (url.empty()) GTEST_SKIP() << "IPE_PG_DSN not set: PostgreSQL run skipped";
    auto db = storage::OpenDatabase(url);
    ASSERT_TRUE(db.has_value()) << db.error().ToString();
    db_ = std::move(*db);
    ASSERT_TRUE(storage::Migrate(*db_, storage::AllMigrations(), clock_.Now()).has_value());
    ASSERT_TRUE(StatisticsStore::InstallIfStale(*db_).ok());
    ctx_ = std::make_unique<Context>(*db_, clock_);
    auto demo = LoadDemoData(*ctx_);
    ASSERT_TRUE(demo.has_value()) << demo.error().ToString();
  }

  Principal As(const std::string& login) {
    auto p = PrincipalForLogin(*ctx_, login);
    EXPECT_TRUE(p.has_value()) << login;
    return *p;
  }

  // `n` cases of `login`'s agency registered on 1 June of `year` (the clock is left there).
  void Register(const std::string& login, int year, int n) {
    clock_.Set(*core::ParseTimestamp(std::to_string(year) + "-06-01T10:00:00+08:00"));
    for (int i = 0; i < n; ++i) {
      CaseInput in;
      in.case_number = login + "-" + std::to_string(year) + "-" + std::to_string(i);
      in.title = "销售假冒注册商标商品案";
      in.category = "trademark";
      in.conduct = "sell_counterfeit_goods";
      in.source = "inspection";
      in.act_date_from = *core::ParseDate(std::to_string(year) + "-05-01");
      auto c = CreateCase(*ctx_, As(login), in);
      ASSERT_TRUE(c.has_value()) << c.error().ToString();
    }
  }

  core::FakeClock clock_{*core::ParseTimestamp("2021-03-01T10:00:00+08:00")};
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<Context> ctx_;
};

}  // namespace ipe::app
