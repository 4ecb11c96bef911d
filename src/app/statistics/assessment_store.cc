// AssessmentStore: see assessment_store.h.
#include "app/statistics/assessment_store.h"

#include <map>

#include "app/internal/list_store.h"

namespace ipe::app {

using storage::Row;
using storage::Value;

core::Result<std::optional<PsaRubric>> AssessmentStore::Find(int year,
                                                             const std::string& assessor_region,
                                                             bool for_update) {
  IPE_ASSIGN_OR_RETURN(
      auto rows,
      tx_.Query(
          "SELECT r.id, r.status, r.source_version, r.updated_by, r.updated_by_name, r.updated_at, "
          "r.published_by_name, r.published_at, r.version FROM psa_rubrics r WHERE r.year = ? AND "
          "r.assessor_region = ?" +
              internal::LockClause(tx_, for_update, "r"),
          {int64_t{year}, assessor_region}));
  if (rows.empty()) return std::optional<PsaRubric>();
  const Row& row = rows[0];
  PsaRubric r;
  r.id = row.Int(0);
  r.year = year;
  r.assessor_region = assessor_region;
  r.status = row.Text(1);
  r.source_version = row.Text(2);
  r.updated_by = row.OptInt(3);
  r.updated_by_name = row.Text(4);
  r.updated_at = core::Timestamp{row.Int(5)};
  r.published_by_name = row.Text(6);
  r.published_at = internal::OptTime(row, 7);
  r.version = row.Int(8);
  IPE_ASSIGN_OR_RETURN(auto crit,
                       tx_.Query("SELECT criterion_key, name, kind, indicator, scoring, direction, "
                                 "per_capita, low, high, max_points, basis, confidence FROM "
                                 "psa_criteria WHERE rubric_id = ? ORDER BY position",
                                 {r.id}));
  for (const Row& c : crit) {
    statistics::AssessmentCriterion x;
    x.key = c.Text(0);
    x.name = c.Text(1);
    x.kind = c.Text(2);
    x.indicator = c.Text(3);
    x.scoring = c.Text(4);
    x.direction = c.Text(5);
    x.per_capita = c.Int(6) != 0;
    x.low = c.Int(7);
    x.high = c.Int(8);
    x.max_points = c.Int(9);
    x.basis = c.Text(10);
    x.confidence = c.Text(11);
    r.rubric.criteria.push_back(std::move(x));
  }
  return std::optional<PsaRubric>(std::move(r));
}

core::Status AssessmentStore::InsertCriteria(int64_t rubric_id,
                                             const statistics::AssessmentRubric& r) {
  int64_t position = 0;
  for (const statistics::AssessmentCriterion& c : r.criteria) {
    IPE_RETURN_IF_ERROR(
        tx_.Exec(
               "INSERT INTO psa_criteria (rubric_id, position, criterion_key, name, kind, "
               "indicator, scoring, direction, per_capita, low, high, max_points, basis, "
               "confidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
               {rubric_id, position++, c.key, c.name, c.kind, c.indicator, c.scoring, c.direction,
                int64_t{c.per_capita ? 1 : 0}, c.low, c.high, c.max_points, c.basis, c.confidence})
            .status());
  }
  return core::Status::Ok();
}

core::Result<int64_t> AssessmentStore::Insert(const PsaRubric& r) {
  IPE_ASSIGN_OR_RETURN(
      auto rows,
      tx_.Query(
          "INSERT INTO psa_rubrics (year, assessor_region, status, source_version, "
          "updated_by, updated_by_name, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
          {int64_t{r.year}, r.assessor_region, r.status, r.source_version, Value(r.updated_by),
           r.updated_by_name, r.updated_at.seconds}));
  const int64_t id = rows[0].Int(0);
  IPE_RETURN_IF_ERROR(InsertCriteria(id, r.rubric));
  return id;
}

core::Status AssessmentStore::Update(const PsaRubric& r, int64_t expected_version) {
  IPE_ASSIGN_OR_RETURN(
      int64_t changed,
      tx_.Exec(
          "UPDATE psa_rubrics SET updated_by = ?, updated_by_name = ?, updated_at = ?, "
          "version = version + 1 WHERE id = ? AND version = ? AND status = 'draft'",
          {Value(r.updated_by), r.updated_by_name, r.updated_at.seconds, r.id, expected_version}));
  if (changed == 0) return core::FailedPrecondition("评分细则已被他人修改，请刷新后重试");
  IPE_RETURN_IF_ERROR(tx_.Exec("DELETE FROM psa_criteria WHERE rubric_id = ?", {r.id}).status());
  return InsertCriteria(r.id, r.rubric);
}

core::Status AssessmentStore::Touch(int64_t rubric_id) {
  return tx_.Exec("UPDATE psa_rubrics SET version = version + 1 WHERE id = ?", {rubric_id})
      .status();
}

core::Status AssessmentStore::MarkPublished(int64_t rubric_id, std::optional<int64_t> by,
                                            const std::string& by_name, core::Timestamp now,
                                            int64_t expected_version) {
  IPE_ASSIGN_OR_RETURN(
      int64_t changed,
      tx_.Exec("UPDATE psa_rubrics SET status = 'published', published_by = ?, "
               "published_by_name = ?, published_at = ?, version = version + 1 WHERE id = ? AND "
               "version = ? AND status = 'draft'",
               {Value(by), by_name, now.seconds, rubric_id, expected_version}));
  if (changed == 0) return core::FailedPrecondition("考核已被他人修改或已公布，请刷新后重试");
  return core::Status::Ok();
}

core::Result<std::vector<PsaManualPoints>> AssessmentStore::ManualPoints(int64_t rubric_id) {
  IPE_ASSIGN_OR_RETURN(
      auto rows, tx_.Query("SELECT region_code, criterion_key, points, reason, entered_by_name, "
                           "entered_at FROM psa_manual_points WHERE rubric_id = ? ORDER BY "
                           "region_code, criterion_key",
                           {rubric_id}));
  std::vector<PsaManualPoints> out;
  for (const Row& r : rows) {
    out.push_back(
        {r.Text(0), r.Text(1), r.Int(2), r.Text(3), r.Text(4), core::Timestamp{r.Int(5)}});
  }
  return out;
}

core::Status AssessmentStore::PutManualPoints(int64_t rubric_id, const PsaManualPoints& m,
                                              std::optional<int64_t> by) {
  IPE_RETURN_IF_ERROR(
      tx_.Exec("DELETE FROM psa_manual_points WHERE rubric_id = ? AND region_code = ? AND "
               "criterion_key = ?",
               {rubric_id, m.region_code, m.criterion_key})
          .status());
  return tx_
      .Exec(
          "INSERT INTO psa_manual_points (rubric_id, region_code, criterion_key, points, reason, "
          "entered_by, entered_by_name, entered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
          {rubric_id, m.region_code, m.criterion_key, m.points, m.reason, Value(by),
           m.entered_by_name, m.entered_at.seconds})
      .status();
}

core::Status AssessmentStore::DeleteManualPointsNotIn(int64_t rubric_id,
                                                      const std::vector<std::string>& keys) {
  IPE_ASSIGN_OR_RETURN(auto manual, ManualPoints(rubric_id));
  for (const PsaManualPoints& m : manual) {
    bool kept = false;
    for (const std::string& k : keys) kept = kept || k == m.criterion_key;
    if (kept) continue;
    IPE_RETURN_IF_ERROR(
        tx_.Exec("DELETE FROM psa_manual_points WHERE rubric_id = ? AND criterion_key = ?",
                 {rubric_id, m.criterion_key})
            .status());
  }
  return core::Status::Ok();
}

core::Status AssessmentStore::InsertScores(int64_t rubric_id, const std::vector<PsaScore>& scores) {
  for (const PsaScore& s : scores) {
    IPE_RETURN_IF_ERROR(tx_.Exec("INSERT INTO psa_scores (rubric_id, region_code, total, ranking) "
                                 "VALUES (?, ?, ?, ?)",
                                 {rubric_id, s.region_code, s.total, int64_t{s.rank}})
                            .status());
    for (const PsaItem& i : s.items) {
      IPE_RETURN_IF_ERROR(
          tx_.Exec("INSERT INTO psa_score_items (rubric_id, region_code, criterion_key, figure, "
                   "raw_value, points, reason) VALUES (?, ?, ?, ?, ?, ?, ?)",
                   {rubric_id, s.region_code, i.criterion_key, Value(i.figure), Value(i.raw_value),
                    i.points, i.reason})
              .status());
    }
  }
  return core::Status::Ok();
}

core::Result<std::vector<PsaScore>> AssessmentStore::Scores(int64_t rubric_id) {
  IPE_ASSIGN_OR_RETURN(
      auto rows, tx_.Query("SELECT region_code, total, ranking FROM psa_scores WHERE rubric_id = ? "
                           "ORDER BY ranking, region_code",
                           {rubric_id}));
  IPE_ASSIGN_OR_RETURN(auto items,
                       tx_.Query("SELECT i.region_code, i.criterion_key, i.figure, i.raw_value, "
                                 "i.points, i.reason FROM psa_score_items i JOIN psa_criteria c ON "
                                 "c.rubric_id = i.rubric_id AND c.criterion_key = i.criterion_key "
                                 "WHERE i.rubric_id = ? ORDER BY i.region_code, c.position",
                                 {rubric_id}));
  std::map<std::string, std::vector<PsaItem>> by_region;
  for (const Row& r : items) {
    by_region[r.Text(0)].push_back({r.Text(1), r.OptInt(2), r.OptInt(3), r.Int(4), r.Text(5)});
  }
  std::vector<PsaScore> out;
  for (const Row& r : rows) {
    PsaScore s{r.Text(0), r.Int(1), static_cast<int>(r.Int(2)), {}};
    s.items = std::move(by_region[s.region_code]);
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace ipe::app
