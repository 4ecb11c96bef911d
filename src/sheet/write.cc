// WriteXlsx through libxlsxwriter. Debian 12 ships libxlsxwriter 1.1.4, which can only write to a
// file (the memory-buffer output came in 1.1.5), so the workbook goes to a private mkstemp file in
// $TMPDIR that is read back and removed before returning.
#include <unistd.h>
#include <xlsxwriter.h>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <tuple>

#include "core/time.h"
#include "sheet/sheet.h"

namespace ipe::sheet {
namespace {

// Removes the temp file however WriteXlsx leaves.
class TempFile {
 public:
  TempFile() {
    const char* dir = std::getenv("TMPDIR");
    path_ = std::string(dir && *dir ? dir : "/tmp") + "/ipe-xlsx-XXXXXX";
    int fd = mkstemp(path_.data());
    if (fd < 0) {
      path_.clear();
      return;
    }
    close(fd);
  }
  ~TempFile() {
    if (!path_.empty()) std::remove(path_.c_str());
  }
  TempFile(const TempFile&) = delete;  // owns the file on disk
  TempFile& operator=(const TempFile&) = delete;

  bool ok() const { return !path_.empty(); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Closes (and so frees) a workbook that was not closed on the success path.
struct WorkbookGuard {
  lxw_workbook* wb = nullptr;
  ~WorkbookGuard() {
    if (wb) workbook_close(wb);
  }
};

struct FormatKey {
  bool bold = false;
  bool date = false;
  std::optional<Rgb> fill;
  auto operator<=>(const FormatKey&) const = default;
};

core::Status LxwError(lxw_error e, const std::string& where) {
  const char* why = nullptr;
  switch (e) {
    case LXW_ERROR_SHEETNAME_LENGTH_EXCEEDED:
      why = "工作表名超过 31 个字符";
      break;
    case LXW_ERROR_INVALID_SHEETNAME_CHARACTER:
      why = "工作表名不能含 [ ] : * ? / \\";
      break;
    case LXW_ERROR_SHEETNAME_START_END_APOSTROPHE:
      why = "工作表名不能以单引号开头或结尾";
      break;
    case LXW_ERROR_SHEETNAME_ALREADY_USED:
      why = "工作表名重复（不区分大小写）";
      break;
    case LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED:
      why = "文本超过 Excel 单元格 32767 个字符的上限";
      break;
    default:
      break;
  }
  return core::InvalidArgument(where + ": " + (why ? why : lxw_strerror(e)));
}

std::string Where(const Sheet& s, size_t row, size_t col) {
  return "工作表「" + s.name + "」" + ColumnName(static_cast<int64_t>(col)) +
         std::to_string(row + 1);
}

// Excel's serial day number of an ISO date (1900 date system, with its fictitious 1900-02-29).
core::Result<double> SerialOf(const std::string& iso) {
  auto d = core::ParseDate(iso);
  if (!d || d->Year() < 1900 || d->Year() > 9999) {
    return core::InvalidArgument("日期应为 1900-01-01 之后的 YYYY-MM-DD: " + iso);
  }
  int64_t serial = d->days - core::Date::FromCivil(1899, 12, 30).days;
  if (serial < 61) serial -= 1;  // before 1900-03-01 Excel counts from 1899-12-31
  return static_cast<double>(serial);
}

}  // namespace

Cell Cell::Number(double v, std::optional<Rgb> fill) {
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, v);
  return {CellKind::kNumber, std::string(buf, res.ptr), fill};
}

std::string ColumnName(int64_t column_index) {
  std::string name;
  for (int64_t n = column_index + 1; n > 0; n = (n - 1) / 26) {
    name.insert(name.begin(), static_cast<char>('A' + (n - 1) % 26));
  }
  return name;
}

namespace {

// A chart's series refer to the sheet by name: 'name'!$B$2:$B$13 (quotes doubled inside).
core::Status AddChart(lxw_workbook* wb, lxw_worksheet* ws, const Sheet& s, const Chart& chart, size_t index) {
  const std::string where = "sheet \"" + s.name + "\" chart " + std::to_string(index + 1);
  const int64_t rows = static_cast<int64_t>(s.rows.size());
  auto column_ok = [](int64_t c) { return c >= 0 && c < LXW_COL_MAX; };
  if (chart.series.empty()) return core::InvalidArgument(where + ": no series");
  if (chart.first_row < 0 || chart.last_row < chart.first_row || chart.last_row >= rows ||
      !column_ok(chart.category_column) || chart.anchor_row < 0 || !column_ok(chart.anchor_column)) {
    return core::InvalidArgument(where + ": rows or columns outside the sheet");
  }
  std::string quoted = "'";
  for (char ch : s.name) quoted += ch == '\'' ? std::string("''") : std::string(1, ch);
  quoted += "'!";
  auto range = [&](int64_t column) {
    std::string c = ColumnName(column);
    return quoted + "$" + c + "$" + std::to_string(chart.first_row + 1) + ":$" + c + "$" +
           std::to_string(chart.last_row + 1);
  };
  lxw_chart* c = workbook_add_chart(wb, chart.kind == ChartKind::kLine ? LXW_CHART_LINE : LXW_CHART_COLUMN);
  if (!c) return core::Internal(where + ": libxlsxwriter could not add the chart");
  for (const ChartSeries& series : chart.series) {
    if (!column_ok(series.column)) return core::InvalidArgument(where + ": a series outside the sheet");
    lxw_chart_series* cs = chart_add_series(c, range(chart.category_column).c_str(), range(series.column).c_str());
    if (!cs) return core::Internal(where + ": libxlsxwriter could not add a series");
    chart_series_set_name(cs, series.name.c_str());
  }
  if (!chart.title.empty()) chart_title_set_name(c, chart.title.c_str());
  chart_legend_set_position(c, LXW_CHART_LEGEND_BOTTOM);
  lxw_error e = worksheet_insert_chart(ws, static_cast<lxw_row_t>(chart.anchor_row),
                                       static_cast<lxw_col_t>(chart.anchor_column), c);
  return e == LXW_NO_ERROR ? core::Status::Ok() : LxwError(e, where);
}

}  // namespace

core::Result<std::string> WriteXlsx(const std::vector<Sheet>& sheets) {
  if (sheets.empty()) return core::InvalidArgument("工作簿至少需要一个工作表");
  TempFile tmp;
  if (!tmp.ok()) return core::Internal("cannot create a temp file for the workbook");

  lxw_workbook_options options{};
  options.constant_memory = LXW_FALSE;
  options.use_zip64 = LXW_FALSE;
  WorkbookGuard guard{workbook_new_opt(tmp.path().c_str(), &options)};
  if (!guard.wb) return core::Internal("libxlsxwriter could not start a workbook");

  std::map<FormatKey, lxw_format*> formats;  // owned by the workbook
  auto format_for = [&](FormatKey key) -> lxw_format* {
    if (!key.bold && !key.date && !key.fill) return nullptr;
    auto it = formats.find(key);
    if (it != formats.end()) return it->second;
    lxw_format* f = workbook_add_format(guard.wb);
    if (key.bold) format_set_bold(f);
    if (key.date) format_set_num_format(f, "yyyy-mm-dd");
    if (key.fill) {
      format_set_pattern(f, LXW_PATTERN_SOLID);
      format_set_bg_color(f, *key.fill & 0xFFFFFF);
    }
    formats.emplace(key, f);
    return f;
  };

  for (const Sheet& s : sheets) {
    if (s.name.empty()) return core::InvalidArgument("工作表名不能为空");
    lxw_error e = workbook_validate_sheet_name(guard.wb, s.name.c_str());
    if (e != LXW_NO_ERROR) return LxwError(e, "工作表名「" + s.name + "」");
    lxw_worksheet* ws = workbook_add_worksheet(guard.wb, s.name.c_str());
    if (!ws) return core::InvalidArgument("工作表名「" + s.name + "」不可用");
    if (s.rows.size() > LXW_ROW_MAX) return core::InvalidArgument("行数超过 1048576");

    for (size_t c = 0; c < s.column_widths.size() && c < LXW_COL_MAX; ++c) {
      if (s.column_widths[c] > 0) {
        worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c),
                             s.column_widths[c], nullptr);
      }
    }
    if (s.bold_header && !s.rows.empty()) worksheet_freeze_panes(ws, 1, 0);

