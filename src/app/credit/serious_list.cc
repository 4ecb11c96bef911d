// 严重违法失信名单 (SAMR Order 44): listing on a 较重行政处罚, removal, the public list (credit.h).
#include <nlohmann/json.hpp>

#include "app/accounts/audit.h"
#include "app/credit/credit.h"
#include "app/credit/credit_store.h"
#include "app/internal/text.h"
#include "app/permissions.h"
#include "core/limits.h"
#include "credit/disclosure.h"
#include "rules/pack.h"

namespace ipe::app {

const std::vector<CodeLabel>& SeriousListGrounds() {
  // Order 44 第七条 and 第九条 as legal-rules.md §4 gives them (第九条 [S], 第七条 [M]).
  static const std::vector<CodeLabel> k = {
      {"intentional_ip_infringement", "故意侵犯知识产权（第九条）"},
      {"abnormal_patent_application", "提交非正常专利申请（第九条）"},
      {"malicious_trademark_application", "恶意商标注册申请损害社会公共利益（第九条）"},
      {"illegal_ip_agency", "从事严重违法专利、商标代理行为（第九条）"},
      {"counterfeit_quality", "以假充真、以次充好、以不合格冒充合格等产品质量违法行为（第七条）"},
      {"false_origin_or_mark", "伪造产地、冒用厂名厂址、伪造或冒用认证标志（第七条）"},
  };
  return k;
}

namespace {

SeriousListing WithPeriodBasis(SeriousListing l) {
  auto period = credit::ComputeListingPeriod(rules::DefaultRuleSet(), l.listed_on);
  if (period) l.period_basis = period->basis;
  return l;
}

SeriousListing ForViewer(const Principal& who, SeriousListing l) {
  if (!who.is_system() && who.agency_id != l.agency_id) l.id_number.reset();
  return WithPeriodBasis(std::move(l));
}

nlohmann::json AuditJson(const SeriousListing& l) {
  return {{"id", l.id},         {"subject_name", l.subject_name}, {"category", l.category},
          {"status", l.status}, {"listed_on", l.listed_on.ToString()},
          {"period_until", l.period_until.ToString()}, {"removal_reason", l.removal_reason}};
}

core::Status RequireListingWriter(const Principal& who, int64_t agency_id) {
  if (who.is_system()) return core::Status::Ok();
  IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kCreditWrite, "列入或移出严重违法失信名单"));
  if (who.agency_id != agency_id) {
    return core::PermissionDenied("谁处罚、谁列入、谁移出：只能处理本机构作出处罚的当事人");
  }
  return core::Status::Ok();
}

}  // namespace

core::Result<SeriousListing> ListSeriousViolator(Context& ctx, const Principal& who,
                                                 int64_t disclosure_id, const std::string& category,
                                                 const std::string& basis, bool aggravated_fine) {
  core::Status st = core::InvalidArgument("列入名单的信息有误");
  bool bad = false;
  if (!LabelOf(SeriousListGrounds(), category)) {
    st.AddFieldError("category", "请选择列入的情形");
    bad = true;
  }
  std::string problem = internal::TextProblem(basis, core::limits::kDescriptionChars, true);
  if (!problem.empty()) {
    st.AddFieldError("basis", problem);
    bad = true;
  }
  if (bad) return st;
  core::Timestamp now = ctx.Now();
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  CreditStore store(*tx);
  IPE_ASSIGN_OR_RETURN(Disclosure d, store.Load(disclosure_id, true));
  if (!CanSeeRecord(who, d.agency_id, d.region_code)) {
    return core::NotFound("公示记录不存在: " + std::to_string(disclosure_id));
  }
  IPE_RETURN_IF_ERROR(RequireListingWriter(who, d.agency_id));
  if (d.status != "published") {
    return core::FailedPrecondition("只能依据已公示的行政处罚决定列入名单");
  }
  // 较重行政处罚 (Order 44 第二条): a heavier penalty kind, or a fine decided 从重.
  bool heavier = aggravated_fine && !d.penalty_kinds.empty();
  for (const std::string& k : d.penalty_kinds) {
    if (auto kind = credit::PenaltyKindFromKey(k)) heavier |= credit::InfoOf(*kind).heavier;
  }
  if (!heavier) {
    return core::FailedPrecondition(
        "列入严重违法失信名单须以较重行政处罚为前提（从重罚款、吊销证照、责令停产停业、限制从业等）");
  }
  core::Date today = core::LocalDate(now);
  IPE_ASSIGN_OR_RETURN(bool listed, store.OnSeriousList(d.credit_code, d.id_number, today));
  IPE_ASSIGN_OR_RETURN(bool this_one, store.DisclosureListed(d.id, today));
  if (listed || this_one) {
    return core::FailedPrecondition("该当事人已在严重违法失信名单中");
  }
  IPE_ASSIGN_OR_RETURN(credit::ListingPeriod period,
                       credit::ComputeListingPeriod(rules::DefaultRuleSet(), today));
  SeriousListing l;
  l.agency_id = d.agency_id;
  l.agency_name = d.agency_name;
  l.region_code = d.region_code;
  l.disclosure_id = d.id;
  l.subject_kind = d.party_kind;
  l.subject_name = d.party_name;
  l.credit_code = d.credit_code;
  l.id_number = d.id_number;
  l.id_masked = d.id_masked;
  l.category = category;
  l.basis = internal::Trim(basis);
  l.listed_on = today;
  l.period_until = period.until;
  l.early_removal_from = period.early_removal_from;
  l.status = "listed";
  IPE_ASSIGN_OR_RETURN(l.id, store.InsertListing(l, now));
  IPE_RETURN_IF_ERROR(AppendAudit(*tx, who, now,
                                  AuditEvent{"serious_list.add", "serious_listing", std::to_string(l.id),
                                             "列入严重违法失信名单：" + l.subject_name + "（" +
                                                 LabelOf(SeriousListGrounds(), category) + "）",
                                             std::nullopt, AuditJson(l).dump(),
                                             AuditScopeOf(l.region_code, l.agency_id)}));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return ForViewer(who, l);
}

