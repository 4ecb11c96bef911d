#pragma once
// 投诉举报: complaints and reports from every channel — intake (the public portal, officers entering
// hotline calls and letters, feeds idempotent by channel and external id), routing to the
// competent agency, transfer and jurisdiction disputes, acceptance or refusal, mediation with its
// clock paused for testing, report verification, conversion to a lead in one transaction, and the
// notice to a named reporter when the case is filed. The rules are complaints/ (pure); every write
// here is one transaction, one audit record and one or more timeline events.
//
// Confidentiality (Order 20 第三十三条): the persons (name, phone, address, ID) are read only by the
// handling agency's assigned officers (承办人); everyone else gets `persons_hidden` and facts with
// the persons' names and every phone and ID number taken out. Audit records, events, leads and
// exports never carry them.
//
//   auto r = SubmitComplaint(ctx, who, intake);            // r->receipt_no, r->query_code
//   AssignComplaint(ctx, officer, r->id, std::nullopt);    // 承办 (self)
//   AcceptComplaint(ctx, officer, r->id, "");               // mediation clock starts
//
// docs/complaints.md describes the model and the API.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/context.h"
#include "app/principal.h"
#include "complaints/complaints.h"
#include "core/status.h"
#include "core/time.h"
#include "storage/db.h"

namespace ipe::app {

struct ComplaintEvent {
  core::Timestamp at;
  std::string actor_login;  // "" for the system and the public
  std::string kind;         // received, routed, assigned, accepted, refused, suspended …
  std::string summary;      // zh-CN; never names the complainant or reporter
  bool on_portal = false;   // shown to the complainant on the status page
  std::string actor_name;   // display name, for the timeline ("" for the system and the public)
};

struct ComplaintPause {
  core::Date from;
  std::optional<core::Date> to;
  std::string reason;
};

struct ComplaintAttachment {
  int64_t id = 0;
  std::string filename;
  std::string content_type;
  int64_t size = 0;  // bytes
};

struct Complaint {
  int64_t id = 0;
  std::string kind;     // complaint | report
  std::string channel;
  std::optional<std::string> external_id;
  std::string receipt_no;
  std::string subject;
  std::string status;
  std::optional<std::string> resume_status;
  std::optional<int64_t> agency_id;
  std::string agency_name;
  std::string region_code;
  bool anonymous = false;
  bool power_of_attorney = false;
  std::string respondent_name;
  std::string respondent_address;
  std::string respondent_shop;
  std::string respondent_phone;
  std::string product;
  std::string request;
  std::string facts;
  std::optional<core::Date> harm_known_on;
  core::Timestamp received_at;
  std::optional<core::Timestamp> agency_received_at;
  std::optional<core::Timestamp> decision_due;  // accept/refuse, or verify (reports)
  bool extended = false;
  std::optional<core::Timestamp> decided_at;
  std::string ground;
  std::string decision_note;
  std::optional<core::Timestamp> mediation_due;
  std::optional<core::Timestamp> mediation_ended_at;
  std::optional<core::Timestamp> notice_due;
  std::optional<core::Timestamp> notified_at;
  std::string notice_channel;
  std::string clock_note;
  std::optional<int64_t> dispute_agency_id;
  std::optional<core::Timestamp> dispute_due;
  std::optional<int64_t> lead_id;
  std::optional<int64_t> case_id;
  std::optional<int64_t> fair_id;  // 展会维权: filed under this fair
  std::string fair_name;
  int64_t group_id = 0;    // 同一事项: the smallest id of the matter (complaints/duplicates.h)
  int64_t group_size = 1;  // lists: records of the matter the viewer may see
  int64_t version = 1;
  core::Timestamp created_at;
  core::Timestamp updated_at;

