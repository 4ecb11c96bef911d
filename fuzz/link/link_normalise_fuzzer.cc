// Fuzzes every observable normaliser, the junk list and the index with arbitrary bytes.
// The first byte picks the observable type; the rest is the value as written.
// Invariants checked (a failure traps):
//   - normalising an observable's key value again gives the same key (keys are fixed points);
//   - a record with the key can be added and queried.
#include <cstddef>
#include <cstdint>
#include <string>

#include "link/index.h"
#include "link/normalise.h"

namespace {

const ipe::link::DomainRules& Rules() {
  static const auto* rules = new ipe::link::DomainRules(ipe::link::DomainRules::Builtin());
  return *rules;
}

const ipe::link::JunkList& Junk() {
  static const auto* junk =
      new ipe::link::JunkList(*ipe::link::JunkList::Parse(ipe::link::DefaultJunkListText(), Rules()));
  return *junk;
}

// The observable type whose normaliser accepts a key value of `type` unchanged.
ipe::link::ObservableType TypeForKey(ipe::link::KeyType type, ipe::link::ObservableType original) {
  using ipe::link::KeyType;
  using ipe::link::ObservableType;
  switch (type) {
    case KeyType::kPhone: return ObservableType::kPhone;
    case KeyType::kIp: return ObservableType::kIp;
    case KeyType::kDomain: return ObservableType::kDomain;
    default: return original;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace ipe::link;
  if (size == 0) return 0;
  auto type = static_cast<ObservableType>(data[0] % kObservableTypeCount);
  Observable obs{type, std::string(reinterpret_cast<const char*>(data + 1), size - 1)};
  Normaliser normaliser(&Rules(), &Junk());
  Normalised n = normaliser.Normalise(obs);
  if (n.verdict != Verdict::kKey) return 0;
  if (n.key.value.empty()) __builtin_trap();
  auto again = NormaliseValue({TypeForKey(n.key.type, type), n.key.value}, Rules());
  if (!again || !(*again == n.key)) __builtin_trap();

  CorrelationIndex index({.cap = 2});
  if (!index.Add({"a", "x", "110105", {n.key}})) __builtin_trap();
  if (!index.Add({"b", "y", "310101", {n.key}})) __builtin_trap();
  auto links = index.Linked("a", Scope::Everything());
  if (!links) __builtin_trap();
  if (IsStrong(n.key.type) && links->records.size() != 1) __builtin_trap();
  return 0;
}
