#include "link/normalise.h"

#include <arpa/inet.h>
#include <idn2.h>
#include <libpsl.h>
#include <phonenumbers/phonenumberutil.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <utility>

#include "core/ids.h"
#include "core/strings.h"
#include "link/internal/text.h"

namespace ipe::embedded {
extern const char kLinkJunkValuesTsv[];
extern const unsigned long kLinkJunkValuesTsv_size;
}  // namespace ipe::embedded

namespace ipe::link {

using core::InvalidArgument;
using core::Result;
using internal::AllDigits;
using internal::AsciiLowerInPlace;
using internal::AsciiUpperInPlace;
using internal::FoldWidth;
using internal::IsAsciiAlpha;
using internal::IsAsciiDigit;
using internal::RemoveChars;
using internal::StartsWithIgnoreCase;
using core::TrimAsciiSpace;

// ---- DomainRules

DomainRules DomainRules::Builtin() { return DomainRules(psl_builtin(), /*owned=*/false); }

Result<DomainRules> DomainRules::FromPslText(std::string_view text) {
  // libpsl reads rules from a FILE*; fmemopen gives it one over the caller's bytes (no file I/O).
  std::string copy(text);
  FILE* f = fmemopen(copy.data(), copy.size(), "r");
  if (f == nullptr) return InvalidArgument("公共后缀列表为空 (empty public suffix list)");
  psl_ctx_t* ctx = psl_load_fp(f);
  std::fclose(f);
  if (ctx == nullptr || psl_suffix_count(ctx) <= 0) {
    if (ctx != nullptr) psl_free(ctx);
    return InvalidArgument("公共后缀列表无有效规则 (no rules in public suffix list)");
  }
  return DomainRules(ctx, /*owned=*/true);
}

DomainRules::DomainRules(DomainRules&& other) noexcept
    : ctx_(std::exchange(other.ctx_, nullptr)), owned_(std::exchange(other.owned_, false)) {}

DomainRules& DomainRules::operator=(DomainRules&& other) noexcept {
  if (this != &other) {
    if (owned_ && ctx_ != nullptr) psl_free(const_cast<psl_ctx_t*>(ctx_));
    ctx_ = std::exchange(other.ctx_, nullptr);
    owned_ = std::exchange(other.owned_, false);
  }
  return *this;
}

DomainRules::~DomainRules() {
  if (owned_ && ctx_ != nullptr) psl_free(const_cast<psl_ctx_t*>(ctx_));
}

std::string DomainRules::RegistrableDomain(std::string_view host) const {
  if (ctx_ == nullptr) return {};
  std::string h(host);
  const char* r = psl_registrable_domain(ctx_, h.c_str());
  if (r == nullptr) return {};
  // libpsl treats an unknown TLD by the implicit "*" rule ("shop.con" → "shop.con", "9q.81.1" →
  // "81.1"): require the suffix to be a listed one, so typos and numbers never become keys.
  const char* dot = std::strchr(r, '.');
  if (dot == nullptr || !psl_is_public_suffix2(ctx_, dot + 1, PSL_TYPE_ANY | PSL_TYPE_NO_STAR_RULE)) {
    return {};
  }
  return std::string(r);
}

int DomainRules::RuleCount() const { return ctx_ == nullptr ? 0 : psl_suffix_count(ctx_); }

namespace {

// Width-folded and trimmed: the common first step of every normaliser.
std::string Prepare(std::string_view raw) { return std::string(TrimAsciiSpace(FoldWidth(raw))); }

Result<std::string> Empty() { return InvalidArgument("空值 (empty value)"); }

// ---- Phone

// Chinese mobile numbers: 1[3-9] followed by 9 digits.
bool IsCnMobile(std::string_view national) {
  return national.size() == 11 && national[0] == '1' && national[1] >= '3' && national[1] <= '9' &&
         AllDigits(national);
}

// Digits of a number written with only separators and an optional leading '+'. False when the
// text holds anything else (letters, "转" extensions, "tel:"), which needs the full parser.
bool SimpleDigits(std::string_view s, std::string* digits, bool* plus) {
  *plus = false;
  for (char c : s) {
    if (IsAsciiDigit(c)) {
      *digits += c;
    } else if (c == '+') {
      if (*plus || !digits->empty()) return false;
      *plus = true;
    } else if (c != ' ' && c != '-' && c != '(' && c != ')' && c != '.' && c != '/') {
      return false;
    }
  }
  return !digits->empty();
}

// The fast path for numbers of China (+86), written with separators and the usual +86 / 0086 /
// 86 / trunk-0 prefixes. Returns the national significant number, or "" when the full parser is
// needed. Parsing is where libphonenumber spends its time (~10 us); validity is still its call.
std::string CnNational(std::string_view s) {
  std::string digits;
  bool plus = false;
  if (!SimpleDigits(s, &digits, &plus)) return {};
  std::string_view national = digits;
  if (plus) {
    if (national.substr(0, 2) != "86") return {};
    national.remove_prefix(2);
  } else if (national.substr(0, 4) == "0086") {
    national.remove_prefix(4);
  } else if (national.size() == 13 && national.substr(0, 2) == "86" &&
             IsCnMobile(national.substr(2))) {
    national.remove_prefix(2);
  } else if (national.substr(0, 1) == "0") {
    national.remove_prefix(1);  // trunk prefix before an area code: 010-…, 0755-…
  }
  if (national.empty() || national[0] == '0' || national.size() < 7 || national.size() > 11) {
    return {};
  }
  return std::string(national);
}

}  // namespace

Result<std::string> NormalisePhone(std::string_view raw) {
  std::string s = Prepare(raw);
  if (s.empty()) return Empty();
  using i18n::phonenumbers::PhoneNumber;
  using i18n::phonenumbers::PhoneNumberUtil;
  const PhoneNumberUtil* util = PhoneNumberUtil::GetInstance();

  if (std::string national = CnNational(s); !national.empty()) {
    if (IsCnMobile(national)) return "+86" + national;
    PhoneNumber number;
    number.set_country_code(86);
    number.set_national_number(std::strtoull(national.c_str(), nullptr, 10));
    if (!util->IsValidNumber(number)) {
      return InvalidArgument("无效的电话号码 (not a valid phone number)");
    }
    return "+86" + national;
  }

  PhoneNumber number;
  if (util->Parse(s, "CN", &number) != PhoneNumberUtil::NO_PARSING_ERROR) {
    return InvalidArgument("无法解析的电话号码 (unparseable phone number)");
  }
  std::string e164;
  util->Format(number, PhoneNumberUtil::E164, &e164);
  // Keep the two paths in agreement: a CN mobile is accepted whichever path it took.
  bool cn_mobile = e164.size() == 14 && e164.compare(0, 3, "+86") == 0 &&
                   IsCnMobile(std::string_view(e164).substr(3));
  if (!cn_mobile && !util->IsValidNumber(number)) {
    return InvalidArgument("无效的电话号码 (not a valid phone number)");
  }
  return e164;
}

// ---- USCC and ID number

namespace {
constexpr std::string_view kUsccCharset = "0123456789ABCDEFGHJKLMNPQRTUWXY";
constexpr std::array<int, 17> kUsccWeights = {1,  3,  9,  27, 19, 26, 16, 17, 20,
                                              29, 25, 13, 8,  24, 10, 30, 28};
constexpr std::array<int, 17> kIdWeights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
}  // namespace

char UsccCheckChar(std::string_view first17) {
  if (first17.size() < 17) return '\0';
  int sum = 0;
  for (size_t i = 0; i < 17; ++i) {
    size_t v = kUsccCharset.find(first17[i]);
    if (v == std::string_view::npos) return '\0';
    sum += static_cast<int>(v) * kUsccWeights[i];
  }
  return kUsccCharset[(31 - sum % 31) % 31];
}

char IdNumberCheckChar(std::string_view first17) {
  if (first17.size() < 17) return '\0';
  int sum = 0;
  for (size_t i = 0; i < 17; ++i) {
    if (!IsAsciiDigit(first17[i])) return '\0';
    sum += (first17[i] - '0') * kIdWeights[i];
  }
  return "10X98765432"[sum % 11];
}

Result<std::string> NormaliseUscc(std::string_view raw) {
  // core::ParseUscc checks the charset, the GB 32100 check character and the embedded GB 11714
  // organisation code; it does not drop inner spaces and dashes, which people type.
  std::string s = RemoveChars(Prepare(raw), " -\t");
  if (s.empty()) return Empty();
  core::IdResult<core::Uscc> parsed = core::ParseUscc(s);
  if (!parsed.ok) {
    return InvalidArgument(parsed.error.message + " (invalid credit code: " +
                           core::IdErrorName(parsed.error.reason) + ")");
  }
  return parsed.value.str();
}

Result<std::string> NormaliseIdNumber(std::string_view raw) {
  std::string s = RemoveChars(Prepare(raw), " -\t");
  if (s.empty()) return Empty();
  AsciiUpperInPlace(s);
  if (s.size() == 15 && AllDigits(s)) {
    // First-generation (1984–2004) numbers: 6-digit region, 2-digit year of the 1900s, no check.
    std::string upgraded = s.substr(0, 6) + "19" + s.substr(6);
    upgraded += IdNumberCheckChar(upgraded);
    s = std::move(upgraded);
  }
  if (s.size() != 18 || !AllDigits(std::string_view(s).substr(0, 17)) ||
      !(IsAsciiDigit(s[17]) || s[17] == 'X')) {
    return InvalidArgument("身份证号码格式错误 (ID number must be 18 characters)");
  }
  int month = (s[10] - '0') * 10 + (s[11] - '0');
  int day = (s[12] - '0') * 10 + (s[13] - '0');
  if (month < 1 || month > 12 || day < 1 || day > 31) {
    return InvalidArgument("身份证号码出生日期无效 (invalid birth date in ID number)");
  }
  if (IdNumberCheckChar(s) != s[17]) {
    return InvalidArgument("身份证号码校验位错误 (ID number check digit mismatch)");
  }
  return s;
}

// ---- Hosts, URLs, domains, e-mail

namespace {

// Canonical host: ASCII lower case, IDN in Unicode form (TR46-mapped), no trailing dot.
// Returns "" when the host is malformed.
namespace {

std::string CanonicalHostOnce(std::string_view raw_host) {
  std::string host;
  // Ideographic full stops separate labels in hand-typed Chinese domains (例子。中国).
  for (size_t i = 0; i < raw_host.size(); ++i) {
    if (raw_host.substr(i, 3) == "\xE3\x80\x82" || raw_host.substr(i, 3) == "\xEF\xBD\xA1") {
      host += '.';
      i += 2;
    } else {
      host += raw_host[i];
    }
  }
  while (!host.empty() && host.back() == '.') host.pop_back();
  if (host.empty() || host.size() > 253) return {};
  bool ascii = true;
  for (char c : host) {
    auto uc = static_cast<unsigned char>(c);
    if (uc >= 0x80) ascii = false;
    // Control bytes and NUL never occur in host names (and NUL would cut the C strings below).
    if (uc < 0x21 || uc == 0x7F) return {};
  }
  if (ascii) {
    AsciiLowerInPlace(host);
    for (char c : host) {
      if (!(IsAsciiAlpha(c) || IsAsciiDigit(c) || c == '-' || c == '.' || c == '_')) return {};
    }
    if (host.find("..") != std::string::npos || host.front() == '.') return {};
    if (host.find("xn--") == std::string::npos) return host;
  }
  // Non-ASCII or punycode: map through IDNA (lower-cases and NFC-normalises) and back to Unicode.
  char* ascii_form = nullptr;
  if (idn2_to_ascii_8z(host.c_str(), &ascii_form, IDN2_NONTRANSITIONAL | IDN2_NFC_INPUT) !=
      IDN2_OK) {
    return {};
  }
  char* unicode_form = nullptr;
  int rc = idn2_to_unicode_8z8z(ascii_form, &unicode_form, 0);
  idn2_free(ascii_form);
  if (rc != IDN2_OK) return {};
  std::string out(unicode_form);
  idn2_free(unicode_form);
  return out;
}

}  // namespace

std::string CanonicalHost(std::string_view raw_host) {
  std::string host = CanonicalHostOnce(raw_host);
  // IDNA may map a character to one the checks above refuse (U+2002 EN SPACE → ' '): a canonical
  // host must come back unchanged, or a key would not match itself when normalised again.
  if (!host.empty() && CanonicalHostOnce(host) != host) return {};
  return host;
}

bool LooksLikeIp(std::string_view host) {
  if (host.find(':') != std::string_view::npos) return true;  // IPv6
  for (char c : host) {
    if (!IsAsciiDigit(c) && c != '.') return false;
  }
  return !host.empty();
}

Result<std::string> RegistrableOf(std::string_view raw_host, const DomainRules& rules) {
  std::string host = CanonicalHost(raw_host);
  if (host.empty()) return InvalidArgument("域名格式错误 (malformed host name)");
  std::string reg = rules.RegistrableDomain(host);
  if (reg.empty()) {
    return InvalidArgument("不是可注册域名 (no registrable domain: public suffix or unknown TLD)");
  }
  return reg;
}

// Splits "scheme://user@host:port/path" and returns the host ("[v6]" brackets removed).
std::string_view UrlHost(std::string_view s) {
  if (size_t scheme = s.find("://"); scheme != std::string_view::npos) {
    s.remove_prefix(scheme + 3);
  } else if (StartsWithIgnoreCase(s, "//")) {
    s.remove_prefix(2);
  }
  size_t end = s.find_first_of("/?#\\");
  if (end != std::string_view::npos) s = s.substr(0, end);
  if (size_t at = s.rfind('@'); at != std::string_view::npos) s.remove_prefix(at + 1);
  if (!s.empty() && s.front() == '[') {
    size_t close = s.find(']');
    return close == std::string_view::npos ? std::string_view() : s.substr(1, close - 1);
  }
  if (size_t colon = s.find(':'); colon != std::string_view::npos) s = s.substr(0, colon);
  return s;
}

}  // namespace

Result<std::string> NormaliseUrl(std::string_view raw, const DomainRules& rules,
                                 KeyType* key_type) {
  std::string s = Prepare(raw);
  if (s.empty()) return Empty();
  std::string_view host = UrlHost(s);
  if (host.empty()) return InvalidArgument("网址缺少主机名 (URL has no host)");
  if (LooksLikeIp(host)) {
    *key_type = KeyType::kIp;
    return NormaliseIp(host);
  }
  *key_type = KeyType::kDomain;
  return RegistrableOf(host, rules);
}

Result<std::string> NormaliseDomain(std::string_view raw, const DomainRules& rules) {
  std::string s = Prepare(raw);
  if (s.empty()) return Empty();
  std::string_view host = UrlHost(s);
  if (host.empty()) return InvalidArgument("域名格式错误 (malformed domain)");
  if (LooksLikeIp(host)) return InvalidArgument("这是IP地址而非域名 (an IP address, not a domain)");
  return RegistrableOf(host, rules);
}

namespace {
// Providers that deliver "user+tag@" to "user@": the tag is dropped.
constexpr std::array<std::string_view, 10> kPlusTagProviders = {
    "gmail.com",   "googlemail.com", "outlook.com", "hotmail.com",    "live.com",
    "icloud.com",  "me.com",         "proton.me",   "protonmail.com", "fastmail.com"};
}  // namespace

Result<std::string> NormaliseEmail(std::string_view raw) {
  std::string s = Prepare(raw);
  if (StartsWithIgnoreCase(s, "mailto:")) s.erase(0, 7);
  if (s.empty()) return Empty();
  size_t at = s.rfind('@');
  if (at == std::string::npos || at == 0 || at + 1 == s.size()) {
    return InvalidArgument("邮箱地址格式错误 (malformed e-mail address)");
  }
  std::string local = s.substr(0, at);
  for (char c : local) {
    auto uc = static_cast<unsigned char>(c);
    if (uc < 0x21 || uc == 0x7F || c == '@' || c == '<' || c == '>' || c == ',' || c == ';') {
      return InvalidArgument("邮箱地址格式错误 (malformed e-mail address)");
    }
  }
  std::string domain = CanonicalHost(std::string_view(s).substr(at + 1));
  if (domain.empty() || domain.find('.') == std::string::npos) {
    return InvalidArgument("邮箱域名格式错误 (malformed e-mail domain)");
  }
  AsciiLowerInPlace(local);
  if (domain == "googlemail.com") domain = "gmail.com";
  for (std::string_view provider : kPlusTagProviders) {
    if (domain == provider) {
      if (size_t plus = local.find('+'); plus != std::string::npos && plus > 0) local.resize(plus);
      break;
    }
  }
  if (domain == "gmail.com") local = RemoveChars(local, ".");
  if (local.empty()) return InvalidArgument("邮箱地址格式错误 (malformed e-mail address)");
  return local + "@" + domain;
}

// ---- IP

Result<std::string> NormaliseIp(std::string_view raw) {
  std::string s = Prepare(raw);
  if (s.empty()) return Empty();
  if (s.size() > 2 && s.front() == '[' && s.back() == ']') s = s.substr(1, s.size() - 2);
  if (size_t zone = s.find('%'); zone != std::string::npos) s.resize(zone);
  unsigned char buf[16];
  char text[INET6_ADDRSTRLEN];
  auto private_v4 = [](const unsigned char* a) {
    return a[0] == 10 || a[0] == 127 || a[0] == 0 || (a[0] == 172 && (a[1] & 0xF0) == 16) ||
           (a[0] == 192 && a[1] == 168) || (a[0] == 169 && a[1] == 254) ||
           (a[0] == 100 && (a[1] & 0xC0) == 64) || a[0] >= 224;
  };
  if (inet_pton(AF_INET, s.c_str(), buf) == 1) {
    if (private_v4(buf)) {
      return core::FailedPrecondition("内网或保留地址 (private or reserved IPv4 address)");
    }
    inet_ntop(AF_INET, buf, text, sizeof(text));
    return std::string(text);
  }
  if (inet_pton(AF_INET6, s.c_str(), buf) == 1) {
    static constexpr unsigned char kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF};
    if (std::memcmp(buf, kMapped, 12) == 0) {
      if (private_v4(buf + 12)) {
        return core::FailedPrecondition("内网或保留地址 (private or reserved IPv4 address)");
      }
      inet_ntop(AF_INET, buf + 12, text, sizeof(text));
      return std::string(text);
    }
    bool unspecified_or_loopback = true;
    for (int i = 0; i < 15; ++i) unspecified_or_loopback &= buf[i] == 0;
    unspecified_or_loopback &= buf[15] <= 1;
    bool link_local = buf[0] == 0xFE && (buf[1] & 0xC0) == 0x80;
    bool unique_local = (buf[0] & 0xFE) == 0xFC;
    if (unspecified_or_loopback || link_local || unique_local || buf[0] == 0xFF) {
      return core::FailedPrecondition("内网或保留地址 (private or reserved IPv6 address)");
    }
    inet_ntop(AF_INET6, buf, text, sizeof(text));
    return std::string(text);
  }
  return InvalidArgument("IP地址格式错误 (malformed IP address)");
}

