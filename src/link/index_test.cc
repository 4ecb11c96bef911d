#include "link/index.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>

namespace ipe::link {
namespace {

Key Phone(std::string v) { return {KeyType::kPhone, std::move(v)}; }
Key Shop(std::string v) { return {KeyType::kWebShop, std::move(v)}; }
Key Company(std::string v) { return {KeyType::kCompanyName, std::move(v)}; }

RecordInput Rec(std::string id, std::string agency, std::string region, std::vector<Key> keys) {
  return {std::move(id), std::move(agency), std::move(region), std::move(keys)};
}

std::vector<std::string> Ids(const std::vector<VisibleRecord>& records) {
  std::vector<std::string> ids;
  for (const auto& r : records) ids.push_back(r.id);
  return ids;
}

std::vector<std::vector<std::string>> ClusterIds(const CorrelationIndex& index) {
  std::vector<std::vector<std::string>> out;
  for (const Cluster& c : index.Clusters()) out.push_back(c.records);
  return out;
}

TEST(CorrelationIndex, SharedStrongKeyLinksAcrossAgencies) {
  CorrelationIndex index;
  ASSERT_TRUE(index.Add(Rec("a", "bj-amr", "110105", {Phone("+8613800138001")})).has_value());
  ASSERT_TRUE(index.Add(Rec("b", "sh-amr", "310101", {Shop("taobao:1"), Phone("+8613800138001")}))
                  .has_value());
  auto c = index.Add(Rec("c", "gz-customs", "440103", {Shop("taobao:1")}));
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->cluster_size, 3u);
  EXPECT_FALSE(c->became_cross_region);  // already cross-region after b
  ASSERT_TRUE(index.Add(Rec("d", "bj-amr", "110105", {Phone("+8613900000000")})).has_value());

  auto clusters = index.Clusters();
  ASSERT_EQ(clusters.size(), 1u);
  EXPECT_EQ(clusters[0].records, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(clusters[0].keys, (std::vector<Key>{Phone("+8613800138001"), Shop("taobao:1")}));
  EXPECT_EQ(clusters[0].agencies, (std::vector<std::string>{"bj-amr", "gz-customs", "sh-amr"}));
  EXPECT_EQ(clusters[0].regions, (std::vector<std::string>{"110105", "310101", "440103"}));
  EXPECT_TRUE(clusters[0].cross_region);
}

TEST(CorrelationIndex, CrossRegionIsReportedOnceWhenItHappens) {
  CorrelationIndex index;
  auto a = index.Add(Rec("a", "x", "110105", {Phone("+8613800138001")}));
  auto b = index.Add(Rec("b", "x", "110105", {Phone("+8613800138001")}));
  auto c = index.Add(Rec("c", "y", "310101", {Phone("+8613800138001")}));
  auto d = index.Add(Rec("d", "y", "310101", {Phone("+8613800138001")}));
  EXPECT_FALSE(a->became_cross_region);
  EXPECT_FALSE(b->became_cross_region);
  EXPECT_TRUE(c->became_cross_region);
  EXPECT_FALSE(d->became_cross_region);
}

TEST(CorrelationIndex, WeakKeysNeverLink) {
  CorrelationIndex index;
  ASSERT_TRUE(index.Add(Rec("a", "x", "110105", {Company("深圳市华强电子有限公司")})).has_value());
  ASSERT_TRUE(index.Add(Rec("b", "x", "110105", {Company("深圳市华强电子有限公司")})).has_value());
  EXPECT_TRUE(index.Clusters().empty());
  auto links = index.Linked("a", Scope::Everything());
  ASSERT_TRUE(links.has_value());
  EXPECT_TRUE(links->records.empty());
  EXPECT_EQ(Ids(links->similar), (std::vector<std::string>{"b"}));
}

TEST(CorrelationIndex, DuplicateIdAndBadInputChangeNothing) {
  CorrelationIndex index;
  ASSERT_TRUE(index.Add(Rec("a", "x", "1", {Phone("+1")})).has_value());
  auto dup = index.Add(Rec("a", "x", "1", {Phone("+2")}));
  ASSERT_FALSE(dup.has_value());
  EXPECT_EQ(dup.error().code(), core::StatusCode::kAlreadyExists);
  auto empty = index.Add(Rec("", "x", "1", {}));
  ASSERT_FALSE(empty.has_value());
  EXPECT_EQ(empty.error().code(), core::StatusCode::kInvalidArgument);
  auto huge = index.Add(Rec("h", "x", "1", {Phone(std::string(70000, '1'))}));
  ASSERT_FALSE(huge.has_value());
  EXPECT_EQ(huge.error().code(), core::StatusCode::kInvalidArgument);
  EXPECT_EQ(index.record_count(), 1u);
  EXPECT_EQ(index.Linked("nope", Scope::Everything()).error().code(),
            core::StatusCode::kNotFound);
}

TEST(CorrelationIndex, DuplicateKeysInOneRecordCountOnce) {
  CorrelationIndex index({.cap = 2});
  ASSERT_TRUE(index.Add(Rec("a", "x", "1", {Phone("+1"), Phone("+1"), Phone("+1")})).has_value());
  ASSERT_TRUE(index.Add(Rec("b", "x", "1", {Phone("+1")})).has_value());
  EXPECT_TRUE(index.OverCapKeys().empty());
  EXPECT_EQ(ClusterIds(index), (std::vector<std::vector<std::string>>{{"a", "b"}}));
}

TEST(CorrelationIndex, KeyCrossingTheCapUndoesItsLinks) {
  CorrelationIndex index({.cap = 3});
  // a-b-c linked only by the hotline; c-d also by a shop.
  ASSERT_TRUE(index.Add(Rec("a", "x", "1", {Phone("+864001")})).has_value());
  ASSERT_TRUE(index.Add(Rec("b", "x", "1", {Phone("+864001")})).has_value());
  ASSERT_TRUE(index.Add(Rec("c", "x", "1", {Phone("+864001"), Shop("jd:9")})).has_value());
  ASSERT_TRUE(index.Add(Rec("d", "x", "1", {Shop("jd:9")})).has_value());
  EXPECT_EQ(ClusterIds(index), (std::vector<std::vector<std::string>>{{"a", "b", "c", "d"}}));

  auto e = index.Add(Rec("e", "x", "1", {Phone("+864001")}));  // the 4th holder: over the cap
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->keys_over_cap, (std::vector<Key>{Phone("+864001")}));
  EXPECT_EQ(e->cluster_size, 1u);
  EXPECT_EQ(ClusterIds(index), (std::vector<std::vector<std::string>>{{"c", "d"}}));
  ASSERT_EQ(index.OverCapKeys().size(), 1u);
  EXPECT_EQ(index.OverCapKeys()[0].key, Phone("+864001"));
  EXPECT_EQ(index.OverCapKeys()[0].records, 4u);

