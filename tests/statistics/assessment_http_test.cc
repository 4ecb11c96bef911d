// 平安建设考核 over HTTP on the demo data, one server per backend: every answer is checked against
// the contract (test_server.cc). The office saves last year's default rubric, enters a manual item
// (a bad one names its fields), publishes; an officer cannot score and sees only their province's
// line; the XLSX export reads back as the board.
#include <gtest/gtest.h>

#include <ctime>
#include <nlohmann/json.hpp>

#include "../http/test_server.h"
#include "sheet/sheet.h"

namespace ipe::testing {
namespace {

using Json = nlohmann::json;
constexpr const char* kPassword = "Demo@12345";

// Last year in Beijing time (a year that has ended: it may be published).
std::string LastYear() {
  std::time_t t = std::time(nullptr) + 8 * 3600;
  std::tm tm{};
  gmtime_r(&t, &tm);
  return std::to_string(tm.tm_year + 1900 - 1);
}

class AssessmentHttpTest : public ServerTest {
 protected:
  HttpResponse Put(const std::string& path, const std::string& body, const ApiSession& s) {
    HttpRequest req;
    req.method = "PUT";
    req.path = path;
    req.headers = s.AuthHeaders();
    req.headers.emplace_back("Content-Type", "application/json");
    req.body = body;
    return Send(port(), req);
  }
};

TEST_P(AssessmentHttpTest, OfficeSavesScoresPublishesOthersReadTheirOwnLine) {
  const std::string base = "/api/v1/assessments/" + LastYear();
  ApiSession office = LogIn(port(), "office", kPassword);
  ASSERT_EQ(office.status, 200) << office.body;

  HttpResponse r = Get(base + "?page_size=50", office.AuthHeaders());
  ASSERT_EQ(r.status, 200) << r.body;
  Json board = Json::parse(r.body);
  EXPECT_FALSE(board["stored"].get<bool>());
  EXPECT_TRUE(board["can_manage"].get<bool>());
  EXPECT_EQ(board["total"], 31);
  EXPECT_EQ(board["max_total"], 100);

  // The default rubric saved as it is shown (the input fields of each criterion).
  Json criteria = Json::array();
  for (const Json& c : board["criteria"]) {
    Json in = {{"key", c["key"]},     {"name", c["name"]},
               {"kind", c["kind"]},   {"max_points", c["max_points"]},
               {"basis", c["basis"]}, {"confidence", c["confidence"]}};
    if (c["kind"] == "indicator") {
      for (const char* k : {"indicator", "scoring", "direction", "per_capita", "low", "high"})
        in[k] = c[k];
    }
    criteria.push_back(in);
  }
  r = Put(base + "/rubric", Json{{"criteria", criteria}, {"version", 0}}.dump(), office);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Json::parse(r.body)["version"], 1);
  Json bad_rubric = criteria;
  bad_rubric[1]["max_points"] = 0;
  r = Put(base + "/rubric", Json{{"criteria", bad_rubric}, {"version", 1}}.dump(), office);
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(Json::parse(r.body)["errors"][0]["field"], "criteria[1].max_points");

  // A manual item: bad fields named; an officer refused; then the office's entry.
  r = Put(base + "/manual-points",
          Json{{"region_code", "440300"},
               {"criterion", "organisation"},
               {"points", 5},
               {"reason", "地市"}}
              .dump(),
          office);
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(Json::parse(r.body)["errors"][0]["field"], "region_code");
  ApiSession officer = LogIn(port(), "sh_officer", kPassword);
  r = Put(base + "/manual-points",
          Json{{"region_code", "310000"},
               {"criterion", "organisation"},
               {"points", 5},
               {"reason", "越权"}}
              .dump(),
          officer);
  EXPECT_EQ(r.status, 403) << r.body;
  r = Put(base + "/manual-points",
          Json{{"region_code", "310000"},
               {"criterion", "organisation"},
               {"points", 17},
               {"reason", "组织有力"}}
              .dump(),
          office);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Json::parse(r.body)["points"], 17.0);

  // Nothing for the officer before publication; then the office publishes with the version it read.
  r = Get(base, officer.AuthHeaders());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Json::parse(r.body)["total"], 0);
  board = Json::parse(Get(base + "?page_size=50", office.AuthHeaders()).body);
  r = Post(base + "/publish", Json{{"version", board["version"].get<int64_t>() - 1}}.dump(),
           office.AuthHeaders());
  EXPECT_EQ(r.status, 409) << r.body;
  r = Post(base + "/publish", Json{{"version", board["version"]}}.dump(), office.AuthHeaders());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Json::parse(r.body)["status"], "published");
  r = Put(
      base + "/manual-points",
      Json{
          {"region_code", "310000"}, {"criterion", "organisation"}, {"points", 1}, {"reason", "改"}}
          .dump(),
      office);
  EXPECT_EQ(r.status, 409) << r.body;

  r = Get(base, officer.AuthHeaders());
  ASSERT_EQ(r.status, 200) << r.body;
  Json mine = Json::parse(r.body);
  ASSERT_EQ(mine["total"], 1);
  EXPECT_EQ(mine["items"][0]["region_code"], "310000");
  EXPECT_FALSE(mine["full"].get<bool>());
  ApiSession police = LogIn(port(), "sh_police", kPassword);
  EXPECT_EQ(Get(base, police.AuthHeaders()).status, 403);

  // The export as the office sees it: Shanghai's total where the board has it.
  r = Get(base + "/export?format=xlsx", office.AuthHeaders());
  ASSERT_EQ(r.status, 200) << r.body;
  auto sheets = sheet::ReadXlsx(r.body);
  ASSERT_TRUE(sheets.has_value()) << sheets.error().ToString();
  const auto& rows = (*sheets)[0].rows;
  ASSERT_GE(rows.size(), 32u);
  for (const Json& s : board["items"]) {
    for (size_t i = 1; i <= 31; ++i) {
      if (rows[i][2].text != s["region_code"].get<std::string>()) continue;
      EXPECT_NEAR(std::stod(rows[i].back().text), s["total"].get<double>(), 0.001)
          << rows[i][2].text;
      EXPECT_EQ(rows[i][0].text, std::to_string(s["rank"].get<int>()));
    }
  }
  r = Get(base + "/export?format=pdf", office.AuthHeaders());
  EXPECT_EQ(r.status, 400) << r.body;
}

INSTANTIATE_TEST_SUITE_P(Backends, AssessmentHttpTest, ::testing::Values("sqlite", "postgres"));

}  // namespace
}  // namespace ipe::testing
