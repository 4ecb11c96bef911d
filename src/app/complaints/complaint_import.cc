// 批量导入 of complaints and reports: parsing, per-row checks, templates (complaint_import.h).
#include "app/complaints/complaint_import.h"

#include <map>
#include <set>

#include "app/internal/table_file.h"
#include "sheet/sheet.h"

namespace ipe::app {
namespace {

namespace cpl = ipe::complaints;

using internal::ImportColumn;
constexpr ImportColumn kColumns[] = {
    {"external_id", "来源编号", true, "来源系统或台账中的编号，同一编号只导入一次"},
    {"kind", "类型", true, "投诉 或 举报（complaint / report）"},
    {"subject", "事项", true, "名称或代码，见“代码表”"},
    {"anonymous", "匿名举报", false, "是/否（仅举报）"},
    {"complainant_name", "投诉人（举报人）姓名", false, "投诉必填；实名举报必填"},
    {"complainant_phone", "联系电话", false, "投诉必填；实名举报必填"},
    {"complainant_address", "联系地址", false, "投诉必填"},
    {"respondent_name", "被投诉（举报）人", true, ""},
    {"respondent_address", "被投诉人地址", false, "投诉必填"},
    {"respondent_region", "所在地区划代码", true, "6 位行政区划代码"},
    {"respondent_shop", "网店", false, "平台:店铺，如 淘宝:店铺ID"},
    {"respondent_phone", "被投诉人电话", false, ""},
    {"product", "商品或服务", false, ""},
    {"request", "投诉请求", false, "投诉必填"},
    {"facts", "事实与理由", true, "举报须有具体线索"},
    {"harm_known_on", "知道权益受损之日", false, "YYYY-MM-DD 或 Excel 日期（投诉）"},
    {"fair_id", "展会编号", false, "在展会现场发生的，填展会维权页的编号"},
};
constexpr const char* kExample[] = {
    "12315-2025-000123", "投诉", "consumer_rights", "否", "王小明", "13812345679",
    "上海市徐汇区漕溪北路1号", "上海某某商贸有限公司", "上海市浦东新区张江路88号", "310115", "",
    "", "运动鞋", "退货退款", "购买的运动鞋开胶，商家拒绝退货。", "2025-03-01", ""};
static_assert(std::size(kExample) == std::size(kColumns));

}  // namespace

std::string ComplaintImportColumn(const std::string& field) {
  static const std::pair<std::string_view, std::string_view> kMap[] = {
      {"persons[0].name", "complainant_name"},     {"persons[0].phone", "complainant_phone"},
      {"persons[0].address", "complainant_address"}, {"persons", "complainant_name"},
      {"channel", "external_id"},
  };
  for (const auto& [from, to] : kMap) {
    if (field == from) return std::string(to);
  }
  return field;
}

std::string ComplaintImportTemplateCsv() {
  std::vector<std::string> header, example;
  for (size_t i = 0; i < std::size(kColumns); ++i) {
    header.push_back(kColumns[i].key);
    example.push_back(kExample[i]);
  }
  return core::CsvLine(header) + core::CsvLine(example);
}

core::Result<std::string> ComplaintImportTemplateXlsx() {
  constexpr sheet::Rgb kRequired = 0xFDE2E2;
  sheet::Sheet data{.name = "投诉举报"};
  sheet::Row labels, example;
  for (size_t i = 0; i < std::size(kColumns); ++i) {
    const ImportColumn& c = kColumns[i];
    labels.push_back(sheet::Cell::Text(c.label_zh, c.required ? std::optional<sheet::Rgb>(kRequired)
                                                              : std::nullopt));
    std::string_view v = kExample[i];
    if (v.empty()) example.push_back(sheet::Cell::Empty());
    else if (std::string_view(c.key) == "harm_known_on") example.push_back(sheet::Cell::Date(std::string(v)));
    else example.push_back(sheet::Cell::Text(std::string(v)));
    data.column_widths.push_back(std::string_view(c.key) == "facts" ? 40 : 18);
  }
  data.rows = {labels, example};
  sheet::Sheet help = internal::ImportHelpSheet(
      kColumns,
      "只导入第一个工作表；第一行为列名（中文列名或字段名均可）。任一行有误则整个文件不导入，"
      "错误按行号和列名列出；来源编号已导入过的行跳过，不重复登记。");
  sheet::Sheet codes{.name = "代码表"};
  codes.rows.push_back({sheet::Cell::Text("列"), sheet::Cell::Text("代码"), sheet::Cell::Text("含义")});
  for (const auto& s : cpl::Subjects()) {
    codes.rows.push_back({sheet::Cell::Text("subject"), sheet::Cell::Text(s.code), sheet::Cell::Text(s.label)});
  }
  codes.column_widths = {12, 28, 30};
  return sheet::WriteXlsx({data, help, codes});
}

core::Result<ComplaintFile> ParseComplaintFile(std::string_view bytes, size_t max_rows) {
  IPE_ASSIGN_OR_RETURN(auto table, internal::ReadTableFile(bytes, max_rows));
  const auto& rows = table.rows;
  core::Status st = core::InvalidArgument("导入文件有误，未导入任何投诉举报 (nothing imported)");
  std::map<std::string, size_t> col;
  bool bad = false;
  if (!internal::ReadImportHeader(rows, max_rows, kColumns, col, st)) return st;
  ComplaintFile out;
  out.format = table.format;
  std::set<std::string> external_ids;
  for (size_t r = 1; r < rows.size(); ++r) {
    const auto& cells = rows[r].cells;
    std::string where = "rows[" + std::to_string(rows[r].line) + "].";
    auto cell = [&](const char* key) { return internal::ImportCell(col, cells, key); };
    if (internal::BlankImportRow(cells)) continue;
    auto error = [&](const std::string& column, const std::string& message) {
      st.AddFieldError(where + column, message);
      bad = true;
    };
    ComplaintFileRow row;
    row.line = rows[r].line;
    cpl::Intake& in = row.intake;
    in.channel = "import";
    row.external_id = cell("external_id");
    if (row.external_id.empty()) error("external_id", "必填");
    else if (row.external_id.size() > 100) error("external_id", "过长（最多 100 字节）");
    else if (!external_ids.insert(row.external_id).second) error("external_id", "文件内来源编号重复");
    std::string kind = cell("kind");
    if (kind == "投诉" || kind == "complaint") in.kind = cpl::Kind::kComplaint;
    else if (kind == "举报" || kind == "report") in.kind = cpl::Kind::kReport;
    else error("kind", "应为 投诉 或 举报");
    std::string subject = cell("subject");
    in.subject = subject;
    for (const auto& s : cpl::Subjects()) {
      if (subject == s.label) in.subject = s.code;
    }
    std::string anonymous = cell("anonymous");
    if (anonymous == "是" || anonymous == "yes" || anonymous == "1" || anonymous == "true") {
      in.anonymous = true;
    } else if (!anonymous.empty() && anonymous != "否" && anonymous != "no" && anonymous != "0" &&
               anonymous != "false") {
      error("anonymous", "应为 是 或 否");
    }
    cpl::Person person{"complainant", cell("complainant_name"), cell("complainant_phone"),
                       cell("complainant_address"), ""};
    if (!person.name.empty() || !person.phone.empty() || !person.address.empty()) {
      in.persons.push_back(person);
    }
    in.respondent_name = cell("respondent_name");
    in.respondent_address = cell("respondent_address");
    in.respondent_region = cell("respondent_region");
    in.respondent_shop = cell("respondent_shop");
    in.respondent_phone = cell("respondent_phone");
    in.product = cell("product");
    in.request = cell("request");
    in.facts = cell("facts");
    if (std::string v = cell("harm_known_on"); !v.empty()) {
      auto d = core::ParseDate(v);
      if (!d) error("harm_known_on", "日期格式应为 YYYY-MM-DD");
      else in.harm_known_on = *d;
    }
    if (std::string v = cell("fair_id"); !v.empty()) {
      if (v.size() > 15 || v.find_first_not_of("0123456789") != std::string::npos || v == "0") {
        error("fair_id", "展会编号应为正整数");
      } else {
        row.fair_id = std::stoll(v);
      }
    }
    std::set<std::string> seen;
    for (const auto& fe : st.field_errors()) seen.insert(fe.field);
    for (const cpl::FieldProblem& p : cpl::ValidateIntake(in)) {
      std::string field = where + ComplaintImportColumn(p.field);
      if (seen.insert(field).second) error(ComplaintImportColumn(p.field), p.message);
    }
    out.rows.push_back(std::move(row));
  }
  if (bad) return st;
  if (out.rows.empty()) return core::Status(st).AddFieldError("file", "文件没有数据行");
  return out;
}

}  // namespace ipe::app
