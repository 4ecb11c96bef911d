// Cases (案件): create, update, read, list/search, close. See cases.h.
#include "app/cases.h"

#include <algorithm>
#include <set>
#include <nlohmann/json.hpp>

#include "app/audit.h"
#include "app/internal/findings.h"
#include "app/internal/text.h"
#include "app/permissions.h"
#include "core/ids.h"
#include "core/mask.h"
#include "core/region.h"
#include "rules/pack.h"

namespace ipe::app {
namespace {

using storage::Params;
using storage::Row;
using storage::Value;

Value FenValue(const std::optional<core::Fen>& f) { return f ? Value(f->value) : Value(); }
std::optional<core::Fen> FenFrom(const Row& r, size_t c) {
  auto v = r.OptInt(c);
  return v ? std::optional<core::Fen>(core::Fen(*v)) : std::nullopt;
}
std::optional<core::Date> DateFrom(const Row& r, size_t c) {
  auto t = r.OptText(c);
  if (!t) return std::nullopt;
  auto d = core::ParseDate(*t);
  return d ? std::optional<core::Date>(*d) : std::nullopt;
}
Value DateValue(const std::optional<core::Date>& d) { return d ? Value(d->ToString()) : Value(); }

bool IsCode(const std::vector<CodeLabel>& table, const std::string& code) {
  return std::any_of(table.begin(), table.end(),
                     [&](const CodeLabel& c) { return code == c.code; });
}

constexpr const char* kCaseColumns =
    "c.id, c.agency_id, a.name, c.region_code, c.case_number, c.title, c.category, c.conduct, "
    "c.source, c.campaign_tags, c.status, c.act_date_from, c.act_date_to, c.goods, "
    "c.illegal_business_fen, c.illegal_gains_fen, c.sales_fen, c.unsold_value_fen, c.loss_fen, "
    "c.marks_count, c.copies_count, c.rights_involved, c.harm_to_health, c.penalty_decision_no, "
    "c.penalty_date, c.fine_fen, c.confiscation, c.destruction_ordered, c.closed_at, "
    "c.closing_kind, c.created_at, c.updated_at, c.version, "
    "(SELECT count(*) FROM transfers t WHERE t.case_id = c.id)";
constexpr const char* kCaseFrom = " FROM cases c JOIN agencies a ON a.id = c.agency_id";

Case CaseFromRow(const Row& r) {
  Case c;
  c.id = r.Int(0);
  c.agency_id = r.Int(1);
  c.agency_name = r.Text(2);
  c.region_code = r.Text(3);
  c.input.region_code = c.region_code;
  c.input.case_number = r.Text(4);
  c.input.title = r.Text(5);
  c.input.category = r.Text(6);
  c.input.conduct = r.OptText(7);
  c.input.source = r.Text(8);
  c.input.campaign_tags = internal::Split(r.Text(9), '|');
  c.status = r.Text(10);
  c.input.act_date_from = DateFrom(r, 11);
  c.input.act_date_to = DateFrom(r, 12);
  c.input.goods = r.Text(13);
  CaseAmounts& a = c.input.amounts;
  a.illegal_business = FenFrom(r, 14);
  a.illegal_gains = FenFrom(r, 15);
  a.sales = FenFrom(r, 16);
  a.unsold_value = FenFrom(r, 17);
  a.loss = FenFrom(r, 18);
  a.marks = r.OptInt(19);
  a.copies = r.OptInt(20);
  a.rights_involved = r.OptInt(21);
  a.harm_to_health = r.Int(22) != 0;
  c.penalty_decision_no = r.OptText(23);
  c.penalty_date = DateFrom(r, 24);
  c.fine = FenFrom(r, 25);
  c.confiscation = r.OptText(26);
  c.destruction_ordered = r.Int(27) != 0;
  if (auto t = r.OptInt(28)) c.closed_at = core::Timestamp{*t};
  c.closing_kind = r.OptText(29);
  c.created_at = core::Timestamp{r.Int(30)};
  c.updated_at = core::Timestamp{r.Int(31)};
  c.version = r.Int(32);
  c.has_transfer = r.Int(33) > 0;
  return c;
}

// Lower-cased searchable text: every substring of it can be found (LIKE), so 1–2 character
// Chinese terms are found too — the trigram tokenizer's blind spot (docs/cases.md).
std::string SearchText(const CaseInput& in) {
  std::string s = in.case_number + "\n" + in.title + "\n" + in.goods + "\n";
  for (const auto& p : in.parties) {
    s += p.name + "\n";
    if (p.uscc) s += *p.uscc + "\n";
  }
  for (const auto& r : in.rights) s += r.reg_number + " " + r.holder + "\n";
  for (const auto& t : in.campaign_tags) s += t + "\n";
  for (char& ch : s) {
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
  }
  return s;
}

std::string CaseJson(const Case& c) {
  const CaseAmounts& a = c.input.amounts;
  auto fen = [](const std::optional<core::Fen>& f) {
    return f ? nlohmann::json(f->value) : nlohmann::json();
  };
  nlohmann::json j = {{"id", c.id},
                      {"case_number", c.input.case_number},
                      {"title", c.input.title},
                      {"category", c.input.category},
                      {"status", c.status},
                      {"region_code", c.region_code},
                      {"illegal_business_fen", fen(a.illegal_business)},
                      {"illegal_gains_fen", fen(a.illegal_gains)},
                      {"sales_fen", fen(a.sales)},
                      {"unsold_value_fen", fen(a.unsold_value)},
                      {"loss_fen", fen(a.loss)},
                      {"version", c.version}};
  return j.dump();
}

core::Status WriteChildren(storage::Tx& tx, int64_t id, const CaseInput& in) {
  IPE_RETURN_IF_ERROR(tx.Exec("DELETE FROM case_parties WHERE case_id = ?", {id}).status());
  IPE_RETURN_IF_ERROR(tx.Exec("DELETE FROM case_rights WHERE case_id = ?", {id}).status());
  for (const CaseParty& p : in.parties) {
    // Validated before; stored normalised so that joins (prior penalties, correlation) match.
    std::optional<std::string> uscc, idn;
    if (p.uscc) uscc = core::NormaliseIdText(*p.uscc);
    if (p.id_number) idn = core::NormaliseIdText(*p.id_number);
    IPE_RETURN_IF_ERROR(tx.Exec("INSERT INTO case_parties (case_id, kind, name, uscc, id_number, "
                                "phone, address, role) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                                {id, p.kind, internal::Trim(p.name), Value(uscc), Value(idn),
                                 Value(p.phone), Value(p.address), p.role})
                            .status());
  }
  for (const CaseRight& r : in.rights) {
    IPE_RETURN_IF_ERROR(tx.Exec("INSERT INTO case_rights (case_id, kind, reg_number, holder, "
                                "description) VALUES (?, ?, ?, ?, ?)",
                                {id, r.kind, r.reg_number, r.holder, r.description})
                            .status());
  }
  return core::Status::Ok();
}

core::Status AddEvent(storage::Tx& tx, int64_t case_id, const Principal& who, core::Timestamp at,
                      const std::string& kind, const std::string& summary,
                      std::optional<std::string> detail = std::nullopt) {
  return tx
      .Exec("INSERT INTO case_events (case_id, at, actor_id, kind, summary, detail_json) VALUES "
            "(?, ?, ?, ?, ?, ?)",
            {case_id, at.seconds, who.is_system() ? Value() : Value(who.user_id), kind, summary,
             Value(detail)})
      .status();
}

// Re-evaluates the thresholds for the case and replaces its findings; returns them.
core::Result<std::vector<CaseFinding>> StoreFindings(storage::Tx& tx, int64_t id,
                                                     const CaseInput& in, core::Timestamp now) {
  IPE_ASSIGN_OR_RETURN(auto priors, internal::PriorPenalties(tx, id, in));
  std::vector<CaseFinding> findings = internal::EvaluateFindings(in, priors);
  IPE_RETURN_IF_ERROR(tx.Exec("DELETE FROM case_findings WHERE case_id = ?", {id}).status());
  for (const CaseFinding& f : findings) {
    IPE_RETURN_IF_ERROR(tx.Exec("INSERT INTO case_findings (case_id, rule_id, article, crime, "
                                "met, level, basis, source, confidence, evaluated_at) VALUES "
                                "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                {id, f.rule_id, f.article, f.crime, f.met, f.level, f.basis,
                                 f.source, f.confidence, now.seconds})
                            .status());
  }
  return findings;
}

