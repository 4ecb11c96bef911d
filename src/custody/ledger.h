#pragma once
// The chain of custody of seized goods (涉案物品) as arithmetic: every item line carries the
// quantity seized and where each part of it went, and every movement is checked against
// 
//   seized = destroyed + returned + handed over + retained + sampled + in custody
//
// before it is written. Pure: no storage, no clock. Quantities are integers in the line's
// smallest unit (件, 双, 瓶, 克 …); weights are grams, values fen.
//
//   Balance b = Balance::Seized(120);
//   auto next = Apply(b, MovementKind::kSample, 2);   // in custody 118, sampled 2
//   auto bad = Apply(*next, MovementKind::kDestroy, 200);
//   bad.error().code() == core::StatusCode::kFailedPrecondition   // "在库数量不足 …"
//
// docs/custody.md describes the module.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace ipe::custody {

/// What a movement does to a line. Store movements (into storage, between stores) change where
/// the goods are, not how many are held; the others take a quantity out of custody for good.
enum class MovementKind {
  kStoreIn,    // 入库: into a store (the quantity held)
  kMove,       // 移库: from one store to another (the whole quantity held)
  kSample,     // 抽样取证: taken as evidence
  kReturn,     // 退还: returned to the owner
  kHandOver,   // 移交公安: handed to the police with a transfer
  kRetain,     // 留存: retained for a civil case
  kDestroy,    // 销毁
};
struct MovementKindInfo {
  MovementKind kind;
  const char* key;      // "sample"
  const char* name_zh;  // "抽样取证"
  bool takes_out;       // reduces the quantity in custody
};
const std::vector<MovementKindInfo>& MovementKinds();
const MovementKindInfo& InfoOf(MovementKind kind);
std::optional<MovementKind> MovementKindFromKey(std::string_view key);

/// Where the quantity seized of one line is. Every field is a count in the line's unit.
struct Balance {
  int64_t seized = 0;
  int64_t in_custody = 0;
  int64_t sampled = 0;
  int64_t returned = 0;
  int64_t handed_over = 0;
  int64_t retained = 0;
  int64_t destroyed = 0;

  /// A line just registered: all of it in custody.
  static Balance Seized(int64_t quantity) {
    Balance b;
    b.seized = quantity;
    b.in_custody = quantity;
    return b;
  }
  /// The invariant: no part negative, and the parts add up to the quantity seized.
  bool Holds() const;
  bool operator==(const Balance&) const = default;
};

/// The largest quantity one line may hold (10^12 in the smallest unit: a tonne in milligrams a
/// million times over); keeps every sum of parts inside int64.
inline constexpr int64_t kMaxQuantity = 1'000'000'000'000;

/// The balance after `kind` with `quantity`, or why not:
///   InvalidArgument  quantity not positive or above kMaxQuantity (field "quantity");
///   FailedPrecondition  the line holds less than the quantity in custody (nothing left to store
///                    or move, or not enough for the take-out) — the invariant would break.
/// Store movements need `quantity` equal to the quantity in custody (the whole line moves).
core::Result<Balance> Apply(const Balance& before, MovementKind kind, int64_t quantity);

/// The quantity the line has lost to a take-out kind (sampled for kSample …); 0 for store kinds.
int64_t PartOf(const Balance& b, MovementKind kind);

/// "在库118件，抽样2件，移交公安0件 …" for reports and refusals.
std::string DescribeBalance(const Balance& b, std::string_view unit_zh);

/// Units of quantity (the smallest unit of a line).
struct QuantityUnit {
  const char* key;      // "piece"
  const char* name_zh;  // "件"
};
const std::vector<QuantityUnit>& QuantityUnits();
/// The zh-CN name of a unit key; nullptr when unknown.
const char* UnitName(std::string_view key);

}  // namespace ipe::custody
