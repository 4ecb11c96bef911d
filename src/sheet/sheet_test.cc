#include "sheet/sheet.h"

#include <gtest/gtest.h>
#include <unistd.h>
#include <unzip.h>
#include <zip.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <utility>

namespace ipe::sheet {
namespace {

using core::StatusCode;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Builds a ZIP from (name, content) parts with minizip's writer, so tests can hand-craft
// packages that no spreadsheet program would produce.
std::string MakeZip(const std::vector<std::pair<std::string, std::string>>& parts) {
  std::string path = ::testing::TempDir() + "sheet_test_" + std::to_string(getpid()) + ".zip";
  zipFile zf = zipOpen64(path.c_str(), APPEND_STATUS_CREATE);
  EXPECT_NE(zf, nullptr);
  for (const auto& [name, content] : parts) {
    EXPECT_EQ(zipOpenNewFileInZip64(zf, name.c_str(), nullptr, nullptr, 0, nullptr, 0, nullptr,
                                    Z_DEFLATED, Z_DEFAULT_COMPRESSION, 0),
              ZIP_OK);
    EXPECT_EQ(zipWriteInFileInZip(zf, content.data(), static_cast<unsigned>(content.size())),
              ZIP_OK);
    EXPECT_EQ(zipCloseFileInZip(zf), ZIP_OK);
  }
  EXPECT_EQ(zipClose(zf, nullptr), ZIP_OK);
  std::string bytes = ReadFile(path);
  std::remove(path.c_str());
  return bytes;
}

const char* kRootRels =
    R"(<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>)";

std::string WorkbookRels(bool shared, bool styles) {
  std::string s =
      R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet1.xml"/>)";
  if (shared) {
    s +=
        R"(<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>)";
  }
  if (styles) {
    s +=
        R"(<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>)";
  }
  return s + "</Relationships>";
}

std::string Workbook(bool date1904 = false) {
  return std::string(
             R"(<x:workbook xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">)") +
         (date1904 ? R"(<x:workbookPr date1904="1"/>)" : "") +
         R"(<x:sheets><x:sheet name="S" sheetId="1" r:id="rId1"/></x:sheets></x:workbook>)";
}

std::string SheetXml(const std::string& sheet_data) {
  return R"(<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>)" +
         sheet_data + "</sheetData></worksheet>";
}

// One part of a ZIP, through minizip's reader on a temp file (independent of ReadXlsx).
std::string UnzipPart(const std::string& zip_bytes, const std::string& name) {
  std::string path = ::testing::TempDir() + "sheet_part_" + std::to_string(getpid()) + ".zip";
  std::ofstream(path, std::ios::binary) << zip_bytes;
  std::string out;
  unzFile uf = unzOpen64(path.c_str());
  if (uf && unzLocateFile(uf, name.c_str(), 1) == UNZ_OK && unzOpenCurrentFile(uf) == UNZ_OK) {
    char buf[4096];
    int n;
    while ((n = unzReadCurrentFile(uf, buf, sizeof buf)) > 0)
      out.append(buf, static_cast<size_t>(n));
    unzCloseCurrentFile(uf);
  }
  if (uf) unzClose(uf);
  std::remove(path.c_str());
  return out;
}

// A minimal package with one sheet named "S".
std::string Package(const std::string& sheet_data, const std::string& shared = "",
                    const std::string& styles = "", bool date1904 = false) {
  std::vector<std::pair<std::string, std::string>> parts = {
      {"_rels/.rels", kRootRels},
      {"xl/_rels/workbook.xml.rels", WorkbookRels(!shared.empty(), !styles.empty())},
      {"xl/workbook.xml", Workbook(date1904)},
      {"xl/worksheets/sheet1.xml", SheetXml(sheet_data)}};
  if (!shared.empty()) parts.push_back({"xl/sharedStrings.xml", shared});
  if (!styles.empty()) parts.push_back({"xl/styles.xml", styles});
  return MakeZip(parts);
}

TEST(Sheet, ColumnNames) {
  EXPECT_EQ(ColumnName(0), "A");
  EXPECT_EQ(ColumnName(25), "Z");
  EXPECT_EQ(ColumnName(26), "AA");
  EXPECT_EQ(ColumnName(16383), "XFD");
}

TEST(Sheet, RoundTripKeepsValuesKindsAndOrder) {
  Sheet a{.name = "任务矩阵"};
  a.rows.push_back(
      {Cell::Text("任务"), Cell::Text("状态"), Cell::Text("截止日期"), Cell::Text("金额")});
  a.rows.push_back({Cell::Text("专项整治 \"双十一\"", 0xF56C6C), Cell::Text("逾期", 0xF56C6C),
                    Cell::Date("2024-11-11"), Cell::Number(125000.5)});
  a.rows.push_back(
      {Cell::Text("宣传"), Cell::Empty(0x67C23A), Cell::Date("1900-01-01"), Cell::Number(-3)});
  a.rows.push_back({});  // a gap row stays a gap
  a.rows.push_back({Cell::Bool(true), Cell::Bool(false), Cell::Number(1e20), Cell::Text("<&>")});
  a.column_widths = {30, 10};
  Sheet b{.name = "第二页", .bold_header = false};
  b.rows.push_back({Cell::Empty(), Cell::Text("B1")});

  auto bytes = WriteXlsx({a, b});
  ASSERT_TRUE(bytes) << bytes.error().ToString();
  ASSERT_EQ(bytes->substr(0, 2), "PK");

  auto back = ReadXlsx(*bytes);
  ASSERT_TRUE(back) << back.error().ToString();
  ASSERT_EQ(back->size(), 2u);
  const Sheet& ra = (*back)[0];
  EXPECT_EQ(ra.name, "任务矩阵");
  ASSERT_EQ(ra.rows.size(), 5u);
  EXPECT_EQ(ra.rows[0][2], Cell::Text("截止日期"));
  EXPECT_EQ(ra.rows[1][0], Cell::Text("专项整治 \"双十一\""));  // fills are not read back
  EXPECT_EQ(ra.rows[1][2], Cell::Date("2024-11-11"));
  EXPECT_EQ(ra.rows[1][3], Cell::Number(125000.5));
  EXPECT_EQ(ra.rows[1][3].text, "125000.5");
  ASSERT_EQ(ra.rows[2].size(), 4u);
  EXPECT_EQ(ra.rows[2][1].kind, CellKind::kEmpty);  // a filled blank holds no value
  EXPECT_EQ(ra.rows[2][2], Cell::Date("1900-01-01"));
  EXPECT_EQ(ra.rows[2][3].text, "-3");
  EXPECT_TRUE(ra.rows[3].empty());
  EXPECT_EQ(ra.rows[4][0], Cell::Bool(true));
  EXPECT_EQ(ra.rows[4][1], Cell::Bool(false));
  EXPECT_EQ(ra.rows[4][2].text, "1e+20");
  EXPECT_EQ(ra.rows[4][3].text, "<&>");
  const Sheet& rb = (*back)[1];
  EXPECT_EQ(rb.name, "第二页");
  ASSERT_EQ(rb.rows.size(), 1u);
  ASSERT_EQ(rb.rows[0].size(), 2u);
  EXPECT_EQ(rb.rows[0][0].kind, CellKind::kEmpty);
  EXPECT_EQ(rb.rows[0][1].text, "B1");
}

TEST(Sheet, WriterPutsFillsAndBoldHeaderInTheStyles) {
  Sheet s{.name = "S"};
  s.rows.push_back({Cell::Text("h")});
  s.rows.push_back({Cell::Text("x", 0xF56C6C)});
  auto bytes = WriteXlsx({s});
  ASSERT_TRUE(bytes);
  std::string styles = UnzipPart(*bytes, "xl/styles.xml");
  EXPECT_NE(styles.find("FFF56C6C"), std::string::npos) << styles;
  EXPECT_NE(styles.find("patternType=\"solid\""), std::string::npos);
  EXPECT_NE(styles.find("<b/>"), std::string::npos);
}

TEST(Sheet, WriteRejectsBadInput) {
  EXPECT_EQ(WriteXlsx({}).error().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(WriteXlsx({Sheet{.name = "a/b"}}).error().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(WriteXlsx({Sheet{.name = ""}}).error().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(WriteXlsx({Sheet{.name = std::string(32, 'x')}}).error().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(WriteXlsx({Sheet{.name = "Same"}, Sheet{.name = "same"}}).error().code(),
            StatusCode::kInvalidArgument);
  Sheet bad_date{.name = "S"};
  bad_date.rows.push_back({Cell::Date("2024-02-30")});
  EXPECT_EQ(WriteXlsx({bad_date}).error().code(), StatusCode::kInvalidArgument);
  Sheet bad_number{.name = "S"};
  bad_number.rows.push_back({Cell{CellKind::kNumber, "12abc", std::nullopt}});
  EXPECT_EQ(WriteXlsx({bad_number}).error().code(), StatusCode::kInvalidArgument);
  Sheet too_long{.name = "S"};
  too_long.rows.push_back({Cell::Text(std::string(40000, 'x'))});
  EXPECT_EQ(WriteXlsx({too_long}).error().code(), StatusCode::kInvalidArgument);
}

// A native chart: its XML part names the sheet's ranges; the cells read back unchanged; a chart
// that points outside the sheet, or has no series, is refused.
TEST(Sheet, WritesANativeChartOfTheSheetsCells) {
  Sheet s{.name = "趋势"};
  s.rows.push_back({Cell::Text("月份"), Cell::Text("立案数"), Cell::Text("结案数")});
  for (int m = 1; m <= 3; ++m) {
    s.rows.push_back({Cell::Text("2026-0" + std::to_string(m)), Cell::Number(m * 10), Cell::Number(m)});
  }
  s.charts.push_back({ChartKind::kColumn, "立案与结案", 1, 3, 0, {{"立案数", 1}, {"结案数", 2}}, 5, 0});
  auto bytes = WriteXlsx({s});
  ASSERT_TRUE(bytes) << bytes.error().ToString();
  std::string chart = UnzipPart(*bytes, "xl/charts/chart1.xml");
  EXPECT_NE(chart.find("'趋势'!$B$2:$B$4"), std::string::npos) << chart;
  EXPECT_NE(chart.find("'趋势'!$A$2:$A$4"), std::string::npos);
  EXPECT_NE(chart.find("<c:barChart>"), std::string::npos);
  EXPECT_NE(chart.find("立案与结案"), std::string::npos);
  auto back = ReadXlsx(*bytes);
  ASSERT_TRUE(back);
  EXPECT_EQ((*back)[0].rows[3][1].text, "30");

  Sheet outside = s;
  outside.charts[0].last_row = 9;
  EXPECT_EQ(WriteXlsx({outside}).error().code(), StatusCode::kInvalidArgument);
  Sheet empty = s;
  empty.charts[0].series.clear();
  EXPECT_EQ(WriteXlsx({empty}).error().code(), StatusCode::kInvalidArgument);
}

// A file written by another program (openpyxl 3.0.9: inline strings, custom date formats including
// a zh-CN one, a date-time, a percentage, a formula without a cached value, a sparse second sheet).
TEST(Sheet, ReadsAFileFromOpenpyxl) {
  std::string bytes =
      ReadFile(std::string(IPE_SOURCE_DIR) + "/src/sheet/testdata/openpyxl_cases.xlsx");
  ASSERT_FALSE(bytes.empty());
  auto sheets = ReadXlsx(bytes);
  ASSERT_TRUE(sheets) << sheets.error().ToString();
  ASSERT_EQ(sheets->size(), 2u);
  const Sheet& s = (*sheets)[0];
  EXPECT_EQ(s.name, "案件");
  ASSERT_EQ(s.rows.size(), 5u);
  EXPECT_EQ(s.rows[0][0], Cell::Text("案件名称"));
  EXPECT_EQ(s.rows[0][4], Cell::Text("备注"));
  EXPECT_EQ(s.rows[1][0], Cell::Text("张某销售假冒注册商标的商品案"));
  EXPECT_EQ(s.rows[1][1], Cell::Date("2024-03-15"));
  EXPECT_EQ(s.rows[1][2], Cell::Number(125000.5));
  EXPECT_EQ(s.rows[1][3], Cell::Bool(true));
  EXPECT_EQ(s.rows[1].size(), 4u);                    // E2 is empty
  EXPECT_EQ(s.rows[2][1], Cell::Date("2023-12-31"));  // a date-time keeps its day
  EXPECT_EQ(s.rows[2][2].text, "80000");
  EXPECT_EQ(s.rows[2][3], Cell::Bool(false));
  EXPECT_EQ(s.rows[2][4], Cell::Text("跨区域"));
  EXPECT_TRUE(s.rows[3].empty());
  EXPECT_EQ(s.rows[4][1], Cell::Date("2020-01-02"));  // yyyy"年"m"月"d"日"
  EXPECT_EQ(s.rows[4][2], Cell::Number(0.25));        // 0.00% is not a date
  EXPECT_EQ(s.rows[4].size(), 3u);                    // the formula has no cached value
  const Sheet& s2 = (*sheets)[1];
  ASSERT_EQ(s2.rows.size(), 3u);
  ASSERT_EQ(s2.rows[2].size(), 3u);
  EXPECT_EQ(s2.rows[2][2], Cell::Text("稀疏"));
}

TEST(Sheet, ReadsSharedStringsRichTextAndSkipsPhonetics) {
  std::string shared =
      R"(<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>纯文本</t></si><si><r><t>富</t></r><r><rPr><b/></rPr><t xml:space="preserve">文本 </t></r><rPh sb="0" eb="1"><t>fu</t></rPh></si></sst>)";
  std::string bytes = Package(
      R"(<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="str"><f>A1</f><v>公式结果</v></c><c r="D1" t="e"><v>#N/A</v></c><c r="E1" t="d"><v>2021-06-01T00:00:00</v></c></row>)",
      shared);
  auto sheets = ReadXlsx(bytes);
  ASSERT_TRUE(sheets) << sheets.error().ToString();
  const Row& r = (*sheets)[0].rows.at(0);
  EXPECT_EQ(r.at(0), Cell::Text("纯文本"));
  EXPECT_EQ(r.at(1), Cell::Text("富文本 "));
  EXPECT_EQ(r.at(2), Cell::Text("公式结果"));
  EXPECT_EQ(r.at(3), Cell::Text("#N/A"));
  EXPECT_EQ(r.at(4), Cell::Date("2021-06-01"));
}

TEST(Sheet, DatesFollowTheCellFormatAndTheDateSystem) {
  std::string styles =
      R"(<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts><numFmt numFmtId="170" formatCode="[$-804]yyyy&quot;年&quot;m&quot;月&quot;"/><numFmt numFmtId="171" formatCode="0.00E+00"/><numFmt numFmtId="172" formatCode="[h]:mm"/></numFmts><cellStyleXfs><xf numFmtId="14"/></cellStyleXfs><cellXfs><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="170"/><xf numFmtId="171"/><xf numFmtId="172"/><xf numFmtId="31"/><xf numFmtId="20"/></cellXfs></styleSheet>)";
  std::string data =
      R"(<row r="1"><c r="A1"><v>45366</v></c><c r="B1" s="1"><v>45366</v></c><c r="C1" s="2"><v>45366</v></c><c r="D1" s="3"><v>45366</v></c><c r="E1" s="4"><v>1.5</v></c><c r="F1" s="5"><v>61</v></c><c r="G1" s="6"><v>0.5</v></c><c r="H1" s="1"><v>1</v></c></row>)";
  auto sheets = ReadXlsx(Package(data, "", styles));
  ASSERT_TRUE(sheets) << sheets.error().ToString();
  const Row& r = (*sheets)[0].rows.at(0);
  EXPECT_EQ(r.at(0), Cell::Number(45366));       // no style: a number
  EXPECT_EQ(r.at(1), Cell::Date("2024-03-15"));  // built-in 14
  EXPECT_EQ(r.at(2), Cell::Date("2024-03-15"));  // custom zh-CN date format
  EXPECT_EQ(r.at(3), Cell::Number(45366));       // scientific is not a date
  EXPECT_EQ(r.at(4), Cell::Number(1.5));         // elapsed hours are not a date
  EXPECT_EQ(r.at(5), Cell::Date("1900-03-01"));  // built-in 31 (zh-CN), after the 1900 leap bug
  EXPECT_EQ(r.at(6), Cell::Number(0.5));         // built-in 20 is a time of day
  EXPECT_EQ(r.at(7), Cell::Date("1900-01-01"));

  auto mac = ReadXlsx(Package(R"(<row><c s="1"><v>0</v></c></row>)", "", styles, true));
  ASSERT_TRUE(mac) << mac.error().ToString();
  EXPECT_EQ((*mac)[0].rows.at(0).at(0), Cell::Date("1904-01-01"));
}

TEST(Sheet, CellsWithoutReferencesFollowOnePerColumn) {
  auto sheets = ReadXlsx(Package(
      R"(<row><c t="inlineStr"><is><t>a</t></is></c><c><v>2</v></c></row><row><c r="C2"><v>3</v></c><c><v>4</v></c></row>)"));
  ASSERT_TRUE(sheets) << sheets.error().ToString();
  const auto& rows = (*sheets)[0].rows;
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0][0].text, "a");
  EXPECT_EQ(rows[0][1].text, "2");
  ASSERT_EQ(rows[1].size(), 4u);
  EXPECT_EQ(rows[1][2].text, "3");
  EXPECT_EQ(rows[1][3].text, "4");
}

void ExpectInvalid(std::string_view bytes, const ReadLimits& limits = {}) {
  auto r = ReadXlsx(bytes, limits);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), StatusCode::kInvalidArgument) << r.error().ToString();
  EXPECT_FALSE(r.error().message().empty());
}

TEST(Sheet, RejectsWhatIsNotAWorkbook) {
  ExpectInvalid("");
  ExpectInvalid("案件名称,立案日期\n张某,2024-01-01\n");  // a CSV
  ExpectInvalid(std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) +
                std::string(600, '\0'));  // .xls
  ExpectInvalid("PK\x03\x04 this is not really a zip");
  ExpectInvalid(MakeZip({{"hello.txt", "hi"}}));         // a zip, no workbook
  ExpectInvalid(MakeZip({{"_rels/.rels", kRootRels}}));  // rels point nowhere
  ExpectInvalid(Package("<row><c><v>1</v></row>"));      // not well-formed
  ExpectInvalid(Package(R"(<row r="0"><c><v>1</v></c></row>)"));
  ExpectInvalid(Package(R"(<row><c r="1A"><v>1</v></c></row>)"));
  ExpectInvalid(Package(R"(<row><c t="s"><v>7</v></c></row>)"));  // no shared string 7
  // Truncated archive: the central directory is cut off.
  std::string good = Package(R"(<row><c><v>1</v></c></row>)");
  ExpectInvalid(std::string_view(good).substr(0, good.size() / 2));
}

TEST(Sheet, RejectsADtd) {
  std::string laughs =
      R"(<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row><c t="inlineStr"><is><t>&lol2;</t></is></c></row></sheetData></worksheet>)";
  std::string bytes = MakeZip({{"_rels/.rels", kRootRels},
                               {"xl/_rels/workbook.xml.rels", WorkbookRels(false, false)},
                               {"xl/workbook.xml", Workbook()},
                               {"xl/worksheets/sheet1.xml", laughs}});
  ExpectInvalid(bytes);
}

TEST(Sheet, StopsAZipBombAtTheCap) {
  // 8 MiB of one repeated row compresses to a few KiB; with a 1 MiB cap it must stop early.
  std::string row = R"(<row><c><v>1</v></c></row>)";
  std::string data;
  while (data.size() < (8u << 20)) data += row;
  std::string bytes = Package(data);
  EXPECT_LT(bytes.size(), 200u * 1024);
  ExpectInvalid(bytes, ReadLimits{.max_uncompressed_bytes = 1u << 20});
}

TEST(Sheet, EnforcesRowColumnAndCellLimits) {
  ExpectInvalid(Package(R"(<row r="100001"><c><v>1</v></c></row>)"));
  ExpectInvalid(Package(R"(<row><c r="XFD1"><v>1</v></c></row>)"));  // column 16384 > 1024
  ExpectInvalid(Package(R"(<row><c r="E1"><v>1</v></c></row>)"), ReadLimits{.max_columns = 4});
  ExpectInvalid(Package(R"(<row><c r="J1"><v>1</v></c></row><row><c r="J2"><v>1</v></c></row>)"),
                ReadLimits{.max_cells = 15});
  // Formatted blank cells beyond the limits hold no value and are no error.
  auto blanks = ReadXlsx(Package(
      R"(<row r="1"><c r="A1"><v>1</v></c><c r="XFD1" s="1"/></row><row r="1048576"><c r="A1048576" s="1"/></row>)"));
  ASSERT_TRUE(blanks) << blanks.error().ToString();
  EXPECT_EQ((*blanks)[0].rows.size(), 1u);
  auto ok = ReadXlsx(Package(R"(<row r="100000"><c r="AMJ100000"><v>1</v></c></row>)"));
  ASSERT_TRUE(ok) << ok.error().ToString();  // the last row and column inside the limits
  EXPECT_EQ((*ok)[0].rows.size(), 100000u);
}

}  // namespace
}  // namespace ipe::sheet
