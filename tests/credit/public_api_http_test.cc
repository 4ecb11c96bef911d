// The public portal's API through the real `ipenforce serve` (issue 15): it gives published,
// masked records and nothing internal. The test crawls it — solving the ALTCHA challenge as the
// widget does — and checks every answer's fields and values; every route outside it answers 401
// without credentials, and a new public route fails here until it is listed; the per-source rate
// limit answers 429. On SQLite and PostgreSQL.
#include <gtest/gtest.h>

#include <sodium.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <string>

#include "test_server.h"

namespace ipe::testing {
namespace {

using Json = nlohmann::json;

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

// The fields a public record may carry (Order 45 art. 4's summary, masked).
const std::set<std::string> kPublicFields = {
    "id",          "decision_no",    "decision_date", "party_kind",     "party_name",
    "credit_code", "id_masked",      "violation_type", "facts",         "legal_basis",
    "penalty_content", "agency_name", "published_on", "display_until"};

// Routes anyone may call without logging in. A new one must be added here on purpose.
const std::set<std::string> kOpenRoutes = {
    "POST /api/v1/session",          "GET /api/v1/openapi.json",
    "GET /api/v1/public/challenge",  "POST /api/v1/public/pass",
    "GET /api/v1/public/disclosures", "GET /api/v1/public/disclosures/{id}",
    "POST /api/v1/public/repairs",   "GET /api/v1/public/repairs/{receipt}",
    "GET /api/v1/public/serious-list",
    // The directory of destruction units and the certificate check (docs/custody.md): companies
    // and agencies only, no personal data.
    "GET /api/v1/public/destruction-units", "GET /api/v1/public/destruction-certificates/{number}",
    // 投诉举报 (docs/complaints.md): the form behind the pass, the status page behind the code.
    "POST /api/v1/public/complaints", "GET /api/v1/public/complaints/{receipt}",
    "POST /api/v1/public/complaints/{receipt}/attachments",
    // The trade fairs running now, to file a complaint under one (organisers and service desks).
    "GET /api/v1/public/complaint-fairs",
    // 典型案例 (docs/credit.md): published cases, the text with personal data hidden.
    "GET /api/v1/public/typical-cases", "GET /api/v1/public/typical-cases/{id}",
    // 年度统计数字 (docs/statistics.md): the office's published snapshots, small counts as "<N",
    // behind the pass.
    "GET /api/v1/public/annual-figures", "GET /api/v1/public/annual-figures/{year}",
    // Who am I (401 without a session, by the handler), health probes, and the metrics that
    // check their own token or loopback listener (docs/security.md).
    "GET /api/v1/session", "GET /healthz", "GET /readyz", "GET /metrics"};

class PublicApiTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (sodium_init() < 0) GTEST_FAIL() << "libsodium";
    db_url_ = FreshDatabaseUrl(GetParam());
    if (db_url_.empty()) GTEST_SKIP() << "IPE_PG_DSN not set: PostgreSQL run skipped";
    server_ = std::make_unique<ServerProcess>(IPE_BINARY, db_url_);
  }

  HttpResponse Get(const std::string& path,
                   std::vector<std::pair<std::string, std::string>> headers = {}) {
    return Send(server_->port(), {"GET", path, std::move(headers), ""});
  }
  HttpResponse Write(const ApiSession& s, const std::string& method, const std::string& path,
                     const Json& body) {
    auto h = s.AuthHeaders();
    h.emplace_back("Content-Type", "application/json");
    return Send(server_->port(), {method, path, h, body.dump()});
  }

  // Solves a challenge as the widget does and trades it for a pass.
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
    EXPECT_GE(number, 0);
    Json payload = {{"algorithm", ch["algorithm"]}, {"challenge", ch["challenge"]},
                    {"number", number},             {"salt", ch["salt"]},
                    {"signature", ch["signature"]}};
    HttpResponse p = Send(server_->port(), {"POST", "/api/v1/public/pass",
                                            {{"Content-Type", "application/json"}},
                                            Json{{"altcha", Base64(payload.dump())}}.dump()});
    EXPECT_EQ(p.status, 200) << p.body;
    return Json::parse(p.body).value("pass", "");
  }

  std::string db_url_;
  std::unique_ptr<ServerProcess> server_;
};