core::Result<SeriousListing> RemoveSeriousListing(Context& ctx, const Principal& who, int64_t id,
                                                  const std::string& reason, bool conditions_met,
                                                  int64_t version) {
  std::string problem = internal::TextProblem(reason, core::limits::kDescriptionChars, true);
  if (!problem.empty()) {
    return core::Status(core::InvalidArgument("移出名单的信息有误")).AddFieldError("reason", problem);
  }
  core::Timestamp now = ctx.Now();
  core::Date today = core::LocalDate(now);
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  CreditStore store(*tx);
  IPE_ASSIGN_OR_RETURN(SeriousListing before, store.LoadListing(id, true));
  if (!CanSeeRecord(who, before.agency_id, before.region_code)) {
    return core::NotFound("名单记录不存在: " + std::to_string(id));
  }
  IPE_RETURN_IF_ERROR(RequireListingWriter(who, before.agency_id));
  if (before.status != "listed" || before.period_until < today) {
    return core::FailedPrecondition("该记录已移出名单或已期满");
  }
  if (before.version != version) return core::FailedPrecondition("名单记录已被他人修改，请刷新后重试");
  if (today < before.early_removal_from) {
    return core::FailedPrecondition("列入满1年后方可申请提前移出（" + before.early_removal_from.ToString() +
                                    " 起）");
  }
  if (!conditions_met) {
    return core::FailedPrecondition(
        "提前移出须同时满足：限制期限届满、已履行处罚义务、已整改消除危害后果、未再受到较重行政处罚");
  }
  SeriousListing after = before;
  after.status = "removed";
  after.removed_on = today;
  after.removal_reason = internal::Trim(reason);
  IPE_RETURN_IF_ERROR(store.UpdateListing(after, version, now));
  IPE_ASSIGN_OR_RETURN(after, store.LoadListing(id));
  IPE_RETURN_IF_ERROR(AppendAudit(*tx, who, now,
                                  AuditEvent{"serious_list.remove", "serious_listing", std::to_string(id),
                                             "提前移出严重违法失信名单：" + after.subject_name + "（" +
                                                 after.removal_reason + "）",
                                             AuditJson(before).dump(), AuditJson(after).dump(),
                                             AuditScopeOf(after.region_code, after.agency_id)}));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return ForViewer(who, after);
}

core::Result<Page<SeriousListing>> ListSeriousListings(Context& ctx, const Principal& who,
                                                       const PageRequest& page) {
  IPE_RETURN_IF_ERROR(page.Validate());
  DisclosureScope scope;
  scope.region = who.region_code;
  if (!SeesWholeRegion(who)) scope.agency = who.agency_id;
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  IPE_ASSIGN_OR_RETURN(auto out, CreditStore(*tx).ListListings(scope, std::nullopt, page));
  for (SeriousListing& l : out.items) l = ForViewer(who, std::move(l));
  return out;
}

core::Result<Page<SeriousListing>> PublicSeriousList(Context& ctx, const PageRequest& page) {
  IPE_RETURN_IF_ERROR(page.Validate());
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  IPE_ASSIGN_OR_RETURN(auto out, CreditStore(*tx).ListListings({}, core::LocalDate(ctx.Now()), page));
  for (SeriousListing& l : out.items) {
    l.id_number.reset();
    l.agency_id = 0;
  }
  return out;
}

}  // namespace ipe::app
