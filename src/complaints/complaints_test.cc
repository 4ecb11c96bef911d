// The complaint and report rules as pure functions: statuses, intake validation (Order 20
// 第九条 to 第十一条, 第二十四条), the grounds, and the clocks over the National Day holiday.
#include "complaints/complaints.h"

#include <gtest/gtest.h>

#include "complaints/clocks.h"
#include "core/calendar.h"
#include "rules/pack.h"

namespace ipe::complaints {
namespace {

core::Date D(const char* s) { return *core::ParseDate(s); }
core::Timestamp T(const char* s) { return *core::ParseTimestamp(s); }

bool Names(const std::vector<FieldProblem>& problems, const std::string& field) {
  for (const auto& p : problems) {
    if (p.field == field) return true;
  }
  return false;
}

Intake GoodComplaint() {
  Intake in;
  in.kind = Kind::kComplaint;
  in.channel = "portal";
  in.subject = "consumer_rights";
  in.persons = {{"complainant", "王小明", "13912345678", "上海市徐汇区漕溪北路1号", ""}};
  in.respondent_name = "上海某某商贸有限公司";
  in.respondent_address = "上海市浦东新区张江路88号";
  in.respondent_region = "310115";
  in.request = "退货退款";
  in.facts = "购买的运动鞋开胶，商家拒绝退货";
  return in;
}

TEST(ComplaintStatus, ComplaintPath) {
  auto s = NextStatus(Kind::kComplaint, Status::kReceived, Action::kRoute);
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(*s, Status::kPending);
  EXPECT_EQ(*NextStatus(Kind::kComplaint, Status::kPending, Action::kAccept), Status::kAccepted);
  EXPECT_EQ(*NextStatus(Kind::kComplaint, Status::kAccepted, Action::kSuspend), Status::kSuspended);
  EXPECT_EQ(*NextStatus(Kind::kComplaint, Status::kSuspended, Action::kResume, Status::kAccepted),
            Status::kAccepted);
  EXPECT_EQ(*NextStatus(Kind::kComplaint, Status::kAccepted, Action::kEndMediation),
            Status::kMediationEnded);
  EXPECT_EQ(*NextStatus(Kind::kComplaint, Status::kMediationEnded, Action::kNotifyParties),
            Status::kClosed);
  // A complaint that reveals a violation becomes a lead and goes on as it was.
  EXPECT_EQ(*NextStatus(Kind::kComplaint, Status::kAccepted, Action::kConvert), Status::kAccepted);
}

TEST(ComplaintStatus, RefusesStepsOutOfTurn) {
  auto twice = NextStatus(Kind::kComplaint, Status::kAccepted, Action::kAccept);
  ASSERT_FALSE(twice.has_value());
  EXPECT_EQ(twice.error().code(), core::StatusCode::kFailedPrecondition);
  EXPECT_FALSE(NextStatus(Kind::kComplaint, Status::kRefused, Action::kAccept).has_value());
  EXPECT_FALSE(NextStatus(Kind::kComplaint, Status::kPending, Action::kFile).has_value());
  EXPECT_FALSE(NextStatus(Kind::kReport, Status::kPending, Action::kAccept).has_value());
  // Resume goes back only to where the record was.
  EXPECT_FALSE(NextStatus(Kind::kComplaint, Status::kSuspended, Action::kResume).has_value());
  EXPECT_FALSE(
      NextStatus(Kind::kComplaint, Status::kAccepted, Action::kResume, Status::kAccepted).has_value());
  EXPECT_FALSE(NextStatus(Kind::kComplaint, Status::kReceived, Action::kConvert).has_value());
}

TEST(ComplaintStatus, ReportPath) {
  EXPECT_EQ(*NextStatus(Kind::kReport, Status::kPending, Action::kConvert), Status::kConverted);
  EXPECT_EQ(*NextStatus(Kind::kReport, Status::kConverted, Action::kFile), Status::kFiled);
  EXPECT_EQ(*NextStatus(Kind::kReport, Status::kFiled, Action::kNotifyReporter), Status::kClosed);
  EXPECT_EQ(*NextStatus(Kind::kReport, Status::kPending, Action::kNotFile), Status::kNotFiled);
  EXPECT_EQ(*NextStatus(Kind::kReport, Status::kConverted, Action::kSuspend), Status::kSuspended);
  EXPECT_EQ(*NextStatus(Kind::kReport, Status::kSuspended, Action::kResume, Status::kConverted),
            Status::kConverted);
  EXPECT_FALSE(NextStatus(Kind::kReport, Status::kPending, Action::kFile).has_value());
  EXPECT_STREQ(StatusLabel(Kind::kReport, Status::kPending), "待核查");
  EXPECT_STREQ(StatusLabel(Kind::kComplaint, Status::kPending), "待受理");
  for (Kind k : {Kind::kComplaint, Kind::kReport}) {
    for (Status s : StatusesOf(k)) EXPECT_EQ(ParseStatus(StatusName(s)), s);
  }
}

TEST(ComplaintGrounds, SixRefusalGroundsWithTheThreeYearLimit) {
  EXPECT_EQ(RefusalGrounds().size(), 6u);
  const Ground* g = FindGround(RefusalGrounds(), "time_limit");
  ASSERT_NE(g, nullptr);
  EXPECT_STREQ(g->article, "第十五条第（四）项");
  EXPECT_EQ(FindGround(RefusalGrounds(), "agreement"), nullptr);
  EXPECT_NE(FindGround(MediationEndings(), "agreement"), nullptr);
  EXPECT_EQ(MediationEndings().size(), 8u);  // the seven of 第二十一条 and an agreement
}

TEST(ComplaintIntake, ComplaintNeedsWhatArticleNineSays) {
  EXPECT_TRUE(ValidateIntake(GoodComplaint()).empty());
  Intake in = GoodComplaint();
  in.persons[0].address = "";
  in.respondent_address = " ";
  in.request = "";
  auto p = ValidateIntake(in);
  EXPECT_TRUE(Names(p, "persons[0].address"));
  EXPECT_TRUE(Names(p, "respondent_address"));
  EXPECT_TRUE(Names(p, "request"));

  Intake none = GoodComplaint();
  none.persons.clear();
  EXPECT_TRUE(Names(ValidateIntake(none), "persons"));
  Intake anon = GoodComplaint();
  anon.anonymous = true;
  EXPECT_TRUE(Names(ValidateIntake(anon), "anonymous"));

  Intake bad = GoodComplaint();
  bad.channel = "fax_machine";
  bad.subject = "weather";
  bad.respondent_region = "3101";
  p = ValidateIntake(bad);
  EXPECT_TRUE(Names(p, "channel"));
  EXPECT_TRUE(Names(p, "subject"));
  EXPECT_TRUE(Names(p, "respondent_region"));
}

TEST(ComplaintIntake, AgentsAndJointComplaints) {
  Intake in = GoodComplaint();
  in.persons.push_back({"agent", "赵律师", "13800000001", "", ""});
  auto p = ValidateIntake(in);
  EXPECT_TRUE(Names(p, "power_of_attorney"));  // 第十条: the original power of attorney
  EXPECT_TRUE(Names(p, "persons[1].id_number"));
  in.power_of_attorney = true;
  in.persons[1].id_number = "11010519491231002X";
  EXPECT_TRUE(ValidateIntake(in).empty());

  Intake joint = GoodComplaint();
  joint.persons.push_back({"complainant", "李四", "13912340000", "上海市", ""});
  joint.persons.push_back({"complainant", "王五", "13912340001", "上海市", ""});
  for (int i = 0; i < 3; ++i) {
    joint.persons.push_back({"representative", "代表" + std::to_string(i), "1391234000" +
                                                                            std::to_string(i),
                             "上海市", ""});
  }
  EXPECT_TRUE(Names(ValidateIntake(joint), "persons"));  // 第十一条: two representatives at most
  joint.persons.pop_back();
  EXPECT_TRUE(ValidateIntake(joint).empty());
}

TEST(ComplaintIntake, ReportsMayBeAnonymous) {
  Intake in;
  in.kind = Kind::kReport;
  in.channel = "hotline";
  in.subject = "trademark";
  in.anonymous = true;
  in.respondent_name = "某网店";
  in.respondent_region = "440300";
  in.facts = "销售假冒注册商标的运动鞋";
  EXPECT_TRUE(ValidateIntake(in).empty());
  EXPECT_EQ(PrincipalName(in), "");
  in.facts = "";
  EXPECT_TRUE(Names(ValidateIntake(in), "facts"));
  in.facts = "线索";
  in.anonymous = false;
  EXPECT_TRUE(Names(ValidateIntake(in), "persons"));  // named: a name and a phone
  in.persons = {{"complainant", "钱举报", "13912345678", "", ""}};
  EXPECT_TRUE(ValidateIntake(in).empty());  // a reporter's address is not required
  EXPECT_EQ(PrincipalName(in), "钱举报");
}

class ComplaintClocks : public ::testing::Test {
 protected:
  const rules::RuleSet& rules_ = rules::DefaultRuleSet();
  const core::WorkCalendar& cal_ = core::Calendar();
};

// Received Monday 2020-09-28 10:00: 09-29 and 09-30 are working days 1–2, 10-01…10-08 the
// National Day and Mid-Autumn holiday, 10-09 the 3rd, Saturday 10-10 (a make-up working day) the
// 4th, 10-12, 10-13 and 10-14 the 5th to 7th: accept or refuse by 24:00 on 2020-10-14.
TEST_F(ComplaintClocks, AcceptWithinSevenWorkingDaysOverNationalDay) {
  auto c = StepClock(rules_, cal_, "complaint_accept_decision", T("2020-09-28T10:00:00+08:00"));
  ASSERT_TRUE(c.has_value()) << c.error().ToString();
  ASSERT_TRUE(c->due.has_value());
  EXPECT_EQ(core::LocalDate(c->due->AddSeconds(-1)).ToString(), "2020-10-14");
  EXPECT_EQ(c->due->ToString(), "2020-10-14T16:00:00Z");
}

// Accepted 2020-10-14: 45 working days end 2020-12-16. Appraisal from 10-20 to 10-30 takes the
// eight working days 10-21…10-30 out, so mediation ends on 2020-12-28.
TEST_F(ComplaintClocks, MediationPausedForAppraisal) {
  auto plain = StepClock(rules_, cal_, "mediation", T("2020-10-14T15:00:00+08:00"));
  ASSERT_TRUE(plain.has_value());
  EXPECT_EQ(core::LocalDate(plain->due->AddSeconds(-1)).ToString(), "2020-12-16");

  auto running = StepClock(rules_, cal_, "mediation", T("2020-10-14T15:00:00+08:00"),
                           {{D("2020-10-20"), std::nullopt}});
  ASSERT_TRUE(running.has_value());
  EXPECT_TRUE(running->paused);
  EXPECT_FALSE(running->due.has_value());
  EXPECT_EQ(running->used_working_days, 4);  // 10-15, 10-16, 10-19, 10-20

  auto resumed = StepClock(rules_, cal_, "mediation", T("2020-10-14T15:00:00+08:00"),
                           {{D("2020-10-20"), D("2020-10-30")}});
  ASSERT_TRUE(resumed.has_value());
  EXPECT_FALSE(resumed->paused);
  EXPECT_EQ(core::LocalDate(resumed->due->AddSeconds(-1)).ToString(), "2020-12-28");
}

TEST_F(ComplaintClocks, ReportVerificationAndItsExtension) {
  auto c = StepClock(rules_, cal_, "report_verify", T("2020-09-28T09:00:00+08:00"));
  ASSERT_TRUE(c.has_value());
  // 09-29, 09-30, 10-09, 10-10, 10-12…10-16, 10-19…10-23 are 14: the 15th is 2020-10-26.
  EXPECT_EQ(core::LocalDate(c->due->AddSeconds(-1)).ToString(), "2020-10-26");
  auto extended = StepClock(rules_, cal_, "report_verify", T("2020-09-28T09:00:00+08:00"), {}, 15);
  ASSERT_TRUE(extended.has_value());
  // +15: 10-27…10-30, 11-02…11-06, 11-09…11-13, 11-16.
  EXPECT_EQ(core::LocalDate(extended->due->AddSeconds(-1)).ToString(), "2020-11-16");
  auto notice = StepClock(rules_, cal_, "reporter_filing_notice", T("2020-09-30T17:00:00+08:00"));
  ASSERT_TRUE(notice.has_value());
  // 10-09, 10-10, 10-12, 10-13, 10-14.
  EXPECT_EQ(core::LocalDate(notice->due->AddSeconds(-1)).ToString(), "2020-10-14");
}

TEST_F(ComplaintClocks, BadInput) {
  EXPECT_EQ(StepClock(rules_, cal_, "no_such_step", T("2020-09-28T09:00:00+08:00")).error().code(),
            core::StatusCode::kNotFound);
  EXPECT_EQ(StepClock(rules_, cal_, "complaint_limitation", T("2020-09-28T09:00:00+08:00"))
                .error()
                .code(),
            core::StatusCode::kInvalidArgument);  // counted in years, not working days
  EXPECT_EQ(PausedDue(cal_, D("2020-10-14"), 45, {{D("2020-10-10"), D("2020-10-20")}})
                .error()
                .code(),
            core::StatusCode::kInvalidArgument);  // a pause before the start
  EXPECT_EQ(StepClock(rules_, cal_, "mediation", T("2099-01-05T09:00:00+08:00")).error().code(),
            core::StatusCode::kFailedPrecondition);  // the calendar does not cover 2099
}

TEST_F(ComplaintClocks, Urgency) {
  core::Timestamp due = T("2020-10-14T16:00:00Z");  // end of 2020-10-14 (Wednesday)
  EXPECT_EQ(*UrgencyOf(cal_, due, T("2020-10-12T09:00:00+08:00")), Urgency::kOnTime);
  EXPECT_EQ(*UrgencyOf(cal_, due, T("2020-10-13T09:00:00+08:00")), Urgency::kDueSoon);
  EXPECT_EQ(*UrgencyOf(cal_, due, T("2020-10-14T23:59:00+08:00")), Urgency::kDueSoon);
  EXPECT_EQ(*UrgencyOf(cal_, due, T("2020-10-15T00:00:00+08:00")), Urgency::kOverdue);
}

TEST_F(ComplaintClocks, ThreeYearLimit) {
  auto in_time = CheckLimitation(rules_, cal_, D("2017-10-10"), D("2020-10-09"));
  ASSERT_TRUE(in_time.has_value()) << in_time.error().ToString();
  EXPECT_FALSE(in_time->expired);
  // 2020-10-10 is a (make-up) working day: the period ends on it.
  EXPECT_EQ(in_time->last_day.ToString(), "2020-10-10");
  EXPECT_TRUE(CheckLimitation(rules_, cal_, D("2017-10-10"), D("2020-10-11"))->expired);
  // Three years from 2017-10-01 end on 2020-10-01, a holiday: extended to 2020-10-09.
  auto holiday = CheckLimitation(rules_, cal_, D("2017-10-01"), D("2020-10-09"));
  EXPECT_EQ(holiday->last_day.ToString(), "2020-10-09");
  EXPECT_FALSE(holiday->expired);
}

}  // namespace
}  // namespace ipe::complaints

namespace ipe::complaints {
namespace {

TEST(ComplaintAttachments, TypeIsToldByTheBytes) {
  EXPECT_EQ(AttachmentTypeProblem("image/png", std::string("\x89PNG\r\n\x1A\n....", 12)), "");
  EXPECT_EQ(AttachmentTypeProblem("image/jpeg", std::string("\xFF\xD8\xFF\xE0....", 8)), "");
  EXPECT_EQ(AttachmentTypeProblem("application/pdf", "%PDF-1.7\n"), "");
  EXPECT_NE(AttachmentTypeProblem("image/png", "%PDF-1.7\n"), "");      // a PDF called a PNG
  EXPECT_NE(AttachmentTypeProblem("text/html", "<html>"), "");          // not a type we take
  EXPECT_NE(AttachmentTypeProblem("image/jpeg", ""), "");
}

}  // namespace
}  // namespace ipe::complaints
