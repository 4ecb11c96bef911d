// Issue 20: event feeds for other systems, end to end on SQLite and PostgreSQL — a transfer sent
// by an officer reaches the receiving police's webhook, signed, once, after the receiver was down
// for a while (retries); the same event never reaches a subscriber whose scope may not see it;
// a delivery that keeps failing lands on the dead-letter list and can be replayed; the example
// receiver (examples/webhook-receiver/receiver.py) rejects a bad signature; the pull feed follows
// the caller's scope.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "app/events/webhook.h"
#include "test_server.h"

namespace ipe::testing {
namespace {

using Json = nlohmann::json;
using Headers = std::vector<std::pair<std::string, std::string>>;

// A loopback port nobody listens on right now.
int FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  int port = ntohs(addr.sin_port);
  close(fd);
  return port;
}

// The example receiver as a child process; killed on destruction.
class Receiver {
 public:
  Receiver(int port, const std::vector<std::string>& secrets, const std::string& log) {
    std::vector<std::string> args = {"python3", IPE_SOURCE_DIR "/examples/webhook-receiver/receiver.py",
                                     "--port", std::to_string(port), "--log", log};
    for (const auto& s : secrets) args.insert(args.end(), {"--secret", s});
    pid_ = fork();
    if (pid_ == 0) {
      std::vector<char*> argv;
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      freopen("/dev/null", "w", stdout);
      execvp("python3", argv.data());
      _exit(127);
    }
    // Ready when it accepts a connection.
    for (int i = 0; i < 100; ++i) {
      int fd = socket(AF_INET, SOCK_STREAM, 0);
      sockaddr_in addr{};
      addr.sin_family = AF_INET;
      addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      addr.sin_port = htons(static_cast<uint16_t>(port));
      bool ok = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
      close(fd);
      if (ok) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ADD_FAILURE() << "the example receiver did not start";
  }
  ~Receiver() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      waitpid(pid_, nullptr, 0);
    }
  }
  Receiver(const Receiver&) = delete;
  Receiver& operator=(const Receiver&) = delete;

 private:
  pid_t pid_ = -1;
};

std::vector<Json> ReadLog(const std::string& path) {
  std::vector<Json> out;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty()) out.push_back(Json::parse(line));
  }
  return out;
}

bool WaitFor(const std::function<bool()>& done, int seconds) {
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (std::chrono::steady_clock::now() < until) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return done();
}

class EventsTest : public ServerTest {
 protected:
  // Fast retries (the schedule is data: docs/api.md): five retries a second apart, then dead.
  std::vector<std::string> ExtraArgs() override {
    return {"--webhook-retry", "1,1,1,1,1", "--webhook-poll-ms", "100"};
  }
  Headers Auth(const ApiSession& s) {
    return {{"Cookie", s.cookie}, {"X-CSRF-Token", s.csrf}};
  }
  ApiSession As(const std::string& login) {
    ApiSession s = LogIn(port(), login, login == "admin" ? "Admin@12345" : "Demo@12345");
    EXPECT_EQ(s.status, 200) << s.body;
    return s;
  }
  Json User(const ApiSession& admin, const std::string& login) {
    HttpResponse r = Get("/api/v1/users?page_size=200&q=" + login, Auth(admin));
    EXPECT_EQ(r.status, 200) << r.body;
    Json page = Json::parse(r.body);
    for (const Json& u : page["items"]) {
      if (u["login"] == login) return u;
    }
    ADD_FAILURE() << "no user " << login;
    return Json();
  }
  // Creates a subscription; returns {id, secret}.
  std::pair<int64_t, std::string> Subscribe(const ApiSession& admin, int64_t user_id,
                                            const Json& types, const std::string& url) {
    Json body = {{"user_id", user_id}, {"name", "测试订阅 " + url}, {"types", types}, {"url", url}};
    HttpResponse r = Post("/api/v1/event-subscriptions", body.dump(), Auth(admin));
    EXPECT_EQ(r.status, 201) << r.body;
    Json j = Json::parse(r.body);
    return {j["id"].get<int64_t>(), j["secret"].get<std::string>()};
  }
  std::vector<Json> Feed(const ApiSession& who) {
    HttpResponse r = Get("/api/v1/events?after=0&limit=500", Auth(who));
    EXPECT_EQ(r.status, 200) << r.body;
    return Json::parse(r.body)["items"].get<std::vector<Json>>();
  }
  std::vector<Json> Deliveries(const ApiSession& admin, const std::string& status) {
    HttpResponse r = Get("/api/v1/event-deliveries?page_size=200&status=" + status, Auth(admin));
    EXPECT_EQ(r.status, 200) << r.body;
    return Json::parse(r.body)["items"].get<std::vector<Json>>();
  }
};

