// 涉案物品: stores and keepers, item lines and their movements, reconciliation, the directory of
// destruction units, the 工作台 counts (custody.h).
#include <algorithm>
#include <nlohmann/json.hpp>

#include "app/accounts/audit.h"
#include "app/cases/case_store.h"
#include "app/custody/custody.h"
#include "app/custody/custody_internal.h"
#include "app/crypto.h"
#include "app/custody/custody_store.h"
#include "app/internal/text.h"
#include "app/internal/upload.h"
#include "app/permissions.h"
#include "core/file_type.h"
#include "core/limits.h"
#include "core/region.h"
#include "custody/destruction.h"

namespace ipe::app {

namespace custody_internal {

CustodyScope ScopeOf(const Principal& who) {
  CustodyScope scope;
  scope.region = who.region_code;
  // The environment department reads the destructions of its whole region (it has no records of
  // its own; its capabilities keep it to destructions).
  if (!SeesWholeRegion(who) && !who.Has(Role::kEnvironment)) scope.agency = who.agency_id;
  return scope;
}

bool CanSeeDestruction(const Principal& who, const Destruction& d) {
  if (who.Has(Role::kEnvironment) && RegionWithin(who.region_code, d.region_code)) return true;
  return CanSeeRecord(who, d.agency_id, d.region_code);
}

core::Result<Case> CaseForWrite(storage::Tx& tx, const Principal& who, int64_t case_id,
                                const char* action_zh) {
  IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kCustodyWrite, action_zh));
  IPE_ASSIGN_OR_RETURN(Case c, CaseStore(tx).Load(case_id, CaseStore::Detail::kSummary));
  if (!CanSeeRecord(who, c.agency_id, c.region_code)) {
    return core::NotFound("案件不存在: " + std::to_string(case_id));
  }
  if (!who.is_system() && who.agency_id != c.agency_id) {
    return core::PermissionDenied("只能办理本机构案件的涉案物品");
  }
  return c;
}

core::Result<CustodyItem> VisibleLine(CustodyStore& store, const Principal& who, int64_t id, bool for_update) {
  auto item = store.LoadItem(id, for_update);
  if (item.has_value() && !CanSeeRecord(who, item->agency_id, item->region_code)) {
    return core::NotFound("涉案物品不存在: " + std::to_string(id));
  }
  return item;
}

core::Result<CustodyItem> OwnLine(CustodyStore& store, const Principal& who, int64_t id) {
  IPE_ASSIGN_OR_RETURN(CustodyItem item, VisibleLine(store, who, id, true));
  if (!who.is_system() && who.agency_id != item.agency_id) {
    return core::PermissionDenied("只能办理本机构的涉案物品");
  }
  return item;
}

bool IsSha256Hex(const std::string& s) {
  return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char ch) {
           return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f');
         });
}

DestructionUnit WithLicenceState(DestructionUnit u, core::Date today) {
  u.licence_expired = u.licence_valid_until < today;
  u.licence_expiring = !u.licence_expired && u.licence_valid_until <= today.AddDays(kLicenceWarningDays);
  u.region_name = core::Regions().FullName(u.region_code);
  return u;
}

custody::UnitFacts FactsOf(const DestructionUnit& u) {
  return {u.id, u.region_code, u.capabilities, u.licence_valid_until, u.active};
}

}  // namespace custody_internal

using namespace custody_internal;

namespace {

nlohmann::json ItemAudit(const CustodyItem& i) {
  const custody::Balance& b = i.balance;
  return {{"id", i.id},          {"label_no", i.label_no},     {"case_id", i.case_id},
          {"category", i.category}, {"unit", i.unit},          {"seized", b.seized},
          {"in_custody", b.in_custody}, {"sampled", b.sampled}, {"returned", b.returned},
          {"handed_over", b.handed_over}, {"retained", b.retained}, {"destroyed", b.destroyed},
          {"store_id", i.store_id ? nlohmann::json(*i.store_id) : nlohmann::json()}};
}

bool StoreOfAgency(CustodyStore& store, int64_t store_id, int64_t agency_id) {
  auto s = store.LoadStore(store_id);
  return s.has_value() && s->agency_id == agency_id;
}

}  // namespace

// ---- stores ----

