// Case import files (CSV or XLSX in the template's columns): parsing, validation, templates.
// Shared by the HTTP upload and `ipenforce cases import`. See case_import.h.
#include "app/cases/case_import.h"

#include "app/internal/table_file.h"

#include "core/strings.h"

#include <map>
#include <set>

#include "core/csv.h"
#include "core/money.h"
#include "rules/pack.h"
#include "sheet/sheet.h"

namespace ipe::app {
namespace {

// Import columns (CSV and XLSX alike): machine keys, with the zh-CN labels the templates show
// accepted as well. `hint` is what the XLSX template's 填写说明 sheet says about the column.
using internal::ImportColumn;
constexpr ImportColumn kImportColumns[] = {
    {"case_number", "案件编号", true, "本机构内唯一"},
    {"title", "案件名称", true, ""},
    {"category", "案件类别", true, "代码，见“代码表”"},
    {"conduct", "违法行为类型", false, "代码，见“代码表”；填写后按刑事追诉标准自动认定"},
    {"source", "案件来源", true, "代码，见“代码表”"},
    {"campaign_tags", "专项行动", false, "名称+年度，多个用 | 分隔，如 铁拳2025|昆仑2025"},
    {"act_date_from", "行为开始日期", false, "YYYY-MM-DD 或 Excel 日期"},
    {"act_date_to", "行为结束日期", false, "YYYY-MM-DD 或 Excel 日期"},
    {"goods", "涉案物品", false, ""},
    {"illegal_business_yuan", "非法经营数额(元)", false, "元，最多两位小数"},
    {"illegal_gains_yuan", "违法所得(元)", false, "元，最多两位小数"},
    {"sales_yuan", "销售金额(元)", false, "元，最多两位小数"},
    {"unsold_value_yuan", "货值金额(元)", false, "元，最多两位小数"},
    {"loss_yuan", "损失(元)", false, "元，最多两位小数"},
    {"marks", "标识件数", false, "非负整数"},
    {"copies", "复制品数量", false, "非负整数"},
    {"rights_involved", "涉及权利数", false, "非负整数"},
    {"party_name", "当事人名称", false, "单位当事人"},
    {"party_uscc", "统一社会信用代码", false, "18 位，校验码须正确"},
    // Issue 13: inputs the rule packs use that the template did not collect.
    {"unsold_marks", "尚未销售标识件数", false, "非负整数"},
    {"unsold_copies", "尚未销售复制品数量", false, "非负整数"},
    {"clicks", "实际被点击数", false, "非负整数（网络传播）"},
    {"members", "注册会员数", false, "非负整数（网络传播）"},
    {"works", "传播作品数量", false, "非负整数（网络传播）"},
    {"right_holder_bankrupt", "权利人破产倒闭", false, "是/否"},
    {"drug_aggravating_circumstance", "药品从重情形", false, "是/否（药品解释第一条）"},
    {"harm_to_health", "对人体健康造成严重危害", false, "是/否"},
    {"harm_to_health_detail", "严重危害情形", false, "如 轻伤2人"},
    // Issue 18: the statistics dimensions (optional; empty = 未填写).
    {"channel", "线上线下", false, "online 线上 / offline 线下（代码或中文均可）"},
    {"trade", "进出口", false, "import 进口 / export 出口 / domestic 国内（代码或中文均可）"},
    {"goods_class", "商品分类(尼斯分类)", false, "尼斯分类第 1–34 类的类号，如 25（服装鞋帽），见“代码表”"},
};

// The template's example row, shared by the CSV and XLSX templates.
constexpr const char* kExample[] = {
    "沪市监案〔2025〕1号", "某公司假冒注册商标案", "trademark", "counterfeit_trademark", "inspection",
    "铁拳2025", "2025-03-01", "", "运动鞋 120 双", "50000.00", "", "", "", "", "", "", "",
    "上海某贸易有限公司", "91310110666007217T", "", "", "", "", "", "", "", "", "",
    "offline", "domestic", "25"};
static_assert(std::size(kExample) == std::size(kImportColumns));

}  // namespace

std::string CaseImportTemplateCsv() {
  std::string header, example;
  for (size_t i = 0; i < std::size(kImportColumns); ++i) {
    header += std::string(i ? "," : "") + kImportColumns[i].key;
    example += std::string(i ? "," : "") + kExample[i];
  }
  return header + "\n" + example + "\n";
}

// The XLSX template: the import sheet (zh-CN labels, required columns filled pink, one example
// row), then 填写说明 (one line per column) and 代码表 (the codes the columns take). Only the first
// sheet is imported.
core::Result<std::string> CaseImportTemplateXlsx() {
  constexpr sheet::Rgb kRequired = 0xFDE2E2;
  sheet::Sheet data{.name = "案件"};
  sheet::Row labels, example;
  for (size_t i = 0; i < std::size(kImportColumns); ++i) {
    const ImportColumn& c = kImportColumns[i];
    labels.push_back(sheet::Cell::Text(c.label_zh, c.required ? std::optional<sheet::Rgb>(kRequired)
                                                              : std::nullopt));
    std::string_view key = c.key, v = kExample[i];
    if (v.empty()) {
      example.push_back(sheet::Cell::Empty());
    } else if (key.starts_with("act_date")) {
      example.push_back(sheet::Cell::Date(std::string(v)));
    } else if (key.ends_with("_yuan")) {
      example.push_back(sheet::Cell::Number(std::stod(std::string(v))));
    } else {
      example.push_back(sheet::Cell::Text(std::string(v)));
    }
    data.column_widths.push_back(key == "title" || key == "party_name" ? 28 : 16);
  }
  data.rows = {labels, example};

  sheet::Sheet help = internal::ImportHelpSheet(
      kImportColumns,
      "只导入第一个工作表；第一行为列名（中文列名或字段名均可）。任一行有误则整个文件不导入，"
      "错误按行号和列名列出。");

  sheet::Sheet codes{.name = "代码表"};
  codes.rows.push_back({sheet::Cell::Text("列"), sheet::Cell::Text("代码"), sheet::Cell::Text("含义")});
  for (const auto& c : CaseCategories()) {
    codes.rows.push_back({sheet::Cell::Text("category"), sheet::Cell::Text(c.code), sheet::Cell::Text(c.name_zh)});
  }
  for (const auto& c : CaseSources()) {
    codes.rows.push_back({sheet::Cell::Text("source"), sheet::Cell::Text(c.code), sheet::Cell::Text(c.name_zh)});
  }
  for (auto [column, table] : {std::pair{"channel", &CaseChannels()}, std::pair{"trade", &CaseTrades()},
                               std::pair{"goods_class", &GoodsClasses()}}) {
    for (const auto& c : *table) {
      codes.rows.push_back({sheet::Cell::Text(column), sheet::Cell::Text(c.code), sheet::Cell::Text(c.name_zh)});
    }
  }
  for (const auto& c : rules::Conducts()) {
    codes.rows.push_back({sheet::Cell::Text("conduct"), sheet::Cell::Text(c.key),
                          sheet::Cell::Text(std::string(c.crime) + "（刑法第" + c.article + "条）")});
  }
  codes.column_widths = {12, 28, 40};
  return sheet::WriteXlsx({data, help, codes});
}

namespace {

std::string TrimCell(std::string_view s) { return std::string(core::TrimAsciiSpace(s)); }

// The case model names fields "amounts_fen.sales", "parties[0].uscc"; the file's user knows the
// template's columns: "rows[4].amounts_fen.sales" → "rows[4].sales_yuan".
std::string TemplateField(const std::string& field) {
  static const std::pair<std::string_view, std::string_view> kMap[] = {
      {"amounts_fen.illegal_business", "illegal_business_yuan"},
      {"amounts_fen.illegal_gains", "illegal_gains_yuan"},
      {"amounts_fen.sales", "sales_yuan"},
      {"amounts_fen.unsold_value", "unsold_value_yuan"},
      {"amounts_fen.loss", "loss_yuan"},
      {"counts.marks", "marks"},
      {"counts.copies", "copies"},
      {"counts.rights_involved", "rights_involved"},
      {"counts.unsold_marks", "unsold_marks"},
      {"counts.unsold_copies", "unsold_copies"},
      {"counts.clicks", "clicks"},
      {"counts.members", "members"},
      {"counts.works", "works"},
      {"parties[0].name", "party_name"},
      {"parties[0].uscc", "party_uscc"},
  };
  size_t dot = field.find("].");
  if (!field.starts_with("rows[") || dot == std::string::npos) return field;
  std::string_view rest = std::string_view(field).substr(dot + 2);
  for (const auto& [from, to] : kMap) {
    if (rest == from) return field.substr(0, dot + 2) + std::string(to);
  }
  return field;
}

}  // namespace

core::Status InTemplateColumns(const core::Status& st) {
  core::Status out(st.code(), st.message());
  for (const auto& fe : st.field_errors()) out.AddFieldError(TemplateField(fe.field), fe.message);
  return out;
}

namespace {

// Converts rows into case inputs and validates each as a case (ValidateCaseInput), so that one
// answer lists every problem of every row, as "rows[N].column" in the file's own row numbers.
core::Result<CaseFile> CasesFromRows(const std::vector<core::CsvRow>& rows, core::Date today,
                                     size_t max_rows) {
  core::Status st = core::InvalidArgument("导入文件有误，未导入任何案件 (nothing imported)");
  std::map<std::string, size_t> col;
  bool bad = false;
  if (!internal::ReadImportHeader(rows, max_rows, kImportColumns, col, st)) return st;
  CaseFile out;
  std::set<std::string> case_numbers;
  for (size_t r = 1; r < rows.size(); ++r) {
    const auto& cells = rows[r].cells;
    std::string where = "rows[" + std::to_string(rows[r].line) + "].";
    auto cell = [&](const char* key) { return internal::ImportCell(col, cells, key); };
    if (internal::BlankImportRow(cells)) continue;
    CaseInput in;
    in.case_number = cell("case_number");
    in.title = cell("title");
    in.category = cell("category");
    if (!cell("conduct").empty()) in.conduct = cell("conduct");
    in.source = cell("source");
    {
      std::string tags = cell("campaign_tags");
      size_t start = 0;
      while (start <= tags.size() && !tags.empty()) {
        size_t bar = tags.find('|', start);
        std::string tag = TrimCell(tags.substr(start, bar == std::string::npos ? bar : bar - start));
        if (!tag.empty()) in.campaign_tags.push_back(tag);
        if (bar == std::string::npos) break;
        start = bar + 1;
      }
    }
    in.goods = cell("goods");
    // A code, or its zh-CN name as the template's 代码表 shows it; a one-digit class is padded.
    // Anything else is kept as written, so that ValidateCaseInput names the column.
    auto coded = [&](const char* key, const std::vector<CodeLabel>& table, std::optional<std::string>& slot) {
      std::string v = cell(key);
      if (v.empty()) return;
      if (table.data() == GoodsClasses().data() && v.size() == 1 && v[0] >= '1' && v[0] <= '9') v = "0" + v;
      for (const CodeLabel& c : table) {
        if (v == c.name_zh) v = c.code;
      }
      slot = v;
    };
    coded("channel", CaseChannels(), in.channel);
    coded("trade", CaseTrades(), in.trade);
    coded("goods_class", GoodsClasses(), in.goods_class);
    for (const char* key : {"act_date_from", "act_date_to"}) {
      std::string v = cell(key);
      if (v.empty()) continue;
      auto d = core::ParseDate(v);
      if (!d) st.AddFieldError(where + key, "日期格式应为 YYYY-MM-DD"), bad = true;
      else (std::string(key) == "act_date_from" ? in.act_date_from : in.act_date_to) = *d;
    }
    auto money = [&](const char* key, std::optional<core::Fen>& slot) {
      std::string v = cell(key);
      if (v.empty()) return;
      auto f = core::ParseYuan(v);
      if (!f) st.AddFieldError(where + key, "金额格式有误（元，最多两位小数）"), bad = true;
      else slot = *f;
    };
    money("illegal_business_yuan", in.amounts.illegal_business);
    money("illegal_gains_yuan", in.amounts.illegal_gains);
    money("sales_yuan", in.amounts.sales);
    money("unsold_value_yuan", in.amounts.unsold_value);
    money("loss_yuan", in.amounts.loss);
    auto count = [&](const char* key, std::optional<int64_t>& slot) {
      std::string v = cell(key);
      if (v.empty()) return;
      if (v.size() > 15 || v.find_first_not_of("0123456789") != std::string::npos) {
        st.AddFieldError(where + key, "应为非负整数"), bad = true;
      } else {
        slot = std::stoll(v);
      }
    };
    count("marks", in.amounts.marks);
    count("copies", in.amounts.copies);
    count("rights_involved", in.amounts.rights_involved);
    count("unsold_marks", in.amounts.unsold_marks);
    count("unsold_copies", in.amounts.unsold_copies);
    count("clicks", in.amounts.clicks);
    count("members", in.amounts.members);
    count("works", in.amounts.works);
    auto yes_no = [&](const char* key, bool& slot) {
      std::string v = cell(key);
      if (v.empty() || v == "否" || v == "no" || v == "0" || v == "false") return;
      if (v == "是" || v == "yes" || v == "1" || v == "true") {
        slot = true;
      } else {
        st.AddFieldError(where + key, "应为 是 或 否"), bad = true;
      }
    };
    yes_no("right_holder_bankrupt", in.amounts.right_holder_bankrupt);
    yes_no("drug_aggravating_circumstance", in.amounts.drug_aggravating_circumstance);
    yes_no("harm_to_health", in.amounts.harm_to_health);
    in.amounts.harm_to_health_detail = cell("harm_to_health_detail");
    if (!cell("party_name").empty() || !cell("party_uscc").empty()) {
      CaseParty p;
      p.name = cell("party_name");
      if (!cell("party_uscc").empty()) p.uscc = cell("party_uscc");
      in.parties.push_back(p);
    }
    core::Status valid = ValidateCaseInput(in, today);
    std::set<std::string> seen;  // a cell that did not parse is reported once
    for (const auto& fe : st.field_errors()) seen.insert(fe.field);
    for (const auto& fe : valid.field_errors()) {
      std::string field = TemplateField(where + fe.field);
      if (seen.insert(field).second) st.AddFieldError(field, fe.message), bad = true;
    }
    if (!case_numbers.insert(in.case_number).second) {
      st.AddFieldError(where + "case_number", "文件内案件编号重复"), bad = true;
    }
    out.inputs.push_back(std::move(in));
    out.row_numbers.push_back(rows[r].line);
  }
  if (bad) return st;
  if (out.inputs.empty()) return core::Status(st).AddFieldError("file", "文件没有数据行");
  return out;
}

}  // namespace

core::Result<CaseFile> ParseCaseFile(std::string_view bytes, core::Date today, size_t max_rows) {
  IPE_ASSIGN_OR_RETURN(auto table, internal::ReadTableFile(bytes, max_rows));
  IPE_ASSIGN_OR_RETURN(CaseFile file, CasesFromRows(table.rows, today, max_rows));
  file.format = table.format;
  return file;
}


}  // namespace ipe::app
