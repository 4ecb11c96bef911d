// Issue 17, seized goods end to end at the use-case level, on SQLite and PostgreSQL, with a fake
// clock: three lines seized in a case → a sample → one handed to the police → destruction of the
// rest applied for, approved, executed (a unit without the hazardous-waste licence refused),
// supervised and closed → the public certificate check. The custody invariant under thousands of
// random movements through the store, and two writers on one line (one wins, the other 409).
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <random>
#include <set>
#include <thread>

#include "app/accounts/accounts.h"
#include "app/cases/cases.h"
#include "app/context.h"
#include "app/crypto.h"
#include "app/custody/custody.h"
#include "app/demo.h"
#include "app/workbench/workbench.h"
#include "fresh_db.h"
#include "sheet/sheet.h"
#include "storage/db.h"
#include "storage/migrate.h"

namespace ipe::app {
namespace {

const std::string kHash(64, 'a');

class CustodyFlowTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    std::string url = ipe::testing::FreshDatabaseUrl(GetParam(), "cu");
    if (url.empty()) GTEST_SKIP() << "IPE_PG_DSN not set: PostgreSQL run skipped";
    auto db = storage::OpenDatabase(url);
    ASSERT_TRUE(db.has_value()) << db.error().ToString();
    db_ = std::move(*db);
    ASSERT_TRUE(storage::Migrate(*db_, storage::AllMigrations(), clock_.Now()).has_value());
    ctx_ = std::make_unique<Context>(*db_, clock_);
    auto demo = LoadDemoData(*ctx_);
    ASSERT_TRUE(demo.has_value()) << demo.error().ToString();
  }

  Principal As(const std::string& login) {
    auto p = PrincipalForLogin(*ctx_, login);
    EXPECT_TRUE(p.has_value()) << login;
    return *p;
  }

  int64_t NewCase(const std::string& number) {
    CaseInput in;
    in.case_number = number;
    in.title = "某公司销售假冒注册商标商品案";
    in.category = "trademark";
    in.conduct = "sell_counterfeit_goods";
    in.source = "inspection";
    in.act_date_from = *core::ParseDate("2025-06-01");
    auto c = CreateCase(*ctx_, As("sh_officer"), in);
    EXPECT_TRUE(c.has_value()) << c.error().ToString();
    return c->id;
  }

  CustodyItem Seize(int64_t case_id, const std::string& description, const std::string& category,
                    const std::string& unit, int64_t quantity, std::optional<int64_t> store = {}) {
    ItemInput in;
    in.description = description;
    in.category = category;
    in.unit = unit;
    in.quantity = quantity;
    in.weight_g = quantity * 500;
    in.value = core::Fen(quantity * 10000);
    in.store_id = store;
    in.photo_hashes = {kHash};
    auto item = RegisterCustodyItem(*ctx_, As("sh_officer"), case_id, in);
    EXPECT_TRUE(item.has_value()) << item.error().ToString();
    return *item;
  }

  DestructionUnit Unit(const std::string& name, const std::string& region,
                       std::vector<std::string> caps, const std::string& licence) {
    UnitInput in;
    in.name = name;
    in.region_code = region;
    in.capabilities = std::move(caps);
    in.licence_no = licence;
    in.licence_valid_until = *core::ParseDate("2030-12-31");
    in.capacity_tonnes = 5000;
    auto u = CreateDestructionUnit(*ctx_, As("office"), in);
    EXPECT_TRUE(u.has_value()) << u.error().ToString();
    return *u;
  }

  int64_t Count(const std::string& sql, const storage::Params& params = {}) {
    auto tx = db_->Begin(storage::TxMode::kRead);
    auto rows = (*tx)->Query(sql, params);
    EXPECT_TRUE(rows.has_value()) << rows.error().ToString();
    return (*rows)[0].Int(0);
  }

  // Monday 2026-06-01, 10:00 Beijing time.
  core::FakeClock clock_{*core::ParseTimestamp("2026-06-01T10:00:00+08:00")};
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<Context> ctx_;
};

