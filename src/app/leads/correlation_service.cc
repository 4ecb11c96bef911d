#include "app/leads/correlation_service.h"

#include <algorithm>

#include <chrono>
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

core::Result<RebuildStats> CorrelationService::Rebuild(storage::Database& db) {
  std::lock_guard<std::mutex> write_lock(write_mu_);
  auto start = std::chrono::steady_clock::now();
  auto fresh = std::make_unique<link::CorrelationIndex>(options_);
  {
    IPE_ASSIGN_OR_RETURN(auto tx, db.Begin(storage::TxMode::kRead));
    IPE_RETURN_IF_ERROR(LeadStore(*tx).ForEachLeadKeys([&](const LeadKeys& lead) -> core::Status {
      link::RecordInput record{LeadRecordId(lead.lead_id),
                               std::to_string(lead.agency_id.value_or(0)), lead.region_code, {}};
      for (const auto& [type, value] : lead.keys) {
        if (auto t = link::ParseKeyType(type)) record.keys.push_back({*t, value});
      }
      return fresh->Add(record).status();
    }));
  }
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
