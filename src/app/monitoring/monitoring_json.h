#pragma once
// The JSON text columns of the monitoring tables (lists, trademarks, shops, category prices,
// signals), read and written by the store and shown in audit records by the use cases. A value
// that does not parse reads as empty: rows are written by us.

#include <string>
#include <vector>

#include "app/monitoring/monitoring.h"

namespace ipe::app::monitoring_internal {

std::vector<std::string> StringsFromJson(const std::string& text);
std::string StringsJson(const std::vector<std::string>& strings);
std::string TrademarksJson(const std::vector<Trademark>& tms);
std::vector<Trademark> TrademarksFromJson(const std::string& text);
std::string ShopsJson(const std::vector<AuthorizedShop>& shops);
std::vector<AuthorizedShop> ShopsFromJson(const std::string& text);
std::string CategoryPricesJson(const std::vector<CategoryPrice>& cps);
std::vector<CategoryPrice> CategoryPricesFromJson(const std::string& text);
std::string SignalsJson(const std::vector<HitSignal>& signals);
std::vector<HitSignal> SignalsFromJson(const std::string& text);

}  // namespace ipe::app::monitoring_internal
