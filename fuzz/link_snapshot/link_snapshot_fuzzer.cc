// Fuzzes the correlation index's snapshot decoder (link/snapshot.h) with arbitrary bytes.
// The input is taken as a snapshot whose checksum is recomputed first (a fuzzer would otherwise
// never get past it), so the structural checks of Decode are what is exercised.
// Invariants checked: no crash, no hang, no out-of-bounds read; a decoded index can be queried,
// listed and added to.
#include <cstddef>
#include <cstdint>
#include <string>

#include "link/snapshot.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace ipe::link;
  std::string bytes(reinterpret_cast<const char*>(data), size);
  internal::ResealSnapshot(bytes);
  auto reader = SnapshotReader::Open(bytes);
  if (!reader) return 0;
  auto index = reader->Decode();
  if (!index) return 0;
  for (const Cluster& c : index->Clusters(1)) {
    for (const std::string& id : c.records) {
      (void)index->Linked(id, Scope::Everything());
      (void)index->ClusterOf(id, Scope::Everything());
    }
  }
  (void)index->OverCapKeys();
  (void)index->Add({"fuzz:new", "a", "310101", {{KeyType::kPhone, "+8613800000001"}}});
  return 0;
}
