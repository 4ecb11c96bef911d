// 涉案物品保管情况: a case's lines with their balances as of a day, replayed from the movements
// (custody.h, docs/custody.md "Custody statement").
#include <algorithm>

#include "app/cases/case_store.h"
#include "app/custody/custody.h"
#include "app/custody/custody_internal.h"
#include "app/custody/custody_store.h"
#include "app/permissions.h"

namespace ipe::app {

core::Result<CustodyStatement> CustodyStatementOf(Context& ctx, const Principal& who, int64_t case_id,
                                                  core::Date as_of) {
  IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kCustodyRead, "查看涉案物品保管情况"));
  if (core::LocalDate(ctx.Now()) < as_of) {
    return core::Status(core::InvalidArgument("截止日期有误")).AddFieldError("as_of", "截止日期不能晚于今天");
  }
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  auto c = CaseStore(*tx).Load(case_id, CaseStore::Detail::kSummary);
  if (!c || !CanSeeRecord(who, c->agency_id, c->region_code)) {
    return core::NotFound("案件不存在: " + std::to_string(case_id));
  }
  CustodyStore store(*tx);
  IPE_ASSIGN_OR_RETURN(auto items, store.ItemsOfCase(case_id, kMaxStatementLines + 1));
  if (items.size() > static_cast<size_t>(kMaxStatementLines)) {
    return core::InvalidArgument("该案涉案物品超过 " + std::to_string(kMaxStatementLines) +
                                 " 项，请从台账导出");
  }
  CustodyStatement out;
  out.case_id = c->id;
  out.case_number = c->input.case_number;
  out.case_title = c->input.title;
  out.agency_name = c->agency_name;
  out.as_of = as_of;
  for (CustodyItem& item : items) {
    IPE_ASSIGN_OR_RETURN(auto movements, store.Movements(item.id));
    std::optional<custody::Balance> balance;  // none until the line is seized
    for (const CustodyMovement& m : movements) {
      // The seizure is dated by the line's seizure date (registration may come days later);
      // every later movement by the day it was recorded, never before the seizure.
      core::Date on = m.kind == "seize" ? item.seized_on : std::max(item.seized_on, core::LocalDate(m.at));
      if (as_of < on) continue;
      if (m.kind == "seize") {
        balance = custody::Balance::Seized(m.quantity);
      } else if (auto kind = custody::MovementKindFromKey(m.kind); kind && balance) {
        IPE_ASSIGN_OR_RETURN(*balance, custody::Apply(*balance, *kind, m.quantity));
      } else {
        return core::Internal("涉案物品 " + item.label_no + " 的流转记录无法还原：" + m.kind);
      }
      out.movements.push_back({item.label_no, on, m});
    }
    if (balance) out.lines.push_back({std::move(item), *balance});
  }
  std::stable_sort(out.movements.begin(), out.movements.end(), [](const auto& a, const auto& b) {
    return a.on != b.on ? a.on < b.on : a.movement.id < b.movement.id;
  });
  return out;
}

}  // namespace ipe::app
