// CustodyStore: see custody_store.h.
#include "app/custody/custody_store.h"

#include <random>

#include "app/internal/list_store.h"
#include "app/internal/text.h"
#include "core/region.h"

namespace ipe::app {

using internal::OptDate;
using internal::OptDateValue;
using internal::OptTime;
using internal::OptTimeValue;
using internal::PageOf;
using internal::Placeholders;
using storage::Params;
using storage::Row;
using storage::Value;

namespace {

core::Date DateOf(const Row& r, size_t col) { return OptDate(r, col).value_or(core::Date{}); }

// Scope conditions on a table with agency_id and region columns.
void InScope(internal::ListQuery& list, const std::string& alias, const CustodyScope& scope) {
  list.InRegion(scope.region);
  if (scope.agency) list.WhereEqual(alias + ".agency_id", *scope.agency, 0);
}

// ---- item lines ----

constexpr const char* kItemColumns =
    "i.id, i.case_id, i.agency_id, i.region_code, i.label_no, i.source_kind, i.description, "
    "i.category, i.unit, i.weight_g, i.value_fen, i.rights_holder, i.seal_numbers, "
    "i.photo_hashes, i.store_id, COALESCE(s.name, ''), i.seized_on, i.seized, i.in_custody, "
    "i.sampled, i.returned, i.handed_over, i.retained, i.destroyed, i.version, i.created_at, "
    "i.updated_at";
constexpr const char* kItemFrom =
    " FROM custody_items i LEFT JOIN custody_stores s ON s.id = i.store_id";

CustodyItem ItemFromRow(const Row& r) {
  CustodyItem i;
  i.id = r.Int(0);
  i.case_id = r.Int(1);
  i.agency_id = r.Int(2);
  i.region_code = r.Text(3);
  i.label_no = r.Text(4);
  i.source_kind = r.Text(5);
  i.description = r.Text(6);
  i.category = r.Text(7);
  i.unit = r.Text(8);
  i.weight_g = r.OptInt(9);
  if (auto v = r.OptInt(10)) i.value = core::Fen(*v);
  i.rights_holder = r.Text(11);
  i.seal_numbers = r.Text(12);
  i.photo_hashes = internal::Split(r.Text(13), '|');
  i.store_id = r.OptInt(14);
  i.store_name = r.Text(15);
  i.seized_on = DateOf(r, 16);
  i.balance.seized = r.Int(17);
  i.balance.in_custody = r.Int(18);
  i.balance.sampled = r.Int(19);
  i.balance.returned = r.Int(20);
  i.balance.handed_over = r.Int(21);
  i.balance.retained = r.Int(22);
  i.balance.destroyed = r.Int(23);
  i.version = r.Int(24);
  i.created_at = core::Timestamp{r.Int(25)};
  i.updated_at = core::Timestamp{r.Int(26)};
  return i;
}

// ---- units ----

constexpr const char* kUnitColumns =
    "u.id, u.name, u.region_code, u.address, u.capabilities, u.licence_no, "
    "u.licence_valid_until, u.capacity_tonnes, u.active, u.version";

DestructionUnit UnitFromRow(const Row& r) {
  DestructionUnit u;
  u.id = r.Int(0);
  u.name = r.Text(1);
  u.region_code = r.Text(2);
  u.address = r.Text(3);
  u.capabilities = internal::Split(r.Text(4), '|');
  u.licence_no = r.Text(5);
  u.licence_valid_until = DateOf(r, 6);
  u.capacity_tonnes = r.Int(7);
  u.active = r.Int(8) != 0;
  u.version = r.Int(9);
  return u;
}

// ---- destructions ----

constexpr const char* kDestructionColumns =
    "d.id, d.case_id, d.agency_id, d.agency_name, d.region_code, d.status, d.method, "
    "d.proposed_unit_id, COALESCE(pu.name, ''), d.planned_on, d.note, d.applied_by, "
    "d.approved_by, d.decided_at, d.decision_note, d.unit_id, COALESCE(eu.name, ''), "
    "d.executed_on, d.execution_note, d.supervisors, d.evidence_hashes, d.weight_before_g, "
    "d.weight_after_g, d.certificate_no, d.closed_at, d.version, d.created_at, d.updated_at, "
    "d.campaign_id, COALESCE(dc.name, '')";
constexpr const char* kDestructionFrom =
    " FROM destructions d LEFT JOIN destruction_units pu ON pu.id = d.proposed_unit_id "
    "LEFT JOIN destruction_units eu ON eu.id = d.unit_id "
    "LEFT JOIN destruction_campaigns dc ON dc.id = d.campaign_id";

Destruction DestructionFromRow(const Row& r) {
  Destruction d;
  d.id = r.Int(0);
  d.case_id = r.Int(1);
  d.agency_id = r.Int(2);
  d.agency_name = r.Text(3);
  d.region_code = r.Text(4);
  d.status = r.Text(5);
  d.method = r.Text(6);
  d.proposed_unit_id = r.Int(7);
  d.proposed_unit_name = r.Text(8);
  d.planned_on = DateOf(r, 9);
  d.note = r.Text(10);
  d.applied_by = r.OptInt(11);
  d.approved_by = r.OptInt(12);
  d.decided_at = OptTime(r, 13);
  d.decision_note = r.Text(14);
  d.unit_id = r.OptInt(15);
  d.unit_name = r.Text(16);
  d.executed_on = OptDate(r, 17);
  d.execution_note = r.Text(18);
  d.supervisors = internal::Split(r.Text(19), '|');
  d.evidence_hashes = internal::Split(r.Text(20), '|');
  d.weight_before_g = r.OptInt(21);
  d.weight_after_g = r.OptInt(22);
  d.certificate_no = r.OptText(23);
  d.closed_at = OptTime(r, 24);
  d.version = r.Int(25);
  d.created_at = core::Timestamp{r.Int(26)};
  d.updated_at = core::Timestamp{r.Int(27)};
  d.campaign_id = r.OptInt(28);
  d.campaign_name = r.Text(29);
  return d;
}

// ---- campaigns ----

constexpr const char* kCampaignColumns =
    "c.id, c.name, c.starts_on, c.ends_on, c.regions, c.region_code, c.note, c.status, "
    "c.created_by, c.version, c.created_at, c.updated_at";

DestructionCampaign CampaignFromRow(const Row& r) {
  DestructionCampaign c;
  c.id = r.Int(0);
  c.name = r.Text(1);
  c.starts_on = DateOf(r, 2);
  c.ends_on = DateOf(r, 3);
  c.regions = internal::Split(r.Text(4), '|');
  c.region_code = r.Text(5);
  c.note = r.Text(6);
  c.status = r.Text(7);
  c.created_by = r.OptInt(8);
  c.version = r.Int(9);
  c.created_at = core::Timestamp{r.Int(10)};
  c.updated_at = core::Timestamp{r.Int(11)};
  return c;
}

Storeroom StoreFromRow(const Row& r) {
  Storeroom s;
  s.id = r.Int(0);
  s.agency_id = r.Int(1);
  s.region_code = r.Text(2);
  s.name = r.Text(3);
  s.address = r.Text(4);
  s.keeper_user_id = r.OptInt(5);
  s.keeper_name = r.Text(6);
  s.version = r.Int(7);
  return s;
}

constexpr const char* kStoreSelect =
    "SELECT s.id, s.agency_id, s.region_code, s.name, s.address, s.keeper_user_id, "
    "COALESCE(k.display_name, ''), s.version FROM custody_stores s "
    "LEFT JOIN users k ON k.id = s.keeper_user_id";

// "s.region_code LIKE ? AND s.agency_id = ?" for tables without the province/prefecture columns.
std::string ScopeSql(const std::string& alias, const CustodyScope& scope, Params& params) {
  std::string sql = internal::RegionSubtreeSql(alias + ".region_code", scope.region, params);
  if (scope.agency) {
    sql += " AND " + alias + ".agency_id = ?";
    params.emplace_back(*scope.agency);
  }
  return sql;
}

// Open destructions still claim their lines' quantities.
constexpr const char* kOpenStatuses = "('applied', 'approved')";

}  // namespace

// ---- stores ----

core::Result<int64_t> CustodyStore::InsertStore(const Storeroom& s, core::Timestamp now) {
  IPE_ASSIGN_OR_RETURN(
      auto rows,
      tx_.Query("INSERT INTO custody_stores (agency_id, region_code, name, address, keeper_user_id, "
                "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                {s.agency_id, s.region_code, s.name, s.address, Value(s.keeper_user_id), now.seconds,
                 now.seconds}));
  return rows[0].Int(0);
}

