#include "core/mask.h"

#include <array>
#include <vector>

#include "core/region.h"

namespace ipe::core {
namespace {

// Splits UTF-8 into code points (as byte strings); a broken sequence counts as one point per byte.
std::vector<std::string_view> CodePoints(std::string_view s) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 1;
    if (i + n > s.size()) n = s.size() - i;
    out.push_back(s.substr(i, n));
    i += n;
  }
  return out;
}

// Two-character surnames still in use (百家姓 复姓 and the common ones of today).
constexpr std::array<std::string_view, 40> kCompoundSurnames = {
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙",
    "宇文", "司徒", "夏侯", "轩辕", "令狐", "独孤", "南宫", "西门", "端木", "申屠",
    "澹台", "公冶", "宗政", "濮阳", "太叔", "仲孙", "钟离", "闻人", "万俟", "赫连",
    "呼延", "百里", "东郭", "拓跋", "司空", "第五", "鲜于", "闾丘", "淳于", "单于"};

bool IsMiddleDot(std::string_view cp) {
  return cp == "\xC2\xB7" || cp == "\xE2\x80\xA2" || cp == "\xE3\x83\xBB" || cp == ".";  // ·•・.
}

std::string Stars(size_t n) { return std::string(n, '*'); }

// Name forms an address may use for a region: the full name and, for provinces and prefectures,
// the name without its generic suffix (广东省 → 广东, 深圳市 → 深圳).
std::vector<std::string_view> NameForms(const Region& r) {
  std::vector<std::string_view> forms = {r.name};
  if (r.level == RegionLevel::kCounty) return forms;
  std::string_view n = r.name;
  for (std::string_view suffix : {"特别行政区", "自治区", "自治州", "地区", "省", "市", "盟"}) {
    if (n.size() > suffix.size() + 3 && n.substr(n.size() - suffix.size()) == suffix) {
      forms.push_back(n.substr(0, n.size() - suffix.size()));
      break;
    }
  }
  return forms;
}

// The longest region among `candidates` whose name form starts `text`; sets `len`.
const Region* MatchAt(std::string_view text, const std::vector<const Region*>& candidates,
                      size_t& len) {
  const Region* best = nullptr;
  len = 0;
  for (const Region* r : candidates) {
    if (r->grouping) continue;
    for (std::string_view form : NameForms(*r)) {
      if (form.size() > len && text.substr(0, form.size()) == form) {
        best = r;
        len = form.size();
      }
    }
  }
  return best;
}

// Children, looking through 省直辖县级行政区划 (PP9000) so that 仙桃市 follows 湖北省 directly.
std::vector<const Region*> ChildrenThroughGroups(const RegionTable& regions, const Region& r) {
  std::vector<const Region*> out;
  for (const Region* child : regions.Children(r.code)) {
    out.push_back(child);
    if (child->code.compare(2, 2, "90") == 0 && child->level == RegionLevel::kPrefecture) {
      for (const Region* g : regions.Children(child->code)) out.push_back(g);
    }
  }
  return out;
}

}  // namespace

std::string MaskResidentId(std::string_view id) {
  if (id.size() == 18) return std::string(id.substr(0, 6)) + Stars(8) + std::string(id.substr(14));
  if (id.size() == 15) return std::string(id.substr(0, 6)) + Stars(6) + std::string(id.substr(12));
  auto cps = CodePoints(id);
  if (cps.size() <= 10) return Stars(cps.size());
  std::string out;
  for (size_t i = 0; i < cps.size(); ++i) {
    if (i < 6 || i + 4 >= cps.size()) {
      out.append(cps[i]);
    } else {
      out += '*';
    }
  }
  return out;
}

std::string MaskPhone(std::string_view phone) {
  std::string digits;
  for (char c : phone) {
    if (c >= '0' && c <= '9') digits += c;
  }
  if (digits.size() == 13 && digits.compare(0, 2, "86") == 0) digits = digits.substr(2);
  if (digits.size() == 11 && digits[0] == '1') {
    return digits.substr(0, 3) + "****" + digits.substr(7);
  }
  if (digits.size() >= 7) {
    // Landline: area codes are 010 and 02x (3 digits) or 0xxx (4 digits); keep it and the last 2.
    size_t area = 0;
    if (digits[0] == '0') area = (digits[1] == '1' || digits[1] == '2') ? 3 : 4;
    if (area + 2 >= digits.size()) area = 0;
    return digits.substr(0, area) + Stars(digits.size() - area - 2) +
           digits.substr(digits.size() - 2);
  }
  return Stars(digits.size());
}

std::string MaskPersonName(std::string_view name) {
  auto cps = CodePoints(name);
  if (cps.empty()) return {};
  if (cps.size() == 1) return "*";
  size_t keep = 1;
  if (cps.size() >= 3) {
    std::string first_two = std::string(cps[0]) + std::string(cps[1]);
    for (std::string_view s : kCompoundSurnames) {
      if (first_two == s) keep = 2;
    }
  }
  std::string out;
  for (size_t i = 0; i < cps.size(); ++i) {
    if (i < keep || IsMiddleDot(cps[i])) {
      out.append(cps[i]);
    } else {
      out += '*';
    }
  }
  return out;
}

std::string MaskAddress(std::string_view address, const RegionTable& regions) {
  // Skip leading spaces.
  while (!address.empty() && (address.front() == ' ' || address.front() == '\t')) {
    address.remove_prefix(1);
  }
  size_t pos = 0;
  size_t keep = 0;
  size_t len = 0;
  const Region* at = MatchAt(address, regions.Provinces(), len);
  if (at == nullptr) {
    // No province written: start at a prefecture (深圳市…) or, failing that, nowhere.
    std::vector<const Region*> prefectures;
    for (const Region* p : regions.Provinces()) {
      for (const Region* c : ChildrenThroughGroups(regions, *p)) {
        if (c->level == RegionLevel::kPrefecture) prefectures.push_back(c);
      }
    }
    at = MatchAt(address, prefectures, len);
  }
  while (at != nullptr) {
    pos += len;
    keep = pos;
    if (at->level == RegionLevel::kCounty) break;
    at = MatchAt(address.substr(pos), ChildrenThroughGroups(regions, *at), len);
  }
  if (keep == 0) return "****";
  if (keep == address.size()) return std::string(address);
  return std::string(address.substr(0, keep)) + "****";
}

}  // namespace ipe::core
