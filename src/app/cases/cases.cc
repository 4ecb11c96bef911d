// Cases (案件): create, update, read, list/search, close, import. See cases.h. The SQL is in
// case_store.cc; this file decides (permissions, validation, findings, timeline, audit).
#include "app/cases/cases.h"

#include <algorithm>
#include <map>
#include <set>
#include <string_view>
#include <tuple>
#include <nlohmann/json.hpp>

#include "app/accounts/audit.h"
#include "app/accounts/audit_vocabulary.h"
#include "app/cases/case_store.h"
#include "app/cases/findings.h"
#include "app/credit/credit.h"
#include "app/events/events.h"
#include "credit/disclosure.h"
#include "app/internal/text.h"
#include "app/permissions.h"
#include "core/ids.h"
#include "core/limits.h"
#include "core/utf8.h"
#include "core/mask.h"
#include "core/region.h"
#include "rules/pack.h"
#include "rules/transfer_workflow.h"

namespace ipe::app {
namespace {

bool IsCode(const std::vector<CodeLabel>& table, const std::string& code) {
  return LabelOf(table, code) != nullptr;
}

// Issue 18's dimensions of a case, each an optional code of its table: the form's validation and
// the list's filter check them with the same messages. `add(field, message)` for each bad one.
template <typename Add>
void CheckDimensions(const std::optional<std::string>& channel, const std::optional<std::string>& trade,
                     const std::optional<std::string>& goods_class, Add add) {
  if (channel && !IsCode(CaseChannels(), *channel)) add("channel", "线上线下应为 online（线上）或 offline（线下）");
  if (trade && !IsCode(CaseTrades(), *trade)) {
    add("trade", "进出口应为 import（进口）、export（出口）或 domestic（国内）");
  }
  if (goods_class && !IsCode(GoodsClasses(), *goods_class)) {
    add("goods_class", "商品分类应为尼斯分类第 1–34 类的两位类号（如 25）");
  }
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
                      {"channel", c.input.channel ? nlohmann::json(*c.input.channel) : nlohmann::json()},
                      {"trade", c.input.trade ? nlohmann::json(*c.input.trade) : nlohmann::json()},
                      {"goods_class", c.input.goods_class ? nlohmann::json(*c.input.goods_class) : nlohmann::json()},
                      {"illegal_business_fen", fen(a.illegal_business)},
                      {"illegal_gains_fen", fen(a.illegal_gains)},
                      {"sales_fen", fen(a.sales)},
                      {"unsold_value_fen", fen(a.unsold_value)},
                      {"loss_fen", fen(a.loss)},
                      {"version", c.version}};
  return j.dump();
}


// The thresholds for the case (its own amounts, then added up with the same party's unpunished
// cases of the same conduct in the province). `id` 0: a case not stored yet (excludes nothing).
core::Result<std::vector<CaseFinding>> EvaluateInStore(CaseStore& store, int64_t id,
                                                       const CaseInput& in,
                                                       const std::string& region, core::Date today,
                                                       std::string* regime) {
  IPE_ASSIGN_OR_RETURN(auto priors, store.PriorPenalties(id, in));
  std::vector<CaseFinding> findings = internal::EvaluateFindings(in, priors, today, regime);
  IPE_ASSIGN_OR_RETURN(auto unpunished, store.UnpunishedCasesOfParties(id, in, region));
  std::vector<internal::AddedCase> others;
  for (const auto& u : unpunished) {
    others.push_back({u.case_number + "（" + u.agency_name + "）", u.act_date_from, u.act_date_to,
                      u.illegal_business, u.illegal_gains, u.sales});
  }
  for (CaseFinding& f : internal::CumulativeFindings(in, findings, others, priors, today)) {
    findings.push_back(std::move(f));
  }
  return findings;
}

// Re-evaluates the thresholds for the case and replaces its findings; returns them.
core::Result<std::vector<CaseFinding>> StoreFindings(CaseStore& store, int64_t id,
                                                     const CaseInput& in,
                                                     const std::string& region,
                                                     core::Timestamp now) {
  std::string regime;
  IPE_ASSIGN_OR_RETURN(auto findings,
                       EvaluateInStore(store, id, in, region, core::LocalDate(now), &regime));
  IPE_RETURN_IF_ERROR(store.ReplaceFindings(id, findings, regime, now));
  return findings;
}

// Personal data of natural persons is shown in full only to the owning agency and to the
// prosecutor and police of the region (who work the case); others in scope see it masked — and
// cannot find a case by it either (CaseQuery::person_names_agency).
bool SeesPersonalDataOfEveryCase(const Principal& who) {
  return who.is_system() || who.Has(Role::kProsecutor) || who.Has(Role::kPolice);
}

void MaskForViewer(const Principal& who, Case& c) {
  bool full = SeesPersonalDataOfEveryCase(who) || who.agency_id == c.agency_id;
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
  return RequireCapability(who, Capability::kCaseWrite, "办理案件");
}

// A threshold (not a flag) is met: the case must be transferred (Decree 310 art. 3).
bool AnyMet(const std::vector<CaseFinding>& f) {
  return std::any_of(f.begin(), f.end(),
                     [](const CaseFinding& x) { return x.met && internal::IsThresholdFinding(x); });
}

constexpr const char* kThresholdMetEvent = "达到刑事追诉标准，应依法移送公安机关";

}  // namespace

