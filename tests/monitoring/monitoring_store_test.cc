// The monitoring store (src/app/monitoring/monitoring_store.cc) on SQLite and PostgreSQL: the
// review queue answers every filter, in its order, what a plain scan of the same hits answers
// (the oracle is computed here from the inputs), search finds substrings of title, shop and
// listing id through the term index, counts stop at their cap, and a store written before the
// volume schema keeps its hits and becomes searchable.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "app/accounts/accounts.h"
#include "app/context.h"
#include "app/demo.h"
#include "app/monitoring/monitoring.h"
#include "app/monitoring/monitoring_store.h"
#include "fresh_db.h"
#include "storage/db.h"
#include "storage/migrate.h"

namespace ipe::app {
namespace {

struct Made {
  int64_t id = 0;
  HitRow row;
  std::string status = "pending";
};

class MonitoringStoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    std::string url = ipe::testing::FreshEmptyDatabaseUrl(GetParam(), "ms");  // some tests migrate a store from before
    if (url.empty()) GTEST_SKIP() << "IPE_PG_DSN not set: PostgreSQL run skipped";
    auto db = storage::OpenDatabase(url);
    ASSERT_TRUE(db.has_value()) << db.error().ToString();
    db_ = std::move(*db);
  }

  void MigrateAndLoadDemo() {
    ASSERT_TRUE(storage::Migrate(*db_, storage::AllMigrations(), clock_.Now()).has_value());
    ctx_ = std::make_unique<Context>(*db_, clock_);
    auto demo = LoadDemoData(*ctx_);
    ASSERT_TRUE(demo.has_value()) << demo.error().ToString();
  }

  Principal As(const std::string& login) {
    auto p = PrincipalForLogin(*ctx_, login);
    EXPECT_TRUE(p.has_value()) << login;
    return *p;
  }

  // 60 hits of four agencies (Shanghai city, Pudong, Guangdong, Shenzhen) on three platforms,
  // scores and sightings spread so that the order has ties on score; a third reviewed.
  void MakeHits() {
    const std::vector<std::string> officers = {"sh_officer", "pd_officer", "gd_officer",
                                               "sz_officer"};
    const std::vector<std::string> platforms = {"taobao", "jd", "pdd"};
    const std::vector<std::vector<std::string>> brands = {{"nike"}, {"adidas", "nike"}, {"lining"}};
    const std::vector<std::string> titles = {"耐克运动鞋 特价", "阿迪达斯 Boost 跑鞋",
                                             "李宁卫衣 原单", "Nike AirMax 复刻", "运动鞋清仓"};
    std::vector<Principal> who_of;  // before the write transaction: SQLite has one writer
    for (const std::string& login : officers) who_of.push_back(As(login));
    auto tx = db_->Begin(storage::TxMode::kWrite);
    ASSERT_TRUE(tx.has_value());
    MonitoringStore store(**tx);
    std::map<std::string, int64_t> scans;
    for (int i = 0; i < 60; ++i) {
      const Principal& who = who_of[i % who_of.size()];
      if (!scans.count(who.login)) {
        NewScanRow scan{who.agency_id, who.region_code, who.user_id, clock_.Now(), "test", 3, 60,
                        0, 15};
        auto id = store.InsertScan(scan);
        ASSERT_TRUE(id.has_value()) << id.error().ToString();
        scans[who.login] = *id;
      }
      HitRow row;
      row.agency_id = who.agency_id;
      row.region_code = who.region_code;
      row.platform = platforms[i % platforms.size()];
      row.listing_id = "L-" + std::to_string(1000 + i);
      row.shop_id = "shop" + std::to_string(i % 7);
      row.shop_name = i % 2 ? "潮鞋小铺" : "Sports Outlet";
      row.title = titles[i % titles.size()] + " " + std::to_string(i);
      row.price_fen = 9900 + i;
      row.score_pct = 50 + (i * 7) % 50;
      row.brands = brands[i % brands.size()];
      row.scan_id = scans[who.login];
      row.now = core::Timestamp{clock_.Now().seconds + i % 11};
      auto id = store.InsertHit(row);
      ASSERT_TRUE(id.has_value()) << id.error().ToString();
      Made m{*id, row};
      if (i % 3 == 1) {
        m.status = i % 2 ? "confirmed" : "dismissed";
        ASSERT_TRUE(store.Review(m.id, m.status, std::nullopt, std::nullopt, who.user_id,
                                 clock_.Now(), std::nullopt)
                        .ok());
      }
      made_.push_back(std::move(m));
    }
    ASSERT_TRUE((*tx)->Commit().ok());
  }