core::Result<Storeroom> CustodyStore::LoadStore(int64_t id) {
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query(std::string(kStoreSelect) + " WHERE s.id = ?", {id}));
  if (rows.empty()) return core::NotFound("保管场所不存在: " + std::to_string(id));
  return StoreFromRow(rows[0]);
}

core::Result<Page<Storeroom>> CustodyStore::ListStores(const CustodyScope& scope,
                                                       const PageRequest& page) {
  Params params;
  std::string where = ScopeSql("s", scope, params);
  IPE_ASSIGN_OR_RETURN(auto count,
                       tx_.Query("SELECT count(*) FROM custody_stores s WHERE " + where, params));
  Page<Storeroom> out;
  out.total = count[0].Int(0);
  out.page = page.page;
  out.page_size = page.page_size;
  params.emplace_back(page.page_size);
  params.emplace_back(page.offset());
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query(std::string(kStoreSelect) + " WHERE " + where +
                                                " ORDER BY s.id LIMIT ? OFFSET ?",
                                            params));
  for (const Row& r : rows) out.items.push_back(StoreFromRow(r));
  return out;
}

core::Result<std::optional<int64_t>> CustodyStore::ActiveUserAgency(int64_t user_id) {
  IPE_ASSIGN_OR_RETURN(auto rows,
                       tx_.Query("SELECT agency_id FROM users WHERE id = ? AND active = 1", {user_id}));
  if (rows.empty()) return std::optional<int64_t>();
  return std::optional<int64_t>(rows[0].Int(0));
}

