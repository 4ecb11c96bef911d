// The office's credit routes through the real binary on the demo data, on SQLite and PostgreSQL:
// an IP office records and revokes a finding (知识产权失信认定), the enterprise's credit record
// and risk grade show it, a person's record is looked up by the ID number in the body. Every
// answer is also checked against the contract (tests/http/test_server.cc).
#include <gtest/gtest.h>

#include <ctime>
#include <nlohmann/json.hpp>
#include <string>

#include "test_server.h"

namespace ipe::testing {
namespace {

using Json = nlohmann::json;

// Today's date in UTC: never after the server's (Asia/Shanghai is ahead of UTC).
std::string Today() {
  std::time_t now = std::time(nullptr);
  char text[11];
  std::strftime(text, sizeof text, "%Y-%m-%d", std::gmtime(&now));
  return text;
}

class CreditHttpTest : public ServerTest {
 protected:
  HttpResponse Write(const ApiSession& s, const std::string& path, const Json& body) {
    return Post(path, body.dump(), s.AuthHeaders());
  }
};

TEST_P(CreditHttpTest, AnIpOfficeFindingShowsInTheRecordUntilRevoked) {
  ApiSession cnipa = LogIn(port(), "cnipa_officer", "Demo@12345");
  ASSERT_EQ(cnipa.status, 200) << cnipa.body;
  HttpResponse list = Get("/api/v1/credit/ip-findings", cnipa.AuthHeaders());
  ASSERT_EQ(list.status, 200) << list.body;
  Json page = Json::parse(list.body);
  ASSERT_FALSE(page["kinds"].empty());
  std::string code;
  for (const Json& f : page["items"]) {
    if (f["credit_code"].is_string()) code = f["credit_code"];
  }
  ASSERT_FALSE(code.empty()) << "the demo records a finding on an enterprise: " << list.body;

  Json finding = {
      {"kind", "malicious_trademark"}, {"subject_name", "演示商贸有限公司"},
      {"credit_code", code},           {"filing_numbers", {"第12345678号"}},
      {"finding_date", "2026-01-05"},  {"basis", "批量申请注册与他人知名商标近似的商标"}};
  // Only an IP office records; a market regulator is refused.
  ApiSession market = LogIn(port(), "sh_officer", "Demo@12345");
  EXPECT_EQ(Write(market, "/api/v1/credit/ip-findings", finding).status, 403);
  Json bad_date = finding;
  bad_date["finding_date"] = "2026-13-40";
  EXPECT_EQ(Write(cnipa, "/api/v1/credit/ip-findings", bad_date).status, 400);
  HttpResponse recorded = Write(cnipa, "/api/v1/credit/ip-findings", finding);
  ASSERT_EQ(recorded.status, 201) << recorded.body;
  Json f = Json::parse(recorded.body);
  EXPECT_EQ(f["status"], "recorded");

  HttpResponse record = Get("/api/v1/credit/subjects/" + code, cnipa.AuthHeaders());
  ASSERT_EQ(record.status, 200) << record.body;
  bool shown = false;
  Json rec = Json::parse(record.body);  // kept alive: the loop walks into it
  for (const Json& x : rec["ip_findings"]) shown |= x["id"] == f["id"];
  EXPECT_TRUE(shown) << record.body.substr(0, 600);

  std::string revoke =
      "/api/v1/credit/ip-findings/" + std::to_string(f["id"].get<int64_t>()) + "/revoke";
  EXPECT_EQ(
      Write(cnipa, revoke, {{"reason", "复审撤销"}, {"version", f["version"].get<int64_t>() + 7}})
          .status,
      409);
  HttpResponse revoked = Write(cnipa, revoke, {{"reason", "复审撤销"}, {"version", f["version"]}});
  ASSERT_EQ(revoked.status, 200) << revoked.body;
  EXPECT_EQ(Json::parse(revoked.body)["status"], "revoked");
  EXPECT_EQ(Write(cnipa, revoke,
                  {{"reason", "复审撤销"}, {"version", Json::parse(revoked.body)["version"]}})
                .status,
            409);

  HttpResponse graded = Get("/api/v1/credit/subjects?page_size=5", market.AuthHeaders());
  ASSERT_EQ(graded.status, 200) << graded.body;
  EXPECT_FALSE(Json::parse(graded.body)["grades"].empty());
  EXPECT_EQ(Get("/api/v1/credit/subjects?grade=no_such_grade", market.AuthHeaders()).status, 400);
}

TEST_P(CreditHttpTest, APersonsRecordIsLookedUpByTheIdNumberInTheBody) {
  ApiSession officer = LogIn(port(), "sh_officer", "Demo@12345");
  ASSERT_EQ(officer.status, 200) << officer.body;
  HttpResponse found =
      Write(officer, "/api/v1/credit/persons/lookup", {{"id_number", "11010519491231002X"}});
  ASSERT_EQ(found.status, 200) << found.body;
  Json rec = Json::parse(found.body);
  EXPECT_EQ(rec["id_masked"], "110105********002X");
  EXPECT_EQ(Write(officer, "/api/v1/credit/persons/lookup", {{"id_number", 42}}).status, 400);
}

INSTANTIATE_TEST_SUITE_P(Backends, CreditHttpTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace ipe::testing
