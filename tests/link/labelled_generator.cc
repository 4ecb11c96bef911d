#include "tests/link/labelled_generator.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <string>
#include <unordered_map>

#include "link/normalise.h"

namespace ipe::link::testing {
namespace {

// SplitMix64: small, fast and identical on every platform (std distributions are not).
struct Rng {
  uint64_t state;
  uint64_t Next() {
    uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  uint64_t Below(uint64_t n) { return Next() % n; }
  bool Chance(double p) { return static_cast<double>(Next() % 1000000) < p * 1000000; }
};

std::string Pad(uint64_t v, int width) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%0*llu", width, static_cast<unsigned long long>(v));
  return buf;
}

std::string FullWidth(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c > 0x20 && c < 0x7F) {
      unsigned cp = 0xFF01 + static_cast<unsigned>(c - 0x21);
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += c;
    }
  }
  return out;
}

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

std::string MixedCase(std::string s, Rng& rng) {
  for (char& c : s) {
    if (rng.Chance(0.5)) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return s;
}

std::string Groups(const std::string& s, int size, char sep) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (i > 0 && i % size == 0) out += sep;
    out += s[i];
  }
  return out;
}

constexpr std::array<ObservableType, 11> kStrongTypes = {
    ObservableType::kPhone,     ObservableType::kUscc,   ObservableType::kWebShop,
    ObservableType::kEmail,     ObservableType::kUrl,    ObservableType::kBankAccount,
    ObservableType::kWechat,    ObservableType::kQq,     ObservableType::kIdNumber,
    ObservableType::kWaybill,   ObservableType::kIp};

constexpr std::array<const char*, 5> kMobilePrefixes = {"139", "158", "177", "186", "199"};
constexpr std::array<const char*, 5> kAreaCodes = {"10", "21", "755", "20", "571"};

