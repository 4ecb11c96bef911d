// Micro-benchmarks: one normaliser call per type, and one index Add / Linked at a given size.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "link/index.h"
#include "link/normalise.h"

namespace ipe::link {
namespace {

void BM_NormalisePhoneFastPath(benchmark::State& state) {
  if (*NormalisePhone("+86 139 1234 5678") != "+8613912345678") state.SkipWithError("wrong");
  for (auto _ : state) benchmark::DoNotOptimize(NormalisePhone("+86 139 1234 5678"));
}
BENCHMARK(BM_NormalisePhoneFastPath);

void BM_NormalisePhoneLandline(benchmark::State& state) {
  if (*NormalisePhone("0755-82345678") != "+8675582345678") state.SkipWithError("wrong");
  for (auto _ : state) benchmark::DoNotOptimize(NormalisePhone("0755-82345678"));
}
BENCHMARK(BM_NormalisePhoneLandline);

void BM_NormaliseUrl(benchmark::State& state) {
  DomainRules rules = DomainRules::Builtin();
  KeyType type;
  for (auto _ : state) {
    benchmark::DoNotOptimize(NormaliseUrl("https://m.shop.com.cn/item/1", rules, &type));
  }
}
BENCHMARK(BM_NormaliseUrl);

void BM_NormaliseUscc(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(NormaliseUscc("9135 0100 m000 100y 43"));
}
BENCHMARK(BM_NormaliseUscc);

void BM_NormaliseEmail(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(NormaliseEmail("Li.Wei+nike@gmail.com"));
}
BENCHMARK(BM_NormaliseEmail);

// Add into an index of state.range(0) records (four keys each, one shared with a neighbour).
void BM_IndexAdd(benchmark::State& state) {
  const auto n = static_cast<size_t>(state.range(0));
  CorrelationIndex index;
  size_t i = 0;
  auto make = [](size_t k) {
    return RecordInput{"r" + std::to_string(k),
                       "agency-" + std::to_string(k % 30),
                       "110105",
                       {{KeyType::kPhone, "+86139" + std::to_string(k / 2)},
                        {KeyType::kWebShop, "taobao:" + std::to_string(k)},
                        {KeyType::kEmail, std::to_string(k) + "@qq.com"},
                        {KeyType::kCompanyName, "c" + std::to_string(k % 1000)}}};
  };
  for (; i < n; ++i) (void)index.Add(make(i));
  for (auto _ : state) {
    state.PauseTiming();
    RecordInput in = make(i++);
    state.ResumeTiming();
    benchmark::DoNotOptimize(index.Add(in));
  }
}
BENCHMARK(BM_IndexAdd)->Arg(1000)->Arg(100000);

void BM_IndexLinked(benchmark::State& state) {
  const auto n = static_cast<size_t>(state.range(0));
  CorrelationIndex index;
  for (size_t k = 0; k < n; ++k) {
    (void)index.Add({"r" + std::to_string(k), "a", "110105",
                     {{KeyType::kPhone, "+86139" + std::to_string(k / 4)},
                      {KeyType::kWebShop, "taobao:" + std::to_string(k / 3)}}});
  }
  Scope scope{"a", false, [](std::string_view r) { return r.substr(0, 2) == "11"; }};
  size_t k = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(index.Linked("r" + std::to_string(k++ % n), scope));
  }
}
BENCHMARK(BM_IndexLinked)->Arg(1000)->Arg(100000);

}  // namespace
}  // namespace ipe::link

BENCHMARK_MAIN();
