// Case import (CSV and XLSX, all or nothing, errors by row and column) and prosecutor supervision
// answered by the addressed party, through the real `ipenforce serve` on SQLite and PostgreSQL.
#include <gtest/gtest.h>

#include <algorithm>
#include <ctime>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sheet/sheet.h"
#include "test_server.h"

namespace ipe::testing {
namespace {

using Json = nlohmann::json;
using sheet::Cell;

class CasesHttpTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    db_url_ = FreshDatabaseUrl(GetParam());
    if (db_url_.empty()) GTEST_SKIP() << "IPE_PG_DSN not set: PostgreSQL run skipped";
    server_ = std::make_unique<ServerProcess>(IPE_BINARY, db_url_);
  }

  using Session = ApiSession;
  Session Login(const std::string& login) {
    Session s = LogIn(server_->port(), login, "Demo@12345");
    EXPECT_EQ(s.status, 200) << s.body;
    return s;
  }
  HttpResponse Get(const Session& s, const std::string& path) {
    return Send(server_->port(), {"GET", path, {{"Cookie", s.cookie}}, ""});
  }
  HttpResponse Post(const Session& s, const std::string& path, const std::string& body,
                    const std::string& content_type = "application/json") {
    return Send(server_->port(),
                {"POST",
                 path,
                 {{"Cookie", s.cookie}, {"X-CSRF-Token", s.csrf}, {"Content-Type", content_type}},
                 body});
  }
  int64_t CaseTotal(const Session& s) {
    HttpResponse r = Get(s, "/api/v1/cases?page_size=1");
    EXPECT_EQ(r.status, 200) << r.body;
    return Json::parse(r.body).value("total", int64_t{-1});
  }
  static std::vector<std::string> Fields(const HttpResponse& r) {
    std::vector<std::string> out;
    Json body = Json::parse(r.body);  // kept alive: the loop walks into it
    for (const auto& e : body["errors"]) out.push_back(e.value("field", ""));
    return out;
  }
  static bool Has(const std::vector<std::string>& v, const std::string& x) {
    return std::find(v.begin(), v.end(), x) != v.end();
  }

  std::string db_url_;
  std::unique_ptr<ServerProcess> server_;
};

TEST_P(CasesHttpTest, CsvImportNamesEveryBadRowAndColumnAndWritesNothing) {
  Session officer = Login("sh_officer");
  int64_t before = CaseTotal(officer);
  // Line 2 holds a record whose goods span two lines, so the bad record starts on line 4.
  std::string csv =
      "case_number,title,category,source,goods,illegal_business_yuan,party_name,party_uscc\n"
      "IMP-1,好的案件,trademark,inspection,\"运动鞋\n120 "
      "双\",50000.00,上海某公司,91310110666007217T\n"
      "\n"
      "IMP-2,坏的案件,nope,inspection,,12.345,上海某公司,913101106660072170\n";
  HttpResponse bad = Post(officer, "/api/v1/cases/import", csv, "text/csv");
  ASSERT_EQ(bad.status, 400) << bad.body;
  auto fields = Fields(bad);
  EXPECT_TRUE(Has(fields, "rows[5].category")) << bad.body;
  EXPECT_TRUE(Has(fields, "rows[5].illegal_business_yuan")) << bad.body;
  EXPECT_TRUE(Has(fields, "rows[5].party_uscc")) << bad.body;
  EXPECT_FALSE(Has(fields, "rows[2].category"));
  EXPECT_EQ(CaseTotal(officer), before);

  HttpResponse unknown =
      Post(officer, "/api/v1/cases/import", "案件编号,案件名称,奇怪的列\n", "text/csv");
  ASSERT_EQ(unknown.status, 400);
  EXPECT_TRUE(Has(Fields(unknown), "header"));

  // zh-CN labels are column names as well; the JSON form {"csv"} is the same import.
  std::string good =
      "案件编号,案件名称,案件类别,案件来源,行为开始日期,非法经营数额(元)\n"
      "IMP-3,导入案件三,trademark,inspection,2024-05-01,50000.5\n"
      "IMP-4,导入案件四,copyright,complaint,,\n";
  HttpResponse ok = Post(officer, "/api/v1/cases/import", Json{{"csv", good}}.dump());
  ASSERT_EQ(ok.status, 201) << ok.body;
  EXPECT_EQ(Json::parse(ok.body)["imported"], 2);
  EXPECT_EQ(Json::parse(ok.body)["format"], "csv");
  EXPECT_EQ(CaseTotal(officer), before + 2);

  // The same file again: a duplicate number in the agency refuses the whole file.
  HttpResponse again = Post(officer, "/api/v1/cases/import", Json{{"csv", good}}.dump());
  EXPECT_EQ(again.status, 409) << again.body;
  EXPECT_TRUE(Has(Fields(again), "rows[2].case_number")) << again.body;
  EXPECT_EQ(CaseTotal(officer), before + 2);
}

