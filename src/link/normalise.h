#pragma once
// Observable normalisation (要素归一化): every way a phone, credit code, shop or URL is written
// becomes one key, so that "+86 138 0013 8000", "0086-13800138000" and "１３８００１３８０００"
// join. Pure: the public suffix list and the junk list are passed in as data.
//
//   DomainRules psl = DomainRules::Builtin();              // or FromPslText(file bytes)
//   JunkList junk = *JunkList::Parse(DefaultJunkListText(), psl);
//   Normaliser n(&psl, &junk);
//   Normalised r = n.Normalise({ObservableType::kUrl, "https://m.shop.com.cn/x"});
//   // r.verdict == Verdict::kKey, r.key == Key{KeyType::kDomain, "shop.com.cn"}
//
// Rules per type are documented in docs/link.md. Thread-safety: DomainRules, JunkList and
// Normaliser are immutable after construction and safe to share between threads.

#include <array>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/status.h"
#include "link/observable.h"

struct psl_ctx_st;  // libpsl's context (psl_ctx_t)

namespace ipe::link {

/// The public suffix list used to find a host's registrable domain (m.shop.com.cn → shop.com.cn).
class DomainRules {
 public:
  /// libpsl's list compiled into the library (Debian builds it from the `publicsuffix` package).
  static DomainRules Builtin();
  /// Parses the text of a public_suffix_list.dat (the caller reads the file).
  /// InvalidArgument when the text holds no rules.
  static core::Result<DomainRules> FromPslText(std::string_view text);

  DomainRules(DomainRules&&) noexcept;
  DomainRules& operator=(DomainRules&&) noexcept;
  // Owns a libpsl context; copying would double-free it.
  DomainRules(const DomainRules&) = delete;
  DomainRules& operator=(const DomainRules&) = delete;
  ~DomainRules();

  /// The registrable domain of a lower-case Unicode host, or "" when the host is itself a public
  /// suffix ("com.cn") or has no known suffix.
  std::string RegistrableDomain(std::string_view host) const;
  /// Number of rules loaded.
  int RuleCount() const;

