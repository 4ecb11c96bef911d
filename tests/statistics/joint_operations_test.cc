// 跨区域联合行动 at the use-case level, on SQLite and PostgreSQL, on the demo data: the demo's
// counterfeit-shoe cluster (浦东, 深圳, 北京 leads sharing a phone and a web shop) raised a
// cross-region alert; the national office starts an operation from it (members = the agencies
// holding the leads, the alert handled in the same transaction); a member converts its lead into a
// case and links another case; who sees what inside it (records named only in scope, figures for
// all); the close; and bad input that names its field and writes nothing.
#include "app/statistics/joint_operations.h"

#include <gtest/gtest.h>

#include "app/leads/leads.h"
#include "app/workbench/workbench.h"
#include "demo_fixture.h"

namespace ipe::app {
namespace {

class JointOperationsTest : public StatisticsDemoTest {
 protected:
  JointOperationsTest() : StatisticsDemoTest("jop", "2025-06-10T10:00:00+08:00") {}

  int64_t LeadByRef(const std::string& ref) {
    return Count("SELECT id FROM leads WHERE source_ref = '" + ref + "'");
  }
  int64_t OpenAlert() { return Count("SELECT min(id) FROM lead_alerts WHERE acknowledged_at IS NULL"); }

  JointOperationInput Input() {
    JointOperationInput in;
    in.title = "假冒运动鞋团伙跨区域联合查处";
    in.goal = "沪粤京三地同步收网：浦东查网店，深圳查仓库，北京固定消费者证据";
    in.lead_id = LeadByRef("demo-001");
    in.end_date = *core::ParseDate("2025-08-31");
    return in;
  }

  // The caller's 工作台 to-dos of one joint operation.
  int ToDos(const std::string& login, int64_t op_id) {
    auto wb = GetWorkbench(*ctx_, As(login), {});
    EXPECT_TRUE(wb.has_value()) << wb.error().ToString();
    int n = 0;
    for (const WorkItem& i : wb->items) n += i.kind == "joint_operation" && i.id == op_id ? 1 : 0;
    return n;
  }

  const JointOperationMember* MemberOf(const JointOperation& op, const std::string& login) {
    for (const JointOperationMember& m : op.members) {
      if (m.agency_id == As(login).agency_id) return &m;
    }
    return nullptr;
  }
};

TEST_P(JointOperationsTest, TheOfficeStartsAnOperationFromTheClusterAndItsAlert) {
  JointOperationInput in = Input();
  in.alert_id = OpenAlert();
  ASSERT_GT(*in.alert_id, 0) << "the demo raises a cross-region alert";
  auto op = CreateJointOperation(*ctx_, As("office"), in);
  ASSERT_TRUE(op.has_value()) << op.error().ToString();
  EXPECT_EQ(op->status, "active");
  EXPECT_EQ(op->region_code, "000000");  // 上海, 广东 and 北京 leads: the nation coordinates
  EXPECT_EQ(op->start_date, *core::ParseDate("2025-06-10"));
  ASSERT_NE(MemberOf(*op, "pd_officer"), nullptr);
  ASSERT_NE(MemberOf(*op, "sz_officer"), nullptr);
  EXPECT_EQ(MemberOf(*op, "pd_officer")->leads, 1);
  EXPECT_EQ(MemberOf(*op, "sz_officer")->leads, 1);
  EXPECT_EQ(op->leads.size(), 3u);  // the office sees every lead
  EXPECT_EQ(op->hidden_leads, 0);
  std::set<std::string> regions(op->regions.begin(), op->regions.end());
  EXPECT_EQ(regions, (std::set<std::string>{"110105", "310115", "440300"}));
  int leading = 0;
  for (const JointOperationMember& m : op->members) leading += m.lead ? 1 : 0;
  EXPECT_EQ(leading, 1);

  // One transaction: the operation, its audit record, and the alert handled with its own.
  EXPECT_EQ(Count("SELECT count(*) FROM audit_log WHERE action = 'joint_operation.create'"), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM audit_log WHERE action = 'lead.alert_ack'"), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM lead_alerts WHERE id = " + std::to_string(*in.alert_id) +
                  " AND acknowledged_at IS NOT NULL"),
            1);

