// Assessment (考核评价): the plan's rubric, one score per agency and period, and the ranking. The
// SQL is in plan_store.cc; the arithmetic is plan::Total and plan::Rank.
#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "app/accounts/audit.h"
#include "app/internal/text.h"
#include "app/plans/plan_store.h"
#include "app/plans/plans.h"
#include "app/plans/plans_internal.h"

namespace ipe::app {

using namespace plans_internal;  // NOLINT(google-build-using-namespace): the area's own helpers

namespace {

using Json = nlohmann::json;

// Bounds of a rubric and of a score's comment.
constexpr size_t kMaxCriteria = 50;
constexpr size_t kCriterionIdMaxBytes = 40;
constexpr size_t kCriterionNameMaxChars = 100;
constexpr int64_t kCriterionMaxPoints = 1000;
constexpr size_t kScoreCommentMaxChars = 2000;

PlanRubric RubricView(const plan::Rubric& r) {
  PlanRubric out;
  for (const auto& c : r.criteria) out.criteria.push_back({c.id, c.name, c.max_points});
  out.max_total = r.MaxTotal();
  return out;
}

Json RubricJson(const plan::Rubric& r) {
  Json j = Json::array();
  for (const auto& c : r.criteria) {
    j.push_back({{"id", c.id}, {"name", c.name}, {"max_points", c.max_points}});
  }
  return j;
}

Json IntMapJson(const std::map<std::string, int64_t>& m) {
  Json j = Json::object();
  for (const auto& [k, v] : m) j[k] = v;
  return j;
}

bool IsCriterionId(const std::string& id) {
  if (id.empty() || id.size() > kCriterionIdMaxBytes) return false;
  for (char c : id) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

plan::Score ModelScore(const std::string& agency, const std::map<std::string, int64_t>& points) {
  plan::Score s;
  s.agency = agency;
  for (const auto& [k, v] : points) {
    s.points[k] = static_cast<int>(std::clamp<int64_t>(v, -1, 1000000));
  }
  return s;
}

std::string ScoreAuditJson(const PlanScore& s) {
  return Json{{"period", s.period},
              {"agency_id", s.agency_id},
              {"points", IntMapJson(s.points)},
              {"total", s.total},
              {"comment", s.comment}}
      .dump();
}

}  // namespace

core::Result<PlanRubric> GetRubric(Context& ctx, const Principal& who, int64_t plan_id) {
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  PlanStore store(*tx);
  IPE_RETURN_IF_ERROR(LoadVisiblePlan(store, who, plan_id).status());
  IPE_ASSIGN_OR_RETURN(auto rubric, store.Rubric(plan_id));
  if (!rubric) return PlanRubric{};
  return RubricView(*rubric);
}

core::Result<PlanRubric> PutRubric(Context& ctx, const Principal& who, int64_t plan_id,
                                   const PlanRubric& input) {
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  PlanStore store(*tx);
  IPE_ASSIGN_OR_RETURN(auto plan, LoadVisiblePlan(store, who, plan_id));
  IPE_RETURN_IF_ERROR(RequireManager(plan.access, "设定评分细则"));
  core::Status st = core::InvalidArgument("评分细则有误 (invalid rubric)");
  bool bad = false;
  auto add = [&](const std::string& field, const std::string& msg) {
    st.AddFieldError(field, msg);
    bad = true;
  };
  plan::Rubric rubric;
  if (input.criteria.empty()) add("criteria", "评分细则至少一项");
  if (input.criteria.size() > kMaxCriteria) add("criteria", "评分项不超过 50 个");
  std::set<std::string> ids;
  for (size_t i = 0; i < input.criteria.size(); ++i) {
    const RubricCriterionView& c = input.criteria[i];
    std::string field = "criteria[" + std::to_string(i) + "]";
    std::string name = internal::Trim(c.name);
    if (!IsCriterionId(c.id)) {
      add(field + ".id", "标识应为 1–40 个小写字母、数字或下划线");
    } else if (!ids.insert(c.id).second) {
      add(field + ".id", "评分项标识重复");
    }
    if (name.empty() || CodePoints(name) > kCriterionNameMaxChars) {
      add(field + ".name", "名称应为 1–100 字");
    }
    if (c.max_points <= 0 || c.max_points > kCriterionMaxPoints) {
      add(field + ".max_points", "满分应为 1–1000");
    }
    rubric.criteria.push_back(
        {c.id, name, static_cast<int>(std::clamp<int64_t>(c.max_points, 0, kCriterionMaxPoints))});
  }
  if (bad) return st;
  if (auto v = rubric.Validate(); !v.ok()) {
    return core::Status(v).AddFieldError("criteria", v.message());
  }
  // Stored scores must stay valid under the new rubric.
  IPE_ASSIGN_OR_RETURN(auto scores, store.Scores(plan_id, std::nullopt));
  for (const PlanScore& s : scores) {
    if (!plan::Total(rubric, ModelScore(s.agency_name, s.points))) {
      return core::FailedPrecondition("已有评分（" + s.agency_name + " " + s.period +
                                      "）与新的评分细则不符，请先调整评分 (stored scores "
                                      "conflict with the new rubric)");
    }
  }
  IPE_ASSIGN_OR_RETURN(auto before, store.Rubric(plan_id));
  core::Timestamp now = ctx.Now();
  IPE_RETURN_IF_ERROR(store.SaveRubric(plan_id, RubricJson(rubric).dump(), who.actor_id(), now));
  IPE_ASSIGN_OR_RETURN(auto rubric_scope, PlanAuditScope(store, plan_id));
  IPE_RETURN_IF_ERROR(
      AppendAudit(*tx, who, now,
                  {"plan.rubric", "plan", std::to_string(plan_id),
                   "设定评分细则（" + std::to_string(rubric.criteria.size()) + " 项，满分 " +
                       std::to_string(rubric.MaxTotal()) + "）",
                   before ? std::optional<std::string>(RubricJson(*before).dump()) : std::nullopt,
                   RubricJson(rubric).dump(), rubric_scope}));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return RubricView(rubric);
}

core::Result<PlanScore> PutScore(Context& ctx, const Principal& who, int64_t plan_id,
                                 const NewScore& in) {
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  PlanStore store(*tx);
  IPE_ASSIGN_OR_RETURN(auto plan, LoadVisiblePlan(store, who, plan_id));
  IPE_RETURN_IF_ERROR(RequireManager(plan.access, "评分"));
  IPE_ASSIGN_OR_RETURN(auto rubric, store.Rubric(plan_id));
  if (!rubric) return core::FailedPrecondition("请先设定评分细则 (set the rubric first)");
  core::Status st = core::InvalidArgument("评分有误 (invalid score)");
  bool bad = false;
  auto add = [&](const std::string& field, const std::string& msg) {
    st.AddFieldError(field, msg);
    bad = true;
  };
  std::string period = internal::Trim(in.period);
  auto parsed = ParsePeriodText(period);
  if (!parsed) {
    add("period", kPeriodFormat);
  } else if (parsed->year != plan.summary.year) {
    add("period", "期间须在工作要点年度 " + std::to_string(plan.summary.year) + " 内");
  }
  IPE_ASSIGN_OR_RETURN(bool holds, store.AgencyHoldsAssignment(plan_id, in.agency_id));
  if (!holds) add("agency_id", "该单位在本工作要点中没有责任分工");
  for (const auto& [id, points] : in.points) {
    auto it = std::find_if(rubric->criteria.begin(), rubric->criteria.end(),
                           [&id = id](const plan::RubricCriterion& c) { return c.id == id; });
    if (it == rubric->criteria.end()) {
      add("points." + id, "评分细则中没有该项");
    } else if (points < 0 || points > it->max_points) {
      add("points." + id, "得分应在 0–" + std::to_string(it->max_points) + " 之间");
    }
  }
  std::string comment = internal::Trim(in.comment);
  if (CodePoints(comment) > kScoreCommentMaxChars) add("comment", "评语不超过 2000 字");
  if (bad) return st;
  IPE_ASSIGN_OR_RETURN(int total, plan::Total(*rubric, ModelScore("", in.points)));
  IPE_ASSIGN_OR_RETURN(auto before, store.Score(plan_id, period, in.agency_id));
  core::Timestamp now = ctx.Now();
  IPE_ASSIGN_OR_RETURN(PlanScore score,
                       store.UpsertScore({.plan_id = plan_id,
                                          .period = period,
                                          .agency_id = in.agency_id,
                                          .points_json = IntMapJson(in.points).dump(),
                                          .total = static_cast<int64_t>(total),
                                          .comment = comment,
                                          .scored_by = who.actor_id(),
                                          .scored_by_name = ActorName(who),
                                          .scored_at = now}));
  IPE_ASSIGN_OR_RETURN(auto score_scope, PlanAuditScope(store, plan_id, score.agency_id));
  IPE_RETURN_IF_ERROR(AppendAudit(
      *tx, who, now,
      {"plan.score", "plan_score", std::to_string(score.id),
       "考核评分 " + score.agency_name + " " + period + "：" + std::to_string(total) + " 分",
       before ? std::optional<std::string>(ScoreAuditJson(*before)) : std::nullopt,
       ScoreAuditJson(score), score_scope}));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return score;
}

core::Result<Ranking> GetRanking(Context& ctx, const Principal& who, int64_t plan_id,
                                 const std::string& period_text) {
  std::string period = internal::Trim(period_text);
  auto parsed = ParsePeriodText(period);
  if (!parsed) return Invalid("period", kPeriodFormat);
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  PlanStore store(*tx);
  IPE_ASSIGN_OR_RETURN(auto plan, LoadVisiblePlan(store, who, plan_id));
  IPE_ASSIGN_OR_RETURN(auto rubric, store.Rubric(plan_id));
  Ranking out;
  out.period = period;
  if (!rubric) return out;
  out.max_total = rubric->MaxTotal();
  IPE_ASSIGN_OR_RETURN(auto stored, store.Scores(plan_id, period));
  std::vector<plan::Score> scores;
  std::map<std::string, PlanScore> by_name;
  for (PlanScore& s : stored) {
    scores.push_back(ModelScore(s.agency_name, s.points));
    by_name[s.agency_name] = std::move(s);
  }
  IPE_ASSIGN_OR_RETURN(auto ranked, plan::Rank(*rubric, scores));
  // Completion per agency over all its assignments (not only those the caller may see: the
  // figure is the agency's, like its score).
  VisiblePlan all_of_it = plan;
  all_of_it.access = PlanAccess::kReader;
  IPE_ASSIGN_OR_RETURN(auto assignments,
                       LoadAssignments(store, ctx, who, all_of_it, parsed->period));
  std::map<int64_t, std::vector<plan::ReportStatus>> latest;
  for (const AssignmentRow& a : assignments) {
    latest[a.a.agency_id].push_back(plan::ParseReportStatus(a.a.latest_status).value());
  }
  for (const plan::RankEntry& e : ranked) {
    const PlanScore& s = by_name.at(e.agency);
    // An agency's officers see their own agency's line (its rank among all), not the others'
    // points: the table that compares agencies is the assessors' (docs/plans.md).
    if (plan.access == PlanAccess::kAgency && s.agency_id != who.agency_id) continue;
    RankingEntry entry;
    entry.agency_id = s.agency_id;
    entry.agency_name = s.agency_name;
    entry.total = e.total;
    entry.rank = e.rank;
    entry.points = s.points;
    if (auto c = plan::CompletionPermille(latest[s.agency_id])) entry.completion_permille = *c;
    out.entries.push_back(std::move(entry));
  }
  return out;
}

}  // namespace ipe::app
