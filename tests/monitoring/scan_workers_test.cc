// Scanner workers end to end (issue 19; docs/scale-out.md "Scanner workers"): a nats-server with
// JetStream on a free port, the real `ipenforce serve --nats` and two `ipenforce scan-worker`
// processes on one store (PostgreSQL when IPE_PG_DSN is set, and a SQLite file). 20,000 listings
// go through the workers while one of them is killed (SIGKILL) between a commit and its
// acknowledgement: every listing has exactly one result, none lost, none doubled, and the
// suspects are queued once. A brand written while a worker runs reaches it without a restart.
// Each test starts its own server (about 3 s with the demo data): three tests per store. A message
// that fails at every delivery is given up after --max-deliveries, and its batch still finishes.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "child_process.h"
#include "nats_server.h"
#include "storage/db.h"
#include "stream/jetstream.h"
#include "test_server.h"

namespace ipe::testing {
namespace {

using Json = nlohmann::json;
using Headers = std::vector<std::pair<std::string, std::string>>;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A child process with its output in a log file.
class Child {
 public:
  Child(std::vector<std::string> args, std::vector<std::string> env = {}) {
    static int counter = 0;
    log_ = "/tmp/ipe-test-child-" + std::to_string(getpid()) + "-" + std::to_string(++counter) + ".log";
    pid_ = SpawnWithLog(std::move(args), log_, std::move(env));
  }
  ~Child() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
  }
  /// SIGTERM and wait: the exit status.
  int Stop() {
    if (pid_ <= 0) return status_;
    kill(pid_, SIGTERM);
    waitpid(pid_, &status_, 0);
    pid_ = -1;
    return status_;
  }
  /// Whether it has exited; its status in status().
  bool Exited() {
    if (pid_ <= 0) return true;
    if (waitpid(pid_, &status_, WNOHANG) == pid_) {
      pid_ = -1;
      return true;
    }
    return false;
  }
  int status() const { return status_; }
  std::string log() const { return ReadFile(log_); }

 private:
  int pid_ = -1;
  int status_ = 0;
  std::string log_;
};

// One nats-server for the suite; each test has a fresh store and leaves the work-queue stream
// empty (a message of another store would be dropped anyway: its publication token differs).
class ScanWorkersTest : public ServerTest {
 public:
  static void SetUpTestSuite() { nats_ = new NatsServer(); }
  static void TearDownTestSuite() {
    delete nats_;
    nats_ = nullptr;
  }

 protected:
  void SetUp() override {
    // CI installs nats-server (scripts/deps-apt.txt): its absence is a failure, not a skip.
    ASSERT_TRUE(nats_->ok()) << nats_->problem();
    ServerTest::SetUp();
  }
  std::vector<std::string> ExtraArgs() override { return {"--nats", NatsUrl()}; }
  static std::string NatsUrl() { return nats_->url(); }

