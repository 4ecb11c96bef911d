// Penalty disclosure use cases (credit.h): drafts at the close of a case, review, publication,
// withholding, withdrawal, and the public portal's reads.
#include <algorithm>
#include <map>

#include <nlohmann/json.hpp>

#include "app/accounts/audit.h"
#include "app/calendar/calendar.h"
#include "app/credit/credit.h"
#include "app/credit/credit_store.h"
#include "app/events/events.h"
#include "app/internal/text.h"
#include "app/permissions.h"
#include "core/ids.h"
#include "core/limits.h"
#include "core/region.h"
#include "credit/disclosure.h"
#include "rules/deadlines.h"
#include "rules/pack.h"

namespace ipe::app {

const std::vector<CodeLabel>& DisclosureStatuses() {
  static const std::vector<CodeLabel> k = {
      {"draft", "待公示"},      {"published", "已公示"}, {"withheld", "不予公示"},
      {"withdrawn", "已撤下"}, {"repaired", "已信用修复"}};
  return k;
}

const std::vector<CodeLabel>& WithholdReasons() {
  static const std::vector<CodeLabel> k = {
      {"minor", "当事人为未成年人"},
      {"state_secret", "涉及国家秘密"},
      {"commercial_secret", "涉及商业秘密"},
      {"privacy", "涉及个人隐私"},
      {"other", "其他依法不予公开的情形"},
  };
  return k;
}

const std::vector<CodeLabel>& WithdrawKinds() {
  static const std::vector<CodeLabel> k = {
      {"revoked", "行政处罚决定被撤销"},
      {"changed", "行政处罚决定被变更"},
      {"confirmed_illegal", "行政处罚决定被确认违法"},
      {"void", "行政处罚决定被确认无效"},
  };
  return k;
}

namespace {

// The deciding agency's officers and heads review and publish its records.
core::Status RequireDisclosureWriter(const Principal& who, const Disclosure& d) {
  if (who.is_system()) return core::Status::Ok();
  IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kCreditWrite, "审核、公示行政处罚信息"));
  if (who.agency_id != d.agency_id) {
    return core::PermissionDenied("只能公示本机构作出的行政处罚信息");
  }
  return core::Status::Ok();
}

// ID numbers, the unredacted facts and the other persons' names stay with the deciding agency;
// everyone else sees what the portal would.
Disclosure ForViewer(const Principal& who, Disclosure d) {
  if (!who.is_system() && who.agency_id != d.agency_id) {
    d.id_number.reset();
    d.other_persons.clear();
    d.facts = d.facts_public;
  }
  return d;
}

Disclosure WithDerived(Disclosure d, core::Timestamp now) {
  d.overdue = d.status == "draft" && d.publish_due && *d.publish_due < now;
  d.display_ended = d.status == "published" && d.display_until &&
                    *d.display_until < core::LocalDate(now);
  return d;
}

nlohmann::json AuditJson(const Disclosure& d) {
  // As the record is shown to a supervisor: no ID number, no raw facts.
  return {{"id", d.id},
          {"case_id", d.case_id},
          {"status", d.status},
          {"decision_no", d.decision_no},
          {"party_name", d.party_name},
          {"id_masked", d.id_masked.value_or("")},
          {"facts_public", d.facts_public},
          {"legal_basis", d.legal_basis},
          {"penalty_content", d.penalty_content},
          {"display_until", d.display_until ? d.display_until->ToString() : ""},
          {"withheld_reason", d.withheld_reason},
          {"withdraw_reason", d.withdraw_reason}};
}

core::Status Audit(storage::Tx& tx, const Principal& who, core::Timestamp now,
                   const std::string& action, const Disclosure& before, const Disclosure& after,
                   const std::string& summary) {
  return AppendAudit(tx, who, now,
                     AuditEvent{action, "disclosure", std::to_string(after.id), summary,
                                AuditJson(before).dump(), AuditJson(after).dump(),
                                AuditScopeOf(after.region_code, after.agency_id)});
}

// Published or withdrawn (issue 20): for the credit-sharing platforms; no personal data (the
// party is read from the public record through the API, masked as the portal shows it).
OutboundEvent DisclosureEvent(const std::string& type, const Disclosure& d) {
  return {type,
          "disclosures/" + std::to_string(d.id),
          d.agency_id,
          d.region_code,
          std::nullopt,
          nlohmann::json{{"disclosure_id", d.id},
                         {"case_id", d.case_id},
                         {"decision_no", d.decision_no},
                         {"status", d.status},
                         {"agency_id", d.agency_id},
                         {"region_code", d.region_code},
                         {"display_until", d.display_until ? nlohmann::json(d.display_until->ToString())
                                                           : nlohmann::json()},
                         {"withdraw_kind", d.withdraw_kind ? nlohmann::json(*d.withdraw_kind)
                                                           : nlohmann::json()}}
              .dump()};
}

