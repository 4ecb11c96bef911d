// Issue 12: the scope matrix. Every route of /api/v1/openapi.json is called as each of the 14
// demo users on records of each scope, and each answer's status is compared with
// tests/http/scope_matrix.tsv (the one table of who may do what; its header says how to read and
// extend it). A route without a row fails the test, so a new route cannot slip by.
//
// Scopes of the record a route names, for the caller:
//   own    — of the caller's own agency (tokens: the caller's own);
//   region — inside the caller's region subtree, of another agency (another user's token);
//   out    — outside the caller's region subtree (none for national users: nothing lies outside);
//   -      — the route names no scoped record (lists, reference data, the brand registry).
// A record outside the caller's region is never answered 2xx (agencies aside: reference data
// every user reads), and a refusal of it is the refusal of an id that exists nowhere (no
// enumeration by 403 against 404): every such call is made a second time with missing ids.
//
// Writes are dry: they send `{}` (or nothing), or, for the routes in kDryRequests, a body that
// reaches the record and then fails a state check. Records a call can consume (tokens, brands to
// delete) are made for the purpose first.
//
// IPE_SCOPE_MATRIX_OBSERVED=<file> writes the observed answers (method, path, login, scope,
// status) for review when routes or rules change; the test still compares with the table.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "test_server.h"