  std::unique_ptr<Child> StartWorker(const std::string& name, std::vector<std::string> env = {}) {
    return std::make_unique<Child>(
        std::vector<std::string>{IPE_BINARY, "scan-worker", "--db", db_url_, "--nats", NatsUrl(),
                                 "--name", name, "--fetch", "8", "--ack-wait-ms", "1000"},
        std::move(env));
  }
  Headers Analyst() {
    ApiSession s = LogIn(port(), "analyst", "Demo@12345");
    EXPECT_EQ(s.status, 200) << s.body;
    return s.AuthHeaders();
  }
  HttpResponse Call(const std::string& method, const std::string& path, const Headers& auth,
                    const std::string& body = "") {
    Headers h = auth;
    if (!body.empty()) h.emplace_back("Content-Type", "application/json");
    return Send(port(), {method, path, h, body});
  }
  // Polls the scan's progress until it is done (at most `seconds`); the last answer.
  Json WaitDone(int64_t scan_id, const Headers& auth, int seconds) {
    Json last;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    while (std::chrono::steady_clock::now() < deadline) {
      HttpResponse r = Call("GET", "/api/v1/monitoring/scans/" + std::to_string(scan_id), auth);
      EXPECT_EQ(r.status, 200) << r.body;
      last = Json::parse(r.body);
      if (last["status"] == "done") return last;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return last;
  }
  // Waits until every message was acknowledged (the work-queue stream is empty), at most 15 s.
  bool WaitStreamEmpty() {
    auto js = stream::JetStream::Connect(NatsUrl());
    if (!js) return false;
    for (int i = 0; i < 150; ++i) {
      auto n = (*js)->StoredMessages("IPE_SCAN");
      if (n && *n == 0) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  }
  std::vector<storage::Row> Query(const std::string& sql, const storage::Params& params = {}) {
    auto db = storage::OpenDatabase(db_url_);
    EXPECT_TRUE(db.has_value());
    auto tx = (*db)->Begin(storage::TxMode::kRead);
    EXPECT_TRUE(tx.has_value());
    auto rows = (*tx)->Query(sql, params);
    EXPECT_TRUE(rows.has_value()) << rows.error().message();
    return rows ? *rows : std::vector<storage::Row>{};
  }

  static inline NatsServer* nats_ = nullptr;
};

// `n` listings over three platforms; every tenth is a 高仿 耐克 (a suspect).
std::string Listings(int n, const std::string& prefix, const std::string& brand_word = "耐克") {
  static const char* kPlatforms[] = {"taobao", "jd", "pdd"};
  std::string out;
  for (int i = 0; i < n; ++i) {
    Json l = {{"id", prefix + std::to_string(i)},
              {"platform", kPlatforms[i % 3]},
              {"shop_id", "shop" + std::to_string(i % 97)},
              {"shop_name", "店铺"},
              {"title", i % 10 == 0 ? "高仿 " + brand_word + " 运动鞋 " + std::to_string(i)
                                    : "普通 运动鞋 " + std::to_string(i)},
              {"price_fen", 19900}};
    out += l.dump();
    out += '\n';
  }
  return out;
}

int64_t WorkerStat(const std::string& log, const std::string& key) {
  std::smatch m;
  std::regex re(" " + key + "=([0-9]+)");
  int64_t last = -1;
  for (auto it = std::sregex_iterator(log.begin(), log.end(), re); it != std::sregex_iterator(); ++it) {
    last = std::stoll((*it)[1]);
  }
  return last;
}

TEST_P(ScanWorkersTest, TwoWorkersOneKilledAfterACommitEveryListingHasExactlyOneResult) {
  Headers analyst = Analyst();
  constexpr int kListings = 20000;
  // Worker a dies by SIGKILL after its third commit, before acknowledging that fetch: its
  // messages come again (after the 1 s acknowledgement wait) to worker b.
  auto a = StartWorker("a", {"IPE_TEST_CRASH_AFTER_COMMITS=3"});
  auto b = StartWorker("b");
  auto started = std::chrono::steady_clock::now();
  HttpResponse posted = Call("POST", "/api/v1/monitoring/scans?source=workers", analyst,
                             Listings(kListings, "L"));
  ASSERT_EQ(posted.status, 202) << posted.body;
  Json queued = Json::parse(posted.body);
  EXPECT_EQ(queued["status"], "queued");
  EXPECT_EQ(queued["listings"], kListings);
  int64_t scan_id = queued["scan_id"];

  Json done = WaitDone(scan_id, analyst, 60);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  ASSERT_EQ(done["status"], "done") << done.dump() << "\na:\n" << a->log() << "\nb:\n" << b->log();
  ASSERT_TRUE(a->Exited());
  EXPECT_TRUE(WIFSIGNALED(a->status()) && WTERMSIG(a->status()) == SIGKILL) << a->log();
  // a's last fetch was committed but not acknowledged: the batch can be done before the broker
  // gives those messages to b (after the 1 s acknowledgement wait). Wait for that too.
  EXPECT_TRUE(WaitStreamEmpty());
  EXPECT_EQ(b->Stop(), 0);

  // Every listing once: the batch's count, the results' count and their distinct keys agree.
  EXPECT_EQ(done["scanned"], kListings);
  EXPECT_EQ(done["already"], 0);
  auto rows = Query("SELECT COUNT(*), COUNT(DISTINCT platform || ':' || listing_id), "
                    "SUM(suspected) FROM scan_results WHERE scan_id = ?",
                    {scan_id});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].Int(0), kListings);
  EXPECT_EQ(rows[0].Int(1), kListings);
  EXPECT_EQ(rows[0].Int(2), kListings / 10);
  // The suspects are queued once each, and the scan's counters say so.
  EXPECT_EQ(done["suspected"], kListings / 10);
  EXPECT_EQ(done["new_hits"], kListings / 10);
  auto hits = Query("SELECT COUNT(*) FROM monitoring_hits WHERE first_scan_id = ?", {scan_id});
  EXPECT_EQ(hits[0].Int(0), kListings / 10);