// ---- item lines ----

core::Result<int64_t> CustodyStore::InsertItem(CustodyItem& item, std::optional<int64_t> created_by,
                                               core::Timestamp now) {
  // A unique placeholder until the id is known; the label is then WP<year>-<id>.
  std::random_device rd;
  std::string placeholder = "pending-" + std::to_string(rd()) + std::to_string(rd());
  const custody::Balance& b = item.balance;
  IPE_ASSIGN_OR_RETURN(
      auto rows,
      tx_.Query("INSERT INTO custody_items (case_id, agency_id, region_code, province_code, "
                "prefecture_code, label_no, source_kind, description, category, unit, weight_g, "
                "value_fen, rights_holder, seal_numbers, photo_hashes, store_id, seized_on, seized, "
                "in_custody, sampled, returned, handed_over, retained, destroyed, created_by, "
                "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                "?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                {item.case_id, item.agency_id, item.region_code, internal::ProvinceOf(item.region_code),
                 internal::PrefectureOf(item.region_code), placeholder, item.source_kind,
                 item.description, item.category, item.unit, Value(item.weight_g),
                 item.value ? Value(item.value->value) : Value(), item.rights_holder,
                 item.seal_numbers, internal::Join(item.photo_hashes, '|'), Value(item.store_id),
                 item.seized_on.ToString(), b.seized, b.in_custody, b.sampled, b.returned,
                 b.handed_over, b.retained, b.destroyed, Value(created_by), now.seconds,
                 now.seconds}));
  item.id = rows[0].Int(0);
  char label[40];
  std::snprintf(label, sizeof label, "WP%d-%06lld", item.seized_on.Year(),
                static_cast<long long>(item.id));
  item.label_no = label;
  IPE_RETURN_IF_ERROR(
      tx_.Exec("UPDATE custody_items SET label_no = ? WHERE id = ?", {item.label_no, item.id})
          .status());
  item.created_at = now;
  item.updated_at = now;
  return item.id;
}

core::Result<CustodyItem> CustodyStore::LoadItem(int64_t id, bool for_update) {
  // FOR UPDATE cannot lock the nullable side of an outer join on PostgreSQL: lock the row first.
  if (for_update && tx_.dialect() == storage::Dialect::kPostgres) {
    IPE_RETURN_IF_ERROR(
        tx_.Query("SELECT id FROM custody_items WHERE id = ? FOR UPDATE", {id}).status());
  }
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query(std::string("SELECT ") + kItemColumns + kItemFrom +
                                                " WHERE i.id = ?",
                                            {id}));
  if (rows.empty()) return core::NotFound("涉案物品不存在: " + std::to_string(id));
  return ItemFromRow(rows[0]);
}

core::Status CustodyStore::UpdateItem(const CustodyItem& item, int64_t expected_version,
                                      core::Timestamp now) {
  const custody::Balance& b = item.balance;
  IPE_ASSIGN_OR_RETURN(
      int64_t changed,
      tx_.Exec("UPDATE custody_items SET in_custody = ?, sampled = ?, returned = ?, "
               "handed_over = ?, retained = ?, destroyed = ?, store_id = ?, version = version + 1, "
               "updated_at = ? WHERE id = ? AND version = ?",
               {b.in_custody, b.sampled, b.returned, b.handed_over, b.retained, b.destroyed,
                Value(item.store_id), now.seconds, item.id, expected_version}));
  if (changed == 0) {
    return core::FailedPrecondition("涉案物品台账已被他人修改，请刷新后重试");
  }
  return core::Status::Ok();
}

core::Result<Page<CustodyItem>> CustodyStore::ListItems(const CustodyScope& scope,
                                                        std::optional<int64_t> case_id,
                                                        const PageRequest& page) {
  internal::ListQuery list("custody_items", "i");
  InScope(list, "i", scope);
  if (case_id) list.WhereEqual("i.case_id", *case_id, 0);
  IPE_RETURN_IF_ERROR(internal::PlanForValues(tx_));
  return PageOf<CustodyItem>(tx_, list, page, std::string("SELECT ") + kItemColumns + kItemFrom, "i",
                             &ItemFromRow);
}

