#include "plan/parser.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace ipe::plan {
namespace {

std::vector<std::string> Names(const std::vector<core::AgencyMatch>& list) {
  std::vector<std::string> out;
  for (const auto& m : list) out.push_back(m.canonical_name);
  return out;
}

// A plan with one section and one task whose body is `body`.
Plan ParseBody(const std::string& body, const std::string& region = "") {
  ParseOptions o;
  o.region_code = region;
  auto p = ParsePlan("2024年工作要点\n一、总则\n（一）任务标题。" + body + "\n", o);
  EXPECT_TRUE(p.has_value()) << (p ? "" : p.error().message());
  return p ? *p : Plan{};
}

const Item& OnlyItem(const Plan& p) {
  static const Item empty;
  if (p.sections.size() != 1 || p.sections[0].tasks.size() != 1 ||
      p.sections[0].tasks[0].items.empty()) {
    ADD_FAILURE() << "expected one task with items";
    return empty;
  }
  return p.sections[0].tasks[0].items[0];
}

TEST(ParsePlan, The2020SeedHasSevenSectionsThirtyFiveTasksSixtyOneClauses) {
  std::ifstream in(std::string(IPE_SOURCE_DIR) + "/tests/plan/data/national-2020.txt");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto p = ParsePlan(text);
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->year, 2020);
  EXPECT_EQ(p->title, "2020 年全国打击侵犯知识产权和制售假冒伪劣商品工作要点");
  EXPECT_EQ(p->sections.size(), 7u);
  EXPECT_EQ(p->TaskCount(), 35u);
  EXPECT_EQ(p->ClauseCount(), 61u);
  EXPECT_TRUE(p->warnings.empty());
  ASSERT_EQ(p->trailer.size(), 2u);  // 出所先：… and the URL

  const Task* t21 = nullptr;
  const Task* t7 = nullptr;
  for (const auto& s : p->sections) {
    for (const auto& t : s.tasks) {
      if (t.number == 21) t21 = &t;
      if (t.number == 7) t7 = &t;
    }
  }
  ASSERT_TRUE(t21 && t7);
  ASSERT_EQ(t21->items.size(), 1u);
  EXPECT_EQ(Names(t21->items[0].lead),
            (std::vector<std::string>{"全国打击侵权假冒工作领导小组办公室", "最高人民检察院"}));
  EXPECT_EQ(t21->items[0].responsible.size(), 10u);
  EXPECT_EQ(t21->title, "推进完善两法衔接");
  ASSERT_EQ(t7->items.size(), 5u);
  EXPECT_TRUE(t7->items[2].lead.empty());
  EXPECT_EQ(Names(t7->items[2].responsible), std::vector<std::string>{"国家卫生健康委员会"});
  EXPECT_EQ(t7->items[0].responsible[0].resolution, core::AgencyResolution::kGeneric);
  EXPECT_TRUE(t7->items[4].open_ended);  // 市场监管总局等按职责分工负责
  // Only the two generic holders remain for --check.
  auto findings = Check(*p);
  ASSERT_EQ(findings.size(), 2u);
  EXPECT_EQ(findings[0].code, DiagnosticCode::kGenericHolder);
}

TEST(ParsePlan, ClauseForms) {
  Item i = OnlyItem(ParseBody("正文。（公安部、海关总署牵头，商务部、贸促会按职责分工负责）"));
  EXPECT_EQ(Names(i.lead), (std::vector<std::string>{"公安部", "海关总署"}));
  EXPECT_EQ(Names(i.responsible), (std::vector<std::string>{"商务部", "中国国际贸易促进委员会"}));

  i = OnlyItem(ParseBody("正文。（公安部、海关总署按职责分工负责）"));
  EXPECT_TRUE(i.lead.empty());
  EXPECT_EQ(i.responsible.size(), 2u);

  i = OnlyItem(ParseBody("正文。（邮政局负责）"));
  EXPECT_EQ(Names(i.responsible), std::vector<std::string>{"国家邮政局"});

  i = OnlyItem(ParseBody("正文。（发展改革委、市场监管总局分别牵头）"));
  EXPECT_EQ(i.lead.size(), 2u);
  EXPECT_TRUE(i.responsible.empty());

  i = OnlyItem(ParseBody("正文。（知识产权局、市场监管总局按职责分工牵头）"));
  EXPECT_EQ(i.lead.size(), 2u);

  i = OnlyItem(ParseBody("正文。（高法院、高检院按职责分工分别负责）"));
  EXPECT_EQ(Names(i.responsible), (std::vector<std::string>{"最高人民法院", "最高人民检察院"}));

  i = OnlyItem(ParseBody("正文。（公安部、生态环境部等按职责分工负责）"));
  EXPECT_TRUE(i.open_ended);
  EXPECT_EQ(Names(i.responsible), (std::vector<std::string>{"公安部", "生态环境部"}));

  i = OnlyItem(ParseBody("正文。（市场监管总局牵头，有关部门按职责分工负责）"));
  EXPECT_EQ(i.responsible[0].resolution, core::AgencyResolution::kGeneric);
  EXPECT_EQ(i.responsible[0].canonical_name, "有关部门");

  // ASCII punctuation, a clause followed by 。, a name with an inner parenthesis.
  i = OnlyItem(ParseBody("正文.(公安部,海关总署牵头)。"));
  EXPECT_EQ(i.lead.size(), 2u);
  i = OnlyItem(ParseBody("正文。（市委宣传部（市版权局）牵头）", "310000"));
  EXPECT_EQ(Names(i.lead), std::vector<std::string>{"中共上海市委员会宣传部"});
  EXPECT_EQ(i.lead[0].written, "市委宣传部（市版权局）");
}

