// Marketplace monitoring: brand registry, listing scans, review queue (app/monitoring/monitoring.h).
#include "app/monitoring/monitoring.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>

#include "app/accounts/audit.h"
#include "app/internal/table_file.h"
#include "app/internal/text.h"
#include "app/leads/leads.h"
#include "app/monitoring/monitoring_json.h"
#include "app/monitoring/monitoring_store.h"
#include "app/monitoring/internal/scanning.h"
#include "app/crypto.h"
#include "app/permissions.h"
#include "core/csv.h"
#include "core/money.h"
#include "match/normalise.h"
#include "match/registry.h"
#include "match/scanner.h"
#include "sheet/sheet.h"

namespace ipe::app {
namespace {

using Json = nlohmann::json;
using OrderedJson = nlohmann::ordered_json;
using namespace monitoring_internal;  // NOLINT: the column codecs

constexpr size_t kMaxTerms = 200;
constexpr size_t kMaxTermBytes = 100;
constexpr int64_t kMaxPriceFen = 1'000'000'000'000;  // 100 亿元: beyond any listing
constexpr size_t kMaxReportedLineErrors = 100;
constexpr size_t kMaxTitleBytes = 2000;

// ---------------------------------------------------------------- permissions

core::Status RequireRegistryWriter(const Principal& who, std::string_view action) {
  return RequireCapability(who, Capability::kMonitoringRegistry, action);
}
core::Status RequireScanner(const Principal& who) {
  return RequireCapability(who, Capability::kMonitoringScan, "提交监测扫描");
}
core::Status RequireQueueReader(const Principal& who) {
  return RequireCapability(who, Capability::kMonitoringQueue, "查看监测待研判队列");
}
core::Status RequireReviewer(const Principal& who) {
  return RequireCapability(who, Capability::kMonitoringReview, "研判监测线索");
}

bool Supervisory(const Principal& p) {
  return p.is_system() || p.Has(Role::kOffice) || p.Has(Role::kProsecutor) ||
         p.Has(Role::kAuditor) || p.Has(Role::kAdmin);
}

// The CanSeeRecord scope of `who` for the review queue and scans.
HitScope ScopeOf(const Principal& who) {
  HitScope scope;
  if (who.is_system()) return scope;
  scope.region = who.region_code;
  if (!Supervisory(who)) scope.agency = who.agency_id;
  return scope;
}

// ---------------------------------------------------------------- brand rows and JSON

std::string BrandAuditJson(const Brand& b) {
  Json j = {{"id", b.id},
            {"code", b.code},
            {"name", b.name},
            {"name_en", b.name_en},
            {"names", b.names},
            {"generic_names", b.generic_names},
            {"context_terms", b.context_terms},
            {"trademarks", Json::parse(TrademarksJson(b.trademarks))},
            {"rights_holder", b.rights_holder},
            {"reference_price_fen", b.reference_price_fen},
            {"category_prices", Json::parse(CategoryPricesJson(b.category_prices))},
            {"authorized_shops", Json::parse(ShopsJson(b.authorized_shops))},
            {"active", b.active}};
  return j.dump();
}

// The scanner's view of a brand (match/registry.h).
match::Brand ToMatchBrand(const Brand& b) {
  match::Brand m;
  m.id = b.code;
  m.names = b.names;
  m.generic_names = b.generic_names;
  m.context_terms = b.context_terms;
  for (const AuthorizedShop& s : b.authorized_shops) {
    m.authorized_shops.push_back(s.platform.empty() ? s.shop_id : s.platform + ":" + s.shop_id);
  }
  m.reference_price = core::Fen(b.reference_price_fen);
  for (const CategoryPrice& c : b.category_prices) {
    m.category_prices.push_back({c.terms, core::Fen(c.price_fen)});
  }
  return m;
}

// One line of the scanner's brand JSONL (match/io/jsonl.h), keys in the documented order.
std::string ScannerJsonLine(const Brand& b) {
  OrderedJson j;
  j["id"] = b.code;
  j["names"] = b.names;
  j["generic_names"] = b.generic_names;
  j["context_terms"] = b.context_terms;
  OrderedJson shops = OrderedJson::array();
  for (const std::string& s : ToMatchBrand(b).authorized_shops) shops.push_back(s);
  j["authorized_shops"] = shops;
  j["reference_price_fen"] = b.reference_price_fen;
  if (!b.category_prices.empty()) {
    OrderedJson cps = OrderedJson::array();
    for (const CategoryPrice& c : b.category_prices) {
      cps.push_back(OrderedJson{{"terms", c.terms}, {"price_fen", c.price_fen}});
    }
    j["category_prices"] = cps;
  }
  return j.dump() + "\n";
}

// ---------------------------------------------------------------- validation

// Trims, drops empty entries and duplicates, keeps order.
std::vector<std::string> CleanTerms(const std::vector<std::string>& in) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (const std::string& t : in) {
    std::string s = internal::Trim(t);
    if (s.empty() || !seen.insert(s).second) continue;
    out.push_back(std::move(s));
  }
  return out;
}

bool IsCodeChar(char c, bool first) {
  if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) return true;
  return !first && (c == '_' || c == '-');
}

bool ValidPlatform(const std::string& p) {
  if (p.empty() || p.size() > 40) return false;
  for (char c : p) {
    if (!IsCodeChar(c, false)) return false;
  }
  return true;
}

void Normalise(Brand* b) {
  b->code = internal::Trim(b->code);
  for (char& c : b->code) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  b->name = internal::Trim(b->name);
  b->name_en = internal::Trim(b->name_en);
  b->rights_holder = internal::Trim(b->rights_holder);
  b->names = CleanTerms(b->names);
  b->generic_names = CleanTerms(b->generic_names);
  b->context_terms = CleanTerms(b->context_terms);
  for (Trademark& t : b->trademarks) {
    t.reg_number = internal::Trim(t.reg_number);
    if (!t.reg_number.empty() && t.reg_number[0] == 'g') t.reg_number[0] = 'G';
    std::sort(t.nice_classes.begin(), t.nice_classes.end());
    t.nice_classes.erase(std::unique(t.nice_classes.begin(), t.nice_classes.end()),
                         t.nice_classes.end());
  }
  for (AuthorizedShop& s : b->authorized_shops) {
    s.platform = internal::Trim(s.platform);
    for (char& c : s.platform) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    s.shop_id = internal::Trim(s.shop_id);
  }
  for (CategoryPrice& c : b->category_prices) c.terms = CleanTerms(c.terms);
}

