// 年度数字公开 use cases (publication.h).
#include "app/statistics/publication.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "app/accounts/audit.h"
#include "app/internal/text.h"
#include "app/permissions.h"
#include "app/statistics/cooperation.h"
#include "app/statistics/statistics.h"
#include "core/limits.h"
#include "core/region.h"
#include "statistics/publication.h"

namespace ipe::app {

namespace {

// The provinces of the snapshot: those with agencies here (Hong Kong, Macao and Taiwan have none).
std::vector<std::string> Provinces() {
  std::vector<std::string> out;
  for (const core::Region* p : core::Regions().Provinces()) {
    if (!core::Regions().Children(p->code).empty()) out.push_back(p->code);
  }
  return out;
}

nlohmann::json AuditJson(const Publication& p) {
  nlohmann::json inds = nlohmann::json::array();
  for (const PublishedIndicator& i : p.indicators) inds.push_back(i.key);
  return {{"id", p.id},         {"year", p.year},   {"status", p.status}, {"threshold", p.threshold},
          {"indicators", inds}, {"note", p.note},   {"cells", p.cells.size()},
          {"withdraw_reason", p.withdraw_reason}};
}

}  // namespace

core::Result<Publication> PublishAnnualFigures(Context& ctx, const Principal& who, const PublicationInput& in) {
  IPE_RETURN_IF_ERROR(RequireNationalOffice(who, Capability::kStatisticsPublish, "公开年度统计数字"));
  const statistics::PublicationRules& rules = statistics::DefaultPublicationRules();
  const statistics::IndicatorSet& set = statistics::DefaultIndicators();
  const core::Timestamp now = ctx.Now();
  const int this_year = core::LocalDate(now).Year();
  core::Status st = core::InvalidArgument("年度数字公开参数有误 (invalid publication)");
  if (in.year < 2000 || in.year >= this_year) {
    st.AddFieldError("year", "只能公开已结束的年度（2000 至 " + std::to_string(this_year - 1) + " 年）");
  }
  std::vector<std::string> keys = in.indicators.empty() ? rules.indicators : in.indicators;
  for (const std::string& k : keys) {
    if (std::find(rules.indicators.begin(), rules.indicators.end(), k) == rules.indicators.end()) {
      st.AddFieldError("indicators", "该指标不在可公开之列：" + k);
    }
  }
  for (size_t i = 0; i < keys.size(); ++i) {
    if (std::find(keys.begin(), keys.begin() + static_cast<long>(i), keys[i]) != keys.begin() + static_cast<long>(i)) {
      st.AddFieldError("indicators", "指标重复：" + keys[i]);
    }
  }
  const int64_t threshold = in.threshold.value_or(rules.suppress_below);
  if (threshold < rules.min_threshold || threshold > rules.max_threshold) {
    st.AddFieldError("threshold", "小数字抑制阈值应在 " + std::to_string(rules.min_threshold) + " 至 " +
                                      std::to_string(rules.max_threshold) + " 之间");
  }
  std::string note = internal::Trim(in.note);
  if (std::string p = internal::TextProblem(note, core::limits::kDescriptionChars, false); !p.empty()) {
    st.AddFieldError("note", p);
  }
  if (!st.field_errors().empty()) return st;

  Publication pub;
  pub.year = in.year;
  pub.status = "published";
  pub.threshold = threshold;
  pub.rules_version = rules.version;
  pub.note = note;
  pub.published_by = who.actor_id();
  pub.published_by_name = who.display_name.empty() ? who.agency_name : who.display_name;
  pub.published_at = now;
  const std::vector<std::string> provinces = Provinces();
  const std::string y = std::to_string(in.year);
  for (const std::string& key : keys) {
    const statistics::Indicator* ind = set.Find(key);
    FigureQuery q;
    q.request = {key, y + "-01", y + "-12", "province", {}};
    auto figure = QueryFigure(ctx, who, q);
    if (!figure.has_value()) {
      if (figure.error().code() != core::StatusCode::kInvalidArgument) return figure.error();
      return core::Status(core::InvalidArgument("年度数字公开参数有误 (invalid publication)"))
          .AddFieldError("indicators", ind->name_zh + "在 " + y + " 年无统计口径");
    }
    const bool rate = ind->IsRate();
    pub.indicators.push_back({key, ind->name_zh, ind->unit, rate, ind->definition});
    std::map<std::string, const statistics::FigureRow*> rows;
    for (const LabelledRow& r : figure->rows) rows[r.row.key] = &r.row;
    std::vector<statistics::RawCell> raw;
    for (const std::string& code : provinces) {
      auto found = rows.find(code);
      if (found == rows.end()) {
        raw.push_back({code, rate ? std::nullopt : std::optional<int64_t>(0), rate ? std::optional<int64_t>(0) : std::nullopt});
      } else {
        raw.push_back({code, found->second->value, rate ? found->second->denominator : std::nullopt});
      }
    }
    for (const statistics::PublicCell& c : statistics::SuppressColumn(raw, threshold, rate)) {
      pub.cells.push_back({key, c.region, c.value, c.suppressed});
    }
    statistics::RawCell total{std::string(core::kNationalRegionCode), figure->total.value,
                              rate ? figure->total.denominator : std::nullopt};
    statistics::PublicCell t = statistics::SuppressTotal(total, threshold, rate);
    pub.cells.push_back({key, t.region, t.value, t.suppressed});
  }

  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  PublicationStore store(*tx);
  IPE_ASSIGN_OR_RETURN(auto existing, store.PublishedOf(in.year));
  if (existing) return core::AlreadyExists(y + " 年的数字已经公开，请先撤回再重新公开");
  auto id = store.Insert(pub);
  if (!id && id.error().code() == core::StatusCode::kAlreadyExists) {
    return core::AlreadyExists(y + " 年的数字已经公开，请先撤回再重新公开");
  }
  IPE_RETURN_IF_ERROR(id.status());
  pub.id = *id;
  IPE_RETURN_IF_ERROR(AppendAudit(*tx, who, now,
                                  AuditEvent{"statistics.publish", "stat_publication", std::to_string(pub.id),
                                             "公开 " + y + " 年统计数字（" + std::to_string(keys.size()) + " 项指标）",
                                             std::nullopt, AuditJson(pub).dump()}));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return pub;
}

core::Result<Publication> WithdrawAnnualFigures(Context& ctx, const Principal& who, int64_t id,
                                                const std::string& reason, int64_t version) {
  IPE_RETURN_IF_ERROR(RequireNationalOffice(who, Capability::kStatisticsPublish, "撤回公开的年度数字"));
  std::string why = internal::Trim(reason);
  if (std::string p = internal::TextProblem(why, core::limits::kDescriptionChars, true); !p.empty()) {
    return core::Status(core::InvalidArgument("撤回须说明理由 (a reason is required)")).AddFieldError("reason", p);
  }
  const core::Timestamp now = ctx.Now();
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  PublicationStore store(*tx);
  IPE_ASSIGN_OR_RETURN(Publication before, store.Load(id, true));
  if (before.status != "published") return core::FailedPrecondition("该年度数字已撤回");
  if (before.version != version) return core::FailedPrecondition("年度数字已被他人修改，请刷新后重试");
  IPE_RETURN_IF_ERROR(store.Withdraw(id, who.actor_id(), why, now, version));
  Publication after = before;
  after.status = "withdrawn";
  after.withdraw_reason = why;
  after.withdrawn_at = now;
  after.version = version + 1;
  IPE_RETURN_IF_ERROR(AppendAudit(*tx, who, now,
                                  AuditEvent{"statistics.withdraw", "stat_publication", std::to_string(id),
                                             "撤回 " + std::to_string(before.year) + " 年公开的统计数字",
                                             AuditJson(before).dump(), AuditJson(after).dump()}));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return after;
}

core::Result<Page<Publication>> ListPublications(Context& ctx, const Principal& who, const PageRequest& page) {
  IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kStatisticsRead, "查看公开的年度数字"));
  IPE_RETURN_IF_ERROR(page.Validate());
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  return PublicationStore(*tx).List(false, page);
}

core::Result<Publication> GetPublication(Context& ctx, const Principal& who, int64_t id) {
  IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kStatisticsRead, "查看公开的年度数字"));
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  return PublicationStore(*tx).Load(id);
}

core::Result<Page<Publication>> PublicAnnualFigureYears(Context& ctx, const PageRequest& page) {
  IPE_RETURN_IF_ERROR(page.Validate());
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  return PublicationStore(*tx).List(true, page);
}

core::Result<Publication> PublicAnnualFigures(Context& ctx, int year) {
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  PublicationStore store(*tx);
  IPE_ASSIGN_OR_RETURN(auto id, store.PublishedOf(year));
  if (!id) return core::NotFound(std::to_string(year) + " 年的统计数字尚未公开");
  return store.Load(*id);
}

}  // namespace ipe::app
