// Pairwise precision and recall of the correlation engine on labelled data whose labels come from
// ground truth (the generator's entities; the handmade file's "truth" field), never from the
// engine's output.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "link/batch.h"
#include "tests/link/labelled_generator.h"

namespace ipe::link::testing {
namespace {

class LabelledTest : public ::testing::Test {
 protected:
  DomainRules rules_ = DomainRules::Builtin();
  JunkList junk_ = *JunkList::Parse(DefaultJunkListText(), rules_);
  Normaliser normaliser_{&rules_, &junk_};
};

TEST_F(LabelledTest, GeneratedSetPrecisionAndRecallAtLeast099) {
  GeneratorOptions options;
  options.records = 20000;
  BatchCorrelator batch(&normaliser_, {.cap = 50});
  std::vector<std::pair<std::string, uint32_t>> truth;
  LabelledGenerator gen(options);
  for (size_t i = 0; i < gen.size(); ++i) {
    LabelledRecord r = gen.Record(i);
    ASSERT_TRUE(batch.Add(r.record).has_value());
    truth.emplace_back(r.record.id, r.entity);
  }
  PairwiseScore score = ScorePairs(batch.index().Clusters(), truth);
  std::printf("generated set: %zu records, true pairs %llu, predicted %llu, correct %llu, "
              "precision %.5f, recall %.5f\n",
              gen.size(), static_cast<unsigned long long>(score.true_pairs),
              static_cast<unsigned long long>(score.predicted_pairs),
              static_cast<unsigned long long>(score.correct_pairs), score.precision(),
              score.recall());
  EXPECT_GT(score.true_pairs, 10000u);
  EXPECT_GE(score.precision(), 0.99);
  EXPECT_GE(score.recall(), 0.99);

  // The hotlines are carried by hundreds of records: over the cap, reported, linking nothing.
  std::set<std::string> over;
  for (const OverCapKey& k : batch.index().OverCapKeys()) {
    over.insert(k.key.ToString());
    EXPECT_GT(k.records, 50u);
  }
  EXPECT_TRUE(over.count("phone:+864008208820"));
  EXPECT_TRUE(over.count("phone:+8657188158090"));
  // Junk values are excluded and reported with their reason.
  bool saw_sample_number = false;
  for (const RejectedValue& v : batch.Junk()) {
    if (v.key.ToString() == "phone:+8613800138000") saw_sample_number = v.occurrences > 10;
    EXPECT_FALSE(v.reason.empty());
  }
  EXPECT_TRUE(saw_sample_number);
  // The generator writes only well-formed identifiers.
  EXPECT_TRUE(batch.Invalid().empty()) << batch.Invalid()[0].key.ToString();
}

TEST_F(LabelledTest, WithoutTheCapTheHotlineWouldRuinPrecision) {
  // The control experiment: same data, cap effectively off. Shows the labelled set really
  // contains noise the cap must remove.
  GeneratorOptions options;
  options.records = 5000;
  BatchCorrelator batch(&normaliser_, {.cap = 1000000});
  std::vector<std::pair<std::string, uint32_t>> truth;
  for (const LabelledRecord& r : GenerateLabelled(options)) {
    ASSERT_TRUE(batch.Add(r.record).has_value());
    truth.emplace_back(r.record.id, r.entity);
  }
  EXPECT_LT(ScorePairs(batch.index().Clusters(), truth).precision(), 0.5);
}

TEST_F(LabelledTest, HandmadeSetEveryWritingJoinsLookalikesStayApart) {
  std::ifstream in(std::string(IPE_SOURCE_DIR) + "/tests/link/data/handmade.jsonl");
  ASSERT_TRUE(in);
  // cap 3: the shared hotline (4 records of 4 operations) must be cut.
  BatchCorrelator batch(&normaliser_, {.cap = 3});
  std::vector<std::pair<std::string, uint32_t>> truth;
  std::map<std::string, uint32_t> label_ids;
  std::string line;
  while (std::getline(in, line)) {
    nlohmann::json j = nlohmann::json::parse(line);
    RawRecord r{j["id"], j["agency"], j["region"], {}};
    for (const auto& o : j["observables"]) {
      r.observables.push_back({*ParseObservableType(o["type"].get<std::string>()), o["value"]});
    }
    ASSERT_TRUE(batch.Add(r).has_value()) << r.id;
    auto label = j["truth"].get<std::string>();
    auto [it, inserted] = label_ids.try_emplace(label, static_cast<uint32_t>(label_ids.size()));
    truth.emplace_back(r.id, it->second);
  }
  std::vector<Cluster> clusters = batch.index().Clusters();
  PairwiseScore score = ScorePairs(clusters, truth);
  EXPECT_EQ(score.precision(), 1.0);
  EXPECT_EQ(score.recall(), 1.0);
  std::printf("handmade set: %zu records, %zu clusters, true pairs %llu, precision %.3f, "
              "recall %.3f\n",
              truth.size(), clusters.size(), static_cast<unsigned long long>(score.true_pairs),
              score.precision(), score.recall());
  ASSERT_EQ(batch.index().OverCapKeys().size(), 1u);
  EXPECT_EQ(batch.index().OverCapKeys()[0].key.ToString(), "phone:+864008208820");
  // The E1 cluster spans four agencies in four regions: a joint-operation candidate.
  auto e1 = batch.index().ClusterOf("BJ-001", Scope::Everything());
  ASSERT_TRUE(e1.has_value());
  EXPECT_EQ(e1->records.size(), 5u);
  EXPECT_TRUE(e1->cross_region);
  // The look-alikes are shown as similar to E1's record, never linked.
  auto links = batch.index().Linked("BJ-001", Scope::Everything());
  ASSERT_TRUE(links.has_value());
  std::set<std::string> similar;
  for (const auto& r : links->similar) similar.insert(r.id);
  EXPECT_TRUE(similar.count("LA-001"));
}

}  // namespace
}  // namespace ipe::link::testing
