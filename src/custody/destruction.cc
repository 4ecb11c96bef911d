#include "custody/destruction.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <set>

#include "core/strings.h"

namespace ipe::embedded {
extern const char kCustodyDestruction[];
extern const unsigned long kCustodyDestruction_size;
}  // namespace ipe::embedded

namespace ipe::custody {

const ItemCategory* DestructionRules::FindCategory(std::string_view key) const {
  for (const ItemCategory& c : categories) {
    if (c.key == key) return &c;
  }
  return nullptr;
}

const DestructionMethod* DestructionRules::FindMethod(std::string_view key) const {
  for (const DestructionMethod& m : methods) {
    if (m.key == key) return &m;
  }
  return nullptr;
}

namespace {

core::Status ErrorAt(std::string_view file, int line, const std::string& what) {
  return core::InvalidArgument(std::string(file) + ":" + std::to_string(line) + ": " + what);
}

}  // namespace

core::Result<DestructionRules> ParseDestructionRules(std::string_view file, std::string_view text) {
  DestructionRules out;
  enum class Section { kHeader, kMethod, kCategory } section = Section::kHeader;
  std::set<std::string> keys_seen;
  int line_no = 0;
  auto finish = [&](int at) -> core::Status {
    if (section == Section::kHeader) return core::Status::Ok();
    RuleMark& mark = section == Section::kMethod ? out.methods.back().mark : out.categories.back().mark;
    const std::string& title =
        section == Section::kMethod ? out.methods.back().title : out.categories.back().title;
    if (title.empty()) return ErrorAt(file, at, "missing_key: title");
    if (mark.source.empty()) return ErrorAt(file, at, "missing_key: source");
    if (mark.confidence.empty()) return ErrorAt(file, at, "missing_key: confidence");
    if (section == Section::kCategory) {
      const ItemCategory& c = out.categories.back();
      if (c.unit_capability.empty()) return ErrorAt(file, at, "missing_key: unit_capability");
      if (c.methods.empty()) return ErrorAt(file, at, "missing_key: methods");
    }
    return core::Status::Ok();
  };
  for (std::string_view rest = text; !rest.empty();) {
    size_t nl = rest.find('\n');
    std::string_view raw = rest.substr(0, nl);
    rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
    ++line_no;
    std::string_view line = core::TrimSpace(raw);
    if (line.empty() || line.front() == '#') continue;
    if (line.front() == '[') {
      if (line.back() != ']') return ErrorAt(file, line_no, "syntax: unbalanced [section]");
      IPE_RETURN_IF_ERROR(finish(line_no));
      std::string_view inner = core::TrimSpace(line.substr(1, line.size() - 2));
      size_t space = inner.find(' ');
      if (space == std::string_view::npos) return ErrorAt(file, line_no, "syntax: [kind key]");
      std::string kind(inner.substr(0, space));
      std::string key(core::TrimSpace(inner.substr(space + 1)));
      if (key.empty()) return ErrorAt(file, line_no, "syntax: empty key");
      if (kind == "method") {
        if (out.FindMethod(key)) return ErrorAt(file, line_no, "duplicate_id: " + key);
        out.methods.push_back({key, "", {"", "", "", line_no}});
        section = Section::kMethod;
      } else if (kind == "category") {
        if (out.FindCategory(key)) return ErrorAt(file, line_no, "duplicate_id: " + key);
        ItemCategory c;
        c.key = key;
        c.mark.line = line_no;
        out.categories.push_back(std::move(c));
        section = Section::kCategory;
      } else {
        return ErrorAt(file, line_no, "unknown_section: " + kind);
      }
      keys_seen.clear();
      continue;
    }
    size_t eq = line.find('=');
    if (eq == std::string_view::npos) return ErrorAt(file, line_no, "syntax: key = value");
    std::string key(core::TrimSpace(line.substr(0, eq)));
    std::string value(core::TrimSpace(line.substr(eq + 1)));
    if (!keys_seen.insert(key).second) return ErrorAt(file, line_no, "duplicate_key: " + key);
    if (section == Section::kHeader) {
      if (key == "pack") {
        out.pack = value;
      } else if (key == "title") {
        out.title = value;
      } else if (key != "format") {
        return ErrorAt(file, line_no, "unknown_key: " + key);
      }
      continue;
    }
    RuleMark& mark = section == Section::kMethod ? out.methods.back().mark : out.categories.back().mark;
    if (key == "title") {
      (section == Section::kMethod ? out.methods.back().title : out.categories.back().title) = value;
    } else if (key == "source") {
      mark.source = value;
    } else if (key == "confidence") {
      if (value != "C" && value != "S" && value != "M") {
        return ErrorAt(file, line_no, "bad_value: confidence is C, S or M");
      }
      mark.confidence = value;
    } else if (key == "note") {
      mark.note = value;
    } else if (section == Section::kCategory && key == "unit_capability") {
      if (!CapabilityName(value)) return ErrorAt(file, line_no, "bad_value: capability " + value);
      out.categories.back().unit_capability = value;
    } else if (section == Section::kCategory && key == "methods") {
      for (const std::string& m : core::Split(value, ',')) {
        std::string k(core::TrimSpace(m));
        if (!out.FindMethod(k)) return ErrorAt(file, line_no, "unknown_method: " + k);
        out.categories.back().methods.push_back(k);
      }
    } else {
      return ErrorAt(file, line_no, "unknown_key: " + key);
    }
  }
  IPE_RETURN_IF_ERROR(finish(line_no));
  if (out.pack.empty()) return ErrorAt(file, 1, "missing_key: pack");
  return out;
}

const DestructionRules& DefaultDestructionRules() {
  static const DestructionRules rules = [] {
    auto parsed = ParseDestructionRules(
        "custody/destruction.rules",
        std::string_view(embedded::kCustodyDestruction, embedded::kCustodyDestruction_size));
    if (!parsed) {
      std::fprintf(stderr, "embedded custody rules broken: %s\n", parsed.error().ToString().c_str());
      std::abort();
    }
    return std::move(*parsed);
  }();
  return rules;
}

const std::vector<WasteCapability>& WasteCapabilities() {
  static const std::vector<WasteCapability> k = {
      {"general", "一般固体废物"},
      {"electronic", "电子废物"},
      {"hazardous", "危险废物"},
      {"alcohol", "酒类（液体）"},
  };
  return k;
}

const char* CapabilityName(std::string_view key) {
  for (const WasteCapability& c : WasteCapabilities()) {
    if (key == c.key) return c.name_zh;
  }
  return nullptr;
}

std::vector<std::string> CheckUnitFits(const DestructionRules& rules, std::string_view category,
                                       std::string_view method, const UnitFacts& unit,
                                       core::Date on) {
  std::vector<std::string> reasons;
  const ItemCategory* c = rules.FindCategory(category);
  const DestructionMethod* m = rules.FindMethod(method);
  if (!c) reasons.push_back("未知的物品类别：" + std::string(category));
  if (!m) reasons.push_back("未知的销毁方式：" + std::string(method));
  if (!c || !m) return reasons;
  if (std::find(c->methods.begin(), c->methods.end(), method) == c->methods.end()) {
    reasons.push_back(c->title + "不得以" + m->title + "方式销毁（" + c->mark.source + "）");
  }
  if (std::find(unit.capabilities.begin(), unit.capabilities.end(), c->unit_capability) ==
      unit.capabilities.end()) {
    reasons.push_back(std::string("该单位不具备") + CapabilityName(c->unit_capability) +
                      "处置资质，不能销毁" + c->title + "（" + c->mark.source + "）");
  }
  if (unit.licence_valid_until < on) {
    reasons.push_back("该单位的许可证已于" + unit.licence_valid_until.ToString() + "过期");
  }
  if (!unit.active) reasons.push_back("该单位已移出名录");
  return reasons;
}

int Distance(std::string_view agency_region, std::string_view unit_region) {
  if (agency_region.size() != 6 || unit_region.size() != 6) return 3;
  if (agency_region == unit_region) return 0;
  if (agency_region.substr(0, 4) == unit_region.substr(0, 4)) return 1;
  if (agency_region.substr(0, 2) == unit_region.substr(0, 2)) return 2;
  return 3;
}

std::vector<UnitFacts> RankUnits(const DestructionRules& rules,
                                 const std::vector<std::string>& categories,
                                 std::string_view method, const std::vector<UnitFacts>& units,
                                 std::string_view agency_region, core::Date on) {
  std::vector<UnitFacts> out;
  for (const UnitFacts& u : units) {
    bool fits = true;
    for (const std::string& c : categories) fits &= CheckUnitFits(rules, c, method, u, on).empty();
    if (fits) out.push_back(u);
  }
  std::stable_sort(out.begin(), out.end(), [&](const UnitFacts& a, const UnitFacts& b) {
    int da = Distance(agency_region, a.region_code);
    int db = Distance(agency_region, b.region_code);
    return da != db ? da < db : a.id < b.id;
  });
  return out;
}

}  // namespace ipe::custody
