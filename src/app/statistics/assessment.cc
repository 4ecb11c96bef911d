// 平安建设考核 use cases (assessment.h).
#include "app/statistics/assessment.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "app/accounts/audit.h"
#include "app/internal/text.h"
#include "app/permissions.h"
#include "core/limits.h"
#include "core/region.h"
#include "plan/model.h"
#include "statistics/high_incidence.h"

namespace ipe::app {

namespace {

const std::string kNational(core::kNationalRegionCode);

core::Status Invalid(const std::string& field, const std::string& message) {
  return core::Status(core::InvalidArgument("平安建设考核参数有误 (invalid assessment request)"))
      .AddFieldError(field, message);
}

int ThisYear(Context& ctx) { return core::LocalDate(ctx.Now()).Year(); }

// InvalidArgument unless the year is 2000 … next year and the assessor the nation or a province.
core::Status CheckYearAndAssessor(Context& ctx, int year, const std::string& assessor) {
  if (year < 2000 || year > ThisYear(ctx) + 1) return Invalid("year", "考核年度应为 2000 年至明年");
  if (assessor != kNational) {
    const core::Region* r = core::Regions().Find(assessor);
    if (r == nullptr || r->level != core::RegionLevel::kProvince ||
        AssessedRegions(assessor).empty()) {
      return Invalid("assessor", "考核单位应为全国或省级领导小组办公室");
    }
  }
  return core::Status::Ok();
}

// The caller's own assessing office: an office (assessment.manage) of the nation or a province.
core::Result<std::string> OwnAssessor(const Principal& who, std::string_view action_zh) {
  IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kAssessmentManage, action_zh));
  const std::string& region = who.region_code;
  if (region != kNational && (core::LevelOfCode(region) != core::RegionLevel::kProvince ||
                              AssessedRegions(region).empty())) {
    return core::PermissionDenied(
        "平安建设考核由全国和省级领导小组办公室组织 (national and provincial offices only)");
  }
  return region;
}

std::string NameOf(const std::string& code) {
  if (code == kNational) return "全国";
  const core::Region* r = core::Regions().Find(code);
  return r ? r->name : code;
}

nlohmann::json RubricAudit(const PsaRubric& r) {
  nlohmann::json crit = nlohmann::json::array();
  for (const auto& c : r.rubric.criteria) {
    crit.push_back({{"key", c.key},
                    {"name", c.name},
                    {"kind", c.kind},
                    {"indicator", c.indicator},
                    {"scoring", c.scoring},
                    {"direction", c.direction},
                    {"per_capita", c.per_capita},
                    {"low", c.low},
                    {"high", c.high},
                    {"max_points", c.max_points}});
  }
  return {{"id", r.id},         {"year", r.year},       {"assessor_region", r.assessor_region},
          {"status", r.status}, {"version", r.version}, {"criteria", crit}};
}

std::string PointsText(int64_t centi) {
  std::string frac = std::to_string(centi % 100);
  return std::to_string(centi / 100) + "." + (frac.size() < 2 ? "0" + frac : frac);
}

struct Computed {
  std::vector<PsaScore> scores;      // ranked
  std::vector<std::string> missing;  // manual items without points
};

