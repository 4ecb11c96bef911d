#include "link/index.h"

#include <algorithm>
#include <utility>

namespace ipe::link {
namespace {

constexpr size_t kMaxFieldBytes = 64 * 1024;

bool KeyLess(const Key& a, const Key& b) {
  if (a.type != b.type) return std::string_view(KeyTypeName(a.type)) < KeyTypeName(b.type);
  return a.value < b.value;
}

void SortKeys(std::vector<Key>& keys) {
  std::sort(keys.begin(), keys.end(), KeyLess);
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
}

}  // namespace

CorrelationIndex::CorrelationIndex(IndexOptions options) : options_(options) {
  rec_entry_begin_.push_back(0);
}

void CorrelationIndex::Reserve(size_t records, size_t entries) {
  record_ids_.Reserve(records);
  for (auto* v : {&rec_agency_, &rec_region_, &parent_, &size_, &next_member_}) {
    v->reserve(records);
  }
  rec_entry_begin_.reserve(records + 1);
  flags_.reserve(records);
  for (auto* v : {&entry_key_, &entry_record_, &entry_next_}) v->reserve(entries);
}

bool CorrelationIndex::Links(uint32_t key) const {
  return IsStrong(static_cast<KeyType>(key_type_[key])) && key_count_[key] >= 2 &&
         key_count_[key] <= options_.cap;
}

Key CorrelationIndex::KeyAt(uint32_t key) const {
  std::string_view s = keys_.Get(key);
  return Key{static_cast<KeyType>(s[0]), std::string(s.substr(1))};
}

uint32_t CorrelationIndex::FindRoot(uint32_t r) {
  while (parent_[r] != r) {
    parent_[r] = parent_[parent_[r]];
    r = parent_[r];
  }
  return r;
}

uint32_t CorrelationIndex::FindRootConst(uint32_t r) const {
  while (parent_[r] != r) r = parent_[r];
  return r;
}

void CorrelationIndex::Union(uint32_t a, uint32_t b) {
  uint32_t ra = FindRoot(a);
  uint32_t rb = FindRoot(b);
  if (ra == rb) return;
  if (size_[ra] < size_[rb]) std::swap(ra, rb);
  uint8_t flags = flags_[ra] | flags_[rb];
  // Roots are members: a component without the multi flag is all of its root's agency/region.
  if (rec_agency_[ra] != rec_agency_[rb]) flags |= kMultiAgency;
  if (rec_region_[ra] != rec_region_[rb]) flags |= kMultiRegion;
  parent_[rb] = ra;
  size_[ra] += size_[rb];
  flags_[ra] = flags;
  std::swap(next_member_[ra], next_member_[rb]);  // splices the two circular member lists
}

std::vector<uint32_t> CorrelationIndex::Members(uint32_t root) const {
  std::vector<uint32_t> members;
  members.reserve(size_[root]);
  uint32_t r = root;
  do {
    members.push_back(r);
    r = next_member_[r];
  } while (r != root);
  return members;
}

void CorrelationIndex::Rebuild(uint32_t root) {
  // The component was held together partly by a key that just went over the cap: dissolve it and
  // union again along the keys that still link. Every such key's postings lie inside this
  // component (a linking key's records are always in one component), so nothing else changes.
  std::vector<uint32_t> members = Members(root);
  std::vector<uint32_t> keys;
  for (uint32_t m : members) {
    parent_[m] = m;
    size_[m] = 1;
    next_member_[m] = m;
    flags_[m] = 0;
    for (uint32_t e = rec_entry_begin_[m]; e < rec_entry_begin_[m + 1]; ++e) {
      if (Links(entry_key_[e])) keys.push_back(entry_key_[e]);
    }
  }
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  for (uint32_t k : keys) {
    uint32_t first = entry_record_[key_head_[k]];
    for (uint32_t e = entry_next_[key_head_[k]]; e != kNone; e = entry_next_[e]) {
      Union(first, entry_record_[e]);
    }
  }
}

core::Result<AddOutcome> CorrelationIndex::Add(const RecordInput& in) {
  if (in.id.empty()) return core::InvalidArgument("记录ID为空 (empty record id)");
  if (in.id.size() > kMaxFieldBytes || in.agency.size() > kMaxFieldBytes ||
      in.region.size() > kMaxFieldBytes) {
    return core::InvalidArgument("记录字段过长 (record field longer than 64 KiB)");
  }
  for (const Key& k : in.keys) {
    if (k.value.size() > kMaxFieldBytes) {
      return core::InvalidArgument("要素值过长 (key longer than 64 KiB)");
    }
  }
  if (record_ids_.Find(in.id) != internal::StringTable::kNotFound) {
    return core::AlreadyExists("记录已存在 (record already indexed): " + in.id);
  }
  bool inserted = false;
  const uint32_t r = record_ids_.Intern(in.id, &inserted);
  rec_agency_.push_back(agencies_.Intern(in.agency, &inserted));
  rec_region_.push_back(regions_.Intern(in.region, &inserted));
  parent_.push_back(r);
  size_.push_back(1);
  next_member_.push_back(r);
  flags_.push_back(0);

  // Intern first, then drop duplicates by id: a key written twice in one record counts once.
  std::vector<uint32_t> key_ids;
  key_ids.reserve(in.keys.size());
  for (const Key& key : in.keys) {
    scratch_.clear();
    scratch_ += static_cast<char>(key.type);
    scratch_ += key.value;
    uint32_t k = keys_.Intern(scratch_, &inserted);
    if (inserted) {
      key_head_.push_back(kNone);
      key_count_.push_back(0);
      key_type_.push_back(static_cast<uint8_t>(key.type));
    }
    key_ids.push_back(k);
  }
  std::sort(key_ids.begin(), key_ids.end());
  key_ids.erase(std::unique(key_ids.begin(), key_ids.end()), key_ids.end());

  AddOutcome outcome;
  std::vector<uint32_t> targets;       // a record of each linking key r joins
  std::vector<uint32_t> rebuild_from;  // a record of each key that crossed the cap
  for (uint32_t k : key_ids) {
    const bool strong = IsStrong(static_cast<KeyType>(key_type_[k]));
    auto e = static_cast<uint32_t>(entry_key_.size());
    entry_key_.push_back(k);
    entry_record_.push_back(r);
    uint32_t count = ++key_count_[k];
    if (count <= options_.cap) {
      entry_next_.push_back(key_head_[k]);
      if (key_head_[k] != kNone && strong) targets.push_back(entry_record_[key_head_[k]]);
      key_head_[k] = e;
    } else {
      entry_next_.push_back(kNone);
      if (count == options_.cap + 1) {
        // Crossing the cap: the key's postings are dropped and its links undone below.
        if (strong && key_head_[k] != kNone) rebuild_from.push_back(entry_record_[key_head_[k]]);
        key_head_[k] = kNone;
        over_cap_.push_back(k);
        outcome.keys_over_cap.push_back(KeyAt(k));
      }
    }
  }
  rec_entry_begin_.push_back(static_cast<uint32_t>(entry_key_.size()));

  bool was_cross_region = false;
  for (uint32_t t : targets) was_cross_region |= (flags_[FindRoot(t)] & kMultiRegion) != 0;
  for (uint32_t t : targets) Union(r, t);
  for (uint32_t seed : rebuild_from) Rebuild(FindRoot(seed));

  uint32_t root = FindRoot(r);
  outcome.cluster_size = size_[root];
  outcome.became_cross_region = (flags_[root] & kMultiRegion) != 0 && !was_cross_region;
  return outcome;
}

VisibleRecord CorrelationIndex::MakeVisible(uint32_t r, std::vector<Key> keys) const {
  SortKeys(keys);
  return VisibleRecord{std::string(record_ids_.Get(r)), std::string(agencies_.Get(rec_agency_[r])),
                       std::string(regions_.Get(rec_region_[r])), std::move(keys)};
}

std::vector<BeyondScope> CorrelationIndex::MakeBeyond(std::vector<uint32_t> agencies) const {
  std::vector<BeyondScope> out;
  for (uint32_t a : agencies) out.push_back({std::string(agencies_.Get(a)), true});
  std::sort(out.begin(), out.end(),
            [](const BeyondScope& x, const BeyondScope& y) { return x.agency < y.agency; });
  out.erase(std::unique(out.begin(), out.end(),
                        [](const BeyondScope& x, const BeyondScope& y) {
                          return x.agency == y.agency;
                        }),
            out.end());
  return out;
}

core::Result<ScopedLinks> CorrelationIndex::Linked(std::string_view id, const Scope& scope) const {
  uint32_t x = record_ids_.Find(id);
  if (x == internal::StringTable::kNotFound ||
      !scope.Sees(agencies_.Get(rec_agency_[x]), regions_.Get(rec_region_[x]))) {
    return core::NotFound("记录不存在或不在权限范围内 (no such record in scope)");
  }
  // (other record, key, weak?) triples, then grouped by record.
  struct Hit {
    uint32_t record;
    uint32_t key;
    bool strong;
  };
  std::vector<Hit> hits;
  for (uint32_t e = rec_entry_begin_[x]; e < rec_entry_begin_[x + 1]; ++e) {
    uint32_t k = entry_key_[e];
    if (key_count_[k] < 2 || key_count_[k] > options_.cap) continue;
    bool strong = IsStrong(static_cast<KeyType>(key_type_[k]));
    for (uint32_t p = key_head_[k]; p != kNone; p = entry_next_[p]) {
      if (entry_record_[p] != x) hits.push_back({entry_record_[p], k, strong});
    }
  }
  std::sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) {
    return a.record != b.record ? a.record < b.record : a.key < b.key;
  });
  ScopedLinks out;
  std::vector<uint32_t> hidden_agencies;
  for (size_t i = 0; i < hits.size();) {
    size_t j = i;
    bool any_strong = false;
    std::vector<Key> keys;
    for (; j < hits.size() && hits[j].record == hits[i].record; ++j) {
      any_strong |= hits[j].strong;
      keys.push_back(KeyAt(hits[j].key));
    }
    uint32_t y = hits[i].record;
    bool visible = scope.Sees(agencies_.Get(rec_agency_[y]), regions_.Get(rec_region_[y]));
    if (any_strong) {
      if (visible) {
        out.records.push_back(MakeVisible(y, std::move(keys)));
      } else {
        hidden_agencies.push_back(rec_agency_[y]);
      }
    } else if (visible) {
      // Only a name or address in common: shown as similar, never as linked, never beyond scope.
      out.similar.push_back(MakeVisible(y, std::move(keys)));
    }
    i = j;
  }
  auto by_id = [](const VisibleRecord& a, const VisibleRecord& b) { return a.id < b.id; };
  std::sort(out.records.begin(), out.records.end(), by_id);
  std::sort(out.similar.begin(), out.similar.end(), by_id);
  out.beyond_scope = MakeBeyond(std::move(hidden_agencies));
  return out;
}

