// The holiday calendar in force and the loading of next year's arrangement. See calendar.h.
#include "app/calendar/calendar.h"

#include <mutex>
#include <nlohmann/json.hpp>

#include "app/accounts/audit.h"
#include "app/permissions.h"
#include "core/calendar_overlay.h"

namespace ipe::app {
namespace {

struct Cache {
  std::mutex mu;
  std::string signature;                                // GUARDED_BY(mu)
  std::shared_ptr<const core::WorkCalendar> calendar;   // GUARDED_BY(mu)
};

Cache& TheCache() {
  static Cache cache;
  return cache;
}

// The built-in calendar as a shared pointer that does not own it.
std::shared_ptr<const core::WorkCalendar> Builtin() {
  return std::shared_ptr<const core::WorkCalendar>(std::shared_ptr<void>(), &core::Calendar());
}

}  // namespace

core::Result<std::shared_ptr<const core::WorkCalendar>> EffectiveCalendar(storage::Tx& tx) {
  CalendarStore store(tx);
  IPE_ASSIGN_OR_RETURN(std::string signature, store.Signature());
  if (signature.rfind("0:", 0) == 0) return Builtin();
  Cache& cache = TheCache();
  {
    std::lock_guard<std::mutex> lock(cache.mu);
    if (cache.calendar && cache.signature == signature) return cache.calendar;
  }
  IPE_ASSIGN_OR_RETURN(auto years, store.Arrangements());
  auto merged = core::CalendarWithYears(years);
  if (!merged) return core::Internal("载入的节假日安排无法使用: " + merged.error().message());
  auto calendar = std::make_shared<const core::WorkCalendar>(std::move(*merged));
  std::lock_guard<std::mutex> lock(cache.mu);
  cache.signature = signature;
  cache.calendar = calendar;
  return calendar;
}

core::Result<int> LoadCalendarYear(Context& ctx, const Principal& who, std::string_view tsv) {
  IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kCalendarLoad, "载入节假日安排"));
  auto year = core::ParseYearArrangement(tsv);
  if (!year) {
    return core::Status(core::InvalidArgument("节假日安排文件有误: " + year.error().message()))
        .AddFieldError("file", year.error().message());
  }
  core::Timestamp now = ctx.Now();
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  CalendarStore store(*tx);
  IPE_ASSIGN_OR_RETURN(auto before, store.Arrangements());
  std::vector<core::YearArrangement> after;
  for (auto& y : before) {
    if (y.year != year->year) after.push_back(std::move(y));
  }
  after.push_back(*year);
  // The merged calendar must parse (e.g. no clash with the built-in years) before anything is
  // written.
  IPE_RETURN_IF_ERROR(core::CalendarWithYears(after).status());
  IPE_RETURN_IF_ERROR(store.Put(*year, now, who.actor_id()));
  nlohmann::json detail = {{"year", year->year}, {"entries", year->entries}};
  IPE_RETURN_IF_ERROR(AppendAudit(*tx, who, now,
                                  {"calendar.load", "calendar_year", std::to_string(year->year),
                                   "载入 " + std::to_string(year->year) + " 年节假日安排（" +
                                       std::to_string(year->entries) + " 条）",
                                   std::nullopt, detail.dump()}));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return year->year;
}

core::Result<CalendarState> GetCalendarState(Context& ctx, const Principal& who) {
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  IPE_ASSIGN_OR_RETURN(auto calendar, EffectiveCalendar(*tx));
  CalendarState out;
  out.first_year = calendar->first_year();
  out.last_year = calendar->last_year();
  IPE_ASSIGN_OR_RETURN(out.loaded, CalendarStore(*tx).Years());
  core::Date today = core::LocalDate(ctx.Now());
  out.next_year = today.Year() + 1;
  out.next_year_covered = out.last_year >= out.next_year;
  auto november = core::ParseDate(std::to_string(today.Year()) + "-11-01");
  bool from_november = november && !(today < *november);
  out.warn = who.Has(Role::kAdmin) && from_november && !out.next_year_covered;
  if (out.warn) {
    out.message = std::to_string(out.next_year) + " 年节假日安排尚未载入：期限计算将在 " +
                  std::to_string(out.next_year) +
                  " 年的日期上报错而不猜测。国务院办公厅通知发布后，请用 ipenforce calendar load "
                  "载入。";
  }
  return out;
}

}  // namespace ipe::app