// ---- Account-like identifiers

Result<std::string> NormaliseBankAccount(std::string_view raw) {
  std::string s = RemoveChars(Prepare(raw), " -\t");
  if (s.empty()) return Empty();
  if (!AllDigits(s) || s.size() < 10 || s.size() > 30) {
    return InvalidArgument("银行账号应为10至30位数字 (bank account must be 10-30 digits)");
  }
  return s;
}

Result<std::string> NormaliseWaybill(std::string_view raw) {
  std::string s = RemoveChars(Prepare(raw), " -\t");
  if (s.empty()) return Empty();
  AsciiUpperInPlace(s);
  for (char c : s) {
    if (!IsAsciiDigit(c) && !(c >= 'A' && c <= 'Z')) {
      return InvalidArgument("运单号含非法字符 (waybill number must be letters and digits)");
    }
  }
  if (s.size() < 8 || s.size() > 32) {
    return InvalidArgument("运单号长度应为8至32位 (waybill number must be 8-32 chars)");
  }
  return s;
}

Result<std::string> NormaliseTrademarkReg(std::string_view raw) {
  std::string s = RemoveChars(Prepare(raw), " \t");
  if (s.empty()) return Empty();
  constexpr std::string_view kDi = "\xE7\xAC\xAC";   // 第
  constexpr std::string_view kHao = "\xE5\x8F\xB7";  // 号
  if (s.compare(0, kDi.size(), kDi) == 0) s.erase(0, kDi.size());
  if (s.size() >= kHao.size() && s.compare(s.size() - kHao.size(), kHao.size(), kHao) == 0) {
    s.resize(s.size() - kHao.size());
  }
  std::string prefix;
  if (!s.empty() && (s[0] == 'G' || s[0] == 'g')) {
    prefix = "G";
    s.erase(0, 1);
  }
  if (!AllDigits(s) || s.size() > 12) {
    return InvalidArgument("商标注册号应为数字 (trademark registration number must be digits)");
  }
  size_t nz = s.find_first_not_of('0');
  if (nz == std::string::npos) return InvalidArgument("商标注册号不能全为零 (all zeros)");
  return prefix + s.substr(nz);
}

