#include "credit/disclosure.h"

#include <algorithm>

#include "core/ids.h"
#include "core/mask.h"
#include "core/redact.h"
#include "rules/deadlines.h"

namespace ipe::credit {

const std::vector<PenaltyKindInfo>& PenaltyKinds() {
  // bars_early_removal: Order 45 art. 14 para. 3 (责令停产停业, 限制开展生产经营活动, 限制从业, 降低资质
  // 等级, 吊销许可证件, 吊销营业执照; 责令关闭 as the "other serious penalty" it is).
  static const std::vector<PenaltyKindInfo> kinds = {
      {PenaltyKind::kWarning, "warning", "警告", false, false},
      {PenaltyKind::kCriticism, "criticism", "通报批评", false, false},
      {PenaltyKind::kFine, "fine", "罚款", false, false},
      {PenaltyKind::kConfiscateGains, "confiscate_gains", "没收违法所得", false, false},
      {PenaltyKind::kConfiscateProperty, "confiscate_property", "没收非法财物", false, false},
      {PenaltyKind::kSuspendPermit, "suspend_permit", "暂扣许可证件", false, false},
      {PenaltyKind::kLowerQualification, "lower_qualification", "降低资质等级", true, true},
      {PenaltyKind::kRevokePermit, "revoke_permit", "吊销许可证件", true, true},
      {PenaltyKind::kRestrictOperation, "restrict_operation", "限制开展生产经营活动", true, true},
      {PenaltyKind::kOrderSuspension, "order_suspension", "责令停产停业", true, true},
      {PenaltyKind::kOrderClosure, "order_closure", "责令关闭", true, true},
      {PenaltyKind::kRestrictEmployment, "restrict_employment", "限制从业", true, true},
      {PenaltyKind::kRevokeLicense, "revoke_license", "吊销营业执照", true, true},
  };
  return kinds;
}

const PenaltyKindInfo& InfoOf(PenaltyKind kind) {
  for (const PenaltyKindInfo& i : PenaltyKinds()) {
    if (i.kind == kind) return i;
  }
  return PenaltyKinds().front();  // unreachable: every enumerator has a row
}

std::optional<PenaltyKind> PenaltyKindFromKey(std::string_view key) {
  for (const PenaltyKindInfo& i : PenaltyKinds()) {
    if (key == i.key) return i.kind;
  }
  return std::nullopt;
}

bool Penalty::Has(PenaltyKind k) const {
  return std::find(kinds.begin(), kinds.end(), k) != kinds.end();
}

Penalty PenaltyFromKeys(const std::vector<std::string>& keys, std::optional<core::Fen> fine,
                        std::optional<core::Date> restriction_until) {
  Penalty p;
  for (const std::string& k : keys) {
    if (auto kind = PenaltyKindFromKey(k)) p.kinds.push_back(*kind);
  }
  p.fine = fine;
  p.restriction_until = restriction_until;
  return p;
}

std::string DescribePenalty(const Penalty& p) {
  std::string out;
  for (const PenaltyKindInfo& i : PenaltyKinds()) {
    if (!p.Has(i.kind)) continue;
    if (!out.empty()) out += "；";
    out += i.name_zh;
    if (i.kind == PenaltyKind::kFine && p.fine) out += core::FormatYuanZh(*p.fine);
    if ((i.kind == PenaltyKind::kRestrictOperation || i.kind == PenaltyKind::kRestrictEmployment) &&
        p.restriction_until) {
      out += "（至" + p.restriction_until->ToString() + "）";
    }
  }
  return out;
}

bool MustPublish(const Penalty& p) {
  return std::any_of(p.kinds.begin(), p.kinds.end(),
                     [](PenaltyKind k) { return k != PenaltyKind::kWarning; });
}

namespace {

// The last day of a period of `step` that starts with `start` (counted from the next day).
core::Result<core::Date> LastDay(const rules::Step& step, core::Date start,
                                 const core::WorkCalendar& calendar) {
  IPE_ASSIGN_OR_RETURN(std::optional<core::Timestamp> due,
                       rules::DueFor(step, core::EndOfLocalDay(start).AddSeconds(-1), calendar));
  if (!due) return core::Internal("公示期限不能是“立即”: " + step.key);
  return core::LocalDate(due->AddSeconds(-1));
}

core::Result<const rules::Step*> StepOf(const rules::RuleSet& rules, std::string_view key) {
  const rules::Step* s = rules.FindStep(key);
  if (!s) return core::Internal("规则包缺少期限 " + std::string(key) + "（rules/credit/）");
  return s;
}

std::string ConfidenceNote(const rules::Step& s) {
  return s.confidence == rules::Confidence::kUnconfirmed ? "（未经核实：" + s.note + "）" : "";
}

}  // namespace

core::Result<DisplayPeriod> ComputeDisplayPeriod(const rules::RuleSet& rules, const Penalty& p,
                                                 PartyKind party, std::string_view region_code,
                                                 core::Date decision_date,
                                                 core::Date published_on) {
  if (!MustPublish(p)) {
    return core::InvalidArgument("仅受警告的行政处罚不予公示（总局令第45号 第二条）");
  }
  // Only 通报批评 and fines (and the warning that may come with them) can be short.
  bool only_light = std::all_of(p.kinds.begin(), p.kinds.end(), [](PenaltyKind k) {
    return k == PenaltyKind::kWarning || k == PenaltyKind::kCriticism || k == PenaltyKind::kFine;
  });
  std::string basis;
  bool short_period = false;
  if (only_light) {
    if (!p.Has(PenaltyKind::kFine)) {
      short_period = true;
      basis = "仅受通报批评";
    } else {
      const char* key = party == PartyKind::kPerson ? "disclosure_low_fine.person"
                                                    : "disclosure_low_fine.organisation";
      const rules::Amount* low = rules.FindAmount(key, region_code, decision_date);
      core::Fen fine = p.fine.value_or(core::Fen{0});
      if (!low) {
        basis = "本省未规定“较低数额罚款”标准（第十三条第二款），罚款按一般处罚信息公示";
      } else if (fine.value < low->value) {
        short_period = true;
        basis = "罚款" + core::FormatYuanZh(fine) + "低于" + low->title + core::FormatYuanZh(core::Fen{low->value}) +
                "（" + low->source + "）";
      } else {
        basis = "罚款" + core::FormatYuanZh(fine) + "不低于" + low->title +
                core::FormatYuanZh(core::Fen{low->value}) + "（" + low->source + "）";
      }
    }
  }
  const core::WorkCalendar& calendar = core::Calendar();
  IPE_ASSIGN_OR_RETURN(const rules::Step* step,
                       StepOf(rules, short_period ? "disclosure_display_short" : "disclosure_display"));
  IPE_ASSIGN_OR_RETURN(core::Date until, LastDay(*step, published_on, calendar));
  if (basis.empty()) basis = "处罚种类不限于通报批评和较低数额罚款";
  basis += "，公示期" + rules::DescribePeriod(*step) + "（" + step->source + "）";
  // 限制开展生产经营活动 / 限制从业 longer than the period: shown until the restriction ends.
  if ((p.Has(PenaltyKind::kRestrictOperation) || p.Has(PenaltyKind::kRestrictEmployment)) &&
      p.restriction_until && *p.restriction_until > until) {
    until = *p.restriction_until;
    basis += "；限制期限长于公示期，公示至限制期满（第十三条第一款）";
  }
  return DisplayPeriod{step->key, until, basis};
}

core::Result<PublishClock> ComputePublishClock(const rules::RuleSet& rules,
                                               const core::WorkCalendar& calendar,
                                               core::Date decision_date,
                                               std::string_view agency_region,
                                               std::string_view registration_region) {
  PublishClock c;
  c.other_province = registration_region.size() >= 2 && agency_region.size() >= 2 &&
                     registration_region.substr(0, 2) != agency_region.substr(0, 2);
  IPE_ASSIGN_OR_RETURN(const rules::Step* step,
                       StepOf(rules, c.other_province ? "disclosure_push_registration_office"
                                                      : "disclosure_publish"));
  core::Timestamp trigger = core::EndOfLocalDay(decision_date).AddSeconds(-1);
  IPE_ASSIGN_OR_RETURN(std::optional<core::Timestamp> due, rules::DueFor(*step, trigger, calendar));
  if (!due) return core::Internal("公示时限不能是“立即”");
  c.step = step->key;
  c.due = *due;
  c.basis = step->title + "：" + rules::DescribePeriod(*step) + "（" + step->source + "）";
  if (const rules::Step* target = rules.FindStep("disclosure_publish_target")) {
    IPE_ASSIGN_OR_RETURN(std::optional<core::Timestamp> t, rules::DueFor(*target, trigger, calendar));
    c.target = t;
    if (t) c.basis += "；提示：" + target->title + rules::DescribePeriod(*target) + ConfidenceNote(*target);
  }
  return c;
}

bool IsMinorOn(std::string_view id_number, core::Date on) {
  auto id = core::ParseResidentId(id_number, on);
  if (!id) return false;
  int by = 0, y = 0;
  unsigned bm = 0, bd = 0, m = 0, d = 0;
  id->birth_date().ToCivil(by, bm, bd);
  on.ToCivil(y, m, d);
  int age = y - by - ((m < bm || (m == bm && d < bd)) ? 1 : 0);
  return age < 18;
}

PublicText MaskForPublic(PartyKind party, std::string_view party_name,
                         std::string_view id_number, std::string_view facts,
                         const std::vector<std::string>& other_persons,
                         const core::RegionTable& regions) {
  PublicText out;
  out.party_name = std::string(party_name);
  if (party == PartyKind::kPerson && !id_number.empty()) out.id_masked = core::MaskResidentId(id_number);
  core::RedactionOptions options;
  for (const std::string& name : other_persons) {
    if (!name.empty() && name != party_name) options.other_persons.push_back(name);
  }
  core::RedactedText r = core::RedactPersonalData(facts, regions, options);
  out.facts = std::move(r.text);
  for (const core::Redaction& x : r.redactions) out.redactions.push_back(core::RedactionKindName(x.kind));
  return out;
}

core::Result<RepairCheck> CheckRepair(const rules::RuleSet& rules, const RepairFacts& f) {
  RepairCheck c;
  const core::WorkCalendar& calendar = core::Calendar();
  IPE_ASSIGN_OR_RETURN(const rules::Step* step,
                       StepOf(rules, f.food_drug_special_equipment ? "credit_repair_earliest_food_drug"
                                                                   : "credit_repair_earliest"));
  c.step = step->key;
  // "满6个月": the period ends with its last day; the application may be granted the day after.
  IPE_ASSIGN_OR_RETURN(core::Date last, LastDay(*step, f.published_on, calendar));
  c.earliest = last.AddDays(1);
  if (f.display_step == "disclosure_display_short") {
    c.reasons.push_back("仅受通报批评或较低数额罚款的处罚信息公示3个月后自动停止公示，无需信用修复");
  }
  for (PenaltyKind k : f.penalty.kinds) {
    if (InfoOf(k).bars_early_removal) {
      c.reasons.push_back(std::string("受到") + InfoOf(k).name_zh +
                          "处罚的，不得提前停止公示（总局令第45号 第十四条第三款）");
    }
  }
  if (f.applied_on < c.earliest) {
    c.reasons.push_back("公示未满" + rules::DescribePeriod(*step) + "，" + c.earliest.ToString() +
                        "起方可申请（" + step->source + "）");
  }
  if (!f.penalty_fulfilled) c.reasons.push_back("尚未履行行政处罚决定（第十四条第一款）");
  if (f.same_type_penalty_since) {
    c.reasons.push_back("公示期内再次受到同一类违法行为的行政处罚（第十四条第一款）");
  }
  if (f.on_serious_list) c.reasons.push_back("被列入严重违法失信名单（第十四条第一款）");
  c.eligible = c.reasons.empty();
  return c;
}

core::Result<ListingPeriod> ComputeListingPeriod(const rules::RuleSet& rules, core::Date listed_on) {
  const core::WorkCalendar& calendar = core::Calendar();
  IPE_ASSIGN_OR_RETURN(const rules::Step* period, StepOf(rules, "serious_list_period"));
  IPE_ASSIGN_OR_RETURN(const rules::Step* early, StepOf(rules, "serious_list_early_removal"));
  ListingPeriod l;
  IPE_ASSIGN_OR_RETURN(l.until, LastDay(*period, listed_on, calendar));
  IPE_ASSIGN_OR_RETURN(core::Date early_last, LastDay(*early, listed_on, calendar));
  l.early_removal_from = early_last.AddDays(1);
  l.basis = "列入名单" + rules::DescribePeriod(*period) + "届满移出" + ConfidenceNote(*period) +
            "；满" + rules::DescribePeriod(*early) + "可申请提前移出（" + early->source + "）";
  return l;
}

}  // namespace ipe::credit