TEST_P(CustodyFlowTest, SeizeSampleHandOverDestroyCertify) {
  Principal officer = As("sh_officer");
  auto store = CreateStoreroom(*ctx_, officer, {"一号涉案物品库", "上海市徐汇区某路1号", std::nullopt});
  ASSERT_TRUE(store.has_value()) << store.error().ToString();
  int64_t case_id = NewCase("沪销毁1");
  CustodyItem shoes = Seize(case_id, "假冒耐克运动鞋", "general", "pair", 120, store->id);
  CustodyItem phones = Seize(case_id, "假冒品牌耳机", "electronic", "piece", 40, store->id);
  CustodyItem drugs = Seize(case_id, "假冒药品（胶囊）", "pharmaceutical", "box", 30, store->id);
  EXPECT_EQ(shoes.label_no.substr(0, 6), "WP2026");
  EXPECT_EQ(shoes.store_id, store->id);

  // Sample 2 pairs as evidence; hand all the earphones to the police.
  auto sampled = RecordMovement(*ctx_, officer, shoes.id, {"sample", 2, {}, "", "抽样送检", shoes.version});
  ASSERT_TRUE(sampled.has_value()) << sampled.error().ToString();
  EXPECT_EQ(sampled->balance.in_custody, 118);
  auto no_ref = RecordMovement(*ctx_, officer, phones.id, {"hand_over", 40, {}, "", "", phones.version});
  ASSERT_FALSE(no_ref.has_value());
  EXPECT_EQ(no_ref.error().code(), core::StatusCode::kInvalidArgument);
  auto handed = RecordMovement(*ctx_, officer, phones.id,
                               {"hand_over", 40, {}, "沪市监移〔2026〕1号", "", phones.version});
  ASSERT_TRUE(handed.has_value()) << handed.error().ToString();
  EXPECT_EQ(handed->balance.handed_over, 40);
  // More than held is refused, nothing written.
  auto too_many = RecordMovement(*ctx_, officer, drugs.id, {"return", 31, {}, "", "", drugs.version});
  ASSERT_FALSE(too_many.has_value());
  EXPECT_EQ(too_many.error().code(), core::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Count("SELECT count(*) FROM custody_movements WHERE item_id = ?", {drugs.id}), 2);
  // Destroying goes through an application only.
  auto direct = RecordMovement(*ctx_, officer, drugs.id, {"destroy", 30, {}, "", "", drugs.version});
  ASSERT_FALSE(direct.has_value());
  EXPECT_EQ(direct.error().code(), core::StatusCode::kFailedPrecondition);

  DestructionUnit general = Unit("上海某再生资源利用有限公司", "310115", {"general"}, "沪固废-001");
  DestructionUnit hazardous = Unit("上海某危险废物处置有限公司", "310112", {"general", "hazardous"}, "沪危废-001");
  DestructionUnit far = Unit("广东某环保有限公司", "440300", {"general", "hazardous"}, "粤危废-001");
  // The nearest capable unit first: same prefecture before another province; the general-only
  // unit is no candidate for the drugs.
  auto proposed = ProposeDestructionUnits(*ctx_, officer, {shoes.id, drugs.id}, "incineration");
  ASSERT_TRUE(proposed.has_value()) << proposed.error().ToString();
  auto position = [&](int64_t id) {
    for (size_t i = 0; i < proposed->size(); ++i) {
      if ((*proposed)[i].id == id) return static_cast<int>(i);
    }
    return -1;
  };
  EXPECT_EQ(position(general.id), -1);
  ASSERT_GE(position(hazardous.id), 0);
  EXPECT_LT(position(hazardous.id), position(far.id));
  for (const DestructionUnit& u : *proposed) {
    EXPECT_NE(std::find(u.capabilities.begin(), u.capabilities.end(), "hazardous"), u.capabilities.end());
    if (u.region_code.substr(0, 2) != "31") {
      EXPECT_GT(position(u.id), position(hazardous.id));
    }
  }

  DestructionInput apply;
  apply.lines = {{shoes.id, 118}, {drugs.id, 30}};
  apply.method = "incineration";
  apply.unit_id = general.id;
  apply.planned_on = *core::ParseDate("2026-06-10");
  auto wrong = ApplyForDestruction(*ctx_, officer, case_id, apply);
  ASSERT_FALSE(wrong.has_value());
  EXPECT_EQ(wrong.error().code(), core::StatusCode::kFailedPrecondition);
  EXPECT_NE(wrong.error().message().find("危险废物"), std::string::npos);
  apply.unit_id = hazardous.id;
  auto applied = ApplyForDestruction(*ctx_, officer, case_id, apply);
  ASSERT_TRUE(applied.has_value()) << applied.error().ToString();
  EXPECT_EQ(applied->status, "applied");
  ASSERT_EQ(applied->lines.size(), 2u);
  // The claimed quantity cannot be returned while the application is open.
  CustodyItem shoes_now = GetCustodyItem(*ctx_, officer, shoes.id)->item;
  auto claimed = RecordMovement(*ctx_, officer, shoes.id, {"return", 1, {}, "", "", shoes_now.version});
  ASSERT_FALSE(claimed.has_value());
  EXPECT_EQ(claimed.error().code(), core::StatusCode::kFailedPrecondition);

  // Only the agency head approves.
  auto by_officer = DecideDestruction(*ctx_, officer, applied->id, true, "", applied->version);
  ASSERT_FALSE(by_officer.has_value());
  EXPECT_EQ(by_officer.error().code(), core::StatusCode::kPermissionDenied);
  auto approved = DecideDestruction(*ctx_, As("sh_head"), applied->id, true, "同意", applied->version);
  ASSERT_TRUE(approved.has_value()) << approved.error().ToString();
  EXPECT_EQ(approved->status, "approved");

  // Execution by a unit without the hazardous-waste licence is refused, nothing destroyed.
  auto refused = RecordDestructionExecution(*ctx_, officer, applied->id,
                                            {general.id, std::nullopt, "", approved->version});
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code(), core::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Count("SELECT destroyed FROM custody_items WHERE id = ?", {drugs.id}), 0);
  auto executed = RecordDestructionExecution(*ctx_, officer, applied->id,
                                             {hazardous.id, std::nullopt, "焚烧处置", approved->version});
  ASSERT_TRUE(executed.has_value()) << executed.error().ToString();
  EXPECT_EQ(executed->status, "executed");
  auto shoes_after = GetCustodyItem(*ctx_, officer, shoes.id);
  ASSERT_TRUE(shoes_after.has_value());
  EXPECT_EQ(shoes_after->item.balance.destroyed, 118);
  EXPECT_EQ(shoes_after->item.balance.sampled, 2);
  EXPECT_EQ(shoes_after->item.balance.in_custody, 0);
  EXPECT_EQ(shoes_after->movements.back().kind, "destroy");

  SupervisionInput sup;
  sup.supervisors = {"李执法"};
  sup.evidence_hashes = {kHash};
  sup.weight_before_g = 74000;
  sup.weight_after_g = 3000;
  sup.version = executed->version;
  auto one_supervisor = RecordDestructionSupervision(*ctx_, officer, applied->id, sup);
  ASSERT_FALSE(one_supervisor.has_value());
  EXPECT_EQ(one_supervisor.error().code(), core::StatusCode::kInvalidArgument);
  sup.supervisors = {"李执法", "王监督"};
  auto supervised = RecordDestructionSupervision(*ctx_, officer, applied->id, sup);
  ASSERT_TRUE(supervised.has_value()) << supervised.error().ToString();
  auto closed = CloseDestruction(*ctx_, officer, applied->id, supervised->version);
  ASSERT_TRUE(closed.has_value()) << closed.error().ToString();
  ASSERT_TRUE(closed->certificate_no.has_value());
  EXPECT_EQ(closed->certificate_no->substr(0, 6), "XH2026");

  auto cert = VerifyDestructionCertificate(*ctx_, *closed->certificate_no);
  ASSERT_TRUE(cert.has_value()) << cert.error().ToString();
  EXPECT_EQ(cert->unit_name, "上海某危险废物处置有限公司");
  EXPECT_EQ(cert->unit_licence_no, "沪危废-001");
  ASSERT_EQ(cert->lines.size(), 2u);
  EXPECT_EQ(cert->lines[0].quantity + cert->lines[1].quantity, 148);
  EXPECT_EQ(cert->weight_before_g, 74000);
  EXPECT_EQ(VerifyDestructionCertificate(*ctx_, "XH2026-999999").error().code(),
            core::StatusCode::kNotFound);

  // The campaign summary by province and the environment department's notice of the day.
  core::Date day = *core::ParseDate("2026-06-01");
  auto summary = DestructionSummary(*ctx_, officer, day, day);
  ASSERT_TRUE(summary.has_value()) << summary.error().ToString();
  ASSERT_EQ(summary->size(), 1u);
  const DestructionSummaryRow& sh = (*summary)[0];
  EXPECT_EQ(sh.province_code, "310000");
  EXPECT_EQ(sh.destructions, 2);  // this one and the demo's liquor
  EXPECT_EQ(sh.quantity, 118 + 30 + 120);
  EXPECT_EQ(sh.weight_before_g, 74000 + 108000);
  // 118 of 120 pairs worth 1,200,000 fen, all 30 boxes worth 300,000; the demo liquor has no value.
  EXPECT_EQ(sh.value.value, 1'180'000 + 300'000);
  EXPECT_TRUE(DestructionSummary(*ctx_, As("gd_officer"), day, day)->empty());
  EXPECT_EQ(DestructionSummary(*ctx_, officer, day, day.AddDays(400)).error().code(),
            core::StatusCode::kInvalidArgument);
  auto notice = EnvironmentNotice(*ctx_, officer, day, day);
  ASSERT_TRUE(notice.has_value()) << notice.error().ToString();
  bool listed = false;
  for (const Destruction& d : *notice) listed |= d.id == closed->id && d.status == "closed";
  EXPECT_TRUE(listed);

  // The reconciliation balances; the audit has every step.
  auto rec = CustodyReconciliation(*ctx_, officer, 90);
  ASSERT_TRUE(rec.has_value()) << rec.error().ToString();
  const ReconciliationRow* row = nullptr;
  for (const ReconciliationRow& r : rec->rows) {
    EXPECT_TRUE(r.balanced) << r.store_name;
    if (r.store_id == store->id) row = &r;
  }
  ASSERT_NE(row, nullptr);
  EXPECT_EQ(row->lines, 3);
  EXPECT_EQ(row->totals.seized, 190);
  EXPECT_EQ(row->totals.destroyed, 148);
  EXPECT_EQ(row->totals.handed_over, 40);
  EXPECT_EQ(row->totals.sampled, 2);
  for (const char* action : {"custody.register", "custody.sample", "custody.hand_over", "destruction.apply",
                             "destruction.approve", "destruction.execute", "destruction.supervise",
                             "destruction.close"}) {
    EXPECT_GT(Count("SELECT count(*) FROM audit_log WHERE action = ?", {action}), 0) << action;
  }
}