namespace ipe::testing {
namespace {

using Json = nlohmann::json;

// The demo users (src/app/accounts/accounts_demo.cc), in the order they are called.
constexpr const char* kDemoLogins[] = {"admin",      "office",        "auditor",       "sh_officer",
                                       "sh_head",    "sh_police",     "sh_prosecutor", "pd_officer",
                                       "gd_officer", "gd_prosecutor", "sz_officer",    "sz_police",
                                       "analyst",    "cnipa_officer", "sh_env"};
constexpr const char* kMissingId = "987654321";
constexpr const char* kStrongPassword = "Kq7-lantern-Vexo";
// The number of (route x user x own/region/out/-) calls made; docs/security.md quotes it.
constexpr int kExpectedCalls = 4371;

// A record a path parameter can name: what it is called by and whose it is.
struct Record {
  std::string id;
  int64_t agency_id = 0;   // the owning agency (0: none)
  std::string region;      // the owning region (GB/T 2260)
  int64_t owner_user = 0;  // tokens: the user the token belongs to; users: themselves
};

struct User {
  std::string login;
  int64_t id = 0;
  int64_t agency_id = 0;
  std::string region;
  ApiSession session;
};

// Whether `code` lies in `ancestor`'s subtree, by the codes' digits (the demo regions are all
// real codes, so this agrees with core::Regions()).
bool Within(const std::string& ancestor, const std::string& code) {
  if (ancestor == "000000") return true;
  std::string prefix = ancestor;
  while (prefix.size() > 2 && prefix.substr(prefix.size() - 2) == "00") {
    prefix.resize(prefix.size() - 2);
  }
  return code.rfind(prefix, 0) == 0;
}

bool Own(const User& u, const Record& r) {
  return r.owner_user != 0 ? r.owner_user == u.id : r.agency_id != 0 && r.agency_id == u.agency_id;
}

// The first record of `scope` ("own", "region" or "out") for `u`; null when there is none.
const Record* Pick(const User& u, const std::vector<Record>& records, const std::string& scope) {
  for (const Record& r : records) {
    bool own = Own(u, r);
    bool within = Within(u.region, r.region);
    if (scope == "own" ? own : scope == "region" ? !own && within : !within) return &r;
  }
  return nullptr;
}

// The kind of record each path parameter names, by route.
struct Param {
  std::string name;  // "id", "token_id" …
  std::string
      kind;  // a key of ScopeMatrixTest::records_, or "" (fixed, or the token of the record)
  std::string fixed;
};

struct Route {
  std::string method;
  std::string path;  // the OpenAPI template
  std::vector<Param> params;
  std::string kind() const { return params.empty() ? "" : params.front().kind; }
};

// Maps a template's first parameter to a record kind; every templated route must be known here.
std::optional<std::string> KindOf(const std::string& method, const std::string& path) {
  static const std::vector<std::pair<std::string, std::string>> kPrefixes = {
      {"/api/v1/agencies/{id}", "agency"},
      {"/api/v1/users/{id}/tokens/{token_id}", "token_of_user"},
      {"/api/v1/users/{id}", "user"},
      {"/api/v1/tokens/{id}", "token"},
      {"/api/v1/cases/{id}", "case"},
      {"/api/v1/transfers/{id}", "transfer"},
      {"/api/v1/supervision/{id}", "supervision"},
      {"/api/v1/leads/clusters/{id}", "lead"},  // the cluster of a lead
      {"/api/v1/leads/alerts/{id}", "lead_alert"},
      {"/api/v1/leads/access-requests/{id}", "access_request"},
      {"/api/v1/leads/{id}", "lead"},
      {"/api/v1/monitoring/brands/{id}", "brand"},
      {"/api/v1/monitoring/hits/{id}", "hit"},
      {"/api/v1/monitoring/scans/{id}", "scan"},
      {"/api/v1/plans/{id}", "plan"},
      {"/api/v1/plan-assignments/{id}", "assignment"},
      {"/api/v1/plan-attachments/{id}", "attachment"},
      {"/api/v1/plan-notices/{id}", "notice"},
      {"/api/v1/regions/{code}", "region"},
      {"/api/v1/disclosures/{id}", "disclosure"},
      {"/api/v1/public/disclosures/{id}", "public_disclosure"},
      {"/api/v1/public/repairs/{receipt}", "repair_receipt"},
      {"/api/v1/repairs/{id}", "repair"},
      {"/api/v1/serious-list/{id}", "serious_listing"},
      {"/api/v1/credit/ip-findings/{id}", "ip_finding"},
      {"/api/v1/custody/items/{id}", "custody_item"},
      {"/api/v1/destruction-units/{id}", "destruction_unit"},
      {"/api/v1/destruction-campaigns/{id}", "destruction_campaign"},
      {"/api/v1/destructions/{id}", "destruction"},
      {"/api/v1/public/destruction-certificates/{number}", "certificate"},
      {"/api/v1/complaints/{id}", "complaint"},
      {"/api/v1/public/complaints/{receipt}", "complaint_receipt"},
      {"/api/v1/complaint-fairs/{id}", "complaint_fair"},
      {"/api/v1/credit/subjects/{code}", "credit_subject"},
      {"/api/v1/typical-cases/{id}", "typical_case"},
      {"/api/v1/public/typical-cases/{id}", "typical_case"},
      {"/api/v1/event-subscriptions/{id}", "event_subscription"},
      {"/api/v1/event-deliveries/{id}", "event_delivery"},
      {"/api/v1/region-supervisions/{id}", "region_supervision"},
      {"/api/v1/cooperation-groups/{id}", "cooperation_group"},
      {"/api/v1/statistics/publications/{id}", "stat_publication"},
      {"/api/v1/public/annual-figures/{year}", "annual_figures_year"},
      {"/api/v1/cooperation-meetings/{id}", "coop_meeting"},
      {"/api/v1/cooperation-tasks/{id}", "coop_task"},
      {"/api/v1/joint-operations/{id}", "joint_operation"},
      {"/api/v1/statistics/report-schedules/{id}", "report_schedule"},
      {"/api/v1/statistics/scheduled-reports/{id}", "scheduled_report"},
      {"/api/v1/assessments/{year}", "psa_year"},
  };
  for (const auto& [prefix, kind] : kPrefixes) {
    if (path.rfind(prefix, 0) == 0) {
      // A deletion consumes its record: its own records (brand_delete, made in MakeRecords).
      if (kind == "brand" && method == "DELETE") return std::string("brand_delete");
      return kind;
    }
  }
  return std::nullopt;
}

// Requests that reach the record before anything is written (their refusals then show the
// scope check); every other write sends `{}` and GETs and DELETEs nothing. A write whose body is
// validated before its record is loaded answers 400/422 alike inside, outside and for missing
// ids: no enumeration, and its scope is held by the area's own tests.
struct DryRequest {
  const char* method;
  const char* path;
  const char* query;
  const char* body;
};
constexpr DryRequest kDryRequests[] = {
    {"GET", "/api/v1/plans/{id}/ranking", "?period=2020", nullptr},
    {"GET", "/api/v1/destructions/summary", "?from=2026-01-01&to=2026-12-31", nullptr},
    {"GET", "/api/v1/destructions/environment-notice", "?from=2026-01-01&to=2026-12-31&format=csv", nullptr},
    // Version 0 never matches a stored case: 409 once the case is reached.
    {"PUT", "/api/v1/cases/{id}", "",
     R"({"case_number":"MX-PUT","title":"矩阵","category":"trademark",)"
     R"("conduct":"counterfeit_trademark","source":"inspection","act_date_from":"2024-01-01",)"
     R"("version":0})"},
    // No such officers: 400 (field `team`) once the case is reached.
    {"POST", "/api/v1/cases/{id}/transfer", "",
     R"({"team":["mx-nobody-1","mx-nobody-2"],"report":"矩阵测试"})"},
    // A review decision no demo transfer awaits: 409 (403 when it is not the caller's turn).
    {"POST", "/api/v1/transfers/{id}/actions", "",
     R"({"action":"review_reverse","reasons":"矩阵测试"})"},
    // A real answer: only the addressed party may give it, once (409 after).
    {"POST", "/api/v1/supervision/{id}/answer", "", R"({"answer":"矩阵测试答复"})"},
    // Disclosures: version 0 never matches: 409 once the record is reached.
    {"PUT", "/api/v1/disclosures/{id}", "",
     R"({"violation_type":"矩阵测试","facts":"矩阵测试","version":0})"},
    {"POST", "/api/v1/disclosures/{id}/publish", "", R"({"version":0})"},
    {"POST", "/api/v1/disclosures/{id}/withhold", "", R"({"reason":"minor","version":0})"},
    {"POST", "/api/v1/disclosures/{id}/withdraw", "",
     R"({"kind":"changed","reason":"矩阵测试","changed_on":"2026-01-01","version":0})"},
    // Complaints: a user who does not exist is no assignee (400 for the head, 403 for officers,
    // who assign only themselves) once the record is reached.
    {"POST", "/api/v1/complaints/{id}/assign", "", R"({"user_id":987654321})"},
};

const DryRequest* DryFor(const std::string& method, const std::string& path) {
  for (const DryRequest& d : kDryRequests) {
    if (method == d.method && path == d.path) return &d;
  }
  return nullptr;
}

// Kinds whose records everyone shares (reference data, the national brand registry, published
// penalty disclosures): one record, scope "-".
bool Shared(const std::string& kind) {
  return kind == "brand" || kind == "brand_delete" || kind == "region" ||
         kind == "public_disclosure" || kind == "repair_receipt" || kind == "destruction_unit" ||
         kind == "destruction_campaign" || kind == "certificate" || kind == "complaint_receipt" ||
         kind == "credit_subject" || kind == "typical_case" || kind == "event_subscription" ||
         kind == "event_delivery" || kind == "complaint_fair" || kind == "cooperation_group" ||
         kind == "stat_publication" || kind == "annual_figures_year" || kind == "coop_meeting" ||
         kind == "coop_task" || kind == "joint_operation" || kind == "report_schedule" ||
         kind == "scheduled_report" || kind == "psa_year";
}

// ---- The expectation table ----

struct Row {
  std::string method, path, who, scope, expect, why;
  int line = 0;
  bool used = false;
};

bool Matches(const std::string& expect, int status) {
  std::stringstream s(expect);
  std::string alt;
  while (std::getline(s, alt, '|')) {
    if (alt == "2xx" ? status / 100 == 2 : alt == std::to_string(status)) return true;
  }
  return false;
}

std::vector<Row> ReadTable(const std::string& path, std::vector<std::string>* errors) {
  std::ifstream in(path);
  if (!in) errors->push_back("cannot read " + path);
  std::vector<Row> rows;
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> cols;
    std::stringstream s(line);
    std::string col;
    while (std::getline(s, col, '\t')) cols.push_back(col);
    if (cols.size() != 6 || cols[5].empty()) {
      errors->push_back("line " + std::to_string(n) +
                        ": 6 tab-separated columns, the last a reason");
      continue;
    }
    rows.push_back({cols[0], cols[1], cols[2], cols[3], cols[4], cols[5], n, false});
  }
  return rows;
}

bool WhoMatches(const std::string& who, const std::string& login) {
  if (who == "*") return true;
  std::stringstream s(who);
  std::string one;
  while (std::getline(s, one, ',')) {
    if (one == login) return true;
  }
  return false;
}

// The row for (route, login, scope): a row naming the login beats a "*" row, then an exact scope
// beats "*" (own, region and out). Null (and an error) when none or two equally specific rows
// match.
Row* Lookup(std::vector<Row>& rows, const Route& route, const std::string& login,
            const std::string& scope, std::string* error) {
  Row* best = nullptr;
  int best_rank = -1;
  bool tie = false;
  for (Row& r : rows) {
    if (r.method != route.method || r.path != route.path) continue;
    if (!WhoMatches(r.who, login)) continue;
    if (r.scope != scope && !(r.scope == "*" && scope != "-")) continue;  // "*": own, region, out
    int rank = (r.who == "*" ? 0 : 2) + (r.scope == "*" ? 0 : 1);
    if (rank > best_rank) {
      best = &r;
      best_rank = rank;
      tie = false;
    } else if (rank == best_rank) {
      tie = true;
    }
  }
  if (!best) *error = "no row";
  if (tie) *error = "two rows as specific as each other";
  return tie ? nullptr : best;
}

// ---- The test ----

class ScopeMatrixTest : public ServerTest {
 protected:
  // Each user calls the public API from an address of its own (through a trusted proxy, the test
  // itself), so that its per-source budget (120 a minute) is one user's, not the whole matrix's.
  std::vector<std::string> ExtraArgs() override { return {"--trusted-proxy", "127.0.0.1"}; }
  HttpResponse Call(const std::string& method, const std::string& path, const ApiSession& s,
                    const std::string& body) {
    auto headers = s.AuthHeaders();
    if (!body.empty()) headers.emplace_back("Content-Type", "application/json");
    if (path.rfind("/api/v1/public/", 0) == 0) {
      auto it = sources_.emplace(s.cookie, "198.51.100." + std::to_string(sources_.size() + 1)).first;
      headers.emplace_back("X-Forwarded-For", it->second);
    }
    return Send(port(), {method, path, headers, body});
  }
  std::map<std::string, std::string> sources_;  // session cookie → the address it calls from
  Json GetJson(const std::string& path, const ApiSession& s) {
    HttpResponse r = Get(path, s.AuthHeaders());
    EXPECT_EQ(r.status, 200) << path << ": " << r.body;
    return r.status == 200 ? Json::parse(r.body) : Json::object();
  }
  static Json Items(const Json& page) {
    return page.is_array() ? page : page.value("items", Json::array());
  }
  int64_t Create(const std::string& path, const ApiSession& s, const Json& body) {
    HttpResponse r = Post(path, body.dump(), s.AuthHeaders());
    EXPECT_EQ(r.status / 100, 2) << path << " " << body.dump() << ": " << r.body;
    if (r.status / 100 != 2) return 0;
    return Json::parse(r.body).value("id", int64_t{0});
  }

