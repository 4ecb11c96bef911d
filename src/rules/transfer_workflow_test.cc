#include "rules/transfer_workflow.h"

#include <gtest/gtest.h>

#include <deque>
#include <set>

#include "rules/pack.h"

namespace ipe::rules {
namespace {

constexpr TransferAction kAllActions[] = {
    TransferAction::kApprove,       TransferAction::kReject,       TransferAction::kSend,
    TransferAction::kReceive,       TransferAction::kForward,      TransferAction::kFile,
    TransferAction::kNotFile,       TransferAction::kHandover,     TransferAction::kRequestReview,
    TransferAction::kReviewUphold,  TransferAction::kReviewReverse,
    TransferAction::kProposeSupervision, TransferAction::kReturn,
    TransferAction::kExtend};

TEST(TransferWorkflowTest, EveryActionHasARowAndANameThatRoundTrips) {
  for (TransferAction a : kAllActions) {
    EXPECT_EQ(TransitionFor(a).action, a);
    EXPECT_EQ(ParseTransferAction(TransferActionName(a)), a);
  }
  EXPECT_FALSE(ParseTransferAction("destroy"));
  EXPECT_FALSE(ParseTransferStatus("lost"));
}

TEST(TransferWorkflowTest, EveryClockIsAStepOfTheDeadlinePacks) {
  // A clock named here but missing from rules/deadlines would silently never run.
  EXPECT_NE(DefaultRuleSet().FindStep(kTransferStartClock), nullptr);
  for (TransferAction a : kAllActions) {
    const auto& t = TransitionFor(a);
    if (!t.clock_step.empty()) {
      EXPECT_NE(DefaultRuleSet().FindStep(t.clock_step), nullptr) << t.clock_step;
    }
  }
}

TEST(TransferWorkflowTest, EveryStatusIsReachableFromTheStartAndNamed) {
  std::set<TransferStatus> seen{kTransferStartStatus};
  std::deque<TransferStatus> todo{kTransferStartStatus};
  while (!todo.empty()) {
    TransferStatus s = todo.front();
    todo.pop_front();
    EXPECT_EQ(ParseTransferStatus(TransferStatusName(s)), s);
    for (TransferAction a : kAllActions) {
      auto next = NextTransferStatus(s, a);
      if (next.has_value() && seen.insert((*next)->to).second) todo.push_back((*next)->to);
    }
  }
  EXPECT_EQ(seen.size(), 12u);
  std::set<TransferStatus> final_states;
  for (TransferStatus s : seen) {
    if (IsFinalTransferStatus(s)) final_states.insert(s);
  }
  EXPECT_EQ(final_states, (std::set<TransferStatus>{TransferStatus::kRejected,
                                                    TransferStatus::kHandedOver,
                                                    TransferStatus::kSupervisionProposed,
                                                    TransferStatus::kReturned}));
}

TEST(TransferWorkflowTest, TheHeadDecidesFirstAndOnlyThenTheCaseIsSent) {
  auto approve = NextTransferStatus(TransferStatus::kAwaitingDecision, TransferAction::kApprove);
  ASSERT_TRUE(approve.has_value());
  EXPECT_EQ((*approve)->to, TransferStatus::kApproved);
  EXPECT_EQ((*approve)->party, TransferParty::kAgencyHead);
  EXPECT_EQ((*approve)->clock_step, "transfer_to_police");
  auto early = NextTransferStatus(TransferStatus::kAwaitingDecision, TransferAction::kSend);
  ASSERT_FALSE(early.has_value());
  EXPECT_EQ(early.error().code(), core::StatusCode::kFailedPrecondition);
  EXPECT_NE(early.error().message().find("待负责人审批"), std::string::npos);
  EXPECT_TRUE(TransitionFor(TransferAction::kReject).reasons_required);
  EXPECT_TRUE(TransitionFor(TransferAction::kNotFile).reasons_required);
  EXPECT_EQ(TransitionFor(TransferAction::kReceive).party, TransferParty::kPolice);
}

TEST(TransferWorkflowTest, SentMeansTheCaseLeftTheAgency) {
  EXPECT_FALSE(WasSentToPolice(TransferStatus::kAwaitingDecision));
  EXPECT_FALSE(WasSentToPolice(TransferStatus::kApproved));
  EXPECT_FALSE(WasSentToPolice(TransferStatus::kRejected));
  EXPECT_TRUE(WasSentToPolice(TransferStatus::kSent));
  EXPECT_TRUE(WasSentToPolice(TransferStatus::kNotFiled));
  EXPECT_TRUE(WasSentToPolice(TransferStatus::kReturned));
}

// Issue 13 point 2: the police decision clock (经济犯罪规定 第十六条) and its two extensions.
TEST(TransferWorkflowTest, Issue13DecisionExtensionsFollowEachOther) {
  EXPECT_EQ(NextTransferStatus(TransferStatus::kSent, TransferAction::kReceive).value()->clock_step,
            kPoliceDecisionClock);
  auto complex = ExtensionFor(kPoliceDecisionClock, "complex");
  ASSERT_TRUE(complex.has_value());
  EXPECT_EQ((*complex)->to_step, "police_economic_decision_complex");
  EXPECT_FALSE((*complex)->from_expiry);
  auto special = ExtensionFor("police_economic_decision_complex", "special");
  ASSERT_TRUE(special.has_value());
  EXPECT_EQ((*special)->to_step, "police_economic_decision_extended");
  EXPECT_TRUE((*special)->from_expiry);
  EXPECT_EQ(ExtensionFor(kPoliceDecisionClock, "special").error().code(),
            core::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ExtensionFor("police_economic_decision_extended", "special").error().code(),
            core::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ExtensionFor(kPoliceDecisionClock, "forever").error().code(),
            core::StatusCode::kInvalidArgument);
  EXPECT_TRUE(NextTransferStatus(TransferStatus::kAccepted, TransferAction::kExtend).has_value());
  EXPECT_FALSE(NextTransferStatus(TransferStatus::kFiled, TransferAction::kExtend).has_value());
  for (const DecisionExtension& e : DecisionExtensions()) {
    EXPECT_NE(DefaultRuleSet().FindStep(e.from_step), nullptr) << e.from_step;
    EXPECT_NE(DefaultRuleSet().FindStep(e.to_step), nullptr) << e.to_step;
  }
}

}  // namespace
}  // namespace ipe::rules
