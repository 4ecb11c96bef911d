#include "statistics/indicators.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "core/limits.h"
#include "core/sections.h"
#include "core/strings.h"
#include "core/time.h"
#include "core/utf8.h"

namespace ipe::embedded {
extern const char kStatisticsIndicators[];
extern const unsigned long kStatisticsIndicators_size;
}  // namespace ipe::embedded

namespace ipe::statistics {

const std::vector<Dimension>& Dimensions() {
  static const std::vector<Dimension> kDimensions = {
      {"region", "行政区划"},          {"agency", "执法机构"},
      {"category", "案件类别"},        {"conduct", "违法行为"},
      {"closing_kind", "结案方式"},    {"transfer_status", "移送状态"},
      {"alert_kind", "预警类型"},      {"alert_state", "预警处理情况"},
      {"supervision_kind", "监督方式"}, {"lead_source", "线索来源"},
      {"lead_status", "线索处理结果"}, {"hit_status", "研判结果"},
      {"platform", "电商平台"},        {"channel", "受理渠道"},
      {"complaint_status", "办理状态"}, {"goods_category", "物品类别"},
      {"quantity_unit", "计量单位"},   {"disclosure_status", "公示状态"},
      {"publish_timing", "公示及时性"},   {"complaint_kind", "投诉举报类别"},
      {"complaint_subject", "涉及领域"},  {"conversion", "转化结果"},
      {"handling_band", "办理用时"},
      {"sales_channel", "线上线下"},    {"trade_flow", "进出口"},
      {"goods_class", "商品分类（尼斯分类）"}, {"campaign", "专项行动"},
  };
  return kDimensions;
}

const Dimension* FindDimension(std::string_view key) {
  for (const Dimension& d : Dimensions()) {
    if (key == d.key) return &d;
  }
  return nullptr;
}

const std::vector<Measure>& Measures() {
  static const std::vector<Measure> kMeasures = {
      {"case_opened", "cases", "案件", "category", "conduct", ValueKind::kFen},
      {"case_closed", "cases", "案件", "category", "closing_kind", ValueKind::kFen},
      {"case_over_threshold", "cases", "案件", "category", "conduct", ValueKind::kFen},
      {"case_channel", "cases", "案件", "sales_channel", "trade_flow", ValueKind::kFen},
      {"case_goods", "cases", "案件", "goods_class", "category", ValueKind::kFen},
      {"case_campaign", "case_campaigns", "案件（按专项行动标签）", "campaign", "category", ValueKind::kFen},
      {"transfer", "transfers", "移送", "transfer_status", "category", ValueKind::kNone},
      {"alert", "alerts", "案件预警", "alert_kind", "alert_state", ValueKind::kNone},
      {"supervision", "supervision_actions", "检察监督", "supervision_kind", "category",
       ValueKind::kNone},
      {"lead", "leads", "线索", "lead_source", "lead_status", ValueKind::kNone},
      {"hit", "monitoring_hits", "网络监测线索", "hit_status", "platform", ValueKind::kNone},
      {"complaint", "complaints", "投诉", "channel", "complaint_status", ValueKind::kNone},
      {"report", "complaints", "举报", "channel", "complaint_status", ValueKind::kNone},
      {"complaint_matter", "complaints", "投诉举报", "complaint_kind", "complaint_subject",
       ValueKind::kNone},
      {"complaint_conversion", "complaints", "投诉举报", "complaint_kind", "conversion",
       ValueKind::kNone},
      {"complaint_step_decision", "complaints", "投诉举报", "complaint_kind", "handling_band",
       ValueKind::kNone},
      {"complaint_step_mediation", "complaints", "投诉", "complaint_subject", "handling_band",
       ValueKind::kNone},
      {"complaint_step_notice", "complaints", "投诉举报", "complaint_kind", "handling_band",
       ValueKind::kNone},
      {"disclosure", "disclosures", "处罚信息公示", "disclosure_status", "publish_timing", ValueKind::kNone},
      {"custody_seized", "custody_items", "涉案物品", "goods_category", "quantity_unit",
       ValueKind::kQuantity},
      {"custody_destroyed", "custody_items", "涉案物品", "goods_category", "quantity_unit",
       ValueKind::kQuantity},
      {"custody_value", "custody_items", "涉案物品", "goods_category", "quantity_unit",
       ValueKind::kFen},
      {"custody_weight", "custody_items", "涉案物品", "goods_category", "quantity_unit",
       ValueKind::kGrams},
  };
  return kMeasures;
}

const Measure* FindMeasure(std::string_view key) {
  for (const Measure& m : Measures()) {
    if (key == m.key) return &m;
  }
  return nullptr;
}

const Indicator* IndicatorSet::Find(std::string_view key) const {
  for (const Indicator& i : indicators) {
    if (i.key == key) return &i;
  }
  return nullptr;
}

const std::string* IndicatorSet::LabelOf(std::string_view dimension, std::string_view code) const {
  auto dim = labels.find(std::string(dimension));
  if (dim == labels.end()) return nullptr;
  auto it = dim->second.find(std::string(code));
  return it == dim->second.end() ? nullptr : &it->second;
}

const char* ValueKindCode(ValueKind k) {
  switch (k) {
    case ValueKind::kFen: return "fen";
    case ValueKind::kQuantity: return "quantity";
    case ValueKind::kGrams: return "grams";
    case ValueKind::kNone: break;
  }
  return "count";
}

ValueKind ValueKindOf(const IndicatorSet& set, const Indicator& ind) {
  (void)set;
  if (ind.IsRate() || ind.take == Take::kCount) return ValueKind::kNone;
  const Measure* m = FindMeasure(ind.measure);
  return m ? m->value : ValueKind::kNone;
}

std::optional<int> MonthIndex(std::string_view month) {
  if (month.size() != 7 || month[4] != '-') return std::nullopt;
  int year = 0;
  int mon = 0;
  for (size_t i = 0; i < 7; ++i) {
    if (i == 4) continue;
    if (month[i] < '0' || month[i] > '9') return std::nullopt;
    (i < 4 ? year : mon) = (i < 4 ? year : mon) * 10 + (month[i] - '0');
  }
  if (year < 1900 || year > 2999 || mon < 1 || mon > 12) return std::nullopt;
  return year * 12 + (mon - 1);
}

std::string MonthText(int index) {
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02d", index / 12, index % 12 + 1);
  return text;
}

namespace {

core::Status ErrorAt(std::string_view file, int line, const std::string& what) {
  return core::SectionError(file, line, what);
}

bool IsDate(const std::string& s) { return core::ParseDate(s).has_value(); }

bool MeasureHas(const Measure& m, std::string_view dim) {
  return dim == "region" || dim == "agency" || dim == m.d1 || dim == m.d2;
}

bool Contains(const std::vector<std::string>& v, std::string_view s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// Checks an indicator once the whole set is read (rates refer to indicators below them too).
core::Status CheckIndicator(std::string_view file, const IndicatorSet& set, const Indicator& ind) {
  auto err = [&](const std::string& what) { return ErrorAt(file, ind.line, what); };
  if (ind.name_zh.empty()) return err("missing_key: name");
  if (ind.name_en.empty()) return err("missing_key: name_en");
  if (ind.definition.empty()) return err("missing_key: definition");
  if (ind.unit.empty()) return err("missing_key: unit");
  if (ind.effective_from.empty()) return err("missing_key: effective_from");
  if (ind.confidence.empty()) return err("missing_key: confidence");
  if (ind.dimensions.empty()) return err("missing_key: dimensions");
  if (ind.IsRate() != !ind.denominator.empty()) return err("rate: numerator and denominator go together");
  if (ind.IsRate() == !ind.measure.empty()) return err("missing_key: measure (or numerator and denominator)");
  if (ind.IsRate()) {
    if (!ind.filter.empty()) return err("rate: a filter belongs to its numerator or denominator");
    for (const std::string* part : {&ind.numerator, &ind.denominator}) {
      const Indicator* p = set.Find(*part);
      if (!p || p->IsRate()) return err("bad_value: " + *part + " is not a counted indicator of the set");
      for (const std::string& d : ind.dimensions) {
        if (!Contains(p->dimensions, d)) return err("bad_value: " + *part + " has no dimension " + d);
      }
    }
    return core::Status::Ok();
  }
  const Measure* m = FindMeasure(ind.measure);
  if (!m) return err("unknown_measure: " + ind.measure);
  for (const std::string& d : ind.dimensions) {
    if (!MeasureHas(*m, d)) return err("bad_value: measure " + ind.measure + " has no dimension " + d);
  }
  for (const auto& [dim, values] : ind.filter) {
    if (dim == "region" || dim == "agency" || !MeasureHas(*m, dim)) {
      return err("bad_value: cannot filter " + ind.measure + " by " + dim);
    }
  }
  return core::Status::Ok();
}

}  // namespace

core::Result<IndicatorSet> ParseIndicators(std::string_view file, std::string_view text) {
  IPE_ASSIGN_OR_RETURN(core::SectionFile parsed, core::ParseSections(file, text));
  IndicatorSet out;
  for (const core::Entry& e : parsed.header.entries) {
    if (e.key == "pack") {
      out.pack = e.value;
    } else if (e.key == "title") {
      out.title = e.value;
    } else if (e.key == "version") {
      out.version = e.value;
    } else if (e.key != "format") {
      return ErrorAt(file, e.line, "unknown_key: " + e.key);
    }
  }
  for (const core::Section& section : parsed.sections) {
    if (section.kind == "labels") {
      if (!FindDimension(section.key)) return ErrorAt(file, section.line, "unknown_dimension: " + section.key);
      if (out.labels.count(section.key)) return ErrorAt(file, section.line, "duplicate_id: labels " + section.key);
      auto& labels = out.labels[section.key];
      for (const core::Entry& e : section.entries) {
        if (e.value.empty()) return ErrorAt(file, e.line, "syntax: empty label");
        labels[e.key] = e.value;
      }
      continue;
    }
    if (section.kind != "indicator") return ErrorAt(file, section.line, "unknown_section: " + section.kind);
    if (out.Find(section.key)) return ErrorAt(file, section.line, "duplicate_id: " + section.key);
    Indicator ind;
    ind.key = section.key;
    ind.line = section.line;
    for (const core::Entry& e : section.entries) {
      const std::string& key = e.key;
      const std::string& value = e.value;
      const int line_no = e.line;
      if (key == "name") {
        ind.name_zh = value;
      } else if (key == "name_en") {
        ind.name_en = value;
      } else if (key == "definition") {
        ind.definition = value;
      } else if (key == "unit") {
        ind.unit = value;
      } else if (key == "measure") {
        ind.measure = value;
      } else if (key == "take") {
        if (value != "count" && value != "sum") return ErrorAt(file, line_no, "bad_value: take is count or sum");
        ind.take = value == "sum" ? Take::kSum : Take::kCount;
      } else if (key == "filter") {
        size_t colon = value.find(':');
        if (colon == std::string::npos) return ErrorAt(file, line_no, "syntax: filter = dimension: v1, v2");
        std::string dim(core::TrimSpace(std::string_view(value).substr(0, colon)));
        if (!FindDimension(dim)) return ErrorAt(file, line_no, "unknown_dimension: " + dim);
        std::vector<std::string>& kept = ind.filter[dim];
        for (const std::string& v : core::Split(std::string_view(value).substr(colon + 1), ',')) {
          std::string t(core::TrimSpace(v));
          if (t.empty()) return ErrorAt(file, line_no, "syntax: empty filter value");
          kept.push_back(t);
        }
      } else if (key == "numerator") {
        ind.numerator = value;
      } else if (key == "denominator") {
        ind.denominator = value;
      } else if (key == "dimensions") {
        for (const std::string& d : core::Split(value, ',')) {
          std::string t(core::TrimSpace(d));
          if (!FindDimension(t)) return ErrorAt(file, line_no, "unknown_dimension: " + t);
          if (Contains(ind.dimensions, t)) return ErrorAt(file, line_no, "duplicate_dimension: " + t);
          ind.dimensions.push_back(t);
        }
      } else if (key == "effective_from" || key == "effective_to") {
        if (!IsDate(value)) return ErrorAt(file, line_no, "bad_value: " + key + " is YYYY-MM-DD");
        (key == "effective_from" ? ind.effective_from : ind.effective_to) = value;
      } else if (key == "basis") {
        ind.basis = value;
      } else if (key == "confidence") {
        if (value != "C" && value != "S" && value != "M") {
          return ErrorAt(file, line_no, "bad_value: confidence is C, S or M");
        }
        ind.confidence = value;
      } else {
        return ErrorAt(file, line_no, "unknown_key: " + key);
      }
    }
    out.indicators.push_back(std::move(ind));
  }
  if (out.pack.empty()) return ErrorAt(file, 1, "missing_key: pack");
  if (out.version.empty()) return ErrorAt(file, 1, "missing_key: version");
  for (const Indicator& ind : out.indicators) {
    IPE_RETURN_IF_ERROR(CheckIndicator(file, out, ind));
  }
  return out;
}

const IndicatorSet& DefaultIndicators() {
  static const IndicatorSet set = [] {
    auto parsed = ParseIndicators(
        "statistics/indicators.rules",
        std::string_view(embedded::kStatisticsIndicators, embedded::kStatisticsIndicators_size));
    if (!parsed) {
      std::fprintf(stderr, "embedded statistics indicators broken: %s\n",
                   parsed.error().ToString().c_str());
      std::abort();
    }
    return std::move(*parsed);
  }();
  return set;
}

namespace {

// The kept values of a leg's column: the indicator's own filter, narrowed by the request's.
void Keep(const Indicator& ind, const std::string& dim, const FigureRequest& req,
          std::vector<std::string>& in, bool& nothing) {
  auto own = ind.filter.find(dim);
  if (own != ind.filter.end()) in = own->second;
  auto asked = req.filters.find(dim);
  if (asked == req.filters.end()) return;
  if (own != ind.filter.end() && !Contains(own->second, asked->second)) nothing = true;
  in = {asked->second};
}

CellQuery LegOf(const Indicator& ind, const FigureRequest& req, GroupColumn group,
                const std::string& group_dim) {
  const Measure* m = FindMeasure(ind.measure);
  CellQuery q;
  q.measure = ind.measure;
  q.take_sum = ind.take == Take::kSum;
  Keep(ind, m->d1, req, q.d1_in, q.matches_nothing);
  Keep(ind, m->d2, req, q.d2_in, q.matches_nothing);
  q.group = group;
  if (!group_dim.empty()) q.group = group_dim == m->d1 ? GroupColumn::kD1 : GroupColumn::kD2;
  return q;
}

}  // namespace

core::Result<FigurePlan> PlanFigure(const IndicatorSet& set, const FigureRequest& req) {
  core::Status st = core::InvalidArgument("统计查询参数有误 (bad figure query)");
  bool bad = false;
  const Indicator* ind = set.Find(req.indicator);
  if (!ind) {
    st.AddFieldError("indicator", "没有这个统计指标");
    return st;
  }
  auto from = MonthIndex(req.from_month);
  auto to = MonthIndex(req.to_month);
  if (!from) st.AddFieldError("from", "起始月份应为 YYYY-MM");
  if (!to) st.AddFieldError("to", "截止月份应为 YYYY-MM");
  if (from && to) {
    if (*from > *to) {
      st.AddFieldError("to", "截止月份不能早于起始月份");
    } else if (*to - *from + 1 > kMaxPeriodMonths) {
      st.AddFieldError("to", "统计期最长 " + std::to_string(kMaxPeriodMonths) + " 个月");
    } else if (req.to_month + "-31" < ind->effective_from ||
               (!ind->effective_to.empty() && req.from_month + "-01" > ind->effective_to)) {
      st.AddFieldError("from", "该指标在所选统计期不适用（自 " + ind->effective_from + " 起施行）");
    }
  }
  bad = !st.field_errors().empty();
  FigurePlan plan;
  plan.indicator = ind;
  plan.from_month = req.from_month;
  plan.to_month = req.to_month;
  plan.group = req.group.empty() ? "none" : req.group;
  GroupColumn group = GroupColumn::kNone;
  std::string group_dim;
  const std::string& g = plan.group;
  if (g == "none") {
  } else if (g == "province" || g == "prefecture" || g == "county") {
    group = g == "province" ? GroupColumn::kProvince
                            : (g == "prefecture" ? GroupColumn::kPrefecture : GroupColumn::kCounty);
  } else if (g == "agency") {
    group = GroupColumn::kAgency;
  } else if (g == "month" || g == "quarter" || g == "year") {
    group = GroupColumn::kMonth;
    plan.fold = g == "month" ? Fold::kNone : (g == "quarter" ? Fold::kQuarter : Fold::kYear);
  } else if (Contains(ind->dimensions, g) && g != "region") {
    group_dim = g;
  } else {
    st.AddFieldError("group", "该指标不能按此维度分组");
    bad = true;
  }
  for (const auto& [dim, value] : req.filters) {
    if (dim == "region" || dim == "agency" || !Contains(ind->dimensions, dim)) {
      st.AddFieldError(dim, "该指标不能按此维度筛选");
      bad = true;
    } else if (value.empty() || core::CountCodePoints(value) > core::limits::kShortTextChars) {
      // Characters, not bytes: a campaign tag may hold as many (30 CJK characters are 90 bytes).
      st.AddFieldError(dim, "筛选值应为 1–" + std::to_string(core::limits::kShortTextChars) + " 个字符");
      bad = true;
    }
  }
  if (bad) return st;
  if (ind->IsRate()) {
    plan.legs.push_back(LegOf(*set.Find(ind->numerator), req, group, group_dim));
    plan.legs.push_back(LegOf(*set.Find(ind->denominator), req, group, group_dim));
  } else {
    plan.legs.push_back(LegOf(*ind, req, group, group_dim));
  }
  return plan;
}

namespace {

std::string FoldKey(const std::string& month, Fold fold) {
  if (fold == Fold::kNone || month.size() != 7) return month;
  if (fold == Fold::kYear) return month.substr(0, 4);
  int m = (month[5] - '0') * 10 + (month[6] - '0');
  return month.substr(0, 4) + "-Q" + std::to_string((m - 1) / 3 + 1);
}

int64_t LegValue(const CellQuery& q, const CellRow& r) { return q.take_sum ? r.v : r.n; }

std::optional<int64_t> RateBasisPoints(int64_t num, int64_t den) {
  if (den <= 0) return std::nullopt;
  // Half up in integers; numerators are counts far below 2^63 / 20000.
  return (num * 20000 / den + 1) / 2;
}

}  // namespace

std::vector<FigureRow> Combine(const FigurePlan& plan, const std::vector<std::vector<CellRow>>& rows) {
  std::map<std::string, std::pair<int64_t, int64_t>> sums;  // key → (leg 0, leg 1)
  for (size_t leg = 0; leg < plan.legs.size() && leg < rows.size(); ++leg) {
    for (const CellRow& r : rows[leg]) {
      auto& s = sums[FoldKey(r.key, plan.fold)];
      (leg == 0 ? s.first : s.second) += LegValue(plan.legs[leg], r);
    }
  }
  std::vector<FigureRow> out;
  out.reserve(sums.size());
  bool rate = plan.legs.size() == 2;
  for (const auto& [key, s] : sums) {
    FigureRow row;
    row.key = key;
    row.numerator = s.first;
    if (rate) {
      row.denominator = s.second;
      row.value = RateBasisPoints(s.first, s.second);
    } else {
      row.value = s.first;
    }
    out.push_back(std::move(row));
  }
  return out;
}

FigureRow Total(const FigurePlan& plan, const std::vector<FigureRow>& rows) {
  FigureRow total;
  int64_t den = 0;
  for (const FigureRow& r : rows) {
    total.numerator += r.numerator;
    den += r.denominator.value_or(0);
  }
  if (plan.legs.size() == 2) {
    total.denominator = den;
    total.value = RateBasisPoints(total.numerator, den);
  } else {
    total.value = total.numerator;
  }
  return total;
}

}  // namespace ipe::statistics
