// 涉案物品与无害化销毁 routes: item lines and movements (/api/v1/custody/…), destructions
// (/api/v1/destructions/…), the directory of destruction units (/api/v1/destruction-units/…) and
// the public portal's directory and certificate check (/api/v1/public/…, no login, rate-limited).
// app/custody/custody.h has the rules.
#include <map>

#include "app/cases/cases.h"
#include "app/custody/custody.h"
#include "cert/certificate.h"
#include "core/csv.h"
#include "core/limits.h"
#include "core/region.h"
#include "core/strings.h"
#include "custody/destruction.h"
#include "http/dispatcher.h"
#include "http/internal/json_io.h"

namespace ipe::http {
namespace {

using internal::DateJson;
using internal::Json;
using internal::JsonResponse;
using internal::TimeJson;

Json OptInt(const std::optional<int64_t>& v) { return v ? Json(*v) : Json(); }

Json MarkJson(const custody::RuleMark& m) {
  return {{"source", m.source}, {"confidence", m.confidence}, {"note", m.note}};
}

Json BalanceJson(const custody::Balance& b) {
  return {{"seized", b.seized},           {"in_custody", b.in_custody}, {"sampled", b.sampled},
          {"returned", b.returned},       {"handed_over", b.handed_over},
          {"retained", b.retained},       {"destroyed", b.destroyed},  {"balanced", b.Holds()}};
}

const char* UnitZh(const std::string& key) {
  const char* name = custody::UnitName(key);
  return name ? name : "";
}

Json ItemJson(const app::CustodyItem& i) {
  return {{"id", i.id},
          {"case_id", i.case_id},
          {"agency_id", i.agency_id},
          {"region_code", i.region_code},
          {"label_no", i.label_no},
          {"source_kind", i.source_kind},
          {"description", i.description},
          {"category", i.category},
          {"unit", i.unit},
          {"unit_zh", UnitZh(i.unit)},
          {"weight_g", OptInt(i.weight_g)},
          {"value_fen", i.value ? Json(i.value->value) : Json()},
          {"rights_holder", i.rights_holder},
          {"seal_numbers", i.seal_numbers},
          {"photo_hashes", i.photo_hashes},
          {"store_id", OptInt(i.store_id)},
          {"store_name", i.store_name},
          {"seized_on", i.seized_on.ToString()},
          {"balance", BalanceJson(i.balance)},
          {"version", i.version},
          {"created_at", i.created_at.ToString()},
          {"updated_at", i.updated_at.ToString()}};
}

// The codes of a custody table ({key, name_zh}) as an enum with their zh-CN labels.
template <typename T>
Schema KeyEnum(const std::vector<T>& table) {
  std::vector<std::pair<std::string, std::string>> codes;
  for (const T& t : table) codes.emplace_back(t.key, t.name_zh);
  return EnumPairs(std::move(codes));
}

// The kinds of movement, and the seizure that opens every line (查扣登记).
Schema MovementKindEnum() {
  std::vector<std::pair<std::string, std::string>> codes = {{"seize", "查扣登记"}};
  for (const auto& k : custody::MovementKinds()) codes.emplace_back(k.key, k.name_zh);
  return EnumPairs(std::move(codes));
}

Schema SourceKindEnum() {
  return Enum({{"case", "本案查扣"}, {"customs", "海关扣留"}, {"police", "公安移交"}});
}

// The shapes BalanceJson, ItemJson, PhotoJson, MovementJson and StoreJson render.
Schema BalanceSchema() {
  return Obj({{"seized", Int()},
              {"in_custody", Int()},
              {"sampled", Int()},
              {"returned", Int()},
              {"handed_over", Int()},
              {"retained", Int()},
              {"destroyed", Int()},
              {"balanced", Bool().Describe("查扣数 = 各去向之和 (the ledger holds)")}});
}

Schema CustodyItemRef(Router& r) {
  return r.Component("CustodyItem", Obj({{"id", Int()},
                                         {"case_id", Int()},
                                         {"agency_id", Int()},
                                         {"region_code", Str()},
                                         {"label_no", Str()},
                                         {"source_kind", SourceKindEnum()},
                                         {"description", Str()},
                                         {"category", Str()},
                                         {"unit", KeyEnum(custody::QuantityUnits())},
                                         {"unit_zh", Str()},
                                         {"weight_g", Int().Nullable()},
                                         {"value_fen", Fen().Nullable()},
                                         {"rights_holder", Str()},
                                         {"seal_numbers", Str()},
                                         {"photo_hashes", Arr(Str())},
                                         {"store_id", Int().Nullable()},
                                         {"store_name", Str()},
                                         {"seized_on", Date()},
                                         {"balance", BalanceSchema()},
                                         {"version", Int()},
                                         {"created_at", DateTime()},
                                         {"updated_at", DateTime()}}));
}

Schema PhotoSchema() {
  return Obj({{"id", Int()},
              {"item_id", Int()},
              {"filename", Str()},
              {"content_type", Str()},
              {"size", Int()},
              {"sha256", Str()},
              {"uploaded_by", Str()},
              {"uploaded_at", DateTime().Nullable()}});
}

Schema MovementSchema() {
  return Obj({{"id", Int()},
              {"kind", MovementKindEnum()},
              {"kind_zh", Str()},
              {"quantity", Int()},
              {"from_store_id", Int().Nullable()},
              {"to_store_id", Int().Nullable()},
              {"destruction_id", Int().Nullable()},
              {"reference", Str()},
              {"note", Str()},
              {"actor_id", Int().Nullable()},
              {"at", DateTime()}});
}

Schema StoreSchema() {
  return Obj({{"id", Int()},
              {"agency_id", Int()},
              {"region_code", Str()},
              {"name", Str()},
              {"address", Str()},
              {"keeper_user_id", Int().Nullable()},
              {"keeper_name", Str()},
              {"version", Int()}});
}

// The size limit of a photo as base64 text (4 characters per 3 bytes).
constexpr size_t kPhotoBase64Chars = (app::kMaxItemPhotoBytes / 3 + 2) * 4 + 16;
static_assert(kPhotoBase64Chars + 4096 <= core::limits::kLargestBodyBytes);

Json PhotoJson(const app::CustodyPhoto& p) {
  return Json{{"id", p.id},           {"item_id", p.item_id},   {"filename", p.filename}, {"content_type", p.content_type},
              {"size", p.size},       {"sha256", p.sha256},     {"uploaded_by", p.uploaded_by},
              {"uploaded_at", TimeJson(p.uploaded_at)}};
}

Json MovementJson(const app::CustodyMovement& m) {
  auto kind = custody::MovementKindFromKey(m.kind);
  return {{"id", m.id},
          {"kind", m.kind},
          {"kind_zh", kind ? custody::InfoOf(*kind).name_zh : (m.kind == "seize" ? "查扣登记" : "")},
          {"quantity", m.quantity},
          {"from_store_id", OptInt(m.from_store_id)},
          {"to_store_id", OptInt(m.to_store_id)},
          {"destruction_id", OptInt(m.destruction_id)},
          {"reference", m.reference},
          {"note", m.note},
          {"actor_id", OptInt(m.actor_id)},
          {"at", m.at.ToString()}};
}

Json StoreJson(const app::Storeroom& s) {
  return {{"id", s.id},           {"agency_id", s.agency_id}, {"region_code", s.region_code},
          {"name", s.name},       {"address", s.address},     {"keeper_user_id", OptInt(s.keeper_user_id)},
          {"keeper_name", s.keeper_name}, {"version", s.version}};
}

// The directory as everyone sees it (the public portal too: units are companies, no persons).
Json UnitJson(const app::DestructionUnit& u) {
  Json caps = Json::array();
  for (const std::string& c : u.capabilities) {
    const char* name = custody::CapabilityName(c);
    caps.push_back({{"code", c}, {"name_zh", name ? name : c.c_str()}});
  }
  return {{"id", u.id},
          {"name", u.name},
          {"region_code", u.region_code},
          {"region_name", u.region_name},
          {"address", u.address},
          {"capabilities", caps},
          {"licence_no", u.licence_no},
          {"licence_valid_until", u.licence_valid_until.ToString()},
          {"licence_expired", u.licence_expired},
          {"licence_expiring", u.licence_expiring},
          {"capacity_tonnes", u.capacity_tonnes},
          {"active", u.active},
          {"version", u.version}};
}

Json DestructionJson(const app::Destruction& d) {
  Json lines = Json::array();
  for (const app::DestructionLine& l : d.lines) {
    lines.push_back({{"item_id", l.item_id},     {"quantity", l.quantity}, {"description", l.description},
                     {"category", l.category},   {"unit", l.unit},         {"unit_zh", UnitZh(l.unit)},
                     {"label_no", l.label_no}});
  }
  const char* status_zh = app::LabelOf(app::DestructionStatuses(), d.status);
  return {{"id", d.id},
          {"case_id", d.case_id},
          {"agency_id", d.agency_id},
          {"agency_name", d.agency_name},
          {"region_code", d.region_code},
          {"status", d.status},
          {"status_zh", status_zh ? status_zh : ""},
          {"method", d.method},
          {"proposed_unit_id", d.proposed_unit_id},
          {"proposed_unit_name", d.proposed_unit_name},
          {"planned_on", d.planned_on.ToString()},
          {"note", d.note},
          {"applied_by", OptInt(d.applied_by)},
          {"approved_by", OptInt(d.approved_by)},
          {"decided_at", TimeJson(d.decided_at)},
          {"decision_note", d.decision_note},
          {"unit_id", OptInt(d.unit_id)},
          {"unit_name", d.unit_name},
          {"executed_on", DateJson(d.executed_on)},
          {"execution_note", d.execution_note},
          {"supervisors", d.supervisors},
          {"evidence_hashes", d.evidence_hashes},
          {"weight_before_g", OptInt(d.weight_before_g)},
          {"weight_after_g", OptInt(d.weight_after_g)},
          {"certificate_no", d.certificate_no ? Json(*d.certificate_no) : Json()},
          {"closed_at", TimeJson(d.closed_at)},
          {"campaign_id", OptInt(d.campaign_id)},
          {"campaign_name", d.campaign_name},
          {"version", d.version},
          {"created_at", d.created_at.ToString()},
          {"updated_at", d.updated_at.ToString()},
          {"lines", lines}};
}

// The shapes UnitJson and DestructionJson render.
Schema DestructionUnitRef(Router& r) {
  return r.Component(
      "DestructionUnit",
      Obj({{"id", Int()},
           {"name", Str()},
           {"region_code", Str()},
           {"region_name", Str()},
           {"address", Str()},
           {"capabilities",
            Arr(Obj({{"code", KeyEnum(custody::WasteCapabilities())}, {"name_zh", Str()}}))},
           {"licence_no", Str().Describe("危险废物经营许可证编号 (licence number)")},
           {"licence_valid_until", Date()},
           {"licence_expired", Bool().Describe("今日已过期 (expired today)")},
           {"licence_expiring", Bool().Describe("60 日内到期 (expires within 60 days)")},
           {"capacity_tonnes", Int().Describe("年处置能力，吨 (yearly capacity, tonnes)")},
           {"active", Bool()},
           {"version", Int()}}));
}

Schema DestructionRef(Router& r) {
  Schema id = Int().Nullable();
  return r.Component(
      "Destruction",
      Obj({{"id", Int()},
           {"case_id", Int()},
           {"agency_id", Int()},
           {"agency_name", Str()},
           {"region_code", Str()},
           {"status", Enum(app::DestructionStatuses())},
           {"status_zh", Str()},
           {"method", Str().Describe("销毁方式代码 (GET /custody/codes methods)")},
           {"proposed_unit_id", Int()},
           {"proposed_unit_name", Str()},
           {"planned_on", Date()},
           {"note", Str()},
           {"applied_by", id},
           {"approved_by", id},
           {"decided_at", DateTime().Nullable()},
           {"decision_note", Str()},
           {"unit_id", id.Describe("执行单位 (executing unit)")},
           {"unit_name", Str()},
           {"executed_on", Date().Nullable()},
           {"execution_note", Str()},
           {"supervisors", Arr(Str())},
           {"evidence_hashes", Arr(Str())},
           {"weight_before_g", id.Describe("销毁前重量，克 (grams)")},
           {"weight_after_g", id.Describe("残余重量，克 (grams)")},
           {"certificate_no", Str().Nullable().Describe("销毁证明编号，办结后 (after closing)")},
           {"closed_at", DateTime().Nullable()},
           {"campaign_id", id},
           {"campaign_name", Str()},
           {"version", Int()},
           {"created_at", DateTime()},
           {"updated_at", DateTime()},
           {"lines", Arr(Obj({{"item_id", Int()},
                              {"quantity", Int()},
                              {"description", Str()},
                              {"category", Str()},
                              {"unit", KeyEnum(custody::QuantityUnits())},
                              {"unit_zh", Str()},
                              {"label_no", Str()}}))}}));
}

Schema SummaryRowSchema() {
  return Obj({{"province_code", Str()},
              {"province_name", Str()},
              {"destructions", Int()},
              {"lines", Int()},
              {"quantity", Int().Describe("各计量单位数量之和 (units summed across kinds)")},
              {"weight_before_g", Int()},
              {"value_fen", Fen()}});
}

Schema CampaignRef(Router& r) {
  return r.Component(
      "DestructionCampaign",
      Obj({{"id", Int()},
           {"name", Str()},
           {"starts_on", Date()},
           {"ends_on", Date()},
           {"regions", Arr(Obj({{"code", Str()}, {"name", Str()}}))},
           {"region_code", Str().Describe("组织者的区划 (the organiser's region)")},
           {"note", Str()},
           {"status", Enum(app::CampaignStatuses())},
           {"status_zh", Str()},
           {"destructions", Int().Describe("本辖区已参加的销毁 (attached, in scope)")},
           {"version", Int()},
           {"created_at", DateTime()},
           {"updated_at", DateTime()}}));
}

// What UnitFromBody reads (`with_version`: PUT).
Schema UnitBodySchema(bool with_version) {
  std::vector<Schema::Property> props = {
      {"name", Str(2000)},
      {"region_code", Str(6)},
      {"address", Str(2000).Optional()},
      {"capabilities", Arr(Str()).Describe("处置能力代码 (GET /custody/codes capabilities)")},
      {"licence_no", Str(200)},
      {"licence_valid_until", Str(10).Describe("YYYY-MM-DD")},
      {"capacity_tonnes", Int().Optional()},
      {"active", Bool().Optional().Describe("默认 true (default true)")}};
  if (with_version) props.push_back({"version", Int()});
  return Obj(std::move(props)).Closed();
}

Json SummaryRowJson(const app::DestructionSummaryRow& row) {
  return {{"province_code", row.province_code}, {"province_name", row.province_name},
          {"destructions", row.destructions},   {"lines", row.lines},
          {"quantity", row.quantity},           {"weight_before_g", row.weight_before_g},
          {"value_fen", row.value.value}};
}

Json CampaignJson(const app::DestructionCampaign& c) {
  Json regions = Json::array();
  for (const std::string& r : c.regions) {
    regions.push_back({{"code", r}, {"name", core::Regions().FullName(r)}});
  }
  const char* status_zh = app::LabelOf(app::CampaignStatuses(), c.status);
  return {{"id", c.id},
          {"name", c.name},
          {"starts_on", c.starts_on.ToString()},
          {"ends_on", c.ends_on.ToString()},
          {"regions", regions},
          {"region_code", c.region_code},
          {"note", c.note},
          {"status", c.status},
          {"status_zh", status_zh ? status_zh : ""},
          {"destructions", c.destructions},
          {"version", c.version},
          {"created_at", c.created_at.ToString()},
          {"updated_at", c.updated_at.ToString()}};
}

Json CertificateJson(const app::PublicCertificate& c) {
  Json lines = Json::array();
  for (const auto& l : c.lines) {
    lines.push_back({{"description", l.description}, {"category", l.category},
                     {"quantity", l.quantity}, {"unit", l.unit}});
  }
  return {{"certificate_no", c.certificate_no}, {"agency_name", c.agency_name},
          {"unit_name", c.unit_name},           {"unit_licence_no", c.unit_licence_no},
          {"method", c.method},                 {"executed_on", c.executed_on.ToString()},
          {"weight_before_g", OptInt(c.weight_before_g)},
          {"weight_after_g", OptInt(c.weight_after_g)}, {"lines", lines}};
}

// A date field of a body: absent is none, present must be YYYY-MM-DD (a field error otherwise).
std::optional<core::Date> DateField(const std::optional<std::string>& text, const char* field,
                                    core::Status& st, bool& bad) {
  if (!text) return std::nullopt;
  auto d = core::ParseDate(*text);
  if (!d) {
    st.AddFieldError(field, "日期格式应为 YYYY-MM-DD");
    bad = true;
    return std::nullopt;
  }
  return *d;
}

core::Result<app::UnitInput> UnitFromBody(const Json& body) {
  internal::Fields f(body);
  app::UnitInput in;
  in.name = f.String("name", true, 2000).value_or("");
  in.region_code = f.String("region_code", true, 6).value_or("");
  in.address = f.String("address", false, 2000).value_or("");
  in.capabilities = f.StringList("capabilities", true).value_or(std::vector<std::string>{});
  in.licence_no = f.String("licence_no", true, 200).value_or("");
  auto until = f.String("licence_valid_until", true, 10);
  in.capacity_tonnes = f.Int("capacity_tonnes").value_or(0);
  in.active = f.Bool("active").value_or(true);
  core::Status st = f.Finish();
  bool bad = !st.ok();
  if (st.ok()) st = core::InvalidArgument("销毁单位信息有误");
  in.licence_valid_until = DateField(until, "licence_valid_until", st, bad);
  if (bad) return st;
  return in;
}

// The directory's filters from the query string (region subtree, capability; blank: none).
app::UnitFilter UnitFilterOf(const Request& req) {
  app::UnitFilter f;
  f.region = req.Query("region");
  f.capability = req.Query("capability");
  for (auto* field : {&f.region, &f.capability}) {
    if (*field && field->value().empty()) field->reset();
  }
  return f;
}

Json CodesOf() {
  const custody::DestructionRules& rules = custody::DefaultDestructionRules();
  Json categories = Json::array();
  for (const custody::ItemCategory& c : rules.categories) {
    categories.push_back({{"code", c.key},
                          {"name_zh", c.title},
                          {"unit_capability", c.unit_capability},
                          {"methods", c.methods},
                          {"mark", MarkJson(c.mark)}});
  }
  Json methods = Json::array();
  for (const custody::DestructionMethod& m : rules.methods) {
    methods.push_back({{"code", m.key}, {"name_zh", m.title}, {"mark", MarkJson(m.mark)}});
  }
  Json units = Json::array();
  for (const auto& u : custody::QuantityUnits()) units.push_back({{"code", u.key}, {"name_zh", u.name_zh}});
  Json kinds = Json::array();
  for (const auto& k : custody::MovementKinds()) {
    kinds.push_back({{"code", k.key}, {"name_zh", k.name_zh}, {"takes_out", k.takes_out}});
  }
  Json caps = Json::array();
  for (const auto& c : custody::WasteCapabilities()) caps.push_back({{"code", c.key}, {"name_zh", c.name_zh}});
  Json statuses = Json::array();
  for (const auto& s : app::DestructionStatuses()) statuses.push_back({{"code", s.code}, {"name_zh", s.name_zh}});
  return {{"categories", categories}, {"methods", methods},     {"units", units},
          {"movement_kinds", kinds},  {"capabilities", caps},   {"statuses", statuses},
          {"rules_title", rules.title}};
}

}  // namespace

void RegisterCustodyApi(Dispatcher& d) {
  app::Context& ctx = d.context();
  Router& r = d.router();

  r.Add("GET", "/api/v1/custody/codes", Access::kAuthenticated, [](Request&) -> Reply {
    return JsonResponse(200, CodesOf());
  }, "涉案物品代码表与销毁分类规则 (custody codes and destruction rules)");
  {
    Schema code = Obj({{"code", Str()}, {"name_zh", Str()}});
    Schema mark = Obj({{"source", Str().Describe("依据条文 (source article)")},
                       {"confidence", Str().Describe("规则可信度 S/M/L (rule confidence)")},
                       {"note", Str()}});
    r.Describe(
        "GET", "/api/v1/custody/codes",
        RouteSpec().Returns(
            200, Obj({{"categories", Arr(Obj({{"code", Str()},
                                              {"name_zh", Str()},
                                              {"unit_capability", Str()},
                                              {"methods", Arr(Str())},
                                              {"mark", mark}}))},
                      {"methods", Arr(Obj({{"code", Str()}, {"name_zh", Str()}, {"mark", mark}}))},
                      {"units", Arr(code)},
                      {"movement_kinds",
                       Arr(Obj({{"code", Str()}, {"name_zh", Str()}, {"takes_out", Bool()}}))},
                      {"capabilities", Arr(code)},
                      {"statuses", Arr(code)},
                      {"rules_title", Str()}})));
  }

  r.Add("GET", "/api/v1/custody/items", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto page, internal::PageFromQuery(req));
    IPE_ASSIGN_OR_RETURN(auto case_id, internal::IntQuery(req, "case_id"));
    IPE_ASSIGN_OR_RETURN(auto result, app::ListCustodyItems(ctx, *req.principal, case_id, page));
    return JsonResponse(200, internal::PageJson(result, ItemJson));
  }, "涉案物品台账 (custody ledger)");
  Schema item = CustodyItemRef(r);
  r.Describe("GET", "/api/v1/custody/items",
             RouteSpec()
                 .Query(PageQuery({{"case_id", Int(), false, "案件 (case)"}}))
                 .Returns(200, PageOf(item))
                 .Refuses(403, "无权查看涉案物品 (no custody.read)"));

  r.Add("POST", "/api/v1/custody/items", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto body, internal::ParseObject(req));
    internal::Fields f(body);
    app::ItemInput in;
    auto case_id = f.Int("case_id", true);
    in.source_kind = f.String("source_kind", false, 20).value_or("case");
    in.description = f.String("description", true, 2000).value_or("");
    in.category = f.String("category", true, 40).value_or("");
    in.unit = f.String("unit", true, 40).value_or("");
    in.quantity = f.Int("quantity", true).value_or(0);
    in.weight_g = f.Int("weight_g");
    if (auto v = f.Int("value_fen")) in.value = core::Fen(*v);
    in.rights_holder = f.String("rights_holder", false, 2000).value_or("");
    in.seal_numbers = f.String("seal_numbers", false, 2000).value_or("");
    in.photo_hashes = f.StringList("photo_hashes").value_or(std::vector<std::string>{});
    in.store_id = f.Int("store_id");
    auto seized_on = f.String("seized_on", false, 10);
    core::Status st = f.Finish();
    bool bad = !st.ok();
    if (st.ok()) st = core::InvalidArgument("涉案物品信息有误");
    in.seized_on = DateField(seized_on, "seized_on", st, bad);
    if (bad) return st;
    IPE_ASSIGN_OR_RETURN(auto result, app::RegisterCustodyItem(ctx, *req.principal, *case_id, in));
    return JsonResponse(201, ItemJson(result));
  }, "登记涉案物品 (register a seized item line)");
  r.Describe(
      "POST", "/api/v1/custody/items",
      RouteSpec()
          .Body(Obj({{"case_id", Int()},
                     {"source_kind", Str(20).Optional()},
                     {"description", Str(2000)},
                     {"category", Str(40).Describe("物品类别代码 (GET /custody/codes)")},
                     {"unit", Str(40).Describe("计量单位代码 (GET /custody/codes)")},
                     {"quantity", Int()},
                     {"weight_g", Int().Optional()},
                     {"value_fen", Fen().Optional()},
                     {"rights_holder", Str(2000).Optional()},
                     {"seal_numbers", Str(2000).Optional()},
                     {"photo_hashes", Arr(Str()).Optional()},
                     {"store_id", Int().Optional()},
                     {"seized_on", Str(10).Optional().Describe("YYYY-MM-DD")}})
                    .Closed())
          .Returns(201, item)
          .Refuses(403, "无权登记涉案物品 (no custody.write)")
          .Refuses(
              404,
              "案件或保管场所不存在，或不在本机构 (case or store missing or not the agency's)"));

  r.Add("GET", "/api/v1/custody/items/{id}", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto id, internal::IdParam(req));
    IPE_ASSIGN_OR_RETURN(auto result, app::GetCustodyItem(ctx, *req.principal, id));
    Json j = ItemJson(result.item);
    Json movements = Json::array();
    for (const auto& m : result.movements) movements.push_back(MovementJson(m));
    j["movements"] = movements;
    Json photos = Json::array();
    for (const auto& p : result.photos) photos.push_back(PhotoJson(p));
    j["photos"] = photos;
    return JsonResponse(200, j);
  }, "涉案物品及其流转记录、照片 (item line with its movements and photos)");
  r.Describe("GET", "/api/v1/custody/items/{id}",
             RouteSpec()
                 .Returns(200, With(item, {{"movements", Arr(MovementSchema())},
                                           {"photos", Arr(PhotoSchema())}}))
                 .Refuses(403, "无权查看涉案物品 (no custody.read)")
                 .Refuses(404, "物品不存在或不在本人范围 (missing or out of scope)"));

  r.Add("POST", "/api/v1/custody/items/{id}/photos", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto id, internal::IdParam(req));
    IPE_ASSIGN_OR_RETURN(auto body, internal::ParseObject(req));
    internal::Fields f(body);
    app::PhotoInput in;
    in.filename = f.String("filename", true, 1000).value_or("");
    in.content_type = f.String("content_type", true, 100).value_or("");
    in.data_base64 = f.String("data_base64", true, kPhotoBase64Chars).value_or("");
    IPE_RETURN_IF_ERROR(f.Finish());
    IPE_ASSIGN_OR_RETURN(auto photo, app::AddCustodyPhoto(ctx, *req.principal, id, in));
    return JsonResponse(201, PhotoJson(photo));
  }, "上传涉案物品照片 (add a photo of an item line: JPEG/PNG up to 4 MiB, 10 per line)");
  r.Describe("POST", "/api/v1/custody/items/{id}/photos",
             RouteSpec()
                 .Body(Obj({{"filename", Str(1000)},
                            {"content_type", Str(100)},
                            {"data_base64", Str(kPhotoBase64Chars)}})
                           .Closed())
                 .Returns(201, PhotoSchema())
                 .Refuses(403, "无权上传涉案物品照片 (no custody.write)")
                 .Refuses(404, "物品不存在或不在本人范围 (missing or out of scope)")
                 .Refuses(409, "照片已达上限 (too many photos)"));
  r.AllowLargeBody("POST", "/api/v1/custody/items/{id}/photos", kPhotoBase64Chars + 4096);

  r.Add("GET", "/api/v1/custody/items/{id}/photos/{photo_id}", Access::kAuthenticated,
        [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto id, internal::IdParam(req));
    IPE_ASSIGN_OR_RETURN(auto photo_id, internal::IdParam(req, "photo_id"));
    IPE_ASSIGN_OR_RETURN(auto photo, app::GetCustodyPhoto(ctx, *req.principal, id, photo_id));
    Response resp;
    resp.content_type = photo.first.content_type;
    resp.body = std::move(photo.second);
    // Shown in the ledger: inline, under a name of digits only.
    resp.headers.emplace_back("Content-Disposition", "inline; filename=\"custody-photo-" +
                                                         std::to_string(photo_id) +
                                                         (photo.first.content_type == "image/png" ? ".png" : ".jpg") + "\"");
    resp.headers.emplace_back("Cache-Control", "private, max-age=86400, immutable");
    return resp;
  }, "涉案物品照片 (a photo of an item line)");
  r.Describe("GET", "/api/v1/custody/items/{id}/photos/{photo_id}",
             RouteSpec()
                 .Returns(200, Str(), "JPEG 照片", "image/jpeg")
                 .Returns(200, Str(), "PNG 照片", "image/png")
                 .Refuses(403, "无权查看涉案物品照片 (no custody.read)")
                 .Refuses(404, "物品或照片不存在，或不在本人范围 (missing or out of scope)"));

  r.Add("GET", "/api/v1/custody/items/{id}/label.pdf", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto id, internal::IdParam(req));
    IPE_ASSIGN_OR_RETURN(auto detail, app::GetCustodyItem(ctx, *req.principal, id));
    const app::CustodyItem& item = detail.item;
    IPE_ASSIGN_OR_RETURN(auto c, app::GetCase(ctx, *req.principal, item.case_id));
    const custody::ItemCategory* category = custody::DefaultDestructionRules().FindCategory(item.category);
    cert::LabelDoc doc{item.label_no, c.agency_name, c.input.case_number, item.description,
                       category ? category->title : item.category,
                       std::to_string(item.balance.seized) + UnitZh(item.unit), item.seized_on.ToString(),
                       item.seal_numbers};
    IPE_ASSIGN_OR_RETURN(std::string pdf, cert::RenderItemLabel(doc));
    Response resp;
    resp.content_type = "application/pdf";
    resp.body = std::move(pdf);
    resp.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + item.label_no + ".pdf\"");
    resp.headers.emplace_back("Cache-Control", "no-store");
    return resp;
  }, "涉案物品标签 PDF（二维码）(item label)");
  r.Describe("GET", "/api/v1/custody/items/{id}/label.pdf",
             RouteSpec()
                 .Returns(200, Str(), "标签 PDF (label)", "application/pdf")
                 .Refuses(403, "无权查看涉案物品 (no custody.read)")
                 .Refuses(404, "物品不存在或不在本人范围 (missing or out of scope)"));

  // 涉案物品保管情况 (docs/custody.md "Custody statement"): every line of the case with its balance
  // as of a day (default today) and the movements, as PDF.
  r.Add("GET", "/api/v1/cases/{id}/custody-statement.pdf", Access::kAuthenticated,
        [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto id, internal::IdParam(req));
    core::Date as_of = core::LocalDate(ctx.Now());
    if (auto text = req.Query("as_of"); text && !text->empty()) {
      auto parsed = core::ParseDate(*text);
      if (!parsed) {
        return core::Status(core::InvalidArgument("截止日期有误")).AddFieldError("as_of", "日期格式应为 YYYY-MM-DD");
      }
      as_of = *parsed;
    }
    IPE_ASSIGN_OR_RETURN(auto st, app::CustodyStatementOf(ctx, *req.principal, id, as_of));
    const custody::DestructionRules& rules = custody::DefaultDestructionRules();
    cert::StatementDoc doc;
    doc.case_number = st.case_number;
    doc.case_title = st.case_title;
    doc.agency_name = st.agency_name;
    doc.as_of = st.as_of.ToString();
    doc.issued_on = core::LocalDate(ctx.Now()).ToString();
    for (const auto& l : st.lines) {
      const custody::ItemCategory* category = rules.FindCategory(l.item.category);
      doc.lines.push_back({l.item.label_no, l.item.description, category ? category->title : l.item.category,
                           UnitZh(l.item.unit), l.balance});
    }
    std::map<std::string, std::string> units;
    for (const auto& l : st.lines) units[l.item.label_no] = UnitZh(l.item.unit);
    for (const auto& m : st.movements) {
      Json kind = MovementJson(m.movement)["kind_zh"];
      doc.movements.push_back({m.on.ToString(), m.label_no, kind.get<std::string>(),
                               std::to_string(m.movement.quantity) + units[m.label_no], m.movement.reference});
    }
    IPE_ASSIGN_OR_RETURN(std::string pdf, cert::RenderCustodyStatement(doc));
    Response resp;
    resp.content_type = "application/pdf";
    resp.body = std::move(pdf);
    resp.headers.emplace_back("Content-Disposition",
                              "attachment; filename=\"custody-statement-" + std::to_string(id) + ".pdf\"");
    resp.headers.emplace_back("Cache-Control", "no-store");
    return resp;
  }, "涉案物品保管情况 PDF (custody statement of a case)");
  r.Describe(
      "GET", "/api/v1/cases/{id}/custody-statement.pdf",
      RouteSpec()
          .Refuses(404, "案件不存在或不在范围内 (unknown or out of scope)")
          .Query({{"as_of", Date(), false, "截止日期，默认今天"}})
          .Returns(200, Binary(), "PDF：各物品截至当日的结存及出入库记录", "application/pdf"));

  r.Add("POST", "/api/v1/custody/items/{id}/movements", Access::kAuthenticated,
        [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto id, internal::IdParam(req));
    IPE_ASSIGN_OR_RETURN(auto body, internal::ParseObject(req));
    internal::Fields f(body);
    app::MovementInput in;
    in.kind = f.String("kind", true, 40).value_or("");
    in.quantity = f.Int("quantity", true).value_or(0);
    in.to_store_id = f.Int("to_store_id");
    in.reference = f.String("reference", false, 2000).value_or("");
    in.note = f.String("note", false, 2000).value_or("");
    auto version = f.Int("version", true);
    IPE_RETURN_IF_ERROR(f.Finish());
    in.version = *version;
    IPE_ASSIGN_OR_RETURN(auto result, app::RecordMovement(ctx, *req.principal, id, in));
    return JsonResponse(200, ItemJson(result));
  }, "办理物品流转（入库、移库、抽样、退还、移交、留存）(record a movement)");
  r.Describe("POST", "/api/v1/custody/items/{id}/movements",
             RouteSpec()
                 .Body(Obj({{"kind", Str(40).Describe("流转类别代码 (GET /custody/codes)")},
                            {"quantity", Int()},
                            {"to_store_id", Int().Optional()},
                            {"reference", Str(2000).Optional()},
                            {"note", Str(2000).Optional()},
                            {"version", Int()}})
                           .Closed())
                 .Returns(200, item)
                 .Refuses(403, "无权办理物品流转 (no custody.write)")
                 .Refuses(404, "物品或保管场所不存在，或不在本人范围 (missing or out of scope)")
                 .Refuses(409,
                          "数量超过在库数量、销毁须经申请或版本已变 (quantity, destruction by "
                          "application only, stale version)"));

  r.Add("GET", "/api/v1/custody/stores", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto page, internal::PageFromQuery(req));
    IPE_ASSIGN_OR_RETURN(auto result, app::ListStorerooms(ctx, *req.principal, page));
    return JsonResponse(200, internal::PageJson(result, StoreJson));
  }, "保管场所 (stores)");
  Schema store = r.Component("Storeroom", StoreSchema());
  r.Describe("GET", "/api/v1/custody/stores",
             RouteSpec()
                 .Query(PageQuery())
                 .Returns(200, PageOf(store))
                 .Refuses(403, "无权查看保管场所 (permission denied)"));

  r.Add("POST", "/api/v1/custody/stores", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto body, internal::ParseObject(req));
    internal::Fields f(body);
    app::StoreInput in;
    in.name = f.String("name", true, 2000).value_or("");
    in.address = f.String("address", false, 2000).value_or("");
    in.keeper_user_id = f.Int("keeper_user_id");
    IPE_RETURN_IF_ERROR(f.Finish());
    IPE_ASSIGN_OR_RETURN(auto result, app::CreateStoreroom(ctx, *req.principal, in));
    return JsonResponse(201, StoreJson(result));
  }, "设立保管场所 (create a store)");
  r.Describe("POST", "/api/v1/custody/stores",
             RouteSpec()
                 .Body(Obj({{"name", Str(2000)},
                            {"address", Str(2000).Optional()},
                            {"keeper_user_id", Int().Optional()}})
                           .Closed())
                 .Returns(201, store)
                 .Refuses(403, "无权设立保管场所 (no custody.write)")
                 .Refuses(409, "本机构已有同名保管场所 (name taken)"));

  r.Add("GET", "/api/v1/custody/reconciliation", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto held_days, internal::IntQuery(req, "held_days"));
    int64_t days = held_days.value_or(app::kDefaultHeldDays);
    if (days < 1 || days > 3650) {
      return core::Status(core::InvalidArgument("超期天数有误")).AddFieldError("held_days", "应为 1 至 3650 的整数");
    }
    IPE_ASSIGN_OR_RETURN(auto rec, app::CustodyReconciliation(ctx, *req.principal, static_cast<int>(days)));
    Json rows = Json::array();
    for (const auto& row : rec.rows) {
      rows.push_back({{"agency_id", row.agency_id},   {"agency_name", row.agency_name},
                      {"store_id", OptInt(row.store_id)}, {"store_name", row.store_name},
                      {"lines", row.lines},           {"totals", BalanceJson(row.totals)},
                      {"held_too_long", row.held_too_long}, {"balanced", row.balanced}});
    }
    Json held = Json::array();
    for (const auto& h : rec.held) {
      Json j = ItemJson(h.item);
      j["days_held"] = h.days_held;
      held.push_back(std::move(j));
    }
    return JsonResponse(200, Json{{"held_days", rec.held_days}, {"rows", rows}, {"held", held}});
  }, "涉案物品对账 (reconciliation per store and agency)");
  r.Describe("GET", "/api/v1/custody/reconciliation",
             RouteSpec()
                 .Query({{"held_days", Int().Min(1).Max(3650), false,
                          "超期天数 (days held before flagged)"}})
                 .Returns(200, Obj({{"held_days", Int()},
                                    {"rows", Arr(Obj({{"agency_id", Int()},
                                                      {"agency_name", Str()},
                                                      {"store_id", Int().Nullable()},
                                                      {"store_name", Str()},
                                                      {"lines", Int()},
                                                      {"totals", BalanceSchema()},
                                                      {"held_too_long", Int()},
                                                      {"balanced", Bool()}}))},
                                    {"held", Arr(With(item, {{"days_held", Int()}}))}}))
                 .Refuses(403, "无权查看涉案物品对账 (permission denied)"));

  // ---- destruction units ----

  r.Add("GET", "/api/v1/destruction-units", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto page, internal::PageFromQuery(req));
    app::UnitFilter f = UnitFilterOf(req);
    IPE_ASSIGN_OR_RETURN(auto all, internal::BoolQuery(req, "include_inactive"));
    f.include_inactive = all.value_or(false);
    IPE_ASSIGN_OR_RETURN(auto result, app::ListDestructionUnits(ctx, f, page));
    return JsonResponse(200, internal::PageJson(result, UnitJson));
  }, "无害化销毁单位名录 (directory of destruction units)");
  Schema unit = DestructionUnitRef(r);
  r.Describe(
      "GET", "/api/v1/destruction-units",
      RouteSpec()
          .Query(PageQuery(
              {{"region", Str(), false, "区划代码，含下级 (region subtree)"},
               {"capability", Str(), false, "处置能力代码 (GET /custody/codes capabilities)"},
               {"include_inactive", Bool(), false, "含已停用单位，默认 false (include inactive)"}}))
          .Returns(200, PageOf(unit)));

  r.Add("POST", "/api/v1/destruction-units", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto body, internal::ParseObject(req));
    IPE_ASSIGN_OR_RETURN(auto in, UnitFromBody(body));
    IPE_ASSIGN_OR_RETURN(auto result, app::CreateDestructionUnit(ctx, *req.principal, in));
    return JsonResponse(201, UnitJson(result));
  }, "名录新增销毁单位 (add a destruction unit)");
  r.Describe("POST", "/api/v1/destruction-units",
             RouteSpec()
                 .Body(UnitBodySchema(false))
                 .Returns(201, unit)
                 .Refuses(403, "无权维护销毁单位名录 (may not maintain the directory)")
                 .Refuses(409, "许可证编号已在名录中 (licence number taken)"));

  r.Add("PUT", "/api/v1/destruction-units/{id}", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto id, internal::IdParam(req));
    IPE_ASSIGN_OR_RETURN(auto body, internal::ParseObject(req));
    Json unit_body = body;
    unit_body.erase("version");
    auto version = body.contains("version") && body["version"].is_number_integer()
                       ? std::optional<int64_t>(body["version"].get<int64_t>())
                       : std::nullopt;
    auto in = UnitFromBody(unit_body);
    if (!in || !version) {
      core::Status st = in ? core::InvalidArgument("销毁单位信息有误") : in.error();
      if (!version) st.AddFieldError("version", "缺少版本号");
      return st;
    }
    IPE_ASSIGN_OR_RETURN(auto result, app::UpdateDestructionUnit(ctx, *req.principal, id, *in, *version));
    return JsonResponse(200, UnitJson(result));
  }, "修改销毁单位 (edit a destruction unit)");
  r.Describe("PUT", "/api/v1/destruction-units/{id}",
             RouteSpec()
                 .Body(UnitBodySchema(true))
                 .Returns(200, unit)
                 .Refuses(403, "无权维护销毁单位名录 (may not maintain the directory)")
                 .Refuses(404, "销毁单位不存在 (no such unit)")
                 .Refuses(409, "版本已变或许可证编号已被使用 (stale version, licence taken)"));

  r.Add("GET", "/api/v1/destruction-units/proposals", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    std::vector<int64_t> ids;
    for (const std::string& part : core::Split(req.Query("items").value_or(""), ',')) {
      char* end = nullptr;
      long long v = std::strtoll(part.c_str(), &end, 10);
      if (part.empty() || *end != '\0' || v <= 0) {
        return core::Status(core::InvalidArgument("物品有误")).AddFieldError("items", "以逗号分隔的物品编号");
      }
      ids.push_back(v);
    }
    IPE_ASSIGN_OR_RETURN(auto result, app::ProposeDestructionUnits(ctx, *req.principal, ids,
                                                                   req.Query("method").value_or("")));
    Json items = Json::array();
    for (const auto& u : result) items.push_back(UnitJson(u));
    return JsonResponse(200, Json{{"items", items}});
  }, "就近推荐具备能力的销毁单位 (nearest capable units)");
  r.Describe(
      "GET", "/api/v1/destruction-units/proposals",
      RouteSpec()
          .Query({{"items", Str(), true, "以逗号分隔的物品编号 (item line ids, comma-separated)"},
                  {"method", Str(), false, "销毁方式代码 (GET /custody/codes methods)"}})
          .Returns(200, Obj({{"items", Arr(unit)}}))
          .Refuses(403, "无权查看销毁单位 (no destruction.read)")
          .Refuses(404, "物品不存在或不在本人范围 (an item missing or out of scope)"));

  // ---- destructions ----

  r.Add("GET", "/api/v1/destructions", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto page, internal::PageFromQuery(req));
    app::DestructionFilter f;
    f.status = req.Query("status");
    if (f.status && f.status->empty()) f.status.reset();
    IPE_ASSIGN_OR_RETURN(f.case_id, internal::IntQuery(req, "case_id"));
    IPE_ASSIGN_OR_RETURN(f.campaign_id, internal::IntQuery(req, "campaign_id"));
    IPE_ASSIGN_OR_RETURN(auto result, app::ListDestructions(ctx, *req.principal, f, page));
    return JsonResponse(200, internal::PageJson(result, DestructionJson));
  }, "销毁记录 (destructions)");
  Schema destruction = DestructionRef(r);
  r.Describe(
      "GET", "/api/v1/destructions",
      RouteSpec()
          .Query(PageQuery({{"status", Enum(app::DestructionStatuses()), false, "状态 (status)"},
                            {"case_id", Int(), false, "案件 (case)"},
                            {"campaign_id", Int(), false, "销毁活动 (campaign)"}}))
          .Returns(200, PageOf(destruction))
          .Refuses(403, "无权查看销毁记录 (no destruction.read)"));

  r.Add("POST", "/api/v1/destructions", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto body, internal::ParseObject(req));
    // lines: [{"item_id": 1, "quantity": 10}, …]; the other fields through Fields.
    core::Status st = core::InvalidArgument("销毁申请信息有误");
    bool bad = false;
    app::DestructionInput in;
    if (body.contains("lines") && body["lines"].is_array()) {
      for (const Json& l : body["lines"]) {
        if (!l.is_object() || l.size() != 2 || !l.contains("item_id") || !l.contains("quantity") ||
            !l["item_id"].is_number_integer() || !l["quantity"].is_number_integer()) {
          st.AddFieldError("lines", "每项应为 {item_id, quantity} 整数");
          bad = true;
          break;
        }
        in.lines.emplace_back(l["item_id"].get<int64_t>(), l["quantity"].get<int64_t>());
      }
    } else {
      st.AddFieldError("lines", "请选择要销毁的物品");
      bad = true;
    }
    Json rest = body;
    rest.erase("lines");
    internal::Fields f(rest);
    auto case_id = f.Int("case_id", true);
    in.method = f.String("method", true, 40).value_or("");
    in.unit_id = f.Int("unit_id", true).value_or(0);
    auto planned_on = f.String("planned_on", true, 10);
    in.note = f.String("note", false, 8000).value_or("");
    core::Status fields = f.Finish();
    if (!fields.ok()) {
      for (const auto& e : fields.field_errors()) st.AddFieldError(e.field, e.message);
      bad = true;
    }
    in.planned_on = DateField(planned_on, "planned_on", st, bad);
    if (bad) return st;
    IPE_ASSIGN_OR_RETURN(auto result, app::ApplyForDestruction(ctx, *req.principal, *case_id, in));
    return JsonResponse(201, DestructionJson(result));
  }, "申请销毁 (apply for a destruction)");
  r.Describe(
      "POST", "/api/v1/destructions",
      RouteSpec()
          .Body(Obj({{"case_id", Int()},
                     {"lines", Arr(Obj({{"item_id", Int()}, {"quantity", Int()}}).Closed())
                                   .Describe("要销毁的物品及数量 (lines and quantities)")},
                     {"method", Str(40).Describe("销毁方式代码 (GET /custody/codes methods)")},
                     {"unit_id", Int().Describe("拟定销毁单位 (proposed unit)")},
                     {"planned_on", Str(10).Describe("YYYY-MM-DD")},
                     {"note", Str(8000).Optional()}})
                    .Closed())
          .Returns(201, destruction)
          .Refuses(403, "无权申请销毁 (no custody.write)")
          .Refuses(404, "案件或物品不存在，或不在本机构 (case or item missing or not the agency's)")
          .Refuses(
              409,
              "数量超过可销毁数量，或单位不具备该类物品的处置能力 (quantity, unit capability)"));

  // 通报生态环境部门 (docs/custody.md "Environment notice"): each plan and its result of the period.
  r.Add("GET", "/api/v1/destructions/environment-notice", Access::kAuthenticated,
        [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto period, internal::PeriodQuery(req));
    std::string format = req.Query("format").value_or("json");
    if (format != "json" && format != "csv") {
      return core::Status(core::InvalidArgument("格式应为 json 或 csv")).AddFieldError("format", "json 或 csv");
    }
    IPE_ASSIGN_OR_RETURN(auto list, app::EnvironmentNotice(ctx, *req.principal, period.from, period.to));
    if (format == "json") {
      Json items = Json::array();
      for (const auto& d : list) items.push_back(DestructionJson(d));
      return JsonResponse(200, Json{{"from", period.from.ToString()}, {"to", period.to.ToString()},
                                    {"items", items}});
    }
    const custody::DestructionRules& rules = custody::DefaultDestructionRules();
    std::string body = "\xEF\xBB\xBF" + core::CsvLine({"编号", "执法机关", "行政区划", "状态", "拟销毁日期", "销毁方式",
                                                         "拟定销毁单位", "执行单位", "执行日期", "物品（名称×数量）",
                                                         "销毁前重量（克）", "残余重量（克）", "销毁证明编号"});
    for (const auto& d : list) {
      std::string goods;
      for (const auto& l : d.lines) {
        goods += (goods.empty() ? "" : "；") + l.description + "×" + std::to_string(l.quantity) + UnitZh(l.unit);
      }
      const custody::DestructionMethod* m = rules.FindMethod(d.method);
      const char* status = app::LabelOf(app::DestructionStatuses(), d.status);
      body += core::CsvLine({std::to_string(d.id), d.agency_name, d.region_code, status ? status : d.status,
                             d.planned_on.ToString(), m ? m->title : d.method, d.proposed_unit_name, d.unit_name,
                             d.executed_on ? d.executed_on->ToString() : "",
                             goods, d.weight_before_g ? std::to_string(*d.weight_before_g) : "",
                             d.weight_after_g ? std::to_string(*d.weight_after_g) : "",
                             d.certificate_no.value_or("")});
    }
    Response resp;
    resp.content_type = "text/csv; charset=utf-8";
    resp.body = std::move(body);
    resp.headers.emplace_back("Content-Disposition", "attachment; filename=\"destruction-notice.csv\"");
    resp.headers.emplace_back("Cache-Control", "no-store");
    return resp;
  }, "销毁计划与结果通报（生态环境部门）(environment notice)");
  std::vector<QueryParam> period = {{"from", Date(), true, "起始日期 (from)"},
                                    {"to", Date(), true, "截止日期 (to)"}};
  {
    std::vector<QueryParam> query = period;
    query.push_back({"format", Enum({{"json", "JSON"}, {"csv", "CSV"}}), false, "默认 json"});
    r.Describe(
        "GET", "/api/v1/destructions/environment-notice",
        RouteSpec()
            .Query(query)
            .Returns(200, Obj({{"from", Date()}, {"to", Date()}, {"items", Arr(destruction)}}))
            .Returns(200, Str(), "CSV (UTF-8 with BOM)", "text/csv")
            .Refuses(403, "无权导出销毁通报 (permission denied)"));
  }

  r.Add("GET", "/api/v1/destructions/summary", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto period, internal::PeriodQuery(req));
    IPE_ASSIGN_OR_RETURN(auto rows, app::DestructionSummary(ctx, *req.principal, period.from, period.to));
    Json items = Json::array();
    for (const auto& row : rows) items.push_back(SummaryRowJson(row));
    return JsonResponse(200, Json{{"from", period.from.ToString()}, {"to", period.to.ToString()},
                                  {"items", items}});
  }, "销毁汇总（按省）(destruction summary by province)");
  r.Describe(
      "GET", "/api/v1/destructions/summary",
      RouteSpec()
          .Query(period)
          .Returns(200, Obj({{"from", Date()}, {"to", Date()}, {"items", Arr(SummaryRowSchema())}}))
          .Refuses(403, "无权查看销毁汇总 (permission denied)"));

  // ---- destruction campaigns (docs/custody.md "Campaigns") ----

  r.Add("GET", "/api/v1/destruction-campaigns", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto page, internal::PageFromQuery(req));
    std::optional<std::string> status = req.Query("status");
    if (status && status->empty()) status.reset();
    IPE_ASSIGN_OR_RETURN(auto result, app::ListDestructionCampaigns(ctx, *req.principal, status, page));
    return JsonResponse(200, internal::PageJson(result, CampaignJson));
  }, "销毁活动 (destruction campaigns)");
  Schema campaign = CampaignRef(r);
  r.Describe(
      "GET", "/api/v1/destruction-campaigns",
      RouteSpec()
          .Query(PageQuery({{"status", Enum(app::CampaignStatuses()), false, "状态 (status)"}}))
          .Returns(200, PageOf(campaign))
          .Refuses(403, "无权查看销毁活动 (no destruction.read)"));

  r.Add("POST", "/api/v1/destruction-campaigns", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto body, internal::ParseObject(req));
    internal::Fields f(body);
    app::CampaignInput in;
    in.name = f.String("name", true, 2000).value_or("");
    auto starts_on = f.String("starts_on", true, 10);
    auto ends_on = f.String("ends_on", true, 10);
    in.regions = f.StringList("regions", true).value_or(std::vector<std::string>{});
    in.note = f.String("note", false, 8000).value_or("");
    core::Status st = f.Finish();
    bool bad = !st.ok();
    if (st.ok()) st = core::InvalidArgument("销毁活动信息有误");
    in.starts_on = DateField(starts_on, "starts_on", st, bad);
    in.ends_on = DateField(ends_on, "ends_on", st, bad);
    if (bad) return st;
    IPE_ASSIGN_OR_RETURN(auto result, app::CreateDestructionCampaign(ctx, *req.principal, in));
    return JsonResponse(201, CampaignJson(result));
  }, "组织销毁活动 (create a destruction campaign)");
  r.Describe(
      "POST", "/api/v1/destruction-campaigns",
      RouteSpec()
          .Body(Obj({{"name", Str(2000)},
                     {"starts_on", Str(10).Describe("YYYY-MM-DD")},
                     {"ends_on", Str(10).Describe("YYYY-MM-DD")},
                     {"regions", Arr(Str()).Describe("覆盖的区划代码，含下级 (region codes)")},
                     {"note", Str(8000).Optional()}})
                    .Closed())
          .Returns(201, campaign)
          .Refuses(403, "销毁活动由领导小组办公室组织 (office only)"));

  r.Add("GET", "/api/v1/destruction-campaigns/{id}", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto id, internal::IdParam(req));
    IPE_ASSIGN_OR_RETURN(auto report, app::GetDestructionCampaign(ctx, *req.principal, id));
    Json items = Json::array();
    for (const auto& row : report.rows) items.push_back(SummaryRowJson(row));
    Json out = CampaignJson(report.campaign);
    out["summary"] = items;
    return JsonResponse(200, out);
  }, "销毁活动及按省汇总 (a campaign and its summary by province)");
  r.Describe("GET", "/api/v1/destruction-campaigns/{id}",
             RouteSpec()
                 .Returns(200, With(campaign, {{"summary", Arr(SummaryRowSchema())}}))
                 .Refuses(403, "无权查看销毁活动 (no destruction.read)")
                 .Refuses(404, "销毁活动不存在 (no such campaign)"));

  r.Add("GET", "/api/v1/destruction-campaigns/{id}/export", Access::kAuthenticated,
        [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto id, internal::IdParam(req));
    IPE_ASSIGN_OR_RETURN(auto file, app::ExportDestructionCampaign(ctx, *req.principal, id,
                                                                   req.Query("format").value_or("xlsx")));
    Response resp;
    resp.content_type = file.content_type;
    resp.body = std::move(file.bytes);
    resp.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + file.filename + "\"");
    resp.headers.emplace_back("Cache-Control", "no-store");
    return resp;
  }, "销毁活动汇总导出 CSV/XLSX (campaign summary export)");
  r.Describe("GET", "/api/v1/destruction-campaigns/{id}/export",
             RouteSpec()
                 .Query({{"format", Enum({{"csv", "CSV"}, {"xlsx", "Excel"}}), false, "默认 xlsx"}})
                 .Returns(200, Str(), "CSV", "text/csv")
                 .Returns(200, Str(), "XLSX",
                          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
                 .Refuses(403, "无权查看销毁活动 (no destruction.read)")
                 .Refuses(404, "销毁活动不存在 (no such campaign)"));

  r.Add("POST", "/api/v1/destruction-campaigns/{id}/close", Access::kAuthenticated,
        [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto in, internal::IdAndVersionOf(req));
    IPE_ASSIGN_OR_RETURN(auto result, app::CloseDestructionCampaign(ctx, *req.principal, in.id, in.version));
    return JsonResponse(200, CampaignJson(result));
  }, "结束销毁活动 (close a campaign)");
  r.Describe("POST", "/api/v1/destruction-campaigns/{id}/close",
             RouteSpec()
                 .Body(Obj({{"version", Int()}}).Closed())
                 .Returns(200, campaign)
                 .Refuses(403, "由组织活动的办公室结束 (the organising office only)")
                 .Refuses(404, "销毁活动不存在 (no such campaign)")
                 .Refuses(409, "活动已结束或版本已变 (closed already, stale version)"));

  // Attach (campaign_id) or detach (campaign_id null) one destruction.
  r.Add("PUT", "/api/v1/destructions/{id}/campaign", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto id, internal::IdParam(req));
    IPE_ASSIGN_OR_RETURN(auto body, internal::ParseObject(req));
    std::optional<int64_t> campaign_id;
    if (!body.contains("campaign_id")) {
      return core::Status(core::InvalidArgument("请求参数有误"))
          .AddFieldError("campaign_id", "请选择销毁活动（退出时为 null）");
    }
    if (!body["campaign_id"].is_null()) {
      if (!body["campaign_id"].is_number_integer()) {
        return core::Status(core::InvalidArgument("请求参数有误")).AddFieldError("campaign_id", "应为整数或 null");
      }
      campaign_id = body["campaign_id"].get<int64_t>();
    }
    body.erase("campaign_id");
    internal::Fields f(body);
    auto version = f.Int("version", true);
    IPE_RETURN_IF_ERROR(f.Finish());
    IPE_ASSIGN_OR_RETURN(auto result,
                         app::SetDestructionCampaign(ctx, *req.principal, id, campaign_id, *version));
    return JsonResponse(200, DestructionJson(result));
  }, "参加或退出销毁活动 (attach to or detach from a campaign)");
  r.Describe(
      "PUT", "/api/v1/destructions/{id}/campaign",
      RouteSpec()
          .Body(Obj({{"campaign_id", Int().Nullable().Describe("null：退出活动 (null detaches)")},
                     {"version", Int()}})
                    .Closed())
          .Returns(200, destruction)
          .Refuses(403, "无权修改销毁记录 (no custody.write)")
          .Refuses(404, "销毁记录或活动不存在，或不在本人范围 (missing or out of scope)")
          .Refuses(409,
                   "活动已结束、期间或地区不含此次销毁，或版本已变 (campaign closed, outside its "
                   "period or regions, stale version)"));

  r.Add("GET", "/api/v1/destructions/{id}", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto id, internal::IdParam(req));
    IPE_ASSIGN_OR_RETURN(auto result, app::GetDestruction(ctx, *req.principal, id));
    return JsonResponse(200, DestructionJson(result));
  }, "销毁记录 (destruction)");
  r.Describe("GET", "/api/v1/destructions/{id}",
             RouteSpec()
                 .Returns(200, destruction)
                 .Refuses(403, "无权查看销毁记录 (no destruction.read)")
                 .Refuses(404, "销毁记录不存在或不在本人范围 (missing or out of scope)"));

  r.Add("POST", "/api/v1/destructions/{id}/decision", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto id, internal::IdParam(req));
    IPE_ASSIGN_OR_RETURN(auto body, internal::ParseObject(req));
    internal::Fields f(body);
    auto approve = f.Bool("approve", true);
    auto note = f.String("note", false, 8000);
    auto version = f.Int("version", true);
    IPE_RETURN_IF_ERROR(f.Finish());
    IPE_ASSIGN_OR_RETURN(auto result, app::DecideDestruction(ctx, *req.principal, id, *approve,
                                                             note.value_or(""), *version));
    return JsonResponse(200, DestructionJson(result));
  }, "审批销毁申请 (approve or reject)");
  r.Describe(
      "POST", "/api/v1/destructions/{id}/decision",
      RouteSpec()
          .Body(Obj({{"approve", Bool()}, {"note", Str(8000).Optional()}, {"version", Int()}})
                    .Closed())
          .Returns(200, destruction)
          .Refuses(403, "只有机关负责人审批 (the agency head only)")
          .Refuses(404, "销毁记录不存在或不在本人范围 (missing or out of scope)")
          .Refuses(409, "不在待审批状态或版本已变 (not awaiting a decision, stale version)"));

  r.Add("POST", "/api/v1/destructions/{id}/execution", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto id, internal::IdParam(req));
    IPE_ASSIGN_OR_RETURN(auto body, internal::ParseObject(req));
    internal::Fields f(body);
    app::ExecutionInput in;
    in.unit_id = f.Int("unit_id", true).value_or(0);
    auto executed_on = f.String("executed_on", false, 10);
    in.note = f.String("note", false, 8000).value_or("");
    auto version = f.Int("version", true);
    core::Status st = f.Finish();
    bool bad = !st.ok();
    if (st.ok()) st = core::InvalidArgument("销毁执行信息有误");
    in.executed_on = DateField(executed_on, "executed_on", st, bad);
    if (bad) return st;
    in.version = *version;
    IPE_ASSIGN_OR_RETURN(auto result, app::RecordDestructionExecution(ctx, *req.principal, id, in));
    return JsonResponse(200, DestructionJson(result));
  }, "记录销毁执行 (record the execution)");
  r.Describe("POST", "/api/v1/destructions/{id}/execution",
             RouteSpec()
                 .Body(Obj({{"unit_id", Int()},
                            {"executed_on", Str(10).Optional().Describe("YYYY-MM-DD")},
                            {"note", Str(8000).Optional()},
                            {"version", Int()}})
                           .Closed())
                 .Returns(200, destruction)
                 .Refuses(403, "无权记录销毁执行 (no custody.write)")
                 .Refuses(404, "销毁记录或单位不存在 (missing or out of scope)")
                 .Refuses(409,
                          "尚未批准、单位不具备处置能力或版本已变 (not approved, unit not capable, "
                          "stale version)"));

  r.Add("POST", "/api/v1/destructions/{id}/supervision", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto id, internal::IdParam(req));
    IPE_ASSIGN_OR_RETURN(auto body, internal::ParseObject(req));
    internal::Fields f(body);
    app::SupervisionInput in;
    in.supervisors = f.StringList("supervisors", true).value_or(std::vector<std::string>{});
    in.evidence_hashes = f.StringList("evidence_hashes", true).value_or(std::vector<std::string>{});
    in.weight_before_g = f.Int("weight_before_g", true).value_or(0);
    in.weight_after_g = f.Int("weight_after_g", true).value_or(0);
    auto version = f.Int("version", true);
    IPE_RETURN_IF_ERROR(f.Finish());
    in.version = *version;
    IPE_ASSIGN_OR_RETURN(auto result, app::RecordDestructionSupervision(ctx, *req.principal, id, in));
    return JsonResponse(200, DestructionJson(result));
  }, "记录销毁监督 (record the supervision)");
  r.Describe("POST", "/api/v1/destructions/{id}/supervision",
             RouteSpec()
                 .Body(Obj({{"supervisors", Arr(Str()).Describe("监督人员 (supervisors)")},
                            {"evidence_hashes",
                             Arr(Str()).Describe("现场证据文件 SHA-256 (evidence hashes)")},
                            {"weight_before_g", Int()},
                            {"weight_after_g", Int()},
                            {"version", Int()}})
                           .Closed())
                 .Returns(200, destruction)
                 .Refuses(403, "无权记录销毁监督 (no custody.write)")
                 .Refuses(404, "销毁记录不存在或不在本人范围 (missing or out of scope)")
                 .Refuses(409, "尚未执行或版本已变 (not executed, stale version)"));

  r.Add("POST", "/api/v1/destructions/{id}/close", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto in, internal::IdAndVersionOf(req));
    IPE_ASSIGN_OR_RETURN(auto result, app::CloseDestruction(ctx, *req.principal, in.id, in.version));
    return JsonResponse(200, DestructionJson(result));
  }, "销毁办结 (close with a certificate number)");
  r.Describe("POST", "/api/v1/destructions/{id}/close",
             RouteSpec()
                 .Body(Obj({{"version", Int()}}).Closed())
                 .Returns(200, destruction)
                 .Refuses(403, "无权办结销毁 (no custody.write)")
                 .Refuses(404, "销毁记录不存在或不在本人范围 (missing or out of scope)")
                 .Refuses(409, "尚未记录监督或版本已变 (not supervised, stale version)"));

  // The certificate as PDF (docs/custody.md "Certificates"): the QR code opens the public check at
  // this server's own address.
  r.Add("GET", "/api/v1/destructions/{id}/certificate.pdf", Access::kAuthenticated,
        [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto id, internal::IdParam(req));
    IPE_ASSIGN_OR_RETURN(auto d, app::GetDestruction(ctx, *req.principal, id));
    if (!d.certificate_no) return core::FailedPrecondition("销毁办结后才出具销毁证明");
    IPE_ASSIGN_OR_RETURN(auto pub, app::VerifyDestructionCertificate(ctx, *d.certificate_no));
    cert::CertificateDoc doc;
    doc.number = pub.certificate_no;
    std::string host(req.Header("host"));
    doc.verify_url = std::string(req.https ? "https://" : "http://") + (host.empty() ? "localhost" : host) +
                     "/public/destruction-certificates/" + pub.certificate_no;
    doc.agency_name = pub.agency_name;
    doc.unit_name = pub.unit_name;
    doc.unit_licence_no = pub.unit_licence_no;
    doc.method = pub.method;
    doc.executed_on = pub.executed_on.ToString();
    doc.weight_before_g = pub.weight_before_g;
    doc.weight_after_g = pub.weight_after_g;
    doc.supervisors = d.supervisors;
    for (size_t i = 0; i < pub.lines.size() && i < d.lines.size(); ++i) {
      doc.lines.push_back({d.lines[i].label_no, pub.lines[i].description, pub.lines[i].category,
                           pub.lines[i].quantity, pub.lines[i].unit});
    }
    doc.issued_on = d.closed_at ? core::LocalDate(*d.closed_at).ToString() : doc.executed_on;
    IPE_ASSIGN_OR_RETURN(std::string pdf, cert::RenderDestructionCertificate(doc));
    Response resp;
    resp.content_type = "application/pdf";
    resp.body = std::move(pdf);
    resp.headers.emplace_back("Content-Disposition",
                              "attachment; filename=\"" + pub.certificate_no + ".pdf\"");
    resp.headers.emplace_back("Cache-Control", "no-store");
    return resp;
  }, "销毁证明 PDF (destruction certificate)");
  r.Describe(
      "GET", "/api/v1/destructions/{id}/certificate.pdf",
      RouteSpec()
          .Returns(200, Str(), "销毁证明 PDF；办结前 409 (409 before closing)", "application/pdf")
          .Refuses(403, "无权查看销毁记录 (no destruction.read)")
          .Refuses(404, "销毁记录不存在或不在本人范围 (missing or out of scope)")
          .Refuses(409, "销毁办结后才出具销毁证明 (not closed yet)"));

  // ---- the public portal ----

  r.Add("GET", "/api/v1/public/destruction-units", Access::kPublic, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto page, internal::PageFromQuery(req));
    IPE_ASSIGN_OR_RETURN(auto result, app::ListDestructionUnits(ctx, UnitFilterOf(req), page));
    return JsonResponse(200, internal::PageJson(result, UnitJson));
  }, "公开：具有环境无害化销毁能力的单位名录 (public directory)");
  // UnitJson: the directory lists companies, no persons, so the portal sees what officers see.
  r.Describe(
      "GET", "/api/v1/public/destruction-units",
      RouteSpec()
          .Query(PageQuery({{"region", Str(), false, "区划代码（含下级）"},
                            {"capability", Str(), false, "销毁能力代码 (GET /custody/codes)"}}))
          .Returns(200,
                   PageOf(Obj({{"id", Int()},
                               {"name", Str()},
                               {"region_code", Str()},
                               {"region_name", Str()},
                               {"address", Str()},
                               {"capabilities", Arr(Obj({{"code", Str()}, {"name_zh", Str()}}))},
                               {"licence_no", Str()},
                               {"licence_valid_until", Date()},
                               {"licence_expired", Bool()},
                               {"licence_expiring", Bool()},
                               {"capacity_tonnes", Int()},
                               {"active", Bool()},
                               {"version", Int()}}))));

  r.Add("GET", "/api/v1/public/destruction-certificates/{number}", Access::kPublic,
        [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto result,
                         app::VerifyDestructionCertificate(ctx, std::string(req.path_params["number"])));
    return JsonResponse(200, CertificateJson(result));
  }, "公开：销毁证明核验 (verify a destruction certificate)");
  r.Describe(
      "GET", "/api/v1/public/destruction-certificates/{number}",
      RouteSpec()
          .Refuses(404, "无此销毁证明 (no such certificate)")
          .Returns(200, Obj({{"certificate_no", Str()},
                             {"agency_name", Str()},
                             {"unit_name", Str()},
                             {"unit_licence_no", Str()},
                             {"method", Str()},
                             {"executed_on", Date()},
                             {"weight_before_g", Int().Nullable().Describe("销毁前重量（克）")},
                             {"weight_after_g", Int().Nullable().Describe("销毁后残余（克）")},
                             {"lines", Arr(Obj({{"description", Str()},
                                                {"category", Str()},
                                                {"quantity", Int()},
                                                {"unit", Str()}}))}})));
}

}  // namespace ipe::http