core::Result<Case> LoadCase(storage::Tx& tx, int64_t id, bool with_details) {
  IPE_ASSIGN_OR_RETURN(auto rows, tx.Query(std::string("SELECT ") + kCaseColumns + kCaseFrom +
                                               " WHERE c.id = ?",
                                           {id}));
  if (rows.empty()) return core::NotFound("案件不存在 (case not found): " + std::to_string(id));
  Case c = CaseFromRow(rows[0]);
  IPE_ASSIGN_OR_RETURN(auto findings,
                       tx.Query("SELECT rule_id, article, crime, met, level, basis, source, "
                                "confidence FROM case_findings WHERE case_id = ? ORDER BY id",
                                {id}));
  for (const Row& f : findings) {
    c.findings.push_back({f.Text(0), f.Text(1), f.Text(2), f.Int(3) != 0, f.Text(4), f.Text(5),
                          f.Text(6), f.Text(7)});
  }
  if (!with_details) return c;
  IPE_ASSIGN_OR_RETURN(auto parties,
                       tx.Query("SELECT kind, name, uscc, id_number, phone, address, role FROM "
                                "case_parties WHERE case_id = ? ORDER BY id",
                                {id}));
  for (const Row& p : parties) {
    c.input.parties.push_back(
        {p.Text(0), p.Text(1), p.OptText(2), p.OptText(3), p.OptText(4), p.OptText(5), p.Text(6)});
  }
  IPE_ASSIGN_OR_RETURN(auto rights, tx.Query("SELECT kind, reg_number, holder, description FROM "
                                             "case_rights WHERE case_id = ? ORDER BY id",
                                             {id}));
  for (const Row& r : rights) c.input.rights.push_back({r.Text(0), r.Text(1), r.Text(2), r.Text(3)});
  IPE_ASSIGN_OR_RETURN(auto events,
                       tx.Query("SELECT e.at, coalesce(u.login, 'system'), e.kind, e.summary FROM "
                                "case_events e LEFT JOIN users u ON u.id = e.actor_id WHERE "
                                "e.case_id = ? ORDER BY e.at, e.id",
                                {id}));
  for (const Row& e : events) {
    c.events.push_back({core::Timestamp{e.Int(0)}, e.Text(1), e.Text(2), e.Text(3)});
  }
  return c;
}

