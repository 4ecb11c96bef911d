// Several servers on one store (issue 19, docs/scale-out.md), on SQLite and PostgreSQL: two
// Contexts on one database stand for two `ipenforce serve` processes. A lead written through one
// is linked by the other once it follows the lead feed; a merge on one rebuilds the other; a
// cross-region cluster seen by both gets one alert; the login throttle counted through the store
// is one count for both, and so is the portal's budget.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

#include "app/accounts/login_limiter.h"
#include "app/accounts/throttle_store.h"
#include "app/context.h"
#include "app/leads/correlation_service.h"
#include "app/leads/lead_store.h"
#include "app/leads/leads.h"
#include "fresh_db.h"
#include "link/snapshot.h"
#include "storage/db.h"
#include "storage/migrate.h"

namespace ipe::app {
namespace {

// Two Contexts need one store: SQLite's :memory: would give each its own, so a file.
std::string SharedUrl(const std::string& backend) {
  if (backend != "sqlite") return ipe::testing::FreshDatabaseUrl(backend, "feed");
  std::random_device rd;
  return "sqlite:///tmp/ipe-feed-" + std::to_string(rd()) + "/feed.db";
}

class LeadFeedTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    std::string url = SharedUrl(GetParam());
    if (url.empty()) GTEST_SKIP() << "IPE_PG_DSN not set: PostgreSQL run skipped";
    for (auto* db : {&db_a_, &db_b_}) {
      auto opened = storage::OpenDatabase(url);
      ASSERT_TRUE(opened.has_value()) << opened.error().ToString();
      *db = std::move(*opened);
    }
    ASSERT_TRUE(storage::Migrate(*db_a_, storage::AllMigrations(), clock_.Now()).has_value());
    // No demo data: the system principal writes and reads, leads stay unassigned (agency "0").
    a_ = std::make_unique<Context>(*db_a_, clock_);
    b_ = std::make_unique<Context>(*db_b_, clock_);
  }
  void TearDown() override {
    b_.reset();  // stops its follower before the database goes
    a_.reset();
  }

  static NewLead MakeLead(const std::string& ref, const std::string& region,
                          const std::string& qq) {
    NewLead in;
    in.source = "api";
    in.source_ref = ref;
    in.region_code = region;
    in.category = "trademark";
    in.title = "串并 " + ref;
    LeadObservable o;
    o.type = "qq";
    o.value = qq;
    in.observables = {o};
    return in;
  }
  int64_t Add(Context& ctx, const NewLead& in) {
    auto made = AddLead(ctx, Principal::System(), in);
    EXPECT_TRUE(made.has_value()) << made.error().ToString();
    return made ? made->lead.id : 0;
  }
  static size_t LinkedCount(Context& ctx, int64_t id) {
    auto links = GetLeadLinks(ctx, Principal::System(), id);
    return links ? links->linked.size() : 0;
  }
  // Waits (bounded) until `ctx` links `id` to `want` others: its follower thread works alone.
  static bool WaitLinked(Context& ctx, int64_t id, size_t want) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (std::chrono::steady_clock::now() < deadline) {
      if (LinkedCount(ctx, id) == want) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
  }
  int64_t AlertsOf(Context& ctx, const std::set<int64_t>& leads) {
    PageRequest page;
    page.page_size = 200;
    auto alerts = ListLeadAlerts(ctx, Principal::System(), page);
    EXPECT_TRUE(alerts.has_value());
    int64_t n = 0;
    for (const auto& a : alerts->items) n += leads.count(a.lead_id);
    return n;
  }

  core::SystemClock clock_;
  std::unique_ptr<storage::Database> db_a_, db_b_;
  std::unique_ptr<Context> a_, b_;
};

TEST_P(LeadFeedTest, ALeadWrittenOnOneServerIsLinkedOnTheOther) {
  ASSERT_TRUE(StartLeads(*a_).has_value());
  ASSERT_TRUE(StartLeads(*b_).has_value());  // builds from the store, then follows the feed
  int64_t first = Add(*a_, MakeLead("feed-1", "310000", "38475612"));
  int64_t second = Add(*b_, MakeLead("feed-2", "310000", "38475612"));
  // The writer reads its own write at once; the other server through its follower.
  EXPECT_EQ(LinkedCount(*b_, second), 1u);
  EXPECT_TRUE(WaitLinked(*a_, second, 1));
  EXPECT_TRUE(WaitLinked(*a_, first, 1));
  auto svc_a = Correlation(*a_);
  auto svc_b = Correlation(*b_);
  ASSERT_TRUE(svc_a.has_value() && svc_b.has_value());
  EXPECT_EQ((*svc_a)->applied_seq(), (*svc_b)->applied_seq());
}

