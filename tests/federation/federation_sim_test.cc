// Two provincial nodes on loopback (docs/federation.md): Shanghai and Guangdong, each a Context on a
// store of its own, announce the keyed hashes of their leads' normalised keys on JetStream and find
// the lead they share — a phone written two ways — without either sending a record: every message
// on the stream holds a node code and (key type, 64-hex hash) pairs only. A node that was offline
// reads what was announced meanwhile from its durable position.
#include <gtest/gtest.h>

#include <unistd.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <vector>

#include "app/context.h"
#include "app/federation/federation.h"
#include "app/leads/leads.h"
#include "app/principal.h"
#include "core/time.h"
#include "fresh_db.h"
#include "nats_server.h"
#include "storage/db.h"
#include "storage/migrate.h"
#include "stream/jetstream.h"

namespace ipe::app {
namespace {

using Json = nlohmann::json;

const std::string kSecret = "federation-test-key-0123456789abcdef";  // ≥ 32 bytes

struct Node {
  std::unique_ptr<storage::Database> db;
  std::unique_ptr<Context> ctx;
  FederationOptions options;
};

class FederationSimTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    ASSERT_TRUE(nats_->ok()) << nats_->problem();  // CI installs nats-server (deps-apt.txt)
    // A stream of its own per test: the suite shares one broker, and durable positions persist.
    static int run = 0;
    std::string tag = std::to_string(getpid()) + "_" + std::to_string(++run);
    for (auto [node, code] : {std::pair{&sh_, "310000"}, std::pair{&gd_, "440000"}}) {
      std::string url = ipe::testing::FreshDatabaseUrl(GetParam(), "fed");
      if (url.empty()) GTEST_SKIP() << "IPE_PG_DSN not set: PostgreSQL run skipped";
      auto db = storage::OpenDatabase(url);
      ASSERT_TRUE(db.has_value()) << db.error().ToString();
      node->db = std::move(*db);
      ASSERT_TRUE(storage::Migrate(*node->db, storage::AllMigrations(), clock_.Now()).has_value());
      node->ctx = std::make_unique<Context>(*node->db, clock_);
      node->options = {.node = code, .secret = kSecret};
      node->options.stream = "FED_" + tag;
      node->options.subject_prefix = "fed." + tag + ".keys.";
    }
    auto js = stream::JetStream::Connect(nats_->url());
    ASSERT_TRUE(js.has_value()) << js.error().ToString();
    js_ = std::move(*js);
  }
  void TearDown() override {
    for (Node* n : {&sh_, &gd_}) n->ctx.reset();
  }

  int64_t AddLeadWith(Node& node, const std::string& region, const std::string& type,
                      const std::string& value, const std::string& title) {
    NewLead in;
    in.source = "api";
    in.source_ref = title;
    in.region_code = region;
    in.category = "trademark";
    in.title = title;
    LeadObservable o;
    o.type = type;
    o.value = value;
    in.observables = {o};
    auto made = AddLead(*node.ctx, Principal::System(), in);
    EXPECT_TRUE(made.has_value()) << made.error().ToString();
    return made ? made->lead.id : 0;
  }

  // Every message ever announced, read through a consumer of its own.
  std::vector<std::string> AllAnnouncements() {
    stream::ConsumerSpec spec;
    spec.stream = sh_.options.stream;
    spec.durable = "audit-reader";
    spec.filter = sh_.options.subject_prefix + ">";
    auto consumer = js_->PullSubscribe(spec);
    EXPECT_TRUE(consumer.has_value());
    std::vector<std::string> out;
    if (!consumer) return out;
    for (;;) {
      auto msgs = (*consumer)->Fetch(64, 300);
      if (!msgs || msgs->empty()) break;
      for (auto& m : *msgs) {
        out.emplace_back(m.data());
        EXPECT_TRUE((*consumer)->Ack(m).ok());
      }
    }
    return out;
  }

  static void SetUpTestSuite() { nats_ = new ipe::testing::NatsServer(); }
  static void TearDownTestSuite() {
    delete nats_;
    nats_ = nullptr;
  }
  static inline ipe::testing::NatsServer* nats_ = nullptr;
  core::FakeClock clock_{core::Timestamp{1767225600}};  // 2026-01-01
  std::unique_ptr<stream::JetStream> js_;
  Node sh_, gd_;
};