std::vector<std::string> OtherPersons(const Case& c, size_t party_index) {
  std::vector<std::string> out;
  for (size_t i = 0; i < c.input.parties.size(); ++i) {
    const CaseParty& p = c.input.parties[i];
    if (i != party_index && p.kind == "person") out.push_back(p.name);
  }
  return out;
}

// The registering office's region of a party: a credit code's positions 3–8.
std::string RegistrationRegion(const CaseParty& p) {
  if (p.kind != "company" || !p.uscc) return "";
  auto code = core::ParseUscc(*p.uscc);
  return code ? code->region_code() : "";
}

// The violation type of the summary: the conduct as an administrative violation, else the
// case category's label.
std::string ViolationType(const Case& c) {
  if (c.input.conduct) {
    for (const rules::ConductInfo& info : rules::Conducts()) {
      if (*c.input.conduct == info.key) return info.act_zh;
    }
  }
  for (const CodeLabel& l : CaseCategories()) {
    if (c.input.category == l.code) return l.name_zh;
  }
  return c.input.category;
}

core::Status ValidateEdit(const DisclosureEdit& e) {
  core::Status st = core::InvalidArgument("公示信息有误");
  bool bad = false;
  for (auto [field, value, max, required] :
       {std::tuple{"violation_type", &e.violation_type, core::limits::kTitleChars, true},
        std::tuple{"facts", &e.facts, core::limits::kDescriptionChars, true},
        std::tuple{"legal_basis", &e.legal_basis, core::limits::kDescriptionChars, false}}) {
    std::string problem = internal::TextProblem(*value, max, required);
    if (!problem.empty()) {
      st.AddFieldError(field, problem);
      bad = true;
    }
  }
  return bad ? st : core::Status::Ok();
}

core::Status RequireVersion(const Disclosure& d, int64_t version) {
  if (d.version != version) return core::FailedPrecondition("公示记录已被他人修改，请刷新后重试");
  return core::Status::Ok();
}

// Loads a record for a write by its agency; NotFound outside the caller's scope.
core::Result<Disclosure> LoadForWrite(CreditStore& store, const Principal& who, int64_t id) {
  IPE_ASSIGN_OR_RETURN(Disclosure d, store.Load(id, true));
  if (!CanSeeRecord(who, d.agency_id, d.region_code)) {
    return core::NotFound("公示记录不存在: " + std::to_string(id));
  }
  IPE_RETURN_IF_ERROR(RequireDisclosureWriter(who, d));
  return d;
}

}  // namespace

