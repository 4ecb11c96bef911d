#include "link/snapshot.h"

#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <sstream>

namespace ipe::link {
namespace {

// Every answer of the index as text, so that two indexes can be compared whole.
std::string KeysText(const std::vector<Key>& keys) {
  std::string out;
  for (const Key& k : keys) out += k.ToString() + ",";
  return out;
}
std::string RecordsText(const std::vector<VisibleRecord>& records) {
  std::string out;
  for (const auto& r : records) out += r.id + "/" + r.agency + "/" + r.region + "[" + KeysText(r.keys) + "] ";
  return out;
}
std::string BeyondText(const std::vector<BeyondScope>& beyond) {
  std::string out;
  for (const auto& b : beyond) out += b.agency + (b.exists ? "+" : "-") + " ";
  return out;
}

Scope Province(std::string agency, std::string prefix) {
  Scope s;
  s.agency = std::move(agency);
  s.region_within = [prefix](std::string_view region) { return region.substr(0, 2) == prefix; };
  return s;
}

std::string Answers(const CorrelationIndex& index, const std::vector<std::string>& ids) {
  std::ostringstream out;
  std::vector<Scope> scopes = {Scope::Everything(), Province("a1", "31"), Province("a2", "44")};
  for (const std::string& id : ids) {
    for (size_t s = 0; s < scopes.size(); ++s) {
      auto links = index.Linked(id, scopes[s]);
      out << id << " scope " << s << " linked ";
      if (links) {
        out << RecordsText(links->records) << "| " << BeyondText(links->beyond_scope) << "| "
            << RecordsText(links->similar);
      } else {
        out << "error " << static_cast<int>(links.error().code());
      }
      auto cluster = index.ClusterOf(id, scopes[s]);
      out << "\n  cluster ";
      if (cluster) {
        out << RecordsText(cluster->records) << "| " << KeysText(cluster->keys) << "| "
            << BeyondText(cluster->beyond_scope) << "| " << cluster->cross_region;
      } else {
        out << "error " << static_cast<int>(cluster.error().code());
      }
      out << "\n";
    }
  }
  for (const Cluster& c : index.Clusters(1)) {
    out << "C";
    for (const auto& r : c.records) out << " " << r;
    out << " | " << KeysText(c.keys) << " | " << c.agencies.size() << " " << c.regions.size()
        << " " << c.cross_region << "\n";
  }
  for (const OverCapKey& k : index.OverCapKeys()) out << "O " << k.key.ToString() << " " << k.records << "\n";
  out << "n " << index.record_count() << " k " << index.key_count() << " cap " << index.cap();
  return out.str();
}

// Records with keys from small pools, so that clusters form, some keys cross the cap (5), and
// some records share only a weak key.
RecordInput RandomRecord(std::mt19937& rng, int i) {
  const char* regions[] = {"310101", "310104", "440103", "440305", "110105"};
  RecordInput r{"rec:" + std::to_string(i), "a" + std::to_string(rng() % 3),
                regions[rng() % 5], {}};
  int keys = 1 + static_cast<int>(rng() % 3);
  for (int j = 0; j < keys; ++j) {
    switch (rng() % 4) {
      case 0: r.keys.push_back({KeyType::kPhone, "+86139" + std::to_string(rng() % 40)}); break;
      case 1: r.keys.push_back({KeyType::kWebShop, "taobao:" + std::to_string(rng() % 60)}); break;
      case 2: r.keys.push_back({KeyType::kCompanyName, "公司" + std::to_string(rng() % 20)}); break;
      default: r.keys.push_back({KeyType::kQq, std::to_string(rng() % 200)}); break;
    }
  }
  return r;
}

std::vector<std::string> Ids(int from, int to) {
  std::vector<std::string> ids;
  for (int i = from; i < to; ++i) ids.push_back("rec:" + std::to_string(i));
  ids.push_back("rec:missing");
  return ids;
}

CorrelationIndex Sample(int records, uint32_t cap = 5) {
  CorrelationIndex index({.cap = cap});
  std::mt19937 rng(19);
  for (int i = 0; i < records; ++i) EXPECT_TRUE(index.Add(RandomRecord(rng, i)).has_value());
  return index;
}

TEST(IndexSnapshot, ACopyAnswersAndGrowsExactlyLikeTheOriginal) {
  CorrelationIndex original = Sample(400);
  ASSERT_FALSE(original.OverCapKeys().empty());  // the sample has over-cap keys …
  size_t big = 0;
  for (const Cluster& c : original.Clusters()) big = std::max(big, c.records.size());
  ASSERT_GE(big, 3u);  // … and clusters

  std::string bytes = EncodeSnapshot(original, "store=s1\nseq=42\n");
  auto reader = SnapshotReader::Open(bytes);
  ASSERT_TRUE(reader.has_value()) << reader.error().ToString();
  EXPECT_EQ(reader->meta(), "store=s1\nseq=42\n");
  EXPECT_EQ(reader->cap(), 5u);
  auto copy = reader->Decode();
  ASSERT_TRUE(copy.has_value()) << copy.error().ToString();
  EXPECT_EQ(Answers(*copy, Ids(0, 400)), Answers(original, Ids(0, 400)));

  // Further records (crossing more caps, merging clusters) behave identically on both.
  std::mt19937 rng(2026);
  for (int i = 400; i < 700; ++i) {
    RecordInput r = RandomRecord(rng, i);
    auto a = original.Add(r);
    auto b = copy->Add(r);
    ASSERT_TRUE(a.has_value() && b.has_value());
    EXPECT_EQ(a->cluster_size, b->cluster_size) << i;
    EXPECT_EQ(a->became_cross_region, b->became_cross_region) << i;
    EXPECT_EQ(KeysText(a->keys_over_cap), KeysText(b->keys_over_cap)) << i;
  }
  EXPECT_EQ(copy->Add(RandomRecord(rng, 3)).error().code(), core::StatusCode::kAlreadyExists);
  EXPECT_EQ(Answers(*copy, Ids(0, 700)), Answers(original, Ids(0, 700)));
  // And a snapshot of the copy is byte for byte the snapshot of the original.
  EXPECT_EQ(EncodeSnapshot(*copy, "m"), EncodeSnapshot(original, "m"));
}

TEST(IndexSnapshot, AnEmptyIndexRoundTrips) {
  CorrelationIndex empty({.cap = 7});
  std::string bytes = EncodeSnapshot(empty, "");
  auto reader = SnapshotReader::Open(bytes);
  ASSERT_TRUE(reader.has_value()) << reader.error().ToString();
  auto copy = reader->Decode();
  ASSERT_TRUE(copy.has_value()) << copy.error().ToString();
  EXPECT_EQ(copy->record_count(), 0u);
  EXPECT_EQ(copy->cap(), 7u);
  ASSERT_TRUE(copy->Add({"x", "a", "310101", {{KeyType::kPhone, "+8613800000001"}}}).has_value());
  ASSERT_TRUE(copy->Add({"y", "a", "310101", {{KeyType::kPhone, "+8613800000001"}}}).has_value());
  EXPECT_EQ(copy->Clusters().size(), 1u);
}

TEST(IndexSnapshot, TruncatedInputIsRefused) {
  std::string bytes = EncodeSnapshot(Sample(60), "meta");
  for (size_t len = 0; len < bytes.size(); len += 1 + len / 8) {
    auto reader = SnapshotReader::Open(std::string_view(bytes).substr(0, len));
    ASSERT_FALSE(reader.has_value()) << len;
    EXPECT_EQ(reader.error().code(), core::StatusCode::kInvalidArgument) << len;
  }
  auto longer = SnapshotReader::Open(bytes + "x");
  ASSERT_FALSE(longer.has_value());
  EXPECT_EQ(longer.error().code(), core::StatusCode::kInvalidArgument);
}

TEST(IndexSnapshot, ACorruptByteFailsTheChecksum) {
  std::string bytes = EncodeSnapshot(Sample(60), "meta");
  std::mt19937 rng(7);
  for (int i = 0; i < 200; ++i) {
    std::string bad = bytes;
    size_t at = kSnapshotHeaderBytes + rng() % (bad.size() - kSnapshotHeaderBytes);
    bad[at] = static_cast<char>(bad[at] ^ (1 + rng() % 255));
    auto reader = SnapshotReader::Open(bad);
    ASSERT_FALSE(reader.has_value()) << at;
    EXPECT_EQ(reader.error().code(), core::StatusCode::kInvalidArgument);
  }
}

TEST(IndexSnapshot, AnotherFormatVersionOrNoSnapshotIsRefused) {
  std::string bytes = EncodeSnapshot(Sample(10), "");
  std::string other = bytes;
  uint32_t version = kSnapshotVersion + 1;
  std::memcpy(other.data() + 8, &version, sizeof version);
  auto reader = SnapshotReader::Open(other);
  ASSERT_FALSE(reader.has_value());
  EXPECT_EQ(reader.error().code(), core::StatusCode::kFailedPrecondition);

  auto text = SnapshotReader::Open("SQLite format 3\0 and then some bytes of another file");
  ASSERT_FALSE(text.has_value());
  EXPECT_EQ(text.error().code(), core::StatusCode::kInvalidArgument);
}

// What the fuzzer does, under g++: mutate the payload, reseal its checksum so that decoding runs,
// and require a clear refusal or an index that can be queried and added to.
TEST(IndexSnapshot, ResealedMutationsAreRefusedOrYieldAWorkingIndex) {
  std::string bytes = EncodeSnapshot(Sample(80, 3), "meta");
  std::mt19937 rng(11);
  int refused = 0;
  for (int i = 0; i < 3000; ++i) {
    std::string bad = bytes;
    int flips = 1 + static_cast<int>(rng() % 3);
    for (int f = 0; f < flips; ++f) {
      size_t at = kSnapshotHeaderBytes + rng() % (bad.size() - kSnapshotHeaderBytes);
      bad[at] = static_cast<char>(rng() % 4 == 0 ? 0xFF : bad[at] ^ (1 << (rng() % 8)));
    }
    internal::ResealSnapshot(bad);
    auto reader = SnapshotReader::Open(bad);
    if (!reader) {
      ++refused;
      continue;
    }
    auto index = reader->Decode();
    if (!index) {
      EXPECT_EQ(index.error().code(), core::StatusCode::kInvalidArgument);
      ++refused;
      continue;
    }
    (void)Answers(*index, Ids(0, 80));
    std::mt19937 more(static_cast<unsigned>(i));
    for (int j = 0; j < 5; ++j) (void)index->Add(RandomRecord(more, 1000 + j));
    (void)index->Clusters();
  }
  EXPECT_GT(refused, 0);
}

}  // namespace
}  // namespace ipe::link
