#include "custody/ledger.h"

#include <string>

namespace ipe::custody {

const std::vector<MovementKindInfo>& MovementKinds() {
  static const std::vector<MovementKindInfo> k = {
      {MovementKind::kStoreIn, "store_in", "入库", false},
      {MovementKind::kMove, "move", "移库", false},
      {MovementKind::kSample, "sample", "抽样取证", true},
      {MovementKind::kReturn, "return", "退还当事人", true},
      {MovementKind::kHandOver, "hand_over", "移交公安机关", true},
      {MovementKind::kRetain, "retain", "留存（民事诉讼）", true},
      {MovementKind::kDestroy, "destroy", "销毁", true},
  };
  return k;
}

const MovementKindInfo& InfoOf(MovementKind kind) {
  return MovementKinds()[static_cast<size_t>(kind)];
}

std::optional<MovementKind> MovementKindFromKey(std::string_view key) {
  for (const MovementKindInfo& info : MovementKinds()) {
    if (key == info.key) return info.kind;
  }
  return std::nullopt;
}

bool Balance::Holds() const {
  for (int64_t part : {seized, in_custody, sampled, returned, handed_over, retained, destroyed}) {
    if (part < 0 || part > kMaxQuantity) return false;
  }
  return seized == in_custody + sampled + returned + handed_over + retained + destroyed;
}

namespace {

int64_t* PartPtr(Balance& b, MovementKind kind) {
  switch (kind) {
    case MovementKind::kSample: return &b.sampled;
    case MovementKind::kReturn: return &b.returned;
    case MovementKind::kHandOver: return &b.handed_over;
    case MovementKind::kRetain: return &b.retained;
    case MovementKind::kDestroy: return &b.destroyed;
    case MovementKind::kStoreIn:
    case MovementKind::kMove: return nullptr;
  }
  return nullptr;
}

}  // namespace

int64_t PartOf(const Balance& b, MovementKind kind) {
  Balance copy = b;
  int64_t* part = PartPtr(copy, kind);
  return part ? *part : 0;
}

core::Result<Balance> Apply(const Balance& before, MovementKind kind, int64_t quantity) {
  if (quantity <= 0 || quantity > kMaxQuantity) {
    return core::Status(core::InvalidArgument("数量有误"))
        .AddFieldError("quantity", "数量应为正整数（以最小计量单位计）");
  }
  if (!before.Holds()) {
    return core::Internal("物品台账不平衡：" + DescribeBalance(before, ""));
  }
  const MovementKindInfo& info = InfoOf(kind);
  if (!info.takes_out) {
    if (before.in_custody == 0) {
      return core::FailedPrecondition(std::string("该物品已无在库数量，不能") + info.name_zh);
    }
    if (quantity != before.in_custody) {
      return core::Status(core::FailedPrecondition(std::string(info.name_zh) +
                                                   "须按在库数量整条办理：在库" +
                                                   std::to_string(before.in_custody)))
          .AddFieldError("quantity", "应等于在库数量 " + std::to_string(before.in_custody));
    }
    return before;
  }
  if (quantity > before.in_custody) {
    return core::Status(core::FailedPrecondition(
               std::string("在库数量不足，不能") + info.name_zh + "：在库" +
               std::to_string(before.in_custody) + "，拟" + info.name_zh + std::to_string(quantity) +
               "（查扣数 = 销毁 + 退还 + 移交 + 留存 + 抽样 + 在库，不得打破）"))
        .AddFieldError("quantity", "不得超过在库数量 " + std::to_string(before.in_custody));
  }
  Balance after = before;
  after.in_custody -= quantity;
  *PartPtr(after, kind) += quantity;
  return after;
}

std::string DescribeBalance(const Balance& b, std::string_view unit_zh) {
  std::string u(unit_zh);
  return "查扣" + std::to_string(b.seized) + u + "：在库" + std::to_string(b.in_custody) + u +
         "，抽样" + std::to_string(b.sampled) + u + "，退还" + std::to_string(b.returned) + u +
         "，移交公安" + std::to_string(b.handed_over) + u + "，留存" + std::to_string(b.retained) +
         u + "，销毁" + std::to_string(b.destroyed) + u;
}

const std::vector<QuantityUnit>& QuantityUnits() {
  static const std::vector<QuantityUnit> k = {
      {"piece", "件"}, {"pair", "双"},   {"bottle", "瓶"}, {"box", "盒"},
      {"copy", "册"},  {"set", "台"},    {"gram", "克"},   {"millilitre", "毫升"},
  };
  return k;
}

const char* UnitName(std::string_view key) {
  for (const QuantityUnit& u : QuantityUnits()) {
    if (key == u.key) return u.name_zh;
  }
  return nullptr;
}

}  // namespace ipe::custody