core::Result<std::vector<CustodyItem>> CustodyStore::ItemsOfCase(int64_t case_id, int limit) {
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query(std::string("SELECT ") + kItemColumns + kItemFrom +
                                                " WHERE i.case_id = ? ORDER BY i.id LIMIT ?",
                                            {case_id, static_cast<int64_t>(limit)}));
  std::vector<CustodyItem> out;
  for (const Row& r : rows) out.push_back(ItemFromRow(r));
  return out;
}

core::Status CustodyStore::InsertMovement(const CustodyMovement& m) {
  return tx_
      .Exec("INSERT INTO custody_movements (item_id, kind, quantity, from_store_id, to_store_id, "
            "destruction_id, reference, note, actor_id, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            {m.item_id, m.kind, m.quantity, Value(m.from_store_id), Value(m.to_store_id),
             Value(m.destruction_id), m.reference, m.note, Value(m.actor_id), m.at.seconds})
      .status();
}

core::Result<std::vector<CustodyMovement>> CustodyStore::Movements(int64_t item_id) {
  IPE_ASSIGN_OR_RETURN(
      auto rows,
      tx_.Query("SELECT id, item_id, kind, quantity, from_store_id, to_store_id, destruction_id, "
                "reference, note, actor_id, at FROM custody_movements WHERE item_id = ? ORDER BY id",
                {item_id}));
  std::vector<CustodyMovement> out;
  for (const Row& r : rows) {
    out.push_back({r.Int(0), r.Int(1), r.Text(2), r.Int(3), r.OptInt(4), r.OptInt(5), r.OptInt(6),
                   r.Text(7), r.Text(8), r.OptInt(9), core::Timestamp{r.Int(10)}});
  }
  return out;
}

// ---- photos ----

namespace {
constexpr const char* kPhotoColumns =
    "id, item_id, filename, content_type, size, sha256, uploaded_by_name, uploaded_at";

CustodyPhoto PhotoOf(const Row& r) {
  return {r.Int(0), r.Int(1), r.Text(2), r.Text(3), r.Int(4), r.Text(5), r.Text(6), core::Timestamp{r.Int(7)}};
}
}  // namespace

core::Result<int64_t> CustodyStore::InsertPhoto(const CustodyPhoto& p, std::optional<int64_t> uploaded_by,
                                                const std::string& data_base64) {
  IPE_ASSIGN_OR_RETURN(
      auto rows,
      tx_.Query("INSERT INTO custody_photos (item_id, filename, content_type, size, sha256, data_base64, "
                "uploaded_by, uploaded_by_name, uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                {p.item_id, p.filename, p.content_type, p.size, p.sha256, data_base64, Value(uploaded_by),
                 p.uploaded_by, p.uploaded_at.seconds}));
  return rows[0].Int(0);
}

core::Result<std::vector<CustodyPhoto>> CustodyStore::Photos(int64_t item_id) {
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query(std::string("SELECT ") + kPhotoColumns +
                                                " FROM custody_photos WHERE item_id = ? ORDER BY id",
                                            {item_id}));
  std::vector<CustodyPhoto> out;
  for (const Row& r : rows) out.push_back(PhotoOf(r));
  return out;
}

core::Result<std::optional<std::pair<CustodyPhoto, std::string>>> CustodyStore::Photo(int64_t item_id,
                                                                                    int64_t photo_id) {
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query(std::string("SELECT ") + kPhotoColumns +
                                                ", data_base64 FROM custody_photos WHERE item_id = ? AND id = ?",
                                            {item_id, photo_id}));
  std::optional<std::pair<CustodyPhoto, std::string>> out;
  if (!rows.empty()) out.emplace(PhotoOf(rows[0]), rows[0].Text(8));
  return out;
}

core::Result<int64_t> CustodyStore::ClaimedForDestruction(int64_t item_id) {
  IPE_ASSIGN_OR_RETURN(
      auto rows,
      tx_.Query(std::string("SELECT COALESCE(SUM(l.quantity), 0) FROM destruction_lines l JOIN "
                            "destructions d ON d.id = l.destruction_id WHERE l.item_id = ? AND "
                            "d.status IN ") +
                    kOpenStatuses,
                {item_id}));
  return rows[0].Int(0);
}

// ---- reconciliation ----

