// 投诉举报: intake, routing, the handling steps and the portal's status page (complaints.h).
#include "app/complaints/complaints.h"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

#include "app/accounts/audit.h"
#include "app/calendar/calendar.h"
#include "app/complaints/complaint_import.h"
#include "app/complaints/complaint_store.h"
#include "app/crypto.h"
#include "app/events/events.h"
#include "app/internal/text.h"
#include "app/internal/upload.h"
#include "app/leads/correlation_service.h"
#include "app/leads/lead_store.h"
#include "app/leads/leads.h"
#include "app/permissions.h"
#include "complaints/clocks.h"
#include "complaints/duplicates.h"
#include "core/limits.h"
#include "core/redact.h"
#include "core/region.h"
#include "link/observable.h"
#include "rules/pack.h"

namespace ipe::app {

namespace cpl = ipe::complaints;

namespace {

std::string AuditJson(const Complaint& c) {
  return nlohmann::json{{"id", c.id},
                        {"kind", c.kind},
                        {"channel", c.channel},
                        {"receipt_no", c.receipt_no},
                        {"subject", c.subject},
                        {"status", c.status},
                        {"agency_id", c.agency_id ? nlohmann::json(*c.agency_id) : nullptr},
                        {"region_code", c.region_code},
                        {"respondent_name", c.respondent_name},
                        {"ground", c.ground},
                        {"lead_id", c.lead_id ? nlohmann::json(*c.lead_id) : nullptr},
                        {"case_id", c.case_id ? nlohmann::json(*c.case_id) : nullptr}}
      .dump();
}

bool CanSee(const Principal& who, const Complaint& c) {
  if (who.is_system()) return true;
  if (c.agency_id) return CanSeeRecord(who, *c.agency_id, c.region_code);
  // Not routed yet: the office (and the other supervisors) of the region route it.
  return SeesWholeRegion(who) && RegionWithin(who.region_code, c.region_code);
}

std::string RedactedFacts(const std::string& facts, const std::vector<cpl::Person>& persons) {
  core::RedactionOptions options;
  for (const cpl::Person& p : persons) {
    if (!p.name.empty()) options.other_persons.push_back(p.name);
  }
  std::string text = core::RedactPersonalData(facts, core::Regions(), options).text;
  // A name the redaction could not shorten (one character, a foreign name) is removed outright.
  for (const cpl::Person& p : persons) {
    if (p.name.size() < 2) continue;
    for (size_t at = text.find(p.name); at != std::string::npos; at = text.find(p.name, at)) {
      text.replace(at, p.name.size(), "某某");
    }
  }
  return text;
}

constexpr int kSoonWorkingDays = 2;
// The most records a to-do list (urgency, fair_clock) reads, the most urgent first.
constexpr int kMaxClockList = 1000;

core::Status NotFoundComplaint(int64_t id) {
  return core::NotFound("投诉举报不存在或无权查看 (not found): " + std::to_string(id));
}

cpl::Kind KindOf(const Complaint& c) {
  return c.kind == "report" ? cpl::Kind::kReport : cpl::Kind::kComplaint;
}

cpl::Status StatusOf(const Complaint& c) {
  return cpl::ParseStatus(c.status).value_or(cpl::Status::kReceived);
}

std::string Upper(std::string s) {
  for (char& ch : s) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  return s;
}

std::string NewReceiptNo(cpl::Kind kind, core::Date today) {
  std::string d = today.ToString();
  return std::string(kind == cpl::Kind::kComplaint ? "TS" : "JB") + d.substr(0, 4) + d.substr(5, 2) +
         d.substr(8, 2) + Upper(RandomHex(4));
}

// The agency that handles a record about `subject` in `region`: the first active agency of a kind
// serving the subject, in the region, then its prefecture, then its province (Order 20 第十二条,
// 第二十五条: the county of the respondent or of the act, else the level above).
core::Result<std::optional<int64_t>> Route(storage::Tx& tx, const std::string& region,
                                           const std::string& subject) {
  const cpl::Subject* s = cpl::FindSubject(subject);
  if (!s) return std::optional<int64_t>();
  std::vector<std::string> regions = {region};
  std::string prefecture = core::PrefectureCodeOf(region);
  std::string province = core::ProvinceCodeOf(region);
  if (prefecture != region && prefecture != province) regions.push_back(prefecture);
  if (province != region) regions.push_back(province);
  IPE_ASSIGN_OR_RETURN(auto rows, LeadStore(tx).AgencyCandidates(regions, s->agency_kinds));
  for (const std::string& r : regions) {
    for (const char* kind : s->agency_kinds) {
      for (const AgencyCandidate& a : rows) {
        if (a.region_code == r && a.kind == kind) return std::optional<int64_t>(a.id);
      }
    }
  }
  return std::optional<int64_t>();
}

// Sets `field` from a clock, or clears it and says why in `note` (an uncovered calendar year).
void SetDue(std::optional<core::Timestamp>& field, const core::Result<cpl::ClockState>& clock,
            std::string& note) {
  if (clock) {
    field = clock->due;
    return;
  }
  field.reset();
  note = "期限无法计算：" + clock.error().message();
}

// Recomputes the due dates of the clock that runs in the record's status.
core::Status Recompute(storage::Tx& tx, Complaint& c) {
  IPE_ASSIGN_OR_RETURN(auto calendar, EffectiveCalendar(tx));
  IPE_ASSIGN_OR_RETURN(auto stored_pauses, ComplaintStore(tx).Pauses(c.id));
  std::vector<cpl::Pause> pauses;
  for (const auto& p : stored_pauses) pauses.push_back({p.from, p.to});
  const rules::RuleSet& rules = rules::DefaultRuleSet();
  c.clock_note.clear();
  cpl::Status s = StatusOf(c);
  cpl::Status effective = s == cpl::Status::kSuspended
                              ? cpl::ParseStatus(c.resume_status.value_or("")).value_or(s)
                              : s;
  bool complaint = KindOf(c) == cpl::Kind::kComplaint;
  if (complaint && effective == cpl::Status::kPending && c.agency_received_at) {
    SetDue(c.decision_due,
           cpl::StepClock(rules, *calendar, "complaint_accept_decision", *c.agency_received_at),
           c.clock_note);
  }
  if (complaint && effective == cpl::Status::kAccepted && c.decided_at) {
    SetDue(c.mediation_due, cpl::StepClock(rules, *calendar, "mediation", *c.decided_at, pauses),
           c.clock_note);
  }
  if (!complaint && (effective == cpl::Status::kPending || effective == cpl::Status::kConverted) &&
      c.agency_received_at) {
    SetDue(c.decision_due,
           cpl::StepClock(rules, *calendar, "report_verify", *c.agency_received_at, pauses,
                          c.extended ? rules.FindStep("report_verify_extension")->amount : 0),
           c.clock_note);
  }
  return core::Status::Ok();
}

// The clock running in the record's status, as the queue shows it.
std::optional<core::Timestamp> RunningDue(const Complaint& c) {
  cpl::Status s = StatusOf(c);
  switch (s) {
    case cpl::Status::kPending: return c.decision_due;
    case cpl::Status::kConverted:
      if (c.decided_at) return std::nullopt;
      return c.decision_due;
    case cpl::Status::kAccepted: return c.mediation_due;
    case cpl::Status::kMediationEnded:
    case cpl::Status::kFiled:
    case cpl::Status::kNotFiled: return c.notified_at ? std::nullopt : c.notice_due;
    default: return std::nullopt;
  }
}

void FillUrgency(const core::WorkCalendar& calendar, core::Timestamp now, Complaint& c) {
  c.running_due = RunningDue(c);
  c.urgency.clear();
  if (!c.running_due) return;
  auto u = cpl::UrgencyOf(calendar, *c.running_due, now, kSoonWorkingDays);
  if (u) c.urgency = cpl::UrgencyName(*u);
  c.fair_due.reset();
  c.fair_urgency.clear();
  bool awaiting = !c.decided_at && (c.status == "received" || c.status == "pending");
  if (c.fair_handle_hours && awaiting) {
    cpl::FairClock clock = cpl::FairClockOf(c.received_at, *c.fair_handle_hours, now);
    c.fair_due = clock.due;
    c.fair_urgency = clock.overdue ? "overdue" : clock.due_soon ? "due_soon" : "on_time";
  }
}

// Loads a record the caller may see, with its assignees; NotFound for unknown and invisible.
core::Result<Complaint> LoadVisible(storage::Tx& tx, const Principal& who, int64_t id,
                                    bool for_update) {
  ComplaintStore store(tx);
  IPE_ASSIGN_OR_RETURN(auto found, store.Load(id, for_update));
  if (!found || !CanSee(who, *found)) return NotFoundComplaint(id);
  IPE_ASSIGN_OR_RETURN(auto assignees, store.Assignees(id));
  for (const auto& [uid, name] : assignees) {
    found->assignees.push_back(uid);
    found->assignee_names.push_back(name);
    if (uid == who.user_id && !who.is_system()) found->assigned_to_me = true;
  }
  return std::move(*found);
}

// Whether the caller may read the persons: the handling agency's assigned officers (第三十三条).
bool MaySeePersons(const Principal& who, const Complaint& c) {
  if (who.is_system()) return true;
  return c.agency_id && *c.agency_id == who.agency_id && c.assigned_to_me;
}

// PermissionDenied unless the caller handles the record: an assigned officer of the handling
// agency, or its head.
core::Status RequireHandler(const Principal& who, const Complaint& c, std::string_view action_zh) {
  IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kComplaintHandle, action_zh));
  if (who.is_system()) return core::Status::Ok();
  if (!c.agency_id || *c.agency_id != who.agency_id) {
    return core::PermissionDenied("只有承办机构可以" + std::string(action_zh) +
                                  " (not the handling agency)");
  }
  if (!c.assigned_to_me && !who.Has(Role::kAgencyHead)) {
    return core::PermissionDenied("请先承办本件，再" + std::string(action_zh) + " (not assigned)");
  }
  return core::Status::Ok();
}