// The feed is pruned (changes older than an hour, by every server): a server still behind the
// pruned changes sees the gap in the sequence numbers and rebuilds, so nothing is missed.
TEST_P(LeadFeedTest, AServerBehindPrunedChangesRebuildsAndMissesNothing) {
  ASSERT_TRUE(StartLeads(*a_).has_value());
  auto svc_b = Correlation(*b_);  // built from the store, not following: it lags until asked
  ASSERT_TRUE(svc_b.has_value());
  int64_t first = Add(*a_, MakeLead("prune-1", "310000", "61803398"));
  ASSERT_TRUE((*svc_b)->CatchUp(*db_b_).has_value());
  int64_t applied = (*svc_b)->applied_seq();
  int64_t second = Add(*a_, MakeLead("prune-2", "310000", "61803398"));
  {
    // Everything written so far is pruned (as if an hour had passed): B never reads `second`'s change.
    auto tx = db_a_->Begin(storage::TxMode::kWrite);
    ASSERT_TRUE(tx.has_value());
    auto pruned = LeadStore(**tx).PruneChanges(clock_.Now().AddSeconds(60));
    ASSERT_TRUE(pruned.has_value());
    EXPECT_EQ(*pruned, 2);  // first's and second's
    ASSERT_TRUE((*tx)->Commit().ok());
  }
  int64_t third = Add(*a_, MakeLead("prune-3", "320000", "61803398"));
  ASSERT_TRUE((*svc_b)->CatchUp(*db_b_).has_value());
  EXPECT_EQ((*svc_b)->applied_seq(), applied + 2);
  EXPECT_EQ(LinkedCount(*b_, first), 2u);  // second came from the store, third from the feed
  EXPECT_EQ(LinkedCount(*b_, second), 2u);
  EXPECT_EQ(LinkedCount(*b_, third), 2u);
}

TEST_P(LeadFeedTest, AMergeOnOneServerRebuildsTheOther) {
  ASSERT_TRUE(StartLeads(*a_).has_value());
  ASSERT_TRUE(StartLeads(*b_).has_value());
  int64_t x = Add(*a_, MakeLead("merge-1", "310000", "27182818"));
  int64_t y = Add(*a_, MakeLead("merge-2", "310000", "27182818"));
  ASSERT_TRUE(WaitLinked(*b_, x, 1));
  ASSERT_TRUE(MergeLeads(*a_, Principal::System(), x, {y}, "同一线索").has_value());
  // On B the merged lead leaves the index: x is linked to nobody any more.
  EXPECT_TRUE(WaitLinked(*b_, x, 0));
  EXPECT_FALSE(GetLeadLinks(*b_, Principal::System(), y).has_value() && LinkedCount(*b_, y) > 0);
}

