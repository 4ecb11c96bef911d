// leads_bench: p99 of "records linked to this one" in the server's process.
//
//   leads_bench [--leads N] [--lookups M] [--db URL]
//
// Generates N leads (default 100 000) in operations of 1–6 leads spread over 31 provinces and 62
// agencies, each lead with a phone, a web shop and a waybill (shared within its operation), plus
// 0.5 % carrying a platform hotline (over the cap). Rows go straight into SQLite (BulkInsert);
// then: StartLeads (index rebuilt from the store, as at server start), and M lookups of random
// leads by an officer (own agency, province scope) through
//   1. CorrelationService::Linked (index + scope filter), and
//   2. app::GetLeadLinks (the API's use case: index + one SQLite read for titles and names).
// Then the restart without a rebuild (docs/scale-out.md "Restarting from a snapshot"): the index
// snapshot written (encode, write, fsync, rename), its size, and a second start that loads it —
// against the rebuild of the first start.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "app/leads/correlation_service.h"
#include "app/leads/leads.h"
#include "storage/db.h"
#include "storage/migrate.h"

namespace {

using Clock = std::chrono::steady_clock;
using ipe::storage::Value;

struct Figures {
  double p50 = 0, p99 = 0, max = 0;
};
Figures Percentiles(std::vector<double> us) {
  std::sort(us.begin(), us.end());
  auto at = [&](double q) { return us[static_cast<size_t>(q * static_cast<double>(us.size() - 1))]; };
  return {at(0.5), at(0.99), us.back()};
}

int Fail(const ipe::core::Status& st) {
  std::fprintf(stderr, "leads_bench: %s\n", st.ToString().c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  size_t n_leads = 100000, lookups = 20000;
  std::string url = "sqlite:///tmp/ipe-leads-bench/bench.db";
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--leads")) n_leads = std::strtoull(argv[i + 1], nullptr, 10);
    else if (!std::strcmp(argv[i], "--lookups")) lookups = std::strtoull(argv[i + 1], nullptr, 10);
    else if (!std::strcmp(argv[i], "--db")) url = argv[i + 1];
  }
  if (url.rfind("sqlite:///tmp/ipe-leads-bench/", 0) == 0) {
    std::remove("/tmp/ipe-leads-bench/bench.db");
    std::remove("/tmp/ipe-leads-bench/bench.db-wal");
    std::remove("/tmp/ipe-leads-bench/bench.db-shm");
  }
  auto db = ipe::storage::OpenDatabase(url);
  if (!db) return Fail(db.error());
  ipe::core::FakeClock clock(ipe::core::Timestamp{1'800'000'000});
  if (auto m = ipe::storage::Migrate(**db, ipe::storage::AllMigrations(), clock.Now()); !m) {
    return Fail(m.error());
  }

  // 62 agencies: a market regulator and a police bureau per province.
  const char* provinces[] = {"110000", "120000", "130000", "140000", "150000", "210000", "220000",
                             "230000", "310000", "320000", "330000", "340000", "350000", "360000",
                             "370000", "410000", "420000", "430000", "440000", "450000", "460000",
                             "500000", "510000", "520000", "530000", "540000", "610000", "620000",
                             "630000", "640000", "650000"};
  std::vector<std::vector<Value>> agencies;
  for (const char* p : provinces) {
    for (const char* kind : {"market_regulation", "police"}) {
      agencies.push_back({std::string("bench-") + kind + "-" + p, "", kind, "provincial", p, "", 1,
                          int64_t{0}});
    }
  }
  std::mt19937_64 rng(20261128);
  std::vector<std::vector<Value>> leads, observables;
  leads.reserve(n_leads);
  observables.reserve(n_leads * 3);
  std::vector<int64_t> lead_agency(n_leads + 1);
  size_t op = 0, left_in_op = 0;
  for (size_t id = 1; id <= n_leads; ++id) {
    if (left_in_op == 0) {
      ++op;
      left_in_op = 1 + rng() % 6;
    }
    --left_in_op;
    size_t prov = rng() % 31;
    int64_t agency = static_cast<int64_t>(prov * 2 + 1 + rng() % 2);
    lead_agency[id] = agency;
    leads.push_back({static_cast<int64_t>(id), "api", "bench-" + std::to_string(id), agency,
                     provinces[prov], "trademark", "线索 " + std::to_string(id), "", "new", "",
                     int64_t{0}, int64_t{0}});
    char phone[32];
    std::snprintf(phone, sizeof phone, "+86139%08zu", op % 100000000);
    auto key = [&](const char* type, std::string value) {
      observables.push_back({static_cast<int64_t>(id), type, value, "key", type, value, ""});
    };
    key("phone", phone);
    key("web_shop", "taobao:shop" + std::to_string(op));
    key("waybill", "SF" + std::to_string(1000000000 + id));
    if (rng() % 200 == 0) key("phone", "+864008001234");  // hotline: crosses the cap
  }
  auto load_start = Clock::now();
  {
    auto tx = (*db)->Begin(ipe::storage::TxMode::kWrite);
    if (!tx) return Fail(tx.error());
    ipe::core::Status st = (*tx)->BulkInsert(
        "agencies", {"name", "short_name", "kind", "level", "region_code", "aliases", "active",
                     "created_at"},
        agencies);
    if (st.ok()) {
      st = (*tx)->BulkInsert("leads", {"id", "source", "source_ref", "agency_id", "region_code",
                                       "category", "title", "description", "status",
                                       "status_reason", "created_at", "updated_at"},
                             leads);
    }
    if (st.ok()) {
      st = (*tx)->BulkInsert("lead_observables", {"lead_id", "type", "value", "verdict",
                                                  "key_type", "key_value", "note"},
                             observables);
    }
    if (st.ok()) st = (*tx)->Commit();
    if (!st.ok()) return Fail(st);
  }
  double load_s = std::chrono::duration<double>(Clock::now() - load_start).count();

  const std::string snapshot_path = "/tmp/ipe-leads-bench/index.snapshot";
  std::filesystem::create_directories("/tmp/ipe-leads-bench");
  std::remove(snapshot_path.c_str());
  ipe::app::Context ctx(**db, clock);
  ipe::app::ConfigureCorrelation(ctx, {snapshot_path, 3600});
  auto start_t0 = Clock::now();
  auto started = ipe::app::StartLeads(ctx);
  double start_s = std::chrono::duration<double>(Clock::now() - start_t0).count();
  if (!started) return Fail(started.error());
  auto svc = ipe::app::Correlation(ctx);
  if (!svc) return Fail(svc.error());

  std::vector<double> index_us, usecase_us;
  size_t with_links = 0, with_hidden = 0;
  for (size_t i = 0; i < lookups; ++i) {
    int64_t id = static_cast<int64_t>(1 + rng() % n_leads);
    ipe::app::Principal officer;
    officer.user_id = 1;
    officer.roles = {ipe::app::Role::kOfficer};
    officer.agency_id = lead_agency[static_cast<size_t>(id)];
    officer.region_code = provinces[(officer.agency_id - 1) / 2];
    ipe::link::Scope scope = ipe::app::ScopeFor(officer);
    auto t0 = Clock::now();
    auto links = (*svc)->Linked(ipe::app::LeadRecordId(id), scope);
    auto t1 = Clock::now();
    auto full = ipe::app::GetLeadLinks(ctx, officer, id);
    auto t2 = Clock::now();
    if (!links || !full) return Fail(links ? full.error() : links.error());
    with_links += !full->linked.empty();
    with_hidden += !full->beyond_scope.empty();
    index_us.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
    usecase_us.push_back(std::chrono::duration<double, std::micro>(t2 - t1).count());
  }
  Figures idx = Percentiles(index_us), uc = Percentiles(usecase_us);
  std::printf("leads %zu (%zu observables, %zu agencies) loaded into %s in %.2f s\n", n_leads,
              observables.size(), agencies.size(), (*db)->display_url().c_str(), load_s);
  std::printf("index rebuilt at start: %zu leads, %zu clusters in %.3f s\n", started->records,
              started->clusters, started->seconds);
  std::printf("Linked() + scope            p50 %.1f us, p99 %.1f us, max %.1f us over %zu lookups\n",
              idx.p50, idx.p99, idx.max, lookups);
  std::printf("GetLeadLinks (index+SQLite) p50 %.1f us, p99 %.1f us, max %.1f us (target p99 < 1000 us)\n",
              uc.p50, uc.p99, uc.max);
  std::printf("lookups with visible links %zu, with beyond-scope matches %zu\n", with_links,
              with_hidden);

  // The snapshot: written as the follower writes it, then loaded by a second "server".
  auto save_t0 = Clock::now();
  if (auto st = (*svc)->SaveSnapshot(/*only_if_moved=*/false); !st.ok()) return Fail(st);
  double save_s = std::chrono::duration<double>(Clock::now() - save_t0).count();
  FILE* f = std::fopen(snapshot_path.c_str(), "rb");
  long snapshot_bytes = 0;
  if (f) {
    std::fseek(f, 0, SEEK_END);
    snapshot_bytes = std::ftell(f);
    std::fclose(f);
  }
  ipe::app::Context again(**db, clock);
  ipe::app::ConfigureCorrelation(again, {snapshot_path, 3600});
  auto again_t0 = Clock::now();
  auto restarted = ipe::app::StartLeads(again);
  double again_s = std::chrono::duration<double>(Clock::now() - again_t0).count();
  if (!restarted) return Fail(restarted.error());
  if (!restarted->from_snapshot) {
    std::fprintf(stderr, "leads_bench: the snapshot was not loaded: %s\n",
                 restarted->rebuild_reason.c_str());
    return 1;
  }
  auto svc2 = ipe::app::Correlation(again);
  if (!svc2) return Fail(svc2.error());
  // Correctness once, outside the timing: the loaded index answers as the rebuilt one.
  for (size_t i = 0; i < 1000; ++i) {
    auto id = ipe::app::LeadRecordId(static_cast<int64_t>(1 + rng() % n_leads));
    auto a = (*svc)->Linked(id, ipe::link::Scope::Everything());
    auto b = (*svc2)->Linked(id, ipe::link::Scope::Everything());
    if (!a || !b || a->records.size() != b->records.size()) {
      std::fprintf(stderr, "leads_bench: the loaded index differs at %s\n", id.c_str());
      return 1;
    }
  }
  // A third start without the snapshot, now that the first raised the alerts: the whole start
  // of a rebuild against the snapshot's, both walking every cluster for the reconciliation.
  ipe::app::Context third(**db, clock);
  auto third_t0 = Clock::now();
  auto rebuilt = ipe::app::StartLeads(third);
  double third_s = std::chrono::duration<double>(Clock::now() - third_t0).count();
  if (!rebuilt) return Fail(rebuilt.error());
  std::printf("first start, index rebuilt from the store: index %.3f s, whole start %.3f s "
              "(%d alerts raised by the reconciliation: the generator writes none)\n",
              started->seconds, start_s, started->alerts_raised);
  std::printf("start, index rebuilt from the store: index %.3f s, whole start %.3f s\n",
              rebuilt->seconds, third_s);
  std::printf("snapshot written: %.1f MB (%.0f bytes/lead) in %.3f s (encode + write + fsync)\n",
              static_cast<double>(snapshot_bytes) / 1e6,
              static_cast<double>(snapshot_bytes) / static_cast<double>(n_leads), save_s);
  std::printf("start, index loaded from the snapshot: index %.3f s, whole start %.3f s\n",
              restarted->seconds, again_s);
  ipe::app::DetachCorrelation(third);
  ipe::app::DetachCorrelation(again);
  ipe::app::DetachCorrelation(ctx);
  std::remove(snapshot_path.c_str());
  return 0;
}
