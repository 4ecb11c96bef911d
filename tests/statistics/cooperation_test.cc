// 区域协作组 at the use-case level, on SQLite and PostgreSQL: the groups of the seed file are
// loaded once (a renamed group is not brought back); the office creates and edits groups (audited,
// validated, versioned); a group's figure is the indicator summed over its member provinces in
// the viewer's scope — cases registered in Shanghai and Guangdong move 长三角 and 泛珠三角 by exactly
// those cases, 京津冀 not at all; a Shanghai officer sees Shanghai's own-agency share and the other
// members as out of scope; Hong Kong and Macao have no records.
#include "app/statistics/cooperation.h"

#include <gtest/gtest.h>

#include <set>

#include "demo_fixture.h"

namespace ipe::app {
namespace {

class CooperationTest : public StatisticsDemoTest {
 protected:
  CooperationTest() : StatisticsDemoTest("coop", "2025-06-10T10:00:00+08:00") {}

  int64_t GroupId(const std::string& name) {
    auto page = ListCooperationGroups(*ctx_, As("office"), {1, 100});
    EXPECT_TRUE(page.has_value());
    for (const CooperationGroup& g : page->items) {
      if (g.name == name) return g.id;
    }
    ADD_FAILURE() << "no group " << name;
    return 0;
  }