// Scores every assessed region now: the indicators' figures of the year in the caller's scope
// (QueryFigure, as the statistics page reads them) and the stored manual points; ranked.
core::Result<Computed> Compute(Context& ctx, const Principal& who, const PsaRubric& r,
                               const std::vector<PsaManualPoints>& manual) {
  const std::vector<std::string> regions = AssessedRegions(r.assessor_region);
  const std::string y = std::to_string(r.year);
  const std::string group =
      r.assessor_region == kNational
          ? "province"
          : core::RegionLevelName(core::Regions().Find(regions.front())->level);
  std::vector<PsaScore> scores(regions.size());
  for (size_t i = 0; i < regions.size(); ++i) scores[i].region_code = regions[i];
  std::map<std::pair<std::string, std::string>, const PsaManualPoints*> entered;
  for (const PsaManualPoints& m : manual) entered[{m.region_code, m.criterion_key}] = &m;
  Computed out;
  for (size_t ci = 0; ci < r.rubric.criteria.size(); ++ci) {
    const statistics::AssessmentCriterion& c = r.rubric.criteria[ci];
    if (c.manual()) {
      for (PsaScore& s : scores) {
        auto found = entered.find({s.region_code, c.key});
        PsaItem item{c.key, std::nullopt, std::nullopt, 0, ""};
        if (found == entered.end()) {
          out.missing.push_back(s.region_code + ":" + c.key);
        } else {
          item.points = found->second->points;
          item.reason = found->second->reason;
        }
        s.items.push_back(std::move(item));
      }
      continue;
    }
    FigureQuery q;
    q.request = {c.indicator, y + "-01", y + "-12", group, {}};
    if (r.assessor_region != kNational) q.region = r.assessor_region;
    auto figure = QueryFigure(ctx, who, q);
    if (!figure.has_value()) {
      if (figure.error().code() != core::StatusCode::kInvalidArgument) return figure.error();
      return Invalid("criteria[" + std::to_string(ci) + "].indicator",
                     "该指标在 " + y + " 年不适用");
    }
    const bool rate = figure->plan.indicator->IsRate();
    std::map<std::string, std::optional<int64_t>> values;
    for (const LabelledRow& row : figure->rows) values[row.row.key] = row.row.value;
    std::vector<std::optional<int64_t>> raw(regions.size()), scored(regions.size());
    for (size_t i = 0; i < regions.size(); ++i) {
      auto found = values.find(regions[i]);
      raw[i] =
          found != values.end() ? found->second : (rate ? std::nullopt : std::optional<int64_t>(0));
      scored[i] = raw[i];
      if (c.per_capita && raw[i]) {
        const auto& pop = statistics::DefaultPopulation().by_region;
        auto p = pop.find(regions[i]);
        scored[i] =
            p == pop.end() ? std::nullopt : statistics::PerCapitaHundredths(*raw[i], p->second);
      }
    }
    const std::vector<int64_t> points = statistics::CriterionPoints(c, scored);
    for (size_t i = 0; i < regions.size(); ++i)
      scores[i].items.push_back({c.key, scored[i], raw[i], points[i], ""});
  }
  // Rank the totals (plan::Rank: highest first, equal totals share a rank, then by code).
  plan::Rubric total_rubric{{{"total", "总分", static_cast<int>(r.rubric.MaxTotal() * 100)}}};
  std::vector<plan::Score> totals;
  std::map<std::string, PsaScore*> by_code;
  for (PsaScore& s : scores) {
    for (const PsaItem& i : s.items) s.total += i.points;
    totals.push_back({s.region_code, {{"total", static_cast<int>(s.total)}}});
    by_code[s.region_code] = &s;
  }
  IPE_ASSIGN_OR_RETURN(auto ranked, plan::Rank(total_rubric, totals));
  for (const plan::RankEntry& e : ranked) {
    PsaScore& s = *by_code[e.agency];
    s.rank = e.rank;
    out.scores.push_back(std::move(s));
  }
  return out;
}

}  // namespace

std::vector<std::string> AssessedRegions(const std::string& assessor) {
  std::vector<std::string> out;
  if (assessor == kNational) {
    // The provinces with agencies here (Hong Kong, Macao and Taiwan have none).
    for (const core::Region* p : core::Regions().Provinces()) {
      if (!core::Regions().Children(p->code).empty()) out.push_back(p->code);
    }
    return out;
  }
  for (const core::Region* c : core::Regions().Children(assessor)) out.push_back(c->code);
  return out;
}

core::Result<PsaRubric> GetAssessmentRubric(Context& ctx, const Principal& who, int year,
                                            const std::string& assessor) {
  IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kAssessmentRead, "查看平安建设考核"));
  IPE_RETURN_IF_ERROR(CheckYearAndAssessor(ctx, year, assessor));
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  IPE_ASSIGN_OR_RETURN(auto stored, AssessmentStore(*tx).Find(year, assessor));
  if (stored) return *stored;
  PsaRubric r;
  r.year = year;
  r.assessor_region = assessor;
  r.rubric = statistics::DefaultAssessmentRubric();
  r.source_version = r.rubric.version;
  if (assessor != kNational) {
    // Per capita needs the population, known per province: the default's per-capita items are
    // offered as plain figures to a provincial office.
    for (auto& c : r.rubric.criteria) c.per_capita = false;
  }
  return r;
}

