// Micro-benchmarks behind the design choices in docs/match.md:
//   - title normalisation: the table path vs ICU NFKC_Casefold alone (which does less: no
//     traditional -> simplified, no separators, no spans);
//   - multi-pattern matching over normalised titles: Hyperscan (hs_compile_lit_multi, block mode,
//     one scan per title) vs a plain Aho-Corasick automaton (dense byte DFA), same literals;
//   - the title prefilter (Scanner::MayMatch) vs the full Scan it lets `ipenforce scan` skip.
// Inputs are generated with a fixed seed; correctness (same match count) is checked once.
#include <benchmark/benchmark.h>
#include <hs/hs.h>
#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>

#include <array>
#include <cstdlib>
#include <memory>
#include <cstdio>
#include <queue>
#include <random>
#include <string>
#include <vector>

#include "match/normalise.h"
#include "match/scanner.h"

namespace {

const std::vector<std::string> kRaw = {
    "Nike", "耐克", "Air Jordan", "Adidas", "阿迪达斯", "三叶草", "iPhone", "iPad", "MacBook",
    "AirPods", "苹果", "小米", "Xiaomi", "红米", "华为", "Huawei", "路易威登", "Louis Vuitton",
    "Gucci", "古驰", "Chanel", "香奈儿", "Dior", "迪奥", "Rolex", "劳力士", "茅台", "李宁", "戴森",
    "Dyson", "蔻驰", "优衣库", "兰蔻", "高仿", "原单", "复刻", "A货", "超A", "精仿", "1:1", "莆田",
    "纯原", "公司级", "尾单", "顶级版", "手机", "耳机", "充电器", "平板", "手环"};

std::vector<std::string> Titles() {
  std::mt19937 rng(42);
  const std::vector<std::string> words = {"运动鞋", "新款", "包邮", "男女同款", "透气", "T恤", "2024",
                                          "ＮＩＫＥ", "蘋果", "N.I.K.E", "高 仿", "夹克", "限时", "百搭"};
  std::vector<std::string> titles;
  for (int i = 0; i < 20000; ++i) {
    std::string t;
    int n = 3 + static_cast<int>(rng() % 5);
    for (int k = 0; k < n; ++k) {
      t += (rng() % 3 == 0) ? kRaw[rng() % kRaw.size()] : words[rng() % words.size()];
      t += ' ';
    }
    titles.push_back(t);
  }
  return titles;
}

const std::vector<std::string>& RawTitles() {
  static const std::vector<std::string> t = Titles();
  return t;
}

const std::vector<std::string>& NormTitles() {
  static const std::vector<std::string> t = [] {
    std::vector<std::string> out;
    for (const auto& s : RawTitles()) out.push_back(ipe::match::Normaliser::Default().NormaliseText(s));
    return out;
  }();
  return t;
}

std::vector<std::string> Patterns() {
  std::vector<std::string> p;
  for (const auto& s : kRaw) p.push_back(ipe::match::Normaliser::Default().NormaliseText(s));
  return p;
}

size_t Bytes(const std::vector<std::string>& v) {
  size_t n = 0;
  for (const auto& s : v) n += s.size();
  return n;
}

void BM_NormaliseTable(benchmark::State& state) {
  ipe::match::NormalisedText out;
  for (auto _ : state) {
    for (const auto& t : RawTitles()) {
      ipe::match::Normaliser::Default().Normalise(t, &out);
      benchmark::DoNotOptimize(out.size());
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * Bytes(RawTitles())));
}
BENCHMARK(BM_NormaliseTable);

void BM_IcuNfkcCasefoldOnly(benchmark::State& state) {
  UErrorCode ec = U_ZERO_ERROR;
  const icu::Normalizer2* n = icu::Normalizer2::getNFKCCasefoldInstance(ec);
  std::string out;
  for (auto _ : state) {
    for (const auto& t : RawTitles()) {
      out.clear();
      icu::StringByteSink<std::string> sink(&out);
      n->normalizeUTF8(0, t, sink, nullptr, ec);
      benchmark::DoNotOptimize(out.size());
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * Bytes(RawTitles())));
}
BENCHMARK(BM_IcuNfkcCasefoldOnly);

struct Hs {
  hs_database_t* db = nullptr;
  hs_scratch_t* scratch = nullptr;
  Hs() {
    std::vector<std::string> p = Patterns();
    std::vector<const char*> e;
    std::vector<size_t> l;
    std::vector<unsigned> f(p.size(), 0), ids;
    for (size_t i = 0; i < p.size(); ++i) e.push_back(p[i].data()), l.push_back(p[i].size()), ids.push_back(unsigned(i));
    hs_compile_error_t* err = nullptr;
    hs_compile_lit_multi(e.data(), f.data(), ids.data(), l.data(), unsigned(p.size()), HS_MODE_BLOCK,
                         nullptr, &db, &err);
    hs_alloc_scratch(db, &scratch);
  }
  size_t Count(const std::string& t) const {
    size_t n = 0;
    hs_scan(db, t.data(), unsigned(t.size()), 0, scratch,
            [](unsigned, unsigned long long, unsigned long long, unsigned, void* c) {
              ++*static_cast<size_t*>(c);
              return 0;
            },
            &n);
    return n;
  }
};

// Plain Aho-Corasick: trie + failure links compiled to a dense 256-way DFA.
struct Ac {
  std::vector<std::array<int32_t, 256>> next;
  std::vector<int32_t> out_count;
  Ac() {
    next.push_back({});
    next[0].fill(-1);
    out_count.push_back(0);
    for (const std::string& p : Patterns()) {
      int32_t s = 0;
      for (unsigned char c : p) {
        if (next[s][c] < 0) {
          next[s][c] = int32_t(next.size());
          next.push_back({});
          next.back().fill(-1);
          out_count.push_back(0);
        }
        s = next[s][c];
      }
      ++out_count[s];
    }
    std::vector<int32_t> fail(next.size(), 0);
    std::queue<int32_t> q;
    for (int c = 0; c < 256; ++c) {
      if (next[0][c] < 0) next[0][c] = 0;
      else q.push(next[0][c]);
    }
    while (!q.empty()) {
      int32_t s = q.front();
      q.pop();
      out_count[s] += out_count[fail[s]];
      for (int c = 0; c < 256; ++c) {
        int32_t t = next[s][c];
        if (t < 0) {
          next[s][c] = next[fail[s]][c];
        } else {
          fail[t] = next[fail[s]][c];
          q.push(t);
        }
      }
    }
  }
  size_t Count(const std::string& t) const {
    size_t n = 0;
    int32_t s = 0;
    for (unsigned char c : t) n += size_t(out_count[s = next[s][c]]);
    return n;
  }
};

void BM_Hyperscan(benchmark::State& state) {
  static const Hs hs;
  for (auto _ : state) {
    size_t n = 0;
    for (const auto& t : NormTitles()) n += hs.Count(t);
    benchmark::DoNotOptimize(n);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * Bytes(NormTitles())));
}
BENCHMARK(BM_Hyperscan);

