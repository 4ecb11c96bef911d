// `ipenforce scan-worker --db URL --nats URL [--name N] [--platform P] [--fetch N] [--ack-wait-ms MS]
//  [--max-deliveries N]`:
// a scanner worker (issue 19, docs/scale-out.md "Scanner workers"). Consumes the listings that
// `serve --nats` published to JetStream, writes one result per (platform, listing id, registry
// version) and the suspects into the submitting agency's review queue, and acknowledges each
// message after its commit. Run as many as there are cores to spare, on any host that reaches
// the database and the broker; SIGINT/SIGTERM stop it after the fetch in hand.
#include <signal.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>

#include "app/context.h"
#include "app/monitoring/scan_batches.h"
#include "cli/args.h"
#include "cli/commands.h"
#include "cli/database.h"
#include "cli/exit_codes.h"
#include "stream/jetstream.h"

namespace ipe::cli {
namespace {

constexpr const char* kHelp =
    "用法 (usage): ipenforce scan-worker --nats URL [--db URL] [--name N] [--platform P]\n"
    "                                    [--fetch N] [--ack-wait-ms MS] [--max-deliveries N]\n"
    "扫描节点：从 NATS JetStream 取待扫描商品，写入结果与待研判队列 (scanner worker).\n"
    "  --nats URL         NATS 服务器 (broker), e.g. nats://127.0.0.1:4222\n"
    "  --db URL           database (default: $IPE_DB or sqlite://var/ipenforce.db)\n"
    "  --name N           节点名，记入每条结果 (worker name, recorded with each result)\n"
    "  --platform P       只扫该平台的分区 (only this platform's partition; default: all)\n"
    "  --fetch N          每次取的消息数，一个事务 (messages per fetch = one transaction; 16)\n"
    "  --ack-wait-ms MS   未确认的消息多久后重新投递 (redelivery after MS unacknowledged;\n"
    "                     30000; set when the consumer is first made)\n"
    "  --max-deliveries N 一条消息写入失败 N 次后放弃，计为失败并记录原因 (give a message up after\n"
    "                     its N-th failed delivery: its listings count as failed, the error is\n"
    "                     recorded and audited; 5)\n"
    "At start and every 10 minutes it deletes results of older brand-registry versions written\n"
    "more than 7 days ago (those of the current version spare a listing a second scan).\n"
    "Every 5 s and at exit it prints its counts and listings per second of busy time (fetches\n"
    "that brought work) on stderr. Stops on SIGINT or SIGTERM.\n";

std::atomic<bool> g_stop{false};
void OnStop(int) { g_stop.store(true); }

bool ParseInt(const std::optional<std::string>& v, int64_t& out, int64_t min, int64_t max) {
  if (!v) return true;
  if (v->empty() || v->size() > 12 || v->find_first_not_of("0123456789") != std::string::npos) {
    return false;
  }
  int64_t n = std::stoll(*v);
  if (n < min || n > max) return false;
  out = n;
  return true;
}

void PrintStats(const app::ScanWorker& worker, const std::string& name, double seconds,
                const char* when) {
  const app::ScanWorkerStats& s = worker.stats();
  std::fprintf(stderr,
               "ipenforce scan-worker %s: %s messages=%lld listings=%lld written=%lld "
               "redelivered=%lld already=%lld retried=%lld given_up=%lld failed=%lld pruned=%lld "
               "registry=%s registry_changes=%lld seconds=%.1f listings_per_s=%.0f\n",
               name.c_str(), when, static_cast<long long>(s.messages),
               static_cast<long long>(s.listings), static_cast<long long>(s.written),
               static_cast<long long>(s.redelivered), static_cast<long long>(s.already),
               static_cast<long long>(s.retried), static_cast<long long>(s.given_up),
               static_cast<long long>(s.failed), static_cast<long long>(s.pruned), s.registry_version.c_str(),
               static_cast<long long>(s.registry_changes), seconds,
               seconds > 0 ? static_cast<double>(s.listings) / seconds : 0.0);
}

}  // namespace

int RunScanWorker(const CommandArgs& argv) {
  Args args(argv);
  std::string url = DatabaseUrl(args);
  std::optional<std::string> nats = args.Value("--nats");
  app::ScanWorkerOptions options;
  options.name = args.Value("--name").value_or("worker");
  options.platform = args.Value("--platform").value_or("");
  int64_t fetch = options.fetch;
  int64_t max_deliveries = options.max_deliveries;
  bool numbers_ok = ParseInt(args.Value("--fetch"), fetch, 1, 256) &&
                    ParseInt(args.Value("--ack-wait-ms"), options.ack_wait_ms, 100, 3600000) &&
                    ParseInt(args.Value("--max-deliveries"), max_deliveries, 1, 1000);
  options.fetch = static_cast<int>(fetch);
  options.max_deliveries = static_cast<int>(max_deliveries);
  if (args.WantsHelp()) {
    std::fputs(kHelp, stdout);
    return kExitOk;
  }
  if (auto err = args.Finish(); !err.empty() || !args.positional().empty() || !numbers_ok || !nats) {
    std::fprintf(stderr, "ipenforce scan-worker: %s\n%s",
                 !nats ? "--nats is required" : !numbers_ok ? "bad number for --fetch, --ack-wait-ms or --max-deliveries"
                 : err.empty() ? "unexpected argument" : err.c_str(),
                 kHelp);
    return kExitUsage;
  }
  // Tests only (tests/monitoring/scan_workers_test.cc): die by SIGKILL after N commits, before
  // acknowledging — the crash between a commit and its acknowledgement.
  if (const char* crash = std::getenv("IPE_TEST_CRASH_AFTER_COMMITS")) {
    options.crash_after_commits = std::atoll(crash);
  }

  struct sigaction sa {};
  sa.sa_handler = OnStop;
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);

