#include "core/data_table.h"

#include <gtest/gtest.h>

#include "core/sections.h"

namespace ipe::core {
namespace {

TEST(DataTableTest, ReadsTheHeaderLinesAndGivesEveryOtherLineWithItsNumber) {
  DataTableHeader header;
  std::vector<std::pair<int, std::vector<std::string>>> rows;
  Status st = ReadDataTable("# a comment\nsource\t国家统计局\tC\n\nversion\t2025\n01\t化学品\tChemicals\n02\t颜料\t",
                            &header, [&](int line, std::vector<std::string> cols) {
                              rows.emplace_back(line, std::move(cols));
                              return Status();
                            });
  ASSERT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ(header.source, "国家统计局");
  EXPECT_EQ(header.confidence, "C");
  EXPECT_EQ(header.version, "2025");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].first, 5);
  EXPECT_EQ(rows[0].second, (std::vector<std::string>{"01", "化学品", "Chemicals"}));
  EXPECT_EQ(rows[1].first, 6);
  EXPECT_EQ(rows[1].second, (std::vector<std::string>{"02", "颜料", ""}));  // an empty last cell is kept
}

TEST(DataTableTest, StopsAtTheFirstRowTheCallerRefuses) {
  DataTableHeader header;
  int seen = 0;
  Status st = ReadDataTable("a\nsource\tx\tS\nb\nc\n", &header, [&](int line, std::vector<std::string> cols) {
    ++seen;
    return cols[0] == "b" ? SectionError("t.tsv", line, "bad row") : Status();
  });
  EXPECT_FALSE(st.ok());
  EXPECT_NE(st.message().find("t.tsv:3"), std::string::npos) << st.message();
  EXPECT_EQ(seen, 2);  // "c" is never read
  EXPECT_EQ(header.source, "x");
  // A "source" line with the wrong number of cells is a row, for the caller to refuse.
  std::vector<std::string> first;
  ASSERT_TRUE(ReadDataTable("source\tonly two\n", &header, [&](int, std::vector<std::string> cols) {
                first = cols;
                return Status();
              }).ok());
  EXPECT_EQ(first, (std::vector<std::string>{"source", "only two"}));
}

}  // namespace
}  // namespace ipe::core
