// Three `ipenforce serve` processes on one PostgreSQL schema (issue 19, docs/scale-out.md): a
// lead created on any server is linked on every server within a bounded time; a server killed
// with SIGKILL during writes and started again — from its index snapshot, catching up from the
// feed — links everything written before, during and after its absence; a cross-region cluster
// seen by all three gets one alert; failed logins spread over the servers are one count.
// PostgreSQL only: SQLite is one process (lead_feed_test covers the same logic on both stores
// with two Contexts).
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <random>
#include <regex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "test_server.h"

namespace ipe::testing {
namespace {

using Json = nlohmann::json;

// The servers' bound on propagation in this test: the feed's promise is 1 s (its p99 is
// measured by bench/cluster); the test allows a loaded CI machine some slack beyond it.
constexpr auto kPropagation = std::chrono::seconds(3);

class ClusterTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    url_ = new std::string(FreshDatabaseUrl("postgres"));
    if (url_->empty()) return;
    // One at a time, as scripts/cluster.sh starts them: the first migrates and loads the demo.
    // Each keeps its index snapshot, written every second when it moved (cluster.sh: every 60 s).
    dir_ = new std::string(std::filesystem::temp_directory_path() /
                           ("ipe-cluster-test-" + std::to_string(std::random_device{}())));
    std::filesystem::create_directories(*dir_);
    for (size_t i = 0; i < servers_.size(); ++i) {
      servers_[i] = new ServerProcess(IPE_BINARY, *url_, SnapshotArgs(i));
    }
  }
  static std::string SnapshotPath(size_t server) {
    return *dir_ + "/server-" + std::to_string(server) + ".index";
  }
  static std::vector<std::string> SnapshotArgs(size_t server) {
    return {"--index-snapshot", SnapshotPath(server), "--index-snapshot-interval-s", "1"};
  }
  static void TearDownTestSuite() {
    for (auto& s : servers_) {
      delete s;
      s = nullptr;
    }
    delete url_;
    url_ = nullptr;
    if (dir_) std::filesystem::remove_all(*dir_);
    delete dir_;
    dir_ = nullptr;
  }
  void SetUp() override {
    if (url_->empty()) GTEST_SKIP() << "IPE_PG_DSN not set: the cluster runs on PostgreSQL only";
    officer_ = LogIn(Port(0), "sh_officer", "Demo@12345");
    ASSERT_EQ(officer_.status, 200) << officer_.body;
  }

  static int Port(size_t server) { return servers_[server]->port(); }

  HttpResponse Call(size_t server, const std::string& method, const std::string& path,
                    const ApiSession& who, const std::string& body = "") {
    auto headers = who.AuthHeaders();
    if (!body.empty()) headers.emplace_back("Content-Type", "application/json");
    return Send(Port(server), {method, path, headers, body});
  }
  // Creates a lead holding QQ `qq` in `region` through `server`; its id (0 when refused).
  int64_t CreateLead(size_t server, const ApiSession& who, const std::string& ref,
                     const std::string& region, const std::string& qq) {
    Json body = {{"source", "api"},
                 {"source_ref", ref},
                 {"region_code", region},
                 {"category", "trademark"},
                 {"title", "集群线索 " + ref},
                 {"observables", Json::array({{{"type", "qq"}, {"value", qq}}})}};
    HttpResponse r = Call(server, "POST", "/api/v1/leads", who, body.dump());
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? Json::parse(r.body)["id"].get<int64_t>() : 0;
  }
  std::set<int64_t> Linked(size_t server, int64_t id) { return Linked(server, id, officer_); }
  std::set<int64_t> Linked(size_t server, int64_t id, const ApiSession& who) {
    HttpResponse r = Call(server, "GET", "/api/v1/leads/" + std::to_string(id), who);
    std::set<int64_t> out;
    if (r.status != 200) return out;  // 404 while the server's index has not got the lead yet
    Json lead = Json::parse(r.body);  // not in the for's range: operator[] of a temporary dangles
    for (const Json& l : lead["links"]["linked"]) out.insert(l["id"].get<int64_t>());
    return out;
  }
  // Whether `server` links `id` to exactly `want` within kPropagation.
  bool LinksWithin(size_t server, int64_t id, const std::set<int64_t>& want) {
    return LinksWithin(server, id, want, officer_);
  }
  bool LinksWithin(size_t server, int64_t id, const std::set<int64_t>& want,
                   const ApiSession& who) {
    auto deadline = std::chrono::steady_clock::now() + kPropagation;
    do {
      if (Linked(server, id, who) == want) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    } while (std::chrono::steady_clock::now() < deadline);
    return false;
  }
  static std::set<int64_t> Without(std::set<int64_t> all, int64_t id) {
    all.erase(id);
    return all;
  }