TEST_P(CustodyFlowTest, ScopeAndHeldTooLong) {
  int64_t case_id = NewCase("沪销毁2");
  CustodyItem item = Seize(case_id, "假冒箱包", "general", "piece", 10);
  // Another province's officer neither sees nor moves it.
  auto seen = GetCustodyItem(*ctx_, As("gd_officer"), item.id);
  ASSERT_FALSE(seen.has_value());
  EXPECT_EQ(seen.error().code(), core::StatusCode::kNotFound);
  auto moved = RecordMovement(*ctx_, As("gd_officer"), item.id, {"sample", 1, {}, "", "", item.version});
  ASSERT_FALSE(moved.has_value());
  EXPECT_EQ(moved.error().code(), core::StatusCode::kNotFound);
  // Prosecutors read; they do not write.
  EXPECT_TRUE(GetCustodyItem(*ctx_, As("sh_prosecutor"), item.id).has_value());
  EXPECT_EQ(RegisterCustodyItem(*ctx_, As("sh_prosecutor"), case_id, {}).error().code(),
            core::StatusCode::kPermissionDenied);
  // Bad input: every field named, nothing written.
  ItemInput bad;
  bad.category = "fireworks";
  auto refused = RegisterCustodyItem(*ctx_, As("sh_officer"), case_id, bad);
  ASSERT_FALSE(refused.has_value());
  EXPECT_GE(refused.error().field_errors().size(), 4u);
  EXPECT_EQ(Count("SELECT count(*) FROM custody_items WHERE case_id = ?", {case_id}), 1);

  // 100 days later with no decision the line counts as held too long.
  auto held_of = [&](const Reconciliation& rec) -> const HeldItem* {
    for (const HeldItem& h : rec.held) {
      if (h.item.id == item.id) return &h;
    }
    return nullptr;
  };
  auto before = CustodyReconciliation(*ctx_, As("sh_officer"), 90);
  ASSERT_TRUE(before.has_value());
  EXPECT_EQ(held_of(*before), nullptr);
  auto todos_before = CustodyTodos(*ctx_, As("sh_officer"));
  ASSERT_TRUE(todos_before.has_value());
  clock_.Advance(100 * 86400);
  auto rec = CustodyReconciliation(*ctx_, As("sh_officer"), 90);
  ASSERT_TRUE(rec.has_value());
  const HeldItem* held = held_of(*rec);
  ASSERT_NE(held, nullptr);
  EXPECT_EQ(held->days_held, 100);
  auto todos = CustodyTodos(*ctx_, As("sh_officer"));
  ASSERT_TRUE(todos.has_value());
  EXPECT_EQ(todos->held_too_long, todos_before->held_too_long + 1);
  EXPECT_EQ(CustodyReconciliation(*ctx_, As("sh_officer"), 0).error().code(),
            core::StatusCode::kInvalidArgument);
}

