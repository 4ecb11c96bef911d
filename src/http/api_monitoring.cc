// /api/v1/monitoring: the brand registry (品牌库), listing scans and the review queue (待研判).
// docs/monitoring.md describes the formats; app/monitoring/monitoring.h the rules.
#include <cmath>
#include <cstdlib>

#include "app/crypto.h"
#include "app/monitoring/monitoring.h"
#include "app/monitoring/scan_batches.h"
#include "http/dispatcher.h"
#include "http/internal/json_io.h"

namespace ipe::http {

using internal::Json;
using internal::JsonResponse;

namespace {

Json BrandJson(const app::Brand& b) {
  Json trademarks = Json::array();
  for (const auto& t : b.trademarks) {
    trademarks.push_back({{"reg_number", t.reg_number}, {"nice_classes", t.nice_classes}});
  }
  Json shops = Json::array();
  for (const auto& s : b.authorized_shops) {
    shops.push_back({{"platform", s.platform}, {"shop_id", s.shop_id}});
  }
  Json cps = Json::array();
  for (const auto& c : b.category_prices) {
    cps.push_back({{"terms", c.terms}, {"price_fen", c.price_fen}});
  }
  return Json{{"id", b.id},
              {"code", b.code},
              {"name", b.name},
              {"name_en", b.name_en},
              {"names", b.names},
              {"generic_names", b.generic_names},
              {"context_terms", b.context_terms},
              {"trademarks", trademarks},
              {"rights_holder", b.rights_holder},
              {"reference_price_fen", b.reference_price_fen},
              {"category_prices", cps},
              {"authorized_shops", shops},
              {"active", b.active},
              {"created_at", b.created_at.ToString()},
              {"updated_at", b.updated_at.ToString()},
              {"version", b.version}};
}

// A scan's progress: done when scanned + already + failed = listings (docs/scale-out.md "Scanner workers").
Json ScanBatchJson(const app::ScanBatch& b) {
  return Json{{"scan_id", b.scan_id},         {"status", b.status},
              {"listings", b.listings},       {"malformed", b.malformed},
              {"scanned", b.scanned},         {"already", b.already},
              {"suspected", b.suspected},     {"new_hits", b.new_hits},
              {"updated_hits", b.updated_hits}, {"failed", b.failed},
              {"created_at", internal::TimeJson(b.created_at)},
              {"finished_at", internal::TimeJson(b.finished_at)}};
}

// The shape ScanBatchJson renders (the contract's ScanBatch).
Schema ScanBatchSchema() {
  return Obj({{"scan_id", Int()},
              {"status", Str()},
              {"listings", Int()},
              {"malformed", Int()},
              {"scanned", Int()},
              {"already", Int()},
              {"suspected", Int()},
              {"new_hits", Int()},
              {"updated_hits", Int()},
              {"failed", Int().Describe("商品条数：其消息写入屡次失败，已放弃 (listings of messages given up)")},
              {"created_at", Str().Nullable()},
              {"finished_at", Str().Nullable()}});
}

Json HitJson(const app::Hit& h) {
  Json signals = Json::array();
  for (const auto& s : h.signals) {
    signals.push_back({{"kind", s.kind},
                       {"detail", s.detail},
                       {"brand", s.brand},
                       {"span", s.span ? Json::array({s.span->first, s.span->second}) : Json()}});
  }
  auto opt = [](const auto& v) { return v ? Json(*v) : Json(); };
  return Json{{"id", h.id},
              {"agency", {{"id", h.agency_id}, {"name", h.agency_name}}},
              {"region_code", h.region_code},
              {"platform", h.platform},
              {"listing_id", h.listing_id},
              {"shop_id", h.shop_id},
              {"shop_name", h.shop_name},
              {"title", h.title},
              {"price_fen", opt(h.price_fen)},
              {"reference_price_fen", opt(h.reference_price_fen)},
              {"score", h.score_pct / 100.0},
              {"brands", h.brands},
              {"signals", signals},
              {"status", h.status},
              {"dismiss_reason", opt(h.dismiss_reason)},
              {"review_note", opt(h.review_note)},
              {"reviewed_by", opt(h.reviewed_by)},
              {"reviewed_at", h.reviewed_at ? Json(h.reviewed_at->ToString()) : Json()},
              {"lead_id", opt(h.lead_id)},
              {"first_seen_at", h.first_seen_at.ToString()},
              {"last_seen_at", h.last_seen_at.ToString()},
              {"seen_count", h.seen_count}};
}

// The shapes BrandJson and HitJson render, and ReadBrand reads.
Schema BrandRef(Router& r) {
  return r.Component(
      "Brand", Obj({{"id", Int()},
                    {"code", Str()},
                    {"name", Str()},
                    {"name_en", Str()},
                    {"names", Arr(Str())},
                    {"generic_names", Arr(Str())},
                    {"context_terms", Arr(Str())},
                    {"trademarks", Arr(Obj({{"reg_number", Str()}, {"nice_classes", Arr(Int())}}))},
                    {"rights_holder", Str()},
                    {"reference_price_fen", Fen().Describe("参考价，分；0 为未知")},
                    {"category_prices", Arr(Obj({{"terms", Arr(Str())}, {"price_fen", Fen()}}))},
                    {"authorized_shops", Arr(Obj({{"platform", Str()}, {"shop_id", Str()}}))},
                    {"active", Bool()},
                    {"created_at", DateTime()},
                    {"updated_at", DateTime()},
                    {"version", Int()}}));
}

Schema BrandBody(bool creating) {
  Schema code = Str(40), name = Str(200);
  return Obj({{"code", creating ? code : code.Optional()},
              {"name", creating ? name : name.Optional()},
              {"name_en", Str(200).Optional()},
              {"rights_holder", Str(300).Optional()},
              {"names", Arr(Str()).Optional()},
              {"generic_names", Arr(Str()).Optional()},
              {"context_terms", Arr(Str()).Optional()},
              {"reference_price_fen", Fen().Optional()},
              {"active", Bool().Optional()},
              {"version", Int().Optional()},
              {"trademarks",
               Arr(Obj({{"reg_number", Str()}, {"nice_classes", Arr(Int()).Optional()}})).Optional()},
              {"authorized_shops",
               Arr(Any()).Optional().Describe("[{platform, shop_id}] 或 [\"平台:店铺ID\"]")},
              {"category_prices",
               Arr(Obj({{"terms", Arr(Str())}, {"price_fen", Fen()}})).Optional()}})
      .Closed();
}

Schema HitRef(Router& r) {
  return r.Component(
      "Hit", Obj({{"id", Int()},
                  {"agency", IdName()},
                  {"region_code", Str()},
                  {"platform", Str()},
                  {"listing_id", Str()},
                  {"shop_id", Str()},
                  {"shop_name", Str()},
                  {"title", Str()},
                  {"price_fen", Fen().Nullable()},
                  {"reference_price_fen", Fen().Nullable()},
                  {"score", Num().Describe("0–1")},
                  {"brands", Arr(Str())},
                  {"signals", Arr(Obj({{"kind", Str()},
                                       {"detail", Str()},
                                       {"brand", Str()},
                                       {"span", Arr(Int()).Nullable()}}))},
                  {"status", Str()},
                  {"dismiss_reason", Enum(app::DismissReasonLabels()).Nullable()},
                  {"review_note", Str().Nullable()},
                  {"reviewed_by", Int().Nullable()},
                  {"reviewed_at", DateTime().Nullable()},
                  {"lead_id", Int().Nullable()},
                  {"first_seen_at", DateTime()},
                  {"last_seen_at", DateTime()},
                  {"seen_count", Int()}}));
}

// Reads the brand fields of a POST/PATCH body. Nested lists are checked here; problems are added
// to *errors as (field, message).
app::BrandPatch ReadBrand(const Json& body, internal::Fields& f, bool creating,
                          std::vector<std::pair<std::string, std::string>>* errors) {
  app::BrandPatch p;
  p.code = f.String("code", creating, 40);
  p.name = f.String("name", creating, 200);
  p.name_en = f.String("name_en", false, 200);
  p.rights_holder = f.String("rights_holder", false, 300);
  p.names = f.StringList("names");
  p.generic_names = f.StringList("generic_names");
  p.context_terms = f.StringList("context_terms");
  p.reference_price_fen = f.Int("reference_price_fen");
  p.active = f.Bool("active");
  p.version = f.Int("version");
  if (!f.IsNull("trademarks") && body.contains("trademarks")) {
    const Json& v = body["trademarks"];
    std::vector<app::Trademark> out;
    bool ok = v.is_array();
    for (size_t i = 0; ok && i < v.size(); ++i) {
      const Json& t = v[i];
      ok = t.is_object() && t.contains("reg_number") && t["reg_number"].is_string() &&
           (!t.contains("nice_classes") || t["nice_classes"].is_array());
      if (!ok) break;
      app::Trademark tm;
      tm.reg_number = t["reg_number"].get<std::string>();
      if (t.contains("nice_classes")) {
        for (const Json& c : t["nice_classes"]) {
          if (!c.is_number_integer()) {
            ok = false;
            break;
          }
          tm.nice_classes.push_back(c.get<int>());
        }
      }
      out.push_back(std::move(tm));
    }
    if (ok) p.trademarks = std::move(out);
    else errors->emplace_back("trademarks", "应为 [{\"reg_number\",\"nice_classes\":[整数]}]");
  }
  if (!f.IsNull("authorized_shops") && body.contains("authorized_shops")) {
    const Json& v = body["authorized_shops"];
    std::vector<app::AuthorizedShop> out;
    bool ok = v.is_array();
    for (size_t i = 0; ok && i < v.size(); ++i) {
      const Json& s = v[i];
      if (s.is_string()) {  // "platform:shop_id", as in the scanner's registry file
        std::string text = s.get<std::string>();
        size_t colon = text.find(':');
        ok = colon != std::string::npos;
        if (ok) out.push_back({text.substr(0, colon), text.substr(colon + 1)});
      } else {
        ok = s.is_object() && s.contains("platform") && s["platform"].is_string() &&
             s.contains("shop_id") && s["shop_id"].is_string();
        if (ok) out.push_back({s["platform"].get<std::string>(), s["shop_id"].get<std::string>()});
      }
    }
    if (ok) p.authorized_shops = std::move(out);
    else errors->emplace_back("authorized_shops", "应为 [{\"platform\",\"shop_id\"}] 或 [\"平台:店铺ID\"]");
  }
  if (!f.IsNull("category_prices") && body.contains("category_prices")) {
    const Json& v = body["category_prices"];
    std::vector<app::CategoryPrice> out;
    bool ok = v.is_array();
    for (size_t i = 0; ok && i < v.size(); ++i) {
      const Json& c = v[i];
      ok = c.is_object() && c.contains("terms") && c["terms"].is_array() &&
           c.contains("price_fen") && c["price_fen"].is_number_integer();
      if (!ok) break;
      app::CategoryPrice cp;
      for (const Json& t : c["terms"]) {
        if (!t.is_string()) {
          ok = false;
          break;
        }
        cp.terms.push_back(t.get<std::string>());
      }
      cp.price_fen = c["price_fen"].get<int64_t>();
      out.push_back(std::move(cp));
    }
    if (ok) p.category_prices = std::move(out);
    else errors->emplace_back("category_prices", "应为 [{\"terms\":[…],\"price_fen\":整数}]");
  }
  return p;
}

core::Status FinishBrand(internal::Fields& f,
                         const std::vector<std::pair<std::string, std::string>>& errors) {
  core::Status st = f.Finish();
  if (errors.empty()) return st;
  if (st.ok()) st = core::InvalidArgument("请求参数有误 (invalid fields)");
  for (const auto& [field, message] : errors) st.AddFieldError(field, message);
  return st;
}

// "0.85" → 85. InvalidArgument outside [0,1] or not a number.
core::Result<std::optional<int>> ScoreQuery(const Request& req, const std::string& name) {
  auto v = req.Query(name);
  if (!v || v->empty()) return std::optional<int>();
  char* end = nullptr;
  double d = std::strtod(v->c_str(), &end);
  if (end != v->c_str() + v->size() || !(d >= 0.0 && d <= 1.0)) {
    return core::Status(core::InvalidArgument("分值应为 0 到 1 之间的小数: " + name))
        .AddFieldError(name, "应为 0 到 1 之间的小数");
  }
  return std::optional<int>(static_cast<int>(std::lround(d * 100)));
}

Response TextResponse(std::string content_type, std::string body, const std::string& filename) {
  Response r;
  r.content_type = std::move(content_type);
  r.body = std::move(body);
  r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + filename + "\"");
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

// The scan request body, judged by what it is: a JSON array of listings; an object
// {"source","listings":[…]} or {"source","jsonl":"…"}; anything else is JSONL text.
core::Result<app::ScanInput> ReadScanBody(const Request& req) {
  app::ScanInput in;
  in.source = req.Query("source").value_or("");
  std::string_view body = req.body;
  size_t start = body.find_first_not_of(" \t\r\n");
  if (start != std::string_view::npos && body[start] == '[') {
    IPE_ASSIGN_OR_RETURN(in.parsed, app::ParseListingArray(body));
    return in;
  }
  Json j = Json::parse(body, nullptr, false);
  // A file picked in the UI (CSV, XLSX or JSONL, prices in 元 in the tables): {"file_base64",
  // "filename"}; what it is is decided by its content (app::ParseListingFile).
  if (j.is_object() && j.contains("file_base64")) {
    internal::Fields f(j);
    auto b64 = f.String("file_base64", true, 48u << 20);
    auto filename = f.String("filename", false, 500);
    if (auto s = f.String("source", false, 200)) in.source = *s;
    IPE_RETURN_IF_ERROR(f.Finish());
    auto bytes = app::DecodeBase64(*b64);
    if (!bytes) {
      return core::Status(core::InvalidArgument("file_base64 不是合法的 base64"))
          .AddFieldError("file", "文件内容编码有误");
    }
    if (in.source.empty() && filename) in.source = filename->substr(0, 200);
    IPE_ASSIGN_OR_RETURN(in.parsed, app::ParseListingFile(*bytes));
    return in;
  }
  if (j.is_object() && (j.contains("listings") || j.contains("jsonl"))) {
    internal::Fields f(j);
    if (auto s = f.String("source", false, 200)) in.source = *s;
    auto jsonl = f.String("jsonl", false, 64u << 20);
    bool has_listings = !f.IsNull("listings") && j.contains("listings");
    IPE_RETURN_IF_ERROR(f.Finish());
    if (has_listings) {
      if (!j["listings"].is_array()) {
        return core::Status(core::InvalidArgument("listings 应为数组"))
            .AddFieldError("listings", "应为商品数组");
      }
      IPE_ASSIGN_OR_RETURN(in.parsed, app::ParseListingArray(j["listings"].dump()));
    } else {
      in.parsed = app::ParseListingLines(jsonl.value_or(""));
    }
    return in;
  }
  in.parsed = app::ParseListingLines(body);
  return in;
}

}  // namespace

void RegisterMonitoringApi(Dispatcher& d) {
  app::Context& ctx = d.context();
  Router& r = d.router();

  r.Add("GET", "/api/v1/monitoring/summary", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto s, app::GetMonitoringSummary(ctx, *req.principal));
    return JsonResponse(200, Json{{"brands", s.brands},
                                  {"pending", s.pending},
                                  {"confirmed", s.confirmed},
                                  {"dismissed", s.dismissed},
                                  {"scans", s.scans},
                                  {"counts_exact", s.counts_exact}});
  }, "监测概况 (monitoring summary)");
  r.Describe("GET", "/api/v1/monitoring/summary",
             RouteSpec().Returns(200, Obj({{"brands", Int()},
                                           {"pending", Int()},
                                           {"confirmed", Int()},
                                           {"dismissed", Int()},
                                           {"scans", Int()},
                                           {"counts_exact", Bool()}})));

  // ---- brand registry; literal paths before /brands/{id}
  r.Add("GET", "/api/v1/monitoring/brands/template.csv", Access::kAuthenticated, [](Request&) {
    return TextResponse("text/csv; charset=utf-8", app::BrandCsvTemplate(), "brands-template.csv");
  }, "品牌库导入模板 (brand CSV template)");
  r.Describe("GET", "/api/v1/monitoring/brands/template.csv",
             RouteSpec().Returns(200, Str(), "CSV", "text/csv"));

  r.Add("GET", "/api/v1/monitoring/brands/export.jsonl", Access::kAuthenticated,
        [&ctx](Request& req) -> Reply {
          IPE_ASSIGN_OR_RETURN(auto text, app::ExportBrandsJsonl(ctx, *req.principal));
          return TextResponse("application/x-ndjson; charset=utf-8", std::move(text),
                              "brands.jsonl");
        }, "导出品牌库（扫描器 JSONL）(registry as scanner JSONL)");
  r.Describe("GET", "/api/v1/monitoring/brands/export.jsonl",
             RouteSpec().Returns(200, Str(), "JSONL", "application/x-ndjson"));

  r.Add("POST", "/api/v1/monitoring/brands/import", Access::kAuthenticated,
        [&ctx](Request& req) -> Reply {
    // Raw CSV, or {"csv":"…"} from the browser.
    std::string csv = req.body;
    Json j = Json::parse(req.body, nullptr, false);
    if (j.is_object()) {
      internal::Fields f(j);
      auto text = f.String("csv", true, 16u << 20);
      IPE_RETURN_IF_ERROR(f.Finish());
      csv = *text;
    }
    IPE_ASSIGN_OR_RETURN(auto report, app::ImportBrandsCsv(ctx, *req.principal, csv));
    return JsonResponse(200, Json{{"created", report.created}, {"updated", report.updated}});
  }, "导入品牌库 CSV (import brands)");
  r.Describe("POST", "/api/v1/monitoring/brands/import",
             RouteSpec()
                 .Description("CSV 作为请求体，或 JSON {csv} (CSV body, or JSON)")
                 .Returns(200, Obj({{"created", Int()}, {"updated", Int()}})));

  r.Add("GET", "/api/v1/monitoring/brands", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto page, internal::PageFromQuery(req));
    app::BrandFilter f;
    f.q = req.Query("q");
    IPE_ASSIGN_OR_RETURN(f.active, internal::BoolQuery(req, "active"));
    IPE_ASSIGN_OR_RETURN(auto result, app::ListBrands(ctx, *req.principal, f, page));
    return JsonResponse(200, internal::PageJson(result, BrandJson));
  }, "品牌库 (brands)");
  Schema brand = BrandRef(r);
  r.Describe("GET", "/api/v1/monitoring/brands",
             RouteSpec()
                 .Query(PageQuery({{"q", Str(), false, "关键词 (search)"},
                                   {"active", Bool(), false, "启用 (active)"}}))
                 .Returns(200, PageOf(brand)));

  r.Add("POST", "/api/v1/monitoring/brands", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto body, internal::ParseObject(req));
    internal::Fields f(body);
    std::vector<std::pair<std::string, std::string>> errors;
    app::BrandPatch p = ReadBrand(body, f, true, &errors);
    IPE_RETURN_IF_ERROR(FinishBrand(f, errors));
    app::Brand b;
    b.code = *p.code;
    b.name = *p.name;
    b.name_en = p.name_en.value_or("");
    b.rights_holder = p.rights_holder.value_or("");
    b.names = p.names.value_or(std::vector<std::string>{});
    b.generic_names = p.generic_names.value_or(std::vector<std::string>{});
    b.context_terms = p.context_terms.value_or(std::vector<std::string>{});
    b.trademarks = p.trademarks.value_or(std::vector<app::Trademark>{});
    b.reference_price_fen = p.reference_price_fen.value_or(0);
    b.category_prices = p.category_prices.value_or(std::vector<app::CategoryPrice>{});
    b.authorized_shops = p.authorized_shops.value_or(std::vector<app::AuthorizedShop>{});
    b.active = p.active.value_or(true);
    IPE_ASSIGN_OR_RETURN(auto created, app::CreateBrand(ctx, *req.principal, b));
    return JsonResponse(201, BrandJson(created));
  }, "新增品牌 (create brand)");
  r.Describe("POST", "/api/v1/monitoring/brands",
             RouteSpec().Body(BrandBody(true)).Returns(201, brand));

  r.Add("GET", "/api/v1/monitoring/brands/{id}", Access::kAuthenticated,
        [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto id, internal::IdParam(req));
    IPE_ASSIGN_OR_RETURN(auto b, app::GetBrand(ctx, *req.principal, id));
    return JsonResponse(200, BrandJson(b));
  }, "品牌详情 (brand)");
  r.Describe("GET", "/api/v1/monitoring/brands/{id}", RouteSpec().Returns(200, brand));

  r.Add("PATCH", "/api/v1/monitoring/brands/{id}", Access::kAuthenticated,
        [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto id, internal::IdParam(req));
    IPE_ASSIGN_OR_RETURN(auto body, internal::ParseObject(req));
    internal::Fields f(body);
    std::vector<std::pair<std::string, std::string>> errors;
    app::BrandPatch p = ReadBrand(body, f, false, &errors);
    IPE_RETURN_IF_ERROR(FinishBrand(f, errors));
    IPE_ASSIGN_OR_RETURN(auto b, app::UpdateBrand(ctx, *req.principal, id, p));
    return JsonResponse(200, BrandJson(b));
  }, "修改品牌 (update brand)");
  r.Describe("PATCH", "/api/v1/monitoring/brands/{id}",
             RouteSpec().Body(BrandBody(false)).Returns(200, brand));

  r.Add("DELETE", "/api/v1/monitoring/brands/{id}", Access::kAuthenticated,
        [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto id, internal::IdParam(req));
    IPE_RETURN_IF_ERROR(app::DeleteBrand(ctx, *req.principal, id));
    return Response::NoContent();
  }, "删除品牌 (delete brand)");
  r.Describe("DELETE", "/api/v1/monitoring/brands/{id}",
             RouteSpec().Returns(204, Any(), "已删除 (deleted)"));

  // ---- scans
  r.Add("GET", "/api/v1/monitoring/scans/template", Access::kAuthenticated, [](Request&) -> Reply {
    Response resp;
    resp.content_type = "text/csv; charset=utf-8";
    resp.headers.emplace_back("Content-Disposition", "attachment; filename=\"listings-template.csv\"");
    resp.body = app::ListingTemplateCsv();
    return resp;
  }, "商品扫描模板 (CSV template, prices in yuan)");
  r.Describe("GET", "/api/v1/monitoring/scans/template",
             RouteSpec().Returns(200, Str(), "CSV", "text/csv"));

  r.Add("GET", "/api/v1/monitoring/scans/template.xlsx", Access::kAuthenticated, [](Request&) -> Reply {
    static const core::Result<std::string> kTemplate = app::ListingTemplateXlsx();
    if (!kTemplate) return kTemplate.error();
    Response resp;
    resp.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    resp.headers.emplace_back("Content-Disposition", "attachment; filename=\"listings-template.xlsx\"");
    resp.body = *kTemplate;
    return resp;
  }, "商品扫描模板 (XLSX template)");
  r.Describe("GET", "/api/v1/monitoring/scans/template.xlsx",
             RouteSpec().Returns(200, Str(), "XLSX",
                                 "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"));

  r.Add("POST", "/api/v1/monitoring/scans", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto input, ReadScanBody(req));
    IPE_ASSIGN_OR_RETURN(auto submitted, app::SubmitScan(ctx, *req.principal, input));
    Json errors = Json::array();
    for (const auto& e : submitted.errors) errors.push_back({{"line", e.line}, {"message", core::MessageIn(e.message, req.english)}});
    if (submitted.batch) {
      // Published to the scanner workers (serve --nats): read the progress at `progress`.
      Json body = ScanBatchJson(*submitted.batch);
      body["errors"] = errors;
      body["progress"] = "/api/v1/monitoring/scans/" + std::to_string(submitted.batch->scan_id);
      return JsonResponse(202, body);
    }
    const app::ScanReport& report = *submitted.report;
    return JsonResponse(201, Json{{"scan_id", report.scan_id},
                                  {"brands", report.brands},
                                  {"listings", report.listings},
                                  {"malformed", report.malformed},
                                  {"suspected", report.suspected},
                                  {"new_hits", report.new_hits},
                                  {"updated_hits", report.updated_hits},
                                  {"errors", errors}});
  }, "提交商品扫描 (scan listings)");
  r.Describe("POST", "/api/v1/monitoring/scans",
             RouteSpec()
                 .Query({{"source", Str(200), false, "来源说明 (source)"}})
                 .Description("请求体：商品 JSON 数组、JSONL 文本、{source, listings} / {source, jsonl}，"
                              "或 {file_base64, filename}（CSV/XLSX/JSONL）(listings in any of these)")
                 .Returns(201, Obj({{"scan_id", Int()},
                                    {"brands", Int()},
                                    {"listings", Int()},
                                    {"malformed", Int()},
                                    {"suspected", Int()},
                                    {"new_hits", Int()},
                                    {"updated_hits", Int()},
                                    {"errors", Arr(Obj({{"line", Int()}, {"message", Str()}}))}}))
                 .Returns(202, With(ScanBatchSchema(), {{"errors", Arr(Obj({{"line", Int()}, {"message", Str()}}))},
                                                        {"progress", Str()}}),
                          "已交扫描节点处理（serve --nats）(published to the scanner workers)"));
  // 20,000 listings (kMaxListingsPerScan) of ~230 bytes are ~4.5 MB, over the default 1 MiB.
  r.AllowLargeBody("POST", "/api/v1/monitoring/scans", 32u << 20);

  r.Add("GET", "/api/v1/monitoring/scans/{id}", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto id, internal::IdParam(req));
    IPE_ASSIGN_OR_RETURN(auto batch, app::GetScanBatch(ctx, *req.principal, id));
    return JsonResponse(200, ScanBatchJson(batch));
  }, "扫描进度 (scan progress)");
  r.Describe("GET", "/api/v1/monitoring/scans/{id}", RouteSpec().Returns(200, ScanBatchSchema()));

  // ---- review queue
  r.Add("GET", "/api/v1/monitoring/hits", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto page, internal::PageFromQuery(req));
    app::HitFilter f;
    f.brand = req.Query("brand");
    f.platform = req.Query("platform");
    f.status = req.Query("status");
    f.q = req.Query("q");
    IPE_ASSIGN_OR_RETURN(f.score_min_pct, ScoreQuery(req, "score_min"));
    IPE_ASSIGN_OR_RETURN(f.score_max_pct, ScoreQuery(req, "score_max"));
    IPE_ASSIGN_OR_RETURN(auto result, app::ListHits(ctx, *req.principal, f, page));
    return JsonResponse(200, internal::PageJson(result, HitJson));
  }, "待研判队列 (review queue)");
  Schema hit = HitRef(r);
  r.Describe("GET", "/api/v1/monitoring/hits",
             RouteSpec()
                 .Query(PageQuery({{"brand", Str(), false, "品牌代码 (brand code)"},
                                   {"platform", Str(), false, "平台 (platform)"},
                                   {"status", Str(), false, "状态 (status)"},
                                   {"q", Str(), false, "关键词 (search)"},
                                   {"score_min", Num().Min(0).Max(1), false, "最低分 0–1"},
                                   {"score_max", Num().Min(0).Max(1), false, "最高分 0–1"}}))
                 .Returns(200, PageOf(hit)));

  r.Add("GET", "/api/v1/monitoring/hits/{id}", Access::kAuthenticated,
        [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto id, internal::IdParam(req));
    IPE_ASSIGN_OR_RETURN(auto h, app::GetHit(ctx, *req.principal, id));
    return JsonResponse(200, HitJson(h));
  }, "监测记录详情 (hit)");
  r.Describe("GET", "/api/v1/monitoring/hits/{id}", RouteSpec().Returns(200, hit));

  r.Add("POST", "/api/v1/monitoring/hits/{id}/confirm", Access::kAuthenticated,
        [&ctx](Request& req) -> Reply {
          IPE_ASSIGN_OR_RETURN(auto id, internal::IdParam(req));
          std::string note, region;
          if (!req.body.empty()) {
            IPE_ASSIGN_OR_RETURN(auto body, internal::ParseObject(req));
            internal::Fields f(body);
            note = f.String("note", false, 2000).value_or("");
            region = f.String("region_code", false, 6).value_or("");
            IPE_RETURN_IF_ERROR(f.Finish());
          }
          IPE_ASSIGN_OR_RETURN(auto h, app::ConfirmHit(ctx, *req.principal, id, note, region));
          return JsonResponse(200, HitJson(h));
        }, "确认为线索 (confirm hit)");
  r.Describe("POST", "/api/v1/monitoring/hits/{id}/confirm",
             RouteSpec()
                 .Body(Obj({{"note", Str(2000).Optional()}, {"region_code", Str(6).Optional()}}).Closed(),
                       false)
                 .Returns(200, hit));

  r.Add("POST", "/api/v1/monitoring/hits/{id}/dismiss", Access::kAuthenticated,
        [&ctx](Request& req) -> Reply {
          IPE_ASSIGN_OR_RETURN(auto id, internal::IdParam(req));
          IPE_ASSIGN_OR_RETURN(auto body, internal::ParseObject(req));
          internal::Fields f(body);
          auto reason = f.String("reason", true, 40);
          auto note = f.String("note", false, 2000);
          IPE_RETURN_IF_ERROR(f.Finish());
          IPE_ASSIGN_OR_RETURN(auto h, app::DismissHit(ctx, *req.principal, id, *reason,
                                                       note.value_or("")));
          return JsonResponse(200, HitJson(h));
        }, "驳回 (dismiss hit)");
  r.Describe("POST", "/api/v1/monitoring/hits/{id}/dismiss",
             RouteSpec()
                 .Body(Obj({{"reason", Enum(app::DismissReasonLabels())},
                            {"note", Str(2000).Optional()}})
                           .Closed())
                 .Returns(200, hit));
}

}  // namespace ipe::http
