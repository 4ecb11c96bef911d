#include "link/snapshot.h"

#include <bit>
#include <cstring>
#include <utility>
#include <vector>

namespace ipe::link {

static_assert(std::endian::native == std::endian::little,
              "the snapshot is written little-endian by memcpy: add byte swapping for this host");

namespace {

constexpr char kMagic[8] = {'I', 'P', 'E', 'C', 'I', 'D', 'X', '\0'};
constexpr uint32_t kNone = UINT32_MAX;

core::Status Corrupt(const std::string& what) {
  return core::InvalidArgument("索引快照已损坏 (corrupt index snapshot): " + what);
}

class Writer {
 public:
  explicit Writer(std::string& out) : out_(out) {}
  void U32(uint32_t v) { Raw(&v, sizeof v); }
  void U64(uint64_t v) { Raw(&v, sizeof v); }
  void Raw(const void* p, size_t n) { out_.append(static_cast<const char*>(p), n); }
  void Bytes(std::string_view s) {
    U64(s.size());
    Raw(s.data(), s.size());
  }
  template <typename T>
  void Array(const std::vector<T>& v) {
    U64(v.size());
    Raw(v.data(), v.size() * sizeof(T));
  }
  void Table(const internal::StringTable& table) {
    U64(table.size());
    for (uint32_t i = 0; i < table.size(); ++i) U32(static_cast<uint32_t>(table.Get(i).size()));
    for (uint32_t i = 0; i < table.size(); ++i) Raw(table.Get(i).data(), table.Get(i).size());
  }

 private:
  std::string& out_;
};

// Reads the payload front to back; every read checks the bytes are there.
class Cursor {
 public:
  explicit Cursor(std::string_view in) : in_(in) {}
  bool Take(size_t n, std::string_view* out) {
    if (n > in_.size()) return false;
    *out = in_.substr(0, n);
    in_.remove_prefix(n);
    return true;
  }
  template <typename T>
  bool Fixed(T* v) {
    std::string_view s;
    if (!Take(sizeof(T), &s)) return false;
    std::memcpy(v, s.data(), sizeof(T));
    return true;
  }
  bool Bytes(std::string_view* out) {
    uint64_t n = 0;
    return Fixed(&n) && Take(n, out);
  }
  // An array of any length (its count is checked against the bytes left before anything is
  // allocated), or of exactly `want` elements.
  template <typename T>
  bool Array(std::vector<T>* v) {
    uint64_t n = 0;
    return Fixed(&n) && Elements(v, n);
  }
  template <typename T>
  bool Array(std::vector<T>* v, uint64_t want) {
    return Array(v) && v->size() == want;
  }
  template <typename T>
  bool Elements(std::vector<T>* v, uint64_t n) {
    std::string_view s;
    if (n > in_.size() / sizeof(T) || !Take(n * sizeof(T), &s)) return false;
    v->resize(n);
    if (n > 0) std::memcpy(v->data(), s.data(), s.size());
    return true;
  }
  core::Status Table(internal::StringTable* table, const char* name) {
    uint64_t n = 0;
    std::vector<uint32_t> lengths;
    if (!Fixed(&n) || n >= kNone || !Elements(&lengths, n)) {
      return Corrupt(std::string(name) + ": bad count or truncated");
    }
    table->Reserve(n);
    for (uint32_t len : lengths) {
      std::string_view s;
      if (len > internal::StringTable::kMaxLength || !Take(len, &s)) {
        return Corrupt(std::string(name) + ": truncated or overlong string");
      }
      bool inserted = false;
      table->Intern(s, &inserted);
      if (!inserted) return Corrupt(std::string(name) + ": a string twice");
    }
    return core::Status::Ok();
  }
  size_t left() const { return in_.size(); }
  std::string_view rest() const { return in_; }