  // A second operation over the same leads while the first is active: refused, nothing written.
  JointOperationInput again = Input();
  again.lead_id = LeadByRef("demo-002");
  auto twice = CreateJointOperation(*ctx_, As("office"), again);
  ASSERT_FALSE(twice.has_value());
  EXPECT_EQ(twice.error().code(), core::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Count("SELECT count(*) FROM joint_operations"), 1);
}

TEST_P(JointOperationsTest, MembersSeeTheirRecordsAndOnlyFiguresOfTheOthers) {
  auto op = CreateJointOperation(*ctx_, As("office"), Input());
  ASSERT_TRUE(op.has_value()) << op.error().ToString();

  // 浦东 sees its own lead by name, the other two only counted.
  auto pd = GetJointOperation(*ctx_, As("pd_officer"), op->id);
  ASSERT_TRUE(pd.has_value()) << pd.error().ToString();
  ASSERT_EQ(pd->leads.size(), 1u);
  EXPECT_EQ(pd->leads[0].lead_id, LeadByRef("demo-001"));
  EXPECT_EQ(pd->hidden_leads, 2);
  EXPECT_EQ(pd->members.size(), op->members.size());  // figures of every member
  EXPECT_EQ(ListJointOperations(*ctx_, As("pd_officer"), {}, {1, 20})->total, 1);

  // Not a member and not supervising the nation's operation: not there at all.
  for (const char* login : {"gd_prosecutor", "sh_officer", "gd_officer"}) {
    EXPECT_EQ(GetJointOperation(*ctx_, As(login), op->id).error().code(), core::StatusCode::kNotFound) << login;
    EXPECT_EQ(ListJointOperations(*ctx_, As(login), {}, {1, 20})->total, 0) << login;
  }
  EXPECT_EQ(ListJointOperations(*ctx_, As("auditor"), {}, {1, 20})->total, 1);
  EXPECT_EQ(GetJointOperation(*ctx_, As("sh_police"), op->id).error().code(),
            core::StatusCode::kPermissionDenied);  // no statistics.read
}

TEST_P(JointOperationsTest, CasesEachMemberOpenedCountForItAndTheCloseFreezesThem) {
  auto op = CreateJointOperation(*ctx_, As("office"), Input());
  ASSERT_TRUE(op.has_value()) << op.error().ToString();

  // Until a member has a case in it, the operation is a to-do of its officers (not of others).
  EXPECT_EQ(ToDos("sz_officer", op->id), 1);
  EXPECT_EQ(ToDos("pd_officer", op->id), 1);
  EXPECT_EQ(ToDos("sh_officer", op->id), 0);
  EXPECT_EQ(ToDos("office", op->id), 0);

  // 深圳 accepts its lead and converts it: the case counts for 深圳 by itself.
  const int64_t sz_lead = LeadByRef("demo-002");
  ASSERT_TRUE(ScreenLead(*ctx_, As("sz_officer"), sz_lead, true, "").has_value());
  ConvertLeadInput conv;
  conv.case_number = "深市监案〔2025〕88号";
  auto converted = ConvertLeadToCase(*ctx_, As("sz_officer"), sz_lead, conv);
  ASSERT_TRUE(converted.has_value()) << converted.error().ToString();

  // 浦东 links a case it opened otherwise, with its value.
  CaseInput in;
  in.case_number = "浦市监案〔2025〕12号";
  in.title = "某网店销售假冒运动鞋案";
  in.category = "trademark";
  in.conduct = "sell_counterfeit_goods";
  in.source = "inspection";
  in.amounts.illegal_business = core::Fen::FromYuan(86000);
  auto pd_case = CreateCase(*ctx_, As("pd_officer"), in);
  ASSERT_TRUE(pd_case.has_value()) << pd_case.error().ToString();
  auto linked = LinkJointOperationCase(*ctx_, As("pd_officer"), op->id, pd_case->id);
  ASSERT_TRUE(linked.has_value()) << linked.error().ToString();

  EXPECT_EQ(ToDos("sz_officer", op->id), 0);  // the converted case ends 深圳's to-do
  EXPECT_EQ(ToDos("pd_officer", op->id), 0);  // the linked one 浦东's
  EXPECT_EQ(MemberOf(*linked, "pd_officer")->cases, 1);
  EXPECT_EQ(MemberOf(*linked, "pd_officer")->illegal_business, core::Fen::FromYuan(86000));
  EXPECT_EQ(MemberOf(*linked, "sz_officer")->cases, 1);
  // 浦东 sees its own case named and 深圳's counted.
  ASSERT_EQ(linked->cases.size(), 1u);
  EXPECT_EQ(linked->cases[0].case_id, pd_case->id);
  EXPECT_EQ(linked->cases[0].origin, "linked");
  EXPECT_EQ(linked->hidden_cases, 1);
  auto office_view = GetJointOperation(*ctx_, As("office"), op->id);
  ASSERT_EQ(office_view->cases.size(), 2u);
  EXPECT_EQ(office_view->cases[0].origin, "lead");
  EXPECT_EQ(office_view->cases[0].case_id, converted->case_id);

  // Linked twice, another agency's case, a user of no member agency: refused.
  EXPECT_EQ(LinkJointOperationCase(*ctx_, As("pd_officer"), op->id, pd_case->id).error().code(),
            core::StatusCode::kFailedPrecondition);
  // 深圳's converted case counts by itself already: linking it as well is refused, not counted twice.
  EXPECT_EQ(LinkJointOperationCase(*ctx_, As("sz_officer"), op->id, converted->case_id).error().code(),
            core::StatusCode::kFailedPrecondition);
  auto foreign = LinkJointOperationCase(*ctx_, As("pd_officer"), op->id, converted->case_id);
  ASSERT_FALSE(foreign.has_value());
  EXPECT_EQ(foreign.error().field_errors().at(0).field, "case_id");
  EXPECT_EQ(LinkJointOperationCase(*ctx_, As("sh_officer"), op->id, pd_case->id).error().code(),
            core::StatusCode::kNotFound);
  EXPECT_EQ(Count("SELECT count(*) FROM joint_operation_cases"), 1);

  // Only the office closes, with the version it read; then nothing more is linked.
  EXPECT_EQ(CloseJointOperation(*ctx_, As("pd_officer"), op->id, "完成", linked->version).error().code(),
            core::StatusCode::kPermissionDenied);
  EXPECT_EQ(CloseJointOperation(*ctx_, As("office"), op->id, "完成", linked->version + 1).error().code(),
            core::StatusCode::kFailedPrecondition);
  auto closed = CloseJointOperation(*ctx_, As("office"), op->id, "两地立案 2 件，案值 8.6 万元", linked->version);
  ASSERT_TRUE(closed.has_value()) << closed.error().ToString();
  EXPECT_EQ(closed->status, "closed");
  EXPECT_EQ(Count("SELECT count(*) FROM audit_log WHERE action LIKE 'joint_operation.%'"), 3);
  CaseInput late = in;
  late.case_number = "浦市监案〔2025〕13号";
  auto late_case = CreateCase(*ctx_, As("pd_officer"), late);
  ASSERT_TRUE(late_case.has_value());
  EXPECT_EQ(LinkJointOperationCase(*ctx_, As("pd_officer"), op->id, late_case->id).error().code(),
            core::StatusCode::kFailedPrecondition);

  // A closed operation no longer holds its leads: the cluster may be acted on again.
  EXPECT_TRUE(CreateJointOperation(*ctx_, As("office"), Input()).has_value());
}

TEST_P(JointOperationsTest, BadInputNamesItsFieldAndWritesNothing) {
  auto field_of = [&](const JointOperationInput& in, const Principal& who) -> std::string {
    auto r = CreateJointOperation(*ctx_, who, in);
    if (r.has_value()) return "created";
    if (r.error().field_errors().empty()) return r.error().ToString();
    return r.error().field_errors().front().field;
  };
  JointOperationInput in = Input();
  in.title = " ";
  EXPECT_EQ(field_of(in, As("office")), "title");
  in = Input();
  in.end_date = *core::ParseDate("2025-06-01");  // before today's start
  EXPECT_EQ(field_of(in, As("office")), "end_date");
  in = Input();
  in.lead_id = LeadByRef("demo-004");  // a lead alone in its cluster
  EXPECT_EQ(field_of(in, As("office")), "lead_id");
  in = Input();
  in.lead_agency_id = As("sh_police").agency_id;  // not a member
  EXPECT_EQ(field_of(in, As("office")), "lead_agency_id");
  in = Input();
  in.alert_id = 999999;
  EXPECT_EQ(field_of(in, As("office")), "alert_id");
  EXPECT_EQ(CreateJointOperation(*ctx_, As("pd_officer"), Input()).error().code(),
            core::StatusCode::kPermissionDenied);
  EXPECT_EQ(Count("SELECT count(*) FROM joint_operations"), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM audit_log WHERE action LIKE 'joint_operation.%'"), 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, JointOperationsTest, ::testing::Values("sqlite", "postgres"));

}  // namespace
}  // namespace ipe::app