// The invariant through the store: random movements on random lines, each its own transaction;
// after every one the stored line equals the model (custody::Apply on the previous state) and
// balances, and a refused movement leaves the line unchanged.
TEST_P(CustodyFlowTest, RandomMovementsKeepTheStoredBalance) {
  Principal officer = As("sh_officer");
  auto s1 = CreateStoreroom(*ctx_, officer, {"甲库", "", std::nullopt});
  auto s2 = CreateStoreroom(*ctx_, officer, {"乙库", "", std::nullopt});
  ASSERT_TRUE(s1.has_value() && s2.has_value());
  int64_t case_id = NewCase("沪销毁3");
  std::vector<CustodyItem> lines;
  std::mt19937_64 rng(17);
  for (int i = 0; i < 20; ++i) {
    lines.push_back(Seize(case_id, "假冒商品" + std::to_string(i), "general", "piece",
                          std::uniform_int_distribution<int64_t>(200, 5000)(rng), i % 2 ? s1->id : std::optional<int64_t>()));
  }
  const char* kinds[] = {"store_in", "move", "sample", "return", "hand_over", "retain"};
  int accepted = 0;
  const int kMovements = 2000;
  for (int step = 0; step < kMovements; ++step) {
    CustodyItem& line = lines[std::uniform_int_distribution<size_t>(0, lines.size() - 1)(rng)];
    std::string kind = kinds[std::uniform_int_distribution<int>(0, 5)(rng)];
    bool store_kind = kind == "store_in" || kind == "move";
    int64_t q = store_kind ? line.balance.in_custody
                           : std::uniform_int_distribution<int64_t>(0, std::min<int64_t>(line.balance.in_custody + 3, 60))(rng);
    MovementInput in{kind, q, {}, "REF-" + std::to_string(step), "", line.version};
    if (store_kind) in.to_store_id = line.store_id == s1->id ? s2->id : s1->id;
    auto expect = custody::Apply(line.balance, *custody::MovementKindFromKey(kind), q);
    auto got = RecordMovement(*ctx_, officer, line.id, in);
    auto stored = GetCustodyItem(*ctx_, officer, line.id);
    ASSERT_TRUE(stored.has_value());
    ASSERT_TRUE(stored->item.balance.Holds());
    if (got) {
      ++accepted;
      ASSERT_TRUE(expect.has_value()) << kind << " " << q;
      EXPECT_EQ(stored->item.balance, *expect);
      EXPECT_EQ(stored->item.version, line.version + 1);
    } else {
      EXPECT_EQ(stored->item.balance, line.balance) << kind << " " << q;
      EXPECT_EQ(stored->item.version, line.version);
    }
    line = stored->item;
  }
  EXPECT_GT(accepted, kMovements / 4);
  // Nothing in the store breaks the balance, and the movements add up for every line.
  EXPECT_EQ(Count("SELECT count(*) FROM custody_items WHERE seized <> in_custody + sampled + returned + "
                  "handed_over + retained + destroyed"),
            0);
  EXPECT_EQ(Count("SELECT count(*) FROM custody_items i WHERE i.sampled + i.returned + i.handed_over + "
                  "i.retained <> (SELECT COALESCE(SUM(m.quantity), 0) FROM custody_movements m WHERE "
                  "m.item_id = i.id AND m.kind IN ('sample', 'return', 'hand_over', 'retain'))"),
            0);
}