  // Later holders neither link nor re-report; counting goes on.
  auto f = index.Add(Rec("f", "x", "1", {Phone("+864001"), Shop("jd:9")}));
  EXPECT_TRUE(f->keys_over_cap.empty());
  EXPECT_EQ(ClusterIds(index), (std::vector<std::vector<std::string>>{{"c", "d", "f"}}));
  EXPECT_EQ(index.OverCapKeys()[0].records, 5u);
  auto links = index.Linked("a", Scope::Everything());
  EXPECT_TRUE(links->records.empty());
  auto cluster = index.ClusterOf("c", Scope::Everything());
  EXPECT_EQ(cluster->keys, (std::vector<Key>{Shop("jd:9")}));
}

TEST(CorrelationIndex, CrossRegionFlagIsRecomputedAfterUndo) {
  CorrelationIndex index({.cap = 2});
  ASSERT_TRUE(index.Add(Rec("a", "x", "110105", {Phone("+864001")})).has_value());
  ASSERT_TRUE(index.Add(Rec("b", "y", "310101", {Phone("+864001")})).has_value());
  ASSERT_TRUE(index.Add(Rec("c", "y", "310101", {Phone("+864001")})).has_value());
  // The hotline is over the cap: a and b are no longer one cluster, so no cross-region cluster.
  ASSERT_TRUE(index.Add(Rec("d", "y", "310101", {Shop("x:1")})).has_value());
  auto e = index.Add(Rec("e", "y", "310101", {Shop("x:1")}));
  EXPECT_FALSE(e->became_cross_region);
  for (const Cluster& c : index.Clusters()) EXPECT_FALSE(c.cross_region);
}

// The incremental index must equal the clusters computed from scratch (BFS over keys held by at
// most `cap` records) after every insertion, for random inputs with heavy key sharing.
TEST(CorrelationIndex, MatchesFromScratchComponentsOnRandomInput) {
  for (uint32_t seed = 1; seed <= 20; ++seed) {
    std::mt19937 rng(seed);
    const uint32_t cap = 2 + seed % 5;
    CorrelationIndex index({.cap = cap});
    std::vector<std::vector<int>> record_keys;
    const int key_space = 10 + static_cast<int>(seed) * 3;
    for (int r = 0; r < 120; ++r) {
      std::vector<int> keys;
      std::vector<Key> ks;
      int n = 1 + static_cast<int>(rng() % 3);
      for (int i = 0; i < n; ++i) {
        int k = static_cast<int>(rng() % key_space);
        keys.push_back(k);
        ks.push_back(Phone("+" + std::to_string(k)));
      }
      record_keys.push_back(keys);
      ASSERT_TRUE(index.Add(Rec("r" + std::to_string(1000 + r), "x", "1", ks)).has_value());

      // From scratch.
      std::map<int, std::set<int>> holders;
      for (int i = 0; i < static_cast<int>(record_keys.size()); ++i) {
        for (int k : record_keys[i]) holders[k].insert(i);
      }
      std::vector<int> comp(record_keys.size(), -1);
      std::vector<std::vector<std::string>> expected;
      for (int i = 0; i < static_cast<int>(record_keys.size()); ++i) {
        if (comp[i] >= 0) continue;
        std::vector<int> stack = {i};
        std::vector<std::string> members;
        comp[i] = i;
        while (!stack.empty()) {
          int cur = stack.back();
          stack.pop_back();
          members.push_back("r" + std::to_string(1000 + cur));
          for (int k : record_keys[cur]) {
            if (holders[k].size() > cap) continue;
            for (int other : holders[k]) {
              if (comp[other] < 0) {
                comp[other] = i;
                stack.push_back(other);
              }
            }
          }
        }
        if (members.size() >= 2) {
          std::sort(members.begin(), members.end());
          expected.push_back(members);
        }
      }
      std::sort(expected.begin(), expected.end());
      ASSERT_EQ(ClusterIds(index), expected) << "seed " << seed << " after record " << r;
    }
  }
}

// ---- Scope

class ScopeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // Agency A (Beijing) and agency B (Shanghai) hold records sharing a phone; B's record also
    // carries a shop that ties it to another B record.
    ASSERT_TRUE(index_.Add(Rec("a1", "A", "110105", {Phone("+8613800138001")})).has_value());
    ASSERT_TRUE(index_
                    .Add(Rec("b1", "B", "310101",
                             {Phone("+8613800138001"), Shop("taobao:secret-shop")}))
                    .has_value());
    ASSERT_TRUE(index_.Add(Rec("b2", "B", "310101", {Shop("taobao:secret-shop")})).has_value());
    ASSERT_TRUE(index_.Add(Rec("a2", "A", "110108", {Phone("+8613800138001")})).has_value());
  }
  static Scope Officer(std::string agency, std::string region_prefix) {
    return Scope{std::move(agency), false, [region_prefix](std::string_view region) {
                   return region.substr(0, region_prefix.size()) == region_prefix;
                 }};
  }
  CorrelationIndex index_;
};

