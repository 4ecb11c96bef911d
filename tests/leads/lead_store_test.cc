// The leads store (src/app/leads/lead_store.cc) on SQLite and PostgreSQL: every list filter the
// UI offers answers what a plain scan of the same leads answers (the oracle is computed here from
// the inputs and the use cases' answers, not from the store), title search finds substrings
// through the term index, counts stop at their cap, and a store written before the volume schema
// keeps its leads, links them again and becomes searchable.
#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <map>
#include <set>

#include "app/accounts/accounts.h"
#include "app/context.h"
#include "app/demo.h"
#include "app/leads/correlation_service.h"
#include "app/leads/lead_store.h"
#include "app/leads/leads.h"
#include "fresh_db.h"
#include "storage/db.h"
#include "storage/migrate.h"

namespace ipe::app {
namespace {

struct Made {
  int64_t id = 0;
  NewLead input;
  std::optional<int64_t> agency_id;
  std::string status = "new";
  std::optional<int64_t> case_id;
};

class LeadStoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    std::string url = ipe::testing::FreshEmptyDatabaseUrl(GetParam(), "ls");  // some tests migrate a store from before
    if (url.empty()) GTEST_SKIP() << "IPE_PG_DSN not set: PostgreSQL run skipped";
    auto db = storage::OpenDatabase(url);
    ASSERT_TRUE(db.has_value()) << db.error().ToString();
    db_ = std::move(*db);
  }
  void TearDown() override {
    if (ctx_) DetachCorrelation(*ctx_);
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

  // 60 leads in five regions (Shanghai city and Pudong, Guangdong province, Shenzhen, Beijing
  // Chaoyang), four sources, three categories ("other" stays unassigned); some screened, some
  // converted into a case number.
  void MakeLeads() {
    const std::vector<std::string> regions = {"310000", "310115", "440000", "440300", "110105"};
    const std::vector<std::string> sources = {"manual", "csv", "api", "complaint"};
    const std::vector<std::string> categories = {"trademark", "copyright", "other"};
    const std::vector<std::string> titles = {"网店销售假冒运动鞋", "仓库存放假冒奶粉",
                                             "盗版教辅图书", "Nike 仿冒鞋 AirMax", "奶粉罐"};
    Principal system = Principal::System();
    for (int i = 0; i < 60; ++i) {
      NewLead in;
      in.source = sources[i % sources.size()];
      in.source_ref = "LS-" + std::to_string(i);
      in.region_code = regions[i % regions.size()];
      in.category = categories[i % categories.size()];
      in.title = titles[i % titles.size()] + " 第" + std::to_string(i) + "号";
      LeadObservable phone;
      phone.type = "phone";
      phone.value = "1391234" + std::to_string(1000 + i);
      in.observables.push_back(phone);
      auto added = AddLead(*ctx_, system, in);
      ASSERT_TRUE(added.has_value()) << added.error().ToString();
      Made m{added->lead.id, in, added->lead.agency_id, "new", std::nullopt};
      if (i % 4 == 1) {
        ASSERT_TRUE(ScreenLead(*ctx_, system, m.id, false, "不予采用").has_value());
        m.status = "dismissed";
      } else if (i % 4 == 2) {
        ASSERT_TRUE(ScreenLead(*ctx_, system, m.id, true, "").has_value());
        m.status = "accepted";
        if (i % 8 == 2) {
          m.case_id = 9000 + i / 8;  // leads.h: case ids are not checked against cases
          ASSERT_TRUE(LinkLeadToCase(*ctx_, system, m.id, *m.case_id).has_value());
          m.status = "converted";
        }
      }
      made_.push_back(std::move(m));
    }
  }

  // The ids ListLeads returns for `f` as `login`, newest first, over every page; only ours.
  std::vector<int64_t> Listed(const std::string& login, LeadFilter f, int64_t page_size = 7) {
    std::set<int64_t> mine;
    for (const Made& m : made_) mine.insert(m.id);
    std::vector<int64_t> ids;
    for (int64_t page = 1;; ++page) {
      auto p = ListLeads(*ctx_, As(login), f, {page, page_size});
      EXPECT_TRUE(p.has_value()) << p.error().ToString();
      if (!p) return ids;
      for (const Lead& l : p->items) {
        if (mine.count(l.id)) ids.push_back(l.id);
      }
      if (static_cast<int64_t>(p->items.size()) < page_size) {
        EXPECT_TRUE(p->total_exact);
        EXPECT_EQ(p->total, (page - 1) * page_size + static_cast<int64_t>(p->items.size()));
        return ids;
      }
    }
  }

  template <typename Pred>
  std::vector<int64_t> Expected(Pred pred) {
    std::vector<int64_t> ids;
    for (const Made& m : made_) {
      if (pred(m)) ids.push_back(m.id);
    }
    std::sort(ids.rbegin(), ids.rend());
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

TEST_P(LeadStoreTest, EveryFilterAnswersWhatAScanAnswers) {
  MigrateAndLoadDemo();
  MakeLeads();
  LeadFilter f;
  for (std::string region : {"310000", "310100", "310115", "440000", "440300", "440305", "110000"}) {
    f = {};
    f.region = region;
    EXPECT_EQ(Listed("office", f),
              Expected([&](const Made& m) { return Within(region, m.input.region_code); }))
        << region;
  }
  for (std::string status : {"new", "accepted", "dismissed", "converted"}) {
    f = {};
    f.status = status;
    EXPECT_EQ(Listed("office", f), Expected([&](const Made& m) { return m.status == status; }))
        << status;
  }
  for (std::string source : {"manual", "csv", "api", "complaint"}) {
    f = {};
    f.source = source;
    f.region = "440000";
    EXPECT_EQ(Listed("office", f), Expected([&](const Made& m) {
                return m.input.source == source && Within("440000", m.input.region_code);
              }))
        << source;
  }
  f = {};
  f.category = "copyright";
  EXPECT_EQ(Listed("office", f),
            Expected([&](const Made& m) { return m.input.category == "copyright"; }));
  f = {};
  f.unassigned = true;
  auto unassigned = Expected([&](const Made& m) { return !m.agency_id; });
  EXPECT_FALSE(unassigned.empty());
  EXPECT_EQ(Listed("office", f), unassigned);
  std::set<int64_t> agencies;
  for (const Made& m : made_) {
    if (m.agency_id) agencies.insert(*m.agency_id);
  }
  EXPECT_GE(agencies.size(), 2u);
  for (int64_t agency : agencies) {
    f = {};
    f.agency_id = agency;
    f.status = "new";
    EXPECT_EQ(Listed("office", f), Expected([&](const Made& m) {
                return m.agency_id == agency && m.status == "new";
              }))
        << agency;
  }
  f = {};
  f.case_id = 9001;
  EXPECT_EQ(Listed("office", f), Expected([&](const Made& m) { return m.case_id == 9001; }));
  EXPECT_EQ(Listed("office", f).size(), 1u);
  // Scope: an officer sees the own agency's leads in the own region, whatever is asked for.
  Principal sz = As("sz_officer");
  f = {};
  f.region = "440000";
  EXPECT_EQ(Listed("sz_officer", f), Expected([&](const Made& m) {
              return m.agency_id == sz.agency_id && Within("440300", m.input.region_code);
            }));
  // The Shanghai prosecutor sees the Shanghai subtree and nothing of Guangdong.
  EXPECT_TRUE(Listed("sh_prosecutor", f).empty());
}

TEST_P(LeadStoreTest, SearchFindsSubstringsOfTheTitle) {
  MigrateAndLoadDemo();
  MakeLeads();
  auto folded_contains = [](std::string hay, std::string needle) {
    for (auto* s : {&hay, &needle}) {
      for (char& c : *s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return hay.find(needle) != std::string::npos;
  };
  for (std::string q : {"奶粉", "奶", "假冒运动鞋", "粉罐", "第1号", "第12", "nike", "AIRMAX",
                        "教辅图书 第"}) {
    LeadFilter f;
    f.q = q;
    EXPECT_EQ(Listed("office", f),
              Expected([&](const Made& m) { return folded_contains(m.input.title, q); }))
        << q;
  }
  LeadFilter f;
  f.q = "ｎｉｋｅ";  // full-width forms fold to ASCII
  EXPECT_EQ(Listed("office", f).size(), 12u);
  f.q = "奶粉 罐";  // the space is not in any title: a substring search, not a bag of words
  EXPECT_TRUE(Listed("office", f).empty());
  f.q = "〖";  // no letters or digits: no index terms, a scan, still exact
  EXPECT_TRUE(Listed("office", f).empty());
}

// A filtered search walks the term index, or — when its rarest term is common — the list's own
// index with the text recheck (on PostgreSQL the narrowest equality's, internal::IndexWalk);
// both answer the same ids and counts.
TEST_P(LeadStoreTest, AFilteredSearchAnswersTheSameWhicheverIndexItWalks) {
  MigrateAndLoadDemo();
  MakeLeads();
  ASSERT_TRUE(db_->UpdateStatistics().ok());
  std::set<int64_t> mine;
  for (const Made& m : made_) mine.insert(m.id);
  auto tx = db_->Begin(storage::TxMode::kRead);
  ASSERT_TRUE(tx.has_value());
  struct Scoped {
    std::string region;
    std::optional<int64_t> agency;
    std::optional<std::string> status, category;
  };
  std::optional<int64_t> sz_agency;  // the agency of a Shenzhen lead
  for (const Made& m : made_) {
    if (m.input.region_code == "440300" && m.agency_id) sz_agency = m.agency_id;
  }
  ASSERT_TRUE(sz_agency.has_value());
  for (const Scoped& sc : std::vector<Scoped>{{"440000", std::nullopt, std::nullopt, std::nullopt},
                                              {"440000", sz_agency, std::nullopt, std::nullopt},
                                              {"000000", std::nullopt, "new", "trademark"},
                                              {"310000", std::nullopt, std::nullopt, "copyright"}}) {
    for (std::string q : {"奶粉", "假冒", "第1", "nike"}) {
      LeadQuery by_terms, by_walk;
      by_terms.scope_region = by_walk.scope_region = sc.region;
      by_terms.scope_agency = by_walk.scope_agency = sc.agency;
      by_terms.filter.status = by_walk.filter.status = sc.status;
      by_terms.filter.category = by_walk.filter.category = sc.category;
      by_terms.filter.q = by_walk.filter.q = q;
      by_terms.term_walk_limit = std::numeric_limits<int64_t>::max();  // always the term index
      by_walk.term_walk_limit = -1;                                     // never
      for (int64_t page = 1; page <= 3; ++page) {
        auto a = LeadStore(**tx).List(by_terms, {page, 4});
        auto b = LeadStore(**tx).List(by_walk, {page, 4});
        ASSERT_TRUE(a.has_value()) << a.error().ToString();
        ASSERT_TRUE(b.has_value()) << b.error().ToString();
        std::vector<int64_t> ia, ib;
        for (const Lead& l : a->items) ia.push_back(l.id);
        for (const Lead& l : b->items) ib.push_back(l.id);
        EXPECT_EQ(ia, ib) << sc.region << " " << q << " page " << page;
        EXPECT_EQ(a->total, b->total) << sc.region << " " << q;
        EXPECT_TRUE(std::is_sorted(ib.rbegin(), ib.rend()));  // newest first
      }
    }
  }
  // And the walk answers what a scan of our leads answers.
  LeadQuery walk;
  walk.scope_region = "440000";
  walk.filter.q = "奶粉";
  walk.term_walk_limit = -1;
  auto all = LeadStore(**tx).List(walk, {1, 100});
  ASSERT_TRUE(all.has_value());
  std::vector<int64_t> got;
  for (const Lead& l : all->items) {
    if (mine.count(l.id)) got.push_back(l.id);
  }
  EXPECT_EQ(got, Expected([&](const Made& m) {
              return Within("440000", m.input.region_code) &&
                     m.input.title.find("奶粉") != std::string::npos;
            }));
}

TEST_P(LeadStoreTest, CountsStopAtTheCapButReachTheAskedPage) {
  MigrateAndLoadDemo();
  MakeLeads();
  auto tx = db_->Begin(storage::TxMode::kRead);
  ASSERT_TRUE(tx.has_value());
  LeadStore store(**tx);
  LeadQuery q;
  q.count_cap = 10;
  auto first = store.List(q, {1, 5});
  ASSERT_TRUE(first.has_value()) << first.error().ToString();
  EXPECT_EQ(first->total, 10);
  EXPECT_FALSE(first->total_exact);
  auto deep = store.List(q, {4, 5});
  ASSERT_TRUE(deep.has_value());
  EXPECT_EQ(deep->items.size(), 5u);
  EXPECT_EQ(deep->total, 21);
  EXPECT_FALSE(deep->total_exact);
  q.count_cap = 1000;
  auto exact = store.List(q, {1, 5});
  ASSERT_TRUE(exact.has_value());
  EXPECT_TRUE(exact->total_exact);
  EXPECT_GE(exact->total, 60);
}

// A store written before the volume schema (no province/prefecture columns, no search index):
// migrating keeps every lead and alert, the start-up rebuild makes old leads searchable, and the
// correlation index links them as before.
TEST_P(LeadStoreTest, AStoreFromBeforeKeepsItsLeadsAndBecomesSearchable) {
  std::vector<storage::Migration> before, all = storage::AllMigrations();
  for (const auto& m : all) {
    if (m.version < 420) before.push_back(m);
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
    for (const char* region : {"310115", "440300"}) {
      ASSERT_TRUE(t.Exec(std::string("INSERT INTO leads (source, source_ref, agency_id, "
                                     "region_code, category, title, description, status, "
                                     "status_reason, created_at, updated_at) SELECT 'api', "
                                     "'old-") + region + "', id, '" + region +
                         "', 'trademark', '旧线索 假冒Nike奶粉 " + region +
                         "', '', 'new', '', 0, 0 FROM agencies WHERE name = '旧机构'")
                      .has_value());
      ASSERT_TRUE(t.Exec(std::string("INSERT INTO lead_observables (lead_id, type, value, "
                                     "verdict, key_type, key_value, note) SELECT id, 'phone', "
                                     "'13912345678', 'key', 'phone', '+8613912345678', '' FROM "
                                     "leads WHERE source_ref = 'old-") + region + "'")
                      .has_value());
    }
    ASSERT_TRUE(t.Exec("INSERT INTO lead_alerts (kind, lead_id, region_code, regions, agency_ids, "
                       "cluster_size, created_at) SELECT 'cross_region_cluster', max(id), "
                       "'000000', '310115|440300', '', 2, 0 FROM leads")
                    .has_value());
    ASSERT_TRUE(t.Commit().ok());
  }
  ASSERT_TRUE(storage::Migrate(*db_, all, clock_.Now()).has_value());
  ASSERT_TRUE(LeadStore::RebuildSearchIfStale(*db_).ok());
  ASSERT_TRUE(LeadStore::RebuildSearchIfStale(*db_).ok());  // the second start finds it current
  ctx_ = std::make_unique<Context>(*db_, clock_);
  auto tx = db_->Begin(storage::TxMode::kRead);
  ASSERT_TRUE(tx.has_value());
  LeadStore store(**tx);
  LeadQuery q;
  q.filter.q = "nike奶粉";
  auto page = store.List(q, {1, 20});
  ASSERT_TRUE(page.has_value()) << page.error().ToString();
  EXPECT_EQ(page->items.size(), 2u);
  q.filter.region = "310100";  // the prefecture column was filled from the region code
  page = store.List(q, {1, 20});
  ASSERT_TRUE(page.has_value());
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0].region_code, "310115");
  EXPECT_EQ(page->items[0].agency_name, "旧机构");
  auto alerts = store.ListAlerts("000000", std::nullopt, {1, 20});
  ASSERT_TRUE(alerts.has_value());
  EXPECT_EQ(alerts->items.size(), 1u);
  tx->reset();
  auto links = GetLeadLinks(*ctx_, Principal::System(), page->items[0].id);
  ASSERT_TRUE(links.has_value()) << links.error().ToString();
  EXPECT_EQ(links->linked.size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Backends, LeadStoreTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace ipe::app
