#pragma once
// Rule packs: the criminal thresholds and statutory clocks as data (rules/ at the repository
// root), and the parser that turns their text into the model below. Pure: takes text, returns
// values; no files are read here (the CLI and the embedded table pass the text in).
//
// A pack is line-oriented (full grammar in docs/rules.md):
//
//   pack = ip_2004_2020
//   [rule ip2004.213.basic]
//   conduct = counterfeit_trademark
//   level = basic
//   when = illegal_business >= 50000元 | illegal_gains >= 30000元
//   effective_from = 2004-12-22
//   effective_to = 2025-04-25
//   source = 法释〔2004〕19号 第一条第一款第（一）项
//   confidence = C
//
//   ParseResult<RulePack> p = ParseRulePack("ip_2004_2020.rules", text);
//   if (!p) std::puts(p.error().ToString().c_str());   // "ip_2004_2020.rules:7:8: unknown_metric: …"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "core/calendar.h"
#include "core/status.h"
#include "core/time.h"

namespace ipe::rules {

/// Quantities a threshold can compare. Money metrics hold fen; the others are counts.
enum class Metric {
  kIllegalBusiness,  // 非法经营数额
  kIllegalGains,     // 违法所得数额
  kSales,            // 销售金额 (sold)
  kUnsoldValue,      // 货值金额 (unsold goods, 尚未销售)
  kLoss,             // 损失数额 (rights holder's / producers' loss)
  kMarks,            // 标识数量 (件) made or sold
  kUnsoldMarks,      // 尚未销售的标识数量 (件)
  kCopies,           // 复制品数量 (张/份) made, distributed or sold
  kUnsoldCopies,     // 尚未销售的复制品数量
  kRightsInvolved,   // 涉及的注册商标/专利/权利数 ("两种以上")
  kClicks,           // 实际被点击数 (online dissemination)
  kMembers,          // 注册会员数
  kWorks,            // 传播作品数量 (件/部)
};

struct MetricInfo {
  Metric metric;
  const char* key;      // "illegal_business"
  const char* name_zh;  // "非法经营数额"
  bool money;           // fen when true, a count otherwise
  const char* unit_zh;  // "件", "份", "" — appended to counts in basis text
};
const std::vector<MetricInfo>& Metrics();
const MetricInfo& InfoOf(Metric m);
std::optional<Metric> MetricFromKey(std::string_view key);

/// Yes/no facts that are not amounts (art. 142 harm, the reasonable-suspicion judgement …).
enum class Fact {
  kSeriousHealthHarm,            // 对人体健康造成严重危害 (art. 142)
  kReasonableSuspicion,          // 有合理理由怀疑涉嫌犯罪 (Decree 310 art. 3 para. 2)
  kRightHolderBankrupt,          // 直接导致权利人因重大经营困难而破产、倒闭 (2020 解释（三）第四条)
  kDrugAggravatingCircumstance,  // 2014 药品解释 第一条 的从重情节
};
struct FactInfo {
  Fact fact;
  const char* key;
  const char* name_zh;
};
const std::vector<FactInfo>& Facts();
const FactInfo& InfoOf(Fact f);
std::optional<Fact> FactFromKey(std::string_view key);

/// The conduct a case is about; the key set is the `conduct` of `ipenforce rules evaluate`.
enum class Conduct {
  kCounterfeitTrademark,      // 213
  kSellCounterfeitGoods,      // 214
  kIllegalMarks,              // 215
  kPatentPassingOff,          // 216
  kCopyrightInfringement,     // 217
  kSellInfringingCopies,      // 218
  kTradeSecret,               // 219
  kSubstandardProducts,       // 140
  kFakeDrugs,                 // 141
  kSubstandardDrugs,          // 142
  kFakeAgriculturalInputs,    // 147
};
struct ConductInfo {
  Conduct conduct;
  const char* key;      // "counterfeit_trademark"
  const char* article;  // "213" (Criminal Law article)
  const char* crime;    // current crime name, "假冒注册商标罪"
  const char* act_zh;   // the conduct itself, "假冒注册商标" (used for prior penalties)
  bool ip;              // an IP crime (arts. 213–219): Decree 310 art. 3 para. 2 applies
};
const std::vector<ConductInfo>& Conducts();
const ConductInfo& InfoOf(Conduct c);
std::optional<Conduct> ConductFromKey(std::string_view key);

/// Finding levels. kRepeatOffender marks a 从重 flag, kSuspicion the IP reasonable-suspicion
/// transfer path; the others are threshold levels.
enum class Level { kBasic, kAttempt, kAggravated, kEspeciallyAggravated, kRepeatOffender, kSuspicion };
const char* LevelName(Level level);  // "basic", "attempt", "aggravated", "especially_aggravated", …
std::optional<Level> LevelFromName(std::string_view name);
bool IsThresholdLevel(Level level);

/// As marked in legal-rules.md: C primary text, S secondary page, M unconfirmed (must be shown
/// flagged in the UI).
enum class Confidence { kConfirmed, kSecondary, kUnconfirmed };
const char* ConfidenceName(Confidence c);  // "C", "S", "M"

enum class Comparator { kGe, kGt, kLe, kLt };

/// weight × metric, one addend of a sum ("3*sales").
struct Addend {
  int64_t weight = 1;
  Metric metric = Metric::kSales;
};

/// One test inside `when` (alternatives) or `require` (all must hold).
struct Condition {
  enum class Kind { kCompare, kFact, kPriorPenalty, kAlways };
  Kind kind = Kind::kAlways;
  // kCompare: sum(addends) <cmp> amount; amount in fen for money sums, a count otherwise.
  std::vector<Addend> addends;
  Comparator cmp = Comparator::kGe;
  int64_t amount = 0;
  // kFact
  Fact fact = Fact::kSeriousHealthHarm;
  // kPriorPenalty: a penalty for a conduct in Rule::repeat_conducts dated before the act and at
  // most `within_years` years before it (0 = any time before).
  int within_years = 0;
};

/// Which date decides whether a rule is in force for a case. Substantive thresholds go by the
/// act (the law in force when the conduct was done); procedural duties such as Decree 310 art. 3
/// para. 2 go by the date of the transfer they govern.
enum class DateBasis { kActDate, kTransferDate };
const char* DateBasisName(DateBasis basis);  // "act_date", "transfer_date"

struct Rule {
  std::string id;
  std::string article;  // empty: taken from the case's conduct
  std::string crime;    // empty: taken from the case's conduct
  std::vector<Conduct> conducts;
  Level level = Level::kBasic;
  std::vector<Condition> when;     // any-of
  std::vector<Condition> require;  // all-of; the rule does not apply unless all hold
  std::vector<Conduct> repeat_conducts;  // for prior_penalty; empty = `conducts`
  core::Date effective_from;
  std::optional<core::Date> effective_to;  // inclusive; none = still in force
  DateBasis in_force_by = DateBasis::kActDate;  // the date effective_from/_to are compared with
  std::string source;
  Confidence confidence = Confidence::kConfirmed;
  std::string note;
  std::string text;  // basis text for `always` rules (行为犯, 从重 flags)
  std::string pack;  // the pack's file name
  int line = 0;      // line of the [rule …] header