std::string ActorLogin(const Principal& who) { return who.is_system() ? "" : who.login; }
std::string ActorName(const Principal& who) { return who.is_system() ? "" : who.display_name; }

// One step: the event and the audit record, then the write, in `tx`.
core::Status Record(storage::Tx& tx, const Principal& who, core::Timestamp now,
                    const Complaint& before, Complaint& after, const std::string& action,
                    const std::string& event_kind, const std::string& summary, bool on_portal) {
  ComplaintStore store(tx);
  IPE_RETURN_IF_ERROR(store.Update(after, now));
  after.version += 1;
  after.updated_at = now;
  IPE_RETURN_IF_ERROR(
      store.AddEvent(after.id, now, who.actor_id(), ActorLogin(who), ActorName(who), event_kind, summary, on_portal));
  return AppendAudit(tx, who, now,
                     {action, "complaint", std::to_string(after.id),
                      summary + "（" + after.receipt_no + "）", AuditJson(before), AuditJson(after),
                      AuditScopeOf(after.region_code, after.agency_id)});
}

// Routed to an agency (issue 20): that agency's systems learn of a complaint to handle. The
// complainant's data stays out of the event (the receiver reads the complaint in scope).
core::Status AppendRoutedEvent(storage::Tx& tx, core::Timestamp now, const Complaint& c) {
  if (!c.agency_id) return core::Status::Ok();
  return AppendEvent(tx, now,
                     {"complaint.routed", "complaints/" + std::to_string(c.id), *c.agency_id,
                      c.region_code, std::nullopt,
                      nlohmann::json{{"complaint_id", c.id},
                                     {"receipt_no", c.receipt_no},
                                     {"status", c.status},
                                     {"agency_id", *c.agency_id},
                                     {"agency_name", c.agency_name},
                                     {"region_code", c.region_code}}
                          .dump()});
}

core::Status Bad(const std::string& field, const std::string& message) {
  return core::Status(core::InvalidArgument("请求参数有误 (invalid fields)")).AddFieldError(field, message);
}

core::Status CheckText(const std::string& field, const std::string& text, size_t max, bool required) {
  std::string problem = internal::TextProblem(text, max, required);
  return problem.empty() ? core::Status::Ok() : Bad(field, problem);
}

// Text limits and the rules of Order 20 on an intake (every problem at once).
core::Status ValidateSubmission(cpl::Intake& in) {
  core::Status st = core::InvalidArgument("投诉举报信息有误 (invalid complaint)");
  bool bad = false;
  auto add = [&](const std::string& field, const std::string& message) {
    st.AddFieldError(field, message);
    bad = true;
  };
  auto text = [&](const std::string& field, std::string& value, size_t max) {
    value = internal::Trim(value);
    std::string problem = internal::TextProblem(value, max, false);
    if (!problem.empty()) add(field, problem);
  };
  namespace lim = core::limits;
  text("respondent_name", in.respondent_name, lim::kPartyNameChars);
  text("respondent_address", in.respondent_address, lim::kAddressChars);
  text("respondent_shop", in.respondent_shop, lim::kPartyNameChars);
  text("respondent_phone", in.respondent_phone, lim::kPhoneChars);
  text("respondent_region", in.respondent_region, 6);
  text("product", in.product, lim::kTitleChars);
  text("request", in.request, lim::kComplaintTextChars);
  text("facts", in.facts, lim::kComplaintTextChars);
  if (in.persons.size() > lim::kComplaintPersons) add("persons", "人员过多");
  for (size_t i = 0; i < in.persons.size() && i < lim::kComplaintPersons; ++i) {
    std::string prefix = "persons[" + std::to_string(i) + "].";
    cpl::Person& p = in.persons[i];
    text(prefix + "name", p.name, lim::kPartyNameChars);
    text(prefix + "phone", p.phone, lim::kPhoneChars);
    text(prefix + "address", p.address, lim::kAddressChars);
    text(prefix + "id_number", p.id_number, lim::kShortTextChars);
  }
  for (const cpl::FieldProblem& p : cpl::ValidateIntake(in)) add(p.field, p.message);
  if (!bad && in.respondent_region != kNationalRegion && !core::Regions().Find(in.respondent_region)) {
    add("respondent_region", "行政区划代码不存在");
  }
  if (!bad && in.respondent_region == kNationalRegion) {
    add("respondent_region", "请填写具体的省、市或县级行政区划代码");
  }
  return bad ? st : core::Status::Ok();
}

// 同一事项: the record joins the matter of every earlier record sharing a normalised shop, phone
// or organisation name with it (the smallest id names the matter; matters it bridges become one).
core::Status JoinMatter(ComplaintStore& store, Complaint& c) {
  std::vector<std::string> keys = cpl::MatchKeys(
      LeadNormaliser(), {c.id, c.respondent_name, c.respondent_shop, c.respondent_phone});
  IPE_ASSIGN_OR_RETURN(auto groups, store.GroupsWithKeys(keys));
  c.group_id = groups.empty() ? c.id : std::min(groups.front(), c.id);
  IPE_RETURN_IF_ERROR(store.SetGroup(c.id, c.group_id, groups));
  return store.AddMatchKeys(c.id, keys);
}

