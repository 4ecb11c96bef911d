#pragma once
// 统计 use cases (issue 18): the indicator set, a figure in the viewer's scope read from the
// rollups, the records behind a figure, its export, and the full recomputation (an admin
// command). Scope is the case list's: the viewer's region subtree, and the own agency unless a
// supervisory role (permissions.h SeesWholeRegion) — a provincial officer's national figure is
// the province's. docs/statistics.md.
//
//   FigureQuery q;
//   q.request = {"transfer_rate", "2025-01", "2025-12", "province", {}};
//   IPE_ASSIGN_OR_RETURN(Figure f, QueryFigure(ctx, who, q));
//   f.rows[0].label   // "广东省"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "app/context.h"
#include "app/principal.h"
#include "app/statistics/statistics_store.h"
#include "core/status.h"
#include "statistics/indicators.h"

namespace ipe::app {

/// PermissionDenied without statistics.read.
core::Result<const statistics::IndicatorSet*> ListIndicators(const Principal& who);

/// The zh-CN name of a dimension value ("trademark" → "商标侵权", "440000" → "广东省"); agency ids
/// are named by the caller (AgencyNames). The code itself when no table knows it.
std::string DimensionValueLabel(const std::string& dimension, const std::string& code);

/// The values a dimension may be filtered by, with names, when a code table lists them (empty
/// for region, agency and free values such as platforms' own codes).
std::vector<std::pair<std::string, std::string>> DimensionValues(const std::string& dimension);

struct FigureQuery {
  statistics::FigureRequest request;
  std::optional<std::string> region;  // a subtree inside the viewer's scope
  std::optional<int64_t> agency_id;   // supervisory viewers only (others see their own agency)
  bool from_records = false;          // compute from the base tables (benchmark, checks)
};

struct LabelledRow {
  statistics::FigureRow row;
  std::string label;
};

struct Figure {
  statistics::FigurePlan plan;
  StatScope scope;
  std::string scope_label;  // "全国", "广东省", "广东省 · 深圳市市场监督管理局"
  std::vector<LabelledRow> rows;
  statistics::FigureRow total;
};

/// A figure in the viewer's scope. InvalidArgument (field errors) for a bad query or region;
/// PermissionDenied without statistics.read, for a region outside the viewer's scope, or another
/// agency asked by a viewer who works only their own.
core::Result<Figure> QueryFigure(Context& ctx, const Principal& who, const FigureQuery& query);

/// The records behind a figure (a rate: its numerator's, or with `denominator` its
/// denominator's), in the same scope; `group_key` keeps one row of a grouped figure (a quarter
/// or a year is not a key: group by month to drill into one). Errors as QueryFigure's.
core::Result<Page<StatRecord>> FigureRecords(Context& ctx, const Principal& who,
                                             const FigureQuery& query,
                                             const std::optional<std::string>& group_key,
                                             bool denominator, const PageRequest& page);

/// A figure as a workbook or CSV for download, audited as "export.statistics". `format` is
/// "csv" or "xlsx" (InvalidArgument otherwise).
struct FigureExport {
  std::string body;
  std::string content_type;
  std::string filename;
};
core::Result<FigureExport> ExportFigure(Context& ctx, const Principal& who, const FigureQuery& query,
                                        const std::string& format);

/// A table as a download: CSV (a BOM, the note line, the header, the lines) or XLSX (one sheet:
/// the bold header, the lines — cells of the number columns written as numbers when not empty —
/// then the note below). Shared by the figure export and the 平安建设 assessment's.
struct TableFile {
  std::string base_name;   // the file name without extension
  std::string sheet_name;
  std::string note;
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> lines;
  size_t first_number_column = SIZE_MAX;  // this column and those after it hold numbers …
  std::set<size_t> number_columns;        // … and these
  std::vector<double> column_widths;
};
/// `format` "csv" or anything else for XLSX (the caller has checked it). Errors: WriteXlsx's.
core::Result<FigureExport> WriteTableFile(const TableFile& table, const std::string& format);

/// Recomputes every rollup cell from the records (`ipenforce stats rebuild`), audited as
/// "statistics.rebuild". Returns the number of cells. PermissionDenied but for admins and the
/// system principal.
core::Result<CellDifferences> RebuildStatistics(Context& ctx, const Principal& who);

}  // namespace ipe::app
