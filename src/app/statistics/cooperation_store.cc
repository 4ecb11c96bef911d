// CooperationStore: see cooperation_store.h.
#include "app/statistics/cooperation_store.h"

#include <map>

#include "app/internal/list_store.h"
#include "statistics/cooperation.h"

namespace ipe::app {

using internal::Placeholders;
using storage::Params;
using storage::Row;
using storage::Value;

namespace {

constexpr const char* kColumns =
    "SELECT g.id, g.group_key, g.name, g.basis, g.version, g.created_at, g.updated_at FROM coop_groups g";

CooperationGroup GroupFromRow(const Row& r) {
  CooperationGroup g;
  g.id = r.Int(0);
  g.key = r.IsNull(1) ? "" : r.Text(1);
  g.name = r.Text(2);
  g.basis = r.Text(3);
  g.version = r.Int(4);
  g.created_at = core::Timestamp{r.Int(5)};
  g.updated_at = core::Timestamp{r.Int(6)};
  return g;
}

}  // namespace

core::Status CooperationStore::LoadMembers(std::vector<CooperationGroup*> groups) {
  if (groups.empty()) return core::Status::Ok();
  std::map<int64_t, CooperationGroup*> by_id;
  std::vector<int64_t> group_ids;
  for (CooperationGroup* g : groups) {
    by_id[g->id] = g;
    group_ids.push_back(g->id);
  }
  Params ids(group_ids.begin(), group_ids.end());
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query("SELECT group_id, region_code, source, confidence FROM "
                                            "coop_group_members WHERE group_id IN (" +
                                                Placeholders(ids.size()) + ") ORDER BY group_id, region_code",
                                            ids));
  for (const Row& r : rows) by_id[r.Int(0)]->members.push_back({r.Text(1), r.Text(2), r.Text(3)});
  return core::Status::Ok();
}

core::Result<CooperationGroup> CooperationStore::Load(int64_t id, bool for_update) {
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query(std::string(kColumns) + " WHERE g.id = ?" +
                                                internal::LockClause(tx_, for_update, "g"),
                                            {id}));
  if (rows.empty()) return core::NotFound("协作组不存在: " + std::to_string(id));
  CooperationGroup g = GroupFromRow(rows[0]);
  IPE_RETURN_IF_ERROR(LoadMembers({&g}));
  return g;
}

core::Result<Page<CooperationGroup>> CooperationStore::List(const PageRequest& page) {
  internal::ListQuery list("coop_groups", "g");
  IPE_ASSIGN_OR_RETURN(auto out, internal::PageOf<CooperationGroup>(tx_, list, page, kColumns, "g", &GroupFromRow));
  std::vector<CooperationGroup*> groups;
  for (CooperationGroup& g : out.items) groups.push_back(&g);
  IPE_RETURN_IF_ERROR(LoadMembers(groups));
  return out;
}

core::Status CooperationStore::InsertMembers(int64_t group_id, const std::vector<CooperationMember>& members) {
  for (const CooperationMember& m : members) {
    IPE_RETURN_IF_ERROR(tx_.Exec("INSERT INTO coop_group_members (group_id, region_code, source, confidence) "
                                 "VALUES (?, ?, ?, ?)",
                                 {group_id, m.region_code, m.source, m.confidence})
                            .status());
  }
  return core::Status::Ok();
}

core::Result<int64_t> CooperationStore::Insert(const CooperationGroup& g) {
  IPE_ASSIGN_OR_RETURN(auto rows,
                       tx_.Query("INSERT INTO coop_groups (group_key, name, basis, created_at, updated_at) "
                                 "VALUES (?, ?, ?, ?, ?) RETURNING id",
                                 {g.key.empty() ? Value() : Value(g.key), g.name, g.basis,
                                  g.created_at.seconds, g.created_at.seconds}));
  int64_t id = rows[0].Int(0);
  IPE_RETURN_IF_ERROR(InsertMembers(id, g.members));
  return id;
}

core::Status CooperationStore::Update(const CooperationGroup& g, int64_t expected_version, core::Timestamp now) {
  IPE_ASSIGN_OR_RETURN(int64_t changed,
                       tx_.Exec("UPDATE coop_groups SET name = ?, basis = ?, version = version + 1, "
                                "updated_at = ? WHERE id = ? AND version = ?",
                                {g.name, g.basis, now.seconds, g.id, expected_version}));
  if (changed == 0) return core::FailedPrecondition("协作组已被他人修改，请刷新后重试");
  IPE_RETURN_IF_ERROR(tx_.Exec("DELETE FROM coop_group_members WHERE group_id = ?", {g.id}).status());
  return InsertMembers(g.id, g.members);
}

core::Status CooperationStore::SeedIfNew(storage::Database& db, core::Timestamp now) {
  {
    IPE_ASSIGN_OR_RETURN(auto tx, db.Begin(storage::TxMode::kRead));
    IPE_ASSIGN_OR_RETURN(auto rows, tx->Query("SELECT 1 FROM search_index_state WHERE name = 'cooperation_seed'"));
    if (!rows.empty()) return core::Status::Ok();
  }
  IPE_ASSIGN_OR_RETURN(auto tx, db.Begin(storage::TxMode::kWrite));
  // Two servers starting on one new database: the second waits for the first's commit, then
  // finds the row and inserts nothing (the insert below would fail on the primary key anyway).
  IPE_ASSIGN_OR_RETURN(auto again, tx->Query("SELECT 1 FROM search_index_state WHERE name = 'cooperation_seed'"));
  if (!again.empty()) return core::Status::Ok();
  IPE_RETURN_IF_ERROR(tx->Exec("INSERT INTO search_index_state (name, version) VALUES ('cooperation_seed', 1)").status());
  CooperationStore store(*tx);
  for (const statistics::SeedGroup& s : statistics::DefaultCooperationSeed().groups) {
    CooperationGroup g;
    g.key = s.key;
    g.name = s.name;
    g.basis = s.basis;
    g.created_at = now;
    for (const statistics::SeedMember& m : s.members) g.members.push_back({m.region_code, m.source, m.confidence});
    IPE_RETURN_IF_ERROR(store.Insert(g).status());
  }
  return tx->Commit();
}

}  // namespace ipe::app