  // The crash was between a commit and its acknowledgement: b was given those listings again and
  // wrote nothing for them.
  std::string log_b = b->log();
  EXPECT_GT(WorkerStat(log_b, "redelivered"), 0) << log_b;
  auto per_worker = Query("SELECT worker, COUNT(*) FROM scan_results WHERE scan_id = ? "
                          "GROUP BY worker ORDER BY worker",
                          {scan_id});
  ASSERT_EQ(per_worker.size(), 2u);
  EXPECT_GT(per_worker[0].Int(1), 0);  // a wrote before it died
  std::printf("[ scan-workers ] %s: %d listings in %.2f s; results by worker: %s=%lld, %s=%lld; "
              "b was given %lld listings again after a's kill -9\n",
              GetParam().c_str(), kListings, seconds, per_worker[0].Text(0).c_str(),
              static_cast<long long>(per_worker[0].Int(1)), per_worker[1].Text(0).c_str(),
              static_cast<long long>(per_worker[1].Int(1)),
              static_cast<long long>(WorkerStat(log_b, "redelivered")));
}

TEST_P(ScanWorkersTest, ProgressInScopeAndABrandWrittenWhileAWorkerRunsIsUsedWithoutARestart) {
  Headers analyst = Analyst();
  // 阿克梅 is no brand yet: nothing is suspected.
  std::string listings = Listings(300, "R", "阿克梅");
  HttpResponse first = Call("POST", "/api/v1/monitoring/scans", analyst, listings);
  ASSERT_EQ(first.status, 202) << first.body;
  int64_t first_id = Json::parse(first.body)["scan_id"];
  // No worker runs yet: the batch waits in the stream, queued. Progress is read within scope only.
  HttpResponse progress = Call("GET", "/api/v1/monitoring/scans/" + std::to_string(first_id), analyst);
  ASSERT_EQ(progress.status, 200);
  EXPECT_EQ(Json::parse(progress.body)["status"], "queued");
  EXPECT_EQ(Json::parse(progress.body)["scanned"], 0);
  EXPECT_EQ(Call("GET", "/api/v1/monitoring/scans/999999", analyst).status, 404);
  ApiSession police = LogIn(port(), "sh_police", "Demo@12345");
  ASSERT_EQ(police.status, 200);
  EXPECT_EQ(Call("GET", "/api/v1/monitoring/scans/" + std::to_string(first_id), police.AuthHeaders()).status,
            403);

  // Two results of an older registry version: one written a year before, one just now. A worker
  // deletes the old one when it starts (results of older versions are kept 7 days) and keeps the
  // recent one.
  {
    auto db = storage::OpenDatabase(db_url_);
    ASSERT_TRUE(db.has_value());
    auto tx = (*db)->Begin(storage::TxMode::kWrite);
    ASSERT_TRUE(tx.has_value());
    const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                            std::chrono::system_clock::now().time_since_epoch()).count();
    for (auto [id, at] : {std::pair<std::string, int64_t>{"OLD-YEAR", now - 365 * 86400}, {"OLD-NOW", now}}) {
      ASSERT_TRUE((*tx)->Exec("INSERT INTO scan_results (platform, listing_id, registry_version, scan_id, suspected, "
                              "score_pct, worker, scanned_at) VALUES ('taobao', ?, '0000000000000000', ?, 0, 0, 'x', ?)",
                              {id, first_id, at}).has_value());
    }
    ASSERT_TRUE((*tx)->Commit().ok());
  }