// One identifier of entity `e`, written in a random one of its usual writings.
Observable Write(ObservableType type, uint64_t e, Rng& rng) {
  switch (type) {
    case ObservableType::kPhone: {
      if (e % 10 == 7) {  // some operations give a landline with an area code
        std::string area = kAreaCodes[e % kAreaCodes.size()];
        std::string local = std::to_string(6 + e % 3) + Pad(e % 10000000, 7);
        switch (rng.Below(4)) {
          case 0: return {type, "0" + area + "-" + local};
          case 1: return {type, "(0" + area + ") " + local};
          case 2: return {type, "+86 " + area + " " + local.substr(0, 4) + " " + local.substr(4)};
          default: return {type, "0086 " + area + " " + local};
        }
      }
      std::string n = std::string(kMobilePrefixes[e % kMobilePrefixes.size()]) +
                      Pad((e * 7919 + 1234567) % 100000000, 8);
      switch (rng.Below(9)) {
        case 0: return {type, n};
        case 1: return {type, "+86 " + n.substr(0, 3) + " " + n.substr(3, 4) + " " + n.substr(7)};
        case 2: return {type, "0086" + n};
        case 3: return {type, "86-" + n};
        case 4: return {type, "(+86)" + n};
        case 5: return {type, n.substr(0, 3) + "-" + n.substr(3, 4) + "-" + n.substr(7)};
        case 6: return {type, FullWidth(n)};
        case 7: return {type, "+86" + n};
        default: return {type, "0086 " + n.substr(0, 3) + " " + n.substr(3, 4) + " " + n.substr(7)};
      }
    }
    case ObservableType::kUscc: {
      // Positions 9–17 are a GB 11714 organisation code with its own check character.
      std::string org = Pad(e, 8);
      static constexpr std::array<int, 8> kOrgWeights = {3, 7, 9, 10, 5, 8, 4, 2};
      int osum = 0;
      for (size_t k = 0; k < 8; ++k) osum += (org[k] - '0') * kOrgWeights[k];
      int oc = 11 - osum % 11;
      org += oc == 10 ? 'X' : oc == 11 ? '0' : static_cast<char>('0' + oc);
      std::string first17 = "91" + Pad(110000 + (e % 7) * 100000 + 105, 6) + org;
      std::string code = first17 + UsccCheckChar(first17);
      switch (rng.Below(4)) {
        case 0: return {type, code};
        case 1: {
          std::string lower = code;
          for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
          return {type, lower};
        }
        case 2: return {type, Groups(code, 4, ' ')};
        default: return {type, FullWidth(code)};
      }
    }
    case ObservableType::kWebShop: {
      static constexpr std::array<std::array<const char*, 3>, 4> kNames = {{
          {"淘宝", "taobao", "TaoBao"},
          {"京东", "jd", "JingDong"},
          {"拼多多", "pdd", "PinDuoDuo"},
          {"抖音", "douyin", "DouYin"},
      }};
      const auto& names = kNames[e % kNames.size()];
      static constexpr std::array<const char*, 3> kSeps = {":", "：", " "};
      return {type, std::string(names[rng.Below(3)]) + kSeps[rng.Below(3)] +
                        MixedCase("shop" + std::to_string(e), rng)};
    }
    case ObservableType::kEmail: {
      if (e % 3 == 0) {
        std::string local = "li.wei" + std::to_string(e);
        switch (rng.Below(4)) {
          case 0: return {type, local + "@gmail.com"};
          case 1: return {type, "Li.Wei" + std::to_string(e) + "+shop@gmail.com"};
          case 2: return {type, "liwei" + std::to_string(e) + "@googlemail.com"};
          default: return {type, Upper(local) + "@GMAIL.COM"};
        }
      }
      static constexpr std::array<const char*, 4> kProviders = {"qq.com", "163.com", "126.com",
                                                                "sina.com"};
      std::string addr = "seller_" + std::to_string(e) + "@" + kProviders[e % kProviders.size()];
      switch (rng.Below(4)) {
        case 0: return {type, addr};
        case 1: return {type, Upper(addr)};
        case 2: return {type, "mailto:" + addr};
        default: return {type, FullWidth(addr)};
      }
    }
    case ObservableType::kUrl: {
      static constexpr std::array<const char*, 4> kTlds = {"com.cn", "cn", "com", "net.cn"};
      std::string domain = "brand" + std::to_string(e) + "-outlet." + kTlds[e % kTlds.size()];
      switch (rng.Below(5)) {
        case 0: return {type, "https://m." + domain + "/item/" + std::to_string(rng.Below(1000))};
        case 1: return {type, "http://WWW." + Upper(domain) + "/"};
        case 2: return {ObservableType::kDomain, domain};
        case 3: return {ObservableType::kDomain, "www." + domain + "."};
        default: return {type, domain + "/shop?id=" + std::to_string(rng.Below(1000))};
      }
    }
    case ObservableType::kBankAccount: {
      std::string acct = "6222" + Pad(e * 104729 % 1000000000000000ULL, 15);
      switch (rng.Below(3)) {
        case 0: return {type, acct};
        case 1: return {type, Groups(acct, 4, ' ')};
        default: return {type, Groups(acct, 4, '-')};
      }
    }
    case ObservableType::kWechat:
      return {type, MixedCase("wx_seller" + std::to_string(e), rng)};
    case ObservableType::kQq: {
      std::string qq = std::to_string(100000000 + e * 7);
      switch (rng.Below(3)) {
        case 0: return {type, qq};
        case 1: return {type, "QQ:" + qq};
        default: return {type, FullWidth(qq)};
      }
    }
    case ObservableType::kIdNumber: {
      // (region, birth date, sequence) is unique for up to 13 million entities.
      std::string seq = Pad(e % 1000, 3);
      std::string birth = Pad(60 + e / 1000 % 40, 2) + Pad(1 + e / 40000 % 12, 2) +
                          Pad(1 + e / 480000 % 28, 2);
      std::string region = Pad(110101 + (e / 13440000 % 5) * 10000, 6);
      std::string first17 = region + "19" + birth + seq;
      std::string id = first17 + IdNumberCheckChar(first17);
      switch (rng.Below(3)) {
        case 0: return {type, id};
        case 1: return {type, region + birth + seq};  // 15-digit first generation
        default: return {type, Groups(id, 6, ' ')};
      }
    }
    case ObservableType::kWaybill: {
      std::string wb = "SF" + Pad(e * 31 + 1000000000000ULL, 13);
      return {type, rng.Chance(0.5) ? wb : Groups("sf" + wb.substr(2), 4, ' ')};
    }
    case ObservableType::kIp: {
      std::string ip = "36." + std::to_string((e >> 16) & 255) + "." +
                       std::to_string((e >> 8) & 255) + "." + std::to_string(e & 255);
      return {type, rng.Chance(0.5) ? ip : "::ffff:" + ip};
    }
    default: return {type, ""};
  }
}

constexpr std::array<const char*, 8> kLookalikeCompanies = {
    "深圳市华强电子有限公司", "深圳市华强（电子）有限公司", "广州市白云皮具贸易有限公司",
    "义乌市小商品贸易商行",   "上海浦东新区服饰有限公司",   "北京朝阳科技发展有限公司",
    "泉州市晋江鞋业有限公司", "莆田市运动用品有限公司"};
constexpr std::array<const char*, 5> kLookalikeAddresses = {
    "广州市白云区机场路111号白云国际物流中心", "义乌市国际商贸城二区", "深圳市福田区华强北路1号",
    "莆田市荔城区西天尾镇", "上海市浦东新区申江路1号快递集散中心"};