// Field errors on `st` (field names prefixed with `prefix`, e.g. "rows[3]." for CSV rows).
bool ValidateBrandFields(const Brand& b, core::Status* st, const std::string& prefix) {
  bool bad = false;
  auto add = [&](const std::string& field, const std::string& msg) {
    st->AddFieldError(prefix + field, msg);
    bad = true;
  };
  if (b.code.empty()) {
    add("code", "品牌编码不能为空");
  } else if (b.code.size() > 40 || !IsCodeChar(b.code[0], true) ||
             !std::all_of(b.code.begin(), b.code.end(), [](char c) { return IsCodeChar(c, false); })) {
    add("code", "品牌编码应为小写字母、数字、- 或 _（最多 40 个字符），如 nike");
  }
  if (b.name.empty()) add("name", "品牌中文名称不能为空");
  if (b.name.size() > 200) add("name", "品牌中文名称过长");
  if (b.name_en.size() > 200) add("name_en", "拉丁名称过长");
  if (b.rights_holder.size() > 300) add("rights_holder", "权利人名称过长");
  auto check_terms = [&](const std::vector<std::string>& terms, const char* field) {
    if (terms.size() > kMaxTerms) add(field, "词条过多（最多 200 个）");
    for (const std::string& t : terms) {
      if (t.size() > kMaxTermBytes) {
        add(field, "词条过长（最多 100 字节）：" + t.substr(0, 30));
        break;
      }
    }
  };
  check_terms(b.names, "names");
  check_terms(b.generic_names, "generic_names");
  check_terms(b.context_terms, "context_terms");
  if (b.names.empty() && b.generic_names.empty()) {
    add("names", "品牌名称与通用词至少填写一项");
  }
  if (!b.generic_names.empty() && b.context_terms.empty()) {
    add("context_terms", "填写了通用词（如“苹果”）时必须填写语境词（如“手机”）");
  }
  if (b.reference_price_fen < 0 || b.reference_price_fen > kMaxPriceFen) {
    add("reference_price_fen", "参考价应为 0 至 100 亿元之间的金额（分）");
  }
  if (b.trademarks.size() > 100) add("trademarks", "注册商标过多（最多 100 个）");
  for (const Trademark& t : b.trademarks) {
    bool ok = !t.reg_number.empty() && t.reg_number.size() <= 13;
    for (size_t i = 0; ok && i < t.reg_number.size(); ++i) {
      char c = t.reg_number[i];
      ok = (c >= '0' && c <= '9') || (i == 0 && c == 'G');
    }
    if (!ok || t.reg_number == "G") {
      add("trademarks", "商标注册号应为数字（国际注册可加前缀 G）：" + t.reg_number);
      break;
    }
    if (t.nice_classes.empty()) {
      add("trademarks", "商标 " + t.reg_number + " 缺少尼斯分类");
      break;
    }
    if (t.nice_classes.front() < 1 || t.nice_classes.back() > 45) {
      add("trademarks", "尼斯分类应为 1 至 45：" + t.reg_number);
      break;
    }
  }
  if (b.authorized_shops.size() > 500) add("authorized_shops", "授权店铺过多（最多 500 个）");
  for (const AuthorizedShop& s : b.authorized_shops) {
    if (!ValidPlatform(s.platform)) {
      add("authorized_shops", "平台代码应为小写字母、数字、- 或 _，如 tmall：" + s.platform);
      break;
    }
    if (s.shop_id.empty() || s.shop_id.size() > 100) {
      add("authorized_shops", "店铺 ID 不能为空（最多 100 字节）");
      break;
    }
  }
  for (const CategoryPrice& c : b.category_prices) {
    if (c.terms.empty() || c.price_fen <= 0 || c.price_fen > kMaxPriceFen) {
      add("category_prices", "品类参考价需要品类词和大于 0 的价格");
      break;
    }
  }
  return !bad;
}

std::vector<std::string> SlangLexicon() {
  auto slang = match::ParseSlangLexicon(match::DefaultSlangLexicon());
  return slang ? *slang : std::vector<std::string>{};
}

// What the scanner itself refuses (a term that normalises to nothing, e.g. "···").
bool ValidateWithScanner(const Brand& b, core::Status* st, const std::string& prefix) {
  match::BrandRegistry reg;
  reg.brands.push_back(ToMatchBrand(b));
  auto scanner = match::Scanner::Create(std::move(reg), {}, match::ScanOptions{});
  if (scanner) return true;
  st->AddFieldError(prefix + "names", "扫描器无法使用这些词条：" + scanner.error().message());
  return false;
}

core::Status ValidateBrand(const Brand& b) {
  core::Status st = core::InvalidArgument("品牌信息有误 (invalid brand)");
  if (!ValidateBrandFields(b, &st, "")) return st;
  if (!ValidateWithScanner(b, &st, "")) return st;
  return core::Status::Ok();
}

// ---------------------------------------------------------------- scanner cache

// The last scanner built, keyed by the exact registry text it was built from. Building compiles a
// Hyperscan database (tens of ms for a few hundred brands); scans reuse it until a brand changes.
class ScannerCache {
 public:
  core::Result<std::shared_ptr<const match::Scanner>> Get(const std::vector<Brand>& brands) {
    std::string key;
    for (const Brand& b : brands) key += ScannerJsonLine(b);
    std::lock_guard lock(mu_);
    if (scanner_ && key == key_) return scanner_;
    match::BrandRegistry reg;
    for (const Brand& b : brands) reg.brands.push_back(ToMatchBrand(b));
    auto scanner = match::Scanner::Create(std::move(reg), SlangLexicon(), match::ScanOptions{});
    if (!scanner) {
      return core::FailedPrecondition("品牌库无法编译为扫描器 (registry rejected by the scanner): " +
                                      scanner.error().message());
    }
    scanner_ = std::shared_ptr<const match::Scanner>(std::move(*scanner));
    key_ = std::move(key);
    ++builds_;
    return scanner_;
  }

 private:
  std::mutex mu_;
  std::string key_;                                 // GUARDED_BY(mu_)
  std::shared_ptr<const match::Scanner> scanner_;   // GUARDED_BY(mu_)
  int64_t builds_ = 0;                              // GUARDED_BY(mu_)
};

ScannerCache& Cache() {
  static ScannerCache cache;
  return cache;
}

// ---------------------------------------------------------------- listings

std::optional<std::string> ReadListing(const Json& j, ListingInput* out) {
  if (!j.is_object()) return "不是 JSON 对象 (not an object)";
  auto text = [&](const char* name, std::string* dst, bool required) -> std::optional<std::string> {
    auto it = j.find(name);
    if (it == j.end() || it->is_null()) {
      if (required) return std::string("缺少字段 ") + name + " (missing " + name + ")";
      return std::nullopt;
    }
    if (!it->is_string()) return std::string("字段 ") + name + " 应为字符串 (" + name + " must be a string)";
    *dst = it->get<std::string>();
    return std::nullopt;
  };
  auto id = j.find("id");
  if (id == j.end() || id->is_null()) return "缺少字段 id (missing id)";
  if (id->is_string()) {
    out->id = id->get<std::string>();
  } else if (id->is_number_integer()) {
    out->id = std::to_string(id->get<int64_t>());
  } else {
    return "字段 id 应为字符串或整数 (id must be a string or an integer)";
  }
  if (internal::Trim(out->id).empty()) return "字段 id 不能为空 (empty id)";
  if (out->id.size() > 200) return "字段 id 过长 (id too long)";
  if (auto e = text("title", &out->title, true)) return e;
  if (out->title.size() > kMaxTitleBytes) return "标题过长（最多 2000 字节）(title too long)";
  if (auto e = text("platform", &out->platform, false)) return e;
  if (auto e = text("shop_id", &out->shop_id, false)) return e;
  if (auto e = text("shop_name", &out->shop_name, false)) return e;
  if (out->platform.size() > 40 || out->shop_id.size() > 200 || out->shop_name.size() > 200) {
    return "平台、店铺字段过长 (platform/shop too long)";
  }
  auto price = j.find("price_fen");
  if (price != j.end() && !price->is_null()) {
    if (!price->is_number_integer() || price->get<int64_t>() < 0 ||
        price->get<int64_t>() > kMaxPriceFen) {
      return "price_fen 应为非负整数（分）(price_fen must be a non-negative integer)";
    }
    out->price_fen = price->get<int64_t>();
  }
  return std::nullopt;
}

