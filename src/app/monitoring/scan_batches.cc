// Scans through scanner workers (app/monitoring/scan_batches.h).
#include "app/monitoring/scan_batches.h"

#include <signal.h>

#include <algorithm>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <utility>

#include "app/accounts/audit.h"
#include "app/crypto.h"
#include "app/monitoring/internal/scanning.h"
#include "app/monitoring/monitoring_store.h"
#include "app/monitoring/scan_batch_store.h"
#include "app/permissions.h"

namespace ipe::app {
namespace {

using Json = nlohmann::json;
using namespace monitoring_internal;  // NOLINT: the scan pieces shared with ScanListings

constexpr std::string_view kExtensionKey = "monitoring.scan_stream";
constexpr size_t kMaxReportedLineErrors = 100;

// The publisher of a server started with --nats. Publications are serialised: nats.c counts
// refused messages per JetStream context, and one upload's count must be its own.
class ScanStream : public Context::Extension {
 public:
  std::mutex mu;
  std::unique_ptr<stream::JetStream> js;  // GUARDED_BY(mu); null: scan in the request
  ScanStreamOptions options;
};

ScanStream& StreamOf(Context& ctx) {
  return ctx.GetOrCreateExtension<ScanStream>(kExtensionKey,
                                              [] { return std::make_unique<ScanStream>(); });
}

// A subject token: NATS subjects are dot-separated and cannot hold spaces or wildcards.
std::string SubjectToken(const std::string& platform) {
  if (platform.empty()) return "_";
  std::string out = platform;
  for (char& c : out) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-';
    if (!ok) c = '_';
  }
  return out;
}

std::string ListingLine(const ListingInput& l) {
  Json j = {{"id", l.id}, {"platform", l.platform}, {"shop_id", l.shop_id},
            {"shop_name", l.shop_name}, {"title", l.title}};
  j["price_fen"] = l.price_fen ? Json(*l.price_fen) : Json(nullptr);
  return j.dump();
}

ScanBatch BatchOf(const ScanBatchRow& r) {
  ScanBatch b;
  b.scan_id = r.scan_id;
  b.status = r.status;
  b.listings = r.listings;
  b.malformed = r.malformed;
  b.scanned = r.scanned;
  b.already = r.already;
  b.suspected = r.suspected;
  b.new_hits = r.new_hits;
  b.updated_hits = r.updated_hits;
  b.failed = r.failed;
  b.created_at = r.created_at;
  b.finished_at = r.finished_at;
  return b;
}

// A message as a worker reads it: the first line names the scan, the others are listings.
struct Work {
  size_t delivery = 0;  // index in the fetch
  int64_t scan_id = 0;
  std::string publication;
  ParsedListings parsed;
  std::vector<int> score_pct;
  std::vector<Suspect> suspects;
};

std::optional<Work> ReadMessage(std::string_view data) {
  size_t nl = data.find('\n');
  Json header = Json::parse(data.substr(0, nl), nullptr, /*allow_exceptions=*/false);
  if (!header.is_object() || !header.contains("scan_id") || !header["scan_id"].is_number_integer()) {
    return std::nullopt;
  }
  Work w;
  w.scan_id = header["scan_id"].get<int64_t>();
  if (header.contains("publication") && header["publication"].is_string()) {
    w.publication = header["publication"].get<std::string>();
  }
  if (nl != std::string_view::npos) w.parsed = ParseListingLines(data.substr(nl + 1));
  return w;
}

}  // namespace

stream::StreamSpec ScanStreamSpec(const ScanStreamOptions& options) {
  return {options.stream, {options.subject_prefix + ">"}, /*work_queue=*/true, 0};
}

core::Status EnableScanStream(Context& ctx, std::unique_ptr<stream::JetStream> js,
                              const ScanStreamOptions& options) {
  IPE_RETURN_IF_ERROR(js->EnsureStream(ScanStreamSpec(options)));
  ScanStream& s = StreamOf(ctx);
  std::lock_guard lock(s.mu);
  s.js = std::move(js);
  s.options = options;
  return {};
}

