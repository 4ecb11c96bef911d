// PublicationStore: see publication_store.h.
#include "app/statistics/publication_store.h"

#include "app/internal/list_store.h"

namespace ipe::app {

using storage::Row;
using storage::Value;

namespace {

constexpr const char* kColumns =
    "SELECT p.id, p.year, p.status, p.threshold, p.rules_version, p.note, p.published_by, "
    "p.published_by_name, p.published_at, p.withdrawn_at, p.withdraw_reason, p.version FROM stat_publications p";

Publication FromRow(const Row& r) {
  Publication p;
  p.id = r.Int(0);
  p.year = static_cast<int>(r.Int(1));
  p.status = r.Text(2);
  p.threshold = r.Int(3);
  p.rules_version = r.Text(4);
  p.note = r.Text(5);
  p.published_by = r.OptInt(6);
  p.published_by_name = r.Text(7);
  p.published_at = core::Timestamp{r.Int(8)};
  p.withdrawn_at = internal::OptTime(r, 9);
  p.withdraw_reason = r.Text(10);
  p.version = r.Int(11);
  return p;
}

}  // namespace

core::Result<int64_t> PublicationStore::Insert(const Publication& p) {
  IPE_ASSIGN_OR_RETURN(auto rows,
                       tx_.Query("INSERT INTO stat_publications (year, status, threshold, rules_version, note, "
                                 "published_by, published_by_name, published_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                                 "RETURNING id",
                                 {int64_t{p.year}, p.status, p.threshold, p.rules_version, p.note,
                                  Value(p.published_by), p.published_by_name, p.published_at.seconds}));
  const int64_t id = rows[0].Int(0);
  int64_t position = 0;
  for (const PublishedIndicator& i : p.indicators) {
    IPE_RETURN_IF_ERROR(tx_.Exec("INSERT INTO stat_publication_indicators (publication_id, position, indicator, "
                                 "name_zh, unit, is_rate, definition) VALUES (?, ?, ?, ?, ?, ?, ?)",
                                 {id, position++, i.key, i.name_zh, i.unit, int64_t{i.rate ? 1 : 0}, i.definition})
                            .status());
  }
  for (const PublishedCell& c : p.cells) {
    IPE_RETURN_IF_ERROR(tx_.Exec("INSERT INTO stat_publication_cells (publication_id, indicator, region_code, "
                                 "value, suppressed) VALUES (?, ?, ?, ?, ?)",
                                 {id, c.indicator, c.region_code, Value(c.value), int64_t{c.suppressed ? 1 : 0}})
                            .status());
  }
  return id;
}

core::Result<Publication> PublicationStore::Load(int64_t id, bool for_update) {
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query(std::string(kColumns) + " WHERE p.id = ?" +
                                                internal::LockClause(tx_, for_update, "p"),
                                            {id}));
  if (rows.empty()) return core::NotFound("公开的年度数字不存在: " + std::to_string(id));
  Publication p = FromRow(rows[0]);
  IPE_ASSIGN_OR_RETURN(auto inds, tx_.Query("SELECT indicator, name_zh, unit, is_rate, definition FROM "
                                            "stat_publication_indicators WHERE publication_id = ? ORDER BY position",
                                            {id}));
  for (const Row& r : inds) p.indicators.push_back({r.Text(0), r.Text(1), r.Text(2), r.Int(3) != 0, r.Text(4)});
  IPE_ASSIGN_OR_RETURN(auto cells, tx_.Query("SELECT indicator, region_code, value, suppressed FROM "
                                             "stat_publication_cells WHERE publication_id = ? ORDER BY indicator, region_code",
                                             {id}));
  for (const Row& r : cells) p.cells.push_back({r.Text(0), r.Text(1), r.OptInt(2), r.Int(3) != 0});
  return p;
}

core::Result<std::optional<int64_t>> PublicationStore::PublishedOf(int year) {
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query("SELECT id FROM stat_publications WHERE year = ? AND status = 'published'",
                                            {int64_t{year}}));
  if (rows.empty()) return std::optional<int64_t>();
  return std::optional<int64_t>(rows[0].Int(0));
}

core::Result<Page<Publication>> PublicationStore::List(bool published_only, const PageRequest& page) {
  internal::ListQuery list("stat_publications", "p");
  if (published_only) list.Where("p.status = ?", std::string("published"));
  return internal::PageOf<Publication>(tx_, list, page, kColumns, "p", &FromRow);
}

core::Status PublicationStore::Withdraw(int64_t id, std::optional<int64_t> by, const std::string& reason,
                                        core::Timestamp now, int64_t expected_version) {
  IPE_ASSIGN_OR_RETURN(int64_t changed,
                       tx_.Exec("UPDATE stat_publications SET status = 'withdrawn', withdrawn_by = ?, withdrawn_at = ?, "
                                "withdraw_reason = ?, version = version + 1 WHERE id = ? AND version = ?",
                                {Value(by), now.seconds, reason, id, expected_version}));
  if (changed == 0) return core::FailedPrecondition("年度数字已被他人修改，请刷新后重试");
  return core::Status::Ok();
}

}  // namespace ipe::app
