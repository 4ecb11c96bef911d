#pragma once
// Validated identifiers: the unified social credit code (统一社会信用代码, GB 32100-2015) and the
// resident identity number (公民身份号码, GB 11643-1999). Values can only be built by the parsers,
// so holding a Uscc or ResidentId means every check below passed. docs/identifiers.md has the
// rules, the order they are checked in, and the reasons for each decision.
//
//   auto code = core::ParseUscc("91350100M000100Y43");          // code.has_value()
//   auto id = core::ParseResidentId("11010519491231002X", today);
//   id->birth_date() == 1949-12-31, id->sex() == Sex::kFemale
//   auto bad = core::ParseUscc("91350100M000100Y44");           // bad.error.reason == kCheckDigit
//
// Input is normalised first (NormaliseIdText): spaces trimmed, full-width letters and digits folded
// to ASCII, lower case to upper case. Inner spaces or dashes are not removed: "9135 0100…" is a
// length error, so that what is stored is what was checked.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"
#include "core/time.h"

namespace ipe::core {

/// Why a code was rejected. Checked in this order; the first failing rule is the reason.
///   credit code: kLength, kCharset, kCheckDigit, kOrgCode
///   resident ID: kLength, kCharset, kCheckDigit (18 characters only), kBirthDate, kRegion
enum class IdError {
  kLength,      // wrong number of characters
  kCharset,     // a character outside the code's alphabet
  kCheckDigit,  // the final check character does not match
  kOrgCode,     // credit code: the embedded 组织机构代码 (positions 9–17) fails its GB 11714 check
  kBirthDate,   // resident ID: not a real date, before 1800, or after `today`
  kRegion,      // resident ID: the address code's province (first two digits) does not exist
};
/// Stable lower-case names used in JSON and logs: "length", "charset", "check_digit", "org_code",
/// "birth_date", "region".
const char* IdErrorName(IdError e);

/// A failed parse: the reason and a zh-CN message for the officer.
struct IdParseError {
  IdError reason = IdError::kLength;
  std::string message;
};

/// The outcome of an identifier parse. Read `ok`/`value`/`error`, or use the Result-like
/// accessors (has_value(), *, ->); status() converts a failure to core::Status (InvalidArgument
/// whose single field error is {"reason", IdErrorName(reason)}).
template <typename T>
struct IdResult {
  bool ok = false;
  T value{};
  IdParseError error{};

  bool has_value() const { return ok; }
  explicit operator bool() const { return ok; }
  const T& operator*() const { return value; }
  const T* operator->() const { return &value; }
  Status status() const {
    if (ok) return Status::Ok();
    return InvalidArgument(error.message).AddFieldError("reason", IdErrorName(error.reason));
  }
};

/// 统一社会信用代码. 18 characters: registration authority, organisation type, the registering
/// office's GB/T 2260 region code, the 9-character organisation code, the check character.
class Uscc {
 public:
  Uscc() = default;
  const std::string& str() const { return code_; }
  /// 登记管理部门代码: '9' market regulation (工商), '5' civil affairs (民政), '1' 机构编制, 'Y' other.
  char registration_authority() const { return code_[0]; }
  /// 机构类别代码, e.g. under '9': '1' enterprise, '2' 个体工商户, '3' 农民专业合作社.
  char organisation_type() const { return code_[1]; }
  /// Region code of the registering office (positions 3–8); not checked against GB/T 2260
  /// because codes of abolished regions stay valid.
  std::string region_code() const { return code_.substr(2, 6); }
  /// 主体标识码 (组织机构代码), positions 9–17.
  std::string organisation_code() const { return code_.substr(8, 9); }

  friend bool operator==(const Uscc& a, const Uscc& b) { return a.code_ == b.code_; }

 private:
  friend struct UsccParser;
  std::string code_;
};

enum class Sex { kFemale, kMale };

/// 公民身份号码, 18 characters (GB 11643-1999) or a legacy 15-digit number (GB 11643-1989).
class ResidentId {
 public:
  ResidentId() = default;
  /// The number as given (normalised); a legacy number stays 15 digits.
  const std::string& str() const { return code_; }
  Date birth_date() const { return birth_; }
  /// From the last digit of the sequence code: odd male, even female.
  Sex sex() const { return male_ ? Sex::kMale : Sex::kFemale; }
  bool is_male() const { return male_; }
  /// Address code: GB/T 2260 county code of the registered residence at issue (may be retired).
  std::string region_code() const { return code_.substr(0, 6); }
  bool is_legacy_15() const { return legacy_; }
  /// The 18-character form: a legacy number gets "19" in its year and a computed check character.
  std::string To18() const;

  friend bool operator==(const ResidentId& a, const ResidentId& b) { return a.code_ == b.code_; }

 private:
  friend struct ResidentIdParser;
  std::string code_;
  Date birth_;
  bool male_ = false;
  bool legacy_ = false;
};

/// Normalises (trim, full-width → ASCII, ideographic space removed, upper case). Used by the
/// parsers and the link module.
std::string NormaliseIdText(std::string_view text);

struct UsccParseOptions {
  /// Check the embedded GB 11714 organisation code (reason kOrgCode). On by default.
  bool check_org_code = true;
  /// Codes accepted although their check characters fail: pilot-era codes issued before the
  /// standard settled (legal-rules.md §7.1). Each entry is compared after normalisation; only
  /// length and charset are still enforced for them.
  std::vector<std::string> known_exceptions;
};

/// Parses a 统一社会信用代码. On failure `error.reason` is the first failing rule (see IdError).
IdResult<Uscc> ParseUscc(std::string_view text, const UsccParseOptions& options = {});

/// Parses a 公民身份号码. 18-character numbers need the MOD 11-2 check character; 15-digit
/// numbers of the 1989 standard (no check character, 19YYMMDD birth date) are accepted and
/// flagged legacy. The birth date must exist, be 1800 or later and not after `today` (the
/// caller's Beijing date, from a Clock). The first two digits must be a GB/T 2260 province.
IdResult<ResidentId> ParseResidentId(std::string_view text, Date today);

/// The MOD 11-2 check character for 17 digits ('\0' when the input is not 17 digits).
char ResidentIdCheckChar(std::string_view first17);
/// The GB 32100 check character for 17 characters of the alphabet ('\0' otherwise).
char UsccCheckChar(std::string_view first17);

}  // namespace ipe::core