// ---------------------------------------------------------------- hits

std::string HitAuditJson(const Hit& h) {
  Json j = {{"id", h.id},
            {"platform", h.platform},
            {"listing_id", h.listing_id},
            {"shop_id", h.shop_id},
            {"title", h.title},
            {"score", h.score_pct / 100.0},
            {"brands", h.brands},
            {"status", h.status}};
  if (h.dismiss_reason) j["dismiss_reason"] = *h.dismiss_reason;
  if (h.review_note) j["review_note"] = *h.review_note;
  if (h.lead_id) j["lead_id"] = *h.lead_id;
  return j.dump();
}

// Loads a hit the principal may see (NotFound otherwise: invisible records do not exist).
core::Result<Hit> LoadVisibleHit(storage::Tx& tx, const Principal& who, int64_t id,
                                 bool for_update) {
  IPE_ASSIGN_OR_RETURN(Hit h, MonitoringStore(tx).LoadHit(id, for_update));
  if (!CanSeeRecord(who, h.agency_id, h.region_code)) {
    return core::NotFound("监测记录不存在 (hit not found): " + std::to_string(id));
  }
  return h;
}

}  // namespace

// ================================================================== registry

core::Result<Page<Brand>> ListBrands(Context& ctx, const Principal&, const BrandFilter& f,
                                     const PageRequest& page) {
  IPE_RETURN_IF_ERROR(page.Validate());
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  return MonitoringStore(*tx).ListBrands(f, page);
}

core::Result<Brand> GetBrand(Context& ctx, const Principal&, int64_t id) {
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  return MonitoringStore(*tx).LoadBrand(id, false);
}

core::Result<Brand> CreateBrand(Context& ctx, const Principal& who, const Brand& input) {
  IPE_RETURN_IF_ERROR(RequireRegistryWriter(who, "维护品牌库"));
  Brand b = input;
  Normalise(&b);
  IPE_RETURN_IF_ERROR(ValidateBrand(b));
  core::Timestamp now = ctx.Now();
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  IPE_ASSIGN_OR_RETURN(b.id, MonitoringStore(*tx).InsertBrand(b, now));
  b.created_at = b.updated_at = now;
  b.version = 1;
  IPE_RETURN_IF_ERROR(AppendAudit(*tx, who, now,
                                  {"monitoring.brand.create", "brand", std::to_string(b.id),
                                   "新增品牌 " + b.name + "（" + b.code + "）", std::nullopt,
                                   BrandAuditJson(b)}));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return b;
}

core::Result<Brand> UpdateBrand(Context& ctx, const Principal& who, int64_t id,
                                const BrandPatch& patch) {
  IPE_RETURN_IF_ERROR(RequireRegistryWriter(who, "维护品牌库"));
  core::Timestamp now = ctx.Now();
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  MonitoringStore store(*tx);
  IPE_ASSIGN_OR_RETURN(Brand before, store.LoadBrand(id, true));
  if (patch.version && *patch.version != before.version) {
    return core::FailedPrecondition("品牌已被他人修改，请刷新后重试 (brand changed meanwhile)");
  }
  Brand b = before;
  if (patch.code && internal::Trim(*patch.code) != before.code) {
    return core::Status(core::InvalidArgument("品牌编码不可修改 (code is immutable)"))
        .AddFieldError("code", "品牌编码创建后不可修改（审查记录按编码引用品牌）");
  }
  if (patch.name) b.name = *patch.name;
  if (patch.name_en) b.name_en = *patch.name_en;
  if (patch.rights_holder) b.rights_holder = *patch.rights_holder;
  if (patch.names) b.names = *patch.names;
  if (patch.generic_names) b.generic_names = *patch.generic_names;
  if (patch.context_terms) b.context_terms = *patch.context_terms;
  if (patch.trademarks) b.trademarks = *patch.trademarks;
  if (patch.reference_price_fen) b.reference_price_fen = *patch.reference_price_fen;
  if (patch.category_prices) b.category_prices = *patch.category_prices;
  if (patch.authorized_shops) b.authorized_shops = *patch.authorized_shops;
  if (patch.active) b.active = *patch.active;
  Normalise(&b);
  IPE_RETURN_IF_ERROR(ValidateBrand(b));
  IPE_RETURN_IF_ERROR(store.UpdateBrand(b, now));
  b.updated_at = now;
  b.version = before.version + 1;
  IPE_RETURN_IF_ERROR(AppendAudit(*tx, who, now,
                                  {"monitoring.brand.update", "brand", std::to_string(id),
                                   "修改品牌 " + b.name + "（" + b.code + "）",
                                   BrandAuditJson(before), BrandAuditJson(b)}));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return b;
}

core::Status DeleteBrand(Context& ctx, const Principal& who, int64_t id) {
  IPE_RETURN_IF_ERROR(RequireRegistryWriter(who, "维护品牌库"));
  core::Timestamp now = ctx.Now();
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  MonitoringStore store(*tx);
  IPE_ASSIGN_OR_RETURN(Brand before, store.LoadBrand(id, true));
  IPE_RETURN_IF_ERROR(store.DeleteBrand(id));
  IPE_RETURN_IF_ERROR(AppendAudit(*tx, who, now,
                                  {"monitoring.brand.delete", "brand", std::to_string(id),
                                   "删除品牌 " + before.name + "（" + before.code + "）",
                                   BrandAuditJson(before), std::nullopt}));
  return tx->Commit();
}

