// The work-plan matrix as an .xlsx workbook (sheet::WriteXlsx), audited as an export.
#include <map>
#include <nlohmann/json.hpp>

#include "app/accounts/audit.h"
#include "app/plans/plans.h"
#include "sheet/sheet.h"

namespace ipe::app {
namespace {

struct StatusStyle {
  const char* status;
  const char* label;
  sheet::Rgb fill;
};

// Light fills so that the text stays readable when printed; the same order as the cell rule.
constexpr StatusStyle kStyles[] = {
    {"blocked", "受阻", 0xF4B183},       {"overdue", "逾期", 0xF8CBAD},
    {"not_started", "未启动", 0xEDEDED}, {"in_progress", "推进中", 0xBDD7EE},
    {"completed", "已完成", 0xC6EFCE},
};

const StatusStyle& StyleOf(const std::string& status) {
  for (const StatusStyle& s : kStyles) {
    if (status == s.status) return s;
  }
  return kStyles[2];
}

const char* RoleLabel(const std::string& role) { return role == "lead" ? "牵头" : "配合"; }

}  // namespace

core::Result<MatrixExport> ExportMatrixXlsx(Context& ctx, const Principal& who, int64_t plan_id,
                                            const std::optional<std::string>& period) {
  IPE_ASSIGN_OR_RETURN(PlanMatrix m, GetMatrix(ctx, who, plan_id, period));
  IPE_ASSIGN_OR_RETURN(PlanDetail plan, GetPlan(ctx, who, plan_id));

  sheet::Sheet matrix{.name = "任务矩阵"};
  sheet::Row header = {sheet::Cell::Text("任务")};
  std::map<int64_t, size_t> column;  // agency id -> column
  for (const auto& [id, name] : m.agencies) {
    column[id] = header.size();
    header.push_back(sheet::Cell::Text(name));
  }
  matrix.rows.push_back(std::move(header));
  matrix.column_widths.push_back(40);
  matrix.column_widths.resize(m.agencies.size() + 1, 14);
  std::map<int64_t, size_t> row_of;  // task number -> row
  for (const auto& [number, title] : m.tasks) {
    row_of[number] = matrix.rows.size();
    sheet::Row row(m.agencies.size() + 1);
    row[0] = sheet::Cell::Text("（" + std::to_string(number) + "）" + title);
    matrix.rows.push_back(std::move(row));
  }
  for (const MatrixCell& c : m.cells) {
    auto r = row_of.find(c.task);
    if (r == row_of.end()) continue;
    const StatusStyle& style = StyleOf(c.status);
    matrix.rows[r->second][column.at(c.agency_id)] =
        sheet::Cell::Text(std::string(RoleLabel(c.role)) + "·" + style.label, style.fill);
  }

  sheet::Sheet detail{.name = "责任分工"};
  detail.rows.push_back({sheet::Cell::Text("条目"), sheet::Cell::Text("任务"),
                         sheet::Cell::Text("单位"), sheet::Cell::Text("分工"),
                         sheet::Cell::Text("完成时限"), sheet::Cell::Text("最新进展"),
                         sheet::Cell::Text("是否逾期"), sheet::Cell::Text("内容")});
  detail.column_widths = {10, 30, 24, 8, 12, 10, 10, 80};
  for (const auto& s : plan.tree) {
    for (const auto& t : s.tasks) {
      for (const auto& i : t.items) {
        for (const auto& a : i.assignments) {
          std::string status = a.latest_status;
          const StatusStyle& style = StyleOf(status);
          detail.rows.push_back(
              {sheet::Cell::Text(i.key), sheet::Cell::Text(t.title),
               sheet::Cell::Text(a.agency_name), sheet::Cell::Text(RoleLabel(a.role)),
               a.due_date ? sheet::Cell::Date(a.due_date->ToString()) : sheet::Cell::Empty(),
               sheet::Cell::Text(style.label, style.fill),
               a.overdue ? sheet::Cell::Text("逾期", StyleOf("overdue").fill)
                         : sheet::Cell::Text("否"),
               sheet::Cell::Text(i.text)});
        }
      }
    }
  }

  sheet::Sheet legend{.name = "图例"};
  legend.rows.push_back({sheet::Cell::Text("状态"), sheet::Cell::Text("说明")});
  legend.column_widths = {12, 60};
  for (const StatusStyle& s : kStyles) {
    legend.rows.push_back({sheet::Cell::Text(s.label, s.fill), sheet::Cell::Text(s.status)});
  }
  legend.rows.push_back({sheet::Cell::Text("单元格取值"),
                         sheet::Cell::Text("任务中该单位各条目的最差状态：受阻 > 逾期 > 未启动 > "
                                           "推进中 > 已完成；任一条目牵头即为牵头")});
  legend.rows.push_back({sheet::Cell::Text("工作要点"), sheet::Cell::Text(plan.summary.title)});
  legend.rows.push_back(
      {sheet::Cell::Text("期间"), sheet::Cell::Text(m.period.empty() ? "全部" : m.period)});
  legend.rows.push_back({sheet::Cell::Text("导出时间"), sheet::Cell::Text(ctx.Now().ToString())});

  IPE_ASSIGN_OR_RETURN(std::string bytes, sheet::WriteXlsx({matrix, detail, legend}));
  nlohmann::json after = {{"plan_id", plan_id},
                          {"period", m.period},
                          {"tasks", m.tasks.size()},
                          {"agencies", m.agencies.size()},
                          {"bytes", bytes.size()}};
  IPE_RETURN_IF_ERROR(storage::InTransaction(ctx.db(), [&](storage::Tx& tx) {
    return AppendAudit(tx, who, ctx.Now(),
                       {"export.plan_matrix", "plan", std::to_string(plan_id),
                        "导出任务矩阵 XLSX（" + std::to_string(m.tasks.size()) + " 项任务 × " +
                            std::to_string(m.agencies.size()) + " 个单位）",
                        std::nullopt, after.dump(),
                        AuditScopeOf(plan.summary.region_code, std::nullopt)});
  }));
  std::string filename = "工作要点任务矩阵-" + std::to_string(plan_id);
  if (!m.period.empty()) filename += "-" + m.period;
  return MatrixExport{filename + ".xlsx", std::move(bytes)};
}

}  // namespace ipe::app
