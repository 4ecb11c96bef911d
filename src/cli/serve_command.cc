#include <pthread.h>
#include <signal.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "app/context.h"
#include "app/demo.h"
#include "app/events/webhook.h"
#include "app/leads/correlation_service.h"
#include "app/leads/leads.h"
#include "app/monitoring/scan_batches.h"
#include "app/public/public_gate.h"
#include "app/reference_data.h"
#include "app/statistics/report_schedule.h"
#include "cli/commands.h"
#include "cli/database.h"
#include "cli/exit_codes.h"
#include "http/dispatcher.h"
#include "http/report_pdf.h"
#include "http/server.h"
#include "http/static_files.h"
#include "stream/jetstream.h"

namespace ipe::cli {
namespace {

constexpr const char* kHelp =
    "用法: ipenforce serve [options]\n"
    "运行 HTTP 服务：/api/v1、/healthz、/readyz、/metrics 与网页界面。\n"
    "  --db URL          database (default: $IPE_DB or sqlite://var/ipenforce.db)\n"
    "  --listen H:P      listen address (default 127.0.0.1:8080)\n"
    "  --web DIR         built web UI to serve (default web/dist)\n"
    "  --demo            load demo data if missing (idempotent)\n"
    "  --workers N       handler threads (default 16)\n"
    "  --io-threads N    network threads (default 2)\n"
    "  --max-body BYTES  request body limit, 413 beyond (default 1048576)\n"
    "  --https           served behind HTTPS: Secure cookies and HSTS (alias --secure-cookie)\n"
    "  --trusted-proxy A[,A…]  reverse proxies whose X-Forwarded-For/-Proto are believed\n"
    "                    (client address for login throttling; X-Forwarded-Proto: https\n"
    "                    makes cookies Secure and adds HSTS)\n"
    "  --no-access-log   do not log each request\n"
    "  --webhook-retry S,S,…  seconds between webhook retries; after the last the delivery is\n"
    "                    dead (default 10,60,300,1800,7200,21600,43200; docs/api.md)\n"
    "  --webhook-poll-ms N  how often the delivery worker looks for work (default 2000)\n"
    "  --report-poll-s N  how often scheduled situation reports are looked for (default 600)\n"
    "  --index-snapshot PATH  keep the lead correlation index in this file (written every\n"
    "                    --index-snapshot-interval-s when it changed, and at shutdown) and start\n"
    "                    from it instead of rebuilding when it is current (docs/scale-out.md);\n"
    "                    one file per server. Default: none, every start rebuilds\n"
    "  --index-snapshot-interval-s N  seconds between snapshots (default 60)\n"
    "  --nats URL        publish uploaded scans to NATS JetStream for `ipenforce scan-worker`\n"
    "                    (answer 202 + progress) instead of scanning in the request\n"
    "  /metrics answers loopback clients only, or those sending \"Authorization: Bearer\n"
    "  $IPE_METRICS_TOKEN\" when that environment variable is set.\n"
    "  IPE_BENCH_OPEN_PUBLIC=1 (load benchmarks only): no rate limit or proof of work on\n"
    "  /api/v1/public/; ignored unless listening on loopback without --https or --trusted-proxy.\n"
    "Stops cleanly on SIGINT or SIGTERM.\n";

bool ParseCount(const std::optional<std::string>& v, size_t& out, size_t min, size_t max) {
  if (!v) return true;
  if (v->empty() || v->find_first_not_of("0123456789") != std::string::npos || v->size() > 12) {
    return false;
  }
  size_t n = std::stoull(*v);
  if (n < min || n > max) return false;
  out = n;
  return true;
}

}  // namespace

int RunServe(const CommandArgs& argv) {
  Args args(argv);
  std::string url = DatabaseUrl(args);
  std::string listen = args.Value("--listen").value_or("127.0.0.1:8080");
  std::string web = args.Value("--web").value_or("web/dist");
  bool demo = args.Flag("--demo");
  bool secure_cookie = args.Flag("--secure-cookie");
  bool https = args.Flag("--https");
  std::vector<std::string> trusted_proxies;
  for (const std::string& list : args.Values("--trusted-proxy")) {
    size_t start = 0;
    for (;;) {
      size_t comma = list.find(',', start);
      std::string one = list.substr(start, comma == std::string::npos ? comma : comma - start);
      if (!one.empty()) trusted_proxies.push_back(one);
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  }
  bool no_access_log = args.Flag("--no-access-log");
  std::optional<std::string> nats = args.Value("--nats");
  app::WebhookOptions webhook_options;
  std::optional<std::string> retry_text = args.Value("--webhook-retry");
  size_t poll_ms = static_cast<size_t>(webhook_options.poll_ms);
  bool webhook_ok = ParseCount(args.Value("--webhook-poll-ms"), poll_ms, 50, 600000);
  webhook_options.poll_ms = static_cast<int>(poll_ms);
  if (retry_text) {
    auto schedule = app::ParseRetrySchedule(*retry_text);
    if (schedule) {
      webhook_options.retry_seconds = *schedule;
    } else {
      webhook_ok = false;
    }
  }
  app::SnapshotOptions snapshot_options;
  snapshot_options.path = args.Value("--index-snapshot").value_or("");
  size_t snapshot_interval = static_cast<size_t>(snapshot_options.interval_seconds);
  webhook_ok = webhook_ok && ParseCount(args.Value("--index-snapshot-interval-s"),
                                        snapshot_interval, 1, 86400);
  snapshot_options.interval_seconds = static_cast<int>(snapshot_interval);
  app::ReportSchedulerOptions report_options;
  size_t report_poll = static_cast<size_t>(report_options.poll_seconds);
  webhook_ok = webhook_ok && ParseCount(args.Value("--report-poll-s"), report_poll, 1, 86400);
  report_options.poll_seconds = static_cast<int>(report_poll);
  http::ServerOptions server_options;
  http::DispatcherOptions dispatcher_options;
  bool counts_ok = ParseCount(args.Value("--workers"), server_options.worker_threads, 1, 1024) &&
                   ParseCount(args.Value("--io-threads"), server_options.io_threads, 1, 64) &&
                   ParseCount(args.Value("--max-body"), dispatcher_options.max_body_bytes, 1024,
                              32ull << 20) &&
                   webhook_ok;
  if (args.WantsHelp()) {
    std::fputs(kHelp, stdout);
    return kExitOk;
  }
  if (auto err = args.Finish(); !err.empty() || !args.positional().empty() || !counts_ok) {
    std::fprintf(stderr, "ipenforce serve: %s\n%s",
                 !counts_ok ? "bad number for --workers, --io-threads, --max-body, --webhook-retry, --webhook-poll-ms, --report-poll-s or --index-snapshot-interval-s"
                 : err.empty() ? "unexpected argument" : err.c_str(),
                 kHelp);
    return kExitUsage;
  }
  if (auto st = http::ParseListenAddress(listen, server_options.host, server_options.port);
      !st.ok()) {
    return Fail(st);
  }
  dispatcher_options.https = secure_cookie || https;
  dispatcher_options.trusted_proxies = std::move(trusted_proxies);
  // From the environment, not a flag: a flag's value shows in `ps` to every local user.
  if (const char* token = std::getenv("IPE_METRICS_TOKEN")) dispatcher_options.metrics_token = token;
  dispatcher_options.access_log = !no_access_log;
  // Load benchmarks of the public search (bench/credit/run.sh): no rate limit, no proof of work.
  // From the environment so that no service file carries it by accident; refused on anything
  // that looks like production (not loopback, HTTPS, behind a proxy).
  if (const char* open = std::getenv("IPE_BENCH_OPEN_PUBLIC"); open && std::string(open) == "1") {
    bool loopback = server_options.host == "127.0.0.1" || server_options.host == "::1" ||
                    server_options.host == "localhost";
    if (!loopback || dispatcher_options.https || !dispatcher_options.trusted_proxies.empty()) {
      std::fprintf(stderr,
                   "ipenforce: 警告：忽略 IPE_BENCH_OPEN_PUBLIC——仅供压测，只在本机回环地址、无 --https、"
                   "无 --trusted-proxy 时生效 (warning: IPE_BENCH_OPEN_PUBLIC ignored outside a "
                   "loopback benchmark)\n");
    } else {
      std::fprintf(stderr,
                   "ipenforce: 警告：压测模式，公众接口不限流、不需人机验证 (warning: benchmark mode, "
                   "public API without rate limit or proof of work)\n");
      dispatcher_options.public_unlimited = true;
      app::WaivePublicPassForBenchmark();
    }
  }

  // Block the stop signals in every thread; the main thread waits for them with sigwait.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  auto db = OpenAndMigrate(url);
  if (!db) return Fail(db.error());
  app::Context ctx(**db, core::SystemClock::Instance());
  auto synced = app::SyncReferenceData(ctx);
  if (!synced) return Fail(synced.error());
  if (demo) {
    auto loaded = app::LoadDemoData(ctx);
    if (!loaded) return Fail(loaded.error());
    if (loaded->users_created > 0) {
      std::fprintf(stderr, "ipenforce: 已载入演示数据 (demo data loaded: %d users, %d agencies)\n",
                   loaded->users_created, loaded->agencies_created);
    }
  }
  // Fresh planner statistics for the list indexes (a store loaded by imports has none on SQLite).
  if (auto st = (*db)->UpdateStatistics(); !st.ok()) return Fail(st);
  if (nats) {
    // Scans go to the scanner workers (docs/scale-out.md "Scanner workers").
    auto js = stream::JetStream::Connect(*nats);
    if (!js) return Fail(js.error());
    if (auto st = app::EnableScanStream(ctx, std::move(*js), {}); !st.ok()) return Fail(st);
    std::fprintf(stderr, "ipenforce: 扫描交由扫描节点 (scans published to %s)\n", nats->c_str());
  }
  auto files = http::StaticFiles::Load(web);
  if (!files) return Fail(files.error());
  if (files->file_count() == 0) {
    std::fprintf(stderr, "ipenforce: 未找到网页界面 %s (web UI not built; API only)\n",
                 web.c_str());
  }
  // Before the routes: registering the leads API loads or builds the correlation index.
  if (!snapshot_options.path.empty()) app::ConfigureCorrelation(ctx, snapshot_options);
  http::Dispatcher dispatcher(ctx, std::move(*files), dispatcher_options);
  http::RegisterRoutes(dispatcher);
  server_options.body_limit = [&dispatcher](std::string_view method, std::string_view target,
                                            bool credentials) {
    return dispatcher.BodyLimit(method, target, credentials);
  };
  server_options.refusal = [&dispatcher](int status, uint64_t limit) {
    return dispatcher.BodyRefusal(status, limit);
  };
  http::Server server(server_options, [&dispatcher](http::Request& req) {
    return dispatcher.Handle(req);
  });
  if (auto st = server.Start(); !st.ok()) return Fail(st);
  // The bound port, not the asked one: with --listen H:0 the system picks it (the tests do).
  std::fprintf(stderr, "ipenforce: 服务已启动 http://%s:%u (db %s)\n", server_options.host.c_str(),
               static_cast<unsigned>(server.port()), (*db)->display_url().c_str());
  // Webhook delivery of the event outbox (docs/api.md "Event feeds"): every server runs one;
  // they share the work through the store (docs/scale-out.md).
  app::WebhookWorker webhooks(ctx, webhook_options);
  webhooks.Start();
  // Scheduled situation reports (docs/statistics.md "Scheduled reports"): every server runs one;
  // a period is stored once whichever server builds it first.
  app::ReportScheduler reports(ctx, http::SituationReportPdf, report_options);
  reports.Start();
  int sig = 0;
  sigwait(&stop_signals, &sig);
  std::fprintf(stderr, "ipenforce: 收到信号 %d，正在停止 (stopping)\n", sig);
  reports.Stop();
  webhooks.Stop();
  server.Stop();
  // The index as it stands, so that the next start loads it instead of rebuilding.
  if (auto st = app::StopLeads(ctx); !st.ok()) {
    std::fprintf(stderr, "ipenforce: 索引快照未写入 (index snapshot not written): %s\n",
                 st.ToString().c_str());
  }
  return kExitOk;
}

}  // namespace ipe::cli