core::Result<int> CreateDisclosureDraftsInTx(storage::Tx& tx, const Principal& who,
                                             const Case& closed, const CaseClosing& closing,
                                             core::Timestamp now) {
  if (closing.closing_kind != "penalty" || !closing.penalty_date || !closing.penalty_decision_no) {
    return 0;
  }
  credit::Penalty penalty =
      credit::PenaltyFromKeys(closing.penalty_kinds, closing.fine, closing.restriction_until);
  if (!credit::MustPublish(penalty)) return 0;
  IPE_ASSIGN_OR_RETURN(auto calendar, EffectiveCalendar(tx));
  const rules::RuleSet& rules = rules::DefaultRuleSet();
  CreditStore store(tx);
  int created = 0;
  for (size_t i = 0; i < closed.input.parties.size(); ++i) {
    const CaseParty& party = closed.input.parties[i];
    if (party.role != "party") continue;
    auto clock = credit::ComputePublishClock(rules, *calendar, *closing.penalty_date,
                                             closed.region_code, RegistrationRegion(party));
    if (!clock && clock.error().code() != core::StatusCode::kFailedPrecondition) {
      return clock.error();
    }
    bool person = party.kind == "person";
    std::string facts = closed.input.title;
    if (!closed.input.goods.empty()) facts += "。涉案商品：" + closed.input.goods;
    credit::PublicText text = credit::MaskForPublic(
        person ? credit::PartyKind::kPerson : credit::PartyKind::kOrganisation, party.name,
        party.id_number.value_or(""), facts, OtherPersons(closed, i), core::Regions());
    Disclosure d;
    d.case_id = closed.id;
    d.agency_id = closed.agency_id;
    d.agency_name = closed.agency_name;
    d.region_code = closed.region_code;
    d.status = "draft";
    d.decision_no = *closing.penalty_decision_no;
    d.decision_date = *closing.penalty_date;
    d.party_kind = party.kind;
    d.party_name = party.name;
    if (!person) d.credit_code = party.uscc;
    if (person && party.id_number) {
      d.id_number = party.id_number;
      d.id_masked = text.id_masked;
    }
    d.other_persons = OtherPersons(closed, i);
    // 食品、药品、特种设备: the repair measures' one year (drugs are the case category the
    // platform knows of the three).
    d.repair_after_one_year = closed.input.category == "fake_drug";
    d.violation_type = ViolationType(closed);
    d.facts = facts;
    d.facts_public = text.facts;
    d.redactions = text.redactions;
    d.penalty_kinds = closing.penalty_kinds;
    d.fine = closing.fine;
    d.restriction_until = closing.restriction_until;
    d.penalty_content = credit::DescribePenalty(penalty);
    if (clock) {
      d.publish_step = clock->step;
      d.publish_due = clock->due;
      d.publish_target = clock->target;
    } else {
      // The calendar lacks the year the deadline falls in: recorded without one, not guessed.
      d.publish_step = "disclosure_publish";
      d.clock_note = "公示时限无法计算：" + clock.error().message() + "；载入该年节假日安排后由系统管理员处理";
    }
    // Nothing is published about a minor (the provincial rules legal-rules.md §3 quotes).
    if (person && party.id_number && credit::IsMinorOn(*party.id_number, *closing.penalty_date)) {
      d.status = "withheld";
      d.withheld_reason = LabelOf(WithholdReasons(), "minor");
    }
    d.created_at = now;
    d.updated_at = now;
    IPE_ASSIGN_OR_RETURN(d.id, store.Insert(d, static_cast<int64_t>(i)));
    IPE_RETURN_IF_ERROR(Audit(tx, who, now, "disclosure.draft", d, d,
                              (d.status == "withheld" ? "行政处罚信息不予公示（未成年人）：" : "生成行政处罚信息公示草稿：") +
                                  d.decision_no + " " + d.party_name));
    ++created;
  }
  return created;
}

core::Result<Page<Disclosure>> ListDisclosures(Context& ctx, const Principal& who,
                                               const DisclosureFilter& f, const PageRequest& page) {
  IPE_RETURN_IF_ERROR(page.Validate());
  if (f.status && !LabelOf(DisclosureStatuses(), *f.status)) {
    return core::Status(core::InvalidArgument("公示状态有误"))
        .AddFieldError("status", "状态应为 draft、published、withheld、withdrawn 或 repaired");
  }
  if (f.region && !internal::IsRegionCode(*f.region)) {
    return core::Status(core::InvalidArgument("行政区划代码有误"))
        .AddFieldError("region", "行政区划代码应为 6 位数字");
  }
  DisclosureScope scope;
  scope.region = who.region_code;
  if (!SeesWholeRegion(who)) scope.agency = who.agency_id;
  core::Timestamp now = ctx.Now();
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  IPE_ASSIGN_OR_RETURN(Page<Disclosure> out, CreditStore(*tx).List(scope, f, now, page));
  for (Disclosure& d : out.items) d = WithDerived(ForViewer(who, std::move(d)), now);
  return out;
}

core::Result<Disclosure> GetDisclosure(Context& ctx, const Principal& who, int64_t id) {
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  IPE_ASSIGN_OR_RETURN(Disclosure d, CreditStore(*tx).Load(id));
  if (!CanSeeRecord(who, d.agency_id, d.region_code)) {
    return core::NotFound("公示记录不存在: " + std::to_string(id));
  }
  return WithDerived(ForViewer(who, std::move(d)), ctx.Now());
}

