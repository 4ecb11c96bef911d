// The cases store (src/app/cases/case_store.cc) on SQLite and PostgreSQL: every list filter the
// UI offers answers what a plain scan of the same cases answers (the oracle is computed here from
// the inputs, not from the store), search finds substrings through the term index, counts stop
// at their cap, the bulk import writes what the single-case path writes, and stores written
// before the volume schema keep their findings and become searchable.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "app/accounts/accounts.h"
#include "app/cases/case_store.h"
#include "app/cases/cases.h"
#include "app/context.h"
#include "app/demo.h"
#include "fresh_db.h"
#include "storage/db.h"
#include "storage/migrate.h"

namespace ipe::app {
namespace {

struct Made {
  int64_t id = 0;
  std::string login;   // who registered it (its agency and region)
  std::string region;
  CaseInput input;
  bool met = false;
};

class CaseStoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    std::string url = ipe::testing::FreshEmptyDatabaseUrl(GetParam(), "cs");  // some tests migrate a store from before
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

  static CaseInput Input(const std::string& number, const std::string& title,
                         const std::string& category, int64_t business_fen,
                         std::vector<std::string> tags) {
    CaseInput in;
    in.case_number = number;
    in.title = title;
    in.category = category;
    in.conduct = "counterfeit_trademark";
    in.source = "inspection";
    in.campaign_tags = std::move(tags);
    in.act_date_from = *core::ParseDate("2024-03-01");
    in.goods = title;
    in.amounts.illegal_business = core::Fen(business_fen);
    return in;
  }

  // 60 cases over four agencies in three regions (Shanghai city, Pudong county, Guangdong
  // province, Shenzhen prefecture), mixed categories, tags, amounts over and under the 50,000
  // yuan threshold, some closed.
  void MakeCases() {
    const std::vector<std::pair<std::string, std::string>> officers = {
        {"sh_officer", "310000"}, {"pd_officer", "310115"}, {"gd_officer", "440000"},
        {"sz_officer", "440300"}};
    const std::vector<std::string> titles = {"婴幼儿奶粉", "运动鞋", "白酒", "奶粉罐", "手提包"};
    for (int i = 0; i < 60; ++i) {
      const auto& [login, region] = officers[i % officers.size()];
      std::vector<std::string> tags;
      if (i % 3 == 0) tags.push_back("铁拳2024");
      if (i % 5 == 0) tags.push_back("昆仑2024");
      int64_t fen = (i % 4 == 1) ? 6000000 : 120000;  // 60,000 yuan: over; 1,200 yuan: under
      CaseInput in = Input("SH-2024-" + std::to_string(1000 + i),
                           "某公司销售假冒" + titles[i % titles.size()] + "案" + std::to_string(i),
                           i % 2 ? "trademark" : "substandard_product", fen, tags);
      auto c = CreateCase(*ctx_, As(login), in);
      ASSERT_TRUE(c.has_value()) << c.error().ToString();
      bool met = false;
      for (const auto& f : c->findings) met |= f.met && f.level == "basic";
      made_.push_back({c->id, login, region, in, met});
      if (i % 7 == 0) {
        CaseClosing closing;
        closing.closing_kind = "dismissed";
        ASSERT_TRUE(CloseCase(*ctx_, As(login), c->id, closing).has_value());
        closed_.insert(c->id);
      }
    }
  }

