#include "statistics/publication.h"

#include <cstdlib>

#include "core/sections.h"
#include "core/strings.h"

namespace ipe::embedded {
extern const char kPublicationRules[];
}  // namespace ipe::embedded

namespace ipe::statistics {

namespace {

std::optional<int64_t> Integer(std::string_view text) {
  if (text.empty() || text.size() > 9) return std::nullopt;
  int64_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

// Whether the primary rule hides the cell: a count, or a rate's denominator, of 1 … threshold-1.
bool Small(const RawCell& c, int64_t threshold, bool rate) {
  int64_t n = rate ? c.denominator.value_or(0) : c.value.value_or(0);
  return n > 0 && n < threshold;
}

}  // namespace

core::Result<PublicationRules> ParsePublicationRules(std::string_view name, std::string_view text) {
  IPE_ASSIGN_OR_RETURN(core::SectionFile file, core::ParseSections(name, text));
  PublicationRules out;
  if (const core::Entry* v = file.header.Find("version")) out.version = v->value;
  bool seen = false;
  for (const core::Section& s : file.sections) {
    if (s.kind != "publication" || s.key != "annual") {
      return core::SectionError(name, s.line, "expected one [publication annual] section");
    }
    seen = true;
    for (const core::Entry& e : s.entries) {
      if (e.key == "indicators") {
        for (std::string key : core::Split(e.value, ',')) {
          std::string k(core::TrimSpace(key));
          if (!k.empty()) out.indicators.push_back(k);
        }
      } else if (e.key == "suppress_below" || e.key == "min_threshold" || e.key == "max_threshold") {
        auto v = Integer(e.value);
        if (!v) return core::SectionError(name, e.line, e.key + " is a whole number");
        (e.key == "suppress_below" ? out.suppress_below : e.key == "min_threshold" ? out.min_threshold : out.max_threshold) = *v;
      } else if (e.key == "basis") {
        out.basis = e.value;
      } else if (e.key == "confidence") {
        if (e.value != "C" && e.value != "S" && e.value != "M") {
          return core::SectionError(name, e.line, "confidence is C, S or M");
        }
        out.confidence = e.value;
      } else {
        return core::SectionError(name, e.line, "unknown key " + e.key);
      }
    }
    if (out.indicators.empty()) return core::SectionError(name, s.line, "no indicators");
    if (out.min_threshold < 2 || out.min_threshold > out.suppress_below || out.suppress_below > out.max_threshold) {
      return core::SectionError(name, s.line, "thresholds must satisfy 2 <= min_threshold <= suppress_below <= max_threshold");
    }
    if (out.basis.empty() || out.confidence.empty()) return core::SectionError(name, s.line, "missing basis or confidence");
  }
  if (!seen) return core::SectionError(name, 1, "no [publication annual] section");
  return out;
}

const PublicationRules& DefaultPublicationRules() {
  static const PublicationRules kRules = [] {
    auto parsed = ParsePublicationRules("statistics/publication.rules", embedded::kPublicationRules);
    if (!parsed) std::abort();  // compiled in and tested: cannot fail at run time
    return *parsed;
  }();
  return kRules;
}

std::vector<PublicCell> SuppressColumn(const std::vector<RawCell>& cells, int64_t threshold, bool rate) {
  std::vector<PublicCell> out;
  int suppressed = 0;
  for (const RawCell& c : cells) {
    bool hide = Small(c, threshold, rate);
    suppressed += hide ? 1 : 0;
    out.push_back({c.region, hide ? std::nullopt : c.value, hide});
  }
  if (!rate && suppressed == 1) {
    // The one hidden cell would be the national total less the others: hide the smallest other
    // non-zero cell too (the first in input order on a tie).
    int pick = -1;
    for (size_t i = 0; i < cells.size(); ++i) {
      if (out[i].suppressed || cells[i].value.value_or(0) <= 0) continue;
      if (pick < 0 || *cells[i].value < *cells[pick].value) pick = static_cast<int>(i);
    }
    if (pick >= 0) {
      out[pick].suppressed = true;
      out[pick].value.reset();
    }
  }
  return out;
}

PublicCell SuppressTotal(const RawCell& total, int64_t threshold, bool rate) {
  bool hide = Small(total, threshold, rate);
  return {total.region, hide ? std::nullopt : total.value, hide};
}

}  // namespace ipe::statistics
