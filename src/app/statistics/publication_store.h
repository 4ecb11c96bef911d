#pragma once
// PublicationStore: all SQL of the published annual figures (stat_publications and their
// indicators and cells; migration 1211). docs/statistics.md "Published annual figures".

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/context.h"
#include "core/status.h"
#include "core/time.h"
#include "storage/db.h"

namespace ipe::app {

struct PublishedIndicator {
  std::string key;
  std::string name_zh;
  std::string unit;
  bool rate = false;
  std::string definition;
};

struct PublishedCell {
  std::string indicator;
  std::string region_code;       // a province or 000000
  std::optional<int64_t> value;  // none when suppressed or a rate without denominator
  bool suppressed = false;
};

struct Publication {
  int64_t id = 0;
  int year = 0;
  std::string status;  // published, withdrawn
  int64_t threshold = 0;
  std::string rules_version;
  std::string note;
  std::optional<int64_t> published_by;
  std::string published_by_name;
  core::Timestamp published_at;
  std::optional<core::Timestamp> withdrawn_at;
  std::string withdraw_reason;
  int64_t version = 1;
  std::vector<PublishedIndicator> indicators;  // in display order (Load only)
  std::vector<PublishedCell> cells;            // (Load only)
};

class PublicationStore {
 public:
  explicit PublicationStore(storage::Tx& tx) : tx_(tx) {}

  /// Inserts the snapshot with its indicators and cells; AlreadyExists when the year has a
  /// published one.
  core::Result<int64_t> Insert(const Publication& p);
  /// The snapshot with indicators and cells, or NotFound; `for_update` locks the row.
  core::Result<Publication> Load(int64_t id, bool for_update = false);
  /// The id of the year's published snapshot, if any.
  core::Result<std::optional<int64_t>> PublishedOf(int year);
  /// A page of snapshots without cells, newest first; only published ones when `published_only`.
  core::Result<Page<Publication>> List(bool published_only, const PageRequest& page);
  /// Marks the snapshot withdrawn when its version is `expected_version`; FailedPrecondition otherwise.
  core::Status Withdraw(int64_t id, std::optional<int64_t> by, const std::string& reason, core::Timestamp now,
                        int64_t expected_version);

 private:
  storage::Tx& tx_;
};

}  // namespace ipe::app