// Personal data of natural persons is shown in full only to the owning agency and to the
// prosecutor and police of the region (who work the case); others in scope see it masked.
void MaskForViewer(const Principal& who, Case& c) {
  bool full = who.is_system() || who.agency_id == c.agency_id || who.Has(Role::kProsecutor) ||
              who.Has(Role::kPolice);
  if (full) return;
  c.personal_data_masked = true;
  for (CaseParty& p : c.input.parties) {
    if (p.kind != "person") continue;
    p.name = core::MaskPersonName(p.name);
    if (p.id_number) p.id_number = core::MaskResidentId(*p.id_number);
    if (p.phone) p.phone = core::MaskPhone(*p.phone);
    if (p.address) p.address = core::MaskAddress(*p.address, core::Regions());
  }
}

core::Status RequireCaseWriter(const Principal& who) {
  return RequireAnyRole(who, {Role::kOfficer, Role::kAgencyHead}, "办理案件");
}

// A threshold (not a flag) is met: the case must be transferred (Decree 310 art. 3).
bool AnyMet(const std::vector<CaseFinding>& f) {
  return std::any_of(f.begin(), f.end(),
                     [](const CaseFinding& x) { return x.met && internal::IsThresholdFinding(x); });
}

}  // namespace

const std::vector<CodeLabel>& CaseCategories() {
  static const std::vector<CodeLabel> k = {
      {"trademark", "商标侵权"},
      {"patent", "假冒专利"},
      {"copyright", "侵犯著作权"},
      {"geographic_indication", "地理标志"},
      {"plant_variety", "植物新品种"},
      {"trade_secret", "侵犯商业秘密"},
      {"substandard_product", "伪劣产品"},
      {"fake_drug", "假药劣药"},
      {"fake_agricultural_input", "假劣农资"},
      {"other", "其他"},
  };
  return k;
}

const std::vector<CodeLabel>& CaseSources() {
  static const std::vector<CodeLabel> k = {
      {"inspection", "检查发现"}, {"complaint", "投诉举报"}, {"monitoring", "网络监测"},
      {"customs", "海关移交"},    {"transfer", "部门移送"},  {"report", "上级交办"},
  };
  return k;
}