core::Result<ScopedCluster> CorrelationIndex::ClusterOf(std::string_view id,
                                                        const Scope& scope) const {
  uint32_t x = record_ids_.Find(id);
  if (x == internal::StringTable::kNotFound ||
      !scope.Sees(agencies_.Get(rec_agency_[x]), regions_.Get(rec_region_[x]))) {
    return core::NotFound("记录不存在或不在权限范围内 (no such record in scope)");
  }
  ScopedCluster out;
  std::vector<uint32_t> hidden_agencies;
  for (uint32_t m : Members(FindRootConst(x))) {
    if (!scope.Sees(agencies_.Get(rec_agency_[m]), regions_.Get(rec_region_[m]))) {
      hidden_agencies.push_back(rec_agency_[m]);
      continue;
    }
    std::vector<Key> keys;
    for (uint32_t e = rec_entry_begin_[m]; e < rec_entry_begin_[m + 1]; ++e) {
      // Only keys a visible record holds are shown: a key tying two hidden records is content.
      if (Links(entry_key_[e])) keys.push_back(KeyAt(entry_key_[e]));
    }
    out.keys.insert(out.keys.end(), keys.begin(), keys.end());
    out.regions.emplace_back(regions_.Get(rec_region_[m]));
    out.records.push_back(MakeVisible(m, std::move(keys)));
  }
  std::sort(out.records.begin(), out.records.end(),
            [](const VisibleRecord& a, const VisibleRecord& b) { return a.id < b.id; });
  SortKeys(out.keys);
  std::sort(out.regions.begin(), out.regions.end());
  out.regions.erase(std::unique(out.regions.begin(), out.regions.end()), out.regions.end());
  out.cross_region = out.regions.size() > 1;
  out.beyond_scope = MakeBeyond(std::move(hidden_agencies));
  return out;
}