TEST_P(EventsTest, SignedTransferEventDeliveredOnceInScopeOnlyWithRetriesAndDeadLetters) {
  ApiSession admin = As("admin");
  Json sh_police = User(admin, "sh_police");
  Json sz_police = User(admin, "sz_police");
  int receiver_port = FreePort();
  int dead_port = FreePort();
  std::string base = "http://127.0.0.1:" + std::to_string(receiver_port);

  // Only admins manage subscriptions; bad input is refused field by field.
  ApiSession officer = As("sh_officer");
  EXPECT_EQ(Post("/api/v1/event-subscriptions",
                 Json{{"user_id", sh_police["id"]}, {"name", "x"}, {"types", {"transfer.sent"}},
                      {"url", "https://police.example/hook"}}
                     .dump(),
                 Auth(officer))
                .status,
            403);
  HttpResponse bad = Post("/api/v1/event-subscriptions",
                          Json{{"user_id", sh_police["id"]}, {"name", "x"}, {"types", {"no.such"}},
                               {"url", "http://example.org/hook"}}
                              .dump(),
                          Auth(admin));
  ASSERT_EQ(bad.status, 400) << bad.body;
  EXPECT_NE(bad.body.find("types"), std::string::npos);
  EXPECT_NE(bad.body.find("url"), std::string::npos);

  auto [police_sub, police_secret] =
      Subscribe(admin, sh_police["id"], {"transfer.sent", "transfer.received"}, base + "/sh-police");
  // Shenzhen police: another province's agency; a Shanghai transfer is outside its scope.
  auto [sz_sub, sz_secret] = Subscribe(admin, sz_police["id"], {"transfer.sent"}, base + "/sz-police");
  // Nobody ever listens here: retries run out and the delivery is dead.
  auto [dead_sub, dead_secret] = Subscribe(admin, sh_police["id"], {"transfer.sent"},
                                           "http://127.0.0.1:" + std::to_string(dead_port) + "/gone");

  // The officer sends the approved demo transfer to the Shanghai police.
  HttpResponse list = Get("/api/v1/transfers?page_size=200", Auth(officer));
  ASSERT_EQ(list.status, 200) << list.body;
  int64_t transfer_id = 0;
  Json transfers = Json::parse(list.body);
  for (const Json& t : transfers["items"]) {
    if (t["status"] == "approved") transfer_id = t["id"].get<int64_t>();
  }
  ASSERT_GT(transfer_id, 0);
  Json send = {{"action", "send"},
               {"police_agency_id", sh_police["agency"]["id"]},
               {"documents", {{"transfer_letter", true}, {"investigation_report", true}, {"items_list", true}}}};
  HttpResponse sent = Post("/api/v1/transfers/" + std::to_string(transfer_id) + "/actions", send.dump(),
                           Auth(officer));
  ASSERT_EQ(sent.status, 200) << sent.body;
  const std::string subject = "transfers/" + std::to_string(transfer_id);

  // The receiver is down for a while: the worker's first attempts fail and are rescheduled.
  ASSERT_TRUE(WaitFor([&] {
    for (const Json& d : Deliveries(admin, "pending")) {
      if (d["subscription_id"] == police_sub && d["attempts"].get<int>() >= 1) return true;
    }
    return false;
  }, 10)) << "no failed first attempt recorded";
  std::string log = ::testing::TempDir() + "events-" + GetParam() + "-" + std::to_string(getpid()) + ".jsonl";
  std::remove(log.c_str());
  {
    Receiver receiver(receiver_port, {police_secret, sz_secret}, log);
    ASSERT_TRUE(WaitFor([&] {
      for (const Json& e : ReadLog(log)) {
        if (e["path"] == "/sh-police" && e["subject"] == subject) return true;
      }
      return false;
    }, 15)) << "the signed transfer event never arrived";
    // A moment more: a second copy would show now.
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));

    std::vector<Json> received = ReadLog(log);
    int accepted = 0;
    std::string event_id;
    for (const Json& e : received) {
      EXPECT_NE(e["path"], "/sz-police") << "an out-of-scope subscriber received " << e.dump();
      EXPECT_NE(e["outcome"], "rejected") << e.dump();
      EXPECT_NE(e["outcome"], "duplicate") << e.dump();
      if (e["path"] == "/sh-police" && e["subject"] == subject) {
        ++accepted;
        event_id = e["id"];
        EXPECT_EQ(e["type"], "cn.ipenforce.transfer.sent");
      }
    }
    EXPECT_EQ(accepted, 1);
    bool retried = false;
    for (const Json& d : Deliveries(admin, "delivered")) {
      if (d["subscription_id"] == police_sub && d["event_id"] == event_id) {
        retried = d["attempts"].get<int>() >= 2;
      }
      EXPECT_NE(d["subscription_id"], sz_sub) << d.dump();
    }
    EXPECT_TRUE(retried) << "delivered without a retry: the receiver was not down";

    // The example receiver refuses a wrong signature and a stale timestamp (401).
    std::string body = R"({"specversion":"1.0","id":"ipe-forged","type":"cn.ipenforce.transfer.sent"})";
    int64_t now = static_cast<int64_t>(std::time(nullptr));
    auto post = [&](const std::string& signature, int64_t ts) {
      return Send(receiver_port, {"POST", "/sh-police",
                                  {{"Content-Type", "application/json"},
                                   {"webhook-id", "ipe-forged"},
                                   {"webhook-timestamp", std::to_string(ts)},
                                   {"webhook-signature", signature}},
                                  body})
          .status;
    };
    EXPECT_EQ(post(app::WebhookSignature("whsec_" + std::string(44, 'A'), "ipe-forged", now, body), now), 401);
    EXPECT_EQ(post(app::WebhookSignature(police_secret, "ipe-forged", now - 3600, body), now - 3600), 401);
    EXPECT_EQ(post(app::WebhookSignature(police_secret, "ipe-forged", now, body), now), 204);
  }

  // The dead-letter list: the unreachable subscription's delivery after 1 + 5 attempts.
  Json dead;
  ASSERT_TRUE(WaitFor([&] {
    for (const Json& d : Deliveries(admin, "dead")) {
      if (d["subscription_id"] == dead_sub) dead = d;
    }
    return !dead.is_null();
  }, 20)) << "the delivery to a dead endpoint never reached the dead-letter list";
  EXPECT_EQ(dead["attempts"], 6);
  EXPECT_EQ(dead["status_zh"], "投递失败");
  EXPECT_FALSE(dead["last_error"].get<std::string>().empty());
  std::string replay = "/api/v1/event-deliveries/" + std::to_string(dead["id"].get<int64_t>()) + "/replay";
  EXPECT_EQ(Post(replay, "{}", Auth(officer)).status, 403);
  HttpResponse replayed = Post(replay, "{}", Auth(admin));
  ASSERT_EQ(replayed.status, 200) << replayed.body;
  EXPECT_EQ(Json::parse(replayed.body)["status"], "pending");
  EXPECT_EQ(Json::parse(replayed.body)["attempts"], 0);
  EXPECT_EQ(Post(replay, "{}", Auth(admin)).status, 409);  // no longer dead

  // Disabled: listed as inactive; audited with the creation.
  HttpResponse off = Post("/api/v1/event-subscriptions/" + std::to_string(dead_sub) + "/disable", "{}",
                          Auth(admin));
  ASSERT_EQ(off.status, 200) << off.body;
  EXPECT_EQ(Json::parse(off.body)["active"], false);
  HttpResponse audit = Get("/api/v1/audit?page_size=50&entity_type=event_subscription", Auth(admin));
  ASSERT_EQ(audit.status, 200) << audit.body;
  EXPECT_NE(audit.body.find("event_subscription.disable"), std::string::npos);
  EXPECT_NE(audit.body.find("event_subscription.create"), std::string::npos);

  // The pull feed follows the caller's scope: the receiving police and the transferring agency
  // see the event; Shenzhen's police and Guangdong's officer do not.
  auto has_subject = [&](const std::vector<Json>& items) {
    for (const Json& e : items) {
      if (e["subject"] == subject && e["type"] == "cn.ipenforce.transfer.sent") return true;
    }
    return false;
  };
  ApiSession police = As("sh_police");
  std::vector<Json> police_feed = Feed(police);
  EXPECT_TRUE(has_subject(police_feed));
  EXPECT_TRUE(has_subject(Feed(officer)));
  EXPECT_FALSE(has_subject(Feed(As("sz_police"))));
  EXPECT_FALSE(has_subject(Feed(As("gd_officer"))));
  for (const Json& e : police_feed) {
    EXPECT_EQ(e["specversion"], "1.0");
    EXPECT_EQ(e["datacontenttype"], "application/json");
    EXPECT_EQ(e["id"].get<std::string>().rfind("ipe-", 0), 0u);
  }
  // Paging by id: after the first item, the rest follow in order.
  ASSERT_GE(police_feed.size(), 2u);
  std::string first_seq = police_feed[0]["id"].get<std::string>().substr(4);
  HttpResponse next = Get("/api/v1/events?limit=1&after=" + first_seq, Auth(police));
  ASSERT_EQ(next.status, 200) << next.body;
  EXPECT_EQ(Json::parse(next.body)["items"][0]["id"], police_feed[1]["id"]);
  EXPECT_EQ(Get("/api/v1/events?limit=0", Auth(police)).status, 400);
}