core::Result<ScanSubmission> SubmitScan(Context& ctx, const Principal& who, const ScanInput& input) {
  ScanStream& stream = StreamOf(ctx);
  bool enabled;
  {
    std::lock_guard lock(stream.mu);
    enabled = stream.js != nullptr;
  }
  ScanSubmission out;
  for (size_t i = 0; i < input.parsed.errors.size() && i < kMaxReportedLineErrors; ++i) {
    out.errors.push_back(input.parsed.errors[i]);
  }
  if (!enabled) {
    IPE_ASSIGN_OR_RETURN(out.report, ScanListings(ctx, who, input));
    return out;
  }
  IPE_RETURN_IF_ERROR(CheckScanInput(who, input));

  // One result per (platform, listing id): a listing twice in the upload is scanned once, as
  // last given (the in-request scan refreshes the first sighting with the second).
  std::map<std::pair<std::string, std::string>, const ListingInput*> unique;
  for (const ListingInput& l : input.parsed.listings) unique[{l.platform, l.id}] = &l;

  RegistrySnapshot registry;
  {
    IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
    IPE_ASSIGN_OR_RETURN(registry, LoadRegistry(*tx));
  }
  core::Timestamp now = ctx.Now();
  // In every message: a worker drops a message whose batch row does not carry it (a message of
  // another store on the same broker, whose scan ids are the same numbers). Also the msg ids'
  // prefix, so the broker drops a repeated publication.
  std::string publication = RandomHex(8);
  int64_t scan_id = 0;
  int64_t listings = static_cast<int64_t>(unique.size());
  {
    IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
    MonitoringStore store(*tx);
    NewScanRow scan{who.agency_id, who.region_code, who.user_id, now, input.source,
                    registry.brands, listings,
                    static_cast<int64_t>(input.parsed.errors.size()), 0};
    IPE_ASSIGN_OR_RETURN(scan_id, store.InsertScan(scan));
    IPE_RETURN_IF_ERROR(ScanBatchStore(*tx).InsertBatch(scan_id, listings, publication));
    Json after = {{"source", input.source},
                  {"brands", registry.brands},
                  {"listings", listings},
                  {"malformed", static_cast<int64_t>(input.parsed.errors.size())},
                  {"queued", true}};
    IPE_RETURN_IF_ERROR(AppendAudit(
        *tx, who, now,
        {"monitoring.scan", "monitoring_scan", std::to_string(scan_id),
         "监测扫描（交扫描节点）：商品 " + std::to_string(listings) + " 条",
         std::nullopt, after.dump(), AuditScopeOf(who.region_code, who.agency_id)}));
    IPE_RETURN_IF_ERROR(tx->Commit());
  }

  // Messages per platform (the stream's partitions), listings_per_message each. The batch is
  // committed first, so a worker never reads a message of a scan it cannot find.
  std::vector<stream::OutMessage> messages;
  {
    std::lock_guard lock(stream.mu);
    const ScanStreamOptions& opt = stream.options;
    std::string header = Json{{"scan_id", scan_id}, {"publication", publication}}.dump() + "\n";
    std::string current_platform;
    stream::OutMessage msg;
    size_t in_msg = 0;
    auto flush = [&] {
      if (in_msg == 0) return;
      msg.msg_id = publication + "-" + std::to_string(messages.size());
      messages.push_back(std::move(msg));
      msg = {};
      in_msg = 0;
    };
    for (const auto& [key, listing] : unique) {  // ordered by platform, then id
      if (in_msg == opt.listings_per_message || (in_msg > 0 && key.first != current_platform)) {
        flush();
      }
      if (in_msg == 0) {
        current_platform = key.first;
        msg.subject = opt.subject_prefix + SubjectToken(key.first);
        msg.data = header;
      }
      msg.data += ListingLine(*listing);
      msg.data += '\n';
      ++in_msg;
    }
    flush();
    core::Status published = stream.js->PublishAll(messages, opt.publish_timeout_ms);
    if (!published.ok()) {
      // The batch would never finish: say so on its progress, and to the caller.
      if (auto tx = ctx.db().Begin(storage::TxMode::kWrite); tx) {
        if (ScanBatchStore(**tx).MarkFailed(scan_id).ok()) (void)(*tx)->Commit();
      }
      return published;
    }
  }
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  IPE_ASSIGN_OR_RETURN(auto row, ScanBatchStore(*tx).Load(scan_id));
  out.batch = BatchOf(row);
  return out;
}

core::Result<ScanBatch> GetScanBatch(Context& ctx, const Principal& who, int64_t scan_id) {
  IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kMonitoringScan, "查看监测扫描进度"));
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  IPE_ASSIGN_OR_RETURN(auto row, ScanBatchStore(*tx).Load(scan_id));
  if (!CanSeeRecord(who, row.agency_id, row.region_code)) {
    return core::NotFound("扫描不存在 (no such scan)");
  }
  return BatchOf(row);
}

// ================================================================== workers