// Every string inside `j`, for leak checks.
void Strings(const Json& j, std::vector<std::string>& out) {
  if (j.is_string()) out.push_back(j.get<std::string>());
  if (j.is_object() || j.is_array()) {
    for (const auto& v : j) Strings(v, out);
  }
}

TEST_P(PublicApiTest, TheCrawlFindsOnlyPublishedMaskedRecords) {
  // A natural person's case with personal data in the facts, closed, reviewed and published
  // through the agency API; and a draft left unpublished.
  ApiSession officer = LogIn(server_->port(), "sh_officer", "Demo@12345");
  ASSERT_EQ(officer.status, 200) << officer.body;
  Json kase = {{"case_number", "沪公开1"},
               {"title", "赵六销售假冒运动鞋案"},
               {"category", "trademark"},
               {"conduct", "sell_counterfeit_goods"},
               {"source", "inspection"},
               {"goods", "假冒运动鞋，联系电话13812345678，住上海市徐汇区漕溪北路88号5室"},
               {"parties", Json::array({{{"kind", "person"},
                                         {"name", "赵六"},
                                         {"id_number", "11010519491231002X"},
                                         {"phone", "13812345678"},
                                         {"role", "party"}}})}};
  HttpResponse created = Write(officer, "POST", "/api/v1/cases", kase);
  ASSERT_EQ(created.status, 201) << created.body;
  int64_t case_id = Json::parse(created.body)["id"];
  HttpResponse closed = Write(officer, "POST", "/api/v1/cases/" + std::to_string(case_id) + "/close",
                              {{"closing_kind", "penalty"},
                               {"penalty_decision_no", "沪市监处罚〔2026〕9号"},
                               {"fine_fen", 1000000},
                               {"penalty_kinds", {"fine"}}});
  ASSERT_EQ(closed.status, 200) << closed.body;
  HttpResponse drafts = Get("/api/v1/disclosures?status=draft&page_size=100", officer.AuthHeaders());
  ASSERT_EQ(drafts.status, 200) << drafts.body;
  int64_t mine = 0, other_draft = 0, version = 0;
  Json draft_page = Json::parse(drafts.body);  // kept alive: the loop walks into it
  for (const auto& d : draft_page["items"]) {
    if (d["case_id"] == case_id) {
      mine = d["id"];
      version = d["version"];
    } else {
      other_draft = d["id"];
    }
  }
  ASSERT_GT(mine, 0) << drafts.body.substr(0, 2000);
  ASSERT_GT(other_draft, 0) << "the demo leaves drafts unpublished";
  HttpResponse edited = Write(officer, "PUT", "/api/v1/disclosures/" + std::to_string(mine),
                              {{"violation_type", "销售假冒注册商标的商品"},
                               {"facts", "当事人赵六（电话13812345678）销售假冒运动鞋。"},
                               {"legal_basis", "《中华人民共和国商标法》第六十条第二款"},
                               {"version", version}});
  ASSERT_EQ(edited.status, 200) << edited.body;
  HttpResponse published =
      Write(officer, "POST", "/api/v1/disclosures/" + std::to_string(mine) + "/publish",
            {{"version", Json::parse(edited.body)["version"]}});
  ASSERT_EQ(published.status, 200) << published.body;

  // No pass, no search; a made-up pass neither.
  EXPECT_EQ(Get("/api/v1/public/disclosures").status, 403);
  EXPECT_EQ(Get("/api/v1/public/disclosures", {{"X-Public-Pass", "9999999999.abc"}}).status, 403);

  std::string pass = Pass();
  ASSERT_FALSE(pass.empty());
  std::regex id_number(R"(\d{17}[\dXx])"), mobile(R"((^|\D)1[3-9]\d{9}(\D|$))");
  std::set<int64_t> seen;
  for (int page = 1; page <= 20; ++page) {
    HttpResponse r = Get("/api/v1/public/disclosures?page_size=50&page=" + std::to_string(page),
                         {{"X-Public-Pass", pass}});
    ASSERT_EQ(r.status, 200) << r.body;
    Json body = Json::parse(r.body);
    for (const auto& item : body["items"]) {
      int64_t id = item["id"];
      seen.insert(id);
      HttpResponse one = Get("/api/v1/public/disclosures/" + std::to_string(id));
      ASSERT_EQ(one.status, 200) << one.body;
      for (const Json& j : {item, Json::parse(one.body)}) {
        for (const auto& [key, value] : j.items()) {
          EXPECT_TRUE(kPublicFields.count(key)) << "internal field on the portal: " << key;
        }
        std::vector<std::string> texts;
        Strings(j, texts);
        for (const std::string& t : texts) {
          EXPECT_FALSE(std::regex_search(t, id_number)) << "an ID number: " << t;
          EXPECT_FALSE(std::regex_search(t, mobile)) << "a phone number: " << t;
          EXPECT_EQ(t.find("88号"), std::string::npos) << "a house address: " << t;
        }
      }
    }
    if (body["items"].size() < 50) break;
  }
  EXPECT_TRUE(seen.count(mine));
  EXPECT_FALSE(seen.count(other_draft));
  EXPECT_EQ(Get("/api/v1/public/disclosures/" + std::to_string(other_draft)).status, 404);
  HttpResponse record = Get("/api/v1/public/disclosures/" + std::to_string(mine));
  EXPECT_EQ(Json::parse(record.body)["id_masked"], "110105********002X");
  // The ID number finds nothing; the name does.
  EXPECT_EQ(Json::parse(Get("/api/v1/public/disclosures?q=11010519491231002X",
                            {{"X-Public-Pass", pass}}).body)["total"],
            0);
  EXPECT_EQ(Json::parse(Get("/api/v1/public/disclosures?q=%E8%B5%B5%E5%85%AD",  // 赵六
                            {{"X-Public-Pass", pass}}).body)["total"],
            1);
  // A withdrawn record disappears.
  HttpResponse withdrawn =
      Write(officer, "POST", "/api/v1/disclosures/" + std::to_string(mine) + "/withdraw",
            {{"kind", "revoked"}, {"reason", "复议撤销"},
             {"changed_on", Json::parse(published.body)["decision_date"]},
             {"version", Json::parse(published.body)["version"]}});
  EXPECT_EQ(withdrawn.status, 200) << withdrawn.body;
  EXPECT_EQ(Get("/api/v1/public/disclosures/" + std::to_string(mine)).status, 404);
}