core::Result<PsaRubric> SaveAssessmentRubric(Context& ctx, const Principal& who, int year,
                                             const statistics::AssessmentRubric& rubric,
                                             int64_t version) {
  IPE_ASSIGN_OR_RETURN(std::string assessor, OwnAssessor(who, "制定平安建设考核评分细则"));
  IPE_RETURN_IF_ERROR(CheckYearAndAssessor(ctx, year, assessor));
  PsaRubric r;
  r.year = year;
  r.assessor_region = assessor;
  r.rubric = rubric;
  r.rubric.version.clear();
  for (auto& c : r.rubric.criteria) {
    c.key = internal::Trim(c.key);
    c.name = internal::Trim(c.name);
    c.basis = internal::Trim(c.basis);
  }
  IPE_RETURN_IF_ERROR(
      statistics::ValidateRubric(r.rubric, statistics::DefaultIndicators(), assessor == kNational));
  // An indicator not in force in the year cannot be scored: checked by asking for its figure.
  for (size_t i = 0; i < r.rubric.criteria.size(); ++i) {
    const auto& c = r.rubric.criteria[i];
    if (c.manual()) continue;
    const std::string y = std::to_string(year);
    if (!statistics::PlanFigure(statistics::DefaultIndicators(),
                                {c.indicator, y + "-01", y + "-12", "none", {}})) {
      return Invalid("criteria[" + std::to_string(i) + "].indicator",
                     "该指标在 " + y + " 年不适用");
    }
  }
  const core::Timestamp now = ctx.Now();
  r.updated_by = who.actor_id();
  r.updated_by_name = who.display_name.empty() ? who.agency_name : who.display_name;
  r.updated_at = now;
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  AssessmentStore store(*tx);
  IPE_ASSIGN_OR_RETURN(auto before, store.Find(year, assessor, true));
  std::optional<std::string> before_json;
  if (before) {
    if (before->status != "draft")
      return core::FailedPrecondition("该年度考核已公布，评分细则不能再修改");
    if (before->version != version)
      return core::FailedPrecondition("评分细则已被他人修改，请刷新后重试");
    IPE_ASSIGN_OR_RETURN(auto manual, store.ManualPoints(before->id));
    for (const PsaManualPoints& m : manual) {
      for (size_t i = 0; i < r.rubric.criteria.size(); ++i) {
        const auto& c = r.rubric.criteria[i];
        if (c.key == m.criterion_key && c.manual() && m.points > c.max_points * 100) {
          return Invalid("criteria[" + std::to_string(i) + "].max_points",
                         "已有地区在该项得 " + PointsText(m.points) + " 分，高于新的分值");
        }
      }
    }
    r.id = before->id;
    r.source_version = before->source_version;
    r.status = before->status;
    before_json = RubricAudit(*before).dump();
    IPE_RETURN_IF_ERROR(store.Update(r, version));
    std::vector<std::string> manual_keys;
    for (const auto& c : r.rubric.criteria) {
      if (c.manual()) manual_keys.push_back(c.key);
    }
    IPE_RETURN_IF_ERROR(store.DeleteManualPointsNotIn(r.id, manual_keys));
    r.version = version + 1;
  } else {
    if (version != 0) return core::FailedPrecondition("评分细则已被他人修改，请刷新后重试");
    r.source_version = statistics::DefaultAssessmentRubric().version;
    auto id = store.Insert(r);
    if (!id && id.error().code() == core::StatusCode::kAlreadyExists) {
      return core::FailedPrecondition("评分细则已被他人保存，请刷新后重试");
    }
    IPE_RETURN_IF_ERROR(id.status());
    r.id = *id;
    r.version = 1;
  }
  IPE_RETURN_IF_ERROR(AppendAudit(
      *tx, who, now,
      AuditEvent{"psa_rubric.save", "psa_assessment", std::to_string(r.id),
                 "保存 " + std::to_string(year) + " 年平安建设考核评分细则（" + NameOf(assessor) +
                     "，" + std::to_string(r.rubric.criteria.size()) + " 项，满分 " +
                     std::to_string(r.rubric.MaxTotal()) + "）",
                 before_json, RubricAudit(r).dump(), AuditScopeOf(assessor, std::nullopt)}));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return r;
}

