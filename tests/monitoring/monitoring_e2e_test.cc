// /api/v1/monitoring end to end: the real `ipenforce serve --demo` on SQLite and (when IPE_PG_DSN is
// set) PostgreSQL. Registry CRUD and validation, CSV import, scans with a malformed line, review
// actions, and denial for roles without access.
#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "test_server.h"

namespace ipe::testing {
namespace {

using Json = nlohmann::json;
using Headers = std::vector<std::pair<std::string, std::string>>;

class MonitoringApiTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    db_url_ = FreshDatabaseUrl(GetParam());
    if (db_url_.empty()) GTEST_SKIP() << "IPE_PG_DSN not set: PostgreSQL run skipped";
    server_ = std::make_unique<ServerProcess>(IPE_BINARY, db_url_);
  }

  HttpResponse Call(const std::string& method, const std::string& path, const Headers& auth,
                    const std::string& body = "", const std::string& type = "application/json") {
    Headers h = auth;
    if (!body.empty()) h.emplace_back("Content-Type", type);
    return Send(server_->port(), {method, path, h, body});
  }
  Headers Login(const std::string& login, const std::string& password = "Demo@12345") {
    ApiSession s = LogIn(server_->port(), login, password);
    EXPECT_EQ(s.status, 200) << s.body;
    return s.AuthHeaders();
  }
  static std::set<std::string> Fields(const HttpResponse& r) {
    std::set<std::string> out;
    Json errors = Json::parse(r.body).value("errors", Json::array());
    for (const auto& e : errors) out.insert(e["field"].get<std::string>());
    return out;
  }
  int64_t AuditTotal(const Headers& admin) {
    return Json::parse(Call("GET", "/api/v1/audit?page_size=1", admin).body).value("total", -1);
  }

  std::string db_url_;
  std::unique_ptr<ServerProcess> server_;
};

TEST_P(MonitoringApiTest, RegistryCrudValidationImportAndExport) {
  Headers admin = Login("admin", "Admin@12345");
  Headers analyst = Login("analyst");
  // The demo registry is there and the scanner format comes out of it.
  HttpResponse list = Call("GET", "/api/v1/monitoring/brands?page_size=50", analyst);
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_GE(Json::parse(list.body)["total"].get<int>(), 5);

  int64_t audit = AuditTotal(admin);
  HttpResponse bad = Call("POST", "/api/v1/monitoring/brands", analyst,
                          Json{{"code", "Bad Code"}, {"name", ""}, {"generic_names", {"苹果"}},
                               {"authorized_shops", {"no-colon"}}, {"colour", "red"}}
                              .dump());
  ASSERT_EQ(bad.status, 400) << bad.body;
  std::set<std::string> fields = Fields(bad);
  EXPECT_TRUE(fields.count("colour"));
  EXPECT_TRUE(fields.count("authorized_shops"));
  HttpResponse bad2 = Call("POST", "/api/v1/monitoring/brands", analyst,
                           Json{{"code", "Bad Code"}, {"name", ""}, {"generic_names", {"苹果"}}}.dump());
  ASSERT_EQ(bad2.status, 400);
  fields = Fields(bad2);
  for (const char* f : {"code", "name", "context_terms"}) EXPECT_TRUE(fields.count(f)) << f;
  EXPECT_EQ(AuditTotal(admin), audit);

  Json brand = {{"code", "lining"},
                {"name", "李宁"},
                {"name_en", "Li-Ning"},
                {"names", {"李宁", "Li-Ning", "LINING"}},
                {"trademarks", {{{"reg_number", "1234567"}, {"nice_classes", {25}}}}},
                {"rights_holder", "李宁（中国）体育用品有限公司"},
                {"reference_price_fen", 49900},
                {"authorized_shops", {{{"platform", "tmall"}, {"shop_id", "lining-official"}}}}};
  HttpResponse created = Call("POST", "/api/v1/monitoring/brands", analyst, brand.dump());
  ASSERT_EQ(created.status, 201) << created.body;
  int64_t id = Json::parse(created.body)["id"];
  EXPECT_EQ(AuditTotal(admin), audit + 1);
  EXPECT_EQ(Call("POST", "/api/v1/monitoring/brands", analyst, brand.dump()).status, 409);

  HttpResponse patched = Call("PATCH", "/api/v1/monitoring/brands/" + std::to_string(id), analyst,
                              Json{{"reference_price_fen", 59900}, {"version", 1}}.dump());
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(Json::parse(patched.body)["version"], 2);
  EXPECT_EQ(Call("PATCH", "/api/v1/monitoring/brands/" + std::to_string(id), analyst,
                 Json{{"reference_price_fen", 1}, {"version", 1}}.dump())
                .status,
            409);
  EXPECT_EQ(Call("GET", "/api/v1/monitoring/brands/999999", analyst).status, 404);

  HttpResponse jsonl = Call("GET", "/api/v1/monitoring/brands/export.jsonl", analyst);
  ASSERT_EQ(jsonl.status, 200);
  EXPECT_NE(jsonl.body.find(R"({"id":"lining","names":["李宁","Li-Ning","LINING"])"),
            std::string::npos)
      << jsonl.body;
  EXPECT_NE(jsonl.body.find(R"("authorized_shops":["tmall:lining-official"],"reference_price_fen":59900)"),
            std::string::npos);

  HttpResponse tmpl = Call("GET", "/api/v1/monitoring/brands/template.csv", analyst);
  ASSERT_EQ(tmpl.status, 200);
  EXPECT_EQ(tmpl.headers["content-type"].rfind("text/csv", 0), 0u);

  // CSV: one bad row rejects the whole file.
  int64_t total = Json::parse(Call("GET", "/api/v1/monitoring/brands", analyst).body)["total"];
  std::string csv = "code,name,names,reference_price_yuan\nanta,安踏,安踏|ANTA,399.00\npeak,匹克,,x\n";
  HttpResponse rejected = Call("POST", "/api/v1/monitoring/brands/import", analyst,
                               Json{{"csv", csv}}.dump());
  ASSERT_EQ(rejected.status, 400) << rejected.body;
  fields = Fields(rejected);
  EXPECT_TRUE(fields.count("rows[3].reference_price_yuan")) << rejected.body;
  EXPECT_TRUE(fields.count("rows[3].names"));
  EXPECT_EQ(Json::parse(Call("GET", "/api/v1/monitoring/brands", analyst).body)["total"], total);
  // Raw CSV body (curl --data-binary @brands.csv).
  HttpResponse imported = Call("POST", "/api/v1/monitoring/brands/import", analyst,
                               "code,name,names\nanta,安踏,安踏|ANTA\n", "text/csv");
  ASSERT_EQ(imported.status, 200) << imported.body;
  EXPECT_EQ(Json::parse(imported.body)["created"], 1);

  EXPECT_EQ(Call("DELETE", "/api/v1/monitoring/brands/" + std::to_string(id), analyst).status, 204);
}