TEST_F(ScopeTest, OfficerOfASeesNoContentOfBsLinkedRecord) {
  auto links = index_.Linked("a1", Officer("A", "11"));
  ASSERT_TRUE(links.has_value());
  EXPECT_EQ(Ids(links->records), (std::vector<std::string>{"a2"}));
  ASSERT_EQ(links->beyond_scope.size(), 1u);
  EXPECT_EQ(links->beyond_scope[0].agency, "B");
  EXPECT_TRUE(links->beyond_scope[0].exists);

  auto cluster = index_.ClusterOf("a1", Officer("A", "11"));
  ASSERT_TRUE(cluster.has_value());
  EXPECT_EQ(Ids(cluster->records), (std::vector<std::string>{"a1", "a2"}));
  // B's shop ties only B's records: it is B's content and must not show.
  EXPECT_EQ(cluster->keys, (std::vector<Key>{Phone("+8613800138001")}));
  for (const auto& r : cluster->records) {
    for (const Key& k : r.keys) EXPECT_NE(k.value, "taobao:secret-shop");
    EXPECT_NE(r.agency, "B");
  }
  EXPECT_EQ(cluster->regions, (std::vector<std::string>{"110105", "110108"}));
  EXPECT_TRUE(cluster->cross_region);  // two districts: distinct region codes
  ASSERT_EQ(cluster->beyond_scope.size(), 1u);
  EXPECT_EQ(cluster->beyond_scope[0].agency, "B");
}

TEST_F(ScopeTest, RecordsOutsideScopeCannotBeQueriedAtAll) {
  auto q = index_.Linked("b1", Officer("A", "11"));
  ASSERT_FALSE(q.has_value());
  EXPECT_EQ(q.error().code(), core::StatusCode::kNotFound);
  EXPECT_EQ(index_.ClusterOf("b1", Officer("A", "11")).error().code(),
            core::StatusCode::kNotFound);
  // Own agency, wrong region subtree.
  EXPECT_EQ(index_.Linked("a2", Officer("A", "110105")).error().code(),
            core::StatusCode::kNotFound);
}

TEST_F(ScopeTest, SupervisorSeesEveryAgencyInRegionSubtreeOnly) {
  Scope beijing_office{"office", true, [](std::string_view region) {
                         return region.substr(0, 2) == "11";
                       }};
  auto links = index_.Linked("a1", beijing_office);
  EXPECT_EQ(Ids(links->records), (std::vector<std::string>{"a2"}));
  EXPECT_EQ(links->beyond_scope.size(), 1u);  // B is in Shanghai

  auto all = index_.ClusterOf("a1", Scope::Everything());
  EXPECT_EQ(Ids(all->records), (std::vector<std::string>{"a1", "a2", "b1", "b2"}));
  EXPECT_TRUE(all->beyond_scope.empty());
  EXPECT_TRUE(all->cross_region);
}

TEST(CorrelationIndex, MemoryIsReported) {
  CorrelationIndex index;
  index.Reserve(1000, 4000);
  for (int i = 0; i < 1000; ++i) {
    ASSERT_TRUE(index.Add(Rec("r" + std::to_string(i), "x", "1",
                              {Phone("+86138" + std::to_string(i % 500))}))
                    .has_value());
  }
  EXPECT_GT(index.MemoryBytes(), 0u);
  EXPECT_EQ(index.Clusters().size(), 500u);
  EXPECT_EQ(index.key_count(), 500u);
}

}  // namespace
}  // namespace ipe::link
