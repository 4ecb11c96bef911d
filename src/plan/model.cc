#include "plan/model.h"

#include <algorithm>
#include <set>

namespace ipe::plan {

const char* AssignmentRoleName(AssignmentRole role) {
  return role == AssignmentRole::kLead ? "lead" : "co";
}

std::string ItemKey::ToString() const {
  return std::to_string(section) + "." + std::to_string(task) + "." + std::to_string(item);
}

Assignments DeriveAssignments(const Plan& plan) {
  Assignments out;
  for (const Section& s : plan.sections) {
    for (const Task& t : s.tasks) {
      int ordinal = 0;
      for (const Item& i : t.items) {
        ++ordinal;
        ItemKey key{s.number.value_or(0), t.number.value_or(0), ordinal};
        std::set<std::string> seen;
        for (auto [list, role] : {std::pair{&i.lead, AssignmentRole::kLead},
                                  std::pair{&i.responsible, AssignmentRole::kCo}}) {
          for (const core::AgencyMatch& m : *list) {
            if (!m.resolved()) {
              out.unassigned.push_back({key, m, role});
              continue;
            }
            if (!seen.insert(m.canonical_name).second) continue;  // lead listed first wins
            out.assignments.push_back({key, m.canonical_name, m.region_code, role});
          }
        }
      }
    }
  }
  return out;
}

const char* ReportStatusName(ReportStatus s) {
  switch (s) {
    case ReportStatus::kNotStarted:
      return "not_started";
    case ReportStatus::kInProgress:
      return "in_progress";
    case ReportStatus::kCompleted:
      return "completed";
    case ReportStatus::kBlocked:
      return "blocked";
  }
  return "not_started";
}

const char* ReportStatusLabel(ReportStatus s) {
  switch (s) {
    case ReportStatus::kNotStarted:
      return "未启动";
    case ReportStatus::kInProgress:
      return "推进中";
    case ReportStatus::kCompleted:
      return "已完成";
    case ReportStatus::kBlocked:
      return "受阻";
  }
  return "未启动";
}

core::Result<ReportStatus> ParseReportStatus(std::string_view text) {
  for (ReportStatus s : {ReportStatus::kNotStarted, ReportStatus::kInProgress,
                         ReportStatus::kCompleted, ReportStatus::kBlocked}) {
    if (text == ReportStatusName(s) || text == ReportStatusLabel(s)) return s;
  }
  return core::InvalidArgument("未知的进展状态 (unknown report status): " + std::string(text));
}

namespace {

core::Date LastDayOfMonth(int year, int month) {
  int next_year = month == 12 ? year + 1 : year;
  unsigned next_month = month == 12 ? 1 : static_cast<unsigned>(month + 1);
  return core::Date::FromCivil(next_year, next_month, 1).AddDays(-1);
}

}  // namespace

core::Result<Period> MonthOf(int year, int month) {
  if (month < 1 || month > 12) return core::InvalidArgument("月份须为 1–12 (month 1–12)");
  return Period{core::Date::FromCivil(year, static_cast<unsigned>(month), 1),
                LastDayOfMonth(year, month)};
}

core::Result<Period> QuarterOf(int year, int quarter) {
  if (quarter < 1 || quarter > 4) return core::InvalidArgument("季度须为 1–4 (quarter 1–4)");
  int first_month = (quarter - 1) * 3 + 1;
  return Period{core::Date::FromCivil(year, static_cast<unsigned>(first_month), 1),
                LastDayOfMonth(year, first_month + 2)};
}

core::Result<Period> HalfOf(int year, int half) {
  if (half < 1 || half > 2) return core::InvalidArgument("半年须为 1 或 2 (half 1 or 2)");
  int first_month = half == 1 ? 1 : 7;
  return Period{core::Date::FromCivil(year, static_cast<unsigned>(first_month), 1),
                LastDayOfMonth(year, first_month + 5)};
}

Period YearOf(int year) {
  return {core::Date::FromCivil(year, 1, 1), core::Date::FromCivil(year, 12, 31)};
}

bool IsOverdue(core::Date due, const std::vector<Report>& reports, core::Date today) {
  if (today <= due) return false;
  return std::none_of(reports.begin(), reports.end(),
                      [today](const Report& r) { return r.submitted <= today; });
}

ReportStatus LatestStatus(const std::vector<Report>& reports) {
  const Report* latest = nullptr;
  for (const Report& r : reports) {
    if (latest == nullptr || !(r.submitted < latest->submitted)) latest = &r;
  }
  return latest ? latest->status : ReportStatus::kNotStarted;
}

std::optional<int> CompletionPermille(const std::vector<ReportStatus>& latest) {
  if (latest.empty()) return std::nullopt;
  auto done = std::count(latest.begin(), latest.end(), ReportStatus::kCompleted);
  return static_cast<int>(done * 1000 / static_cast<long>(latest.size()));
}

core::Status Rubric::Validate() const {
  if (criteria.empty()) return core::InvalidArgument("评分细则为空 (empty rubric)");
  std::set<std::string> ids;
  for (const RubricCriterion& c : criteria) {
    if (c.id.empty()) return core::InvalidArgument("评分项缺少标识 (criterion without id)");
    if (!ids.insert(c.id).second) {
      return core::InvalidArgument("评分项重复 (duplicate criterion): " + c.id);
    }
    if (c.max_points <= 0) {
      return core::InvalidArgument("评分项满分须大于 0 (max points must be positive): " + c.id);
    }
  }
  return core::Status::Ok();
}

int Rubric::MaxTotal() const {
  int total = 0;
  for (const RubricCriterion& c : criteria) total += c.max_points;
  return total;
}

core::Result<int> Total(const Rubric& rubric, const Score& score) {
  int total = 0;
  for (const auto& [id, points] : score.points) {
    auto it = std::find_if(rubric.criteria.begin(), rubric.criteria.end(),
                           [&id = id](const RubricCriterion& c) { return c.id == id; });
    if (it == rubric.criteria.end()) {
      return core::InvalidArgument("未知评分项 (unknown criterion): " + id);
    }
    if (points < 0 || points > it->max_points) {
      return core::InvalidArgument("得分超出范围 (points out of range): " + id + " = " +
                                   std::to_string(points));
    }
    total += points;
  }
  return total;
}

core::Result<std::vector<RankEntry>> Rank(const Rubric& rubric, const std::vector<Score>& scores) {
  IPE_RETURN_IF_ERROR(rubric.Validate());
  std::vector<RankEntry> out;
  std::set<std::string> agencies;
  for (const Score& s : scores) {
    if (!agencies.insert(s.agency).second) {
      return core::InvalidArgument("同一单位重复评分 (agency scored twice): " + s.agency);
    }
    IPE_ASSIGN_OR_RETURN(int total, Total(rubric, s));
    out.push_back({s.agency, total, 0});
  }
  std::sort(out.begin(), out.end(), [](const RankEntry& a, const RankEntry& b) {
    return a.total != b.total ? a.total > b.total : a.agency < b.agency;
  });
  for (size_t i = 0; i < out.size(); ++i) {
    out[i].rank =
        (i > 0 && out[i].total == out[i - 1].total) ? out[i - 1].rank : static_cast<int>(i) + 1;
  }
  return out;
}

}  // namespace ipe::plan
