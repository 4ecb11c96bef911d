// Demo data for monitoring: well-known brands (as in the engine's labelled set, tests/match/) and
// one scan of demo listings by the demo analyst, so that the review queue is not empty. The queue
// is filled by running the real scanner (ScanListings) over these listings, never by hand.
#include <string>
#include <vector>

#include "app/accounts/accounts.h"
#include "app/monitoring/monitoring.h"

namespace ipe::app {
namespace {

Brand DemoBrand(std::string code, std::string name, std::string name_en,
                std::vector<std::string> names, std::string holder, int64_t price_fen,
                std::vector<AuthorizedShop> shops) {
  Brand b;
  b.code = std::move(code);
  b.name = std::move(name);
  b.name_en = std::move(name_en);
  b.names = std::move(names);
  b.rights_holder = std::move(holder);
  b.reference_price_fen = price_fen;
  b.authorized_shops = std::move(shops);
  return b;
}

std::vector<Brand> DemoBrands() {
  std::vector<Brand> out;
  Brand nike = DemoBrand("nike", "耐克", "Nike", {"Nike", "耐克", "Air Jordan", "AJ1"},
                         "耐克创新有限合伙公司（Nike Innovate C.V.）", 89900,
                         {{"tmall", "nike-official"}, {"jd", "nike-jd-self"}});
  nike.category_prices = {{{"袜", "袜子", "帽", "T恤", "短袖"}, 9900}};
  out.push_back(nike);
  Brand adidas = DemoBrand("adidas", "阿迪达斯", "Adidas", {"Adidas", "阿迪达斯", "三叶草"},
                           "阿迪达斯有限公司（adidas AG）", 79900, {{"tmall", "adidas-official"}});
  adidas.category_prices = {{{"袜", "袜子", "帽", "T恤", "短袖"}, 9900}};
  out.push_back(adidas);
  Brand apple = DemoBrand("apple", "苹果", "Apple", {"iPhone", "iPad", "MacBook", "AirPods"},
                          "苹果公司（Apple Inc.）", 599900,
                          {{"tmall", "apple-official"}, {"jd", "apple-jd-self"}});
  apple.generic_names = {"苹果", "Apple"};
  apple.context_terms = {"手机", "平板", "电脑", "笔记本", "耳机", "充电器", "数据线", "iOS", "国行"};
  apple.category_prices = {{{"AirPods", "耳机", "充电器", "数据线", "iPad", "平板"}, 99900}};
  out.push_back(apple);
  Brand xiaomi = DemoBrand("xiaomi", "小米", "Xiaomi", {"Xiaomi", "红米", "Redmi"},
                           "小米科技有限责任公司", 199900,
                           {{"tmall", "xiaomi-official"}, {"jd", "xiaomi-jd-self"}});
  xiaomi.generic_names = {"小米"};
  xiaomi.context_terms = {"手机", "手环", "充电宝", "耳机", "电视", "路由器", "骁龙", "5G"};
  xiaomi.category_prices = {{{"手环", "充电宝", "耳机", "路由器"}, 14900}};
  out.push_back(xiaomi);
  out.push_back(DemoBrand("lv", "路易威登", "Louis Vuitton", {"Louis Vuitton", "路易威登", "LV"},
                          "路易威登马利蒂（Louis Vuitton Malletier）", 1500000,
                          {{"tmall", "lv-official"}}));
  out.push_back(DemoBrand("moutai", "茅台", "Moutai", {"茅台", "飞天茅台", "Moutai"},
                          "中国贵州茅台酒厂（集团）有限责任公司", 149900,
                          {{"tmall", "moutai-official"}, {"jd", "moutai-jd-self"}}));
  return out;
}

// Demo listings: counterfeits with each kind of obfuscation, and honest listings that must stay
// out of the queue (authorised shops, fair prices, 苹果 the fruit, 小米 the grain).
constexpr const char* kDemoListings =
    R"({"id":"D1001","platform":"taobao","shop_id":"ptxie888","shop_name":"莆田潮鞋工厂店","title":"【A货】NIKE Air Jordan 1 高帮篮球鞋 莆田纯原","price_fen":26800}
{"id":"D1002","platform":"pdd","shop_id":"hk-outlet-01","shop_name":"港仔外贸尾单","title":"N.I.K.E 运动鞋 外贸尾单 限量款","price_fen":15900}
{"id":"D1003","platform":"taobao","shop_id":"sneaker-lab","shop_name":"球鞋实验室","title":"復刻 ＡＤＩＤＡＳ 三葉草 板鞋 公司级","price_fen":19900}
{"id":"D1004","platform":"pdd","shop_id":"shuma-hall","shop_name":"数码优品汇","title":"全新 iPhone 15 Pro Max 256G 国行 原封","price_fen":99900}
{"id":"D1005","platform":"taobao","shop_id":"lux-bag-cn","shop_name":"轻奢名品馆","title":"LV 老花 Neverfull 托特包 原单 1:1","price_fen":68000}
{"id":"D1006","platform":"douyin","shop_id":"jiu-xian-88","shop_name":"酒仙好物","title":"53度 飞天茅台 500ml 整箱 特价","price_fen":29900}
{"id":"D1007","platform":"pdd","shop_id":"mi-fans-store","shop_name":"米粉数码","title":"小米 手环8 NFC 高仿 顶级版","price_fen":3900}
{"id":"D1008","platform":"tmall","shop_id":"nike-official","shop_name":"NIKE官方旗舰店","title":"Nike Air Zoom Pegasus 40 男子跑步鞋","price_fen":89900}
{"id":"D1009","platform":"jd","shop_id":"sport-mall","shop_name":"运动城","title":"耐克 Air Force 1 经典板鞋 正品","price_fen":74900}
{"id":"D1010","platform":"taobao","shop_id":"guoyuan-fresh","shop_name":"果园鲜生","title":"烟台红富士苹果 5斤装 脆甜多汁","price_fen":3990}
{"id":"D1011","platform":"pdd","shop_id":"wuliang-food","shop_name":"五谷杂粮铺","title":"黄小米 新米 东北小米粥 5斤","price_fen":2590}
{"id":"D1012","platform":"taobao","shop_id":"case-factory","shop_name":"壳子工厂","title":"适用 iPhone 15 手机壳 透明防摔","price_fen":990}
)";

}  // namespace

core::Status LoadMonitoringDemo(Context& ctx) {
  Principal system = Principal::System();
  IPE_ASSIGN_OR_RETURN(auto existing, ListBrands(ctx, system, {}, PageRequest{1, 1}));
  if (existing.total > 0) return core::Status::Ok();  // loaded before (or real data): leave it
  for (const Brand& b : DemoBrands()) IPE_RETURN_IF_ERROR(CreateBrand(ctx, system, b).status());
  IPE_ASSIGN_OR_RETURN(Principal analyst, PrincipalForLogin(ctx, "analyst"));
  ScanInput input;
  input.source = "演示数据 (demo listings)";
  input.parsed = ParseListingLines(kDemoListings);
  return ScanListings(ctx, analyst, input).status();
}

}  // namespace ipe::app
