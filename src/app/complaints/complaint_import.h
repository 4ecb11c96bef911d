#pragma once
// 批量导入: the officers' batch channel for complaints and reports — a CSV (UTF-8) or XLSX file in
// the template's columns, parsed and checked row by row so that one answer lists every problem as
// "rows[N].column" in the file's own row numbers (CSV line, spreadsheet row), as the case import
// does. ImportComplaints (complaints.h) then writes every new row or none; a row whose
// (channel import, external_id) is already stored is skipped (the feeds' idempotency).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/context.h"
#include "app/principal.h"
#include "complaints/complaints.h"
#include "core/status.h"

namespace ipe::app {

struct ComplaintFileRow {
  complaints::Intake intake;  // channel "import"
  std::string external_id;    // 来源编号, required
  std::optional<int64_t> fair_id;
  int64_t line = 0;           // as the file shows it
};
struct ComplaintFile {
  std::vector<ComplaintFileRow> rows;
  std::string format;  // "csv" or "xlsx"
};

/// Parses a file of at most `max_rows` data rows. InvalidArgument with field errors ("file",
/// "header", "rows[N].column") when anything is wrong: header, codes, dates, flags, external ids
/// repeated in the file, and what Order 20 requires of each row (complaints::ValidateIntake).
core::Result<ComplaintFile> ParseComplaintFile(std::string_view bytes, size_t max_rows);

/// A field of the intake model as the template's column: "persons[0].phone" → "complainant_phone".
std::string ComplaintImportColumn(const std::string& field);

struct ComplaintImportResult {
  struct Item {
    int64_t line = 0;
    std::string receipt_no;
    std::string query_code;  // "" for a row already imported
    bool created = false;
  };
  std::vector<Item> items;
  int64_t imported = 0;
  int64_t existing = 0;  // rows whose external_id was already imported (skipped)
};
/// Writes the file's rows in one transaction (complaint.intake): each new row is one record with
/// its routing, clock, matter, events and audit record, exactly as SubmitComplaint; a row already
/// imported is skipped. InvalidArgument listing every bad row ("rows[N].column", the text limits
/// and region checks of the intake, an unknown fair, an external id another agency imported) and
/// nothing written.
core::Result<ComplaintImportResult> ImportComplaints(Context& ctx, const Principal& who,
                                                     const ComplaintFile& file);

std::string ComplaintImportTemplateCsv();
core::Result<std::string> ComplaintImportTemplateXlsx();

}  // namespace ipe::app
