// Issue 12 (hardening), end to end against the real binary on SQLite and PostgreSQL: request
// bodies judged before they are read, the login throttle and password hashing pool, API tokens,
// the password policy, cookies, and two simultaneous writes of one record (races). docs/security.md
// lists each limit and its test.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <functional>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "test_server.h"

namespace ipe::testing {
namespace {

using Json = nlohmann::json;

int StatusOf(const std::string& raw) {
  return raw.size() >= 12 && raw.rfind("HTTP/1.1 ", 0) == 0 ? std::stoi(raw.substr(9, 3)) : 0;
}

// The race helpers below are free functions that post as the test: ServerTest's Post is public.
class HardeningTest : public ServerTest {};

// ---- Point 7: bodies are judged before they are read ----

// Before: the body was read up to RESTinio's 64 MiB hard limit before anything was judged, so
// a client that declared 10 MB and sent nothing got no answer at all.
TEST_P(HardeningTest, Issue12OversizedBodyIsRefusedByContentLengthUnread) {
  std::string raw = SendRaw(port(),
                            "POST /api/v1/cases/import HTTP/1.1\r\nHost: x\r\n"
                            "Content-Type: text/csv\r\nContent-Length: 10000000\r\n\r\n");
  ASSERT_EQ(StatusOf(raw), 413) << raw;
  EXPECT_NE(raw.find("application/problem+json"), std::string::npos);
  EXPECT_NE(raw.find("65536"), std::string::npos) << "the unauthenticated limit is named";
}

// Before: an unauthenticated request could send the dispatcher's 1 MiB (or an import route's
// 32 MiB) like anyone logged in.
TEST_P(HardeningTest, Issue12UnauthenticatedBodiesAreCappedFarBelowImports) {
  HttpResponse r = Post("/api/v1/session", std::string(100 * 1024, ' ') + "{}");
  EXPECT_EQ(r.status, 413) << r.body;
  // A logged-in user may still send a large body to an import route (judged by the route).
  ApiSession admin = LogIn(port(), "admin", "Admin@12345");
  ASSERT_EQ(admin.status, 200) << admin.body;
  auto headers = admin.AuthHeaders();
  headers.emplace_back("Content-Type", "text/csv");
  HttpResponse big =
      Send(port(), {"POST", "/api/v1/cases/import", headers, std::string(2 << 20, '\n')});
  EXPECT_NE(big.status, 413) << big.body;
}

TEST_P(HardeningTest, Issue12ChunkedBodyIsCutOffAtTheLimit) {
  std::string req =
      "POST /api/v1/session HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
  std::string chunk = "8000\r\n" + std::string(0x8000, ' ') + "\r\n";
  for (int i = 0; i < 4; ++i) req += chunk;  // 128 KiB, twice the unauthenticated limit
  std::string raw = SendRaw(port(), req);
  EXPECT_EQ(StatusOf(raw), 413) << raw;
  EXPECT_TRUE(server_->running());
}

// ---- Points 10 and 11: API tokens and the password policy ----

std::vector<std::pair<std::string, std::string>> Bearer(const std::string& token) {
  return {{"Authorization", "Bearer " + token}};
}

int64_t UserId(int port, const ApiSession& admin, const std::string& login) {
  HttpResponse r = Send(port, {"GET", "/api/v1/users?q=" + login, admin.AuthHeaders(), ""});
  Json body = Json::parse(r.body);  // named: a range-for over a temporary's member dangles
  for (const auto& u : body["items"]) {
    if (u["login"] == login) return u["id"].get<int64_t>();
  }
  return 0;
}

// Before: a token could mint tokens, never expired unless asked, and survived a password change.
TEST_P(HardeningTest, Issue12TokensExpireCannotMintTokensAndDieWithThePassword) {
  ApiSession admin = LogIn(port(), "admin", "Admin@12345");
  ASSERT_EQ(admin.status, 200);
  Json user = {{"login", "tok.user"},
               {"display_name", "令牌用户"},
               {"password", "Kq7-lantern-Vexo"},
               {"roles", {"analyst"}},
               {"agency_id", 1}};
  ASSERT_EQ(Post("/api/v1/users", user.dump(), admin.AuthHeaders()).status, 201);
  ApiSession tok = LogIn(port(), "tok.user", "Kq7-lantern-Vexo");
  ASSERT_EQ(tok.status, 200) << tok.body;
  HttpResponse created = Post("/api/v1/tokens", R"({"name":"对接"})", tok.AuthHeaders());
  ASSERT_EQ(created.status, 201) << created.body;
  Json t = Json::parse(created.body);
  std::string secret = t["token"];
  ASSERT_TRUE(t["expires_at"].is_string()) << "a default expiry, not none";
  ASSERT_EQ(Get("/api/v1/tokens", Bearer(secret)).status, 200);

  HttpResponse child = Post("/api/v1/tokens", R"({"name":"子令牌"})", Bearer(secret));
  EXPECT_EQ(child.status, 403) << child.body;
  HttpResponse too_far = Post(
      "/api/v1/tokens", R"({"name":"远","expires_at":"2099-01-01T00:00:00Z"})", tok.AuthHeaders());
  EXPECT_EQ(too_far.status, 400) << too_far.body;

  // The admin sees and can revoke the user's tokens.
  int64_t uid = UserId(port(), admin, "tok.user");
  ASSERT_GT(uid, 0);
  HttpResponse listed =
      Get("/api/v1/users/" + std::to_string(uid) + "/tokens", admin.AuthHeaders());
  ASSERT_EQ(listed.status, 200) << listed.body;
  ASSERT_EQ(Json::parse(listed.body).size(), 1u);
  HttpResponse second = Post("/api/v1/tokens", R"({"name":"第二个"})", tok.AuthHeaders());
  ASSERT_EQ(second.status, 201);
  std::string second_secret = Json::parse(second.body)["token"];
  int64_t second_id = Json::parse(second.body)["id"];
  HttpResponse revoked =
      Send(port(), {"DELETE",
                    "/api/v1/users/" + std::to_string(uid) + "/tokens/" + std::to_string(second_id),
                    admin.AuthHeaders(), ""});
  EXPECT_EQ(revoked.status, 204) << revoked.body;
  EXPECT_EQ(Get("/api/v1/tokens", Bearer(second_secret)).status, 401);

  // A password change revokes the remaining token.
  HttpResponse changed =
      Post("/api/v1/users/" + std::to_string(uid) + "/password",
           Json{{"password", "Vq9-harbour-Tindle"}, {"old_password", "Kq7-lantern-Vexo"}}.dump(),
           tok.AuthHeaders());
  ASSERT_EQ(changed.status, 204) << changed.body;
  EXPECT_EQ(Get("/api/v1/tokens", Bearer(secret)).status, 401);
}

// Before: "Password123", the login itself and the demo password were all accepted (the policy was
// 10 characters of three classes), and an admin changed their own password without the old one.
TEST_P(HardeningTest, Issue12PasswordPolicyRefusesGuessablePasswords) {
  ApiSession admin = LogIn(port(), "admin", "Admin@12345");
  ASSERT_EQ(admin.status, 200);
  for (const char* weak : {"Password123", "Password1234", "li.si.2024.abc", "Demo@12345-x",
                           "Admin@12345", "aaaaaaaaaaaaaaa"}) {
    Json user = {{"login", "li.si.2024.abc"},
                 {"display_name", "李四"},
                 {"password", weak},
                 {"roles", {"officer"}},
                 {"agency_id", 1}};
    HttpResponse r = Post("/api/v1/users", user.dump(), admin.AuthHeaders());
    ASSERT_EQ(r.status, 400) << weak << ": " << r.body;
    EXPECT_EQ(Json::parse(r.body)["errors"][0]["field"], "password") << weak;
  }
  Json good = {{"login", "li.si"},
               {"display_name", "李四"},
               {"password", "Kq7-lantern-Vexo"},
               {"roles", {"officer"}},
               {"agency_id", 1}};
  EXPECT_EQ(Post("/api/v1/users", good.dump(), admin.AuthHeaders()).status, 201);

  int64_t admin_id = UserId(port(), admin, "admin");
  ASSERT_GT(admin_id, 0);
  std::string path = "/api/v1/users/" + std::to_string(admin_id) + "/password";
  HttpResponse no_old = Post(path, R"({"password":"Vq9-harbour-Tindle"})", admin.AuthHeaders());
  EXPECT_EQ(no_old.status, 400) << no_old.body;
  EXPECT_EQ(Json::parse(no_old.body)["errors"][0]["field"], "old_password");
  ApiSession still = LogIn(port(), "admin", "Admin@12345");
  EXPECT_EQ(still.status, 200) << "the refused change changed nothing";
}

// ---- Points 12 and 13: amounts, lists and strings of a case ----

int64_t CaseTotal(int port, const ApiSession& s) {
  HttpResponse r = Send(port, {"GET", "/api/v1/cases?page_size=1", s.AuthHeaders(), ""});
  return Json::parse(r.body).value("total", int64_t{-1});
}

std::set<std::string> FieldsOf(const HttpResponse& r) {
  std::set<std::string> out;
  Json body = Json::parse(r.body);
  for (const auto& e : body["errors"]) out.insert(e["field"].get<std::string>());
  return out;
}

Json SmallCase(const std::string& number) {
  return {{"case_number", number},   {"title", "测试案件"},
          {"category", "trademark"}, {"conduct", "counterfeit_trademark"},
          {"source", "inspection"},  {"act_date_from", "2024-01-01"}};
}

// Before: an amount above 10^15 fen was stored, the evaluator refused it, and the case silently
// had no findings (and closing it raised no 以罚代刑 alert).
TEST_P(HardeningTest, Issue12AmountsAboveTheBoundAreRefusedEverywhere) {
  ApiSession officer = LogIn(port(), "sh_officer", "Demo@12345");
  ASSERT_EQ(officer.status, 200);
  int64_t before = CaseTotal(port(), officer);
  Json c = SmallCase("BIG-1");
  c["amounts_fen"] = {{"illegal_business", 1'000'000'000'000'001LL}};
  HttpResponse r = Post("/api/v1/cases", c.dump(), officer.AuthHeaders());
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_TRUE(FieldsOf(r).count("amounts_fen.illegal_business")) << r.body;
  c["amounts_fen"] = {{"illegal_business", 1'000'000'000'000'000LL}};  // the bound itself is fine
  HttpResponse ok = Post("/api/v1/cases", c.dump(), officer.AuthHeaders());
  ASSERT_EQ(ok.status, 201) << ok.body;
  EXPECT_FALSE(Json::parse(ok.body)["findings"].empty()) << "the evaluator took the bound";

  std::string csv =
      "case_number,title,category,source,illegal_business_yuan\n"
      "BIG-2,导入大额,trademark,inspection,10000000000000.01\n";
  auto headers = officer.AuthHeaders();
  headers.emplace_back("Content-Type", "text/csv");
  HttpResponse imported = Send(port(), {"POST", "/api/v1/cases/import", headers, csv});
  ASSERT_EQ(imported.status, 400) << imported.body;
  EXPECT_TRUE(FieldsOf(imported).count("rows[2].illegal_business_yuan")) << imported.body;

  int64_t id = Json::parse(ok.body)["id"];
  HttpResponse closed = Post("/api/v1/cases/" + std::to_string(id) + "/close",
                             Json{{"closing_kind", "penalty"},
                                  {"penalty_decision_no", "沪市监罚〔2024〕1号"},
                                  {"fine_fen", 1'000'000'000'000'001LL}}
                                 .dump(),
                             officer.AuthHeaders());
  EXPECT_EQ(closed.status, 422) << closed.body;
  EXPECT_TRUE(FieldsOf(closed).count("fine_fen")) << closed.body;
  EXPECT_EQ(CaseTotal(port(), officer), before + 1);
}

// Before: 10,000 parties and a 200,000-character name were accepted, a NUL byte in an imported
// title was stored, and an over-long title was refused as "不能为空".
TEST_P(HardeningTest, Issue12ListsAndStringsOfACaseAreBounded) {
  ApiSession officer = LogIn(port(), "sh_officer", "Demo@12345");
  ASSERT_EQ(officer.status, 200);
  int64_t before = CaseTotal(port(), officer);

  Json many = SmallCase("LIM-1");
  many["parties"] = Json::array();
  for (int i = 0; i < 10000; ++i) many["parties"].push_back({{"kind", "person"}, {"name", "张"}});
  HttpResponse r = Post("/api/v1/cases", many.dump(), officer.AuthHeaders());
  ASSERT_EQ(r.status, 422) << r.body.substr(0, 500);
  EXPECT_TRUE(FieldsOf(r).count("parties"));

  Json long_name = SmallCase("LIM-2");
  std::string name;
  for (int i = 0; i < 200000; ++i) name += "名";
  long_name["parties"] = {{{"kind", "person"}, {"name", name}}};
  // 600 KB of name: within the 1 MiB body limit, refused by the field limit.
  r = Post("/api/v1/cases", long_name.dump(), officer.AuthHeaders());
  ASSERT_EQ(r.status, 422) << r.body.substr(0, 500);
  EXPECT_TRUE(FieldsOf(r).count("parties[0].name"));

  Json long_title = SmallCase("LIM-3");
  std::string title;
  for (int i = 0; i < 501; ++i) title += "题";
  long_title["title"] = title;
  r = Post("/api/v1/cases", long_title.dump(), officer.AuthHeaders());
  ASSERT_EQ(r.status, 422) << r.body;
  Json errors = Json::parse(r.body)["errors"];
  ASSERT_EQ(errors[0]["field"], "title");
  EXPECT_EQ(errors[0]["message"].get<std::string>().find("不能为空"), std::string::npos)
      << errors[0]["message"];

  Json nul = SmallCase("LIM-4");
  nul["title"] = std::string("含\0空字符", 10);
  r = Post("/api/v1/cases", nul.dump(), officer.AuthHeaders());
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_TRUE(FieldsOf(r).count("title"));

  std::string csv = "case_number,title,category,source\nLIM-5,";
  csv += std::string("导入\0标题", 10);
  csv += ",trademark,inspection\n";
  auto headers = officer.AuthHeaders();
  headers.emplace_back("Content-Type", "text/csv");
  HttpResponse imported = Send(port(), {"POST", "/api/v1/cases/import", headers, csv});
  ASSERT_EQ(imported.status, 400) << imported.body;
  EXPECT_EQ(CaseTotal(port(), officer), before);
}

// ---- Races: two simultaneous writes of the same record, exactly one wins ----

// Opens the server's database connections before a race: a connection opened on demand takes
// longer than a whole transaction, so a racer that needs one starts after the other has committed
// and the race never happens (it hid the doubled transfer decision on PostgreSQL).
void WarmUp(HardeningTest& t, const ApiSession& s) {
  for (int round = 0; round < 2; ++round) {
    std::vector<std::thread> readers;
    for (int i = 0; i < 8; ++i) {
      readers.emplace_back([&t, &s] { t.Get("/api/v1/cases?page_size=100", s.AuthHeaders()); });
    }
    for (auto& r : readers) r.join();
  }
}

// Runs `a` and `b` at the same moment (both threads released together) and returns their answers.
std::pair<HttpResponse, HttpResponse> AtOnce(const std::function<HttpResponse()>& a,
                                             const std::function<HttpResponse()>& b) {
  std::atomic<int> ready{0};
  HttpResponse ra, rb;
  auto run = [&ready](const std::function<HttpResponse()>& f, HttpResponse& out) {
    ++ready;
    while (ready.load() < 2) std::this_thread::yield();
    out = f();
  };
  std::thread ta(run, std::cref(a), std::ref(ra));
  std::thread tb(run, std::cref(b), std::ref(rb));
  ta.join();
  tb.join();
  return {ra, rb};
}

// Two leads by an officer, accepted, linked by a shared QQ number; returns their ids.
std::pair<int64_t, int64_t> TwoAcceptedLeads(HardeningTest& t, const ApiSession& officer,
                                             const std::string& tag) {
  std::string csv =
      "title,region_code,category,source_ref,qq\n"
      "并发甲" +
      tag + ",310000,trademark,race-a-" + tag + ",27182818" + tag +
      "\n"
      "并发乙" +
      tag + ",310000,trademark,race-b-" + tag + ",27182818" + tag + "\n";
  HttpResponse r = t.Post("/api/v1/leads/import", Json{{"csv", csv}}.dump(), officer.AuthHeaders());
  EXPECT_EQ(r.status, 200) << r.body;
  Json result = Json::parse(r.body);
  int64_t a = result["lead_ids"][0], b = result["lead_ids"][1];
  for (int64_t id : {a, b}) {
    HttpResponse ok = t.Post("/api/v1/leads/" + std::to_string(id) + "/screen",
                             R"({"decision":"accept","reason":"属实"})", officer.AuthHeaders());
    EXPECT_EQ(ok.status, 200) << ok.body;
  }
  return {a, b};
}

std::multiset<int> Statuses(const std::pair<HttpResponse, HttpResponse>& r) {
  return {r.first.status, r.second.status};
}

TEST_P(HardeningTest, RaceTwoConversionsOfOneLeadMakeOneCase) {
  ApiSession officer = LogIn(port(), "sh_officer", "Demo@12345");
  ASSERT_EQ(officer.status, 200);
  auto [a, b] = TwoAcceptedLeads(*this, officer, "1");
  int64_t cases_before = CaseTotal(port(), officer);
  WarmUp(*this, officer);
  std::string path = "/api/v1/leads/" + std::to_string(a) + "/convert";
  auto r = AtOnce([&] { return Post(path, R"({"case_number":"RACE-1"})", officer.AuthHeaders()); },
                  [&] { return Post(path, R"({"case_number":"RACE-2"})", officer.AuthHeaders()); });
  EXPECT_EQ(Statuses(r), (std::multiset<int>{201, 409})) << r.first.body << "\n" << r.second.body;
  EXPECT_EQ(CaseTotal(port(), officer), cases_before + 1);
}

TEST_P(HardeningTest, RaceTwoIdenticalMergesMergeOnce) {
  ApiSession officer = LogIn(port(), "sh_officer", "Demo@12345");
  ASSERT_EQ(officer.status, 200);
  auto [a, b] = TwoAcceptedLeads(*this, officer, "2");
  std::string path = "/api/v1/leads/" + std::to_string(a) + "/merge";
  std::string body = Json{{"lead_ids", {b}}, {"reason", "重复"}}.dump();
  WarmUp(*this, officer);
  auto r = AtOnce([&] { return Post(path, body, officer.AuthHeaders()); },
                  [&] { return Post(path, body, officer.AuthHeaders()); });
  EXPECT_EQ(Statuses(r), (std::multiset<int>{200, 409})) << r.first.body << "\n" << r.second.body;
  HttpResponse la = Get("/api/v1/leads/" + std::to_string(a), officer.AuthHeaders());
  Json lead = Json::parse(la.body);
  std::set<std::string> keys;
  size_t observables = 0;
  for (const auto& o : lead["observables"]) {
    keys.insert(o["key"].dump());
    ++observables;
  }
  EXPECT_EQ(keys.size(), observables) << "an observable copied twice: " << la.body;
}

TEST_P(HardeningTest, RaceMergesInBothDirectionsLeaveOneLeadOpen) {
  ApiSession officer = LogIn(port(), "sh_officer", "Demo@12345");
  ASSERT_EQ(officer.status, 200);
  auto [a, b] = TwoAcceptedLeads(*this, officer, "3");
  auto merge = [&](int64_t into, int64_t from) {
    return Post("/api/v1/leads/" + std::to_string(into) + "/merge",
                Json{{"lead_ids", {from}}, {"reason", "重复"}}.dump(), officer.AuthHeaders());
  };
  WarmUp(*this, officer);
  auto r = AtOnce([&] { return merge(a, b); }, [&] { return merge(b, a); });
  EXPECT_EQ(Statuses(r), (std::multiset<int>{200, 409})) << r.first.body << "\n" << r.second.body;
  int merged = 0;
  for (int64_t id : {a, b}) {
    Json l = Json::parse(Get("/api/v1/leads/" + std::to_string(id), officer.AuthHeaders()).body);
    merged += l["status"] == "merged";
  }
  EXPECT_EQ(merged, 1);
}

TEST_P(HardeningTest, RaceTwoScreeningsOfOneLeadDecideOnce) {
  ApiSession officer = LogIn(port(), "sh_officer", "Demo@12345");
  ASSERT_EQ(officer.status, 200);
  std::string csv = "title,region_code,category,source_ref\n并发筛查,310000,trademark,race-s\n";
  HttpResponse r0 = Post("/api/v1/leads/import", Json{{"csv", csv}}.dump(), officer.AuthHeaders());
  ASSERT_EQ(r0.status, 200) << r0.body;
  int64_t id = Json::parse(r0.body)["lead_ids"][0];
  std::string path = "/api/v1/leads/" + std::to_string(id) + "/screen";
  WarmUp(*this, officer);
  auto r = AtOnce(
      [&] { return Post(path, R"({"decision":"accept","reason":"属实"})", officer.AuthHeaders()); },
      [&] {
        return Post(path, R"({"decision":"dismiss","reason":"不实"})", officer.AuthHeaders());
      });
  EXPECT_EQ(Statuses(r), (std::multiset<int>{200, 409})) << r.first.body << "\n" << r.second.body;
}

// An access request to the Shenzhen lead that matches Pudong's demo lead, approved and refused at
// the same moment by the holder.
TEST_P(HardeningTest, RaceTwoDecisionsOnOneAccessRequestDecideOnce) {
  ApiSession pd = LogIn(port(), "pd_officer", "Demo@12345");
  ApiSession sz = LogIn(port(), "sz_officer", "Demo@12345");
  ASSERT_EQ(pd.status, 200);
  ASSERT_EQ(sz.status, 200);
  Json page = Json::parse(Get("/api/v1/leads", pd.AuthHeaders()).body);
  ASSERT_EQ(page["total"], 1) << page.dump();
  int64_t lead = page["items"][0]["id"];
  Json detail = Json::parse(Get("/api/v1/leads/" + std::to_string(lead), pd.AuthHeaders()).body);
  int64_t sz_agency = 0;
  for (const Json& h : detail["links"]["beyond_scope"]) {
    if (h["agency"]["name"] == "深圳市市场监督管理局") sz_agency = h["agency"]["id"];
  }
  ASSERT_GT(sz_agency, 0) << detail.dump();
  HttpResponse asked =
      Post("/api/v1/leads/" + std::to_string(lead) + "/access-requests",
           Json{{"agency_id", sz_agency}, {"reason", "联合查处需要"}}.dump(), pd.AuthHeaders());
  ASSERT_EQ(asked.status, 201) << asked.body;
  std::string decide = "/api/v1/leads/access-requests/" +
                       std::to_string(Json::parse(asked.body)["id"].get<int64_t>()) + "/decide";
  WarmUp(*this, sz);
  auto r = AtOnce(
      [&] {
        return Post(decide, R"({"decision":"approve","reason":"同意","days":7})", sz.AuthHeaders());
      },
      [&] {
        return Post(decide, R"({"decision":"refuse","reason":"正在侦查"})", sz.AuthHeaders());
      });
  EXPECT_EQ(Statuses(r), (std::multiset<int>{200, 409})) << r.first.body << "\n" << r.second.body;
}

int64_t AuditTotal(HardeningTest& t, const ApiSession& admin) {
  HttpResponse r = t.Get("/api/v1/audit?page_size=1", admin.AuthHeaders());
  EXPECT_EQ(r.status, 200) << r.body;
  return Json::parse(r.body).value("total", int64_t{-1});
}

// The demo transfer (of a Shanghai case) in `status`: its id, steps and the case's events.
struct TransferState {
  int64_t id = 0;
  int64_t case_id = 0;
  size_t steps = 0;
  size_t transfer_events = 0;  // case events "transfer.*"
};

TransferState DemoTransfer(HardeningTest& t, const ApiSession& s, const std::string& status,
                           int64_t id = 0) {
  TransferState out;
  if (id == 0) {
    Json page = Json::parse(t.Get("/api/v1/transfers?page_size=100", s.AuthHeaders()).body);
    for (const Json& tr : page["items"]) {
      if (tr["status"] == status) id = tr["id"];
    }
  }
  if (id == 0) return out;
  Json tr = Json::parse(t.Get("/api/v1/transfers/" + std::to_string(id), s.AuthHeaders()).body);
  out.id = id;
  out.case_id = tr["case_id"];
  out.steps = tr["steps"].size();
  Json c = Json::parse(t.Get("/api/v1/cases/" + std::to_string(out.case_id), s.AuthHeaders()).body);
  for (const Json& e : c["events"]) {
    out.transfer_events += e["kind"].get<std::string>().rfind("transfer.", 0) == 0;
  }
  return out;
}

// One user in two browsers (two sessions: nothing of the session shared) and the admin, who counts
// the audit records.
struct Racers {
  ApiSession admin, a, b;
};

Racers LogInRacers(int port, const std::string& login) {
  Racers r{LogIn(port, "admin", "Admin@12345"), LogIn(port, login, "Demo@12345"),
           LogIn(port, login, "Demo@12345")};
  EXPECT_EQ(r.b.status, 200) << r.b.body;
  return r;
}

// Posts `body_a` as one racer and `body_b` as the other to `path` at once, the server's
// connections opened first: one must win, the other get 409, and one audit record be added.
void ExpectOneWins(HardeningTest& t, const Racers& racers, const std::string& path,
                   const std::string& body_a, const std::string& body_b) {
  int64_t audit_before = AuditTotal(t, racers.admin);
  WarmUp(t, racers.admin);
  auto r = AtOnce([&] { return t.Post(path, body_a, racers.a.AuthHeaders()); },
                  [&] { return t.Post(path, body_b, racers.b.AuthHeaders()); });
  EXPECT_EQ(Statuses(r), (std::multiset<int>{200, 409})) << r.first.body << "\n" << r.second.body;
  EXPECT_EQ(AuditTotal(t, racers.admin), audit_before + 1);
}

// Before (PostgreSQL): both actions read the old status under READ COMMITTED, both passed the
// state machine and both were stored — two steps, two case events, two audit records.
TEST_P(HardeningTest, RaceTwoDecisionsOnOneTransferDecideOnce) {
  Racers head = LogInRacers(port(), "sh_head");
  TransferState before = DemoTransfer(*this, head.a, "awaiting_decision");
  ASSERT_GT(before.id, 0) << "the demo data has a transfer awaiting the head's decision";
  ExpectOneWins(*this, head, "/api/v1/transfers/" + std::to_string(before.id) + "/actions",
                R"({"action":"approve","reasons":"同意移送"})",
                R"({"action":"reject","reasons":"证据不足"})");
  TransferState after = DemoTransfer(*this, head.a, "", before.id);
  EXPECT_EQ(after.steps, before.steps + 1);
  EXPECT_EQ(after.transfer_events, before.transfer_events + 1);
}

// The police side: two receipts of one sent transfer.
TEST_P(HardeningTest, RaceTwoReceiptsOfOneTransferReceiveOnce) {
  Racers police = LogInRacers(port(), "sh_police");
  Json incoming = Json::parse(
      Get("/api/v1/transfers?incoming=true&page_size=100", police.a.AuthHeaders()).body);
  int64_t id = 0;
  for (const Json& tr : incoming["items"]) {
    if (tr["status"] == "sent") id = tr["id"];
  }
  ASSERT_GT(id, 0) << "the demo data has a transfer sent to 上海市公安局: " << incoming.dump();
  TransferState before = DemoTransfer(*this, police.admin, "", id);
  ExpectOneWins(*this, police, "/api/v1/transfers/" + std::to_string(id) + "/actions",
                R"({"action":"receive"})", R"({"action":"receive"})");
  TransferState after = DemoTransfer(*this, police.admin, "", id);
  EXPECT_EQ(after.steps, before.steps + 1);
  EXPECT_EQ(after.transfer_events, before.transfer_events + 1);
}

// A plan's supervision notice (督办通知) signed for twice at once by the addressed agency (the plan
// module's only decision on a record; reports are a history and may be submitted again). Before
// (PostgreSQL): both read "not acknowledged" and both wrote, with two audit records.
TEST_P(HardeningTest, RaceTwoAcknowledgementsOfOneNoticeSignOnce) {
  Racers cnipa = LogInRacers(port(), "cnipa_officer");
  Json plans = Json::parse(Get("/api/v1/plans", cnipa.a.AuthHeaders()).body);
  ASSERT_FALSE(plans["items"].empty()) << plans.dump();
  int64_t plan = plans["items"][0]["id"];
  Json notices = Json::parse(
      Get("/api/v1/plans/" + std::to_string(plan) + "/notices", cnipa.a.AuthHeaders()).body);
  ASSERT_FALSE(notices["items"].empty()) << notices.dump();
  ASSERT_TRUE(notices["items"][0]["acknowledged_at"].is_null());
  int64_t notice = notices["items"][0]["id"];
  ExpectOneWins(*this, cnipa, "/api/v1/plan-notices/" + std::to_string(notice) + "/acknowledge",
                "{}", "{}");
}

// The same read-then-write shape elsewhere: closing a case, answering a prosecutor's supervision
// action, acknowledging a cross-region alert. Before (PostgreSQL): both answered 200 — two
// "closed" events and the closed-case count moved twice; two answers; two acknowledgements — each
// with its audit record.
TEST_P(HardeningTest, RaceTwoClosingsOfOneCaseCloseOnce) {
  Racers officer = LogInRacers(port(), "sh_officer");
  HttpResponse created =
      Post("/api/v1/cases", SmallCase("RACE-CLOSE").dump(), officer.a.AuthHeaders());
  ASSERT_EQ(created.status, 201) << created.body;
  std::string id = std::to_string(Json::parse(created.body)["id"].get<int64_t>());
  auto closed_total = [&] {
    return Json::parse(Get("/api/v1/cases?status=closed&page_size=1", officer.a.AuthHeaders()).body)
        .value("total", int64_t{-1});
  };
  int64_t closed_before = closed_total();
  std::string body = R"({"closing_kind":"dismissed"})";
  ExpectOneWins(*this, officer, "/api/v1/cases/" + id + "/close", body, body);
  Json c = Json::parse(Get("/api/v1/cases/" + id, officer.a.AuthHeaders()).body);
  int closed_events = 0;
  for (const Json& e : c["events"]) closed_events += e["kind"] == "closed";
  EXPECT_EQ(closed_events, 1);
  EXPECT_EQ(closed_total(), closed_before + 1);
}

TEST_P(HardeningTest, RaceTwoAnswersToOneSupervisionActionAnswerOnce) {
  Racers police = LogInRacers(port(), "sh_police");
  Json actions = Json::parse(Get("/api/v1/supervision/actions", police.a.AuthHeaders()).body);
  int64_t id = 0;
  for (const Json& a : actions["items"]) {
    if (a["can_answer"] == true) id = a["id"];
  }
  ASSERT_GT(id, 0) << "the demo data asks 上海市公安局 for its reasons: " << actions.dump();
  ExpectOneWins(*this, police, "/api/v1/supervision/" + std::to_string(id) + "/answer",
                R"({"answer":"证据不足，不予立案"})", R"({"answer":"已补充侦查"})");
}

TEST_P(HardeningTest, RaceTwoAcknowledgementsOfOneAlertHandleOnce) {
  Racers office = LogInRacers(port(), "office");
  Json alerts =
      Json::parse(Get("/api/v1/leads/alerts?acknowledged=false", office.a.AuthHeaders()).body);
  ASSERT_FALSE(alerts["items"].empty()) << "the demo data has a cross-region alert";
  ExpectOneWins(*this, office,
                "/api/v1/leads/alerts/" + std::to_string(alerts["items"][0]["id"].get<int64_t>()) +
                    "/acknowledge",
                R"({"note":"已转两地联合查办"})", R"({"note":"已通报"})");
}

INSTANTIATE_TEST_SUITE_P(Backends, HardeningTest, ::testing::Values("sqlite", "postgres"));

// ---- Points 9 and 14: behind a trusted reverse proxy ----

class ProxiedTest : public HardeningTest {
 protected:
  std::vector<std::string> ExtraArgs() override { return {"--trusted-proxy", "127.0.0.1"}; }
  ApiSession LogInFrom(const std::string& source, const std::string& login,
                       const std::string& password, int* status = nullptr) {
    HttpResponse r = Post("/api/v1/session", Json{{"login", login}, {"password", password}}.dump(),
                          {{"X-Forwarded-For", source}});
    if (status) *status = r.status;
    ApiSession s;
    s.status = r.status;
    s.body = r.body;
    return s;
  }
};

// Before: five wrong passwords from anywhere locked the account, admin included, for 15 minutes.
TEST_P(ProxiedTest, Issue12WrongPasswordsElsewhereDoNotLockTheAccount) {
  for (int i = 0; i < 8; ++i) {
    int status = LogInFrom("203.0.113.7", "admin", "wrong-password").status;
    EXPECT_TRUE(status == 401 || status == 429) << status;
  }
  // The right password from another source still works. (The attacker's own source is slowed
  // down by progressive delays: LoginLimiter tests with a fixed clock.)
  ApiSession ok = LogInFrom("198.51.100.20", "admin", "Admin@12345");
  EXPECT_EQ(ok.status, 200) << ok.body;
}

// Before: the throttle checked before it counted, so a parallel burst passed it.
TEST_P(ProxiedTest, Issue12ABurstCannotOutrunTheThrottle) {
  std::vector<std::thread> threads;
  std::atomic<int> checked{0};
  for (int i = 0; i < 60; ++i) {
    threads.emplace_back([this, i, &checked] {
      int status = LogInFrom("203.0.113.9", "nobody" + std::to_string(i), "wrong-password").status;
      if (status == 401) ++checked;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_LE(checked.load(), 30) << "kAttemptsPerSource";
  EXPECT_EQ(LogInFrom("198.51.100.21", "admin", "Admin@12345").status, 200);
}

// The forwarded address counts only from a trusted proxy: a client cannot pick its own source.
TEST_P(HardeningTest, Issue12ForwardedForFromAnUntrustedPeerIsIgnored) {
  for (int i = 0; i < 30; ++i) {  // kAttemptsPerSource, each "from" another address
    Post("/api/v1/session",
         Json{{"login", "nobody" + std::to_string(i)}, {"password", "wrong-password"}}.dump(),
         {{"X-Forwarded-For", "203.0.113." + std::to_string(i)}});
  }
  HttpResponse r = Post("/api/v1/session", R"({"login":"admin","password":"Admin@12345"})",
                        {{"X-Forwarded-For", "198.51.100.1"}});
  EXPECT_EQ(r.status, 429) << "all of them came from 127.0.0.1";
}

TEST_P(ProxiedTest, Issue12CookiesAreSecureWhenTheProxySaysHttps) {
  HttpResponse plain = Post("/api/v1/session", R"({"login":"admin","password":"Admin@12345"})");
  ASSERT_EQ(plain.status, 200);
  EXPECT_EQ(plain.set_cookies[0].find("Secure"), std::string::npos);
  EXPECT_EQ(plain.headers.count("strict-transport-security"), 0u);
  HttpResponse tls = Post("/api/v1/session", R"({"login":"admin","password":"Admin@12345"})",
                          {{"X-Forwarded-Proto", "https"}});
  ASSERT_EQ(tls.status, 200);
  EXPECT_NE(tls.set_cookies[0].find("; Secure"), std::string::npos) << tls.set_cookies[0];
  EXPECT_NE(tls.headers["strict-transport-security"].find("max-age="), std::string::npos);
}

TEST_P(HardeningTest, Issue12ProtoFromAnUntrustedPeerIsIgnored) {
  HttpResponse r = Post("/api/v1/session", R"({"login":"admin","password":"Admin@12345"})",
                        {{"X-Forwarded-Proto", "https"}});
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.set_cookies[0].find("Secure"), std::string::npos);
}

// ---- Point 5: no user enumeration, metrics not public ----

// Before: 403 for an existing id and 404 for a missing one told an officer which ids exist.
TEST_P(HardeningTest, Issue12UserIdsAreNotEnumerable) {
  ApiSession admin = LogIn(port(), "admin", "Admin@12345");
  ApiSession officer = LogIn(port(), "sh_officer", "Demo@12345");
  ASSERT_EQ(officer.status, 200);
  int64_t admin_id = UserId(port(), admin, "admin");
  HttpResponse existing = Get("/api/v1/users/" + std::to_string(admin_id), officer.AuthHeaders());
  HttpResponse missing = Get("/api/v1/users/987654321", officer.AuthHeaders());
  EXPECT_EQ(existing.status, missing.status);
  EXPECT_EQ(Json::parse(existing.body)["detail"], Json::parse(missing.body)["detail"]);
}

// Before: /metrics (with login failure counts) answered anyone.
TEST_P(ProxiedTest, Issue12MetricsAreForLoopbackOnly) {
  EXPECT_EQ(Get("/metrics").status, 200);
  HttpResponse remote = Get("/metrics", {{"X-Forwarded-For", "203.0.113.5"}});
  EXPECT_EQ(remote.status, 403) << remote.body;
  EXPECT_EQ(remote.body.find("ipe_http_requests_total"), std::string::npos);
}

class MetricsTokenTest : public ProxiedTest {
 protected:
  void SetUp() override {
    setenv("IPE_METRICS_TOKEN", "s3cret-metrics-token", 1);  // inherited by the server process
    ProxiedTest::SetUp();
    unsetenv("IPE_METRICS_TOKEN");
  }
};

TEST_P(MetricsTokenTest, Issue12MetricsTokenOpensMetricsToOthers) {
  EXPECT_EQ(Get("/metrics", {{"X-Forwarded-For", "203.0.113.5"}, {"Authorization", "Bearer wrong"}})
                .status,
            403);
  EXPECT_EQ(Get("/metrics", {{"X-Forwarded-For", "203.0.113.5"},
                             {"Authorization", "Bearer s3cret-metrics-token"}})
                .status,
            200);
}

class HttpsTest : public HardeningTest {
 protected:
  std::vector<std::string> ExtraArgs() override { return {"--https"}; }
};

TEST_P(HttpsTest, Issue12CookiesAreSecureAndHstsIsSentWhenServedOverHttps) {
  HttpResponse r = Post("/api/v1/session", R"({"login":"admin","password":"Admin@12345"})");
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.set_cookies[0].find("; Secure"), std::string::npos) << r.set_cookies[0];
  EXPECT_NE(r.headers["strict-transport-security"].find("max-age="), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Backends, ProxiedTest, ::testing::Values("sqlite", "postgres"));
INSTANTIATE_TEST_SUITE_P(Backends, HttpsTest, ::testing::Values("sqlite"));
INSTANTIATE_TEST_SUITE_P(Backends, MetricsTokenTest, ::testing::Values("sqlite"));

}  // namespace
}  // namespace ipe::testing