  bool InForceOn(core::Date d) const {
    return effective_from <= d && (!effective_to || d <= *effective_to);
  }
};

/// Unit of a statutory period. kImmediate: "立即"/"及时", no fixed period.
/// kMonths/kYears: display and listing periods (公示期 3个月/3年), 民法典 第二百零二条.
enum class StepUnit { kHours, kCalendarDays, kWorkingDays, kMonths, kYears, kImmediate };
const char* StepUnitName(StepUnit unit);  // "hours", "days", "working_days", "months", "years", "immediate"

/// One step of the transfer workflow with its statutory clock.
struct Step {
  std::string key;    // "head_decision"
  std::string title;  // zh-CN
  std::string actor;  // agency | agency_head | police | procuratorate | party
  int amount = 0;     // meaningless for kImmediate
  StepUnit unit = StepUnit::kCalendarDays;
  std::string trigger;  // the event that starts the clock
  bool extend_over_rest_days = false;
  std::string source;
  Confidence confidence = Confidence::kConfirmed;
  std::string note;
  std::string pack;
  int line = 0;
};

/// An amount with legal force that is not a criminal threshold: e.g. the 较低数额罚款 of SAMR
/// Order 45 art. 13, which each province sets for itself. Looked up by `key`, for a region and a
/// date (RuleSet::FindAmount).
struct Amount {
  std::string id;       // the section id, unique across packs
  std::string key;      // "disclosure_low_fine.person"
  std::string title;    // zh-CN
  std::string province; // two-digit GB/T 2260 province code ("35"); empty: nationwide
  int64_t value = 0;    // fen
  core::Date effective_from;
  std::optional<core::Date> effective_to;  // inclusive
  std::string source;
  Confidence confidence = Confidence::kConfirmed;
  std::string note;
  std::string pack;
  int line = 0;

