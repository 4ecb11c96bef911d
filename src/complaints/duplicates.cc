#include "complaints/duplicates.h"

#include <algorithm>
#include <map>
#include <numeric>

namespace ipe::complaints {
namespace {

// Union-find over record positions.
struct Groups {
  explicit Groups(size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0); }
  size_t Find(size_t i) {
    while (parent[i] != i) i = parent[i] = parent[parent[i]];
    return i;
  }
  void Join(size_t a, size_t b) { parent[Find(a)] = Find(b); }
  std::vector<size_t> parent;
};

std::string KeyOf(const link::Normaliser& n, link::ObservableType type, const std::string& value) {
  if (value.empty()) return "";
  link::Normalised r = n.Normalise({type, value});
  if (r.verdict != link::Verdict::kKey) return "";
  return std::string(link::KeyTypeName(r.key.type)) + "|" + r.key.value;
}

}  // namespace

std::string OrganisationKey(const link::Normaliser& normaliser, const std::string& name) {
  static const char* const kMarks[] = {"公司", "店", "厂", "商行", "经营部", "门市", "工作室", "合作社"};
  bool organisation = false;
  for (const char* m : kMarks) organisation |= name.find(m) != std::string::npos;
  if (!organisation) return "";
  return KeyOf(normaliser, link::ObservableType::kCompanyName, name);
}

std::vector<std::string> MatchKeys(const link::Normaliser& normaliser, const DuplicateInput& r) {
  std::vector<std::string> out;
  for (std::string key : {KeyOf(normaliser, link::ObservableType::kWebShop, r.shop),
                          KeyOf(normaliser, link::ObservableType::kPhone, r.phone),
                          OrganisationKey(normaliser, r.respondent_name)}) {
    if (!key.empty() && std::find(out.begin(), out.end(), key) == out.end()) {
      out.push_back(std::move(key));
    }
  }
  return out;
}

std::vector<int64_t> GroupDuplicates(const link::Normaliser& normaliser,
                                     const std::vector<DuplicateInput>& records) {
  Groups groups(records.size());
  std::map<std::string, size_t> first_with_key;
  for (size_t i = 0; i < records.size(); ++i) {
    const DuplicateInput& r = records[i];
    for (const std::string& key : MatchKeys(normaliser, r)) {
      auto [it, fresh] = first_with_key.emplace(key, i);
      if (!fresh) groups.Join(i, it->second);
    }
  }
  std::map<size_t, int64_t> smallest;
  for (size_t i = 0; i < records.size(); ++i) {
    size_t root = groups.Find(i);
    auto it = smallest.find(root);
    if (it == smallest.end() || records[i].id < it->second) smallest[root] = records[i].id;
  }
  std::vector<int64_t> out(records.size());
  for (size_t i = 0; i < records.size(); ++i) out[i] = smallest[groups.Find(i)];
  return out;
}

}  // namespace ipe::complaints