core::Status ValidateCaseInput(const CaseInput& in, core::Date today) {
  core::Status st = core::InvalidArgument("案件信息有误 (invalid case)");
  bool bad = false;
  auto add = [&](std::string field, std::string msg) {
    st.AddFieldError(std::move(field), std::move(msg));
    bad = true;
  };
  if (internal::Trim(in.case_number).empty() || in.case_number.size() > 100) {
    add("case_number", "案件编号不能为空且不超过 100 字节");
  }
  if (internal::Trim(in.title).empty() || in.title.size() > 500) add("title", "案件名称不能为空");
  if (!IsCode(CaseCategories(), in.category)) add("category", "案件类别无效");
  if (!IsCode(CaseSources(), in.source)) add("source", "案件来源无效");
  if (in.conduct && !rules::ConductFromKey(*in.conduct)) add("conduct", "违法行为类型无效");
  if (in.act_date_from && *in.act_date_from > today) add("act_date_from", "行为日期不能晚于今天");
  if (in.act_date_from && in.act_date_to && *in.act_date_to < *in.act_date_from) {
    add("act_date_to", "结束日期不能早于开始日期");
  }
  if (in.region_code && !internal::IsRegionCode(*in.region_code)) {
    add("region_code", "行政区划代码应为 6 位数字");
  }
  const CaseAmounts& a = in.amounts;
  auto non_negative_fen = [&](const char* field, const std::optional<core::Fen>& f) {
    if (f && f->value < 0) add(field, "金额不能为负");
  };
  non_negative_fen("amounts_fen.illegal_business", a.illegal_business);
  non_negative_fen("amounts_fen.illegal_gains", a.illegal_gains);
  non_negative_fen("amounts_fen.sales", a.sales);
  non_negative_fen("amounts_fen.unsold_value", a.unsold_value);
  non_negative_fen("amounts_fen.loss", a.loss);
  auto non_negative = [&](const char* field, const std::optional<int64_t>& v) {
    if (v && *v < 0) add(field, "数量不能为负");
  };
  non_negative("counts.marks", a.marks);
  non_negative("counts.copies", a.copies);
  non_negative("counts.rights_involved", a.rights_involved);
  for (size_t i = 0; i < in.parties.size(); ++i) {
    const CaseParty& p = in.parties[i];
    std::string prefix = "parties[" + std::to_string(i) + "].";
    if (p.kind != "company" && p.kind != "person") add(prefix + "kind", "当事人类型应为 company 或 person");
    if (internal::Trim(p.name).empty()) add(prefix + "name", "当事人名称不能为空");
    if (p.uscc) {
      auto r = core::ParseUscc(*p.uscc);
      if (!r.ok) add(prefix + "uscc", r.error.message);
    }
    if (p.id_number) {
      auto r = core::ParseResidentId(*p.id_number, today);
      if (!r.ok) add(prefix + "id_number", r.error.message);
    }
    if (p.role != "party" && p.role != "legal_representative" && p.role != "accomplice") {
      add(prefix + "role", "当事人角色无效");
    }
  }
  for (size_t i = 0; i < in.rights.size(); ++i) {
    static const char* kKinds[] = {"trademark", "patent", "copyright", "geographic_indication",
                                   "plant_variety", "trade_secret"};
    if (std::none_of(std::begin(kKinds), std::end(kKinds),
                     [&](const char* k) { return in.rights[i].kind == k; })) {
      add("rights[" + std::to_string(i) + "].kind", "权利类型无效");
    }
  }
  return bad ? st : core::Status::Ok();
}