// Two officers write the same line from the same version at once: one wins, the other is told
// to reload (409), and the balance holds.
TEST_P(CustodyFlowTest, ConcurrentWritesOnOneLineOneWins) {
  int64_t case_id = NewCase("沪销毁4");
  Principal officer = As("sh_officer");
  Principal head = As("sh_head");
  for (int round = 0; round < 10; ++round) {
    CustodyItem item = Seize(case_id, "假冒手表" + std::to_string(round), "general", "piece", 10);
    std::atomic<int> ready{0};
    core::Result<CustodyItem> results[2] = {core::Internal("not run"), core::Internal("not run")};
    auto run = [&](int i, const Principal& who) {
      ready.fetch_add(1);
      while (ready.load() < 2) std::this_thread::yield();
      results[i] = RecordMovement(*ctx_, who, item.id, {"sample", 6, {}, "", "", item.version});
    };
    std::thread a(run, 0, std::cref(officer));
    std::thread b(run, 1, std::cref(head));
    a.join();
    b.join();
    int wins = results[0].has_value() + results[1].has_value();
    ASSERT_EQ(wins, 1) << "round " << round;
    const auto& loser = results[0].has_value() ? results[1] : results[0];
    EXPECT_EQ(loser.error().code(), core::StatusCode::kFailedPrecondition) << loser.error().ToString();
    auto stored = GetCustodyItem(*ctx_, officer, item.id);
    ASSERT_TRUE(stored.has_value());
    EXPECT_EQ(stored->item.balance.sampled, 6);
    EXPECT_TRUE(stored->item.balance.Holds());
  }
}

// The 工作台: the head has the demo's application to decide, the office the licence about to end
// (the demo's Beijing unit, 30 days), the officer the demo line held past 90 days; the auditor none.
TEST_P(CustodyFlowTest, WorkbenchListsTheCustodyToDos) {
  auto kinds_of = [&](const std::string& login) {
    auto wb = GetWorkbench(*ctx_, As(login), {});
    EXPECT_TRUE(wb.has_value()) << wb.error().ToString();
    std::set<std::string> kinds;
    for (const WorkItem& i : wb->items) kinds.insert(i.kind);
    return kinds;
  };
  EXPECT_TRUE(kinds_of("sh_head").count("destruction_approval"));
  EXPECT_FALSE(kinds_of("sh_officer").count("destruction_approval"));
  EXPECT_TRUE(kinds_of("office").count("licence_expiring"));
  clock_.Advance(91 * 86400);
  EXPECT_TRUE(kinds_of("sh_officer").count("custody_held"));
  EXPECT_FALSE(kinds_of("gd_officer").count("custody_held"));
  EXPECT_TRUE(kinds_of("auditor").empty());
}