// Issue 18: channel, trade flow and goods class through the API and the import — codes from
// /cases/codes, bad values named with zh messages and nothing written, none given = null.
TEST_P(CasesHttpTest, ChannelTradeAndGoodsClassAreOptionalCodes) {
  Session officer = Login("sh_officer");
  Json codes = Json::parse(Get(officer, "/api/v1/cases/codes").body);
  ASSERT_EQ(codes["channels"].size(), 2u);
  ASSERT_EQ(codes["trades"].size(), 3u);
  ASSERT_EQ(codes["goods_classes"].size(), 34u);
  EXPECT_EQ(codes["goods_classes"][24]["code"], "25");
  EXPECT_EQ(codes["goods_classes"][24]["name_zh"], "第25类 服装鞋帽");
  int64_t before = CaseTotal(officer);
  Json body = {{"case_number", "DIM-1"}, {"title", "某公司销售假冒运动鞋案"}, {"category", "trademark"},
               {"source", "customs"}, {"channel", "线上"}, {"trade", "transit"}, {"goods_class", "35"}};
  HttpResponse bad = Post(officer, "/api/v1/cases", body.dump());
  ASSERT_EQ(bad.status, 422) << bad.body;  // the case routes answer validation with 422
  auto fields = Fields(bad);
  EXPECT_TRUE(Has(fields, "channel") && Has(fields, "trade") && Has(fields, "goods_class")) << bad.body;
  for (const auto& e : Json::parse(bad.body)["errors"]) {
    if (e.value("field", "") == "goods_class") {
      EXPECT_NE(e.value("message", "").find("尼斯分类"), std::string::npos) << bad.body;
    }
  }
  EXPECT_EQ(CaseTotal(officer), before);
  body["channel"] = "offline";
  body["trade"] = "import";
  body["goods_class"] = "25";
  HttpResponse ok = Post(officer, "/api/v1/cases", body.dump());
  ASSERT_EQ(ok.status, 201) << ok.body;
  Json c = Json::parse(ok.body);
  EXPECT_EQ(c["channel"], "offline");
  EXPECT_EQ(c["trade"], "import");
  EXPECT_EQ(c["goods_class"], "25");
  Json plain = {{"case_number", "DIM-2"}, {"title", "某店销售假冒洗发水案"}, {"category", "trademark"},
                {"source", "inspection"}};
  HttpResponse none = Post(officer, "/api/v1/cases", plain.dump());
  ASSERT_EQ(none.status, 201) << none.body;
  EXPECT_TRUE(Json::parse(none.body)["channel"].is_null());
  EXPECT_TRUE(Json::parse(none.body)["goods_class"].is_null());
  // The import: codes or their zh names, a one-digit class padded; a bad one named by row.
  std::string csv =
      "case_number,title,category,source,channel,trade,goods_class\n"
      "DIM-3,导入案件,trademark,monitoring,线上,国内,9\n"
      "DIM-4,导入案件,trademark,inspection,somewhere,,99\n";
  HttpResponse rows = Post(officer, "/api/v1/cases/import", csv, "text/csv");
  ASSERT_EQ(rows.status, 400) << rows.body;
  EXPECT_TRUE(Has(Fields(rows), "rows[3].channel")) << rows.body;
  EXPECT_TRUE(Has(Fields(rows), "rows[3].goods_class")) << rows.body;
  EXPECT_FALSE(Has(Fields(rows), "rows[2].channel"));
  EXPECT_EQ(CaseTotal(officer), before + 2);
  csv = "case_number,title,category,source,channel,trade,goods_class\n"
        "DIM-3,导入案件,trademark,monitoring,线上,国内,9\n";
  ASSERT_EQ(Post(officer, "/api/v1/cases/import", csv, "text/csv").status, 201);
  Json page = Json::parse(Get(officer, "/api/v1/cases?q=DIM-3").body);
  ASSERT_EQ(page["items"].size(), 1u) << page.dump();
  EXPECT_EQ(page["items"][0]["channel"], "online");
  EXPECT_EQ(page["items"][0]["trade"], "domestic");
  EXPECT_EQ(page["items"][0]["goods_class"], "09");

  // The list filters by each dimension: the same ids as the officer's whole list filtered here,
  // newest first, with the count; a value outside the code table is refused, not an empty list.
  Json all = Json::parse(Get(officer, "/api/v1/cases?page_size=200").body);
  ASSERT_LT(all["items"].size(), 200u);
  auto ids_where = [&](const std::map<std::string, std::string>& want) {
    std::vector<int64_t> out;
    for (const auto& item : all["items"]) {
      bool match = true;
      for (const auto& [key, value] : want) match = match && item[key].is_string() && item[key] == value;
      if (match) out.push_back(item["id"].get<int64_t>());
    }
    return out;
  };
  for (const std::map<std::string, std::string>& want :
       std::vector<std::map<std::string, std::string>>{{{"channel", "online"}},
                                                       {{"channel", "offline"}},
                                                       {{"trade", "import"}, {"goods_class", "25"}},
                                                       {{"goods_class", "09"}},
                                                       {{"trade", "export"}, {"channel", "online"}}}) {
    std::string query = "/api/v1/cases?page_size=200";
    for (const auto& [key, value] : want) query += "&" + key + "=" + value;
    HttpResponse r = Get(officer, query);
    ASSERT_EQ(r.status, 200) << query << r.body;
    Json filtered = Json::parse(r.body);
    std::vector<int64_t> got;
    for (const auto& item : filtered["items"]) got.push_back(item["id"].get<int64_t>());
    EXPECT_EQ(got, ids_where(want)) << query;
    EXPECT_EQ(filtered["total"].get<int64_t>(), static_cast<int64_t>(got.size())) << query;
  }
  EXPECT_FALSE(ids_where({{"trade", "import"}, {"goods_class", "25"}}).empty());  // DIM-1 at least
  HttpResponse wrong = Get(officer, "/api/v1/cases?goods_class=99&channel=%E7%BA%BF%E4%B8%8A&trade=transit");
  ASSERT_EQ(wrong.status, 400) << wrong.body;
  EXPECT_EQ(wrong.headers["content-type"].rfind("application/problem+json", 0), 0u);
  fields = Fields(wrong);
  EXPECT_TRUE(Has(fields, "goods_class") && Has(fields, "channel") && Has(fields, "trade")) << wrong.body;
}