// One validated intake written in `tx` (the record, its persons, matter, events and audit record).
core::Result<ComplaintReceipt> SubmitInTx(storage::Tx* tx, const Principal& who, core::Timestamp now,
                                          const cpl::Intake& in, const std::string& external_id,
                                          std::optional<int64_t> fair_id) {
  ComplaintStore store(*tx);
  if (fair_id) IPE_RETURN_IF_ERROR(CheckFairForIntake(*tx, *fair_id));
  if (!external_id.empty()) {
    IPE_ASSIGN_OR_RETURN(auto known, store.IdByExternal(in.channel, external_id));
    if (known) {
      IPE_ASSIGN_OR_RETURN(auto existing, store.Load(*known, false));
      if (!existing || !CanSee(who, *existing)) {
        return core::AlreadyExists("该渠道编号的投诉举报已存在 (already submitted)");
      }
      return ComplaintReceipt{existing->id, existing->receipt_no, "", false, existing->status,
                              existing->agency_id};
    }
  }
  Complaint c;
  cpl::Kind kind = in.kind;
  c.kind = cpl::KindName(kind);
  c.channel = in.channel;
  if (!external_id.empty()) c.external_id = external_id;
  c.receipt_no = NewReceiptNo(kind, core::LocalDate(now));
  c.subject = in.subject;
  c.region_code = in.respondent_region;
  c.anonymous = in.anonymous;
  c.power_of_attorney = in.power_of_attorney;
  c.respondent_name = in.respondent_name;
  c.respondent_address = in.respondent_address;
  c.respondent_shop = in.respondent_shop;
  c.respondent_phone = in.respondent_phone;
  c.product = in.product;
  c.request = in.request;
  c.facts = in.facts;
  c.harm_known_on = in.harm_known_on;
  c.received_at = now;
  c.created_at = now;
  c.fair_id = fair_id;
  IPE_ASSIGN_OR_RETURN(c.agency_id, Route(*tx, c.region_code, c.subject));
  c.status = cpl::StatusName(c.agency_id ? cpl::Status::kPending : cpl::Status::kReceived);
  if (c.agency_id) c.agency_received_at = now;
  std::string query_code = RandomHex(4);
  IPE_ASSIGN_OR_RETURN(c.id, store.Insert(c, in.persons, Sha256Hex(query_code), who.actor_id()));
  IPE_RETURN_IF_ERROR(JoinMatter(store, c));
  IPE_RETURN_IF_ERROR(Recompute(*tx, c));
  if (c.decision_due || !c.clock_note.empty()) {
    IPE_RETURN_IF_ERROR(store.Update(c, now));
    c.version += 1;
  }
  std::string channel_label;
  for (const auto& ch : cpl::Channels()) {
    if (c.channel == ch.code) channel_label = ch.label;
  }
  IPE_RETURN_IF_ERROR(store.AddEvent(c.id, now, who.actor_id(), ActorLogin(who), ActorName(who), "received",
                                     std::string("收到") + cpl::KindLabel(kind) + "（" +
                                         channel_label + "）",
                                     true));
  if (c.agency_id) {
    IPE_ASSIGN_OR_RETURN(auto ag, LeadStore(*tx).Agency(*c.agency_id));
    c.agency_name = ag ? ag->name : "";
    IPE_RETURN_IF_ERROR(store.AddEvent(c.id, now, std::nullopt, "", "", "routed",
                                       "分送至 " + c.agency_name, true));
    IPE_RETURN_IF_ERROR(AppendRoutedEvent(*tx, now, c));
  } else {
    IPE_RETURN_IF_ERROR(store.AddEvent(c.id, now, std::nullopt, "", "", "unrouted",
                                       "未找到有处理权限的部门，待领导小组办公室分送", false));
  }
  IPE_RETURN_IF_ERROR(AppendAudit(*tx, who, now,
                                  {"complaint.submit", "complaint", std::to_string(c.id),
                                   std::string("登记") + cpl::KindLabel(kind) + " " + c.receipt_no,
                                   std::nullopt, AuditJson(c),
                                   AuditScopeOf(c.region_code, c.agency_id)}));
  return ComplaintReceipt{c.id, c.receipt_no, query_code, true, c.status, c.agency_id};
}

core::Result<ComplaintReceipt> Submit(Context& ctx, const Principal& who, cpl::Intake in,
                                      const std::string& external_id,
                                      std::optional<int64_t> fair_id) {
  IPE_RETURN_IF_ERROR(ValidateSubmission(in));
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  IPE_ASSIGN_OR_RETURN(auto receipt, SubmitInTx(tx.get(), who, ctx.Now(), in, external_id, fair_id));
  if (receipt.created) IPE_RETURN_IF_ERROR(tx->Commit());
  return receipt;
}

// Loads for a write: visible (NotFound), and the caller's turn (RequireHandler).
core::Result<Complaint> LoadForHandling(storage::Tx& tx, const Principal& who, int64_t id,
                                        std::string_view action_zh) {
  IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kComplaintHandle, action_zh));
  IPE_ASSIGN_OR_RETURN(Complaint c, LoadVisible(tx, who, id, true));
  IPE_RETURN_IF_ERROR(RequireHandler(who, c, action_zh));
  return c;
}

core::Result<cpl::Status> Step(const Complaint& c, cpl::Action action) {
  std::optional<cpl::Status> resume;
  if (c.resume_status) resume = cpl::ParseStatus(*c.resume_status);
  return cpl::NextStatus(KindOf(c), StatusOf(c), action, resume);
}

// The named reporter's notice after a filing decision (第三十一条): due in 5 working days; a
// record filed through the platform is told at once on the portal's status page, which the
// reporter reads with the receipt number and query code. Anonymous reports get none.
core::Status FilingNotice(storage::Tx& tx, core::Timestamp now, Complaint& c,
                          const std::string& decision_zh) {
  if (c.anonymous) {
    c.status = cpl::StatusName(cpl::Status::kClosed);
    return ComplaintStore(tx).AddEvent(c.id, now, std::nullopt, "", "", "closed",
                                       "匿名举报，" + decision_zh + "后办结（无需告知）", false);
  }
  IPE_ASSIGN_OR_RETURN(auto calendar, EffectiveCalendar(tx));
  c.clock_note.clear();
  SetDue(c.notice_due,
         cpl::StepClock(rules::DefaultRuleSet(), *calendar, "reporter_filing_notice", now),
         c.clock_note);
  c.notified_at = now;
  c.notice_channel = "portal";
  c.status = cpl::StatusName(cpl::Status::kClosed);
  return ComplaintStore(tx).AddEvent(c.id, now, std::nullopt, "", "", "reporter_notified",
                                     "告知举报人：" + decision_zh + "（门户查询，第三十一条）", true);
}

}  // namespace

core::Result<ComplaintReceipt> SubmitComplaint(Context& ctx, const Principal& who,
                                               const ComplaintSubmission& s) {
  IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kComplaintIntake, "登记投诉举报"));
  if (s.intake.channel == "portal") {
    return Bad("channel", "门户表单由公众提交；工作人员登记请选择热线、信函、来访等渠道");
  }
  if (!s.external_id.empty()) {
    IPE_RETURN_IF_ERROR(CheckText("external_id", s.external_id, core::limits::kShortTextChars, true));
  }
  return Submit(ctx, who, s.intake, internal::Trim(s.external_id), s.fair_id);
}

core::Result<ComplaintImportResult> ImportComplaints(Context& ctx, const Principal& who,
                                                     const ComplaintFile& file) {
  IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kComplaintIntake, "导入投诉举报"));
  core::Status st = core::InvalidArgument("导入文件有误，未导入任何投诉举报 (nothing imported)");
  bool bad = false;
  auto row_errors = [&](int64_t line, const core::Status& e) {
    for (const auto& fe : e.field_errors()) {
      st.AddFieldError("rows[" + std::to_string(line) + "]." + ComplaintImportColumn(fe.field),
                       fe.message);
    }
    if (e.field_errors().empty()) {
      st.AddFieldError("rows[" + std::to_string(line) + "]", core::MessageIn(e.message(), false));
    }
    bad = true;
  };
  std::vector<cpl::Intake> intakes;
  for (const ComplaintFileRow& row : file.rows) {
    cpl::Intake in = row.intake;
    in.channel = "import";
    if (core::Status v = ValidateSubmission(in); !v.ok()) row_errors(row.line, v);
    intakes.push_back(std::move(in));
  }
  if (bad) return st;
  core::Timestamp now = ctx.Now();
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  ComplaintImportResult out;
  for (size_t i = 0; i < file.rows.size(); ++i) {
    const ComplaintFileRow& row = file.rows[i];
    auto receipt = SubmitInTx(tx.get(), who, now, intakes[i], row.external_id, row.fair_id);
    if (!receipt) {
      if (receipt.error().code() == core::StatusCode::kAlreadyExists) {
        st.AddFieldError("rows[" + std::to_string(row.line) + "].external_id",
                         "该来源编号已由其他机构导入");
        bad = true;
        continue;
      }
      if (receipt.error().code() != core::StatusCode::kInvalidArgument) return receipt.error();
      row_errors(row.line, receipt.error());
      continue;
    }
    out.items.push_back({row.line, receipt->receipt_no, receipt->query_code, receipt->created});
    ++(receipt->created ? out.imported : out.existing);
  }
  if (bad) return st;
  IPE_RETURN_IF_ERROR(tx->Commit());
  return out;
}