namespace {

// The region a new case is recorded under: the given one, else the creator's; a national-scope
// creator's case belongs to its agency's region.
core::Result<std::string> CaseRegion(storage::Tx& tx, const Principal& who, const CaseInput& in) {
  std::string region = in.region_code.value_or(who.region_code);
  IPE_RETURN_IF_ERROR(RequireRegion(who, region));
  if (region == kNationalRegion && !who.is_system()) {
    IPE_ASSIGN_OR_RETURN(auto ag, tx.Query("SELECT region_code FROM agencies WHERE id = ?",
                                           {who.agency_id}));
    if (!ag.empty()) region = ag[0].Text(0);
  }
  return region;
}

// Inserts a validated case with its parties, rights, findings, timeline and audit record inside
// `tx`. AlreadyExists (field case_number) on a duplicate number within the agency.
core::Result<Case> InsertCase(storage::Tx& tx, const Principal& who, const CaseInput& input,
                              core::Timestamp now) {
  IPE_ASSIGN_OR_RETURN(std::string region, CaseRegion(tx, who, input));
  const CaseAmounts& a = input.amounts;
  auto inserted = tx.Query(
      "INSERT INTO cases (agency_id, region_code, case_number, title, category, conduct, source, "
      "campaign_tags, status, act_date_from, act_date_to, goods, illegal_business_fen, "
      "illegal_gains_fen, sales_fen, unsold_value_fen, loss_fen, marks_count, copies_count, "
      "rights_involved, harm_to_health, created_by, created_at, updated_at, version, search_text) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?) "
      "RETURNING id",
      {who.agency_id, region, internal::Trim(input.case_number), internal::Trim(input.title),
       input.category, Value(input.conduct), input.source,
       internal::Join(input.campaign_tags, '|'), DateValue(input.act_date_from),
       DateValue(input.act_date_to), input.goods, FenValue(a.illegal_business),
       FenValue(a.illegal_gains), FenValue(a.sales), FenValue(a.unsold_value), FenValue(a.loss),
       Value(a.marks), Value(a.copies), Value(a.rights_involved), a.harm_to_health,
       who.is_system() ? Value() : Value(who.user_id), now.seconds, now.seconds,
       SearchText(input)});
  if (!inserted) {
    if (inserted.error().code() == core::StatusCode::kAlreadyExists) {
      return core::Status(core::AlreadyExists("本机构已有相同编号的案件"))
          .AddFieldError("case_number", "本机构已有相同编号的案件");
    }
    return inserted.error();
  }
  int64_t id = (*inserted)[0].Int(0);
  IPE_RETURN_IF_ERROR(WriteChildren(tx, id, input));
  IPE_ASSIGN_OR_RETURN(auto findings, StoreFindings(tx, id, input, now));
  IPE_RETURN_IF_ERROR(AddEvent(tx, id, who, now, "created", "立案登记 " + input.case_number));
  if (AnyMet(findings)) {
    IPE_RETURN_IF_ERROR(AddEvent(tx, id, who, now, "finding",
                                 "达到刑事追诉标准，应依法移送公安机关 (threshold met)"));
  }
  IPE_ASSIGN_OR_RETURN(Case c, LoadCase(tx, id, true));
  IPE_RETURN_IF_ERROR(AppendAudit(tx, who, now,
                                  {"case.create", "case", std::to_string(id),
                                   "登记案件 " + c.input.case_number, std::nullopt, CaseJson(c)}));
  return c;
}

}  // namespace

core::Result<Case> CreateCase(Context& ctx, const Principal& who, const CaseInput& input) {
  IPE_RETURN_IF_ERROR(RequireCaseWriter(who));
  core::Timestamp now = ctx.Now();
  IPE_RETURN_IF_ERROR(ValidateCaseInput(input, core::LocalDate(now)));
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  IPE_ASSIGN_OR_RETURN(Case c, InsertCase(*tx, who, input, now));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return c;
}

core::Result<Case> CreateCaseInTx(storage::Tx& tx, const Principal& who, const CaseInput& input,
                                  core::Timestamp now, const std::string& origin) {
  IPE_RETURN_IF_ERROR(RequireCaseWriter(who));
  IPE_RETURN_IF_ERROR(ValidateCaseInput(input, core::LocalDate(now)));
  IPE_ASSIGN_OR_RETURN(Case c, InsertCase(tx, who, input, now));
  if (origin.empty()) return c;
  IPE_RETURN_IF_ERROR(AddEvent(tx, c.id, who, now, "origin", origin));
  return LoadCase(tx, c.id, true);
}