TEST_P(MonitoringApiTest, ScanWithMalformedLineThenReview) {
  Headers analyst = Login("analyst");
  std::string jsonl =
      "{\"id\":\"E1\",\"platform\":\"taobao\",\"shop_id\":\"fake-1\",\"shop_name\":\"潮鞋\","
      "\"title\":\"莆田 N-I-K-E 空军一号\",\"price_fen\":12900}\n"
      "{\"id\":\"E2\",\"platform\":\"taobao\",\"title\":\"红富士苹果\",\"price_fen\":3900}\n"
      "{\"id\":\"E3\",\"title\":\n"
      "{\"id\":\"E4\",\"platform\":\"jd\",\"shop_id\":\"x\",\"title\":\"高仿 耐克 卫衣\",\"price_fen\":5900}\n";
  HttpResponse scan = Call("POST", "/api/v1/monitoring/scans?source=e2e.jsonl", analyst, jsonl,
                           "application/x-ndjson");
  ASSERT_EQ(scan.status, 201) << scan.body;
  Json report = Json::parse(scan.body);
  EXPECT_EQ(report["listings"], 3);
  EXPECT_EQ(report["malformed"], 1);
  EXPECT_EQ(report["errors"][0]["line"], 3);
  EXPECT_EQ(report["suspected"], 2);
  EXPECT_EQ(report["new_hits"], 2);

  // The browser's form: {"source","jsonl"}; the array form too.
  HttpResponse wrapped = Call("POST", "/api/v1/monitoring/scans", analyst,
                              Json{{"source", "粘贴"}, {"jsonl", jsonl}}.dump());
  ASSERT_EQ(wrapped.status, 201) << wrapped.body;
  EXPECT_EQ(Json::parse(wrapped.body)["updated_hits"], 2);
  HttpResponse array = Call("POST", "/api/v1/monitoring/scans", analyst,
                            R"([{"id":"E9","title":"复刻 LV 包","price_fen":9900}, 5])");
  ASSERT_EQ(array.status, 201) << array.body;
  EXPECT_EQ(Json::parse(array.body)["errors"][0]["line"], 2);
  EXPECT_EQ(Call("POST", "/api/v1/monitoring/scans", analyst, "garbage\n", "text/plain").status, 400);
  // A scan at its own limit (20,000 listings, ~4.5 MB) is over the server's default body limit
  // (1 MiB): the route takes it, and the scan answers for its lines, not the transport with 413.
  std::string many;
  while (many.size() < (3u << 20)) many += "garbage line of a pasted export that is not JSON\n";
  EXPECT_EQ(Call("POST", "/api/v1/monitoring/scans", analyst, many, "text/plain").status, 400);

  HttpResponse hits = Call("GET", "/api/v1/monitoring/hits?brand=nike&status=pending&score_min=0.5",
                           analyst);
  ASSERT_EQ(hits.status, 200) << hits.body;
  Json items = Json::parse(hits.body)["items"];
  int64_t e1 = 0, e4 = 0;
  for (const auto& h : items) {
    if (h["listing_id"] == "E1") e1 = h["id"];
    if (h["listing_id"] == "E4") e4 = h["id"];
  }
  ASSERT_GT(e1, 0);
  ASSERT_GT(e4, 0);
  Json detail = Json::parse(Call("GET", "/api/v1/monitoring/hits/" + std::to_string(e1), analyst).body);
  EXPECT_EQ(detail["title"], "莆田 N-I-K-E 空军一号");
  bool brand_span = false;
  for (const auto& s : detail["signals"]) {
    if (s["kind"] == "brand") brand_span = s["span"] == Json::array({3, 10});
  }
  EXPECT_TRUE(brand_span) << detail.dump();
  EXPECT_EQ(Call("GET", "/api/v1/monitoring/hits?score_min=2", analyst).status, 400);

  std::string e1_path = "/api/v1/monitoring/hits/" + std::to_string(e1);
  HttpResponse no_region = Call("POST", e1_path + "/confirm", analyst, "{}");
  EXPECT_EQ(no_region.status, 400);
  HttpResponse confirmed = Call("POST", e1_path + "/confirm", analyst,
                                Json{{"note", "多次售假"}, {"region_code", "310115"}}.dump());
  ASSERT_EQ(confirmed.status, 200) << confirmed.body;
  EXPECT_EQ(Json::parse(confirmed.body)["status"], "confirmed");
  EXPECT_EQ(Call("POST", e1_path + "/confirm", analyst, "{}").status, 409);

  std::string e4_path = "/api/v1/monitoring/hits/" + std::to_string(e4);
  HttpResponse no_reason = Call("POST", e4_path + "/dismiss", analyst, "{}");
  EXPECT_EQ(no_reason.status, 400);
  HttpResponse dismissed = Call("POST", e4_path + "/dismiss", analyst,
                                Json{{"reason", "not_brand"}, {"note", "同名商品"}}.dump());
  ASSERT_EQ(dismissed.status, 200) << dismissed.body;
  EXPECT_EQ(Json::parse(dismissed.body)["dismiss_reason"], "not_brand");
}