core::Result<ComplaintReceipt> SubmitPublicComplaint(Context& ctx, cpl::Intake intake,
                                                     std::optional<int64_t> fair_id) {
  intake.channel = "portal";
  return Submit(ctx, Principal::System(), std::move(intake), "", fair_id);
}

core::Result<Page<Complaint>> ListComplaints(Context& ctx, const Principal& who,
                                             const ComplaintFilter& f, const PageRequest& page) {
  IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kComplaintList, "查看投诉举报"));
  IPE_RETURN_IF_ERROR(page.Validate());
  core::Status st = core::InvalidArgument("查询条件有误");
  bool bad = false;
  if (f.kind && !cpl::ParseKind(*f.kind)) {
    st.AddFieldError("kind", "应为 complaint 或 report");
    bad = true;
  }
  if (f.status && !cpl::ParseStatus(*f.status)) {
    st.AddFieldError("status", "状态无效");
    bad = true;
  }
  if (f.channel && !cpl::IsChannel(*f.channel)) {
    st.AddFieldError("channel", "来源渠道无效");
    bad = true;
  }
  if (f.subject && !cpl::FindSubject(*f.subject)) {
    st.AddFieldError("subject", "事项类别无效");
    bad = true;
  }
  if (f.region && !internal::IsRegionCode(*f.region)) {
    st.AddFieldError("region", "行政区划代码应为 6 位数字");
    bad = true;
  }
  if (f.urgency && *f.urgency != "due_soon" && *f.urgency != "overdue") {
    st.AddFieldError("urgency", "应为 due_soon 或 overdue");
    bad = true;
  }
  if (f.fair_clock && *f.fair_clock != "due_soon" && *f.fair_clock != "overdue") {
    st.AddFieldError("fair_clock", "应为 due_soon 或 overdue");
    bad = true;
  }
  if (f.q && f.q->size() > 200) {
    st.AddFieldError("q", "查询词过长");
    bad = true;
  }
  if (f.fair_id && *f.fair_id <= 0) {
    st.AddFieldError("fair_id", "展会编号应为正整数");
    bad = true;
  }
  if (f.group_id && *f.group_id <= 0) {
    st.AddFieldError("group", "事项编号应为正整数");
    bad = true;
  }
  if (bad) return st;
  ComplaintScope scope;
  if (!who.is_system()) {
    scope.region = who.region_code;
    if (SeesWholeRegion(who)) {
      scope.unrouted = true;
    } else {
      scope.agency = who.agency_id;
    }
    if (f.mine.value_or(false)) scope.assignee = who.user_id;
  }
  core::Timestamp now = ctx.Now();
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  IPE_ASSIGN_OR_RETURN(auto calendar, EffectiveCalendar(*tx));
  ComplaintStore store(*tx);
  Page<Complaint> out;
  // The to-do lists (urgency, fair_clock) read at most this many records, the most urgent first.
  if (f.fair_clock || f.urgency) {
    // The to-do lists, the soonest end first: the fairs' on-site clocks past half their hours,
    // or the running statutory clocks that end within the horizon.
    std::vector<Complaint> rows;
    if (f.fair_clock) {
      IPE_ASSIGN_OR_RETURN(rows, store.FairClocksPastHalf(scope, now, kMaxClockList));
    } else {
      IPE_ASSIGN_OR_RETURN(core::Date horizon,
                           calendar->AddWorkingDays(core::LocalDate(now), kSoonWorkingDays));
      IPE_ASSIGN_OR_RETURN(rows, store.DueBefore(scope, core::EndOfLocalDay(horizon), kMaxClockList));
    }
    std::vector<Complaint> picked;
    for (Complaint& c : rows) {
      FillUrgency(*calendar, now, c);
      const std::string& urgency = f.fair_clock ? c.fair_urgency : c.urgency;
      if (urgency == (f.fair_clock ? *f.fair_clock : *f.urgency)) picked.push_back(std::move(c));
    }
    out.total = static_cast<int64_t>(picked.size());
    out.page = page.page;
    out.page_size = page.page_size;
    for (size_t i = static_cast<size_t>(page.offset());
         i < picked.size() && out.items.size() < static_cast<size_t>(page.page_size); ++i) {
      out.items.push_back(std::move(picked[i]));
    }
  } else {
    IPE_ASSIGN_OR_RETURN(out, store.List(scope, f, page));
    for (Complaint& c : out.items) FillUrgency(*calendar, now, c);
  }
  // 同一事项: how many records of each listed record's matter the viewer's list holds.
  std::vector<int64_t> groups;
  for (const Complaint& c : out.items) groups.push_back(c.group_id);
  IPE_ASSIGN_OR_RETURN(auto sizes, store.GroupSizes(scope, groups));
  for (Complaint& c : out.items) {
    auto it = sizes.find(c.group_id);
    c.group_size = it == sizes.end() ? 1 : it->second;
  }
  // Lists never carry the persons; the facts only as the viewer may read them.
  for (Complaint& c : out.items) {
    IPE_ASSIGN_OR_RETURN(auto persons, store.Persons(c.id));
    IPE_ASSIGN_OR_RETURN(auto assignees, store.Assignees(c.id));
    for (const auto& [uid, name] : assignees) {
      c.assignees.push_back(uid);
      c.assignee_names.push_back(name);
      if (uid == who.user_id && !who.is_system()) c.assigned_to_me = true;
    }
    c.persons_hidden = !persons.empty();
    if (!MaySeePersons(who, c)) c.facts = RedactedFacts(c.facts, persons);
  }
  return out;
}

core::Result<Complaint> GetComplaint(Context& ctx, const Principal& who, int64_t id) {
  IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kComplaintList, "查看投诉举报"));
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  IPE_ASSIGN_OR_RETURN(Complaint c, LoadVisible(*tx, who, id, false));
  ComplaintStore store(*tx);
  IPE_ASSIGN_OR_RETURN(auto persons, store.Persons(id));
  if (MaySeePersons(who, c)) {
    c.persons = std::move(persons);
  } else {
    c.persons_hidden = !persons.empty();
    c.facts = RedactedFacts(c.facts, persons);
  }
  IPE_ASSIGN_OR_RETURN(c.events, store.Events(id, false));
  IPE_ASSIGN_OR_RETURN(c.pauses, store.Pauses(id));
  IPE_ASSIGN_OR_RETURN(c.attachments, store.Attachments(id));
  // 同一事项: the agency's other records of the stored matter (the stored group, kept at intake).
  if (c.agency_id) {
    ComplaintScope agency_scope;
    agency_scope.agency = c.agency_id;
    if (!who.is_system()) agency_scope.region = who.region_code;
    IPE_ASSIGN_OR_RETURN(c.duplicates, store.GroupMembers(agency_scope, c.group_id, id, 50));
    IPE_ASSIGN_OR_RETURN(auto sizes, store.GroupSizes(agency_scope, {c.group_id}));
    c.group_size = std::max<int64_t>(1, sizes[c.group_id]);
  }
  IPE_ASSIGN_OR_RETURN(auto calendar, EffectiveCalendar(*tx));
  FillUrgency(*calendar, ctx.Now(), c);
  if (c.harm_known_on && KindOf(c) == cpl::Kind::kComplaint) {
    auto check = cpl::CheckLimitation(rules::DefaultRuleSet(), *calendar, *c.harm_known_on,
                                      core::LocalDate(c.received_at));
    if (check) {
      c.limitation_last_day = check->last_day;
      c.limitation_expired = check->expired;
    }
  }
  return c;
}