TEST_P(LeadFeedTest, ACrossRegionClusterSeenByTwoServersHasOneAlert) {
  ASSERT_TRUE(StartLeads(*a_).has_value());
  ASSERT_TRUE(StartLeads(*b_).has_value());
  std::set<int64_t> leads;
  leads.insert(Add(*a_, MakeLead("alert-1", "310000", "16180339")));
  int64_t gd = Add(*b_, MakeLead("alert-2", "440000", "16180339"));
  leads.insert(gd);
  // Both servers apply the change that made the cluster cross regions; both try to alert.
  ASSERT_TRUE(WaitLinked(*a_, gd, 1));
  auto svc_a = Correlation(*a_);
  ASSERT_TRUE(svc_a.has_value());
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (AlertsOf(*a_, leads) == 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  // Give the slower server its turn to try, then count.
  std::this_thread::sleep_for(std::chrono::milliseconds(700));
  EXPECT_EQ(AlertsOf(*a_, leads), 1);
  // A restart's reconciliation finds the cluster alerted and raises nothing.
  auto restarted = StartLeads(*b_);
  ASSERT_TRUE(restarted.has_value());
  EXPECT_EQ(restarted->alerts_raised, 0);
  EXPECT_EQ(AlertsOf(*b_, leads), 1);
}

TEST_P(LeadFeedTest, TheLoginThrottleCountedInTheStoreIsOneCountForAllServers) {
  LoginLimiter on_a, on_b;
  on_a.ShareThrough(db_a_.get());
  on_b.ShareThrough(db_b_.get());
  core::Timestamp now{1'000'000};
  // The free failures of a pair, spread over both servers, then the delay on either.
  for (int i = 0; i < core::limits::kFreeFailuresPerPair; ++i) {
    EXPECT_TRUE((i % 2 ? on_b : on_a).Admit("admin", "10.0.0.9", now).allowed) << i;
  }
  EXPECT_TRUE(on_a.Admit("admin", "10.0.0.9", now).allowed);  // admitted, starts the delay
  auto refused = on_b.Admit("admin", "10.0.0.9", now);
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.retry_after_seconds, core::limits::kFirstDelaySeconds);
  // Another source is not held back by it; a success forgets the pair everywhere.
  EXPECT_TRUE(on_b.Admit("admin", "10.0.0.10", now).allowed);
  now = now.AddSeconds(core::limits::kFirstDelaySeconds);
  EXPECT_TRUE(on_b.Admit("admin", "10.0.0.9", now).allowed);
  on_b.RecordSuccess("admin", "10.0.0.9");
  EXPECT_TRUE(on_a.Admit("admin", "10.0.0.9", now).allowed);

  // The attempts of one source: the cap is shared too, and a success gives one back.
  core::Timestamp later{2'000'000};
  int admitted = 0;
  for (int i = 0; i < 2 * core::limits::kAttemptsPerSource; ++i) {
    admitted += (i % 2 ? on_b : on_a).Admit("user" + std::to_string(i), "s", later).allowed;
  }
  EXPECT_EQ(admitted, core::limits::kAttemptsPerSource);
  on_a.RecordSuccess("user0", "s");
  EXPECT_TRUE(on_b.Admit("boss", "s", later).allowed);
  EXPECT_FALSE(on_a.Admit("boss2", "s", later).allowed);
  later = later.AddSeconds(core::limits::kSourceWindowSeconds);
  EXPECT_TRUE(on_a.Admit("boss2", "s", later).allowed);
}

// The public portal's budget (http::RateLimiter in shared mode counts through HitUnder): requests
// of one source in one minute, counted by whichever server takes them, stop at the limit.
TEST_P(LeadFeedTest, ThePortalBudgetCountedInTheStoreIsOneBudgetForAllServers) {
  auto hit = [](storage::Database& db, int64_t minute) {
    auto tx = db.Begin(storage::TxMode::kWrite);
    EXPECT_TRUE(tx.has_value());
    auto counted = ThrottleStore(**tx).HitUnder("public", "203.0.113.5", minute, 5);
    EXPECT_TRUE(counted.has_value());
    EXPECT_TRUE((*tx)->Commit().ok());
    return counted.has_value() && *counted;
  };
  int counted = 0;
  for (int i = 0; i < 12; ++i) counted += hit(i % 2 ? *db_b_ : *db_a_, 60);
  EXPECT_EQ(counted, 5);
  EXPECT_TRUE(hit(*db_b_, 120));  // the next minute starts afresh
}