  std::map<std::string, User> users_;
  std::map<std::string, std::vector<Record>> records_;
  std::string unassigned_holder_;

  void LogInEveryone();
  void MakeRecords();
  void CollectRecords();
};

void ScopeMatrixTest::LogInEveryone() {
  for (const char* login : kDemoLogins) {
    User u;
    u.login = login;
    u.session = LogIn(port(), login, u.login == "admin" ? "Admin@12345" : "Demo@12345");
    ASSERT_EQ(u.session.status, 200) << login << ": " << u.session.body;
    Json me = Json::parse(u.session.body)["user"];
    u.id = me["id"];
    u.agency_id = me["agency"]["id"];
    u.region = me["region"]["code"];
    users_[login] = u;
  }
}

// Records the demo data lacks: a Guangdong case with a transfer and a supervision action, cases of
// Pudong and Shenzhen, an access request, tokens (each user's own, and victims of two extra
// users), brands to delete, a report attachment.
void ScopeMatrixTest::MakeRecords() {
  const ApiSession& admin = users_["admin"].session;
  for (const auto& [login, agency] : std::vector<std::pair<std::string, int64_t>>{
           {"mx_gd_officer", users_["gd_officer"].agency_id},
           {"mx_sh_officer", users_["sh_officer"].agency_id}}) {
    ASSERT_GT(Create("/api/v1/users", admin,
                     {{"login", login},
                      {"display_name", "矩阵测试"},
                      {"password", kStrongPassword},
                      {"roles", {"officer"}},
                      {"agency_id", agency}}),
              0);
  }
  auto new_case = [&](const std::string& login, const std::string& number) {
    return Create("/api/v1/cases", users_[login].session,
                  {{"case_number", number},
                   {"title", "矩阵测试案件"},
                   {"category", "trademark"},
                   {"conduct", "counterfeit_trademark"},
                   {"source", "inspection"},
                   {"act_date_from", "2024-01-01"},
                   {"amounts_fen", {{"illegal_business", 10'000'000}}}});
  };
  // A Guangdong case closed with a fine: a draft penalty disclosure (公示) outside Shanghai.
  int64_t gd_closed = Create(
      "/api/v1/cases", users_["gd_officer"].session,
      {{"case_number", "MX-GD-0"},
       {"title", "矩阵测试处罚案件"},
       {"category", "trademark"},
       {"conduct", "counterfeit_trademark"},
       {"source", "inspection"},
       {"act_date_from", "2024-01-01"},
       {"parties",
        Json::array(
            {Json{{"kind", "company"}, {"name", "广东矩阵测试有限公司"}, {"role", "party"}}})}});
  ASSERT_GT(gd_closed, 0);
  HttpResponse closed = Post("/api/v1/cases/" + std::to_string(gd_closed) + "/close",
                             Json{{"closing_kind", "penalty"},
                                  {"penalty_decision_no", "粤市监罚〔2025〕9号"},
                                  {"fine_fen", 100000},
                                  {"penalty_kinds", {"fine"}}}
                                 .dump(),
                             users_["gd_officer"].session.AuthHeaders());
  ASSERT_EQ(closed.status, 200) << closed.body;
  int64_t gd_case = new_case("gd_officer", "MX-GD-1");
  ASSERT_GT(gd_case, 0);
  ASSERT_GT(new_case("sz_officer", "MX-SZ-1"), 0);
  ASSERT_GT(new_case("pd_officer", "MX-PD-1"), 0);
  ASSERT_GT(
      Create("/api/v1/cases/" + std::to_string(gd_case) + "/supervision",
             users_["gd_prosecutor"].session, {{"kind", "suggest_transfer"}, {"note", "建议移送"}}),
      0);
  ASSERT_GT(
      Create("/api/v1/cases/" + std::to_string(gd_case) + "/transfer", users_["gd_officer"].session,
             {{"team", {"gd_officer", "mx_gd_officer"}}, {"report", "经专案组核实，涉嫌犯罪。"}}),
      0);

  // Pudong asks Shenzhen for its lead (the demo cluster links them).
  Json pd_leads = GetJson("/api/v1/leads", users_["pd_officer"].session);
  ASSERT_FALSE(Items(pd_leads).empty());
  int64_t pd_lead = Items(pd_leads)[0]["id"];
  ASSERT_GT(Create("/api/v1/leads/" + std::to_string(pd_lead) + "/access-requests",
                   users_["pd_officer"].session,
                   {{"agency_id", users_["sz_officer"].agency_id}, {"reason", "联合查处需要"}}),
            0);

  // Tokens: two of each user's own (one per deleting route), and those of the two extra users
  // first in the lists, so that the "region" and "out" tokens are theirs: the admin's deletions
  // of other users' tokens then consume no one's "own".
  for (const std::string login : {"mx_gd_officer", "mx_sh_officer"}) {
    ApiSession s = LogIn(port(), login, kStrongPassword);
    ASSERT_EQ(s.status, 200) << s.body;
    Json me = Json::parse(s.body)["user"];
    for (const std::string kind : {"token", "token_of_user"}) {
      int64_t id = Create("/api/v1/tokens", s, {{"name", "矩阵受害令牌"}});
      ASSERT_GT(id, 0);
      records_[kind].push_back(
          {std::to_string(id), me["agency"]["id"], me["region"]["code"], me["id"]});
    }
  }
  for (const char* login : kDemoLogins) {
    const User& u = users_[login];
    for (const std::string kind : {"token", "token_of_user"}) {
      int64_t id = Create("/api/v1/tokens", u.session, {{"name", "矩阵令牌"}});
      if (id > 0) records_[kind].push_back({std::to_string(id), u.agency_id, u.region, u.id});
    }
  }
  // One brand to delete per user (the registry is shared: scope "-").
  for (const char* login : kDemoLogins) {
    std::string code = std::string("mx-") + login;
    int64_t id =
        Create("/api/v1/monitoring/brands", admin,
               {{"code", code}, {"name", "矩阵品牌" + code}, {"names", {"矩阵品牌" + code}}});
    ASSERT_GT(id, 0);
    records_["brand_delete"].push_back({std::to_string(id), 0, "000000", users_[login].id});
  }
  // Scans in the request (no --nats) by two officers and the analyst: their progress is read at
  // GET /monitoring/scans/{id}.
  for (const std::string login : {"sh_officer", "sz_officer", "analyst"}) {
    const User& u = users_[login];
    Json listing = {{"id", "mx-1"}, {"platform", "taobao"}, {"title", "矩阵测试商品"}};
    HttpResponse r = Post("/api/v1/monitoring/scans",
                          Json{{"source", "矩阵"}, {"listings", Json::array({listing})}}.dump(),
                          u.session.AuthHeaders());
    ASSERT_EQ(r.status, 201) << r.body;
    records_["scan"].push_back(
        {std::to_string(Json::parse(r.body)["scan_id"].get<int64_t>()), u.agency_id, u.region, 0});
  }
  // Reports (投诉举报) at three agencies, entered by their officers and assigned to no one (so the
  // officers' steps are refused before anything is written); Shanghai's is converted to a lead by
  // its head, so that the head's steps on it are refused by its state.
  for (const auto& [login, region] : std::vector<std::pair<std::string, std::string>>{
           {"sh_officer", "310104"}, {"pd_officer", "310115"}, {"sz_officer", "440305"}}) {
    int64_t id = Create("/api/v1/complaints", users_[login].session,
                        {{"kind", "report"},
                         {"channel", "hotline"},
                         {"subject", "trademark"},
                         {"anonymous", true},
                         {"respondent_name", "矩阵测试被举报人"},
                         {"respondent_region", region},
                         {"facts", "矩阵测试举报线索"}});
    ASSERT_GT(id, 0);
    if (login == "sh_officer") {
      HttpResponse converted = Post("/api/v1/complaints/" + std::to_string(id) + "/convert",
                                    Json{{"note", "矩阵测试"}}.dump(),
                                    users_["sh_head"].session.AuthHeaders());
      ASSERT_EQ(converted.status, 200) << converted.body;
    }
  }
  // A trade fair (展会维权), entered by the office: every complaint reader reads the fairs.
  int64_t fair = Create("/api/v1/complaint-fairs", users_["office"].session,
                        {{"name", "矩阵测试展会"},
                         {"venue", "矩阵测试场馆"},
                         {"region_code", "310115"},
                         {"starts_on", "2026-01-01"},
                         {"ends_on", "2026-01-03"},
                         {"organiser", "矩阵测试主办方"}});
  ASSERT_GT(fair, 0);
  records_["complaint_fair"].push_back({std::to_string(fair), 0, "000000", 0});
  // A 约谈 of Shanghai by the national office, the Shanghai agency responsible (地区督办).
  const User& sh = users_["sh_officer"];
  int64_t supervision = Create("/api/v1/region-supervisions", users_["office"].session,
                               {{"kind", "interview"},
                                {"region_code", "310000"},
                                {"reason", "矩阵测试督办"},
                                {"agency_ids", {sh.agency_id}}});
  ASSERT_GT(supervision, 0);
  records_["region_supervision"].push_back({std::to_string(supervision), sh.agency_id, "310000", 0});
  // A report with an attachment on the national IP office's assignment.
  const User& cnipa = users_["cnipa_officer"];
  Json assignments = GetJson("/api/v1/plans/1/assignments?page_size=200", cnipa.session);
  int64_t own = 0;
  for (const Json& a : Items(assignments)) {
    if (a["agency_id"] == cnipa.agency_id && own == 0) own = a["id"];
  }
  ASSERT_GT(own, 0) << assignments.dump();
  HttpResponse report = Post("/api/v1/plan-assignments/" + std::to_string(own) + "/reports",
                             Json{{"period", "2020"},
                                  {"status", "in_progress"},
                                  {"narrative", "矩阵测试报送"},
                                  {"attachments", Json::array({Json{{"filename", "mx.txt"},
                                                                    {"content_type", "text/plain"},
                                                                    {"data_base64", "bXg="}}})}}
                                 .dump(),
                             cnipa.session.AuthHeaders());
  ASSERT_EQ(report.status / 100, 2) << report.body;
  Json made = Json::parse(report.body);  // named: a range-for over a temporary's member dangles
  for (const Json& att : made["attachments"]) {
    records_["attachment"].push_back(
        {std::to_string(att["id"].get<int64_t>()), cnipa.agency_id, cnipa.region, 0});
  }
}

// Every kind's records, collected as the admin (national scope), with their owners.
void ScopeMatrixTest::CollectRecords() {
  const ApiSession& admin = users_["admin"].session;
  auto add = [&](const std::string& kind, const Json& items,
                 const std::function<Record(const Json&)>& f) {
    for (const Json& it : items) records_[kind].push_back(f(it));
  };
  auto agency_of = [](const Json& j) -> int64_t {
    return j.is_object() && j["id"].is_number() ? j["id"].get<int64_t>() : 0;
  };
  std::map<int64_t, std::string> agency_region;
  Json agencies = Items(GetJson("/api/v1/agencies?page_size=200", admin));
  for (const Json& a : agencies) agency_region[a["id"]] = a["region_code"];
  add("agency", agencies, [](const Json& a) {
    return Record{std::to_string(a["id"].get<int64_t>()), a["id"], a["region_code"], 0};
  });
  // A user's "own" record is the user: colleagues are "region".
  add("user", Items(GetJson("/api/v1/users?page_size=200", admin)), [&](const Json& u) {
    return Record{std::to_string(u["id"].get<int64_t>()), agency_of(u["agency"]),
                  u["region"]["code"], u["id"]};
  });
  std::map<int64_t, Record> case_owner;
  add("case", Items(GetJson("/api/v1/cases?page_size=200", admin)), [&](const Json& c) {
    Record r{std::to_string(c["id"].get<int64_t>()), agency_of(c["agency"]), c["region"]["code"],
             0};
    case_owner[c["id"]] = r;
    return r;
  });
  add("transfer", Items(GetJson("/api/v1/transfers?page_size=200", admin)), [&](const Json& t) {
    return Record{std::to_string(t["id"].get<int64_t>()), agency_of(t["agency"]),
                  t["region"]["code"], 0};
  });
  add("supervision", Items(GetJson("/api/v1/supervision/actions", admin)), [&](const Json& s) {
    const Record& c = case_owner[s["case_id"]];
    return Record{std::to_string(s["id"].get<int64_t>()), c.agency_id, c.region, 0};
  });
  add("lead", Items(GetJson("/api/v1/leads?page_size=200", admin)), [&](const Json& l) {
    return Record{std::to_string(l["id"].get<int64_t>()), agency_of(l["agency"]), l["region_code"],
                  0};
  });
  // Cross-region alerts are the office's of the smallest region covering the cluster.
  add("lead_alert", Items(GetJson("/api/v1/leads/alerts", admin)), [](const Json& a) {
    return Record{std::to_string(a["id"].get<int64_t>()), 0, a["region_code"], 0};
  });
  add("access_request", Items(GetJson("/api/v1/leads/access-requests", admin)), [&](const Json& a) {
    int64_t agency = agency_of(a["requester_agency"]);
    return Record{std::to_string(a["id"].get<int64_t>()), agency, agency_region[agency], 0};
  });
  add("hit", Items(GetJson("/api/v1/monitoring/hits?page_size=200", admin)), [&](const Json& h) {
    return Record{std::to_string(h["id"].get<int64_t>()), agency_of(h["agency"]), h["region_code"],
                  0};
  });
  Json brands = Items(GetJson("/api/v1/monitoring/brands", admin));
  ASSERT_FALSE(brands.empty());
  records_["brand"].push_back({std::to_string(brands[0]["id"].get<int64_t>()), 0, "000000", 0});
  Json plans = Items(GetJson("/api/v1/plans", admin));
  add("plan", plans, [](const Json& p) {
    return Record{std::to_string(p["id"].get<int64_t>()), 0, p["region_code"], 0};
  });
  ASSERT_FALSE(plans.empty());
  std::string plan = std::to_string(plans[0]["id"].get<int64_t>());
  add("assignment", Items(GetJson("/api/v1/plans/" + plan + "/assignments?page_size=200", admin)),
      [&](const Json& a) {
        return Record{std::to_string(a["id"].get<int64_t>()), a["agency_id"],
                      agency_region[a["agency_id"]], 0};
      });
  add("notice", Items(GetJson("/api/v1/plans/" + plan + "/notices", admin)), [&](const Json& n) {
    int64_t agency = n["agency_id"].is_number() ? n["agency_id"].get<int64_t>() : 0;
    std::string region = agency ? agency_region[agency] : n.value("region_code", "000000");
    return Record{std::to_string(n["id"].get<int64_t>()), agency, region, 0};
  });
  records_["region"].push_back({"440300", 0, "440300", 0});
  // The demo's typical case (published by the office from a closed demo case).
  for (const Json& t : Items(GetJson("/api/v1/typical-cases", users_["office"].session))) {
    records_["typical_case"].push_back({std::to_string(t["id"].get<int64_t>()), 0, "000000", 0});
  }
  // The demo's IP office finding (国家知识产权局's, national).
  add("ip_finding", Items(GetJson("/api/v1/credit/ip-findings", admin)), [](const Json& f) {
    return Record{std::to_string(f["id"].get<int64_t>()), f["agency_id"], f["region_code"], 0};
  });
  // An enterprise's credit record: the one the demo's lead names.
  records_["credit_subject"].push_back({"91350100M000100Y43", 0, "000000", 0});
  add("disclosure", Items(GetJson("/api/v1/disclosures?page_size=200", admin)), [](const Json& d) {
    return Record{std::to_string(d["id"].get<int64_t>()), d["agency_id"], d["region_code"], 0};
  });
  // The portal's search needs a proof-of-work pass; the admin's list names the published ones.
  Json published = Items(GetJson("/api/v1/disclosures?status=published", admin));
  if (!published.empty()) {
    records_["public_disclosure"].push_back(
        {std::to_string(published[0]["id"].get<int64_t>()), 0, "000000", 0});
  }
  // Seized goods and destructions (the demo's, all of the Shanghai agency); the directory and the
  // public certificate check are shared.
  add("custody_item", Items(GetJson("/api/v1/custody/items?page_size=200", admin)), [](const Json& i) {
    return Record{std::to_string(i["id"].get<int64_t>()), i["agency_id"], i["region_code"], 0};
  });
  Json destructions = Items(GetJson("/api/v1/destructions?page_size=200", admin));
  add("destruction", destructions, [](const Json& d) {
    return Record{std::to_string(d["id"].get<int64_t>()), d["agency_id"], d["region_code"], 0};
  });
  for (const Json& d : destructions) {
    if (d["certificate_no"].is_string()) {
      records_["certificate"].push_back({d["certificate_no"].get<std::string>(), 0, "000000", 0});
      break;
    }
  }
  Json units = Items(GetJson("/api/v1/destruction-units", admin));
  ASSERT_FALSE(units.empty());
  records_["destruction_unit"].push_back({std::to_string(units[0]["id"].get<int64_t>()), 0, "000000", 0});
  // Campaigns are read by everyone who reads destructions (agencies attach to them): shared.
  Json campaigns = Items(GetJson("/api/v1/destruction-campaigns", admin));
  ASSERT_FALSE(campaigns.empty());
  records_["destruction_campaign"].push_back({std::to_string(campaigns[0]["id"].get<int64_t>()), 0, "000000", 0});
  // A repair's receipt is looked up with its query code, which only the applicant has: any receipt
  // without it answers 404 (no application can be made the day a record is published, so the
  // matrix has none of its own).
  records_["repair_receipt"].push_back({"XF20260101NOCODE", 0, "000000", 0});
  add("complaint", Items(GetJson("/api/v1/complaints?page_size=200", admin)), [](const Json& c) {
    return Record{std::to_string(c["id"].get<int64_t>()),
                  c["agency_id"].is_number() ? c["agency_id"].get<int64_t>() : 0, c["region_code"],
                  0};
  });
  // Like a repair's: a receipt without its query code answers 404.
  records_["complaint_receipt"].push_back({"JB20260101NOCODE", 0, "000000", 0});
  // Event subscriptions are an admin's (scope "-"): one for the Shanghai police's account. A
  // delivery needs a receiver: none exists, so the replay route names a missing one.
  int64_t subscription = Create("/api/v1/event-subscriptions", admin,
                                {{"user_id", users_["sh_police"].id},
                                 {"name", "矩阵订阅"},
                                 {"types", {"transfer.sent"}},
                                 {"url", "https://receiver.example/ipe"}});
  records_["event_subscription"].push_back({std::to_string(subscription), 0, "000000", 0});
  records_["event_delivery"].push_back({kMissingId, 0, "000000", 0});
  // Cooperation groups are national reference data (scope "-"): a seeded one.
  Json groups = Items(GetJson("/api/v1/cooperation-groups", admin));
  ASSERT_FALSE(groups.empty());
  records_["cooperation_group"].push_back({std::to_string(groups[0]["id"].get<int64_t>()), 0, "000000", 0});
  // Published annual figures are public once published (scope "-"): the office publishes 2024.
  int64_t publication = Create("/api/v1/statistics/publications", admin, {{"year", 2024}});
  records_["stat_publication"].push_back({std::to_string(publication), 0, "000000", 0});
  records_["annual_figures_year"].push_back({"2024", 0, "000000", 0});
  // 平安建设考核 of a year: what each user sees is filtered by the use case (scope "-").
  records_["psa_year"].push_back({"2025", 0, "000000", 0});
  // A joint meeting of Shanghai and Jiangsu with a task for the Shanghai bureau: seen by national
  // users and Shanghai's (rows per login), not by Guangdong's.
  {
    Json meeting = Json::parse(Post("/api/v1/cooperation-meetings",
                                    Json{{"title", "矩阵联席会议"}, {"meeting_date", "2025-06-01"}, {"place", "上海"},
                                         {"members", {"310000", "320000"}}, {"decisions", "矩阵测试"},
                                         {"tasks", Json::array({Json{{"description", "矩阵任务"},
                                                                     {"owner_agency_id", users_["sh_officer"].agency_id},
                                                                     {"due_date", "2025-07-01"}}})}}.dump(),
                                    admin.AuthHeaders()).body);
    ASSERT_TRUE(meeting.contains("id")) << meeting.dump();
    records_["coop_meeting"].push_back({std::to_string(meeting["id"].get<int64_t>()), 0, "000000", 0});
    records_["coop_task"].push_back({std::to_string(meeting["tasks"][0]["id"].get<int64_t>()), 0, "000000", 0});
  }
  // A joint operation over the demo's cross-region cluster (浦东, 深圳, 北京 leads): seen by national
  // supervisors and the member agencies' users (rows per login), not by other agencies.
  {
    Json leads = Items(GetJson("/api/v1/leads?q=%E6%B5%A6%E4%B8%9C%E6%96%B0%E5%8C%BA%E7%BD%91%E5%BA%97", admin));
    ASSERT_FALSE(leads.empty());
    int64_t op = Create("/api/v1/joint-operations", admin,
                        {{"title", "矩阵联合行动"}, {"goal", "矩阵测试"},
                         {"lead_id", leads[0]["id"].get<int64_t>()}, {"end_date", "2099-12-31"}});
    records_["joint_operation"].push_back({std::to_string(op), 0, "000000", 0});
  }
  // The admin's own monthly report schedule (each user sees only their own); no report is stored
  // before a period ends, so the file route is called with an id that exists nowhere.
  records_["report_schedule"].push_back(
      {std::to_string(Create("/api/v1/statistics/report-schedules", admin, {{"cadence", "month"}})), 0, "000000", 0});
  records_["scheduled_report"].push_back({kMissingId, 0, "000000", 0});
  // The first unassigned holder of the plan's tree.
  std::function<bool(const Json&)> find = [&](const Json& j) {
    if (j.is_object() && j.contains("unassigned") && !j["unassigned"].empty() &&
        j["unassigned"][0]["id"].is_number()) {
      unassigned_holder_ = std::to_string(j["unassigned"][0]["id"].get<int64_t>());
      return true;
    }
    if (j.is_object() || j.is_array()) {
      for (const Json& v : j) {
        if (find(v)) return true;
      }
    }
    return false;
  };
  find(GetJson("/api/v1/plans/" + plan, admin));
  ASSERT_FALSE(unassigned_holder_.empty());
  for (const char* kind :
       {"agency", "user", "case", "transfer", "supervision", "lead", "lead_alert", "access_request",
        "hit", "plan", "assignment", "notice", "attachment", "token", "token_of_user",
        "brand_delete", "disclosure", "public_disclosure", "custody_item", "destruction",
        "certificate", "destruction_unit", "destruction_campaign", "complaint", "typical_case",
        "complaint_fair", "ip_finding", "region_supervision", "cooperation_group", "stat_publication"}) {
    EXPECT_FALSE(records_[kind].empty()) << "no record of kind " << kind;
  }
}

struct Observed {
  std::string method, path, login, scope;
  int status = 0;
};

TEST_P(ScopeMatrixTest, EveryRouteAsEveryRoleInAndOutOfScope) {
  ASSERT_NO_FATAL_FAILURE(LogInEveryone());
  ASSERT_NO_FATAL_FAILURE(MakeRecords());
  ASSERT_NO_FATAL_FAILURE(CollectRecords());

  // The routes, from the server's own description.
  Json openapi = Json::parse(Get("/api/v1/openapi.json").body);
  std::vector<Route> routes;
  for (const auto& [path, methods] : openapi["paths"].items()) {
    for (const auto& [method, op] : methods.items()) {
      Route r;
      r.path = path;
      for (char c : method)
        r.method += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      for (const Json& p : op.value("parameters", Json::array())) {
        if (p.value("in", "") != "path") continue;  // query parameters: see kDryRequests
        std::string name = p["name"];
        if (r.params.empty()) {
          auto kind = KindOf(r.method, path);
          ASSERT_TRUE(kind) << r.method << " " << path << ": add its record kind to KindOf";
          r.params.push_back({name, *kind, ""});
        } else if (name == "token_id") {
          r.params.push_back({name, "", ""});  // the token of the record (see Substitute)
        } else if (name == "holder_id") {
          r.params.push_back({name, "", unassigned_holder_});
        } else if (name == "attachment_id" || name == "photo_id" || name == "step_id") {
          r.params.push_back({name, "", "1"});  // the records of the matrix have none
        } else {
          FAIL() << r.method << " " << path << ": unknown second parameter " << name;
        }
      }
      routes.push_back(r);
    }
  }
  // Logging out ends the caller's session: last.
  std::stable_partition(routes.begin(), routes.end(), [](const Route& r) {
    return !(r.method == "DELETE" && r.path == "/api/v1/session");
  });
  ASSERT_FALSE(routes.empty()) << "openapi.json lists no route";

  std::vector<std::string> errors;
  std::vector<Row> rows = ReadTable(IPE_SOURCE_DIR "/tests/http/scope_matrix.tsv", &errors);
  for (const std::string& e : errors) ADD_FAILURE() << "scope_matrix.tsv " << e;

  // The path of `route` naming `record` (or the missing id everywhere when `record` is null).
  auto substitute = [&](const Route& route, const Record* record) {
    std::string path = route.path;
    for (const Param& p : route.params) {
      std::string value = !record                           ? std::string(kMissingId)
                          : !p.fixed.empty()                ? p.fixed
                          : p.name == "token_id"            ? record->id
                          : route.kind() == "token_of_user" ? std::to_string(record->owner_user)
                                                            : record->id;
      path.replace(path.find("{" + p.name + "}"), p.name.size() + 2, value);
    }
    return path;
  };
  auto body_of = [](const Route& r) {
    if (const DryRequest* d = DryFor(r.method, r.path); d && d->body) return std::string(d->body);
    return r.method == "GET" || r.method == "DELETE" ? std::string() : std::string("{}");
  };
  auto query_of = [](const Route& r) {
    const DryRequest* d = DryFor(r.method, r.path);
    return std::string(d ? d->query : "");
  };

  std::vector<Observed> observed;
  int calls = 0, missing_calls = 0, no_record = 0;
  for (const Route& route : routes) {
    for (const char* login : kDemoLogins) {
      const User& u = users_[login];
      std::vector<std::pair<std::string, const Record*>> targets;
      const std::string kind = route.kind();
      if (kind.empty() || Shared(kind)) {
        const Record* r = nullptr;
        if (kind == "brand_delete") {
          r = Pick(u, records_[kind], "own");
        } else if (!kind.empty()) {
          r = &records_[kind].front();
        }
        targets.push_back({"-", r});
      } else {
        for (const char* scope : {"own", "region", "out"}) {
          targets.push_back({scope, Pick(u, records_[kind], scope)});
        }
      }
      std::optional<int> out_status;
      for (const auto& [scope, record] : targets) {
        std::string why;
        Row* row = Lookup(rows, route, login, scope, &why);
        if (row) {
          row->used = true;
        } else {
          ADD_FAILURE() << "scope_matrix.tsv: " << why << " for " << route.method << " "
                        << route.path << " as " << login << " (" << scope << ")";
        }
        if (!kind.empty() && !record) {
          ++no_record;  // e.g. no hit lies inside a province: the row documents, nothing to call
          continue;
        }
        std::string path =
            (kind.empty() ? route.path : substitute(route, record)) + query_of(route);
        HttpResponse r = Call(route.method, path, u.session, body_of(route));
        ++calls;
        observed.push_back({route.method, route.path, login, scope, r.status});
        if (row) {
          EXPECT_TRUE(Matches(row->expect, r.status))
              << route.method << " " << path << " as " << login << " (" << scope << "): expected "
              << row->expect << " (scope_matrix.tsv:" << row->line << ", " << row->why << "), got "
              << r.status << " " << r.body.substr(0, 300);
        }
        if (r.status / 100 != 2 && r.status != 401 && r.status != 405 &&
            r.headers["content-type"].rfind("application/problem+json", 0) != 0) {
          ADD_FAILURE() << route.method << " " << path << " as " << login
                        << ": a refusal that is not problem+json";
        }
        if (scope == "out") {
          out_status = r.status;
          EXPECT_TRUE(r.status / 100 != 2 || kind == "agency")
              << route.method << " " << path << " as " << login
              << ": a record outside the caller's region answered " << r.status;
        }
      }
      // A record outside the caller's region is refused as a missing one.
      if (out_status && *out_status / 100 != 2) {
        HttpResponse m = Call(route.method, substitute(route, nullptr) + query_of(route), u.session,
                              body_of(route));
        ++missing_calls;
        EXPECT_EQ(m.status, *out_status) << route.method << " " << route.path << " as " << login
                                         << ": an out-of-scope record answers " << *out_status
                                         << " but a missing id " << m.status << " (enumeration)";
      }
    }
  }
  for (const Row& r : rows) {
    if (!r.used) ADD_FAILURE() << "scope_matrix.tsv:" << r.line << " matches no call (stale row)";
  }
  if (const char* out = std::getenv("IPE_SCOPE_MATRIX_OBSERVED")) {
    std::ofstream f(out);
    for (const Observed& o : observed) {
      f << o.method << '\t' << o.path << '\t' << o.login << '\t' << o.scope << '\t' << o.status
        << '\n';
    }
  }
  std::printf(
      "[scope matrix] %zu routes x %zu users: %d calls (route x user x own/region/out/-), "
      "%d more with missing ids; %d (route x user x scope) without such a record\n",
      routes.size(), std::size(kDemoLogins), calls, missing_calls, no_record);
  // docs/security.md quotes this count: change both together.
  EXPECT_EQ(calls, kExpectedCalls);
}

INSTANTIATE_TEST_SUITE_P(Backends, ScopeMatrixTest, ::testing::Values("sqlite", "postgres"));

}  // namespace
}  // namespace ipe::testing