 private:
  std::string_view in_;
};

}  // namespace

// Friend of CorrelationIndex: the only code that touches its arrays from outside.
class SnapshotCodec {
 public:
  static std::string Encode(const CorrelationIndex& x, std::string_view meta) {
    std::string payload;
    size_t estimate = 64 + meta.size();
    for (const auto* t : {&x.record_ids_, &x.agencies_, &x.regions_, &x.keys_}) {
      estimate += 8 + t->size() * 4;
      for (uint32_t i = 0; i < t->size(); ++i) estimate += t->Get(i).size();
    }
    estimate += x.record_ids_.size() * (6 * 4 + 1) + x.entry_key_.size() * 12 +
                x.keys_.size() * 9 + x.over_cap_.size() * 4 + 16 * 8;
    payload.reserve(estimate);
    Writer w(payload);
    w.U32(x.options_.cap);
    w.U32(0);  // reserved
    w.Bytes(meta);
    w.Table(x.record_ids_);
    w.Table(x.agencies_);
    w.Table(x.regions_);
    w.Table(x.keys_);
    w.Array(x.rec_agency_);
    w.Array(x.rec_region_);
    w.Array(x.rec_entry_begin_);
    w.Array(x.parent_);
    w.Array(x.size_);
    w.Array(x.next_member_);
    w.Array(x.flags_);
    w.Array(x.entry_key_);
    w.Array(x.entry_record_);
    w.Array(x.entry_next_);
    w.Array(x.key_head_);
    w.Array(x.key_count_);
    w.Array(x.key_type_);
    w.Array(x.over_cap_);

    std::string out;
    out.reserve(kSnapshotHeaderBytes + payload.size());
    Writer h(out);
    h.Raw(kMagic, sizeof kMagic);
    h.U32(kSnapshotVersion);
    h.U32(static_cast<uint32_t>(kSnapshotHeaderBytes));
    h.U64(payload.size());
    h.U64(internal::SnapshotChecksum(payload));
    out += payload;
    return out;
  }

  static core::Result<CorrelationIndex> Decode(std::string_view rest, uint32_t cap) {
    CorrelationIndex x(IndexOptions{cap});
    Cursor c(rest);
    IPE_RETURN_IF_ERROR(c.Table(&x.record_ids_, "record ids"));
    IPE_RETURN_IF_ERROR(c.Table(&x.agencies_, "agencies"));
    IPE_RETURN_IF_ERROR(c.Table(&x.regions_, "regions"));
    IPE_RETURN_IF_ERROR(c.Table(&x.keys_, "keys"));
    const uint64_t n = x.record_ids_.size();
    const uint64_t k = x.keys_.size();
    bool ok = c.Array(&x.rec_agency_, n) && c.Array(&x.rec_region_, n) &&
              c.Array(&x.rec_entry_begin_, n + 1) && c.Array(&x.parent_, n) &&
              c.Array(&x.size_, n) && c.Array(&x.next_member_, n) && c.Array(&x.flags_, n);
    if (!ok) return Corrupt("record arrays truncated or of the wrong length");
    const uint64_t entries = x.rec_entry_begin_.back();
    if (entries >= kNone) return Corrupt("too many entries");
    ok = c.Array(&x.entry_key_, entries) && c.Array(&x.entry_record_, entries) &&
         c.Array(&x.entry_next_, entries) && c.Array(&x.key_head_, k) &&
         c.Array(&x.key_count_, k) && c.Array(&x.key_type_, k);
    if (!ok) return Corrupt("entry or key arrays truncated or of the wrong length");
    if (!c.Array(&x.over_cap_)) return Corrupt("over-cap list truncated");
    if (c.left() != 0) return Corrupt("bytes after the last array");
    IPE_RETURN_IF_ERROR(Validate(x));
    return core::Result<CorrelationIndex>(std::move(x));
  }

