#pragma once
// 信用与公示: the disclosure of penalty decisions (SAMR Order 45) — a draft per punished party when a
// case is closed with a penalty, the agency's review and publication on the statutory clock,
// withholding (minors, secrets) and withdrawal with reasons — and the public portal's read side.
// The rules themselves (what is published, for how long, what a natural person keeps hidden) are
// in credit/disclosure.h; docs/credit.md describes the whole module.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/cases/cases.h"
#include "app/context.h"
#include "app/principal.h"
#include "core/money.h"
#include "core/status.h"
#include "core/time.h"
#include "credit/risk_grade.h"

namespace ipe::app {

/// draft → published → withdrawn | repaired (信用修复: off the portal early); draft → withheld
/// (不予公示, with the reason).
struct Disclosure {
  int64_t id = 0;
  int64_t case_id = 0;
  int64_t agency_id = 0;
  std::string agency_name;
  std::string region_code;
  std::string status;
  std::string decision_no;
  core::Date decision_date;
  std::string party_kind;  // company | person
  std::string party_name;
  std::optional<std::string> credit_code;
  std::optional<std::string> id_number;  // only for the deciding agency's own users
  std::optional<std::string> id_masked;
  /// The case's other natural persons, whose names the public facts hide (internal).
  std::vector<std::string> other_persons;
  std::string violation_type;
  std::string facts;          // as written by the officer (internal)
  std::string facts_public;   // facts with personal data redacted: what the portal shows
  std::vector<std::string> redactions;
  std::string legal_basis;
  std::vector<std::string> penalty_kinds;  // credit::PenaltyKind keys
  std::optional<core::Fen> fine;
  std::optional<core::Date> restriction_until;
  std::string penalty_content;
  std::string publish_step;
  /// None when the holiday calendar lacks the year it falls in: not guessed; `clock_note` says
  /// so (as transfers do, issue 13).
  std::optional<core::Timestamp> publish_due;
  std::optional<core::Timestamp> publish_target;  // the 双公示 prompt ([M])
  std::string clock_note;
  std::optional<core::Timestamp> published_at;
  std::optional<int64_t> published_by;
  std::optional<std::string> display_step;
  std::optional<core::Date> display_until;
  std::string display_basis;
  std::string withheld_reason;
  bool repair_after_one_year = false;  // 食品、药品、特种设备 (the repair measures)
  std::optional<core::Timestamp> withdrawn_at;
  std::optional<std::string> withdraw_kind;
  std::string withdraw_reason;
  std::optional<core::Date> decision_changed_on;
  std::optional<core::Timestamp> withdraw_due;
  int64_t version = 1;
  core::Timestamp created_at;
  core::Timestamp updated_at;
  /// Derived: a draft past publish_due; a published record past display_until (off the portal).
  bool overdue = false;
  bool display_ended = false;
};

/// Status codes with their zh-CN labels (the UI shows these).
const std::vector<CodeLabel>& DisclosureStatuses();
/// 不予公示 grounds (minor, state_secret, commercial_secret, privacy, other).
const std::vector<CodeLabel>& WithholdReasons();
/// Why a published record is withdrawn (Order 45 art. 11).
const std::vector<CodeLabel>& WithdrawKinds();

/// Inside CloseCase's transaction: one draft per party of role "party" when the penalty is to be
/// published (credit::MustPublish); a minor's is created withheld. Returns how many were created
/// (0 for a warning alone, which the case timeline then says).
core::Result<int> CreateDisclosureDraftsInTx(storage::Tx& tx, const Principal& who,
                                             const Case& closed, const CaseClosing& closing,
                                             core::Timestamp now);

struct DisclosureFilter {
  std::optional<std::string> status;
  std::optional<bool> overdue;  // drafts past their publish_due
  std::optional<std::string> q; // party name, credit code, decision number
  std::optional<std::string> region;
  std::optional<int64_t> agency_id;
};
/// The deciding agency's users see its records; supervisors (office, prosecutor, auditor, admin)
/// their region's, with ID numbers masked.
core::Result<Page<Disclosure>> ListDisclosures(Context& ctx, const Principal& who,
                                               const DisclosureFilter& f, const PageRequest& page);
core::Result<Disclosure> GetDisclosure(Context& ctx, const Principal& who, int64_t id);

struct DisclosureEdit {
  std::string violation_type;
  std::string facts;
  std::string legal_basis;
};
/// The reviewing officer's changes to a draft; facts_public is recomputed. FailedPrecondition
/// for a record that is no longer a draft (409), Aborted for a stale version (409).
core::Result<Disclosure> UpdateDisclosureDraft(Context& ctx, const Principal& who, int64_t id,
                                               const DisclosureEdit& edit, int64_t version);
/// Publishes a draft: the display period starts today (Beijing time).
core::Result<Disclosure> PublishDisclosure(Context& ctx, const Principal& who, int64_t id,
                                           int64_t version);
/// 不予公示: a draft is not published, for a reason from WithholdReasons() (and a note; required
/// for "other").
core::Result<Disclosure> WithholdDisclosure(Context& ctx, const Principal& who, int64_t id,
                                            const std::string& reason, const std::string& note,
                                            int64_t version);
/// Takes a published record off the portal because the decision was revoked, changed, confirmed
/// illegal or void on `changed_on`; the withdrawal is due within 3 working days of it.
core::Result<Disclosure> WithdrawDisclosure(Context& ctx, const Principal& who, int64_t id,
                                            const std::string& kind, const std::string& reason,
                                            core::Date changed_on, int64_t version);

/// What the public portal shows of a record: nothing internal (no ID number, no raw facts, no
/// users, no agency ids).
struct PublicDisclosure {
  int64_t id = 0;
  std::string decision_no;
  core::Date decision_date;
  std::string party_kind;
  std::string party_name;
  std::optional<std::string> credit_code;
  std::optional<std::string> id_masked;
  std::string violation_type;
  std::string facts;
  std::string legal_basis;
  std::string penalty_content;
  std::string agency_name;
  core::Date published_on;
  core::Date display_until;
};
/// Published records inside their display period, newest first; `q` matches the party name,
/// credit code or decision number. Page size at most 50.
core::Result<Page<PublicDisclosure>> SearchPublicDisclosures(Context& ctx,
                                                             const std::optional<std::string>& q,
                                                             const PageRequest& page);
/// NotFound unless published and inside its display period.
core::Result<PublicDisclosure> GetPublicDisclosure(Context& ctx, int64_t id);

/// One change for the national credit-sharing platform: a record as published (masked), with
/// its state — published, withdrawn (with the reason) or repaired (publication ended early).
struct DisclosureChange {
  PublicDisclosure record;
  std::string status;
  std::string withdraw_kind;
  std::string withdraw_reason;
  core::Timestamp changed_at;
};
struct DisclosureFeed {
  std::vector<DisclosureChange> items;
  /// Where the next call continues ("<seconds>.<id>"); empty when nothing more.
  std::string next_cursor;
};
/// Records that were ever published and changed after `cursor` ("" for the start, or the
/// next_cursor of the previous call), oldest change first, at most `limit` (1–1000), in the
/// caller's region. The office and admins only; audited as "disclosure.export".
core::Result<DisclosureFeed> ExportDisclosureFeed(Context& ctx, const Principal& who,
                                                  const std::string& cursor, int limit);

/// Disclosure work of one agency in a period (seed task 24: supervise, report on and assess each
/// agency's disclosure): decisions taken in the period, how many were published and how fast.
struct DisclosureFigures {
  int64_t agency_id = 0;
  std::string agency_name;
  int64_t decisions = 0;        // penalty records with a decision date in the period
  int64_t published = 0;        // of those, ever published (published, withdrawn or repaired)
  int64_t on_time = 0;          // published by their deadline
  int64_t overdue_open = 0;     // still drafts past their deadline now
  int64_t withheld = 0;
  int64_t withdrawn = 0;
  int64_t median_delay_days = 0;  // decision to publication, calendar days, of the published
  int64_t worst_delay_days = 0;
  /// on_time / (decisions − withheld) in percent, for the assessment rubric; 100 with nothing due.
  int64_t on_time_pct = 100;
};
/// Per agency of the caller's region, decisions dated from `from` to `to` inclusive. The office,
/// prosecutors, auditors and admins.
core::Result<std::vector<DisclosureFigures>> DisclosureSupervision(Context& ctx, const Principal& who,
                                                                   core::Date from, core::Date to);

// ---- 信用修复 (credit repair) --------------------------------------------------------------

struct RepairApplication {
  int64_t disclosure_id = 0;
  std::string applicant_name;
  std::string contact_phone;
  std::string statement;         // the application and the 守信承诺, in summary
  bool claims_fulfilled = false; // the penalty is fulfilled (paid, goods handed over …)
};
struct RepairReceipt {
  std::string receipt_no;
  std::string query_code;  // shown once; the store keeps its hash
};
/// The public form (no login; the HTTP route asks for a proof-of-work pass). The record must be
/// on the portal, have no open application, and pass the checks the platform can make
/// (credit::CheckRepair: the minimum period, penalties that bar it, fulfilment claimed, no
/// same-type penalty since); otherwise FailedPrecondition naming every failing condition.
core::Result<RepairReceipt> ApplyForRepair(Context& ctx, const RepairApplication& a);

struct CreditRepair {
  int64_t id = 0;
  int64_t disclosure_id = 0;
  int64_t agency_id = 0;
  std::string region_code;
  std::string receipt_no;
  std::string decision_no;  // of the record
  std::string party_name;
  std::string applicant_name;
  std::optional<std::string> contact_phone;  // the record's agency only
  std::string statement;
  bool claims_fulfilled = false;
  std::string status;  // submitted, approved, refused
  std::optional<core::Timestamp> decision_due;
  std::optional<core::Timestamp> decided_at;
  std::string decision_reason;
  int64_t version = 1;
  core::Timestamp created_at;
};
const std::vector<CodeLabel>& RepairStatuses();

/// The record's agency sees its applications; supervisors their region's.
core::Result<Page<CreditRepair>> ListRepairs(Context& ctx, const Principal& who,
                                             const std::optional<std::string>& status,
                                             const PageRequest& page);
/// Approve (the checks are made again, with the officer's confirmation that the penalty is
/// fulfilled; the record leaves the portal, status "repaired") or refuse with a reason.
core::Result<CreditRepair> DecideRepair(Context& ctx, const Principal& who, int64_t id, bool approve,
                                        bool fulfilled_confirmed, const std::string& reason,
                                        int64_t version);

struct PublicRepairStatus {
  std::string receipt_no;
  std::string status;
  std::string decision_no;
  std::string party_name;
  core::Date submitted_on;
  std::optional<core::Date> decided_on;
  std::string decision_reason;
};
/// For the applicant, by receipt number and query code (NotFound for a wrong pair).
core::Result<PublicRepairStatus> GetRepairStatus(Context& ctx, const std::string& receipt_no,
                                                 const std::string& query_code);

// ---- 严重违法失信名单 (the serious-violation list, SAMR Order 44) ------------------------------

/// The grounds of Order 44 that concern this platform (legal-rules.md §4, with their marks).
const std::vector<CodeLabel>& SeriousListGrounds();

struct SeriousListing {
  int64_t id = 0;
  int64_t agency_id = 0;
  std::string agency_name;
  std::string region_code;
  std::optional<int64_t> disclosure_id;
  std::string subject_kind;  // company | person
  std::string subject_name;
  std::optional<std::string> credit_code;
  std::optional<std::string> id_number;  // the listing agency only
  std::optional<std::string> id_masked;
  std::string category;
  std::string basis;
  core::Date listed_on;
  core::Date period_until;
  core::Date early_removal_from;
  std::string period_basis;  // derived: the periods and their sources (3 years is [M])
  std::string status;        // listed | removed; "expired" is derived (period_until passed)
  std::optional<core::Date> removed_on;
  std::string removal_reason;
  int64_t version = 1;
};

/// Lists the party of a published penalty record that is a 较重行政处罚 (a penalty kind marked
/// heavier, or a fine the officer confirms was 从重) on one of the grounds; the record's agency
/// only (谁处罚、谁列入). Listed today; the periods come from rules/credit/serious_list.rules.
core::Result<SeriousListing> ListSeriousViolator(Context& ctx, const Principal& who,
                                                 int64_t disclosure_id, const std::string& category,
                                                 const std::string& basis, bool aggravated_fine);
/// Early removal on the subject's application, after the minimum period, with the conditions
/// confirmed by the officer (restriction ended, penalty fulfilled, harm removed, no further
/// 较重行政处罚); or removal when the decision behind it is revoked.
core::Result<SeriousListing> RemoveSeriousListing(Context& ctx, const Principal& who, int64_t id,
                                                  const std::string& reason, bool conditions_met,
                                                  int64_t version);
core::Result<Page<SeriousListing>> ListSeriousListings(Context& ctx, const Principal& who,
                                                       const PageRequest& page);
/// The public list: listed and inside the period, newest first, masked.
core::Result<Page<SeriousListing>> PublicSeriousList(Context& ctx, const PageRequest& page);

// ---- 典型案例 (以案释法, seed task 29): the office publishes cases on the portal -------------------

/// draft → published → withdrawn. The body as written stays internal; the portal shows
/// `body_public`, with ID numbers, phones, bank accounts and house addresses hidden and the natural
/// persons named as 某 (those of the case it is drawn from, and any the office adds).
struct TypicalCase {
  int64_t id = 0;
  std::string region_code;
  std::optional<int64_t> case_id;
  std::string title;
  std::string category;
  std::string body;
  std::string body_public;
  std::vector<std::string> redactions;   // kinds hidden (core::RedactionKindName)
  std::vector<std::string> hidden_names;  // the office's own (the case's persons are hidden, not kept)
  std::string lesson;                    // 典型意义
  std::string status;
  std::optional<core::Timestamp> published_at;
  std::optional<core::Timestamp> withdrawn_at;
  std::string withdraw_reason;
  int64_t version = 1;
  core::Timestamp created_at;
  core::Timestamp updated_at;
};
const std::vector<CodeLabel>& TypicalCaseStatuses();

struct TypicalCaseInput {
  std::optional<int64_t> case_id;  // drawn from a case the office may see
  std::string title;
  std::string category;            // CaseCategories()
  std::string body;
  std::string lesson;
  std::vector<std::string> hide_names;  // more natural persons to name as 某
};
/// The office (typical_case.manage) writes a draft in its region. InvalidArgument with field
/// errors (title, category, body, lesson, hide_names, case_id).
core::Result<TypicalCase> CreateTypicalCase(Context& ctx, const Principal& who,
                                            const TypicalCaseInput& in);
/// Drafts only; FailedPrecondition (409) for a record no longer a draft or a stale version.
core::Result<TypicalCase> UpdateTypicalCase(Context& ctx, const Principal& who, int64_t id,
                                            const TypicalCaseInput& in, int64_t version);
core::Result<TypicalCase> PublishTypicalCase(Context& ctx, const Principal& who, int64_t id,
                                             int64_t version);
core::Result<TypicalCase> WithdrawTypicalCase(Context& ctx, const Principal& who, int64_t id,
                                              const std::string& reason, int64_t version);
/// The office's cases of its region, newest first (typical_case.manage; the others read the portal).
core::Result<Page<TypicalCase>> ListTypicalCases(Context& ctx, const Principal& who,
                                                 const std::optional<std::string>& status,
                                                 const PageRequest& page);
core::Result<TypicalCase> GetTypicalCase(Context& ctx, const Principal& who, int64_t id);
/// The portal: published cases only, without the internal body or names.
core::Result<Page<TypicalCase>> PublicTypicalCases(Context& ctx, const PageRequest& page);
core::Result<TypicalCase> GetPublicTypicalCase(Context& ctx, int64_t id);

// ---- 知识产权失信认定: the IP office's findings ------------------------------------------------

/// The kinds of finding, with their basis (legal-rules.md §4: Order 44 第九条 and 国家知识产权局
/// 知识产权信用管理规定, both S).
const std::vector<CodeLabel>& IpFindingKinds();

/// A finding of the IP office that a subject filed trademarks in bad faith or abnormal patent
/// applications; its own record type on the subject's credit record.
struct IpFinding {
  int64_t id = 0;
  int64_t agency_id = 0;
  std::string agency_name;
  std::string region_code;
  std::string kind;          // IpFindingKinds
  std::string subject_kind;  // company, person
  std::string subject_name;
  std::optional<std::string> credit_code;
  std::optional<std::string> id_number;  // the recording agency only
  std::optional<std::string> id_masked;
  std::vector<std::string> filing_numbers;  // 申请号 / 注册号
  core::Date finding_date;
  std::string basis;
  std::string status;  // recorded, revoked
  std::string revoke_reason;
  int64_t version = 1;
  core::Timestamp created_at;
};

struct IpFindingInput {
  std::string kind;
  std::string subject_name;
  std::optional<std::string> credit_code;
  std::optional<std::string> id_number;
  std::vector<std::string> filing_numbers;
  std::optional<core::Date> finding_date;
  std::string basis;
};

/// Records a finding (ip_finding.record, and the caller's agency must be an IP office); every bad
/// field named; audited ip_finding.record; regrades the enterprise.
core::Result<IpFinding> RecordIpFinding(Context& ctx, const Principal& who, const IpFindingInput& in);
/// Revokes one of the caller's agency's findings with a reason (ip_finding.revoke).
core::Result<IpFinding> RevokeIpFinding(Context& ctx, const Principal& who, int64_t id,
                                        const std::string& reason, int64_t version);
/// The demo's finding (国家知识产权局 on a Hangzhou company), once.
core::Status LoadIpFindingsDemo(Context& ctx);
/// The findings of the reader's scope (credit.read), newest first.
core::Result<Page<IpFinding>> ListIpFindings(Context& ctx, const Principal& who, const PageRequest& page);

// ---- 信用档案: the credit record of one enterprise ------------------------------------------

/// A case naming the enterprise as a party.
struct CreditRecordCase {
  int64_t id = 0;
  int64_t agency_id = 0;
  std::string agency_name;
  std::string region_code;
  std::string case_number;
  std::string title;
  std::string status;
  core::Timestamp created_at;
  std::optional<core::Timestamp> sent_to_police_at;  // the transfer left the agency
};

/// What the platform holds on one enterprise (统一社会信用代码), and its risk grade
/// (rules/credit/risk_grade.rules). Penalties published, listings and repairs are shown to every
/// reader of the credit module (they are public or concern public records); drafts and withheld
/// records, and cases, only in the reader's scope — the others are counted, never shown.
struct CreditRecord {
  std::string credit_code;
  std::string name;  // as the newest record names it ("" when nothing names it)
  int window_years = 0;
  core::Date window_from;  // facts counted from this day
  credit::RiskFacts facts;
  credit::RiskGrade grade;
  std::vector<Disclosure> penalties;
  std::vector<SeriousListing> listings;
  bool listed_now = false;
  std::vector<CreditRepair> repairs;
  std::vector<IpFinding> ip_findings;  // recorded or revoked: the IP office's findings are public acts
  std::vector<CreditRecordCase> cases;
  int64_t cases_elsewhere = 0;  // cases outside the reader's scope
  int64_t leads = 0;            // leads naming the code, in the window
};

/// The record of `credit_code` (InvalidArgument on the field credit_code when it is not a valid
/// 统一社会信用代码; PermissionDenied without credit.read). An enterprise the platform knows
/// nothing of has an empty record, graded by the last grade.
core::Result<CreditRecord> GetCreditRecord(Context& ctx, const Principal& who,
                                           const std::string& credit_code);

// ---- 个人信用档案: the record of a natural person, by ID number ------------------------------

/// What the platform holds on one natural person (公民身份号码), for a reader of the credit module.
/// Records of the reader's scope are shown as they are; a penalty or listing of another scope
/// only if it was public (published, withdrawn, repaired; listed), and then as the portal shows
/// it (the ID number masked, the public facts); anything else of another scope is neither shown
/// nor counted — a person's unpublished records stay with the agencies that hold them.
struct PersonCreditRecord {
  std::string id_masked;
  std::string name;  // as the newest record the reader may see names the person
  std::vector<Disclosure> penalties;
  std::vector<SeriousListing> listings;
  bool listed_now = false;
  std::vector<IpFinding> ip_findings;
  std::vector<CreditRecordCase> cases;  // the reader's scope only
};

/// The record of `id_number` (InvalidArgument on the field id_number when it is not a valid
/// 公民身份号码; PermissionDenied without credit.read). Audited as credit.person_lookup with a
/// keyed hash of the number, never the number itself.
core::Result<PersonCreditRecord> GetPersonCreditRecord(Context& ctx, const Principal& who,
                                                       const std::string& id_number);

// ---- 分级分类监管: enterprises by risk grade --------------------------------------------------

/// One enterprise of the credit area with its stored grade (credit_subjects): recounted and
/// regraded in the transaction of every credit write that names its code (RegradeSubjectInTx).
/// Its region is where it is registered (the credit code's positions 3–8).
struct CreditSubject {
  int64_t id = 0;
  std::string credit_code;
  std::string name;
  std::string region_code;
  std::string grade;  // the grade's key in rules/credit/risk_grade.rules
  credit::RiskFacts facts;
  std::vector<std::string> reasons;
  core::Date graded_on;  // the facts were counted over the window ending that day
};

struct SubjectFilter {
  std::optional<std::string> grade;
  std::optional<std::string> region;  // a subtree inside the reader's region
  std::optional<std::string> q;       // a credit code, or part of the name
};

/// The enterprises registered in the reader's region (credit.read), filtered, newest first.
/// InvalidArgument on the fields grade (not a key of the rules) and region.
core::Result<Page<CreditSubject>> ListCreditSubjects(Context& ctx, const Principal& who,
                                                     const SubjectFilter& f, const PageRequest& page);

/// Recounts the risk facts of `credit_code` inside `tx` and stores its grade; every write of the
/// credit area that changes a fact calls it in its own transaction. `now` fixes the window.
core::Status RegradeSubjectInTx(storage::Tx& tx, const std::string& credit_code, core::Timestamp now);

/// Regrades every enterprise the platform holds facts on (disclosures, listings, case parties,
/// leads), 500 per transaction, audited once (credit.regrade): what `ipenforce credit regrade`
/// runs each night, since the window moves and cases, transfers and leads are written by other
/// areas. Returns how many were graded. Needs the system or an administrator.
core::Result<int64_t> RegradeAllSubjects(Context& ctx, const Principal& who);

/// The codes among `codes` on the serious-violation list today (for the flags on cases and leads).
core::Result<std::vector<std::string>> ListedCreditCodes(Context& ctx,
                                                         const std::vector<std::string>& codes);

}  // namespace ipe::app
