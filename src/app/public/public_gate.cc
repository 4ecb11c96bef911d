// The public door: ALTCHA challenges and passes (public_gate.h).
#include "app/public/public_gate.h"

#include <atomic>
#include <cctype>
#include <charconv>
#include <memory>

#include <nlohmann/json.hpp>

#include "app/crypto.h"
#include "app/public/gate_store.h"
#include "core/limits.h"

namespace ipe::app {
namespace {

constexpr const char* kKeyName = "altcha_hmac_key";

// The key, read once per Context (it never changes once written).
struct GateKey : Context::Extension {
  std::string value;
};

core::Result<std::string> Key(Context& ctx) {
  GateKey& cached = ctx.GetOrCreateExtension<GateKey>("public_gate_key", [] {
    return std::make_unique<GateKey>();
  });
  // Written once before it is shared; a race only reads the same stored value twice.
  static std::mutex mu;
  std::lock_guard<std::mutex> lock(mu);
  if (!cached.value.empty()) return cached.value;
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  IPE_ASSIGN_OR_RETURN(std::string key, GateStore(*tx).Secret(kKeyName, RandomHex(32), ctx.Now()));
  IPE_RETURN_IF_ERROR(tx->Commit());
  cached.value = key;
  return key;
}

bool IsHex64(std::string_view s) {
  if (s.size() != 64) return false;
  for (char c : s) {
    if (!std::isxdigit(static_cast<unsigned char>(c)) || std::isupper(static_cast<unsigned char>(c))) {
      return false;
    }
  }
  return true;
}

// The "expires" parameter of a salt "hex?expires=N&…", if any.
std::optional<int64_t> SaltExpiry(std::string_view salt) {
  size_t q = salt.find('?');
  if (q == std::string_view::npos) return std::nullopt;
  std::string_view params = salt.substr(q + 1);
  while (!params.empty()) {
    size_t amp = params.find('&');
    std::string_view kv = params.substr(0, amp);
    if (kv.substr(0, 8) == "expires=") {
      int64_t v = 0;
      std::string_view num = kv.substr(8);
      auto [end, ec] = std::from_chars(num.data(), num.data() + num.size(), v);
      if (ec != std::errc() || end != num.data() + num.size()) return std::nullopt;
      return v;
    }
    if (amp == std::string_view::npos) break;
    params = params.substr(amp + 1);
  }
  return std::nullopt;
}

core::Status Refused(const std::string& why) {
  return core::PermissionDenied("人机验证未通过：" + why + "，请重新验证");
}

}  // namespace

core::Result<PowChallenge> NewPowChallenge(Context& ctx) {
  IPE_ASSIGN_OR_RETURN(std::string key, Key(ctx));
  PowChallenge c;
  c.maxnumber = core::limits::kPowMaxNumber;
  int64_t expires = ctx.Now().seconds + core::limits::kPowChallengeSeconds;
  c.salt = RandomHex(12) + "?expires=" + std::to_string(expires) + "&";
  uint32_t number = RandomBelow(static_cast<uint32_t>(c.maxnumber) + 1);
  c.challenge = Sha256Hex(c.salt + std::to_string(number));
  c.signature = HmacSha256Hex(key, c.challenge);
  return c;
}

core::Result<PublicPass> RedeemPowSolution(Context& ctx, std::string_view payload_base64,
                                           std::string_view source) {
  if (payload_base64.empty() || payload_base64.size() > 4096) return Refused("缺少验证数据");
  auto decoded = DecodeBase64(payload_base64);
  if (!decoded) return Refused("验证数据格式有误");
  nlohmann::json j = nlohmann::json::parse(*decoded, nullptr, false);
  if (!j.is_object()) return Refused("验证数据格式有误");
  auto text = [&](const char* name) -> std::string {
    auto it = j.find(name);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  std::string algorithm = text("algorithm"), challenge = text("challenge"), salt = text("salt"),
              signature = text("signature");
  auto number_it = j.find("number");
  if (algorithm != "SHA-256" || !IsHex64(challenge) || !IsHex64(signature) || salt.empty() ||
      salt.size() > 200 || number_it == j.end() || !number_it->is_number_integer()) {
    return Refused("验证数据格式有误");
  }
  int64_t number = number_it->get<int64_t>();
  if (number < 0 || number > core::limits::kPowMaxNumber) return Refused("验证数据格式有误");
  IPE_ASSIGN_OR_RETURN(std::string key, Key(ctx));
  if (!ConstantTimeEquals(HmacSha256Hex(key, challenge), signature)) return Refused("签名无效");
  if (Sha256Hex(salt + std::to_string(number)) != challenge) return Refused("计算结果不正确");
  auto expires = SaltExpiry(salt);
  core::Timestamp now = ctx.Now();
  if (!expires || *expires < now.seconds) return Refused("验证已过期");
  IPE_ASSIGN_OR_RETURN(auto tx, ctx.db().Begin(storage::TxMode::kWrite));
  IPE_ASSIGN_OR_RETURN(bool fresh, GateStore(*tx).Spend(challenge, core::Timestamp{*expires}, now));
  if (!fresh) return Refused("该验证已使用过");
  IPE_RETURN_IF_ERROR(tx->Commit());
  PublicPass pass;
  pass.expires = now.AddSeconds(core::limits::kPublicPassSeconds);
  std::string exp = std::to_string(pass.expires.seconds);
  pass.token = exp + "." + HmacSha256Hex(key, "pass|" + exp + "|" + std::string(source));
  return pass;
}

namespace {
std::atomic<bool> pass_waived{false};  // WaivePublicPassForBenchmark
}  // namespace

void WaivePublicPassForBenchmark() { pass_waived.store(true); }

core::Status CheckPublicPass(Context& ctx, std::string_view token, std::string_view source) {
  if (pass_waived.load(std::memory_order_relaxed)) return core::Status::Ok();
  if (token.empty()) return core::PermissionDenied("请先完成人机验证");
  size_t dot = token.find('.');
  if (dot == std::string_view::npos || token.size() > 200) return Refused("通行凭证无效");
  std::string_view exp = token.substr(0, dot);
  int64_t expires = 0;
  auto [end, ec] = std::from_chars(exp.data(), exp.data() + exp.size(), expires);
  if (ec != std::errc() || end != exp.data() + exp.size()) return Refused("通行凭证无效");
  IPE_ASSIGN_OR_RETURN(std::string key, Key(ctx));
  std::string want = HmacSha256Hex(key, "pass|" + std::string(exp) + "|" + std::string(source));
  if (!ConstantTimeEquals(want, token.substr(dot + 1))) return Refused("通行凭证无效");
  if (expires < ctx.Now().seconds) return Refused("通行凭证已过期");
  return core::Status::Ok();
}

}  // namespace ipe::app