core::Result<Disclosure> UpdateDisclosureDraft(Context& ctx, const Principal& who, int64_t id,
                                               const DisclosureEdit& edit, int64_t version) {
  IPE_RETURN_IF_ERROR(ValidateEdit(edit));
  core::Timestamp now = ctx.Now();
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  CreditStore store(*tx);
  IPE_ASSIGN_OR_RETURN(Disclosure before, LoadForWrite(store, who, id));
  if (before.status != "draft") return core::FailedPrecondition("只能修改待公示的记录");
  IPE_RETURN_IF_ERROR(RequireVersion(before, version));
  Disclosure after = before;
  after.violation_type = internal::Trim(edit.violation_type);
  after.facts = edit.facts;
  after.legal_basis = internal::Trim(edit.legal_basis);
  credit::PublicText text = credit::MaskForPublic(
      before.party_kind == "person" ? credit::PartyKind::kPerson : credit::PartyKind::kOrganisation,
      before.party_name, before.id_number.value_or(""), after.facts, before.other_persons,
      core::Regions());
  after.facts_public = text.facts;
  after.redactions = text.redactions;
  IPE_RETURN_IF_ERROR(store.Update(after, version, now));
  IPE_ASSIGN_OR_RETURN(after, store.Load(id));
  IPE_RETURN_IF_ERROR(Audit(*tx, who, now, "disclosure.update", before, after,
                            "修改行政处罚信息公示草稿：" + after.decision_no));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return WithDerived(ForViewer(who, std::move(after)), now);
}

core::Result<Disclosure> PublishDisclosure(Context& ctx, const Principal& who, int64_t id,
                                           int64_t version) {
  core::Timestamp now = ctx.Now();
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  CreditStore store(*tx);
  IPE_ASSIGN_OR_RETURN(Disclosure before, LoadForWrite(store, who, id));
  if (before.status != "draft") return core::FailedPrecondition("只能公示待公示的记录");
  IPE_RETURN_IF_ERROR(RequireVersion(before, version));
  if (internal::Trim(before.legal_basis).empty()) {
    return core::Status(core::InvalidArgument("公示信息不完整"))
        .AddFieldError("legal_basis", "公示前须填写处罚依据");
  }
  credit::Penalty penalty = credit::PenaltyFromKeys(before.penalty_kinds, before.fine, before.restriction_until);
  core::Date today = core::LocalDate(now);
  IPE_ASSIGN_OR_RETURN(
      credit::DisplayPeriod period,
      credit::ComputeDisplayPeriod(rules::DefaultRuleSet(), penalty,
                                   before.party_kind == "person" ? credit::PartyKind::kPerson
                                                                 : credit::PartyKind::kOrganisation,
                                   before.region_code, before.decision_date, today));
  Disclosure after = before;
  after.status = "published";
  after.published_at = now;
  after.published_by = who.actor_id();
  after.display_step = period.step;
  after.display_until = period.until;
  after.display_basis = period.basis;
  IPE_RETURN_IF_ERROR(store.Update(after, version, now));
  IPE_ASSIGN_OR_RETURN(after, store.Load(id));
  std::string late = before.publish_due && *before.publish_due < now ? "（已超过公示时限）" : "";
  IPE_RETURN_IF_ERROR(Audit(*tx, who, now, "disclosure.publish", before, after,
                            "公示行政处罚信息：" + after.decision_no + " " + after.party_name +
                                "，公示至 " + period.until.ToString() + late));
  IPE_RETURN_IF_ERROR(AppendEvent(*tx, now, DisclosureEvent("disclosure.published", after)));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return WithDerived(ForViewer(who, std::move(after)), now);
}

core::Result<Disclosure> WithholdDisclosure(Context& ctx, const Principal& who, int64_t id,
                                            const std::string& reason, const std::string& note,
                                            int64_t version) {
  const char* label = LabelOf(WithholdReasons(), reason);
  core::Status st = core::InvalidArgument("不予公示的理由有误");
  bool bad = false;
  if (!label) {
    st.AddFieldError("reason", "理由应为 minor、state_secret、commercial_secret、privacy 或 other");
    bad = true;
  }
  std::string problem = internal::TextProblem(note, core::limits::kDescriptionChars, reason == "other");
  if (!problem.empty()) {
    st.AddFieldError("note", reason == "other" && problem == "不能为空" ? "选择“其他”时须说明理由" : problem);
    bad = true;
  }
  if (bad) return st;
  core::Timestamp now = ctx.Now();
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  CreditStore store(*tx);
  IPE_ASSIGN_OR_RETURN(Disclosure before, LoadForWrite(store, who, id));
  if (before.status != "draft") return core::FailedPrecondition("只能对待公示的记录决定不予公示");
  IPE_RETURN_IF_ERROR(RequireVersion(before, version));
  Disclosure after = before;
  after.status = "withheld";
  after.withheld_reason = std::string(label) + (note.empty() ? "" : "：" + internal::Trim(note));
  IPE_RETURN_IF_ERROR(store.Update(after, version, now));
  IPE_ASSIGN_OR_RETURN(after, store.Load(id));
  IPE_RETURN_IF_ERROR(Audit(*tx, who, now, "disclosure.withhold", before, after,
                            "行政处罚信息不予公示：" + after.decision_no + "（" + after.withheld_reason + "）"));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return WithDerived(ForViewer(who, std::move(after)), now);
}

