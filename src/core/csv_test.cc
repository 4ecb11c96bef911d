#include "core/csv.h"

#include <gtest/gtest.h>

namespace ipe::core {
namespace {

std::vector<std::vector<std::string>> Cells(const std::vector<CsvRow>& rows) {
  std::vector<std::vector<std::string>> out;
  for (const CsvRow& r : rows) out.push_back(r.cells);
  return out;
}

TEST(Csv, PlainRecordsWithLfOrCrlf) {
  auto rows = ParseCsv("a,b,c\r\n1,2,3\n");
  ASSERT_TRUE(rows.has_value()) << rows.status().ToString();
  EXPECT_EQ(Cells(*rows), (std::vector<std::vector<std::string>>{{"a", "b", "c"}, {"1", "2", "3"}}));
  EXPECT_EQ((*rows)[0].line, 1);
  EXPECT_EQ((*rows)[1].line, 2);
}

TEST(Csv, QuotedFieldsKeepCommasQuotesAndLineBreaks) {
  auto rows = ParseCsv("name,note\n\"上海,某公司\",\"他说\"\"好\"\"\n第二行\"\nlast,x");
  ASSERT_TRUE(rows.has_value()) << rows.status().ToString();
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_EQ((*rows)[1].cells, (std::vector<std::string>{"上海,某公司", "他说\"好\"\n第二行"}));
  EXPECT_EQ((*rows)[1].line, 2);
  EXPECT_EQ((*rows)[2].line, 4);  // the quoted line break counts, as in a spreadsheet
}

TEST(Csv, BomAndBlankLinesAreSkippedEmptyCellsKept) {
  auto rows = ParseCsv("\xEF\xBB\xBF" "a,b\n\n,\r\n\r\nx,\n");
  ASSERT_TRUE(rows.has_value()) << rows.status().ToString();
  EXPECT_EQ(Cells(*rows), (std::vector<std::vector<std::string>>{{"a", "b"}, {"", ""}, {"x", ""}}));
  EXPECT_EQ((*rows)[2].line, 5);
}

TEST(Csv, EmptyTextHasNoRecords) {
  auto rows = ParseCsv("");
  ASSERT_TRUE(rows.has_value());
  EXPECT_TRUE(rows->empty());
}

TEST(Csv, MalformedInputNamesTheLineAndTheField) {
  struct Case {
    const char* text;
    const char* needle;
  } cases[] = {
      {"a\n\"open", "第 2 行"},
      {"a\nb\"c", "第 2 行"},
      {"a\n\"x\"y", "第 2 行"},
  };
  for (const Case& c : cases) {
    auto rows = ParseCsv(c.text, {.field = "csv"});
    ASSERT_FALSE(rows.has_value()) << c.text;
    EXPECT_EQ(rows.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(rows.status().message().find(c.needle), std::string::npos) << rows.status().message();
    ASSERT_EQ(rows.status().field_errors().size(), 1u);
    EXPECT_EQ(rows.status().field_errors()[0].field, "csv");
  }
}

TEST(Csv, RejectsIllFormedUtf8) {
  EXPECT_FALSE(ParseCsv("a,\xC0\xAF\n").has_value());  // overlong '/'
  EXPECT_FALSE(ParseCsv("a,\xE4\xB8").has_value());     // truncated 中
  EXPECT_TRUE(IsValidUtf8("中文 ok"));
  EXPECT_FALSE(IsValidUtf8("\xFF"));
}

TEST(CsvLine, QuotesWhatNeedsItAndDisarmsFormulas) {
  EXPECT_EQ(CsvLine({"a", "b c", ""}), "a,b c,\r\n");
  EXPECT_EQ(CsvLine({"x,y", "say \"hi\"", "two\nlines"}), "\"x,y\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n");
  EXPECT_EQ(CsvLine({"=SUM(A1)", "-1", "@x", "+86"}), "'=SUM(A1),'-1,'@x,'+86\r\n");
  auto back = ParseCsv(CsvLine({"沪市监罚〔2025〕1号", "x,y", "a\"b"}));
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->at(0).cells, (std::vector<std::string>{"沪市监罚〔2025〕1号", "x,y", "a\"b"}));
}

}  // namespace
}  // namespace ipe::core
