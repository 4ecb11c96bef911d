#include "app/accounts/audit_store.h"

#include "app/internal/list_store.h"
#include "app/internal/text.h"
#include "core/region.h"

namespace ipe::app {
namespace {

using storage::Params;
using storage::Row;
using storage::Value;

constexpr const char* kAuditColumns =
    "id, seq, at, actor_id, actor_login, action, entity_type, entity_id, summary, before_json, "
    "after_json, prev_hash, hash, scope_region, scope_agency";

AuditRecord FromRow(const Row& row) {
  AuditRecord r;
  r.id = row.Int(0);
  r.seq = row.Int(1);
  r.at = core::Timestamp{row.Int(2)};
  r.actor_id = row.OptInt(3);
  r.actor_login = row.Text(4);
  r.action = row.Text(5);
  r.entity_type = row.Text(6);
  r.entity_id = row.Text(7);
  r.summary = row.Text(8);
  r.before_json = row.OptText(9);
  r.after_json = row.OptText(10);
  r.prev_hash = row.Text(11);
  r.hash = row.Text(12);
  if (auto region = row.OptText(13)) r.scope = AuditScope{*region, row.OptInt(14)};
  if (row.size() > 15) r.actor_name = row.OptText(15).value_or("");
  return r;
}

}  // namespace

core::Result<std::optional<AuditStore::Head>> AuditStore::ReadHead(bool lock) {
  const char* sql = lock && tx_.dialect() == storage::Dialect::kPostgres
                        ? "SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE"
                        : "SELECT seq, hash FROM audit_head WHERE id = 1";
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query(sql));
  if (rows.size() != 1) return std::optional<Head>();
  return std::optional<Head>(Head{rows[0].Int(0), rows[0].Text(1)});
}

core::Status AuditStore::Insert(const AuditRecord& r) {
  return tx_
      .Exec("INSERT INTO audit_log (seq, at, actor_id, actor_login, action, entity_type, "
            "entity_id, summary, before_json, after_json, prev_hash, hash, scope_region, "
            "scope_province, scope_prefecture, scope_agency) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            {r.seq, r.at.seconds, Value(r.actor_id), r.actor_login, r.action, r.entity_type,
             r.entity_id, r.summary, Value(r.before_json), Value(r.after_json), r.prev_hash,
             r.hash, r.scope ? Value(r.scope->region_code) : Value(),
             r.scope ? Value(internal::ProvinceOf(r.scope->region_code)) : Value(),
             r.scope ? Value(internal::PrefectureOf(r.scope->region_code)) : Value(),
             r.scope ? Value(r.scope->agency_id) : Value()})
      .status();
}

core::Status AuditStore::SetHead(int64_t seq, const std::string& hash) {
  return tx_.Exec("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1", {seq, hash}).status();
}

core::Result<std::vector<AuditRecord>> AuditStore::After(int64_t after_seq, int64_t limit) {
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query(std::string("SELECT ") + kAuditColumns +
                                                " FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?",
                                            {after_seq, limit}));
  std::vector<AuditRecord> out;
  out.reserve(rows.size());
  for (const Row& row : rows) out.push_back(FromRow(row));
  return out;
}

core::Result<Page<AuditRecord>> AuditStore::List(const AuditFilter& f, const std::string& region,
                                                 const PageRequest& page) {
  std::string where = " WHERE 1 = 1";
  Params params;
  if (region != "000000") {
    // A regional reader: entries of records in the subtree only, never the national ones.
    if (region.size() != 6) return core::PermissionDenied("无效的管辖区域 (invalid region)");
    const char* column = "scope_region";
    switch (core::LevelOfCode(region)) {
      case core::RegionLevel::kProvince: column = "scope_province"; break;
      case core::RegionLevel::kPrefecture: column = "scope_prefecture"; break;
      case core::RegionLevel::kCounty: break;
    }
    where += std::string(" AND ") + column + " = ?";
    params.emplace_back(region);
  }
  if (f.actor) {
    where += " AND actor_login = ?";
    params.emplace_back(*f.actor);
  }
  if (f.action) {
    // "user." is a prefix: every action of that kind.
    if (!f.action->empty() && f.action->back() == '.') {
      where += " AND action LIKE ? ESCAPE '\\'";
      params.emplace_back(internal::LikePrefix(*f.action));
    } else {
      where += " AND action = ?";
      params.emplace_back(*f.action);
    }
  }
  if (f.entity_type) {
    where += " AND entity_type = ?";
    params.emplace_back(*f.entity_type);
  }
  if (f.entity_id) {
    where += " AND entity_id = ?";
    params.emplace_back(*f.entity_id);
  }
  if (f.from) {
    where += " AND at >= ?";
    params.emplace_back(core::StartOfLocalDay(*f.from).seconds);
  }
  if (f.to) {
    where += " AND at < ?";
    params.emplace_back(core::EndOfLocalDay(*f.to).seconds);
  }
  IPE_ASSIGN_OR_RETURN(auto count, tx_.Query("SELECT count(*) FROM audit_log" + where, params));
  params.emplace_back(page.page_size);
  params.emplace_back(page.offset());
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query(std::string("SELECT ") + kAuditColumns +
                                                ", (SELECT u.display_name FROM users u"
                                                " WHERE u.id = audit_log.actor_id)"
                                                " FROM audit_log" + where +
                                                " ORDER BY seq DESC LIMIT ? OFFSET ?",
                                            params));
  Page<AuditRecord> out;
  out.total = count[0].Int(0);
  out.page = page.page;
  out.page_size = page.page_size;
  for (const Row& row : rows) out.items.push_back(FromRow(row));
  return out;
}

}  // namespace ipe::app