// Inbound: a partner's retry of an import with the same Idempotency-Key gets the first answer, not a
// second import; the key with another body is 409; without the key the import runs again.
TEST_P(EventsTest, ImportRetriedWithAnIdempotencyKeyImportsOnce) {
  ApiSession officer = As("sh_officer");
  std::string csv = "title,region_code,category\n幂等导入线索-" + GetParam() + ",310000,trademark\n";
  Headers keyed = Auth(officer);
  keyed.emplace_back("Idempotency-Key", "partner-batch-0001");
  HttpResponse first = Post("/api/v1/leads/import", Json{{"csv", csv}}.dump(), keyed);
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(Json::parse(first.body)["created"], 1);
  HttpResponse retry = Post("/api/v1/leads/import", Json{{"csv", csv}}.dump(), keyed);
  ASSERT_EQ(retry.status, 200) << retry.body;
  EXPECT_EQ(retry.body, first.body);
  EXPECT_EQ(retry.headers["idempotent-replayed"], "true");
  HttpResponse other = Post("/api/v1/leads/import", Json{{"csv", csv + "另一条,310000,trademark\n"}}.dump(), keyed);
  EXPECT_EQ(other.status, 409) << other.body;
  // Another account's same key is its own.
  ApiSession head = As("sh_head");
  Headers head_keyed = Auth(head);
  head_keyed.emplace_back("Idempotency-Key", "partner-batch-0001");
  HttpResponse theirs = Post("/api/v1/leads/import", Json{{"csv", csv}}.dump(), head_keyed);
  ASSERT_EQ(theirs.status, 200) << theirs.body;
  EXPECT_NE(Json::parse(theirs.body)["lead_ids"], Json::parse(first.body)["lead_ids"]);
  // A refused request frees its key: the corrected retry runs.
  Headers bad_keyed = Auth(officer);
  bad_keyed.emplace_back("Idempotency-Key", "partner-batch-0002");
  EXPECT_EQ(Post("/api/v1/leads/import", "{}", bad_keyed).status, 400);
  HttpResponse fixed = Post("/api/v1/leads/import", Json{{"csv", csv}}.dump(), bad_keyed);
  ASSERT_EQ(fixed.status, 200) << fixed.body;
  EXPECT_TRUE(fixed.headers.count("idempotent-replayed") == 0);
  EXPECT_NE(Json::parse(fixed.body)["lead_ids"], Json::parse(first.body)["lead_ids"]);
}