TEST(ParsePlan, NonClauseParenthesesStayInTheText) {
  Plan p = ParseBody(
      "加强网际协议地址（IP 地址）管理，按照《意见》（中办发〔2019〕56 "
      "号）要求（以下简称《要点》）。"
      "（公安部负责）");
  const Item& i = OnlyItem(p);
  EXPECT_EQ(i.text,
            "加强网际协议地址（IP 地址）管理，按照《意见》（中办发〔2019〕56 "
            "号）要求（以下简称《要点》）。");
  EXPECT_EQ(p.ClauseCount(), 1u);
}

TEST(ParsePlan, AClauseInsideASentenceIsTextWithAWarning) {
  Plan p = ParseBody("由专班（专人负责）跟踪督办。（公安部负责）");
  EXPECT_EQ(p.ClauseCount(), 1u);
  EXPECT_EQ(OnlyItem(p).text, "由专班（专人负责）跟踪督办。");
  ASSERT_FALSE(p.warnings.empty());
  EXPECT_EQ(p.warnings[0].code, DiagnosticCode::kClauseNotAtSentenceEnd);
}

TEST(ParsePlan, PageMarkersAndLineBreaksInsideAClause) {
  for (const char* marker : {"— 2 —", "- 2 -", "第 2 页", "第2页 共5页", "2/5", "\f"}) {
    Plan p = ParseBody(std::string("正文。（公安部、商\n") + marker +
                       "\n务部、海关\n总署按职责分\n工负责）");
    const Item& i = OnlyItem(p);
    EXPECT_EQ(Names(i.responsible), (std::vector<std::string>{"公安部", "商务部", "海关总署"}))
        << marker;
  }
}

TEST(ParsePlan, NumberedItemsAndTitleOnItsOwnLine) {
  auto p = ParsePlan(
      "2024年工作要点\n一、总则\n（一）加强治理\n1．第一项。（公安部负责）\n2. "
      "第二项。（商务部负责）\n"
      "（1）第三项。（海关总署负责）\n");
  ASSERT_TRUE(p.has_value());
  const Task& t = p->sections[0].tasks[0];
  EXPECT_EQ(t.title, "加强治理");
  // （1） is not the expected number 3, so it stays text: a second clause inside item 2.
  ASSERT_EQ(t.items.size(), 3u);
  EXPECT_EQ(t.items[0].number, 1);
  EXPECT_EQ(t.items[1].number, 2);
  EXPECT_EQ(t.items[1].text, "第二项。");
  EXPECT_EQ(t.items[2].number, 2);
  EXPECT_EQ(t.items[2].text, "（1）第三项。");
  // The text after item 2's clause is an open paragraph of item 2.
  auto q = ParsePlan(
      "2024年工作要点\n一、总则\n（一）加强治理。\n1. 第一项。\n2. 第二项。（商务部负责）\n");
  ASSERT_TRUE(q.has_value());
  ASSERT_EQ(q->sections[0].tasks[0].items.size(), 2u);
  EXPECT_FALSE(q->sections[0].tasks[0].items[0].has_clause);
  auto findings = Check(*q);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].code, DiagnosticCode::kNoClause);
  EXPECT_EQ(findings[0].line, 4);
}

TEST(ParsePlan, PreambleTitleYearAndTrailer) {
  auto p = ParsePlan(
      "\xEF\xBB\xBF关于印发《二〇二一年工作要点》的通知\r\n各成员单位：\r\n  现印发给你们。\r\n\r\n"
      "二〇二一年某市打击侵权假冒\r\n工作要点\r\n  总体要求的一段话。\r\n"
      "一、任务\r\n（一）任务一。（公安部负责）\r\n某市双打办\r\n2021年3月1日\r\n");
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->title, "二〇二一年某市打击侵权假冒工作要点");
  EXPECT_EQ(p->title_line, 5);
  EXPECT_EQ(p->year, 2021);
  EXPECT_EQ(p->intro, "总体要求的一段话。");
  EXPECT_EQ(p->trailer, (std::vector<std::string>{"某市双打办", "2021年3月1日"}));
  EXPECT_EQ(p->ClauseCount(), 1u);
}

