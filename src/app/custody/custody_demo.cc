// Demo data of the custody area (custody.h LoadCustodyDemo).
#include "app/accounts/accounts.h"
#include "app/cases/case_store.h"
#include "app/custody/custody.h"
#include "app/custody/custody_store.h"

namespace ipe::app {

namespace {

core::Result<std::optional<int64_t>> DemoCase(Context& ctx, int64_t agency_id, const std::string& number) {
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  return CaseStore(*tx).IdByNumber(agency_id, number);
}

}  // namespace

core::Status LoadCustodyDemo(Context& ctx) {
  IPE_ASSIGN_OR_RETURN(auto existing, ListDestructionUnits(ctx, {std::nullopt, std::nullopt, true}, {1, 1}));
  if (existing.total > 0) return core::Status::Ok();
  Principal office = Principal::System();
  core::Date today = core::LocalDate(ctx.Now());
  struct UnitRow {
    const char* name;
    const char* region;
    std::vector<std::string> caps;
    const char* licence;
    int valid_days;
    int64_t tonnes;
  };
  const UnitRow units[] = {
      {"上海某再生资源利用有限公司", "310115", {"general", "alcohol"}, "沪环固〔2024〕018号", 900, 20000},
      {"上海某危险废物处置有限公司", "310112", {"general", "hazardous"}, "沪环危废经字第0107号", 700, 30000},
      {"深圳某环保科技有限公司", "440306", {"general", "electronic"}, "粤环电拆〔2023〕031号", 500, 15000},
      {"北京某固体废物处置中心", "110112", {"hazardous"}, "京环危废经字第0055号", 30, 25000},
  };
  std::vector<int64_t> unit_ids;
  for (const UnitRow& u : units) {
    UnitInput in;
    in.name = u.name;
    in.region_code = u.region;
    in.capabilities = u.caps;
    in.licence_no = u.licence;
    in.licence_valid_until = today.AddDays(u.valid_days);
    in.capacity_tonnes = u.tonnes;
    in.address = "";
    IPE_ASSIGN_OR_RETURN(DestructionUnit made, CreateDestructionUnit(ctx, office, in));
    unit_ids.push_back(made.id);
  }
  IPE_ASSIGN_OR_RETURN(Principal officer, PrincipalForLogin(ctx, "sh_officer"));
  IPE_ASSIGN_OR_RETURN(Principal head, PrincipalForLogin(ctx, "sh_head"));
  IPE_ASSIGN_OR_RETURN(Storeroom store, CreateStoreroom(ctx, officer, {"市局涉案物品一号库", "上海市某区某路 1 号", officer.user_id}));
  IPE_ASSIGN_OR_RETURN(auto shoes_case, DemoCase(ctx, officer.agency_id, "沪市监案〔2025〕101号"));
  IPE_ASSIGN_OR_RETURN(auto phones_case, DemoCase(ctx, officer.agency_id, "沪市监案〔2025〕103号"));
  IPE_ASSIGN_OR_RETURN(auto liquor_case, DemoCase(ctx, officer.agency_id, "沪市监案〔2024〕207号"));
  if (!shoes_case || !phones_case || !liquor_case) return core::Status::Ok();
  auto seize = [&](int64_t case_id, const char* what, const char* category, const char* unit,
                   int64_t quantity, int64_t grams_each) {
    ItemInput in;
    in.description = what;
    in.category = category;
    in.unit = unit;
    in.quantity = quantity;
    in.weight_g = quantity * grams_each;
    in.store_id = store.id;
    in.seized_on = today.AddDays(-120);
    return RegisterCustodyItem(ctx, officer, case_id, in);
  };
  IPE_ASSIGN_OR_RETURN(CustodyItem shoes, seize(*shoes_case, "假冒耐克运动鞋", "general", "pair", 300, 800));
  IPE_ASSIGN_OR_RETURN(shoes, RecordMovement(ctx, officer, shoes.id, {"sample", 2, {}, "", "抽样送检", shoes.version}));
  IPE_RETURN_IF_ERROR(seize(*phones_case, "假冒华为手机", "electronic", "set", 80, 200).status());
  IPE_ASSIGN_OR_RETURN(CustodyItem liquor, seize(*liquor_case, "假冒白酒（500毫升装）", "alcohol", "bottle", 120, 900));

  DestructionInput shoes_plan;
  shoes_plan.lines = {{shoes.id, 298}};
  shoes_plan.method = "material_recovery";
  shoes_plan.unit_id = unit_ids[0];
  shoes_plan.planned_on = today.AddDays(14);
  IPE_RETURN_IF_ERROR(ApplyForDestruction(ctx, officer, *shoes_case, shoes_plan).status());

  DestructionInput liquor_plan;
  liquor_plan.lines = {{liquor.id, 120}};
  liquor_plan.method = "material_recovery";
  liquor_plan.unit_id = unit_ids[0];
  liquor_plan.planned_on = today;
  IPE_ASSIGN_OR_RETURN(Destruction d, ApplyForDestruction(ctx, officer, *liquor_case, liquor_plan));
  IPE_ASSIGN_OR_RETURN(d, DecideDestruction(ctx, head, d.id, true, "同意销毁", d.version));
  IPE_ASSIGN_OR_RETURN(d, RecordDestructionExecution(ctx, officer, d.id, {unit_ids[0], today, "倒罐后包装物资源化利用", d.version}));
  SupervisionInput sup;
  sup.supervisors = {"李执法", "陈局长"};
  sup.evidence_hashes = {"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"};
  sup.weight_before_g = 108000;
  sup.weight_after_g = 0;
  sup.version = d.version;
  IPE_ASSIGN_OR_RETURN(d, RecordDestructionSupervision(ctx, officer, d.id, sup));
  IPE_ASSIGN_OR_RETURN(d, CloseDestruction(ctx, officer, d.id, d.version));

  // An open campaign of the office over Shanghai, with the closed destruction attached.
  IPE_ASSIGN_OR_RETURN(Principal office_user, PrincipalForLogin(ctx, "office"));
  CampaignInput campaign;
  campaign.name = "侵权假冒伪劣商品集中销毁活动";
  campaign.starts_on = today.AddDays(-30);
  campaign.ends_on = today.AddDays(60);
  campaign.regions = {"310000"};
  campaign.note = "各地集中销毁一批侵权假冒伪劣商品，汇总报送";
  IPE_ASSIGN_OR_RETURN(DestructionCampaign made, CreateDestructionCampaign(ctx, office_user, campaign));
  return SetDestructionCampaign(ctx, officer, d.id, made.id, d.version).status();
}

}  // namespace ipe::app
