// events_bench: the cost of the event feeds (issue 20) in the server's process.
//
//   events_bench [--events N] [--subscriptions S] [--db URL]
//
// Loads the demo data into a fresh database (default: a SQLite file under /tmp), then:
//  1. appends N transfer events, each in its own write transaction (p50/p99/max of the
//     transaction: what a transfer action pays for its event);
//  2. makes S subscriptions (half for the Shanghai police, in scope; half for Shenzhen's, out of
//     scope) pointing at a closed local port, and times the worker's passes until every event is
//     fanned out (deliveries per second; the POSTs fail at once and are rescheduled);
//  3. reads the pull feed from the start, 500 at a time, as sh_police (in scope) and sz_police
//     (out of scope: pages come back short while next_after advances) — p50 per call;
//  4. one webhook signature of a 1 KiB body.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "app/accounts/accounts.h"
#include "app/demo.h"
#include "app/events/events.h"
#include "app/events/webhook.h"
#include "storage/db.h"
#include "storage/migrate.h"

namespace {

using Clock = std::chrono::steady_clock;

double Micros(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double, std::micro>(b - a).count();
}

struct Figures {
  double p50 = 0, p99 = 0, max = 0;
};
Figures Percentiles(std::vector<double> us) {
  std::sort(us.begin(), us.end());
  auto at = [&](double q) { return us[static_cast<size_t>(q * static_cast<double>(us.size() - 1))]; };
  return {at(0.5), at(0.99), us.back()};
}

int Fail(const ipe::core::Status& st) {
  std::fprintf(stderr, "events_bench: %s\n", st.ToString().c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  size_t n_events = 3000, n_subs = 10;
  std::string url;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--events")) n_events = std::strtoul(argv[i + 1], nullptr, 10);
    if (!std::strcmp(argv[i], "--subscriptions")) n_subs = std::strtoul(argv[i + 1], nullptr, 10);
    if (!std::strcmp(argv[i], "--db")) url = argv[i + 1];
  }
  if (url.empty()) {
    std::filesystem::remove_all("/tmp/ipe-events-bench");
    url = "sqlite:///tmp/ipe-events-bench/bench.db";
  }
  using namespace ipe;
  core::SystemClock clock;
  auto db = storage::OpenDatabase(url);
  if (!db) return Fail(db.error());
  if (auto m = storage::Migrate(**db, storage::AllMigrations(), clock.Now()); !m) return Fail(m.error());
  app::Context ctx(**db, clock);
  if (auto demo = app::LoadDemoData(ctx); !demo) return Fail(demo.error());
  auto admin = app::PrincipalForLogin(ctx, "admin");
  auto sh_police = app::PrincipalForLogin(ctx, "sh_police");
  auto sz_police = app::PrincipalForLogin(ctx, "sz_police");
  auto sh_officer = app::PrincipalForLogin(ctx, "sh_officer");
  if (!admin || !sh_police || !sz_police || !sh_officer) return Fail(core::NotFound("demo users"));

  // Subscriptions first: they receive what happens after they are made.
  for (size_t i = 0; i < n_subs; ++i) {
    const app::Principal& who = i % 2 == 0 ? *sh_police : *sz_police;
    auto made = app::CreateSubscription(
        ctx, *admin, {who.user_id, "bench-" + std::to_string(i), {"transfer.sent"}, "http://127.0.0.1:9/bench"});
    if (!made) return Fail(made.error());
  }

  // 1. Appending events, each with its own write transaction.
  std::vector<double> append_us;
  for (size_t i = 0; i < n_events; ++i) {
    auto t0 = Clock::now();
    auto tx = (*db)->Begin(storage::TxMode::kWrite);
    if (!tx) return Fail(tx.error());
    std::string data = "{\"transfer_id\":" + std::to_string(i + 1) + ",\"status\":\"sent\"}";
    if (auto st = app::AppendEvent(**tx, clock.Now(),
                                   {"transfer.sent", "transfers/" + std::to_string(i + 1), sh_officer->agency_id,
                                    sh_officer->region_code, sh_police->agency_id, data});
        !st.ok()) {
      return Fail(st);
    }
    if (auto st = (*tx)->Commit(); !st.ok()) return Fail(st);
    append_us.push_back(Micros(t0, Clock::now()));
  }
  Figures append = Percentiles(append_us);
  std::printf("append event (own write tx): %zu events  p50 %.0f µs  p99 %.0f µs  max %.0f µs\n", n_events,
              append.p50, append.p99, append.max);

  // 2. Fan-out by the worker (its POSTs go to a closed port and fail at once).
  app::WebhookOptions options;
  options.batch = 200;
  app::WebhookWorker worker(ctx, options);
  auto t0 = Clock::now();
  int passes = 0, posts = 0;
  for (;;) {
    auto tx = (*db)->Begin(storage::TxMode::kRead);
    if (!tx) return Fail(tx.error());
    auto left = (*tx)->Query("SELECT COUNT(*) FROM event_subscriptions WHERE cursor_seq < "
                             "(SELECT seq FROM feed_heads WHERE feed = 'events')");
    if (!left) return Fail(left.error());
    if ((*left)[0].Int(0) == 0) break;
    tx->reset();
    auto ran = worker.RunOnce();
    if (!ran) return Fail(ran.error());
    ++passes;
    posts += *ran;
  }
  double fan_s = Micros(t0, Clock::now()) / 1e6;
  auto tx = (*db)->Begin(storage::TxMode::kRead);
  if (!tx) return Fail(tx.error());
  auto rows = (*tx)->Query("SELECT COUNT(*) FROM event_deliveries");
  if (!rows) return Fail(rows.error());
  int64_t deliveries = (*rows)[0].Int(0);
  tx->reset();
  std::printf("fan-out: %zu events x %zu subscriptions (half out of scope) -> %lld deliveries in %.2f s, "
              "%d passes (incl. %d failed POSTs)\n",
              n_events, n_subs, static_cast<long long>(deliveries), fan_s, passes, posts);

  // 3. The pull feed from the start.
  for (const app::Principal* who : {&*sh_police, &*sz_police}) {
    std::vector<double> us;
    int64_t after = 0, items = 0;
    for (;;) {
      auto c0 = Clock::now();
      auto feed = app::EventsAfter(ctx, *who, after, 500);
      if (!feed) return Fail(feed.error());
      us.push_back(Micros(c0, Clock::now()));
      items += static_cast<int64_t>(feed->items.size());
      if (feed->next_after == after) break;
      after = feed->next_after;
    }
    Figures f = Percentiles(us);
    std::printf("pull feed as %s: %lld events in %zu calls  p50 %.0f µs  max %.0f µs per call\n",
                who->login.c_str(), static_cast<long long>(items), us.size(), f.p50, f.max);
  }

  // 4. One signature.
  std::string body(1024, 'x');
  auto s0 = Clock::now();
  const int kSigns = 20000;
  size_t sink = 0;
  for (int i = 0; i < kSigns; ++i) sink += app::WebhookSignature("whsec_aXBlbmZvcmNlLXdlYmhvb2stZXhhbXBsZS1rZXktMzI=", "ipe-1", i, body).size();
  std::printf("signature of a 1 KiB body: %.2f µs (%zu)\n", Micros(s0, Clock::now()) / kSigns, sink / kSigns);
  return 0;
}