    for (size_t r = 0; r < s.rows.size(); ++r) {
      const Row& row = s.rows[r];
      if (row.size() > LXW_COL_MAX)
        return core::InvalidArgument("列数超过 16384: " + Where(s, r, 0));
      for (size_t c = 0; c < row.size(); ++c) {
        const Cell& cell = row[c];
        const auto rr = static_cast<lxw_row_t>(r);
        const auto cc = static_cast<lxw_col_t>(c);
        FormatKey key{.bold = s.bold_header && r == 0,
                      .date = cell.kind == CellKind::kDate,
                      .fill = cell.fill};
        lxw_format* f = format_for(key);
        switch (cell.kind) {
          case CellKind::kEmpty:
            e = f ? worksheet_write_blank(ws, rr, cc, f) : LXW_NO_ERROR;
            break;
          case CellKind::kText:
            e = cell.text.empty() ? worksheet_write_blank(ws, rr, cc, f)
                                  : worksheet_write_string(ws, rr, cc, cell.text.c_str(), f);
            break;
          case CellKind::kNumber: {
            double v = 0;
            const char* end = cell.text.data() + cell.text.size();
            auto res = std::from_chars(cell.text.data(), end, v);
            if (res.ec != std::errc() || res.ptr != end || !std::isfinite(v)) {
              return core::InvalidArgument(Where(s, r, c) + " 不是数字: " + cell.text);
            }
            e = worksheet_write_number(ws, rr, cc, v, f);
            break;
          }
          case CellKind::kBool:
            e = worksheet_write_boolean(ws, rr, cc, cell.text == "TRUE" ? 1 : 0, f);
            break;
          case CellKind::kDate: {
            auto serial = SerialOf(cell.text);
            if (!serial)
              return core::InvalidArgument(Where(s, r, c) + " " + serial.error().message());
            e = worksheet_write_number(ws, rr, cc, *serial, f);
            break;
          }
        }
        if (e != LXW_NO_ERROR) return LxwError(e, Where(s, r, c));
      }
    }
    for (size_t i = 0; i < s.charts.size(); ++i) {
      IPE_RETURN_IF_ERROR(AddChart(guard.wb, ws, s, s.charts[i], i));
    }
  }

  lxw_workbook* wb = guard.wb;
  guard.wb = nullptr;
  lxw_error closed = workbook_close(wb);
  if (closed != LXW_NO_ERROR) {
    return core::Internal(std::string("libxlsxwriter could not write the workbook: ") +
                          lxw_strerror(closed));
  }
  std::ifstream in(tmp.path(), std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (!in.good() && !in.eof()) return core::Internal("cannot read back the workbook temp file");
  return bytes.str();
}

}  // namespace ipe::sheet
