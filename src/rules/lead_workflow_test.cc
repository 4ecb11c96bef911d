#include "rules/lead_workflow.h"

#include <gtest/gtest.h>

namespace ipe::rules {
namespace {

constexpr LeadStatus kAll[] = {LeadStatus::kNew, LeadStatus::kAccepted, LeadStatus::kDismissed,
                               LeadStatus::kConverted, LeadStatus::kMerged};

TEST(LeadWorkflow, NamesRoundTripAndUnknownNamesAreRefused) {
  for (LeadStatus s : kAll) {
    EXPECT_EQ(ParseLeadStatus(LeadStatusName(s)), s);
    EXPECT_FALSE(LeadStatusLabel(s).empty());
  }
  EXPECT_FALSE(ParseLeadStatus("screening").has_value());
  EXPECT_FALSE(ParseLeadStatus("").has_value());
}

TEST(LeadWorkflow, ScreeningOnlyFromNew) {
  EXPECT_EQ(*NextLeadStatus(LeadStatus::kNew, LeadAction::kAccept), LeadStatus::kAccepted);
  EXPECT_EQ(*NextLeadStatus(LeadStatus::kNew, LeadAction::kDismiss), LeadStatus::kDismissed);
  for (LeadStatus s : kAll) {
    if (s == LeadStatus::kNew) continue;
    auto r = NextLeadStatus(s, LeadAction::kAccept);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code(), core::StatusCode::kFailedPrecondition);
    EXPECT_NE(r.error().message().find("线索已研判"), std::string::npos);
    EXPECT_NE(r.error().message().find(std::string(LeadStatusLabel(s))), std::string::npos);
  }
}

TEST(LeadWorkflow, ConversionNeedsAnAcceptedLeadLinkingAnOpenOne) {
  EXPECT_EQ(*NextLeadStatus(LeadStatus::kAccepted, LeadAction::kConvert), LeadStatus::kConverted);
  EXPECT_FALSE(NextLeadStatus(LeadStatus::kNew, LeadAction::kConvert).has_value());
  EXPECT_EQ(*NextLeadStatus(LeadStatus::kNew, LeadAction::kLinkCase), LeadStatus::kConverted);
  EXPECT_EQ(*NextLeadStatus(LeadStatus::kAccepted, LeadAction::kLinkCase), LeadStatus::kConverted);
}

TEST(LeadWorkflow, ClosedLeadsTakeNoActionAndOpenOnesAreNewOrAccepted) {
  for (LeadStatus s : {LeadStatus::kDismissed, LeadStatus::kConverted, LeadStatus::kMerged}) {
    EXPECT_FALSE(IsOpenLead(s));
    for (LeadAction a : {LeadAction::kAccept, LeadAction::kDismiss, LeadAction::kReassign,
                         LeadAction::kConvert, LeadAction::kLinkCase, LeadAction::kMerge}) {
      EXPECT_FALSE(NextLeadStatus(s, a).has_value()) << LeadStatusName(s);
    }
  }
  EXPECT_TRUE(IsOpenLead(LeadStatus::kNew));
  EXPECT_TRUE(IsOpenLead(LeadStatus::kAccepted));
  EXPECT_EQ(*NextLeadStatus(LeadStatus::kAccepted, LeadAction::kReassign), LeadStatus::kNew);
  EXPECT_EQ(*NextLeadStatus(LeadStatus::kAccepted, LeadAction::kMerge), LeadStatus::kMerged);
}

}  // namespace
}  // namespace ipe::rules