core::Result<std::vector<ReconciliationRow>> CustodyStore::Reconcile(const CustodyScope& scope,
                                                                     core::Date held_before) {
  Params params{held_before.ToString()};
  std::string where = ScopeSql("i", scope, params);
  IPE_ASSIGN_OR_RETURN(
      auto rows,
      tx_.Query(std::string(
                    "SELECT i.agency_id, a.name, i.store_id, COALESCE(s.name, ''), count(*), "
                    "SUM(i.seized), SUM(i.in_custody), SUM(i.sampled), SUM(i.returned), "
                    "SUM(i.handed_over), SUM(i.retained), SUM(i.destroyed), "
                    "SUM(CASE WHEN i.in_custody > 0 AND i.seized_on < ? AND NOT EXISTS (SELECT 1 "
                    "FROM destruction_lines l JOIN destructions d ON d.id = l.destruction_id "
                    "WHERE l.item_id = i.id AND d.status IN ") +
                    kOpenStatuses +
                    ") THEN 1 ELSE 0 END), "
                    "SUM(CASE WHEN i.seized = i.in_custody + i.sampled + i.returned + "
                    "i.handed_over + i.retained + i.destroyed THEN 0 ELSE 1 END) "
                    "FROM custody_items i JOIN agencies a ON a.id = i.agency_id "
                    "LEFT JOIN custody_stores s ON s.id = i.store_id WHERE " +
                    where +
                    " GROUP BY i.agency_id, a.name, i.store_id, s.name ORDER BY i.agency_id, "
                    "i.store_id",
                params));
  std::vector<ReconciliationRow> out;
  for (const Row& r : rows) {
    ReconciliationRow row;
    row.agency_id = r.Int(0);
    row.agency_name = r.Text(1);
    row.store_id = r.OptInt(2);
    row.store_name = r.Text(3);
    row.lines = r.Int(4);
    row.totals = {r.Int(5), r.Int(6), r.Int(7), r.Int(8), r.Int(9), r.Int(10), r.Int(11)};
    row.held_too_long = r.Int(12);
    row.balanced = r.Int(13) == 0 && row.totals.Holds();
    out.push_back(std::move(row));
  }
  return out;
}

namespace {

std::string HeldSql(const std::string& select) {
  return select +
         " WHERE i.in_custody > 0 AND i.seized_on < ? AND NOT EXISTS (SELECT 1 FROM "
         "destruction_lines l JOIN destructions d ON d.id = l.destruction_id WHERE l.item_id = "
         "i.id AND d.status IN " +
         kOpenStatuses + ") AND ";
}

}  // namespace

core::Result<std::vector<HeldItem>> CustodyStore::HeldTooLong(const CustodyScope& scope,
                                                              core::Date held_before,
                                                              core::Date today, int limit) {
  Params params{held_before.ToString()};
  std::string where = ScopeSql("i", scope, params);
  params.emplace_back(limit);
  IPE_ASSIGN_OR_RETURN(auto rows,
                       tx_.Query(HeldSql(std::string("SELECT ") + kItemColumns + kItemFrom) + where +
                                     " ORDER BY i.seized_on, i.id LIMIT ?",
                                 params));
  std::vector<HeldItem> out;
  for (const Row& r : rows) {
    CustodyItem item = ItemFromRow(r);
    int64_t days = core::DaysBetween(item.seized_on, today);
    out.push_back({std::move(item), days});
  }
  return out;
}

core::Result<int64_t> CustodyStore::CountHeldTooLong(const CustodyScope& scope,
                                                     core::Date held_before) {
  Params params{held_before.ToString()};
  std::string where = ScopeSql("i", scope, params);
  IPE_ASSIGN_OR_RETURN(auto rows,
                       tx_.Query(HeldSql("SELECT count(*) FROM custody_items i") + where, params));
  return rows[0].Int(0);
}

// ---- units ----

core::Result<int64_t> CustodyStore::InsertUnit(const DestructionUnit& u, core::Timestamp now) {
  IPE_ASSIGN_OR_RETURN(
      auto rows,
      tx_.Query("INSERT INTO destruction_units (name, region_code, province_code, prefecture_code, "
                "address, capabilities, licence_no, licence_valid_until, capacity_tonnes, active, "
                "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                {u.name, u.region_code, internal::ProvinceOf(u.region_code),
                 internal::PrefectureOf(u.region_code), u.address, internal::Join(u.capabilities, '|'),
                 u.licence_no, u.licence_valid_until.ToString(), u.capacity_tonnes, u.active,
                 now.seconds, now.seconds}));
  return rows[0].Int(0);
}

core::Result<DestructionUnit> CustodyStore::LoadUnit(int64_t id) {
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query(std::string("SELECT ") + kUnitColumns +
                                                " FROM destruction_units u WHERE u.id = ?",
                                            {id}));
  if (rows.empty()) return core::NotFound("销毁单位不存在: " + std::to_string(id));
  return UnitFromRow(rows[0]);
}