// Destruction campaigns: the office creates one (validated, nothing written on bad input); an
// agency attaches an executed destruction only to an open campaign whose period and regions fit,
// one campaign at most, version-guarded and audited; the campaign's summary by province has the
// destruction's figures; the CSV and XLSX exports carry them; a closed campaign keeps its members.
TEST_P(CustodyFlowTest, CampaignsAttachSummarizeExport) {
  Principal officer = As("sh_officer");
  Principal office = As("office");
  int64_t campaigns_before = Count("SELECT count(*) FROM destruction_campaigns");

  auto by_officer = CreateDestructionCampaign(*ctx_, officer, {"活动", core::Date{}, core::Date{}, {"310000"}, ""});
  ASSERT_FALSE(by_officer.has_value());
  EXPECT_EQ(by_officer.error().code(), core::StatusCode::kPermissionDenied);
  CampaignInput bad;
  bad.name = " ";
  bad.starts_on = *core::ParseDate("2026-06-30");
  bad.ends_on = *core::ParseDate("2026-06-01");
  bad.regions = {"999999"};
  auto invalid = CreateDestructionCampaign(*ctx_, office, bad);
  ASSERT_FALSE(invalid.has_value());
  EXPECT_EQ(invalid.error().code(), core::StatusCode::kInvalidArgument);
  std::set<std::string> fields;
  for (const auto& e : invalid.error().field_errors()) fields.insert(e.field);
  EXPECT_EQ(fields, (std::set<std::string>{"name", "ends_on", "regions"}));
  EXPECT_EQ(Count("SELECT count(*) FROM destruction_campaigns"), campaigns_before);

  auto make = [&](const char* name, const char* from, const char* to, const char* region) {
    auto c = CreateDestructionCampaign(*ctx_, office, {name, *core::ParseDate(from), *core::ParseDate(to), {region}, ""});
    EXPECT_TRUE(c.has_value()) << c.error().ToString();
    return *c;
  };
  DestructionCampaign june = make("六月集中销毁", "2026-06-01", "2026-06-30", "310000");
  DestructionCampaign canton = make("广东集中销毁", "2026-06-01", "2026-06-30", "440000");
  DestructionCampaign august = make("八月集中销毁", "2026-08-01", "2026-08-31", "310000");
  EXPECT_EQ(june.status, "open");

  // One executed destruction: 90 of 100 pairs (value 10,000 fen a pair, 45 kg supervised).
  int64_t case_id = NewCase("沪活动1");
  CustodyItem shoes = Seize(case_id, "假冒运动鞋", "general", "pair", 100);
  DestructionUnit unit = Unit("上海某再生利用有限公司", "310115", {"general"}, "沪固废-活动");
  DestructionInput apply;
  apply.lines = {{shoes.id, 90}};
  apply.method = "material_recovery";
  apply.unit_id = unit.id;
  apply.planned_on = *core::ParseDate("2026-06-01");
  auto d = ApplyForDestruction(*ctx_, officer, case_id, apply);
  ASSERT_TRUE(d.has_value()) << d.error().ToString();
  d = DecideDestruction(*ctx_, As("sh_head"), d->id, true, "同意", d->version);
  ASSERT_TRUE(d.has_value()) << d.error().ToString();
  d = RecordDestructionExecution(*ctx_, officer, d->id, {unit.id, std::nullopt, "", d->version});
  ASSERT_TRUE(d.has_value()) << d.error().ToString();
  d = RecordDestructionSupervision(*ctx_, officer, d->id, {{"甲", "乙"}, {kHash}, 45000, 0, d->version});
  ASSERT_TRUE(d.has_value()) << d.error().ToString();

  auto refused = [&](const Principal& who, std::optional<int64_t> campaign, int64_t version, core::StatusCode code) {
    auto r = SetDestructionCampaign(*ctx_, who, d->id, campaign, version);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code(), code) << r.error().ToString();
  };
  refused(officer, canton.id, d->version, core::StatusCode::kFailedPrecondition);   // region
  refused(officer, august.id, d->version, core::StatusCode::kFailedPrecondition);   // period
  refused(officer, june.id, d->version - 1, core::StatusCode::kFailedPrecondition);  // stale version
  refused(officer, std::nullopt, d->version, core::StatusCode::kFailedPrecondition); // not attached
  refused(As("pd_officer"), june.id, d->version, core::StatusCode::kNotFound);      // another agency
  refused(office, june.id, d->version, core::StatusCode::kPermissionDenied);        // no custody.write
  auto attached = SetDestructionCampaign(*ctx_, officer, d->id, june.id, d->version);
  ASSERT_TRUE(attached.has_value()) << attached.error().ToString();
  EXPECT_EQ(attached->campaign_id, june.id);
  EXPECT_EQ(attached->campaign_name, "六月集中销毁");
  refused(officer, august.id, attached->version, core::StatusCode::kFailedPrecondition);  // one at most
  EXPECT_EQ(Count("SELECT count(*) FROM audit_log WHERE action = 'destruction.campaign_attach' AND entity_id = ?",
                  {std::to_string(d->id)}),
            1);

  // The summary: this destruction only (the demo's is in the demo campaign).
  auto report = GetDestructionCampaign(*ctx_, office, june.id);
  ASSERT_TRUE(report.has_value()) << report.error().ToString();
  EXPECT_EQ(report->campaign.destructions, 1);
  ASSERT_EQ(report->rows.size(), 1u);
  const DestructionSummaryRow& row = report->rows[0];
  EXPECT_EQ(row.province_code, "310000");
  EXPECT_EQ(row.province_name, "上海市");
  EXPECT_EQ(row.destructions, 1);
  EXPECT_EQ(row.lines, 1);
  EXPECT_EQ(row.quantity, 90);
  EXPECT_EQ(row.weight_before_g, 45000);
  EXPECT_EQ(row.value.value, 900000);  // 1,000,000 fen × 90 / 100
  // Another province's officer sees the campaign but none of Shanghai's destructions.
  auto from_canton = GetDestructionCampaign(*ctx_, As("gd_officer"), june.id);
  ASSERT_TRUE(from_canton.has_value()) << from_canton.error().ToString();
  EXPECT_TRUE(from_canton->rows.empty());
  EXPECT_EQ(from_canton->campaign.destructions, 0);
  auto listed = ListDestructions(*ctx_, officer, {std::nullopt, std::nullopt, june.id}, {1, 20});
  ASSERT_TRUE(listed.has_value());
  ASSERT_EQ(listed->items.size(), 1u);
  EXPECT_EQ(listed->items[0].id, d->id);

  auto csv = ExportDestructionCampaign(*ctx_, office, june.id, "csv");
  ASSERT_TRUE(csv.has_value()) << csv.error().ToString();
  EXPECT_NE(csv->bytes.find("上海市,1,1,90,45.000,9000.00"), std::string::npos) << csv->bytes;
  EXPECT_NE(csv->bytes.find("合计,1,1,90,45.000,9000.00"), std::string::npos) << csv->bytes;
  auto xlsx = ExportDestructionCampaign(*ctx_, office, june.id, "xlsx");
  ASSERT_TRUE(xlsx.has_value()) << xlsx.error().ToString();
  auto sheets = sheet::ReadXlsx(xlsx->bytes);
  ASSERT_TRUE(sheets.has_value()) << sheets.error().ToString();
  ASSERT_GE((*sheets)[0].rows.size(), 3u);
  EXPECT_EQ((*sheets)[0].rows[1][0].text, "上海市");
  EXPECT_EQ((*sheets)[0].rows[1][3].text, "90");
  EXPECT_EQ((*sheets)[0].rows[1][5].text, "9000");
  EXPECT_FALSE(ExportDestructionCampaign(*ctx_, office, june.id, "pdf").has_value());

  // Detach and attach again while open; after closing, neither.
  auto detached = SetDestructionCampaign(*ctx_, officer, d->id, std::nullopt, attached->version);
  ASSERT_TRUE(detached.has_value()) << detached.error().ToString();
  EXPECT_FALSE(detached->campaign_id.has_value());
  attached = SetDestructionCampaign(*ctx_, officer, d->id, june.id, detached->version);
  ASSERT_TRUE(attached.has_value()) << attached.error().ToString();
  auto closed_by_officer = CloseDestructionCampaign(*ctx_, officer, june.id, june.version);
  ASSERT_FALSE(closed_by_officer.has_value());
  EXPECT_EQ(closed_by_officer.error().code(), core::StatusCode::kPermissionDenied);
  auto closed = CloseDestructionCampaign(*ctx_, office, june.id, june.version);
  ASSERT_TRUE(closed.has_value()) << closed.error().ToString();
  EXPECT_EQ(closed->status, "closed");
  refused(officer, std::nullopt, attached->version, core::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Count("SELECT campaign_id FROM destructions WHERE id = ?", {d->id}), june.id);

  auto open = ListDestructionCampaigns(*ctx_, officer, "open", {1, 2});
  ASSERT_TRUE(open.has_value()) << open.error().ToString();
  EXPECT_EQ(open->total, 3);  // the demo's, 广东, 八月
  EXPECT_EQ(open->items.size(), 2u);
  EXPECT_FALSE(ListDestructionCampaigns(*ctx_, officer, "nonsense", {1, 20}).has_value());
  EXPECT_FALSE(ListDestructionCampaigns(*ctx_, As("sh_police"), std::nullopt, {1, 20}).has_value());
}

