#pragma once
// The sectioned text format of the rule files under rules/: `key = value` lines, `[kind key]`
// section headers, `#` comments, the lines before the first section being the file's header.
// This reader only splits and checks the syntax; what the keys mean is the caller's (a rule file's
// own parser checks its keys, values and required entries, and names the line of each error).
//
//   auto file = core::ParseSections("credit/risk_grade.rules", text);
//   for (const core::Section& s : file->sections)          // s.kind "grade", s.key "D"
//     if (const core::Entry* e = s.Find("title")) use(e->value, e->line);
//
// Errors are InvalidArgument "file:line: reason" (unbalanced [section], a line without '=', a key
// given twice in one section).

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace ipe::core {

struct Entry {
  std::string key;
  std::string value;  // trimmed
  int line = 0;
};

struct Section {
  std::string kind;  // empty for the header
  std::string key;
  int line = 0;      // of the [kind key] line (0 for the header)
  std::vector<Entry> entries;

  const Entry* Find(std::string_view key) const;
};

struct SectionFile {
  std::string name;  // as given, for messages
  Section header;
  std::vector<Section> sections;
};

core::Result<SectionFile> ParseSections(std::string_view name, std::string_view text);

/// InvalidArgument "name:line: what", the shape every rule-file error has.
core::Status SectionError(std::string_view name, int line, const std::string& what);

}  // namespace ipe::core