namespace {
struct PlatformAlias {
  std::string_view alias;
  std::string_view code;
};
// Canonical platform codes; aliases are matched after ASCII lower-casing.
constexpr std::array<PlatformAlias, 30> kPlatforms = {{
    {"taobao", "taobao"},       {"淘宝", "taobao"},          {"tmall", "tmall"},
    {"天猫", "tmall"},          {"jd", "jd"},                {"jingdong", "jd"},
    {"京东", "jd"},             {"pdd", "pdd"},              {"pinduoduo", "pdd"},
    {"拼多多", "pdd"},          {"douyin", "douyin"},        {"抖音", "douyin"},
    {"kuaishou", "kuaishou"},   {"快手", "kuaishou"},        {"xianyu", "xianyu"},
    {"goofish", "xianyu"},      {"闲鱼", "xianyu"},          {"xiaohongshu", "xiaohongshu"},
    {"xhs", "xiaohongshu"},     {"小红书", "xiaohongshu"},   {"weidian", "weidian"},
    {"微店", "weidian"},        {"1688", "1688"},            {"阿里巴巴", "1688"},
    {"vip", "vip"},             {"唯品会", "vip"},           {"suning", "suning"},
    {"苏宁", "suning"},         {"dewu", "dewu"},            {"得物", "dewu"},
}};
}  // namespace

