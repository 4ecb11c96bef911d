#include "match/registry.h"

#include "core/strings.h"

#include <set>

namespace ipe::embedded {
extern const char kMatchSlangTxt[];
extern const unsigned long kMatchSlangTxt_size;
extern const char kMatchLookalikesTxt[];
extern const unsigned long kMatchLookalikesTxt_size;
}  // namespace ipe::embedded

namespace ipe::match {
namespace {


std::string Where(size_t index, const Brand& b) {
  return "品牌 #" + std::to_string(index + 1) + " (brand #" + std::to_string(index + 1) +
         (b.id.empty() ? "" : ", id \"" + b.id + "\"") + "): ";
}

// The next line of *text (advanced past it) with any '#' comment cut off.
std::string_view NextLineWithoutComment(std::string_view* text) {
  size_t nl = text->find('\n');
  std::string_view line = text->substr(0, nl);
  *text = nl == std::string_view::npos ? std::string_view() : text->substr(nl + 1);
  if (size_t hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
  return line;
}

}  // namespace

core::Status BrandRegistry::Validate() const {
  std::set<std::string> ids;
  for (size_t i = 0; i < brands.size(); ++i) {
    const Brand& b = brands[i];
    if (b.id.empty()) return core::InvalidArgument(Where(i, b) + "id 为空 (empty id)");
    if (!ids.insert(b.id).second) {
      return core::InvalidArgument(Where(i, b) + "id 重复 (duplicate id)");
    }
    if (b.names.empty() && b.generic_names.empty()) {
      return core::InvalidArgument(Where(i, b) + "缺少名称 (no names and no generic_names)");
    }
    if (!b.generic_names.empty() && b.context_terms.empty()) {
      return core::InvalidArgument(
          Where(i, b) + "通用词需要语境词 (generic_names need context_terms)");
    }
    for (const auto* list : {&b.names, &b.generic_names, &b.context_terms, &b.authorized_shops}) {
      for (const std::string& s : *list) {
        if (core::TrimAsciiSpace(s).empty()) {
          return core::InvalidArgument(Where(i, b) + "名称或词语为空 (empty name or term)");
        }
      }
    }
    for (const Brand::CategoryPrice& c : b.category_prices) {
      if (c.terms.empty() || c.price.value <= 0) {
        return core::InvalidArgument(
            Where(i, b) + "品类参考价需要词语和正价格 (category price needs terms and a price > 0)");
      }
      for (const std::string& t : c.terms) {
        if (core::TrimAsciiSpace(t).empty()) {
          return core::InvalidArgument(Where(i, b) + "名称或词语为空 (empty name or term)");
        }
      }
    }
    if (b.reference_price.value < 0) {
      return core::InvalidArgument(Where(i, b) + "参考价为负 (negative reference_price_fen)");
    }
  }
  return core::Status::Ok();
}

core::Result<std::vector<std::string>> ParseSlangLexicon(std::string_view text) {
  std::vector<std::string> terms;
  std::set<std::string, std::less<>> seen;
  size_t line_no = 0;
  while (!text.empty()) {
    ++line_no;
    std::string_view line = NextLineWithoutComment(&text);
    line = core::TrimAsciiSpace(line);
    if (line.empty()) continue;
    if (line.size() > 200) {
      return core::InvalidArgument("黑话词表第 " + std::to_string(line_no) + " 行过长 (slang line " +
                                   std::to_string(line_no) + " longer than 200 bytes)");
    }
    if (seen.insert(std::string(line)).second) terms.emplace_back(line);
  }
  if (terms.empty()) return core::InvalidArgument("黑话词表为空 (slang lexicon has no terms)");
  return terms;
}

std::string_view DefaultSlangLexicon() {
  return {ipe::embedded::kMatchSlangTxt, ipe::embedded::kMatchSlangTxt_size};
}

core::Result<LookalikeGroups> ParseLookalikeRules(std::string_view text) {
  LookalikeGroups groups;
  std::set<std::string, std::less<>> seen;
  size_t line_no = 0;
  auto line_error = [&](const std::string& zh, const std::string& en) {
    return core::InvalidArgument("形近字符规则第 " + std::to_string(line_no) + " 行" + zh +
                                 " (look-alike rules line " + std::to_string(line_no) + ": " + en +
                                 ")");
  };
  while (!text.empty()) {
    ++line_no;
    std::string_view line = NextLineWithoutComment(&text);
    std::vector<std::string> group;
    for (std::string_view rest = line; !rest.empty();) {
      size_t b = rest.find_first_not_of(" \t\r");
      if (b == std::string_view::npos) break;
      rest = rest.substr(b);
      size_t e = rest.find_first_of(" \t\r");
      std::string_view member = rest.substr(0, e);
      rest = e == std::string_view::npos ? std::string_view() : rest.substr(e);
      if (member.size() > 4) return line_error("字符过长", "a member longer than one character");
      if (!seen.insert(std::string(member)).second) {
        return line_error("字符重复", "\"" + std::string(member) + "\" is in two groups");
      }
      group.emplace_back(member);
    }
    if (group.empty()) continue;
    if (group.size() < 2) return line_error("至少需要两个字符", "a group needs two members");
    groups.push_back(std::move(group));
  }
  if (groups.empty()) return core::InvalidArgument("形近字符规则为空 (no look-alike groups)");
  return groups;
}

std::string_view DefaultLookalikeRules() {
  return {ipe::embedded::kMatchLookalikesTxt, ipe::embedded::kMatchLookalikesTxt_size};
}

}  // namespace ipe::match