ScanWorker::ScanWorker(Context& ctx, stream::JetStream& js, ScanWorkerOptions options)
    : ctx_(ctx), js_(js), options_(std::move(options)) {}

ScanWorker::~ScanWorker() = default;

core::Status ScanWorker::Start() {
  IPE_RETURN_IF_ERROR(js_.EnsureStream(ScanStreamSpec(options_.stream)));
  stream::ConsumerSpec spec;
  spec.stream = options_.stream.stream;
  spec.durable = options_.durable;
  spec.filter = options_.stream.subject_prefix + ">";
  if (!options_.platform.empty()) {
    // A pool per platform: its own durable, so the pools do not share one cursor.
    spec.filter = options_.stream.subject_prefix + SubjectToken(options_.platform);
    spec.durable += "-" + SubjectToken(options_.platform);
  }
  spec.ack_wait_ms = options_.ack_wait_ms;
  IPE_ASSIGN_OR_RETURN(consumer_, js_.PullSubscribe(spec));
  return {};
}

namespace {

core::Status AuditBatchDone(storage::Tx& tx, const ScanBatchRow& b, const std::string& registry_version,
                            const std::string& worker, core::Timestamp now) {
  Json after = {{"scan_id", b.scan_id}, {"listings", b.listings}, {"registry_version", registry_version}};
  return AppendAudit(tx, Principal::System(), now,
                     {"monitoring.scan.done", "monitoring_scan", std::to_string(b.scan_id),
                      "监测扫描完成（扫描节点 " + worker + "）：商品 " + std::to_string(b.listings) + " 条",
                      std::nullopt, after.dump(), AuditScopeOf(b.region_code, b.agency_id)});
}

// Writes the results of `work` (one fetch, or one message of it) in one transaction: results,
// suspects queued in the submitting agency's queue, the batches' progress. Messages of another
// store go to `dropped`. Nothing is acknowledged here; on error nothing is written.
core::Status CommitWork(Context& ctx, const ScanWorkerOptions& options, const RegistrySnapshot& registry,
                        const std::vector<Work*>& work, ScanWorkerStats* stats, std::vector<size_t>* dropped) {
  core::Timestamp now = ctx.Now();
  ScanWorkerStats fetch_stats;
  std::vector<size_t> foreign;
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  ScanBatchStore batches(*tx);
  MonitoringStore monitoring(*tx);
  std::map<int64_t, BatchIncrement> increments;
  std::map<int64_t, ScanBatchRow> scans;
  for (Work* w : work) {
    auto scan = scans.find(w->scan_id);
    if (scan == scans.end()) {
      auto loaded = batches.Load(w->scan_id);
      if (!loaded) {
        if (loaded.error().code() == core::StatusCode::kNotFound) {
          foreign.push_back(w->delivery);  // a message of another store on the same broker
          w->parsed.listings.clear();
          continue;
        }
        return loaded.error();
      }
      scan = scans.emplace(w->scan_id, std::move(*loaded)).first;
    }
    const ScanBatchRow& batch = scan->second;
    if (batch.publication != w->publication) {
      foreign.push_back(w->delivery);  // a message of another store on the same broker
      w->parsed.listings.clear();
      continue;
    }
    // Results by platform (a message holds one platform; the check costs nothing).
    std::map<std::string, std::vector<ScanResultRow>> by_platform;
    std::set<std::pair<std::string, std::string>> suspected;
    for (const Suspect& s : w->suspects) suspected.insert({s.listing->platform, s.listing->id});
    for (size_t idx = 0; idx < w->parsed.listings.size(); ++idx) {
      const ListingInput& l = w->parsed.listings[idx];
      by_platform[l.platform].push_back({l.id, suspected.count({l.platform, l.id}) > 0, w->score_pct[idx]});
    }
    std::set<std::pair<std::string, std::string>> fresh;
    BatchIncrement& inc = increments[w->scan_id];
    for (const auto& [platform, rows] : by_platform) {
      IPE_ASSIGN_OR_RETURN(auto inserted,
                           batches.InsertResults(w->scan_id, platform, registry.version, options.name, rows, now));
      for (std::string& id : inserted) fresh.insert({platform, std::move(id)});
      if (inserted.size() < rows.size()) {
        std::vector<std::string> repeated;
        for (const ScanResultRow& r : rows) {
          if (!fresh.count({platform, r.listing_id})) repeated.push_back(r.listing_id);
        }
        IPE_ASSIGN_OR_RETURN(int64_t other,
                             batches.CountFromOtherScans(w->scan_id, platform, registry.version, repeated));
        inc.already += other;
        fetch_stats.already += other;
        fetch_stats.redelivered += static_cast<int64_t>(repeated.size()) - other;
      }
    }
    inc.scanned += static_cast<int64_t>(fresh.size());
    fetch_stats.written += static_cast<int64_t>(fresh.size());
    // Only listings whose result this write added go to the queue: a repeat wrote nothing. A copy:
    // the work is written again, alone, when this transaction fails.
    std::vector<Suspect> queue;
    for (const Suspect& s : w->suspects) {
      if (fresh.count({s.listing->platform, s.listing->id})) queue.push_back(s);
    }
    inc.suspected += static_cast<int64_t>(queue.size());
    IPE_RETURN_IF_ERROR(QueueSuspects(monitoring, {batch.agency_id, batch.region_code, w->scan_id, now}, queue,
                                      &inc.new_hits, &inc.updated_hits));
  }
  for (const auto& [scan_id, inc] : increments) {  // ascending scan ids
    IPE_ASSIGN_OR_RETURN(bool done, batches.AddProgress(scan_id, inc, now));
    if (done) IPE_RETURN_IF_ERROR(AuditBatchDone(*tx, scans.at(scan_id), registry.version, options.name, now));
  }
  IPE_RETURN_IF_ERROR(tx->Commit());
  dropped->insert(dropped->end(), foreign.begin(), foreign.end());
  stats->written += fetch_stats.written;
  stats->redelivered += fetch_stats.redelivered;
  stats->already += fetch_stats.already;
  return {};
}

// Gives a message up after its last failed delivery: its listings are counted as failed on its
// batch (which may finish with it) and the failure is recorded with the error and audited, in one
// transaction. Once per message (by its stream sequence), should the acknowledgement after it be lost.
core::Status GiveUp(Context& ctx, const ScanWorkerOptions& options, const Work& w,
                    const stream::Delivery& delivery, const core::Status& error, ScanWorkerStats* stats) {
  core::Timestamp now = ctx.Now();
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  ScanBatchStore batches(*tx);
  auto batch = batches.Load(w.scan_id);
  if (!batch && batch.error().code() != core::StatusCode::kNotFound) return batch.error();
  if (batch && batch->publication == w.publication) {
    const int64_t listings = static_cast<int64_t>(w.parsed.listings.size());
    ScanFailureRow failure{w.scan_id, static_cast<int64_t>(delivery.stream_sequence()),
                           w.parsed.listings.empty() ? std::string() : w.parsed.listings[0].platform,
                           listings, static_cast<int64_t>(delivery.delivered()),
                           error.message().substr(0, 1000), options.name, now};
    IPE_ASSIGN_OR_RETURN(bool recorded, batches.RecordFailure(failure));
    if (recorded) {
      Json after = {{"scan_id", w.scan_id}, {"listings", listings}, {"deliveries", failure.deliveries},
                    {"error", failure.error}};
      IPE_RETURN_IF_ERROR(AppendAudit(
          *tx, Principal::System(), now,
          {"monitoring.scan.message_failed", "monitoring_scan", std::to_string(w.scan_id),
           "监测扫描消息处理失败，已放弃（投递 " + std::to_string(failure.deliveries) + " 次）：商品 " +
               std::to_string(listings) + " 条",
           std::nullopt, after.dump(), AuditScopeOf(batch->region_code, batch->agency_id)}));
      BatchIncrement inc;
      inc.failed = listings;
      IPE_ASSIGN_OR_RETURN(bool done, batches.AddProgress(w.scan_id, inc, now));
      if (done) IPE_RETURN_IF_ERROR(AuditBatchDone(*tx, *batch, stats->registry_version, options.name, now));
      stats->failed += listings;
    }
  }
  return tx->Commit();
}

}  // namespace