core::Result<Storeroom> CreateStoreroom(Context& ctx, const Principal& who, const StoreInput& in) {
  IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kCustodyWrite, "设立保管场所"));
  core::Status st = core::InvalidArgument("保管场所信息有误");
  bool bad = false;
  std::string problem = internal::TextProblem(in.name, core::limits::kTitleChars, true);
  if (!problem.empty()) {
    st.AddFieldError("name", problem);
    bad = true;
  }
  problem = internal::TextProblem(in.address, core::limits::kTitleChars, false);
  if (!problem.empty()) {
    st.AddFieldError("address", problem);
    bad = true;
  }
  if (bad) return st;
  core::Timestamp now = ctx.Now();
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  if (in.keeper_user_id) {
    IPE_ASSIGN_OR_RETURN(auto keeper_agency, CustodyStore(*tx).ActiveUserAgency(*in.keeper_user_id));
    if (keeper_agency != who.agency_id) {
      return core::Status(core::InvalidArgument("保管员有误"))
          .AddFieldError("keeper_user_id", "保管员应为本机构的在职用户");
    }
  }
  Storeroom s;
  s.agency_id = who.agency_id;
  s.region_code = who.region_code;
  s.name = internal::Trim(in.name);
  s.address = internal::Trim(in.address);
  s.keeper_user_id = in.keeper_user_id;
  CustodyStore store(*tx);
  auto id = store.InsertStore(s, now);
  if (!id && id.error().code() == core::StatusCode::kAlreadyExists) {
    return core::Status(core::AlreadyExists("本机构已有同名保管场所"))
        .AddFieldError("name", "名称已被使用");
  }
  IPE_RETURN_IF_ERROR(id.status());
  IPE_ASSIGN_OR_RETURN(s, store.LoadStore(*id));
  IPE_RETURN_IF_ERROR(AppendAudit(*tx, who, now,
                                  AuditEvent{"custody.store_create", "custody_store", std::to_string(s.id),
                                             "设立保管场所：" + s.name, std::nullopt,
                                             nlohmann::json{{"name", s.name},
                                                            {"keeper_user_id", s.keeper_user_id
                                                                                   ? nlohmann::json(*s.keeper_user_id)
                                                                                   : nlohmann::json()}}
                                                 .dump(),
                                             AuditScopeOf(s.region_code, s.agency_id)}));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return s;
}

core::Result<Page<Storeroom>> ListStorerooms(Context& ctx, const Principal& who,
                                             const PageRequest& page) {
  IPE_RETURN_IF_ERROR(page.Validate());
  IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kCustodyRead, "查看保管场所"));
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  return CustodyStore(*tx).ListStores(ScopeOf(who), page);
}

// ---- item lines ----