core::Result<PsaManualPoints> SetManualPoints(Context& ctx, const Principal& who, int year,
                                              const ManualPointsInput& in) {
  IPE_ASSIGN_OR_RETURN(std::string assessor, OwnAssessor(who, "平安建设考核人工评分"));
  IPE_RETURN_IF_ERROR(CheckYearAndAssessor(ctx, year, assessor));
  const std::string reason = internal::Trim(in.reason);
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  AssessmentStore store(*tx);
  IPE_ASSIGN_OR_RETURN(auto r, store.Find(year, assessor, true));
  if (!r) return core::FailedPrecondition("请先保存该年度的评分细则");
  if (r->status != "draft") return core::FailedPrecondition("该年度考核已公布，不能再评分");
  core::Status st = core::InvalidArgument("人工评分有误 (invalid manual points)");
  const std::vector<std::string> regions = AssessedRegions(assessor);
  if (std::find(regions.begin(), regions.end(), in.region_code) == regions.end()) {
    st.AddFieldError("region_code", "不是本办公室考核的地区");
  }
  const statistics::AssessmentCriterion* c = r->rubric.Find(in.criterion_key);
  if (c == nullptr || !c->manual()) {
    st.AddFieldError("criterion", "不是评分细则中的人工评分项");
  } else if (in.points < 0 || in.points > c->max_points) {
    st.AddFieldError("points", "分数应为 0 至 " + std::to_string(c->max_points) + " 分");
  }
  if (std::string p = internal::TextProblem(reason, core::limits::kDescriptionChars, true);
      !p.empty()) {
    st.AddFieldError("reason", p);
  }
  if (!st.field_errors().empty()) return st;
  IPE_ASSIGN_OR_RETURN(auto manual, store.ManualPoints(r->id));
  std::optional<std::string> before_json;
  for (const PsaManualPoints& m : manual) {
    if (m.region_code == in.region_code && m.criterion_key == in.criterion_key) {
      before_json = nlohmann::json{{"points", PointsText(m.points)}, {"reason", m.reason}}.dump();
    }
  }
  const core::Timestamp now = ctx.Now();
  PsaManualPoints m{in.region_code,
                    in.criterion_key,
                    in.points * 100,
                    reason,
                    who.display_name.empty() ? who.agency_name : who.display_name,
                    now};
  IPE_RETURN_IF_ERROR(store.PutManualPoints(r->id, m, who.actor_id()));
  IPE_RETURN_IF_ERROR(store.Touch(r->id));
  nlohmann::json after{{"region_code", m.region_code},
                       {"criterion", m.criterion_key},
                       {"points", PointsText(m.points)},
                       {"reason", m.reason}};
  IPE_RETURN_IF_ERROR(AppendAudit(
      *tx, who, now,
      AuditEvent{"psa_manual.set", "psa_assessment", std::to_string(r->id),
                 std::to_string(year) + " 年平安建设考核：" + NameOf(m.region_code) + "「" +
                     c->name + "」" + PointsText(m.points) + " 分",
                 before_json, after.dump(), AuditScopeOf(m.region_code, std::nullopt)}));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return m;
}

core::Result<AssessmentBoardView> AssessmentBoard(Context& ctx, const Principal& who, int year,
                                                  const std::string& assessor,
                                                  const PageRequest& page) {
  IPE_ASSIGN_OR_RETURN(PsaRubric rubric, GetAssessmentRubric(ctx, who, year, assessor));
  IPE_RETURN_IF_ERROR(page.Validate());
  AssessmentBoardView view;
  view.rubric = rubric;
  view.level = assessor == kNational ? "province" : "prefecture";
  view.full = Can(who, Capability::kAssessmentManage) &&
              (who.region_code == kNational || core::Regions().IsWithin(who.region_code, assessor));
  view.can_manage = view.full && who.region_code == assessor;
  view.from_month = std::to_string(year) + "-01";
  view.to_month = std::to_string(year) + "-12";
  std::vector<PsaScore> all;
  if (rubric.status == "published") {
    IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
    IPE_ASSIGN_OR_RETURN(all, AssessmentStore(*tx).Scores(rubric.id));
  } else if (view.full) {
    std::vector<PsaManualPoints> manual;
    if (rubric.id != 0) {
      IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
      IPE_ASSIGN_OR_RETURN(manual, AssessmentStore(*tx).ManualPoints(rubric.id));
    }
    IPE_ASSIGN_OR_RETURN(Computed c, Compute(ctx, who, rubric, manual));
    all = std::move(c.scores);
    view.missing = std::move(c.missing);
  }
  if (!view.full) {
    // Others see the line of the region they are in (a Shenzhen officer: 广东省 in the national
    // assessment, 深圳市 in Guangdong's), with its rank among all.
    std::erase_if(all, [&](const PsaScore& s) {
      return !core::Regions().IsWithin(s.region_code, who.region_code);
    });
  }
  view.scores.total = static_cast<int64_t>(all.size());
  view.scores.page = page.page;
  view.scores.page_size = page.page_size;
  for (int64_t i = page.offset(); i < view.scores.total && i < page.offset() + page.page_size;
       ++i) {
    view.scores.items.push_back(std::move(all[static_cast<size_t>(i)]));
  }
  return view;
}

