#pragma once
// Duplicate grouping (同一事项归并): complaints and reports about the same respondent, web shop or
// phone are one matter, so that twenty reports about one shop are handled together. The values
// go through the leads module's identifier normaliser (link/normalise.h): "淘宝:FakeShoes88",
// "taobao：fakeshoes88" and "淘宝 fakeshoes88" are one shop; "+86 138-0013-1234" and
// "１３８００１３１２３４" one phone; junk values (13800138000, 无) join nothing. Respondent names
// are compared folded (spaces, case, brackets) and join only when they name an organisation
// (公司, 店, 厂 …): two complaints against "张三" are not one matter. Pure.
//
//   std::vector<int64_t> group = GroupDuplicates(normaliser, records);   // group[i]: smallest id
//                                                                         // of record i's matter

#include <cstdint>
#include <string>
#include <vector>

#include "link/normalise.h"

namespace ipe::complaints {

struct DuplicateInput {
  int64_t id = 0;
  std::string respondent_name;
  std::string shop;   // "平台:店铺"
  std::string phone;  // the respondent's
};

/// For each record (in input order) the smallest id of the records it is grouped with (itself
/// when alone): the connected components of "shares a normalised shop, phone or organisation name".
std::vector<int64_t> GroupDuplicates(const link::Normaliser& normaliser,
                                     const std::vector<DuplicateInput>& records);

/// The normalised keys a record joins others by ("web_shop|…", "phone|…", "company_name|…"),
/// without duplicates; empty when it names nothing that groups. GroupDuplicates joins two records
/// exactly when their keys meet (directly or through others).
std::vector<std::string> MatchKeys(const link::Normaliser& normaliser, const DuplicateInput& r);

/// The key a respondent name groups by ("" when it names no organisation).
std::string OrganisationKey(const link::Normaliser& normaliser, const std::string& name);

}  // namespace ipe::complaints