core::Result<int> ImportCases(Context& ctx, const Principal& who, const std::vector<CaseInput>& rows,
                              const std::vector<int64_t>& row_numbers) {
  IPE_RETURN_IF_ERROR(RequireCaseWriter(who));
  if (rows.empty()) return core::InvalidArgument("导入文件没有数据行 (no rows)");
  if (!row_numbers.empty() && row_numbers.size() != rows.size()) {
    return core::Internal("ImportCases: row_numbers does not match rows");
  }
  auto row_number = [&](size_t i) {
    return row_numbers.empty() ? static_cast<int64_t>(i) + 2 : row_numbers[i];
  };
  auto row_of = [&](size_t i) { return "rows[" + std::to_string(row_number(i)) + "]"; };
  core::Timestamp now = ctx.Now();
  // Validate every row first so one answer lists every problem; nothing is written unless all
  // rows are good.
  core::Status all = core::InvalidArgument("导入数据有误，未导入任何案件 (nothing imported)");
  bool bad = false;
  std::set<std::string> numbers;
  for (size_t i = 0; i < rows.size(); ++i) {
    core::Status st = ValidateCaseInput(rows[i], core::LocalDate(now));
    for (const auto& fe : st.field_errors()) all.AddFieldError(row_of(i) + "." + fe.field, fe.message), bad = true;
    if (!numbers.insert(internal::Trim(rows[i].case_number)).second) {
      all.AddFieldError(row_of(i) + ".case_number", "文件内案件编号重复"), bad = true;
    }
  }
  if (bad) return all;
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  for (size_t i = 0; i < rows.size(); ++i) {
    auto c = InsertCase(*tx, who, rows[i], now);
    if (!c) {
      core::Status st = c.error();
      core::Status out(st.code(), "第 " + std::to_string(row_number(i)) + " 行：" +
                                      st.message() + "；未导入任何案件 (nothing imported)");
      for (const auto& fe : st.field_errors()) out.AddFieldError(row_of(i) + "." + fe.field, fe.message);
      return out;  // the transaction rolls back
    }
  }
  IPE_RETURN_IF_ERROR(AppendAudit(*tx, who, now,
                                  {"case.import", "case", "", "导入案件 " + std::to_string(rows.size()) + " 件",
                                   std::nullopt, std::nullopt}));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return static_cast<int>(rows.size());
}

core::Result<Case> UpdateCase(Context& ctx, const Principal& who, int64_t id,
                              const CaseInput& input, int64_t expected_version) {
  IPE_RETURN_IF_ERROR(RequireCaseWriter(who));
  core::Timestamp now = ctx.Now();
  IPE_RETURN_IF_ERROR(ValidateCaseInput(input, core::LocalDate(now)));
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  IPE_ASSIGN_OR_RETURN(Case before, LoadCase(*tx, id, false));
  if (!CanSeeRecord(who, before.agency_id, before.region_code)) {
    return core::NotFound("案件不存在 (case not found): " + std::to_string(id));
  }
  if (!who.is_system() && who.agency_id != before.agency_id) {
    return core::PermissionDenied("只能修改本机构的案件");
  }
  if (before.status == "closed") return core::FailedPrecondition("案件已结案，不能修改");
  if (before.version != expected_version) {
    return core::FailedPrecondition("案件已被他人修改，请刷新后重试 (version conflict)");
  }
  const CaseAmounts& a = input.amounts;
  auto updated = tx->Exec(
      "UPDATE cases SET case_number = ?, title = ?, category = ?, conduct = ?, source = ?, "
      "campaign_tags = ?, act_date_from = ?, act_date_to = ?, goods = ?, illegal_business_fen = ?, "
      "illegal_gains_fen = ?, sales_fen = ?, unsold_value_fen = ?, loss_fen = ?, marks_count = ?, "
      "copies_count = ?, rights_involved = ?, harm_to_health = ?, updated_at = ?, "
      "version = version + 1, search_text = ? WHERE id = ? AND version = ?",
      {internal::Trim(input.case_number), internal::Trim(input.title), input.category,
       Value(input.conduct), input.source, internal::Join(input.campaign_tags, '|'),
       DateValue(input.act_date_from), DateValue(input.act_date_to), input.goods,
       FenValue(a.illegal_business), FenValue(a.illegal_gains), FenValue(a.sales),
       FenValue(a.unsold_value), FenValue(a.loss), Value(a.marks), Value(a.copies),
       Value(a.rights_involved), a.harm_to_health, now.seconds, SearchText(input), id,
       expected_version});
  if (!updated) {
    if (updated.error().code() == core::StatusCode::kAlreadyExists) {
      return core::Status(core::AlreadyExists("本机构已有相同编号的案件"))
          .AddFieldError("case_number", "本机构已有相同编号的案件");
    }
    return updated.error();
  }
  IPE_RETURN_IF_ERROR(WriteChildren(*tx, id, input));
  bool was_met = AnyMet(before.findings);
  IPE_ASSIGN_OR_RETURN(auto findings, StoreFindings(*tx, id, input, now));
  IPE_RETURN_IF_ERROR(AddEvent(*tx, id, who, now, "updated", "修改案件信息"));
  if (AnyMet(findings) && !was_met) {
    IPE_RETURN_IF_ERROR(AddEvent(*tx, id, who, now, "finding",
                                 "达到刑事追诉标准，应依法移送公安机关 (threshold met)"));
  }
  IPE_ASSIGN_OR_RETURN(Case after, LoadCase(*tx, id, true));
  IPE_RETURN_IF_ERROR(AppendAudit(*tx, who, now,
                                  {"case.update", "case", std::to_string(id),
                                   "修改案件 " + after.input.case_number, CaseJson(before),
                                   CaseJson(after)}));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return after;
}