  static std::string* url_;
  static std::string* dir_;
  static std::array<ServerProcess*, 3> servers_;
  ApiSession officer_;
};

std::string* ClusterTest::url_ = nullptr;
std::string* ClusterTest::dir_ = nullptr;
std::array<ServerProcess*, 3> ClusterTest::servers_ = {};

TEST_F(ClusterTest, LeadsCreatedOnEachServerAreLinkedOnEveryServer) {
  std::set<int64_t> made;
  for (size_t i = 0; i < 6; ++i) {
    int64_t id = CreateLead(i % 3, officer_, "abc-" + std::to_string(i), "310000", "55501019");
    ASSERT_GT(id, 0);
    made.insert(id);
    // The newest lead, read on every server, links every earlier one.
    for (size_t server = 0; server < 3; ++server) {
      EXPECT_TRUE(LinksWithin(server, id, Without(made, id)))
          << "lead " << id << " on server " << server << ": links "
          << ::testing::PrintToString(Linked(server, id)) << ", made "
          << ::testing::PrintToString(made);
    }
  }
}

// C keeps an index snapshot (written every second when it moved): started again after the kill,
// it loads the snapshot and applies the changes after it from the feed instead of rebuilding.
TEST_F(ClusterTest, AServerKilledDuringWritesCatchesUpWhenStartedAgain) {
  const std::string qq = "55502029";
  std::set<int64_t> made;  // acknowledged creates
  // C has written a snapshot (its first, a second after its start).
  auto written = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!std::filesystem::exists(SnapshotPath(2)) && std::chrono::steady_clock::now() < written) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_TRUE(std::filesystem::exists(SnapshotPath(2)));
  // Writes stream into server C until it dies under them: the write in flight then may or may
  // not have committed (no answer came), so the servers are compared with each other below.
  // At most 20 (a key held by more than 50 leads links nothing: docs/link.md's cap).
  std::vector<int64_t> on_c;
  std::atomic<int> acknowledged{0};
  std::thread writer([&] {
    for (int i = 0; i < 20; ++i) {
      try {
        Json body = {{"source", "api"},
                     {"source_ref", "kill-c-" + std::to_string(i)},
                     {"region_code", "310000"},
                     {"category", "trademark"},
                     {"title", "集群线索 kill-c"},
                     {"observables", Json::array({{{"type", "qq"}, {"value", qq}}})}};
        HttpResponse r = Call(2, "POST", "/api/v1/leads", officer_, body.dump());
        if (r.status != 201) return;
        on_c.push_back(Json::parse(r.body)["id"].get<int64_t>());
        ++acknowledged;
      } catch (const std::exception&) {
        return;  // killed
      }
    }
  });
  while (acknowledged < 3) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  servers_[2]->Kill();
  writer.join();
  made.insert(on_c.begin(), on_c.end());
  ASSERT_FALSE(on_c.empty());
  for (int i = 0; i < 6; ++i) {  // while C is down
    made.insert(CreateLead(static_cast<size_t>(i % 2), officer_, "kill-ab-" + std::to_string(i),
                           "310000", qq));
  }
  delete servers_[2];
  servers_[2] = new ServerProcess(IPE_BINARY, *url_, SnapshotArgs(2));
  // It loaded its snapshot and caught up with at least the 6 leads written while it was down.
  std::string log = servers_[2]->log();
  EXPECT_NE(log.find("loaded from snapshot at seq"), std::string::npos) << log;
  EXPECT_EQ(log.find("correlation index rebuilt"), std::string::npos) << log;
  std::smatch caught;
  ASSERT_TRUE(std::regex_search(log, caught, std::regex(R"(\+ ([0-9]+) changes caught up)"))) << log;
  EXPECT_GE(std::stoi(caught[1].str()), 6) << log;
  HttpResponse metrics = Send(Port(2), {"GET", "/metrics", {}, ""});
  EXPECT_NE(metrics.body.find("ipe_lead_index_start{path=\"snapshot\",reason=\"none\"} 1"),
            std::string::npos)
      << metrics.body;
  int64_t last = 0;
  for (int i = 0; i < 3; ++i) {  // after its return, on every server
    last = CreateLead(static_cast<size_t>(i), officer_, "kill-after-" + std::to_string(i), "310000",
                      qq);
    made.insert(last);
  }
  ASSERT_EQ(made.count(0), 0u);
  // Server A links every acknowledged lead (and perhaps the one in flight when C died); B and
  // C link exactly what A does.
  std::set<int64_t> want = Without(made, last), on_a;
  auto deadline = std::chrono::steady_clock::now() + kPropagation;
  do {
    on_a = Linked(0, last);
  } while (!std::includes(on_a.begin(), on_a.end(), want.begin(), want.end()) &&
           std::chrono::steady_clock::now() < deadline);
  for (int64_t id : want) EXPECT_EQ(on_a.count(id), 1u) << id;
  for (size_t server = 1; server < 3; ++server) {
    EXPECT_TRUE(LinksWithin(server, last, on_a)) << "server " << server;
  }
}