TEST_P(FederationSimTest, TwoProvincesFindTheirSharedLeadWithoutSendingARecord) {
  int64_t sh_phone = AddLeadWith(sh_, "310104", "phone", "13912345678", "上海 售假网店 甲");
  AddLeadWith(sh_, "310104", "qq", "52013140", "上海 售假网店 乙");
  int64_t gd_phone = AddLeadWith(gd_, "440305", "phone", "+86 139 1234 5678", "深圳 仓库 丙");
  AddLeadWith(gd_, "440305", "phone", "13700001234", "深圳 仓库 丁");

  auto sent_sh = PublishLeadKeys(*sh_.ctx, *js_, sh_.options);
  ASSERT_TRUE(sent_sh.has_value()) << sent_sh.error().ToString();
  EXPECT_EQ(*sent_sh, 2);
  auto sent_gd = PublishLeadKeys(*gd_.ctx, *js_, gd_.options);
  ASSERT_TRUE(sent_gd.has_value()) << sent_gd.error().ToString();
  EXPECT_EQ(*sent_gd, 2);

  auto at_sh = FindCrossNodeMatches(*sh_.ctx, *js_, sh_.options, 300);
  ASSERT_TRUE(at_sh.has_value()) << at_sh.error().ToString();
  EXPECT_EQ(*at_sh, (std::vector<FederatedMatch>{{sh_phone, "phone", "440000"}}));
  auto at_gd = FindCrossNodeMatches(*gd_.ctx, *js_, gd_.options, 300);
  ASSERT_TRUE(at_gd.has_value()) << at_gd.error().ToString();
  EXPECT_EQ(*at_gd, (std::vector<FederatedMatch>{{gd_phone, "phone", "310000"}}));

  // What crossed: node codes and (type, hash) pairs — no number, no title, no lead id, no district.
  std::vector<std::string> sent = AllAnnouncements();
  ASSERT_EQ(sent.size(), 2u);
  std::regex hex64("^[0-9a-f]{64}$");
  for (const std::string& text : sent) {
    for (const char* secret : {"13912345678", "+8613912345678", "52013140", "13700001234", "售假",
                               "仓库", "310104", "440305"}) {
      EXPECT_EQ(text.find(secret), std::string::npos) << secret << " in " << text;
    }
    Json j = Json::parse(text);
    ASSERT_EQ(j.size(), 2u) << text;  // node, keys
    EXPECT_TRUE(j["node"] == "310000" || j["node"] == "440000");
    for (const Json& k : j["keys"]) {
      ASSERT_EQ(k.size(), 2u) << k.dump();  // type, hash
      EXPECT_TRUE(std::regex_match(k["hash"].get<std::string>(), hex64));
    }
  }
}

TEST_P(FederationSimTest, ANodeThatWasOfflineCatchesUpFromItsDurablePosition) {
  int64_t sh_qq = AddLeadWith(sh_, "310104", "qq", "52013140", "上海 售假网店 乙");
  ASSERT_TRUE(PublishLeadKeys(*sh_.ctx, *js_, sh_.options).has_value());
  // Shanghai reads once (nothing to match yet), then goes offline.
  auto before = FindCrossNodeMatches(*sh_.ctx, *js_, sh_.options, 200);
  ASSERT_TRUE(before.has_value());
  EXPECT_TRUE(before->empty());
  // Meanwhile Guangdong records a lead with the same QQ and announces it.
  int64_t gd_qq = AddLeadWith(gd_, "440305", "qq", "52013140", "深圳 仓库 戊");
  ASSERT_TRUE(PublishLeadKeys(*gd_.ctx, *js_, gd_.options).has_value());
  // Back online, Shanghai reads what it missed; Guangdong sees Shanghai's older announcement.
  auto after = FindCrossNodeMatches(*sh_.ctx, *js_, sh_.options, 200);
  ASSERT_TRUE(after.has_value());
  EXPECT_EQ(*after, (std::vector<FederatedMatch>{{sh_qq, "qq", "440000"}}));
  auto at_gd = FindCrossNodeMatches(*gd_.ctx, *js_, gd_.options, 200);
  ASSERT_TRUE(at_gd.has_value());
  EXPECT_EQ(*at_gd, (std::vector<FederatedMatch>{{gd_qq, "qq", "310000"}}));
  // A hash is keyed: without the federation's key the same number gives another value.
  EXPECT_NE(FederatedKeyHash(kSecret, "qq", "52013140"),
            FederatedKeyHash(std::string(32, 'x'), "qq", "52013140"));
  // A node code that is no region code, or a short key, is refused before anything is sent.
  FederationOptions bad_node_options = sh_.options;
  bad_node_options.node = "31";
  auto bad_node = PublishLeadKeys(*sh_.ctx, *js_, bad_node_options);
  ASSERT_FALSE(bad_node.has_value());
  EXPECT_EQ(bad_node.error().code(), core::StatusCode::kInvalidArgument);
  FederationOptions short_key_options = sh_.options;
  short_key_options.secret = "short";
  auto short_key = PublishLeadKeys(*sh_.ctx, *js_, short_key_options);
  ASSERT_FALSE(short_key.has_value());
  EXPECT_EQ(short_key.error().code(), core::StatusCode::kInvalidArgument);
}

INSTANTIATE_TEST_SUITE_P(Stores, FederationSimTest, ::testing::Values("sqlite", "postgres"));

}  // namespace
}  // namespace ipe::app