core::Result<Case> GetCase(Context& ctx, const Principal& who, int64_t id) {
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  IPE_ASSIGN_OR_RETURN(Case c, LoadCase(*tx, id, true));
  if (!CanSeeRecord(who, c.agency_id, c.region_code)) {
    // The police agency a case was transferred to works the case too (Decree 310 art. 8).
    bool receiving_police = false;
    if (who.Has(Role::kPolice)) {
      IPE_ASSIGN_OR_RETURN(auto t, tx->Query("SELECT 1 FROM transfers WHERE case_id = ? AND "
                                             "police_agency_id = ?",
                                             {id, who.agency_id}));
      receiving_police = !t.empty();
    }
    if (!receiving_police) {
      return core::NotFound("案件不存在 (case not found): " + std::to_string(id));
    }
  }
  MaskForViewer(who, c);
  return c;
}

core::Result<Page<Case>> ListCases(Context& ctx, const Principal& who, const CaseFilter& f,
                                   const PageRequest& page) {
  IPE_RETURN_IF_ERROR(page.Validate());
  Params params;
  // Scope: the region subtree, and the own agency unless a supervisory role.
  std::string where = " WHERE " + internal::RegionSubtreeSql("c.region_code", who.region_code, params);
  bool supervisor = who.is_system() || who.Has(Role::kOffice) || who.Has(Role::kProsecutor) ||
                    who.Has(Role::kAuditor) || who.Has(Role::kAdmin);
  if (!supervisor) {
    where += " AND c.agency_id = ?";
    params.emplace_back(who.agency_id);
  }
  if (f.q && !internal::Trim(*f.q).empty()) {
    where += " AND " + internal::ContainsSql({"c.search_text"}, internal::Trim(*f.q), params);
  }
  if (f.status) {
    where += " AND c.status = ?";
    params.emplace_back(*f.status);
  }
  if (f.category) {
    where += " AND c.category = ?";
    params.emplace_back(*f.category);
  }
  if (f.campaign) {
    // campaign_tags is a '|'-separated list: match one whole tag.
    where += " AND ('|' || c.campaign_tags || '|') LIKE ? ESCAPE '\\'";
    std::string tag = internal::LikePrefix(*f.campaign);  // escaped tag + "%"
    tag.pop_back();
    params.emplace_back("%|" + tag + "|%");
  }
  if (f.agency_id) {
    where += " AND c.agency_id = ?";
    params.emplace_back(*f.agency_id);
  }
  if (f.region) {
    if (!internal::IsRegionCode(*f.region)) {
      return core::Status(core::InvalidArgument("行政区划代码有误"))
          .AddFieldError("region", "行政区划代码应为 6 位数字");
    }
    where += " AND " + internal::RegionSubtreeSql("c.region_code", *f.region, params);
  }
  if (f.threshold_met) {
    where += std::string(*f.threshold_met ? " AND" : " AND NOT") +
             " EXISTS (SELECT 1 FROM case_findings x WHERE x.case_id = c.id AND x.met = 1 AND "
            "x.level NOT IN ('repeat_offender', 'suspicion'))";
  }
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  IPE_ASSIGN_OR_RETURN(auto count, tx->Query(std::string("SELECT count(*)") + kCaseFrom + where,
                                             params));
  params.emplace_back(page.page_size);
  params.emplace_back(page.offset());
  IPE_ASSIGN_OR_RETURN(auto rows, tx->Query(std::string("SELECT ") + kCaseColumns + kCaseFrom +
                                                where + " ORDER BY c.id DESC LIMIT ? OFFSET ?",
                                            params));
  Page<Case> out;
  out.total = count[0].Int(0);
  out.page = page.page;
  out.page_size = page.page_size;
  for (const Row& r : rows) {
    IPE_ASSIGN_OR_RETURN(Case c, LoadCase(*tx, r.Int(0), false));
    out.items.push_back(std::move(c));
  }
  return out;
}