TEST_P(MonitoringApiTest, RolesWithoutAccessAreDenied) {
  Headers police = Login("sh_police");
  EXPECT_EQ(Call("GET", "/api/v1/monitoring/hits", police).status, 403);
  HttpResponse scan = Call("POST", "/api/v1/monitoring/scans", police,
                           "{\"id\":\"P1\",\"title\":\"高仿 耐克\"}\n", "text/plain");
  EXPECT_EQ(scan.status, 403);
  EXPECT_EQ(Json::parse(scan.body)["code"], "permission_denied");
  Headers officer = Login("sh_officer");
  HttpResponse brand = Call("POST", "/api/v1/monitoring/brands", officer,
                            Json{{"code", "x"}, {"name", "某"}, {"names", {"某某"}}}.dump());
  EXPECT_EQ(brand.status, 403);
  // The officer's queue holds only their agency's hits: the demo scan (national office) is not
  // visible, and its records answer 404.
  HttpResponse queue = Call("GET", "/api/v1/monitoring/hits", officer);
  ASSERT_EQ(queue.status, 200);
  EXPECT_EQ(Json::parse(queue.body)["total"], 0);
  Headers office = Login("office");
  Json all = Json::parse(Call("GET", "/api/v1/monitoring/hits", office).body);
  ASSERT_GT(all["total"].get<int>(), 0);
  int64_t some = all["items"][0]["id"];
  EXPECT_EQ(Call("GET", "/api/v1/monitoring/hits/" + std::to_string(some), officer).status, 404);
  // Without the CSRF header a cookie write is refused.
  Headers no_csrf = {office[0]};
  EXPECT_EQ(Call("POST", "/api/v1/monitoring/hits/" + std::to_string(some) + "/dismiss", no_csrf,
                 R"({"reason":"genuine"})")
                .status,
            403);
}

INSTANTIATE_TEST_SUITE_P(Backends, MonitoringApiTest, ::testing::Values("sqlite", "postgres"));

}  // namespace
}  // namespace ipe::testing