TEST_F(ClusterTest, ACrossRegionClusterHasOneAlertWhicheverServersSawIt) {
  ApiSession gd = LogIn(Port(1), "gd_officer", "Demo@12345");
  ASSERT_EQ(gd.status, 200) << gd.body;
  ApiSession admin = LogIn(Port(2), "admin", "Admin@12345");
  ASSERT_EQ(admin.status, 200) << admin.body;
  std::set<int64_t> made;
  for (int cluster = 0; cluster < 3; ++cluster) {
    std::string qq = "5550303" + std::to_string(cluster);
    int64_t sh = CreateLead(cluster % 3, officer_, "sh-" + qq, "310000", qq);
    int64_t other = CreateLead((cluster + 1) % 3, gd, "gd-" + qq, "440000", qq);
    made.insert(sh);
    made.insert(other);
    for (size_t server = 0; server < 3; ++server) {
      EXPECT_TRUE(LinksWithin(server, other, {sh}, admin));  // the office sees both regions
    }
  }
  // Every server applied the changes that made the clusters span regions, and tried to alert.
  auto count_alerts = [&] {
    HttpResponse r = Call(0, "GET", "/api/v1/leads/alerts?page_size=200", admin);
    EXPECT_EQ(r.status, 200) << r.body;
    int n = 0;
    Json page = Json::parse(r.body);
    for (const Json& a : page["items"])
      n += static_cast<int>(made.count(a["lead_id"].get<int64_t>()));
    return n;
  };
  auto deadline = std::chrono::steady_clock::now() + kPropagation;
  while (count_alerts() < 3 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  std::this_thread::sleep_for(std::chrono::seconds(1));  // the slowest server's attempt
  EXPECT_EQ(count_alerts(), 3);
}

TEST_F(ClusterTest, FailedLoginsSpreadOverTheServersAreOneCount) {
  // The free failures of (gd_prosecutor, 127.0.0.1), one per server, then one more that starts
  // the delay: no single server saw more than two of them.
  for (int i = 0; i <= 3; ++i) {
    ApiSession s = LogIn(Port(static_cast<size_t>(i) % 3), "gd_prosecutor", "wrong-password");
    EXPECT_EQ(s.status, 401) << i << ": " << s.body;
  }
  for (size_t server = 0; server < 3; ++server) {
    ApiSession s = LogIn(Port(server), "gd_prosecutor", "Demo@12345");
    EXPECT_EQ(s.status, 429) << "server " << server << ": " << s.body;
  }
}

}  // namespace
}  // namespace ipe::testing