core::Result<CustodyItem> RegisterCustodyItem(Context& ctx, const Principal& who, int64_t case_id,
                                              const ItemInput& in) {
  IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kCustodyWrite, "登记涉案物品"));
  core::Status st = core::InvalidArgument("涉案物品信息有误");
  bool bad = false;
  auto field = [&](const char* name, const std::string& message) {
    st.AddFieldError(name, message);
    bad = true;
  };
  if (in.source_kind != "case" && in.source_kind != "customs" && in.source_kind != "police") {
    field("source_kind", "来源应为 case（本案查扣）、customs（海关扣留）或 police（公安移交）");
  }
  std::string problem = internal::TextProblem(in.description, core::limits::kTitleChars, true);
  if (!problem.empty()) field("description", problem);
  if (!custody::DefaultDestructionRules().FindCategory(in.category)) field("category", "请选择物品类别");
  if (!custody::UnitName(in.unit)) field("unit", "请选择计量单位");
  if (in.quantity <= 0 || in.quantity > custody::kMaxQuantity) {
    field("quantity", "数量应为正整数（以最小计量单位计）");
  }
  if (in.weight_g && (*in.weight_g < 0 || *in.weight_g > custody::kMaxQuantity)) {
    field("weight_g", "重量（克）应为非负整数");
  }
  if (in.value && in.value->value < 0) field("value_fen", "货值（分）应为非负整数");
  for (const auto* text : {&in.rights_holder, &in.seal_numbers}) {
    problem = internal::TextProblem(*text, core::limits::kTitleChars, false);
    if (!problem.empty()) field(text == &in.rights_holder ? "rights_holder" : "seal_numbers", problem);
  }
  for (const std::string& h : in.photo_hashes) {
    if (!IsSha256Hex(h)) {
      field("photo_hashes", "照片摘要应为 64 位小写十六进制 SHA-256");
      break;
    }
  }
  core::Timestamp now = ctx.Now();
  core::Date today = core::LocalDate(now);
  if (in.seized_on && *in.seized_on > today) field("seized_on", "查扣日期不能晚于今天");
  if (bad) return st;

  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  IPE_ASSIGN_OR_RETURN(Case c, CaseForWrite(*tx, who, case_id, "登记涉案物品"));
  CustodyStore store(*tx);
  if (in.store_id && !StoreOfAgency(store, *in.store_id, c.agency_id)) {
    return core::Status(core::InvalidArgument("保管场所有误"))
        .AddFieldError("store_id", "应为本机构的保管场所");
  }
  CustodyItem item;
  item.case_id = c.id;
  item.agency_id = c.agency_id;
  item.region_code = c.region_code;
  item.source_kind = in.source_kind;
  item.description = internal::Trim(in.description);
  item.category = in.category;
  item.unit = in.unit;
  item.weight_g = in.weight_g;
  item.value = in.value;
  item.rights_holder = internal::Trim(in.rights_holder);
  item.seal_numbers = internal::Trim(in.seal_numbers);
  item.photo_hashes = in.photo_hashes;
  item.store_id = in.store_id;
  item.seized_on = in.seized_on.value_or(today);
  item.balance = custody::Balance::Seized(in.quantity);
  IPE_ASSIGN_OR_RETURN(item.id, store.InsertItem(item, who.actor_id(), now));
  IPE_RETURN_IF_ERROR(store.InsertMovement(
      {0, item.id, "seize", in.quantity, std::nullopt, std::nullopt, std::nullopt, "", "", who.actor_id(), now}));
  if (in.store_id) {
    IPE_RETURN_IF_ERROR(store.InsertMovement({0, item.id, "store_in", in.quantity, std::nullopt,
                                              in.store_id, std::nullopt, "", "", who.actor_id(), now}));
  }
  IPE_ASSIGN_OR_RETURN(item, store.LoadItem(item.id));
  IPE_RETURN_IF_ERROR(AppendAudit(
      *tx, who, now,
      AuditEvent{"custody.register", "custody_item", std::to_string(item.id),
                 "登记涉案物品 " + item.label_no + "：" + item.description + " " +
                     std::to_string(in.quantity) + custody::UnitName(item.unit),
                 std::nullopt, ItemAudit(item).dump(), AuditScopeOf(item.region_code, item.agency_id)}));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return item;
}

core::Result<Page<CustodyItem>> ListCustodyItems(Context& ctx, const Principal& who,
                                                 std::optional<int64_t> case_id, const PageRequest& page) {
  IPE_RETURN_IF_ERROR(page.Validate());
  IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kCustodyRead, "查看涉案物品"));
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  if (case_id) {
    auto c = CaseStore(*tx).Load(*case_id, CaseStore::Detail::kSummary);
    if (!c || !CanSeeRecord(who, c->agency_id, c->region_code)) {
      return core::NotFound("案件不存在: " + std::to_string(*case_id));
    }
  }
  return CustodyStore(*tx).ListItems(ScopeOf(who), case_id, page);
}

core::Result<CustodyItemDetail> GetCustodyItem(Context& ctx, const Principal& who, int64_t id) {
  IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kCustodyRead, "查看涉案物品"));
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  CustodyStore store(*tx);
  IPE_ASSIGN_OR_RETURN(CustodyItem item, VisibleLine(store, who, id, false));
  IPE_ASSIGN_OR_RETURN(auto movements, store.Movements(id));
  IPE_ASSIGN_OR_RETURN(auto photos, store.Photos(id));
  return CustodyItemDetail{std::move(item), std::move(movements), std::move(photos)};
}

// ---- photos ----