TEST_P(PublicApiTest, TypicalCasesShowOnlyThePublishedText) {
  HttpResponse list = Get("/api/v1/public/typical-cases");
  ASSERT_EQ(list.status, 200) << list.body;
  Json items = Json::parse(list.body)["items"];
  ASSERT_FALSE(items.empty());  // the demo publishes one
  for (const Json& item : items) {
    for (const char* internal : {"body", "hidden_names", "case_id", "status", "region_code", "version"}) {
      EXPECT_FALSE(item.contains(internal)) << internal << " in " << item;
    }
    EXPECT_EQ(item["body_public"].get<std::string>().find("13900139000"), std::string::npos) << item;
    HttpResponse one = Get("/api/v1/public/typical-cases/" + std::to_string(item["id"].get<int64_t>()));
    ASSERT_EQ(one.status, 200);
    EXPECT_FALSE(Json::parse(one.body).contains("body"));
  }
  EXPECT_EQ(Get("/api/v1/public/typical-cases/999999").status, 404);
}

// 严重违法失信名单 and 信用修复 on the demo's penalty, published today: the agency that decided
// it lists the party once (a second listing of the same penalty is refused, also for a party
// without credit code or ID number); the portal shows it; early removal waits for its day; a
// repair application is refused until the minimum display period has run. The office's answers are
// checked against the contract on the way (tests/http/test_server.cc).
TEST_P(PublicApiTest, TheDeciderListsASeriousViolatorAndRepairWaitsForTheDisplayPeriod) {
  std::string pass = Pass();
  ASSERT_FALSE(pass.empty());
  HttpResponse published = Get("/api/v1/public/disclosures", {{"X-Public-Pass", pass}});
  ASSERT_EQ(published.status, 200) << published.body;
  Json items = Json::parse(published.body)["items"];
  ASSERT_FALSE(items.empty()) << "the demo publishes one penalty";
  int64_t disclosure_id = items[0]["id"];

  ApiSession outsider = LogIn(server_->port(), "gd_officer", "Demo@12345");
  ApiSession officer = LogIn(server_->port(), "sh_officer", "Demo@12345");
  ASSERT_EQ(officer.status, 200) << officer.body;
  Json listing = {{"disclosure_id", disclosure_id},
                  {"category", "intentional_ip_infringement"},
                  {"basis", "故意侵犯知识产权，从重罚款"},
                  {"aggravated_fine", true}};
  EXPECT_EQ(Write(outsider, "POST", "/api/v1/serious-list", listing).status, 404);
  Json bad_category = listing;
  bad_category["category"] = "no_such_ground";
  EXPECT_EQ(Write(officer, "POST", "/api/v1/serious-list", bad_category).status, 400);
  HttpResponse listed = Write(officer, "POST", "/api/v1/serious-list", listing);
  ASSERT_EQ(listed.status, 201) << listed.body;
  Json l = Json::parse(listed.body);
  EXPECT_EQ(l["status"], "listed");
  EXPECT_EQ(Write(officer, "POST", "/api/v1/serious-list", listing).status, 409);
  HttpResponse list = Get("/api/v1/serious-list", officer.AuthHeaders());
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(Json::parse(list.body)["total"], 1);
  HttpResponse portal = Get("/api/v1/public/serious-list", {{"X-Public-Pass", pass}});
  ASSERT_EQ(portal.status, 200) << portal.body;
  EXPECT_EQ(Json::parse(portal.body)["total"], 1);
  HttpResponse removed = Write(
      officer, "POST", "/api/v1/serious-list/" + std::to_string(l["id"].get<int64_t>()) + "/remove",
      {{"reason", "已整改"}, {"conditions_met", true}, {"version", l["version"]}});
  EXPECT_EQ(removed.status, 409) << removed.body;

  HttpResponse applied =
      Send(server_->port(), {"POST",
                             "/api/v1/public/repairs",
                             {{"Content-Type", "application/json"}, {"X-Public-Pass", pass}},
                             Json{{"disclosure_id", disclosure_id},
                                  {"applicant_name", "某某公司"},
                                  {"contact_phone", "13800000000"},
                                  {"statement", "已履行罚款，申请信用修复。"},
                                  {"penalty_fulfilled", true}}
                                 .dump()});
  EXPECT_EQ(applied.status, 409) << applied.body;
  EXPECT_EQ(Write(officer, "POST", "/api/v1/repairs/999999/decide",
                  {{"approve", false}, {"reason", "罚款尚未缴清"}, {"version", 1}})
                .status,
            404);
}