  // The ids ListCases returns for `f` as `login`, newest first, over every page.
  std::vector<int64_t> Listed(const std::string& login, CaseFilter f, int64_t page_size = 7) {
    std::vector<int64_t> ids;
    for (int64_t page = 1;; ++page) {
      auto p = ListCases(*ctx_, As(login), f, {page, page_size});
      EXPECT_TRUE(p.has_value()) << p.error().ToString();
      if (!p) return ids;
      for (const Case& c : p->items) ids.push_back(c.id);
      if (static_cast<int64_t>(p->items.size()) < page_size) {
        EXPECT_EQ(p->total, static_cast<int64_t>(ids.size()));
        EXPECT_TRUE(p->total_exact);
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

  static bool HasTag(const Made& m, const std::string& tag) {
    const auto& t = m.input.campaign_tags;
    return std::find(t.begin(), t.end(), tag) != t.end();
  }

  core::FakeClock clock_{*core::ParseTimestamp("2025-01-10T10:00:00+08:00")};
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<Context> ctx_;
  std::vector<Made> made_;
  std::set<int64_t> closed_;
};

TEST_P(CaseStoreTest, EveryFilterAnswersWhatAScanAnswers) {
  MigrateAndLoadDemo();
  MakeCases();
  // The demo's own cases are Shanghai's; keep the oracle to ours by numbering.
  auto ours = [&](std::vector<int64_t> ids) {
    std::set<int64_t> mine;
    for (const Made& m : made_) mine.insert(m.id);
    ids.erase(std::remove_if(ids.begin(), ids.end(), [&](int64_t id) { return !mine.count(id); }),
              ids.end());
    return ids;
  };
  CaseFilter f;
  for (std::string region : {"310000", "310100", "310115", "440000", "440300", "440305"}) {
    f = {};
    f.region = region;
    EXPECT_EQ(ours(Listed("office", f)), Expected([&](const Made& m) { return Within(region, m.region); }))
        << region;
  }
  f = {};
  f.status = "closed";
  EXPECT_EQ(ours(Listed("office", f)), Expected([&](const Made& m) { return closed_.count(m.id) > 0; }));
  f = {};
  f.category = "trademark";
  f.region = "440000";
  EXPECT_EQ(ours(Listed("office", f)), Expected([&](const Made& m) {
              return m.input.category == "trademark" && Within("440000", m.region);
            }));
  f = {};
  f.threshold_met = true;
  EXPECT_EQ(ours(Listed("office", f)), Expected([&](const Made& m) { return m.met; }));
  f.threshold_met = false;
  EXPECT_EQ(ours(Listed("office", f)), Expected([&](const Made& m) { return !m.met; }));
  f = {};
  f.campaign = "昆仑2024";
  EXPECT_EQ(ours(Listed("office", f)), Expected([&](const Made& m) { return HasTag(m, "昆仑2024"); }));
  f.campaign = "昆仑";  // a whole tag only
  EXPECT_TRUE(ours(Listed("office", f)).empty());
  // Scope: an officer sees the own agency's cases, whatever filter is asked for.
  f = {};
  f.region = "310000";
  EXPECT_EQ(Listed("pd_officer", f), Expected([&](const Made& m) { return m.login == "pd_officer"; }));
  // The Shanghai prosecutor sees the Shanghai subtree and nothing of Guangdong.
  f = {};
  f.region = "440000";
  EXPECT_TRUE(Listed("sh_prosecutor", f).empty());
}

TEST_P(CaseStoreTest, SearchFindsSubstringsOfChineseAndWordStartsOfAscii) {
  MigrateAndLoadDemo();
  MakeCases();
  auto contains = [](const std::string& hay, const std::string& needle) {
    return hay.find(needle) != std::string::npos;
  };
  for (std::string q : {"奶粉", "奶", "婴幼儿奶粉", "粉罐", "假冒运动鞋案1", "SH-2024-1017"}) {
    CaseFilter f;
    f.q = q;
    auto expected = Expected([&](const Made& m) {
      return contains(m.input.title, q) || contains(m.input.case_number, q);
    });
    EXPECT_EQ(Listed("office", f), expected) << q;
  }
  CaseFilter f;
  f.q = "sh-2024-1017";  // ASCII case folds
  EXPECT_EQ(Listed("office", f).size(), 1u);
  f.q = "ＳＨ－２０２４－１０１７";  // full-width forms fold to ASCII
  EXPECT_EQ(Listed("office", f).size(), 1u);
  f.q = "1017";  // a word start
  EXPECT_EQ(Listed("office", f).size(), 1u);
  f.q = "SH-2024-101";  // not a whole number: a substring search (1010 … 1019)
  EXPECT_EQ(Listed("office", f).size(), 10u);
  f.q = "奶粉 罐";  // the space is not in the text: a substring search, not a bag of words
  EXPECT_TRUE(Listed("office", f).empty());
  f.q = "〔";  // no letters or digits: no index terms, so a scan — still exact
  auto page = ListCases(*ctx_, As("office"), f, {1, 200});
  ASSERT_TRUE(page.has_value());
  EXPECT_FALSE(page->items.empty());  // the demo's numbers are 沪市监案〔2025〕N号
  for (const Case& c : page->items) EXPECT_TRUE(contains(c.input.case_number, "〔")) << c.input.case_number;
  f.q = "〖";
  EXPECT_TRUE(Listed("office", f).empty());
}

// A filtered search walks either the term index or the filtered cases' own index (when even the
// rarest term is in more cases than the filters select, SQLite; on PostgreSQL when the planner's
// statistics say the term is common); both answer the same.
TEST_P(CaseStoreTest, AnAgencysSearchAnswersTheSameWhicheverIndexItWalks) {
  MigrateAndLoadDemo();
  MakeCases();
  const int64_t agency = As("gd_officer").agency_id;  // before the transaction: one connection
  ASSERT_TRUE(db_->UpdateStatistics().ok());
  auto tx = db_->Begin(storage::TxMode::kRead);
  ASSERT_TRUE(tx.has_value());
  auto estimate = internal::EstimatedTermRows(**tx, "cases", core::SearchQueryTerms("奶粉"));
  ASSERT_TRUE(estimate.has_value()) << estimate.error().ToString();
  if (GetParam() == "postgres") {  // 24 of the 60 cases and the demo's, by ANALYZE's sample
    ASSERT_TRUE(estimate->has_value());
    EXPECT_GE(**estimate, 20);
    EXPECT_LE(**estimate, 40);
  } else {
    EXPECT_FALSE(estimate->has_value());  // SQLite counts terms in FTS5's vocabulary instead
  }
  for (std::string q : {"奶粉", "运动鞋", "假冒", "SH-2024-10"}) {
    CaseQuery by_terms, by_agency;
    by_terms.scope = by_agency.scope = CaseScope{"440000", agency};
    by_terms.filter.q = by_agency.filter.q = q;
    by_agency.term_walk_limit = -1;  // the limit never holds the term index: the shorter list wins
    auto a = CaseStore(**tx).List(by_terms, {1, 200});
    auto b = CaseStore(**tx).List(by_agency, {1, 200});
    ASSERT_TRUE(a.has_value() && b.has_value());
    std::vector<int64_t> ia, ib;
    for (const Case& c : a->items) ia.push_back(c.id);
    for (const Case& c : b->items) ib.push_back(c.id);
    EXPECT_EQ(ia, ib) << q;
    EXPECT_EQ(ia, Expected([&](const Made& m) {
                return m.login == "gd_officer" && (m.input.title.find(q) != std::string::npos ||
                                                   m.input.case_number.find(q) != std::string::npos);
              }))
        << q;
    EXPECT_EQ(a->total, b->total) << q;
    // A province's search (a supervisor's scope) with a category: the walk takes the region's
    // index on PostgreSQL (internal::IndexWalk); the same answer, the same count.
    by_terms.scope = by_agency.scope = CaseScope{"440000", std::nullopt};
    by_terms.filter.category = by_agency.filter.category = "trademark";
    std::vector<int64_t> ic, id;
    for (int64_t page = 1; page <= 4; ++page) {  // small pages: the walk's order decides them
      auto c = CaseStore(**tx).List(by_terms, {page, 3});
      auto d = CaseStore(**tx).List(by_agency, {page, 3});
      ASSERT_TRUE(c.has_value() && d.has_value());
      for (const Case& x : c->items) ic.push_back(x.id);
      for (const Case& x : d->items) id.push_back(x.id);
      EXPECT_EQ(c->total, d->total) << q;
    }
    EXPECT_EQ(ic, id) << q;
    EXPECT_TRUE(std::is_sorted(id.rbegin(), id.rend())) << q;  // newest first
  }
}

// Issue 12 (tests that let defects through): an update re-evaluates the findings — raised to the
// threshold the case must be transferred (a finding event on the timeline), lowered it no longer
// must — and is refused on a stale version, on a closed case and for another agency, writing
// nothing.
TEST_P(CaseStoreTest, AnUpdateReEvaluatesTheFindingsAndIsGuarded) {
  MigrateAndLoadDemo();
  Principal officer = As("sh_officer");
  CaseInput in = Input("UP-1", "某公司销售假冒运动鞋案", "trademark", 120000, {});  // 1,200 yuan
  auto created = CreateCase(*ctx_, officer, in);
  ASSERT_TRUE(created.has_value()) << created.error().ToString();
  EXPECT_FALSE(created->threshold_met);
  auto finding_events = [](const Case& c) {
    return std::count_if(c.events.begin(), c.events.end(),
                         [](const CaseEvent& e) { return e.kind == "finding"; });
  };
  EXPECT_EQ(finding_events(*created), 0);

  in.amounts.illegal_business = core::Fen(6000000);  // 60,000 yuan ≥ 50,000
  auto raised = UpdateCase(*ctx_, officer, created->id, in, created->version);
  ASSERT_TRUE(raised.has_value()) << raised.error().ToString();
  EXPECT_TRUE(raised->threshold_met);
  EXPECT_TRUE(std::any_of(raised->findings.begin(), raised->findings.end(),
                          [](const CaseFinding& f) { return f.met && f.level == "basic"; }));
  EXPECT_EQ(finding_events(*raised), 1);
  EXPECT_EQ(raised->version, created->version + 1);
  CaseFilter met;
  met.threshold_met = true;
  met.q = "UP-1";
  EXPECT_EQ(ListCases(*ctx_, officer, met, {1, 20})->items.size(), 1u);

  in.amounts.illegal_business = core::Fen(120000);
  auto lowered = UpdateCase(*ctx_, officer, created->id, in, raised->version);
  ASSERT_TRUE(lowered.has_value()) << lowered.error().ToString();
  EXPECT_FALSE(lowered->threshold_met);
  EXPECT_TRUE(ListCases(*ctx_, officer, met, {1, 20})->items.empty());

  // Refusals change nothing.
  in.amounts.illegal_business = core::Fen(9000000);
  EXPECT_EQ(UpdateCase(*ctx_, officer, created->id, in, raised->version).error().code(),
            core::StatusCode::kFailedPrecondition);  // stale version
  EXPECT_EQ(UpdateCase(*ctx_, As("pd_officer"), created->id, in, lowered->version).error().code(),
            core::StatusCode::kNotFound);  // another agency's officer does not see it
  EXPECT_EQ(UpdateCase(*ctx_, As("sh_prosecutor"), created->id, in, lowered->version).error().code(),
            core::StatusCode::kPermissionDenied);  // sees it, does not write cases
  auto still = GetCase(*ctx_, officer, created->id);
  ASSERT_TRUE(still.has_value());
  EXPECT_EQ(still->version, lowered->version);
  EXPECT_FALSE(still->threshold_met);
  CaseClosing closing;
  closing.closing_kind = "dismissed";
  auto closed = CloseCase(*ctx_, officer, created->id, closing);
  ASSERT_TRUE(closed.has_value()) << closed.error().ToString();
  EXPECT_EQ(UpdateCase(*ctx_, officer, created->id, in, closed->version).error().code(),
            core::StatusCode::kFailedPrecondition);  // closed
  EXPECT_FALSE(GetCase(*ctx_, officer, created->id)->threshold_met);
}

// Who may open a case: its agency, and supervisors of its region; an officer of another agency in
// the same region and anyone outside the region get 404 — as for the list, so ids are not
// confirmed (scripts/mutate.sh found the detail's agency and region checks covered by one test).
TEST_P(CaseStoreTest, OnlyTheAgencyAndTheRegionsSupervisorsOpenACase) {
  MigrateAndLoadDemo();
  auto made = CreateCase(*ctx_, As("pd_officer"),
                         Input("SC-1", "某公司销售假冒白酒案", "trademark", 120000, {}));
  ASSERT_TRUE(made.has_value()) << made.error().ToString();
  for (const char* login : {"pd_officer", "sh_prosecutor", "office", "auditor"}) {
    EXPECT_TRUE(GetCase(*ctx_, As(login), made->id).has_value()) << login;
  }
  for (const char* login : {"sh_officer", "gd_officer", "gd_prosecutor", "sz_police"}) {
    auto r = GetCase(*ctx_, As(login), made->id);
    ASSERT_FALSE(r.has_value()) << login;
    EXPECT_EQ(r.error().code(), core::StatusCode::kNotFound) << login;
  }
}

TEST_P(CaseStoreTest, AnUpdateMovesTheCaseInTheSearchIndex) {
  MigrateAndLoadDemo();
  MakeCases();
  const Made& m = made_[1];  // pd_officer's
  CaseInput in = m.input;
  in.title = "某公司销售假冒羽绒服案";
  in.goods = "羽绒服";
  auto before = GetCase(*ctx_, As(m.login), m.id);
  ASSERT_TRUE(before.has_value());
  auto updated = UpdateCase(*ctx_, As(m.login), m.id, in, before->version);
  ASSERT_TRUE(updated.has_value()) << updated.error().ToString();
  CaseFilter f;
  f.q = "羽绒";
  EXPECT_EQ(Listed("office", f), std::vector<int64_t>{m.id});
  f.q = "运动鞋案1";  // the old title of case 1
  for (int64_t id : Listed("office", f)) EXPECT_NE(id, m.id);
  // Campaign rows follow the tags.
  CaseFilter by_tag;
  by_tag.campaign = "秋风2024";
  EXPECT_TRUE(Listed("office", by_tag).empty());
  in.campaign_tags = {"秋风2024", " 秋风2024 "};  // repeated and padded: one row
  auto again = UpdateCase(*ctx_, As(m.login), m.id, in, updated->version);
  ASSERT_TRUE(again.has_value()) << again.error().ToString();
  EXPECT_EQ(Listed("office", by_tag), std::vector<int64_t>{m.id});
}

TEST_P(CaseStoreTest, SearchCountsLookAWindowPastThePage) {
  MigrateAndLoadDemo();
  MakeCases();
  auto tx = db_->Begin(storage::TxMode::kRead);
  ASSERT_TRUE(tx.has_value());
  CaseStore store(**tx);
  CaseQuery q;
  q.filter.q = "某公司销售假冒";  // all 60
  q.count_window = 10;
  auto first = store.List(q, {1, 5});
  ASSERT_TRUE(first.has_value()) << first.error().ToString();
  EXPECT_EQ(first->total, 10);
  EXPECT_FALSE(first->total_exact);
  auto deep = store.List(q, {4, 5});  // rows 16–20: the count looks 10 past the page's start
  ASSERT_TRUE(deep.has_value());
  EXPECT_EQ(deep->items.size(), 5u);
  EXPECT_EQ(deep->total, 25);
  EXPECT_FALSE(deep->total_exact);
  q.count_window = 1000;
  auto exact = store.List(q, {1, 5});
  ASSERT_TRUE(exact.has_value());
  EXPECT_TRUE(exact->total_exact);
  EXPECT_EQ(exact->total, 60);
  // Without a term the count is an exact sum, whatever the cap.
  CaseQuery all;
  all.count_window = 10;
  auto sum = store.List(all, {1, 5});
  ASSERT_TRUE(sum.has_value());
  EXPECT_TRUE(sum->total_exact);
  EXPECT_GE(sum->total, 60);
}

// The exact counts are kept by every write that moves a case between filters: a new category, a
// threshold crossed by an update, closing, a bulk import.
TEST_P(CaseStoreTest, CountsFollowEveryChange) {
  MigrateAndLoadDemo();
  MakeCases();
  const Made& m = made_[2];  // gd_officer, substandard_product, under the threshold
  ASSERT_FALSE(m.met);
  CaseInput in = m.input;
  in.category = "trademark";
  in.amounts.illegal_business = core::Fen(9000000);
  auto before = GetCase(*ctx_, As(m.login), m.id);
  ASSERT_TRUE(before.has_value());
  ASSERT_TRUE(UpdateCase(*ctx_, As(m.login), m.id, in, before->version).has_value());
  made_[2].input = in;
  made_[2].met = true;
  const Made& open = made_[3];
  ASSERT_FALSE(closed_.count(open.id));
  CaseClosing closing;
  closing.closing_kind = "dismissed";
  ASSERT_TRUE(CloseCase(*ctx_, As(open.login), open.id, closing).has_value());
  closed_.insert(open.id);
  std::vector<CaseInput> rows = {Input("粤导9", "销售假冒鞋案", "patent", 9000000, {})};
  ASSERT_TRUE(ImportCases(*ctx_, As("gd_officer"), rows).has_value());

  for (std::string login : {"office", "gd_officer", "sh_prosecutor"}) {
    for (int variant = 0; variant < 6; ++variant) {
      CaseFilter f;
      if (variant == 1) f.status = "closed";
      if (variant == 2) f.category = "trademark";
      if (variant == 3) f.threshold_met = true;
      if (variant == 4) f.region = "440000";
      if (variant == 5) f.category = "patent";
      auto page = ListCases(*ctx_, As(login), f, {1, 200});
      ASSERT_TRUE(page.has_value());
      EXPECT_TRUE(page->total_exact);
      EXPECT_EQ(page->total, static_cast<int64_t>(page->items.size())) << login << " " << variant;
    }
  }
}

TEST_P(CaseStoreTest, ImportWritesWhatCreateWrites) {
  MigrateAndLoadDemo();
  Principal officer = As("gd_officer");
  std::vector<CaseInput> rows = {Input("粤导1", "销售假冒奶粉案", "trademark", 6000000, {"铁拳2024"}),
                                 Input("粤导2", "销售假冒白酒案", "trademark", 100, {})};
  rows[0].parties.push_back({"company", "广州某贸易有限公司", std::string("91310110666007217T"),
                             std::nullopt, std::nullopt, std::nullopt, "party"});
  auto n = ImportCases(*ctx_, officer, rows);
  ASSERT_TRUE(n.has_value()) << n.error().ToString();
  EXPECT_EQ(*n, 2);
  auto created = CreateCase(*ctx_, officer, Input("粤单1", "销售假冒奶粉案", "trademark", 6000000, {"铁拳2024"}));
  ASSERT_TRUE(created.has_value());
  CaseFilter f;
  f.q = "假冒奶粉";
  auto page = ListCases(*ctx_, officer, f, {1, 20});
  ASSERT_TRUE(page.has_value());
  ASSERT_EQ(page->items.size(), 2u);
  EXPECT_TRUE(page->items[1].threshold_met);  // lists carry the flag, not the findings
  EXPECT_TRUE(page->items[1].findings.empty());
  auto loaded = GetCase(*ctx_, officer, page->items[1].id);  // older: the imported one
  ASSERT_TRUE(loaded.has_value());
  const Case& bulk = *loaded;
  EXPECT_EQ(bulk.input.case_number, "粤导1");
  EXPECT_EQ(bulk.region_code, "440000");
  // Findings as the single-case path stores them, article and source taken from the rule.
  ASSERT_EQ(bulk.findings.size(), created->findings.size());
  for (size_t i = 0; i < bulk.findings.size(); ++i) {
    EXPECT_EQ(bulk.findings[i].rule_id, created->findings[i].rule_id);
    EXPECT_EQ(bulk.findings[i].met, created->findings[i].met);
    EXPECT_EQ(bulk.findings[i].article, created->findings[i].article);
    EXPECT_EQ(bulk.findings[i].crime, created->findings[i].crime);
    EXPECT_EQ(bulk.findings[i].basis, created->findings[i].basis);
    EXPECT_FALSE(bulk.findings[i].source.empty());
  }
  f = {};
  f.threshold_met = true;
  f.campaign = "铁拳2024";
  auto met = ListCases(*ctx_, officer, f, {1, 20});
  ASSERT_TRUE(met.has_value());
  EXPECT_EQ(met->total, 2);
  auto full = GetCase(*ctx_, officer, bulk.id);
  ASSERT_TRUE(full.has_value());
  ASSERT_EQ(full->input.parties.size(), 1u);
  EXPECT_EQ(full->input.parties[0].uscc, "91310110666007217T");
  ASSERT_GE(full->events.size(), 2u);
  EXPECT_EQ(full->events[0].kind, "created");
  EXPECT_EQ(full->events[0].actor_login, "gd_officer");
  EXPECT_EQ(full->events[1].kind, "finding");
  // A second import of the same number writes nothing and names the row.
  auto again = ImportCases(*ctx_, officer, {Input("粤导3", "新案", "trademark", 1, {}), rows[1]});
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code(), core::StatusCode::kAlreadyExists);
  ASSERT_EQ(again.error().field_errors().size(), 1u);
  EXPECT_EQ(again.error().field_errors()[0].field, "rows[3].case_number");
  f = {};
  f.q = "新案";
  EXPECT_EQ(ListCases(*ctx_, officer, f, {1, 20})->total, 0);
}

// A store written before the volume schema (findings in their own table, no search index):
// migrating keeps every finding, and the start-up rebuild makes old cases searchable.
// A store written before natural persons' names moved behind kPersonNames (issue 12): the start
// rebuilds those cases' text once, and from then on a viewer who sees the name masked cannot
// find the case by it.
TEST_P(CaseStoreTest, AStoreFromBeforeStopsMatchingMaskedNamesAfterItsRebuild) {
  MigrateAndLoadDemo();
  CaseInput in = Input("PN-1", "某商行销售假冒白酒案", "trademark", 120000, {});
  in.parties.push_back({"person", "欧阳锋", std::nullopt, std::nullopt, std::nullopt,
                        std::nullopt, "party"});
  auto c = CreateCase(*ctx_, As("sh_officer"), in);
  ASSERT_TRUE(c.has_value()) << c.error().ToString();
  auto office_finds = [&] {
    CaseFilter f;
    f.q = "欧阳锋";
    auto page = ListCases(*ctx_, As("office"), f, {1, 20});
    EXPECT_TRUE(page.has_value());
    return page.has_value() && !page->items.empty();
  };
  EXPECT_FALSE(office_finds());
  {  // the old layout: the name among the other lines, and the rebuild not done yet
    auto tx = db_->Begin(storage::TxMode::kWrite);
    ASSERT_TRUE(tx.has_value());
    const char* sql = GetParam() == "postgres"
                          ? "UPDATE cases SET search_text = replace(search_text, chr(31), chr(10))"
                          : "UPDATE cases SET search_text = replace(search_text, char(31), char(10))";
    ASSERT_TRUE((*tx)->Exec(sql).has_value());
    ASSERT_TRUE((*tx)->Exec("UPDATE search_index_state SET version = 0 WHERE name = "
                            "'cases_person_names'")
                    .has_value());
    ASSERT_TRUE((*tx)->Commit().ok());
  }
  EXPECT_TRUE(office_finds());  // what an old store answered
  ASSERT_TRUE(CaseStore::RebuildSearchIfStale(*db_).ok());
  EXPECT_FALSE(office_finds());
  CaseFilter f;
  f.q = "欧阳锋";
  EXPECT_EQ(ListCases(*ctx_, As("sh_officer"), f, {1, 20})->items.size(), 1u);
}

TEST_P(CaseStoreTest, AStoreFromBeforeKeepsItsFindingsAndBecomesSearchable) {
  std::vector<storage::Migration> before, all = storage::AllMigrations();
  for (const auto& m : all) {
    if (m.version < 210) before.push_back(m);
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
    ASSERT_TRUE(t.Exec("INSERT INTO users (login, display_name, password_hash, agency_id, "
                       "region_code, roles, active, created_at, password_changed_at) SELECT 'old', "
                       "'旧', 'x', id, '310115', 'officer', 1, 0, 0 FROM agencies WHERE name = "
                       "'旧机构'")
                    .has_value());
    ASSERT_TRUE(t.Exec("INSERT INTO cases (agency_id, region_code, case_number, title, category, "
                       "conduct, source, status, created_by, created_at, updated_at, search_text, "
                       "campaign_tags) SELECT a.id, '310115', 'OLD-1', '旧案 假冒奶粉', "
                       "'trademark', 'counterfeit_trademark', 'inspection', 'open', u.id, 0, 0, "
                       "'old-1\n旧案 假冒奶粉\n', '铁拳2020|昆仑2020' FROM agencies a, users u WHERE "
                       "a.name = '旧机构'")
                    .has_value());
    ASSERT_TRUE(t.Exec("INSERT INTO case_findings (case_id, rule_id, article, crime, met, level, "
                       "basis, source, confidence, evaluated_at) SELECT id, 'ip2004.213.basic', "
                       "'213', '假冒注册商标罪', 1, 'basic', '非法经营数额 60000.00元 ≥ 50000.00元', "
                       "'old source', 'C', 0 FROM cases WHERE case_number = 'OLD-1'")
                    .has_value());
    ASSERT_TRUE(t.Commit().ok());
  }
  ASSERT_TRUE(storage::Migrate(*db_, all, clock_.Now()).has_value());
  ASSERT_TRUE(CaseStore::RebuildSearchIfStale(*db_).ok());
  ASSERT_TRUE(CaseStore::RebuildSearchIfStale(*db_).ok());  // the second start finds it current
  ctx_ = std::make_unique<Context>(*db_, clock_);
  auto tx = db_->Begin(storage::TxMode::kRead);
  ASSERT_TRUE(tx.has_value());
  CaseQuery q;
  q.filter.q = "奶粉";
  auto page = CaseStore(**tx).List(q, {1, 20});
  ASSERT_TRUE(page.has_value()) << page.error().ToString();
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_TRUE(page->items[0].threshold_met);
  auto loaded = CaseStore(**tx).Load(page->items[0].id, CaseStore::Detail::kSummary);
  ASSERT_TRUE(loaded.has_value());
  const Case& c = *loaded;
  EXPECT_EQ(c.input.case_number, "OLD-1");
  ASSERT_EQ(c.findings.size(), 1u);
  EXPECT_TRUE(c.findings[0].met);
  EXPECT_EQ(c.findings[0].basis, "非法经营数额 60000.00元 ≥ 50000.00元");
  EXPECT_EQ(c.findings[0].article, "213");
  CaseQuery met;
  met.filter.threshold_met = true;
  met.filter.region = "310100";
  EXPECT_EQ(CaseStore(**tx).List(met, {1, 20})->total, 1);
  CaseQuery tag;
  tag.filter.campaign = "昆仑2020";
  EXPECT_EQ(CaseStore(**tx).List(tag, {1, 20})->items.size(), 1u);
  tag.filter.q = "OLD-1";  // a whole number
  EXPECT_EQ(CaseStore(**tx).List(tag, {1, 20})->items.size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Backends, CaseStoreTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace ipe::app
