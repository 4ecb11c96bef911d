// Federation of provincial nodes: hashed lead keys over JetStream (app/federation/federation.h).
#include "app/federation/federation.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>

#include "app/crypto.h"
#include "app/leads/lead_store.h"

namespace ipe::app {
namespace {

using Json = nlohmann::json;

core::Status CheckOptions(const FederationOptions& o) {
  bool code = o.node.size() == 6 && std::all_of(o.node.begin(), o.node.end(),
                                                [](char c) { return c >= '0' && c <= '9'; });
  if (!code) return core::InvalidArgument("节点代码应为 6 位行政区划代码 (node must be a region code)");
  if (o.secret.size() < 32) {
    return core::InvalidArgument("联邦密钥至少 32 字节 (federation key too short)");
  }
  return {};
}

// hash → the (lead, key type) pairs of this node that have it.
using LocalHashes = std::map<std::string, std::vector<std::pair<int64_t, std::string>>>;

core::Result<LocalHashes> HashLocalKeys(Context& ctx, const FederationOptions& o) {
  LocalHashes out;
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kRead));
  IPE_RETURN_IF_ERROR(LeadStore(*tx).ForEachLeadKeys([&](const LeadKeys& lead) {
    for (const auto& [type, value] : lead.keys) {
      out[FederatedKeyHash(o.secret, type, value)].emplace_back(lead.lead_id, type);
    }
    return core::Status::Ok();
  }));
  return out;
}

}  // namespace

stream::StreamSpec FederationStreamSpec(const FederationOptions& options) {
  return {options.stream, {options.subject_prefix + ">"}, /*work_queue=*/false, 30 * 24 * 3600};
}

std::string FederatedKeyHash(const std::string& secret, const std::string& key_type,
                             const std::string& key_value) {
  // The type is part of the input: the same digits as a phone and as a QQ number are two keys.
  return HmacSha256Hex(secret, key_type + '\x1f' + key_value);
}

core::Result<int64_t> PublishLeadKeys(Context& ctx, stream::JetStream& js,
                                      const FederationOptions& options) {
  IPE_RETURN_IF_ERROR(CheckOptions(options));
  IPE_RETURN_IF_ERROR(js.EnsureStream(FederationStreamSpec(options)));
  IPE_ASSIGN_OR_RETURN(LocalHashes hashes, HashLocalKeys(ctx, options));
  // Only the hash and its key type leave the node: no lead id, no region below the node's, no
  // text. A hash held by several local leads is announced once.
  std::vector<stream::OutMessage> messages;
  Json batch = Json::array();
  auto flush = [&] {
    if (batch.empty()) return;
    messages.push_back({options.subject_prefix + options.node,
                        Json{{"node", options.node}, {"keys", batch}}.dump(), ""});
    batch = Json::array();
  };
  for (const auto& [hash, holders] : hashes) {
    batch.push_back({{"type", holders.front().second}, {"hash", hash}});
    if (batch.size() == options.hashes_per_message) flush();
  }
  flush();
  IPE_RETURN_IF_ERROR(js.PublishAll(messages, 30000));
  return static_cast<int64_t>(hashes.size());
}

core::Result<std::vector<FederatedMatch>> FindCrossNodeMatches(Context& ctx, stream::JetStream& js,
                                                               const FederationOptions& options,
                                                               int64_t idle_ms) {
  IPE_RETURN_IF_ERROR(CheckOptions(options));
  IPE_RETURN_IF_ERROR(js.EnsureStream(FederationStreamSpec(options)));
  IPE_ASSIGN_OR_RETURN(LocalHashes local, HashLocalKeys(ctx, options));
  stream::ConsumerSpec spec;
  spec.stream = options.stream;
  spec.durable = "fed-" + options.node;
  spec.filter = options.subject_prefix + ">";
  IPE_ASSIGN_OR_RETURN(auto consumer, js.PullSubscribe(spec));
  std::set<std::tuple<int64_t, std::string, std::string>> found;
  for (;;) {
    IPE_ASSIGN_OR_RETURN(auto msgs, consumer->Fetch(64, idle_ms));
    if (msgs.empty()) break;
    for (stream::Delivery& msg : msgs) {
      Json j = Json::parse(msg.data(), nullptr, /*allow_exceptions=*/false);
      if (j.is_object() && j.value("node", "") != options.node && j.contains("keys") &&
          j["keys"].is_array()) {
        std::string other = j.value("node", "");
        for (const Json& k : j["keys"]) {
          if (!k.is_object() || !k.contains("hash") || !k["hash"].is_string()) continue;
          auto it = local.find(k["hash"].get<std::string>());
          if (it == local.end()) continue;
          for (const auto& [lead_id, type] : it->second) found.insert({lead_id, type, other});
        }
      }
      IPE_RETURN_IF_ERROR(consumer->Ack(msg));
    }
  }
  std::vector<FederatedMatch> out;
  for (const auto& [lead_id, type, node] : found) out.push_back({lead_id, type, node});
  return out;
}

}  // namespace ipe::app
