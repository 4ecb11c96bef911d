// JSON text columns of the monitoring tables. See monitoring_json.h.
#include "app/monitoring/monitoring_json.h"

#include <nlohmann/json.hpp>

namespace ipe::app::monitoring_internal {

using Json = nlohmann::json;

std::vector<std::string> StringsFromJson(const std::string& text) {
  std::vector<std::string> out;
  Json j = Json::parse(text, nullptr, false);
  if (!j.is_array()) return out;
  for (const Json& v : j) {
    if (v.is_string()) out.push_back(v.get<std::string>());
  }
  return out;
}

std::string TrademarksJson(const std::vector<Trademark>& tms) {
  Json out = Json::array();
  for (const Trademark& t : tms) {
    out.push_back({{"reg_number", t.reg_number}, {"nice_classes", t.nice_classes}});
  }
  return out.dump();
}
std::vector<Trademark> TrademarksFromJson(const std::string& text) {
  std::vector<Trademark> out;
  Json j = Json::parse(text, nullptr, false);
  if (!j.is_array()) return out;
  for (const Json& v : j) {
    Trademark t;
    t.reg_number = v.value("reg_number", "");
    if (v.contains("nice_classes") && v["nice_classes"].is_array()) {
      for (const Json& c : v["nice_classes"]) {
        if (c.is_number_integer()) t.nice_classes.push_back(c.get<int>());
      }
    }
    out.push_back(std::move(t));
  }
  return out;
}

std::string ShopsJson(const std::vector<AuthorizedShop>& shops) {
  Json out = Json::array();
  for (const AuthorizedShop& s : shops) {
    out.push_back({{"platform", s.platform}, {"shop_id", s.shop_id}});
  }
  return out.dump();
}
std::vector<AuthorizedShop> ShopsFromJson(const std::string& text) {
  std::vector<AuthorizedShop> out;
  Json j = Json::parse(text, nullptr, false);
  if (!j.is_array()) return out;
  for (const Json& v : j) out.push_back({v.value("platform", ""), v.value("shop_id", "")});
  return out;
}

std::string CategoryPricesJson(const std::vector<CategoryPrice>& cps) {
  Json out = Json::array();
  for (const CategoryPrice& c : cps) out.push_back({{"terms", c.terms}, {"price_fen", c.price_fen}});
  return out.dump();
}
std::vector<CategoryPrice> CategoryPricesFromJson(const std::string& text) {
  std::vector<CategoryPrice> out;
  Json j = Json::parse(text, nullptr, false);
  if (!j.is_array()) return out;
  for (const Json& v : j) {
    CategoryPrice c;
    if (v.contains("terms") && v["terms"].is_array()) {
      for (const Json& t : v["terms"]) {
        if (t.is_string()) c.terms.push_back(t.get<std::string>());
      }
    }
    c.price_fen = v.value("price_fen", int64_t{0});
    out.push_back(std::move(c));
  }
  return out;
}

std::string StringsJson(const std::vector<std::string>& strings) { return Json(strings).dump(); }

std::string SignalsJson(const std::vector<HitSignal>& signals) {
  Json out = Json::array();
  for (const HitSignal& s : signals) {
    Json j = {{"kind", s.kind}, {"detail", s.detail}, {"brand", s.brand}};
    j["span"] = s.span ? Json::array({s.span->first, s.span->second}) : Json();
    out.push_back(std::move(j));
  }
  return out.dump();
}

std::vector<HitSignal> SignalsFromJson(const std::string& text) {
  std::vector<HitSignal> out;
  Json j = Json::parse(text, nullptr, false);
  if (!j.is_array()) return out;
  for (const Json& v : j) {
    HitSignal s;
    s.kind = v.value("kind", "");
    s.detail = v.value("detail", "");
    s.brand = v.value("brand", "");
    if (v.contains("span") && v["span"].is_array() && v["span"].size() == 2) {
      s.span = std::make_pair(v["span"][0].get<int64_t>(), v["span"][1].get<int64_t>());
    }
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace ipe::app::monitoring_internal
