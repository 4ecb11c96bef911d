#include "app/leads/correlation_service.h"

#include <algorithm>

#include <chrono>
#include <map>
#include <charconv>

#include "app/leads/lead_store.h"
#include "app/permissions.h"

namespace ipe::app {

std::string LeadRecordId(int64_t lead_id) { return "lead:" + std::to_string(lead_id); }

int64_t LeadIdOfRecord(std::string_view record_id) {
  constexpr std::string_view kPrefix = "lead:";
  if (record_id.substr(0, kPrefix.size()) != kPrefix) return 0;
  int64_t id = 0;
  std::string_view digits = record_id.substr(kPrefix.size());
  auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), id);
  if (ec != std::errc() || ptr != digits.data() + digits.size()) return 0;
  return id;
}

link::Scope ScopeFor(const Principal& who) {
  if (who.is_system()) return link::Scope::Everything();
  link::Scope scope;
  scope.agency = std::to_string(who.agency_id);
  scope.all_agencies = who.Has(Role::kOffice) || who.Has(Role::kProsecutor) ||
                       who.Has(Role::kAuditor) || who.Has(Role::kAdmin);
  std::string region = who.region_code;
  scope.region_within = [region](std::string_view code) { return RegionWithin(region, code); };
  return scope;
}

const link::Normaliser& LeadNormaliser() {
  static const link::DomainRules* rules = new link::DomainRules(link::DomainRules::Builtin());
  static const link::JunkList* junk = [] {
    auto parsed = link::JunkList::Parse(link::DefaultJunkListText(), *rules);
    // The list is compiled in and tested (src/link); failing here is a build defect.
    assert(parsed.has_value() && "compiled-in junk list does not parse");
    return new link::JunkList(std::move(*parsed));
  }();
  static const link::Normaliser* normaliser = new link::Normaliser(rules, junk);
  return *normaliser;
}

CorrelationService::CorrelationService(link::IndexOptions options)
    : options_(options), index_(std::make_unique<link::CorrelationIndex>(options)) {}

namespace {

link::RecordInput RecordOfKeys(const LeadKeys& lead) {
  link::RecordInput record{LeadRecordId(lead.lead_id), std::to_string(lead.agency_id.value_or(0)),
                           lead.region_code, {}};
  for (const auto& [type, value] : lead.keys) {
    if (auto t = link::ParseKeyType(type)) record.keys.push_back({*t, value});
  }
  return record;
}

// Changes read per transaction while catching up.
constexpr int64_t kFeedBatch = 1000;

}  // namespace

CorrelationService::~CorrelationService() {
  stopping_ = true;
  std::lock_guard<std::mutex> lock(follow_mu_);
  if (follower_.joinable()) follower_.join();
}

core::Result<RebuildStats> CorrelationService::Rebuild(storage::Database& db) {
  std::lock_guard<std::mutex> write_lock(write_mu_);
  return RebuildLocked(db);
}

core::Result<RebuildStats> CorrelationService::RebuildLocked(storage::Database& db) {
  auto start = std::chrono::steady_clock::now();
  auto fresh = std::make_unique<link::CorrelationIndex>(options_);
  int64_t head = 0;
  {
    // One snapshot for the leads and the feed position: changes after `head` are not in it.
    IPE_ASSIGN_OR_RETURN(auto tx, db.Begin(storage::TxMode::kRead));
    LeadStore store(*tx);
    IPE_ASSIGN_OR_RETURN(head, store.FeedHead());
    IPE_RETURN_IF_ERROR(store.ForEachLeadKeys([&](const LeadKeys& lead) -> core::Status {
      return fresh->Add(RecordOfKeys(lead)).status();
    }));
  }
  applied_seq_ = head;
  RebuildStats stats;
  stats.records = fresh->record_count();
  stats.keys = fresh->key_count();
  fresh->ForEachCluster(2, [&](const link::Cluster&) { ++stats.clusters; });
  {
    std::unique_lock<std::shared_mutex> lock(index_mu_);
    index_ = std::move(fresh);
    built_ = true;
    ++generation_;
  }
  stats.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return stats;
}

