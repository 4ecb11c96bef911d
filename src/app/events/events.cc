// The outbox, subscriptions, the dead-letter list and the pull feed. See events.h.
#include "app/events/events.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "app/accounts/accounts.h"
#include "app/accounts/accounts_store.h"
#include "app/accounts/audit.h"
#include "app/crypto.h"
#include "app/events/event_store.h"
#include "app/internal/text.h"
#include "app/permissions.h"

namespace ipe::app {
namespace {

using Json = nlohmann::json;

constexpr int64_t kFeedMaxLimit = 500;
// How many outbox rows one pull-feed call looks at, at most: a subscriber out of scope of a long
// run of events gets a short (even empty) page with next_after past them, not a slow answer.
constexpr int64_t kFeedScanRows = 5000;

core::Status RequireAdmin(const Principal& who) {
  return RequireCapability(who, Capability::kEventSubscriptionManage, "管理事件订阅");
}

// The subscriptions whose account is in the admin's region, newest first.
core::Result<std::vector<Subscription>> VisibleSubscriptions(storage::Tx& tx, const Principal& who,
                                                             std::optional<int64_t> id) {
  IPE_ASSIGN_OR_RETURN(auto rows, EventStore(tx).Subscriptions(id));
  std::vector<Subscription> out;
  for (auto& r : rows) {
    if (RequireRegion(who, r.user_region).ok()) out.push_back(std::move(r.subscription));
  }
  return out;
}

std::string SubscriptionJson(const Subscription& s) {
  return Json{{"id", s.id},     {"user_id", s.user_id}, {"name", s.name},
              {"types", s.types}, {"url", s.url},       {"active", s.active}}
      .dump();
}

// https:// anywhere; http:// only to this machine (local tests, the example receiver).
bool AcceptableUrl(const std::string& url) {
  if (url.size() > 2000 || url.find_first_of(" \t\r\n") != std::string::npos) return false;
  if (url.rfind("https://", 0) == 0) return url.size() > 8;
  for (const char* local : {"http://127.0.0.1:", "http://127.0.0.1/", "http://localhost:",
                            "http://localhost/", "http://[::1]:"}) {
    if (url.rfind(local, 0) == 0) return true;
  }
  return false;
}

}  // namespace

const std::vector<CodeLabel>& EventTypes() {
  static const std::vector<CodeLabel> k = {
      {"transfer.sent", "移送公安机关"},
      {"transfer.received", "公安机关接受移送"},
      {"transfer.decided", "公安机关作出立案决定"},
      {"supervision.action", "检察监督"},
      {"case.penalty_alert", "以罚代刑预警"},
      {"lead.access_requested", "线索查看申请"},
      {"lead.cross_region_cluster", "跨区域串并预警"},
      {"complaint.routed", "投诉举报分送"},
      {"disclosure.published", "处罚信息公示"},
      {"disclosure.withdrawn", "公示信息撤下"},
  };
  return k;
}

const std::vector<CodeLabel>& DeliveryStatuses() {
  static const std::vector<CodeLabel> k = {
      {"pending", "待投递"}, {"delivered", "已送达"}, {"dead", "投递失败"}};
  return k;
}

core::Status AppendEvent(storage::Tx& tx, core::Timestamp now, const OutboundEvent& event) {
  if (!LabelOf(EventTypes(), event.type)) return core::Internal("未知的事件类型: " + event.type);
  Json data = Json::parse(event.data_json, nullptr, false);
  if (!data.is_object()) return core::Internal("事件数据须为 JSON 对象: " + event.type);
  EventStore store(tx);
  // The head's row lock (taken by NextSeq, held to commit) orders concurrent writers.
  IPE_ASSIGN_OR_RETURN(int64_t seq, store.NextSeq());
  std::string id = "ipe-" + std::to_string(seq);
  std::string type = kEventTypePrefix + event.type;
  Json doc = {{"specversion", "1.0"},
              {"id", id},
              {"source", kEventSource},
              {"type", type},
              {"subject", event.subject},
              {"time", now.ToString()},
              {"datacontenttype", "application/json"},
              {"data", std::move(data)}};
  return store.InsertEvent(seq, id, type, event, doc.dump(), now);
}

bool CanReceiveEvent(const Principal& p, int64_t agency_id, const std::string& region_code,
                     std::optional<int64_t> party_agency_id) {
  if (CanSeeRecord(p, agency_id, region_code)) return true;
  return party_agency_id && !p.is_system() && p.agency_id == *party_agency_id;
}

core::Result<EventFeed> EventsAfter(Context& ctx, const Principal& who, int64_t after, int64_t limit) {
  if (limit < 1 || limit > kFeedMaxLimit || after < 0) {
    core::Status st = core::InvalidArgument("参数有误 (bad parameters)");
    if (limit < 1 || limit > kFeedMaxLimit) st.AddFieldError("limit", "每次条数须在 1 到 500 之间");
    if (after < 0) st.AddFieldError("after", "须为不小于 0 的整数");
    return st;
  }
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  IPE_ASSIGN_OR_RETURN(auto rows, EventStore(*tx).EventsAfter(after, kFeedScanRows));
  EventFeed feed;
  feed.next_after = after;
  for (const EventRow& r : rows) {
    if (static_cast<int64_t>(feed.items.size()) == limit) break;
    feed.next_after = r.seq;
    if (!CanReceiveEvent(who, r.agency_id, r.region_code, r.party_agency_id)) continue;
    feed.items.push_back({r.seq, r.document});
  }
  return feed;
}

core::Result<CreatedSubscription> CreateSubscription(Context& ctx, const Principal& who,
                                                     const NewSubscription& in) {
  IPE_RETURN_IF_ERROR(RequireAdmin(who));
  core::Status st = core::InvalidArgument("订阅信息有误 (invalid subscription)");
  bool bad = false;
  std::string name = internal::Trim(in.name);
  if (name.empty() || name.size() > 200) {
    st.AddFieldError("name", "须填写名称（200 字节以内）");
    bad = true;
  }
  std::vector<std::string> types;
  for (const std::string& t : in.types) {
    if (!LabelOf(EventTypes(), t)) {
      st.AddFieldError("types", "未知的事件类型: " + t);
      bad = true;
    } else if (std::find(types.begin(), types.end(), t) == types.end()) {
      types.push_back(t);
    }
  }
  if (in.types.empty()) {
    st.AddFieldError("types", "须至少选择一种事件类型");
    bad = true;
  }
  if (!AcceptableUrl(in.url)) {
    st.AddFieldError("url", "须为 https:// 地址（http:// 仅限本机测试）");
    bad = true;
  }
  if (bad) return st;
  core::Timestamp now = ctx.Now();
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  IPE_ASSIGN_OR_RETURN(std::optional<User> user, AccountsStore(*tx).FindUser(in.user_id));
  if (!user || !RequireRegion(who, user->region_code).ok()) {
    return core::Status(core::NotFound("账号不存在 (account not found)"))
        .AddFieldError("user_id", "账号不存在或不在管辖区域内");
  }
  if (!user->active) {
    return core::Status(core::InvalidArgument("账号已停用 (account disabled)"))
        .AddFieldError("user_id", "账号已停用");
  }
  EventStore store(*tx);
  IPE_ASSIGN_OR_RETURN(int64_t cursor, store.Head());
  std::string secret = "whsec_" + EncodeBase64(RandomBytes(32));
  IPE_ASSIGN_OR_RETURN(int64_t id, store.InsertSubscription(user->id, name, types, in.url, secret, cursor,
                                                            who.actor_id(), now));
  IPE_ASSIGN_OR_RETURN(auto created, VisibleSubscriptions(*tx, who, id));
  if (created.empty()) return core::Internal("新建的订阅读取失败");
  IPE_RETURN_IF_ERROR(AppendAudit(*tx, who, now,
                                  {"event_subscription.create", "event_subscription",
                                   std::to_string(id), "新建事件订阅 " + name + "（" + user->login + "）",
                                   std::nullopt, SubscriptionJson(created[0]),
                                   AuditScopeOf(user->region_code, user->agency_id)}));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return CreatedSubscription{created[0], secret};
}

core::Result<Page<Subscription>> ListSubscriptions(Context& ctx, const Principal& who,
                                                   const PageRequest& page) {
  IPE_RETURN_IF_ERROR(RequireAdmin(who));
  IPE_RETURN_IF_ERROR(page.Validate());
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  IPE_ASSIGN_OR_RETURN(auto all, VisibleSubscriptions(*tx, who, std::nullopt));
  Page<Subscription> out;
  out.total = static_cast<int64_t>(all.size());
  out.page = page.page;
  out.page_size = page.page_size;
  for (int64_t i = page.offset(); i < out.total && i < page.offset() + page.page_size; ++i) {
    out.items.push_back(std::move(all[static_cast<size_t>(i)]));
  }
  return out;
}

core::Result<Subscription> DisableSubscription(Context& ctx, const Principal& who, int64_t id) {
  IPE_RETURN_IF_ERROR(RequireAdmin(who));
  core::Timestamp now = ctx.Now();
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  IPE_ASSIGN_OR_RETURN(auto found, VisibleSubscriptions(*tx, who, id));
  if (found.empty()) return core::NotFound("订阅不存在 (subscription not found)");
  Subscription before = found[0];
  IPE_RETURN_IF_ERROR(EventStore(*tx).Disable(id));
  Subscription after = before;
  after.active = false;
  IPE_ASSIGN_OR_RETURN(std::optional<User> user, AccountsStore(*tx).FindUser(before.user_id));
  IPE_RETURN_IF_ERROR(AppendAudit(
      *tx, who, now,
      {"event_subscription.disable", "event_subscription", std::to_string(id),
       "停用事件订阅 " + before.name, SubscriptionJson(before), SubscriptionJson(after),
       user ? AuditScopeOf(user->region_code, user->agency_id) : std::nullopt}));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return after;
}

core::Result<Page<Delivery>> ListDeliveries(Context& ctx, const Principal& who,
                                            const std::optional<std::string>& status,
                                            const PageRequest& page) {
  IPE_RETURN_IF_ERROR(RequireAdmin(who));
  IPE_RETURN_IF_ERROR(page.Validate());
  if (status && !LabelOf(DeliveryStatuses(), *status)) {
    return core::Status(core::InvalidArgument("状态有误 (bad status)"))
        .AddFieldError("status", "应为 pending、delivered 或 dead");
  }
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  IPE_ASSIGN_OR_RETURN(auto subs, VisibleSubscriptions(*tx, who, std::nullopt));
  Page<Delivery> out;
  out.page = page.page;
  out.page_size = page.page_size;
  if (subs.empty()) return out;
  std::vector<int64_t> ids;
  for (const Subscription& s : subs) ids.push_back(s.id);
  EventStore store(*tx);
  IPE_ASSIGN_OR_RETURN(out.total, store.CountDeliveries(ids, status));
  IPE_ASSIGN_OR_RETURN(out.items, store.Deliveries(ids, status, page.page_size, page.offset()));
  return out;
}

core::Result<Delivery> ReplayDelivery(Context& ctx, const Principal& who, int64_t id) {
  IPE_RETURN_IF_ERROR(RequireAdmin(who));
  core::Timestamp now = ctx.Now();
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  EventStore store(*tx);
  IPE_ASSIGN_OR_RETURN(auto found, store.FindDelivery(id, true));
  if (!found) return core::NotFound("投递记录不存在 (delivery not found)");
  Delivery before = *found;
  IPE_ASSIGN_OR_RETURN(auto subs, VisibleSubscriptions(*tx, who, before.subscription_id));
  if (subs.empty()) return core::NotFound("投递记录不存在 (delivery not found)");
  if (before.status != "dead") {
    return core::FailedPrecondition("仅投递失败的记录可重新投递 (only dead deliveries can be replayed)");
  }
  IPE_RETURN_IF_ERROR(store.Requeue(id, now));
  IPE_ASSIGN_OR_RETURN(auto again, store.FindDelivery(id, false));
  if (!again) return core::Internal("重新投递的记录读取失败");
  Delivery after = *again;
  IPE_ASSIGN_OR_RETURN(std::optional<User> user, AccountsStore(*tx).FindUser(subs[0].user_id));
  IPE_RETURN_IF_ERROR(AppendAudit(
      *tx, who, now,
      {"event_delivery.replay", "event_delivery", std::to_string(id),
       "重新投递事件 " + before.event_id + " 至 " + before.subscription_name, std::nullopt,
       Json{{"status", after.status}, {"event_id", after.event_id}}.dump(),
       user ? AuditScopeOf(user->region_code, user->agency_id) : std::nullopt}));
  IPE_RETURN_IF_ERROR(tx->Commit());
  return after;
}

}  // namespace ipe::app
