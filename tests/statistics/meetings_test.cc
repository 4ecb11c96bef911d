// 区域协作联席会议 at the use-case level, on SQLite and PostgreSQL: the office records a 长三角 meeting
// with tasks for the Shanghai and Guangdong bureaus; who sees it (member provinces, owner agencies,
// national viewers — not Shenzhen); only the owner agency (or the office) marks a task done, once,
// audited; an open task is a 工作台 to-do of the owner's officers, overdue after its date; bad input
// names its field and writes nothing.
#include "app/statistics/meetings.h"

#include <gtest/gtest.h>

#include <set>

#include "app/statistics/cooperation.h"
#include "app/workbench/workbench.h"
#include "demo_fixture.h"

namespace ipe::app {
namespace {

class MeetingsTest : public StatisticsDemoTest {
 protected:
  MeetingsTest() : StatisticsDemoTest("meet", "2025-06-10T10:00:00+08:00") {}

  int64_t YangtzeDelta() {
    auto page = ListCooperationGroups(*ctx_, As("office"), {1, 100});
    for (const CooperationGroup& g : page->items) {
      if (g.key == "yangtze_delta") return g.id;
    }
    ADD_FAILURE() << "no 长三角";
    return 0;
  }

  MeetingInput Input() {
    MeetingInput in;
    in.group_id = YangtzeDelta();
    in.title = "长三角知识产权保护联席会议";
    in.meeting_date = *core::ParseDate("2025-06-05");
    in.place = "上海";
    in.members = {"310000", "320000", "330000", "340000"};
    in.decisions = "建立跨省线索移送与联合执法机制";
    in.tasks = {{"报送跨省线索清单", As("sh_officer").agency_id, *core::ParseDate("2025-06-20")},
                {"牵头组织联合执法", As("gd_officer").agency_id, *core::ParseDate("2025-07-31")}};
    return in;
  }

