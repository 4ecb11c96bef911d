// Statistics at volume (issue 18): loads N cases (with transfers, leads, monitoring hits and
// complaints in proportion) into a store whose rollup triggers are installed — the write path
// pays for the cells —, then prints, per dashboard query, the figure from the rollups under
// `connections` concurrent viewers (p50/p99) beside the same figure computed from the base tables
// (raw SQL, single viewer) and their ratio, the 平安建设 assessment board's time (national and one
// province, office), and the time of a full recomputation. Prints figures
// only; nothing is asserted. bench/statistics/run.sh runs it on SQLite and PostgreSQL.
//
//   statistics_bench --db URL [--cases N] [--seconds S] [--connections C] [--seed S] [--no-triggers]
//                    [--reuse] [--pool P] [--dashboard-only] [--recompute-only]
//
// --no-triggers loads the records without the rollup triggers (the base tables' own cost) and
// installs them afterwards, which recomputes every cell (what a first start on an existing store
// does).
//
// --reuse measures a store an earlier run loaded (nothing is generated; --cases is ignored): the
// 10M load takes half an hour, and a store just loaded is still being vacuumed and checkpointed,
// which a second measurement on the settled store separates from the figures.
// --pool is the number of database connections the viewers share (default: the server's, 8): a
// server answers its 64 viewers through its pool, not through a connection each.
// --dashboard-only skips the single-viewer table and the recomputation; --recompute-only skips both
// tables and times the recomputation alone.
// --append N adds N cases (and their leads, hits, complaints, transfers) to a loaded store, numbered
// after its own; with --no-triggers on a store whose stat_* triggers were dropped first, the
// install afterwards computes every cell of the whole store (what a first start does).
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <mutex>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "app/accounts/accounts.h"
#include "app/context.h"
#include "app/demo.h"
#include "app/statistics/assessment.h"
#include "app/statistics/joint_operations.h"
#include "app/statistics/report_schedule.h"
#include "app/statistics/statistics.h"
#include "app/statistics/statistics_store.h"
#include "core/region.h"
#include "core/time.h"
#include "storage/db.h"
#include "storage/migrate.h"