core::Result<link::AddOutcome> CorrelationService::Add(const link::RecordInput& record) {
  std::lock_guard<std::mutex> write_lock(write_mu_);
  std::unique_lock<std::shared_mutex> lock(index_mu_);
  auto outcome = index_->Add(record);
  ++generation_;  // also when refused: a list recomputed once too often costs only time
  return outcome;
}

core::Result<std::vector<CrossRegionEvent>> CorrelationService::CatchUp(storage::Database& db) {
  std::lock_guard<std::mutex> write_lock(write_mu_);
  std::vector<CrossRegionEvent> events;
  for (;;) {
    IPE_ASSIGN_OR_RETURN(auto tx, db.Begin(storage::TxMode::kRead));
    LeadStore store(*tx);
    IPE_ASSIGN_OR_RETURN(auto changes, store.ChangesAfter(applied_seq_, kFeedBatch));
    if (changes.empty()) return events;
    bool pruned_past_us = changes.front().seq != applied_seq_ + 1;
    bool rebuild = pruned_past_us || std::any_of(changes.begin(), changes.end(), [](const LeadChange& c) {
      return c.kind == LeadChangeKind::kRebuild;
    });
    if (rebuild) {
      // The rebuild reads everything up to the head, past this batch too.
      tx.reset();
      IPE_RETURN_IF_ERROR(RebuildLocked(db).status());
      continue;
    }
    std::vector<int64_t> ids;
    for (const LeadChange& c : changes) ids.push_back(c.lead_id);
    IPE_ASSIGN_OR_RETURN(auto keys, store.KeysOf(ids));
    tx.reset();
    std::map<int64_t, const LeadKeys*> by_id;
    for (const LeadKeys& k : keys) by_id[k.lead_id] = &k;
    std::unique_lock<std::shared_mutex> lock(index_mu_);
    for (const LeadChange& c : changes) {
      applied_seq_ = c.seq;
      auto it = by_id.find(c.lead_id);
      if (it == by_id.end()) continue;  // merged since: a 'rebuild' change follows
      auto outcome = index_->Add(RecordOfKeys(*it->second));
      if (!outcome || !outcome->became_cross_region) continue;  // AlreadyExists: a rebuild read it
      auto cluster = index_->ClusterOf(LeadRecordId(c.lead_id), link::Scope::Everything());
      if (!cluster) continue;
      int64_t smallest = c.lead_id;
      for (const auto& r : cluster->records) smallest = std::min(smallest, LeadIdOfRecord(r.id));
      events.push_back({c.lead_id, LeadRecordId(smallest)});
    }
    ++generation_;
    if (static_cast<int64_t>(changes.size()) < kFeedBatch) return events;
  }
}

int64_t CorrelationService::applied_seq() const { return applied_seq_; }

void CorrelationService::StartFollowing(storage::Database& db, const core::Clock& clock,
                                        RaiseFn raise, int poll_ms) {
  std::lock_guard<std::mutex> lock(follow_mu_);
  if (follower_.joinable()) return;
  follower_ = std::thread([this, &db, &clock, raise = std::move(raise), poll_ms] {
    Follow(db, clock, raise, poll_ms);
  });
}