std::string CaseEventLabel(std::string_view kind) {
  static const std::vector<CodeLabel> k = {
      {"created", "登记"},  {"updated", "修改"},  {"closed", "结案"},   {"finding", "追诉标准研判"},
      {"clock", "期限"},    {"alert", "预警"},    {"origin", "来源"}};
  if (const char* zh = LabelOf(k, kind)) return zh;
  // Transfer and supervision steps are named as in the audit log.
  return std::string(AuditActionLabel(kind, /*english=*/false));
}

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

const std::vector<CodeLabel>& CaseChannels() {
  static const std::vector<CodeLabel> k = {{"online", "线上"}, {"offline", "线下"}};
  return k;
}

const std::vector<CodeLabel>& CaseTrades() {
  static const std::vector<CodeLabel> k = {{"import", "进口"}, {"export", "出口"}, {"domestic", "国内"}};
  return k;
}


core::Status ValidateCaseInput(const CaseInput& in, core::Date today) {
  namespace limits = core::limits;
  core::Status st = core::InvalidArgument("案件信息有误 (invalid case)");
  bool bad = false;
  auto add = [&](std::string field, std::string msg) {
    st.AddFieldError(std::move(field), std::move(msg));
    bad = true;
  };
  auto text = [&](const std::string& field, const char* label, std::string_view value,
                  size_t max_chars, bool required) {
    std::string problem = internal::TextProblem(value, max_chars, required);
    if (!problem.empty()) add(field, std::string(label) + problem);
  };
  auto list = [&](const std::string& field, const char* label, size_t size, size_t max) {
    if (size > max) add(field, std::string(label) + "不能超过 " + std::to_string(max) + " 项");
    return size <= max;
  };
  text("case_number", "案件编号", in.case_number, limits::kCaseNumberChars, true);
  text("title", "案件名称", in.title, limits::kTitleChars, true);
  text("goods", "涉案物品", in.goods, limits::kGoodsChars, false);
  if (in.conduct) text("conduct", "违法行为类型", *in.conduct, limits::kShortTextChars, false);
  if (list("campaign_tags", "专项行动标签", in.campaign_tags.size(), limits::kCaseCampaignTags)) {
    for (size_t i = 0; i < in.campaign_tags.size(); ++i) {
      text("campaign_tags[" + std::to_string(i) + "]", "专项行动标签", in.campaign_tags[i],
           limits::kShortTextChars, true);
    }
  }
  if (!IsCode(CaseCategories(), in.category)) add("category", "案件类别无效");
  if (!IsCode(CaseSources(), in.source)) add("source", "案件来源无效");
  CheckDimensions(in.channel, in.trade, in.goods_class, add);
  if (in.conduct && !rules::ConductFromKey(*in.conduct)) add("conduct", "违法行为类型无效");
  if (in.act_date_from && *in.act_date_from > today) add("act_date_from", "行为日期不能晚于今天");
  if (in.act_date_from && in.act_date_to && *in.act_date_to < *in.act_date_from) {
    add("act_date_to", "结束日期不能早于开始日期");
  }
  if (in.region_code && !internal::IsRegionCode(*in.region_code)) {
    add("region_code", "行政区划代码应为 6 位数字");
  }
  const CaseAmounts& a = in.amounts;
  // One bound for every amount (issue 12 point 12): the rule evaluator refuses larger ones, so a
  // case holding one would silently get no findings.
  auto non_negative_fen = [&](const char* field, const std::optional<core::Fen>& f) {
    if (f && f->value < 0) add(field, "金额不能为负");
    if (f && f->value > limits::kMaxAmountFen) add(field, core::AmountTooLargeMessage());
  };
  non_negative_fen("amounts_fen.illegal_business", a.illegal_business);
  non_negative_fen("amounts_fen.illegal_gains", a.illegal_gains);
  non_negative_fen("amounts_fen.sales", a.sales);
  non_negative_fen("amounts_fen.unsold_value", a.unsold_value);
  non_negative_fen("amounts_fen.loss", a.loss);
  auto non_negative = [&](const char* field, const std::optional<int64_t>& v) {
    if (v && *v < 0) add(field, "数量不能为负");
    if (v && *v > limits::kMaxCount) {
      add(field, "数量不能超过 " + std::to_string(limits::kMaxCount));
    }
  };
  non_negative("counts.marks", a.marks);
  non_negative("counts.copies", a.copies);
  non_negative("counts.rights_involved", a.rights_involved);
  non_negative("counts.unsold_marks", a.unsold_marks);
  non_negative("counts.unsold_copies", a.unsold_copies);
  non_negative("counts.clicks", a.clicks);
  non_negative("counts.members", a.members);
  non_negative("counts.works", a.works);
  text("harm_to_health_detail", "危害人体健康情况", a.harm_to_health_detail,
       limits::kDescriptionChars, false);
  bool parties_ok = list("parties", "当事人", in.parties.size(), limits::kCaseParties);
  for (size_t i = 0; parties_ok && i < in.parties.size(); ++i) {
    const CaseParty& p = in.parties[i];
    std::string prefix = "parties[" + std::to_string(i) + "].";
    if (p.kind != "company" && p.kind != "person") add(prefix + "kind", "当事人类型应为 company 或 person");
    text(prefix + "name", "当事人名称", p.name, limits::kPartyNameChars, true);
    if (p.phone) text(prefix + "phone", "联系电话", *p.phone, limits::kPhoneChars, false);
    if (p.address) text(prefix + "address", "地址", *p.address, limits::kAddressChars, false);
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
  bool rights_ok = list("rights", "涉及权利", in.rights.size(), limits::kCaseRights);
  for (size_t i = 0; rights_ok && i < in.rights.size(); ++i) {
    std::string prefix = "rights[" + std::to_string(i) + "].";
    text(prefix + "reg_number", "注册号", in.rights[i].reg_number, limits::kShortTextChars, false);
    text(prefix + "holder", "权利人", in.rights[i].holder, limits::kPartyNameChars, false);
    text(prefix + "description", "权利说明", in.rights[i].description, limits::kDescriptionChars,
         false);
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
core::Result<std::string> CaseRegion(CaseStore& store, const Principal& who, const CaseInput& in) {
  std::string region = in.region_code.value_or(who.region_code);
  IPE_RETURN_IF_ERROR(RequireRegion(who, region));
  if (region == kNationalRegion && !who.is_system()) {
    IPE_ASSIGN_OR_RETURN(auto agency_region, store.AgencyRegion(who.agency_id));
    if (agency_region) region = *agency_region;
  }
  return region;
}

// Inserts a validated case with its parties, rights, findings, timeline and audit record inside
// `tx`. AlreadyExists (field case_number) on a duplicate number within the agency.
core::Result<Case> InsertCase(storage::Tx& tx, const Principal& who, const CaseInput& input,
                              core::Timestamp now) {
  CaseStore store(tx);
  IPE_ASSIGN_OR_RETURN(std::string region, CaseRegion(store, who, input));
  IPE_ASSIGN_OR_RETURN(int64_t id, store.Insert({who.agency_id, region, &input, who.actor_id(), now}));
  IPE_ASSIGN_OR_RETURN(auto findings, StoreFindings(store, id, input, region, now));
  IPE_RETURN_IF_ERROR(store.AddEvent(id, who.actor_id(), now, "created", "立案登记 " + input.case_number));
  if (AnyMet(findings)) {
    IPE_RETURN_IF_ERROR(store.AddEvent(id, who.actor_id(), now, "finding", kThresholdMetEvent));
  }
  IPE_ASSIGN_OR_RETURN(Case c, store.Load(id, CaseStore::Detail::kFull));
  IPE_RETURN_IF_ERROR(AppendAudit(tx, who, now,
                                  {"case.create", "case", std::to_string(id),
                                   "登记案件 " + c.input.case_number, std::nullopt, CaseJson(c),
                                   AuditScopeOf(c.region_code, c.agency_id)}));
  return c;
}

}  // namespace

core::Status CheckMayRegisterCases(const Principal& who) { return RequireCaseWriter(who); }

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
  CaseStore store(tx);
  IPE_RETURN_IF_ERROR(store.AddEvent(c.id, who.actor_id(), now, "origin", origin));
  return store.Load(c.id, CaseStore::Detail::kFull);
}

core::Result<int> ImportCases(Context& ctx, const Principal& who, const std::vector<CaseInput>& rows,
                              const std::vector<int64_t>& row_numbers,
                              const ImportProgress& progress) {
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
  std::vector<std::string> number_list;
  for (size_t i = 0; i < rows.size(); ++i) {
    core::Status st = ValidateCaseInput(rows[i], core::LocalDate(now));
    for (const auto& fe : st.field_errors()) all.AddFieldError(row_of(i) + "." + fe.field, fe.message), bad = true;
    std::string number = internal::Trim(rows[i].case_number);
    if (!numbers.insert(number).second) {
      all.AddFieldError(row_of(i) + ".case_number", "文件内案件编号重复"), bad = true;
    }
    number_list.push_back(std::move(number));
  }
  if (bad) return all;
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  CaseStore store(*tx);
  // Every row of a file belongs to the importer's agency and region (as CreateCase decides it).
  CaseInput region_probe;
  IPE_ASSIGN_OR_RETURN(std::string region, CaseRegion(store, who, region_probe));
  IPE_ASSIGN_OR_RETURN(auto existing, store.ExistingNumbers(who.agency_id, number_list));
  if (!existing.empty()) {
    std::set<std::string> taken(existing.begin(), existing.end());
    core::Status st = core::AlreadyExists("本机构已有相同编号的案件；未导入任何案件 (nothing imported)");
    for (size_t i = 0; i < rows.size(); ++i) {
      if (taken.count(number_list[i])) st.AddFieldError(row_of(i) + ".case_number", "本机构已有相同编号的案件");
    }
    return st;
  }
  // Rows with their own region (the API allows it) go through the single-case path.
  std::vector<CaseStore::BulkCase> bulk;
  bulk.reserve(rows.size());
  std::vector<std::string> keys;
  for (const CaseInput& in : rows) {
    for (const CaseParty& p : in.parties) {
      if (auto key = internal::PriorPenaltyKey(p)) keys.push_back(std::move(*key));
    }
  }
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  IPE_ASSIGN_OR_RETURN(auto prior_list, store.PriorPenaltiesOf(keys));
  std::multimap<std::string, rules::PriorPenalty> priors(prior_list.begin(), prior_list.end());
  // Cumulative amounts (法释〔2004〕19号 第十二条) as on a single save: the party's unpunished cases
  // of the same conduct in the province — those already stored and the other rows of this file.
  struct Other {
    std::string conduct;
    std::string label;
    internal::AddedCase added;
  };
  std::multimap<std::string, Other> others_by_key;
  IPE_ASSIGN_OR_RETURN(auto stored, store.UnpunishedCasesOf(keys, region));
  for (const auto& u : stored) {
    std::string label = u.c.case_number + "（" + u.c.agency_name + "）";
    others_by_key.emplace(u.key, Other{u.conduct, label,
                                       {label, u.c.act_date_from, u.c.act_date_to,
                                        u.c.illegal_business, u.c.illegal_gains, u.c.sales}});
  }
  for (const CaseInput& in : rows) {
    if (!in.conduct || (in.region_code && *in.region_code != region)) continue;
    std::string label = internal::Trim(in.case_number) + "（本次导入）";
    const CaseAmounts& a = in.amounts;
    for (const CaseParty& p : in.parties) {
      if (auto key = internal::PriorPenaltyKey(p)) {
        others_by_key.emplace(*key, Other{*in.conduct, label,
                                          {label, in.act_date_from, in.act_date_to,
                                           a.illegal_business, a.illegal_gains, a.sales}});
      }
    }
  }
  constexpr size_t kMaxAdded = 50;  // as UnpunishedCasesOfParties
  for (size_t i = 0; i < rows.size(); ++i) {
    const CaseInput& in = rows[i];
    if (in.region_code && *in.region_code != region) {
      IPE_RETURN_IF_ERROR(RequireRegion(who, *in.region_code));
      auto c = InsertCase(*tx, who, in, now);
      if (!c) {
        core::Status st = c.error();
        core::Status out(st.code(), "第 " + std::to_string(row_number(i)) + " 行：" +
                                        st.message() + "；未导入任何案件 (nothing imported)");
        for (const auto& fe : st.field_errors()) out.AddFieldError(row_of(i) + "." + fe.field, fe.message);
        return out;  // the transaction rolls back
      }
      continue;
    }
    std::vector<rules::PriorPenalty> mine;
    for (const CaseParty& p : in.parties) {
      std::optional<std::string> key = internal::PriorPenaltyKey(p);
      if (!key) continue;
      auto [lo, hi] = priors.equal_range(*key);
      for (auto it = lo; it != hi; ++it) mine.push_back(it->second);
    }
    std::string regime;
    auto findings = internal::EvaluateFindings(in, mine, core::LocalDate(now), &regime);
    if (in.conduct) {
      std::vector<internal::AddedCase> added;
      std::set<std::string> seen{internal::Trim(in.case_number) + "（本次导入）"};
      for (const CaseParty& p : in.parties) {
        std::optional<std::string> key = internal::PriorPenaltyKey(p);
        if (!key) continue;
        auto [lo, hi] = others_by_key.equal_range(*key);
        for (auto it = lo; it != hi && added.size() < kMaxAdded; ++it) {
          if (it->second.conduct != *in.conduct || !seen.insert(it->second.label).second) continue;
          added.push_back(it->second.added);
        }
      }
      for (CaseFinding& f :
           internal::CumulativeFindings(in, findings, added, mine, core::LocalDate(now))) {
        findings.push_back(std::move(f));
      }
    }
    bulk.push_back({&in, std::move(findings),
                    "立案登记 " + internal::Trim(in.case_number) + "（批量导入）", std::move(regime)});
  }
  // Chunks bound the size of each bulk statement (and let a long import report progress).
  constexpr size_t kChunk = 20000;
  std::vector<int64_t> ids;
  size_t written = rows.size() - bulk.size();  // rows with their own region, written above
  for (size_t from = 0; from < bulk.size(); from += kChunk) {
    std::vector<CaseStore::BulkCase> chunk(
        bulk.begin() + static_cast<std::ptrdiff_t>(from),
        bulk.begin() + static_cast<std::ptrdiff_t>(std::min(bulk.size(), from + kChunk)));
    IPE_ASSIGN_OR_RETURN(auto chunk_ids,
                         store.InsertMany(who.agency_id, region, who.actor_id(), now, chunk));
    ids.insert(ids.end(), chunk_ids.begin(), chunk_ids.end());
    written += chunk.size();
    if (progress) progress(written, rows.size());
  }
  nlohmann::json after = {{"count", rows.size()}};
  if (!ids.empty()) {
    after["first_id"] = *std::min_element(ids.begin(), ids.end());
    after["last_id"] = *std::max_element(ids.begin(), ids.end());
  }
  IPE_RETURN_IF_ERROR(AppendAudit(*tx, who, now,
                                  {"case.import", "case", "", "导入案件 " + std::to_string(rows.size()) + " 件",
                                   std::nullopt, after.dump(),
                                   AuditScopeOf(who.region_code, who.agency_id)}));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return static_cast<int>(rows.size());
}

core::Result<Case> UpdateCase(Context& ctx, const Principal& who, int64_t id,
                              const CaseInput& input, int64_t expected_version) {
  IPE_RETURN_IF_ERROR(RequireCaseWriter(who));
  core::Timestamp now = ctx.Now();
  IPE_RETURN_IF_ERROR(ValidateCaseInput(input, core::LocalDate(now)));
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  CaseStore store(*tx);
  IPE_ASSIGN_OR_RETURN(Case before, store.Load(id, CaseStore::Detail::kSummary));
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
  IPE_RETURN_IF_ERROR(store.Update(id, input, now, expected_version));
  bool was_met = AnyMet(before.findings);
  IPE_ASSIGN_OR_RETURN(auto findings, StoreFindings(store, id, input, before.region_code, now));
  IPE_RETURN_IF_ERROR(store.AddEvent(id, who.actor_id(), now, "updated", "修改案件信息"));
  if (AnyMet(findings) && !was_met) {
    IPE_RETURN_IF_ERROR(store.AddEvent(id, who.actor_id(), now, "finding", kThresholdMetEvent));
  }
  IPE_ASSIGN_OR_RETURN(Case after, store.Load(id, CaseStore::Detail::kFull));
  IPE_RETURN_IF_ERROR(AppendAudit(*tx, who, now,
                                  {"case.update", "case", std::to_string(id),
                                   "修改案件 " + after.input.case_number, CaseJson(before),
                                   CaseJson(after), AuditScopeOf(after.region_code, after.agency_id)}));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return after;
}

core::Result<FindingsPreview> PreviewFindings(Context& ctx, const Principal& who,
                                              const CaseInput& input,
                                              std::optional<int64_t> case_id) {
  IPE_RETURN_IF_ERROR(RequireCaseWriter(who));
  core::Date today = core::LocalDate(ctx.Now());
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  CaseStore store(*tx);
  std::string region = who.region_code;
  if (case_id) {
    IPE_ASSIGN_OR_RETURN(Case c, store.Load(*case_id, CaseStore::Detail::kSummary));
    if (!CanSeeRecord(who, c.agency_id, c.region_code)) {
      return core::NotFound("案件不存在 (case not found): " + std::to_string(*case_id));
    }
    if (!who.is_system() && who.agency_id != c.agency_id) {
      return core::PermissionDenied("只能研判本机构的案件");
    }
    region = c.region_code;
  }
  FindingsPreview out;
  if (!input.act_date_from && !input.act_date_to) out.missing.push_back("act_date");
  if (!input.conduct || input.conduct->empty()) out.missing.push_back("conduct");
  IPE_ASSIGN_OR_RETURN(out.findings, EvaluateInStore(store, case_id.value_or(0), input, region,
                                                     today, &out.regime_basis));
  return out;
}

core::Result<Case> GetCase(Context& ctx, const Principal& who, int64_t id) {
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  CaseStore store(*tx);
  IPE_ASSIGN_OR_RETURN(Case c, store.Load(id, CaseStore::Detail::kFull));
  if (!CanSeeRecord(who, c.agency_id, c.region_code)) {
    // The police agency a case was transferred to works the case too (Decree 310 art. 8).
    bool receiving_police = false;
    if (who.Has(Role::kPolice)) {
      IPE_ASSIGN_OR_RETURN(receiving_police, store.TransferredTo(id, who.agency_id));
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
  CaseQuery query;
  // Scope: the region subtree, and the own agency unless a supervisory role.
  query.scope.region = who.region_code;
  if (!SeesWholeRegion(who)) query.scope.agency = who.agency_id;
  if (!SeesPersonalDataOfEveryCase(who)) query.person_names_agency = who.agency_id;
  query.filter = f;
  if (query.filter.q && internal::Trim(*query.filter.q).empty()) query.filter.q.reset();
  if (f.region && !internal::IsRegionCode(*f.region)) {
    return core::Status(core::InvalidArgument("行政区划代码有误"))
        .AddFieldError("region", "行政区划代码应为 6 位数字");
  }
  // The case dimensions filter by their codes only (an unknown code is a mistake, not an empty list).
  core::Status bad = core::InvalidArgument("筛选条件有误 (bad filter)");
  bool refused = false;
  CheckDimensions(f.channel, f.trade, f.goods_class, [&](const char* field, const char* message) {
    bad.AddFieldError(field, message);
    refused = true;
  });
  if (refused) return bad;
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  return CaseStore(*tx).List(query, page);
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
  if (closing.fine && closing.fine->value > core::limits::kMaxAmountFen) {
    st.AddFieldError("fine_fen", core::AmountTooLargeMessage());
    bad = true;
  }
  for (auto [field, value, max] :
       {std::tuple{"penalty_decision_no", &closing.penalty_decision_no, core::limits::kCaseNumberChars},
        std::tuple{"confiscation", &closing.confiscation, core::limits::kDescriptionChars}}) {
    if (!*value) continue;
    std::string problem = internal::TextProblem(**value, max, false);
    if (!problem.empty()) {
      st.AddFieldError(field, problem);
      bad = true;
    }
  }
  for (size_t i = 0; i < closing.penalty_kinds.size(); ++i) {
    if (!credit::PenaltyKindFromKey(closing.penalty_kinds[i])) {
      st.AddFieldError("penalty_kinds[" + std::to_string(i) + "]",
                       "未知的处罚种类: " + closing.penalty_kinds[i]);
      bad = true;
    }
  }
  if (closing.penalty_kinds.size() > credit::PenaltyKinds().size()) {
    st.AddFieldError("penalty_kinds", "处罚种类过多");
    bad = true;
  }
  core::Timestamp now = ctx.Now();
  if (closing.penalty_date && *closing.penalty_date > core::LocalDate(now)) {
    st.AddFieldError("penalty_date", "处罚决定日期不能晚于今天");
    bad = true;
  }
  if (bad) return st;
  // The decision's date and kinds, which the disclosure needs (credit.h): the date defaults to
  // the day the case is closed, the kinds to what the fine and the confiscation say.
  CaseClosing effective = closing;
  if (effective.closing_kind == "penalty") {
    if (!effective.penalty_date) effective.penalty_date = core::LocalDate(now);
    if (effective.penalty_kinds.empty()) {
      if (effective.fine && effective.fine->value > 0) effective.penalty_kinds.push_back("fine");
      if (effective.confiscation && !internal::Trim(*effective.confiscation).empty()) {
        effective.penalty_kinds.push_back("confiscate_property");
      }
      if (effective.penalty_kinds.empty()) effective.penalty_kinds.push_back("warning");
    }
  }
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  CaseStore store(*tx);
  IPE_ASSIGN_OR_RETURN(Case before, store.Load(id, CaseStore::Detail::kSummary));
  if (!CanSeeRecord(who, before.agency_id, before.region_code)) {
    return core::NotFound("案件不存在 (case not found): " + std::to_string(id));
  }
  if (!who.is_system() && who.agency_id != before.agency_id) {
    return core::PermissionDenied("只能办结本机构的案件");
  }
  if (before.status == "closed") return core::FailedPrecondition("案件已结案");
  IPE_RETURN_IF_ERROR(store.Close(id, effective, now));
  IPE_RETURN_IF_ERROR(store.AddEvent(id, who.actor_id(), now, "closed",
                                     closing.closing_kind == "penalty"
                                         ? "作出行政处罚并结案 " + closing.penalty_decision_no.value_or("")
                                         : "不予处罚/撤案结案"));
  // 以罚代刑 candidate (Decree 310 art. 11): a threshold is met and the case never reached the
  // police — no transfer, one the head refused, or one approved but never sent. A transfer the
  // police received and then returned or refused to file does not count (arts. 10, 13).
  IPE_ASSIGN_OR_RETURN(auto transfer_statuses, store.TransferStatuses(id));
  bool sent = false, refused = false;
  for (const std::string& name : transfer_statuses) {
    auto status = rules::ParseTransferStatus(name);
    if (status && rules::WasSentToPolice(*status)) sent = true;
    if (status == rules::TransferStatus::kRejected) refused = true;
  }
  if (AnyMet(before.findings) && !sent) {
    bool confirmed = internal::AnyConfirmedMet(before.findings);
    std::string message =
        "案件 " + before.input.case_number + " 达到刑事追诉标准但未移送公安机关即" +
        (closing.closing_kind == "penalty" ? "以行政处罚结案，可能以罚代刑" : "结案，可能应移送而未移送");
    if (refused) {
      message += "（负责人曾决定不予移送）";
    } else if (!transfer_statuses.empty()) {
      message += "（移送未送达公安机关）";
    }
    if (!confirmed) message += "；所依据的追诉标准未经核实（M），请人工核对后处理";
    IPE_RETURN_IF_ERROR(store.RaisePenaltyInsteadOfProsecutionAlert(
        before, message, confirmed ? "high" : "low", now));
    IPE_RETURN_IF_ERROR(store.AddEvent(id, who.actor_id(), now, "alert", message));
    IPE_RETURN_IF_ERROR(AppendEvent(
        *tx, now,
        {"case.penalty_alert", "cases/" + std::to_string(id), before.agency_id, before.region_code,
         std::nullopt,
         nlohmann::json{{"case_id", id},
                        {"case_number", before.input.case_number},
                        {"agency_id", before.agency_id},
                        {"region_code", before.region_code},
                        {"severity", confirmed ? "high" : "low"},
                        {"message", message}}
             .dump()}));
  }
  // 行政处罚信息公示 (SAMR Order 45): a draft per punished party for the agency to review.
  IPE_ASSIGN_OR_RETURN(Case closed, store.Load(id, CaseStore::Detail::kFull));
  IPE_ASSIGN_OR_RETURN(int drafts, CreateDisclosureDraftsInTx(*tx, who, closed, effective, now));
  if (effective.closing_kind == "penalty") {
    IPE_RETURN_IF_ERROR(store.AddEvent(
        id, who.actor_id(), now, "disclosure",
        drafts > 0 ? "已生成行政处罚信息公示草稿 " + std::to_string(drafts) + " 份，须在时限内审核公示"
                   : "仅受警告的行政处罚不予公示（总局令第45号 第二条）"));
  }
  IPE_ASSIGN_OR_RETURN(Case after, store.Load(id, CaseStore::Detail::kFull));
  IPE_RETURN_IF_ERROR(AppendAudit(*tx, who, now,
                                  {"case.close", "case", std::to_string(id),
                                   "结案 " + after.input.case_number, CaseJson(before),
                                   CaseJson(after), AuditScopeOf(after.region_code, after.agency_id)}));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return after;
}

}  // namespace ipe::app
