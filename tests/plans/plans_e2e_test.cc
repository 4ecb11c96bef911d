// /api/v1/plans end to end: the real `ipenforce serve --demo` on SQLite and (with IPE_PG_DSN) on
// PostgreSQL. The demo holds the 2020 national plan with due dates 2020-12-31 on a few
// assignments, reports (one 受阻, one overdue), a 督办 notice, a rubric and 2020 scores. The
// server's clock is the real one (after 2020), so the demo's overdue assignment is overdue.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>

#include "test_server.h"

namespace ipe::testing {
namespace {

using Json = nlohmann::json;
using Headers = std::vector<std::pair<std::string, std::string>>;

std::string PlanText() {
  std::ifstream in(std::string(IPE_SOURCE_DIR) + "/data/plans/2020-national-work-plan.txt",
                   std::ios::binary);
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

class PlansApiTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    db_url_ = FreshDatabaseUrl(GetParam());
    if (db_url_.empty()) GTEST_SKIP() << "IPE_PG_DSN not set: PostgreSQL run skipped";
    server_ = std::make_unique<ServerProcess>(IPE_BINARY, db_url_);
    Session admin = Login("admin", "Admin@12345");
    Json plans = GetJson(admin, "/api/v1/plans");
    ASSERT_EQ(plans["total"], 1) << plans.dump();
    plan_id_ = plans["items"][0]["id"];
    base_ = "/api/v1/plans/" + std::to_string(plan_id_);
  }

  using Session = ApiSession;
  Session Login(const std::string& login, const std::string& password = "Demo@12345") {
    Session s = LogIn(server_->port(), login, password);
    EXPECT_EQ(s.status, 200) << s.body;
    return s;
  }
  Headers Auth(const Session& s) { return s.AuthHeaders(); }
  HttpResponse Get(const Session& s, const std::string& path) {
    return Send(server_->port(), {"GET", path, Auth(s), ""});
  }
  HttpResponse Call(const Session& s, const std::string& method, const std::string& path,
                    const std::string& body) {
    Headers h = Auth(s);
    h.emplace_back("Content-Type", "application/json");
    return Send(server_->port(), {method, path, h, body});
  }
  HttpResponse Post(const Session& s, const std::string& path, const Json& body) {
    return Call(s, "POST", path, body.dump());
  }
  Json GetJson(const Session& s, const std::string& path, int status = 200) {
    HttpResponse r = Get(s, path);
    EXPECT_EQ(r.status, status) << path << ": " << r.body;
    return Json::parse(r.body);
  }
  std::set<std::string> Fields(const HttpResponse& r) {
    std::set<std::string> out;
    for (const auto& e : Json::parse(r.body).value("errors", Json::array())) {
      out.insert(e.value("field", ""));
    }
    return out;
  }
  // The assignment of `agency` on item `key` (as the admin sees it).
  Json Assignment(const std::string& agency, const std::string& key) {
    Session admin = Login("admin", "Admin@12345");
    for (int page = 1; page <= 3; ++page) {
      Json p = GetJson(admin, base_ + "/assignments?page_size=100&page=" + std::to_string(page));
      for (const Json& a : p["items"]) {
        if (a["agency_name"] == agency && a["item_key"] == key) return a;
      }
    }
    ADD_FAILURE() << agency << " " << key;
    return Json();
  }
  int64_t AuditCount(const Session& auditor, const std::string& action) {
    return GetJson(auditor, "/api/v1/audit?action=" + action)["total"].get<int64_t>();
  }

