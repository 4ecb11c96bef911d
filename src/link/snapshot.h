#pragma once
// A binary snapshot of a CorrelationIndex (串并索引快照): the whole index as bytes, so that a
// server can start from a file instead of rebuilding from the store (docs/scale-out.md "Restarting
// from a snapshot"). Pure: bytes in, bytes out; the caller reads and writes the file.
//
//   std::string bytes = EncodeSnapshot(index, "store=…\nseq=42\n");
//   auto reader = SnapshotReader::Open(bytes);   // magic, version, length, checksum
//   if (reader && reader->meta() == …) auto copy = reader->Decode();
//
// Format (little-endian): a 32-byte header — magic "IPECIDX\0", format version (u32), header size
// (u32), payload size (u64), checksum of the payload (u64) — then the payload: the index's cap,
// the caller's metadata, the four string tables (record ids, agencies, regions, keys: a count,
// every length, then the bytes) and every array of the index (a count, then the elements). The
// string tables' hash slots are not stored; decoding interns the strings again.
//
// Decoding never trusts the bytes: besides the checksum (corruption, truncation) it checks that
// every index points inside its array, that the union-find forest has no cycle, that each
// component's member ring holds exactly its members, and that each key's postings chain ends —
// so a decoded index can be queried and added to without reading out of bounds or looping.
//
// Thread-safety: free functions and const members; `SnapshotReader` does not own the bytes it
// reads (they must outlive it).

#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"
#include "link/index.h"

namespace ipe::link {

/// Bumped whenever the layout changes; an older or newer file is refused (FailedPrecondition).
inline constexpr uint32_t kSnapshotVersion = 1;
inline constexpr size_t kSnapshotHeaderBytes = 32;

/// The snapshot of `index`, carrying the caller's `meta` (opaque bytes, e.g. the feed position).
std::string EncodeSnapshot(const CorrelationIndex& index, std::string_view meta);

class SnapshotReader {
 public:
  /// Checks the header and the payload's checksum, and reads the cap and metadata (cheap next to
  /// Decode: no index is built). Errors: InvalidArgument for bytes that are not a snapshot, are
  /// truncated or do not match their checksum; FailedPrecondition for another format version.
  static core::Result<SnapshotReader> Open(std::string_view bytes);

  std::string_view meta() const { return meta_; }
  uint32_t cap() const { return cap_; }

  /// Builds the index. InvalidArgument when the arrays are inconsistent (a snapshot written by
  /// EncodeSnapshot never is; the checksum makes this a defence against crafted input).
  core::Result<CorrelationIndex> Decode() const;

 private:
  SnapshotReader() = default;
  std::string_view rest_;     // payload after the cap and meta
  std::string_view meta_;
  uint32_t cap_ = 0;
};

namespace internal {
/// The checksum stored in the header: a 64-bit multiply-rotate hash over four lanes (fast, not
/// cryptographic — it detects corruption, not forgery). Exposed for the fuzzer and tests, which
/// reseal mutated payloads so that decoding itself is exercised.
uint64_t SnapshotChecksum(std::string_view payload);
/// Recomputes the header's checksum after the payload was changed (tests and fuzzing only).
void ResealSnapshot(std::string& bytes);
}  // namespace internal

}  // namespace ipe::link