void CorrelationService::Follow(storage::Database& db, const core::Clock& clock, const RaiseFn& raise,
                                int poll_ms) {
  // Short waits so that the destructor's stop is seen within kSliceMs; a catch-up on every
  // announcement and, as the fallback for a lost one or a lost listener, every poll_ms.
  constexpr int kSliceMs = 100;
  std::unique_ptr<storage::Listener> listener;
  auto last = std::chrono::steady_clock::now();
  auto last_prune = last;
  while (!stopping_) {
    if (!listener) {
      auto opened = db.Listen(kLeadFeedChannel);
      if (opened) listener = std::move(*opened);
    }
    bool woken = false;
    if (listener) {
      auto waited = listener->Wait(kSliceMs);
      if (!waited) {
        listener.reset();  // reopened on the next turn
      } else {
        woken = *waited;
      }
    } else {
      std::this_thread::sleep_for(std::chrono::milliseconds(kSliceMs));
    }
    auto now = std::chrono::steady_clock::now();
    if (!woken && now - last < std::chrono::milliseconds(poll_ms)) continue;
    last = now;
    auto events = CatchUp(db);
    if (!events) continue;  // database away: the next turn tries again
    for (const CrossRegionEvent& e : *events) raise(*this, e);
    if (now - last_prune >= std::chrono::milliseconds(kFeedPruneEveryMs)) {
      // Every server prunes; two deleting the same rows at once delete them once.
      last_prune = now;
      auto tx = db.Begin(storage::TxMode::kWrite);
      if (!tx) continue;
      auto pruned = LeadStore(**tx).PruneChanges(clock.Now().AddSeconds(-kFeedRetentionSeconds));
      if (pruned) (void)(*tx)->Commit();
    }
  }
}

core::Result<link::ScopedLinks> CorrelationService::Linked(std::string_view id,
                                                           const link::Scope& scope) const {
  std::shared_lock<std::shared_mutex> lock(index_mu_);
  return index_->Linked(id, scope);
}

core::Result<link::ScopedCluster> CorrelationService::ClusterOf(std::string_view id,
                                                                const link::Scope& scope) const {
  std::shared_lock<std::shared_mutex> lock(index_mu_);
  return index_->ClusterOf(id, scope);
}

std::vector<link::Cluster> CorrelationService::Clusters(size_t min_size) const {
  std::shared_lock<std::shared_mutex> lock(index_mu_);
  return index_->Clusters(min_size);
}

std::shared_ptr<const std::vector<ClusterListEntry>> CorrelationService::VisibleClusters(
    const link::Scope& scope, const std::string& scope_key, size_t min_size,
    std::optional<bool> cross_region) const {
  const std::string key = scope_key + '\t' + std::to_string(min_size) + '\t' +
                          (cross_region ? (*cross_region ? "1" : "0") : "-");
  std::lock_guard<std::mutex> list_lock(list_mu_);
  std::shared_lock<std::shared_mutex> lock(index_mu_);
  auto it = lists_.find(key);
  if (it != lists_.end() && it->second.generation == generation_) return it->second.entries;
  auto entries = std::make_shared<std::vector<ClusterListEntry>>();
  index_->ForEachCluster(2, [&](const link::Cluster& c) {
    for (const std::string& id : c.records) {  // the first member the viewer sees
      auto scoped = index_->ClusterOf(id, scope);
      if (!scoped) continue;
      if (scoped->records.size() >= min_size &&
          (!cross_region || scoped->cross_region == *cross_region)) {
        entries->push_back({id, scoped->records.size(), scoped->cross_region});
      }
      break;
    }
  });
  std::stable_sort(entries->begin(), entries->end(), [](const auto& a, const auto& b) {
    return a.visible_records > b.visible_records;
  });
  constexpr size_t kMaxLists = 256;  // scopes × filters kept; a full map starts again
  if (lists_.size() >= kMaxLists) lists_.clear();
  lists_[key] = {generation_, entries};
  return entries;
}

size_t CorrelationService::record_count() const {
  std::shared_lock<std::shared_mutex> lock(index_mu_);
  return index_->record_count();
}

bool CorrelationService::built() const {
  std::shared_lock<std::shared_mutex> lock(index_mu_);
  return built_;
}

namespace {
constexpr std::string_view kExtensionKey = "app.correlation";
}  // namespace

core::Result<CorrelationService*> Correlation(Context& ctx) {
  CorrelationService* svc = &ctx.GetOrCreateExtension<CorrelationService>(
      kExtensionKey, [] { return std::make_unique<CorrelationService>(); });
  if (!svc->built()) {
    // Two first callers may both rebuild; the second swap is as good as the first.
    IPE_RETURN_IF_ERROR(svc->Rebuild(ctx.db()).status());
  }
  return svc;
}

void DetachCorrelation(Context& ctx) { ctx.ResetExtension(kExtensionKey); }

}  // namespace ipe::app