core::Status CustodyStore::UpdateUnit(const DestructionUnit& u, int64_t expected_version,
                                      core::Timestamp now) {
  IPE_ASSIGN_OR_RETURN(
      int64_t changed,
      tx_.Exec("UPDATE destruction_units SET name = ?, region_code = ?, province_code = ?, "
               "prefecture_code = ?, address = ?, capabilities = ?, licence_no = ?, "
               "licence_valid_until = ?, capacity_tonnes = ?, active = ?, version = version + 1, "
               "updated_at = ? WHERE id = ? AND version = ?",
               {u.name, u.region_code, internal::ProvinceOf(u.region_code),
                internal::PrefectureOf(u.region_code), u.address, internal::Join(u.capabilities, '|'),
                u.licence_no, u.licence_valid_until.ToString(), u.capacity_tonnes, u.active,
                now.seconds, u.id, expected_version}));
  if (changed == 0) return core::FailedPrecondition("销毁单位信息已被他人修改，请刷新后重试");
  return core::Status::Ok();
}

core::Result<Page<DestructionUnit>> CustodyStore::ListUnits(const UnitFilter& f,
                                                            const PageRequest& page) {
  internal::ListQuery list("destruction_units", "u");
  if (f.region) list.InRegion(*f.region);
  if (!f.include_inactive) list.Where("u.active = 1");
  if (f.licence_ending_by) list.Where("u.licence_valid_until <= ?", f.licence_ending_by->ToString());
  if (f.capability) {
    list.Where("('|' || u.capabilities || '|') LIKE ?", "%|" + *f.capability + "|%");
  }
  IPE_RETURN_IF_ERROR(internal::PlanForValues(tx_));
  return PageOf<DestructionUnit>(tx_, list, page,
                                 std::string("SELECT ") + kUnitColumns + " FROM destruction_units u",
                                 "u", &UnitFromRow);
}

core::Result<std::vector<DestructionUnit>> CustodyStore::ActiveUnits() {
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query(std::string("SELECT ") + kUnitColumns +
                                            " FROM destruction_units u WHERE u.active = 1 ORDER BY u.id"));
  std::vector<DestructionUnit> out;
  for (const Row& r : rows) out.push_back(UnitFromRow(r));
  return out;
}

core::Result<int64_t> CustodyStore::CountLicencesEnding(const std::string& region, core::Date by) {
  Params params{by.ToString()};
  std::string where = internal::RegionSubtreeSql("u.region_code", region, params);
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query("SELECT count(*) FROM destruction_units u WHERE "
                                            "u.active = 1 AND u.licence_valid_until <= ? AND " +
                                                where,
                                            params));
  return rows[0].Int(0);
}

// ---- destructions ----

core::Result<int64_t> CustodyStore::InsertDestruction(const Destruction& d, core::Timestamp now) {
  IPE_ASSIGN_OR_RETURN(
      auto rows,
      tx_.Query("INSERT INTO destructions (case_id, agency_id, agency_name, region_code, "
                "province_code, prefecture_code, status, method, proposed_unit_id, planned_on, "
                "note, applied_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                "?, ?, ?) RETURNING id",
                {d.case_id, d.agency_id, d.agency_name, d.region_code,
                 internal::ProvinceOf(d.region_code), internal::PrefectureOf(d.region_code), d.status,
                 d.method, d.proposed_unit_id, d.planned_on.ToString(), d.note, Value(d.applied_by),
                 now.seconds, now.seconds}));
  int64_t id = rows[0].Int(0);
  for (const DestructionLine& l : d.lines) {
    IPE_RETURN_IF_ERROR(tx_.Exec("INSERT INTO destruction_lines (destruction_id, item_id, quantity) "
                                 "VALUES (?, ?, ?)",
                                 {id, l.item_id, l.quantity})
                            .status());
  }
  return id;
}

core::Status CustodyStore::LoadLines(Destruction& d) {
  IPE_ASSIGN_OR_RETURN(
      auto rows,
      tx_.Query("SELECT l.item_id, l.quantity, i.description, i.category, i.unit, i.label_no FROM "
                "destruction_lines l JOIN custody_items i ON i.id = l.item_id WHERE "
                "l.destruction_id = ? ORDER BY l.item_id",
                {d.id}));
  d.lines.clear();
  for (const Row& r : rows) {
    d.lines.push_back({r.Int(0), r.Int(1), r.Text(2), r.Text(3), r.Text(4), r.Text(5)});
  }
  return core::Status::Ok();
}

core::Result<Destruction> CustodyStore::LoadDestruction(int64_t id, bool for_update) {
  if (for_update && tx_.dialect() == storage::Dialect::kPostgres) {
    IPE_RETURN_IF_ERROR(
        tx_.Query("SELECT id FROM destructions WHERE id = ? FOR UPDATE", {id}).status());
  }
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query(std::string("SELECT ") + kDestructionColumns +
                                                kDestructionFrom + " WHERE d.id = ?",
                                            {id}));
  if (rows.empty()) return core::NotFound("销毁记录不存在: " + std::to_string(id));
  Destruction d = DestructionFromRow(rows[0]);
  IPE_RETURN_IF_ERROR(LoadLines(d));
  return d;
}

