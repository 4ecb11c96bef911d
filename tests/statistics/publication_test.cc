// 年度数字公开 at the use-case level, on SQLite and PostgreSQL: the office freezes a past year's
// figures by province; no count of 1 … threshold-1 is stored (so none can reach the portal); the
// cells are the year's figures as QueryFigure gives them, suppressed; the portal reads the published
// year until it is withdrawn (with a reason, audited); bad input names its field and writes nothing.
#include "app/statistics/publication.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "app/statistics/statistics.h"
#include "demo_fixture.h"

namespace ipe::app {
namespace {

class PublicationTest : public StatisticsDemoTest {
 protected:
  PublicationTest() : StatisticsDemoTest("pub", "2025-01-15T10:00:00+08:00") {}
};

TEST_P(PublicationTest, APastYearIsFrozenWithSmallCountsHiddenAndWithdrawnWithAReason) {
  // 2022: a year before the demo's records (they are dated around the clock's start, 2025-01).
  clock_.Set(*core::ParseTimestamp("2022-06-10T10:00:00+08:00"));
  Register("sh_officer", 7, "pub", "2022-05-01");
  Register("gd_officer", 2, "pub", "2022-05-01");
  clock_.Set(*core::ParseTimestamp("2025-02-01T10:00:00+08:00"));
  const Principal office = As("office");

  // What the office's own statistics say of 2022, by province.
  FigureQuery q;
  q.request = {"cases_opened", "2022-01", "2022-12", "province", {}};
  auto raw = QueryFigure(*ctx_, office, q);
  ASSERT_TRUE(raw.has_value()) << raw.error().ToString();
  std::map<std::string, int64_t> by_province;
  for (const LabelledRow& r : raw->rows) by_province[r.row.key] = r.row.value.value_or(0);
  ASSERT_GE(by_province["310000"], 7);
  ASSERT_GE(by_province["440000"], 2);

  auto pub = PublishAnnualFigures(*ctx_, office, {2022, {"cases_opened", "transfer_rate"}, std::nullopt, "2022年度"});
  ASSERT_TRUE(pub.has_value()) << pub.error().ToString();
  EXPECT_EQ(pub->threshold, 5);
  ASSERT_EQ(pub->indicators.size(), 2u);
  EXPECT_EQ(pub->indicators[1].key, "transfer_rate");
  EXPECT_TRUE(pub->indicators[1].rate);

  auto shown = PublicAnnualFigures(*ctx_, 2022);
  ASSERT_TRUE(shown.has_value()) << shown.error().ToString();
  std::map<std::string, PublishedCell> cells;
  int small_hidden = 0;
  for (const PublishedCell& c : shown->cells) {
    if (c.indicator == "cases_opened") cells[c.region_code] = c;
  }
  ASSERT_EQ(cells.size(), 32u);  // 31 provinces with agencies and the national figure
  for (const auto& [code, c] : cells) {
    if (code == "000000") continue;
    const int64_t v = by_province[code];
    if (v > 0 && v < 5) {
      EXPECT_TRUE(c.suppressed) << code;
      ++small_hidden;
    }
    if (c.suppressed) {
      EXPECT_FALSE(c.value.has_value()) << code;
    } else {
      EXPECT_EQ(c.value, v) << code;
    }
  }
  EXPECT_GE(small_hidden, 1);
  // A lone hidden count takes another with it: never exactly one hidden province.
  int hidden = 0;
  for (const auto& [code, c] : cells) hidden += code != "000000" && c.suppressed ? 1 : 0;
  EXPECT_NE(hidden, 1);
  EXPECT_EQ(cells["000000"].value, raw->total.value);
  // No small count is stored anywhere, so none can reach the portal.
  EXPECT_EQ(Count("SELECT count(*) FROM stat_publication_cells WHERE indicator = 'cases_opened' AND value BETWEEN 1 AND 4"), 0);

  // One published snapshot per year; the portal lists it.
  EXPECT_EQ(PublishAnnualFigures(*ctx_, office, {2022, {}, std::nullopt, ""}).error().code(), core::StatusCode::kAlreadyExists);
  auto years = PublicAnnualFigureYears(*ctx_, {1, 20});
  ASSERT_TRUE(years.has_value());
  ASSERT_EQ(years->total, 1);
  EXPECT_EQ(years->items[0].year, 2022);

  // Withdrawal needs a reason and the current version; then the portal no longer shows the year.
  EXPECT_EQ(WithdrawAnnualFigures(*ctx_, office, pub->id, "  ", pub->version).error().code(), core::StatusCode::kInvalidArgument);
  EXPECT_EQ(WithdrawAnnualFigures(*ctx_, office, pub->id, "数字有误", pub->version + 1).error().code(),
            core::StatusCode::kFailedPrecondition);
  EXPECT_EQ(WithdrawAnnualFigures(*ctx_, As("sh_officer"), pub->id, "数字有误", pub->version).error().code(),
            core::StatusCode::kPermissionDenied);
  auto withdrawn = WithdrawAnnualFigures(*ctx_, office, pub->id, "数字有误", pub->version);
  ASSERT_TRUE(withdrawn.has_value()) << withdrawn.error().ToString();
  EXPECT_EQ(withdrawn->status, "withdrawn");
  EXPECT_EQ(PublicAnnualFigures(*ctx_, 2022).error().code(), core::StatusCode::kNotFound);
  EXPECT_EQ(PublicAnnualFigureYears(*ctx_, {1, 20})->total, 0);
  EXPECT_EQ(ListPublications(*ctx_, As("sh_officer"), {1, 20})->total, 1);
  EXPECT_EQ(Count("SELECT count(*) FROM audit_log WHERE action = 'statistics.publish'"), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM audit_log WHERE action = 'statistics.withdraw' AND after_json LIKE '%数字有误%'"), 1);
  // Published again after the withdrawal, with another threshold.
  auto again = PublishAnnualFigures(*ctx_, office, {2022, {"cases_opened"}, 3, ""});
  ASSERT_TRUE(again.has_value()) << again.error().ToString();
  EXPECT_EQ(PublicAnnualFigures(*ctx_, 2022)->threshold, 3);
}

TEST_P(PublicationTest, BadRequestsNameTheirFieldAndWriteNothing) {
  clock_.Set(*core::ParseTimestamp("2025-02-01T10:00:00+08:00"));
  auto bad = PublishAnnualFigures(*ctx_, As("office"), {2025, {"fines", "cases_opened", "cases_opened"}, 1, ""});
  ASSERT_FALSE(bad.has_value());
  std::set<std::string> fields;
  for (const auto& fe : bad.error().field_errors()) fields.insert(fe.field);
  EXPECT_EQ(fields, (std::set<std::string>{"year", "indicators", "threshold"}));
  EXPECT_EQ(PublishAnnualFigures(*ctx_, As("sh_officer"), {2024, {}, std::nullopt, ""}).error().code(),
            core::StatusCode::kPermissionDenied);
  EXPECT_EQ(PublishAnnualFigures(*ctx_, As("analyst"), {2024, {}, std::nullopt, ""}).error().code(),
            core::StatusCode::kPermissionDenied);
  EXPECT_EQ(Count("SELECT count(*) FROM stat_publications"), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM audit_log WHERE entity_type = 'stat_publication'"), 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, PublicationTest, ::testing::Values("sqlite", "postgres"));

}  // namespace
}  // namespace ipe::app
