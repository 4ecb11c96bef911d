// /api/v1/cases, /transfers, /supervision, /alerts — cases and two-law linkage (docs/api.md).
#include <iterator>
#include <map>
#include <set>
#include <string_view>

#include "app/cases/cases.h"
#include "app/cases/transfers.h"
#include "core/csv.h"
#include "http/dispatcher.h"
#include "http/internal/json_io.h"
#include "http/internal/views.h"
#include "rules/pack.h"
#include "sheet/sheet.h"

namespace ipe::http {

using internal::Fail;
using internal::Json;
using internal::JsonResponse;

namespace {

constexpr size_t kMaxImportRows = 5000;          // rows per file (one transaction)
constexpr size_t kImportBodyBytes = 24u << 20;   // a 16 MiB file in base64 inside JSON

Json FenJson(const std::optional<core::Fen>& f) { return f ? Json(f->value) : Json(); }
Json IntJson(const std::optional<int64_t>& v) { return v ? Json(*v) : Json(); }
Json TextJson(const std::optional<std::string>& v) { return v ? Json(*v) : Json(); }
Json DateJson(const std::optional<core::Date>& d) { return d ? Json(d->ToString()) : Json(); }
Json TimeJson(const std::optional<core::Timestamp>& t) { return t ? Json(t->ToString()) : Json(); }

Json TransferJson(const app::Transfer& t) {
  Json steps = Json::array();
  for (const auto& s : t.steps) {
    steps.push_back({{"step", s.step},
                     {"at", s.at.ToString()},
                     {"actor", s.actor},
                     {"decision", s.decision},
                     {"reasons", s.reasons},
                     {"due_at", TimeJson(s.due_at)},
                     {"on_time", s.on_time ? Json(*s.on_time) : Json()}});
  }
  return Json{{"id", t.id},
              {"case_id", t.case_id},
              {"case", {{"id", t.case_id}, {"case_number", t.case_number}, {"title", t.case_title}}},
              {"agency", {{"id", t.agency_id}, {"name", t.agency_name}}},
              {"region", internal::RegionJson(t.region_code)},
              {"status", t.status},
              {"suspicion_only", t.suspicion_only},
              {"police_agency", t.police_agency_id
                                    ? Json{{"id", *t.police_agency_id}, {"name", t.police_agency_name}}
                                    : Json()},
              {"documents",
               {{"transfer_letter", t.documents.transfer_letter},
                {"investigation_report", t.documents.investigation_report},
                {"items_list", t.documents.items_list},
                {"inspection_reports", t.documents.inspection_reports},
                {"other", t.documents.other}}},
              {"current_step", t.current_step},
              {"current_step_title", t.current_step_title},
              {"due_at", TimeJson(t.due_at)},
              {"deadline_state", t.deadline_state},
              {"steps", steps}};
}

Json CaseJson(const app::Case& c, bool details, const std::optional<app::Transfer>& transfer) {
  const app::CaseInput& in = c.input;
  const app::CaseAmounts& a = in.amounts;
  Json findings = Json::array();
  bool threshold_met = false;
  for (const auto& f : c.findings) {
    bool threshold = f.level != "repeat_offender" && f.level != "suspicion";
    threshold_met |= f.met && threshold;
    findings.push_back({{"rule_id", f.rule_id},
                        {"article", f.article},
                        {"crime", f.crime},
                        {"met", f.met},
                        {"level", f.level},
                        {"basis", f.basis},
                        {"source", f.source},
                        {"confidence", f.confidence},
                        {"unconfirmed", f.confidence == "M"}});
  }
  Json j = {{"id", c.id},
            {"agency", {{"id", c.agency_id}, {"name", c.agency_name}}},
            {"region", internal::RegionJson(c.region_code)},
            {"case_number", in.case_number},
            {"title", in.title},
            {"category", in.category},
            {"conduct", TextJson(in.conduct)},
            {"source", in.source},
            {"campaign_tags", in.campaign_tags},
            {"status", c.status},
            {"act_date_from", DateJson(in.act_date_from)},
            {"act_date_to", DateJson(in.act_date_to)},
            {"goods", in.goods},
            {"amounts_fen",
             {{"illegal_business", FenJson(a.illegal_business)},
              {"illegal_gains", FenJson(a.illegal_gains)},
              {"sales", FenJson(a.sales)},
              {"unsold_value", FenJson(a.unsold_value)},
              {"loss", FenJson(a.loss)}}},
            {"counts",
             {{"marks", IntJson(a.marks)},
              {"copies", IntJson(a.copies)},
              {"rights_involved", IntJson(a.rights_involved)}}},
            {"harm_to_health", a.harm_to_health},
            {"penalty",
             {{"decision_no", TextJson(c.penalty_decision_no)},
              {"date", DateJson(c.penalty_date)},
              {"fine_fen", FenJson(c.fine)},
              {"confiscation", TextJson(c.confiscation)},
              {"destruction_ordered", c.destruction_ordered}}},
            {"closing_kind", TextJson(c.closing_kind)},
            {"closed_at", TimeJson(c.closed_at)},
            {"created_at", c.created_at.ToString()},
            {"updated_at", c.updated_at.ToString()},
            {"version", c.version},
            {"findings", findings},
            {"threshold_met", threshold_met},
            {"has_transfer", c.has_transfer}};
  if (details) {
    Json parties = Json::array();
    for (const auto& p : in.parties) {
      parties.push_back({{"kind", p.kind},
                         {"name", p.name},
                         {"uscc", TextJson(p.uscc)},
                         {"id_number", TextJson(p.id_number)},
                         {"phone", TextJson(p.phone)},
                         {"address", TextJson(p.address)},
                         {"role", p.role}});
    }
    Json rights = Json::array();
    for (const auto& r : in.rights) {
      rights.push_back({{"kind", r.kind},
                        {"reg_number", r.reg_number},
                        {"holder", r.holder},
                        {"description", r.description}});
    }
    Json events = Json::array();
    for (const auto& e : c.events) {
      events.push_back(
          {{"at", e.at.ToString()}, {"actor", e.actor_login}, {"kind", e.kind}, {"summary", e.summary}});
    }
    j["parties"] = parties;
    j["rights"] = rights;
    j["events"] = events;
    j["personal_data_masked"] = c.personal_data_masked;
    j["transfer"] = transfer ? TransferJson(*transfer) : Json();
  }
  return j;
}

// Reads money given as integer fen.
std::optional<core::Fen> ReadFen(const Json& obj, const std::string& key, const std::string& path,
                                 std::vector<std::pair<std::string, std::string>>& errors) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return std::nullopt;
  if (!it->is_number_integer()) {
    errors.emplace_back(path, "应为整数（单位：分）");
    return std::nullopt;
  }
  return core::Fen(it->get<int64_t>());
}

// Parses a case body into CaseInput, collecting every problem.
core::Result<app::CaseInput> ReadCase(const Json& body, int64_t* version) {
  internal::Fields f(body);
  app::CaseInput in;
  std::vector<std::pair<std::string, std::string>> errors;
  in.case_number = f.String("case_number", true, 100).value_or("");
  in.title = f.String("title", true, 500).value_or("");
  in.category = f.String("category", true, 40).value_or("");
  in.conduct = f.String("conduct", false, 40);
  in.source = f.String("source", true, 40).value_or("");
  in.campaign_tags = f.StringList("campaign_tags").value_or(std::vector<std::string>{});
  in.goods = f.String("goods", false, 2000).value_or("");
  in.region_code = f.String("region_code", false, 6);
  for (const char* key : {"act_date_from", "act_date_to"}) {
    if (auto text = f.String(key, false, 10)) {
      auto d = core::ParseDate(*text);
      if (!d) errors.emplace_back(key, "日期格式应为 YYYY-MM-DD");
      else (std::string(key) == "act_date_from" ? in.act_date_from : in.act_date_to) = *d;
    }
  }
  if (auto h = f.Bool("harm_to_health")) in.amounts.harm_to_health = *h;
  // Nested objects are read by hand; mark them seen.
  f.IsNull("amounts_fen");
  f.IsNull("counts");
  f.IsNull("parties");
  f.IsNull("rights");
  if (version) {
    if (auto v = f.Int("version", true)) *version = *v;
  }
  for (const char* ignored : {"id", "agency", "region", "status", "findings", "events", "transfer",
                              "penalty", "closing_kind", "closed_at", "created_at", "updated_at",
                              "personal_data_masked", "threshold_met", "has_transfer"}) {
    f.IsNull(ignored);  // read-only fields echoed back by clients are ignored, not errors
  }
  if (auto a = body.find("amounts_fen"); a != body.end() && !a->is_null()) {
    if (!a->is_object()) {
      errors.emplace_back("amounts_fen", "应为对象");
    } else {
      for (auto it = a->begin(); it != a->end(); ++it) {
        static const std::set<std::string> kKeys = {"illegal_business", "illegal_gains", "sales",
                                                    "unsold_value", "loss"};
        if (!kKeys.count(it.key())) errors.emplace_back("amounts_fen." + it.key(), "未知字段");
      }
      in.amounts.illegal_business = ReadFen(*a, "illegal_business", "amounts_fen.illegal_business", errors);
      in.amounts.illegal_gains = ReadFen(*a, "illegal_gains", "amounts_fen.illegal_gains", errors);
      in.amounts.sales = ReadFen(*a, "sales", "amounts_fen.sales", errors);
      in.amounts.unsold_value = ReadFen(*a, "unsold_value", "amounts_fen.unsold_value", errors);
      in.amounts.loss = ReadFen(*a, "loss", "amounts_fen.loss", errors);
    }
  }
  if (auto c = body.find("counts"); c != body.end() && !c->is_null()) {
    if (!c->is_object()) {
      errors.emplace_back("counts", "应为对象");
    } else {
      auto read = [&](const char* key) -> std::optional<int64_t> {
        auto it = c->find(key);
        if (it == c->end() || it->is_null()) return std::nullopt;
        if (!it->is_number_integer()) {
          errors.emplace_back(std::string("counts.") + key, "应为整数");
          return std::nullopt;
        }
        return it->get<int64_t>();
      };
      in.amounts.marks = read("marks");
      in.amounts.copies = read("copies");
      in.amounts.rights_involved = read("rights_involved");
    }
  }
  if (auto p = body.find("parties"); p != body.end() && !p->is_null()) {
    if (!p->is_array()) {
      errors.emplace_back("parties", "应为数组");
    } else {
      for (size_t i = 0; i < p->size(); ++i) {
        const Json& e = (*p)[i];
        std::string at = "parties[" + std::to_string(i) + "]";
        if (!e.is_object()) {
          errors.emplace_back(at, "应为对象");
          continue;
        }
        app::CaseParty party;
        auto text = [&](const char* key) -> std::optional<std::string> {
          auto it = e.find(key);
          if (it == e.end() || it->is_null()) return std::nullopt;
          if (!it->is_string()) {
            errors.emplace_back(at + "." + key, "应为字符串");
            return std::nullopt;
          }
          std::string s = it->get<std::string>();
          return s.empty() ? std::nullopt : std::optional<std::string>(s);
        };
        party.kind = text("kind").value_or("company");
        party.name = text("name").value_or("");
        party.uscc = text("uscc");
        party.id_number = text("id_number");
        party.phone = text("phone");
        party.address = text("address");
        party.role = text("role").value_or("party");
        in.parties.push_back(std::move(party));
      }
    }
  }
  if (auto r = body.find("rights"); r != body.end() && !r->is_null()) {
    if (!r->is_array()) {
      errors.emplace_back("rights", "应为数组");
    } else {
      for (const Json& e : *r) {
        if (!e.is_object()) continue;
        in.rights.push_back({e.value("kind", ""), e.value("reg_number", ""), e.value("holder", ""),
                             e.value("description", "")});
      }
    }
  }
  core::Status st = f.Finish();
  if (!errors.empty()) {
    if (st.ok()) st = core::InvalidArgument("案件信息有误 (invalid case)");
    for (auto& [field, msg] : errors) st.AddFieldError(field, msg);
  }
  if (!st.ok()) return st;
  return in;
}

// `viewer`: whether this caller may answer is decided here, as AnswerSupervision decides it.
Json SupervisionJson(const app::SupervisionAction& a, const app::Principal& viewer) {
  bool addressed = a.addressed_kind == "police"
                       ? viewer.Has(app::Role::kPolice) && viewer.agency_id == a.addressed_agency_id
                       : viewer.agency_id == a.addressed_agency_id;
  return Json{{"id", a.id},
              {"case_id", a.case_id},
              {"case_number", a.case_number},
              {"case", {{"id", a.case_id}, {"case_number", a.case_number}, {"title", a.case_title}}},
              {"transfer_id", a.transfer_id ? Json(*a.transfer_id) : Json()},
              {"addressed_to",
               {{"kind", a.addressed_kind},
                {"agency", {{"id", a.addressed_agency_id}, {"name", a.addressed_agency_name}}}}},
              {"can_answer", addressed && !a.answered_at},
              {"kind", a.kind},
              {"prosecutor_agency", a.prosecutor_agency_name},
              {"created_by", a.created_by},
              {"created_at", a.created_at.ToString()},
              {"due_at", TimeJson(a.due_at)},
              {"answered_at", TimeJson(a.answered_at)},
              {"answer", a.answer},
              {"note", a.note},
              {"deadline_state", a.deadline_state}};
}


// Import columns (CSV and XLSX alike): machine keys, with the zh-CN labels the templates show
// accepted as well. `hint` is what the XLSX template's 填写说明 sheet says about the column.
struct ImportColumn {
  const char* key;
  const char* label_zh;
  bool required;
  const char* hint;
};
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
};

