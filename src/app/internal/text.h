#pragma once
// Small string and SQL-fragment helpers private to app/.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/strings.h"
#include "core/time.h"
#include "storage/db.h"

namespace ipe::app::internal {

/// core::TrimSpace as a string.
std::string Trim(std::string_view s);
using core::Join;
using core::Split;  // empty input -> {}

/// The one rule for a free-text field (issue 12 point 13): valid UTF-8, no NUL or other control
/// characters but tab and newline, at most `max_chars` characters; `required` ones must not be
/// blank. The message for the field, or "" when the text is fine.
std::string TextProblem(std::string_view text, size_t max_chars, bool required);

/// Six ASCII digits.
bool IsRegionCode(std::string_view code);

/// A portable condition "column lies in the region subtree of `region`", appending its parameter
/// (a LIKE prefix pattern) to `params`. The national code gives "1 = 1".
std::string RegionSubtreeSql(const std::string& column, const std::string& region,
                             storage::Params& params);

/// A portable case-insensitive (ASCII) substring condition on one or more columns:
/// "(lower(a) LIKE ? ESCAPE '\' OR lower(b) LIKE ? ESCAPE '\')" with parameters appended.
std::string ContainsSql(const std::vector<std::string>& columns, const std::string& needle,
                        storage::Params& params);

/// "prefix%" LIKE pattern with wildcards in `prefix` escaped.
std::string LikePrefix(std::string_view prefix);

}  // namespace ipe::app::internal
