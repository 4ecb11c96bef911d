// 信用档案: the credit record of one enterprise and its risk grade (credit.h GetCreditRecord), the
// stored grades for 分级分类监管 (ListCreditSubjects, RegradeSubjectInTx), and the record of a
// natural person by ID number (GetPersonCreditRecord).
#include <algorithm>

#include "app/accounts/audit.h"
#include "app/credit/credit.h"
#include "app/credit/credit_store.h"
#include "app/crypto.h"
#include "app/internal/text.h"
#include "app/permissions.h"
#include "app/public/gate_store.h"
#include "core/ids.h"
#include "core/mask.h"

namespace ipe::app {
namespace {

// Each list of the record shows this many rows, newest first (an enterprise with more is rare
// and the counts in `facts` still count them all within the window).
constexpr int kRecordRows = 200;

// The same day `years` earlier (29 February → 28 February).
core::Date YearsBefore(core::Date d, int years) {
  int y;
  unsigned m, day;
  d.ToCivil(y, m, day);
  if (m == 2 && day == 29) day = 28;
  return core::Date::FromCivil(y - years, m, day);
}

// What a reader outside the deciding agency's scope may see of a disclosure: the records that
// were published (now or before); drafts and withheld records stay with their scope.
bool PublishedOnce(const Disclosure& d) {
  return d.status == "published" || d.status == "withdrawn" || d.status == "repaired";
}

// The rules' window ending `now`: its first day, and that day's first instant.
struct Window {
  core::Date today;
  core::Date from;
  core::Timestamp since;
};
Window WindowOf(const credit::RiskRules& rules, core::Timestamp now) {
  Window w;
  w.today = core::LocalDate(now);
  w.from = YearsBefore(w.today, rules.window_years);
  w.since = core::StartOfLocalDay(w.from);
  return w;
}

}  // namespace

core::Result<CreditRecord> GetCreditRecord(Context& ctx, const Principal& who,
                                           const std::string& credit_code) {
  IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kCreditRead, "查看信用档案"));
  auto code = core::ParseUscc(credit_code);
  if (!code) {
    return core::InvalidArgument("统一社会信用代码无效 (invalid credit code)")
        .AddFieldError("credit_code", code.error.message);
  }
  const credit::RiskRules& rules = credit::DefaultRiskRules();
  const Window w = WindowOf(rules, ctx.Now());
  const core::Date today = w.today;
  const core::Timestamp since = w.since;
  CreditRecord out;
  out.credit_code = code->str();
  out.window_years = rules.window_years;
  out.window_from = w.from;

  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  CreditStore store(*tx);
  IPE_ASSIGN_OR_RETURN(out.facts, store.FactsOf(out.credit_code, out.window_from, since, today));
  IPE_ASSIGN_OR_RETURN(auto disclosures, store.DisclosuresOf(out.credit_code, kRecordRows));
  for (Disclosure& d : disclosures) {
    if (out.name.empty()) out.name = d.party_name;
    if (!PublishedOnce(d) && !CanSeeRecord(who, d.agency_id, d.region_code)) continue;
    if (!who.is_system() && who.agency_id != d.agency_id) {
      d.facts = d.facts_public;
      d.other_persons.clear();
    }
    out.penalties.push_back(std::move(d));
  }
  IPE_ASSIGN_OR_RETURN(out.listings, store.ListingsOf(out.credit_code, kRecordRows));
  for (SeriousListing& l : out.listings) {
    if (!who.is_system() && who.agency_id != l.agency_id) l.id_number.reset();
    if (out.name.empty()) out.name = l.subject_name;
  }
  out.listed_now = out.facts.listed;
  IPE_ASSIGN_OR_RETURN(out.repairs, store.RepairsOf(out.credit_code, kRecordRows));
  for (CreditRepair& r : out.repairs) {
    if (!who.is_system() && who.agency_id != r.agency_id) r.contact_phone.reset();
  }
  // The IP office's findings are acts it makes public (its 失信 list): shown to every reader.
  IPE_ASSIGN_OR_RETURN(out.ip_findings, store.FindingsOf(out.credit_code, kRecordRows));
  for (IpFinding& f : out.ip_findings) {
    if (out.name.empty()) out.name = f.subject_name;
  }
  IPE_ASSIGN_OR_RETURN(auto cases, store.CasesOf(out.credit_code, kRecordRows));
  for (CreditRecordCase& c : cases) {
    if (CanSeeRecord(who, c.agency_id, c.region_code)) {
      out.cases.push_back(std::move(c));
    } else {
      ++out.cases_elsewhere;
    }
  }
  out.leads = out.facts.leads;
  out.grade = credit::GradeRisk(rules, out.facts);
  return out;
}

