// /api/v1/leads end to end: the real `ipenforce serve --demo` on SQLite and (with IPE_PG_DSN) on
// PostgreSQL. The demo holds one counterfeit-shoe operation seen in Shanghai (Pudong), Shenzhen
// and Beijing, tied by a phone number and a web shop.
#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "test_server.h"

namespace ipe::testing {
namespace {

using Json = nlohmann::json;
using Headers = std::vector<std::pair<std::string, std::string>>;

class LeadsApiTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    db_url_ = FreshDatabaseUrl(GetParam());
    if (db_url_.empty()) GTEST_SKIP() << "IPE_PG_DSN not set: PostgreSQL run skipped";
    server_ = std::make_unique<ServerProcess>(IPE_BINARY, db_url_);
  }

  struct Session {
    std::string cookie;
    std::string csrf;
  };
  Session Login(const std::string& login, const std::string& password = "Demo@12345") {
    HttpResponse r = Send(server_->port(), {"POST", "/api/v1/session",
                                            {{"Content-Type", "application/json"}},
                                            Json{{"login", login}, {"password", password}}.dump()});
    EXPECT_EQ(r.status, 200) << r.body;
    Session s;
    for (const auto& c : r.set_cookies) {
      if (c.rfind("ipe_session=", 0) == 0) s.cookie = c.substr(0, c.find(';'));
    }
    s.csrf = Json::parse(r.body).value("csrf_token", "");
    return s;
  }
  Headers Auth(const Session& s) { return {{"Cookie", s.cookie}, {"X-CSRF-Token", s.csrf}}; }
  HttpResponse Get(const Session& s, const std::string& path) {
    return Send(server_->port(), {"GET", path, Auth(s), ""});
  }
  HttpResponse Post(const Session& s, const std::string& path, const std::string& body,
                    const std::string& type = "application/json") {
    Headers h = Auth(s);
    h.emplace_back("Content-Type", type);
    return Send(server_->port(), {"POST", path, h, body});
  }
  Json GetJson(const Session& s, const std::string& path, int status = 200) {
    HttpResponse r = Get(s, path);
    EXPECT_EQ(r.status, status) << path << ": " << r.body;
    return Json::parse(r.body);
  }
  std::set<std::string> Fields(const HttpResponse& r) {
    std::set<std::string> out;
    for (const auto& e : Json::parse(r.body).value("errors", Json::array())) {
      out.insert(e.value("field", ""));
    }
    return out;
  }

  std::string db_url_;
  std::unique_ptr<ServerProcess> server_;
};

TEST_P(LeadsApiTest, AnOfficerSeesOnlyThatAnotherAgencyHoldsAMatch) {
  Session pd = Login("pd_officer");
  Json page = GetJson(pd, "/api/v1/leads");
  ASSERT_EQ(page["total"], 1) << page.dump();
  int64_t id = page["items"][0]["id"];
  EXPECT_EQ(page["items"][0]["agency"]["name"], "上海市浦东新区市场监督管理局");

  HttpResponse detail = Get(pd, "/api/v1/leads/" + std::to_string(id));
  ASSERT_EQ(detail.status, 200) << detail.body;
  Json lead = Json::parse(detail.body);
  EXPECT_TRUE(lead["links"]["linked"].empty());
  std::set<std::string> hidden;
  for (const Json& h : lead["links"]["beyond_scope"]) {
    hidden.insert(h["agency"]["name"].get<std::string>());
    EXPECT_EQ(h.size(), 2u) << h.dump();  // agency and exists: nothing else
  }
  EXPECT_EQ(hidden, (std::set<std::string>{"北京市市场监督管理局", "深圳市市场监督管理局"}));
  // No content of the hidden leads: titles, waybill, domain, ids.
  for (const char* secret : {"宝安", "北京消费者", "SF1234", "fakeshoes88.com.cn", "440300",
                             "110105"}) {
    EXPECT_EQ(detail.body.find(secret), std::string::npos) << secret;
  }
  Json cluster = GetJson(pd, "/api/v1/leads/clusters/" + std::to_string(id));
  EXPECT_EQ(cluster["size"], 1);
  EXPECT_EQ(cluster["beyond_scope"].size(), 2u);

  // The hidden leads themselves are not found; asking for access is recorded and audited.
  Session admin = Login("admin", "Admin@12345");
  Json all = GetJson(admin, "/api/v1/leads?page_size=50");
  for (const Json& l : all["items"]) {
    if (l["id"] != id && l["region_code"] != "310000") {
      EXPECT_EQ(Get(pd, "/api/v1/leads/" + std::to_string(l["id"].get<int64_t>())).status, 404);
    }
  }
  int64_t sz_id = 0;
  for (const Json& h : lead["links"]["beyond_scope"]) {
    if (h["agency"]["name"] == "深圳市市场监督管理局") sz_id = h["agency"]["id"];
  }
  HttpResponse req = Post(pd, "/api/v1/leads/" + std::to_string(id) + "/access-requests",
                          Json{{"agency_id", sz_id}, {"reason", "联合查处需要"}}.dump());
  EXPECT_EQ(req.status, 201) << req.body;
  Json audit = GetJson(admin, "/api/v1/audit?action=lead.access_request");
  EXPECT_EQ(audit["total"], 1);
  HttpResponse probe = Post(pd, "/api/v1/leads/" + std::to_string(id) + "/access-requests",
                            Json{{"agency_id", 1}, {"reason", "试探"}}.dump());
  EXPECT_EQ(probe.status, 404) << probe.body;
}

