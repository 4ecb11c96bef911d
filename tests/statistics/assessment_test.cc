// 平安建设考核 at the use-case level, on SQLite and PostgreSQL: the national office's rubric for a
// year, scores computed from cases registered over that year (equal to what QueryFigure says),
// manual items with reasons, the ranking, publication (frozen: later records and edits change
// nothing), the export read back; bad input names its field and writes nothing; a provincial office
// assesses its prefectures and no other province's; others read their own region's line once
// published.
#include "app/statistics/assessment.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "app/statistics/statistics.h"
#include "core/csv.h"
#include "demo_fixture.h"
#include "sheet/sheet.h"
#include "statistics/high_incidence.h"

namespace ipe::app {
namespace {

class AssessmentTest : public StatisticsDemoTest {
 protected:
  AssessmentTest() : StatisticsDemoTest("psa", "2025-01-15T10:00:00+08:00") {}

  std::map<std::string, std::optional<int64_t>> Figure(const Principal& who,
                                                       const std::string& indicator,
                                                       const std::string& group,
                                                       std::optional<std::string> region) {
    FigureQuery q;
    q.request = {indicator, "2023-01", "2023-12", group, {}};
    q.region = region;
    auto f = QueryFigure(*ctx_, who, q);
    EXPECT_TRUE(f.has_value()) << f.error().ToString();
    std::map<std::string, std::optional<int64_t>> out;
    if (f.has_value()) {
      for (const LabelledRow& r : f->rows) out[r.row.key] = r.row.value;
    }
    return out;
  }

  static const PsaItem& Item(const PsaScore& s, const std::string& key) {
    for (const PsaItem& i : s.items) {
      if (i.criterion_key == key) return i;
    }
    ADD_FAILURE() << "no item " << key;
    return s.items.front();
  }

  static std::set<std::string> Fields(const core::Status& st) {
    std::set<std::string> out;
    for (const auto& fe : st.field_errors()) out.insert(fe.field);
    return out;
  }