// The same titles in one hs_scan, joined by '\n' (no pattern holds it, so no match spans two
// titles): what one call a block instead of one a title would save (docs/match.md, "Throughput").
void BM_HyperscanOneCall(benchmark::State& state) {
  static const Hs hs;
  std::string joined;
  size_t each = 0;
  for (const auto& t : NormTitles()) joined += t, joined += '\n', each += hs.Count(t);
  if (hs.Count(joined) != each) state.SkipWithError("joined titles give other matches");
  for (auto _ : state) benchmark::DoNotOptimize(hs.Count(joined));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * Bytes(NormTitles())));
}
BENCHMARK(BM_HyperscanOneCall);

void BM_AhoCorasick(benchmark::State& state) {
  static const Ac ac;
  static const Hs hs;
  size_t a = 0, h = 0;
  for (const auto& t : NormTitles()) a += ac.Count(t), h += hs.Count(t);
  if (a != h) state.SkipWithError("Aho-Corasick and Hyperscan disagree");
  for (auto _ : state) {
    size_t n = 0;
    for (const auto& t : NormTitles()) n += ac.Count(t);
    benchmark::DoNotOptimize(n);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * Bytes(NormTitles())));
}
BENCHMARK(BM_AhoCorasick);

// The title prefilter (Scanner::MayMatch) against the full Scan it lets `ipenforce scan` skip,
// on titles that hold no term (the 46 % of the bench listings that scan empty) and on the mixed
// titles above. Registry: one brand per name of kRaw, no slang.
const ipe::match::Scanner& BenchScanner() {
  static const std::unique_ptr<ipe::match::Scanner> scanner = [] {
    ipe::match::BrandRegistry reg;
    for (size_t i = 0; i < kRaw.size(); ++i) {
      ipe::match::Brand b;
      b.id = "b" + std::to_string(i);
      b.names = {kRaw[i]};
      reg.brands.push_back(std::move(b));
    }
    auto s = ipe::match::Scanner::Create(std::move(reg), {}, ipe::match::ScanOptions{});
    if (!s) std::abort();
    return std::move(*s);
  }();
  return *scanner;
}

const std::vector<std::string>& CleanTitles() {
  static const std::vector<std::string> t = [] {
    std::mt19937 rng(7);
    const std::vector<std::string> words = {"运动鞋", "新款", "包邮", "男女同款", "透气", "T恤",
                                            "2024春季", "夹克", "限时", "百搭", "纯棉四件套",
                                            "不锈钢炒锅", "ins风", "LED台灯", "猫粮 10kg"};
    std::vector<std::string> out;
    for (int i = 0; i < 20000; ++i) {
      std::string title;
      for (int k = 0, n = 3 + static_cast<int>(rng() % 4); k < n; ++k) {
        title += words[rng() % words.size()] + " ";
      }
      out.push_back(title);
    }
    return out;
  }();
  return t;
}

void BM_ScanFull(benchmark::State& state, const std::vector<std::string>* titles) {
  const ipe::match::Scanner& scanner = BenchScanner();
  ipe::match::ScanScratch scratch(scanner);
  ipe::match::ScanResult result;
  for (auto _ : state) {
    for (const auto& t : *titles) {
      ipe::match::Listing l;
      l.title = t;
      scanner.Scan(l, &scratch, &result);
      benchmark::DoNotOptimize(result.score);
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * Bytes(*titles)));
}

void BM_MayMatch(benchmark::State& state, const std::vector<std::string>* titles) {
  const ipe::match::Scanner& scanner = BenchScanner();
  size_t candidates = 0;
  for (auto _ : state) {
    candidates = 0;
    for (const auto& t : *titles) candidates += scanner.MayMatch(t) ? 1 : 0;
    benchmark::DoNotOptimize(candidates);
  }
  state.counters["candidates"] = static_cast<double>(candidates);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * Bytes(*titles)));
}
BENCHMARK_CAPTURE(BM_ScanFull, clean_titles, &CleanTitles());
BENCHMARK_CAPTURE(BM_MayMatch, clean_titles, &CleanTitles());
BENCHMARK_CAPTURE(BM_ScanFull, mixed_titles, &RawTitles());
BENCHMARK_CAPTURE(BM_MayMatch, mixed_titles, &RawTitles());

}  // namespace

BENCHMARK_MAIN();