core::Result<Complaint> AssignComplaint(Context& ctx, const Principal& who, int64_t id,
                                        std::optional<int64_t> user_id) {
  IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kComplaintHandle, "承办投诉举报"));
  core::Timestamp now = ctx.Now();
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  IPE_ASSIGN_OR_RETURN(Complaint c, LoadVisible(*tx, who, id, true));
  if (!c.agency_id || (!who.is_system() && *c.agency_id != who.agency_id)) {
    return core::PermissionDenied("只有承办机构的人员可以承办 (not the handling agency)");
  }
  if (!cpl::IsOpen(StatusOf(c))) return core::FailedPrecondition("已办结，不能再指定承办人");
  int64_t target = user_id.value_or(who.user_id);
  if (!who.is_system() && target != who.user_id && !who.Has(Role::kAgencyHead)) {
    return core::PermissionDenied("只有机关负责人可以指定他人承办 (only the head assigns others)");
  }
  ComplaintStore store(*tx);
  IPE_ASSIGN_OR_RETURN(auto user, store.User(target));
  bool officer = user && (user->roles.find("officer") != std::string::npos ||
                          user->roles.find("agency_head") != std::string::npos);
  if (!user || !user->active || user->agency_id != *c.agency_id || !officer) {
    return Bad("user_id", "承办人须为承办机构的在职执法人员");
  }
  if (std::find(c.assignees.begin(), c.assignees.end(), target) != c.assignees.end()) {
    return core::FailedPrecondition("该人员已是承办人");
  }
  IPE_RETURN_IF_ERROR(store.AddAssignee(id, target, now));
  Complaint after = c;
  after.assignees.push_back(target);
  after.assignee_names.push_back(user->display_name);
  if (target == who.user_id) after.assigned_to_me = true;
  IPE_RETURN_IF_ERROR(Record(*tx, who, now, c, after, "complaint.assign", "assigned",
                             "承办人：" + user->display_name, false));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return after;
}

core::Result<Complaint> TransferComplaint(Context& ctx, const Principal& who, int64_t id,
                                          int64_t agency_id, const std::string& basis,
                                          const std::string& reason_in) {
  std::string reason = internal::Trim(reason_in);
  IPE_RETURN_IF_ERROR(CheckText("reason", reason, core::limits::kDescriptionChars, true));
  if (basis != "routing" && basis != "agreed" && basis != "designated") {
    return Bad("basis", "应为 routing（分送/改派）、agreed（协商一致）或 designated（上级指定）");
  }
  if (!Can(who, Capability::kComplaintRoute) && !Can(who, Capability::kComplaintHandle)) {
    return core::PermissionDenied("无权改派投诉举报 (permission denied)");
  }
  core::Timestamp now = ctx.Now();
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  IPE_ASSIGN_OR_RETURN(Complaint c, LoadVisible(*tx, who, id, true));
  bool handling = c.agency_id && *c.agency_id == who.agency_id &&
                  Can(who, Capability::kComplaintHandle);
  bool office = who.is_system() || who.Has(Role::kOffice);
  LeadStore leads(*tx);
  IPE_ASSIGN_OR_RETURN(auto target, leads.Agency(agency_id));
  if (!target || !target->active) return Bad("agency_id", "机构不存在或已停用");
  if (!RegionWithin(target->region_code, c.region_code)) {
    return Bad("agency_id", "该机构的管辖区域不包含被投诉（举报）人所在地");
  }
  if (c.agency_id && *c.agency_id == agency_id) return Bad("agency_id", "已由该机构承办");
  if (basis == "designated") {
    // 第三十条: the common level above designates — the office, or the head of an agency whose
    // region holds both.
    bool above = false;
    if (!office && who.Has(Role::kAgencyHead) && c.agency_id) {
      IPE_ASSIGN_OR_RETURN(auto own, leads.Agency(who.agency_id));
      IPE_ASSIGN_OR_RETURN(auto current, leads.Agency(*c.agency_id));
      above = own && current && own->region_code != current->region_code &&
              RegionWithin(own->region_code, current->region_code) &&
              RegionWithin(own->region_code, target->region_code);
    }
    if (!office && !above) {
      return core::PermissionDenied("指定管辖须由共同的上一级部门作出 (designation by the level above)");
    }
  } else if (!office && !handling) {
    return core::PermissionDenied("只有承办机构或领导小组办公室可以改派 (not the handling agency)");
  }
  IPE_ASSIGN_OR_RETURN(cpl::Status to, Step(c, cpl::Action::kTransfer));
  Complaint after = c;
  after.status = cpl::StatusName(to);
  after.agency_id = agency_id;
  after.agency_name = target->name;
  after.agency_received_at = now;  // 第十四条: the clock runs from the new agency's receipt
  after.dispute_agency_id.reset();
  after.dispute_due.reset();
  after.assignees.clear();
  after.assignee_names.clear();
  after.assigned_to_me = false;
  IPE_RETURN_IF_ERROR(ComplaintStore(*tx).ClearAssignees(id));
  IPE_RETURN_IF_ERROR(Recompute(*tx, after));
  const char* how = basis == "routing" ? (c.agency_id ? "改派至 " : "分送至 ")
                    : basis == "agreed" ? "协商确定管辖，移交 "
                                        : "上级指定管辖，移交 ";
  IPE_RETURN_IF_ERROR(Record(*tx, who, now, c, after, "complaint.transfer", "transferred",
                             how + target->name + "：" + reason, false));
  IPE_RETURN_IF_ERROR(ComplaintStore(*tx).AddEvent(id, now, std::nullopt, "", "", "routed",
                                                   "转至 " + target->name + " 处理", true));
  IPE_RETURN_IF_ERROR(AppendRoutedEvent(*tx, now, after));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return after;
}

core::Result<Complaint> OpenJurisdictionDispute(Context& ctx, const Principal& who, int64_t id,
                                                int64_t agency_id, const std::string& note_in) {
  std::string note = internal::Trim(note_in);
  IPE_RETURN_IF_ERROR(CheckText("note", note, core::limits::kDescriptionChars, true));
  core::Timestamp now = ctx.Now();
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  IPE_ASSIGN_OR_RETURN(Complaint c, LoadForHandling(*tx, who, id, "提出管辖争议"));
  if (StatusOf(c) != cpl::Status::kPending) {
    return core::FailedPrecondition("只有待受理、待核查的事项可以提出管辖争议");
  }
  if (c.dispute_agency_id) return core::FailedPrecondition("管辖争议正在协商中");
  IPE_ASSIGN_OR_RETURN(auto other, LeadStore(*tx).Agency(agency_id));
  if (!other || !other->active || agency_id == *c.agency_id) {
    return Bad("agency_id", "请选择另一个在用的机构");
  }
  Complaint after = c;
  after.dispute_agency_id = agency_id;
  IPE_ASSIGN_OR_RETURN(auto calendar, EffectiveCalendar(*tx));
  std::string note_unused;
  SetDue(after.dispute_due,
         cpl::StepClock(rules::DefaultRuleSet(), *calendar, "jurisdiction_negotiation", now),
         note_unused);
  std::string due = after.dispute_due ? core::LocalDate(after.dispute_due->AddSeconds(-1)).ToString()
                                      : "（无法计算）";
  IPE_RETURN_IF_ERROR(Record(*tx, who, now, c, after, "complaint.dispute", "dispute",
                             "与 " + other->name + " 发生管辖争议，应于 " + due +
                                 " 前协商解决，协商不成报请共同的上一级部门指定（第三十条）：" + note,
                             false));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return after;
}

core::Result<Complaint> AcceptComplaint(Context& ctx, const Principal& who, int64_t id,
                                        const std::string& note_in) {
  std::string note = internal::Trim(note_in);
  IPE_RETURN_IF_ERROR(CheckText("note", note, core::limits::kDescriptionChars, false));
  core::Timestamp now = ctx.Now();
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  IPE_ASSIGN_OR_RETURN(Complaint c, LoadForHandling(*tx, who, id, "受理投诉"));
  if (KindOf(c) != cpl::Kind::kComplaint) return core::FailedPrecondition("举报不经受理，直接核查");
  IPE_ASSIGN_OR_RETURN(cpl::Status to, Step(c, cpl::Action::kAccept));
  Complaint after = c;
  after.status = cpl::StatusName(to);
  after.decided_at = now;
  after.decision_note = note;
  IPE_RETURN_IF_ERROR(Recompute(*tx, after));
  IPE_RETURN_IF_ERROR(Record(*tx, who, now, c, after, "complaint.accept", "accepted",
                             "受理投诉，组织调解" + (note.empty() ? "" : "：" + note), true));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return after;
}

