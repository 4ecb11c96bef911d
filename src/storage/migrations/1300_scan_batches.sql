-- Scanner workers (issue 19, docs/scale-out.md "Scanner workers"): a scan uploaded to a server
-- started with --nats is published to JetStream and scanned by `ipenforce scan-worker` processes.
--
-- scan_batches: one row per such upload, keyed by its monitoring_scans row (whose suspected and
-- new_hits grow as workers go). `listings` distinct (platform, listing id) pairs were published;
-- `scanned` results were written for this batch, `already` listings had a result for the same
-- registry version from an earlier batch (not scanned again). Done when scanned + already = listings.
CREATE TABLE scan_batches (
  scan_id BIGINT PRIMARY KEY REFERENCES monitoring_scans (id),
  listings BIGINT NOT NULL,
  scanned BIGINT NOT NULL DEFAULT 0,
  already BIGINT NOT NULL DEFAULT 0,
  updated_hits BIGINT NOT NULL DEFAULT 0,
  status TEXT NOT NULL,                        -- queued, done, failed (publication failed)
  publication TEXT NOT NULL,                   -- random token in every message of the batch: a
                                               -- message of another store on the same broker
                                               -- (same scan id, other token) is dropped
  finished_at BIGINT
);

-- One result per (platform, listing id, registry version): a message delivered again after a
-- worker died between its commit and its acknowledgement writes nothing the second time.
-- registry_version: the first 16 hex digits of SHA-256 over the registry's scanner export.
CREATE TABLE scan_results (
  platform TEXT NOT NULL,
  listing_id TEXT NOT NULL,
  registry_version TEXT NOT NULL,
  scan_id BIGINT NOT NULL REFERENCES monitoring_scans (id),
  suspected INTEGER NOT NULL,
  score_pct INTEGER NOT NULL,
  worker TEXT NOT NULL DEFAULT '',
  scanned_at BIGINT NOT NULL,
  PRIMARY KEY (platform, listing_id, registry_version)
);
CREATE INDEX scan_results_scan ON scan_results (scan_id);