core::Status CustodyStore::UpdateDestruction(const Destruction& d, int64_t expected_version,
                                             core::Timestamp now) {
  IPE_ASSIGN_OR_RETURN(
      int64_t changed,
      tx_.Exec("UPDATE destructions SET status = ?, approved_by = ?, decided_at = ?, "
               "decision_note = ?, unit_id = ?, executed_on = ?, execution_note = ?, "
               "supervisors = ?, evidence_hashes = ?, weight_before_g = ?, weight_after_g = ?, "
               "certificate_no = ?, closed_at = ?, version = version + 1, updated_at = ? "
               "WHERE id = ? AND version = ?",
               {d.status, Value(d.approved_by),
                OptTimeValue(d.decided_at), d.decision_note,
                Value(d.unit_id), OptDateValue(d.executed_on), d.execution_note,
                internal::Join(d.supervisors, '|'), internal::Join(d.evidence_hashes, '|'),
                Value(d.weight_before_g), Value(d.weight_after_g), Value(d.certificate_no),
                OptTimeValue(d.closed_at), now.seconds, d.id,
                expected_version}));
  if (changed == 0) return core::FailedPrecondition("销毁记录已被他人修改，请刷新后重试");
  return core::Status::Ok();
}

core::Result<Page<Destruction>> CustodyStore::ListDestructions(const CustodyScope& scope,
                                                               const DestructionFilter& f,
                                                               const PageRequest& page) {
  internal::ListQuery list("destructions", "d");
  InScope(list, "d", scope);
  if (f.status) list.WhereEqual("d.status", *f.status, 3);
  if (f.case_id) list.WhereEqual("d.case_id", *f.case_id, 0);
  if (f.campaign_id) list.WhereEqual("d.campaign_id", *f.campaign_id, 0);
  IPE_RETURN_IF_ERROR(internal::PlanForValues(tx_));
  IPE_ASSIGN_OR_RETURN(
      Page<Destruction> out,
      PageOf<Destruction>(tx_, list, page,
                          std::string("SELECT ") + kDestructionColumns + kDestructionFrom, "d",
                          &DestructionFromRow));
  for (Destruction& d : out.items) IPE_RETURN_IF_ERROR(LoadLines(d));
  return out;
}

core::Result<std::optional<Destruction>> CustodyStore::ByCertificate(const std::string& number) {
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query(std::string("SELECT ") + kDestructionColumns +
                                                kDestructionFrom +
                                                " WHERE d.certificate_no = ? AND d.status = 'closed'",
                                            {number}));
  if (rows.empty()) return std::optional<Destruction>();
  Destruction d = DestructionFromRow(rows[0]);
  IPE_RETURN_IF_ERROR(LoadLines(d));
  return std::optional<Destruction>(std::move(d));
}

core::Result<int64_t> CustodyStore::CountAwaitingApproval(int64_t agency_id) {
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query("SELECT count(*) FROM destructions WHERE agency_id = ? "
                                            "AND status = 'applied'",
                                            {agency_id}));
  return rows[0].Int(0);
}

core::Result<std::vector<int64_t>> CustodyStore::PlannedOrExecutedBetween(const CustodyScope& scope,
                                                                          core::Date from, core::Date to,
                                                                          int limit) {
  Params params{from.ToString(), to.ToString(), from.ToString(), to.ToString()};
  std::string where = ScopeSql("d", scope, params);
  params.emplace_back(limit);
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query("SELECT d.id FROM destructions d WHERE ((d.planned_on >= ? AND "
                                            "d.planned_on <= ?) OR (d.executed_on >= ? AND d.executed_on <= ?)) "
                                            "AND " + where + " ORDER BY d.planned_on, d.id LIMIT ?",
                                            params));
  std::vector<int64_t> out;
  for (const Row& r : rows) out.push_back(r.Int(0));
  return out;
}

core::Result<std::vector<DestructionSummaryRow>> CustodyStore::SummaryByProvince(const CustodyScope& scope,
                                                                                 core::Date from,
                                                                                 core::Date to) {
  return Summarize("d.executed_on >= ? AND d.executed_on <= ?", {from.ToString(), to.ToString()}, scope);
}

core::Result<std::vector<DestructionSummaryRow>> CustodyStore::CampaignSummary(const CustodyScope& scope,
                                                                               int64_t campaign_id) {
  return Summarize("d.campaign_id = ?", {campaign_id}, scope);
}