core::Result<int64_t> ScanWorker::PruneResults() {
  std::string current;
  {
    IPE_ASSIGN_OR_RETURN(auto tx, ctx_.db().Begin(storage::TxMode::kRead));
    auto registry = LoadRegistry(*tx);
    // No active brand: no version to keep, and nothing to compare with; try again later.
    if (!registry) return int64_t{0};
    current = registry->version;
  }
  const core::Timestamp before{ctx_.Now().seconds - options_.results_retention_s};
  constexpr int64_t kBatch = 10000;
  int64_t total = 0;
  for (;;) {
    IPE_ASSIGN_OR_RETURN(auto tx, ctx_.db().Begin(storage::TxMode::kWrite));
    IPE_ASSIGN_OR_RETURN(int64_t deleted, ScanBatchStore(*tx).PruneResults(current, before, kBatch));
    IPE_RETURN_IF_ERROR(tx->Commit());
    total += deleted;
    if (deleted < kBatch) break;
  }
  stats_.pruned += total;
  return total;
}

core::Result<int> ScanWorker::RunOnce() {
  IPE_ASSIGN_OR_RETURN(auto deliveries, consumer_->Fetch(options_.fetch, options_.fetch_timeout_ms));
  if (deliveries.empty()) return 0;

  std::vector<Work> work;
  std::vector<size_t> dropped;
  for (size_t i = 0; i < deliveries.size(); ++i) {
    auto w = ReadMessage(deliveries[i].data());
    if (!w) {
      dropped.push_back(i);
      continue;
    }
    w->delivery = i;
    work.push_back(std::move(*w));
  }
  // Scans in ascending order, so two workers lock the batches' rows in one order.
  std::stable_sort(work.begin(), work.end(),
                   [](const Work& a, const Work& b) { return a.scan_id < b.scan_id; });

  // The registry as it is now: a brand written since the last fetch is used from this one on.
  RegistrySnapshot registry;
  {
    IPE_ASSIGN_OR_RETURN(auto tx, ctx_.db().Begin(storage::TxMode::kRead));
    auto loaded = LoadRegistry(*tx);
    if (!loaded) {
      // No active brand (or one the scanner refuses): leave the work for later, not lost.
      for (auto& d : deliveries) (void)consumer_->Nak(d, 1000);
      return loaded.error();
    }
    registry = std::move(*loaded);
  }
  if (registry.version != stats_.registry_version) {
    if (!stats_.registry_version.empty()) ++stats_.registry_changes;
    stats_.registry_version = registry.version;
  }
  for (Work& w : work) {
    w.suspects = FindSuspects(*registry.scanner, w.parsed.listings, &w.score_pct);
  }

  std::vector<Work*> all;
  for (Work& w : work) all.push_back(&w);
  std::vector<Work*> done;
  core::Status written = CommitWork(ctx_, options_, registry, all, &stats_, &dropped);
  if (written.ok()) {
    done = all;
  } else if (written.code() == core::StatusCode::kUnavailable) {
    return written;  // the store is away or the transaction lost a race: every message comes again
  } else {
    // An error of the data: one message may fail every time and must not hold back the others
    // of its fetch. Each alone; one that failed max_deliveries times is given up (recorded on its
    // batch and audited, so the batch still finishes), the others come again after a pause.
    for (Work* w : all) {
      core::Status alone = CommitWork(ctx_, options_, registry, {w}, &stats_, &dropped);
      if (alone.ok()) {
        done.push_back(w);
        continue;
      }
      if (alone.code() == core::StatusCode::kUnavailable) return alone;
      stream::Delivery& d = deliveries[w->delivery];
      if (d.delivered() >= static_cast<uint64_t>(options_.max_deliveries)) {
        // Its outcome — given up, and why — is committed: acknowledged like any finished work.
        IPE_RETURN_IF_ERROR(GiveUp(ctx_, options_, *w, d, alone, &stats_));
        done.push_back(w);
        ++stats_.given_up;
        continue;
      }
      // 1 s, 2 s, 4 s … up to the ack wait: time for whatever is wrong to be mended.
      const uint64_t retries = std::min<uint64_t>(std::max<uint64_t>(d.delivered(), 1) - 1, 20);
      const int64_t delay = std::min<int64_t>(options_.ack_wait_ms, int64_t{1000} << retries);
      (void)consumer_->Nak(d, delay);
      ++stats_.retried;
    }
  }
  ++commits_;
  if (options_.crash_after_commits > 0 && commits_ >= options_.crash_after_commits) {
    raise(SIGKILL);  // tests: the crash between the commit and the acknowledgement
  }
  int handled = 0;
  for (const Work* w : done) {
    IPE_RETURN_IF_ERROR(consumer_->Ack(deliveries[w->delivery]));
    stats_.listings += static_cast<int64_t>(w->parsed.listings.size());
    ++handled;
  }
  for (size_t i : dropped) {
    if (std::any_of(done.begin(), done.end(), [i](const Work* w) { return w->delivery == i; })) {
      continue;  // already acknowledged above
    }
    IPE_RETURN_IF_ERROR(consumer_->Ack(deliveries[i]));
    ++handled;
  }
  stats_.messages += handled;
  return handled;
}

}  // namespace ipe::app
