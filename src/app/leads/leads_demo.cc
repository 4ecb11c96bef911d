// Demo leads (演示线索): one counterfeit-shoe operation seen in Shanghai, Shenzhen and Beijing
// (shared phone, web shop and domain: a cross-region cluster), plus two unrelated leads.
#include "app/leads/leads.h"

namespace ipe::app {

core::Status LoadLeadsDemo(Context& ctx) {
  struct DemoLead {
    const char* ref;
    const char* region;
    const char* category;
    const char* title;
    const char* description;
    std::vector<std::pair<const char*, const char*>> observables;  // type, value
  };
  const std::vector<DemoLead> kLeads = {
      {"demo-001", "310115", "trademark", "浦东新区网店销售假冒知名品牌运动鞋",
       "群众举报：淘宝店铺低价销售假冒运动鞋，发货地为深圳。",
       {{"web_shop", "淘宝:fakeshoes88"}, {"phone", "139 1234 5678"}, {"person_name", "张某"}}},
      {"demo-002", "440300", "trademark", "深圳市宝安区仓库疑似存储假冒运动鞋",
       "巡查发现仓库大量无合法来源的品牌运动鞋，负责人电话与网店客服一致。",
       {{"phone", "+86 139-1234-5678"}, {"waybill", "SF 1234 5678 9012"},
        {"address", "深圳市宝安区西乡街道某工业园"}}},
      {"demo-003", "110105", "trademark", "北京消费者投诉网购假冒运动鞋",
       "消费者通过网站 m.fakeshoes88.com.cn 购买后发现为假货，网店为淘宝 FakeShoes88。",
       {{"web_shop", "taobao:FakeShoes88"}, {"url", "https://m.fakeshoes88.com.cn/item/1"}}},
      {"demo-004", "310000", "copyright", "网店销售盗版教辅图书",
       "QQ 群内兜售盗版教辅资料。", {{"qq", "QQ:31415926"}}},
      {"demo-005", "440300", "counterfeit_goods", "某电子厂生产假冒伪劣充电器",
       "抽检不合格，厂家统一社会信用代码见附件。",
       {{"uscc", "91350100M000100Y43"}, {"company_name", "深圳某电子有限公司"}}},
  };
  Principal system = Principal::System();
  for (const DemoLead& d : kLeads) {
    NewLead in;
    in.source = "manual";
    in.source_ref = d.ref;
    in.region_code = d.region;
    in.category = d.category;
    in.title = d.title;
    in.description = d.description;
    for (const auto& [type, value] : d.observables) {
      LeadObservable o;
      o.type = type;
      o.value = value;
      in.observables.push_back(std::move(o));
    }
    auto added = AddLead(ctx, system, in);
    if (!added) {
      // A demo value the normaliser rejects is a bug in this table; say which.
      return core::Status(added.error().code(),
                          std::string("演示线索 ") + d.ref + ": " + added.error().ToString());
    }
  }
  return core::Status::Ok();
}

}  // namespace ipe::app