 private:
  static core::Status Validate(const CorrelationIndex& x) {
    const auto n = static_cast<uint32_t>(x.record_ids_.size());
    const auto k = static_cast<uint32_t>(x.keys_.size());
    const auto entries = static_cast<uint32_t>(x.entry_key_.size());

    // Records: their agency and region exist; their entries are a contiguous, ordered range.
    if (x.rec_entry_begin_[0] != 0) return Corrupt("first record's entries do not start at 0");
    for (uint32_t r = 0; r < n; ++r) {
      if (x.rec_agency_[r] >= x.agencies_.size() || x.rec_region_[r] >= x.regions_.size()) {
        return Corrupt("record's agency or region out of range");
      }
      if (x.rec_entry_begin_[r + 1] < x.rec_entry_begin_[r]) return Corrupt("entry ranges overlap");
      for (uint32_t e = x.rec_entry_begin_[r]; e < x.rec_entry_begin_[r + 1]; ++e) {
        if (x.entry_record_[e] != r) return Corrupt("an entry names another record");
      }
      if (x.flags_[r] > (CorrelationIndex::kMultiAgency | CorrelationIndex::kMultiRegion)) {
        return Corrupt("unknown record flags");
      }
    }

    // Keys: a known type, stored as its first byte; counts equal their entries.
    std::vector<uint32_t> held(k, 0);
    for (uint32_t e = 0; e < entries; ++e) {
      if (x.entry_key_[e] >= k) return Corrupt("an entry's key out of range");
      if (x.entry_next_[e] != kNone &&
          (x.entry_next_[e] >= e || x.entry_key_[x.entry_next_[e]] != x.entry_key_[e])) {
        // Postings point backwards to an entry of the same key: every chain ends.
        return Corrupt("a postings chain goes forwards or crosses keys");
      }
      ++held[x.entry_key_[e]];
    }
    uint32_t over_cap = 0;
    for (uint32_t key = 0; key < k; ++key) {
      std::string_view s = x.keys_.Get(key);
      if (s.empty() || x.key_type_[key] >= kKeyTypeCount ||
          static_cast<uint8_t>(s[0]) != x.key_type_[key]) {
        return Corrupt("a key's type is unknown or disagrees with its text");
      }
      if (x.key_count_[key] != held[key]) return Corrupt("a key's count disagrees with its entries");
      if (held[key] > x.options_.cap) {
        ++over_cap;
        if (x.key_head_[key] != kNone) return Corrupt("an over-cap key still has postings");
        continue;
      }
      // Under the cap every entry of the key is on its chain, newest first.
      uint32_t walked = 0;
      for (uint32_t e = x.key_head_[key]; e != kNone; e = x.entry_next_[e]) {
        if (e >= entries || x.entry_key_[e] != key) return Corrupt("a key's postings are not its own");
        ++walked;
      }
      if (walked != held[key]) return Corrupt("a key's postings miss entries");
    }
    std::vector<bool> listed(k, false);
    for (uint32_t key : x.over_cap_) {
      if (key >= k || listed[key] || x.key_count_[key] <= x.options_.cap) {
        return Corrupt("over-cap list names a key not over the cap, or twice");
      }
      listed[key] = true;
    }
    if (x.over_cap_.size() != over_cap) return Corrupt("over-cap list misses a key");

    // Union-find: parents in range and acyclic (each path ends at a root).
    std::vector<uint32_t> root(n, kNone);
    std::vector<uint32_t> path;
    for (uint32_t r = 0; r < n; ++r) {
      path.clear();
      uint32_t at = r;
      while (root[at] == kNone) {
        if (x.parent_[at] >= n) return Corrupt("parent out of range");
        if (path.size() > n) return Corrupt("a cycle in the union-find forest");
        path.push_back(at);
        if (x.parent_[at] == at) {
          root[at] = at;
          break;
        }
        at = x.parent_[at];
      }
      for (uint32_t p : path) root[p] = root[at];
    }
    // Member rings: next_member_ is a permutation whose cycle through each root holds exactly
    // size_[root] records of that component; the sizes add up to every record.
    std::vector<bool> pointed(n, false);
    for (uint32_t r = 0; r < n; ++r) {
      uint32_t next = x.next_member_[r];
      if (next >= n || pointed[next]) return Corrupt("member rings are not a permutation");
      pointed[next] = true;
    }
    uint64_t members = 0;
    for (uint32_t r = 0; r < n; ++r) {
      if (root[r] != r) continue;
      if (x.size_[r] == 0 || x.size_[r] > n) return Corrupt("component size out of range");
      uint32_t count = 0;
      uint32_t m = r;
      do {
        if (root[m] != r || ++count > x.size_[r]) return Corrupt("a member ring leaves its component");
        m = x.next_member_[m];
      } while (m != r);
      if (count != x.size_[r]) return Corrupt("a component's size disagrees with its ring");
      members += count;
    }
    if (members != n) return Corrupt("member rings miss records");
    return core::Status::Ok();
  }
};

std::string EncodeSnapshot(const CorrelationIndex& index, std::string_view meta) {
  return SnapshotCodec::Encode(index, meta);
}

core::Result<SnapshotReader> SnapshotReader::Open(std::string_view bytes) {
  Cursor c(bytes);
  std::string_view magic;
  uint32_t version = 0, header = 0;
  uint64_t length = 0, checksum = 0;
  if (!c.Take(sizeof kMagic, &magic) || std::memcmp(magic.data(), kMagic, sizeof kMagic) != 0) {
    return core::InvalidArgument("不是串并索引快照 (not a correlation index snapshot)");
  }
  if (!c.Fixed(&version) || !c.Fixed(&header) || !c.Fixed(&length) || !c.Fixed(&checksum)) {
    return Corrupt("header truncated");
  }
  if (version != kSnapshotVersion) {
    return core::FailedPrecondition("索引快照格式版本不符 (snapshot format version " +
                                    std::to_string(version) + ", this build reads " +
                                    std::to_string(kSnapshotVersion) + ")");
  }
  if (header != kSnapshotHeaderBytes) return Corrupt("header size");
  if (c.left() != length) {
    return Corrupt("payload of " + std::to_string(c.left()) + " bytes, header says " +
                   std::to_string(length) + " (truncated?)");
  }
  SnapshotReader reader;
  if (internal::SnapshotChecksum(c.rest()) != checksum) return Corrupt("checksum mismatch");
  uint32_t reserved = 0;
  if (!c.Fixed(&reader.cap_) || !c.Fixed(&reserved) || !c.Bytes(&reader.meta_)) {
    return Corrupt("payload truncated");
  }
  reader.rest_ = c.rest();
  return reader;
}

core::Result<CorrelationIndex> SnapshotReader::Decode() const {
  return SnapshotCodec::Decode(rest_, cap_);
}

namespace internal {

uint64_t SnapshotChecksum(std::string_view payload) {
  constexpr uint64_t kP1 = 0x9E3779B185EBCA87ull;
  constexpr uint64_t kP2 = 0xC2B2AE3D27D4EB4Full;
  constexpr uint64_t kP3 = 0x165667B19E3779F9ull;
  auto mix = [](uint64_t acc, uint64_t word) {
    acc += word * kP2;
    acc = std::rotl(acc, 31);
    return acc * kP1;
  };
  const char* p = payload.data();
  const size_t size = payload.size();
  size_t i = 0;
  // Four independent lanes keep the multiplier busy (several GB/s).
  uint64_t lane[4] = {kP1 + kP2, kP2, 0, 0 - kP1};
  for (; i + 32 <= size; i += 32) {
    for (int j = 0; j < 4; ++j) {
      uint64_t word;
      std::memcpy(&word, p + i + 8 * j, 8);
      lane[j] = mix(lane[j], word);
    }
  }
  uint64_t h = std::rotl(lane[0], 1) + std::rotl(lane[1], 7) + std::rotl(lane[2], 12) +
               std::rotl(lane[3], 18) + size * kP3;
  for (; i + 8 <= size; i += 8) {
    uint64_t word;
    std::memcpy(&word, p + i, 8);
    h = mix(h, word);
  }
  for (; i < size; ++i) h = mix(h, static_cast<unsigned char>(p[i]));
  h ^= h >> 33;
  h *= kP2;
  h ^= h >> 29;
  h *= kP3;
  h ^= h >> 32;
  return h;
}

void ResealSnapshot(std::string& bytes) {
  if (bytes.size() < kSnapshotHeaderBytes) return;
  uint64_t sum =
      SnapshotChecksum(std::string_view(bytes).substr(kSnapshotHeaderBytes));
  std::memcpy(bytes.data() + 24, &sum, sizeof sum);
}

}  // namespace internal

}  // namespace ipe::link
