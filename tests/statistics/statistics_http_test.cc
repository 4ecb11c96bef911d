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

INSTANTIATE_TEST_SUITE_P(Backends, StatisticsHttpTest, ::testing::Values("sqlite", "postgres"));

}  // namespace
}  // namespace ipe::testing