// CSV columns, in template order.
namespace {

struct CsvColumn {
  const char* key;
  const char* label_zh;
};
constexpr CsvColumn kCsvColumns[] = {
    {"code", "品牌编码"},           {"name", "中文名称"},
    {"name_en", "拉丁名称"},        {"names", "品牌名称"},
    {"generic_names", "通用词"},    {"context_terms", "语境词"},
    {"rights_holder", "权利人"},    {"trademarks", "注册商标"},
    {"reference_price_yuan", "参考价（元）"}, {"authorized_shops", "授权店铺"},
    {"active", "启用"},
};

// "中文(key)" or "key" → key; "" for a cell naming no known column.
std::string HeaderKey(std::string cell) {
  cell = internal::Trim(cell);
  size_t open = cell.rfind('(');
  if (open != std::string::npos && !cell.empty() && cell.back() == ')') {
    cell = cell.substr(open + 1, cell.size() - open - 2);
  }
  cell = internal::Trim(cell);
  for (const CsvColumn& c : kCsvColumns) {
    if (cell == c.key || cell == c.label_zh) return c.key;
  }
  return "";
}

// '|' separated list (also full-width '｜').
std::vector<std::string> SplitList(const std::string& cell) {
  std::string s = cell;
  for (size_t pos; (pos = s.find("｜")) != std::string::npos;) s.replace(pos, 3, "|");
  return CleanTerms(internal::Split(s, '|'));
}

void MergeAbsent(const Brand& stored, const std::set<std::string>& present, Brand* b) {
  if (!present.count("name_en")) b->name_en = stored.name_en;
  if (!present.count("names")) b->names = stored.names;
  if (!present.count("generic_names")) b->generic_names = stored.generic_names;
  if (!present.count("context_terms")) b->context_terms = stored.context_terms;
  if (!present.count("rights_holder")) b->rights_holder = stored.rights_holder;
  if (!present.count("trademarks")) b->trademarks = stored.trademarks;
  if (!present.count("reference_price_yuan")) b->reference_price_fen = stored.reference_price_fen;
  if (!present.count("authorized_shops")) b->authorized_shops = stored.authorized_shops;
  if (!present.count("active")) b->active = stored.active;
  b->category_prices = stored.category_prices;  // not a CSV column
}

}  // namespace

std::string BrandCsvTemplate() {
  std::string out = "\xEF\xBB\xBF";
  for (size_t i = 0; i < std::size(kCsvColumns); ++i) {
    if (i) out += ',';
    out += std::string(kCsvColumns[i].label_zh) + "(" + kCsvColumns[i].key + ")";
  }
  out += "\r\n";
  out += "nike,耐克,Nike,耐克|Nike|Air Jordan,,,\"耐克创新有限合伙公司（Nike Innovate C.V.）\","
         "\"G0000000:25;28\",899.00,tmall:nike-official|jd:nike-jd-self,是\r\n";
  out += "apple,苹果,Apple,iPhone|iPad|MacBook|AirPods,苹果|Apple,手机|平板|电脑|耳机|充电器,"
         "苹果公司（Apple Inc.）,,5999.00,tmall:apple-official,是\r\n";
  return out;
}

core::Result<BrandImportReport> ImportBrandsCsv(Context& ctx, const Principal& who,
                                                std::string_view csv) {
  IPE_RETURN_IF_ERROR(RequireRegistryWriter(who, "导入品牌库"));
  auto table = core::ParseCsv(csv);
  if (!table) return table.error();
  if (table->empty()) {
    return core::Status(core::InvalidArgument("CSV 文件为空 (empty CSV)"))
        .AddFieldError("file", "CSV 文件为空");
  }
  const core::CsvRow& header = (*table)[0];
  std::vector<std::string> keys;
  std::set<std::string> present;
  core::Status st = core::InvalidArgument("CSV 导入有误，未导入任何品牌 (CSV rejected, nothing imported)");
  bool bad = false;
  for (const std::string& cell : header.cells) {
    std::string key = HeaderKey(cell);
    if (key.empty() && !internal::Trim(cell).empty()) {
      st.AddFieldError("rows[" + std::to_string(header.line) + "]", "未知的列：" + cell);
      bad = true;
    }
    if (!key.empty() && !present.insert(key).second) {
      st.AddFieldError("rows[" + std::to_string(header.line) + "]", "列重复：" + cell);
      bad = true;
    }
    keys.push_back(key);
  }
  for (const char* required : {"code", "name"}) {
    if (!present.count(required)) {
      st.AddFieldError("rows[" + std::to_string(header.line) + "]",
                       std::string("缺少必填列：") + required);
      bad = true;
    }
  }
  if (bad) return st;

  // Rows whose code exists update that brand; columns absent from the file keep stored values.
  std::map<std::string, Brand> existing;
  {
    IPE_ASSIGN_OR_RETURN(auto rtx, ctx.db().Begin(storage::TxMode::kRead));
    IPE_ASSIGN_OR_RETURN(auto all, MonitoringStore(*rtx).AllBrands());
    for (Brand& b : all) existing.emplace(b.code, std::move(b));
  }
  std::vector<Brand> brands;
  std::set<std::string> codes;
  for (size_t row_idx = 1; row_idx < table->size(); ++row_idx) {
    const core::CsvRow& row = (*table)[row_idx];
    bool blank = std::all_of(row.cells.begin(), row.cells.end(),
                             [](const std::string& c) { return internal::Trim(c).empty(); });
    if (blank) continue;
    const std::string prefix = "rows[" + std::to_string(row.line) + "].";
    if (row.cells.size() > keys.size()) {
      st.AddFieldError(prefix.substr(0, prefix.size() - 1), "列数多于表头");
      bad = true;
      continue;
    }
    Brand b;
    bool row_bad = false;
    for (size_t col = 0; col < row.cells.size(); ++col) {
      const std::string& key = keys[col];
      std::string cell = internal::Trim(row.cells[col]);
      if (key == "code") b.code = cell;
      else if (key == "name") b.name = cell;
      else if (key == "name_en") b.name_en = cell;
      else if (key == "names") b.names = SplitList(cell);
      else if (key == "generic_names") b.generic_names = SplitList(cell);
      else if (key == "context_terms") b.context_terms = SplitList(cell);
      else if (key == "rights_holder") b.rights_holder = cell;
      else if (key == "active") {
        if (cell.empty() || cell == "是" || cell == "1" || cell == "true") b.active = true;
        else if (cell == "否" || cell == "0" || cell == "false") b.active = false;
        else {
          st.AddFieldError(prefix + key, "启用应为 是/否");
          row_bad = true;
        }
      } else if (key == "reference_price_yuan") {
        if (!cell.empty()) {
          auto fen = core::ParseYuan(cell);
          if (!fen) {
            st.AddFieldError(prefix + key, "参考价应为金额（元），如 899.00：" + cell);
            row_bad = true;
          } else {
            b.reference_price_fen = fen->value;
          }
        }
      } else if (key == "authorized_shops") {
        for (const std::string& item : SplitList(cell)) {
          size_t colon = item.find(':');
          if (colon == std::string::npos) {
            st.AddFieldError(prefix + key, "授权店铺应写作 平台:店铺ID，如 tmall:nike-official：" + item);
            row_bad = true;
            break;
          }
          b.authorized_shops.push_back({item.substr(0, colon), item.substr(colon + 1)});
        }
      } else if (key == "trademarks") {
        for (const std::string& item : SplitList(cell)) {
          size_t colon = item.find(':');
          Trademark t;
          t.reg_number = internal::Trim(item.substr(0, colon));
          bool ok = colon != std::string::npos;
          if (ok) {
            for (const std::string& c : internal::Split(item.substr(colon + 1), ';')) {
              std::string n = internal::Trim(c);
              if (n.empty() || n.size() > 2 ||
                  !std::all_of(n.begin(), n.end(), [](char ch) { return ch >= '0' && ch <= '9'; })) {
                ok = false;
                break;
              }
              t.nice_classes.push_back(std::stoi(n));
            }
          }
          if (!ok) {
            st.AddFieldError(prefix + key, "注册商标应写作 注册号:类别;类别，如 1234567:25;28：" + item);
            row_bad = true;
            break;
          }
          b.trademarks.push_back(std::move(t));
        }
      }
    }
    Normalise(&b);
    if (auto it = existing.find(b.code); it != existing.end()) MergeAbsent(it->second, present, &b);
    // Every complaint about a row at once; the scanner's check only for rows otherwise valid.
    row_bad = !ValidateBrandFields(b, &st, prefix) || row_bad;
    if (!row_bad) row_bad = !ValidateWithScanner(b, &st, prefix);
    if (!b.code.empty() && !codes.insert(b.code).second) {
      st.AddFieldError(prefix + "code", "文件中品牌编码重复：" + b.code);
      row_bad = true;
    }
    bad = bad || row_bad;
    brands.push_back(std::move(b));
  }
  if (bad) return st;
  if (brands.empty()) {
    return core::Status(core::InvalidArgument("CSV 中没有品牌行 (no brand rows)"))
        .AddFieldError("file", "CSV 中没有品牌行");
  }

  core::Timestamp now = ctx.Now();
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  BrandImportReport report;
  Json created = Json::array(), updated = Json::array();
  MonitoringStore store(*tx);
  for (Brand& b : brands) {
    IPE_ASSIGN_OR_RETURN(auto found, store.BrandByCode(b.code, true));
    if (!found) {
      IPE_ASSIGN_OR_RETURN(b.id, store.InsertBrand(b, now));
      ++report.created;
      created.push_back(b.code);
    } else {
      const Brand& stored = *found;
      b.id = stored.id;
      MergeAbsent(stored, present, &b);  // again: the row may have changed since the read
      IPE_RETURN_IF_ERROR(ValidateBrand(b));
      IPE_RETURN_IF_ERROR(store.UpdateBrand(b, now));
      ++report.updated;
      updated.push_back(b.code);
    }
  }
  IPE_RETURN_IF_ERROR(AppendAudit(
      *tx, who, now,
      {"monitoring.brand.import", "brand", "csv",
       "导入品牌库：新增 " + std::to_string(report.created) + " 个，更新 " +
           std::to_string(report.updated) + " 个",
       std::nullopt, Json{{"created", created}, {"updated", updated}}.dump()}));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return report;
}