TEST_P(LeadsApiTest, TheOfficeSeesTheCrossRegionClusterItsGraphAndTheAlert) {
  Session admin = Login("admin", "Admin@12345");
  Json clusters = GetJson(admin, "/api/v1/leads/clusters?cross_region=true");
  ASSERT_EQ(clusters["total"], 1) << clusters.dump();
  Json c = clusters["items"][0];
  EXPECT_EQ(c["size"], 3);
  EXPECT_EQ(c["regions"], (Json{"110105", "310115", "440300"}));
  Json detail = GetJson(admin, "/api/v1/leads/clusters/" + std::to_string(c["id"].get<int64_t>()));
  std::set<std::string> keys;
  int lead_nodes = 0;
  for (const Json& n : detail["graph"]["nodes"]) {
    if (n["kind"] == "lead") ++lead_nodes;
    if (n["kind"] == "key") keys.insert(n["key_type"].get<std::string>() + ":" +
                                        n["label"].get<std::string>());
  }
  EXPECT_EQ(lead_nodes, 3);
  EXPECT_TRUE(keys.count("phone:+8613912345678"));
  EXPECT_TRUE(keys.count("web_shop:taobao:fakeshoes88"));
  EXPECT_GE(detail["graph"]["edges"].size(), 4u);
  Json alerts = GetJson(admin, "/api/v1/leads/alerts");
  ASSERT_EQ(alerts["total"], 1);
  EXPECT_EQ(alerts["items"][0]["region_code"], "000000");
  Session officer = Login("sh_officer");
  EXPECT_EQ(Get(officer, "/api/v1/leads/alerts").status, 403);
}

TEST_P(LeadsApiTest, CreateIsIdempotentAndValidates) {
  Session sh = Login("sh_officer");
  Json lead = {{"source", "api"},       {"source_ref", "SYS-2026-0001"}, {"region_code", "310104"},
               {"category", "trademark"}, {"title", "徐汇区商场销售假冒箱包"},
               {"observables", {{{"type", "phone"}, {"value", "021-6123 4567"}},
                                {{"type", "uscc"}, {"value", "9135 0100 m000 100y 43"}}}}};
  HttpResponse first = Post(sh, "/api/v1/leads", lead.dump());
  ASSERT_EQ(first.status, 201) << first.body;
  Json a = Json::parse(first.body);
  EXPECT_TRUE(a["created"].get<bool>());
  EXPECT_EQ(a["observables"][0]["key"]["value"], "+862161234567");
  EXPECT_EQ(a["observables"][1]["key"]["value"], "91350100M000100Y43");
  HttpResponse second = Post(sh, "/api/v1/leads", lead.dump());
  ASSERT_EQ(second.status, 200) << second.body;
  EXPECT_EQ(Json::parse(second.body)["id"], a["id"]);
  EXPECT_FALSE(Json::parse(second.body)["created"].get<bool>());

  Json bad = {{"region_code", "310104"}, {"category", "trademark"}, {"title", "x"},
              {"observables", {{{"type", "phone"}, {"value", "12"}}}}, {"colour", "red"}};
  HttpResponse r = Post(sh, "/api/v1/leads", bad.dump());
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Fields(r), (std::set<std::string>{"colour"}));
  bad.erase("colour");
  r = Post(sh, "/api/v1/leads", bad.dump());
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Fields(r), (std::set<std::string>{"observables[0]"}));
  EXPECT_EQ(Post(sh, "/api/v1/leads", Json{{"region_code", "440300"}, {"category", "trademark"},
                                          {"title", "越权"}}.dump()).status, 403);
  EXPECT_EQ(GetJson(sh, "/api/v1/leads?source=api")["total"], 1);
}

