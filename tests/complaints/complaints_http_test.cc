// 投诉举报 through the real `ipenforce serve` (issue 16), on SQLite and PostgreSQL:
//  - the public form's door: no pass → 403, a body over the unauthenticated limit → 413, bad
//    fields → problem+json naming them, and nothing written in any of these; the receipt and
//    query code, the status page (one answer for a wrong code); the per-source rate limit;
//  - the officers' routes answer problem+json on bad input and write nothing;
//  - confidentiality: a named report's reporter (name and phone) appears in no answer of any GET
//    route of the OpenAPI document, called with the record's and its lead's ids as every demo user
//    but the assigned officer — and the assigned officer does see them.
#include <gtest/gtest.h>

#include <sodium.h>

#include <cstdio>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>

#include "test_server.h"

namespace ipe::testing {
namespace {

using Json = nlohmann::json;

constexpr const char* kName = "钟离秘密";
constexpr const char* kPhone = "15990001234";  // no demo record has it

constexpr const char* kDemoLogins[] = {"admin",      "office",        "auditor",       "sh_officer",
                                       "sh_head",    "sh_police",     "sh_prosecutor", "pd_officer",
                                       "gd_officer", "gd_prosecutor", "sz_officer",    "sz_police",
                                       "analyst",    "cnipa_officer"};

std::string Sha256Hex(const std::string& s) {
  unsigned char d[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(d, reinterpret_cast<const unsigned char*>(s.data()), s.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, d, sizeof d);
  return hex;
}

std::string Base64(const std::string& s) {
  std::string out(sodium_base64_encoded_len(s.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(s.data()),
                    s.size(), sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.size() - 1);
  return out;
}

Json Report() {
  return {{"kind", "report"},
          {"subject", "trademark"},
          {"persons", Json::array({{{"role", "complainant"},
                                    {"name", kName},
                                    {"phone", kPhone},
                                    {"address", "深圳市南山区科技园1号"}}})},
          {"respondent_name", "上海某某鞋业有限公司"},
          {"respondent_address", "上海市浦东新区某路9号"},
          {"respondent_region", "310115"},
          {"respondent_shop", "淘宝:fakeshoes88"},
          {"facts", std::string("我是") + kName + "，电话" + kPhone + "，该店销售假冒注册商标的运动鞋。"}};
}

class ComplaintsHttpTest : public ServerTest {
 protected:
  void SetUp() override {
    if (sodium_init() < 0) GTEST_FAIL() << "libsodium";
    ServerTest::SetUp();
  }

  std::string Pass() {
    HttpResponse c = Get("/api/v1/public/challenge");
    EXPECT_EQ(c.status, 200) << c.body;
    Json ch = Json::parse(c.body);
    int64_t number = -1;
    for (int64_t n = 0; n <= ch["maxnumber"].get<int64_t>(); ++n) {
      if (Sha256Hex(ch["salt"].get<std::string>() + std::to_string(n)) == ch["challenge"]) {
        number = n;
        break;
      }
    }
    Json payload = {{"algorithm", ch["algorithm"]}, {"challenge", ch["challenge"]},
                    {"number", number},             {"salt", ch["salt"]},
                    {"signature", ch["signature"]}};
    HttpResponse p = Post("/api/v1/public/pass", Json{{"altcha", Base64(payload.dump())}}.dump());
    EXPECT_EQ(p.status, 200) << p.body;
    return Json::parse(p.body).value("pass", "");
  }

  int64_t Total(const ApiSession& s) {
    HttpResponse r = Get("/api/v1/complaints", s.AuthHeaders());
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? Json::parse(r.body).value("total", int64_t{-1}) : -1;
  }

  HttpResponse Write(const ApiSession& s, const std::string& path, const Json& body) {
    auto h = s.AuthHeaders();
    return Post(path, body.dump(), h);
  }
};

bool NamesField(const HttpResponse& r, const std::string& field) {
  Json j = Json::parse(r.body, nullptr, false);
  if (!j.is_object()) return false;
  for (const auto& e : j.value("errors", Json::array())) {
    if (e.value("field", "") == field) return true;
  }
  return false;
}

TEST_P(ComplaintsHttpTest, ThePublicFormsDoor) {
  ApiSession office = LogIn(port(), "office", "Demo@12345");
  ASSERT_EQ(office.status, 200);
  int64_t before = Total(office);

  // No pass: 403, nothing written.
  HttpResponse no_pass = Post("/api/v1/public/complaints", Report().dump());
  EXPECT_EQ(no_pass.status, 403) << no_pass.body;
  EXPECT_EQ(Total(office), before);

  std::string pass = Pass();
  std::vector<std::pair<std::string, std::string>> with_pass = {{"X-Public-Pass", pass}};
  // A body over the unauthenticated limit (64 KiB): 413 before it is read.
  Json big = Report();
  big["facts"] = std::string(70 * 1024, 'x');
  HttpResponse too_big = Post("/api/v1/public/complaints", big.dump(), with_pass);
  EXPECT_EQ(too_big.status, 413) << too_big.body;
  // Bad fields: problem+json naming each, nothing written.
  Json bad = Report();
  bad["kind"] = "complaint";  // a complaint needs an address of the respondent and a request
  bad.erase("respondent_address");
  bad["respondent_region"] = "31011";
  bad["persons"][0]["nickname"] = "x";
  HttpResponse invalid = Post("/api/v1/public/complaints", bad.dump(), with_pass);
  EXPECT_EQ(invalid.status, 400) << invalid.body;
  EXPECT_NE(invalid.headers["content-type"].find("application/problem+json"), std::string::npos);
  EXPECT_TRUE(NamesField(invalid, "persons[0].nickname")) << invalid.body;
  Json bad2 = Report();
  bad2["kind"] = "complaint";
  bad2.erase("respondent_address");
  HttpResponse invalid2 = Post("/api/v1/public/complaints", bad2.dump(), with_pass);
  EXPECT_EQ(invalid2.status, 400) << invalid2.body;
  EXPECT_TRUE(NamesField(invalid2, "respondent_address")) << invalid2.body;
  EXPECT_TRUE(NamesField(invalid2, "request")) << invalid2.body;
  EXPECT_EQ(Total(office), before);

  // A good one: receipt and query code; the status page with them, one answer for a wrong code.
  HttpResponse ok = Post("/api/v1/public/complaints", Report().dump(), with_pass);
  ASSERT_EQ(ok.status, 201) << ok.body;
  Json receipt = Json::parse(ok.body);
  std::string no = receipt["receipt_no"], code = receipt["query_code"];
  EXPECT_EQ(no.substr(0, 2), "JB");
  EXPECT_EQ(Total(office), before + 1);
  HttpResponse status = Get("/api/v1/public/complaints/" + no + "?code=" + code);
  ASSERT_EQ(status.status, 200) << status.body;
  Json s = Json::parse(status.body);
  EXPECT_EQ(s["status_zh"], "待核查");
  EXPECT_EQ(s["agency_name"], "上海市浦东新区市场监督管理局");
  EXPECT_EQ(status.body.find(kName), std::string::npos);
  EXPECT_EQ(Get("/api/v1/public/complaints/" + no + "?code=deadbeef").status, 404);
  EXPECT_EQ(Get("/api/v1/public/complaints/JB0000?code=" + code).status, 404);

  // Attachments: type told by the bytes, at most 2 MiB decoded, the body limit above that; the
  // assigned officer opens the file, the office (who sees the record) may not.
  std::string png("\x89PNG\r\n\x1A\n", 8);
  png += std::string(1000, 'p');
  std::string upload = "/api/v1/public/complaints/" + no + "/attachments?code=" + code;
  auto attach = [&](const std::string& type, const std::string& bytes) {
    return Post(upload, Json{{"filename", "小票.png"}, {"content_type", type}, {"data_base64", Base64(bytes)}}.dump(),
                with_pass);
  };
  HttpResponse up = attach("image/png", png);
  EXPECT_EQ(up.status, 201) << up.body;
  HttpResponse fake = attach("image/png", "<html><script>alert(1)</script></html>");
  EXPECT_EQ(fake.status, 400) << fake.body;
  EXPECT_TRUE(NamesField(fake, "content_type")) << fake.body;
  HttpResponse over = attach("image/png", png + std::string((2u << 20) - png.size() + 1, 'x'));
  EXPECT_EQ(over.status, 400) << over.body;
  EXPECT_TRUE(NamesField(over, "data_base64")) << over.body;
  EXPECT_EQ(attach("image/png", std::string(3u << 20, 'x')).status, 413);
  EXPECT_EQ(Post("/api/v1/public/complaints/" + no + "/attachments?code=00", Json{{"filename", "a.png"}, {"content_type", "image/png"}, {"data_base64", Base64(png)}}.dump(), with_pass).status, 404);
  ApiSession pd = LogIn(port(), "pd_officer", "Demo@12345");
  Json items = Json::parse(Get("/api/v1/complaints?q=" + no, pd.AuthHeaders()).body)["items"];
  ASSERT_EQ(items.size(), 1u);
  std::string cid = std::to_string(items[0]["id"].get<int64_t>());
  Json detail = Json::parse(Get("/api/v1/complaints/" + cid, pd.AuthHeaders()).body);
  ASSERT_EQ(detail["attachments"].size(), 1u);  // only the good one was kept
  std::string aid = std::to_string(detail["attachments"][0]["id"].get<int64_t>());
  std::string file = "/api/v1/complaints/" + cid + "/attachments/" + aid;
  EXPECT_EQ(Get(file, office.AuthHeaders()).status, 403);
  EXPECT_EQ(Get(file, pd.AuthHeaders()).status, 403);  // not assigned yet
  ASSERT_EQ(Post("/api/v1/complaints/" + cid + "/assign", "{}", pd.AuthHeaders()).status, 200);
  HttpResponse got = Get(file, pd.AuthHeaders());
  EXPECT_EQ(got.status, 200);
  EXPECT_EQ(got.body, png);
  EXPECT_EQ(got.headers["content-type"], "image/png");

  // The per-source budget of the public API: 429 with Retry-After.
  int limited = 0;
  for (int i = 0; i < 250 && !limited; ++i) {
    HttpResponse r = Get("/api/v1/public/complaints/" + no + "?code=" + code);
    if (r.status == 429) {
      ++limited;
      EXPECT_EQ(r.headers.count("retry-after"), 1u);
    }
  }
  EXPECT_EQ(limited, 1);
}

// The routes around the queue, each answer checked against the contract by Send: the codes, the
// import templates and an import of the CSV template (then again: every row entered before), the
// figures, and a trade fair entered, edited, listed and summarised by the office.
TEST_P(ComplaintsHttpTest, ImportFiguresAndFairsAnswerTheirContract) {
  ApiSession pd = LogIn(port(), "pd_officer", "Demo@12345");
  ApiSession office = LogIn(port(), "office", "Demo@12345");
  ASSERT_EQ(pd.status, 200);
  ASSERT_EQ(office.status, 200);
  EXPECT_EQ(Get("/api/v1/complaints/codes", pd.AuthHeaders()).status, 200);
  HttpResponse csv = Get("/api/v1/complaints/import/template", pd.AuthHeaders());
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(Get("/api/v1/complaints/import/template.xlsx", pd.AuthHeaders()).status, 200);
  HttpResponse imported =
      Write(pd, "/api/v1/complaints/import", {{"csv", csv.body}, {"filename", "template.csv"}});
  ASSERT_EQ(imported.status, 201) << imported.body;
  EXPECT_EQ(Json::parse(imported.body)["imported"], 1);
  HttpResponse again = Write(pd, "/api/v1/complaints/import", {{"csv", csv.body}});
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(Json::parse(again.body)["existing"], 1);
  HttpResponse figures = Get("/api/v1/complaints/statistics", pd.AuthHeaders());
  ASSERT_EQ(figures.status, 200) << figures.body;
  EXPECT_GE(Json::parse(figures.body)["total"].get<int64_t>(), 1);

  Json fair = {{"name", "上海国际鞋业博览会"},
               {"venue", "国家会展中心"},
               {"region_code", "310000"},
               {"organiser", "上海某会展公司"},
               {"starts_on", "2031-05-01"},
               {"ends_on", "2031-05-04"},
               {"reply_hours", 24},
               {"handle_hours", 120}};
  HttpResponse made = Write(office, "/api/v1/complaint-fairs", fair);
  ASSERT_EQ(made.status, 201) << made.body;
  std::string path =
      "/api/v1/complaint-fairs/" + std::to_string(Json::parse(made.body)["id"].get<int64_t>());
  fair["version"] = Json::parse(made.body)["version"];
  fair["desk_contact"] = "021-12345678";
  auto headers = office.AuthHeaders();
  headers.emplace_back("Content-Type", "application/json");
  HttpResponse edited = Send(port(), {"PUT", path, headers, fair.dump()});
  ASSERT_EQ(edited.status, 200) << edited.body;
  EXPECT_EQ(Json::parse(edited.body)["desk_contact"], "021-12345678");
  EXPECT_EQ(Get(path, office.AuthHeaders()).status, 200);
  HttpResponse summary = Get(path + "/summary", office.AuthHeaders());
  ASSERT_EQ(summary.status, 200) << summary.body;
  EXPECT_EQ(Json::parse(summary.body)["total"], 0);
  HttpResponse listed =
      Get("/api/v1/complaint-fairs?on=2031-05-02&region=310000&q=%E9%9E%8B", office.AuthHeaders());
  ASSERT_EQ(listed.status, 200) << listed.body;
  EXPECT_EQ(Json::parse(listed.body)["total"], 1);
}

TEST_P(ComplaintsHttpTest, OfficersRoutesRefuseBadInputAndWriteNothing) {
  ApiSession pd = LogIn(port(), "pd_officer", "Demo@12345");
  ASSERT_EQ(pd.status, 200);
  int64_t before = Total(pd);
  Json in = Report();
  in["channel"] = "hotline";
  in["kind"] = "teapot";
  HttpResponse r = Write(pd, "/api/v1/complaints", in);
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_TRUE(NamesField(r, "kind"));
  EXPECT_EQ(Write(pd, "/api/v1/complaints", Json::array()).status, 400);
  EXPECT_EQ(Total(pd), before);
  in["kind"] = "report";
  HttpResponse made = Write(pd, "/api/v1/complaints", in);
  ASSERT_EQ(made.status, 201) << made.body;
  std::string id = std::to_string(Json::parse(made.body)["id"].get<int64_t>());
  HttpResponse detail = Get("/api/v1/complaints/" + id, pd.AuthHeaders());
  int64_t version = Json::parse(detail.body)["version"];
  // Each step with a bad body: 400, and the record's version unchanged.
  for (const auto& [step, body] : std::vector<std::pair<std::string, Json>>{
           {"assign", {{"user_id", "me"}}},
           {"refuse", {{"ground", "weather"}}},
           {"suspend", Json::object()},
           {"end-mediation", {{"ending", "agreement"}}},
           {"notify", {{"channel", "pigeon"}}},
           {"transfer", {{"agency_id", 1}}},
           {"dispute", {{"note", "x"}}},
           {"decline", {{"reason", 5}}},
           {"convert", {{"note", "x"}, {"extra", 1}}},
           {"extend", Json::object()}}) {
    HttpResponse s = Write(pd, "/api/v1/complaints/" + id + "/" + step, body);
    EXPECT_TRUE(s.status == 400 || s.status == 422) << step << ": " << s.status << " " << s.body;
    EXPECT_NE(s.headers["content-type"].find("application/problem+json"), std::string::npos) << step;
  }
  detail = Get("/api/v1/complaints/" + id, pd.AuthHeaders());
  EXPECT_EQ(Json::parse(detail.body)["version"], version);
  EXPECT_EQ(Get("/api/v1/complaints?status=lost", pd.AuthHeaders()).status, 400);
  EXPECT_EQ(Get("/api/v1/complaints?page_size=0", pd.AuthHeaders()).status, 400);
}

TEST_P(ComplaintsHttpTest, TheReporterIsInNoAnswerOtherRolesGet) {
  std::string pass = Pass();
  HttpResponse ok = Post("/api/v1/public/complaints", Report().dump(), {{"X-Public-Pass", pass}});
  ASSERT_EQ(ok.status, 201) << ok.body;
  std::map<std::string, ApiSession> sessions;
  for (const char* login : kDemoLogins) {
    sessions[login] = LogIn(port(), login, std::string(login) == "admin" ? "Admin@12345" : "Demo@12345");
    ASSERT_EQ(sessions[login].status, 200) << login;
  }
  const ApiSession& pd = sessions["pd_officer"];
  Json list = Json::parse(Get("/api/v1/complaints", pd.AuthHeaders()).body);
  ASSERT_EQ(list["items"].size(), 1u);
  std::string id = std::to_string(list["items"][0]["id"].get<int64_t>());
  ASSERT_EQ(Write(pd, "/api/v1/complaints/" + id + "/assign", Json::object()).status, 200);
  // The assigned officer sees the reporter …
  HttpResponse mine = Get("/api/v1/complaints/" + id, pd.AuthHeaders());
  EXPECT_NE(mine.body.find(kName), std::string::npos);
  EXPECT_NE(mine.body.find(kPhone), std::string::npos);
  HttpResponse converted = Write(pd, "/api/v1/complaints/" + id + "/convert", {{"note", "属实"}});
  ASSERT_EQ(converted.status, 200) << converted.body;
  std::string lead = std::to_string(Json::parse(converted.body)["lead_id"].get<int64_t>());

  // … and no other answer carries it: every GET route, with the record's and the lead's ids.
  HttpResponse spec = Get("/api/v1/openapi.json");
  ASSERT_EQ(spec.status, 200);
  std::vector<std::string> paths;
  Json openapi = Json::parse(spec.body);  // named: a range-for over a temporary's member dangles
  for (const auto& [path, ops] : openapi["paths"].items()) {
    if (ops.contains("get")) paths.push_back(path);
  }
  ASSERT_GT(paths.size(), 40u);
  int calls = 0, answered = 0;
  for (const char* login : kDemoLogins) {
    for (const std::string& path : paths) {
      for (const std::string& value : {id, lead}) {
        std::string url = std::regex_replace(path, std::regex("\\{[a-z_]+\\}"), value);
        if (url.find("/public/") != std::string::npos || url == "/metrics") continue;
        url += url.find('?') == std::string::npos ? "?page_size=200" : "&page_size=200";
        HttpResponse r = Get(url, sessions[login].AuthHeaders());
        ++calls;
        if (r.status / 100 == 2) ++answered;
        if (std::string(login) == "pd_officer" && url.rfind("/api/v1/complaints", 0) == 0) continue;
        EXPECT_EQ(r.body.find(kName), std::string::npos) << login << " " << url;
        EXPECT_EQ(r.body.find(kPhone), std::string::npos) << login << " " << url;
      }
    }
  }
  EXPECT_GT(answered, 200) << "of " << calls;
  std::printf("confidentiality sweep: %d calls, %d answered 2xx, none named the reporter\n", calls,
              answered);
}

INSTANTIATE_TEST_SUITE_P(Stores, ComplaintsHttpTest, ::testing::Values("sqlite", "postgres"));

}  // namespace
}  // namespace ipe::testing