core::Result<Complaint> RefuseComplaint(Context& ctx, const Principal& who, int64_t id,
                                        const std::string& ground, const std::string& note_in) {
  std::string note = internal::Trim(note_in);
  const cpl::Ground* g = cpl::FindGround(cpl::RefusalGrounds(), ground);
  if (!g) return Bad("ground", "请选择第十五条规定的不予受理情形");
  IPE_RETURN_IF_ERROR(
      CheckText("note", note, core::limits::kDescriptionChars, ground == "other_law"));
  core::Timestamp now = ctx.Now();
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  IPE_ASSIGN_OR_RETURN(Complaint c, LoadForHandling(*tx, who, id, "作出不予受理决定"));
  if (KindOf(c) != cpl::Kind::kComplaint) return core::FailedPrecondition("举报不适用不予受理");
  IPE_ASSIGN_OR_RETURN(cpl::Status to, Step(c, cpl::Action::kRefuse));
  Complaint after = c;
  after.status = cpl::StatusName(to);
  after.decided_at = now;
  after.ground = ground;
  after.decision_note = note;
  IPE_RETURN_IF_ERROR(Record(*tx, who, now, c, after, "complaint.refuse", "refused",
                             std::string("不予受理：") + g->label + "（" + g->article + "）" +
                                 (note.empty() ? "" : "。" + note),
                             true));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return after;
}

core::Result<Complaint> SuspendComplaint(Context& ctx, const Principal& who, int64_t id,
                                         const std::string& reason_in) {
  std::string reason = internal::Trim(reason_in);
  IPE_RETURN_IF_ERROR(CheckText("reason", reason, core::limits::kDescriptionChars, true));
  core::Timestamp now = ctx.Now();
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  IPE_ASSIGN_OR_RETURN(Complaint c, LoadForHandling(*tx, who, id, "暂停计时"));
  IPE_ASSIGN_OR_RETURN(cpl::Status to, Step(c, cpl::Action::kSuspend));
  IPE_ASSIGN_OR_RETURN(auto pauses, ComplaintStore(*tx).Pauses(id));
  core::Date today = core::LocalDate(now);
  if (!pauses.empty() && pauses.back().to && *pauses.back().to > today) {
    return core::FailedPrecondition("上次检测鉴定的结束日期晚于今天");
  }
  IPE_RETURN_IF_ERROR(ComplaintStore(*tx).AddPause(id, today, reason));
  Complaint after = c;
  after.resume_status = c.status;
  after.status = cpl::StatusName(to);
  IPE_RETURN_IF_ERROR(Recompute(*tx, after));
  if (KindOf(c) == cpl::Kind::kComplaint) after.mediation_due.reset();
  else after.decision_due.reset();
  IPE_RETURN_IF_ERROR(Record(*tx, who, now, c, after, "complaint.suspend", "suspended",
                             "检定、检验、检测、鉴定，期间不计入" +
                                 std::string(KindOf(c) == cpl::Kind::kComplaint
                                                 ? "调解期限（第二十条）"
                                                 : "核查期限（程序规定第十八条）") +
                                 "：" + reason,
                             true));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return after;
}

core::Result<Complaint> ResumeComplaint(Context& ctx, const Principal& who, int64_t id,
                                        const std::string& note_in) {
  std::string note = internal::Trim(note_in);
  IPE_RETURN_IF_ERROR(CheckText("note", note, core::limits::kDescriptionChars, false));
  core::Timestamp now = ctx.Now();
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  IPE_ASSIGN_OR_RETURN(Complaint c, LoadForHandling(*tx, who, id, "恢复计时"));
  IPE_ASSIGN_OR_RETURN(cpl::Status to, Step(c, cpl::Action::kResume));
  IPE_RETURN_IF_ERROR(ComplaintStore(*tx).ClosePause(id, core::LocalDate(now)));
  Complaint after = c;
  after.status = cpl::StatusName(to);
  after.resume_status.reset();
  IPE_RETURN_IF_ERROR(Recompute(*tx, after));
  std::optional<core::Timestamp> due =
      KindOf(c) == cpl::Kind::kComplaint ? after.mediation_due : after.decision_due;
  std::string due_text =
      due ? "，期限顺延至 " + core::LocalDate(due->AddSeconds(-1)).ToString() : "";
  IPE_RETURN_IF_ERROR(Record(*tx, who, now, c, after, "complaint.resume", "resumed",
                             "检测鉴定结束，恢复计时" + due_text + (note.empty() ? "" : "：" + note),
                             true));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return after;
}

core::Result<Complaint> EndMediation(Context& ctx, const Principal& who, int64_t id,
                                     const std::string& ending, const std::string& note_in) {
  std::string note = internal::Trim(note_in);
  const cpl::Ground* g = cpl::FindGround(cpl::MediationEndings(), ending);
  if (!g) return Bad("ending", "请选择调解结果或第二十一条规定的终止调解情形");
  IPE_RETURN_IF_ERROR(CheckText("note", note, core::limits::kComplaintTextChars, true));
  core::Timestamp now = ctx.Now();
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  IPE_ASSIGN_OR_RETURN(Complaint c, LoadForHandling(*tx, who, id, "结束调解"));
  IPE_ASSIGN_OR_RETURN(cpl::Status to, Step(c, cpl::Action::kEndMediation));
  if (StatusOf(c) == cpl::Status::kSuspended) {
    IPE_RETURN_IF_ERROR(ComplaintStore(*tx).ClosePause(id, core::LocalDate(now)));
  }
  Complaint after = c;
  after.status = cpl::StatusName(to);
  after.resume_status.reset();
  after.ground = ending;
  after.decision_note = note;
  after.mediation_ended_at = now;
  after.clock_note.clear();  // the mediation clock's note, if any, is history now
  IPE_ASSIGN_OR_RETURN(auto calendar, EffectiveCalendar(*tx));
  SetDue(after.notice_due,
         cpl::StepClock(rules::DefaultRuleSet(), *calendar, "mediation_end_notice", now),
         after.clock_note);
  std::string what = ending == "agreement" ? std::string("达成调解协议")
                                           : std::string("终止调解：") + g->label + "（" +
                                                 g->article + "）";
  IPE_RETURN_IF_ERROR(Record(*tx, who, now, c, after, "complaint.end_mediation", "mediation_ended",
                             what + "。调解记录：" + note, false));
  IPE_RETURN_IF_ERROR(ComplaintStore(*tx).AddEvent(id, now, std::nullopt, "", "", "mediation_result",
                                                   what, true));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return after;
}

core::Result<Complaint> RecordNotice(Context& ctx, const Principal& who, int64_t id,
                                     const std::string& channel, const std::string& note_in) {
  static const std::vector<std::string> kChannels = {"phone", "sms", "letter", "portal",
                                                     "in_person"};
  if (std::find(kChannels.begin(), kChannels.end(), channel) == kChannels.end()) {
    return Bad("channel", "告知方式应为 phone、sms、letter、portal 或 in_person");
  }
  std::string note = internal::Trim(note_in);
  IPE_RETURN_IF_ERROR(CheckText("note", note, core::limits::kDescriptionChars, false));
  core::Timestamp now = ctx.Now();
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  IPE_ASSIGN_OR_RETURN(Complaint c, LoadForHandling(*tx, who, id, "记录告知"));
  bool complaint = KindOf(c) == cpl::Kind::kComplaint;
  IPE_ASSIGN_OR_RETURN(cpl::Status to, Step(c, complaint ? cpl::Action::kNotifyParties
                                                         : cpl::Action::kNotifyReporter));
  if (!complaint && c.anonymous) return core::FailedPrecondition("匿名举报无需告知");
  Complaint after = c;
  after.status = cpl::StatusName(to);
  after.notified_at = now;
  after.notice_channel = channel;
  IPE_RETURN_IF_ERROR(Record(*tx, who, now, c, after, "complaint.notify", "notified",
                             std::string(complaint ? "已告知投诉人和被投诉人" : "已告知举报人") +
                                 (note.empty() ? "" : "：" + note),
                             true));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return after;
}

