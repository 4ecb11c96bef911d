// Lead use cases on SQLite in memory: intake, dedup, scope, merge, CSV, clusters, rebuild.
#include <gtest/gtest.h>

#include <optional>
#include <set>

#include "app/accounts/accounts.h"
#include "app/accounts/audit.h"
#include "app/cases/cases.h"
#include "app/context.h"
#include "app/leads/correlation_service.h"
#include "app/leads/leads.h"
#include "storage/db.h"
#include "storage/migrate.h"

namespace ipe::app {
namespace {

using core::StatusCode;

constexpr const char* kPassword = "Str0ng-Passw0rd";

class LeadsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = storage::OpenDatabase("sqlite::memory:");
    ASSERT_TRUE(db.has_value()) << db.error().ToString();
    db_ = std::move(*db);
    ASSERT_TRUE(storage::Migrate(*db_, storage::AllMigrations(), clock_.Now()).has_value());
    ctx_ = std::make_unique<Context>(*db_, clock_);
    office_agency_ = MakeAgency("全国打击侵权假冒工作领导小组办公室", "leading_group_office",
                                "national", "000000");
    sh_ = MakeAgency("上海市市场监督管理局", "market_regulation", "provincial", "310000");
    gd_ = MakeAgency("广东省市场监督管理局", "market_regulation", "provincial", "440000");
    sz_ = MakeAgency("深圳市市场监督管理局", "market_regulation", "prefecture", "440300");
    office_ = MakeUser("office", {"office"}, office_agency_, "000000");
    sh_officer_ = MakeUser("sh_officer", {"officer"}, sh_, "310000");
    sz_officer_ = MakeUser("sz_officer", {"officer"}, sz_, "440300");
    auditor_ = MakeUser("auditor", {"auditor"}, office_agency_, "000000");
    sh_head_ = MakeUser("sh_head", {"agency_head", "officer"}, sh_, "310000");
    sh_office_ = MakeUser("sh_office", {"office"}, office_agency_, "310000");
  }
  void TearDown() override {
    if (ctx_) DetachCorrelation(*ctx_);
  }

  int64_t MakeAgency(const std::string& name, const std::string& kind, const std::string& level,
                     const std::string& region) {
    Agency a{0, name, "", kind, level, region, {}, true};
    auto created = CreateAgency(*ctx_, Principal::System(), a);
    EXPECT_TRUE(created.has_value()) << created.error().ToString();
    return created->id;
  }
  Principal MakeUser(const std::string& login, std::vector<std::string> roles, int64_t agency,
                     const std::string& region) {
    NewUser u{login, login, kPassword, std::move(roles), agency, region};
    auto created = CreateUser(*ctx_, Principal::System(), u);
    EXPECT_TRUE(created.has_value()) << created.error().ToString();
    auto p = PrincipalForLogin(*ctx_, login);
    EXPECT_TRUE(p.has_value());
    return *p;
  }
  static LeadObservable Obs(const std::string& type, const std::string& value) {
    LeadObservable o;
    o.type = type;
    o.value = value;
    return o;
  }
  NewLead MakeLead(const std::string& ref, const std::string& region,
                   std::vector<LeadObservable> obs, const std::string& category = "trademark") {
    NewLead in;
    in.source = "api";
    in.source_ref = ref;
    in.region_code = region;
    in.category = category;
    in.title = "线索 " + ref;
    in.observables = std::move(obs);
    return in;
  }
  Lead Add(const NewLead& in, const Principal& who = Principal::System()) {
    auto added = AddLead(*ctx_, who, in);
    EXPECT_TRUE(added.has_value()) << added.error().ToString();
    return added->lead;
  }
  int64_t Count(const std::string& table) {
    auto tx = db_->Begin(storage::TxMode::kRead);
    auto rows = (*tx)->Query("SELECT count(*) FROM " + table);
    return (*rows)[0].Int(0);
  }
  // Every cluster as sorted record ids, for comparisons.
  std::vector<std::vector<std::string>> AllClusters() {
    auto svc = Correlation(*ctx_);
    EXPECT_TRUE(svc.has_value());
    std::vector<std::vector<std::string>> out;
    for (const auto& c : (*svc)->Clusters(2)) out.push_back(c.records);
    return out;
  }