// The template's example row, shared by the CSV and XLSX templates.
constexpr const char* kExample[] = {
    "沪市监案〔2025〕1号", "某公司假冒注册商标案", "trademark", "counterfeit_trademark", "inspection",
    "铁拳2025", "2025-03-01", "", "运动鞋 120 双", "50000.00", "", "", "", "", "", "", "",
    "上海某贸易有限公司", "91310110666007217T"};
static_assert(std::size(kExample) == std::size(kImportColumns));

std::string ImportTemplate() {
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
core::Result<std::string> ImportTemplateXlsx() {
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

  sheet::Sheet help{.name = "填写说明"};
  help.rows.push_back({sheet::Cell::Text("列名"), sheet::Cell::Text("字段"), sheet::Cell::Text("必填"),
                       sheet::Cell::Text("说明")});
  for (const ImportColumn& c : kImportColumns) {
    help.rows.push_back({sheet::Cell::Text(c.label_zh), sheet::Cell::Text(c.key),
                         sheet::Cell::Text(c.required ? "是" : ""), sheet::Cell::Text(c.hint)});
  }
  help.rows.push_back({});
  help.rows.push_back({sheet::Cell::Text(
      "只导入第一个工作表；第一行为列名（中文列名或字段名均可）。任一行有误则整个文件不导入，"
      "错误按行号和列名列出。")});
  help.column_widths = {20, 24, 8, 60};

  sheet::Sheet codes{.name = "代码表"};
  codes.rows.push_back({sheet::Cell::Text("列"), sheet::Cell::Text("代码"), sheet::Cell::Text("含义")});
  for (const auto& c : app::CaseCategories()) {
    codes.rows.push_back({sheet::Cell::Text("category"), sheet::Cell::Text(c.code), sheet::Cell::Text(c.name_zh)});
  }
  for (const auto& c : app::CaseSources()) {
    codes.rows.push_back({sheet::Cell::Text("source"), sheet::Cell::Text(c.code), sheet::Cell::Text(c.name_zh)});
  }
  for (const auto& c : rules::Conducts()) {
    codes.rows.push_back({sheet::Cell::Text("conduct"), sheet::Cell::Text(c.key),
                          sheet::Cell::Text(std::string(c.crime) + "（刑法第" + c.article + "条）")});
  }
  codes.column_widths = {12, 28, 40};
  return sheet::WriteXlsx({data, help, codes});
}

std::string TrimCell(std::string s) {
  const char* ws = " \t\r\n";
  size_t b = s.find_first_not_of(ws);
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(ws);
  return s.substr(b, e - b + 1);
}

// Rows of the first worksheet as text, numbered as the spreadsheet shows them; empty rows dropped.
core::Result<std::vector<core::CsvRow>> RowsFromXlsx(std::string_view bytes) {
  sheet::ReadLimits limits;
  limits.max_rows = kMaxImportRows + 1;
  limits.max_columns = 200;
  auto sheets = sheet::ReadXlsx(bytes, limits);
  if (!sheets) {
    return core::Status(sheets.error()).AddFieldError("file", sheets.error().message());
  }
  std::vector<core::CsvRow> rows;
  const sheet::Sheet& first = sheets->front();
  for (size_t r = 0; r < first.rows.size(); ++r) {
    core::CsvRow row;
    row.line = static_cast<int64_t>(r) + 1;
    bool any = false;
    for (const sheet::Cell& c : first.rows[r]) {
      row.cells.push_back(c.text);
      any |= !TrimCell(c.text).empty();
    }
    if (any) rows.push_back(std::move(row));
  }
  return rows;
}

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

core::Status ErrorsInTemplateColumns(const core::Status& st) {
  core::Status out(st.code(), st.message());
  for (const auto& fe : st.field_errors()) out.AddFieldError(TemplateField(fe.field), fe.message);
  return out;
}

// Case inputs parsed from import rows (the first is the header), with the row number of each.
struct ImportRows {
  std::vector<app::CaseInput> inputs;
  std::vector<int64_t> row_numbers;
};

// Converts rows into case inputs and validates each as a case (app::ValidateCaseInput), so that one
// answer lists every problem of every row, as "rows[N].column" in the file's own row numbers.
core::Result<ImportRows> CasesFromRows(const std::vector<core::CsvRow>& rows, core::Date today) {
  core::Status st = core::InvalidArgument("导入文件有误，未导入任何案件 (nothing imported)");
  if (rows.empty()) return core::Status(st).AddFieldError("file", "文件为空：缺少列名行");
  if (rows.size() > kMaxImportRows + 1) {
    return core::Status(st).AddFieldError(
        "file", "一次最多导入 " + std::to_string(kMaxImportRows) + " 行，请拆分文件");
  }
  std::map<std::string, size_t> col;
  const auto& header = rows[0].cells;
  bool bad = false;
  for (size_t i = 0; i < header.size(); ++i) {
    std::string h = TrimCell(header[i]);
    if (i == 0 && h.starts_with("\xEF\xBB\xBF")) h = h.substr(3);
    bool known = false;
    for (const auto& c : kImportColumns) {
      if (h == c.key || h == c.label_zh) {
        if (col.count(c.key)) st.AddFieldError("header", "重复的列: " + h), bad = true;
        col[c.key] = i;
        known = true;
      }
    }
    if (!known && !h.empty()) st.AddFieldError("header", "未知列: " + h), bad = true;
  }
  for (const auto& c : kImportColumns) {
    if (c.required && !col.count(c.key)) {
      st.AddFieldError("header", std::string("缺少列: ") + c.label_zh + " (" + c.key + ")"), bad = true;
    }
  }
  if (bad) return st;
  ImportRows out;
  std::set<std::string> case_numbers;
  for (size_t r = 1; r < rows.size(); ++r) {
    const auto& cells = rows[r].cells;
    std::string where = "rows[" + std::to_string(rows[r].line) + "].";
    auto cell = [&](const char* key) -> std::string {
      auto it = col.find(key);
      return it == col.end() || it->second >= cells.size() ? std::string() : TrimCell(cells[it->second]);
    };
    bool empty_row = true;
    for (const auto& c : cells) empty_row &= TrimCell(c).empty();
    if (empty_row) continue;
    app::CaseInput in;
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
    if (!cell("party_name").empty() || !cell("party_uscc").empty()) {
      app::CaseParty p;
      p.name = cell("party_name");
      if (!cell("party_uscc").empty()) p.uscc = cell("party_uscc");
      in.parties.push_back(p);
    }
    core::Status valid = app::ValidateCaseInput(in, today);
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

// Standard base64 (with or without padding, whitespace ignored); nullopt when malformed.
std::optional<std::string> DecodeBase64(std::string_view in) {
  std::string out;
  out.reserve(in.size() / 4 * 3);
  uint32_t acc = 0;
  int bits = 0;
  size_t pad = 0;
  for (char ch : in) {
    int v;
    if (ch >= 'A' && ch <= 'Z') v = ch - 'A';
    else if (ch >= 'a' && ch <= 'z') v = ch - 'a' + 26;
    else if (ch >= '0' && ch <= '9') v = ch - '0' + 52;
    else if (ch == '+') v = 62;
    else if (ch == '/') v = 63;
    else if (ch == '=') { ++pad; continue; }
    else if (ch == ' ' || ch == '\n' || ch == '\r' || ch == '\t') continue;
    else return std::nullopt;
    if (pad) return std::nullopt;  // data after padding
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xFF));
    }
  }
  if (pad > 2 || bits >= 6) return std::nullopt;
  return out;
}