// The custody statement replays the movements up to a day: the seizure from the line's seizure
// date, later movements from the day they were recorded; today's balance is the stored one.
TEST_P(CustodyFlowTest, CustodyStatementAsOfADay) {
  Principal officer = As("sh_officer");
  int64_t case_id = NewCase("沪保管情况1");
  CustodyItem shoes = Seize(case_id, "假冒运动鞋", "general", "pair", 50);  // seized 2026-06-01
  auto sampled = RecordMovement(*ctx_, officer, shoes.id, {"sample", 2, {}, "", "", shoes.version});
  ASSERT_TRUE(sampled.has_value()) << sampled.error().ToString();
  clock_.Advance(4 * 86400);  // 2026-06-05
  auto handed = RecordMovement(*ctx_, officer, shoes.id, {"hand_over", 8, {}, "沪公移〔2026〕1号", "", sampled->version});
  ASSERT_TRUE(handed.has_value()) << handed.error().ToString();

  auto at = [&](const char* day) {
    auto st = CustodyStatementOf(*ctx_, officer, case_id, *core::ParseDate(day));
    EXPECT_TRUE(st.has_value()) << st.error().ToString();
    return *st;
  };
  EXPECT_TRUE(at("2026-05-31").lines.empty());
  CustodyStatement june3 = at("2026-06-03");
  ASSERT_EQ(june3.lines.size(), 1u);
  EXPECT_EQ(june3.lines[0].balance, (custody::Balance{50, 48, 2, 0, 0, 0, 0}));
  EXPECT_EQ(june3.movements.size(), 2u);  // seize, sample
  CustodyStatement today = at("2026-06-05");
  ASSERT_EQ(today.lines.size(), 1u);
  EXPECT_EQ(today.lines[0].balance, handed->balance);
  EXPECT_EQ(today.lines[0].balance.handed_over, 8);
  ASSERT_EQ(today.movements.size(), 3u);
  EXPECT_EQ(today.movements[2].movement.reference, "沪公移〔2026〕1号");
  EXPECT_EQ(today.case_number, "沪保管情况1");

  auto future = CustodyStatementOf(*ctx_, officer, case_id, *core::ParseDate("2026-06-06"));
  ASSERT_FALSE(future.has_value());
  EXPECT_EQ(future.error().code(), core::StatusCode::kInvalidArgument);
  auto outside = CustodyStatementOf(*ctx_, As("gd_officer"), case_id, *core::ParseDate("2026-06-05"));
  ASSERT_FALSE(outside.has_value());
  EXPECT_EQ(outside.error().code(), core::StatusCode::kNotFound);
  auto police = CustodyStatementOf(*ctx_, As("sh_police"), case_id, *core::ParseDate("2026-06-05"));
  ASSERT_FALSE(police.has_value());
  EXPECT_EQ(police.error().code(), core::StatusCode::kPermissionDenied);
}