 private:
  DomainRules(const psl_ctx_st* ctx, bool owned) : ctx_(ctx), owned_(owned) {}
  const psl_ctx_st* ctx_ = nullptr;
  bool owned_ = false;
};

// ---- Per-type normalisers. Each returns the key value, or:
//   InvalidArgument    — the value is not a well-formed identifier of that type;
//   FailedPrecondition — well-formed but never identifying (a private IP address).

/// E.164 ("+8613800138000"). Chinese mobiles in any common writing take a fast path; everything
/// else (landlines "010-12345678", foreign numbers) goes through libphonenumber with region CN and
/// must be a valid number.
core::Result<std::string> NormalisePhone(std::string_view raw);
/// 18 characters, upper case, spaces and dashes removed; validated by core::ParseUscc (charset,
/// GB 32100-2015 check character, GB 11714 organisation-code check).
core::Result<std::string> NormaliseUscc(std::string_view raw);
/// 18 characters with upper-case X; 15-digit first-generation numbers are upgraded to 18 (GB 11643).
core::Result<std::string> NormaliseIdNumber(std::string_view raw);
/// Lower case; for providers that ignore them, '+tag' (gmail, outlook, icloud …) and dots (gmail)
/// are removed from the local part; IDN domains in Unicode form.
core::Result<std::string> NormaliseEmail(std::string_view raw);
/// The registrable domain of a URL's host (a URL whose host is an IP address → NormaliseIp).
/// `key_type` receives kDomain or kIp.
core::Result<std::string> NormaliseUrl(std::string_view raw, const DomainRules& rules,
                                       KeyType* key_type);
/// A domain (or host, or URL written in a domain field) → its registrable domain.
core::Result<std::string> NormaliseDomain(std::string_view raw, const DomainRules& rules);
/// Canonical text of an IPv4 or IPv6 address (RFC 5952); IPv4-mapped IPv6 → IPv4. Private,
/// loopback, link-local and unspecified addresses are FailedPrecondition.
core::Result<std::string> NormaliseIp(std::string_view raw);
/// Digits only, 10–30 of them.
core::Result<std::string> NormaliseBankAccount(std::string_view raw);
/// Upper-case letters and digits, 8–32 of them.
core::Result<std::string> NormaliseWaybill(std::string_view raw);
/// "第12345678号" → "12345678"; leading zeros dropped; a leading G (Madrid) kept.
core::Result<std::string> NormaliseTrademarkReg(std::string_view raw);
/// "platform:shop_id" with the platform mapped to a canonical code (淘宝 → taobao, 京东 → jd …).
core::Result<std::string> NormaliseWebShop(std::string_view raw);
/// Lower case, 6–40 of [a-z0-9_-], starting with a letter.
core::Result<std::string> NormaliseWechat(std::string_view raw);
/// 5–11 digits without a leading zero.
core::Result<std::string> NormaliseQq(std::string_view raw);
/// Weak attributes: width folded, whitespace removed, ASCII lower-cased; brackets unified.
core::Result<std::string> NormaliseWeak(std::string_view raw);

/// GB 32100-2015 check character for the first 17 characters of a credit code ('\0' if a
/// character is outside the charset). Exposed for generators and tests.
char UsccCheckChar(std::string_view first17);
/// GB 11643 check character ('0'–'9' or 'X') for the first 17 digits of an ID number.
char IdNumberCheckChar(std::string_view first17);

/// What normalising one observable gave.
enum class Verdict : uint8_t {
  kKey,      // `key` is the join key
  kInvalid,  // malformed; `key.value` holds the raw value
  kJunk,     // on the junk list (or never identifying); `key` holds the normalised key if any
};

struct Normalised {
  Verdict verdict = Verdict::kInvalid;
  Key key{KeyType::kPhone, {}};
  std::string reason;  // zh-CN (English) for kInvalid and kJunk
};

/// Known junk values (13800138000, 无, 不详, test@test.com …) that must never join records.
class JunkList {
 public:
  JunkList() = default;
  /// Parses TSV lines `type<TAB>value<TAB>reason`; '#' starts a comment. `type` is an observable
  /// type name, or `*` for a raw value that is junk whatever its type (无, 不详). Typed values
  /// are normalised with `rules` first, so any writing of 13800138000 matches.
  /// InvalidArgument naming the line for an unknown type or a missing field.
  static core::Result<JunkList> Parse(std::string_view tsv, const DomainRules& rules);

  /// The reason when the normalised key is junk, else nullptr.
  const std::string* ReasonForKey(const Key& key) const;
  /// The reason when the raw (trimmed, width-folded) value is junk for any type, or is a listed
  /// value of `type` that does not normalise (a short hotline such as 12315); else nullptr.
  const std::string* ReasonForRaw(ObservableType type, std::string_view raw) const;
  size_t size() const { return size_; }

 private:
  // Raw junk: the reason for any type, and per observable type ("" = not junk for that type).
  struct RawReasons {
    std::string any;
    std::array<std::string, kObservableTypeCount> by_type;
  };
  std::array<std::unordered_map<std::string, std::string>, kKeyTypeCount> by_key_;  // value → reason
  std::unordered_map<std::string, RawReasons> by_raw_;  // folded raw value → reasons
  size_t max_raw_bytes_ = 0;                            // longest raw entry, as written
  size_t size_ = 0;
};

/// The junk list shipped with the binary (src/link/junk_values.tsv).
std::string_view DefaultJunkListText();

/// Normalises observables with a suffix list and a junk list (both borrowed; they must outlive
/// the Normaliser).
class Normaliser {
 public:
  Normaliser(const DomainRules* rules, const JunkList* junk) : rules_(rules), junk_(junk) {}

  /// Never fails: the verdict says whether a key came out, and why not.
  Normalised Normalise(const Observable& obs) const;

 private:
  const DomainRules* rules_;
  const JunkList* junk_;
};

/// The key value for one observable without the junk check (used to build junk lists).
core::Result<Key> NormaliseValue(const Observable& obs, const DomainRules& rules);

}  // namespace ipe::link
