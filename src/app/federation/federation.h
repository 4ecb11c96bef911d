#pragma once
// Federation of provincial nodes and the national node (docs/federation.md): what a node shares
// up is the keyed hash of its leads' normalised keys (phones, credit codes, shops …), never a
// record. Two nodes holding a lead with the same key find each other by the hash alone; who the
// lead is about stays on each node, and crossing over is an access request (docs/federation.md).
//
//   FederationOptions opt{.node = "310000", .secret = federation_key};
//   auto sent = PublishLeadKeys(ctx, js, opt);              // ipe.fed.keys.310000
//   auto matches = FindCrossNodeMatches(ctx, js, opt, 500);  // other nodes' hashes vs. ours
//   matches->at(0).lead_id, .key_type, .other_node
//
// The hash is HMAC-SHA-256 under the federation's key, which the nodes hold and the broker does
// not: whoever reads the stream cannot test a guessed phone number against it (a plain SHA-256 of
// an 11-digit mobile is reversed by trying them all). Status: a simulation (tests/federation/)
// over the same JetStream as the scanner workers; no route or UI yet.

#include <cstdint>
#include <string>
#include <vector>

#include "app/context.h"
#include "core/status.h"
#include "stream/jetstream.h"

namespace ipe::app {

struct FederationOptions {
  std::string node;    // the node's region code: "310000" (上海), "000000" (national)
  std::string secret;  // the federation's HMAC key, the same on every node (≥ 32 bytes)
  std::string stream = "IPE_FED";
  std::string subject_prefix = "ipe.fed.keys.";  // + node
  size_t hashes_per_message = 500;
};

/// The stream the nodes announce on: every node reads every announcement (limits retention,
/// 30 days), so a node that was offline catches up from its durable consumer's position.
stream::StreamSpec FederationStreamSpec(const FederationOptions& options);

/// The hash a node announces for one normalised key (key type and value as in lead_observables).
std::string FederatedKeyHash(const std::string& secret, const std::string& key_type,
                             const std::string& key_value);

/// Publishes the hashes of every key of every non-merged lead of this node's store, and returns
/// how many. InvalidArgument for a node code that is not 6 digits or a secret under 32 bytes;
/// Unavailable when the broker refused.
core::Result<int64_t> PublishLeadKeys(Context& ctx, stream::JetStream& js,
                                      const FederationOptions& options);

/// A lead of this node whose key another node also holds.
struct FederatedMatch {
  int64_t lead_id = 0;
  std::string key_type;
  std::string other_node;
  bool operator==(const FederatedMatch&) const = default;
};

/// Reads the announcements not yet read by this node (its durable consumer "fed-<node>"), until
/// none comes for `idle_ms`, and returns this node's leads whose hashes another node announced,
/// ordered by lead id, key type, node. The node's own announcements are skipped.
core::Result<std::vector<FederatedMatch>> FindCrossNodeMatches(Context& ctx, stream::JetStream& js,
                                                               const FederationOptions& options,
                                                               int64_t idle_ms);

}  // namespace ipe::app