  std::vector<WorkItem> ToDos(const std::string& login) {
    auto wb = GetWorkbench(*ctx_, As(login), {});
    EXPECT_TRUE(wb.has_value()) << wb.error().ToString();
    std::vector<WorkItem> out;
    for (const WorkItem& i : wb->items) {
      if (i.kind == "coop_task") out.push_back(i);
    }
    return out;
  }
};

TEST_P(MeetingsTest, MembersAndOwnersSeeAMeetingAndOwnersCloseTheirTasks) {
  auto m = CreateMeeting(*ctx_, As("office"), Input());
  ASSERT_TRUE(m.has_value()) << m.error().ToString();
  ASSERT_EQ(m->tasks.size(), 2u);
  EXPECT_EQ(Count("SELECT count(*) FROM audit_log WHERE action = 'coop_meeting.create'"), 1);

  // Member provinces (Shanghai, Pudong), the owner of a task (Guangdong) and national viewers see
  // it; Shenzhen (Guangdong, another agency, no task) does not.
  for (const char* login : {"office", "sh_officer", "pd_officer", "gd_officer", "auditor"}) {
    auto list = ListMeetings(*ctx_, As(login), std::nullopt, {1, 20});
    ASSERT_TRUE(list.has_value()) << login;
    EXPECT_EQ(list->total, 1) << login;
    EXPECT_TRUE(GetMeeting(*ctx_, As(login), m->id).has_value()) << login;
  }
  EXPECT_EQ(ListMeetings(*ctx_, As("sz_officer"), std::nullopt, {1, 20})->total, 0);
  EXPECT_EQ(GetMeeting(*ctx_, As("sz_officer"), m->id).error().code(), core::StatusCode::kNotFound);
  EXPECT_EQ(ListMeetings(*ctx_, As("office"), YangtzeDelta() + 1000, {1, 20})->total, 0);

  // The open tasks are the owners' to-dos; overdue after the due date.
  auto sh = ToDos("sh_officer");
  ASSERT_EQ(sh.size(), 1u);
  EXPECT_EQ(sh[0].id, m->tasks[0].id);
  EXPECT_EQ(sh[0].module, "statistics");
  EXPECT_EQ(sh[0].deadline_state, "ok");
  clock_.Set(*core::ParseTimestamp("2025-06-21T10:00:00+08:00"));
  EXPECT_EQ(ToDos("sh_officer")[0].deadline_state, "overdue");
  EXPECT_EQ(ToDos("gd_officer")[0].deadline_state, "ok");
  EXPECT_TRUE(ToDos("sz_officer").empty());

  // Only the owner agency (or the office) closes a task; once; with the version read.
  const MeetingTask& gd_task = m->tasks[1];
  EXPECT_EQ(CompleteTask(*ctx_, As("sh_officer"), gd_task.id, "", gd_task.version).error().code(),
            core::StatusCode::kPermissionDenied);
  EXPECT_EQ(CompleteTask(*ctx_, As("sz_officer"), gd_task.id, "", gd_task.version).error().code(),
            core::StatusCode::kNotFound);
  EXPECT_EQ(CompleteTask(*ctx_, As("gd_officer"), gd_task.id, "", gd_task.version + 1).error().code(),
            core::StatusCode::kFailedPrecondition);
  auto done = CompleteTask(*ctx_, As("gd_officer"), gd_task.id, "已组织三省一市联合执法", gd_task.version);
  ASSERT_TRUE(done.has_value()) << done.error().ToString();
  EXPECT_EQ(done->status, "done");
  EXPECT_EQ(CompleteTask(*ctx_, As("gd_officer"), gd_task.id, "", done->version).error().code(),
            core::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(ToDos("gd_officer").empty());
  auto office_done = CompleteTask(*ctx_, As("office"), m->tasks[0].id, "办公室核实已报送", m->tasks[0].version);
  ASSERT_TRUE(office_done.has_value()) << office_done.error().ToString();
  EXPECT_EQ(Count("SELECT count(*) FROM audit_log WHERE action = 'coop_task.done'"), 2);
  auto reread = GetMeeting(*ctx_, As("sh_officer"), m->id);
  ASSERT_TRUE(reread.has_value());
  EXPECT_EQ(reread->tasks[1].done_note, "已组织三省一市联合执法");
}

TEST_P(MeetingsTest, BadMeetingsNameTheirFieldsAndWriteNothing) {
  MeetingInput in = Input();
  in.title = "";
  in.meeting_date = *core::ParseDate("2025-07-01");  // after today, and after both tasks' due dates
  in.members = {"310000"};
  in.group_id = 987654;
  in.tasks[0].owner_agency_id = 987654;
  in.tasks[1].due_date = *core::ParseDate("2025-01-01");
  auto bad = CreateMeeting(*ctx_, As("office"), in);
  ASSERT_FALSE(bad.has_value());
  std::set<std::string> fields;
  for (const auto& fe : bad.error().field_errors()) fields.insert(fe.field);
  EXPECT_EQ(fields, (std::set<std::string>{"title", "meeting_date", "members", "group_id",
                                           "tasks[0].owner_agency_id", "tasks[0].due_date", "tasks[1].due_date"}));
  MeetingInput late = Input();
  late.tasks[1].due_date = *core::ParseDate("2025-01-01");
  auto early = CreateMeeting(*ctx_, As("office"), late);
  ASSERT_FALSE(early.has_value());
  EXPECT_EQ(early.error().field_errors().at(0).field, "tasks[1].due_date");
  for (const char* login : {"sh_officer", "sh_head", "analyst"}) {
    EXPECT_EQ(CreateMeeting(*ctx_, As(login), Input()).error().code(), core::StatusCode::kPermissionDenied) << login;
  }
  EXPECT_EQ(Count("SELECT count(*) FROM coop_meetings"), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM audit_log WHERE entity_type = 'coop_meeting'"), 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, MeetingsTest, ::testing::Values("sqlite", "postgres"));

}  // namespace
}  // namespace ipe::app
