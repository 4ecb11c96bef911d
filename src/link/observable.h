#pragma once
// Observables (可关联要素): the typed values a lead, complaint, seizure or monitoring hit carries
// (a phone number, a web shop, a credit code …) and the normalised keys they are joined on.
//
//   auto type = ParseObservableType("phone");          // ObservableType::kPhone
//   IsStrong(ObservableType::kCompanyName)             // false: shown as similar, never joins
//   Key k{KeyType::kPhone, "+8613800138000"};
//   k.ToString()                                       // "phone:+8613800138000"
//
// Strong identifiers (phone, credit code, web shop …) normalise to one key each and join records.
// Weak attributes (person name, company name, address, trademark registration number) normalise
// for "similar" display only: two records that share nothing but a company name are never put in
// one cluster.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ipe::link {

/// The type of an observable as written in input (`{"type":"phone","value":"…"}`).
enum class ObservableType : uint8_t {
  kUscc,          // 统一社会信用代码 — unified social credit code
  kIdNumber,      // 居民身份证号码 — resident ID number
  kPersonName,    // 姓名 (weak)
  kCompanyName,   // 企业名称 (weak)
  kPhone,         // 电话
  kEmail,         // 电子邮箱
  kAddress,       // 地址 (weak)
  kWebShop,       // 网店 — "platform:shop_id"
  kUrl,           // 网址; keyed by its registrable domain
  kDomain,        // 域名
  kIp,            // IP 地址
  kBankAccount,   // 银行账号
  kWaybill,       // 运单号
  kTrademarkReg,  // 商标注册号 (weak: names the infringed right holder, not the infringer)
  kWechat,        // 微信号
  kQq,            // QQ 号
};

inline constexpr int kObservableTypeCount = 16;

/// The type of a normalised key. URLs and domains share kDomain so that a URL joins its domain
/// (MISP #2272: "URLs do not correlate with their domains").
enum class KeyType : uint8_t {
  kUscc,
  kIdNumber,
  kPersonName,
  kCompanyName,
  kPhone,
  kEmail,
  kAddress,
  kWebShop,
  kDomain,
  kIp,
  kBankAccount,
  kWaybill,
  kTrademarkReg,
  kWechat,
  kQq,
};

inline constexpr int kKeyTypeCount = 15;

/// Stable lower-case name used in JSON ("uscc", "id_number", "web_shop" …).
const char* ObservableTypeName(ObservableType type);
/// Parses a type name; also accepts a few aliases ("credit_code", "mobile", "shop", "wechat_id").
/// Returns nullopt for an unknown name.
std::optional<ObservableType> ParseObservableType(std::string_view name);

const char* KeyTypeName(KeyType type);
std::optional<KeyType> ParseKeyType(std::string_view name);

/// The key type an observable type normalises to (kUrl → kDomain, the rest one-to-one).
KeyType KeyTypeOf(ObservableType type);

/// True for types that join records: all except person name, company name, address and trademark
/// registration number (which names the infringed brand, not the infringer).
bool IsStrong(KeyType type);
inline bool IsStrong(ObservableType type) { return IsStrong(KeyTypeOf(type)); }

/// One observable as it arrives: a type and the value as written.
struct Observable {
  ObservableType type;
  std::string value;
};

/// A normalised key: records with equal strong keys are linked.
struct Key {
  KeyType type;
  std::string value;

  /// "type:value", the form used in reports and as the index's interned key.
  std::string ToString() const;
  friend bool operator==(const Key&, const Key&) = default;
  friend auto operator<=>(const Key&, const Key&) = default;
};

}  // namespace ipe::link
