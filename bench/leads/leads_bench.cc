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
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
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

  ipe::app::Context ctx(**db, clock);
  auto started = ipe::app::StartLeads(ctx);
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
  ipe::app::DetachCorrelation(ctx);
  return 0;
}