core::Result<CustodyPhoto> AddCustodyPhoto(Context& ctx, const Principal& who, int64_t item_id,
                                           const PhotoInput& in) {
  IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kCustodyWrite, "上传涉案物品照片"));
  core::Status st = core::InvalidArgument("照片有误 (invalid photo)");
  auto photo_type = [](std::string_view type, std::string_view bytes) {
    return core::FileTypeProblem(type, bytes, {"image/jpeg", "image/png"});
  };
  std::optional<std::string> bytes =
      internal::CheckUpload({in.filename, in.content_type, in.data_base64}, kMaxItemPhotoBytes, photo_type, st);
  if (!bytes) return st;
  core::Timestamp now = ctx.Now();
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  CustodyStore store(*tx);
  // Locked: two uploads at once cannot both take the tenth place.
  IPE_ASSIGN_OR_RETURN(CustodyItem item, OwnLine(store, who, item_id));
  IPE_ASSIGN_OR_RETURN(auto existing, store.Photos(item_id));
  if (existing.size() >= kMaxItemPhotos) {
    return core::FailedPrecondition("每项涉案物品最多 " + std::to_string(kMaxItemPhotos) + " 张照片");
  }
  CustodyPhoto photo{0, item_id, internal::Trim(in.filename), in.content_type,
                     static_cast<int64_t>(bytes->size()), Sha256Hex(*bytes), who.display_name, now};
  // Re-encoded from the checked bytes: what is stored is exactly what was hashed.
  IPE_ASSIGN_OR_RETURN(photo.id, store.InsertPhoto(photo, who.actor_id(), EncodeBase64(*bytes)));
  nlohmann::json after = {{"photo_id", photo.id}, {"filename", photo.filename},
                          {"content_type", photo.content_type}, {"size", photo.size}, {"sha256", photo.sha256}};
  IPE_RETURN_IF_ERROR(AppendAudit(*tx, who, now,
                                  AuditEvent{"custody.photo", "custody_item", std::to_string(item.id),
                                             "上传照片 " + item.label_no + "（SHA-256 " +
                                                 photo.sha256.substr(0, 12) + "…）",
                                             std::nullopt, after.dump(),
                                             AuditScopeOf(item.region_code, item.agency_id)}));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return photo;
}

core::Result<std::pair<CustodyPhoto, std::string>> GetCustodyPhoto(Context& ctx, const Principal& who,
                                                                   int64_t item_id, int64_t photo_id) {
  IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kCustodyRead, "查看涉案物品照片"));
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  CustodyStore store(*tx);
  IPE_RETURN_IF_ERROR(VisibleLine(store, who, item_id, false).status());
  IPE_ASSIGN_OR_RETURN(auto found, store.Photo(item_id, photo_id));
  if (!found) return core::NotFound("照片不存在: " + std::to_string(photo_id));
  auto bytes = DecodeBase64(found->second);
  if (!bytes) return core::Internal("照片数据损坏 (stored photo is not base64)");
  return std::make_pair(std::move(found->first), std::move(*bytes));
}

