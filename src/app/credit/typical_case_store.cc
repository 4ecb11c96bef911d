#include "app/credit/typical_case_store.h"

#include "app/internal/list_store.h"
#include "core/strings.h"

namespace ipe::app {
namespace {

using storage::Params;
using storage::Row;
using storage::Value;

constexpr const char* kColumns =
    "t.id, t.region_code, t.case_id, t.title, t.category, t.body, t.body_public, t.redactions, "
    "t.hidden_names, t.lesson, t.status, t.published_at, t.withdrawn_at, t.withdraw_reason, "
    "t.version, t.created_at, t.updated_at";

std::vector<std::string> SplitList(const std::string& s) {
  if (s.empty()) return {};
  return core::Split(s, '|');
}

TypicalCase FromRow(const Row& r) {
  TypicalCase t;
  t.id = r.Int(0);
  t.region_code = r.Text(1);
  if (!r.IsNull(2)) t.case_id = r.Int(2);
  t.title = r.Text(3);
  t.category = r.Text(4);
  t.body = r.Text(5);
  t.body_public = r.Text(6);
  t.redactions = SplitList(r.Text(7));
  t.hidden_names = SplitList(r.Text(8));
  t.lesson = r.Text(9);
  t.status = r.Text(10);
  if (!r.IsNull(11)) t.published_at = core::Timestamp{r.Int(11)};
  if (!r.IsNull(12)) t.withdrawn_at = core::Timestamp{r.Int(12)};
  t.withdraw_reason = r.Text(13);
  t.version = r.Int(14);
  t.created_at = core::Timestamp{r.Int(15)};
  t.updated_at = core::Timestamp{r.Int(16)};
  return t;
}

}  // namespace

core::Result<TypicalCase> TypicalCaseStore::Load(int64_t id, bool for_update) {
  IPE_ASSIGN_OR_RETURN(auto rows, tx_.Query(std::string("SELECT ") + kColumns +
                                                " FROM typical_cases t WHERE t.id = ?" +
                                                (for_update ? storage::ForUpdate(tx_.dialect()) : ""),
                                            {id}));
  if (rows.empty()) return core::NotFound("典型案例不存在: " + std::to_string(id));
  return FromRow(rows[0]);
}

core::Result<int64_t> TypicalCaseStore::Insert(const TypicalCase& t, int64_t created_by,
                                              core::Timestamp now) {
  IPE_ASSIGN_OR_RETURN(
      auto rows,
      tx_.Query("INSERT INTO typical_cases (region_code, province_code, prefecture_code, case_id, "
                "title, category, body, body_public, redactions, hidden_names, lesson, status, "
                "created_by, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                {t.region_code, internal::ProvinceOf(t.region_code),
                 internal::PrefectureOf(t.region_code), t.case_id ? Value(*t.case_id) : Value(), t.title, t.category, t.body,
                 t.body_public, core::Join(t.redactions, '|'), core::Join(t.hidden_names, '|'),
                 t.lesson, t.status, created_by, now.seconds, now.seconds}));
  return rows[0].Int(0);
}

core::Status TypicalCaseStore::Update(const TypicalCase& t, int64_t expected_version,
                                      core::Timestamp now) {
  IPE_ASSIGN_OR_RETURN(
      int64_t n,
      tx_.Exec("UPDATE typical_cases SET case_id = ?, title = ?, category = ?, body = ?, "
               "body_public = ?, redactions = ?, hidden_names = ?, lesson = ?, status = ?, "
               "published_at = ?, withdrawn_at = ?, withdraw_reason = ?, version = version + 1, "
               "updated_at = ? WHERE id = ? AND version = ?",
               {t.case_id ? Value(*t.case_id) : Value(), t.title, t.category, t.body, t.body_public,
                core::Join(t.redactions, '|'), core::Join(t.hidden_names, '|'), t.lesson, t.status,
                internal::OptTimeValue(t.published_at), internal::OptTimeValue(t.withdrawn_at),
                t.withdraw_reason, now.seconds, t.id, expected_version}));
  if (n == 0) return core::FailedPrecondition("典型案例已被他人修改，请刷新后重试");
  return core::Status::Ok();
}

core::Result<Page<TypicalCase>> TypicalCaseStore::List(const std::string& region,
                                                       const std::optional<std::string>& status,
                                                       const PageRequest& page) {
  internal::ListQuery list("typical_cases", "t");
  list.InRegion(region);
  if (status) list.WhereEqual("t.status", *status, 3);
  return internal::PageOf<TypicalCase>(tx_, list, page,
                                       std::string("SELECT ") + kColumns + " FROM typical_cases t",
                                       "t", &FromRow);
}

}  // namespace ipe::app
