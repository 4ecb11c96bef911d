#pragma once
// Penalty disclosure (行政处罚信息公示), credit repair (信用修复) and the serious-violation list
// (严重违法失信名单) as functions of a penalty decision and dates. Pure: the periods and amounts come
// from the rule packs (rules/credit/*.rules), the working days from core::WorkCalendar.
//
//   Penalty p{.kinds = {PenaltyKind::kFine}, .fine = core::Fen{300000}};
//   MustPublish(p)                                  // true: not a warning only (Order 45 art. 2)
//   auto period = ComputeDisplayPeriod(rules, p, PartyKind::kPerson, "350100", published_on);
//   period->step == "disclosure_display_short"      // 3000元 < 5000元 in Fujian: 3 months
//
// docs/credit.md explains each rule with its article.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/calendar.h"
#include "core/money.h"
#include "core/status.h"
#include "core/time.h"
#include "rules/pack.h"

namespace ipe::core {
class RegionTable;
}

namespace ipe::credit {

/// The kinds of administrative penalty (行政处罚法 2021 第九条) a market-regulation decision imposes.
enum class PenaltyKind {
  kWarning,             // 警告
  kCriticism,           // 通报批评
  kFine,                // 罚款
  kConfiscateGains,     // 没收违法所得
  kConfiscateProperty,  // 没收非法财物
  kSuspendPermit,       // 暂扣许可证件
  kLowerQualification,  // 降低资质等级
  kRevokePermit,        // 吊销许可证件
  kRestrictOperation,   // 限制开展生产经营活动
  kOrderSuspension,     // 责令停产停业
  kOrderClosure,        // 责令关闭
  kRestrictEmployment,  // 限制从业
  kRevokeLicense,       // 吊销营业执照
};
struct PenaltyKindInfo {
  PenaltyKind kind;
  const char* key;      // "fine"
  const char* name_zh;  // "罚款"
  /// Order 45 art. 14 para. 3: a record with this penalty is never removed early.
  bool bars_early_removal;
  /// 较重行政处罚 for the serious-violation list (Order 44 art. 2; legal-rules §4 [M]).
  bool heavier;
};
const std::vector<PenaltyKindInfo>& PenaltyKinds();
const PenaltyKindInfo& InfoOf(PenaltyKind kind);
std::optional<PenaltyKind> PenaltyKindFromKey(std::string_view key);

enum class PartyKind { kOrganisation, kPerson };

/// What a decision imposed.
struct Penalty {
  std::vector<PenaltyKind> kinds;
  std::optional<core::Fen> fine;                // with kFine
  std::optional<core::Date> restriction_until;  // 限制开展生产经营活动 / 限制从业: the last day

  bool Has(PenaltyKind k) const;
};

/// A penalty from its kinds' keys as stored and sent ("fine", "revoke_license" …); keys no kind
/// has are skipped (the case close refuses them before anything is stored).
Penalty PenaltyFromKeys(const std::vector<std::string>& keys, std::optional<core::Fen> fine,
                        std::optional<core::Date> restriction_until);

/// "罚款5000.00元；没收违法所得" — the 行政处罚内容 of the summary, in the order of PenaltyKinds().
std::string DescribePenalty(const Penalty& p);

/// Order 45 art. 2: every penalty decided under the ordinary procedure is published except one
/// that is a warning only. False also for an empty penalty (nothing was imposed).
bool MustPublish(const Penalty& p);

/// How long a published record stays on the portal (Order 45 art. 13).
struct DisplayPeriod {
  std::string step;   // disclosure_display_short | disclosure_display
  core::Date until;   // the last day it is shown
  std::string basis;  // zh-CN: why this period, with the provincial amount and its source
};
/// 3 months for 通报批评 or a 较低数额罚款 alone (below the province's amount for the party kind on
/// the decision date, "不含本数"; a province without one has no low fines), 3 years otherwise,
/// and a restriction of production or employment longer than that until its end.
/// InvalidArgument when nothing is to be published (MustPublish false).
core::Result<DisplayPeriod> ComputeDisplayPeriod(const rules::RuleSet& rules, const Penalty& p,
                                                 PartyKind party, std::string_view region_code,
                                                 core::Date decision_date, core::Date published_on);

/// When a decision must be published (Order 45 arts. 9–10).
struct PublishClock {
  std::string step;         // disclosure_publish | disclosure_push_registration_office
  core::Timestamp due;      // 24:00 Beijing time of the last working day
  std::optional<core::Timestamp> target;  // the 双公示 7 working days ([M], a prompt only)
  bool other_province = false;  // the party is registered in another province
  std::string basis;        // zh-CN
};
/// `registration_region`: where the party is registered (a credit code's positions 3–8), empty
/// when unknown or a natural person. FailedPrecondition outside the calendar's years.
core::Result<PublishClock> ComputePublishClock(const rules::RuleSet& rules,
                                               const core::WorkCalendar& calendar,
                                               core::Date decision_date,
                                               std::string_view agency_region,
                                               std::string_view registration_region);

/// Whether a natural person was a minor (under 18) on `on`, from the birth date of the ID number;
/// false when the number does not parse. Nothing is published for minors.
bool IsMinorOn(std::string_view id_number, core::Date on);

/// What the public sees of a party and of the facts.
struct PublicText {
  std::string party_name;   // organisations as registered; persons by name (Order 45 art. 4)
  std::string id_masked;    // persons: core::MaskResidentId; empty otherwise
  std::string facts;        // core::RedactPersonalData of the facts
  std::vector<std::string> redactions;  // "resident_id", "phone", … one per hidden span
};
/// `other_persons`: the natural persons the case records besides the punished party (their names
/// become 张某 in the facts).
PublicText MaskForPublic(PartyKind party, std::string_view party_name,
                         std::string_view id_number, std::string_view facts,
                         const std::vector<std::string>& other_persons,
                         const core::RegionTable& regions);

/// A credit-repair application for a published penalty record (Order 45 art. 14; the repair
/// measures). What the platform knows is checked here; documents are the reviewer's.
struct RepairFacts {
  core::Date published_on;
  core::Date applied_on;
  Penalty penalty;
  std::string display_step;            // the record's DisplayPeriod::step
  bool food_drug_special_equipment = false;  // 食品、药品、特种设备 领域
  bool penalty_fulfilled = false;      // 已履行行政处罚决定 (fine paid …)
  bool same_type_penalty_since = false;  // 再次受到同一类违法行为的行政处罚
  bool on_serious_list = false;        // 列入严重违法失信名单 (and not removed)
};
struct RepairCheck {
  bool eligible = false;
  core::Date earliest;                 // the first day an application can be granted
  std::string step;                    // credit_repair_earliest | credit_repair_earliest_food_drug
  std::vector<std::string> reasons;    // zh-CN, every condition that fails
};
core::Result<RepairCheck> CheckRepair(const rules::RuleSet& rules, const RepairFacts& f);

/// The serious-violation list: its end and when early removal may be asked (legal-rules §4).
struct ListingPeriod {
  core::Date until;            // removed automatically after this day ([M])
  core::Date early_removal_from;
  std::string basis;
};
core::Result<ListingPeriod> ComputeListingPeriod(const rules::RuleSet& rules, core::Date listed_on);

}  // namespace ipe::credit