// Restarting without a rebuild (docs/scale-out.md "Restarting from a snapshot"): a server that
// wrote its index snapshot, restarted after other servers wrote more, loads the file, catches up
// from the feed and answers what a rebuilt server answers; files that do not fit rebuild.
class IndexSnapshotTest : public LeadFeedTest {
 protected:
  void SetUp() override {
    LeadFeedTest::SetUp();
    if (IsSkipped()) return;
    std::random_device rd;
    dir_ = std::filesystem::temp_directory_path() / ("ipe-snap-test-" + std::to_string(rd()));
    std::filesystem::create_directories(dir_);
    path_ = (dir_ / "index").string();
  }
  void TearDown() override {
    servers_.clear();
    LeadFeedTest::TearDown();
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }
  // A server (Context) on `db` keeping its snapshot in path_, started: its start report.
  LeadsStartReport Start(storage::Database& db) {
    servers_.push_back(std::make_unique<Context>(db, clock_));
    ConfigureCorrelation(*servers_.back(), {path_, 3600});
    auto report = StartLeads(*servers_.back());
    EXPECT_TRUE(report.has_value()) << report.error().ToString();
    return report.has_value() ? *report : LeadsStartReport{};
  }
  Context& last() { return *servers_.back(); }
  // Every lead's links and every cluster, as text.
  static std::string Answers(Context& ctx, int64_t up_to) {
    std::string out;
    for (int64_t id = 1; id <= up_to; ++id) {
      auto links = GetLeadLinks(ctx, Principal::System(), id);
      out += std::to_string(id) + ":";
      if (!links) continue;
      for (const auto& l : links->linked) out += " " + std::to_string(l.id);
      out += "\n";
    }
    auto svc = Correlation(ctx);
    EXPECT_TRUE(svc.has_value());
    for (const auto& c : (*svc)->Clusters()) {
      for (const auto& r : c.records) out += r + " ";
      out += c.cross_region ? "x\n" : "\n";
    }
    return out;
  }
  void Exec(storage::Database& db, const std::string& sql) {
    auto tx = db.Begin(storage::TxMode::kWrite);
    ASSERT_TRUE(tx.has_value());
    ASSERT_TRUE((*tx)->Exec(sql).has_value()) << sql;
    ASSERT_TRUE((*tx)->Commit().ok());
  }
  void Corrupt(size_t at) {
    std::fstream f(path_, std::ios::in | std::ios::out | std::ios::binary);
    f.seekg(static_cast<std::streamoff>(at));
    char c = 0;
    f.get(c);
    f.seekp(static_cast<std::streamoff>(at));
    f.put(static_cast<char>(c ^ 0x5a));
  }

  std::filesystem::path dir_;
  std::string path_;
  std::vector<std::unique_ptr<Context>> servers_;
};

TEST_P(IndexSnapshotTest, ARestartedServerLoadsItsSnapshotAndCatchesUpLikeARebuild) {
  LeadsStartReport first = Start(*db_a_);
  EXPECT_FALSE(first.from_snapshot);
  EXPECT_EQ(first.why, RebuildReason::kNoFile);
  Add(last(), MakeLead("snap-1", "310000", "70000001"));
  Add(last(), MakeLead("snap-2", "440000", "70000001"));  // a cross-region cluster
  Add(last(), MakeLead("snap-3", "310000", "70000002"));
  ASSERT_TRUE(StopLeads(last()).ok());  // clean shutdown: the snapshot is written
  ASSERT_TRUE(std::filesystem::exists(path_));
  auto written = Correlation(last());
  ASSERT_TRUE(written.has_value());
  const int64_t seq = (*written)->applied_seq();

  // Server B goes on writing while A is down: joins both clusters, starts a third.
  ASSERT_TRUE(StartLeads(*b_).has_value());
  Add(*b_, MakeLead("snap-4", "320000", "70000001"));
  Add(*b_, MakeLead("snap-5", "310000", "70000002"));
  Add(*b_, MakeLead("snap-6", "310000", "70000003"));
  int64_t last_id = Add(*b_, MakeLead("snap-7", "310000", "70000003"));

  LeadsStartReport again = Start(*db_a_);
  EXPECT_TRUE(again.from_snapshot) << again.rebuild_reason;
  EXPECT_EQ(again.why, RebuildReason::kNone);
  EXPECT_EQ(again.snapshot_seq, seq);
  EXPECT_EQ(again.caught_up, 4);
  EXPECT_FALSE(again.rebuilt_after_load);
  EXPECT_EQ(again.records, 7u);
  EXPECT_EQ(again.clusters, 3u);
  EXPECT_NE(DescribeLeadsStart(again).find("snapshot at seq " + std::to_string(seq)),
            std::string::npos);
  Context& loaded = last();
  Context rebuilt(*db_b_, clock_);  // a server without a snapshot
  ASSERT_TRUE(StartLeads(rebuilt).has_value());
  EXPECT_EQ(Answers(loaded, last_id), Answers(rebuilt, last_id));
  EXPECT_EQ(LinkedCount(loaded, last_id), 1u);

  // And it goes on following the feed like any server.
  int64_t later = Add(*b_, MakeLead("snap-8", "310000", "70000003"));
  EXPECT_TRUE(WaitLinked(loaded, later, 2));
  EXPECT_TRUE(WaitLinked(rebuilt, later, 2));
  EXPECT_EQ(Answers(loaded, later), Answers(rebuilt, later));
}