core::Result<Case> CloseCase(Context& ctx, const Principal& who, int64_t id,
                             const CaseClosing& closing) {
  IPE_RETURN_IF_ERROR(RequireCaseWriter(who));
  core::Status st = core::InvalidArgument("结案信息有误");
  bool bad = false;
  if (closing.closing_kind != "penalty" && closing.closing_kind != "dismissed") {
    st.AddFieldError("closing_kind", "结案方式应为 penalty 或 dismissed");
    bad = true;
  }
  if (closing.closing_kind == "penalty" &&
      (!closing.penalty_decision_no || internal::Trim(*closing.penalty_decision_no).empty())) {
    st.AddFieldError("penalty_decision_no", "行政处罚决定书文号不能为空");
    bad = true;
  }
  if (closing.fine && closing.fine->value < 0) {
    st.AddFieldError("fine_fen", "罚款不能为负");
    bad = true;
  }
  if (bad) return st;
  core::Timestamp now = ctx.Now();
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  IPE_ASSIGN_OR_RETURN(Case before, LoadCase(*tx, id, false));
  if (!CanSeeRecord(who, before.agency_id, before.region_code)) {
    return core::NotFound("案件不存在 (case not found): " + std::to_string(id));
  }
  if (!who.is_system() && who.agency_id != before.agency_id) {
    return core::PermissionDenied("只能办结本机构的案件");
  }
  if (before.status == "closed") return core::FailedPrecondition("案件已结案");
  IPE_RETURN_IF_ERROR(
      tx->Exec("UPDATE cases SET status = 'closed', closing_kind = ?, penalty_decision_no = ?, "
               "penalty_date = ?, fine_fen = ?, confiscation = ?, destruction_ordered = ?, "
               "closed_at = ?, updated_at = ?, version = version + 1 WHERE id = ?",
               {closing.closing_kind, Value(closing.penalty_decision_no),
                DateValue(closing.penalty_date), FenValue(closing.fine),
                Value(closing.confiscation), closing.destruction_ordered, now.seconds,
                now.seconds, id})
          .status());
  IPE_RETURN_IF_ERROR(AddEvent(*tx, id, who, now, "closed",
                               closing.closing_kind == "penalty"
                                   ? "作出行政处罚并结案 " + closing.penalty_decision_no.value_or("")
                                   : "不予处罚/撤案结案"));
  if (AnyMet(before.findings) && !before.has_transfer) {
    // 以罚代刑 candidate (Decree 310 art. 11): visible to the agency head and the region's
    // prosecutor through the alerts list.
    std::string message = "案件 " + before.input.case_number +
                          " 达到刑事追诉标准但未移送公安机关即以行政处罚结案，可能以罚代刑";
    IPE_RETURN_IF_ERROR(tx->Exec("INSERT INTO alerts (kind, case_id, agency_id, region_code, "
                                 "message, created_at, dedup_key) VALUES (?, ?, ?, ?, ?, ?, ?) "
                                 "ON CONFLICT (dedup_key) DO NOTHING",
                                 {"penalty_instead_of_prosecution", id, before.agency_id,
                                  before.region_code, message, now.seconds,
                                  "penalty_instead_of_prosecution:" + std::to_string(id)})
                            .status());
    IPE_RETURN_IF_ERROR(AddEvent(*tx, id, who, now, "alert", message));
  }
  IPE_ASSIGN_OR_RETURN(Case after, LoadCase(*tx, id, true));
  IPE_RETURN_IF_ERROR(AppendAudit(*tx, who, now,
                                  {"case.close", "case", std::to_string(id),
                                   "结案 " + after.input.case_number, CaseJson(before),
                                   CaseJson(after)}));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return after;
}

}  // namespace ipe::app
