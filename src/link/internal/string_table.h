#pragma once
// StringTable: interns strings to dense ids 0, 1, 2 … in insertion order.
//
// Memory-frugal for millions of short strings: the bytes live back to back in 1 MiB blocks (no
// per-string allocation, no copying on growth), each string costs one 8-byte locator, and the
// open-addressing hash table costs 8 bytes per slot (a 32-bit hash fragment and the id) at a load
// factor of at most 1/2. Strings are limited to kMaxLength bytes.
// Not thread-safe for Intern(); const members may run concurrently.

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

namespace ipe::link::internal {

class StringTable {
 public:
  static constexpr size_t kMaxLength = (1u << 19);
  static constexpr uint32_t kNotFound = UINT32_MAX;

  StringTable() = default;
  StringTable(const StringTable&) = delete;
  StringTable& operator=(const StringTable&) = delete;
  StringTable(StringTable&&) = default;
  StringTable& operator=(StringTable&&) = default;

  /// The id of `s`, adding it when new (`*inserted` tells which). `s.size()` must be at most
  /// kMaxLength (callers check; longer input is a programming error).
  uint32_t Intern(std::string_view s, bool* inserted);
  /// The id of `s`, or kNotFound.
  uint32_t Find(std::string_view s) const;
  std::string_view Get(uint32_t id) const;
  size_t size() const { return locators_.size(); }
  void Reserve(size_t n);
  /// Bytes held (blocks, locators, slots).
  size_t MemoryBytes() const;

 private:
  static constexpr size_t kBlockBytes = 1u << 20;
  static uint32_t Hash(std::string_view s);
  void Grow();
  std::vector<std::unique_ptr<char[]>> blocks_;
  size_t block_used_ = kBlockBytes;  // bytes used in blocks_.back(); full when there is none
  // (block << 40) | (offset << 20) | length
  std::vector<uint64_t> locators_;
  // (hash32 << 32) | (id + 1); 0 = empty. Size is a power of two.
  std::vector<uint64_t> slots_;
};

}  // namespace ipe::link::internal
