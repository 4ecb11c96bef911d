#pragma once
// Masking of personal data (个人信息) shown outside the scope that may see it in full: public
// penalty notices (行政处罚信息公示, 双公示), exports to other agencies, screenshots of lists.
// docs/identifiers.md explains each choice; in short, a mask hides what identifies a person
// (birth date, subscriber number, given name, house number) and keeps what an officer needs to
// tell records apart (region, last digits, surname, district).
//
//   MaskResidentId("11010519491231002X") == "110105********002X"
//   MaskPhone("13800138000")             == "138****8000"
//   MaskPersonName("欧阳修文")            == "欧阳**"
//   MaskAddress("广东省深圳市南山区科技园南区1栋", Regions()) == "广东省深圳市南山区****"
//
// All functions are total: any input gives a masked string, never the input unmasked.

#include <string>
#include <string_view>

namespace ipe::core {

class RegionTable;

/// Keeps the 6-digit address code and the sequence and check characters, hides the birth date:
/// 18 characters → "110105********002X", 15 digits → "110105******002". Anything else is
/// shown as one '*' per character except the first 6 and last 4 when longer than 10 (else all '*').
std::string MaskResidentId(std::string_view id);

/// Mobile numbers (11 digits starting with 1, optional +86/86 and separators): "138****8000".
/// Landlines keep the area code (010, 02x, 0xxx) and the last 2 digits: "021******67". Shorter
/// numbers become all '*'.
std::string MaskPhone(std::string_view phone);

/// Keeps the surname, masks the given name one '*' per character: "张*", "张**", and compound
/// surnames (复姓: 欧阳, 司马, 诸葛 …) whole: "欧阳**". A one-character input becomes "*".
/// Names joined with '·' (阿依古丽·买买提) keep the first character and the dots.
std::string MaskPersonName(std::string_view name);

/// Keeps the address down to the county level (区/县/县级市) as recognised against `regions`
/// (province and prefecture may be left out by the writer, "深圳市南山区…"), and replaces the
/// rest with "****". When no region is recognised the whole address becomes "****".
std::string MaskAddress(std::string_view address, const RegionTable& regions);

}  // namespace ipe::core