  auto w = StartWorker("w");
  Json done1 = WaitDone(first_id, analyst, 30);
  ASSERT_EQ(done1["status"], "done") << done1.dump() << w->log();
  EXPECT_EQ(done1["scanned"], 300);
  EXPECT_EQ(done1["suspected"], 0);
  auto old_version = Query("SELECT listing_id FROM scan_results WHERE registry_version = '0000000000000000'");
  ASSERT_EQ(old_version.size(), 1u);
  EXPECT_EQ(old_version[0].Text(0), "OLD-NOW");

  HttpResponse brand = Call("POST", "/api/v1/monitoring/brands", analyst,
                            Json{{"code", "acme"}, {"name", "阿克梅"}, {"names", {"阿克梅"}},
                                 {"reference_price_fen", 59900}}
                                .dump());
  ASSERT_EQ(brand.status, 201) << brand.body;
  // The same listings again: a new registry version, so new results, and the 30 高仿 阿克梅 are
  // suspects now — found by the worker that was started before the brand existed.
  HttpResponse second = Call("POST", "/api/v1/monitoring/scans", analyst, listings);
  ASSERT_EQ(second.status, 202) << second.body;
  Json done2 = WaitDone(Json::parse(second.body)["scan_id"], analyst, 30);
  ASSERT_EQ(done2["status"], "done") << done2.dump() << w->log();
  EXPECT_EQ(done2["scanned"], 300);
  EXPECT_EQ(done2["already"], 0);
  EXPECT_EQ(done2["suspected"], 30);
  auto versions = Query("SELECT COUNT(DISTINCT registry_version) FROM scan_results "
                        "WHERE registry_version <> '0000000000000000'");
  EXPECT_EQ(versions[0].Int(0), 2);

  // The same upload a third time with the registry unchanged: every listing already has a result
  // for this version, so nothing is scanned twice and the batch is still done.
  HttpResponse third = Call("POST", "/api/v1/monitoring/scans", analyst, listings);
  ASSERT_EQ(third.status, 202) << third.body;
  Json done3 = WaitDone(Json::parse(third.body)["scan_id"], analyst, 30);
  ASSERT_EQ(done3["status"], "done") << done3.dump();
  EXPECT_EQ(done3["scanned"], 0);
  EXPECT_EQ(done3["already"], 300);
  EXPECT_TRUE(WaitStreamEmpty());
  EXPECT_EQ(w->Stop(), 0);
  EXPECT_GE(WorkerStat(w->log(), "registry_changes"), 1) << w->log();
  EXPECT_EQ(WorkerStat(w->log(), "pruned"), 1) << w->log();
}

