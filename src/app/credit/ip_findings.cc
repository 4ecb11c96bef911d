// 知识产权失信认定: the IP office records its findings of malicious trademark filing and abnormal
// patent applications on the subject's credit record; revokes them with a reason (credit.h).
#include <nlohmann/json.hpp>

#include "app/accounts/accounts.h"
#include "app/accounts/audit.h"
#include "app/credit/credit.h"
#include "app/credit/credit_store.h"
#include "app/internal/text.h"
#include "app/permissions.h"
#include "core/ids.h"
#include "core/limits.h"
#include "core/mask.h"

namespace ipe::app {

const std::vector<CodeLabel>& IpFindingKinds() {
  // legal-rules.md §4: Order 44 第九条 names both as grounds for the serious-violation list, and
  // 国家知识产权局知识产权信用管理规定 (2022) as 失信 acts (both S).
  static const std::vector<CodeLabel> k = {
      {"malicious_trademark", "恶意商标注册申请（国家知识产权局知识产权信用管理规定；总局令第44号 第九条）"},
      {"abnormal_patent", "非正常专利申请（国家知识产权局知识产权信用管理规定；总局令第44号 第九条）"},
  };
  return k;
}

namespace {

// At most this many application numbers per finding, each a short text.
constexpr size_t kMaxFilings = 200;

nlohmann::json AuditJson(const IpFinding& f) {
  return {{"id", f.id},
          {"kind", f.kind},
          {"subject_name", f.subject_name},
          {"credit_code", f.credit_code.value_or("")},
          {"id_masked", f.id_masked.value_or("")},
          {"filing_numbers", f.filing_numbers},
          {"finding_date", f.finding_date.ToString()},
          {"status", f.status},
          {"revoke_reason", f.revoke_reason}};
}

// Officers and heads of an IP office (agency kind ip_office) record findings.
core::Status RequireFindingWriter(CreditStore& store, const Principal& who) {
  if (who.is_system()) return core::Status::Ok();
  IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kIpFindingRecord, "记录知识产权失信认定"));
  IPE_ASSIGN_OR_RETURN(std::string kind, store.AgencyKind(who.agency_id));
  if (kind != "ip_office") {
    return core::PermissionDenied("只有知识产权管理部门可以记录恶意商标注册、非正常专利申请的认定");
  }
  return core::Status::Ok();
}

IpFinding ForViewer(const Principal& who, IpFinding f) {
  if (!who.is_system() && who.agency_id != f.agency_id) f.id_number.reset();
  return f;
}

}  // namespace

core::Result<IpFinding> RecordIpFinding(Context& ctx, const Principal& who, const IpFindingInput& in) {
  core::Timestamp now = ctx.Now();
  core::Date today = core::LocalDate(now);
  IpFinding f;
  core::Status st = core::InvalidArgument("认定信息有误 (invalid finding)");
  bool bad = false;
  auto field = [&](const char* name, const std::string& problem) {
    st.AddFieldError(name, problem);
    bad = true;
  };
  if (!LabelOf(IpFindingKinds(), in.kind)) field("kind", "请选择认定类型（恶意商标注册申请或非正常专利申请）");
  f.kind = in.kind;
  f.subject_name = internal::Trim(in.subject_name);
  if (std::string p = internal::TextProblem(f.subject_name, core::limits::kShortTextChars, true); !p.empty()) {
    field("subject_name", p);
  }
  if (in.credit_code && in.id_number) field("id_number", "统一社会信用代码与身份证号只填其一");
  if (in.credit_code) {
    auto code = core::ParseUscc(*in.credit_code);
    if (!code) field("credit_code", code.error.message);
    else f.credit_code = code->str();
    f.subject_kind = "company";
  } else if (in.id_number) {
    auto id = core::ParseResidentId(*in.id_number, today);
    if (!id) {
      field("id_number", id.error.message);
    } else {
      f.id_number = id->str();
      f.id_masked = core::MaskResidentId(id->str());
    }
    f.subject_kind = "person";
  } else {
    field("credit_code", "请填写被认定主体的统一社会信用代码（自然人填身份证号）");
  }
  for (const std::string& n : in.filing_numbers) {
    std::string t = internal::Trim(n);
    if (t.empty()) continue;
    if (t.size() > core::limits::kShortTextChars) {
      field("filing_numbers", "申请号过长");
      break;
    }
    f.filing_numbers.push_back(t);
  }
  if (f.filing_numbers.empty()) field("filing_numbers", "请填写所涉商标或专利的申请号");
  if (f.filing_numbers.size() > kMaxFilings) field("filing_numbers", "申请号最多 200 个");
  if (!in.finding_date) {
    field("finding_date", "请填写认定日期");
  } else if (*in.finding_date > today) {
    field("finding_date", "认定日期不能晚于今天");
  } else {
    f.finding_date = *in.finding_date;
  }
  f.basis = internal::Trim(in.basis);
  if (std::string p = internal::TextProblem(f.basis, core::limits::kDescriptionChars, true); !p.empty()) {
    field("basis", p);
  }
  if (bad) return st;
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  CreditStore store(*tx);
  IPE_RETURN_IF_ERROR(RequireFindingWriter(store, who));
  f.agency_id = who.agency_id;
  f.agency_name = who.agency_name;
  f.region_code = who.region_code;
  f.status = "recorded";
  f.created_at = now;
  IPE_ASSIGN_OR_RETURN(f.id, store.InsertFinding(f, who.actor_id()));
  IPE_RETURN_IF_ERROR(AppendAudit(*tx, who, now,
                                  AuditEvent{"ip_finding.record", "ip_finding", std::to_string(f.id),
                                             "记录知识产权失信认定：" + f.subject_name + "（" +
                                                 (f.kind == "abnormal_patent" ? "非正常专利申请"
                                                                              : "恶意商标注册申请") +
                                                 "）",
                                             std::nullopt, AuditJson(f).dump(),
                                             AuditScopeOf(f.region_code, f.agency_id)}));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return f;
}