TEST_P(LeadsApiTest, CsvImportIsAllOrNothingAndScreeningAndMergeWork) {
  Session sh = Login("sh_officer");
  int64_t before = GetJson(sh, "/api/v1/leads")["total"];
  std::string bad = "title,region_code,category,source_ref,phone\n"
                    "好行,310000,trademark,c1,13912345678\n"
                    "坏行,310000,trademark,c2,12\n";
  HttpResponse r = Post(sh, "/api/v1/leads/import", bad, "text/csv; charset=utf-8");
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(Fields(r), (std::set<std::string>{"rows[2].phone"}));
  EXPECT_EQ(GetJson(sh, "/api/v1/leads")["total"], before);

  std::string good = "title,region_code,category,source_ref,qq\n"
                     "甲,310000,trademark,c1,31415926\n"
                     "乙,310000,trademark,c2,QQ 31415926\n";
  r = Post(sh, "/api/v1/leads/import", Json{{"csv", good}}.dump());
  ASSERT_EQ(r.status, 200) << r.body;
  Json result = Json::parse(r.body);
  EXPECT_EQ(result["created"], 2);
  int64_t a = result["lead_ids"][0], b = result["lead_ids"][1];
  Json la = GetJson(sh, "/api/v1/leads/" + std::to_string(a));
  ASSERT_EQ(la["links"]["linked"].size(), 1u);
  EXPECT_EQ(la["links"]["linked"][0]["id"], b);

  std::string path_a = "/api/v1/leads/" + std::to_string(a);
  EXPECT_EQ(Post(sh, path_a + "/screen", R"({"decision":"dismiss"})").status, 400);
  HttpResponse ok = Post(sh, path_a + "/screen", R"({"decision":"accept","reason":"属实"})");
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(Json::parse(ok.body)["status"], "accepted");
  EXPECT_EQ(Post(sh, path_a + "/screen", R"({"decision":"accept"})").status, 409);

  HttpResponse merged = Post(sh, path_a + "/merge", Json{{"lead_ids", {b}}, {"reason", "重复"}}.dump());
  ASSERT_EQ(merged.status, 200) << merged.body;
  EXPECT_EQ(GetJson(sh, "/api/v1/leads/" + std::to_string(b))["status"], "merged");
  EXPECT_TRUE(GetJson(sh, path_a)["links"]["linked"].empty());
}

TEST_P(LeadsApiTest, ARestartRebuildsTheSameClusters) {
  Session admin = Login("admin", "Admin@12345");
  Json before = GetJson(admin, "/api/v1/leads/clusters?page_size=200");
  ASSERT_GE(before["total"].get<int>(), 1);
  server_.reset();
  server_ = std::make_unique<ServerProcess>(IPE_BINARY, db_url_);  // --demo again: idempotent
  admin = Login("admin", "Admin@12345");
  EXPECT_EQ(GetJson(admin, "/api/v1/leads/clusters?page_size=200"), before);
  EXPECT_EQ(GetJson(admin, "/api/v1/leads/alerts")["total"], 1);
  EXPECT_EQ(GetJson(admin, "/api/v1/leads")["total"], 5);
}

INSTANTIATE_TEST_SUITE_P(Backends, LeadsApiTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace ipe::testing