core::Result<Disclosure> WithdrawDisclosure(Context& ctx, const Principal& who, int64_t id,
                                            const std::string& kind, const std::string& reason,
                                            core::Date changed_on, int64_t version) {
  const char* label = LabelOf(WithdrawKinds(), kind);
  core::Status st = core::InvalidArgument("撤下公示的信息有误");
  bool bad = false;
  if (!label) {
    st.AddFieldError("kind", "应为 revoked、changed、confirmed_illegal 或 void");
    bad = true;
  }
  std::string problem = internal::TextProblem(reason, core::limits::kDescriptionChars, true);
  if (!problem.empty()) {
    st.AddFieldError("reason", problem);
    bad = true;
  }
  core::Timestamp now = ctx.Now();
  if (changed_on > core::LocalDate(now)) {
    st.AddFieldError("changed_on", "决定变更日期不能晚于今天");
    bad = true;
  }
  if (bad) return st;
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  CreditStore store(*tx);
  IPE_ASSIGN_OR_RETURN(Disclosure before, LoadForWrite(store, who, id));
  if (before.status != "published") return core::FailedPrecondition("只能撤下已公示的记录");
  IPE_RETURN_IF_ERROR(RequireVersion(before, version));
  if (changed_on < before.decision_date) {
    return core::Status(core::InvalidArgument("撤下公示的信息有误"))
        .AddFieldError("changed_on", "决定变更日期不能早于处罚决定日期");
  }
  IPE_ASSIGN_OR_RETURN(auto calendar, EffectiveCalendar(*tx));
  const rules::Step* step = rules::DefaultRuleSet().FindStep("disclosure_withdraw");
  if (!step) return core::Internal("规则包缺少 disclosure_withdraw");
  auto due = rules::DueFor(*step, core::EndOfLocalDay(changed_on).AddSeconds(-1), *calendar);
  if (!due && due.error().code() != core::StatusCode::kFailedPrecondition) return due.error();
  Disclosure after = before;
  after.status = "withdrawn";
  after.withdrawn_at = now;
  after.withdraw_kind = kind;
  after.withdraw_reason = internal::Trim(reason);
  after.decision_changed_on = changed_on;
  if (due) {
    after.withdraw_due = *due;
  } else {
    after.clock_note = "撤下时限无法计算：" + due.error().message();
  }
  IPE_RETURN_IF_ERROR(store.Update(after, version, now));
  IPE_ASSIGN_OR_RETURN(after, store.Load(id));
  std::string late = after.withdraw_due && *after.withdraw_due < now ? "（超过3个工作日时限）" : "";
  IPE_RETURN_IF_ERROR(Audit(*tx, who, now, "disclosure.withdraw", before, after,
                            "撤下行政处罚信息公示：" + after.decision_no + "（" + label + "：" +
                                after.withdraw_reason + "）" + late));
  IPE_RETURN_IF_ERROR(AppendEvent(*tx, now, DisclosureEvent("disclosure.withdrawn", after)));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return WithDerived(ForViewer(who, std::move(after)), now);
}

