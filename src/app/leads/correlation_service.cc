#include "app/leads/correlation_service.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <map>

#include "app/leads/lead_store.h"
#include "app/permissions.h"
#include "link/snapshot.h"

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

CorrelationService::CorrelationService(link::IndexOptions options, SnapshotOptions snapshot)
    : options_(options),
      snapshot_(std::move(snapshot)),
      index_(std::make_unique<link::CorrelationIndex>(options)) {}

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

// The snapshot's metadata: what the file belongs to and where in the feed its index stands.
constexpr std::string_view kMetaTag = "ipenforce lead index";

std::string SnapshotMeta(const std::string& store_id, int64_t seq, int64_t mark_lead,
                         int64_t mark_at) {
  return std::string(kMetaTag) + "\nstore=" + store_id + "\nseq=" + std::to_string(seq) +
         "\nmark=" + std::to_string(mark_lead) + ":" + std::to_string(mark_at) + "\n";
}

bool ParseInt(std::string_view digits, int64_t* out) {
  auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), *out);
  return !digits.empty() && ec == std::errc() && ptr == digits.data() + digits.size() && *out >= 0;
}

struct SnapshotMetaFields {
  std::string store_id;
  int64_t seq = 0;
  int64_t mark_lead = 0;
  int64_t mark_at = 0;
};

// The tag line, then store=, seq= and mark=<lead>:<created_at> lines, in that order.
bool ParseSnapshotMeta(std::string_view meta, SnapshotMetaFields* out) {
  std::vector<std::string_view> lines;
  while (!meta.empty()) {
    size_t nl = meta.find('\n');
    if (nl == std::string_view::npos) return false;
    lines.push_back(meta.substr(0, nl));
    meta.remove_prefix(nl + 1);
  }
  if (lines.size() != 4 || lines[0] != kMetaTag || lines[1].substr(0, 6) != "store=" ||
      lines[2].substr(0, 4) != "seq=" || lines[3].substr(0, 5) != "mark=") {
    return false;
  }
  out->store_id = std::string(lines[1].substr(6));
  std::string_view mark = lines[3].substr(5);
  size_t colon = mark.find(':');
  return colon != std::string_view::npos && ParseInt(lines[2].substr(4), &out->seq) &&
         ParseInt(mark.substr(0, colon), &out->mark_lead) &&
         ParseInt(mark.substr(colon + 1), &out->mark_at);
}

core::Status FileError(const std::string& what, const std::string& path) {
  return core::Unavailable("索引快照文件 (index snapshot file) " + what + " " + path + ": " +
                           std::strerror(errno));
}

// The whole file, or NotFound when there is none.
core::Result<std::string> ReadWholeFile(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return core::NotFound("无索引快照文件 (no snapshot file) " + path);
    return FileError("cannot be opened", path);
  }
  std::string out;
  struct stat st {};
  if (::fstat(fd, &st) == 0 && st.st_size > 0) out.reserve(static_cast<size_t>(st.st_size));
  char buf[1 << 16];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      core::Status err = FileError("cannot be read", path);
      ::close(fd);
      return err;
    }
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  return out;
}

// Replaces `path` by `bytes` so that a crash leaves the old file or the new one, never a part:
// a temp file beside it, written and fsynced, renamed over it, and the directory fsynced.
core::Status WriteFileAtomically(const std::string& path, std::string_view bytes) {
  std::string tmp = path + ".tmp." + std::to_string(::getpid());
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return FileError("cannot be created", tmp);
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      core::Status err = FileError("cannot be written", tmp);
      ::close(fd);
      ::unlink(tmp.c_str());
      return err;
    }
    done += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0) {
    core::Status err = FileError("cannot be synced", tmp);
    ::close(fd);
    ::unlink(tmp.c_str());
    return err;
  }
  ::close(fd);
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    core::Status err = FileError("cannot be renamed to", path);
    ::unlink(tmp.c_str());
    return err;
  }
  size_t slash = path.rfind('/');
  std::string dir = slash == std::string::npos ? "." : (slash == 0 ? "/" : path.substr(0, slash));
  int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    (void)::fsync(dfd);  // the rename is durable; a failure here leaves a valid file either way
    ::close(dfd);
  }
  return core::Status::Ok();
}

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
  LeadChange at_head;
  {
    // One snapshot for the leads and the feed position: changes after `head` are not in it.
    IPE_ASSIGN_OR_RETURN(auto tx, db.Begin(storage::TxMode::kRead));
    LeadStore store(*tx);
    IPE_ASSIGN_OR_RETURN(head, store.FeedHead());
    IPE_ASSIGN_OR_RETURN(auto last, store.ChangesAfter(head - 1, 1));
    if (!last.empty() && last.front().seq == head) at_head = last.front();
    IPE_RETURN_IF_ERROR(store.ForEachLeadKeys([&](const LeadKeys& lead) -> core::Status {
      return fresh->Add(RecordOfKeys(lead)).status();
    }));
  }
  applied_seq_ = head;
  mark_lead_ = at_head.lead_id;  // 0 when pruned: a snapshot of it cannot be checked that way
  mark_at_ = at_head.created_at;
  ++rebuilds_;
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

