#include "stream/jetstream.h"

#include <nats/nats.h>

#include <optional>
#include <utility>

namespace ipe::stream {
namespace {

core::Status Broker(natsStatus s, const std::string& what) {
  std::string text = what + ": " + natsStatus_GetText(s);
  natsStatus last = NATS_OK;
  const char* detail = nats_GetLastError(&last);
  if (detail != nullptr && *detail != '\0') text += std::string(" (") + detail + ")";
  return core::Unavailable("消息队列不可用 (NATS: " + text + ")");
}

void CountPublishError(jsCtx*, jsPubAckErr*, void* closure) {
  static_cast<std::atomic<int64_t>*>(closure)->fetch_add(1);
}

}  // namespace

Delivery::Delivery(natsMsg* msg) : msg_(msg) {}
Delivery::~Delivery() {
  if (msg_ != nullptr) natsMsg_Destroy(msg_);
}
Delivery::Delivery(Delivery&& other) noexcept : msg_(std::exchange(other.msg_, nullptr)) {}
Delivery& Delivery::operator=(Delivery&& other) noexcept {
  if (this != &other) {
    if (msg_ != nullptr) natsMsg_Destroy(msg_);
    msg_ = std::exchange(other.msg_, nullptr);
  }
  return *this;
}
std::string Delivery::subject() const { return natsMsg_GetSubject(msg_); }
std::string_view Delivery::data() const {
  return {natsMsg_GetData(msg_), static_cast<size_t>(natsMsg_GetDataLength(msg_))};
}

namespace {
// The JetStream metadata of a delivered message (from its reply subject); nullopt without.
std::optional<jsMsgMetaData> MetaOf(natsMsg* msg) {
  jsMsgMetaData* meta = nullptr;
  if (natsMsg_GetMetaData(&meta, msg) != NATS_OK || meta == nullptr) return std::nullopt;
  jsMsgMetaData copy = *meta;
  copy.Stream = copy.Consumer = copy.Domain = nullptr;  // owned by `meta`, freed below
  jsMsgMetaData_Destroy(meta);
  return copy;
}
}  // namespace

uint64_t Delivery::delivered() const {
  auto meta = MetaOf(msg_);
  return meta ? meta->NumDelivered : 0;
}
uint64_t Delivery::stream_sequence() const {
  auto meta = MetaOf(msg_);
  return meta ? meta->Sequence.Stream : 0;
}

PullConsumer::~PullConsumer() {
  // Unsubscribe would delete nothing of a durable consumer; destroying the handle is enough.
  natsSubscription_Destroy(sub_);
}

core::Result<std::vector<Delivery>> PullConsumer::Fetch(int max, int64_t timeout_ms) {
  natsMsgList list{};
  natsStatus s = natsSubscription_Fetch(&list, sub_, max, timeout_ms, nullptr);
  std::vector<Delivery> out;
  if (s == NATS_TIMEOUT) return out;
  if (s != NATS_OK) return Broker(s, "fetch");
  out.reserve(static_cast<size_t>(list.Count));
  for (int i = 0; i < list.Count; ++i) {
    out.emplace_back(list.Msgs[i]);
    list.Msgs[i] = nullptr;  // now owned by the Delivery
  }
  natsMsgList_Destroy(&list);
  return out;
}

core::Status PullConsumer::Ack(Delivery& msg) {
  natsStatus s = natsMsg_AckSync(msg.msg_, nullptr, nullptr);
  return s == NATS_OK ? core::Status() : Broker(s, "ack");
}

core::Status PullConsumer::Nak(Delivery& msg, int64_t delay_ms) {
  natsStatus s = natsMsg_NakWithDelay(msg.msg_, delay_ms, nullptr);
  return s == NATS_OK ? core::Status() : Broker(s, "nak");
}

core::Result<std::unique_ptr<JetStream>> JetStream::Connect(const std::string& url) {
  std::unique_ptr<JetStream> out(new JetStream());
  natsOptions* opts = nullptr;
  natsStatus s = natsOptions_Create(&opts);
  if (s == NATS_OK) s = natsOptions_SetServers(opts, nullptr, 0);
  if (s == NATS_OK) s = natsOptions_SetURL(opts, url.c_str());
  // Keep trying after a broker restart: workers outlive it (nats.c buffers publications meanwhile).
  if (s == NATS_OK) s = natsOptions_SetMaxReconnect(opts, -1);
  if (s == NATS_OK) s = natsOptions_SetReconnectWait(opts, 250);
  if (s == NATS_OK) s = natsConnection_Connect(&out->nc_, opts);
  natsOptions_Destroy(opts);
  if (s != NATS_OK) return Broker(s, "connect " + url);
  jsOptions jo;
  jsOptions_Init(&jo);
  jo.Wait = 10000;
  jo.PublishAsync.MaxPending = 4096;
  jo.PublishAsync.ErrHandler = CountPublishError;
  jo.PublishAsync.ErrHandlerClosure = &out->publish_errors_;
  s = natsConnection_JetStream(&out->js_, out->nc_, &jo);
  if (s != NATS_OK) return Broker(s, "jetstream");
  return out;
}

JetStream::~JetStream() {
  if (js_ != nullptr) jsCtx_Destroy(js_);
  if (nc_ != nullptr) {
    natsConnection_Close(nc_);
    natsConnection_Destroy(nc_);
  }
}

core::Status JetStream::EnsureStream(const StreamSpec& spec) {
  jsStreamInfo* info = nullptr;
  jsErrCode code = static_cast<jsErrCode>(0);
  natsStatus s = js_GetStreamInfo(&info, js_, spec.name.c_str(), nullptr, &code);
  if (s == NATS_OK) {
    jsStreamInfo_Destroy(info);
    return {};
  }
  if (s != NATS_NOT_FOUND) return Broker(s, "stream info " + spec.name);
  std::vector<const char*> subjects;
  for (const std::string& subject : spec.subjects) subjects.push_back(subject.c_str());
  jsStreamConfig cfg;
  jsStreamConfig_Init(&cfg);
  cfg.Name = spec.name.c_str();
  cfg.Subjects = subjects.data();
  cfg.SubjectsLen = static_cast<int>(subjects.size());
  cfg.Storage = js_FileStorage;
  cfg.Retention = spec.work_queue ? js_WorkQueuePolicy : js_LimitsPolicy;
  cfg.MaxAge = spec.max_age_s * 1000000000LL;  // nanoseconds
  s = js_AddStream(&info, js_, &cfg, nullptr, &code);
  if (s != NATS_OK) {
    // Two processes starting at once: the other one made it.
    if (js_GetStreamInfo(&info, js_, spec.name.c_str(), nullptr, &code) == NATS_OK) {
      jsStreamInfo_Destroy(info);
      return {};
    }
    return Broker(s, "add stream " + spec.name);
  }
  jsStreamInfo_Destroy(info);
  return {};
}

core::Status JetStream::PublishAll(const std::vector<OutMessage>& msgs, int64_t timeout_ms) {
  publish_errors_.store(0);
  for (const OutMessage& m : msgs) {
    jsPubOptions po;
    jsPubOptions_Init(&po);
    if (!m.msg_id.empty()) po.MsgId = m.msg_id.c_str();
    natsStatus s = js_PublishAsync(js_, m.subject.c_str(), m.data.data(),
                                   static_cast<int>(m.data.size()), &po);
    if (s != NATS_OK) return Broker(s, "publish " + m.subject);
  }
  jsPubOptions po;
  jsPubOptions_Init(&po);
  po.MaxWait = timeout_ms;
  natsStatus s = js_PublishAsyncComplete(js_, &po);
  if (s != NATS_OK) return Broker(s, "publish (confirmations)");
  if (int64_t failed = publish_errors_.load(); failed > 0) {
    return core::Unavailable("消息队列拒收 " + std::to_string(failed) +
                             " 条消息 (NATS refused messages)");
  }
  return {};
}

core::Result<std::unique_ptr<PullConsumer>> JetStream::PullSubscribe(const ConsumerSpec& spec) {
  jsSubOptions so;
  jsSubOptions_Init(&so);
  so.Stream = spec.stream.c_str();
  so.Config.Durable = spec.durable.c_str();
  so.Config.AckPolicy = js_AckExplicit;
  so.Config.AckWait = spec.ack_wait_ms * 1000000LL;  // nanoseconds
  so.Config.MaxAckPending = spec.max_ack_pending;
  so.Config.DeliverPolicy = spec.deliver_new ? js_DeliverNew : js_DeliverAll;
  natsSubscription* sub = nullptr;
  jsErrCode code = static_cast<jsErrCode>(0);
  natsStatus s = js_PullSubscribe(&sub, js_, spec.filter.c_str(), spec.durable.c_str(), nullptr,
                                  &so, &code);
  if (s != NATS_OK) return Broker(s, "pull subscribe " + spec.durable);
  return std::unique_ptr<PullConsumer>(new PullConsumer(sub));
}

core::Result<uint64_t> JetStream::StoredMessages(const std::string& stream) {
  jsStreamInfo* info = nullptr;
  jsErrCode code = static_cast<jsErrCode>(0);
  natsStatus s = js_GetStreamInfo(&info, js_, stream.c_str(), nullptr, &code);
  if (s != NATS_OK) return Broker(s, "stream info " + stream);
  uint64_t n = info->State.Msgs;
  jsStreamInfo_Destroy(info);
  return n;
}

}  // namespace ipe::stream
