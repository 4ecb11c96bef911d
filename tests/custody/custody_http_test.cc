// Issue 17 over HTTP on the demo data, one server per backend: the custody statement PDF of a
// case read back with pdftotext against the ledger's balances (and its scope: 404 outside, 403
// without custody.read); the environment department's read-only view of its region's
// destructions and the notice.
#include <gtest/gtest.h>

#include <ctime>
#include <nlohmann/json.hpp>
#include <sstream>

#include "../http/test_server.h"
#include "pdf_text.h"

namespace ipe::testing {
namespace {

using Json = nlohmann::json;
constexpr const char* kPassword = "Demo@12345";

class CustodyHttpTest : public ServerTest {
 protected:
  HttpResponse GetAs(const std::string& login, const std::string& path) {
    ApiSession s = LogIn(port(), login, kPassword);
    EXPECT_EQ(s.status, 200) << login << ": " << s.body;
    return Get(path, s.AuthHeaders());
  }
  HttpResponse Put(const std::string& path, const std::string& body, const ApiSession& s) {
    auto headers = s.AuthHeaders();
    headers.emplace_back("Content-Type", "application/json");
    return Send(port(), {"PUT", path, headers, body});
  }
};

// Today in Beijing (the server's calendar), YYYY-MM-DD.
std::string TodayInBeijing() {
  std::time_t now = std::time(nullptr) + 8 * 3600;
  std::tm tm{};
  gmtime_r(&now, &tm);
  char text[16];
  std::strftime(text, sizeof text, "%Y-%m-%d", &tm);
  return text;
}

TEST_P(CustodyHttpTest, CustodyStatementMatchesTheLedger) {
  HttpResponse items = GetAs("sh_officer", "/api/v1/custody/items?page_size=200");
  ASSERT_EQ(items.status, 200) << items.body;
  Json all = Json::parse(items.body)["items"];
  ASSERT_FALSE(all.empty());
  int64_t case_id = all[0]["case_id"];
  std::string path = "/api/v1/cases/" + std::to_string(case_id) + "/custody-statement.pdf";
  HttpResponse pdf = GetAs("sh_officer", path);
  ASSERT_EQ(pdf.status, 200) << pdf.body;
  EXPECT_EQ(pdf.headers["content-type"], "application/pdf");
  std::string text = PdfText(pdf.body);
  EXPECT_NE(text.find("涉案物品保管情况"), std::string::npos) << text;
  int lines = 0;
  for (const Json& item : all) {
    if (item["case_id"] != case_id) continue;
    ++lines;
    std::string label = item["label_no"];
    // The line's row: label, description, category, unit, then the seven parts.
    size_t at = text.find(label);
    ASSERT_NE(at, std::string::npos) << label << " not in:\n" << text;
    std::string row = text.substr(at, text.find('\n', at) - at);
    std::istringstream words(row);
    std::vector<std::string> tokens;
    for (std::string w; words >> w;) tokens.push_back(w);
    ASSERT_GE(tokens.size(), 8u) << row;
    const Json& b = item["balance"];
    std::vector<std::string> expected;
    for (const char* part : {"seized", "in_custody", "sampled", "returned", "handed_over", "retained", "destroyed"}) {
      expected.push_back(std::to_string(b[part].get<int64_t>()));
    }
    EXPECT_EQ(std::vector<std::string>(tokens.end() - 7, tokens.end()), expected) << row;
  }
  EXPECT_NE(text.find("共 " + std::to_string(lines) + " 项"), std::string::npos) << text;

  // As of a day before anything was seized: no line.
  HttpResponse early = GetAs("sh_officer", path + "?as_of=2000-01-01");
  ASSERT_EQ(early.status, 200);
  EXPECT_NE(PdfText(early.body).find("共 0 项"), std::string::npos);
  EXPECT_EQ(GetAs("sh_officer", path + "?as_of=2999-01-01").status, 400);
  EXPECT_EQ(GetAs("sh_officer", path + "?as_of=yesterday").status, 400);
  // Outside the scope: as if there were no such case; without custody.read: refused.
  EXPECT_EQ(GetAs("gd_officer", path).status, 404);
  EXPECT_EQ(GetAs("sh_police", path).status, 403);
  EXPECT_EQ(GetAs("sh_officer", "/api/v1/cases/987654321/custody-statement.pdf").status, 404);
}

// 生态环境部门 (sh_env, 上海市生态环境局): every destruction of Shanghai, another agency's, read-only —
// the list, a record, its certificate, the campaigns, the notice — and nothing of the item ledger.
TEST_P(CustodyHttpTest, EnvironmentDepartmentReadsItsRegionsDestructions) {
  ApiSession env = LogIn(port(), "sh_env", kPassword);
  ASSERT_EQ(env.status, 200) << env.body;
  Json session = Json::parse(Get("/api/v1/session", env.AuthHeaders()).body);
  std::vector<std::string> caps = session["capabilities"];
  EXPECT_EQ(caps, (std::vector<std::string>{"destruction.read"}));

  HttpResponse list = Get("/api/v1/destructions?page_size=200", env.AuthHeaders());
  ASSERT_EQ(list.status, 200) << list.body;
  Json mine = Json::parse(GetAs("sh_officer", "/api/v1/destructions?page_size=200").body);
  Json seen = Json::parse(list.body);
  EXPECT_EQ(seen["total"], mine["total"]);  // the Shanghai agency's are all of the region's
  ASSERT_FALSE(seen["items"].empty());
  int64_t closed_id = 0;
  for (const Json& d : seen["items"]) {
    EXPECT_EQ(d["region_code"].get<std::string>().substr(0, 2), "31");
    if (d["status"] == "closed") closed_id = d["id"];
  }
  ASSERT_NE(closed_id, 0);
  std::string one = "/api/v1/destructions/" + std::to_string(closed_id);
  EXPECT_EQ(Get(one, env.AuthHeaders()).status, 200);
  EXPECT_EQ(Get(one + "/certificate.pdf", env.AuthHeaders()).status, 200);
  EXPECT_EQ(Get("/api/v1/destruction-campaigns", env.AuthHeaders()).status, 200);
  HttpResponse notice = Get("/api/v1/destructions/environment-notice?from=2000-01-01&to=2000-12-31&format=csv",
                            env.AuthHeaders());
  EXPECT_EQ(notice.status, 200) << notice.body;
  // Guangdong's environment department would see none of it: gd_officer's list stays its own.
  EXPECT_EQ(Json::parse(GetAs("gd_officer", "/api/v1/destructions").body)["total"], 0);
  // Read-only and no item ledger.
  EXPECT_EQ(Get("/api/v1/custody/items", env.AuthHeaders()).status, 403);
  EXPECT_EQ(Get("/api/v1/custody/reconciliation", env.AuthHeaders()).status, 403);
  HttpResponse approve = Post(one + "/decision", R"({"approve":true,"version":1})", env.AuthHeaders());
  EXPECT_EQ(approve.status, 403) << approve.body;
  HttpResponse campaign = Post("/api/v1/destruction-campaigns",
                               R"({"name":"环保","starts_on":"2026-01-01","ends_on":"2026-12-31","regions":["310000"]})",
                               env.AuthHeaders());
  EXPECT_EQ(campaign.status, 403) << campaign.body;
}

// A photo of a line over HTTP: 201 with its SHA-256, read back as the image it is; a file that is
// not what it says → problem+json naming the field; outside the scope 404.
TEST_P(CustodyHttpTest, PhotoUploadedAndReadBack) {
  ApiSession officer = LogIn(port(), "sh_officer", kPassword);
  ASSERT_EQ(officer.status, 200);
  HttpResponse items = Get("/api/v1/custody/items?page_size=1", officer.AuthHeaders());
  ASSERT_EQ(items.status, 200) << items.body;
  int64_t item_id = Json::parse(items.body)["items"][0]["id"];
  std::string base = "/api/v1/custody/items/" + std::to_string(item_id);
  // A 1×1 PNG (base64 of its bytes; the header is what counts).
  const std::string png_b64 =
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";
  HttpResponse added = Post(base + "/photos",
                            Json{{"filename", "查获现场.png"}, {"content_type", "image/png"}, {"data_base64", png_b64}}.dump(),
                            officer.AuthHeaders());
  ASSERT_EQ(added.status, 201) << added.body;
  Json photo = Json::parse(added.body);
  EXPECT_EQ(photo["sha256"].get<std::string>().size(), 64u);
  HttpResponse back = Get(base + "/photos/" + std::to_string(photo["id"].get<int64_t>()), officer.AuthHeaders());
  ASSERT_EQ(back.status, 200);
  EXPECT_EQ(back.headers["content-type"], "image/png");
  EXPECT_EQ(back.body.substr(0, 4), "\x89PNG");
  EXPECT_EQ(static_cast<int64_t>(back.body.size()), photo["size"].get<int64_t>());
  HttpResponse detail = Get(base, officer.AuthHeaders());
  ASSERT_EQ(detail.status, 200);
  EXPECT_EQ(Json::parse(detail.body)["photos"].back()["sha256"], photo["sha256"]);

  HttpResponse bad = Post(base + "/photos",
                          Json{{"filename", "x.jpg"}, {"content_type", "image/jpeg"}, {"data_base64", png_b64}}.dump(),
                          officer.AuthHeaders());
  ASSERT_EQ(bad.status, 400) << bad.body;
  EXPECT_EQ(bad.headers["content-type"].rfind("application/problem+json", 0), 0u) << bad.headers["content-type"];
  EXPECT_EQ(Json::parse(bad.body)["errors"][0]["field"], "content_type") << bad.body;
  HttpResponse missing = Post(base + "/photos", Json{{"filename", "x.png"}}.dump(), officer.AuthHeaders());
  EXPECT_EQ(missing.status, 400) << missing.body;
  ApiSession gd = LogIn(port(), "gd_officer", kPassword);
  EXPECT_EQ(Get(base + "/photos/" + std::to_string(photo["id"].get<int64_t>()), gd.AuthHeaders()).status, 404);
}

// The destruction path over HTTP, each answer checked against the contract by Send: a line
// registered on a demo case → its label → the nearest capable unit → applied, approved by the
// head, attached to the office's campaign of the day, executed, supervised, closed → the
// certificate, the summary and the notice; the campaign's report, export and close; the
// directory's add and edit.
TEST_P(CustodyHttpTest, TheDestructionPathAnswersItsContract) {
  ApiSession officer = LogIn(port(), "sh_officer", kPassword);
  ApiSession head = LogIn(port(), "sh_head", kPassword);
  ApiSession office = LogIn(port(), "office", kPassword);
  ASSERT_EQ(officer.status, 200);
  ASSERT_EQ(head.status, 200);
  ASSERT_EQ(office.status, 200);
  const std::string today = TodayInBeijing();

  HttpResponse codes = Get("/api/v1/custody/codes", officer.AuthHeaders());
  ASSERT_EQ(codes.status, 200) << codes.body;
  std::string method;
  const Json code_tables = Json::parse(codes.body);
  for (const Json& c : code_tables["categories"]) {
    if (c["code"] == "general") method = c["methods"][0].get<std::string>();
  }
  ASSERT_FALSE(method.empty());
  HttpResponse items = Get("/api/v1/custody/items?page_size=1", officer.AuthHeaders());
  ASSERT_EQ(items.status, 200) << items.body;
  int64_t case_id = Json::parse(items.body)["items"][0]["case_id"];
  HttpResponse item = Post("/api/v1/custody/items",
                           Json{{"case_id", case_id},
                                {"description", "假冒运动鞋"},
                                {"category", "general"},
                                {"unit", "pair"},
                                {"quantity", 10},
                                {"weight_g", 5000},
                                {"value_fen", 100000}}
                               .dump(),
                           officer.AuthHeaders());
  ASSERT_EQ(item.status, 201) << item.body;
  int64_t item_id = Json::parse(item.body)["id"];
  HttpResponse label =
      Get("/api/v1/custody/items/" + std::to_string(item_id) + "/label.pdf", officer.AuthHeaders());
  EXPECT_EQ(label.status, 200);
  EXPECT_EQ(label.body.substr(0, 5), "%PDF-");

  HttpResponse proposals = Get(
      "/api/v1/destruction-units/proposals?items=" + std::to_string(item_id) + "&method=" + method,
      officer.AuthHeaders());
  ASSERT_EQ(proposals.status, 200) << proposals.body;
  ASSERT_FALSE(Json::parse(proposals.body)["items"].empty()) << proposals.body;
  int64_t unit_id = Json::parse(proposals.body)["items"][0]["id"];

  HttpResponse applied = Post("/api/v1/destructions",
                              Json{{"case_id", case_id},
                                   {"lines", {{{"item_id", item_id}, {"quantity", 10}}}},
                                   {"method", method},
                                   {"unit_id", unit_id},
                                   {"planned_on", today}}
                                  .dump(),
                              officer.AuthHeaders());
  ASSERT_EQ(applied.status, 201) << applied.body;
  Json d = Json::parse(applied.body);
  EXPECT_EQ(d["status"], "applied");
  const std::string one = "/api/v1/destructions/" + std::to_string(d["id"].get<int64_t>());
  auto step = [&](const ApiSession& who, const std::string& path, Json body) {
    body["version"] = d["version"];
    HttpResponse r = Post(path, body.dump(), who.AuthHeaders());
    EXPECT_EQ(r.status, 200) << path << ": " << r.body;
    if (r.status == 200) d = Json::parse(r.body);
    return r.status;
  };
  ASSERT_EQ(step(head, one + "/decision", {{"approve", true}, {"note", "同意"}}), 200);

  HttpResponse campaign = Post(
      "/api/v1/destruction-campaigns",
      Json{
          {"name", "集中销毁日"}, {"starts_on", today}, {"ends_on", today}, {"regions", {"310000"}}}
          .dump(),
      office.AuthHeaders());
  ASSERT_EQ(campaign.status, 201) << campaign.body;
  Json c = Json::parse(campaign.body);
  const std::string cpath =
      "/api/v1/destruction-campaigns/" + std::to_string(c["id"].get<int64_t>());
  HttpResponse attached = Put(
      one + "/campaign", Json{{"campaign_id", c["id"]}, {"version", d["version"]}}.dump(), officer);
  ASSERT_EQ(attached.status, 200) << attached.body;
  d = Json::parse(attached.body);
  EXPECT_EQ(d["campaign_id"], c["id"]);

  ASSERT_EQ(step(officer, one + "/execution", {{"unit_id", unit_id}, {"note", "焚烧"}}), 200);
  ASSERT_EQ(step(officer, one + "/supervision",
                 {{"supervisors", {"李执法", "王监督"}},
                  {"evidence_hashes", {std::string(64, 'a')}},
                  {"weight_before_g", 5000},
                  {"weight_after_g", 200}}),
            200);
  ASSERT_EQ(step(officer, one + "/close", Json::object()), 200);
  EXPECT_TRUE(d["certificate_no"].is_string());
  EXPECT_EQ(Get(one, officer.AuthHeaders()).status, 200);
  HttpResponse cert = Get(one + "/certificate.pdf", officer.AuthHeaders());
  EXPECT_EQ(cert.status, 200);
  EXPECT_EQ(cert.body.substr(0, 5), "%PDF-");
  std::string period = "?from=" + today + "&to=" + today;
  HttpResponse summary = Get("/api/v1/destructions/summary" + period, officer.AuthHeaders());
  ASSERT_EQ(summary.status, 200) << summary.body;
  EXPECT_FALSE(Json::parse(summary.body)["items"].empty());
  EXPECT_EQ(Get("/api/v1/destructions/environment-notice" + period, officer.AuthHeaders()).status,
            200);
  EXPECT_EQ(Get("/api/v1/destructions?campaign_id=" + std::to_string(c["id"].get<int64_t>()) +
                    "&status=closed",
                officer.AuthHeaders())
                .status,
            200);

  HttpResponse report = Get(cpath, office.AuthHeaders());
  ASSERT_EQ(report.status, 200) << report.body;
  EXPECT_EQ(Json::parse(report.body)["destructions"], 1);
  for (const char* format : {"csv", "xlsx"}) {
    EXPECT_EQ(Get(cpath + "/export?format=" + format, office.AuthHeaders()).status, 200) << format;
  }
  EXPECT_EQ(Get("/api/v1/destruction-campaigns?status=open", office.AuthHeaders()).status, 200);
  HttpResponse closed =
      Post(cpath + "/close", Json{{"version", c["version"]}}.dump(), office.AuthHeaders());
  ASSERT_EQ(closed.status, 200) << closed.body;
  EXPECT_EQ(Json::parse(closed.body)["status"], "closed");

  Json unit = {{"name", "上海某再生资源利用有限公司"}, {"region_code", "310115"},
               {"capabilities", {"general"}},          {"licence_no", "沪固废-HTTP"},
               {"licence_valid_until", "2030-12-31"},  {"capacity_tonnes", 800}};
  HttpResponse added = Post("/api/v1/destruction-units", unit.dump(), office.AuthHeaders());
  ASSERT_EQ(added.status, 201) << added.body;
  unit["version"] = Json::parse(added.body)["version"];
  unit["active"] = false;
  HttpResponse edited = Put(
      "/api/v1/destruction-units/" + std::to_string(Json::parse(added.body)["id"].get<int64_t>()),
      unit.dump(), office);
  ASSERT_EQ(edited.status, 200) << edited.body;
  EXPECT_FALSE(Json::parse(edited.body)["active"].get<bool>());
  EXPECT_EQ(Get("/api/v1/destruction-units?include_inactive=true&region=310000&capability=general",
                office.AuthHeaders())
                .status,
            200);
}

INSTANTIATE_TEST_SUITE_P(Backends, CustodyHttpTest, ::testing::Values("sqlite", "postgres"));

}  // namespace
}  // namespace ipe::testing
