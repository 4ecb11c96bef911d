// 信用档案: the credit record of one enterprise and its risk grade (credit.h GetCreditRecord).
#include <algorithm>

#include "app/credit/credit.h"
#include "app/credit/credit_store.h"
#include "app/permissions.h"
#include "core/ids.h"

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
  core::Timestamp now = ctx.Now();
  core::Date today = core::LocalDate(now);
  CreditRecord out;
  out.credit_code = code->str();
  out.window_years = rules.window_years;
  out.window_from = YearsBefore(today, rules.window_years);
  core::Timestamp since = core::StartOfLocalDay(out.window_from);

  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  CreditStore store(*tx);
  IPE_ASSIGN_OR_RETURN(auto disclosures, store.DisclosuresOf(out.credit_code, kRecordRows));
  for (Disclosure& d : disclosures) {
    if (d.status == "published" && d.decision_date >= out.window_from) ++out.facts.penalties;
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
    if (l.status == "listed" && l.period_until >= today) out.listed_now = true;
    if (out.name.empty()) out.name = l.subject_name;
  }
  out.facts.listed = out.listed_now;
  IPE_ASSIGN_OR_RETURN(out.repairs, store.RepairsOf(out.credit_code, kRecordRows));
  for (CreditRepair& r : out.repairs) {
    if (!who.is_system() && who.agency_id != r.agency_id) r.contact_phone.reset();
  }
  IPE_ASSIGN_OR_RETURN(auto cases, store.CasesOf(out.credit_code, kRecordRows));
  for (CreditRecordCase& c : cases) {
    if (c.created_at >= since) ++out.facts.cases;
    if (c.sent_to_police_at && *c.sent_to_police_at >= since) ++out.facts.transfers;
    if (CanSeeRecord(who, c.agency_id, c.region_code)) {
      out.cases.push_back(std::move(c));
    } else {
      ++out.cases_elsewhere;
    }
  }
  IPE_ASSIGN_OR_RETURN(out.leads, store.LeadsSince(out.credit_code, since));
  out.facts.leads = static_cast<int>(std::min<int64_t>(out.leads, 1'000'000));
  out.grade = credit::GradeRisk(rules, out.facts);
  return out;
}

core::Result<std::vector<std::string>> ListedCreditCodes(Context& ctx,
                                                         const std::vector<std::string>& codes) {
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  return CreditStore(*tx).ListedAmong(codes, core::LocalDate(ctx.Now()));
}

}  // namespace ipe::app