  std::string db_url_;
  std::unique_ptr<ServerProcess> server_;
  int64_t plan_id_ = 0;
  std::string base_;
};

TEST_P(PlansApiTest, TheDemoPlanIsImportedOnceAndASecondImportIs409) {
  Session office = Login("office");
  Json plan = GetJson(office, base_);
  EXPECT_EQ(plan["sections"], 7);
  EXPECT_EQ(plan["tasks"], 35);
  EXPECT_EQ(plan["items"], 61);
  ASSERT_EQ(plan["tree"].size(), 7u);
  EXPECT_EQ(plan["tree"][0]["number"], "一");
  EXPECT_EQ(plan["tree"][6]["number"], "七");
  size_t tasks = 0;
  for (const Json& s : plan["tree"]) tasks += s["tasks"].size();
  EXPECT_EQ(tasks, 35u);
  Json task21 = plan["tree"][3]["tasks"][2];
  ASSERT_EQ(task21["number"], 21);
  std::set<std::string> leads;
  for (const Json& a : task21["items"][0]["assignments"]) {
    if (a["role"] == "lead") leads.insert(a["agency_name"].get<std::string>());
  }
  EXPECT_EQ(leads, (std::set<std::string>{"全国打击侵权假冒工作领导小组办公室", "最高人民检察院"}));
  EXPECT_EQ(task21["items"][0]["assignments"].size(), 12u);

  Session auditor = Login("auditor");
  int64_t imports = AuditCount(auditor, "plan.import");
  EXPECT_EQ(imports, 1);
  HttpResponse again =
      Post(office, "/api/v1/plans",
           {{"text", PlanText()}, {"region_code", "000000"}, {"source_name", "2020.txt"}});
  EXPECT_EQ(again.status, 409) << again.body;
  HttpResponse garbage = Post(office, "/api/v1/plans", {{"text", "没有结构的一段话。"}});
  EXPECT_EQ(garbage.status, 422) << garbage.body;
  EXPECT_EQ(Json::parse(garbage.body)["code"], "invalid_argument");
  EXPECT_EQ(Fields(garbage), std::set<std::string>{"text"});
  EXPECT_EQ(Post(office, "/api/v1/plans", {{"text", PlanText()}, {"region_code", "99"}}).status,
            422);
  EXPECT_EQ(Call(office, "POST", "/api/v1/plans", "{not json").status, 400);
  std::string text = PlanText();
  const std::string from = "2020 年", to = "2021 年";
  for (size_t pos; (pos = text.find(from)) != std::string::npos;)
    text.replace(pos, from.size(), to);
  HttpResponse dry = Post(office, "/api/v1/plans", {{"text", text}, {"dry_run", true}});
  ASSERT_EQ(dry.status, 200) << dry.body;
  Json d = Json::parse(dry.body);
  EXPECT_TRUE(d["plan"]["id"].is_null());
  EXPECT_EQ(d["plan"]["tasks"], 35);
  EXPECT_EQ(d["unresolved"].size(), 2u);
  EXPECT_EQ(d["unresolved"][0]["item"], "1.7.1");
  EXPECT_EQ(d["items_without_clause"], 0);
  EXPECT_EQ(Post(Login("cnipa_officer"), "/api/v1/plans", {{"text", text}}).status, 403);
  EXPECT_EQ(GetJson(office, "/api/v1/plans")["total"], 1);
  EXPECT_EQ(AuditCount(auditor, "plan.import"), imports);
  HttpResponse created = Post(office, "/api/v1/plans", {{"text", text}});
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(Json::parse(created.body)["plan"]["year"], 2021);
  EXPECT_EQ(AuditCount(auditor, "plan.import"), imports + 1);
  Json openapi = GetJson(office, "/api/v1/openapi.json");
  EXPECT_TRUE(openapi["paths"].contains("/api/v1/plans/{id}/matrix.xlsx"));
  EXPECT_TRUE(openapi["paths"]["/api/v1/plan-assignments/{id}"].contains("patch"));
}

TEST_P(PlansApiTest, AnAgencySeesOnlyItsAssignmentsAndCannotTouchOthers) {
  Session cnipa = Login("cnipa_officer");
  Json page = GetJson(cnipa, base_ + "/assignments?page_size=100");
  EXPECT_EQ(page["total"], 24);
  for (const Json& a : page["items"]) EXPECT_EQ(a["agency_name"], "国家知识产权局");
  Json matrix = GetJson(cnipa, base_ + "/matrix");
  ASSERT_EQ(matrix["agencies"].size(), 1u);
  EXPECT_EQ(matrix["agencies"][0]["name"], "国家知识产权局");

  Json police = Assignment("公安部", "3.16.1");
  std::string other = "/api/v1/plan-assignments/" + std::to_string(police["id"].get<int64_t>());
  EXPECT_EQ(Get(cnipa, other + "/reports").status, 404);
  EXPECT_EQ(Post(cnipa, other + "/reports",
                 {{"period", "2020"}, {"status", "completed"}, {"narrative", "冒报"}})
                .status,
            404);
  EXPECT_EQ(Call(cnipa, "PATCH", other, Json{{"due_date", "2020-12-31"}}.dump()).status, 404);
  // Another agency's user does not see the plan at all; readers read but do not report.
  EXPECT_EQ(Get(Login("sh_officer"), base_).status, 404);
  Json own = Assignment("国家知识产权局", "2.11.1");
  std::string mine = "/api/v1/plan-assignments/" + std::to_string(own["id"].get<int64_t>());
  EXPECT_EQ(Get(Login("auditor"), mine + "/reports").status, 200);
  EXPECT_EQ(Post(Login("auditor"), mine + "/reports",
                 {{"period", "2020"}, {"status", "completed"}, {"narrative", "x"}})
                .status,
            403);
  EXPECT_EQ(Call(cnipa, "PATCH", mine, Json{{"due_date", "2020-12-31"}}.dump()).status, 403);
  // The 督办 notice reaches the agency, which acknowledges it once.
  Json notices = GetJson(cnipa, base_ + "/notices");
  ASSERT_EQ(notices["total"], 1);
  EXPECT_EQ(notices["items"][0]["kind"], "supervision");
  std::string ack = "/api/v1/plan-notices/" +
                    std::to_string(notices["items"][0]["id"].get<int64_t>()) + "/acknowledge";
  EXPECT_EQ(Post(Login("office"), ack, Json::object()).status, 403);
  EXPECT_EQ(Post(cnipa, ack, Json::object()).status, 200);
  EXPECT_EQ(Post(cnipa, ack, Json::object()).status, 409);
}

TEST_P(PlansApiTest, ABadReportIs422AndWritesNothingAGoodOneCarriesItsAttachment) {
  Session cnipa = Login("cnipa_officer");
  Session auditor = Login("auditor");
  Json own = Assignment("国家知识产权局", "2.11.1");
  std::string path = "/api/v1/plan-assignments/" + std::to_string(own["id"].get<int64_t>());
  int64_t audits = AuditCount(auditor, "plan.report");
  auto expect_422 = [&](const Json& body, std::set<std::string> fields) {
    HttpResponse r = Post(cnipa, path + "/reports", body);
    EXPECT_EQ(r.status, 422) << r.body;
    EXPECT_EQ(r.headers["content-type"].substr(0, 24), "application/problem+json");
    EXPECT_EQ(Fields(r), fields) << r.body;
  };
  expect_422({{"period", "2020-Q7"}, {"status", "completed"}, {"narrative", "完成"}}, {"period"});
  expect_422({{"period", "2019"}, {"status", "completed"}, {"narrative", "完成"}}, {"period"});
  expect_422({{"period", "2020"}, {"status", "finished"}, {"narrative", "完成"}}, {"status"});
  expect_422({{"period", "2020"},
              {"status", "completed"},
              {"narrative", "完成"},
              {"figures", {{"cases", "many"}}}},
             {"figures.cases"});
  // 2 MiB + 3 bytes decoded: above the limit, although the request body itself (2.8 MB) is
  // accepted by this route.
  std::string big(((2u << 20) / 3 + 1) * 4, 'A');
  expect_422(
      {{"period", "2020"},
       {"status", "completed"},
       {"narrative", "完成"},
       {"attachments",
        {{{"filename", "big.pdf"}, {"content_type", "application/pdf"}, {"data_base64", big}}}}},
      {"attachments[0].data_base64"});
  EXPECT_TRUE(GetJson(cnipa, path + "/reports").empty());
  EXPECT_EQ(AuditCount(auditor, "plan.report"), audits);

  HttpResponse ok = Post(cnipa, path + "/reports",
                         {{"period", "2020-H1"},
                          {"status", "in_progress"},
                          {"narrative", "地理标志保护专项行动推进中"},
                          {"figures", {{"inspections", 12}}},
                          {"attachments",
                           {{{"filename", "进展 报告.txt"},
                             {"content_type", "text/plain"},
                             {"data_base64", "5L2g5aW9"}},
                            {{"filename", "page.html"},
                             {"content_type", "text/html"},
                             {"data_base64", "PHNjcmlwdD4xPC9zY3JpcHQ+"}}}}});
  ASSERT_EQ(ok.status, 201) << ok.body;
  Json report = Json::parse(ok.body);
  EXPECT_EQ(report["figures"]["inspections"], 12);
  EXPECT_EQ(report["submitted_by_name"], "钱专利");
  ASSERT_EQ(report["attachments"].size(), 2u);
  EXPECT_EQ(report["attachments"][0]["size"], 6);
  std::string file =
      "/api/v1/plan-attachments/" + std::to_string(report["attachments"][0]["id"].get<int64_t>());
  HttpResponse download = Get(cnipa, file);
  ASSERT_EQ(download.status, 200);
  EXPECT_EQ(download.body, "你好");
  EXPECT_EQ(download.headers["content-type"], "text/plain; charset=utf-8");
  EXPECT_EQ(download.headers["content-disposition"],
            "attachment; filename=\"download.txt\"; "
            "filename*=UTF-8''%E8%BF%9B%E5%B1%95%20%E6%8A%A5%E5%91%8A.txt");
  // A declared text/html is not served as a page from our origin.
  HttpResponse html = Get(cnipa, "/api/v1/plan-attachments/" +
                                     std::to_string(report["attachments"][1]["id"].get<int64_t>()));
  EXPECT_EQ(html.headers["content-type"], "application/octet-stream");
  EXPECT_EQ(html.headers["content-security-policy"], "sandbox");
  EXPECT_EQ(Get(Login("sh_officer"), file).status, 404);
  EXPECT_EQ(GetJson(cnipa, path + "/reports").size(), 1u);
  EXPECT_EQ(AuditCount(auditor, "plan.report"), audits + 1);
  Json in_progress = GetJson(cnipa, base_ + "/assignments?status=in_progress&page_size=100");
  bool listed = false;
  for (const Json& a : in_progress["items"]) listed |= a["id"] == own["id"];
  EXPECT_TRUE(listed);
  EXPECT_EQ(Get(cnipa, base_ + "/assignments?status=bogus").status, 422);
}

TEST_P(PlansApiTest, MatrixOverdueRankingAndTheXlsxExport) {
  Session office = Login("office");
  Json overdue = GetJson(office, base_ + "/overdue");
  ASSERT_EQ(overdue["total"], 1) << overdue.dump();
  EXPECT_EQ(overdue["items"][0]["item_key"], "2.9.1");
  EXPECT_EQ(overdue["items"][0]["agency_name"], "国家知识产权局");
  EXPECT_TRUE(overdue["items"][0]["overdue"].get<bool>());

  Json m = GetJson(office, base_ + "/matrix?period=2020");
  EXPECT_EQ(m["tasks"].size(), 35u);
  std::map<std::string, int64_t> agency;
  for (const Json& a : m["agencies"]) agency[a["name"]] = a["id"];
  auto cell = [&](int task, const std::string& name) {
    for (const Json& c : m["cells"]) {
      if (c["task"] == task && c["agency_id"] == agency[name]) return c;
    }
    ADD_FAILURE() << task << " " << name;
    return Json();
  };
  EXPECT_EQ(cell(9, "国家知识产权局")["status"], "overdue");
  EXPECT_EQ(cell(31, "海关总署")["status"], "blocked");
  EXPECT_EQ(cell(16, "公安部")["status"], "completed");
  EXPECT_EQ(cell(5, "国家市场监督管理总局")["role"], "lead");
  EXPECT_EQ(Get(office, base_ + "/matrix?period=2020-W1").status, 422);

  // An agency's officer gets the own agency's line only (docs/plans.md), with its rank among all.
  Json own = GetJson(Login("cnipa_officer"), base_ + "/ranking?period=2020");
  ASSERT_EQ(own["entries"].size(), 1u);
  EXPECT_EQ(own["entries"][0]["agency_name"], "国家知识产权局");
  EXPECT_EQ(own["entries"][0]["rank"], 3);
  Json ranking = GetJson(office, base_ + "/ranking?period=2020");
  EXPECT_EQ(ranking["max_total"], 100);
  ASSERT_EQ(ranking["entries"].size(), 4u);
  EXPECT_EQ(ranking["entries"][2]["rank"], 3);
  EXPECT_EQ(ranking["entries"][3]["rank"], 3);
  EXPECT_EQ(ranking["entries"][2]["total"], ranking["entries"][3]["total"]);
  HttpResponse bad_score = Call(
      office, "PUT", base_ + "/scores",
      Json{{"period", "2020"}, {"agency_id", agency["海关总署"]}, {"points", {{"progress", 99}}}}
          .dump());
  EXPECT_EQ(bad_score.status, 422);
  EXPECT_EQ(Fields(bad_score), std::set<std::string>{"points.progress"});
  HttpResponse bad_rubric =
      Call(office, "PUT", base_ + "/rubric",
           Json{{"criteria", {{{"id", "x"}, {"name", "甲"}, {"max_points", 0}}}}}.dump());
  EXPECT_EQ(bad_rubric.status, 422);
  EXPECT_EQ(Fields(bad_rubric), std::set<std::string>{"criteria[0].max_points"});

  Session auditor = Login("auditor");
  int64_t exports = AuditCount(auditor, "export.plan_matrix");
  HttpResponse xlsx = Get(office, base_ + "/matrix.xlsx?period=2020");
  ASSERT_EQ(xlsx.status, 200) << xlsx.body;
  EXPECT_EQ(xlsx.headers["content-type"],
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  EXPECT_EQ(xlsx.body.substr(0, 2), "PK");
  EXPECT_NE(xlsx.headers["content-disposition"].find(".xlsx"), std::string::npos);
  EXPECT_EQ(AuditCount(auditor, "export.plan_matrix"), exports + 1);
  EXPECT_EQ(Get(Login("sh_officer"), base_ + "/matrix.xlsx").status, 404);

  // Bulk due dates: one transaction, one audit record.
  HttpResponse bulk =
      Post(office, base_ + "/due-dates",
           {{"due_date", "2020-12-31"}, {"task_number", 21}, {"agency_id", nullptr}});
  ASSERT_EQ(bulk.status, 200) << bulk.body;
  EXPECT_EQ(Json::parse(bulk.body)["updated"], 12);
  EXPECT_EQ(GetJson(office, base_ + "/overdue?page_size=50")["total"], 13);
  EXPECT_EQ(Post(office, base_ + "/due-dates", {{"due_date", "31.12.2020"}}).status, 422);
}

TEST_P(PlansApiTest, TheOfficeAssignsAnUnassignedHolderOnce) {
  Session office = Login("office"), auditor = Login("auditor"), cnipa = Login("cnipa_officer");
  auto item = [&](const std::string& key) {
    Json plan = GetJson(office, base_);
    for (const Json& s : plan["tree"])
      for (const Json& t : s["tasks"])
        for (const Json& i : t["items"])
          if (i["key"] == key) return i;
    return Json();
  };
  Json before = item("1.7.1");
  ASSERT_EQ(before["unassigned"].size(), 1u) << before.dump();
  EXPECT_EQ(before["unassigned"][0]["name"], "有关部门");
  int64_t holder = before["unassigned"][0]["id"];
  std::string path = base_ + "/unassigned/" + std::to_string(holder) + "/assign";
  int64_t cnipa_id = Assignment("国家知识产权局", "2.11.1")["agency_id"];
  int64_t police_id = Assignment("公安部", "3.16.1")["agency_id"];
  int64_t audits = AuditCount(auditor, "plan.assign_holder");

  EXPECT_EQ(Post(cnipa, path, {{"agency_ids", {cnipa_id}}}).status, 404);
  EXPECT_EQ(Post(auditor, path, {{"agency_ids", {cnipa_id}}}).status, 403);
  EXPECT_EQ(Post(office, base_ + "/unassigned/999999/assign", {{"agency_ids", {cnipa_id}}}).status,
            404);
  HttpResponse bad = Post(office, path, {{"agency_ids", {cnipa_id, 999999, "x"}}});
  EXPECT_EQ(bad.status, 422) << bad.body;
  EXPECT_EQ(Fields(bad), (std::set<std::string>{"agency_ids[2]"}));
  bad = Post(office, path, {{"agency_ids", {cnipa_id, 999999}}});
  EXPECT_EQ(bad.status, 422) << bad.body;
  EXPECT_EQ(Fields(bad), (std::set<std::string>{"agency_ids[1]"}));
  bad = Post(office, path, {{"agency_ids", Json::array()}});
  EXPECT_EQ(bad.status, 422) << bad.body;
  EXPECT_EQ(Fields(bad), (std::set<std::string>{"agency_ids"}));
  EXPECT_EQ(item("1.7.1")["assignments"].size(), before["assignments"].size());
  EXPECT_EQ(AuditCount(auditor, "plan.assign_holder"), audits);

  HttpResponse ok = Post(office, path, {{"agency_ids", {cnipa_id, police_id}}});
  ASSERT_EQ(ok.status, 200) << ok.body;
  Json created = Json::parse(ok.body)["assignments"];
  ASSERT_EQ(created.size(), 2u);
  EXPECT_EQ(created[0]["agency_name"], "国家知识产权局");
  EXPECT_EQ(created[0]["item_key"], "1.7.1");
  EXPECT_EQ(created[0]["role"], "co");
  Json after = item("1.7.1");
  EXPECT_TRUE(after["unassigned"].empty());
  EXPECT_EQ(after["assignments"].size(), before["assignments"].size() + 2);
  ASSERT_EQ(after["resolved"].size(), 1u);
  EXPECT_EQ(after["resolved"][0]["id"], holder);
  EXPECT_EQ(after["resolved"][0]["resolved_by"], "王协调");
  EXPECT_EQ(after["resolved"][0]["agencies"].size(), 2u);
  EXPECT_EQ(AuditCount(auditor, "plan.assign_holder"), audits + 1);
  EXPECT_EQ(Post(office, path, {{"agency_ids", {cnipa_id}}}).status, 409);
}

TEST_P(PlansApiTest, TheDemoLoadsOnceAcrossRestarts) {
  Session admin = Login("admin", "Admin@12345");
  Json before = GetJson(admin, "/api/v1/audit?action=plan.&page_size=1");
  server_.reset();
  server_ = std::make_unique<ServerProcess>(IPE_BINARY, db_url_);
  admin = Login("admin", "Admin@12345");
  EXPECT_EQ(GetJson(admin, "/api/v1/plans")["total"], 1);
  Json after = GetJson(admin, "/api/v1/audit?action=plan.&page_size=1");
  EXPECT_EQ(after["total"], before["total"]);
  EXPECT_EQ(GetJson(admin, base_ + "/notices")["total"], 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, PlansApiTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace ipe::testing
