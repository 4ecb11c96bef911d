-- Issue 20: events for other agencies' systems (docs/api.md "Event feeds").
--
-- The outbox: a change that other systems wait for (a transfer sent, received, decided …) appends
-- one CloudEvents 1.0 document here in the SAME transaction as the change. `seq` is taken from the
-- 'events' row of feed_heads (UPDATE … SET seq = seq + 1, row lock held to commit), so sequence
-- numbers commit in order and without gaps: a pull-feed reader or a delivery worker at N never
-- misses an event N' < N committed later. The scope facts (owning agency, its region, another
-- agency party to the record) decide who may receive it, as they decide who may read the record.
INSERT INTO feed_heads (feed, seq) VALUES ('events', 0);
CREATE TABLE outbound_events (
  seq BIGINT PRIMARY KEY,
  event_id TEXT NOT NULL UNIQUE,     -- CloudEvents id, "ipe-<seq>"
  type TEXT NOT NULL,                -- "cn.ipenforce.transfer.sent" …
  subject TEXT NOT NULL,             -- "transfers/7"
  agency_id BIGINT NOT NULL,         -- the agency that owns the record
  region_code TEXT NOT NULL,         -- its region (GB/T 2260)
  party_agency_id BIGINT,            -- another agency party to it (the police a transfer went to)
  document TEXT NOT NULL,            -- the CloudEvents JSON as delivered
  created_at BIGINT NOT NULL
);

-- Webhook subscriptions of external systems. `user_id` is the agency's API client account: its
-- roles and region are the subscription's scope, exactly as for a user of that agency. The secret
-- signs every delivery (so it is kept, unlike API tokens); it is shown once at creation.
-- `cursor_seq`: events up to it were fanned out into deliveries (new subscriptions start at the
-- head: they receive what happens after they were made).
CREATE TABLE event_subscriptions (
  id {{ID}},
  user_id BIGINT NOT NULL REFERENCES users (id),
  name TEXT NOT NULL,
  types TEXT NOT NULL,               -- ','-separated event types (without the prefix)
  url TEXT NOT NULL,
  secret TEXT NOT NULL,              -- "whsec_<base64 of 32 random bytes>"
  active INTEGER NOT NULL DEFAULT 1,
  cursor_seq BIGINT NOT NULL,
  created_by BIGINT,
  created_at BIGINT NOT NULL
);
CREATE INDEX event_subscriptions_user ON event_subscriptions (user_id);

-- One row per event and subscription in scope. status pending | delivered | dead (the
-- dead-letter list, after the last retry; an admin may replay it). A worker claims a row by
-- setting lease_until; another server skips leased rows (PostgreSQL: FOR UPDATE SKIP LOCKED).
CREATE TABLE event_deliveries (
  id {{ID}},
  subscription_id BIGINT NOT NULL REFERENCES event_subscriptions (id),
  event_seq BIGINT NOT NULL REFERENCES outbound_events (seq),
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at BIGINT NOT NULL,
  lease_until BIGINT NOT NULL DEFAULT 0,
  last_status INTEGER,               -- HTTP status of the last attempt (none: no answer)
  last_error TEXT NOT NULL DEFAULT '',
  delivered_at BIGINT,
  created_at BIGINT NOT NULL,
  UNIQUE (subscription_id, event_seq)
);
CREATE INDEX event_deliveries_due ON event_deliveries (status, next_attempt_at);
