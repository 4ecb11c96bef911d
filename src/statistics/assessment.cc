#include "statistics/assessment.h"

#include <algorithm>
#include <cstdlib>
#include <set>

#include "core/sections.h"
#include "core/strings.h"

namespace ipe::embedded {
extern const char kAssessmentRubric[];
}  // namespace ipe::embedded

namespace ipe::statistics {

namespace {

std::optional<int64_t> Whole(std::string_view text) {
  if (text.empty() || text.size() > 12) return std::nullopt;
  int64_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

bool GoodKey(const std::string& key) {
  if (key.empty() || key.size() > 40) return false;
  return std::all_of(key.begin(), key.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

// a × b / d rounded half up, for non-negative a, b and positive d (the figures stay far below
// 2^63 / 10^4: points are at most 100 × 100).
int64_t MulDivRound(int64_t a, int64_t b, int64_t d) { return (a * b * 2 + d) / (2 * d); }

}  // namespace

int64_t AssessmentRubric::MaxTotal() const {
  int64_t total = 0;
  for (const AssessmentCriterion& c : criteria) total += c.max_points;
  return total;
}

const AssessmentCriterion* AssessmentRubric::Find(std::string_view key) const {
  for (const AssessmentCriterion& c : criteria) {
    if (c.key == key) return &c;
  }
  return nullptr;
}

core::Result<AssessmentRubric> ParseAssessmentRubric(std::string_view name, std::string_view text) {
  IPE_ASSIGN_OR_RETURN(core::SectionFile file, core::ParseSections(name, text));
  AssessmentRubric out;
  if (const core::Entry* v = file.header.Find("version")) out.version = v->value;
  for (const core::Section& s : file.sections) {
    if (s.kind != "criterion") return core::SectionError(name, s.line, "expected [criterion key]");
    AssessmentCriterion c;
    c.key = s.key;
    for (const core::Entry& e : s.entries) {
      if (e.key == "name") {
        c.name = e.value;
      } else if (e.key == "kind") {
        c.kind = e.value;
      } else if (e.key == "indicator") {
        c.indicator = e.value;
      } else if (e.key == "scoring") {
        c.scoring = e.value;
      } else if (e.key == "direction") {
        c.direction = e.value;
      } else if (e.key == "per_capita") {
        if (e.value != "yes" && e.value != "no")
          return core::SectionError(name, e.line, "per_capita is yes or no");
        c.per_capita = e.value == "yes";
      } else if (e.key == "low" || e.key == "high" || e.key == "max_points") {
        auto v = Whole(e.value);
        if (!v) return core::SectionError(name, e.line, e.key + " is a whole number");
        (e.key == "low" ? c.low : e.key == "high" ? c.high : c.max_points) = *v;
      } else if (e.key == "basis") {
        c.basis = e.value;
      } else if (e.key == "confidence") {
        c.confidence = e.value;
      } else {
        return core::SectionError(name, e.line, "unknown key " + e.key);
      }
    }
    out.criteria.push_back(std::move(c));
  }
  return out;
}

const AssessmentRubric& DefaultAssessmentRubric() {
  static const AssessmentRubric kRubric = [] {
    auto parsed = ParseAssessmentRubric("statistics/assessment.rules", embedded::kAssessmentRubric);
    if (!parsed) std::abort();  // compiled in and tested: cannot fail at run time
    return *parsed;
  }();
  return kRubric;
}

core::Status ValidateRubric(const AssessmentRubric& rubric, const IndicatorSet& set,
                            bool provinces) {
  core::Status st = core::InvalidArgument("评分细则有误 (invalid rubric)");
  if (rubric.criteria.empty() || static_cast<int64_t>(rubric.criteria.size()) > kMaxCriteria) {
    st.AddFieldError("criteria", "评分项应为 1 至 " + std::to_string(kMaxCriteria) + " 项");
  }
  std::set<std::string> keys;
  for (size_t i = 0; i < rubric.criteria.size(); ++i) {
    const AssessmentCriterion& c = rubric.criteria[i];
    const std::string f = "criteria[" + std::to_string(i) + "].";
    if (!GoodKey(c.key)) {
      st.AddFieldError(f + "key", "代码应为 1 至 40 个小写字母、数字或下划线");
    } else if (!keys.insert(c.key).second) {
      st.AddFieldError(f + "key", "评分项代码重复：" + c.key);
    }
    if (c.name.empty() || c.name.size() > 300)
      st.AddFieldError(f + "name", "名称不能为空，且不超过 100 字");
    if (c.max_points < 1 || c.max_points > kMaxCriterionPoints) {
      st.AddFieldError(f + "max_points",
                       "分值应为 1 至 " + std::to_string(kMaxCriterionPoints) + " 分");
    }
    if (c.basis.empty() || c.basis.size() > 1500)
      st.AddFieldError(f + "basis", "须写明依据，且不超过 500 字");
    if (c.confidence != "C" && c.confidence != "S" && c.confidence != "M") {
      st.AddFieldError(f + "confidence", "可信度应为 C、S 或 M");
    }
    if (c.kind == "manual") {
      if (!c.indicator.empty() || !c.scoring.empty() || !c.direction.empty() || c.per_capita ||
          c.low != 0 || c.high != 0) {
        st.AddFieldError(f + "kind", "人工评分项不设指标和计分方式");
      }
      continue;
    }
    if (c.kind != "indicator") {
      st.AddFieldError(f + "kind", "类型应为 indicator（指标计分）或 manual（人工评分）");
      continue;
    }
    const Indicator* ind = set.Find(c.indicator);
    if (ind == nullptr) st.AddFieldError(f + "indicator", "未知指标：" + c.indicator);
    if (c.direction != "higher" && c.direction != "lower") {
      st.AddFieldError(f + "direction", "方向应为 higher（越高越好）或 lower（越低越好）");
    }
    if (c.per_capita && ind != nullptr && ind->IsRate())
      st.AddFieldError(f + "per_capita", "比率指标不按人口折算");
    if (c.per_capita && !provinces)
      st.AddFieldError(f + "per_capita", "人口数据仅到省级，地市考核不能按人口折算");
    if (c.scoring == "linear") {
      if (c.low < 0 || c.high <= c.low) st.AddFieldError(f + "high", "线性计分须 0 ≤ 下限 < 上限");
    } else if (c.scoring == "rank") {
      if (c.low != 0 || c.high != 0) st.AddFieldError(f + "low", "排名计分不设上下限");
    } else {
      st.AddFieldError(f + "scoring", "计分方式应为 linear（线性）或 rank（排名）");
    }
  }
  if (rubric.MaxTotal() > kMaxRubricPoints) {
    st.AddFieldError("criteria", "总分不超过 " + std::to_string(kMaxRubricPoints) + " 分");
  }
  if (!st.field_errors().empty()) return st;
  return core::Status::Ok();
}

std::optional<int64_t> PerCapitaHundredths(int64_t value, int64_t population) {
  if (population <= 0) return std::nullopt;
  // value × 100,000 × 100 / population, rounded half up, without overflow for large sums of fen:
  // value = whole × population + rest, and rest × 10^7 × 2 stays below 2^63 for any population.
  const int64_t whole = value / population;
  const int64_t rest = value % population;
  return whole * 10'000'000 + (rest * 10'000'000 * 2 + population) / (2 * population);
}

std::vector<int64_t> CriterionPoints(const AssessmentCriterion& c,
                                     const std::vector<std::optional<int64_t>>& figures) {
  const int64_t max_centi = c.max_points * 100;
  const bool higher = c.direction != "lower";
  std::vector<int64_t> out(figures.size(), 0);
  if (c.scoring == "linear") {
    for (size_t i = 0; i < figures.size(); ++i) {
      if (!figures[i]) continue;
      const int64_t v = std::clamp(*figures[i], c.low, c.high);
      const int64_t gained = higher ? v - c.low : c.high - v;
      out[i] = MulDivRound(max_centi, gained, c.high - c.low);
    }
    return out;
  }
  std::vector<int64_t> present;
  for (const auto& f : figures) {
    if (f) present.push_back(*f);
  }
  const int64_t n = static_cast<int64_t>(present.size());
  for (size_t i = 0; i < figures.size(); ++i) {
    if (!figures[i]) continue;
    if (n == 1) {
      out[i] = max_centi;
      continue;
    }
    // Competition rank: 1 + the number of regions strictly better.
    int64_t better = 0;
    for (int64_t v : present) better += (higher ? v > *figures[i] : v < *figures[i]) ? 1 : 0;
    out[i] = MulDivRound(max_centi, n - 1 - better, n - 1);
  }
  return out;
}

}  // namespace ipe::statistics