// Executed (or later) destructions of the scope meeting `which`, by province: the destructions
// and their supervised weight, then their lines, quantities and value.
core::Result<std::vector<DestructionSummaryRow>> CustodyStore::Summarize(const std::string& which, Params params,
                                                                         const CustodyScope& scope) {
  std::string where = ScopeSql("d", scope, params);
  std::string done = "d.status IN ('executed', 'supervised', 'closed') AND " + which + " AND " + where;
  IPE_ASSIGN_OR_RETURN(auto per_destruction,
                       tx_.Query("SELECT d.province_code, count(*), COALESCE(SUM(d.weight_before_g), 0) "
                                 "FROM destructions d WHERE " +
                                     done + " GROUP BY d.province_code ORDER BY d.province_code",
                                 params));
  IPE_ASSIGN_OR_RETURN(
      auto per_line,
      tx_.Query("SELECT d.province_code, count(*), SUM(l.quantity), SUM(CASE WHEN i.value_fen "
                "IS NULL THEN 0 ELSE i.value_fen * l.quantity / i.seized END) FROM destructions d "
                "JOIN destruction_lines l ON l.destruction_id = d.id JOIN custody_items i ON "
                "i.id = l.item_id WHERE " +
                    done + " GROUP BY d.province_code",
                params));
  std::vector<DestructionSummaryRow> out;
  for (const Row& r : per_destruction) {
    DestructionSummaryRow row;
    row.province_code = r.Text(0);
    row.destructions = r.Int(1);
    row.weight_before_g = r.Int(2);
    for (const Row& l : per_line) {
      if (l.Text(0) != row.province_code) continue;
      row.lines = l.Int(1);
      row.quantity = l.Int(2);
      row.value = core::Fen(l.Int(3));
    }
    out.push_back(std::move(row));
  }
  return out;
}

// ---- campaigns ----

core::Result<int64_t> CustodyStore::InsertCampaign(const DestructionCampaign& c, core::Timestamp now) {
  IPE_ASSIGN_OR_RETURN(
      auto rows,
      tx_.Query("INSERT INTO destruction_campaigns (name, starts_on, ends_on, regions, region_code, note, "
                "status, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'open', ?, ?, ?) "
                "RETURNING id",
                {c.name, c.starts_on.ToString(), c.ends_on.ToString(), internal::Join(c.regions, '|'),
                 c.region_code, c.note, Value(c.created_by), now.seconds, now.seconds}));
  return rows[0].Int(0);
}

core::Result<DestructionCampaign> CustodyStore::LoadCampaign(int64_t id, bool for_update) {
  if (for_update && tx_.dialect() == storage::Dialect::kPostgres) {
    IPE_RETURN_IF_ERROR(
        tx_.Query("SELECT id FROM destruction_campaigns WHERE id = ? FOR UPDATE", {id}).status());
  }
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query(std::string("SELECT ") + kCampaignColumns +
                                                " FROM destruction_campaigns c WHERE c.id = ?",
                                            {id}));
  if (rows.empty()) return core::NotFound("销毁活动不存在: " + std::to_string(id));
  return CampaignFromRow(rows[0]);
}

core::Status CustodyStore::CloseCampaign(int64_t id, int64_t expected_version, core::Timestamp now) {
  IPE_ASSIGN_OR_RETURN(int64_t changed,
                       tx_.Exec("UPDATE destruction_campaigns SET status = 'closed', version = version + 1, "
                                "updated_at = ? WHERE id = ? AND version = ? AND status = 'open'",
                                {now.seconds, id, expected_version}));
  if (changed == 0) return core::FailedPrecondition("销毁活动已被他人修改，请刷新后重试");
  return core::Status::Ok();
}

core::Result<Page<DestructionCampaign>> CustodyStore::ListCampaigns(std::optional<std::string> status,
                                                                   const PageRequest& page) {
  internal::ListQuery list("destruction_campaigns", "c");
  if (status) list.WhereEqual("c.status", *status, 3);
  return PageOf<DestructionCampaign>(tx_, list, page,
                                     std::string("SELECT ") + kCampaignColumns + " FROM destruction_campaigns c",
                                     "c", &CampaignFromRow);
}

core::Result<int64_t> CustodyStore::CountInCampaign(const CustodyScope& scope, int64_t campaign_id) {
  Params params{campaign_id};
  std::string where = ScopeSql("d", scope, params);
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query("SELECT count(*) FROM destructions d WHERE d.campaign_id = ? AND " +
                                                where,
                                            params));
  return rows[0].Int(0);
}

core::Status CustodyStore::SetCampaign(int64_t destruction_id, std::optional<int64_t> campaign_id,
                                       int64_t expected_version, core::Timestamp now) {
  IPE_ASSIGN_OR_RETURN(int64_t changed,
                       tx_.Exec("UPDATE destructions SET campaign_id = ?, version = version + 1, updated_at = ? "
                                "WHERE id = ? AND version = ?",
                                {Value(campaign_id), now.seconds, destruction_id, expected_version}));
  if (changed == 0) return core::FailedPrecondition("销毁记录已被他人修改，请刷新后重试");
  return core::Status::Ok();
}

}  // namespace ipe::app
