#include "app/accounts/throttle_store.h"

namespace ipe::app {

using storage::Value;

core::Result<bool> ThrottleStore::HitUnder(std::string_view scope, const std::string& subject,
                                           int64_t window_start, int64_t limit) {
  if (limit <= 0) return false;
  IPE_ASSIGN_OR_RETURN(
      auto rows,
      tx_.Query("INSERT INTO throttle_counters (scope, subject, window_start, hits) "
                "VALUES (?, ?, ?, 1) ON CONFLICT (scope, subject, window_start) DO UPDATE SET "
                "hits = throttle_counters.hits + 1 WHERE throttle_counters.hits < ? RETURNING hits",
                {Value(scope), subject, window_start, limit}));
  return !rows.empty();
}

core::Status ThrottleStore::Lock(std::string_view scope, const std::string& subject, int64_t now) {
  return tx_
      .Exec(
          "INSERT INTO throttle_counters (scope, subject, window_start, hits, last_at) "
          "VALUES (?, ?, 0, 0, ?) ON CONFLICT (scope, subject, window_start) DO UPDATE SET "
          "last_at = CASE WHEN excluded.last_at > throttle_counters.last_at THEN excluded.last_at "
          "ELSE throttle_counters.last_at END",
          {Value(scope), subject, now})
      .status();
}

core::Status ThrottleStore::AddHits(std::string_view scope, const std::string& subject,
                                    int64_t window_start, int64_t delta) {
  if (delta > 0) {
    return tx_
        .Exec(
            "INSERT INTO throttle_counters (scope, subject, window_start, hits) "
            "VALUES (?, ?, ?, ?) ON CONFLICT (scope, subject, window_start) DO UPDATE SET "
            "hits = throttle_counters.hits + ?",
            {Value(scope), subject, window_start, delta, delta})
        .status();
  }
  return tx_
      .Exec(
          "UPDATE throttle_counters SET hits = hits + ? WHERE scope = ? AND subject = ? AND "
          "window_start = (SELECT MAX(window_start) FROM throttle_counters WHERE scope = ? AND "
          "subject = ? AND window_start >= ? AND hits > 0)",
          {delta, Value(scope), subject, Value(scope), subject, window_start})
      .status();
}

core::Result<std::pair<int64_t, int64_t>> ThrottleStore::HitsAfter(std::string_view scope,
                                                                   const std::string& subject,
                                                                   int64_t after) {
  IPE_ASSIGN_OR_RETURN(auto rows,
                       tx_.Query("SELECT COALESCE(SUM(hits), 0), COALESCE(MIN(window_start), 0) "
                                 "FROM throttle_counters WHERE scope = ? AND subject = ? AND "
                                 "window_start > ? AND hits > 0",
                                 {Value(scope), subject, after}));
  return std::make_pair(rows[0].Int(0), rows[0].Int(1));
}

core::Result<ThrottlePair> ThrottleStore::LoadPair(std::string_view scope,
                                                   const std::string& subject) {
  IPE_ASSIGN_OR_RETURN(
      auto rows,
      tx_.Query(std::string("SELECT hits, until_at, last_at FROM throttle_counters WHERE "
                            "scope = ? AND subject = ? AND window_start = 0") +
                    storage::ForUpdate(tx_.dialect()),
                {Value(scope), subject}));
  ThrottlePair pair;
  if (!rows.empty()) pair = {rows[0].Int(0), rows[0].Int(1), rows[0].Int(2)};
  return pair;
}

core::Status ThrottleStore::SavePair(std::string_view scope, const std::string& subject,
                                     const ThrottlePair& pair) {
  return tx_
      .Exec(
          "INSERT INTO throttle_counters (scope, subject, window_start, hits, until_at, last_at) "
          "VALUES (?, ?, 0, ?, ?, ?) ON CONFLICT (scope, subject, window_start) DO UPDATE SET "
          "hits = excluded.hits, until_at = excluded.until_at, last_at = excluded.last_at",
          {Value(scope), subject, pair.failures, pair.until, pair.last})
      .status();
}

core::Status ThrottleStore::DeletePair(std::string_view scope, const std::string& subject) {
  return tx_
      .Exec("DELETE FROM throttle_counters WHERE scope = ? AND subject = ? AND window_start = 0",
            {Value(scope), subject})
      .status();
}

core::Status ThrottleStore::PruneWindows(std::string_view scope, int64_t before) {
  return tx_
      .Exec(
          "DELETE FROM throttle_counters WHERE scope = ? AND window_start > 0 AND "
          "window_start < ?",
          {Value(scope), before})
      .status();
}

core::Status ThrottleStore::PrunePairs(std::string_view scope, int64_t idle_before, int64_t now) {
  return tx_
      .Exec(
          "DELETE FROM throttle_counters WHERE scope = ? AND window_start = 0 AND "
          "until_at <= ? AND last_at < ?",
          {Value(scope), now, idle_before})
      .status();
}

}  // namespace ipe::app
