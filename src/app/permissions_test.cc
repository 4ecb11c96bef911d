#include "app/permissions.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

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

Principal WithRoles(std::vector<Role> roles) {
  Principal p;
  p.user_id = 7;
  p.roles = std::move(roles);
  return p;
}

bool HasCode(const std::vector<std::string>& codes, const std::string& code) {
  return std::find(codes.begin(), codes.end(), code) != codes.end();
}

TEST(Capabilities, EveryCapabilityHasOneUniqueCode) {
  std::set<std::string> seen;
  for (int c = 0; c <= static_cast<int>(kLastCapability); ++c) {
    std::string code = CapabilityCode(static_cast<Capability>(c));
    EXPECT_NE(code, "unknown") << c;
    EXPECT_TRUE(seen.insert(code).second) << code;
  }
  // The system principal holds every capability.
  EXPECT_EQ(CapabilityCodes(Principal::System()).size(), seen.size());
}

TEST(Capabilities, ReportWhatTheUseCasesAllow) {
  auto police = CapabilityCodes(WithRoles({Role::kPolice}));
  EXPECT_TRUE(HasCode(police, "transfer.incoming"));
  EXPECT_FALSE(HasCode(police, "case.list"));  // police land on 移送接收, not an empty list
  EXPECT_FALSE(HasCode(police, "case.write"));
  EXPECT_FALSE(HasCode(police, "monitoring.queue"));
  EXPECT_FALSE(HasCode(police, "audit.read"));
  auto officer = CapabilityCodes(WithRoles({Role::kOfficer}));
  EXPECT_TRUE(HasCode(officer, "case.write"));
  EXPECT_FALSE(HasCode(officer, "lead_alert.read"));
  EXPECT_FALSE(HasCode(officer, "user.read"));
  EXPECT_FALSE(HasCode(officer, "transfer.approve"));
  auto head = WithRoles({Role::kAgencyHead});
  EXPECT_TRUE(Can(head, Capability::kTransferApprove));
  EXPECT_EQ(RequireCapability(WithRoles({Role::kAnalyst}), Capability::kAuditRead, "x").code(),
            core::StatusCode::kPermissionDenied);
  EXPECT_TRUE(RequireCapability(WithRoles({Role::kAuditor}), Capability::kAuditRead, "x").ok());
}

TEST(RequireAnyRole, DeniesWithoutTheRole) {
  Principal officer = Officer(5, "310000", {Role::kOfficer});
  EXPECT_EQ(RequireAnyRole(officer, {Role::kAdmin}, "x").code(),
            core::StatusCode::kPermissionDenied);
  EXPECT_TRUE(RequireAnyRole(officer, {Role::kAdmin, Role::kOfficer}, "x").ok());
}

}  // namespace
}  // namespace ipe::app