core::Result<PsaRubric> PublishAssessment(Context& ctx, const Principal& who, int year,
                                          int64_t version) {
  IPE_ASSIGN_OR_RETURN(std::string assessor, OwnAssessor(who, "公布平安建设考核结果"));
  IPE_RETURN_IF_ERROR(CheckYearAndAssessor(ctx, year, assessor));
  if (year >= ThisYear(ctx)) return Invalid("year", "年度结束后才能公布考核结果");
  // Read and compute outside the write transaction (QueryFigure opens its own), then check under
  // the lock that nothing changed since (the version).
  PsaRubric r;
  std::vector<PsaManualPoints> manual;
  {
    IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
    AssessmentStore store(*tx);
    IPE_ASSIGN_OR_RETURN(auto found, store.Find(year, assessor));
    if (!found) return core::FailedPrecondition("请先保存该年度的评分细则");
    r = *found;
    IPE_ASSIGN_OR_RETURN(manual, store.ManualPoints(r.id));
  }
  if (r.status != "draft") return core::FailedPrecondition("该年度考核已公布");
  if (r.version != version) return core::FailedPrecondition("考核已被他人修改，请刷新后重试");
  IPE_ASSIGN_OR_RETURN(Computed c, Compute(ctx, who, r, manual));
  const core::Timestamp now = ctx.Now();
  const std::string by = who.display_name.empty() ? who.agency_name : who.display_name;
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  AssessmentStore store(*tx);
  IPE_RETURN_IF_ERROR(store.MarkPublished(r.id, who.actor_id(), by, now, version));
  IPE_RETURN_IF_ERROR(store.InsertScores(r.id, c.scores));
  PsaRubric after = r;
  after.status = "published";
  after.published_by_name = by;
  after.published_at = now;
  after.version = version + 1;
  nlohmann::json audit = RubricAudit(after);
  audit["missing_manual_items"] = c.missing.size();
  nlohmann::json ranking = nlohmann::json::array();
  for (const PsaScore& s : c.scores)
    ranking.push_back(
        {{"region", s.region_code}, {"total", PointsText(s.total)}, {"rank", s.rank}});
  audit["ranking"] = ranking;
  IPE_RETURN_IF_ERROR(AppendAudit(
      *tx, who, now,
      AuditEvent{"psa_assessment.publish", "psa_assessment", std::to_string(r.id),
                 "公布 " + std::to_string(year) + " 年平安建设考核结果（" + NameOf(assessor) +
                     "，" + std::to_string(c.scores.size()) + " 个地区）",
                 RubricAudit(r).dump(), audit.dump(), AuditScopeOf(assessor, std::nullopt)}));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return after;
}

core::Result<FigureExport> ExportAssessment(Context& ctx, const Principal& who, int year,
                                            const std::string& assessor,
                                            const std::string& format) {
  if (format != "csv" && format != "xlsx") return Invalid("format", "csv 或 xlsx");
  IPE_ASSIGN_OR_RETURN(AssessmentBoardView view,
                       AssessmentBoard(ctx, who, year, assessor, PageRequest{1, 200}));
  const auto& criteria = view.rubric.rubric.criteria;
  std::vector<std::string> header = {"排名", "地区", "代码"};
  for (const auto& c : criteria)
    header.push_back(c.name + "（满分" + std::to_string(c.max_points) + "）");
  header.push_back("总分（满分" + std::to_string(view.rubric.rubric.MaxTotal()) + "）");
  const std::string state =
      view.rubric.status == "published" ? "已公布" : "草稿（未公布，按当前数据计算）";
  const std::string note = std::to_string(year) + " 年平安建设考核（打击侵权假冒），" +
                           NameOf(assessor) + "领导小组办公室考核，" + state + "；指标项按 " +
                           view.from_month + " 至 " + view.to_month + " 统计数据计分";
  TableFile table;
  table.base_name = "assessment-" + std::to_string(year) + "-" + assessor;
  table.sheet_name = "考核排名";
  table.note = note;
  table.header = std::move(header);
  for (const PsaScore& s : view.scores.items) {
    std::vector<std::string> line = {std::to_string(s.rank), NameOf(s.region_code), s.region_code};
    for (const PsaItem& i : s.items) line.push_back(PointsText(i.points));
    line.push_back(PointsText(s.total));
    table.lines.push_back(std::move(line));
  }
  table.first_number_column = 3;
  table.number_columns = {0};
  table.column_widths = {8, 16, 10};
  for (size_t i = 0; i <= criteria.size(); ++i) table.column_widths.push_back(18);
  IPE_ASSIGN_OR_RETURN(FigureExport out, WriteTableFile(table, format));
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  IPE_RETURN_IF_ERROR(
      AppendAudit(*tx, who, ctx.Now(),
                  {"export.psa_assessment", "psa_assessment",
                   view.rubric.id ? std::to_string(view.rubric.id) : assessor, "导出" + note,
                   std::nullopt, std::nullopt, AuditScopeOf(assessor, std::nullopt)}));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return out;
}

}  // namespace ipe::app