  bool InForceOn(core::Date d) const {
    return effective_from <= d && (!effective_to || d <= *effective_to);
  }
};

struct RulePack {
  std::string name;   // file name, "ip_2004_2020.rules"
  std::string id;     // the `pack =` header
  std::string title;
  std::vector<Rule> rules;
  std::vector<Step> steps;
  std::vector<Amount> amounts;
};

enum class ParseErrorReason {
  kSyntax,          // not "key = value", unbalanced [section], bad token
  kUnknownSection,  // [foo …] other than rule / step / amount
  kUnknownKey,
  kDuplicateKey,
  kMissingKey,
  kBadValue,        // a value outside its enumeration (level, confidence, unit, yes/no)
  kUnknownMetric,
  kUnknownConduct,
  kUnknownFact,
  kBadDate,
  kBadNumber,       // malformed, negative or out of range
  kUnitMismatch,    // 元 on a count, a bare number on money, money + count in one sum
  kBadRange,        // effective_from after effective_to
  kDuplicateId,     // a rule id or step key defined twice (also across packs)
};
const char* ParseErrorReasonName(ParseErrorReason r);

struct ParseError {
  std::string file;
  int line = 0;    // 1-based
  int column = 0;  // 1-based, in Unicode code points
  ParseErrorReason reason = ParseErrorReason::kSyntax;
  std::string message;

  /// "file:line:column: reason: message".
  std::string ToString() const;
  core::Status ToStatus() const { return core::InvalidArgument(ToString()); }
};

/// A value or a ParseError; the same interface as core::Result.
template <typename T>
class [[nodiscard]] ParseResult {
 public:
  ParseResult(T value) : v_(std::move(value)) {}         // NOLINT(google-explicit-constructor)
  ParseResult(ParseError error) : v_(std::move(error)) {}  // NOLINT(google-explicit-constructor)
  bool has_value() const { return v_.index() == 0; }
  explicit operator bool() const { return has_value(); }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const ParseError& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, ParseError> v_;
};

/// The pack syntax of a condition list: "illegal_business >= 50000元 | illegal_gains >= 30000元"
/// (`separator` '|' for `when`, '&' for `require`). Parsing the result gives the same conditions.
std::string FormatConditions(const std::vector<Condition>& conditions, char separator);

/// Parses one pack. `file` names it in errors and in Rule::pack. Never throws on any input.
ParseResult<RulePack> ParseRulePack(std::string_view file, std::string_view text);

/// The text of one pack and the name it goes by.
struct PackSource {
  std::string name;
  std::string text;
};

/// All packs in force for the process: rules and steps merged, ids unique across packs.
class RuleSet {
 public:
  /// Parses every source; the first error wins (kDuplicateId for an id defined in two packs).
  static ParseResult<RuleSet> Load(const std::vector<PackSource>& sources);

  const std::vector<RulePack>& packs() const { return packs_; }
  const std::vector<const Rule*>& rules() const { return rules_; }
  const std::vector<const Step*>& steps() const { return steps_; }
  const std::vector<const Amount*>& amounts() const { return amounts_; }
  /// nullptr when no step has that key.
  const Step* FindStep(std::string_view key) const;
  /// The amount `key` in force on `on` for the region `region_code` (GB/T 2260, 6 digits): the
  /// province's own when it has one, else the nationwide one, else nullptr (not set).
  const Amount* FindAmount(std::string_view key, std::string_view region_code,
                           core::Date on) const;

  RuleSet() = default;
  // rules_/steps_ point into packs_: copying would leave them pointing into the source.
  RuleSet(const RuleSet&) = delete;
  RuleSet& operator=(const RuleSet&) = delete;
  RuleSet(RuleSet&&) = default;
  RuleSet& operator=(RuleSet&&) = default;

 private:
  std::vector<RulePack> packs_;
  std::vector<const Rule*> rules_;
  std::vector<const Step*> steps_;
  std::vector<const Amount*> amounts_;
};

/// The packs compiled into the binary (rules/**), in a fixed order.
std::vector<PackSource> EmbeddedPacks();

/// Embedded packs with `overrides` laid over them: a source whose name equals an embedded pack's
/// replaces it, any other name is added. The override directory of the CLI comes in here.
std::vector<PackSource> WithOverrides(std::vector<PackSource> overrides);

/// The embedded packs, parsed once (thread-safe). They are tested at build time; a broken
/// embedded pack is a bug and aborts.
const RuleSet& DefaultRuleSet();

}  // namespace ipe::rules
