#pragma once
// Spreadsheets (.xlsx) in and out: exports (the work-plan matrix coloured by status, case lists)
// and imports (case and lead templates filled in Excel or WPS). Writing goes through libxlsxwriter,
// reading through minizip (the ZIP container) and expat (the XML parts, streamed). No other I/O
// than a private temp file while writing (libxlsxwriter 1.1.4 cannot write to memory).
//
//   sheet::Sheet s{.name = "任务矩阵"};
//   s.rows.push_back({sheet::Cell::Text("任务"), sheet::Cell::Text("状态")});   // bold header row
//   s.rows.push_back({sheet::Cell::Text("专项整治"), sheet::Cell::Text("逾期", 0xF56C6C)});
//   auto bytes = sheet::WriteXlsx({s});            // core::Result<std::string>
//
//   auto sheets = sheet::ReadXlsx(upload);         // InvalidArgument for anything not a workbook
//   for (const sheet::Row& row : (*sheets)[0].rows) Use(row[0].text);

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace ipe::sheet {

/// What a cell holds. `text` always carries the value in a canonical form, so a reader that only
/// wants strings (an import template) can ignore the kind.
enum class CellKind {
  kEmpty,   // no value (written as a blank cell when it has a fill)
  kText,    // a string
  kNumber,  // text is the number as written: "12", "-3.5", "1e+20" (shortest round-trip form)
  kBool,    // text is "TRUE" or "FALSE"
  kDate,    // text is an ISO date "YYYY-MM-DD" (a serial number with a date format in the file)
};

/// Background colour as 0xRRGGBB.
using Rgb = uint32_t;

struct Cell {
  CellKind kind = CellKind::kEmpty;
  std::string text;
  std::optional<Rgb> fill;  // solid background; none = the sheet's default

  static Cell Empty(std::optional<Rgb> fill = std::nullopt) { return {CellKind::kEmpty, "", fill}; }
  static Cell Text(std::string s, std::optional<Rgb> fill = std::nullopt) {
    return {CellKind::kText, std::move(s), fill};
  }
  /// The shortest text that reads back as the same double.
  static Cell Number(double v, std::optional<Rgb> fill = std::nullopt);
  static Cell Bool(bool v, std::optional<Rgb> fill = std::nullopt) {
    return {CellKind::kBool, v ? "TRUE" : "FALSE", fill};
  }
  /// `iso` is "YYYY-MM-DD"; WriteXlsx rejects anything else.
  static Cell Date(std::string iso, std::optional<Rgb> fill = std::nullopt) {
    return {CellKind::kDate, std::move(iso), fill};
  }

  bool operator==(const Cell&) const = default;
};

using Row = std::vector<Cell>;

/// A native chart of the sheet's own cells (Excel and WPS draw it and redraw it when the data
/// changes). Rows and columns are 0-based indexes into `Sheet::rows`.
enum class ChartKind { kColumn, kLine };
struct ChartSeries {
  std::string name;       // the legend text
  int64_t column = 0;     // the values' column
};
struct Chart {
  ChartKind kind = ChartKind::kColumn;
  std::string title;
  int64_t first_row = 1;  // the data rows (categories and values), inclusive
  int64_t last_row = 1;
  int64_t category_column = 0;
  std::vector<ChartSeries> series;
  int64_t anchor_row = 0;  // where the chart's top-left corner sits
  int64_t anchor_column = 0;
};

struct Sheet {
  /// 1–31 characters, none of []:*?/\ (Excel's rule); unique within a workbook (case-insensitive).
  std::string name = "Sheet1";
  /// Dense rows: rows[0] is spreadsheet row 1, row[0] is column A. ReadXlsx keeps gaps as empty
  /// rows/cells so that an index still names the row a user sees; trailing empty cells are dropped.
  std::vector<Row> rows = {};
  /// Write only: the first row in bold, frozen while scrolling.
  bool bold_header = true;
  /// Write only: column widths in characters (column A first); missing = Excel's default.
  std::vector<double> column_widths = {};
  /// Write only: charts drawn from the sheet's cells.
  std::vector<Chart> charts = {};
};

/// The .xlsx bytes of a workbook with `sheets` in order.
/// InvalidArgument: no sheets, a bad or duplicate sheet name, a kDate cell whose text is not a
/// valid "YYYY-MM-DD", a kNumber cell whose text is not a finite number, a string over 32,767
/// characters, more than 1,048,576 rows or 16,384 columns, a chart without series or with rows or
/// columns outside the sheet. Internal: the temp file could not be written or read.
core::Result<std::string> WriteXlsx(const std::vector<Sheet>& sheets);

/// Bounds on what ReadXlsx accepts, so that a hostile upload costs bounded memory and time. Rows,
/// columns and cells count cells that hold a value: formatted blanks (a styled column) are free.
struct ReadLimits {
  uint64_t max_uncompressed_bytes = 64ull << 20;  // all parts read, counted as they inflate
  int64_t max_rows = 100'000;                     // highest row number with a value
  int64_t max_columns = 1'024;                    // highest column with a value (Excel: 16,384)
  int64_t max_cells = 4'000'000;                  // dense cells over all sheets
};

/// The worksheets of `bytes` in workbook order, with values and kinds (fills are not read: kEmpty
/// cells carry no fill). Shared strings, inline strings, formula results (cached values), numbers,
/// booleans, errors ("#N/A" as text) and ISO dates (t="d") are read; a number whose cell format is
/// a date format (built-in or custom, 1900 or 1904 date system) becomes a kDate "YYYY-MM-DD". Chart
/// sheets and dialog sheets are skipped. InvalidArgument (message in zh-CN, naming the part): not a
/// ZIP archive, no workbook part, a part that is not well-formed XML or declares a DTD, an
/// encrypted or corrupt entry, or any limit of `limits` exceeded.
core::Result<std::vector<Sheet>> ReadXlsx(std::string_view bytes, const ReadLimits& limits = {});

/// "A" for 0, "Z" for 25, "AA" for 26 … (column letters as a spreadsheet shows them).
std::string ColumnName(int64_t column_index);

}  // namespace ipe::sheet