// 典型案例: the office writes one, publishes it (the portal shows the text with the names hidden)
// and withdraws it (the portal forgets it).
TEST_P(PublicApiTest, ATypicalCaseIsOnThePortalOnlyWhilePublished) {
  ApiSession office = LogIn(server_->port(), "office", "Demo@12345");
  ASSERT_EQ(office.status, 200) << office.body;
  HttpResponse created = Write(office, "POST", "/api/v1/typical-cases",
                               {{"title", "钱七销售假冒手表案"},
                                {"category", "trademark"},
                                {"body", "钱七在网店销售假冒手表，被依法查处。"},
                                {"lesson", "网络销售同样受商标法约束。"},
                                {"hide_names", {"钱七"}}});
  ASSERT_EQ(created.status, 201) << created.body;
  Json draft = Json::parse(created.body);
  std::string path = "/api/v1/typical-cases/" + std::to_string(draft["id"].get<int64_t>());
  EXPECT_EQ(draft["status"], "draft");
  EXPECT_EQ(
      Get("/api/v1/public/typical-cases/" + std::to_string(draft["id"].get<int64_t>())).status,
      404);

  // The client echoes back what it read: the read-only fields are ignored (the names to hide
  // are input, `hide_names`, each time).
  Json edit = draft;
  edit["hide_names"] = {"钱七"};
  edit["lesson"] = "网络销售同样受商标法约束，平台应履行审核义务。";
  HttpResponse edited = Write(office, "PUT", path, edit);
  ASSERT_EQ(edited.status, 200) << edited.body;
  HttpResponse listed = Get("/api/v1/typical-cases?status=draft", office.AuthHeaders());
  ASSERT_EQ(listed.status, 200) << listed.body;
  EXPECT_GE(Json::parse(listed.body)["total"].get<int64_t>(), 1);

  HttpResponse published =
      Write(office, "POST", path + "/publish", {{"version", Json::parse(edited.body)["version"]}});
  ASSERT_EQ(published.status, 200) << published.body;
  HttpResponse shown =
      Get("/api/v1/public/typical-cases/" + std::to_string(draft["id"].get<int64_t>()));
  ASSERT_EQ(shown.status, 200) << shown.body;
  EXPECT_EQ(Json::parse(shown.body)["body_public"].get<std::string>().find("钱七"),
            std::string::npos)
      << shown.body;

  HttpResponse withdrawn =
      Write(office, "POST", path + "/withdraw",
            {{"reason", "内容需更新"}, {"version", Json::parse(published.body)["version"]}});
  ASSERT_EQ(withdrawn.status, 200) << withdrawn.body;
  EXPECT_EQ(Json::parse(Get(path, office.AuthHeaders()).body)["status"], "withdrawn");
  EXPECT_EQ(
      Get("/api/v1/public/typical-cases/" + std::to_string(draft["id"].get<int64_t>())).status,
      404);
}