core::Result<DisclosureFeed> ExportDisclosureFeed(Context& ctx, const Principal& who,
                                                  const std::string& cursor, int limit) {
  IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kCreditExport, "导出行政处罚公示信息"));
  if (limit < 1 || limit > 1000) {
    return core::Status(core::InvalidArgument("每次最多 1000 条")).AddFieldError("limit", "应为 1–1000");
  }
  int64_t seconds = 0, id = 0;
  if (!cursor.empty()) {
    size_t dot = cursor.find('.');
    bool ok = dot != std::string::npos && dot > 0 && dot + 1 < cursor.size() &&
              cursor.find_first_not_of("0123456789.") == std::string::npos &&
              cursor.find('.', dot + 1) == std::string::npos && cursor.size() <= 40;
    if (!ok) {
      return core::Status(core::InvalidArgument("续传位置有误")).AddFieldError("cursor", "应为上次返回的 next_cursor");
    }
    seconds = std::stoll(cursor.substr(0, dot));
    id = std::stoll(cursor.substr(dot + 1));
  }
  core::Timestamp now = ctx.Now();
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  DisclosureFeed feed;
  IPE_ASSIGN_OR_RETURN(feed.items, CreditStore(*tx).ChangesAfter(who.region_code, seconds, id, limit));
  if (static_cast<int>(feed.items.size()) == limit) {
    const DisclosureChange& last = feed.items.back();
    feed.next_cursor = std::to_string(last.changed_at.seconds) + "." + std::to_string(last.record.id);
  }
  IPE_RETURN_IF_ERROR(AppendAudit(*tx, who, now,
                                  AuditEvent{"disclosure.export", "disclosure", "",
                                             "导出行政处罚公示信息 " + std::to_string(feed.items.size()) +
                                                 " 条（自 " + (cursor.empty() ? "起始" : cursor) + "）",
                                             std::nullopt, std::nullopt,
                                             AuditScopeOf(who.region_code, std::nullopt)}));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return feed;
}

core::Result<std::vector<DisclosureFigures>> DisclosureSupervision(Context& ctx, const Principal& who,
                                                                   core::Date from, core::Date to) {
  IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kCreditSupervise, "查看公示工作监督统计"));
  if (to < from || core::DaysBetween(from, to) > 366 * 5) {
    return core::Status(core::InvalidArgument("统计期间有误")).AddFieldError("to", "结束日期应不早于开始日期，期间不超过 5 年");
  }
  core::Timestamp now = ctx.Now();
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  IPE_ASSIGN_OR_RETURN(auto rows, CreditStore(*tx).DecisionsBetween(who.region_code, from, to));
  std::map<int64_t, DisclosureFigures> by_agency;
  std::map<int64_t, std::vector<int64_t>> delays;
  for (const auto& r : rows) {
    DisclosureFigures& f = by_agency[r.agency_id];
    f.agency_id = r.agency_id;
    f.agency_name = r.agency_name;
    ++f.decisions;
    if (r.status == "withheld") ++f.withheld;
    if (r.status == "withdrawn") ++f.withdrawn;
    if (r.status == "draft" && r.publish_due && *r.publish_due < now) ++f.overdue_open;
    if (r.published_at) {
      ++f.published;
      if (r.publish_due && *r.published_at <= *r.publish_due) ++f.on_time;
      delays[r.agency_id].push_back(core::DaysBetween(r.decision_date, core::LocalDate(*r.published_at)));
    }
  }
  std::vector<DisclosureFigures> out;
  for (auto& [agency, f] : by_agency) {
    std::vector<int64_t>& d = delays[agency];
    if (!d.empty()) {
      std::sort(d.begin(), d.end());
      f.median_delay_days = d[(d.size() - 1) / 2];
      f.worst_delay_days = d.back();
    }
    int64_t due = f.decisions - f.withheld;
    f.on_time_pct = due > 0 ? f.on_time * 100 / due : 100;
    out.push_back(f);
  }
  std::sort(out.begin(), out.end(), [](const DisclosureFigures& a, const DisclosureFigures& b) {
    return a.on_time_pct != b.on_time_pct ? a.on_time_pct < b.on_time_pct : a.agency_id < b.agency_id;
  });
  return out;
}

core::Result<Page<PublicDisclosure>> SearchPublicDisclosures(Context& ctx,
                                                             const std::optional<std::string>& q,
                                                             const PageRequest& page) {
  IPE_RETURN_IF_ERROR(page.Validate());
  if (page.page_size > 50) {
    return core::Status(core::InvalidArgument("每页最多 50 条")).AddFieldError("page_size", "每页最多 50 条");
  }
  if (q) {
    std::string problem = internal::TextProblem(*q, core::limits::kShortTextChars, false);
    if (!problem.empty()) {
      return core::Status(core::InvalidArgument("查询条件有误")).AddFieldError("q", problem);
    }
  }
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  return CreditStore(*tx).PublicList(q, core::LocalDate(ctx.Now()), page);
}

core::Result<PublicDisclosure> GetPublicDisclosure(Context& ctx, int64_t id) {
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  IPE_ASSIGN_OR_RETURN(auto d, CreditStore(*tx).PublicGet(id, core::LocalDate(ctx.Now())));
  if (!d) return core::NotFound("未找到该公示信息");
  return *d;
}

}  // namespace ipe::app
