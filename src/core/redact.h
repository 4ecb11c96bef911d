#pragma once
// Personal data in free text (the facts of a penalty decision, a typical case, a complaint) found
// and hidden before the text leaves the agency: the public penalty disclosure (SAMR Order 45
// art. 5–7 "对个人信息进行必要的处理"; the provincial rules the reference quotes hide a natural
// person's home address, contact details, ID number, bank account and the names of natural
// persons other than the punished party), typical cases, feeds to other platforms.
// docs/identifiers.md, "Free text".
//
//   RedactPersonalData("当事人张三（身份证号110105194912310021，电话138-0013-8000）住上海市浦东新区"
//                      "张江路88弄3号601室", Regions(), {.other_persons = {"李四"}}).text ==
//   "当事人张三（身份证号110105********0021，电话***）住上海市浦东新区****"
//
// What it finds, by shape rather than by label (the labels vary: 身份证、公民身份号码、证件号 …):
//   - resident ID numbers, 18 characters (a plausible region prefix and birth date; the check
//     character is not required — a mistyped number is still a person's) and 15 digits: masked
//     as core::MaskResidentId does (region and last digits kept);
//   - mobile numbers (11 digits from 13–19, with +86/86/0086 and spaces or hyphens in any
//     grouping) and landlines (a 0 area code of 3–4 digits, brackets or a hyphen, 7–8 digits, an
//     extension): removed ("***"); 400/800 service numbers are not personal and stay;
//   - bank card and account numbers: 16–19 digits passing the Luhn check, or 10–30 digits after
//     账号/卡号/账户/银行: removed;
//   - addresses down to the house (a number followed by 号/弄/室/栋/幢/楼/单元/层/组): the part
//     below the county is hidden ("上海市浦东新区****", core::MaskAddress), the whole address when
//     no region is written;
//   - names given in `other_persons` (accomplices, witnesses the case records as persons):
//     surname + 某 (张某, 欧阳某).
// Digits may be ASCII or full-width. Numbers inside longer digit runs (amounts, case numbers,
// dates) are left alone: a match must not touch another digit. What the shapes cannot see —
// health details, a name the case does not record — is for the reviewing officer: the result
// lists every redaction so that the review screen can show them.

#include <string>
#include <string_view>
#include <vector>

namespace ipe::core {

class RegionTable;

enum class RedactionKind { kResidentId, kPhone, kBankAccount, kAddress, kPersonName };

/// Stable names for the kinds ("resident_id", "phone", "bank_account", "address",
/// "person_name").
const char* RedactionKindName(RedactionKind kind);

struct Redaction {
  RedactionKind kind;
  size_t begin = 0;  // byte offsets in the input
  size_t end = 0;
  std::string replacement;
};

struct RedactionOptions {
  /// Natural persons other than the punished party, as written in the case (张三, 欧阳修文).
  std::vector<std::string> other_persons;
};

struct RedactedText {
  std::string text;
  std::vector<Redaction> redactions;  // in input order, not overlapping
};

/// `text` with the personal data above hidden. Total: ill-formed UTF-8 is kept as it is.
RedactedText RedactPersonalData(std::string_view text, const RegionTable& regions,
                                const RedactionOptions& options = {});

}  // namespace ipe::core
