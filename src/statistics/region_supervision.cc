#include "statistics/region_supervision.h"

#include <cstdlib>

#include "core/sections.h"

namespace ipe::embedded {
extern const char kRegionSupervisionRules[];
}  // namespace ipe::embedded

namespace ipe::statistics {
namespace {

struct Transition {
  std::string_view from;
  std::string_view action;
  std::string_view to;
};

// The one table of what may follow what; anything not listed is refused (409 at the API).
constexpr Transition kTransitions[] = {
    {"rectifying", "report", "reported"}, {"reported", "report", "reported"},
    {"reported", "return", "rectifying"}, {"rectifying", "extend", "rectifying"},
    {"reported", "extend", "rectifying"}, {"reported", "remove", "removed"},
};

constexpr std::string_view kRequiredKinds[] = {"criticism", "interview", "listed"};

}  // namespace

const SupervisionKind* SupervisionRules::Find(std::string_view key) const {
  for (const SupervisionKind& k : kinds) {
    if (k.key == key) return &k;
  }
  return nullptr;
}

core::Result<SupervisionRules> ParseSupervisionRules(std::string_view name, std::string_view text) {
  IPE_ASSIGN_OR_RETURN(core::SectionFile file, core::ParseSections(name, text));
  SupervisionRules out;
  if (const core::Entry* v = file.header.Find("version")) out.version = v->value;
  for (const core::Section& s : file.sections) {
    if (s.kind != "kind") return core::SectionError(name, s.line, "unknown section [" + s.kind + "]");
    SupervisionKind k;
    k.key = s.key;
    for (const core::Entry& e : s.entries) {
      if (e.key == "title") {
        k.title = e.value;
      } else if (e.key == "rectification_days") {
        int days = 0;
        bool digits = !e.value.empty() && e.value.size() <= 3;
        for (char c : e.value) {
          digits = digits && c >= '0' && c <= '9';
          if (digits) days = days * 10 + (c - '0');
        }
        if (!digits || days < 1 || days > 730) {
          return core::SectionError(name, e.line, "rectification_days must be a whole number from 1 to 730");
        }
        k.rectification_days = days;
      } else if (e.key == "source") {
        k.source = e.value;
      } else if (e.key == "confidence") {
        if (e.value != "C" && e.value != "S" && e.value != "M") {
          return core::SectionError(name, e.line, "confidence is C, S or M");
        }
        k.confidence = e.value;
      } else {
        return core::SectionError(name, e.line, "unknown key " + e.key);
      }
    }
    if (k.title.empty() || k.rectification_days == 0 || k.source.empty() || k.confidence.empty()) {
      return core::SectionError(name, s.line, "a kind needs title, rectification_days, source and confidence");
    }
    if (out.Find(k.key)) return core::SectionError(name, s.line, "kind " + k.key + " given twice");
    out.kinds.push_back(std::move(k));
  }
  for (std::string_view key : kRequiredKinds) {
    if (!out.Find(key)) return core::SectionError(name, 1, "missing kind " + std::string(key));
  }
  if (out.kinds.size() != std::size(kRequiredKinds)) {
    return core::SectionError(name, 1, "only the kinds criticism, interview and listed are known");
  }
  return out;
}

const SupervisionRules& DefaultSupervisionRules() {
  static const SupervisionRules kRules = [] {
    auto parsed = ParseSupervisionRules("statistics/region_supervision.rules", embedded::kRegionSupervisionRules);
    if (!parsed) std::abort();  // compiled in and tested: cannot fail at run time
    return *parsed;
  }();
  return kRules;
}

std::optional<std::string_view> NextSupervisionStatus(std::string_view status, std::string_view action) {
  for (const Transition& t : kTransitions) {
    if (t.from == status && t.action == action) return t.to;
  }
  return std::nullopt;
}

}  // namespace ipe::statistics