// An upload is a workbook when it is a ZIP archive (an .xlsx is one); anything else is CSV text.
bool LooksLikeXlsx(std::string_view bytes) { return bytes.starts_with("PK\x03\x04"); }

core::Result<ImportRows> CasesFromUpload(std::string_view bytes, core::Date today) {
  if (LooksLikeXlsx(bytes)) {
    IPE_ASSIGN_OR_RETURN(auto rows, RowsFromXlsx(bytes));
    return CasesFromRows(rows, today);
  }
  if (bytes.starts_with("\xD0\xCF\x11\xE0")) {
    return core::Status(core::InvalidArgument("不支持旧版 Excel (.xls) 文件"))
        .AddFieldError("file", "请在 Excel/WPS 中另存为 .xlsx 或 CSV (UTF-8) 后再导入");
  }
  auto rows = core::ParseCsv(bytes, {.field = "file"});
  if (!rows) return rows.error();
  return CasesFromRows(*rows, today);
}

}  // namespace

void RegisterCasesApi(Dispatcher& d) {
  app::Context& ctx = d.context();
  Router& r = d.router();

  r.Add("GET", "/api/v1/cases/codes", Access::kAuthenticated, [](Request&) {
    auto list = [](const std::vector<app::CodeLabel>& v) {
      Json out = Json::array();
      for (const auto& c : v) out.push_back({{"code", c.code}, {"name_zh", c.name_zh}});
      return out;
    };
    Json conducts = Json::array();
    for (const auto& c : rules::Conducts()) {
      conducts.push_back({{"code", c.key}, {"name_zh", c.crime}, {"article", c.article}});
    }
    Json campaigns = Json::array();
    for (const char* c : {"剑网", "秋风", "铁拳", "昆仑", "清风", "龙腾", "农资打假"}) campaigns.push_back(c);
    return JsonResponse(200, Json{{"categories", list(app::CaseCategories())},
                                  {"sources", list(app::CaseSources())},
                                  {"conducts", conducts},
                                  {"campaigns", campaigns}});
  }, "案件代码表 (case codes)");

  r.Add("GET", "/api/v1/cases/import/template", Access::kAuthenticated, [](Request&) {
    Response resp;
    resp.content_type = "text/csv; charset=utf-8";
    resp.headers.emplace_back("Content-Disposition", "attachment; filename=\"cases-template.csv\"");
    resp.body = "\xEF\xBB\xBF" + ImportTemplate();  // BOM: spreadsheets then read UTF-8
    return resp;
  }, "案件导入模板 (CSV template)");

  r.Add("GET", "/api/v1/cases/import/template.xlsx", Access::kAuthenticated, [](Request& req) {
    static const core::Result<std::string> kTemplate = ImportTemplateXlsx();
    if (!kTemplate) return Fail(req, kTemplate.error());
    Response resp;
    resp.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    resp.headers.emplace_back("Content-Disposition", "attachment; filename=\"cases-template.xlsx\"");
    resp.body = *kTemplate;
    return resp;
  }, "案件导入模板 (XLSX template)");

  // The file comes as the raw body (CSV text or .xlsx bytes), or in JSON as {"csv": text} or
  // {"file_base64": bytes}; what it is is decided by its content, not by a header or a name.
  r.Add("POST", "/api/v1/cases/import", Access::kAuthenticated, [&ctx](Request& req) {
    std::string bytes = req.body;
    if (req.Header("content-type").substr(0, 16) == "application/json") {
      auto body = internal::ParseObject(req);
      if (!body) return Fail(req, body.error());
      internal::Fields f(*body);
      auto csv = f.String("csv", false, kImportBodyBytes);
      auto b64 = f.String("file_base64", false, kImportBodyBytes);
      f.String("filename", false, 500);  // informational
      if (auto st = f.Finish(); !st.ok()) return Fail(req, st);
      if (csv.has_value() == b64.has_value()) {
        return Fail(req, core::Status(core::InvalidArgument("须提供 csv 或 file_base64 之一"))
                             .AddFieldError("file", "须提供 csv 或 file_base64 之一"));
      }
      if (csv) {
        bytes = *csv;
      } else {
        auto decoded = DecodeBase64(*b64);
        if (!decoded) {
          return Fail(req, core::Status(core::InvalidArgument("file_base64 不是合法的 base64"))
                               .AddFieldError("file", "文件内容编码有误"));
        }
        bytes = std::move(*decoded);
      }
    }
    auto parsed = CasesFromUpload(bytes, core::LocalDate(ctx.Now()));
    if (!parsed) return Fail(req, parsed.error());
    auto n = app::ImportCases(ctx, *req.principal, parsed->inputs, parsed->row_numbers);
    if (!n) return Fail(req, ErrorsInTemplateColumns(n.error()));
    return JsonResponse(201, Json{{"imported", *n}, {"format", LooksLikeXlsx(bytes) ? "xlsx" : "csv"}});
  }, "导入案件 (import cases from CSV or XLSX)");
  r.AllowLargeBody("POST", "/api/v1/cases/import", kImportBodyBytes);

  r.Add("GET", "/api/v1/cases", Access::kAuthenticated, [&ctx](Request& req) {
    auto page = internal::PageFromQuery(req);
    if (!page) return Fail(req, page.error());
    app::CaseFilter f;
    f.q = req.Query("q");
    f.status = req.Query("status");
    f.category = req.Query("category");
    f.campaign = req.Query("campaign");
    f.region = req.Query("region");
    auto agency = internal::IntQuery(req, "agency_id");
    if (!agency) return Fail(req, agency.error());
    f.agency_id = *agency;
    auto met = internal::BoolQuery(req, "threshold_met");
    if (!met) return Fail(req, met.error());
    f.threshold_met = *met;
    for (auto* field : {&f.q, &f.status, &f.category, &f.campaign, &f.region}) {
      if (*field && field->value().empty()) field->reset();
    }
    auto result = app::ListCases(ctx, *req.principal, f, *page);
    if (!result) return Fail(req, result.error());
    return JsonResponse(200, internal::PageJson(*result, [](const app::Case& c) {
      return CaseJson(c, false, std::nullopt);
    }));
  }, "案件列表 (list cases)");

  r.Add("POST", "/api/v1/cases", Access::kAuthenticated, [&ctx](Request& req) {
    auto body = internal::ParseObject(req);
    if (!body) return Fail(req, body.error());
    auto input = ReadCase(*body, nullptr);
    if (!input) return Fail(req, input.error());
    auto result = app::CreateCase(ctx, *req.principal, *input);
    if (!result) return Fail(req, result.error());
    return JsonResponse(201, CaseJson(*result, true, std::nullopt));
  }, "登记案件 (create case)");

  r.Add("GET", "/api/v1/cases/{id}", Access::kAuthenticated, [&ctx](Request& req) {
    auto id = internal::IdParam(req);
    if (!id) return Fail(req, id.error());
    auto c = app::GetCase(ctx, *req.principal, *id);
    if (!c) return Fail(req, c.error());
    auto t = app::TransferOfCase(ctx, *req.principal, *id);
    if (!t) return Fail(req, t.error());
    return JsonResponse(200, CaseJson(*c, true, *t));
  }, "案件详情 (case)");

  r.Add("PUT", "/api/v1/cases/{id}", Access::kAuthenticated, [&ctx](Request& req) {
    auto id = internal::IdParam(req);
    if (!id) return Fail(req, id.error());
    auto body = internal::ParseObject(req);
    if (!body) return Fail(req, body.error());
    int64_t version = 0;
    auto input = ReadCase(*body, &version);
    if (!input) return Fail(req, input.error());
    auto result = app::UpdateCase(ctx, *req.principal, *id, *input, version);
    if (!result) return Fail(req, result.error());
    auto t = app::TransferOfCase(ctx, *req.principal, *id);
    return JsonResponse(200, CaseJson(*result, true, t ? *t : std::nullopt));
  }, "修改案件 (update case)");

  r.Add("POST", "/api/v1/cases/{id}/close", Access::kAuthenticated, [&ctx](Request& req) {
    auto id = internal::IdParam(req);
    if (!id) return Fail(req, id.error());
    auto body = internal::ParseObject(req);
    if (!body) return Fail(req, body.error());
    internal::Fields f(*body);
    app::CaseClosing c;
    c.closing_kind = f.String("closing_kind", true, 20).value_or("");
    c.penalty_decision_no = f.String("penalty_decision_no", false, 200);
    auto date = f.String("penalty_date", false, 10);
    auto fine = f.Int("fine_fen");
    c.confiscation = f.String("confiscation", false, 2000);
    c.destruction_ordered = f.Bool("destruction_ordered").value_or(false);
    if (auto st = f.Finish(); !st.ok()) return Fail(req, st);
    if (fine) c.fine = core::Fen(*fine);
    if (date) {
      auto d = core::ParseDate(*date);
      if (!d) return Fail(req, core::Status(d.error()).AddFieldError("penalty_date", "日期格式应为 YYYY-MM-DD"));
      c.penalty_date = *d;
    }
    auto result = app::CloseCase(ctx, *req.principal, *id, c);
    if (!result) return Fail(req, result.error());
    auto t = app::TransferOfCase(ctx, *req.principal, *id);
    return JsonResponse(200, CaseJson(*result, true, t ? *t : std::nullopt));
  }, "结案 (close case)");

  r.Add("POST", "/api/v1/cases/{id}/transfer", Access::kAuthenticated, [&ctx](Request& req) {
    auto id = internal::IdParam(req);
    if (!id) return Fail(req, id.error());
    auto body = internal::ParseObject(req);
    if (!body) return Fail(req, body.error());
    internal::Fields f(*body);
    app::StartTransfer s;
    s.team = f.StringList("team", true).value_or(std::vector<std::string>{});
    s.report = f.String("report", true, 20000).value_or("");
    s.suspicion_only = f.Bool("suspicion_only").value_or(false);
    if (auto st = f.Finish(); !st.ok()) return Fail(req, st);
    auto t = app::StartCaseTransfer(ctx, *req.principal, *id, s);
    if (!t) return Fail(req, t.error());
    return JsonResponse(201, TransferJson(*t));
  }, "启动移送 (start a transfer)");

  r.Add("POST", "/api/v1/transfers/{id}/actions", Access::kAuthenticated, [&ctx](Request& req) {
    auto id = internal::IdParam(req);
    if (!id) return Fail(req, id.error());
    auto body = internal::ParseObject(req);
    if (!body) return Fail(req, body.error());
    internal::Fields f(*body);
    app::TransferAction a;
    a.action = f.String("action", true, 40).value_or("");
    a.reasons = f.String("reasons", false, 20000).value_or("");
    a.police_agency_id = f.Int("police_agency_id");
    f.IsNull("documents");
    if (auto st = f.Finish(); !st.ok()) return Fail(req, st);
    if (auto docs = body->find("documents"); docs != body->end() && docs->is_object()) {
      a.documents = {docs->value("transfer_letter", false), docs->value("investigation_report", false),
                     docs->value("items_list", false), docs->value("inspection_reports", false),
                     docs->value("other", false)};
    }
    auto t = app::ActOnTransfer(ctx, *req.principal, *id, a);
    if (!t) return Fail(req, t.error());
    return JsonResponse(200, TransferJson(*t));
  }, "移送流程操作 (transfer workflow action)");

  r.Add("GET", "/api/v1/transfers/{id}", Access::kAuthenticated, [&ctx](Request& req) {
    auto id = internal::IdParam(req);
    if (!id) return Fail(req, id.error());
    auto t = app::GetTransfer(ctx, *req.principal, *id);
    if (!t) return Fail(req, t.error());
    return JsonResponse(200, TransferJson(*t));
  }, "移送详情 (transfer)");

  r.Add("GET", "/api/v1/transfers", Access::kAuthenticated, [&ctx](Request& req) {
    auto page = internal::PageFromQuery(req);
    if (!page) return Fail(req, page.error());
    app::TransferFilter f;
    auto incoming = internal::BoolQuery(req, "incoming");
    if (!incoming) return Fail(req, incoming.error());
    f.incoming = incoming->value_or(false);
    f.state = req.Query("state");
    if (f.state && f.state->empty()) f.state.reset();
    auto result = app::ListTransfers(ctx, *req.principal, f, *page);
    if (!result) return Fail(req, result.error());
    return JsonResponse(200, internal::PageJson(*result, TransferJson));
  }, "移送列表 (transfers)");

  r.Add("GET", "/api/v1/supervision", Access::kAuthenticated, [&ctx](Request& req) {
    if (!req.principal->Has(app::Role::kProsecutor) && !req.principal->Has(app::Role::kOffice)) {
      return Fail(req, core::PermissionDenied("仅检察机关和领导小组办公室可查看 (prosecutors only)"));
    }
    auto page = internal::PageFromQuery(req);
    if (!page) return Fail(req, page.error());
    app::CaseFilter candidates;
    candidates.status = "closed";
    candidates.threshold_met = true;
    auto closed_met = app::ListCases(ctx, *req.principal, candidates, {1, 200});
    if (!closed_met) return Fail(req, closed_met.error());
    Json cand = Json::array();
    for (const auto& c : closed_met->items) {
      if (!c.has_transfer) cand.push_back(CaseJson(c, false, std::nullopt));
    }
    auto transfers = app::ListTransfers(ctx, *req.principal, {}, *page);
    if (!transfers) return Fail(req, transfers.error());
    auto actions = app::ListSupervisionActions(ctx, *req.principal);
    if (!actions) return Fail(req, actions.error());
    Json action_list = Json::array();
    for (const auto& a : *actions) action_list.push_back(SupervisionJson(a, *req.principal));
    return JsonResponse(200, Json{{"candidates", cand},
                                  {"transfers", internal::PageJson(*transfers, TransferJson)},
                                  {"actions", action_list}});
  }, "检察监督 (prosecutor supervision view)");

  // The addressed parties' list: police see the actions on transfers they received, agencies the
  // ones on their cases; prosecutors and the office see their region's (as in GET /supervision).
  r.Add("GET", "/api/v1/supervision/actions", Access::kAuthenticated, [&ctx](Request& req) {
    auto actions = app::ListSupervisionActions(ctx, *req.principal);
    if (!actions) return Fail(req, actions.error());
    Json items = Json::array();
    size_t open = 0;
    for (const auto& a : *actions) {
      items.push_back(SupervisionJson(a, *req.principal));
      open += a.answered_at ? 0 : 1;
    }
    return JsonResponse(200, Json{{"items", items}, {"total", items.size()}, {"open", open}});
  }, "检察监督事项 (supervision actions addressed to the caller)");

  r.Add("POST", "/api/v1/cases/{id}/supervision", Access::kAuthenticated, [&ctx](Request& req) {
    auto id = internal::IdParam(req);
    if (!id) return Fail(req, id.error());
    auto body = internal::ParseObject(req);
    if (!body) return Fail(req, body.error());
    internal::Fields f(*body);
    auto kind = f.String("kind", true, 40);
    auto note = f.String("note", false, 5000);
    if (auto st = f.Finish(); !st.ok()) return Fail(req, st);
    auto a = app::Supervise(ctx, *req.principal, *id, *kind, note.value_or(""));
    if (!a) return Fail(req, a.error());
    return JsonResponse(201, SupervisionJson(*a, *req.principal));
  }, "检察监督措施 (supervision action)");

  r.Add("POST", "/api/v1/supervision/{id}/answer", Access::kAuthenticated, [&ctx](Request& req) {
    auto id = internal::IdParam(req);
    if (!id) return Fail(req, id.error());
    auto body = internal::ParseObject(req);
    if (!body) return Fail(req, body.error());
    internal::Fields f(*body);
    auto answer = f.String("answer", true, 20000);
    if (auto st = f.Finish(); !st.ok()) return Fail(req, st);
    auto a = app::AnswerSupervision(ctx, *req.principal, *id, *answer);
    if (!a) return Fail(req, a.error());
    return JsonResponse(200, SupervisionJson(*a, *req.principal));
  }, "答复检察监督 (answer supervision)");

  r.Add("GET", "/api/v1/alerts", Access::kAuthenticated, [&ctx](Request& req) {
    auto alerts = app::ListAlerts(ctx, *req.principal);
    if (!alerts) return Fail(req, alerts.error());
    Json items = Json::array();
    for (const auto& a : *alerts) {
      items.push_back({{"id", a.id},
                       {"kind", a.kind},
                       {"case_id", a.case_id},
                       {"case_number", a.case_number},
                       {"agency", {{"id", a.agency_id}, {"name", a.agency_name}}},
                       {"region", internal::RegionJson(a.region_code)},
                       {"message", a.message},
                       {"created_at", a.created_at.ToString()}});
    }
    return JsonResponse(200, Json{{"items", items}, {"total", items.size()}});
  }, "预警 (alerts)");
}

}  // namespace ipe::http