TEST_P(PublicApiTest, EveryOtherRouteNeedsCredentials) {
  HttpResponse spec = Get("/api/v1/openapi.json");
  ASSERT_EQ(spec.status, 200);
  Json paths = Json::parse(spec.body)["paths"];
  int checked = 0;
  for (const auto& [path, ops] : paths.items()) {
    for (const auto& [method, op] : ops.items()) {
      std::string m = method;
      for (char& c : m) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      std::string route = m + " " + path;
      bool open = !op.contains("security") || op["security"].empty();
      if (open) {
        EXPECT_TRUE(kOpenRoutes.count(route)) << "a route open without login is not listed: " << route;
        continue;
      }
      std::string concrete = std::regex_replace(path, std::regex(R"(\{[^}]+\})"), "1");
      HttpResponse r = Send(server_->port(), {m, concrete, {{"Content-Type", "application/json"}}, "{}"});
      EXPECT_EQ(r.status, 401) << route << " answered " << r.status << ": " << r.body;
      ++checked;
    }
  }
  EXPECT_GT(checked, 80);
  std::printf("[public] %d routes refused without credentials\n", checked);
}

TEST_P(PublicApiTest, ASourceThatFloodsThePortalIsSlowedDown) {
  int refused = 0;
  std::string retry_after;
  for (int i = 0; i < 250; ++i) {
    HttpResponse r = Get("/api/v1/public/challenge");
    if (r.status == 429) {
      ++refused;
      retry_after = r.headers["retry-after"];
    } else {
      EXPECT_EQ(r.status, 200);
    }
  }
  // 120 a minute: even if the loop spans two clock minutes, at least 10 of 250 are refused.
  EXPECT_GE(refused, 10);
  EXPECT_FALSE(retry_after.empty());
  // The logged-in API is not counted against it.
  EXPECT_EQ(Get("/healthz").status, 200);
}

INSTANTIATE_TEST_SUITE_P(Backends, PublicApiTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace ipe::testing