// docs/api.md's worked example, as the server signs it (the receiver's Python computes the same).
TEST(WebhookSignature, DocsWorkedExample) {
  const std::string body =
      R"({"specversion":"1.0","id":"ipe-42","source":"urn:ipenforce","type":"cn.ipenforce.transfer.sent",)"
      R"("subject":"transfers/7","time":"2026-01-01T00:00:00Z","datacontenttype":"application/json",)"
      R"("data":{"transfer_id":7}})";
  EXPECT_EQ(app::WebhookSignature("whsec_aXBlbmZvcmNlLXdlYmhvb2stZXhhbXBsZS1rZXktMzI=", "ipe-42",
                                  1767225600, body),
            "v1,gMaGJ3ZPOp8I7aNpVSfeunFyn53JfgOqQlG6X/RS6rc=");
  EXPECT_NE(app::WebhookSignature("whsec_aXBlbmZvcmNlLXdlYmhvb2stZXhhbXBsZS1rZXktMzI=", "ipe-42",
                                  1767225601, body),
            "v1,gMaGJ3ZPOp8I7aNpVSfeunFyn53JfgOqQlG6X/RS6rc=");
}

TEST(WebhookRetrySchedule, ParsesSecondsAndRefusesTheRest) {
  auto ok = app::ParseRetrySchedule("1, 5,30");
  ASSERT_TRUE(ok.has_value());
  EXPECT_EQ(*ok, (std::vector<int64_t>{1, 5, 30}));
  for (const char* bad : {"", "0", "1,,2", "-1", "1.5", "x"}) {
    EXPECT_FALSE(app::ParseRetrySchedule(bad).has_value()) << bad;
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, EventsTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace ipe::testing