  // The ids ListHits returns for `f` as `login`, in queue order, over every page; only ours.
  std::vector<int64_t> Listed(const std::string& login, HitFilter f, int64_t page_size = 7) {
    std::set<int64_t> mine;
    for (const Made& m : made_) mine.insert(m.id);
    std::vector<int64_t> ids;
    for (int64_t page = 1;; ++page) {
      auto p = ListHits(*ctx_, As(login), f, {page, page_size});
      EXPECT_TRUE(p.has_value()) << p.error().ToString();
      if (!p) return ids;
      for (const Hit& h : p->items) {
        if (mine.count(h.id)) ids.push_back(h.id);
      }
      if (static_cast<int64_t>(p->items.size()) < page_size) {
        EXPECT_TRUE(p->total_exact);
        EXPECT_EQ(p->total, (page - 1) * page_size + static_cast<int64_t>(p->items.size()));
        return ids;
      }
    }
  }

  // Ours that satisfy `pred`, in the queue's order: score, last seen, id, all descending.
  template <typename Pred>
  std::vector<int64_t> Expected(Pred pred) {
    std::vector<const Made*> hits;
    for (const Made& m : made_) {
      if (pred(m)) hits.push_back(&m);
    }
    std::sort(hits.begin(), hits.end(), [](const Made* a, const Made* b) {
      return std::tuple(a->row.score_pct, a->row.now.seconds, a->id) >
             std::tuple(b->row.score_pct, b->row.now.seconds, b->id);
    });
    std::vector<int64_t> ids;
    for (const Made* m : hits) ids.push_back(m->id);
    return ids;
  }

  static bool Within(const std::string& ancestor, const std::string& code) {
    if (ancestor == "000000") return true;
    if (ancestor.substr(2) == "0000") return code.substr(0, 2) == ancestor.substr(0, 2);
    if (ancestor.substr(4) == "00") return code.substr(0, 4) == ancestor.substr(0, 4);
    return code == ancestor;
  }

  core::FakeClock clock_{*core::ParseTimestamp("2025-01-10T10:00:00+08:00")};
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<Context> ctx_;
  std::vector<Made> made_;
};

TEST_P(MonitoringStoreTest, TheQueueAnswersEveryFilterInItsOrder) {
  MigrateAndLoadDemo();
  MakeHits();
  HitFilter f;
  EXPECT_EQ(Listed("office", f), Expected([](const Made&) { return true; }));
  for (std::string status : {"pending", "confirmed", "dismissed"}) {
    f = {};
    f.status = status;
    EXPECT_EQ(Listed("office", f), Expected([&](const Made& m) { return m.status == status; }))
        << status;
  }
  for (std::string platform : {"taobao", "jd", "pdd"}) {
    f = {};
    f.platform = platform;
    f.status = "pending";
    EXPECT_EQ(Listed("office", f), Expected([&](const Made& m) {
                return m.row.platform == platform && m.status == "pending";
              }))
        << platform;
  }
  for (std::string brand : {"nike", "adidas", "lining", "gucci"}) {
    f = {};
    f.brand = brand;
    EXPECT_EQ(Listed("office", f), Expected([&](const Made& m) {
                const auto& b = m.row.brands;
                return std::find(b.begin(), b.end(), brand) != b.end();
              }))
        << brand;
  }
  f = {};
  f.score_min_pct = 60;
  f.score_max_pct = 80;
  f.status = "pending";
  EXPECT_EQ(Listed("office", f), Expected([&](const Made& m) {
              return m.row.score_pct >= 60 && m.row.score_pct <= 80 && m.status == "pending";
            }));
  // Scope: an officer sees the own agency's hits; a provincial office its subtree.
  Principal pd = As("pd_officer");
  f = {};
  EXPECT_EQ(Listed("pd_officer", f),
            Expected([&](const Made& m) { return m.row.agency_id == pd.agency_id; }));
  f.status = "pending";
  EXPECT_EQ(Listed("sh_prosecutor", f), Expected([&](const Made& m) {
              return Within("310000", m.row.region_code) && m.status == "pending";
            }));
}