  core::FakeClock clock_{core::Timestamp{1'800'000'000}};
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<Context> ctx_;
  int64_t office_agency_ = 0, sh_ = 0, gd_ = 0, sz_ = 0;
  Principal office_, sh_officer_, sz_officer_, auditor_, sh_head_, sh_office_;
};

TEST_F(LeadsTest, AddLeadNormalisesObservablesAndAssignsByRegionAndCategory) {
  int64_t audit_before = Count("audit_log");
  Lead lead = Add(MakeLead("a-1", "310115",
                           {Obs("phone", "+86 139-1234-5678"), Obs("url", "https://m.Shop88.com.cn/x"),
                            Obs("phone", "13800138000")}),
                  sh_officer_);
  EXPECT_EQ(lead.status, "new");
  ASSERT_TRUE(lead.agency_id.has_value());
  EXPECT_EQ(*lead.agency_id, sh_);  // no district agency: up to the province's market regulator
  ASSERT_EQ(lead.observables.size(), 3u);
  EXPECT_EQ(lead.observables[0].key_type, "phone");
  EXPECT_EQ(lead.observables[0].key_value, "+8613912345678");
  EXPECT_EQ(lead.observables[1].key_type, "domain");
  EXPECT_EQ(lead.observables[1].key_value, "shop88.com.cn");
  EXPECT_EQ(lead.observables[2].verdict, "junk");  // 13800138000 never links
  EXPECT_EQ(Count("audit_log"), audit_before + 1);

  // Shenzhen region → Shenzhen's own regulator before Guangdong's; copyright → nobody: unassigned.
  EXPECT_EQ(*Add(MakeLead("a-2", "440306", {})).agency_id, sz_);
  EXPECT_FALSE(Add(MakeLead("a-3", "440306", {}, "copyright")).agency_id.has_value());
}

TEST_F(LeadsTest, BadInputIsRefusedWithFieldErrorsAndWritesNothing) {
  int64_t leads_before = Count("leads");
  NewLead in = MakeLead("bad", "999999", {Obs("phone", "12"), Obs("fax", "x")}, "nonsense");
  in.title = " ";
  auto r = AddLead(*ctx_, sh_officer_, in);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code(), StatusCode::kInvalidArgument);
  std::set<std::string> fields;
  for (const auto& fe : r.error().field_errors()) fields.insert(fe.field);
  EXPECT_EQ(fields, (std::set<std::string>{"title", "region_code", "category", "observables[0]",
                                           "observables[1]"}));
  // Outside the officer's region; an auditor may not submit.
  EXPECT_EQ(AddLead(*ctx_, sh_officer_, MakeLead("x", "440300", {})).error().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(AddLead(*ctx_, auditor_, MakeLead("y", "310000", {})).error().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(Count("leads"), leads_before);
}

// Issue 12 (2): naming the agency when filing is an assignment under the rules of 改派 — on
// the form and API and in the CSV import alike. Refused answers write nothing.
TEST_F(LeadsTest, NamingTheAgencyAtFilingFollowsTheRulesOfReassignment) {
  int64_t leads_before = Count("leads");
  auto refused_field = [](const core::Result<AddLeadResult>& r) -> std::string {
    if (r.has_value()) return "accepted";
    EXPECT_EQ(r.error().code(), StatusCode::kInvalidArgument) << r.error().ToString();
    return r.error().field_errors().empty() ? "" : r.error().field_errors()[0].field;
  };
  // An officer may name only the own agency: Shanghai's officer naming Shenzhen's regulator for a
  // Shanghai place (a lead neither could see) and for a Shenzhen place (outside the officer's
  // region, refused before) are both refused.
  NewLead far = MakeLead("n-1", "310115", {});
  far.agency_id = sz_;
  EXPECT_EQ(refused_field(AddLead(*ctx_, sh_officer_, far)), "agency_id");
  // The office may assign any agency, but only one whose jurisdiction holds the place.
  EXPECT_EQ(refused_field(AddLead(*ctx_, office_, far)), "agency_id");
  NewLead unknown = MakeLead("n-2", "310115", {});
  unknown.agency_id = 999999;
  EXPECT_EQ(refused_field(AddLead(*ctx_, office_, unknown)), "agency_id");
  EXPECT_EQ(Count("leads"), leads_before);

  NewLead own = MakeLead("n-3", "310115", {});
  own.agency_id = sh_;
  EXPECT_EQ(*Add(own, sh_officer_).agency_id, sh_);
  NewLead assigned = MakeLead("n-4", "440306", {});
  assigned.agency_id = sz_;
  EXPECT_EQ(*Add(assigned, office_).agency_id, sz_);

  // The CSV import: the same rules, row by row, all or nothing.
  const std::string csv =
      "title,region_code,category,source_ref,agency_id\n"
      "本机构,310000,trademark,c1," + std::to_string(sh_) + "\n"
      "他机构,310000,trademark,c2," + std::to_string(sz_) + "\n";
  leads_before = Count("leads");
  auto r = ImportLeadsCsv(*ctx_, sh_officer_, csv);
  ASSERT_FALSE(r.has_value());
  ASSERT_EQ(r.error().field_errors().size(), 1u);
  EXPECT_EQ(r.error().field_errors()[0].field, "rows[2].agency_id");
  EXPECT_EQ(Count("leads"), leads_before);
  auto by_office = ImportLeadsCsv(*ctx_, office_, csv);  // Shenzhen's regulator for Shanghai
  ASSERT_FALSE(by_office.has_value());
  EXPECT_EQ(by_office.error().field_errors()[0].field, "rows[2].agency_id");
  EXPECT_EQ(Count("leads"), leads_before);
}

// Issue 12 (1): an auditor reads the audit entries of records in the own region only — a
// Shanghai auditor no longer reads the after-JSON (phones, titles) of a Shenzhen lead — and
// national records (the national office's agency) are the national auditors' alone.
TEST_F(LeadsTest, TheAuditLogShowsARegionalAuditorTheOwnRegionsRecordsOnly) {
  Principal sh_auditor = MakeUser("sh_auditor", {"auditor"}, sh_, "310000");
  Lead shanghai = Add(MakeLead("au-1", "310115", {Obs("phone", "13912345678")}), sh_officer_);
  Lead shenzhen = Add(MakeLead("au-2", "440306", {Obs("phone", "13912340000")}));
  auto entries = [&](const Principal& who, const std::string& type) {
    AuditFilter f;
    f.entity_type = type;
    auto page = ListAudit(*ctx_, who, f, {1, 200});
    EXPECT_TRUE(page.has_value()) << page.error().ToString();
    std::set<std::string> ids;
    if (page) {
      for (const AuditRecord& r : page->items) ids.insert(r.entity_id);
    }
    return ids;
  };
  const std::string sh_id = std::to_string(shanghai.id), sz_id = std::to_string(shenzhen.id);
  auto regional = entries(sh_auditor, "lead");
  EXPECT_TRUE(regional.count(sh_id));
  EXPECT_FALSE(regional.count(sz_id));
  auto national = entries(auditor_, "lead");
  EXPECT_TRUE(national.count(sh_id));
  EXPECT_TRUE(national.count(sz_id));
  // Agencies: the Shanghai regulator is Shanghai's record; the national office and Shenzhen's
  // regulator are not.
  auto agencies = entries(sh_auditor, "agency");
  EXPECT_EQ(agencies, std::set<std::string>{std::to_string(sh_)});
  EXPECT_GE(entries(auditor_, "agency").size(), 3u);
  // Unfiltered, nothing outside Shanghai either.
  auto all = ListAudit(*ctx_, sh_auditor, {}, {1, 200});
  ASSERT_TRUE(all.has_value());
  for (const AuditRecord& r : all->items) {
    ASSERT_TRUE(r.scope.has_value()) << r.action;
    EXPECT_EQ(r.scope->region_code.substr(0, 2), "31") << r.action << " " << r.entity_id;
  }
}

TEST_F(LeadsTest, TheSameSourceReferenceTwiceIsOneLead) {
  NewLead in = MakeLead("hit-8812", "310000", {Obs("web_shop", "淘宝:fakeshoes88")});
  in.source = "monitoring";
  auto first = AddLead(*ctx_, Principal::System(), in);
  ASSERT_TRUE(first.has_value());
  EXPECT_TRUE(first->created);
  int64_t audit_after_first = Count("audit_log");
  in.title = "再次提交";
  auto second = AddLead(*ctx_, Principal::System(), in);
  ASSERT_TRUE(second.has_value());
  EXPECT_FALSE(second->created);
  EXPECT_EQ(second->lead.id, first->lead.id);
  EXPECT_EQ(second->lead.title, first->lead.title);  // the existing lead, unchanged
  EXPECT_EQ(Count("leads"), 1);
  EXPECT_EQ(Count("audit_log"), audit_after_first);
  // Another source with the same reference is another lead; no reference means no dedup.
  in.source = "api";
  EXPECT_TRUE(AddLead(*ctx_, Principal::System(), in)->created);
  in.source_ref = "";
  EXPECT_TRUE(AddLead(*ctx_, Principal::System(), in)->created);
  EXPECT_TRUE(AddLead(*ctx_, Principal::System(), in)->created);
  EXPECT_EQ(Count("leads"), 4);
}

TEST_F(LeadsTest, AnOfficerOfAgencyASeesNoContentOfAgencyBsLinkedRecord) {
  Lead a = Add(MakeLead("sh-1", "310000", {Obs("phone", "13912345678")}), sh_officer_);
  Lead b = Add(MakeLead("sz-1", "440300",
                        {Obs("phone", "+86 139 1234 5678"), Obs("web_shop", "jd:secret-shop")}));
  Lead b2 = Add(MakeLead("sz-2", "440300", {Obs("web_shop", "京东:secret-shop")}));
  ASSERT_EQ(*b.agency_id, sz_);

  auto links = GetLeadLinks(*ctx_, sh_officer_, a.id);
  ASSERT_TRUE(links.has_value()) << links.error().ToString();
  EXPECT_TRUE(links->linked.empty());
  ASSERT_EQ(links->beyond_scope.size(), 1u);
  EXPECT_EQ(links->beyond_scope[0].agency_id, sz_);
  EXPECT_EQ(links->beyond_scope[0].agency_name, "深圳市市场监督管理局");

  auto cluster = GetLeadCluster(*ctx_, sh_officer_, a.id);
  ASSERT_TRUE(cluster.has_value());
  ASSERT_EQ(cluster->leads.size(), 1u);
  EXPECT_EQ(cluster->leads[0].lead_id, a.id);
  for (const auto& [type, value] : cluster->keys) EXPECT_NE(value, "jd:secret-shop");
  EXPECT_EQ(cluster->beyond_scope.size(), 1u);

  EXPECT_EQ(GetLead(*ctx_, sh_officer_, b.id).error().code(), StatusCode::kNotFound);
  EXPECT_EQ(GetLeadLinks(*ctx_, sh_officer_, b.id).error().code(), StatusCode::kNotFound);
  EXPECT_EQ(GetLeadCluster(*ctx_, sh_officer_, b2.id).error().code(), StatusCode::kNotFound);
  auto listed = ListLeads(*ctx_, sh_officer_, {}, {});
  ASSERT_TRUE(listed.has_value());
  ASSERT_EQ(listed->total, 1);
  EXPECT_EQ(listed->items[0].id, a.id);

  // The national office sees the whole cluster with its content.
  auto office_links = GetLeadLinks(*ctx_, office_, a.id);
  ASSERT_TRUE(office_links.has_value());
  ASSERT_EQ(office_links->linked.size(), 1u);
  EXPECT_EQ(office_links->linked[0].id, b.id);
  EXPECT_EQ(office_links->linked[0].title, b.title);
  EXPECT_TRUE(office_links->beyond_scope.empty());
  EXPECT_EQ(GetLeadCluster(*ctx_, office_, a.id)->leads.size(), 3u);
}

TEST_F(LeadsTest, ACrossRegionClusterRaisesOneAlertForTheOffice) {
  Add(MakeLead("1", "310115", {Obs("phone", "13912345678")}));
  Add(MakeLead("2", "310101", {Obs("phone", "13912345678")}));  // two districts of Shanghai
  EXPECT_EQ(Count("lead_alerts"), 1);
  Add(MakeLead("3", "440300", {Obs("phone", "13912345678")}));  // already cross-region
  EXPECT_EQ(Count("lead_alerts"), 1);
  Add(MakeLead("4", "440300", {Obs("qq", "31415926")}));
  Add(MakeLead("5", "110105", {Obs("qq", "31415926")}));
  EXPECT_EQ(Count("lead_alerts"), 2);

  auto alerts = ListLeadAlerts(*ctx_, office_, {});
  ASSERT_TRUE(alerts.has_value());
  ASSERT_EQ(alerts->total, 2);
  EXPECT_EQ(alerts->items[0].region_code, "000000");  // Shenzhen + Beijing
  EXPECT_EQ(alerts->items[1].region_code, "310100");  // two districts of Shanghai
  // Issue 14: the alert shows the cluster as it is now — Shenzhen joined after it was raised.
  EXPECT_EQ(alerts->items[1].cluster_size, 3);
  EXPECT_EQ(alerts->items[1].regions.size(), 3u);
  EXPECT_EQ(alerts->items[0].cluster_size, 2);
  EXPECT_EQ(ListLeadAlerts(*ctx_, sh_officer_, {}).error().code(), StatusCode::kPermissionDenied);

  // Issue 12 (scope matrix): the analyst's alert list pointed to leads the analyst cannot open.
  Principal analyst = MakeUser("analyst", {"analyst"}, office_agency_, "000000");
  EXPECT_EQ(GetLeadCluster(*ctx_, analyst, alerts->items[0].lead_id).error().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(ListLeadAlerts(*ctx_, analyst, {}).error().code(), StatusCode::kPermissionDenied);

  auto cross = ListLeadClusters(*ctx_, office_, {.cross_region = true, .min_size = std::nullopt}, {});
  ASSERT_TRUE(cross.has_value());
  ASSERT_EQ(cross->total, 2);
  EXPECT_EQ(cross->items[0].leads.size(), 3u);  // largest first

  // The list is kept per scope until the index changes: two leads joining the Shenzhen–Beijing
  // cluster show at once, and a region's view is not the nation's.
  Add(MakeLead("6", "310115", {Obs("qq", "31415926")}));
  Add(MakeLead("7", "310101", {Obs("qq", "31415926")}));
  Add(MakeLead("8", "440300", {Obs("phone", "13712345670")}));  // a new cross-region pair
  Add(MakeLead("9", "110105", {Obs("phone", "13712345670")}));
  auto again = ListLeadClusters(*ctx_, office_, {.cross_region = true, .min_size = std::nullopt}, {});
  ASSERT_TRUE(again.has_value());
  ASSERT_EQ(again->total, 3);
  EXPECT_EQ(again->items[0].leads.size(), 4u);
  EXPECT_EQ(again->items[2].leads.size(), 2u);
  auto all = ListLeadClusters(*ctx_, office_, {}, {});
  ASSERT_TRUE(all.has_value());
  EXPECT_EQ(all->total, 3);
  auto big = ListLeadClusters(*ctx_, office_, {.cross_region = std::nullopt, .min_size = 4}, {});
  ASSERT_TRUE(big.has_value());
  EXPECT_EQ(big->total, 1);
}

TEST_F(LeadsTest, ScreeningNeedsAReasonToDismissAndHappensOnce) {
  Lead lead = Add(MakeLead("s-1", "310000", {}), sh_officer_);
  EXPECT_EQ(ScreenLead(*ctx_, sh_officer_, lead.id, false, " ").error().code(),
            StatusCode::kInvalidArgument);
  auto dismissed = ScreenLead(*ctx_, sh_officer_, lead.id, false, "线索内容无法核实");
  ASSERT_TRUE(dismissed.has_value()) << dismissed.error().ToString();
  EXPECT_EQ(dismissed->status, "dismissed");
  EXPECT_EQ(dismissed->status_reason, "线索内容无法核实");
  EXPECT_EQ(ScreenLead(*ctx_, sh_officer_, lead.id, true, "").error().code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(ScreenLead(*ctx_, sz_officer_, lead.id, true, "").error().code(),
            StatusCode::kNotFound);

  Lead other = Add(MakeLead("s-2", "310000", {}), sh_officer_);
  ASSERT_TRUE(ScreenLead(*ctx_, sh_officer_, other.id, true, "").has_value());
  auto converted = LinkLeadToCase(*ctx_, sh_officer_, other.id, 42);
  ASSERT_TRUE(converted.has_value()) << converted.error().ToString();
  EXPECT_EQ(converted->status, "converted");
  EXPECT_EQ(converted->case_id, 42);
  EXPECT_EQ(LinkLeadToCase(*ctx_, sh_officer_, other.id, 43).error().code(),
            StatusCode::kFailedPrecondition);
}

TEST_F(LeadsTest, MergeMovesObservablesAndRebuildsTheIndex) {
  Lead a = Add(MakeLead("m-1", "310000", {Obs("phone", "13912345678")}));
  Lead b = Add(MakeLead("m-2", "310000", {Obs("qq", "31415926")}));
  Lead c = Add(MakeLead("m-3", "310000", {Obs("qq", "QQ: 31415926")}));
  EXPECT_EQ(GetLeadCluster(*ctx_, office_, a.id)->leads.size(), 1u);

  EXPECT_EQ(MergeLeads(*ctx_, office_, a.id, {a.id}, "").error().code(),
            StatusCode::kInvalidArgument);
  auto merged = MergeLeads(*ctx_, office_, a.id, {b.id}, "同一经营者");
  ASSERT_TRUE(merged.has_value()) << merged.error().ToString();
  EXPECT_EQ(merged->observables.size(), 2u);
  auto b_after = GetLead(*ctx_, office_, b.id);
  EXPECT_EQ(b_after->status, "merged");
  EXPECT_EQ(b_after->merged_into, a.id);
  // a now holds b's QQ number and so links to c; b has left the index.
  auto cluster = GetLeadCluster(*ctx_, office_, a.id);
  ASSERT_TRUE(cluster.has_value());
  ASSERT_EQ(cluster->leads.size(), 2u);
  EXPECT_EQ(cluster->leads[1].lead_id, c.id);
  EXPECT_EQ(GetLeadCluster(*ctx_, office_, b.id).error().code(), StatusCode::kNotFound);
  EXPECT_EQ(MergeLeads(*ctx_, office_, c.id, {b.id}, "").error().code(),
            StatusCode::kFailedPrecondition);
}

TEST_F(LeadsTest, CsvImportIsAllOrNothingWithRowErrors) {
  const std::string bad =
      "\xEF\xBB\xBFtitle,region_code,category,source_ref,phone,web_shop\r\n"
      "\"假鞋,网店\",310000,trademark,r1,13912345678;+86 139 0000 1111,淘宝:a1\r\n"
      "第二行,999999,trademark,r2,12,\r\n"
      "第三行,310000,nonsense,r3,,\r\n";
  int64_t leads_before = Count("leads");
  int64_t audit_before = Count("audit_log");
  auto r = ImportLeadsCsv(*ctx_, sh_officer_, bad);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code(), StatusCode::kInvalidArgument);
  std::set<std::string> fields;
  for (const auto& fe : r.error().field_errors()) fields.insert(fe.field);
  EXPECT_EQ(fields, (std::set<std::string>{"rows[2].region_code", "rows[2].phone",
                                           "rows[3].category"}));
  EXPECT_EQ(Count("leads"), leads_before);
  EXPECT_EQ(Count("audit_log"), audit_before);

  const std::string good =
      "title,region_code,category,source_ref,phone,web_shop,description\n"
      "\"假鞋,网店\",310000,trademark,r1,13912345678；+86 139 0000 1111,淘宝:a1,\"两行\n描述\"\n"
      "第二行,310115,copyright,r2,,,\n"
      "重复行,310000,trademark,r1,,,\n";
  auto ok = ImportLeadsCsv(*ctx_, sh_officer_, good);
  ASSERT_TRUE(ok.has_value()) << ok.error().ToString();
  EXPECT_EQ(ok->created, 2);
  EXPECT_EQ(ok->duplicates, 1);
  ASSERT_EQ(ok->lead_ids.size(), 3u);
  EXPECT_EQ(ok->lead_ids[2], ok->lead_ids[0]);
  EXPECT_EQ(Count("audit_log"), audit_before + 1);
  auto first = GetLead(*ctx_, office_, ok->lead_ids[0]);
  EXPECT_EQ(first->title, "假鞋,网店");
  EXPECT_EQ(first->description, "两行\n描述");
  EXPECT_EQ(first->observables.size(), 3u);
  EXPECT_EQ(first->source, "csv");

  auto again = ImportLeadsCsv(*ctx_, sh_officer_, good);
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->created, 0);
  EXPECT_EQ(again->duplicates, 3);

  EXPECT_EQ(ImportLeadsCsv(*ctx_, sh_officer_, "title,region_code\n\"x,310000\n").error().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(ImportLeadsCsv(*ctx_, sh_officer_, "title,region_code,category,colour\nx,310000,other,red\n")
                .error()
                .field_errors()[0]
                .field,
            "header");
}

TEST_F(LeadsTest, RequestAccessNamesOnlyAnAgencyThatHoldsAHiddenMatch) {
  Lead a = Add(MakeLead("r-1", "310000", {Obs("phone", "13912345678")}), sh_officer_);
  Add(MakeLead("r-2", "440300", {Obs("phone", "13912345678")}));
  int64_t audit_before = Count("audit_log");
  auto req = RequestLeadAccess(*ctx_, sh_officer_, a.id, sz_, "联合查处需要");
  ASSERT_TRUE(req.has_value()) << req.error().ToString();
  EXPECT_EQ(req->target_agency_name, "深圳市市场监督管理局");
  EXPECT_EQ(Count("lead_access_requests"), 1);
  EXPECT_EQ(Count("audit_log"), audit_before + 1);
  EXPECT_EQ(RequestLeadAccess(*ctx_, sh_officer_, a.id, gd_, "试探").error().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(RequestLeadAccess(*ctx_, sh_officer_, a.id, sz_, "").error().code(),
            StatusCode::kInvalidArgument);
}

TEST_F(LeadsTest, TheIndexRebuiltAfterARestartGivesTheSameClusters) {
  Add(MakeLead("x-1", "310000", {Obs("phone", "13912345678"), Obs("qq", "55555")}));
  Add(MakeLead("x-2", "440300", {Obs("phone", "0086 139 1234 5678")}));
  Add(MakeLead("x-3", "110105", {Obs("qq", "QQ 55555")}));
  Add(MakeLead("x-4", "110105", {Obs("email", "Fake.Shop+tag@gmail.com")}));
  Add(MakeLead("x-5", "440300", {Obs("email", "fakeshop@gmail.com")}));
  Add(MakeLead("x-6", "440300", {Obs("company_name", "某某公司")}));
  auto before = AllClusters();
  ASSERT_EQ(before.size(), 2u);
  int64_t alerts_before = Count("lead_alerts");

  DetachCorrelation(*ctx_);
  ctx_ = std::make_unique<Context>(*db_, clock_);  // a new process on the same store
  auto started = StartLeads(*ctx_);
  ASSERT_TRUE(started.has_value()) << started.error().ToString();
  EXPECT_EQ(started->records, 6u);
  EXPECT_EQ(started->clusters, 2u);
  EXPECT_EQ(started->alerts_raised, 0);
  EXPECT_EQ(AllClusters(), before);
  EXPECT_EQ(Count("lead_alerts"), alerts_before);

  // An alert lost before the restart (deleted here) is raised again at start.
  {
    auto tx = db_->Begin(storage::TxMode::kWrite);
    ASSERT_TRUE((*tx)->Exec("DELETE FROM lead_alerts").has_value());
    ASSERT_TRUE((*tx)->Commit().ok());
  }
  DetachCorrelation(*ctx_);
  ctx_ = std::make_unique<Context>(*db_, clock_);
  EXPECT_EQ(StartLeads(*ctx_)->alerts_raised, 2);
}

// ---- 转为案件 ----

TEST_F(LeadsTest, ConvertingAnAcceptedLeadCreatesTheCaseAndKeepsTheLink) {
  Lead lead = Add(MakeLead("c-1", "310115",
                           {Obs("company_name", "上海某贸易有限公司"),
                            Obs("uscc", "91310110666007217T"), Obs("person_name", "张三"),
                            Obs("phone", "139 1234 5678"), Obs("trademark_reg", "第1234567号"),
                            Obs("web_shop", "淘宝:fakeshoes88")}),
                  sh_officer_);
  ASSERT_EQ(*lead.agency_id, sh_);
  ConvertLeadInput in{"沪市监案〔2027〕1号", std::nullopt, std::nullopt, std::nullopt};
  // Not accepted yet: refused, nothing written.
  EXPECT_EQ(ConvertLeadToCase(*ctx_, sh_officer_, lead.id, in).error().code(),
            StatusCode::kFailedPrecondition);
  ASSERT_TRUE(ScreenLead(*ctx_, sh_officer_, lead.id, true, "属实").has_value());
  int64_t audit_before = Count("audit_log");

  auto converted = ConvertLeadToCase(*ctx_, sh_officer_, lead.id, in);
  ASSERT_TRUE(converted.has_value()) << converted.error().ToString();
  EXPECT_EQ(converted->lead.status, "converted");
  EXPECT_EQ(converted->lead.case_id, converted->case_id);
  EXPECT_EQ(Count("audit_log"), audit_before + 2);  // case.create + lead.convert

  auto c = GetCase(*ctx_, sh_officer_, converted->case_id);
  ASSERT_TRUE(c.has_value()) << c.error().ToString();
  EXPECT_EQ(c->agency_id, sh_);
  EXPECT_EQ(c->region_code, "310115");
  EXPECT_EQ(c->input.title, lead.title);
  EXPECT_EQ(c->input.category, "trademark");
  EXPECT_EQ(c->input.source, "transfer");  // api → 部门移送
  ASSERT_EQ(c->input.parties.size(), 2u);
  EXPECT_EQ(c->input.parties[0].kind, "company");
  EXPECT_EQ(c->input.parties[0].uscc, "91310110666007217T");
  EXPECT_EQ(c->input.parties[1].kind, "person");
  EXPECT_EQ(c->input.parties[1].phone, "139 1234 5678");
  ASSERT_EQ(c->input.rights.size(), 1u);
  EXPECT_EQ(c->input.rights[0].reg_number, "第1234567号");
  bool origin = false;
  for (const auto& e : c->events) {
    origin = origin || (e.kind == "origin" &&
                        e.summary.find("#" + std::to_string(lead.id)) != std::string::npos);
  }
  EXPECT_TRUE(origin) << "the case's timeline names the lead";
  // The lead shows the case; the case's lead is found by case id.
  EXPECT_EQ(GetLead(*ctx_, sh_officer_, lead.id)->case_id, converted->case_id);
  LeadFilter by_case;
  by_case.case_id = converted->case_id;
  auto listed = ListLeads(*ctx_, sh_officer_, by_case, {});
  ASSERT_EQ(listed->total, 1);
  EXPECT_EQ(listed->items[0].id, lead.id);

  // Twice: 409 (FailedPrecondition), nothing more written.
  int64_t cases_after = Count("cases");
  int64_t audit_after = Count("audit_log");
  ConvertLeadInput again{"沪市监案〔2027〕2号", std::nullopt, std::nullopt, std::nullopt};
  EXPECT_EQ(ConvertLeadToCase(*ctx_, sh_officer_, lead.id, again).error().code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(Count("cases"), cases_after);
  EXPECT_EQ(Count("audit_log"), audit_after);
}

TEST_F(LeadsTest, ConvertOutOfScopeOrFailingWritesNothing) {
  Lead lead = Add(MakeLead("c-2", "310000", {}), sh_officer_);
  ASSERT_TRUE(ScreenLead(*ctx_, sh_officer_, lead.id, true, "").has_value());
  Lead other = Add(MakeLead("c-3", "310000", {}), sh_officer_);
  ASSERT_TRUE(ScreenLead(*ctx_, sh_officer_, other.id, true, "").has_value());
  ASSERT_TRUE(ConvertLeadToCase(*ctx_, sh_officer_, other.id, {"沪案-1", {}, {}, {}}).has_value());
  int64_t cases = Count("cases"), audit = Count("audit_log"), events = Count("case_events");

  // Another agency's officer: the lead does not exist for them.
  EXPECT_EQ(ConvertLeadToCase(*ctx_, sz_officer_, lead.id, {"深案-1", {}, {}, {}}).error().code(),
            StatusCode::kNotFound);
  // The office sees it but opens no cases.
  EXPECT_EQ(ConvertLeadToCase(*ctx_, office_, lead.id, {"办-1", {}, {}, {}}).error().code(),
            StatusCode::kPermissionDenied);
  // The case number is taken: the case insert fails after the lead was locked — all rolled back.
  auto dup = ConvertLeadToCase(*ctx_, sh_officer_, lead.id, {"沪案-1", {}, {}, {}});
  ASSERT_FALSE(dup.has_value());
  EXPECT_EQ(dup.error().code(), StatusCode::kAlreadyExists);
  // A bad override fails the case's validation: field error, nothing written.
  auto bad = ConvertLeadToCase(*ctx_, sh_officer_, lead.id, {"沪案-2", {}, std::string("x"), {}});
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ConvertLeadToCase(*ctx_, sh_officer_, lead.id, {" ", {}, {}, {}}).error().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(Count("cases"), cases);
  EXPECT_EQ(Count("audit_log"), audit);
  EXPECT_EQ(Count("case_events"), events);
  auto still = GetLead(*ctx_, sh_officer_, lead.id);
  EXPECT_EQ(still->status, "accepted");
  EXPECT_FALSE(still->case_id.has_value());
}

// ---- 申请查看 ----

TEST_F(LeadsTest, AccessRequestShowsContentOnlyAfterApprovalAndUntilItExpires) {
  Lead a = Add(MakeLead("g-1", "310000", {Obs("phone", "13912345678")}), sh_officer_);
  Lead b = Add(MakeLead("g-2", "440300",
                        {Obs("phone", "+86 139 1234 5678"), Obs("waybill", "SF1234567890")}));
  ASSERT_EQ(*b.agency_id, sz_);
  auto hidden_only = [&] {
    auto links = GetLeadLinks(*ctx_, sh_officer_, a.id);
    EXPECT_TRUE(links.has_value());
    EXPECT_TRUE(links->linked.empty());
    EXPECT_EQ(links->beyond_scope.size(), 1u);
    EXPECT_EQ(GetLead(*ctx_, sh_officer_, b.id).error().code(), StatusCode::kNotFound);
    return links->beyond_scope.empty() ? std::string() : links->beyond_scope[0].request_status;
  };
  EXPECT_EQ(hidden_only(), "");

  auto req = RequestLeadAccess(*ctx_, sh_officer_, a.id, sz_, "联合查处需要");
  ASSERT_TRUE(req.has_value()) << req.error().ToString();
  EXPECT_EQ(RequestLeadAccess(*ctx_, sh_officer_, a.id, sz_, "再次").error().code(),
            StatusCode::kAlreadyExists);
  // Pending: still nothing of b.
  EXPECT_EQ(hidden_only(), "pending");
  auto mine = ListAccessRequests(*ctx_, sh_officer_, {"outgoing", std::nullopt}, {});
  ASSERT_EQ(mine->total, 1);
  EXPECT_EQ(mine->items[0].status, "pending");
  EXPECT_TRUE(mine->items[0].records.empty());

  // The holding agency sees the request with its own matching lead; others do not.
  auto inbox = ListAccessRequests(*ctx_, sz_officer_, {"incoming", std::string("pending")}, {});
  ASSERT_TRUE(inbox.has_value()) << inbox.error().ToString();
  ASSERT_EQ(inbox->total, 1);
  EXPECT_EQ(inbox->items[0].requester_name, "sh_officer");
  ASSERT_EQ(inbox->items[0].records.size(), 1u);
  EXPECT_EQ(inbox->items[0].records[0].id, b.id);
  EXPECT_EQ(ListAccessRequests(*ctx_, sh_officer_, {"incoming", std::nullopt}, {})->total, 0);
  EXPECT_EQ(DecideAccessRequest(*ctx_, sh_officer_, req->id, true, "", 30).error().code(),
            StatusCode::kNotFound);  // the requester cannot approve its own request
  EXPECT_EQ(DecideAccessRequest(*ctx_, sz_officer_, req->id, true, "", 0).error().code(),
            StatusCode::kInvalidArgument);

  int64_t audit_before = Count("audit_log");
  auto approved = DecideAccessRequest(*ctx_, sz_officer_, req->id, true, "同意联合查处", 30);
  ASSERT_TRUE(approved.has_value()) << approved.error().ToString();
  EXPECT_EQ(approved->status, "approved");
  EXPECT_EQ(Count("audit_log"), audit_before + 1);
  EXPECT_EQ(DecideAccessRequest(*ctx_, sz_officer_, req->id, false, "改主意").error().code(),
            StatusCode::kFailedPrecondition);

  // Approved: b's content is visible to the requester, read-only.
  auto links = GetLeadLinks(*ctx_, sh_officer_, a.id);
  ASSERT_EQ(links->linked.size(), 1u);
  EXPECT_EQ(links->linked[0].id, b.id);
  EXPECT_EQ(links->linked[0].title, b.title);
  EXPECT_TRUE(links->linked[0].granted_until.has_value());
  EXPECT_TRUE(links->beyond_scope.empty());
  auto seen = GetLead(*ctx_, sh_officer_, b.id);
  ASSERT_TRUE(seen.has_value()) << seen.error().ToString();
  EXPECT_EQ(seen->observables.size(), 2u);
  EXPECT_TRUE(seen->granted_until.has_value());
  EXPECT_EQ(ScreenLead(*ctx_, sh_officer_, b.id, false, "越权").error().code(),
            StatusCode::kNotFound);
  // Only the requester: a colleague of the same agency still sees nothing.
  Principal colleague = MakeUser("sh_officer2", {"officer"}, sh_, "310000");
  EXPECT_EQ(GetLead(*ctx_, colleague, b.id).error().code(), StatusCode::kNotFound);
  mine = ListAccessRequests(*ctx_, sh_officer_, {"outgoing", std::string("approved")}, {});
  ASSERT_EQ(mine->total, 1);
  ASSERT_EQ(mine->items[0].records.size(), 1u);

  // 30 days later the approval has expired: hidden again.
  clock_.Advance(31 * 24 * 3600);
  EXPECT_EQ(hidden_only(), "expired");
  EXPECT_EQ(ListAccessRequests(*ctx_, sh_officer_, {"outgoing", std::string("expired")}, {})->total,
            1);
}

TEST_F(LeadsTest, ARefusedRequestShowsNothingAndNeedsAReason) {
  Lead a = Add(MakeLead("f-1", "310000", {Obs("qq", "31415926")}), sh_officer_);
  Lead b = Add(MakeLead("f-2", "440300", {Obs("qq", "QQ 31415926")}));
  auto req = RequestLeadAccess(*ctx_, sh_officer_, a.id, sz_, "核查");
  ASSERT_TRUE(req.has_value());
  EXPECT_EQ(DecideAccessRequest(*ctx_, sz_officer_, req->id, false, " ").error().code(),
            StatusCode::kInvalidArgument);
  // The national office may decide for any agency in its scope.
  auto refused = DecideAccessRequest(*ctx_, office_, req->id, false, "案件尚在秘密侦查阶段");
  ASSERT_TRUE(refused.has_value()) << refused.error().ToString();
  EXPECT_EQ(refused->status, "refused");
  auto links = GetLeadLinks(*ctx_, sh_officer_, a.id);
  EXPECT_TRUE(links->linked.empty());
  ASSERT_EQ(links->beyond_scope.size(), 1u);
  EXPECT_EQ(links->beyond_scope[0].request_status, "refused");
  EXPECT_EQ(GetLead(*ctx_, sh_officer_, b.id).error().code(), StatusCode::kNotFound);
  auto mine = ListAccessRequests(*ctx_, sh_officer_, {"outgoing", std::nullopt}, {});
  EXPECT_EQ(mine->items[0].decision_reason, "案件尚在秘密侦查阶段");
  EXPECT_TRUE(mine->items[0].records.empty());
  // After a refusal the requester may ask again.
  EXPECT_TRUE(RequestLeadAccess(*ctx_, sh_officer_, a.id, sz_, "补充理由").has_value());
}

// ---- 跨区域预警 and 改派 ----

TEST_F(LeadsTest, TheOfficeAcknowledgesAnAlertWithANoteOnce) {
  Add(MakeLead("k-1", "310115", {Obs("phone", "13912345678")}));
  Add(MakeLead("k-2", "440300", {Obs("phone", "13912345678")}));
  auto alerts = ListLeadAlerts(*ctx_, office_, {});
  ASSERT_EQ(alerts->total, 1);
  int64_t id = alerts->items[0].id;
  EXPECT_EQ(AcknowledgeLeadAlert(*ctx_, office_, id, "").error().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(AcknowledgeLeadAlert(*ctx_, sh_officer_, id, "已阅").error().code(),
            StatusCode::kPermissionDenied);
  // Shanghai's office does not cover a Shanghai + Shenzhen alert (region 000000).
  EXPECT_EQ(AcknowledgeLeadAlert(*ctx_, sh_office_, id, "已阅").error().code(),
            StatusCode::kNotFound);
  int64_t audit_before = Count("audit_log");
  auto done = AcknowledgeLeadAlert(*ctx_, office_, id, "已转沪粤两地联合查办");
  ASSERT_TRUE(done.has_value()) << done.error().ToString();
  EXPECT_TRUE(done->acknowledged_at.has_value());
  EXPECT_EQ(done->ack_note, "已转沪粤两地联合查办");
  EXPECT_EQ(done->acknowledged_by, "office");
  EXPECT_EQ(Count("audit_log"), audit_before + 1);
  EXPECT_EQ(AcknowledgeLeadAlert(*ctx_, office_, id, "再阅").error().code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(ListLeadAlerts(*ctx_, office_, {}, false)->total, 0);
  EXPECT_EQ(ListLeadAlerts(*ctx_, office_, {}, true)->items[0].ack_note, "已转沪粤两地联合查办");
}

TEST_F(LeadsTest, ReassigningMovesTheLeadAndItsIndexRecord) {
  int64_t pd = MakeAgency("上海市浦东新区市场监督管理局", "market_regulation", "county", "310115");
  Principal pd_officer = MakeUser("pd_officer", {"officer"}, pd, "310115");
  Lead lead = Add(MakeLead("re-1", "310115", {Obs("phone", "13912345678")}));
  ASSERT_EQ(*lead.agency_id, pd);
  Lead sh_lead = Add(MakeLead("re-2", "310000", {Obs("phone", "13912345678")}), sh_officer_);
  // Before: sh_officer sees the Pudong lead only as "a match exists at 浦东".
  EXPECT_EQ(GetLeadLinks(*ctx_, sh_officer_, sh_lead.id)->beyond_scope.size(), 1u);

  EXPECT_EQ(ReassignLead(*ctx_, sh_officer_, lead.id, sh_, "x").error().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(ReassignLead(*ctx_, office_, lead.id, sh_, " ").error().code(),
            StatusCode::kInvalidArgument);
  auto far = ReassignLead(*ctx_, office_, lead.id, sz_, "深圳承办");
  ASSERT_FALSE(far.has_value());
  EXPECT_EQ(far.error().field_errors()[0].field, "agency_id");  // Shenzhen does not cover Pudong
  int64_t audit_before = Count("audit_log");
  auto moved = ReassignLead(*ctx_, office_, lead.id, sh_, "涉案金额大，由市局直接办理");
  ASSERT_TRUE(moved.has_value()) << moved.error().ToString();
  EXPECT_EQ(*moved->agency_id, sh_);
  EXPECT_EQ(moved->status, "new");
  EXPECT_EQ(Count("audit_log"), audit_before + 1);
  // Pudong no longer sees it; Shanghai's officer does, and the index says so too.
  EXPECT_EQ(GetLead(*ctx_, pd_officer, lead.id).error().code(), StatusCode::kNotFound);
  EXPECT_TRUE(GetLead(*ctx_, sh_officer_, lead.id).has_value());
  auto links = GetLeadLinks(*ctx_, sh_officer_, sh_lead.id);
  ASSERT_EQ(links->linked.size(), 1u);
  EXPECT_EQ(links->linked[0].id, lead.id);
  EXPECT_TRUE(links->beyond_scope.empty());
  // The head of the agency now holding it may pass it on.
  EXPECT_EQ(ReassignLead(*ctx_, sh_head_, lead.id, pd, "退回区局").value().agency_id, pd);
}

// ---- The correlation index lives and dies with its Context ----

TEST_F(LeadsTest, ANewContextAtTheSameAddressNeverSeesAnOldIndex) {
  auto other_db = storage::OpenDatabase("sqlite::memory:");
  ASSERT_TRUE(other_db.has_value());
  ASSERT_TRUE(storage::Migrate(**other_db, storage::AllMigrations(), clock_.Now()).has_value());
  Add(MakeLead("o-1", "310000", {Obs("phone", "13912345678")}));
  Add(MakeLead("o-2", "440300", {Obs("phone", "13912345678")}));

  std::optional<Context> ctx;
  ctx.emplace(*db_, clock_);
  const Context* address = &*ctx;
  ASSERT_EQ((*Correlation(*ctx))->record_count(), 2u);
  ctx.reset();  // no DetachCorrelation: the destructor must drop the index
  ctx.emplace(**other_db, clock_);
  ASSERT_EQ(&*ctx, address);  // same storage, so an address-keyed registry would hand back the old index
  EXPECT_EQ((*Correlation(*ctx))->record_count(), 0u);
  // DetachCorrelation still drops a live Context's index: the next use rebuilds from its store.
  DetachCorrelation(*ctx_);
  EXPECT_EQ((*Correlation(*ctx_))->record_count(), 2u);
}

}  // namespace
}  // namespace ipe::app