namespace {

using namespace ipe;
using Clock = std::chrono::steady_clock;

double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

void Check(const core::Status& st, const char* what) {
  if (!st.ok()) {
    std::fprintf(stderr, "%s: %s\n", what, st.ToString().c_str());
    std::exit(1);
  }
}

struct Load {
  int64_t cases = 100000;
  uint32_t seed = 1;
  int64_t first = 0;  // the first case's number (B<first>): a store's count when adding to it
};

// Counties of the region table, so that the cells spread as a nation's would.
std::vector<std::string> Counties() {
  std::vector<std::string> out;
  for (const core::Region* p : core::Regions().Provinces()) {
    for (const core::Region* f : core::Regions().Children(p->code)) {
      for (const core::Region* c : core::Regions().Children(f->code)) out.push_back(c->code);
      if (core::Regions().Children(f->code).empty()) out.push_back(f->code);
    }
  }
  return out;
}

void Generate(storage::Database& db, const Load& load, bool triggers) {
  std::mt19937_64 rng(load.seed);
  auto pick = [&](size_t n) { return static_cast<size_t>(rng() % n); };
  std::vector<std::string> counties = Counties();
  std::vector<int64_t> agencies;
  int64_t user = 0;
  {
    auto tx = db.Begin(storage::TxMode::kRead);
    auto rows = (*tx)->Query("SELECT id FROM agencies ORDER BY id");
    for (const auto& r : *rows) agencies.push_back(r.Int(0));
    user = (*(*tx)->Query("SELECT min(id) FROM users"))[0].Int(0);
  }
  const char* categories[] = {"trademark", "patent", "copyright", "trademark", "trademark"};
  const char* conducts[] = {"counterfeit_trademark", "sell_counterfeit_goods", "illegal_marks", ""};
  const char* sources[] = {"manual", "csv", "monitoring", "complaint"};
  const char* lead_statuses[] = {"new", "accepted", "dismissed", "converted"};
  const char* hit_statuses[] = {"pending", "confirmed", "dismissed"};
  const char* platforms[] = {"taobao", "jd", "pinduoduo"};
  const char* channels[] = {"portal", "hotline", "letter", "visit"};
  const char* transfer_statuses[] = {"sent", "accepted", "filed", "not_filed", "awaiting_decision"};
  // Issue 18's dimensions: about one case in eight without channel and trade (未填写), three in ten
  // online, a few percent import or export; goods classes weighted toward clothing (25), cosmetics
  // (03), electronics (09), food and drink (29, 30, 33); three in ten cases in a campaign.
  const char* trades[] = {"domestic", "domestic", "domestic", "domestic", "domestic", "domestic", "domestic",
                          "domestic", "domestic", "domestic", "domestic", "domestic", "domestic", "import", "export"};
  const char* goods_classes[] = {"25", "25", "25", "03", "03", "09", "09", "18", "14", "29", "30", "33", "05", "28", "12",
                                 "34", "01", "11", "16", "31"};
  const char* campaigns[] = {"铁拳", "剑网", "昆仑", "龙腾", "秋风", "农资打假"};
  const int64_t t0 = 1609430400;  // 2021-01-01 Beijing: five years of records
  const int64_t span = 5 * 365 * 86400LL;
  const int64_t batch = 20000;
  int64_t scan = 0;
  auto start = Clock::now();
  for (int64_t done = 0; done < load.cases; done += batch) {
    int64_t n = std::min(batch, load.cases - done);
    auto tx = db.Begin(storage::TxMode::kWrite);
    if (!tx) Check(tx.error(), "begin");
    if (scan == 0) {
      auto rows = (*tx)->Query(
          "INSERT INTO monitoring_scans (agency_id, region_code, created_at, brands, listings, malformed, "
          "suspected, new_hits) VALUES (?, '110105', 1609430400, 0, 0, 0, 0, 0) RETURNING id",
          {agencies[0]});
      scan = (*rows)[0].Int(0);
    }
    int64_t before = (*(*tx)->Query("SELECT COALESCE(max(id), 0) FROM cases"))[0].Int(0);
    std::vector<std::vector<storage::Value>> cases, leads, hits, complaints;
    for (int64_t i = 0; i < n; ++i) {
      const std::string& region = counties[pick(counties.size())];
      std::string province = region.substr(0, 2) + "0000";
      std::string prefecture = region.substr(0, 4) + "00";
      // An agency works its own region: the same agency for a county's records.
      int64_t agency = agencies[std::hash<std::string>()(region) % agencies.size()];
      int64_t created = t0 + static_cast<int64_t>(rng() % span);
      bool closed = pick(3) != 0;
      std::string conduct = conducts[pick(4)];
      cases.push_back({agency, region, province, prefecture, "B" + std::to_string(load.first + done + i), "基准测试案件",
                       std::string(categories[pick(5)]),
                       conduct.empty() ? storage::Value() : storage::Value(conduct), "inspection",
                       closed ? "closed" : "open", user, created, created,
                       static_cast<int64_t>(pick(5000000)), pick(10) == 0,
                       closed ? storage::Value(created + 86400 * static_cast<int64_t>(1 + pick(180)))
                              : storage::Value(),
                       closed ? storage::Value("penalty") : storage::Value(),
                       closed ? storage::Value(static_cast<int64_t>(pick(2000000))) : storage::Value(),
                       pick(8) == 0 ? storage::Value() : storage::Value(pick(10) < 3 ? "online" : "offline"),
                       pick(8) == 0 ? storage::Value() : storage::Value(trades[pick(15)]),
                       pick(10) == 0 ? storage::Value() : storage::Value(goods_classes[pick(20)])});
      if (i % 2 == 0) {
        leads.push_back({std::string(sources[pick(4)]), pick(5) ? storage::Value(agency) : storage::Value(), region,
                         province, prefecture, "trademark", "基准测试线索", std::string(lead_statuses[pick(4)]),
                         created, created});
      }
      if (i % 4 == 0) {
        hits.push_back({agency, region, std::string(platforms[pick(3)]), "B" + std::to_string(load.first + done + i),
                        "基准测试商品", 80, std::string(hit_statuses[pick(3)]), scan, scan, created, created});
      }
      if (i % 10 == 0) {
        complaints.push_back({pick(2) ? "complaint" : "report", std::string(channels[pick(4)]),
                              "B" + std::to_string(load.first + done + i), "x", "trademark", "pending", agency, region, province,
                              prefecture, "某商店", "售假", created, created, created});
      }
    }
    Check((*tx)->BulkInsert("cases",
                            {"agency_id", "region_code", "province_code", "prefecture_code", "case_number", "title",
                             "category", "conduct", "source", "status", "created_by", "created_at", "updated_at",
                             "illegal_business_fen", "threshold_met", "closed_at", "closing_kind", "fine_fen",
                             "channel", "trade", "goods_class"},
                            cases),
          "cases");
    Check((*tx)->BulkInsert("leads",
                            {"source", "agency_id", "region_code", "province_code", "prefecture_code", "category",
                             "title", "status", "created_at", "updated_at"},
                            leads),
          "leads");
    Check((*tx)->BulkInsert("monitoring_hits",
                            {"agency_id", "region_code", "platform", "listing_id", "title", "score_pct", "status",
                             "first_scan_id", "last_scan_id", "first_seen_at", "last_seen_at"},
                            hits),
          "hits");
    Check((*tx)->BulkInsert("complaints",
                            {"kind", "channel", "receipt_no", "query_code_hash", "subject", "status", "agency_id",
                             "region_code", "province_code", "prefecture_code", "respondent_name", "facts",
                             "received_at", "created_at", "updated_at"},
                            complaints),
          "complaints");
    // One case in 20 transferred.
    auto ids = (*tx)->Query("SELECT id, created_at FROM cases WHERE id > ?", {before});
    std::vector<std::vector<storage::Value>> transfers, tags;
    for (const auto& r : *ids) {
      if (pick(10) < 3) {
        std::string year = core::LocalDate(core::Timestamp{r.Int(1)}).ToString().substr(0, 4);
        tags.push_back({std::string(campaigns[pick(6)]) + year, r.Int(0)});
      }
      if (pick(20) != 0) continue;
      int64_t t = r.Int(1) + 86400;
      transfers.push_back({r.Int(0), std::string(transfer_statuses[pick(5)]), "head_decision", t, t, t});
    }
    Check((*tx)->BulkInsert("transfers",
                            {"case_id", "status", "current_step", "step_started_at", "created_at", "updated_at"},
                            transfers),
          "transfers");
    Check((*tx)->BulkInsert("case_campaigns", {"tag", "case_id"}, tags), "case_campaigns");
    Check((*tx)->Commit(), "commit");
  }
  double s = Ms(Clock::now() - start) / 1000;
  std::printf("loaded %lld cases (+ leads, hits, complaints, transfers) with the triggers %s: %.1f s, %.0f cases/s\n",
              static_cast<long long>(load.cases), triggers ? "on" : "off", s, load.cases / s);
}

struct Viewer {
  const char* login;
  app::FigureQuery query;
  std::string name;
};

app::FigureQuery Q(const char* indicator, const char* from, const char* to, const char* group) {
  app::FigureQuery q;
  q.request = {indicator, from, to, group, {}};
  return q;
}

}  // namespace

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // progress lines show as they come when piped to a log
  std::string url;
  Load load;
  int seconds = 10;
  int connections = 64;
  bool triggers = true;
  bool reuse = false;
  bool dashboard_only = false;
  bool recompute_only = false;
  int64_t append = 0;
  int pool = storage::DatabaseOptions{}.pool_size;
  // Flags stand alone; the other options take the next argument (an option last without one is ignored).
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--no-triggers") triggers = false;
    else if (a == "--reuse") reuse = true;
    else if (a == "--dashboard-only") dashboard_only = true;
    else if (a == "--recompute-only") recompute_only = true;
    else if (i + 1 == argc) break;
    else if (a == "--db") url = argv[++i];
    else if (a == "--cases") load.cases = std::atoll(argv[++i]);
    else if (a == "--seconds") seconds = std::atoi(argv[++i]);
    else if (a == "--connections") connections = std::atoi(argv[++i]);
    else if (a == "--pool") pool = std::atoi(argv[++i]);
    else if (a == "--seed") load.seed = static_cast<uint32_t>(std::atoi(argv[++i]));
    else if (a == "--append") append = std::atoll(argv[++i]);
  }
  if (url.empty()) {
    std::fprintf(stderr, "usage: statistics_bench --db URL [--cases N] [--seconds S] [--connections C] [--pool P] "
                         "[--seed S] [--no-triggers] [--reuse] [--dashboard-only] [--recompute-only] [--append N]\n");
    return 2;
  }
  storage::DatabaseOptions options;
  options.pool_size = pool;
  auto db = storage::OpenDatabase(url, options);
  if (!db) Check(db.error(), "open");
  core::FakeClock clock{core::Timestamp{1767225600}};
  if (auto m = storage::Migrate(**db, storage::AllMigrations(), clock.Now()); !m) Check(m.error(), "migrate");
  app::Context ctx(**db, clock);
  if (reuse) {
    auto tx = (*db)->Begin(storage::TxMode::kRead);
    if (!tx) Check(tx.error(), "begin");
    auto rows = (*tx)->Query("SELECT count(*) FROM cases");
    if (!rows) Check(rows.error(), "count");
    std::printf("reusing the store's %lld cases\n", static_cast<long long>((*rows)[0].Int(0)));
    tx->reset();  // its read lock on cases would hold up the triggers' installation below
    // A store loaded without triggers, whose loading run was stopped before installing them, gets
    // them here, with every cell computed (what a server's first start on it does).
    auto t = Clock::now();
    Check(app::StatisticsStore::InstallIfStale(**db), "install");
    std::printf("triggers checked (installed and every cell computed if missing): %.1f s\n",
                Ms(Clock::now() - t) / 1000);
  } else if (append > 0) {
    auto tx = (*db)->Begin(storage::TxMode::kRead);
    if (!tx) Check(tx.error(), "begin");
    load.first = (*(*tx)->Query("SELECT count(*) FROM cases"))[0].Int(0);
    load.cases = append;
    tx->reset();
    std::printf("adding %lld cases to the store's %lld\n", static_cast<long long>(append),
                static_cast<long long>(load.first));
    Generate(**db, load, triggers);
  } else {
    if (auto demo = app::LoadDemoData(ctx); !demo) Check(demo.error(), "demo");
    if (triggers) Check(app::StatisticsStore::InstallIfStale(**db), "install");
    Generate(**db, load, triggers);
  }
  if (!triggers && !reuse) {
    auto t = Clock::now();
    Check(app::StatisticsStore::InstallIfStale(**db), "install");
    std::printf("triggers installed and every cell computed afterwards: %.1f s\n", Ms(Clock::now() - t) / 1000);
  }
  Check((*db)->UpdateStatistics(), "analyze");

  std::vector<Viewer> viewers = {
      {"office", Q("cases_opened", "2025-01", "2025-12", "province"), "全国 立案数 按省 2025"},
      {"office", Q("transfer_rate", "2021-01", "2025-12", "year"), "全国 移送率 按年 2021–2025"},
      {"office", Q("fines", "2025-01", "2025-12", "month"), "全国 罚款 按月 2025"},
      {"office", Q("leads_received", "2025-01", "2025-06", "lead_source"), "全国 线索 按来源 2025H1"},
      {"gd_officer", Q("cases_opened", "2025-01", "2025-12", "prefecture"), "广东省局 立案数 按地市"},
      {"sz_officer", Q("hits_confirmed", "2024-01", "2025-12", "quarter"), "深圳市局 监测确认 按季度"},
      {"gd_prosecutor", Q("complaints_received", "2025-01", "2025-12", "channel"), "广东检察 投诉 按渠道"},
      // Issue 18's case dimensions.
      {"office", Q("cases_opened_channel", "2025-01", "2025-12", "sales_channel"), "全国 立案数 按线上线下 2025"},
      {"office", Q("cases_opened_channel", "2025-01", "2025-12", "trade_flow"), "全国 立案数 按进出口 2025"},
      {"office", Q("cases_opened_goods", "2025-01", "2025-12", "goods_class"), "全国 立案数 按商品分类 2025"},
      {"office", Q("cases_opened_campaign", "2025-01", "2025-12", "campaign"), "全国 立案数 按专项行动 2025"},
      {"gd_officer", Q("cases_opened_goods", "2025-01", "2025-12", "goods_class"), "广东省局 立案数 按商品分类"},
  };
  std::vector<app::Principal> principals;
  for (const Viewer& v : viewers) {
    auto p = app::PrincipalForLogin(ctx, v.login);
    if (!p) Check(p.error(), v.login);
    principals.push_back(*p);
  }

  if (!dashboard_only && !recompute_only) {
  // Raw SQL over the base tables, one viewer, and the rollup once each (warm).
  std::printf("\n%-28s %12s %12s %8s\n", "query", "rollup ms", "raw SQL ms", "ratio");
  for (size_t i = 0; i < viewers.size(); ++i) {
    auto run = [&](bool raw) {
      app::FigureQuery q = viewers[i].query;
      q.from_records = raw;
      std::vector<double> times;
      for (int k = 0; k < 3; ++k) {
        auto t = Clock::now();
        auto f = app::QueryFigure(ctx, principals[i], q);
        if (!f) Check(f.error(), "figure");
        times.push_back(Ms(Clock::now() - t));
      }
      std::sort(times.begin(), times.end());
      return times[1];
    };
    double rollup = run(false);
    double raw = run(true);
    std::printf("%-28s %12.2f %12.1f %8.0f\n", viewers[i].name.c_str(), rollup, raw, raw / std::max(rollup, 0.001));
  }

  // 平安建设考核: the office's board for 2025 (default rubric: three indicator items read with
  // QueryFigure, per capita, ranks), national (31 provinces) and Guangdong's prefectures.
  for (const char* assessor : {"000000", "440000"}) {
    std::vector<double> times;
    for (int k = 0; k < 3; ++k) {
      auto t = Clock::now();
      auto board = app::AssessmentBoard(ctx, principals[0], 2025, assessor, {1, 50});
      if (!board) Check(board.error(), "assessment");
      times.push_back(Ms(Clock::now() - t));
    }
    std::sort(times.begin(), times.end());
    std::printf("%-28s %12.2f\n", (std::string("平安建设考核 2025 ") + assessor).c_str(), times[1]);
  }

  // 联合行动 at volume: 2,000 operations over the generated leads (three members, three leads and two
  // linked cases each, written directly), then the office's list, one operation's detail (its leads
  // and cases, the members' figures) and a member's 工作台 to-do query.
  {
    std::mt19937_64 rng(7);
    auto tx = (*db)->Begin(storage::TxMode::kWrite);
    auto agencies = (*(*tx)->Query("SELECT id FROM agencies ORDER BY id"));
    int64_t max_lead = (*(*tx)->Query("SELECT max(id) FROM leads"))[0].Int(0);
    int64_t max_case = (*(*tx)->Query("SELECT max(id) FROM cases"))[0].Int(0);
    // A reused store has them, unless its loading run skipped this part (--dashboard-only).
    int64_t existing = (*(*tx)->Query("SELECT count(*) FROM joint_operations"))[0].Int(0);
    for (int k = 0; k < (existing >= 2000 ? 0 : 2000); ++k) {
      int64_t lead_agency = agencies[rng() % agencies.size()].Int(0);
      auto op = (*tx)->Query(
          "INSERT INTO joint_operations (title, goal, region_code, province_code, prefecture_code, origin_lead_id, "
          "lead_agency_id, start_date, end_date, status, created_at) VALUES ('基准联合行动', '基准', '000000', "
          "'000000', '000000', 1, ?, '2025-01-01', '2025-12-31', ?, 1735660800) RETURNING id",
          {lead_agency, k % 4 ? "active" : "closed"});
      int64_t id = (*op)[0].Int(0);
      std::set<int64_t> members{lead_agency};
      while (members.size() < 3) members.insert(agencies[rng() % agencies.size()].Int(0));
      for (int64_t a : members) {
        Check((*tx)->Exec("INSERT INTO joint_operation_members (operation_id, agency_id) VALUES (?, ?)", {id, a}).status(),
              "members");
      }
      for (int j = 0; j < 3; ++j) {
        // The first lead from a random id on: a store whose loading was cut short has gaps in its ids.
        Check((*tx)->Exec("INSERT INTO joint_operation_leads (operation_id, lead_id) SELECT ?, min(id) FROM leads "
                          "WHERE id >= ? ON CONFLICT DO NOTHING",
                          {id, static_cast<int64_t>(1 + rng() % max_lead)})
                  .status(),
              "operation leads");
      }
      for (int j = 0; j < 2; ++j) {
        Check((*tx)->Exec("INSERT INTO joint_operation_cases (operation_id, case_id, linked_at) SELECT ?, min(id), 0 "
                          "FROM cases WHERE id >= ? ON CONFLICT DO NOTHING",
                          {id, static_cast<int64_t>(1 + rng() % max_case)})
                  .status(),
              "operation cases");
      }
    }
    Check((*tx)->Commit(), "joint operations");
    Check((*db)->UpdateStatistics(), "analyze");
    auto office = app::PrincipalForLogin(ctx, "office");
    auto gd = app::PrincipalForLogin(ctx, "gd_officer");
    auto median = [](auto&& fn) {
      std::vector<double> times;
      for (int k = 0; k < 5; ++k) {
        auto t = Clock::now();
        fn();
        times.push_back(Ms(Clock::now() - t));
      }
      std::sort(times.begin(), times.end());
      return times[2];
    };
    double list = median([&] { Check(app::ListJointOperations(ctx, *office, {}, {1, 20}).status(), "list"); });
    double detail = median([&] { Check(app::GetJointOperation(ctx, *office, 1000).status(), "detail"); });
    double todo = median([&] { Check(app::JointOperationsAwaitingMyCases(ctx, *gd, {1, 10}).status(), "to-do"); });
    std::printf("%-28s %12.2f\n%-28s %12.2f\n%-28s %12.2f\n", "联合行动 列表 (office, 20)", list,
                "联合行动 详情 (office)", detail, "联合行动 待立案 (gd_officer)", todo);
    // 定期形势报告: what the scheduler does per schedule — the report of a month, built and written as XLSX.
    double report = median([&] {
      auto r = app::BuildSituationReport(ctx, *office, "2025-11");
      if (!r) Check(r.error(), "report");
      Check(app::SituationReportXlsx(*r).status(), "xlsx");
    });
    std::printf("%-28s %12.2f\n", "定期形势报告 2025-11 (office)", report);
  }
  }  // !dashboard_only

  if (!recompute_only) {
  // The dashboard under load: `connections` viewers asking the queries in turn.
  std::vector<double> latencies;
  std::mutex mu;
  std::atomic<bool> stop{false};
  std::vector<std::thread> threads;
  for (int c = 0; c < connections; ++c) {
    threads.emplace_back([&, c] {
      std::vector<double> mine;
      for (size_t k = static_cast<size_t>(c); !stop.load(); ++k) {
        size_t i = k % viewers.size();
        auto t = Clock::now();
        auto f = app::QueryFigure(ctx, principals[i], viewers[i].query);
        if (!f) Check(f.error(), "figure");
        mine.push_back(Ms(Clock::now() - t));
      }
      std::lock_guard<std::mutex> lock(mu);
      latencies.insert(latencies.end(), mine.begin(), mine.end());
    });
  }
  std::this_thread::sleep_for(std::chrono::seconds(seconds));
  stop = true;
  for (auto& t : threads) t.join();
  std::sort(latencies.begin(), latencies.end());
  auto pct = [&](double p) { return latencies[static_cast<size_t>(p * (latencies.size() - 1))]; };
  std::printf("\ndashboard queries, %d viewers on %d database connections for %d s: %zu answered, %.0f/s, "
              "p50 %.2f ms, p99 %.2f ms\n",
              connections, pool, seconds, latencies.size(), latencies.size() / static_cast<double>(seconds), pct(0.5),
              pct(0.99));

  if (dashboard_only) return 0;
  }  // !recompute_only
  // A full recomputation from the records, in one transaction.
  auto t = Clock::now();
  auto tx = (*db)->Begin(storage::TxMode::kWrite);
  app::StatisticsStore store(**tx);
  auto done = store.Recompute();
  if (!done) Check(done.error(), "recompute");
  Check((*tx)->Commit(), "commit");
  std::printf("full recomputation: %lld cells in %.1f s (%lld cells written, %lld deleted)\n",
              static_cast<long long>(done->cells), Ms(Clock::now() - t) / 1000, static_cast<long long>(done->changed),
              static_cast<long long>(done->dropped));
  return 0;
}