core::Result<std::string> ExportBrandsJsonl(Context& ctx, const Principal& who) {
  core::Timestamp now = ctx.Now();
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  IPE_ASSIGN_OR_RETURN(auto brands, MonitoringStore(*tx).ActiveBrands());
  std::string out;
  for (const Brand& b : brands) out += ScannerJsonLine(b);
  IPE_RETURN_IF_ERROR(AppendAudit(*tx, who, now,
                                  {"export.brands", "brand", "jsonl",
                                   "导出品牌库（扫描器格式）" + std::to_string(brands.size()) + " 个",
                                   std::nullopt, std::nullopt}));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return out;
}

// ================================================================== listings

ParsedListings ParseListingLines(std::string_view jsonl) {
  ParsedListings out;
  int64_t line_no = 0;
  size_t pos = 0;
  if (jsonl.substr(0, 3) == "\xEF\xBB\xBF") pos = 3;
  while (pos <= jsonl.size()) {
    size_t nl = jsonl.find('\n', pos);
    size_t end = nl == std::string_view::npos ? jsonl.size() : nl;
    std::string_view line = jsonl.substr(pos, end - pos);
    ++line_no;
    pos = end + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" \t") == std::string_view::npos) {
      if (nl == std::string_view::npos) break;
      continue;
    }
    Json j = Json::parse(line, nullptr, false);
    ListingInput listing;
    listing.line = line_no;
    if (j.is_discarded()) {
      out.errors.push_back({line_no, "不是合法的 JSON (invalid JSON)"});
    } else if (auto err = ReadListing(j, &listing)) {
      out.errors.push_back({line_no, *err});
    } else {
      out.listings.push_back(std::move(listing));
    }
    if (nl == std::string_view::npos) break;
  }
  return out;
}

namespace {

struct ListingColumn {
  const char* key;
  const char* label_zh;
  bool required;
  const char* example;
};
constexpr ListingColumn kListingColumns[] = {
    {"id", "商品编号", true, "6512345678"},
    {"platform", "平台", false, "淘宝"},
    {"shop_id", "店铺编号", false, "ptxie888"},
    {"shop_name", "店铺名称", false, "某某潮鞋店"},
    {"title", "商品标题", true, "高仿 耐克 运动鞋 莆田纯原"},
    {"price_yuan", "售价（元）", false, "159.00"},
};

}  // namespace

core::Result<ParsedListings> ParseListingTable(const std::vector<core::CsvRow>& rows) {
  if (rows.empty()) {
    return core::Status(core::InvalidArgument("文件为空：缺少列名行"))
        .AddFieldError("file", "第一行应为列名，如 商品编号、商品标题、售价（元）");
  }
  // Header: each column by key or label.
  std::map<std::string, size_t> col;
  core::Status bad_header = core::InvalidArgument("列名有误，未扫描任何商品");
  bool bad = false;
  const core::CsvRow& header = rows.front();
  for (size_t i = 0; i < header.cells.size(); ++i) {
    std::string h = internal::Trim(header.cells[i]);
    if (h.empty()) continue;
    const ListingColumn* found = nullptr;
    for (const auto& c : kListingColumns) {
      if (h == c.key || h == c.label_zh) found = &c;
    }
    if (!found) {
      bad_header.AddFieldError("file", "未知列：" + h);
      bad = true;
    } else {
      col[found->key] = i;
    }
  }
  for (const auto& c : kListingColumns) {
    if (c.required && !col.count(c.key)) {
      bad_header.AddFieldError("file", std::string("缺少列：") + c.label_zh);
      bad = true;
    }
  }
  if (bad) return bad_header;

  ParsedListings out;
  auto cell = [&](const core::CsvRow& r, const char* key) {
    auto it = col.find(key);
    if (it == col.end() || it->second >= r.cells.size()) return std::string();
    return internal::Trim(r.cells[it->second]);
  };
  auto fail = [&](int64_t line, std::string message) {
    out.errors.push_back({line, std::move(message)});
  };
  for (size_t i = 1; i < rows.size(); ++i) {
    const core::CsvRow& r = rows[i];
    ListingInput l;
    l.line = r.line;
    l.id = cell(r, "id");
    l.title = cell(r, "title");
    l.shop_id = cell(r, "shop_id");
    l.shop_name = cell(r, "shop_name");
    std::string platform = cell(r, "platform");
    // A platform by its Chinese name is stored by its code (淘宝 → taobao).
    for (const CodeLabel& p : Platforms()) {
      if (platform == p.name_zh) platform = p.code;
    }
    l.platform = platform;
    if (l.id.empty()) { fail(r.line, "商品编号为空"); continue; }
    if (l.id.size() > 200) { fail(r.line, "商品编号过长"); continue; }
    if (l.title.empty()) { fail(r.line, "商品标题为空"); continue; }
    if (l.title.size() > kMaxTitleBytes) { fail(r.line, "标题过长（最多 2000 字节）"); continue; }
    if (l.platform.size() > 40 || l.shop_id.size() > 200 || l.shop_name.size() > 200) {
      fail(r.line, "平台、店铺字段过长");
      continue;
    }
    if (std::string price = cell(r, "price_yuan"); !price.empty()) {
      auto fen = core::ParseYuan(price);
      if (!fen || fen->value < 0) {
        fail(r.line, "售价应为非负金额（元，最多两位小数），如 159.00：" + price);
        continue;
      }
      l.price_fen = fen->value;
    }
    out.listings.push_back(std::move(l));
  }
  return out;
}

