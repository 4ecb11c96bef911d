#include "core/sections.h"

#include <set>

#include "core/strings.h"

namespace ipe::core {

const Entry* Section::Find(std::string_view k) const {
  for (const Entry& e : entries) {
    if (e.key == k) return &e;
  }
  return nullptr;
}

core::Status SectionError(std::string_view name, int line, const std::string& what) {
  return core::InvalidArgument(std::string(name) + ":" + std::to_string(line) + ": " + what);
}

core::Result<SectionFile> ParseSections(std::string_view name, std::string_view text) {
  SectionFile out;
  out.name = std::string(name);
  Section* current = &out.header;
  std::set<std::string> keys_seen;
  int line_no = 0;
  std::string_view rest = text;
  while (!rest.empty()) {
    size_t nl = rest.find('\n');
    std::string_view raw = rest.substr(0, nl);
    rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
    ++line_no;
    std::string_view line = TrimSpace(raw);
    if (line.empty() || line.front() == '#') continue;
    if (line.front() == '[') {
      if (line.back() != ']') return SectionError(name, line_no, "syntax: unbalanced [section]");
      std::string_view inner = TrimSpace(line.substr(1, line.size() - 2));
      size_t space = inner.find(' ');
      if (space == std::string_view::npos) return SectionError(name, line_no, "syntax: [kind key]");
      Section s;
      s.kind = std::string(inner.substr(0, space));
      s.key = std::string(TrimSpace(inner.substr(space + 1)));
      s.line = line_no;
      if (s.key.empty()) return SectionError(name, line_no, "syntax: empty key");
      out.sections.push_back(std::move(s));
      current = &out.sections.back();
      keys_seen.clear();
      continue;
    }
    size_t eq = line.find('=');
    if (eq == std::string_view::npos) return SectionError(name, line_no, "syntax: key = value");
    Entry e{std::string(TrimSpace(line.substr(0, eq))), std::string(TrimSpace(line.substr(eq + 1))),
            line_no};
    if (e.key.empty()) return SectionError(name, line_no, "syntax: empty key");
    if (!keys_seen.insert(e.key).second) return SectionError(name, line_no, "duplicate_key: " + e.key);
    current->entries.push_back(std::move(e));
  }
  return out;
}

}  // namespace ipe::core