core::Result<IpFinding> RevokeIpFinding(Context& ctx, const Principal& who, int64_t id,
                                        const std::string& reason, int64_t version) {
  std::string why = internal::Trim(reason);
  if (std::string p = internal::TextProblem(why, core::limits::kDescriptionChars, true); !p.empty()) {
    return core::Status(core::InvalidArgument("撤销认定须说明理由")).AddFieldError("reason", p);
  }
  core::Timestamp now = ctx.Now();
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  CreditStore store(*tx);
  IPE_ASSIGN_OR_RETURN(IpFinding before, store.LoadFinding(id, true));
  if (!CanSeeRecord(who, before.agency_id, before.region_code)) {
    return core::NotFound("认定记录不存在: " + std::to_string(id));
  }
  IPE_RETURN_IF_ERROR(RequireFindingWriter(store, who));
  if (!who.is_system() && who.agency_id != before.agency_id) {
    return core::PermissionDenied("只能撤销本机构作出的认定");
  }
  if (before.status != "recorded") return core::FailedPrecondition("该认定已撤销");
  if (before.version != version) return core::FailedPrecondition("认定记录已被他人修改，请刷新后重试");
  IpFinding after = before;
  after.status = "revoked";
  after.revoke_reason = why;
  IPE_RETURN_IF_ERROR(store.RevokeFinding(after, version, now));
  after.version = version + 1;
  IPE_RETURN_IF_ERROR(AppendAudit(*tx, who, now,
                                  AuditEvent{"ip_finding.revoke", "ip_finding", std::to_string(id),
                                             "撤销知识产权失信认定：" + after.subject_name,
                                             AuditJson(before).dump(), AuditJson(after).dump(),
                                             AuditScopeOf(after.region_code, after.agency_id)}));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return after;
}

core::Result<Page<IpFinding>> ListIpFindings(Context& ctx, const Principal& who,
                                             const PageRequest& page) {
  IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kCreditRead, "查看知识产权失信认定"));
  IPE_RETURN_IF_ERROR(page.Validate());
  DisclosureScope scope;
  scope.region = who.region_code;
  if (!SeesWholeRegion(who)) scope.agency = who.agency_id;
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  IPE_ASSIGN_OR_RETURN(auto out, CreditStore(*tx).ListFindings(scope, page));
  for (IpFinding& f : out.items) f = ForViewer(who, std::move(f));
  return out;
}

core::Status LoadIpFindingsDemo(Context& ctx) {
  {
    IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
    IPE_ASSIGN_OR_RETURN(auto any, CreditStore(*tx).ListFindings(DisclosureScope{}, {1, 1}));
    if (!any.items.empty()) return core::Status::Ok();
  }
  IPE_ASSIGN_OR_RETURN(Principal cnipa, PrincipalForLogin(ctx, "cnipa_officer"));
  IpFindingInput in;
  in.kind = "malicious_trademark";
  in.subject_name = "杭州某某商贸有限公司";
  in.credit_code = "91330100MA2H7Q3C2U";
  in.filing_numbers = {"第65432101号", "第65432102号", "第65432103号"};
  in.finding_date = core::LocalDate(ctx.Now()).AddDays(-30);
  in.basis = "短期内大量申请注册与他人知名商标近似的商标，不以使用为目的，扰乱商标注册秩序。";
  return RecordIpFinding(ctx, cnipa, in).status();
}

}  // namespace ipe::app