  // Filled for the viewer:
  std::vector<complaints::Person> persons;  // empty unless the viewer may see them
  bool persons_hidden = false;              // there are persons the viewer may not see
  std::vector<int64_t> assignees;           // user ids of the 承办人
  std::vector<std::string> assignee_names;
  bool assigned_to_me = false;
  std::vector<ComplaintEvent> events;       // detail only
  std::vector<ComplaintPause> pauses;       // detail only
  /// Detail only: what came with the portal's form (names and sizes for everyone who sees the
  /// record; the files themselves only for the assigned officers, GetComplaintAttachment).
  std::vector<ComplaintAttachment> attachments;
  /// Detail only: the handling agency's other records of the same matter (同一事项: the same shop,
  /// phone or organisation, complaints/duplicates.h) the viewer may see.
  struct Duplicate {
    int64_t id = 0;
    std::string receipt_no;
    std::string status;
  };
  std::vector<Duplicate> duplicates;
  /// The limitation check of 第十五条(四) when harm_known_on is given: the last day and whether
  /// the complaint came after it (a suggested refusal ground; the officer decides).
  std::optional<core::Date> limitation_last_day;
  bool limitation_expired = false;
  std::string urgency;  // on_time | due_soon | overdue | "" (no running clock)
  std::optional<core::Timestamp> running_due;  // the clock that runs now
  /// 展会维权: the fair's own on-site clock (complaints::FairClockOf) while the record filed under a
  /// fair with handle_hours awaits its decision; fair_urgency as urgency.
  std::optional<int> fair_handle_hours;
  std::optional<core::Timestamp> fair_due;
  std::string fair_urgency;
};

/// What is submitted: the rule fields plus the feed's external id (import, api).
struct ComplaintSubmission {
  complaints::Intake intake;
  std::string external_id;  // "" = none
  std::optional<int64_t> fair_id;  // filed under a fair (展会维权)
};

struct ComplaintReceipt {
  int64_t id = 0;
  std::string receipt_no;
  std::string query_code;  // shown once; the store keeps its hash
  bool created = true;     // false: (channel, external_id) was known; no new code is issued
  std::string status;
  std::optional<int64_t> agency_id;
};

/// Intake by officers (hotline, letter, visit; capability complaint.intake) or by a feed (import,
/// api: the same capability, with external_id — a known (channel, external_id) answers the
/// existing record with created = false and writes nothing). Validates (complaints::ValidateIntake
/// and the text limits: InvalidArgument with field errors), routes to the competent agency by the
/// respondent's region and the subject (the region, then its prefecture and province; none →
/// status received, for the office), starts the clock. One audit record.
core::Result<ComplaintReceipt> SubmitComplaint(Context& ctx, const Principal& who,
                                               const ComplaintSubmission& s);
/// The public portal's form (channel portal, no principal; the caller checked the pass).
core::Result<ComplaintReceipt> SubmitPublicComplaint(Context& ctx, complaints::Intake intake,
                                                     std::optional<int64_t> fair_id = std::nullopt);

struct ComplaintFilter {
  std::optional<std::string> kind;
  std::optional<std::string> status;
  std::optional<std::string> channel;
  std::optional<std::string> subject;
  std::optional<std::string> region;  // subtree
  std::optional<int64_t> lead_id;
  std::optional<bool> mine;           // only those assigned to the caller
  std::optional<std::string> urgency; // due_soon | overdue
  std::optional<std::string> fair_clock;  // due_soon | overdue: the fair's on-site clock
  std::optional<std::string> q;       // substring of the respondent, receipt number or shop
  std::optional<int64_t> fair_id;     // filed under that fair
  std::optional<int64_t> group_id;    // 同一事项: the records of that matter
};
/// The queue: records the caller may see (the handling agency's users; supervisors in their
/// region; unrouted ones for the office), newest first. Persons are never filled in lists.
core::Result<Page<Complaint>> ListComplaints(Context& ctx, const Principal& who,
                                             const ComplaintFilter& f, const PageRequest& page);
/// One record with its events and pauses; persons only for its assigned officers. NotFound when
/// unknown or outside the caller's scope.
core::Result<Complaint> GetComplaint(Context& ctx, const Principal& who, int64_t id);

/// 承办: an officer of the handling agency takes the record (user_id empty or the caller); the
/// agency head assigns any active officer of the agency. One event, one audit record.
core::Result<Complaint> AssignComplaint(Context& ctx, const Principal& who, int64_t id,
                                        std::optional<int64_t> user_id);

/// 分送 / 改派: to another active agency whose jurisdiction holds the respondent's region. The
/// handling agency's officers and head, or the office (also for unrouted records). `basis`:
/// "routing" (分送/改派), "agreed" (agreed in a jurisdiction negotiation), "designated" (by the
/// level above: the office, or a head of an agency whose region holds both). The assignees are
/// cleared and the new agency's clock starts (第十四条: from its receipt).
core::Result<Complaint> TransferComplaint(Context& ctx, const Principal& who, int64_t id,
                                          int64_t agency_id, const std::string& basis,
                                          const std::string& reason);
/// 管辖争议 (第三十条): the handling agency disputes jurisdiction with `agency_id`: negotiate within 7
/// working days, else the level above designates (TransferComplaint with basis "designated").
core::Result<Complaint> OpenJurisdictionDispute(Context& ctx, const Principal& who, int64_t id,
                                                int64_t agency_id, const std::string& note);

/// 受理 (complaints): the mediation clock (45 working days) starts. Assigned officers or the head.
core::Result<Complaint> AcceptComplaint(Context& ctx, const Principal& who, int64_t id,
                                        const std::string& note);
/// 不予受理 with a ground of 第十五条 (complaints::RefusalGrounds) and a note (required for
/// other_law). The complainant is told with the decision.
core::Result<Complaint> RefuseComplaint(Context& ctx, const Principal& who, int64_t id,
                                        const std::string& ground, const std::string& note);
/// 检测鉴定: pauses the running clock (mediation, or a report's verification) from today.
core::Result<Complaint> SuspendComplaint(Context& ctx, const Principal& who, int64_t id,
                                         const std::string& reason);
/// The testing result arrived: the clock resumes (its end moves by the paused working days).
core::Result<Complaint> ResumeComplaint(Context& ctx, const Principal& who, int64_t id,
                                        const std::string& note);
/// 结束调解 with an ending of 第二十一条 (or agreement); the notice clock (7 working days) starts.
core::Result<Complaint> EndMediation(Context& ctx, const Principal& who, int64_t id,
                                     const std::string& ending, const std::string& note);
/// 告知 recorded: mediation ended → both parties told (closed); a report's filing decision → the
/// reporter told. `channel`: phone, sms, letter, portal, in_person.
core::Result<Complaint> RecordNotice(Context& ctx, const Principal& who, int64_t id,
                                     const std::string& channel, const std::string& note);
/// Reports: +15 working days of verification, approved by the agency head (once).
core::Result<Complaint> ExtendVerification(Context& ctx, const Principal& who, int64_t id,
                                           const std::string& reason);
/// Reports: 核查 found no violation → 不予立案; a named reporter's notice clock starts.
core::Result<Complaint> DeclineReport(Context& ctx, const Principal& who, int64_t id,
                                      const std::string& reason);

struct ConversionResult {
  Complaint complaint;
  int64_t lead_id = 0;
};
/// 转为线索: a report (or a complaint revealing a violation, 第二十三条) becomes a lead of the
/// handling agency in the same transaction (leads.h AddLeadInTx: source "complaint", source_ref
/// the receipt number; the respondent's name, shop, phone and address as observables; the facts
/// without the persons' names, phones and ID numbers), linked both ways (complaints.lead_id, the
/// lead's source_ref). Assigned officers or the head; once per record.
core::Result<ConversionResult> ConvertComplaintToLead(Context& ctx, const Principal& who,
                                                      int64_t id, const std::string& note);

/// Called inside the transaction that files a case from lead `lead_id` (leads_workflow.cc
/// ConvertLeadToCase): a report converted into that lead becomes filed (立案), and its named
/// reporter is told on the portal at once (the 5-working-day notice of 第三十一条, recorded);
/// an anonymous one is closed without a notice. No-op when no record has that lead.
core::Status NoteLeadFiledInTx(storage::Tx& tx, const Principal& who, core::Timestamp now,
                               int64_t lead_id, int64_t case_id);
/// The same for a lead dismissed (不予立案) by ScreenLead.
core::Status NoteLeadDismissedInTx(storage::Tx& tx, const Principal& who, core::Timestamp now,
                                   int64_t lead_id);

/// The portal's status page: the receipt with its query code. NotFound for a wrong pair (one
/// answer for an unknown receipt and a wrong code).
struct PublicComplaintStatus {
  std::string receipt_no;
  std::string kind;
  std::string status;
  std::string status_label;
  std::string agency_name;
  core::Date submitted_on;
  std::string ground_label;  // refusal ground or mediation ending
  std::vector<ComplaintEvent> events;  // the on_portal ones, without actors
};
core::Result<PublicComplaintStatus> GetPublicComplaintStatus(Context& ctx,
                                                             const std::string& receipt_no,
                                                             const std::string& query_code);

/// An attachment sent with the portal's form, by the receipt number and query code (NotFound for
/// a wrong pair): JPEG, PNG or PDF told by its first bytes, at most 2 MiB, at most 5 per record,
/// only while the record is open (FailedPrecondition after). InvalidArgument with field errors
/// (filename, content_type, data_base64) and nothing written otherwise. An event and an audit
/// record (the file name and size only).
core::Result<ComplaintAttachment> AddPublicAttachment(Context& ctx, const std::string& receipt_no,
                                                      const std::string& query_code,
                                                      const std::string& filename,
                                                      const std::string& content_type,
                                                      const std::string& data_base64);
/// The file of attachment `attachment_id` of record `id`: its assigned officers only (the file may
/// name the complainant). NotFound for anyone who may not see the record, an unknown attachment,
/// and PermissionDenied for those who see the record but do not handle it.
core::Result<std::pair<ComplaintAttachment, std::string>> GetComplaintAttachment(
    Context& ctx, const Principal& who, int64_t id, int64_t attachment_id);

/// Figures for the statistics module and the 工作台 (within the caller's scope).
struct ComplaintFigures {
  std::vector<std::pair<std::string, int64_t>> by_kind, by_channel, by_subject, by_status,
      by_region;
  int64_t total = 0;
  int64_t converted = 0;  // became leads
  int64_t filed = 0;      // became cases
  int64_t overdue = 0;    // open with a running clock past its end
  int64_t due_soon = 0;
  double median_decision_days = 0;  // receipt by the agency → accept/refuse/filing decision
  double worst_decision_days = 0;
  /// Calendar days each step took over the records that went through it: decision (as above),
  /// mediation (acceptance → its end, appraisal pauses included), notice (the decision or the
  /// mediation's end → the parties or the reporter told).
  struct Step {
    std::string step;   // decision | mediation | notice
    std::string label;  // 受理（核查）决定 …
    int64_t count = 0;
    double median_days = 0;
    double worst_days = 0;
  };
  std::vector<Step> steps;
};
core::Result<ComplaintFigures> ComplaintStatistics(Context& ctx, const Principal& who);

}  // namespace ipe::app
