#pragma once
// Password hashing (argon2id), SHA-256 and random secrets, all from libsodium.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"

namespace ipe::app {

/// Initialises libsodium; call once before any other function here (idempotent, thread-safe).
void InitCrypto();

/// argon2id hash in libsodium's self-describing string form ("$argon2id$v=19$m=65536,t=2,p=1$…").
/// Cost: opslimit/memlimit INTERACTIVE (about 60–100 ms and 64 MiB here).
core::Result<std::string> HashPassword(std::string_view password);

/// True when `password` matches `hash` (constant-time in the password).
bool VerifyPassword(std::string_view password, const std::string& hash);

/// Lower-case hex SHA-256 of the bytes.
std::string Sha256Hex(std::string_view data);

/// Lower-case hex HMAC-SHA-256 of `data` under `key` (RFC 2104; any key length).
std::string HmacSha256Hex(std::string_view key, std::string_view data);
/// The same MAC as 32 raw bytes.
std::string HmacSha256(std::string_view key, std::string_view data);

/// Standard Base64 (RFC 4648 §4, with padding) of the bytes.
std::string EncodeBase64(std::string_view bytes);

/// `bytes` random bytes.
std::string RandomBytes(size_t bytes);

/// A uniformly random integer in [0, bound) (bound ≥ 1).
uint32_t RandomBelow(uint32_t bound);

/// Standard Base64 (RFC 4648 §4, padding optional, spaces and line breaks ignored) decoded;
/// nullopt for anything else.
std::optional<std::string> DecodeBase64(std::string_view text);

/// `bytes` random bytes as lower-case hex (2 × bytes characters).
std::string RandomHex(size_t bytes);

/// Constant-time comparison of two strings of equal length; false when lengths differ.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace ipe::app
