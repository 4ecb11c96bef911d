-- State that several `ipenforce serve` processes on one store must agree on (docs/scale-out.md).
--
-- The lead change feed: every write that changes what the correlation index holds appends a row
-- here in the same transaction. `seq` is taken from feed_heads' single row (UPDATE … SET seq =
-- seq + 1), whose row lock is held until commit, so sequence numbers commit in order and without
-- gaps: a server that applied everything up to N never misses a change N' < N committed later.
-- kind 'add': the lead joined the store with its keys; 'rebuild': a change the append-only index
-- cannot follow (merge, reassignment) — followers rebuild from the store.
CREATE TABLE feed_heads (
  feed TEXT PRIMARY KEY,
  seq BIGINT NOT NULL
);
INSERT INTO feed_heads (feed, seq) VALUES ('leads', 0);
CREATE TABLE lead_changes (
  seq BIGINT PRIMARY KEY,
  lead_id BIGINT NOT NULL,
  kind TEXT NOT NULL,
  created_at BIGINT NOT NULL
);

-- One alert per cross-region cluster whichever server detects it: the cluster's identity (its
-- smallest lead id when it came to span regions) is unique. Alerts raised before this have none.
ALTER TABLE lead_alerts ADD COLUMN cluster_key TEXT;
CREATE UNIQUE INDEX lead_alerts_cluster_key ON lead_alerts (cluster_key);

-- Throttles shared by every server (login throttle, public rate limit): hits of `subject` in
-- `scope` counted per window (a second, a minute), and for login pairs the failures and the
-- second before which no attempt is admitted (window_start 0, `until`).
CREATE TABLE throttle_counters (
  scope TEXT NOT NULL,
  subject TEXT NOT NULL,
  window_start BIGINT NOT NULL,
  hits BIGINT NOT NULL,
  until_at BIGINT NOT NULL DEFAULT 0,
  last_at BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (scope, subject, window_start)
);
CREATE INDEX throttle_counters_window ON throttle_counters (window_start);