core::Result<CustodyItem> RecordMovement(Context& ctx, const Principal& who, int64_t item_id,
                                         const MovementInput& in) {
  IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kCustodyWrite, "办理涉案物品出入库"));
  auto kind = custody::MovementKindFromKey(in.kind);
  core::Status st = core::InvalidArgument("物品流转信息有误");
  bool bad = false;
  if (!kind) {
    st.AddFieldError("kind", "流转类型应为 store_in、move、sample、return、hand_over 或 retain");
    bad = true;
  }
  bool to_store = kind && (*kind == custody::MovementKind::kStoreIn || *kind == custody::MovementKind::kMove);
  if (to_store && !in.to_store_id) {
    st.AddFieldError("to_store_id", "请选择保管场所");
    bad = true;
  }
  if (kind && *kind == custody::MovementKind::kHandOver && internal::Trim(in.reference).empty()) {
    st.AddFieldError("reference", "移交公安须填写移送（移交）文书编号");
    bad = true;
  }
  if (kind && *kind == custody::MovementKind::kRetain && internal::Trim(in.reference).empty()) {
    st.AddFieldError("reference", "留存须填写民事案件案号");
    bad = true;
  }
  for (const auto* text : {&in.reference, &in.note}) {
    std::string problem = internal::TextProblem(*text, core::limits::kTitleChars, false);
    if (!problem.empty()) {
      st.AddFieldError(text == &in.reference ? "reference" : "note", problem);
      bad = true;
    }
  }
  if (bad) return st;
  if (*kind == custody::MovementKind::kDestroy) {
    return core::FailedPrecondition("销毁须经销毁申请、负责人审批并由销毁单位执行，不能直接出库");
  }
  core::Timestamp now = ctx.Now();
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  CustodyStore store(*tx);
  IPE_ASSIGN_OR_RETURN(CustodyItem item, OwnLine(store, who, item_id));
  if (item.version != in.version) {
    return core::FailedPrecondition("涉案物品台账已被他人修改，请刷新后重试");
  }
  if (to_store) {
    if (!StoreOfAgency(store, *in.to_store_id, item.agency_id)) {
      return core::Status(core::InvalidArgument("保管场所有误"))
          .AddFieldError("to_store_id", "应为本机构的保管场所");
    }
    if (*kind == custody::MovementKind::kStoreIn && item.store_id) {
      return core::FailedPrecondition("该物品已入库，请办理移库");
    }
    if (*kind == custody::MovementKind::kMove &&
        (!item.store_id || *item.store_id == *in.to_store_id)) {
      return core::FailedPrecondition(item.store_id ? "移入的保管场所与当前相同" : "该物品尚未入库，请先办理入库");
    }
  }
  // The quantity a take-out may use excludes what open destruction applications claim.
  custody::Balance usable = item.balance;
  if (custody::InfoOf(*kind).takes_out) {
    IPE_ASSIGN_OR_RETURN(int64_t claimed, store.ClaimedForDestruction(item.id));
    if (claimed > 0 && in.quantity > item.balance.in_custody - claimed) {
      return core::Status(core::FailedPrecondition(
                 "在库" + std::to_string(item.balance.in_custody) + "中已有" + std::to_string(claimed) +
                 "列入待执行的销毁申请，可办理数量为" + std::to_string(item.balance.in_custody - claimed)))
          .AddFieldError("quantity", "不得超过 " + std::to_string(item.balance.in_custody - claimed));
    }
  }
  IPE_ASSIGN_OR_RETURN(custody::Balance after, custody::Apply(usable, *kind, in.quantity));
  CustodyItem before = item;
  item.balance = after;
  std::optional<int64_t> from_store = item.store_id;
  if (to_store) item.store_id = in.to_store_id;
  IPE_RETURN_IF_ERROR(store.UpdateItem(item, in.version, now));
  IPE_RETURN_IF_ERROR(store.InsertMovement({0, item.id, in.kind, in.quantity, from_store,
                                            to_store ? in.to_store_id : std::nullopt, std::nullopt,
                                            internal::Trim(in.reference), internal::Trim(in.note),
                                            who.actor_id(), now}));
  IPE_ASSIGN_OR_RETURN(item, store.LoadItem(item.id));
  IPE_RETURN_IF_ERROR(AppendAudit(
      *tx, who, now,
      AuditEvent{"custody." + in.kind, "custody_item", std::to_string(item.id),
                 std::string(custody::InfoOf(*kind).name_zh) + " " + item.label_no + "：" +
                     std::to_string(in.quantity) + custody::UnitName(item.unit),
                 ItemAudit(before).dump(), ItemAudit(item).dump(),
                 AuditScopeOf(item.region_code, item.agency_id)}));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return item;
}

// ---- reconciliation ----

core::Result<Reconciliation> CustodyReconciliation(Context& ctx, const Principal& who, int held_days) {
  IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kCustodyRead, "查看涉案物品对账"));
  if (held_days < 1 || held_days > 3650) {
    return core::Status(core::InvalidArgument("超期天数有误"))
        .AddFieldError("held_days", "应为 1 至 3650 的整数");
  }
  core::Date today = core::LocalDate(ctx.Now());
  core::Date held_before = today.AddDays(-held_days);
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  CustodyStore store(*tx);
  Reconciliation out;
  out.held_days = held_days;
  IPE_ASSIGN_OR_RETURN(out.rows, store.Reconcile(ScopeOf(who), held_before));
  IPE_ASSIGN_OR_RETURN(out.held, store.HeldTooLong(ScopeOf(who), held_before, today, 200));
  return out;
}

// ---- units ----