core::Result<ParsedListings> ParseListingFile(std::string_view bytes) {
  std::string_view head = bytes.substr(0, std::min<size_t>(bytes.size(), 4096));
  size_t first = head.find_first_not_of(" \t\r\n");
  bool json_like = first != std::string_view::npos && (head[first] == '{' || head[first] == '[');
  if (json_like && head[first] == '[') return ParseListingArray(bytes);
  if (json_like) return ParseListingLines(bytes);
  IPE_ASSIGN_OR_RETURN(auto table, internal::ReadTableFile(bytes, kMaxListingsPerScan));
  return ParseListingTable(table.rows);
}

std::string ListingTemplateCsv() {
  std::vector<std::string> header, example;
  for (const auto& c : kListingColumns) {
    header.push_back(c.key);
    example.push_back(c.example);
  }
  return "\xEF\xBB\xBF" + core::CsvLine(header) + core::CsvLine(example);
}

core::Result<std::string> ListingTemplateXlsx() {
  sheet::Sheet data{.name = "商品"};
  sheet::Row labels, example;
  for (const auto& c : kListingColumns) {
    labels.push_back(sheet::Cell::Text(c.label_zh, c.required ? std::optional<sheet::Rgb>(0xFDE2E2)
                                                              : std::nullopt));
    example.push_back(std::string_view(c.key) == "price_yuan"
                          ? sheet::Cell::Number(std::stod(c.example))
                          : sheet::Cell::Text(c.example));
    data.column_widths.push_back(std::string_view(c.key) == "title" ? 40 : 16);
  }
  data.rows = {labels, example};
  return sheet::WriteXlsx({data});
}

core::Result<ParsedListings> ParseListingArray(std::string_view json) {
  Json j = Json::parse(json, nullptr, false);
  if (j.is_discarded() || !j.is_array()) {
    return core::InvalidArgument("请求体应为商品 JSON 数组 (expected a JSON array of listings)");
  }
  ParsedListings out;
  int64_t index = 0;
  for (const Json& item : j) {
    ++index;
    ListingInput listing;
    listing.line = index;
    if (auto err = ReadListing(item, &listing)) {
      out.errors.push_back({index, *err});
    } else {
      out.listings.push_back(std::move(listing));
    }
  }
  return out;
}

namespace monitoring_internal {

core::Status CheckScanInput(const Principal& who, const ScanInput& input) {
  IPE_RETURN_IF_ERROR(RequireScanner(who));
  if (who.is_system() || who.agency_id == 0) {
    return core::FailedPrecondition("扫描需以机构用户身份提交 (scans belong to an agency)");
  }
  const auto& listings = input.parsed.listings;
  if (listings.empty()) {
    core::Status st = core::InvalidArgument("没有可扫描的商品 (no well-formed listing)");
    st.AddFieldError("listings", input.parsed.errors.empty() ? "没有商品"
                                                             : "所有行均有误，未扫描任何商品");
    for (size_t i = 0; i < input.parsed.errors.size() && i < kMaxReportedLineErrors; ++i) {
      const LineError& e = input.parsed.errors[i];
      st.AddFieldError("lines[" + std::to_string(e.line) + "]", e.message);
    }
    return st;
  }
  if (listings.size() > kMaxListingsPerScan) {
    return core::Status(core::InvalidArgument("单次扫描最多 20000 条商品 (too many listings)"))
        .AddFieldError("listings", "单次最多 20000 条；更大的批次请用 ipenforce scan 预筛后提交疑似商品");
  }
  if (input.source.size() > 200) {
    return core::Status(core::InvalidArgument("来源说明过长")).AddFieldError("source", "最多 200 字节");
  }
  return {};
}

core::Result<RegistrySnapshot> LoadRegistry(storage::Tx& tx) {
  IPE_ASSIGN_OR_RETURN(auto brands, MonitoringStore(tx).ActiveBrands());
  if (brands.empty()) {
    return core::FailedPrecondition("品牌库中没有启用的品牌，无法扫描 (the registry has no active brand)");
  }
  RegistrySnapshot snap;
  snap.brands = static_cast<int64_t>(brands.size());
  IPE_ASSIGN_OR_RETURN(snap.scanner, Cache().Get(brands));
  std::string key;
  for (const Brand& b : brands) key += ScannerJsonLine(b);
  snap.version = Sha256Hex(key).substr(0, 16);
  return snap;
}

std::vector<Suspect> FindSuspects(const match::Scanner& scanner,
                                  const std::vector<ListingInput>& listings,
                                  std::vector<int>* score_pct) {
  std::vector<Suspect> suspects;
  if (score_pct != nullptr) score_pct->assign(listings.size(), 0);
  match::ScanScratch scratch(scanner);
  match::ScanResult result;
  std::string detail;
  for (size_t idx = 0; idx < listings.size(); ++idx) {
    const ListingInput& in = listings[idx];
    match::Listing l;
    l.platform = in.platform;
    l.shop_id = in.shop_id;
    l.shop_name = in.shop_name;
    l.title = in.title;
    if (in.price_fen) l.price = core::Fen(*in.price_fen);
    scanner.Scan(l, &scratch, &result);
    int pct = static_cast<int>(std::lround(std::clamp(result.score, 0.0, 1.0) * 100));
    if (score_pct != nullptr) (*score_pct)[idx] = pct;
    if (!result.suspected) continue;
    Suspect s{&in, pct, {}, {}, std::nullopt};
    for (uint32_t b : result.brands) s.brands.push_back(scanner.brand_id(b));
    for (const match::Signal& sig : result.signals) {
      HitSignal hs;
      hs.kind = match::SignalKindName(sig.kind);
      detail.clear();
      scanner.AppendDetail(sig, l, &detail);
      hs.detail = detail;
      if (sig.kind != match::SignalKind::kSlang) hs.brand = scanner.brand_id(sig.brand);
      if (sig.end > sig.begin) {
        // The engine reports bytes of the title; the UI indexes JavaScript strings (UTF-16).
        int64_t begin = static_cast<int64_t>(match::Utf16Offset(in.title, sig.begin));
        int64_t end = static_cast<int64_t>(match::Utf16Offset(in.title, sig.end));
        hs.span = std::make_pair(begin, end);
      }
      if (sig.kind == match::SignalKind::kPrice && !s.reference_fen) s.reference_fen = sig.reference_fen;
      s.signals.push_back(std::move(hs));
    }
    if (!s.reference_fen && !result.brands.empty()) {
      int64_t ref = scanner.registry().brands[result.brands[0]].reference_price.value;
      if (ref > 0) s.reference_fen = ref;
    }
    suspects.push_back(std::move(s));
  }
  return suspects;
}

core::Status QueueSuspects(MonitoringStore& store, const QueueTarget& target,
                           std::vector<Suspect>& suspects, int64_t* new_hits,
                           int64_t* updated_hits) {
  // The queue's rows for every suspect at once (not one lookup per listing).
  std::vector<std::pair<std::string, std::string>> keys;
  keys.reserve(suspects.size());
  for (const Suspect& s : suspects) keys.emplace_back(s.listing->platform, s.listing->id);
  IPE_ASSIGN_OR_RETURN(auto queued, store.QueuedHitsFor(target.agency_id, keys));
  for (Suspect& s : suspects) {
    const ListingInput& in = *s.listing;
    HitRow row{target.agency_id, target.region_code, in.platform,      in.id,
               in.shop_id,       in.shop_name,       in.title,         in.price_fen,
               s.reference_fen,  s.score_pct,        std::move(s.brands), std::move(s.signals),
               target.scan_id,   target.now};
    auto existing = queued.find({in.platform, in.id});
    if (existing == queued.end()) {
      // A listing twice in one file is queued once: its second sighting refreshes the first.
      IPE_ASSIGN_OR_RETURN(int64_t id, store.InsertHit(row));
      queued[{in.platform, in.id}] = QueuedHit{id, "pending"};
      ++*new_hits;
      continue;
    }
    if (existing->second.status == "pending") {
      // Still under review: show the listing as last seen.
      IPE_RETURN_IF_ERROR(store.RefreshHit(existing->second.id, row));
    } else {
      // Reviewed: the decision stands on what the reviewer saw; only record the sighting.
      IPE_RETURN_IF_ERROR(store.RecordSighting(existing->second.id, target.scan_id, target.now));
    }
    ++*updated_hits;
  }
  return {};
}

}  // namespace monitoring_internal