core::Result<Complaint> ExtendVerification(Context& ctx, const Principal& who, int64_t id,
                                           const std::string& reason_in) {
  std::string reason = internal::Trim(reason_in);
  IPE_RETURN_IF_ERROR(CheckText("reason", reason, core::limits::kDescriptionChars, true));
  core::Timestamp now = ctx.Now();
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  IPE_ASSIGN_OR_RETURN(Complaint c, LoadForHandling(*tx, who, id, "批准延长核查期限"));
  if (!who.is_system() && !who.Has(Role::kAgencyHead)) {
    return core::PermissionDenied("延长核查期限须经机关负责人批准 (agency head only)");
  }
  cpl::Status s = StatusOf(c);
  bool verifying = s == cpl::Status::kPending || (s == cpl::Status::kConverted && !c.decided_at) ||
                   s == cpl::Status::kSuspended;
  if (KindOf(c) != cpl::Kind::kReport || !verifying) {
    return core::FailedPrecondition("只有核查中的举报可以延长核查期限");
  }
  if (c.extended) return core::FailedPrecondition("核查期限已延长过一次");
  Complaint after = c;
  after.extended = true;
  IPE_RETURN_IF_ERROR(Recompute(*tx, after));
  std::string due = after.decision_due
                        ? "至 " + core::LocalDate(after.decision_due->AddSeconds(-1)).ToString()
                        : "";
  IPE_RETURN_IF_ERROR(Record(*tx, who, now, c, after, "complaint.extend", "extended",
                             "负责人批准延长核查期限十五个工作日" + due + "：" + reason, false));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return after;
}

core::Result<Complaint> DeclineReport(Context& ctx, const Principal& who, int64_t id,
                                      const std::string& reason_in) {
  std::string reason = internal::Trim(reason_in);
  IPE_RETURN_IF_ERROR(CheckText("reason", reason, core::limits::kDescriptionChars, true));
  core::Timestamp now = ctx.Now();
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  IPE_ASSIGN_OR_RETURN(Complaint c, LoadForHandling(*tx, who, id, "作出不予立案决定"));
  if (KindOf(c) != cpl::Kind::kReport) return core::FailedPrecondition("投诉不适用不予立案");
  if (c.lead_id) {
    return core::FailedPrecondition("已转为线索 #" + std::to_string(*c.lead_id) +
                                    "：请在线索中作出不予采用（不予立案）决定");
  }
  IPE_ASSIGN_OR_RETURN(cpl::Status to, Step(c, cpl::Action::kNotFile));
  Complaint after = c;
  after.status = cpl::StatusName(to);
  after.decided_at = now;
  after.decision_note = reason;
  IPE_RETURN_IF_ERROR(FilingNotice(*tx, now, after, "经核查不予立案"));
  IPE_RETURN_IF_ERROR(Record(*tx, who, now, c, after, "complaint.not_file", "not_filed",
                             "经核查，不予立案：" + reason, false));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return after;
}

core::Result<ConversionResult> ConvertComplaintToLead(Context& ctx, const Principal& who,
                                                      int64_t id, const std::string& note_in) {
  std::string note = internal::Trim(note_in);
  IPE_RETURN_IF_ERROR(CheckText("note", note, core::limits::kDescriptionChars, false));
  core::Timestamp now = ctx.Now();
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  IPE_ASSIGN_OR_RETURN(Complaint c, LoadForHandling(*tx, who, id, "转为线索"));
  if (c.lead_id) {
    return core::FailedPrecondition("已转为线索 #" + std::to_string(*c.lead_id) + " (already converted)");
  }
  IPE_ASSIGN_OR_RETURN(cpl::Status to, Step(c, cpl::Action::kConvert));
  IPE_ASSIGN_OR_RETURN(auto persons, ComplaintStore(*tx).Persons(id));

  NewLead lead;
  lead.source = "complaint";
  lead.source_ref = c.receipt_no;
  lead.region_code = c.region_code;
  const cpl::Subject* subject = cpl::FindSubject(c.subject);
  static const std::vector<std::pair<std::string, std::string>> kLeadCategory = {
      {"trademark", "trademark"},         {"patent", "patent"},
      {"copyright", "copyright"},         {"geographic_indication", "geographic_indication"},
      {"counterfeit_goods", "counterfeit_goods"}, {"product_quality", "counterfeit_goods"},
      {"consumer_rights", "other"},       {"other", "other"}};
  lead.category = "other";
  for (const auto& [from, category] : kLeadCategory) {
    if (c.subject == from) lead.category = category;
  }
  lead.title = std::string(cpl::KindLabel(KindOf(c))) + "线索：" + c.respondent_name +
               (subject ? std::string("（") + subject->label + "）" : "");
  // The facts leave the complaint without the persons' names, phones, ID numbers or addresses.
  lead.description = "来自" + std::string(cpl::KindLabel(KindOf(c))) + " " + c.receipt_no + "。" +
                     RedactedFacts(c.facts, persons) + (note.empty() ? "" : "\n核查意见：" + note);
  lead.agency_id = c.agency_id;
  bool person_respondent = c.respondent_name.size() <= 12 &&
                           c.respondent_name.find("公司") == std::string::npos &&
                           c.respondent_name.find("店") == std::string::npos;
  // The respondent's identifiers as observables; one the normaliser refuses (a shop written
  // without its platform …) stays on the complaint only.
  std::vector<std::pair<const char*, std::string>> observables = {
      {person_respondent ? "person_name" : "company_name", c.respondent_name},
      {"web_shop", c.respondent_shop},
      {"phone", c.respondent_phone},
      {"address", c.respondent_address}};
  for (const auto& [type, value] : observables) {
    auto parsed = link::ParseObservableType(type);
    if (value.empty() || !parsed) continue;
    if (LeadNormaliser().Normalise({*parsed, value}).verdict == link::Verdict::kInvalid) continue;
    lead.observables.push_back({type, value, "", "", "", ""});
  }
  IPE_ASSIGN_OR_RETURN(Lead made, AddLeadInTx(*tx, who, now, lead));
  Complaint after = c;
  after.status = cpl::StatusName(to);
  after.lead_id = made.id;
  IPE_RETURN_IF_ERROR(Record(*tx, who, now, c, after, "complaint.convert", "converted",
                             "转为线索 #" + std::to_string(made.id) +
                                 (note.empty() ? "" : "：" + note),
                             false));
  IPE_RETURN_IF_ERROR(tx->Commit());
  IndexNewLeads(ctx, {made});
  return ConversionResult{std::move(after), made.id};
}

namespace {

core::Status NoteFilingDecision(storage::Tx& tx, const Principal& who, core::Timestamp now,
                                int64_t lead_id, std::optional<int64_t> case_id) {
  ComplaintStore store(tx);
  IPE_ASSIGN_OR_RETURN(auto ids, store.IdsByLead(lead_id));
  for (int64_t id : ids) {
    IPE_ASSIGN_OR_RETURN(auto found, store.Load(id, true));
    if (!found || KindOf(*found) != cpl::Kind::kReport ||
        StatusOf(*found) != cpl::Status::kConverted) {
      continue;  // a complaint's lead, or a report already decided
    }
    Complaint before = *found;
    Complaint after = before;
    after.status = cpl::StatusName(case_id ? cpl::Status::kFiled : cpl::Status::kNotFiled);
    after.decided_at = now;
    after.case_id = case_id;
    std::string decision = case_id ? "已立案" : "经核查不予立案";
    IPE_RETURN_IF_ERROR(FilingNotice(tx, now, after, decision));
    IPE_RETURN_IF_ERROR(Record(tx, who, now, before, after,
                               case_id ? "complaint.filed" : "complaint.not_file",
                               case_id ? "filed" : "not_filed",
                               case_id ? "线索 #" + std::to_string(lead_id) + " 立案（案件 #" +
                                             std::to_string(*case_id) + "）"
                                       : "线索 #" + std::to_string(lead_id) + " 不予采用，不予立案",
                               false));
  }
  return core::Status::Ok();
}

}  // namespace

