#include "app/permissions.h"

#include <gtest/gtest.h>

namespace ipe::app {
namespace {

TEST(RegionWithin, CoversTheSubtreeByCodeStructure) {
  EXPECT_TRUE(RegionWithin("000000", "440305"));
  EXPECT_TRUE(RegionWithin("440000", "440000"));
  EXPECT_TRUE(RegionWithin("440000", "440305"));
  EXPECT_TRUE(RegionWithin("440300", "440305"));
  EXPECT_TRUE(RegionWithin("440305", "440305"));
  EXPECT_TRUE(RegionWithin("310000", "310115"));
  EXPECT_TRUE(RegionWithin("420000", "429004"));  // 省直辖县 belongs to its province
  EXPECT_FALSE(RegionWithin("440300", "440100"));
  EXPECT_FALSE(RegionWithin("440305", "440300"));
  EXPECT_FALSE(RegionWithin("440000", "450000"));
  EXPECT_FALSE(RegionWithin("310115", "000000"));
  EXPECT_FALSE(RegionWithin("44", "440305"));
}

TEST(RegionWithin, FailsClosedOnCodesTheTableDoesNotKnow) {
  // 440399 and 449900 have the digits of a Shenzhen or Guangdong code but are no region.
  EXPECT_FALSE(RegionWithin("440300", "440399"));
  EXPECT_FALSE(RegionWithin("440000", "449900"));
  EXPECT_FALSE(RegionWithin("449900", "449900"));
  EXPECT_TRUE(RegionWithin("000000", "449900"));  // the nation covers everything
  EXPECT_TRUE(RegionWithin("110100", "110105"));  // 北京 市辖区 grouping row
}

Principal Officer(int64_t agency, const std::string& region, std::vector<Role> roles) {
  Principal p;
  p.user_id = 7;
  p.login = "x";
  p.agency_id = agency;
  p.region_code = region;
  p.roles = std::move(roles);
  return p;
}

TEST(CanSeeRecord, OfficersSeeTheirAgencyWithinTheirRegion) {
  Principal officer = Officer(5, "310000", {Role::kOfficer});
  EXPECT_TRUE(CanSeeRecord(officer, 5, "310115"));
  EXPECT_FALSE(CanSeeRecord(officer, 6, "310115"));  // another agency, same region
  EXPECT_FALSE(CanSeeRecord(officer, 5, "440300"));  // own agency id but outside the region
}

TEST(CanSeeRecord, SupervisorsSeeEveryAgencyInTheirRegionOnly) {
  Principal prosecutor = Officer(9, "310000", {Role::kProsecutor});
  EXPECT_TRUE(CanSeeRecord(prosecutor, 5, "310115"));
  EXPECT_FALSE(CanSeeRecord(prosecutor, 5, "440300"));
  EXPECT_TRUE(CanSeeRecord(Principal::System(), 5, "440300"));
}

TEST(RequireAnyRole, DeniesWithoutTheRole) {
  Principal officer = Officer(5, "310000", {Role::kOfficer});
  EXPECT_EQ(RequireAnyRole(officer, {Role::kAdmin}, "x").code(), core::StatusCode::kPermissionDenied);
  EXPECT_TRUE(RequireAnyRole(officer, {Role::kAdmin, Role::kOfficer}, "x").ok());
}

}  // namespace
}  // namespace ipe::app