core::Result<PersonCreditRecord> GetPersonCreditRecord(Context& ctx, const Principal& who,
                                                       const std::string& id_number) {
  IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kCreditRead, "查看信用档案"));
  core::Timestamp now = ctx.Now();
  core::Date today = core::LocalDate(now);
  auto id = core::ParseResidentId(id_number, today);
  if (!id) {
    return core::InvalidArgument("公民身份号码无效 (invalid ID number)")
        .AddFieldError("id_number", id.error.message);
  }
  const std::string number = id->str();
  PersonCreditRecord out;
  out.id_masked = core::MaskResidentId(number);
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  CreditStore store(*tx);
  IPE_ASSIGN_OR_RETURN(auto disclosures, store.DisclosuresOf(number, kRecordRows, SubjectKey::kIdNumber));
  for (Disclosure& d : disclosures) {
    const bool in_scope = CanSeeRecord(who, d.agency_id, d.region_code);
    if (!in_scope && !PublishedOnce(d)) continue;
    if (!who.is_system() && who.agency_id != d.agency_id) {
      d.facts = d.facts_public;
      d.other_persons.clear();
    }
    if (!in_scope) d.id_number.reset();
    if (out.name.empty()) out.name = d.party_name;
    out.penalties.push_back(std::move(d));
  }
  IPE_ASSIGN_OR_RETURN(auto listings, store.ListingsOf(number, kRecordRows, SubjectKey::kIdNumber));
  for (SeriousListing& l : listings) {
    if (l.status == "listed" && l.period_until >= today) out.listed_now = true;
    if (!who.is_system() && who.agency_id != l.agency_id) l.id_number.reset();
    if (out.name.empty()) out.name = l.subject_name;
    out.listings.push_back(std::move(l));
  }
  // A person's findings: in the reader's scope only, the number kept with the recording agency.
  IPE_ASSIGN_OR_RETURN(auto findings, store.FindingsOf(number, kRecordRows, SubjectKey::kIdNumber));
  for (IpFinding& f : findings) {
    if (!CanSeeRecord(who, f.agency_id, f.region_code)) continue;
    if (!who.is_system() && who.agency_id != f.agency_id) f.id_number.reset();
    if (out.name.empty()) out.name = f.subject_name;
    out.ip_findings.push_back(std::move(f));
  }
  IPE_ASSIGN_OR_RETURN(auto cases, store.CasesOf(number, kRecordRows, SubjectKey::kIdNumber));
  for (CreditRecordCase& c : cases) {
    if (CanSeeRecord(who, c.agency_id, c.region_code)) out.cases.push_back(std::move(c));
  }
  // The lookup is audited under a keyed hash of the number (a plain hash of an ID number is
  // found again by trying the birth dates), so the log can tell lookups of one person apart.
  IPE_ASSIGN_OR_RETURN(std::string key,
                       GateStore(*tx).Secret("person_lookup", RandomHex(32), now));
  IPE_RETURN_IF_ERROR(AppendAudit(
      *tx, who, now,
      {"credit.person_lookup", "credit_person", HmacSha256Hex(key, number).substr(0, 24),
       "查询个人信用档案：" + out.id_masked + "（处罚 " + std::to_string(out.penalties.size()) +
           " 条，名单 " + std::to_string(out.listings.size()) + " 条，案件 " +
           std::to_string(out.cases.size()) + " 件）",
       std::nullopt, std::nullopt, AuditScopeOf(who.region_code, std::nullopt)}));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return out;
}

core::Status RegradeSubjectInTx(storage::Tx& tx, const std::string& credit_code,
                                core::Timestamp now) {
  auto code = core::ParseUscc(credit_code);
  if (!code) return core::Status::Ok();  // only valid codes are graded (and stored as validated)
  const credit::RiskRules& rules = credit::DefaultRiskRules();
  const Window w = WindowOf(rules, now);
  CreditStore store(tx);
  CreditSubject s;
  s.credit_code = code->str();
  s.region_code = code->region_code();
  IPE_ASSIGN_OR_RETURN(s.name, store.NameOf(s.credit_code));
  IPE_ASSIGN_OR_RETURN(s.facts, store.FactsOf(s.credit_code, w.from, w.since, w.today));
  credit::RiskGrade g = credit::GradeRisk(rules, s.facts);
  s.grade = g.key;
  s.reasons = std::move(g.reasons);
  s.graded_on = w.today;
  return store.SaveSubject(s, now);
}

core::Result<int64_t> RegradeAllSubjects(Context& ctx, const Principal& who) {
  IPE_RETURN_IF_ERROR(RequireAnyRole(who, {Role::kAdmin}, "重算信用风险分类"));
  constexpr size_t kPerTx = 500;
  std::vector<std::string> codes;
  {
    IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
    IPE_ASSIGN_OR_RETURN(codes, CreditStore(*tx).AllSubjectCodes());
  }
  const core::Timestamp now = ctx.Now();
  for (size_t i = 0; i < codes.size(); i += kPerTx) {
    IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
    for (size_t j = i; j < std::min(codes.size(), i + kPerTx); ++j) {
      IPE_RETURN_IF_ERROR(RegradeSubjectInTx(*tx, codes[j], now));
    }
    IPE_RETURN_IF_ERROR(tx->Commit());
  }
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  IPE_RETURN_IF_ERROR(AppendAudit(*tx, who, now,
                                  {"credit.regrade", "credit_subject", core::LocalDate(now).ToString(),
                                   "重算企业信用风险分类：" + std::to_string(codes.size()) + " 户",
                                   std::nullopt, std::nullopt}));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return static_cast<int64_t>(codes.size());
}

core::Result<Page<CreditSubject>> ListCreditSubjects(Context& ctx, const Principal& who,
                                                     const SubjectFilter& f, const PageRequest& page) {
  IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kCreditRead, "查看信用档案"));
  IPE_RETURN_IF_ERROR(page.Validate());
  if (f.grade && !credit::DefaultRiskRules().Find(*f.grade)) {
    return core::Status(core::InvalidArgument("风险分类有误 (unknown grade)"))
        .AddFieldError("grade", "风险分类应为风险分类规则中的类别（A、B、C、D）");
  }
  if (f.region && !internal::IsRegionCode(*f.region)) {
    return core::Status(core::InvalidArgument("行政区划代码有误"))
        .AddFieldError("region", "行政区划代码应为 6 位数字");
  }
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  return CreditStore(*tx).ListSubjects(who.region_code, f, page);
}

core::Result<std::vector<std::string>> ListedCreditCodes(Context& ctx,
                                                         const std::vector<std::string>& codes) {
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  return CreditStore(*tx).ListedAmong(codes, core::LocalDate(ctx.Now()));
}

}  // namespace ipe::app
