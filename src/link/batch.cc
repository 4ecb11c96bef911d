#include "link/batch.h"

#include <algorithm>
#include <utility>

namespace ipe::link {

core::Result<AddOutcome> BatchCorrelator::Add(const RawRecord& record) {
  RecordInput input{record.id, record.agency, record.region, {}};
  input.keys.reserve(record.observables.size());
  std::vector<Normalised> rejected;
  for (const Observable& obs : record.observables) {
    Normalised n = normaliser_->Normalise(obs);
    if (n.verdict == Verdict::kKey) {
      input.keys.push_back(std::move(n.key));
    } else {
      rejected.push_back(std::move(n));
    }
  }
  core::Result<AddOutcome> outcome = index_.Add(input);
  if (!outcome) return outcome;
  keys_added_ += input.keys.size();
  for (Normalised& n : rejected) {
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