Cluster CorrelationIndex::MakeCluster(uint32_t root) const {
  Cluster c;
  for (uint32_t m : Members(root)) {
    c.records.emplace_back(record_ids_.Get(m));
    c.agencies.emplace_back(agencies_.Get(rec_agency_[m]));
    c.regions.emplace_back(regions_.Get(rec_region_[m]));
    for (uint32_t e = rec_entry_begin_[m]; e < rec_entry_begin_[m + 1]; ++e) {
      if (Links(entry_key_[e])) c.keys.push_back(KeyAt(entry_key_[e]));
    }
  }
  for (auto* v : {&c.records, &c.agencies, &c.regions}) {
    std::sort(v->begin(), v->end());
    v->erase(std::unique(v->begin(), v->end()), v->end());
  }
  SortKeys(c.keys);
  c.cross_region = c.regions.size() > 1;
  return c;
}

void CorrelationIndex::ForEachCluster(size_t min_size,
                                      const std::function<void(const Cluster&)>& fn) const {
  // Order by smallest member id without materialising clusters: (smallest id, root) pairs.
  std::vector<std::pair<std::string_view, uint32_t>> order;
  for (uint32_t r = 0; r < parent_.size(); ++r) {
    if (parent_[r] != r || size_[r] < std::max<size_t>(min_size, 1)) continue;
    std::string_view smallest = record_ids_.Get(r);
    uint32_t m = next_member_[r];
    while (m != r) {
      smallest = std::min(smallest, record_ids_.Get(m));
      m = next_member_[m];
    }
    order.emplace_back(smallest, r);
  }
  std::sort(order.begin(), order.end());
  for (const auto& [unused, root] : order) fn(MakeCluster(root));
}

std::vector<Cluster> CorrelationIndex::Clusters(size_t min_size) const {
  std::vector<Cluster> out;
  ForEachCluster(min_size, [&out](const Cluster& c) { out.push_back(c); });
  return out;
}

std::vector<OverCapKey> CorrelationIndex::OverCapKeys() const {
  std::vector<OverCapKey> out;
  out.reserve(over_cap_.size());
  for (uint32_t k : over_cap_) out.push_back({KeyAt(k), key_count_[k]});
  return out;
}

size_t CorrelationIndex::MemoryBytes() const {
  size_t bytes = record_ids_.MemoryBytes() + agencies_.MemoryBytes() + regions_.MemoryBytes() +
                 keys_.MemoryBytes();
  for (const auto* v : {&rec_agency_, &rec_region_, &rec_entry_begin_, &parent_, &size_,
                        &next_member_, &entry_key_, &entry_record_, &entry_next_, &key_head_,
                        &key_count_, &over_cap_}) {
    bytes += v->capacity() * sizeof(uint32_t);
  }
  bytes += flags_.capacity() + key_type_.capacity();
  return bytes;
}

}  // namespace ipe::link