TEST_P(IndexSnapshotTest, SnapshotsThatDoNotFitTheStoreAreRebuiltInstead) {
  Start(*db_a_);
  int64_t x = Add(last(), MakeLead("fit-1", "310000", "71000001"));
  Add(last(), MakeLead("fit-2", "310000", "71000001"));
  ASSERT_TRUE(StopLeads(last()).ok());
  const std::string good = [&] {
    std::ifstream f(path_, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(f), {});
  }();
  ASSERT_GT(good.size(), link::kSnapshotHeaderBytes);
  auto restore = [&] {
    std::ofstream f(path_, std::ios::binary | std::ios::trunc);
    f << good;
  };
  auto expect_rebuilt = [&](RebuildReason why, const char* what, size_t links = 1) {
    LeadsStartReport r = Start(*db_a_);
    EXPECT_FALSE(r.from_snapshot) << what;
    EXPECT_EQ(r.why, why) << what << ": " << r.rebuild_reason;
    EXPECT_FALSE(r.rebuild_reason.empty()) << what;
    EXPECT_EQ(LinkedCount(last(), x), links) << what;  // the rebuilt index is right
    servers_.pop_back();
  };

  // The file as written loads (the cases below differ from it in one thing each).
  EXPECT_TRUE(Start(*db_a_).from_snapshot);
  servers_.pop_back();

  Corrupt(good.size() / 2);
  expect_rebuilt(RebuildReason::kCorrupt, "a corrupt byte");
  {
    std::ofstream f(path_, std::ios::binary | std::ios::trunc);
    f << good.substr(0, good.size() - 7);
  }
  expect_rebuilt(RebuildReason::kCorrupt, "a truncated file");
  {
    std::ofstream f(path_, std::ios::binary | std::ios::trunc);
    f << "not an index";
  }
  expect_rebuilt(RebuildReason::kCorrupt, "another kind of file");

  // Another store: its identity differs (clones of one template share theirs, so it is set).
  restore();
  std::string other_url = SharedUrl(GetParam());
  auto other = storage::OpenDatabase(other_url);
  ASSERT_TRUE(other.has_value());
  ASSERT_TRUE(storage::Migrate(**other, storage::AllMigrations(), clock_.Now()).has_value());
  Exec(**other, "UPDATE store_identity SET store_id = 'another-store'");
  {
    LeadsStartReport r = Start(**other);
    EXPECT_FALSE(r.from_snapshot);
    EXPECT_EQ(r.why, RebuildReason::kOtherStore) << r.rebuild_reason;
    EXPECT_EQ(r.records, 0u);
    servers_.pop_back();
  }

  // Behind changes the feed pruned: written at seq N, N + 1 and N + 2 pruned, N + 3 in the feed.
  restore();
  Context writer(*db_b_, clock_);
  Add(writer, MakeLead("fit-3", "310000", "71000001"));
  Add(writer, MakeLead("fit-4", "310000", "71000002"));
  Exec(*db_b_, "DELETE FROM lead_changes");
  int64_t y = Add(writer, MakeLead("fit-5", "310000", "71000002"));
  {
    LeadsStartReport r = Start(*db_a_);
    EXPECT_FALSE(r.from_snapshot);
    EXPECT_EQ(r.why, RebuildReason::kChangesPruned) << r.rebuild_reason;
    EXPECT_EQ(LinkedCount(last(), x), 2u);  // fit-3 came from the store, not the feed
    EXPECT_EQ(LinkedCount(last(), y), 1u);
    servers_.pop_back();
  }

  // Ahead of the store's head: the store went back to a backup taken before the snapshot.
  restore();
  Exec(*db_b_, "UPDATE feed_heads SET seq = 1 WHERE feed = 'leads'");
  Exec(*db_b_, "DELETE FROM lead_changes WHERE seq > 1");
  expect_rebuilt(RebuildReason::kAheadOfStore, "a snapshot ahead of the head", 2);

  // Set back to that backup and written since, past the snapshot's position: the feed's change at
  // the position is another lead's.
  Add(writer, MakeLead("fit-6", "310000", "71000009"));
  Add(writer, MakeLead("fit-7", "310000", "71000009"));
  expect_rebuilt(RebuildReason::kDiverged, "a store written past the snapshot after a restore", 2);
}

INSTANTIATE_TEST_SUITE_P(Stores, IndexSnapshotTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

INSTANTIATE_TEST_SUITE_P(Stores, LeadFeedTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace ipe::app