namespace {

core::Status ValidateUnit(const UnitInput& in) {
  core::Status st = core::InvalidArgument("销毁单位信息有误");
  bool bad = false;
  auto field = [&](const char* name, const std::string& message) {
    st.AddFieldError(name, message);
    bad = true;
  };
  std::string problem = internal::TextProblem(in.name, core::limits::kTitleChars, true);
  if (!problem.empty()) field("name", problem);
  if (!core::Regions().Find(in.region_code)) field("region_code", "请选择所在行政区划");
  problem = internal::TextProblem(in.address, core::limits::kTitleChars, false);
  if (!problem.empty()) field("address", problem);
  if (in.capabilities.empty()) field("capabilities", "请至少选择一类处置能力");
  for (const std::string& c : in.capabilities) {
    if (!custody::CapabilityName(c)) {
      field("capabilities", "处置能力应为 general、electronic、hazardous 或 alcohol");
      break;
    }
  }
  problem = internal::TextProblem(in.licence_no, 64, true);
  if (!problem.empty()) field("licence_no", problem);
  if (!in.licence_valid_until) field("licence_valid_until", "请填写许可证有效期（YYYY-MM-DD）");
  if (in.capacity_tonnes < 0) field("capacity_tonnes", "年处置能力（吨）应为非负整数");
  return bad ? st : core::Status::Ok();
}

DestructionUnit UnitOf(const UnitInput& in) {
  DestructionUnit u;
  u.name = internal::Trim(in.name);
  u.region_code = in.region_code;
  u.address = internal::Trim(in.address);
  u.capabilities = in.capabilities;
  std::sort(u.capabilities.begin(), u.capabilities.end());
  u.capabilities.erase(std::unique(u.capabilities.begin(), u.capabilities.end()), u.capabilities.end());
  u.licence_no = internal::Trim(in.licence_no);
  u.licence_valid_until = *in.licence_valid_until;
  u.capacity_tonnes = in.capacity_tonnes;
  u.active = in.active;
  return u;
}

nlohmann::json UnitAudit(const DestructionUnit& u) {
  return {{"name", u.name},           {"region_code", u.region_code},
          {"capabilities", u.capabilities}, {"licence_no", u.licence_no},
          {"licence_valid_until", u.licence_valid_until.ToString()},
          {"capacity_tonnes", u.capacity_tonnes}, {"active", u.active}};
}

core::Status UnitConflict(const core::Status& st) {
  if (st.code() == core::StatusCode::kAlreadyExists) {
    return core::Status(core::AlreadyExists("许可证编号已在名录中")).AddFieldError("licence_no", "许可证编号已被使用");
  }
  return st;
}

}  // namespace

core::Result<DestructionUnit> CreateDestructionUnit(Context& ctx, const Principal& who,
                                                    const UnitInput& in) {
  IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kDestructionUnitManage, "维护销毁单位名录"));
  IPE_RETURN_IF_ERROR(ValidateUnit(in));
  IPE_RETURN_IF_ERROR(RequireRegion(who, in.region_code));
  core::Timestamp now = ctx.Now();
  DestructionUnit u = UnitOf(in);
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  CustodyStore store(*tx);
  auto id = store.InsertUnit(u, now);
  if (!id) return UnitConflict(id.error());
  IPE_ASSIGN_OR_RETURN(u, store.LoadUnit(*id));
  IPE_RETURN_IF_ERROR(AppendAudit(*tx, who, now,
                                  AuditEvent{"destruction_unit.create", "destruction_unit", std::to_string(u.id),
                                             "名录新增销毁单位：" + u.name, std::nullopt, UnitAudit(u).dump(),
                                             AuditScopeOf(u.region_code, std::nullopt)}));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return WithLicenceState(u, core::LocalDate(now));
}

core::Result<DestructionUnit> UpdateDestructionUnit(Context& ctx, const Principal& who, int64_t id,
                                                    const UnitInput& in, int64_t version) {
  IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kDestructionUnitManage, "维护销毁单位名录"));
  IPE_RETURN_IF_ERROR(ValidateUnit(in));
  core::Timestamp now = ctx.Now();
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  CustodyStore store(*tx);
  IPE_ASSIGN_OR_RETURN(DestructionUnit before, store.LoadUnit(id));
  if (!RegionWithin(who.region_code, before.region_code)) {
    return core::NotFound("销毁单位不存在: " + std::to_string(id));
  }
  IPE_RETURN_IF_ERROR(RequireRegion(who, in.region_code));
  DestructionUnit u = UnitOf(in);
  u.id = id;
  core::Status updated = store.UpdateUnit(u, version, now);
  if (!updated.ok()) return UnitConflict(updated);
  IPE_ASSIGN_OR_RETURN(u, store.LoadUnit(id));
  IPE_RETURN_IF_ERROR(AppendAudit(*tx, who, now,
                                  AuditEvent{"destruction_unit.update", "destruction_unit", std::to_string(id),
                                             "修改销毁单位：" + u.name, UnitAudit(before).dump(),
                                             UnitAudit(u).dump(), AuditScopeOf(u.region_code, std::nullopt)}));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return WithLicenceState(u, core::LocalDate(now));
}