  int64_t Total(const std::string& login, const std::string& group) {
    auto f = CooperationFigure(*ctx_, As(login), GroupId(group), {"cases_opened", "2025-06", "2025-06", "none", {}});
    EXPECT_TRUE(f.has_value()) << f.error().ToString();
    return f.has_value() ? f->total.value.value_or(-1) : -1;
  }
};

TEST_P(CooperationTest, SeededOnceWithSourcesAndNotBroughtBack) {
  auto page = ListCooperationGroups(*ctx_, As("sh_officer"), {1, 100});
  ASSERT_TRUE(page.has_value()) << page.error().ToString();
  ASSERT_EQ(page->total, 4);
  auto jjj = GetCooperationGroup(*ctx_, As("office"), GroupId("京津冀"));
  ASSERT_TRUE(jjj.has_value());
  EXPECT_EQ(jjj->key, "jingjinji");
  ASSERT_EQ(jjj->members.size(), 3u);
  EXPECT_EQ(jjj->members[0].region_code, "110000");
  EXPECT_EQ(jjj->members[0].confidence, "S");
  EXPECT_NE(jjj->members[0].source.find("京津冀协同发展规划纲要"), std::string::npos);

  auto renamed = UpdateCooperationGroup(*ctx_, As("office"), jjj->id,
                                        {"京津冀协同", jjj->basis, {"110000", "120000", "130000"}}, jjj->version);
  ASSERT_TRUE(renamed.has_value()) << renamed.error().ToString();
  ASSERT_TRUE(CooperationStore::SeedIfNew(*db_, clock_.Now()).ok());
  auto again = ListCooperationGroups(*ctx_, As("office"), {1, 100});
  EXPECT_EQ(again->total, 4);
  EXPECT_EQ(Count("SELECT count(*) FROM coop_groups WHERE name = '京津冀'"), 0);
  // The police read no statistics, and so no groups.
  EXPECT_EQ(ListCooperationGroups(*ctx_, As("sh_police"), {1, 20}).error().code(), core::StatusCode::kPermissionDenied);
}

TEST_P(CooperationTest, TheOfficeEditsGroupsAuditedAndValidated) {
  auto made = CreateCooperationGroup(*ctx_, As("office"), {" 沪粤协作 ", "沪粤知识产权保护合作备忘录", {"440000", "310000"}});
  ASSERT_TRUE(made.has_value()) << made.error().ToString();
  EXPECT_EQ(made->name, "沪粤协作");
  ASSERT_EQ(made->members.size(), 2u);
  EXPECT_EQ(made->members[0].region_code, "310000");
  EXPECT_EQ(made->members[0].confidence, "office");
  EXPECT_EQ(Count("SELECT count(*) FROM audit_log WHERE action = 'cooperation_group.create' AND entity_id = '" +
                  std::to_string(made->id) + "'"),
            1);

  // Adding Zhejiang keeps the old members' sources; the change is audited with before and after.
  auto changed = UpdateCooperationGroup(*ctx_, As("office"), made->id,
                                        {"沪粤浙协作", "", {"310000", "440000", "330000"}}, made->version);
  ASSERT_TRUE(changed.has_value()) << changed.error().ToString();
  EXPECT_EQ(changed->version, made->version + 1);
  EXPECT_EQ(changed->members.size(), 3u);
  EXPECT_EQ(GetCooperationGroup(*ctx_, As("office"), made->id)->name, "沪粤浙协作");
  EXPECT_EQ(Count("SELECT count(*) FROM audit_log WHERE action = 'cooperation_group.update' AND entity_id = '" +
                  std::to_string(made->id) + "' AND before_json LIKE '%沪粤协作%'"),
            1);
  // A stale version, a taken name, bad members, a non-office user: nothing written.
  EXPECT_EQ(UpdateCooperationGroup(*ctx_, As("office"), made->id, {"x", "", {"310000", "440000"}}, made->version)
                .error().code(),
            core::StatusCode::kFailedPrecondition);
  EXPECT_EQ(CreateCooperationGroup(*ctx_, As("office"), {"长三角", "", {"310000", "320000"}}).error().code(),
            core::StatusCode::kAlreadyExists);
  auto bad = CreateCooperationGroup(*ctx_, As("office"), {"", "", {"440300"}});
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().code(), core::StatusCode::kInvalidArgument);
  std::set<std::string> fields;
  for (const auto& fe : bad.error().field_errors()) fields.insert(fe.field);
  EXPECT_EQ(fields, (std::set<std::string>{"name", "members"}));
  EXPECT_EQ(CreateCooperationGroup(*ctx_, As("office"), {"重复", "", {"310000", "310000"}}).error().code(),
            core::StatusCode::kInvalidArgument);
  for (const char* login : {"sh_officer", "analyst", "auditor"}) {
    EXPECT_EQ(CreateCooperationGroup(*ctx_, As(login), {"越权", "", {"310000", "440000"}}).error().code(),
              core::StatusCode::kPermissionDenied)
        << login;
  }
  EXPECT_EQ(Count("SELECT count(*) FROM coop_groups"), 5);
  EXPECT_EQ(Count("SELECT count(*) FROM audit_log WHERE entity_type = 'cooperation_group'"), 2);
}

TEST_P(CooperationTest, AGroupFigureSumsItsMembersInTheViewersScope) {
  const int64_t yrd_before = Total("office", "长三角");
  const int64_t prd_before = Total("office", "泛珠三角");
  const int64_t jjj_before = Total("office", "京津冀");
  const int64_t sh_before = Total("sh_officer", "长三角");
  Register("sh_officer", 3, "coop", "2025-05-01");
  Register("gd_officer", 2, "coop", "2025-05-01");
  EXPECT_EQ(Total("office", "长三角"), yrd_before + 3);
  EXPECT_EQ(Total("office", "泛珠三角"), prd_before + 2);
  EXPECT_EQ(Total("office", "京津冀"), jjj_before);
  EXPECT_EQ(Total("sh_officer", "长三角"), sh_before + 3);

  // The office's group total is the sum of the province figure's member rows.
  FigureQuery q;
  q.request = {"cases_opened", "2025-06", "2025-06", "province", {}};
  auto by_province = QueryFigure(*ctx_, As("office"), q);
  ASSERT_TRUE(by_province.has_value());
  int64_t expected = 0;
  for (const LabelledRow& r : by_province->rows) {
    if (r.row.key == "310000" || r.row.key == "320000" || r.row.key == "330000" || r.row.key == "340000") {
      expected += r.row.value.value_or(0);
    }
  }
  EXPECT_EQ(Total("office", "长三角"), expected);

  // A Shanghai officer: Shanghai in scope (own agency), the other three provinces not.
  auto sh = CooperationFigure(*ctx_, As("sh_officer"), GroupId("长三角"), {"cases_opened", "2025-06", "2025-06", "none", {}});
  ASSERT_TRUE(sh.has_value());
  for (const CooperationMemberFigure& m : sh->members) {
    EXPECT_EQ(m.in_scope, m.member.region_code == "310000") << m.member.region_code;
    EXPECT_EQ(m.row.has_value(), m.member.region_code == "310000") << m.member.region_code;
  }
  // 泛珠三角: Hong Kong and Macao have no records, so no figure, for anyone.
  auto prd = CooperationFigure(*ctx_, As("office"), GroupId("泛珠三角"), {"cases_opened", "2025-06", "2025-06", "none", {}});
  ASSERT_TRUE(prd.has_value());
  ASSERT_EQ(prd->members.size(), 11u);
  for (const CooperationMemberFigure& m : prd->members) {
    bool hk_macao = m.member.region_code == "810000" || m.member.region_code == "820000";
    EXPECT_EQ(m.has_records, !hk_macao) << m.member.region_code;
    EXPECT_EQ(m.row.has_value(), !hk_macao) << m.member.region_code;
  }
  // A rate is recomputed from the summed parts; a bad indicator names its field; a missing group.
  auto rate = CooperationFigure(*ctx_, As("office"), GroupId("长三角"), {"transfer_rate", "2025-01", "2025-06", "none", {}});
  ASSERT_TRUE(rate.has_value()) << rate.error().ToString();
  EXPECT_TRUE(rate->total.denominator.has_value());
  auto bad = CooperationFigure(*ctx_, As("office"), GroupId("长三角"), {"nonsense", "2025-01", "2025-06", "none", {}});
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().code(), core::StatusCode::kInvalidArgument);
  EXPECT_EQ(CooperationFigure(*ctx_, As("office"), 987654, {"cases_opened", "2025-06", "2025-06", "none", {}})
                .error().code(),
            core::StatusCode::kNotFound);
}

INSTANTIATE_TEST_SUITE_P(Backends, CooperationTest, ::testing::Values("sqlite", "postgres"));

}  // namespace
}  // namespace ipe::app