core::Result<ScanReport> ScanListings(Context& ctx, const Principal& who, const ScanInput& input) {
  IPE_RETURN_IF_ERROR(CheckScanInput(who, input));
  const auto& listings = input.parsed.listings;
  RegistrySnapshot registry;
  {
    IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
    IPE_ASSIGN_OR_RETURN(registry, LoadRegistry(*tx));
  }
  std::vector<Suspect> suspects = FindSuspects(*registry.scanner, listings, nullptr);

  ScanReport report;
  report.brands = registry.brands;
  report.listings = static_cast<int64_t>(listings.size());
  report.malformed = static_cast<int64_t>(input.parsed.errors.size());
  report.suspected = static_cast<int64_t>(suspects.size());
  for (size_t i = 0; i < input.parsed.errors.size() && i < kMaxReportedLineErrors; ++i) {
    report.errors.push_back(input.parsed.errors[i]);
  }

  core::Timestamp now = ctx.Now();
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  MonitoringStore store(*tx);
  NewScanRow scan{who.agency_id,    who.region_code,  who.user_id,      now,
                  input.source,     report.brands,    report.listings,  report.malformed,
                  report.suspected};
  IPE_ASSIGN_OR_RETURN(report.scan_id, store.InsertScan(scan));
  IPE_RETURN_IF_ERROR(QueueSuspects(store, {who.agency_id, who.region_code, report.scan_id, now},
                                    suspects, &report.new_hits, &report.updated_hits));
  IPE_RETURN_IF_ERROR(store.SetScanNewHits(report.scan_id, report.new_hits));
  Json after = {{"source", input.source},       {"brands", report.brands},
                {"listings", report.listings},   {"malformed", report.malformed},
                {"suspected", report.suspected}, {"new_hits", report.new_hits},
                {"updated_hits", report.updated_hits}};
  IPE_RETURN_IF_ERROR(AppendAudit(
      *tx, who, now,
      {"monitoring.scan", "monitoring_scan", std::to_string(report.scan_id),
       "监测扫描：商品 " + std::to_string(report.listings) + " 条，疑似 " +
           std::to_string(report.suspected) + " 条（新增 " + std::to_string(report.new_hits) + "）",
       std::nullopt, after.dump(), AuditScopeOf(who.region_code, who.agency_id)}));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return report;
}

// ================================================================== review queue

const std::vector<std::string>& DismissReasons() {
  static const std::vector<std::string> kReasons = {"authorized_shop", "genuine",   "not_brand",
                                                    "accessory",       "duplicate", "other"};
  return kReasons;
}

const std::vector<CodeLabel>& DismissReasonLabels() {
  static const std::vector<CodeLabel> k = {
      {"authorized_shop", "授权店铺"},  {"genuine", "正品或价格合理"},
      {"not_brand", "非该品牌商品"},    {"accessory", "兼容配件/描述性使用"},
      {"duplicate", "重复记录"},        {"other", "其他"}};
  return k;
}

const std::vector<CodeLabel>& Platforms() {
  static const std::vector<CodeLabel> k = {
      {"taobao", "淘宝"},       {"tmall", "天猫"},      {"jd", "京东"},
      {"pdd", "拼多多"},        {"douyin", "抖音"},     {"kuaishou", "快手"},
      {"xianyu", "闲鱼"},       {"xiaohongshu", "小红书"}, {"wechat", "微信"},
      {"suning", "苏宁易购"},   {"vip", "唯品会"},      {"alibaba", "阿里巴巴"},
      {"dewu", "得物"}};
  return k;
}

core::Result<Page<Hit>> ListHits(Context& ctx, const Principal& who, const HitFilter& f,
                                 const PageRequest& page) {
  IPE_RETURN_IF_ERROR(RequireQueueReader(who));
  IPE_RETURN_IF_ERROR(page.Validate());
  core::Status st = core::InvalidArgument("筛选条件有误 (invalid filter)");
  bool bad = false;
  for (auto [value, field] : {std::pair{f.score_min_pct, "score_min"},
                              std::pair{f.score_max_pct, "score_max"}}) {
    if (value && (*value < 0 || *value > 100)) {
      st.AddFieldError(field, "分值应在 0 到 1 之间");
      bad = true;
    }
  }
  if (f.status && !f.status->empty() && *f.status != "pending" && *f.status != "confirmed" &&
      *f.status != "dismissed") {
    st.AddFieldError("status", "状态应为 pending、confirmed 或 dismissed");
    bad = true;
  }
  if (bad) return st;
  HitQuery query;
  query.scope = ScopeOf(who);
  query.filter = f;
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  return MonitoringStore(*tx).ListHits(query, page);
}

core::Result<Hit> GetHit(Context& ctx, const Principal& who, int64_t id) {
  IPE_RETURN_IF_ERROR(RequireQueueReader(who));
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  return LoadVisibleHit(*tx, who, id, false);
}

