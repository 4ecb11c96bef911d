#include "app/statistics/statistics.h"

#include <cstdlib>
#include <set>

#include "app/accounts/audit.h"
#include "app/cases/cases.h"
#include "app/credit/credit.h"
#include "app/monitoring/monitoring.h"
#include "app/permissions.h"
#include "complaints/complaints.h"
#include "core/csv.h"
#include "core/region.h"
#include "custody/destruction.h"
#include "custody/ledger.h"
#include "rules/lead_workflow.h"
#include "rules/pack.h"
#include "rules/transfer_workflow.h"
#include "sheet/sheet.h"

namespace ipe::app {

namespace {

using statistics::FigureRow;

std::string RegionLabel(const std::string& code) {
  if (code == kNationalRegion) return "全国";
  const core::Region* r = core::Regions().Find(code);
  return r ? r->name : code;
}

std::string PeriodLabel(const std::string& key) {
  if (key.size() == 4) return key + "年";
  if (key.size() == 7 && key[5] == 'Q') return key.substr(0, 4) + "年第" + key.substr(6) + "季度";
  if (key.size() == 7) return key.substr(0, 4) + "年" + std::to_string(std::atoi(key.c_str() + 5)) + "月";
  return key;
}

// The scope of a figure: the viewer's, narrowed by the query's region and agency.
core::Result<StatScope> ScopeOf(const Principal& who, const FigureQuery& q) {
  StatScope scope;
  scope.region = who.region_code;
  if (q.region) {
    if (!core::Regions().Find(*q.region) && *q.region != kNationalRegion) {
      return core::Status(core::InvalidArgument("行政区划代码有误 (bad region)"))
          .AddFieldError("region", "没有这个行政区划");
    }
    if (!RegionWithin(who.region_code, *q.region)) {
      return core::PermissionDenied("该地区不在您的管辖范围内 (region outside your scope)");
    }
    scope.region = *q.region;
  }
  if (!SeesWholeRegion(who)) {
    if (q.agency_id && *q.agency_id != who.agency_id) {
      return core::PermissionDenied("只能查看本机构的统计 (own agency only)");
    }
    scope.agency = who.agency_id;
  } else if (q.agency_id) {
    scope.agency = *q.agency_id;
  }
  return scope;
}

core::Status RequireRead(const Principal& who) {
  return RequireCapability(who, Capability::kStatisticsRead, "查看统计");
}

}  // namespace

core::Result<const statistics::IndicatorSet*> ListIndicators(const Principal& who) {
  IPE_RETURN_IF_ERROR(RequireRead(who));
  return &statistics::DefaultIndicators();
}

std::string DimensionValueLabel(const std::string& dim, const std::string& code) {
  if (code.empty()) return "未填写";
  if (dim == "province" || dim == "prefecture" || dim == "county" || dim == "region") {
    return RegionLabel(code);
  }
  if (dim == "month" || dim == "quarter" || dim == "year") return PeriodLabel(code);
  if (dim == "category") return LabelOrCode(CaseCategories(), code);
  if (dim == "sales_channel") return LabelOrCode(CaseChannels(), code);
  if (dim == "trade_flow") return LabelOrCode(CaseTrades(), code);
  if (dim == "goods_class") return LabelOrCode(GoodsClasses(), code);
  if (dim == "campaign") return code;  // the tag itself (铁拳2025)
  if (dim == "platform") return LabelOrCode(Platforms(), code);
  if (dim == "disclosure_status") return LabelOrCode(DisclosureStatuses(), code);
  if (dim == "conduct") {
    auto c = rules::ConductFromKey(code);
    return c ? rules::InfoOf(*c).act_zh : code;
  }
  if (dim == "transfer_status") {
    auto s = rules::ParseTransferStatus(code);
    return s ? std::string(rules::TransferStatusLabel(*s)) : code;
  }
  if (dim == "lead_status") {
    auto s = rules::ParseLeadStatus(code);
    return s ? std::string(rules::LeadStatusLabel(*s)) : code;
  }
  if (dim == "channel") {
    for (const complaints::Channel& c : complaints::Channels()) {
      if (code == c.code) return c.label;
    }
    return code;
  }
  if (dim == "complaint_kind") {
    auto k = complaints::ParseKind(code);
    return k ? complaints::KindLabel(*k) : code;
  }
  if (dim == "complaint_subject") {
    const complaints::Subject* s = complaints::FindSubject(code);
    return s ? s->label : code;
  }
  if (dim == "complaint_status") {
    auto s = complaints::ParseStatus(code);
    return s ? complaints::StatusLabel(complaints::Kind::kComplaint, *s) : code;
  }
  if (dim == "goods_category") {
    const custody::ItemCategory* c = custody::DefaultDestructionRules().FindCategory(code);
    return c ? c->title : code;
  }
  if (dim == "quantity_unit") {
    const char* name = custody::UnitName(code);
    return name ? name : code;
  }
  const std::string* label = statistics::DefaultIndicators().LabelOf(dim, code);
  return label ? *label : code;
}

std::vector<std::pair<std::string, std::string>> DimensionValues(const std::string& dim) {
  std::vector<std::pair<std::string, std::string>> out;
  auto from = [&](const std::vector<CodeLabel>& table) {
    for (const CodeLabel& c : table) out.emplace_back(c.code, c.name_zh);
  };
  if (dim == "category") {
    from(CaseCategories());
  } else if (dim == "sales_channel") {
    from(CaseChannels());
  } else if (dim == "trade_flow") {
    from(CaseTrades());
  } else if (dim == "goods_class") {
    from(GoodsClasses());
  } else if (dim == "platform") {
    from(Platforms());
  } else if (dim == "disclosure_status") {
    from(DisclosureStatuses());
  } else if (dim == "conduct") {
    for (const rules::ConductInfo& c : rules::Conducts()) out.emplace_back(c.key, c.act_zh);
  } else if (dim == "channel") {
    for (const complaints::Channel& c : complaints::Channels()) out.emplace_back(c.code, c.label);
  } else if (dim == "complaint_kind") {
    for (complaints::Kind k : {complaints::Kind::kComplaint, complaints::Kind::kReport}) {
      out.emplace_back(complaints::KindName(k), complaints::KindLabel(k));
    }
  } else if (dim == "complaint_subject") {
    for (const complaints::Subject& c : complaints::Subjects()) out.emplace_back(c.code, c.label);
  } else if (dim == "goods_category") {
    for (const custody::ItemCategory& c : custody::DefaultDestructionRules().categories) {
      out.emplace_back(c.key, c.title);
    }
  } else if (dim == "quantity_unit") {
    for (const custody::QuantityUnit& u : custody::QuantityUnits()) out.emplace_back(u.key, u.name_zh);
  } else if (auto it = statistics::DefaultIndicators().labels.find(dim);
             it != statistics::DefaultIndicators().labels.end()) {
    for (const auto& [code, label] : it->second) out.emplace_back(code, label);
  }
  return out;
}

core::Result<Figure> QueryFigure(Context& ctx, const Principal& who, const FigureQuery& query) {
  IPE_RETURN_IF_ERROR(RequireRead(who));
  IPE_ASSIGN_OR_RETURN(auto plan, statistics::PlanFigure(statistics::DefaultIndicators(), query.request));
  IPE_ASSIGN_OR_RETURN(StatScope scope, ScopeOf(who, query));
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  StatisticsStore store(*tx);
  std::vector<std::vector<statistics::CellRow>> legs;
  for (const statistics::CellQuery& leg : plan.legs) {
    IPE_ASSIGN_OR_RETURN(auto rows, query.from_records
                                        ? store.ReadLegFromRecords(leg, scope, plan.from_month, plan.to_month)
                                        : store.ReadLeg(leg, scope, plan.from_month, plan.to_month));
    legs.push_back(std::move(rows));
  }
  Figure f;
  std::vector<FigureRow> rows = statistics::Combine(plan, legs);
  f.total = statistics::Total(plan, rows);
  std::set<int64_t> agency_ids;
  if (scope.agency) agency_ids.insert(*scope.agency);
  const bool by_agency = plan.group == "agency";
  if (by_agency) {
    for (const FigureRow& r : rows) agency_ids.insert(std::atoll(r.key.c_str()));
  }
  IPE_ASSIGN_OR_RETURN(auto names, store.AgencyNames({agency_ids.begin(), agency_ids.end()}));
  for (FigureRow& r : rows) {
    std::string label;
    if (by_agency) {
      auto it = names.find(std::atoll(r.key.c_str()));
      label = it != names.end() ? it->second : "未分派机构";
    } else if (plan.group != "none") {
      label = DimensionValueLabel(plan.group, r.key);
    }
    f.rows.push_back({std::move(r), std::move(label)});
  }
  f.scope_label = RegionLabel(scope.region);
  if (scope.agency) {
    auto it = names.find(*scope.agency);
    f.scope_label += " · " + (it != names.end() ? it->second : std::string("本机构"));
  }
  f.plan = std::move(plan);
  f.scope = std::move(scope);
  return f;
}

core::Result<Page<StatRecord>> FigureRecords(Context& ctx, const Principal& who, const FigureQuery& query,
                                             const std::optional<std::string>& group_key, bool denominator,
                                             const PageRequest& page) {
  IPE_RETURN_IF_ERROR(RequireRead(who));
  IPE_RETURN_IF_ERROR(page.Validate());
  IPE_ASSIGN_OR_RETURN(auto plan, statistics::PlanFigure(statistics::DefaultIndicators(), query.request));
  if (plan.fold != statistics::Fold::kNone && group_key) {
    return core::Status(core::InvalidArgument("按季度或年度分组的数字请按月查看明细 (drill into months)"))
        .AddFieldError("group", "查看明细时请按月分组");
  }
  if (denominator && plan.legs.size() < 2) {
    return core::Status(core::InvalidArgument("该指标不是比率 (not a rate)"))
        .AddFieldError("part", "该指标没有分母");
  }
  IPE_ASSIGN_OR_RETURN(StatScope scope, ScopeOf(who, query));
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  return StatisticsStore(*tx).Records(plan.legs[denominator ? 1 : 0], scope, plan.from_month,
                                      plan.to_month, group_key, page);
}

core::Result<FigureExport> WriteTableFile(const TableFile& table, const std::string& format) {
  FigureExport out;
  if (format == "csv") {
    out.body = "\xEF\xBB\xBF" + core::CsvLine({table.note});
    out.body += core::CsvLine(table.header);
    for (const auto& line : table.lines) out.body += core::CsvLine(line);
    out.content_type = "text/csv; charset=utf-8";
    out.filename = table.base_name + ".csv";
    return out;
  }
  sheet::Sheet data;
  data.name = table.sheet_name;
  sheet::Row head;
  for (const std::string& h : table.header) head.push_back(sheet::Cell::Text(h));
  data.rows.push_back(std::move(head));
  for (const auto& line : table.lines) {
    sheet::Row row;
    for (size_t i = 0; i < line.size(); ++i) {
      const bool number = (i >= table.first_number_column || table.number_columns.count(i) > 0) && !line[i].empty();
      row.push_back(number ? sheet::Cell::Number(std::stod(line[i])) : sheet::Cell::Text(line[i]));
    }
    data.rows.push_back(std::move(row));
  }
  data.rows.push_back({});
  data.rows.push_back({sheet::Cell::Text(table.note)});
  data.column_widths = table.column_widths;
  IPE_ASSIGN_OR_RETURN(out.body, sheet::WriteXlsx({data}));
  out.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  out.filename = table.base_name + ".xlsx";
  return out;
}

core::Result<FigureExport> ExportFigure(Context& ctx, const Principal& who, const FigureQuery& query,
                                        const std::string& format) {
  if (format != "csv" && format != "xlsx") {
    return core::Status(core::InvalidArgument("导出格式应为 csv 或 xlsx (bad format)"))
        .AddFieldError("format", "csv 或 xlsx");
  }
  IPE_ASSIGN_OR_RETURN(Figure f, QueryFigure(ctx, who, query));
  const statistics::Indicator& ind = *f.plan.indicator;
  const bool rate = f.plan.legs.size() == 2;
  std::vector<std::string> header = {"分组", "代码", ind.name_zh + "（" + ind.unit + "）"};
  if (rate) {
    header.push_back("分子");
    header.push_back("分母");
  }
  auto value_text = [&](const FigureRow& r) -> std::string {
    if (!r.value) return "";
    if (!rate) return std::to_string(*r.value);
    int64_t bp = *r.value;  // basis points → percent with two decimals
    std::string frac = std::to_string(bp % 100);
    return std::to_string(bp / 100) + "." + (frac.size() < 2 ? "0" + frac : frac);
  };
  std::vector<std::vector<std::string>> lines;
  for (const LabelledRow& r : f.rows) {
    std::vector<std::string> line = {r.label.empty() ? "合计" : r.label, r.row.key, value_text(r.row)};
    if (rate) {
      line.push_back(std::to_string(r.row.numerator));
      line.push_back(std::to_string(r.row.denominator.value_or(0)));
    }
    lines.push_back(std::move(line));
  }
  if (f.plan.group != "none") {
    std::vector<std::string> total = {"合计", "", value_text(f.total)};
    if (rate) {
      total.push_back(std::to_string(f.total.numerator));
      total.push_back(std::to_string(f.total.denominator.value_or(0)));
    }
    lines.push_back(std::move(total));
  }
  std::string note = ind.name_zh + "，" + f.plan.from_month + " 至 " + f.plan.to_month + "，" + f.scope_label +
                     (ind.unit == "元" ? "；金额单位为分" : "") + (rate ? "；比率为百分数" : "");
  TableFile table;
  table.base_name = "statistics-" + ind.key + "-" + f.plan.from_month + "-" + f.plan.to_month;
  table.sheet_name = "统计";
  table.note = note;
  table.header = header;
  table.lines = std::move(lines);
  table.first_number_column = 2;
  table.column_widths = {24, 12, 24, 12, 12};
  IPE_ASSIGN_OR_RETURN(FigureExport out, WriteTableFile(table, format));
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  IPE_RETURN_IF_ERROR(AppendAudit(*tx, who, ctx.Now(),
                                  {"export.statistics", "statistics", ind.key,
                                   "导出统计：" + note, std::nullopt, std::nullopt,
                                   AuditScopeOf(f.scope.region, f.scope.agency)}));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return out;
}

core::Result<CellDifferences> RebuildStatistics(Context& ctx, const Principal& who) {
  IPE_RETURN_IF_ERROR(RequireAnyRole(who, {Role::kAdmin}, "重算统计汇总"));
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  StatisticsStore store(*tx);
  IPE_RETURN_IF_ERROR(store.InstallTriggers());
  IPE_ASSIGN_OR_RETURN(CellDifferences done, store.Recompute());
  IPE_RETURN_IF_ERROR(AppendAudit(*tx, who, ctx.Now(),
                                  {"statistics.rebuild", "statistics", "stat_cells",
                                   "重算统计汇总：" + std::to_string(done.cells) + " 个单元，改写 " +
                                       std::to_string(done.changed) + " 个，删除 " + std::to_string(done.dropped) + " 个",
                                   std::nullopt, std::nullopt}));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return done;
}

}  // namespace ipe::app