void CorrelationService::SetSnapshotOptions(SnapshotOptions snapshot) {
  std::lock_guard<std::mutex> write_lock(write_mu_);
  snapshot_ = std::move(snapshot);
}

core::Result<std::unique_ptr<link::CorrelationIndex>> CorrelationService::ReadSnapshotLocked(
    storage::Database& db, const std::string& store_id, int64_t* seq, size_t* size,
    RebuildReason* why) {
  auto file = ReadWholeFile(snapshot_.path);
  if (!file) {
    *why = file.error().code() == core::StatusCode::kNotFound ? RebuildReason::kNoFile
                                                              : RebuildReason::kUnreadable;
    return file.error();
  }
  const std::string& bytes = *file;
  *size = bytes.size();
  *why = RebuildReason::kCorrupt;
  IPE_ASSIGN_OR_RETURN(auto reader, link::SnapshotReader::Open(bytes));
  SnapshotMetaFields meta;
  if (!ParseSnapshotMeta(reader.meta(), &meta)) {
    return core::InvalidArgument("不是线索索引快照 (not a lead index snapshot)");
  }
  const std::string& file_store = meta.store_id;
  *seq = meta.seq;
  if (store_id.empty() || file_store != store_id) {
    *why = RebuildReason::kOtherStore;
    return core::FailedPrecondition("快照属于另一个存储 (snapshot of another store: " + file_store +
                                    ", this store is " + store_id + ")");
  }
  if (reader.cap() != options_.cap) {
    *why = RebuildReason::kOtherCap;
    return core::FailedPrecondition("快照的上限不同 (snapshot written with cap " +
                                    std::to_string(reader.cap()) + ", this server uses " +
                                    std::to_string(options_.cap) + ")");
  }
  {
    IPE_ASSIGN_OR_RETURN(auto tx, db.Begin(storage::TxMode::kRead));
    LeadStore store(*tx);
    IPE_ASSIGN_OR_RETURN(int64_t head, store.FeedHead());
    if (*seq > head) {
      *why = RebuildReason::kAheadOfStore;
      return core::FailedPrecondition(
          "快照领先于存储 (snapshot at feed position " + std::to_string(*seq) +
          " is ahead of the store's head " + std::to_string(head) +
          ": a store restored from an older backup?)");
    }
    // The change at the snapshot's position and the one after it, as far as the feed holds them.
    IPE_ASSIGN_OR_RETURN(auto near, store.ChangesAfter(*seq - 1, 2));
    for (const LeadChange& c : near) {
      bool known = meta.mark_lead != 0 || meta.mark_at != 0;
      if (c.seq == *seq && known && (c.lead_id != meta.mark_lead || c.created_at != meta.mark_at)) {
        *why = RebuildReason::kDiverged;
        return core::FailedPrecondition(
            "快照与存储不符 (the feed's change " + std::to_string(*seq) +
            " is not the one the snapshot applied: a store restored from a backup and written "
            "since?)");
      }
    }
    if (*seq < head) {
      auto next = std::find_if(near.begin(), near.end(),
                               [&](const LeadChange& c) { return c.seq > *seq; });
      if (next == near.end() || next->seq != *seq + 1) {
        *why = RebuildReason::kChangesPruned;
        return core::FailedPrecondition(
            "快照之后的变更已清理 (the feed no longer holds change " + std::to_string(*seq + 1) +
            " after the snapshot's position; it starts at " +
            (next == near.end() ? std::string("none") : std::to_string(next->seq)) + ")");
      }
    }
    mark_lead_ = meta.mark_lead;
    mark_at_ = meta.mark_at;
  }
  *why = RebuildReason::kCorrupt;
  IPE_ASSIGN_OR_RETURN(auto index, reader.Decode());
  *why = RebuildReason::kNone;
  return std::make_unique<link::CorrelationIndex>(std::move(index));
}

