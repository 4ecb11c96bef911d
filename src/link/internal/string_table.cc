#include "link/internal/string_table.h"

#include <cassert>
#include <cstring>
#include <functional>

namespace ipe::link::internal {

uint32_t StringTable::Hash(std::string_view s) {
  uint64_t h = std::hash<std::string_view>{}(s);
  return static_cast<uint32_t>(h ^ (h >> 32));
}

std::string_view StringTable::Get(uint32_t id) const {
  uint64_t loc = locators_[id];
  const char* block = blocks_[loc >> 40].get();
  return {block + ((loc >> 20) & 0xFFFFF), static_cast<size_t>(loc & 0xFFFFF)};
}

uint32_t StringTable::Find(std::string_view s) const {
  if (slots_.empty()) return kNotFound;
  uint32_t h = Hash(s);
  size_t mask = slots_.size() - 1;
  for (size_t i = h & mask;; i = (i + 1) & mask) {
    uint64_t slot = slots_[i];
    if (slot == 0) return kNotFound;
    if (static_cast<uint32_t>(slot >> 32) == h) {
      uint32_t id = static_cast<uint32_t>(slot) - 1;
      if (Get(id) == s) return id;
    }
  }
}

void StringTable::Grow() {
  size_t new_size = slots_.empty() ? 1024 : slots_.size() * 2;
  std::vector<uint64_t> fresh(new_size, 0);
  size_t mask = new_size - 1;
  for (uint64_t slot : slots_) {
    if (slot == 0) continue;
    size_t i = (slot >> 32) & mask;
    while (fresh[i] != 0) i = (i + 1) & mask;
    fresh[i] = slot;
  }
  slots_.swap(fresh);
}

void StringTable::Reserve(size_t n) {
  locators_.reserve(n);
  while (slots_.size() < 2 * n) Grow();
}

uint32_t StringTable::Intern(std::string_view s, bool* inserted) {
  assert(s.size() <= kMaxLength && "StringTable::Intern: string longer than kMaxLength");
  if ((locators_.size() + 1) * 2 > slots_.size()) Grow();
  uint32_t h = Hash(s);
  size_t mask = slots_.size() - 1;
  size_t i = h & mask;
  for (;; i = (i + 1) & mask) {
    uint64_t slot = slots_[i];
    if (slot == 0) break;
    if (static_cast<uint32_t>(slot >> 32) == h) {
      uint32_t id = static_cast<uint32_t>(slot) - 1;
      if (Get(id) == s) {
        *inserted = false;
        return id;
      }
    }
  }
  // `>=` keeps every offset below 2^20, so it never spills into the block bits.
  if (blocks_.empty() || block_used_ + s.size() >= kBlockBytes) {
    blocks_.push_back(std::make_unique<char[]>(kBlockBytes));
    block_used_ = 0;
  }
  std::memcpy(blocks_.back().get() + block_used_, s.data(), s.size());
  auto id = static_cast<uint32_t>(locators_.size());
  locators_.push_back((static_cast<uint64_t>(blocks_.size() - 1) << 40) |
                      (static_cast<uint64_t>(block_used_) << 20) | s.size());
  block_used_ += s.size();
  slots_[i] = (static_cast<uint64_t>(h) << 32) | (id + 1);
  *inserted = true;
  return id;
}

size_t StringTable::MemoryBytes() const {
  return blocks_.size() * kBlockBytes + locators_.capacity() * sizeof(uint64_t) +
         slots_.capacity() * sizeof(uint64_t);
}

}  // namespace ipe::link::internal