Result<std::string> NormaliseWebShop(std::string_view raw) {
  std::string s = Prepare(raw);
  if (s.empty()) return Empty();
  size_t sep = s.find(':');
  if (sep == std::string::npos) sep = s.find(' ');
  if (sep == std::string::npos) {
    return InvalidArgument("网店应写作 平台:店铺ID (web shop must be platform:shop_id)");
  }
  std::string platform(TrimAsciiSpace(std::string_view(s).substr(0, sep)));
  std::string shop(TrimAsciiSpace(std::string_view(s).substr(sep + 1)));
  AsciiLowerInPlace(platform);
  AsciiLowerInPlace(shop);
  if (platform.empty() || shop.empty()) {
    return InvalidArgument("网店应写作 平台:店铺ID (web shop must be platform:shop_id)");
  }
  for (const PlatformAlias& p : kPlatforms) {
    if (platform == p.alias) {
      platform = p.code;
      break;
    }
  }
  for (char c : platform + shop) {
    auto uc = static_cast<unsigned char>(c);
    if (uc < 0x21 || uc == 0x7F || c == ':') {
      return InvalidArgument("网店ID含空白或冒号 (web shop id contains space or colon)");
    }
  }
  return platform + ":" + shop;
}

Result<std::string> NormaliseWechat(std::string_view raw) {
  std::string s = Prepare(raw);
  if (s.empty()) return Empty();
  AsciiLowerInPlace(s);
  if (s.size() < 6 || s.size() > 40 || !IsAsciiAlpha(s[0])) {
    return InvalidArgument("微信号应以字母开头、6至40位 (WeChat id: 6-40 chars, starts with a letter)");
  }
  for (char c : s) {
    if (!IsAsciiAlpha(c) && !IsAsciiDigit(c) && c != '_' && c != '-') {
      return InvalidArgument("微信号含非法字符 (invalid character in WeChat id)");
    }
  }
  return s;
}

