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

  using Session = ApiSession;
  Session Login(const std::string& login, const std::string& password = "Demo@12345") {
    Session s = LogIn(server_->port(), login, password);
    EXPECT_EQ(s.status, 200) << s.body;
    return s;
  }
  Headers Auth(const Session& s) { return s.AuthHeaders(); }
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

// A file at the import's own limit (5,000 rows) is larger than the server's default body limit
// (1 MiB): the route accepts it and the import answers for its rows, not the transport with 413.
TEST_P(LeadsApiTest, AFileOfFiveThousandRowsReachesTheImport) {
  Session sh = Login("sh_officer");
  int64_t before = GetJson(sh, "/api/v1/leads")["total"];
  std::string csv = "title,region_code,category,source_ref,phone,description\n";
  const std::string description(120, 'x');  // a short note, as reports carry
  for (int i = 1; i <= 5000; ++i) {
    csv += "群众举报某仓库存放假冒运动鞋第" + std::to_string(i) + "批,310000,trademark,big" +
           std::to_string(i) + "," + (i == 5000 ? "12" : "13912345678") + "," + description + "\n";
  }
  ASSERT_GT(csv.size(), 1u << 20);
  HttpResponse r = Post(sh, "/api/v1/leads/import", csv, "text/csv; charset=utf-8");
  EXPECT_EQ(r.status, 400) << r.body.substr(0, 300);
  EXPECT_EQ(Fields(r), (std::set<std::string>{"rows[5000].phone"}));
  EXPECT_EQ(GetJson(sh, "/api/v1/leads")["total"], before);
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

// 申请查看 end to end: pd_officer (Pudong) asks Shenzhen and Beijing for their matching records.
// Shenzhen's officer approves: pd_officer then sees that record. The office refuses Beijing's:
// pd_officer never sees it.
TEST_P(LeadsApiTest, AnApprovedRequestShowsTheRecordARefusedOneDoesNot) {
  Session pd = Login("pd_officer");
  Session sz = Login("sz_officer");
  Session office = Login("office");
  Session admin = Login("admin", "Admin@12345");
  int64_t id = GetJson(pd, "/api/v1/leads")["items"][0]["id"];
  std::string path = "/api/v1/leads/" + std::to_string(id);
  int64_t sz_lead = 0, bj_lead = 0;
  Json all = GetJson(admin, "/api/v1/leads?page_size=50");  // named: items must outlive the loop
  for (const Json& l : all["items"]) {
    if (l["region_code"] == "440300" && l["category"] == "trademark") sz_lead = l["id"];
    if (l["region_code"] == "110105") bj_lead = l["id"];
  }
  ASSERT_GT(sz_lead, 0);
  ASSERT_GT(bj_lead, 0);
  int64_t sz_agency = 0, bj_agency = 0;
  Json first = GetJson(pd, path);
  for (const Json& h : first["links"]["beyond_scope"]) {
    if (h["agency"]["name"] == "深圳市市场监督管理局") sz_agency = h["agency"]["id"];
    if (h["agency"]["name"] == "北京市市场监督管理局") bj_agency = h["agency"]["id"];
  }
  auto ask = [&](int64_t agency) {
    HttpResponse r = Post(pd, path + "/access-requests",
                          Json{{"agency_id", agency}, {"reason", "联合查处需要"}}.dump());
    EXPECT_EQ(r.status, 201) << r.body;
    return Json::parse(r.body)["id"].get<int64_t>();
  };
  int64_t to_sz = ask(sz_agency), to_bj = ask(bj_agency);
  EXPECT_EQ(Post(pd, path + "/access-requests",
                 Json{{"agency_id", sz_agency}, {"reason", "再次"}}.dump()).status, 409);

  auto secrets_absent = [&](const std::string& body, std::vector<std::string> secrets) {
    for (const std::string& secret : secrets) {
      EXPECT_EQ(body.find(secret), std::string::npos) << secret << " in " << body;
    }
  };
  // Pending: nothing of either record; the requester sees its request's state.
  HttpResponse before = Get(pd, path);
  secrets_absent(before.body, {"宝安", "SF", "北京消费者", "fakeshoes88.com.cn", "440300", "110105"});
  for (const Json& h : Json::parse(before.body)["links"]["beyond_scope"]) {
    EXPECT_EQ(h["request"]["status"], "pending") << h.dump();
  }
  EXPECT_EQ(Get(pd, "/api/v1/leads/" + std::to_string(sz_lead)).status, 404);

  // Shenzhen's inbox: the request with Shenzhen's own matching lead; not Beijing's request.
  Json inbox = GetJson(sz, "/api/v1/leads/access-requests?box=incoming&status=pending");
  ASSERT_EQ(inbox["total"], 1) << inbox.dump();
  EXPECT_EQ(inbox["items"][0]["id"], to_sz);
  EXPECT_EQ(inbox["items"][0]["requester"]["name"], "郑执法");
  ASSERT_EQ(inbox["items"][0]["records"].size(), 1u);
  EXPECT_EQ(inbox["items"][0]["records"][0]["id"], sz_lead);
  EXPECT_EQ(GetJson(pd, "/api/v1/leads/access-requests?box=incoming")["total"], 0);
  EXPECT_EQ(Get(pd, "/api/v1/leads/access-requests?box=sideways").status, 400);
  // Nobody but the holder (or the office) decides.
  std::string decide_sz = "/api/v1/leads/access-requests/" + std::to_string(to_sz) + "/decide";
  EXPECT_EQ(Post(pd, decide_sz, R"({"decision":"approve"})").status, 404);
  EXPECT_EQ(Post(sz, decide_sz, R"({"decision":"approve","days":365})").status, 400);
  HttpResponse ok = Post(sz, decide_sz, R"({"decision":"approve","reason":"同意","days":7})");
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(Json::parse(ok.body)["status"], "approved");
  EXPECT_FALSE(Json::parse(ok.body)["expires_at"].is_null());
  EXPECT_EQ(Post(sz, decide_sz, R"({"decision":"refuse","reason":"撤回"})").status, 409);

  std::string decide_bj = "/api/v1/leads/access-requests/" + std::to_string(to_bj) + "/decide";
  EXPECT_EQ(Post(office, decide_bj, R"({"decision":"refuse"})").status, 400);  // reason required
  HttpResponse no = Post(office, decide_bj, R"({"decision":"refuse","reason":"正在秘密侦查"})");
  ASSERT_EQ(no.status, 200) << no.body;
  EXPECT_EQ(Json::parse(no.body)["records"].size(), 0u);

  // After: Shenzhen's record is shown with its content, Beijing's still is not.
  HttpResponse after = Get(pd, path);
  Json lead = Json::parse(after.body);
  ASSERT_EQ(lead["links"]["linked"].size(), 1u) << after.body;
  EXPECT_EQ(lead["links"]["linked"][0]["id"], sz_lead);
  EXPECT_EQ(lead["links"]["linked"][0]["title"], "深圳市宝安区仓库疑似存储假冒运动鞋");
  EXPECT_FALSE(lead["links"]["linked"][0]["granted_until"].is_null());
  ASSERT_EQ(lead["links"]["beyond_scope"].size(), 1u);
  EXPECT_EQ(lead["links"]["beyond_scope"][0]["agency"]["name"], "北京市市场监督管理局");
  EXPECT_EQ(lead["links"]["beyond_scope"][0]["request"]["status"], "refused");
  secrets_absent(after.body, {"北京消费者", "fakeshoes88.com.cn", "110105"});
  HttpResponse record = Get(pd, "/api/v1/leads/" + std::to_string(sz_lead));
  ASSERT_EQ(record.status, 200) << record.body;
  EXPECT_NE(record.body.find("SF 1234 5678 9012"), std::string::npos);
  EXPECT_FALSE(Json::parse(record.body)["granted_until"].is_null());
  EXPECT_EQ(Get(pd, "/api/v1/leads/" + std::to_string(bj_lead)).status, 404);
  // Read-only: the requester cannot act on it.
  EXPECT_EQ(Post(pd, "/api/v1/leads/" + std::to_string(sz_lead) + "/screen",
                 R"({"decision":"dismiss","reason":"x"})").status, 404);
  // Only the requester: another Shanghai officer sees nothing.
  EXPECT_EQ(Get(Login("sh_officer"), "/api/v1/leads/" + std::to_string(sz_lead)).status, 404);

  Json mine = GetJson(pd, "/api/v1/leads/access-requests?box=outgoing");
  ASSERT_EQ(mine["total"], 2);
  EXPECT_EQ(mine["items"][0]["status"], "refused");
  EXPECT_EQ(mine["items"][0]["decision_reason"], "正在秘密侦查");
  EXPECT_EQ(mine["items"][1]["status"], "approved");
  EXPECT_EQ(mine["items"][1]["records"][0]["id"], sz_lead);
  EXPECT_EQ(GetJson(admin, "/api/v1/audit?action=lead.access_request")["total"], 2);
  EXPECT_EQ(GetJson(admin, "/api/v1/audit?action=lead.access_approve")["total"], 1);
  EXPECT_EQ(GetJson(admin, "/api/v1/audit?action=lead.access_refuse")["total"], 1);
}

TEST_P(LeadsApiTest, ConvertToCaseKeepsTheLinkTwiceIs409AndFailuresWriteNothing) {
  Session pd = Login("pd_officer");
  Session admin = Login("admin", "Admin@12345");
  int64_t id = GetJson(pd, "/api/v1/leads")["items"][0]["id"];
  std::string path = "/api/v1/leads/" + std::to_string(id);
  int64_t cases_before = GetJson(admin, "/api/v1/cases?page_size=1")["total"];
  auto writes = [&] {  // lead and case audit records (logins are audited too)
    return GetJson(admin, "/api/v1/audit?action=lead.&page_size=1")["total"].get<int64_t>() +
           GetJson(admin, "/api/v1/audit?action=case.&page_size=1")["total"].get<int64_t>();
  };
  int64_t audit_before = writes();
  // A new lead is not converted; out of scope is 404; the office opens no cases (403).
  EXPECT_EQ(Post(pd, path + "/convert", R"({"case_number":"浦市监案〔2026〕1号"})").status, 409);
  ASSERT_EQ(Post(pd, path + "/screen", R"({"decision":"accept"})").status, 200);
  EXPECT_EQ(Post(Login("sz_officer"), path + "/convert", R"({"case_number":"x"})").status, 404);
  EXPECT_EQ(Post(Login("office"), path + "/convert", R"({"case_number":"x"})").status, 403);
  HttpResponse bad = Post(pd, path + "/convert", R"({"case_number":"浦1","category":"bogus"})");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(Fields(bad), (std::set<std::string>{"category"}));
  EXPECT_EQ(GetJson(admin, "/api/v1/cases?page_size=1")["total"], cases_before);
  EXPECT_EQ(writes(), audit_before + 1);  // the accept

  HttpResponse r = Post(pd, path + "/convert", R"({"case_number":"浦市监案〔2026〕1号"})");
  ASSERT_EQ(r.status, 201) << r.body;
  Json converted = Json::parse(r.body);
  EXPECT_EQ(converted["status"], "converted");
  int64_t case_id = converted["case"]["id"];
  EXPECT_EQ(converted["case_id"], case_id);
  EXPECT_EQ(Post(pd, path + "/convert", R"({"case_number":"浦市监案〔2026〕2号"})").status, 409);

  // The case exists under the lead's agency and region and names the lead; the lead names it.
  Json c = GetJson(pd, "/api/v1/cases/" + std::to_string(case_id));
  EXPECT_EQ(c["case_number"], "浦市监案〔2026〕1号");
  EXPECT_EQ(c["title"], "浦东新区网店销售假冒知名品牌运动鞋");
  EXPECT_EQ(c["source"], "inspection");  // manual → 检查发现
  bool origin = false;
  for (const Json& e : c["events"]) {
    origin = origin || (e["kind"] == "origin" &&
                        e["summary"].get<std::string>().find("#" + std::to_string(id)) !=
                            std::string::npos);
  }
  EXPECT_TRUE(origin) << c.dump();
  EXPECT_EQ(GetJson(pd, path)["case_id"], case_id);
  Json by_case = GetJson(pd, "/api/v1/leads?case_id=" + std::to_string(case_id));
  ASSERT_EQ(by_case["total"], 1);
  EXPECT_EQ(by_case["items"][0]["id"], id);
  EXPECT_EQ(GetJson(admin, "/api/v1/audit?action=lead.convert")["total"], 1);

  // A taken case number: 409, the lead stays accepted and no case or audit record is added.
  Session sh = Login("sh_officer");
  std::string taken = GetJson(sh, "/api/v1/cases?page_size=1")["items"][0]["case_number"];
  HttpResponse created = Post(sh, "/api/v1/leads",
                              Json{{"region_code", "310000"}, {"category", "trademark"},
                                   {"title", "市局线索"}}.dump());
  ASSERT_EQ(created.status, 201) << created.body;
  std::string sh_path = "/api/v1/leads/" + Json::parse(created.body)["id"].dump();
  ASSERT_EQ(Post(sh, sh_path + "/screen", R"({"decision":"accept"})").status, 200);
  cases_before = GetJson(admin, "/api/v1/cases?page_size=1")["total"];
  audit_before = writes();
  HttpResponse dup = Post(sh, sh_path + "/convert", Json{{"case_number", taken}}.dump());
  EXPECT_EQ(dup.status, 409) << dup.body;
  EXPECT_EQ(GetJson(admin, "/api/v1/cases?page_size=1")["total"], cases_before);
  EXPECT_EQ(writes(), audit_before);
  EXPECT_EQ(GetJson(sh, sh_path)["status"], "accepted");
}

TEST_P(LeadsApiTest, TheOfficeAcknowledgesAlertsAndReassignsLeads) {
  Session office = Login("office");
  Json alerts = GetJson(office, "/api/v1/leads/alerts?acknowledged=false");
  ASSERT_EQ(alerts["total"], 1);
  std::string ack = "/api/v1/leads/alerts/" + alerts["items"][0]["id"].dump() + "/acknowledge";
  EXPECT_EQ(Post(office, ack, R"({"note":""})").status, 400);
  EXPECT_EQ(Post(Login("sh_officer"), ack, R"({"note":"已阅"})").status, 403);
  HttpResponse r = Post(office, ack, R"({"note":"已部署沪粤京三地联合查处"})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Json::parse(r.body)["ack_note"], "已部署沪粤京三地联合查处");
  EXPECT_EQ(Json::parse(r.body)["acknowledged_by"], "王协调");
  EXPECT_EQ(Post(office, ack, R"({"note":"再阅"})").status, 409);
  EXPECT_EQ(GetJson(office, "/api/v1/leads/alerts?acknowledged=false")["total"], 0);

  // Reassign Pudong's lead to Shanghai's municipal regulator.
  Session pd = Login("pd_officer");
  Session sh = Login("sh_officer");
  int64_t id = GetJson(pd, "/api/v1/leads")["items"][0]["id"];
  std::string path = "/api/v1/leads/" + std::to_string(id);
  Json agencies = GetJson(office, "/api/v1/agencies?q=%E4%B8%8A%E6%B5%B7%E5%B8%82%E5%B8%82%E5%9C%BA");
  int64_t sh_agency = 0, sz_agency = 0;
  for (const Json& a : agencies["items"]) {
    if (a["name"] == "上海市市场监督管理局") sh_agency = a["id"];
  }
  Json every = GetJson(office, "/api/v1/agencies?page_size=200");
  for (const Json& a : every["items"]) {
    if (a["name"] == "深圳市市场监督管理局") sz_agency = a["id"];
  }
  ASSERT_GT(sh_agency, 0);
  ASSERT_GT(sz_agency, 0);
  EXPECT_EQ(Post(pd, path + "/reassign", Json{{"agency_id", sh_agency}, {"reason", "x"}}.dump())
                .status, 403);
  HttpResponse far = Post(office, path + "/reassign",
                          Json{{"agency_id", sz_agency}, {"reason", "深圳承办"}}.dump());
  EXPECT_EQ(far.status, 400);
  EXPECT_EQ(Fields(far), (std::set<std::string>{"agency_id"}));
  HttpResponse moved = Post(office, path + "/reassign",
                            Json{{"agency_id", sh_agency}, {"reason", "跨区域案件由市局办理"}}.dump());
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_EQ(Json::parse(moved.body)["agency"]["id"], sh_agency);
  EXPECT_EQ(Json::parse(moved.body)["status"], "new");
  EXPECT_EQ(Get(pd, path).status, 404);
  EXPECT_EQ(Get(sh, path).status, 200);
  Session admin = Login("admin", "Admin@12345");
  EXPECT_EQ(GetJson(admin, "/api/v1/audit?action=lead.reassign")["total"], 1);
  EXPECT_EQ(GetJson(admin, "/api/v1/audit?action=lead.alert_ack")["total"], 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, LeadsApiTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace ipe::testing
