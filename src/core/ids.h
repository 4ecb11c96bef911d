#pragma once
// Validated identifiers: the unified social credit code (统一社会信用代码, GB 32100-2015) and the
// resident identity number (公民身份号码, GB 11643-1999). Values can only be built by the parsers,
// so holding a Uscc or ResidentId means the check character was right.
//
//   auto code = core::ParseUscc("91350100M000100Y43");   // ok
//   auto id = core::ParseResidentId("11010519491231002X"); id->birth_date() == 1949-12-31
//
// Input is normalised first: surrounding spaces trimmed, full-width letters and digits folded to
// ASCII, lower case to upper case.

#include <string>
#include <string_view>

#include "core/status.h"
#include "core/time.h"

namespace ipe::core {

/// Why a code was rejected.
enum class IdError {
  kLength,        // wrong number of characters
  kCharset,       // a character outside the code's alphabet
  kCheckDigit,    // the check character does not match
  kOrgCode,       // USCC: the embedded 组织机构代码 fails its own check (GB 11714)
  kBirthDate,     // resident ID: not a real date, or in the future
  kRegion,        // resident ID: the address code's province does not exist
};
/// "length", "charset", "check_digit", "org_code", "birth_date", "region".
const char* IdErrorName(IdError e);

/// A failed parse: the reason and a zh-CN message.
struct IdParseError {
  IdError reason;
  std::string message;
};

template <typename T>
struct IdResult {
  bool ok = false;
  T value{};
  IdParseError error{IdError::kLength, ""};
};

class Uscc {
 public:
  Uscc() = default;
  const std::string& str() const { return code_; }
  char registration_authority() const { return code_[0]; }  // 9 = market regulation …
  std::string region_code() const { return code_.substr(2, 6); }

 private:
  friend IdResult<Uscc> ParseUscc(std::string_view text);
  std::string code_;
};

class ResidentId {
 public:
  ResidentId() = default;
  const std::string& str() const { return code_; }
  Date birth_date() const { return birth_; }
  bool is_male() const { return male_; }
  std::string region_code() const { return code_.substr(0, 6); }
  bool is_legacy_15() const { return legacy_; }

 private:
  friend IdResult<ResidentId> ParseResidentId(std::string_view text, Date today);
  std::string code_;
  Date birth_;
  bool male_ = false;
  bool legacy_ = false;
};

/// Normalises (trim, full-width → ASCII, upper case). Used by the parsers and the link module.
std::string NormaliseIdText(std::string_view text);

IdResult<Uscc> ParseUscc(std::string_view text);

/// 18-character numbers with the MOD 11-2 check; 15-digit numbers of the 1989 standard (no check
/// character, 19YYMMDD birth date) are accepted and flagged legacy. Birth dates after `today`
/// are rejected.
IdResult<ResidentId> ParseResidentId(std::string_view text, Date today);

/// Masks for display outside a record's scope (docs/identifiers.md):
/// "110105********002X" (keep the 6-digit address code and the last 4), 15-digit alike.
std::string MaskResidentId(std::string_view id);
/// "138****8000" (keep the first 3 and last 4 digits of a mobile number; landlines keep the
/// area code and last 2).
std::string MaskPhone(std::string_view phone);
/// "张*", "欧阳**": keep the first character (code point) of a person's name.
std::string MaskPersonName(std::string_view name);

}  // namespace ipe::core
