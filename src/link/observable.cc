#include "link/observable.h"

#include <array>

namespace ipe::link {
namespace {

struct TypeName {
  ObservableType type;
  const char* name;
};

constexpr std::array<TypeName, kObservableTypeCount> kTypeNames = {{
    {ObservableType::kUscc, "uscc"},
    {ObservableType::kIdNumber, "id_number"},
    {ObservableType::kPersonName, "person_name"},
    {ObservableType::kCompanyName, "company_name"},
    {ObservableType::kPhone, "phone"},
    {ObservableType::kEmail, "email"},
    {ObservableType::kAddress, "address"},
    {ObservableType::kWebShop, "web_shop"},
    {ObservableType::kUrl, "url"},
    {ObservableType::kDomain, "domain"},
    {ObservableType::kIp, "ip"},
    {ObservableType::kBankAccount, "bank_account"},
    {ObservableType::kWaybill, "waybill"},
    {ObservableType::kTrademarkReg, "trademark_reg"},
    {ObservableType::kWechat, "wechat"},
    {ObservableType::kQq, "qq"},
}};

struct Alias {
  const char* name;
  ObservableType type;
};

constexpr std::array<Alias, 12> kAliases = {{
    {"credit_code", ObservableType::kUscc},
    {"unified_social_credit_code", ObservableType::kUscc},
    {"id_card", ObservableType::kIdNumber},
    {"name", ObservableType::kPersonName},
    {"company", ObservableType::kCompanyName},
    {"mobile", ObservableType::kPhone},
    {"shop", ObservableType::kWebShop},
    {"ip_address", ObservableType::kIp},
    {"bank_card", ObservableType::kBankAccount},
    {"tracking_number", ObservableType::kWaybill},
    {"trademark", ObservableType::kTrademarkReg},
    {"wechat_id", ObservableType::kWechat},
}};

}  // namespace

const char* ObservableTypeName(ObservableType type) {
  return kTypeNames[static_cast<size_t>(type)].name;
}

std::optional<ObservableType> ParseObservableType(std::string_view name) {
  for (const TypeName& t : kTypeNames) {
    if (name == t.name) return t.type;
  }
  for (const Alias& a : kAliases) {
    if (name == a.name) return a.type;
  }
  return std::nullopt;
}

KeyType KeyTypeOf(ObservableType type) {
  switch (type) {
    case ObservableType::kUscc: return KeyType::kUscc;
    case ObservableType::kIdNumber: return KeyType::kIdNumber;
    case ObservableType::kPersonName: return KeyType::kPersonName;
    case ObservableType::kCompanyName: return KeyType::kCompanyName;
    case ObservableType::kPhone: return KeyType::kPhone;
    case ObservableType::kEmail: return KeyType::kEmail;
    case ObservableType::kAddress: return KeyType::kAddress;
    case ObservableType::kWebShop: return KeyType::kWebShop;
    case ObservableType::kUrl: return KeyType::kDomain;
    case ObservableType::kDomain: return KeyType::kDomain;
    case ObservableType::kIp: return KeyType::kIp;
    case ObservableType::kBankAccount: return KeyType::kBankAccount;
    case ObservableType::kWaybill: return KeyType::kWaybill;
    case ObservableType::kTrademarkReg: return KeyType::kTrademarkReg;
    case ObservableType::kWechat: return KeyType::kWechat;
    case ObservableType::kQq: return KeyType::kQq;
  }
  return KeyType::kDomain;  // unreachable: every enumerator is handled above
}

const char* KeyTypeName(KeyType type) {
  switch (type) {
    case KeyType::kUscc: return "uscc";
    case KeyType::kIdNumber: return "id_number";
    case KeyType::kPersonName: return "person_name";
    case KeyType::kCompanyName: return "company_name";
    case KeyType::kPhone: return "phone";
    case KeyType::kEmail: return "email";
    case KeyType::kAddress: return "address";
    case KeyType::kWebShop: return "web_shop";
    case KeyType::kDomain: return "domain";
    case KeyType::kIp: return "ip";
    case KeyType::kBankAccount: return "bank_account";
    case KeyType::kWaybill: return "waybill";
    case KeyType::kTrademarkReg: return "trademark_reg";
    case KeyType::kWechat: return "wechat";
    case KeyType::kQq: return "qq";
  }
  return "?";
}

std::optional<KeyType> ParseKeyType(std::string_view name) {
  for (int i = 0; i < kKeyTypeCount; ++i) {
    auto type = static_cast<KeyType>(i);
    if (name == KeyTypeName(type)) return type;
  }
  return std::nullopt;
}

bool IsStrong(KeyType type) {
  // A trademark registration number names the right holder being infringed, not the infringer:
  // every case against fakes of one brand carries it, so it describes but never identifies.
  return type != KeyType::kPersonName && type != KeyType::kCompanyName &&
         type != KeyType::kAddress && type != KeyType::kTrademarkReg;
}

std::string Key::ToString() const {
  std::string out = KeyTypeName(type);
  out += ':';
  out += value;
  return out;
}

}  // namespace ipe::link