TEST_P(CasesHttpTest, XlsxImportReadsDatesAndNumbersAndNamesSpreadsheetRows) {
  Session officer = Login("sh_officer");
  int64_t before = CaseTotal(officer);
  sheet::Sheet s{.name = "案件"};
  s.rows.push_back({Cell::Text("案件编号"), Cell::Text("案件名称"), Cell::Text("案件类别"),
                    Cell::Text("违法行为类型"), Cell::Text("案件来源"), Cell::Text("行为开始日期"),
                    Cell::Text("非法经营数额(元)"), Cell::Text("标识件数")});
  s.rows.push_back({Cell::Text("XL-1"), Cell::Text("表格导入案件"), Cell::Text("trademark"),
                    Cell::Text("counterfeit_trademark"), Cell::Text("inspection"),
                    Cell::Date("2024-03-15"), Cell::Number(50000.5), Cell::Number(120)});
  s.rows.push_back({});  // a blank row keeps the numbering of the rows below
  s.rows.push_back({Cell::Text("XL-2"), Cell::Text("坏行"), Cell::Text("trademark"), Cell::Empty(),
                    Cell::Text("nowhere"), Cell::Text("2024-13-01"), Cell::Number(-1),
                    Cell::Number(1.5)});
  auto bad_bytes = sheet::WriteXlsx({s});
  ASSERT_TRUE(bad_bytes);
  HttpResponse bad = Post(officer, "/api/v1/cases/import", *bad_bytes,
                          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  ASSERT_EQ(bad.status, 400) << bad.body;
  auto fields = Fields(bad);
  EXPECT_TRUE(Has(fields, "rows[4].source")) << bad.body;
  EXPECT_TRUE(Has(fields, "rows[4].act_date_from")) << bad.body;
  EXPECT_TRUE(Has(fields, "rows[4].illegal_business_yuan")) << bad.body;
  EXPECT_TRUE(Has(fields, "rows[4].marks")) << bad.body;
  EXPECT_EQ(CaseTotal(officer), before);

  s.rows.pop_back();
  auto good_bytes = sheet::WriteXlsx({s});
  ASSERT_TRUE(good_bytes);
  // Detected by content: the same bytes as application/octet-stream.
  HttpResponse ok = Post(officer, "/api/v1/cases/import", *good_bytes, "application/octet-stream");
  ASSERT_EQ(ok.status, 201) << ok.body;
  EXPECT_EQ(Json::parse(ok.body)["format"], "xlsx");
  HttpResponse list = Get(officer, "/api/v1/cases?q=XL-1");
  ASSERT_EQ(list.status, 200);
  Json items = Json::parse(list.body)["items"];
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0]["act_date_from"], "2024-03-15");               // an Excel date cell
  EXPECT_EQ(items[0]["amounts_fen"]["illegal_business"], 5000050);  // a number cell, exact fen
  EXPECT_EQ(items[0]["counts"]["marks"], 120);
  EXPECT_TRUE(items[0]["threshold_met"].get<bool>());  // findings evaluated on import as on save

  // Not a workbook, an old .xls, bad base64: clear 400s naming the file.
  for (const std::string& junk :
       {std::string("PK\x03\x04 not a zip at all"),
        std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + std::string(100, '\0')}) {
    HttpResponse r = Post(officer, "/api/v1/cases/import", junk, "application/octet-stream");
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_TRUE(Has(Fields(r), "file")) << r.body;
  }
  HttpResponse b64 = Post(officer, "/api/v1/cases/import", R"({"file_base64":"@@@"})");
  EXPECT_EQ(b64.status, 400);
  EXPECT_EQ(CaseTotal(officer), before + 1);
  EXPECT_TRUE(server_->running());
}