  Principal ProvincialOffice() {
    NewUser u;
    u.login = "gd_office";
    u.display_name = "广东协调";
    u.password = "Gd-Office#2026-psa";
    u.roles = {"office"};
    u.agency_id = As("gd_officer").agency_id;
    u.region_code = "440000";
    EXPECT_TRUE(CreateUser(*ctx_, Principal::System(), u).has_value());
    return As("gd_office");
  }
};

TEST_P(AssessmentTest, RubricScoresFromTheFiguresManualItemsRankingPublishFrozenExport) {
  // 2023: a year before the demo's records. Shanghai registers 6 cases, Guangdong 3.
  clock_.Set(*core::ParseTimestamp("2023-06-10T10:00:00+08:00"));
  Register("sh_officer", 6, "psa", "2023-05-01");
  Register("gd_officer", 3, "psa", "2023-05-01");
  clock_.Set(*core::ParseTimestamp("2024-02-01T10:00:00+08:00"));
  const Principal office = As("office");

  // Until saved, the default rubric is offered (version 0); the office saves it.
  auto offered = GetAssessmentRubric(*ctx_, office, 2023, "000000");
  ASSERT_TRUE(offered.has_value()) << offered.error().ToString();
  EXPECT_EQ(offered->version, 0);
  EXPECT_EQ(offered->rubric.MaxTotal(), 100);
  EXPECT_EQ(
      SetManualPoints(*ctx_, office, 2023, {"310000", "organisation", 10, "先评分"}).error().code(),
      core::StatusCode::kFailedPrecondition);  // no rubric stored yet
  auto saved = SaveAssessmentRubric(*ctx_, office, 2023, offered->rubric, 0);
  ASSERT_TRUE(saved.has_value()) << saved.error().ToString();
  EXPECT_EQ(saved->version, 1);
  EXPECT_EQ(SaveAssessmentRubric(*ctx_, office, 2023, offered->rubric, 0).error().code(),
            core::StatusCode::kFailedPrecondition);  // stale version

  // The computed items are the figures of the statistics API for the year, by province.
  auto board = AssessmentBoard(*ctx_, office, 2023, "000000", {1, 50});
  ASSERT_TRUE(board.has_value()) << board.error().ToString();
  EXPECT_TRUE(board->full);
  EXPECT_TRUE(board->can_manage);
  ASSERT_EQ(board->scores.total, 31);
  const auto cases = Figure(office, "cases_opened", "province", std::nullopt);
  const auto rate = Figure(office, "transfer_rate", "province", std::nullopt);
  ASSERT_EQ(cases.at("310000"), 6);
  ASSERT_EQ(cases.at("440000"), 3);
  const auto& population = statistics::DefaultPopulation().by_region;
  for (const PsaScore& s : board->scores.items) {
    const PsaItem& c = Item(s, "cases_per_capita");
    auto found = cases.find(s.region_code);
    EXPECT_EQ(c.raw_value.value_or(-1), found == cases.end() ? 0 : found->second.value_or(0))
        << s.region_code;
    EXPECT_EQ(c.figure, statistics::PerCapitaHundredths(*c.raw_value, population.at(s.region_code)))
        << s.region_code;
    auto r = rate.find(s.region_code);
    EXPECT_EQ(Item(s, "transfer_rate").raw_value, r == rate.end() ? std::nullopt : r->second)
        << s.region_code;
  }
  // Shanghai has the most cases per head: the rank item's full 20 points; Guangdong second.
  const PsaScore& first = board->scores.items[0];
  EXPECT_EQ(first.region_code, "310000");
  EXPECT_EQ(first.rank, 1);
  EXPECT_EQ(Item(first, "cases_per_capita").points, 2000);
  EXPECT_EQ(board->missing.size(), 31u * 3u);  // three manual items per province, none entered

  // Manual items: every bad field named, nothing written.
  auto bad = SetManualPoints(*ctx_, office, 2023, {"440300", "transfer_rate", 25, " "});
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(Fields(bad.error()), (std::set<std::string>{"region_code", "criterion", "reason"}));
  EXPECT_EQ(
      Fields(SetManualPoints(*ctx_, office, 2023, {"440000", "organisation", 21, "超出"}).error()),
      (std::set<std::string>{"points"}));
  EXPECT_EQ(SetManualPoints(*ctx_, As("sh_officer"), 2023, {"310000", "organisation", 10, "越权"})
                .error()
                .code(),
            core::StatusCode::kPermissionDenied);
  EXPECT_EQ(Count("SELECT count(*) FROM psa_manual_points"), 0);
  ASSERT_TRUE(SetManualPoints(*ctx_, office, 2023,
                              {"440000", "organisation", 19, "领导小组运转正常，经费落实"})
                  .has_value());
  ASSERT_TRUE(
      SetManualPoints(*ctx_, office, 2023, {"440000", "rectification", 10, "挂牌督办整改到位"})
          .has_value());
  ASSERT_TRUE(
      SetManualPoints(*ctx_, office, 2023, {"440000", "publicity", 9, "宣传活动"}).has_value());

  // The ranking follows: Guangdong's manual 38 points put it first.
  board = AssessmentBoard(*ctx_, office, 2023, "000000", {1, 50});
  ASSERT_TRUE(board.has_value());
  const PsaScore& gd = board->scores.items[0];
  EXPECT_EQ(gd.region_code, "440000");
  int64_t sum = 0;
  for (const PsaItem& i : gd.items) sum += i.points;
  EXPECT_EQ(gd.total, sum);
  EXPECT_EQ(Item(gd, "organisation").points, 1900);
  EXPECT_EQ(Item(gd, "organisation").reason, "领导小组运转正常，经费落实");
  EXPECT_EQ(board->scores.items[1].region_code, "310000");
  EXPECT_EQ(board->missing.size(), 31u * 3u - 3u);
  for (size_t i = 1; i < board->scores.items.size(); ++i) {
    EXPECT_GE(board->scores.items[i - 1].total, board->scores.items[i].total);
  }

  // Nobody else sees a draft; only the office publishes, with the version it read, after the year.
  EXPECT_EQ(AssessmentBoard(*ctx_, As("sh_officer"), 2023, "000000", {1, 50})->scores.total, 0);
  EXPECT_EQ(PublishAssessment(*ctx_, As("sh_officer"), 2023, board->rubric.version).error().code(),
            core::StatusCode::kPermissionDenied);
  EXPECT_EQ(PublishAssessment(*ctx_, office, 2023, board->rubric.version - 1).error().code(),
            core::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Fields(PublishAssessment(*ctx_, office, 2024, 1).error()),
            (std::set<std::string>{"year"}));
  auto published = PublishAssessment(*ctx_, office, 2023, board->rubric.version);
  ASSERT_TRUE(published.has_value()) << published.error().ToString();
  EXPECT_EQ(published->status, "published");

  // Frozen: no edits, and later registrations in 2023 leave the published scores alone.
  EXPECT_EQ(
      SaveAssessmentRubric(*ctx_, office, 2023, offered->rubric, published->version).error().code(),
      core::StatusCode::kFailedPrecondition);
  EXPECT_EQ(
      SetManualPoints(*ctx_, office, 2023, {"310000", "organisation", 5, "补评"}).error().code(),
      core::StatusCode::kFailedPrecondition);
  clock_.Set(*core::ParseTimestamp("2023-11-10T10:00:00+08:00"));
  Register("gd_officer", 40, "late", "2023-10-01");
  clock_.Set(*core::ParseTimestamp("2024-02-02T10:00:00+08:00"));
  EXPECT_EQ(Figure(office, "cases_opened", "province", std::nullopt).at("440000"), 43);
  auto frozen = AssessmentBoard(*ctx_, office, 2023, "000000", {1, 50});
  ASSERT_TRUE(frozen.has_value());
  ASSERT_EQ(frozen->scores.items.size(), board->scores.items.size());
  for (size_t i = 0; i < frozen->scores.items.size(); ++i) {
    EXPECT_EQ(frozen->scores.items[i].region_code, board->scores.items[i].region_code);
    EXPECT_EQ(frozen->scores.items[i].total, board->scores.items[i].total);
    EXPECT_EQ(frozen->scores.items[i].rank, board->scores.items[i].rank);
  }
  EXPECT_EQ(Item(frozen->scores.items[0], "cases_per_capita").raw_value, 3);

  // Published: a Shenzhen officer sees Guangdong's line (rank 1), a Shanghai officer Shanghai's.
  auto sz = AssessmentBoard(*ctx_, As("sz_officer"), 2023, "000000", {1, 50});
  ASSERT_TRUE(sz.has_value());
  ASSERT_EQ(sz->scores.total, 1);
  EXPECT_EQ(sz->scores.items[0].region_code, "440000");
  EXPECT_EQ(sz->scores.items[0].rank, 1);
  EXPECT_FALSE(sz->full);
  auto sh = AssessmentBoard(*ctx_, As("sh_officer"), 2023, "000000", {1, 50});
  ASSERT_EQ(sh->scores.total, 1);
  EXPECT_EQ(sh->scores.items[0].region_code, "310000");

  // The export, read back: the ranking as on the board.
  auto xlsx = ExportAssessment(*ctx_, office, 2023, "000000", "xlsx");
  ASSERT_TRUE(xlsx.has_value()) << xlsx.error().ToString();
  auto sheets = sheet::ReadXlsx(xlsx->body);
  ASSERT_TRUE(sheets.has_value()) << sheets.error().ToString();
  const auto& rows = (*sheets)[0].rows;
  ASSERT_GE(rows.size(), 32u);
  EXPECT_EQ(rows[0][0].text, "排名");
  const size_t total_col = rows[0].size() - 1;
  for (size_t i = 0; i < 31; ++i) {
    const PsaScore& s = frozen->scores.items[i];
    EXPECT_EQ(rows[i + 1][2].text, s.region_code);
    EXPECT_EQ(rows[i + 1][0].text, std::to_string(s.rank));
    EXPECT_NEAR(std::stod(rows[i + 1][total_col].text), static_cast<double>(s.total) / 100.0, 0.001)
        << s.region_code;
  }
  auto csv = ExportAssessment(*ctx_, office, 2023, "000000", "csv");
  ASSERT_TRUE(csv.has_value());
  auto parsed = core::ParseCsv(csv->body.substr(3));  // after the BOM
  ASSERT_TRUE(parsed.has_value()) << parsed.error().ToString();
  ASSERT_EQ(parsed->size(), 33u);  // the note, the header, 31 provinces
  const std::vector<std::string>& top = (*parsed)[2].cells;
  EXPECT_EQ(top[0], "1");
  EXPECT_EQ(top[1], "广东省");
  // 19 + 10 + 9 manual points and the computed ones, as hundredths written with two decimals.
  const int64_t gd_total = frozen->scores.items[0].total;
  EXPECT_GT(gd_total, 3800);
  const std::string cents = std::to_string(gd_total % 100);
  EXPECT_EQ(top.back(),
            std::to_string(gd_total / 100) + "." + (cents.size() < 2 ? "0" + cents : cents));
  EXPECT_EQ(ExportAssessment(*ctx_, office, 2023, "000000", "pdf").error().code(),
            core::StatusCode::kInvalidArgument);

  EXPECT_EQ(Count("SELECT count(*) FROM audit_log WHERE action = 'psa_rubric.save'"), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM audit_log WHERE action = 'psa_manual.set'"), 3);
  EXPECT_EQ(Count("SELECT count(*) FROM audit_log WHERE action = 'psa_assessment.publish'"), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM audit_log WHERE action = 'export.psa_assessment'"), 2);
}

TEST_P(AssessmentTest, AProvincialOfficeAssessesItsPrefecturesAndNoOtherProvince) {
  clock_.Set(*core::ParseTimestamp("2023-06-10T10:00:00+08:00"));
  Register("sz_officer", 4, "psa", "2023-05-01");
  clock_.Set(*core::ParseTimestamp("2024-02-01T10:00:00+08:00"));
  const Principal province = ProvincialOffice();

  // The default rubric counts cases per head, which needs a population the file lacks for
  // prefectures: offered without it, refused with it.
  auto offered = GetAssessmentRubric(*ctx_, province, 2023, "440000");
  ASSERT_TRUE(offered.has_value());
  statistics::AssessmentRubric per_head = offered->rubric;
  per_head.criteria[2].per_capita = true;
  EXPECT_EQ(Fields(SaveAssessmentRubric(*ctx_, province, 2023, per_head, 0).error()),
            (std::set<std::string>{"criteria[2].per_capita"}));
  statistics::AssessmentRubric broken = offered->rubric;
  broken.criteria[0].indicator = "no_such";
  broken.criteria[3].max_points = 0;
  EXPECT_EQ(Fields(SaveAssessmentRubric(*ctx_, province, 2023, broken, 0).error()),
            (std::set<std::string>{"criteria[0].indicator", "criteria[3].max_points"}));
  EXPECT_EQ(Count("SELECT count(*) FROM psa_rubrics"), 0);
  auto saved = SaveAssessmentRubric(*ctx_, province, 2023, offered->rubric, 0);
  ASSERT_TRUE(saved.has_value()) << saved.error().ToString();
  EXPECT_EQ(saved->assessor_region, "440000");

  auto board = AssessmentBoard(*ctx_, province, 2023, "440000", {1, 50});
  ASSERT_TRUE(board.has_value()) << board.error().ToString();
  EXPECT_EQ(board->level, "prefecture");
  EXPECT_TRUE(board->can_manage);
  EXPECT_EQ(board->scores.total, static_cast<int64_t>(AssessedRegions("440000").size()));
  const auto cases = Figure(province, "cases_opened", "prefecture", std::string("440000"));
  ASSERT_EQ(cases.at("440300"), 4);
  for (const PsaScore& s : board->scores.items) {
    auto found = cases.find(s.region_code);
    EXPECT_EQ(Item(s, "cases_per_capita").raw_value,
              found == cases.end() ? 0 : found->second.value_or(0));
  }
  EXPECT_EQ(board->scores.items[0].region_code, "440300");

  // Not another province's prefectures, not the provinces, not its own province.
  EXPECT_EQ(
      Fields(
          SetManualPoints(*ctx_, province, 2023, {"310100", "organisation", 10, "越界"}).error()),
      (std::set<std::string>{"region_code"}));
  EXPECT_EQ(
      Fields(
          SetManualPoints(*ctx_, province, 2023, {"440000", "organisation", 10, "本省"}).error()),
      (std::set<std::string>{"region_code"}));
  ASSERT_TRUE(
      SetManualPoints(*ctx_, province, 2023, {"440100", "organisation", 15, "广州市组织有力"})
          .has_value());
  // Shanghai's draft is not Guangdong's to read; the national office reads Guangdong's but does
  // not manage it.
  auto other = AssessmentBoard(*ctx_, province, 2023, "310000", {1, 50});
  ASSERT_TRUE(other.has_value());
  EXPECT_FALSE(other->full);
  EXPECT_EQ(other->scores.total, 0);
  auto national = AssessmentBoard(*ctx_, As("office"), 2023, "440000", {1, 50});
  ASSERT_TRUE(national.has_value());
  EXPECT_TRUE(national->full);
  EXPECT_FALSE(national->can_manage);
  EXPECT_EQ(national->scores.total, board->scores.total);
  // A county or prefecture office does not assess; bad years and assessors are named.
  EXPECT_EQ(Fields(AssessmentBoard(*ctx_, province, 1999, "440000", {1, 50}).error()),
            (std::set<std::string>{"year"}));
  EXPECT_EQ(Fields(AssessmentBoard(*ctx_, province, 2023, "440300", {1, 50}).error()),
            (std::set<std::string>{"assessor"}));
  EXPECT_EQ(AssessmentBoard(*ctx_, As("sh_police"), 2023, "440000", {1, 50}).error().code(),
            core::StatusCode::kPermissionDenied);

  // Published by the province: the Shenzhen officer sees Shenzhen's line in Guangdong's assessment.
  auto published = PublishAssessment(*ctx_, province, 2023, national->rubric.version);
  ASSERT_TRUE(published.has_value()) << published.error().ToString();
  auto sz = AssessmentBoard(*ctx_, As("sz_officer"), 2023, "440000", {1, 50});
  ASSERT_TRUE(sz.has_value());
  ASSERT_EQ(sz->scores.total, 1);
  EXPECT_EQ(sz->scores.items[0].region_code, "440300");
  EXPECT_EQ(Count("SELECT count(*) FROM audit_log WHERE entity_type = 'psa_assessment'"), 3);
}

INSTANTIATE_TEST_SUITE_P(Backends, AssessmentTest, ::testing::Values("sqlite", "postgres"));

}  // namespace
}  // namespace ipe::app
