// CalendarStore: see calendar_store.h.
#include "app/calendar/calendar_store.h"

namespace ipe::app {

using storage::Row;
using storage::Value;

core::Result<std::vector<core::YearArrangement>> CalendarStore::Arrangements() {
  IPE_ASSIGN_OR_RETURN(auto rows,
                       tx_.Query("SELECT year, tsv, entries FROM calendar_years ORDER BY year"));
  std::vector<core::YearArrangement> out;
  for (const Row& r : rows) {
    out.push_back({static_cast<int>(r.Int(0)), r.Text(1), static_cast<int>(r.Int(2))});
  }
  return out;
}

core::Result<std::vector<LoadedYear>> CalendarStore::Years() {
  IPE_ASSIGN_OR_RETURN(auto rows,
                       tx_.Query("SELECT y.year, y.entries, y.loaded_at, coalesce(u.login, "
                                 "'system') FROM calendar_years y LEFT JOIN users u ON u.id = "
                                 "y.loaded_by ORDER BY y.year"));
  std::vector<LoadedYear> out;
  for (const Row& r : rows) {
    out.push_back({static_cast<int>(r.Int(0)), static_cast<int>(r.Int(1)),
                   core::Timestamp{r.Int(2)}, r.Text(3)});
  }
  return out;
}

core::Result<std::string> CalendarStore::Signature() {
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query("SELECT count(*), coalesce(max(loaded_at), 0), "
                                            "coalesce(min(year), 0), coalesce(max(year), 0) FROM "
                                            "calendar_years"));
  return std::to_string(rows[0].Int(0)) + ":" + std::to_string(rows[0].Int(1)) + ":" +
         std::to_string(rows[0].Int(2)) + ":" + std::to_string(rows[0].Int(3));
}

core::Status CalendarStore::Put(const core::YearArrangement& year, core::Timestamp now,
                                std::optional<int64_t> loaded_by) {
  return tx_
      .Exec("INSERT INTO calendar_years (year, tsv, entries, loaded_at, loaded_by) VALUES (?, ?, "
            "?, ?, ?) ON CONFLICT (year) DO UPDATE SET tsv = excluded.tsv, entries = "
            "excluded.entries, loaded_at = excluded.loaded_at, loaded_by = excluded.loaded_by",
            {static_cast<int64_t>(year.year), year.tsv, static_cast<int64_t>(year.entries),
             now.seconds, Value(loaded_by)})
      .status();
}

}  // namespace ipe::app
