// 高发地区 at the use-case level, on SQLite and PostgreSQL, with a fake clock: cases registered
// over three years in Shanghai every year and in Guangdong in two of them make Shanghai, and only
// Shanghai, a candidate of the persistent rule, with the yearly counts that were registered; only
// national viewers may ask; a bad year or rule names its field.
#include "app/statistics/high_incidence.h"

#include <gtest/gtest.h>

#include "cases_over_years.h"

namespace ipe::app {
namespace {

using HighIncidenceTest = CasesOverYearsTest;

TEST_P(HighIncidenceTest, APersistentlyHighProvinceIsTheOnlyCandidate) {
  Register("sh_officer", 2023, 3);
  Register("gd_officer", 2023, 2);
  Register("sh_officer", 2024, 3);
  Register("sh_officer", 2025, 4);
  Register("gd_officer", 2025, 5);
  clock_.Set(*core::ParseTimestamp("2026-01-15T10:00:00+08:00"));

  auto found = FindHighIncidence(*ctx_, As("office"), 2025, "persistent_top");
  ASSERT_TRUE(found.has_value()) << found.error().ToString();
  ASSERT_EQ(found->candidates.size(), 1u);
  const HighIncidenceCandidate& c = found->candidates[0];
  EXPECT_EQ(c.candidate.region, "310000");
  EXPECT_EQ(c.region_name, "上海市");
  ASSERT_EQ(c.candidate.years.size(), 3u);
  EXPECT_EQ(c.candidate.years[0].year, 2023);
  EXPECT_EQ(c.candidate.years[0].count, 3);
  EXPECT_EQ(c.candidate.years[1].count, 3);
  EXPECT_EQ(c.candidate.years[2].count, 4);
  // 4 cases in 24,870,895 people: 0.016 per 100,000 → 1 hundredth (rounded down).
  EXPECT_EQ(c.candidate.years[2].per_100k_hundredths, 4 * 100 * 100000 / 24870895);
  EXPECT_EQ(found->population_confidence, "S");
  // For 2024 the three years are 2022–2024, and Shanghai registered nothing in 2022.
  auto earlier = FindHighIncidence(*ctx_, As("office"), 2024, "persistent_top");
  ASSERT_TRUE(earlier.has_value());
  EXPECT_TRUE(earlier->candidates.empty());

  // Provincial viewers cannot rank other provinces; the police read no statistics.
  EXPECT_EQ(FindHighIncidence(*ctx_, As("sh_officer"), 2025, "persistent_top").error().code(),
            core::StatusCode::kPermissionDenied);
  EXPECT_EQ(FindHighIncidence(*ctx_, As("sh_police"), 2025, "persistent_top").error().code(),
            core::StatusCode::kPermissionDenied);
  auto bad = FindHighIncidence(*ctx_, As("office"), 2031, "nonsense");
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().field_errors().size(), 2u);
}

INSTANTIATE_TEST_SUITE_P(Backends, HighIncidenceTest, ::testing::Values("sqlite", "postgres"));

}  // namespace
}  // namespace ipe::app
