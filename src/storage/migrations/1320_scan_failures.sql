-- Scanner workers (issue 19, docs/scale-out.md "Scanner workers"): a message whose write fails at
-- every delivery (for a reason other than the store being away) is given up after the worker's
-- --max-deliveries, instead of coming back forever and holding its batch open.
--
-- scan_batches.failed: listings of given-up messages; a batch is done when scanned + already +
-- failed = listings. scan_failures: one row per given-up message (its stream sequence), with the
-- error, so that an officer sees which part of the scan is missing and why.
ALTER TABLE scan_batches ADD COLUMN failed BIGINT NOT NULL DEFAULT 0;

CREATE TABLE scan_failures (
  scan_id BIGINT NOT NULL REFERENCES monitoring_scans (id),
  stream_sequence BIGINT NOT NULL,
  platform TEXT NOT NULL,
  listings BIGINT NOT NULL,
  deliveries BIGINT NOT NULL,
  error TEXT NOT NULL,
  worker TEXT NOT NULL,
  failed_at BIGINT NOT NULL,
  PRIMARY KEY (scan_id, stream_sequence)
);