core::Status NoteLeadFiledInTx(storage::Tx& tx, const Principal& who, core::Timestamp now,
                               int64_t lead_id, int64_t case_id) {
  return NoteFilingDecision(tx, who, now, lead_id, case_id);
}

core::Status NoteLeadDismissedInTx(storage::Tx& tx, const Principal& who, core::Timestamp now,
                                   int64_t lead_id) {
  return NoteFilingDecision(tx, who, now, lead_id, std::nullopt);
}

core::Result<PublicComplaintStatus> GetPublicComplaintStatus(Context& ctx,
                                                             const std::string& receipt_no,
                                                             const std::string& query_code) {
  if (receipt_no.empty() || receipt_no.size() > 40 || query_code.empty() ||
      query_code.size() > 40) {
    return core::NotFound("受理编号或查询码有误");
  }
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  ComplaintStore store(*tx);
  IPE_ASSIGN_OR_RETURN(auto id, store.IdByReceipt(receipt_no, Sha256Hex(query_code)));
  if (!id) return core::NotFound("受理编号或查询码有误");
  IPE_ASSIGN_OR_RETURN(auto c, store.Load(*id, false));
  if (!c) return core::NotFound("受理编号或查询码有误");
  PublicComplaintStatus out;
  out.receipt_no = c->receipt_no;
  out.kind = c->kind;
  out.status = c->status;
  out.status_label = cpl::StatusLabel(KindOf(*c), StatusOf(*c));
  out.agency_name = c->agency_name;
  out.submitted_on = core::LocalDate(c->received_at);
  if (const cpl::Ground* g = cpl::FindGround(cpl::RefusalGrounds(), c->ground);
      g && c->status == "refused") {
    out.ground_label = g->label;
  } else if (const cpl::Ground* e = cpl::FindGround(cpl::MediationEndings(), c->ground)) {
    out.ground_label = e->label;
  }
  IPE_ASSIGN_OR_RETURN(out.events, store.Events(*id, true));
  for (ComplaintEvent& e : out.events) e.actor_login.clear();
  return out;
}

core::Result<ComplaintAttachment> AddPublicAttachment(Context& ctx, const std::string& receipt_no,
                                                      const std::string& query_code,
                                                      const std::string& filename_in,
                                                      const std::string& content_type,
                                                      const std::string& data_base64) {
  core::Status st = core::InvalidArgument("附件有误 (invalid attachment)");
  std::optional<std::string> bytes = internal::CheckUpload(
      {filename_in, content_type, data_base64}, cpl::kMaxAttachmentBytes, cpl::AttachmentTypeProblem, st);
  if (!bytes) return st;
  std::string filename = internal::Trim(filename_in);
  if (receipt_no.empty() || receipt_no.size() > 40 || query_code.empty() || query_code.size() > 40) {
    return core::NotFound("受理编号或查询码有误");
  }
  core::Timestamp now = ctx.Now();
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  ComplaintStore store(*tx);
  IPE_ASSIGN_OR_RETURN(auto id, store.IdByReceipt(receipt_no, Sha256Hex(query_code)));
  if (!id) return core::NotFound("受理编号或查询码有误");
  IPE_ASSIGN_OR_RETURN(auto c, store.Load(*id, true));
  if (!c) return core::NotFound("受理编号或查询码有误");
  if (!cpl::IsOpen(StatusOf(*c))) return core::FailedPrecondition("已办结，不再接收附件");
  IPE_ASSIGN_OR_RETURN(auto existing, store.Attachments(*id));
  if (existing.size() >= cpl::kMaxAttachments) {
    return core::FailedPrecondition("每件最多 " + std::to_string(cpl::kMaxAttachments) + " 个附件");
  }
  ComplaintAttachment meta{0, filename, content_type, static_cast<int64_t>(bytes->size())};
  // Kept as sent: it decoded to the checked bytes above.
  IPE_RETURN_IF_ERROR(store.InsertAttachment(*id, meta, data_base64, now));
  IPE_RETURN_IF_ERROR(store.AddEvent(*id, now, std::nullopt, "", "", "attachment",
                                     "收到附件（" + std::to_string((bytes->size() + 1023) / 1024) +
                                         " KiB）",
                                     true));
  nlohmann::json after = {{"filename", filename}, {"content_type", content_type}, {"size", meta.size}};
  IPE_RETURN_IF_ERROR(AppendAudit(*tx, Principal::System(), now,
                                  {"complaint.attachment", "complaint", std::to_string(*id),
                                   "收到附件（" + c->receipt_no + "）", std::nullopt, after.dump(),
                                   AuditScopeOf(c->region_code, c->agency_id)}));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return meta;
}

core::Result<std::pair<ComplaintAttachment, std::string>> GetComplaintAttachment(
    Context& ctx, const Principal& who, int64_t id, int64_t attachment_id) {
  IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kComplaintList, "查看投诉举报附件"));
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  IPE_ASSIGN_OR_RETURN(Complaint c, LoadVisible(*tx, who, id, false));
  IPE_ASSIGN_OR_RETURN(auto found, ComplaintStore(*tx).Attachment(id, attachment_id));
  if (!found) return core::NotFound("附件不存在");
  if (!MaySeePersons(who, c)) {
    return core::PermissionDenied("附件仅承办人可以查看（第三十三条）");
  }
  auto bytes = DecodeBase64(found->second);
  if (!bytes) return core::Internal("附件数据损坏");
  return std::make_pair(found->first, std::move(*bytes));
}

core::Result<ComplaintFigures> ComplaintStatistics(Context& ctx, const Principal& who) {
  IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kComplaintList, "查看投诉举报统计"));
  ComplaintScope scope;
  if (!who.is_system()) {
    scope.region = who.region_code;
    if (SeesWholeRegion(who)) scope.unrouted = true;
    else scope.agency = who.agency_id;
  }
  core::Timestamp now = ctx.Now();
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  IPE_ASSIGN_OR_RETURN(auto calendar, EffectiveCalendar(*tx));
  // Due soon as complaints::UrgencyOf says: by the end of the working day `kSoonWorkingDays` ahead
  // (today counted when it is a working day).
  core::Date today = core::LocalDate(now);
  IPE_ASSIGN_OR_RETURN(bool working, calendar->IsWorkingDay(today));
  IPE_ASSIGN_OR_RETURN(core::Date horizon,
                       calendar->AddWorkingDays(today, working ? kSoonWorkingDays - 1 : kSoonWorkingDays));
  IPE_ASSIGN_OR_RETURN(auto f, ComplaintStore(*tx).FiguresOf(scope, now, core::EndOfLocalDay(horizon)));
  ComplaintFigures out;
  out.by_kind = std::move(f.by_kind);
  out.by_channel = std::move(f.by_channel);
  out.by_subject = std::move(f.by_subject);
  out.by_status = std::move(f.by_status);
  out.by_region = std::move(f.by_province);
  out.total = f.total;
  out.converted = f.converted;
  out.filed = f.filed;
  out.overdue = f.overdue;
  out.due_soon = f.due_soon;
  auto step = [](const char* code, const char* label, const std::vector<int64_t>& d) {  // d sorted
    ComplaintFigures::Step s{code, label, static_cast<int64_t>(d.size()), 0, 0};
    if (d.empty()) return s;
    size_t n = d.size();
    auto days = [](int64_t seconds) { return static_cast<double>(seconds) / 86400.0; };
    s.median_days = n % 2 ? days(d[n / 2]) : (days(d[n / 2 - 1]) + days(d[n / 2])) / 2;
    s.worst_days = days(d.back());
    return s;
  };
  out.steps = {step("decision", "受理（核查）决定", f.decision_seconds),
               step("mediation", "调解", f.mediation_seconds),
               step("notice", "告知", f.notice_seconds)};
  out.median_decision_days = out.steps[0].median_days;
  out.worst_decision_days = out.steps[0].worst_days;
  return out;
}

}  // namespace ipe::app