core::Result<Page<DestructionUnit>> ListDestructionUnits(Context& ctx, const UnitFilter& f,
                                                         const PageRequest& page) {
  IPE_RETURN_IF_ERROR(page.Validate());
  if (f.region && !internal::IsRegionCode(*f.region)) {
    return core::Status(core::InvalidArgument("行政区划代码有误"))
        .AddFieldError("region", "行政区划代码应为 6 位数字");
  }
  if (f.capability && !custody::CapabilityName(*f.capability)) {
    return core::Status(core::InvalidArgument("处置能力有误"))
        .AddFieldError("capability", "应为 general、electronic、hazardous 或 alcohol");
  }
  core::Date today = core::LocalDate(ctx.Now());
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  IPE_ASSIGN_OR_RETURN(Page<DestructionUnit> out, CustodyStore(*tx).ListUnits(f, page));
  for (DestructionUnit& u : out.items) u = WithLicenceState(std::move(u), today);
  return out;
}

core::Result<std::vector<DestructionUnit>> ProposeDestructionUnits(
    Context& ctx, const Principal& who, const std::vector<int64_t>& item_ids, const std::string& method) {
  IPE_RETURN_IF_ERROR(RequireCapability(who, Capability::kCustodyRead, "查看销毁单位"));
  const custody::DestructionRules& rules = custody::DefaultDestructionRules();
  if (!rules.FindMethod(method)) {
    return core::Status(core::InvalidArgument("销毁方式有误")).AddFieldError("method", "请选择销毁方式");
  }
  if (item_ids.empty() || item_ids.size() > 200) {
    return core::Status(core::InvalidArgument("物品有误")).AddFieldError("items", "请选择 1 至 200 项物品");
  }
  core::Date today = core::LocalDate(ctx.Now());
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  CustodyStore store(*tx);
  std::vector<std::string> categories;
  for (int64_t id : item_ids) {
    IPE_ASSIGN_OR_RETURN(CustodyItem item, store.LoadItem(id));
    if (!CanSeeRecord(who, item.agency_id, item.region_code)) {
      return core::NotFound("涉案物品不存在: " + std::to_string(id));
    }
    categories.push_back(item.category);
  }
  IPE_ASSIGN_OR_RETURN(auto units, store.ActiveUnits());
  std::vector<custody::UnitFacts> facts;
  for (const DestructionUnit& u : units) facts.push_back(FactsOf(u));
  std::vector<DestructionUnit> out;
  for (const custody::UnitFacts& f : custody::RankUnits(rules, categories, method, facts, who.region_code, today)) {
    for (const DestructionUnit& u : units) {
      if (u.id == f.id) out.push_back(WithLicenceState(u, today));
    }
  }
  return out;
}

// ---- the 工作台 ----

core::Result<CustodyTodoCounts> CustodyTodos(Context& ctx, const Principal& who) {
  CustodyTodoCounts out;
  core::Date today = core::LocalDate(ctx.Now());
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  CustodyStore store(*tx);
  if (Can(who, Capability::kDestructionApprove)) {
    IPE_ASSIGN_OR_RETURN(out.awaiting_approval, store.CountAwaitingApproval(who.agency_id));
  }
  if (Can(who, Capability::kCustodyWrite)) {
    IPE_ASSIGN_OR_RETURN(out.held_too_long,
                         store.CountHeldTooLong(ScopeOf(who), today.AddDays(-kDefaultHeldDays)));
  }
  if (Can(who, Capability::kDestructionUnitManage)) {
    IPE_ASSIGN_OR_RETURN(out.licences_expiring,
                         store.CountLicencesEnding(who.region_code, today.AddDays(kLicenceWarningDays)));
  }
  return out;
}

}  // namespace ipe::app