// Photos of a line: kept with the SHA-256 of their bytes, read back by whoever reads the line,
// written only by the line's agency; a bad file names its field and writes nothing; ten per line.
TEST_P(CustodyFlowTest, PhotosKeptWithTheirHashTenPerLine) {
  int64_t case_id = NewCase("沪销毁照片");
  CustodyItem item = Seize(case_id, "假冒运动鞋", "general", "pair", 20);
  const std::string png = std::string("\x89PNG\r\n\x1A\n", 8) + std::string(1000, 'p');
  const std::string jpeg = std::string("\xFF\xD8\xFF\xE0", 4) + std::string(500, 'j');
  int64_t audit = Count("SELECT count(*) FROM audit_log");

  auto added = AddCustodyPhoto(*ctx_, As("sh_officer"), item.id, {"封存现场.png", "image/png", EncodeBase64(png)});
  ASSERT_TRUE(added.has_value()) << added.error().ToString();
  EXPECT_EQ(added->sha256, Sha256Hex(png));
  EXPECT_EQ(added->size, static_cast<int64_t>(png.size()));
  EXPECT_EQ(added->uploaded_by, "李执法");
  EXPECT_EQ(Count("SELECT count(*) FROM audit_log WHERE action = 'custody.photo' AND entity_id = ?",
                  {std::to_string(item.id)}),
            1);
  EXPECT_EQ(Count("SELECT count(*) FROM audit_log"), audit + 1);

  // Read back byte for byte by the prosecutor of the region; listed on the line.
  auto got = GetCustodyPhoto(*ctx_, As("sh_prosecutor"), item.id, added->id);
  ASSERT_TRUE(got.has_value()) << got.error().ToString();
  EXPECT_EQ(got->second, png);
  EXPECT_EQ(got->first.content_type, "image/png");
  auto detail = GetCustodyItem(*ctx_, As("sh_officer"), item.id);
  ASSERT_TRUE(detail.has_value());
  ASSERT_EQ(detail->photos.size(), 1u);
  EXPECT_EQ(detail->photos[0].sha256, added->sha256);

  // Outside the scope: no such line; the prosecutor reads but does not write; another line's id.
  EXPECT_EQ(GetCustodyPhoto(*ctx_, As("gd_officer"), item.id, added->id).error().code(),
            core::StatusCode::kNotFound);
  EXPECT_EQ(AddCustodyPhoto(*ctx_, As("gd_officer"), item.id, {"a.png", "image/png", EncodeBase64(png)})
                .error().code(),
            core::StatusCode::kNotFound);
  EXPECT_EQ(AddCustodyPhoto(*ctx_, As("sh_prosecutor"), item.id, {"a.png", "image/png", EncodeBase64(png)})
                .error().code(),
            core::StatusCode::kPermissionDenied);
  CustodyItem other = Seize(case_id, "假冒手提包", "general", "piece", 3);
  EXPECT_EQ(GetCustodyPhoto(*ctx_, As("sh_officer"), other.id, added->id).error().code(),
            core::StatusCode::kNotFound);

  // Bad files: each names its field; nothing is written.
  int64_t photos = Count("SELECT count(*) FROM custody_photos");
  audit = Count("SELECT count(*) FROM audit_log");
  auto field_of = [&](const PhotoInput& in) -> std::string {
    auto r = AddCustodyPhoto(*ctx_, As("sh_officer"), item.id, in);
    if (r.has_value()) return "accepted";
    if (r.error().field_errors().size() != 1) return r.error().ToString();
    return r.error().field_errors()[0].field;
  };
  EXPECT_EQ(field_of({"a.png", "image/png", EncodeBase64(jpeg)}), "content_type");  // a JPEG called PNG
  EXPECT_EQ(field_of({"a.pdf", "application/pdf", EncodeBase64("%PDF-1.7\n")}), "content_type");
  EXPECT_EQ(field_of({"a.png", "image/png", "not base64!"}), "data_base64");
  EXPECT_EQ(field_of({"a.png", "image/png", ""}), "data_base64");
  std::string big = std::string("\x89PNG\r\n\x1A\n", 8) + std::string(kMaxItemPhotoBytes, 'p');
  EXPECT_EQ(field_of({"big.png", "image/png", EncodeBase64(big)}), "data_base64");
  EXPECT_EQ(field_of({"../x.png", "image/png", EncodeBase64(png)}), "filename");
  EXPECT_EQ(field_of({"", "image/png", EncodeBase64(png)}), "filename");
  EXPECT_EQ(Count("SELECT count(*) FROM custody_photos"), photos);
  EXPECT_EQ(Count("SELECT count(*) FROM audit_log"), audit);

  // Ten per line (a JPEG this time); the eleventh refused.
  for (int i = 2; i <= static_cast<int>(kMaxItemPhotos); ++i) {
    auto more = AddCustodyPhoto(*ctx_, As("sh_head"), item.id,
                                {"照片" + std::to_string(i) + ".jpg", "image/jpeg", EncodeBase64(jpeg)});
    ASSERT_TRUE(more.has_value()) << i << ": " << more.error().ToString();
  }
  auto eleventh = AddCustodyPhoto(*ctx_, As("sh_officer"), item.id, {"11.jpg", "image/jpeg", EncodeBase64(jpeg)});
  ASSERT_FALSE(eleventh.has_value());
  EXPECT_EQ(eleventh.error().code(), core::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Count("SELECT count(*) FROM custody_photos WHERE item_id = ?", {item.id}),
            static_cast<int64_t>(kMaxItemPhotos));
}

INSTANTIATE_TEST_SUITE_P(Backends, CustodyFlowTest, ::testing::Values("sqlite", "postgres"));

}  // namespace
}  // namespace ipe::app