namespace {

// The lead a confirmed hit becomes (线索): source "monitoring", keyed by platform:listing id.
// A platform by its name for texts officers read: 淘宝 for "taobao", an unlisted code as sent.
std::string PlatformName(const std::string& code) { return LabelOrCode(Platforms(), code); }

// `brand_names`: the hit's brands by their registry names (their codes when a brand is gone).
NewLead LeadFromHit(const Hit& h, const std::string& note, const std::string& region,
                    const std::string& brand_names) {
  NewLead in;
  in.source = "monitoring";
  in.source_ref = h.platform + ":" + h.listing_id;
  in.region_code = region;
  in.category = "trademark";
  if (region == h.region_code) in.agency_id = h.agency_id;
  const std::string& brands = brand_names;
  std::string shop = h.shop_name.empty() ? h.shop_id : h.shop_name;
  in.title = "网络监测：" + (h.platform.empty() ? std::string() : PlatformName(h.platform)) + "店铺“" + shop +
             "”疑似销售假冒 " + brands + " 商品";
  if (in.title.size() > 300) in.title = "网络监测：疑似销售假冒 " + brands + " 商品";
  in.description = "商品标题：" + h.title + "\n商品编号：" + in.source_ref + "\n";
  if (h.price_fen) in.description += "售价：" + core::FormatYuan(core::Fen(*h.price_fen)) + " 元\n";
  if (h.reference_price_fen) {
    in.description += "参考价：" + core::FormatYuan(core::Fen(*h.reference_price_fen)) + " 元\n";
  }
  in.description += "评分：" + std::to_string(h.score_pct) + "/100\n信号：";
  for (size_t i = 0; i < h.signals.size(); ++i) {
    in.description += (i ? "；" : "") + h.signals[i].detail;
  }
  if (!note.empty()) in.description += "\n研判意见：" + note;
  if (!h.platform.empty() && !h.shop_id.empty()) {
    LeadObservable shop_obs;
    shop_obs.type = "web_shop";
    shop_obs.value = h.platform + ":" + h.shop_id;
    in.observables.push_back(std::move(shop_obs));
  }
  return in;
}

core::Result<Hit> Review(Context& ctx, const Principal& who, int64_t id, const std::string& status,
                         const std::optional<std::string>& reason, const std::string& note,
                         const std::string& lead_region) {
  IPE_RETURN_IF_ERROR(RequireReviewer(who));
  if (!lead_region.empty() && !internal::IsRegionCode(lead_region)) {
    return core::Status(core::InvalidArgument("行政区划代码有误"))
        .AddFieldError("region_code", "行政区划代码应为 6 位数字");
  }
  std::string trimmed = internal::Trim(note);
  if (trimmed.size() > 2000) {
    return core::Status(core::InvalidArgument("备注过长")).AddFieldError("note", "备注最多 2000 字节");
  }
  auto not_pending = [](const Hit& h) {
    return core::FailedPrecondition("该记录已研判，不能重复处理 (already reviewed: " + h.status + ")");
  };
  std::optional<int64_t> lead_id;
  if (status == "confirmed") {
    // The lead is added in its own transaction (leads.h has no in-transaction variant). A retry
    // after a failure below finds the same lead again: (source, source_ref) is its dedup key.
    Hit seen;
    {
      IPE_ASSIGN_OR_RETURN(auto rtx, ctx.db().Begin(storage::TxMode::kRead));
      IPE_ASSIGN_OR_RETURN(seen, LoadVisibleHit(*rtx, who, id, false));
    }
    if (seen.status != "pending") return not_pending(seen);
    std::string region = lead_region.empty() ? seen.region_code : lead_region;
    if (region == kNationalRegion) {
      return core::Status(core::InvalidArgument("请选择线索的管辖区域 (a region is required)"))
          .AddFieldError("region_code", "全国范围扫描的记录请选择线索管辖区域（如网店经营者住所地）");
    }
    std::vector<std::string> names;
    {
      IPE_ASSIGN_OR_RETURN(auto rtx, ctx.db().Begin(storage::TxMode::kRead));
      MonitoringStore store(*rtx);
      for (const std::string& code : seen.brands) {
        IPE_ASSIGN_OR_RETURN(auto brand, store.BrandByCode(code, false));
        names.push_back(brand && !brand->name.empty() ? brand->name : code);
      }
    }
    IPE_ASSIGN_OR_RETURN(AddLeadResult lead,
                         AddLead(ctx, who, LeadFromHit(seen, trimmed, region, internal::Join(names, '/'))));
    lead_id = lead.lead.id;
  }
  core::Timestamp now = ctx.Now();
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  IPE_ASSIGN_OR_RETURN(Hit before, LoadVisibleHit(*tx, who, id, true));
  if (before.status != "pending") return not_pending(before);
  std::optional<std::string> note_value;
  if (!trimmed.empty()) note_value = trimmed;
  IPE_RETURN_IF_ERROR(MonitoringStore(*tx).Review(id, status, reason, note_value, who.user_id,
                                                  now, lead_id));
  Hit after = before;
  after.lead_id = lead_id;
  after.status = status;
  after.dismiss_reason = reason;
  after.review_note = note_value;
  after.reviewed_by = who.user_id;
  after.reviewed_at = now;
  std::string listing = PlatformName(before.platform) + " 商品 " + before.listing_id;
  IPE_RETURN_IF_ERROR(AppendAudit(
      *tx, who, now,
      {status == "confirmed" ? "monitoring.hit.confirm" : "monitoring.hit.dismiss", "monitoring_hit",
       std::to_string(id),
       (status == "confirmed" ? "确认监测线索 " : "驳回监测线索 ") + listing +
           (reason ? "（" + LabelOrCode(DismissReasonLabels(), *reason) + "）" : ""),
       HitAuditJson(before), HitAuditJson(after), AuditScopeOf(before.region_code, before.agency_id)}));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return after;
}

}  // namespace

core::Result<Hit> ConfirmHit(Context& ctx, const Principal& who, int64_t id,
                             const std::string& note, const std::string& region_code) {
  return Review(ctx, who, id, "confirmed", std::nullopt, note, region_code);
}

core::Result<Hit> DismissHit(Context& ctx, const Principal& who, int64_t id,
                             const std::string& reason, const std::string& note) {
  const auto& reasons = DismissReasons();
  if (std::find(reasons.begin(), reasons.end(), reason) == reasons.end()) {
    return core::Status(core::InvalidArgument("驳回理由无效 (invalid reason)"))
        .AddFieldError("reason", "请选择驳回理由");
  }
  if (reason == "other" && internal::Trim(note).empty()) {
    return core::Status(core::InvalidArgument("请说明驳回理由 (note required)"))
        .AddFieldError("note", "选择“其他”时请填写说明");
  }
  return Review(ctx, who, id, "dismissed", reason, note, "");
}

core::Result<MonitoringSummary> GetMonitoringSummary(Context& ctx, const Principal& who) {
  IPE_RETURN_IF_ERROR(RequireQueueReader(who));
  MonitoringSummary out;
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  MonitoringStore store(*tx);
  IPE_ASSIGN_OR_RETURN(out.brands, store.CountActiveBrands());
  HitScope scope = ScopeOf(who);
  IPE_ASSIGN_OR_RETURN(auto hits, store.CountHits(scope, kCountCap));
  out.pending = hits.pending;
  out.confirmed = hits.confirmed;
  out.dismissed = hits.dismissed;
  IPE_ASSIGN_OR_RETURN(auto scans, store.CountScans(scope, kCountCap));
  out.scans = scans.total;
  out.counts_exact = hits.exact && scans.exact;
  return out;
}

}  // namespace ipe::app