constexpr std::array<const char*, 2> kHotlines = {"400-820-8820", "0571-88158090"};
constexpr std::array<std::array<const char*, 2>, 5> kJunk = {{
    {"phone", "13800138000"},
    {"address", "无"},
    {"email", "test@test.com"},
    {"person_name", "不详"},
    {"qq", "123456"},
}};

}  // namespace

LabelledGenerator::LabelledGenerator(const GeneratorOptions& options) : options_(options) {
  Rng rng{options.seed};
  // Entity sizes first, then a shuffle so the index sees records in arrival order.
  entity_of_.reserve(options.records);
  for (uint32_t e = 0; entity_of_.size() < options.records; ++e) {
    uint64_t n = 1 + rng.Below(static_cast<uint64_t>(options.max_records_per_entity));
    for (uint64_t i = 0; i < n && entity_of_.size() < options.records; ++i) entity_of_.push_back(e);
  }
  for (size_t i = entity_of_.size(); i > 1; --i) {
    std::swap(entity_of_[i - 1], entity_of_[rng.Below(i)]);
  }
}

LabelledRecord LabelledGenerator::Record(size_t i) const {
  const GeneratorOptions& options = options_;
  Rng rng{options.seed ^ ((i + 1) * 0xD1B54A32D192ED03ULL)};
  uint64_t e = entity_of_[i];
  // The entity's four identifier types, fixed per entity.
  Rng entity_rng{options.seed ^ (e * 0x9E3779B97F4A7C15ULL)};
  std::array<ObservableType, 4> types;
  size_t chosen = 0;
  if (entity_rng.Chance(0.8)) types[chosen++] = ObservableType::kPhone;
  while (chosen < types.size()) {
    ObservableType t = kStrongTypes[entity_rng.Below(kStrongTypes.size())];
    if (std::find(types.begin(), types.begin() + chosen, t) == types.begin() + chosen) {
      types[chosen++] = t;
    }
  }
  LabelledRecord rec;
  rec.entity = static_cast<uint32_t>(e);
  rec.record.id = "R" + Pad(i, 7);
  uint64_t agency = rng.Below(30);
  rec.record.agency = "agency-" + Pad(agency, 2);
  static constexpr std::array<const char*, 6> kRegions = {"110105", "310101", "440305",
                                                          "440111", "330782", "350302"};
  rec.record.region = kRegions[agency % kRegions.size()];
  // Three of the four identifiers: any two records of the entity share two.
  size_t skip = rng.Below(4);
  for (size_t t = 0; t < types.size(); ++t) {
    if (t != skip) rec.record.observables.push_back(Write(types[t], e, rng));
  }
  size_t extra = 0;
  if (rng.Chance(options.hotline_share)) {
    rec.record.observables.push_back(
        {ObservableType::kPhone, kHotlines[rng.Below(kHotlines.size())]});
    ++extra;
  }
  if (extra < 2 && rng.Chance(options.junk_share)) {
    const auto& j = kJunk[rng.Below(kJunk.size())];
    rec.record.observables.push_back({*ParseObservableType(j[0]), j[1]});
    ++extra;
  }
  if (extra < 2 && rng.Chance(options.lookalike_share)) {
    if (rng.Chance(0.5)) {
      rec.record.observables.push_back({ObservableType::kCompanyName,
                                        kLookalikeCompanies[rng.Below(kLookalikeCompanies.size())]});
    } else {
      rec.record.observables.push_back({ObservableType::kAddress,
                                        kLookalikeAddresses[rng.Below(kLookalikeAddresses.size())]});
    }
  }
  return rec;
}

std::vector<LabelledRecord> GenerateLabelled(const GeneratorOptions& options) {
  LabelledGenerator gen(options);
  std::vector<LabelledRecord> out;
  out.reserve(gen.size());
  for (size_t i = 0; i < gen.size(); ++i) out.push_back(gen.Record(i));
  return out;
}

PairwiseScore ScorePairs(const std::vector<Cluster>& clusters,
                         const std::vector<std::pair<std::string, uint32_t>>& truth) {
  auto pairs = [](uint64_t n) { return n * (n - 1) / 2; };
  std::unordered_map<std::string, uint32_t> entity_of;
  std::unordered_map<uint32_t, uint64_t> entity_size;
  for (const auto& [id, entity] : truth) {
    entity_of[id] = entity;
    ++entity_size[entity];
  }
  PairwiseScore score;
  for (const auto& [entity, n] : entity_size) score.true_pairs += pairs(n);
  for (const Cluster& c : clusters) {
    score.predicted_pairs += pairs(c.records.size());
    std::unordered_map<uint32_t, uint64_t> per_entity;
    for (const std::string& id : c.records) ++per_entity[entity_of.at(id)];
    for (const auto& [entity, n] : per_entity) score.correct_pairs += pairs(n);
  }
  return score;
}

}  // namespace ipe::link::testing