TEST_P(MonitoringStoreTest, SearchFindsSubstringsOfTitleShopAndListing) {
  MigrateAndLoadDemo();
  MakeHits();
  auto folded_contains = [](std::string hay, std::string needle) {
    for (auto* s : {&hay, &needle}) {
      for (char& c : *s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return hay.find(needle) != std::string::npos;
  };
  for (std::string q : {"运动鞋", "鞋", "耐克运动", "airmax", "boost 跑鞋", "潮鞋", "sports",
                        "L-1007", "l-10", "1 原单"}) {
    HitFilter f;
    f.q = q;
    EXPECT_EQ(Listed("office", f), Expected([&](const Made& m) {
                return folded_contains(m.row.title, q) || folded_contains(m.row.shop_name, q) ||
                       folded_contains(m.row.listing_id, q);
              }))
        << q;
  }
  HitFilter f;
  f.q = "特价 潮鞋";  // title and shop name are separate fields: no match across them
  EXPECT_TRUE(Listed("office", f).empty());
}

TEST_P(MonitoringStoreTest, CountsStopAtTheCap) {
  MigrateAndLoadDemo();
  MakeHits();
  auto summary = GetMonitoringSummary(*ctx_, As("office"));
  ASSERT_TRUE(summary.has_value()) << summary.error().ToString();
  EXPECT_TRUE(summary->counts_exact);
  auto count = [&](const std::string& s) {
    return static_cast<int64_t>(
        std::count_if(made_.begin(), made_.end(), [&](const Made& m) { return m.status == s; }));
  };
  EXPECT_GE(summary->pending, count("pending"));
  EXPECT_EQ(summary->confirmed, count("confirmed"));
  EXPECT_EQ(summary->dismissed, count("dismissed"));
  auto tx = db_->Begin(storage::TxMode::kRead);
  ASSERT_TRUE(tx.has_value());
  MonitoringStore store(**tx);
  auto capped = store.CountHits(HitScope{}, 5);
  ASSERT_TRUE(capped.has_value());
  EXPECT_EQ(capped->pending, 5);
  EXPECT_FALSE(capped->exact);
  HitQuery q;
  q.count_cap = 10;
  auto deep = store.ListHits(q, {4, 5});
  ASSERT_TRUE(deep.has_value()) << deep.error().ToString();
  EXPECT_EQ(deep->items.size(), 5u);
  EXPECT_EQ(deep->total, 21);
  EXPECT_FALSE(deep->total_exact);
}

// A store written before the volume schema: migrating keeps the hit, fills its region columns,
// and the start-up rebuild makes it searchable.
TEST_P(MonitoringStoreTest, AStoreFromBeforeKeepsItsHitsAndBecomesSearchable) {
  std::vector<storage::Migration> before, all = storage::AllMigrations();
  for (const auto& m : all) {
    if (m.version < 310) before.push_back(m);
  }
  ASSERT_TRUE(storage::Migrate(*db_, before, clock_.Now()).has_value());
  {
    auto tx = db_->Begin(storage::TxMode::kWrite);
    ASSERT_TRUE(tx.has_value());
    auto& t = **tx;
    ASSERT_TRUE(t.Exec("INSERT INTO agencies (name, short_name, kind, level, region_code, aliases, "
                       "active, created_at) VALUES ('旧机构', '', 'market_regulation', 'county', "
                       "'310115', '', 1, 0)")
                    .has_value());
    ASSERT_TRUE(t.Exec("INSERT INTO monitoring_scans (agency_id, region_code, created_at, source, "
                       "brands, listings, malformed, suspected, new_hits) SELECT id, '310115', 0, "
                       "'old', 1, 1, 0, 1, 1 FROM agencies WHERE name = '旧机构'")
                    .has_value());
    ASSERT_TRUE(t.Exec("INSERT INTO monitoring_hits (agency_id, region_code, platform, listing_id, "
                       "shop_id, shop_name, title, score_pct, brands, signals, status, "
                       "first_scan_id, last_scan_id, first_seen_at, last_seen_at) SELECT "
                       "s.agency_id, '310115', 'taobao', 'OLD-1', 's1', '老店', '旧款 Nike 球鞋', "
                       "88, '[\"nike\"]', '[]', 'pending', s.id, s.id, 0, 0 FROM "
                       "monitoring_scans s")
                    .has_value());
    ASSERT_TRUE(t.Exec("INSERT INTO monitoring_hit_brands (hit_id, brand_code) SELECT id, 'nike' "
                       "FROM monitoring_hits")
                    .has_value());
    ASSERT_TRUE(t.Commit().ok());
  }
  ASSERT_TRUE(storage::Migrate(*db_, all, clock_.Now()).has_value());
  ASSERT_TRUE(MonitoringStore::RebuildSearchIfStale(*db_).ok());
  ASSERT_TRUE(MonitoringStore::RebuildSearchIfStale(*db_).ok());
  auto tx = db_->Begin(storage::TxMode::kRead);
  ASSERT_TRUE(tx.has_value());
  MonitoringStore store(**tx);
  for (std::string q : {"球鞋", "nike", "老店", "old-1"}) {
    HitQuery query;
    query.scope.region = "310000";
    query.filter.q = q;
    query.filter.brand = "nike";
    auto page = store.ListHits(query, {1, 20});
    ASSERT_TRUE(page.has_value()) << page.error().ToString();
    ASSERT_EQ(page->items.size(), 1u) << q;
    EXPECT_EQ(page->items[0].listing_id, "OLD-1");
    EXPECT_EQ(page->items[0].agency_name, "旧机构");
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, MonitoringStoreTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace ipe::app