  auto db = OpenAndMigrate(url, /*quiet=*/true);
  if (!db) return Fail(db.error());
  app::Context ctx(**db, core::SystemClock::Instance());
  auto js = stream::JetStream::Connect(*nats);
  if (!js) return Fail(js.error());
  app::ScanWorker worker(ctx, **js, options);
  if (auto st = worker.Start(); !st.ok()) return Fail(st);
  std::fprintf(stderr, "ipenforce scan-worker %s: 已启动 (started; db %s, nats %s)\n",
               options.name.c_str(), (*db)->display_url().c_str(), nats->c_str());

  // Throughput over the time spent on fetches that brought work (waiting for work is not counted).
  using Clock = std::chrono::steady_clock;
  auto last_report = Clock::now();
  auto last_prune = Clock::now() - std::chrono::hours(1);  // at start, then every 10 minutes
  double busy = 0;
  while (!g_stop.load()) {
    if (Clock::now() - last_prune >= std::chrono::minutes(10)) {
      last_prune = Clock::now();
      if (auto pruned = worker.PruneResults(); !pruned) {
        std::fprintf(stderr, "ipenforce scan-worker %s: 清理旧结果失败 (pruning failed): %s\n",
                     options.name.c_str(), pruned.error().message().c_str());
      }
    }
    auto fetch_start = Clock::now();
    auto handled = worker.RunOnce();
    if (!handled) {
      // The store or the broker failed: nothing was acknowledged, the messages come again.
      std::fprintf(stderr, "ipenforce scan-worker %s: %s\n", options.name.c_str(),
                   handled.error().message().c_str());
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
      continue;
    }
    if (*handled > 0) busy += std::chrono::duration<double>(Clock::now() - fetch_start).count();
    if (Clock::now() - last_report >= std::chrono::seconds(5)) {
      last_report = Clock::now();
      PrintStats(worker, options.name, busy, "progress");
    }
  }
  PrintStats(worker, options.name, busy, "stopped");
  return kExitOk;
}

}  // namespace ipe::cli
