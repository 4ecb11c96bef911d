// 形势报告 over HTTP on the demo data, one server per backend: the PDF's text (pdftotext) and the
// workbook's cells carry the figures GET /statistics/figure gives for the same scope and period;
// the workbook has its native charts; bad periods and formats are refused; the police read none.
#include <gtest/gtest.h>

#include <ctime>
#include <nlohmann/json.hpp>
#include <sstream>

#include "../http/test_server.h"
#include "pdf_text.h"
#include "sheet/sheet.h"

namespace ipe::testing {
namespace {

using Json = nlohmann::json;
constexpr const char* kPassword = "Demo@12345";

// This month in Beijing time (the demo's cases are registered when the server starts).
std::string ThisMonth() {
  std::time_t t = std::time(nullptr) + 8 * 3600;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[8];
  std::strftime(text, sizeof text, "%Y-%m", &tm);
  return text;
}

// Today in Beijing time, YYYY-MM-DD.
std::string Today() {
  std::time_t t = std::time(nullptr) + 8 * 3600;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[16];
  std::strftime(text, sizeof text, "%Y-%m-%d", &tm);
  return text;
}

class StatisticsHttpTest : public ServerTest {
 protected:
  HttpResponse GetAs(const std::string& login, const std::string& path) {
    ApiSession s = LogIn(port(), login, kPassword);
    EXPECT_EQ(s.status, 200) << login << ": " << s.body;
    return Get(path, s.AuthHeaders());
  }
  int64_t FigureTotal(const std::string& login, const std::string& indicator, const std::string& month) {
    HttpResponse r = GetAs(login, "/api/v1/statistics/figure?indicator=" + indicator + "&from=" + month + "&to=" + month);
    EXPECT_EQ(r.status, 200) << r.body;
    return Json::parse(r.body)["total"]["value"].get<int64_t>();
  }
};

// The words of the PDF line that starts with `name`.
std::vector<std::string> LineWords(const std::string& text, const std::string& name) {
  std::vector<std::string> words;
  size_t at = text.find(name);
  if (at == std::string::npos) return words;
  std::istringstream line(text.substr(at, text.find('\n', at) - at));
  for (std::string w; line >> w;) words.push_back(w);
  return words;
}

TEST_P(StatisticsHttpTest, ReportCarriesTheFiguresOfTheApi) {
  const std::string month = ThisMonth();
  for (const std::string login : {"office", "sh_officer"}) {
    int64_t opened = FigureTotal(login, "cases_opened", month);
    int64_t closed = FigureTotal(login, "cases_closed", month);
    ASSERT_GT(opened, 0) << login;  // the demo's cases

    HttpResponse pdf = GetAs(login, "/api/v1/statistics/report?period=" + month);
    ASSERT_EQ(pdf.status, 200) << pdf.body;
    EXPECT_EQ(pdf.headers["content-type"], "application/pdf");
    std::string text = PdfText(pdf.body);
    EXPECT_NE(text.find("知识产权执法形势报告"), std::string::npos) << text;
    auto opened_row = LineWords(text, "立案数（件）");
    ASSERT_GE(opened_row.size(), 2u) << text;
    EXPECT_EQ(opened_row[1], std::to_string(opened)) << login << "\n" << text;
    auto closed_row = LineWords(text, "结案数（件）");
    ASSERT_GE(closed_row.size(), 2u) << text;
    EXPECT_EQ(closed_row[1], std::to_string(closed)) << login;

    HttpResponse xlsx = GetAs(login, "/api/v1/statistics/report?period=" + month + "&format=xlsx");
    ASSERT_EQ(xlsx.status, 200) << xlsx.body;
    EXPECT_NE(xlsx.body.find("xl/charts/chart1.xml"), std::string::npos);  // the native chart's part
    auto sheets = sheet::ReadXlsx(xlsx.body);
    ASSERT_TRUE(sheets.has_value()) << sheets.error().ToString();
    ASSERT_GE(sheets->size(), 2u);
    EXPECT_EQ((*sheets)[0].name, "主要指标");
    bool found = false;
    for (const sheet::Row& row : (*sheets)[0].rows) {
      if (row.size() > 2 && row[0].text == "立案数") {
        EXPECT_EQ(row[2].text, std::to_string(opened)) << login;
        found = true;
      }
    }
    EXPECT_TRUE(found);
    EXPECT_EQ((*sheets)[1].name, "月度趋势");
  }

  // A quarter and a year are periods too; what is not, or has not begun, is refused by field.
  const std::string year = month.substr(0, 4);
  EXPECT_EQ(GetAs("office", "/api/v1/statistics/report?period=" + year + "-Q1&format=xlsx").status, 200);
  EXPECT_EQ(GetAs("office", "/api/v1/statistics/report?period=" + year).status, 200);
  for (const std::string& bad : std::vector<std::string>{"2026-13", "2026-Q5", "last-year", "", std::to_string(std::stoi(year) + 1)}) {
    HttpResponse r = GetAs("office", "/api/v1/statistics/report?period=" + bad);
    EXPECT_EQ(r.status, 400) << bad << ": " << r.body;
    EXPECT_NE(r.body.find("\"period\""), std::string::npos) << r.body;
  }
  EXPECT_EQ(GetAs("office", "/api/v1/statistics/report?period=" + month + "&format=docx").status, 400);
  EXPECT_EQ(GetAs("sh_police", "/api/v1/statistics/report?period=" + month).status, 403);
}

// The office's cross-province work over HTTP, each answer checked against the contract by Send:
// a criticism of Shanghai with a task for the Shanghai agency, its report with a PDF, the
// attachment and the removal; a cooperation group entered, edited and its figure; a joint
// meeting with a task the agency completes; last year's figures published and withdrawn.
TEST_P(StatisticsHttpTest, TheOfficesCrossProvinceWorkAnswersItsContract) {
  ApiSession office = LogIn(port(), "office", kPassword);
  ApiSession sh = LogIn(port(), "sh_officer", kPassword);
  ASSERT_EQ(office.status, 200);
  ASSERT_EQ(sh.status, 200);
  auto send = [&](const ApiSession& who, const std::string& method, const std::string& path,
                  const Json& body) {
    auto headers = who.AuthHeaders();
    headers.emplace_back("Content-Type", "application/json");
    return Send(port(), {method, path, headers, body.dump()});
  };
  int64_t sh_agency =
      Json::parse(Get("/api/v1/session", sh.AuthHeaders()).body)["user"]["agency"]["id"];
  const std::string month = ThisMonth();
  const std::string due = Today();

  EXPECT_EQ(Get("/api/v1/region-supervisions/codes", office.AuthHeaders()).status, 200);
  HttpResponse opened =
      send(office, "POST", "/api/v1/region-supervisions",
           {{"kind", "criticism"},
            {"region_code", "310000"},
            {"reason", "侵权假冒案件居高不下"},
            {"agency_ids", {sh_agency}},
            {"tasks", {{{"agency_id", sh_agency}, {"title", "开展专项整治"}, {"due_date", due}}}}});
  ASSERT_EQ(opened.status, 201) << opened.body;
  Json sup = Json::parse(opened.body);
  const std::string sp = "/api/v1/region-supervisions/" + std::to_string(sup["id"].get<int64_t>());
  HttpResponse reported = send(sh, "POST", sp + "/reports",
                               {{"body", "已开展专项整治。"},
                                {"task_id", sup["tasks"][0]["id"]},
                                {"task_done", true},
                                {"attachment",
                                 {{"filename", "整治报告.pdf"},
                                  {"content_type", "application/pdf"},
                                  {"data_base64", "JVBERi0xLjQKMSAwIG9iago="}}}});
  ASSERT_EQ(reported.status, 201) << reported.body;
  sup = Json::parse(reported.body);
  HttpResponse file =
      Get(sp + "/steps/" + std::to_string(sup["steps"].back()["id"].get<int64_t>()) + "/attachment",
          office.AuthHeaders());
  EXPECT_EQ(file.status, 200);
  EXPECT_EQ(file.body.substr(0, 5), "%PDF-");
  HttpResponse removed =
      send(office, "POST", sp + "/review",
           {{"action", "remove"}, {"note", "整改到位"}, {"version", sup["version"]}});
  ASSERT_EQ(removed.status, 200) << removed.body;
  EXPECT_EQ(Get(sp, sh.AuthHeaders()).status, 200);
  EXPECT_EQ(Get("/api/v1/region-supervisions?kind=criticism", office.AuthHeaders()).status, 200);

  HttpResponse group =
      send(office, "POST", "/api/v1/cooperation-groups",
           {{"name", "沪苏协作组"}, {"basis", "联席会议纪要"}, {"members", {"310000", "320000"}}});
  ASSERT_EQ(group.status, 201) << group.body;
  Json g = Json::parse(group.body);
  const std::string gp = "/api/v1/cooperation-groups/" + std::to_string(g["id"].get<int64_t>());
  HttpResponse renamed = send(office, "PUT", gp,
                              {{"name", "沪苏浙协作组"},
                               {"members", {"310000", "320000", "330000"}},
                               {"version", g["version"]}});
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  std::string indicator = Json::parse(
      Get("/api/v1/statistics/indicators", office.AuthHeaders()).body)["items"][0]["key"];
  HttpResponse figure = Get(
      gp + "/figure?indicator=" + indicator + "&from=" + month + "&to=" + month, sh.AuthHeaders());
  ASSERT_EQ(figure.status, 200) << figure.body;
  EXPECT_EQ(Json::parse(figure.body)["members"].size(), 3u);

  HttpResponse meeting = send(
      office, "POST", "/api/v1/cooperation-meetings",
      {{"group_id", g["id"]},
       {"title", "沪苏浙联席会议"},
       {"meeting_date", due},
       {"place", "上海"},
       {"members", {"310000", "320000"}},
       {"decisions", "联合开展专项行动"},
       {"tasks",
        {{{"description", "牵头专项行动"}, {"owner_agency_id", sh_agency}, {"due_date", due}}}}});
  ASSERT_EQ(meeting.status, 201) << meeting.body;
  Json m = Json::parse(meeting.body);
  EXPECT_EQ(Get("/api/v1/cooperation-meetings/" + std::to_string(m["id"].get<int64_t>()),
                sh.AuthHeaders())
                .status,
            200);
  EXPECT_EQ(Get("/api/v1/cooperation-meetings?group_id=" + std::to_string(g["id"].get<int64_t>()),
                sh.AuthHeaders())
                .status,
            200);
  HttpResponse done = send(
      sh, "POST",
      "/api/v1/cooperation-tasks/" + std::to_string(m["tasks"][0]["id"].get<int64_t>()) + "/done",
      {{"note", "已完成"}, {"version", m["tasks"][0]["version"]}});
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(Json::parse(done.body)["status"], "done");

  const int last_year = std::stoi(month.substr(0, 4)) - 1;
  HttpResponse published = send(office, "POST", "/api/v1/statistics/publications",
                                {{"year", last_year}, {"note", "年度公开"}});
  ASSERT_EQ(published.status, 201) << published.body;
  Json p = Json::parse(published.body);
  const std::string pp =
      "/api/v1/statistics/publications/" + std::to_string(p["id"].get<int64_t>());
  EXPECT_EQ(Get(pp, sh.AuthHeaders()).status, 200);
  EXPECT_EQ(Get("/api/v1/statistics/publications", sh.AuthHeaders()).status, 200);
  HttpResponse withdrawn =
      send(office, "POST", pp + "/withdraw", {{"reason", "数据更正"}, {"version", p["version"]}});
  ASSERT_EQ(withdrawn.status, 200) << withdrawn.body;
  EXPECT_EQ(Json::parse(withdrawn.body)["status"], "withdrawn");
}

INSTANTIATE_TEST_SUITE_P(Backends, StatisticsHttpTest, ::testing::Values("sqlite", "postgres"));

}  // namespace
}  // namespace ipe::testing