TEST(ParsePlan, TraditionalCharacters) {
  auto p = ParsePlan(
      "2021年工作要點\n一、總則\n（一）加強監管。（市場監管總局牽頭，公安部、最高檢按職責分工負責）"
      "\n");
  ASSERT_TRUE(p.has_value());
  const Item& i = p->sections[0].tasks[0].items[0];
  EXPECT_EQ(p->sections[0].tasks[0].title, "加強監管");  // text stays as written
  EXPECT_EQ(Names(i.lead), std::vector<std::string>{"国家市场监督管理总局"});
  EXPECT_EQ(Names(i.responsible), (std::vector<std::string>{"公安部", "最高人民检察院"}));
}

TEST(ParsePlan, WarningsCarryLines) {
  auto p = ParsePlan(
      "2024年工作要点\n一、总则\n（一）任务一。（公安部负责）\n（三）任务三。（按职责分工负责）\n"
      "（四）任务四（未闭合。\n");
  ASSERT_TRUE(p.has_value());
  std::vector<std::pair<DiagnosticCode, int>> got;
  for (const auto& w : p->warnings) got.emplace_back(w.code, w.line);
  EXPECT_EQ(got, (std::vector<std::pair<DiagnosticCode, int>>{
                     {DiagnosticCode::kNumberOutOfSequence, 4},
                     {DiagnosticCode::kClauseWithoutHolders, 4},
                     {DiagnosticCode::kUnmatchedParenthesis, 5}}));
}

TEST(ParsePlan, UnknownNamesAreKeptAndReported) {
  Plan p = ParseBody("正文。（某某研究会、公安部负责）");
  const Item& i = OnlyItem(p);
  ASSERT_EQ(i.responsible.size(), 2u);
  EXPECT_EQ(i.responsible[0].canonical_name, "某某研究会");
  EXPECT_FALSE(i.responsible[0].resolved());
  auto findings = Check(p);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].code, DiagnosticCode::kUnresolvedName);
  EXPECT_EQ(findings[0].line, 3);
}

TEST(ParsePlan, BadInputIsRefusedWithAReason) {
  ParseError e;
  EXPECT_FALSE(ParsePlan("", {}, &e).has_value());
  EXPECT_EQ(e.code, DiagnosticCode::kEmptyInput);
  EXPECT_FALSE(ParsePlan(" \n\n— 1 —\n", {}, &e).has_value());
  EXPECT_EQ(e.code, DiagnosticCode::kEmptyInput);
  auto r = ParsePlan("只是一段话，没有任何标题。\n", {}, &e);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code(), core::StatusCode::kInvalidArgument);
  EXPECT_EQ(e.code, DiagnosticCode::kNoStructure);
  EXPECT_FALSE(ParsePlan(std::string(kMaxPlanBytes + 1, 'a'), {}, &e).has_value());
  EXPECT_EQ(e.code, DiagnosticCode::kTooLarge);
  // Invalid UTF-8 is replaced, not fatal.
  auto p = ParsePlan("2024年工作要点\n一、总则\n（一）任务\xff一。（公安部负责）\n");
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->warnings[0].code, DiagnosticCode::kInvalidUtf8);
  EXPECT_EQ(p->warnings[0].line, 3);
}

TEST(ParsePlan, TasksWithoutSectionsAndTextUnderASection) {
  auto p = ParsePlan("工作要点\n（一）任务一。（公安部负责）\n（二）任务二。（商务部负责）\n");
  ASSERT_TRUE(p.has_value());
  ASSERT_EQ(p->sections.size(), 1u);
  EXPECT_FALSE(p->sections[0].number.has_value());
  EXPECT_EQ(p->TaskCount(), 2u);
  EXPECT_FALSE(p->year.has_value());

  auto q = ParsePlan(
      "2024年工作要点\n一、总体要求。统筹推进。（公安部负责）\n二、任务\n（一）任务一。（商务部负责"
      "）\n");
  ASSERT_TRUE(q.has_value());
  EXPECT_EQ(q->sections[0].title, "总体要求");
  ASSERT_EQ(q->sections[0].tasks.size(), 1u);
  EXPECT_FALSE(q->sections[0].tasks[0].number.has_value());
  EXPECT_EQ(q->sections[0].tasks[0].items[0].text, "统筹推进。");
  EXPECT_EQ(q->TaskCount(), 1u);
  EXPECT_EQ(q->ClauseCount(), 2u);
}

}  // namespace
}  // namespace ipe::plan
