#pragma once
// Complaints (投诉) and reports (举报) under SAMR Order 20 (市场监督管理投诉举报处理暂行办法, which binds
// the IP administrations too, 第三十八条): the two kinds and their states, the data each must carry,
// the grounds of refusal and of ending mediation, and routing by subject. Pure: no storage, no
// clock; the periods are in rules/complaints/complaints.rules and clocks.h computes them.
//
//   complaint: received ─route→ pending ─accept→ accepted ⇄ suspended (testing/appraisal)
//                          │            └refuse→ refused        │
//                          └transfer→ pending (another agency)  └end_mediation→ mediation_ended
//                                                                   ─notify_parties→ closed
//   report:    received ─route→ pending ⇄ suspended ─convert→ converted (a lead) ─file→ filed
//                                   └not_file→ not_filed ←not_file─┘        (立案 / 不予立案)
//              filed | not_filed ─notify_reporter→ closed (anonymous reports close at once)
//
//   auto to = NextStatus(Kind::kComplaint, Status::kPending, Action::kAccept);   // kAccepted
//
// docs/complaints.md explains each rule with its article.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "core/time.h"

namespace ipe::complaints {

/// 第三条: a complaint is a consumer's dispute with a business, to be mediated; a report is a clue
/// of a violation, handled under the administrative penalty procedure.
enum class Kind { kComplaint, kReport };
const char* KindName(Kind k);   // "complaint", "report"
const char* KindLabel(Kind k);  // "投诉", "举报"
std::optional<Kind> ParseKind(std::string_view s);

enum class Status {
  kReceived,        // 待分送: no competent agency found yet (the office routes it)
  kPending,         // 待受理 (complaint) / 待核查 (report)
  kAccepted,        // 已受理，调解中
  kSuspended,       // 检测鉴定中: the clock is paused (第二十条第三款; 程序规定 第十八条)
  kMediationEnded,  // 调解已终止或达成协议, the parties to be told
  kRefused,         // 不予受理
  kConverted,       // 已转线索, awaiting the 立案 decision
  kFiled,           // 已立案
  kNotFiled,        // 不予立案
  kClosed,          // 办结
};
const char* StatusName(Status s);
std::optional<Status> ParseStatus(std::string_view s);
/// The zh-CN label, which depends on the kind for kPending (待受理 / 待核查).
const char* StatusLabel(Kind k, Status s);
/// Every status a record of `k` can be in, in workflow order.
std::vector<Status> StatusesOf(Kind k);
/// Whether the record is still being handled (not refused, not_filed-and-notified, closed).
bool IsOpen(Status s);

enum class Action {
  kRoute,           // 分送 to the competent agency
  kTransfer,        // 改派 to another agency (it starts its own clock)
  kAccept,          // 受理
  kRefuse,          // 不予受理, with a ground of 第十五条
  kSuspend,         // 检测鉴定: pause the clock
  kResume,          // 检测鉴定结束: resume it
  kEndMediation,    // 终止调解 / 达成调解协议
  kNotifyParties,   // 告知投诉人和被投诉人
  kConvert,         // 转为线索
  kFile,            // 立案 (a case from the lead)
  kNotFile,         // 不予立案
  kNotifyReporter,  // 告知举报人
};
const char* ActionName(Action a);
const char* ActionLabel(Action a);

/// The status after `action` on a record of kind `k` in `from`. `resume_to` is needed for kResume
/// only: the status the record had when it was suspended (kept by the caller). FailedPrecondition
/// in zh-CN naming the step and the current status when the step does not apply.
core::Result<Status> NextStatus(Kind k, Status from, Action action,
                                std::optional<Status> resume_to = std::nullopt);

/// A code with its zh-CN label and the article it rests on.
struct Ground {
  const char* code;
  const char* label;
  const char* article;
};
/// 第十五条: the six grounds on which a complaint is not accepted (不予受理).
const std::vector<Ground>& RefusalGrounds();
/// 第二十一条第一款: the seven grounds on which mediation ends (终止调解), plus "agreement"
/// (达成调解协议, 第二十二条), which also ends it.
const std::vector<Ground>& MediationEndings();
/// The ground with that code in `table`; nullptr when none.
const Ground* FindGround(const std::vector<Ground>& table, std::string_view code);

/// Where a record came from (第八条, 第三十六条); every record keeps it.
struct Channel {
  const char* code;
  const char* label;
};
const std::vector<Channel>& Channels();  // portal, hotline, letter, visit, import, api, fair
bool IsChannel(std::string_view code);

/// What a complaint or report is about, and which kinds of agency handle it there, most specific
/// first (the leads module's table for the IP subjects; market regulation for consumer disputes).
struct Subject {
  const char* code;
  const char* label;
  std::vector<const char*> agency_kinds;
};
const std::vector<Subject>& Subjects();
const Subject* FindSubject(std::string_view code);

/// A natural or legal person named in an intake: the complainant or reporter, a joint
/// complainant, a representative (第十一条) or an agent (第十条).
struct Person {
  std::string role;     // complainant | representative | agent
  std::string name;
  std::string phone;
  std::string address;
  std::string id_number;  // optional; the agent's identity document (第十条)
};

/// The intake as the rules need it (第九条 to 第十一条, 第二十四条).
struct Intake {
  Kind kind = Kind::kComplaint;
  std::string channel;
  std::string subject;
  bool anonymous = false;           // reports only: no name, no notice (第三十一条 needs 实名)
  std::vector<Person> persons;      // complainants, at most 2 representatives, at most 1 agent
  bool power_of_attorney = false;   // the agent's 授权委托书原件 was received (第十条)
  std::string respondent_name;      // 被投诉人/被举报人
  std::string respondent_address;
  std::string respondent_region;    // GB/T 2260, where it operates or the act happened
  std::string respondent_shop;      // optional: a web shop "平台:店铺"
  std::string respondent_phone;     // optional
  std::string product;              // optional: the goods or service
  std::string request;              // 投诉请求 (complaints)
  std::string facts;                // 争议事实 / 举报线索
  std::optional<core::Date> harm_known_on;  // complaints: when the harm was known (第十五条(四))
};

struct FieldProblem {
  std::string field;
  std::string message;  // zh-CN
};
/// Every field the rules require that is missing or malformed, with field names as the API sends
/// them ("persons[0].phone", "respondent_name"…). Empty when the intake may be recorded. Lengths
/// are checked by the caller (core/limits.h); here only what Order 20 demands:
///  - complaints: a complainant with name, phone and address (第九条(一)); the respondent's name and
///    address (第九条(二)); the request and the facts (第九条(三)); an agent needs the power of
///    attorney and an identity document (第十条); a joint complaint has at most two representatives
///    (第十一条); no anonymous complaints;
///  - reports: the facts (第二十四条: 具体线索) and the respondent's name; a named reporter gives a name
///    and a phone, an anonymous one gives none;
///  - both: a known channel and subject, a respondent region of six digits.
std::vector<FieldProblem> ValidateIntake(const Intake& in);

/// Attachments of the portal's form (photos, receipts, screenshots): at most this many per record,
/// each at most this many bytes, of the types AttachmentTypeProblem accepts (docs/security.md).
inline constexpr size_t kMaxAttachments = 5;
inline constexpr size_t kMaxAttachmentBytes = 2u << 20;
/// "" when `bytes` are a file of `content_type` (image/jpeg, image/png or application/pdf, told by
/// their first bytes, not by the name); else why not (zh-CN).
std::string AttachmentTypeProblem(std::string_view content_type, std::string_view bytes);

/// The named reporter or first complainant ("" for anonymous reports).
std::string PrincipalName(const Intake& in);

}  // namespace ipe::complaints
