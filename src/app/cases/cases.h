#pragma once
// Administrative cases (行政执法案件): the use cases behind 案件 — create, update, list and search,
// close with a penalty — with the criminal-threshold findings evaluated on every save and the
// 以罚代刑 alert raised when a case that met a threshold is closed without a transfer.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/context.h"
#include "app/principal.h"
#include "app/code_label.h"
#include "app/cases/goods_classes.h"
#include "core/money.h"
#include "core/status.h"
#include "core/time.h"

namespace ipe::app {

const std::vector<CodeLabel>& CaseCategories();  // trademark 商标侵权, patent 假冒专利 …
const std::vector<CodeLabel>& CaseSources();     // inspection 检查发现, complaint 投诉举报 …
const std::vector<CodeLabel>& CaseChannels();    // online 线上, offline 线下 (issue 18)
const std::vector<CodeLabel>& CaseTrades();      // import 进口, export 出口, domestic 国内

struct CaseParty {
  std::string kind = "company";   // company | person
  std::string name;
  std::optional<std::string> uscc;       // companies: validated 统一社会信用代码
  std::optional<std::string> id_number;  // persons: validated 公民身份号码
  std::optional<std::string> phone;
  std::optional<std::string> address;
  std::string role = "party";     // party | legal_representative | accomplice
};

struct CaseRight {
  std::string kind;               // trademark, patent, copyright, geographic_indication, …
  std::string reg_number;
  std::string holder;
  std::string description;
};

/// Amounts are kept apart because the thresholds use them apart (legal-rules §2.0).
struct CaseAmounts {
  std::optional<core::Fen> illegal_business;  // 非法经营数额
  std::optional<core::Fen> illegal_gains;     // 违法所得
  std::optional<core::Fen> sales;             // 销售金额 (sold)
  std::optional<core::Fen> unsold_value;      // 货值金额 (unsold)
  std::optional<core::Fen> loss;              // 损失
  std::optional<int64_t> marks;               // 标识件数
  std::optional<int64_t> copies;              // 复制品数量
  std::optional<int64_t> rights_involved;     // 涉及注册商标/权利数
  bool harm_to_health = false;                // 对人体健康造成严重危害 (art. 142)
  // Issue 13: further inputs the rule packs use (a route resting on an input not given is "not
  // met", and says it was not filled in).
  std::optional<int64_t> unsold_marks;        // 尚未销售的标识件数 (215)
  std::optional<int64_t> unsold_copies;       // 尚未销售的复制品数量 (218)
  std::optional<int64_t> clicks;              // 实际被点击数 (217, online)
  std::optional<int64_t> members;             // 注册会员数 (217, online)
  std::optional<int64_t> works;               // 传播作品数量 (217, online)
  bool right_holder_bankrupt = false;         // 直接导致权利人因重大经营困难而破产、倒闭 (219)
  bool drug_aggravating_circumstance = false; // 药品解释 第一条 的从重情形 (141)
  std::string harm_to_health_detail;          // 严重危害的情形（轻伤、重伤、死亡…）(142)
};

struct CaseInput {
  std::string case_number;
  std::string title;
  std::string category;
  std::optional<std::string> conduct;      // rules::Conducts() key, e.g. counterfeit_trademark
  std::string source;
  std::vector<std::string> campaign_tags;  // 铁拳2025 …
  std::optional<core::Date> act_date_from;
  std::optional<core::Date> act_date_to;
  std::string goods;
  // Issue 18's statistics dimensions. Optional: none (NULL) is "未填写", never guessed.
  std::optional<std::string> channel;      // CaseChannels(): where the goods were offered
  std::optional<std::string> trade;        // CaseTrades(): import, export or domestic
  std::optional<std::string> goods_class;  // GoodsClasses(): Nice class "01".."34"
  CaseAmounts amounts;
  std::vector<CaseParty> parties;
  std::vector<CaseRight> rights;
  std::optional<std::string> region_code;  // default: the creator's region
};

struct CaseFinding {
  std::string rule_id;
  std::string article;
  std::string crime;
  bool met = false;
  std::string level;
  std::string basis;
  std::string source;
  std::string confidence;
  /// The rule's note (what is unconfirmed, or how to read a "not met": e.g. the old figure is an
  /// upper bound and cases below it need a check by hand). Taken from the rule set, not stored.
  std::string note;
};

struct CaseEvent {
  core::Timestamp at;
  std::string actor_login;
  std::string kind;
  std::string summary;
  std::string actor_name;  // display name; 系统 for the system's own steps
};

/// The zh-CN name of a timeline entry's kind ("transfer.send" → 移送公安机关, "finding" → 追诉标准研判);
/// the kind itself when unknown.
std::string CaseEventLabel(std::string_view kind);

struct Case {
  int64_t id = 0;
  int64_t agency_id = 0;
  std::string agency_name;
  std::string region_code;
  CaseInput input;
  std::string status;  // open | closed
  std::optional<std::string> penalty_decision_no;
  std::optional<core::Date> penalty_date;
  std::optional<core::Fen> fine;
  std::optional<std::string> confiscation;
  bool destruction_ordered = false;
  std::optional<core::Timestamp> closed_at;
  std::optional<std::string> closing_kind;
  core::Timestamp created_at;
  core::Timestamp updated_at;
  int64_t version = 1;
  bool personal_data_masked = false;  // true when the viewer is outside the owning agency
  std::vector<CaseFinding> findings;
  std::string regime_basis;  // which regime the findings were judged by, and why (zh-CN)
  std::vector<CaseEvent> events;
  bool has_transfer = false;
  /// A transfer reached the police (rules::WasSentToPolice: not awaiting the head, approved but
  /// unsent, or refused) — what the 以罚代刑 checks ask, not has_transfer.
  bool sent_to_police = false;
  bool threshold_met = false;  // a threshold (not a flag) is met: must be transferred (Decree 310)
};

struct CaseFilter {
  std::optional<std::string> q;          // full text: any substring of title, number, goods, parties
  std::optional<std::string> status;
  std::optional<std::string> category;
  std::optional<std::string> campaign;
  std::optional<int64_t> agency_id;
  std::optional<std::string> region;     // subtree
  std::optional<bool> threshold_met;     // only cases with (or without) a met finding
  std::optional<std::string> channel;    // CaseChannels() code (issue 18's dimensions)
  std::optional<std::string> trade;      // CaseTrades() code
  std::optional<std::string> goods_class;  // GoodsClasses() code ("01".."34")
};

/// Officers (and agency heads) of an agency open cases for their agency, within their region.
core::Result<Case> CreateCase(Context& ctx, const Principal& who, const CaseInput& input);
/// CreateCase inside the caller's write transaction `tx`: the same permission check, validation,
/// rows, findings, timeline and "case.create" audit record; the caller commits (nothing is
/// written if it does not). A non-empty `origin` adds a timeline event of kind "origin" with that
/// summary (线索转为案件: "由线索 #12 转为案件", leads.h ConvertLeadToCase).
core::Result<Case> CreateCaseInTx(storage::Tx& tx, const Principal& who, const CaseInput& input,
                                  core::Timestamp now, const std::string& origin = "");
/// Replaces the editable fields; `expected_version` guards against lost updates (409).
core::Result<Case> UpdateCase(Context& ctx, const Principal& who, int64_t id,
                              const CaseInput& input, int64_t expected_version);
/// What the case form would find if saved now (issue 14: the officer sees the criminal-threshold
/// finding while typing). Nothing is written. `missing` names what the evaluation still needs
/// ("act_date": the dates of the conduct; "conduct"): without them there are no findings.
struct FindingsPreview {
  std::vector<CaseFinding> findings;
  std::string regime_basis;
  std::vector<std::string> missing;
};
/// For a new case (`case_id` none) or an open case of the caller's agency. The input is not
/// validated as a whole (the form is half filled); the evaluation uses what is there.
core::Result<FindingsPreview> PreviewFindings(Context& ctx, const Principal& who,
                                              const CaseInput& input,
                                              std::optional<int64_t> case_id);

/// NotFound when the case does not exist or is outside the viewer's scope.
core::Result<Case> GetCase(Context& ctx, const Principal& who, int64_t id);
/// A page of cases newest first. Items carry threshold_met but not their findings (the detail
/// has them), parties, rights or timeline.
core::Result<Page<Case>> ListCases(Context& ctx, const Principal& who, const CaseFilter& f,
                                   const PageRequest& page);

struct CaseClosing {
  std::string closing_kind = "penalty";  // penalty | dismissed
  std::optional<std::string> penalty_decision_no;
  std::optional<core::Date> penalty_date;
  std::optional<core::Fen> fine;
  std::optional<std::string> confiscation;
  bool destruction_ordered = false;
  /// The kinds of penalty imposed (credit::PenaltyKind keys: warning, criticism, fine …). Empty:
  /// taken from the fine and the confiscation. They decide the disclosure (credit.h).
  std::vector<std::string> penalty_kinds;
  std::optional<core::Date> restriction_until;  // 限制开展生产经营活动 / 限制从业 until
};
/// Closes the case. When a threshold finding is met and no transfer of the case was ever sent to
/// the police (none, one refused by the head, or one never sent), the close still happens (the
/// record must show what was done) but raises the 以罚代刑 alert for the agency head and the
/// prosecutor of the region — severity low, saying so, when every met threshold rests on an
/// unconfirmed (M) rule.
core::Result<Case> CloseCase(Context& ctx, const Principal& who, int64_t id,
                             const CaseClosing& closing);

/// Creates all rows or none (one transaction). InvalidArgument listing every bad row and field
/// as "rows[N].field" (`field` as ValidateCaseInput names it, e.g. "parties[0].uscc"); N is
/// `row_numbers[i]` — the row as the file shows it (CSV line, spreadsheet row) — or i + 2 (the
/// header is row 1) when `row_numbers` is empty. AlreadyExists names the duplicate row the same way.
///
/// Rows are written in chunks through the store's bulk path; `progress`, when given, is called
/// after each chunk with the rows written so far (still inside the one transaction).
using ImportProgress = std::function<void(size_t written, size_t total)>;
core::Result<int> ImportCases(Context& ctx, const Principal& who, const std::vector<CaseInput>& rows,
                              const std::vector<int64_t>& row_numbers = {},
                              const ImportProgress& progress = nullptr);

/// PermissionDenied unless `who` may register cases (officers and agency heads). Import paths
/// ask before reading a file, so that a caller without the right learns it first.
core::Status CheckMayRegisterCases(const Principal& who);

/// Pure validation of a case input (field errors), shared by create, update and CSV import.
core::Status ValidateCaseInput(const CaseInput& input, core::Date today);

}  // namespace ipe::app