TEST_P(CasesHttpTest, XlsxTemplateDownloadsAndImportsAsIs) {
  Session officer = Login("sh_officer");
  HttpResponse t = Get(officer, "/api/v1/cases/import/template.xlsx");
  ASSERT_EQ(t.status, 200);
  EXPECT_EQ(t.headers["content-type"],
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  auto sheets = sheet::ReadXlsx(t.body);
  ASSERT_TRUE(sheets) << sheets.error().ToString();
  ASSERT_EQ(sheets->size(), 3u);
  EXPECT_EQ((*sheets)[0].rows.at(0).at(0).text, "案件编号");
  EXPECT_EQ((*sheets)[1].name, "填写说明");
  EXPECT_EQ((*sheets)[2].name, "代码表");
  HttpResponse csv = Get(officer, "/api/v1/cases/import/template");
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(csv.body.rfind("\xEF\xBB\xBF"
                           "case_number,",
                           0),
            0u);

  std::string b64;
  {
    static const char* kAlphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const std::string& in = t.body;
    size_t i = 0;
    for (; i + 2 < in.size(); i += 3) {
      uint32_t v = (uint8_t(in[i]) << 16) | (uint8_t(in[i + 1]) << 8) | uint8_t(in[i + 2]);
      for (int k = 18; k >= 0; k -= 6) b64 += kAlphabet[(v >> k) & 63];
    }
    if (i + 1 == in.size()) {
      uint32_t v = uint8_t(in[i]) << 16;
      b64 += std::string{kAlphabet[(v >> 18) & 63], kAlphabet[(v >> 12) & 63], '=', '='};
    } else if (i + 2 == in.size()) {
      uint32_t v = (uint8_t(in[i]) << 16) | (uint8_t(in[i + 1]) << 8);
      b64 += std::string{kAlphabet[(v >> 18) & 63], kAlphabet[(v >> 12) & 63],
                         kAlphabet[(v >> 6) & 63], '='};
    }
  }
  HttpResponse r = Post(officer, "/api/v1/cases/import",
                        Json{{"file_base64", b64}, {"filename", "cases-template.xlsx"}}.dump());
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(Json::parse(r.body)["imported"], 1);
}

// Finds the supervision action of `kind` on `case_id` in a list.
Json FindAction(const Json& list, int64_t case_id, const std::string& kind) {
  for (const auto& a : list) {
    if (a["case_id"] == case_id && a["kind"] == kind) return a;
  }
  return Json();
}

TEST_P(CasesHttpTest, SupervisionIsAnsweredByTheAddressedPartyOnly) {
  Session prosecutor = Login("sh_prosecutor");
  HttpResponse view = Get(prosecutor, "/api/v1/supervision");
  ASSERT_EQ(view.status, 200) << view.body;
  Json v = Json::parse(view.body);
  // The demo's not-filed transfer carries a request for reasons addressed to 上海市公安局.
  Json demo;
  for (const auto& a : v["actions"]) {
    if (a["kind"] == "request_reasons") demo = a;
  }
  ASSERT_FALSE(demo.is_null()) << view.body;
  EXPECT_EQ(demo["addressed_to"]["kind"], "police");
  EXPECT_EQ(demo["addressed_to"]["agency"]["name"], "上海市公安局");
  EXPECT_FALSE(demo["can_answer"].get<bool>());
  EXPECT_FALSE(demo["case"]["title"].get<std::string>().empty());
  int64_t case_id = demo["case_id"];

  HttpResponse notify =
      Post(prosecutor, "/api/v1/cases/" + std::to_string(case_id) + "/supervision",
           Json{{"kind", "notify_filing"}, {"note", "请依法立案"}}.dump());
  ASSERT_EQ(notify.status, 201) << notify.body;
  Json n = Json::parse(notify.body);
  EXPECT_EQ(n["deadline_state"], "ok");
  EXPECT_FALSE(n["due_at"].is_null());

  // A transfer still with the agency (not sent to any police) has nobody to answer a notice.
  int64_t unsent_case = 0;
  for (const auto& t : v["transfers"]["items"]) {
    if (t["police_agency"].is_null()) unsent_case = t["case_id"];
  }
  ASSERT_NE(unsent_case, 0) << view.body;
  EXPECT_EQ(Post(prosecutor, "/api/v1/cases/" + std::to_string(unsent_case) + "/supervision",
                 Json{{"kind", "request_reasons"}}.dump())
                .status,
            409);

  // A candidate (closed with a fine over the threshold, no transfer): suggest a transfer.
  ASSERT_FALSE(v["candidates"].empty()) << view.body;
  int64_t candidate = v["candidates"][0]["id"];
  HttpResponse suggest =
      Post(prosecutor, "/api/v1/cases/" + std::to_string(candidate) + "/supervision",
           Json{{"kind", "suggest_transfer"}, {"note", "建议移送公安机关"}}.dump());
  ASSERT_EQ(suggest.status, 201) << suggest.body;
  EXPECT_EQ(Json::parse(suggest.body)["addressed_to"]["kind"], "agency");

  // The police see what is addressed to them, with can_answer, and answer once.
  Session police = Login("sh_police");
  EXPECT_EQ(Get(police, "/api/v1/supervision").status, 403);
  HttpResponse mine = Get(police, "/api/v1/supervision/actions");
  ASSERT_EQ(mine.status, 200) << mine.body;
  Json items = Json::parse(mine.body)["items"];
  Json to_answer = FindAction(items, case_id, "notify_filing");
  ASSERT_FALSE(to_answer.is_null()) << mine.body;
  EXPECT_TRUE(to_answer["can_answer"].get<bool>());
  EXPECT_TRUE(FindAction(items, candidate, "suggest_transfer").is_null()) << "not the police's";
  std::string answer_path =
      "/api/v1/supervision/" + std::to_string(to_answer["id"].get<int64_t>()) + "/answer";
  HttpResponse answered = Post(police, answer_path, Json{{"answer", "已立案侦查"}}.dump());
  ASSERT_EQ(answered.status, 200) << answered.body;
  Json a = Json::parse(answered.body);
  EXPECT_FALSE(a["answered_at"].is_null());
  EXPECT_EQ(a["answer"], "已立案侦查");
  EXPECT_FALSE(a["can_answer"].get<bool>());
  EXPECT_EQ(Post(police, answer_path, Json{{"answer", "再答"}}.dump()).status, 409);

  // The agency sees the police's items on its case but may answer only the suggestion to it.
  Session officer = Login("sh_officer");
  Json agency_items = Json::parse(Get(officer, "/api/v1/supervision/actions").body)["items"];
  Json police_item = FindAction(agency_items, case_id, "request_reasons");
  ASSERT_FALSE(police_item.is_null());
  EXPECT_FALSE(police_item["can_answer"].get<bool>());
  Json own = FindAction(agency_items, candidate, "suggest_transfer");
  ASSERT_FALSE(own.is_null());
  EXPECT_TRUE(own["can_answer"].get<bool>());
  EXPECT_EQ(
      Post(officer,
           "/api/v1/supervision/" + std::to_string(police_item["id"].get<int64_t>()) + "/answer",
           Json{{"answer", "不是我们答"}}.dump())
          .status,
      403);
  EXPECT_EQ(
      Post(officer, "/api/v1/supervision/" + std::to_string(own["id"].get<int64_t>()) + "/answer",
           Json{{"answer", "已启动移送程序"}}.dump())
          .status,
      200);

  // Another province's prosecutor sees none of it.
  Session gd = Login("gd_prosecutor");
  HttpResponse gd_list = Get(gd, "/api/v1/supervision/actions");
  ASSERT_EQ(gd_list.status, 200);
  Json gd_items = Json::parse(gd_list.body)["items"];
  EXPECT_TRUE(FindAction(gd_items, case_id, "notify_filing").is_null()) << gd_list.body;
  EXPECT_TRUE(FindAction(gd_items, candidate, "suggest_transfer").is_null());
}

// Issue 13 over HTTP: the new case inputs and the rule note in the Case JSON, sent_to_police, the
// police decision clock with review_due_at and an approved extension, alert severity, the calendar.
TEST_P(CasesHttpTest, Issue13FieldsAndThePoliceExtension) {
  Session officer = Login("sh_officer");
  Json in = {{"case_number", "HTTP13-1"},
             {"title", "假冒注册商标案 HTTP13-1"},
             {"category", "trademark"},
             {"conduct", "counterfeit_trademark"},
             {"source", "inspection"},
             {"act_date_from", "2026-03-01"},
             {"act_date_to", "2026-06-01"},
             {"amounts_fen", {{"illegal_business", 5000000}}},
             {"counts", {{"clicks", 12}, {"unsold_marks", 3}}},
             {"right_holder_bankrupt", false},
             {"harm_to_health_detail", ""}};
  HttpResponse created = Post(officer, "/api/v1/cases", in.dump());
  ASSERT_EQ(created.status, 201) << created.body;
  Json c = Json::parse(created.body);
  EXPECT_EQ(c["counts"]["clicks"], 12);
  EXPECT_EQ(c["counts"]["unsold_marks"], 3);
  EXPECT_FALSE(c["sent_to_police"].get<bool>());
  EXPECT_NE(c["regime_basis"].get<std::string>().find("2026-06-01"), std::string::npos) << c;
  bool noted = false;  // ip2025.213.basic is M: its note travels with the finding
  for (const auto& f : c["findings"]) noted |= f["rule_id"] == "ip2025.213.basic" && !f["note"].get<std::string>().empty();
  EXPECT_TRUE(noted) << c["findings"];
  std::string id = std::to_string(c["id"].get<int64_t>());

  HttpResponse started = Post(officer, "/api/v1/cases/" + id + "/transfer",
                              Json{{"team", {"sh_officer", "sh_head"}}, {"report", "书面报告"}}.dump());
  ASSERT_EQ(started.status, 201) << started.body;
  std::string actions = "/api/v1/transfers/" + std::to_string(Json::parse(started.body)["id"].get<int64_t>()) + "/actions";
  ASSERT_EQ(Post(Login("sh_head"), actions, Json{{"action", "approve"}}.dump()).status, 200);
  // The police agency's id, from the demo's sent transfer in the prosecutor's view.
  Session prosecutor = Login("sh_prosecutor");
  Json view = Json::parse(Get(prosecutor, "/api/v1/supervision").body);
  int64_t police_id = 0;
  for (const auto& t : view["transfers"]["items"]) {
    if (!t["police_agency"].is_null()) police_id = t["police_agency"]["id"];
  }
  ASSERT_NE(police_id, 0);
  Json send = {{"action", "send"},
               {"police_agency_id", police_id},
               {"documents", {{"transfer_letter", true}, {"investigation_report", true}, {"items_list", true}}}};
  ASSERT_EQ(Post(officer, actions, send.dump()).status, 200);
  Session police = Login("sh_police");
  HttpResponse received = Post(police, actions, Json{{"action", "receive"}}.dump());
  ASSERT_EQ(received.status, 200) << received.body;
  Json r = Json::parse(received.body);
  EXPECT_EQ(r["current_step"], "police_economic_decision");
  EXPECT_FALSE(r["review_due_at"].is_null());
  HttpResponse no_approver = Post(police, actions, Json{{"action", "extend"}, {"extension", "complex"}, {"reasons", "跨区域"}}.dump());
  EXPECT_EQ(no_approver.status, 400) << no_approver.body;
  EXPECT_TRUE(Has(Fields(no_approver), "approver")) << no_approver.body;
  HttpResponse extended = Post(police, actions,
                               Json{{"action", "extend"}, {"extension", "complex"}, {"reasons", "跨区域"},
                                    {"approver", "王副局长"}}.dump());
  ASSERT_EQ(extended.status, 200) << extended.body;
  Json e = Json::parse(extended.body);
  EXPECT_EQ(e["current_step"], "police_economic_decision_complex");
  EXPECT_EQ(e["steps"].back()["extension"], "complex");
  EXPECT_EQ(e["steps"].back()["approver"], "王副局长");
  EXPECT_EQ(e["steps"].back()["extended_to"], e["due_at"]);
  // 30 日 from today may end in a year the holiday calendar does not cover yet (December, before
  // next year's arrangement is loaded): the extension is recorded without a guessed deadline.
  if (e["due_at"].is_null()) {
    EXPECT_EQ(e["deadline_state"], "unknown") << e;
  }
  EXPECT_TRUE(Json::parse(Get(officer, "/api/v1/cases/" + id).body)["sent_to_police"].get<bool>());

  Json alerts = Json::parse(Get(prosecutor, "/api/v1/alerts").body);
  ASSERT_FALSE(alerts["items"].empty());
  for (const auto& a : alerts["items"]) EXPECT_TRUE(a["severity"].is_string()) << a;

  Json officer_cal = Json::parse(Get(officer, "/api/v1/calendar").body);
  EXPECT_FALSE(officer_cal["warn"].get<bool>());
  EXPECT_GE(officer_cal["last_year"].get<int>(), 2026);
  Json admin_cal = Json::parse(Get(LogIn(server_->port(), "admin", "Admin@12345"), "/api/v1/calendar").body);
  std::time_t now = std::time(nullptr) + 8 * 3600;  // Beijing
  std::tm bj = *std::gmtime(&now);
  bool november = bj.tm_mon >= 10;
  EXPECT_EQ(admin_cal["warn"].get<bool>(), november && !admin_cal["next_year_covered"].get<bool>()) << admin_cal;
}

// Issue 14: the case form previews the finding while the officer types — the same findings a save
// would store, nothing written, and the missing dates named when there is nothing to evaluate.
TEST_P(CasesHttpTest, TheFindingIsPreviewedBeforeSavingAndNothingIsWritten) {
  Session officer = Login("sh_officer");
  Json in = {{"case_number", "PREVIEW-1"},
             {"title", "假冒注册商标案 PREVIEW-1"},
             {"category", "trademark"},
             {"conduct", "counterfeit_trademark"},
             {"source", "inspection"},
             {"amounts_fen", {{"illegal_business", 5000000}}}};
  int64_t cases_before = CaseTotal(officer);

  // Without the dates of the conduct there is nothing to judge, and the answer says so.
  HttpResponse undated = Post(officer, "/api/v1/case-findings/preview", in.dump());
  ASSERT_EQ(undated.status, 200) << undated.body;
  Json u = Json::parse(undated.body);
  EXPECT_TRUE(u["findings"].empty()) << u;
  EXPECT_EQ(u["missing"], Json::array({"act_date"})) << u;

  in["act_date_from"] = "2026-03-01";
  in["act_date_to"] = "2026-06-01";
  HttpResponse dated = Post(officer, "/api/v1/case-findings/preview", in.dump());
  ASSERT_EQ(dated.status, 200) << dated.body;
  Json preview = Json::parse(dated.body);
  EXPECT_TRUE(preview["missing"].empty()) << preview;
  bool met = false;
  for (const auto& f : preview["findings"]) met |= f["met"].get<bool>();
  EXPECT_TRUE(met) << preview;
  EXPECT_EQ(CaseTotal(officer), cases_before);  // a preview stores nothing

  // Saving finds exactly what the preview showed.
  HttpResponse created = Post(officer, "/api/v1/cases", in.dump());
  ASSERT_EQ(created.status, 201) << created.body;
  Json c = Json::parse(created.body);
  EXPECT_EQ(c["findings"], preview["findings"]);
  EXPECT_EQ(c["regime_basis"], preview["regime_basis"]);

  // Another agency's case is not previewed; the police do not register cases.
  Json other = in;
  other["case_id"] = c["id"];
  EXPECT_EQ(Post(Login("gd_officer"), "/api/v1/case-findings/preview", other.dump()).status, 404);
  EXPECT_EQ(Post(Login("sh_police"), "/api/v1/case-findings/preview", in.dump()).status, 403);
  other["case_id"] = "x";
  EXPECT_EQ(Post(officer, "/api/v1/case-findings/preview", other.dump()).status, 400);
}

INSTANTIATE_TEST_SUITE_P(Backends, CasesHttpTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace ipe::testing