// A message whose write fails at every delivery (here: a trigger the test adds refuses one
// listing's result, as a broken constraint or a bad row would) is given up at its
// --max-deliveries-th delivery: its 100 listings count as failed, the failure is recorded with its
// error and audited, the batch finishes, and the other messages of its fetch are written at once.
TEST_P(ScanWorkersTest, AMessageThatAlwaysFailsIsGivenUpAndTheBatchStillFinishes) {
  {
    auto db = storage::OpenDatabase(db_url_);
    ASSERT_TRUE(db.has_value());
    auto tx = (*db)->Begin(storage::TxMode::kWrite);
    ASSERT_TRUE(tx.has_value());
    if (GetParam() == "sqlite") {
      ASSERT_TRUE((*tx)->Exec("CREATE TRIGGER poison BEFORE INSERT ON scan_results WHEN NEW.listing_id = 'P150' "
                              "BEGIN SELECT RAISE(ABORT, 'poisoned listing'); END").has_value());
    } else {
      ASSERT_TRUE((*tx)->Exec("CREATE FUNCTION poison() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                              "IF NEW.listing_id = 'P150' THEN RAISE EXCEPTION 'poisoned listing'; END IF; "
                              "RETURN NEW; END $$").has_value());
      ASSERT_TRUE((*tx)->Exec("CREATE TRIGGER poison BEFORE INSERT ON scan_results FOR EACH ROW "
                              "EXECUTE FUNCTION poison()").has_value());
    }
    ASSERT_TRUE((*tx)->Commit().ok());
  }
  Headers analyst = Analyst();
  // 600 listings: 200 per platform, two messages of 100 each; P150 is in one of taobao's.
  HttpResponse posted = Call("POST", "/api/v1/monitoring/scans", analyst, Listings(600, "P"));
  ASSERT_EQ(posted.status, 202) << posted.body;
  int64_t scan_id = Json::parse(posted.body)["scan_id"];
  auto w = std::make_unique<Child>(std::vector<std::string>{
      IPE_BINARY, "scan-worker", "--db", db_url_, "--nats", NatsUrl(), "--name", "w", "--fetch", "8",
      "--ack-wait-ms", "5000", "--max-deliveries", "3"});
  Json done = WaitDone(scan_id, analyst, 30);
  ASSERT_EQ(done["status"], "done") << done.dump() << w->log();
  EXPECT_EQ(done["listings"], 600);
  EXPECT_EQ(done["scanned"], 500);
  EXPECT_EQ(done["failed"], 100);
  EXPECT_EQ(done["already"], 0);
  EXPECT_TRUE(WaitStreamEmpty());
  EXPECT_EQ(w->Stop(), 0);

  auto results = Query("SELECT COUNT(*), SUM(CASE WHEN listing_id = 'P150' THEN 1 ELSE 0 END) FROM scan_results "
                       "WHERE scan_id = ?", {scan_id});
  EXPECT_EQ(results[0].Int(0), 500);
  EXPECT_EQ(results[0].Int(1), 0);
  auto failures = Query("SELECT listings, deliveries, error, platform, worker FROM scan_failures WHERE scan_id = ?",
                        {scan_id});
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_EQ(failures[0].Int(0), 100);
  EXPECT_GE(failures[0].Int(1), 3);  // given up at its third delivery (or later, see below)
  EXPECT_NE(failures[0].Text(2).find("poisoned listing"), std::string::npos) << failures[0].Text(2);
  EXPECT_EQ(failures[0].Text(3), "taobao");
  EXPECT_EQ(failures[0].Text(4), "w");
  auto audit = Query("SELECT COUNT(*) FROM audit_log WHERE action = 'monitoring.scan.message_failed' AND "
                     "entity_id = ?", {std::to_string(scan_id)});
  EXPECT_EQ(audit[0].Int(0), 1);
  // Only the poisoned message was tried again, then given up; the other five were written once, at
  // their first delivery. (The broker also counts a delivery whose pull request expired on the way —
  // a busy machine — so the worker may see only one of the two deliveries before the last.)
  std::string log = w->log();
  EXPECT_GE(WorkerStat(log, "retried"), 1) << log;
  EXPECT_LE(WorkerStat(log, "retried"), 2) << log;
  EXPECT_EQ(WorkerStat(log, "redelivered"), 0) << log;
  EXPECT_EQ(WorkerStat(log, "written"), 500) << log;
  EXPECT_EQ(WorkerStat(log, "given_up"), 1) << log;
  EXPECT_EQ(WorkerStat(log, "failed"), 100) << log;
}

INSTANTIATE_TEST_SUITE_P(Stores, ScanWorkersTest, ::testing::Values("sqlite", "postgres"));

}  // namespace
}  // namespace ipe::testing