Result<std::string> NormaliseQq(std::string_view raw) {
  std::string s = Prepare(raw);
  if (StartsWithIgnoreCase(s, "qq")) s = std::string(TrimAsciiSpace(std::string_view(s).substr(2)));
  if (!s.empty() && s[0] == ':') s = std::string(TrimAsciiSpace(std::string_view(s).substr(1)));
  if (s.empty()) return Empty();
  if (!AllDigits(s) || s.size() < 5 || s.size() > 11 || s[0] == '0') {
    return InvalidArgument("QQ号应为5至11位数字 (QQ number must be 5-11 digits)");
  }
  return s;
}

Result<std::string> NormaliseWeak(std::string_view raw) {
  std::string s = RemoveChars(Prepare(raw), " \t\r\n");
  if (s.empty()) return Empty();
  AsciiLowerInPlace(s);
  // 【】 and 〔〕 are used as brackets in names and addresses as often as ().
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    std::string_view rest = std::string_view(s).substr(i);
    if (rest.starts_with("【") || rest.starts_with("〔")) {
      out += '(';
      i += 2;
    } else if (rest.starts_with("】") || rest.starts_with("〕")) {
      out += ')';
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

// ---- Dispatch

Result<Key> NormaliseValue(const Observable& obs, const DomainRules& rules) {
  KeyType type = KeyTypeOf(obs.type);
  Result<std::string> value = [&]() -> Result<std::string> {
    switch (obs.type) {
      case ObservableType::kUscc: return NormaliseUscc(obs.value);
      case ObservableType::kIdNumber: return NormaliseIdNumber(obs.value);
      case ObservableType::kPhone: return NormalisePhone(obs.value);
      case ObservableType::kEmail: return NormaliseEmail(obs.value);
      case ObservableType::kWebShop: return NormaliseWebShop(obs.value);
      case ObservableType::kUrl: return NormaliseUrl(obs.value, rules, &type);
      case ObservableType::kDomain: return NormaliseDomain(obs.value, rules);
      case ObservableType::kIp: return NormaliseIp(obs.value);
      case ObservableType::kBankAccount: return NormaliseBankAccount(obs.value);
      case ObservableType::kWaybill: return NormaliseWaybill(obs.value);
      case ObservableType::kTrademarkReg: return NormaliseTrademarkReg(obs.value);
      case ObservableType::kWechat: {
        // "微信同号": a WeChat field holding a mobile number is that phone.
        Result<std::string> wx = NormaliseWechat(obs.value);
        if (wx) return wx;
        Result<std::string> phone = NormalisePhone(obs.value);
        if (phone && AllDigits(RemoveChars(Prepare(obs.value), " -+"))) {
          type = KeyType::kPhone;
          return phone;
        }
        return wx;
      }
      case ObservableType::kQq: return NormaliseQq(obs.value);
      case ObservableType::kPersonName:
      case ObservableType::kCompanyName:
      case ObservableType::kAddress: return NormaliseWeak(obs.value);
    }
    return InvalidArgument("未知类型 (unknown type)");
  }();
  if (!value) return std::move(value).error();
  return Key{type, std::move(*value)};
}

// ---- Junk list

Result<JunkList> JunkList::Parse(std::string_view tsv, const DomainRules& rules) {
  JunkList list;
  int line_no = 0;
  while (!tsv.empty()) {
    size_t nl = tsv.find('\n');
    std::string_view line = tsv.substr(0, nl);
    tsv.remove_prefix(nl == std::string_view::npos ? tsv.size() : nl + 1);
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (TrimAsciiSpace(line).empty() || TrimAsciiSpace(line).front() == '#') continue;
    size_t t1 = line.find('\t');
    size_t t2 = t1 == std::string_view::npos ? t1 : line.find('\t', t1 + 1);
    if (t2 == std::string_view::npos) {
      return InvalidArgument("垃圾值列表第" + std::to_string(line_no) +
                             "行应有三列 (junk list line needs type, value, reason)");
    }
    std::string_view type_name = line.substr(0, t1);
    std::string_view value = line.substr(t1 + 1, t2 - t1 - 1);
    std::string reason(TrimAsciiSpace(line.substr(t2 + 1)));
    if (reason.empty()) reason = "垃圾值 (junk value)";
    ++list.size_;
    if (type_name == "*") {
      list.by_raw_[Prepare(value)].any = reason;
      list.max_raw_bytes_ = std::max(list.max_raw_bytes_, value.size());
      continue;
    }
    std::optional<ObservableType> type = ParseObservableType(type_name);
    if (!type) {
      return InvalidArgument("垃圾值列表第" + std::to_string(line_no) + "行类型未知 (unknown type " +
                             std::string(type_name) + ")");
    }
    Result<Key> key = NormaliseValue({*type, std::string(value)}, rules);
    if (key) {
      list.by_key_[static_cast<size_t>(key->type)][key->value] = reason;
    } else {
      // Not a well-formed value of its type (a short hotline such as 12315): matched as written,
      // so it is reported as junk rather than as malformed.
      list.by_raw_[Prepare(value)].by_type[static_cast<size_t>(*type)] = reason;
      list.max_raw_bytes_ = std::max(list.max_raw_bytes_, value.size());
    }
  }
  return list;
}

const std::string* JunkList::ReasonForKey(const Key& key) const {
  const auto& table = by_key_[static_cast<size_t>(key.type)];
  if (table.empty()) return nullptr;
  auto it = table.find(key.value);
  return it == table.end() ? nullptr : &it->second;
}

const std::string* JunkList::ReasonForRaw(ObservableType type, std::string_view raw) const {
  // Width folding only shrinks text (3-byte full-width → 1 byte), so a raw value much longer than
  // the longest entry cannot match; most values skip the fold and the lookup.
  std::string_view trimmed = TrimAsciiSpace(raw);
  if (by_raw_.empty() || trimmed.size() > 3 * max_raw_bytes_) return nullptr;
  auto it = by_raw_.find(Prepare(trimmed));
  if (it == by_raw_.end()) return nullptr;
  if (!it->second.any.empty()) return &it->second.any;
  const std::string& typed = it->second.by_type[static_cast<size_t>(type)];
  return typed.empty() ? nullptr : &typed;
}

std::string_view DefaultJunkListText() {
  return {embedded::kLinkJunkValuesTsv, embedded::kLinkJunkValuesTsv_size};
}

Normalised Normaliser::Normalise(const Observable& obs) const {
  Normalised out;
  out.key.type = KeyTypeOf(obs.type);
  if (junk_ != nullptr) {
    if (const std::string* reason = junk_->ReasonForRaw(obs.type, obs.value)) {
      out.verdict = Verdict::kJunk;
      out.key.value = Prepare(obs.value);
      out.reason = *reason;
      return out;
    }
  }
  Result<Key> key = NormaliseValue(obs, *rules_);
  if (!key) {
    out.verdict = key.error().code() == core::StatusCode::kFailedPrecondition ? Verdict::kJunk
                                                                               : Verdict::kInvalid;
    out.key.value = Prepare(obs.value);
    out.reason = key.error().message();
    return out;
  }
  out.key = std::move(*key);
  if (junk_ != nullptr) {
    if (const std::string* reason = junk_->ReasonForKey(out.key)) {
      out.verdict = Verdict::kJunk;
      out.reason = *reason;
      return out;
    }
  }
  out.verdict = Verdict::kKey;
  return out;
}

}  // namespace ipe::link
