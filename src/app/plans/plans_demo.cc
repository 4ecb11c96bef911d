// Demo work plan (演示工作要点): the 2020 national plan (data/plans/, compiled in) imported through
// the real use cases, with due dates, reports in several states (one 受阻, one overdue), a 督办
// notice, a rubric and 2020 scores (two agencies tie). Narratives say they are demo data.
#include <map>
#include <string_view>
#include <tuple>
#include <vector>

#include "app/accounts/accounts.h"
#include "app/plans/plans.h"

namespace ipe::embedded {
extern const char kPlan2020NationalText[];
extern const unsigned long kPlan2020NationalText_size;
}  // namespace ipe::embedded

namespace ipe::app {
namespace {

core::Status DemoError(const std::string& what, const core::Status& st) {
  return core::Status(st.code(), "演示工作要点 (demo plan) " + what + ": " + st.ToString());
}

}  // namespace

core::Status LoadPlansDemo(Context& ctx) {
  Principal system = Principal::System();
  PlanImportInput in;
  in.text = std::string(embedded::kPlan2020NationalText, embedded::kPlan2020NationalText_size);
  in.region_code = kNationalRegion;
  in.source_name = "2020-national-work-plan.txt";
  auto imported = ImportPlan(ctx, system, in);
  if (!imported) {
    // Already there: the demo ran before (idempotent).
    if (imported.error().code() == core::StatusCode::kAlreadyExists) return core::Status::Ok();
    return DemoError("import", imported.error());
  }
  int64_t plan_id = imported->plan.id;

  PageRequest all{1, 200};
  std::vector<PlanAssignment> assignments;
  for (int64_t page = 1;; ++page) {
    all.page = page;
    auto p = ListAssignments(ctx, system, plan_id, {}, all);
    if (!p) return DemoError("assignments", p.error());
    for (auto& a : p->items) assignments.push_back(std::move(a));
    if (page * all.page_size >= p->total) break;
  }
  auto find = [&](std::string_view agency, std::string_view key) -> const PlanAssignment* {
    for (const PlanAssignment& a : assignments) {
      if (a.agency_name == agency && a.item_key == key) return &a;
    }
    return nullptr;
  };

  auto cnipa = PrincipalForLogin(ctx, "cnipa_officer");
  auto office = PrincipalForLogin(ctx, "office");
  if (!cnipa || !office) {
    return core::FailedPrecondition("演示工作要点需要演示用户 cnipa_officer 与 office");
  }

  struct DemoReport {
    const char* agency;
    const char* key;
    bool due;                                                                // due date 2020-12-31
    std::vector<std::tuple<const char*, const char*, const char*>> reports;  // period, status, text
    std::map<std::string, int64_t> figures;                                  // on the last report
  };
  const std::vector<DemoReport> kReports = {
      {"国家知识产权局",
       "2.8.1",
       true,
       {{"2020-H1", "in_progress",
         "【演示数据】已印发商标专用权保护专项工作方案，组织各地开展恶意商标注册申请排查。"},
        {"2020", "completed",
         "【演示数据】全年任务已完成：商标侵权案件查处指导、驰名商标保护和恶意注册打击工作按计划推"
         "进。"}},
       {{"guidance_documents", 3}}},
      {"国家知识产权局",
       "2.9.1",
       true,
       {{"2020-Q3", "in_progress",
         "【演示数据】专利侵权纠纷行政裁决试点扩大至更多省份，裁决规范尚在征求意见。"}},
       {}},
      {"海关总署",
       "6.31.3",
       false,
       {{"2020-Q2", "blocked",
         "【演示数据】境外执法机构联络受疫情影响中断，联合执法行动推迟，需领导小组办公室协调。"}},
       {}},
      {"公安部",
       "3.16.1",
       true,
       {{"2020", "completed", "【演示数据】全年组织开展打击侵权假冒犯罪专项行动，任务完成。"}},
       {{"operations", 2}}},
      {"最高人民检察院",
       "3.17.1",
       false,
       {{"2020-H1", "in_progress",
         "【演示数据】推进知识产权刑事、民事、行政检察职能集中统一履行试点。"}},
       {}},
      {"国家市场监督管理总局",
       "1.5.1",
       true,
       {{"2020", "completed", "【演示数据】重点市场监管任务完成，问题市场整治按计划销号。"}},
       {}},
  };
  const core::Date due = core::Date::FromCivil(2020, 12, 31);
  const PlanAssignment* overdue = nullptr;
  for (const DemoReport& d : kReports) {
    const PlanAssignment* a = find(d.agency, d.key);
    if (!a)
      return core::FailedPrecondition(std::string("演示工作要点缺少责任分工: ") + d.agency + " " +
                                      d.key);
    if (d.due) {
      auto set = SetAssignmentDueDate(ctx, system, a->id, due);
      if (!set) return DemoError("due date", set.error());
    }
    const Principal& by = std::string_view(d.agency) == "国家知识产权局" ? *cnipa : *office;
    for (size_t i = 0; i < d.reports.size(); ++i) {
      const auto& [period, status, text] = d.reports[i];
      // A clock set before the period (tests) skips the report rather than failing the demo.
      if (ParsePlanPeriod(period)->first > core::LocalDate(ctx.Now())) continue;
      NewReport r;
      r.period = period;
      r.status = status;
      r.narrative = text;
      if (i + 1 == d.reports.size()) r.figures = d.figures;
      auto submitted = SubmitReport(ctx, by, a->id, r);
      if (!submitted) return DemoError(std::string("report ") + d.key, submitted.error());
    }
    if (std::string_view(d.key) == "2.9.1") overdue = a;
  }

  NewNotice notice;
  notice.kind = "supervision";
  notice.agency_id = overdue->agency_id;
  notice.assignment_id = overdue->id;
  notice.title = "关于加快推进专利侵权纠纷行政裁决工作的督办通知（演示数据）";
  notice.text =
      "你单位负责的专利侵权纠纷行政裁决工作已超过完成时限，请于 2021 年 1 月 31 日前报送完成情况。";
  notice.due_date = core::Date::FromCivil(2021, 1, 31);
  if (auto n = CreateNotice(ctx, system, plan_id, notice); !n)
    return DemoError("notice", n.error());

  PlanRubric rubric;
  rubric.criteria = {
      {"progress", "任务进展", 40}, {"effect", "工作成效", 40}, {"reporting", "报送及时", 20}};
  if (auto r = PutRubric(ctx, system, plan_id, rubric); !r) return DemoError("rubric", r.error());
  struct DemoScore {
    const char* agency;
    int64_t progress, effect, reporting;
  };
  // 国家知识产权局 and 海关总署 tie at 80 and share rank 3.
  const DemoScore kScores[] = {{"公安部", 38, 35, 17},
                               {"国家市场监督管理总局", 36, 34, 18},
                               {"国家知识产权局", 35, 30, 15},
                               {"海关总署", 30, 30, 20}};
  for (const DemoScore& s : kScores) {
    int64_t agency_id = 0;
    for (const PlanAssignment& a : assignments) {
      if (a.agency_name == s.agency) agency_id = a.agency_id;
    }
    NewScore score;
    score.period = "2020";
    score.agency_id = agency_id;
    score.points = {{"progress", s.progress}, {"effect", s.effect}, {"reporting", s.reporting}};
    score.comment = "演示数据";
    if (auto r = PutScore(ctx, system, plan_id, score); !r) return DemoError("score", r.error());
  }
  return core::Status::Ok();
}

}  // namespace ipe::app
