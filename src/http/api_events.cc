// Event feeds for other agencies' systems (issue 20, docs/api.md "Event feeds"): the pull feed of
// CloudEvents, webhook subscriptions and the dead-letter list. app/events/events.h has the rules.
#include "app/events/events.h"
#include "http/dispatcher.h"
#include "http/internal/json_io.h"

namespace ipe::http {
namespace {

using internal::CodesJson;
using internal::Json;
using internal::JsonResponse;
using internal::TimeJson;


Json SubscriptionJson(const app::Subscription& s) {
  return {{"id", s.id},
          {"user_id", s.user_id},
          {"user_login", s.user_login},
          {"agency_id", s.agency_id},
          {"agency_name", s.agency_name},
          {"name", s.name},
          {"types", s.types},
          {"url", s.url},
          {"active", s.active},
          {"created_at", s.created_at.ToString()},
          {"pending", s.pending},
          {"delivered", s.delivered},
          {"dead", s.dead}};
}

Json DeliveryJson(const app::Delivery& d) {
  return {{"id", d.id},
          {"subscription_id", d.subscription_id},
          {"subscription_name", d.subscription_name},
          {"event_id", d.event_id},
          {"event_type", d.event_type},
          {"event_type_zh", app::LabelOrCode(app::EventTypes(), d.event_type)},
          {"subject", d.subject},
          {"status", d.status},
          {"status_zh", app::LabelOrCode(app::DeliveryStatuses(), d.status)},
          {"attempts", d.attempts},
          {"next_attempt_at", TimeJson(d.next_attempt_at)},
          {"last_status", d.last_status ? Json(*d.last_status) : Json()},
          {"last_error", d.last_error},
          {"delivered_at", TimeJson(d.delivered_at)},
          {"created_at", d.created_at.ToString()}};
}

// A CloudEvents `type`: the prefix and an event type code ("cn.ipenforce.transfer.sent").
Schema CloudEventType() {
  std::vector<std::pair<std::string, std::string>> types;
  for (const app::CodeLabel& c : app::EventTypes()) {
    types.emplace_back(std::string(app::kEventTypePrefix) + c.code, c.name_zh);
  }
  return EnumPairs(std::move(types));
}

Schema SubscriptionSchema() {
  return Obj({{"id", Int()},
              {"user_id", Int()},
              {"user_login", Str()},
              {"agency_id", Int()},
              {"agency_name", Str()},
              {"name", Str()},
              {"types", Arr(Enum(app::EventTypes()))},
              {"url", Str()},
              {"active", Bool()},
              {"created_at", DateTime()},
              {"pending", Int()},
              {"delivered", Int()},
              {"dead", Int()}});
}

Schema DeliverySchema() {
  return Obj({{"id", Int()},
              {"subscription_id", Int()},
              {"subscription_name", Str()},
              {"event_id", Str()},
              {"event_type", Enum(app::EventTypes())},
              {"event_type_zh", Str()},
              {"subject", Str()},
              {"status", Enum(app::DeliveryStatuses())},
              {"status_zh", Str()},
              {"attempts", Int()},
              {"next_attempt_at", DateTime().Nullable()},
              {"last_status", Int().Nullable()},
              {"last_error", Str()},
              {"delivered_at", DateTime().Nullable()},
              {"created_at", DateTime()}});
}

}  // namespace

void RegisterEventsApi(Dispatcher& d) {
  app::Context& ctx = d.context();
  Router& r = d.router();

  r.Add("GET", "/api/v1/events", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto after, internal::IntQuery(req, "after"));
    IPE_ASSIGN_OR_RETURN(auto limit, internal::IntQuery(req, "limit"));
    IPE_ASSIGN_OR_RETURN(auto feed,
                         app::EventsAfter(ctx, *req.principal, after.value_or(0), limit.value_or(100)));
    Json items = Json::array();
    for (const auto& e : feed.items) items.push_back(Json::parse(e.document));
    return JsonResponse(200, Json{{"items", std::move(items)}, {"next_after", feed.next_after}});
  }, "事件拉取（CloudEvents，按权限范围）(pull feed of events in scope)");
  r.Describe("GET", "/api/v1/events",
             RouteSpec()
                 .Query({{"after", Int(), false, "上次读到的 next_after (cursor)"},
                         {"limit", Int(), false, "条数，默认 100 (how many)"}})
                 .Returns(200, Obj({{"items", Arr(Obj({{"specversion", Str()},
                                                       {"id", Str()},
                                                       {"type", CloudEventType()},
                                                       {"source", Str()}}))
                                                    .Describe("CloudEvents 1.0 JSON")},
                                    {"next_after", Int()}})));

  r.Add("GET", "/api/v1/event-types", Access::kAuthenticated, [](Request&) -> Reply {
    return JsonResponse(200, Json{{"types", CodesJson(app::EventTypes())},
                                  {"delivery_statuses", CodesJson(app::DeliveryStatuses())}});
  }, "事件类型代码表 (event types)");
  Schema code = Obj({{"code", Str()}, {"name_zh", Str()}});
  r.Describe("GET", "/api/v1/event-types",
             RouteSpec().Returns(200, Obj({{"types", Arr(code)}, {"delivery_statuses", Arr(code)}})));

  r.Add("GET", "/api/v1/event-subscriptions", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto page, internal::PageFromQuery(req));
    IPE_ASSIGN_OR_RETURN(auto result, app::ListSubscriptions(ctx, *req.principal, page));
    return JsonResponse(200, internal::PageJson(result, SubscriptionJson));
  }, "事件订阅列表 (event subscriptions, admin)");
  Schema subscription = r.Component("EventSubscription", SubscriptionSchema());
  Schema delivery = r.Component("EventDelivery", DeliverySchema());
  r.Describe("GET", "/api/v1/event-subscriptions",
             RouteSpec().Query(PageQuery()).Returns(200, PageOf(subscription)));

  r.Add("POST", "/api/v1/event-subscriptions", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto body, internal::ParseObject(req));
    internal::Fields f(body);
    app::NewSubscription in;
    in.user_id = f.Int("user_id", true).value_or(0);
    in.name = f.String("name", true, 200).value_or("");
    in.types = f.StringList("types", true).value_or(std::vector<std::string>{});
    in.url = f.String("url", true, 2000).value_or("");
    IPE_RETURN_IF_ERROR(f.Finish());
    IPE_ASSIGN_OR_RETURN(auto created, app::CreateSubscription(ctx, *req.principal, in));
    Json out = SubscriptionJson(created.subscription);
    out["secret"] = created.secret;
    return JsonResponse(201, out);
  }, "新建事件订阅（密钥仅显示一次）(create event subscription, admin)");
  r.Describe("POST", "/api/v1/event-subscriptions",
             RouteSpec()
                 .Body(Obj({{"user_id", Int()},
                            {"name", Str(200)},
                            {"types", Arr(Str())},
                            {"url", Str(2000)}})
                           .Closed())
                 .Returns(201, With(r.Component("EventSubscription", SubscriptionSchema()),
                                    {{"secret", Str().Describe("签名密钥，仅此一次 (shown once)")}})));

  r.Add("POST", "/api/v1/event-subscriptions/{id}/disable", Access::kAuthenticated,
        [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto id, internal::IdParam(req));
    IPE_ASSIGN_OR_RETURN(auto s, app::DisableSubscription(ctx, *req.principal, id));
    return JsonResponse(200, SubscriptionJson(s));
  }, "停用事件订阅 (disable event subscription, admin)");
  r.Describe("POST", "/api/v1/event-subscriptions/{id}/disable",
             RouteSpec().Returns(200, subscription));

  r.Add("GET", "/api/v1/event-deliveries", Access::kAuthenticated, [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto page, internal::PageFromQuery(req));
    std::optional<std::string> status = req.Query("status");
    if (status && status->empty()) status.reset();
    IPE_ASSIGN_OR_RETURN(auto result, app::ListDeliveries(ctx, *req.principal, status, page));
    return JsonResponse(200, internal::PageJson(result, DeliveryJson));
  }, "事件投递记录（status=dead 为投递失败列表）(event deliveries, admin)");
  r.Describe("GET", "/api/v1/event-deliveries",
             RouteSpec()
                 .Query(PageQuery({{"status", Enum(app::DeliveryStatuses()), false, "投递状态"}}))
                 .Returns(200, PageOf(delivery)));

  r.Add("POST", "/api/v1/event-deliveries/{id}/replay", Access::kAuthenticated,
        [&ctx](Request& req) -> Reply {
    IPE_ASSIGN_OR_RETURN(auto id, internal::IdParam(req));
    IPE_ASSIGN_OR_RETURN(auto delivery, app::ReplayDelivery(ctx, *req.principal, id));
    return JsonResponse(200, DeliveryJson(delivery));
  }, "重新投递失败的事件 (replay a dead delivery, admin)");
  r.Describe("POST", "/api/v1/event-deliveries/{id}/replay", RouteSpec().Returns(200, delivery));
}

}  // namespace ipe::http