core::Result<IndexStart> CorrelationService::LoadOrRebuild(storage::Database& db) {
  std::lock_guard<std::mutex> save_lock(save_mu_);
  std::lock_guard<std::mutex> write_lock(write_mu_);
  auto start = std::chrono::steady_clock::now();
  {
    IPE_ASSIGN_OR_RETURN(auto tx, db.Begin(storage::TxMode::kRead));
    auto id = LeadStore(*tx).StoreIdentity();
    if (!id && id.error().code() != core::StatusCode::kNotFound) return id.error();
    store_id_ = id ? *id : std::string();
  }
  IndexStart out;
  if (snapshot_.path.empty()) {
    out.why = RebuildReason::kNotConfigured;
    out.rebuild_reason = "未配置索引快照 (no --index-snapshot)";
  } else {
    int64_t seq = 0;
    size_t bytes = 0;
    auto loaded = ReadSnapshotLocked(db, store_id_, &seq, &bytes, &out.why);
    if (loaded) {
      {
        std::unique_lock<std::shared_mutex> lock(index_mu_);
        index_ = std::move(*loaded);
        built_ = true;
        ++generation_;
      }
      applied_seq_ = seq;
      saved_seq_ = seq;
      out.from_snapshot = true;
      out.snapshot_seq = seq;
      out.snapshot_bytes = bytes;
      std::shared_lock<std::shared_mutex> lock(index_mu_);
      out.records = index_->record_count();
    } else {
      out.rebuild_reason = loaded.error().message();
    }
  }
  if (!out.from_snapshot) {
    IPE_ASSIGN_OR_RETURN(auto stats, RebuildLocked(db));
    out.records = stats.records;
    out.clusters = stats.clusters;
    saved_seq_ = -1;  // the file (if any) is not this index: the follower writes one
  }
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  from_snapshot_ = out.from_snapshot;
  start_reason_ = static_cast<int>(out.why);
  saved_seq_seen_ = saved_seq_;
  return out;
}

CorrelationService::IndexStatus CorrelationService::status() const {
  return {from_snapshot_, static_cast<RebuildReason>(start_reason_.load()), applied_seq_,
          saved_seq_seen_};
}

const char* RebuildReasonName(RebuildReason why) {
  switch (why) {
    case RebuildReason::kNone: return "none";
    case RebuildReason::kNotConfigured: return "not_configured";
    case RebuildReason::kNoFile: return "no_file";
    case RebuildReason::kUnreadable: return "unreadable";
    case RebuildReason::kCorrupt: return "corrupt";
    case RebuildReason::kOtherStore: return "other_store";
    case RebuildReason::kOtherCap: return "other_cap";
    case RebuildReason::kAheadOfStore: return "ahead_of_store";
    case RebuildReason::kChangesPruned: return "changes_pruned";
    case RebuildReason::kDiverged: return "diverged";
  }
  return "unknown";
}

core::Status CorrelationService::SaveSnapshot(bool only_if_moved) {
  std::lock_guard<std::mutex> save_lock(save_mu_);
  std::string bytes, path;
  int64_t seq = 0;
  {
    std::lock_guard<std::mutex> write_lock(write_mu_);
    if (snapshot_.path.empty() || store_id_.empty()) return core::Status::Ok();
    std::shared_lock<std::shared_mutex> lock(index_mu_);
    if (!built_) return core::Status::Ok();
    seq = applied_seq_;
    if (only_if_moved && seq == saved_seq_) return core::Status::Ok();
    bytes = link::EncodeSnapshot(*index_, SnapshotMeta(store_id_, seq, mark_lead_, mark_at_));
    path = snapshot_.path;
  }
  IPE_RETURN_IF_ERROR(WriteFileAtomically(path, bytes));
  saved_seq_ = seq;
  saved_seq_seen_ = seq;
  return core::Status::Ok();
}

core::Status CorrelationService::StopFollowing() {
  stopping_ = true;
  {
    std::lock_guard<std::mutex> lock(follow_mu_);
    if (follower_.joinable()) follower_.join();
  }
  return SaveSnapshot(/*only_if_moved=*/true);
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
      mark_lead_ = c.lead_id;
      mark_at_ = c.created_at;
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
  stopping_ = false;  // started again after StopFollowing
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
  auto last_snapshot = last;
  int snapshot_interval_s = 0;
  {
    std::lock_guard<std::mutex> write_lock(write_mu_);
    if (!snapshot_.path.empty()) snapshot_interval_s = std::max(1, snapshot_.interval_seconds);
  }
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
    if (snapshot_interval_s > 0 && now - last_snapshot >= std::chrono::seconds(snapshot_interval_s)) {
      last_snapshot = now;
      if (auto st = SaveSnapshot(/*only_if_moved=*/true); !st.ok()) {
        std::fprintf(stderr, "ipenforce: 索引快照未写入 (index snapshot not written): %s\n",
                     st.ToString().c_str());
      }
    }
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
  CorrelationService* svc = &CorrelationServiceOf(ctx);
  if (!svc->built()) {
    // Two first callers may both rebuild; the second swap is as good as the first.
    IPE_RETURN_IF_ERROR(svc->Rebuild(ctx.db()).status());
  }
  return svc;
}

CorrelationService& CorrelationServiceOf(Context& ctx) {
  return ctx.GetOrCreateExtension<CorrelationService>(
      kExtensionKey, [] { return std::make_unique<CorrelationService>(); });
}

void ConfigureCorrelation(Context& ctx, SnapshotOptions snapshot) {
  CorrelationServiceOf(ctx).SetSnapshotOptions(std::move(snapshot));
}

void DetachCorrelation(Context& ctx) { ctx.ResetExtension(kExtensionKey); }

}  // namespace ipe::app
