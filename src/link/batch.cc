#include "link/batch.h"

#include <algorithm>
#include <utility>

namespace ipe::link {

PreparedRecord BatchCorrelator::Prepare(const Normaliser& normaliser, RawRecord record) {
  PreparedRecord out{{std::move(record.id), std::move(record.agency), std::move(record.region), {}},
                     {}};
  out.input.keys.reserve(record.observables.size());
  for (const Observable& obs : record.observables) {
    Normalised n = normaliser.Normalise(obs);
    if (n.verdict == Verdict::kKey) {
      out.input.keys.push_back(std::move(n.key));
    } else {
      out.rejected.push_back(std::move(n));
    }
  }
  return out;
}

core::Result<AddOutcome> BatchCorrelator::Commit(PreparedRecord prepared) {
  core::Result<AddOutcome> outcome = index_.Add(prepared.input);
  if (!outcome) return outcome;
  keys_added_ += prepared.input.keys.size();
  for (Normalised& n : prepared.rejected) {
    auto& table = n.verdict == Verdict::kJunk ? junk_ : invalid_;
    auto [it, inserted] = table.try_emplace(n.key.ToString());
    if (inserted) {
      it->second.key = std::move(n.key);
      it->second.reason = std::move(n.reason);
    }
    ++it->second.occurrences;
  }
  return outcome;
}

std::vector<RejectedValue> BatchCorrelator::Sorted(
    const std::unordered_map<std::string, RejectedValue>& m) {
  std::vector<RejectedValue> out;
  out.reserve(m.size());
  for (const auto& [unused, v] : m) out.push_back(v);
  std::sort(out.begin(), out.end(), [](const RejectedValue& a, const RejectedValue& b) {
    if (a.occurrences != b.occurrences) return a.occurrences > b.occurrences;
    return a.key < b.key;
  });
  return out;
}

}  // namespace ipe::link
