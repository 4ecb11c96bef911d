-- Issue 13: the 以罚代刑 watch. threshold_met_at is when the case's threshold finding became met
-- (kept by the case store with threshold_met; cleared when no longer met): an open case past the
-- supervision limit (rules/deadlines/supervision.rules) without a transfer decision raises an
-- alert. Cases met before this migration count from their last update (when their findings were
-- last evaluated) — the later, never the earlier, instant. Alerts carry a severity: 'low' when
-- every met threshold rests on an unconfirmed (M) rule.
ALTER TABLE cases ADD COLUMN threshold_met_at BIGINT;
UPDATE cases SET threshold_met_at = updated_at WHERE threshold_met = 1;
CREATE INDEX cases_open_met_at ON cases (threshold_met_at) WHERE threshold_met = 1 AND status = 'open';
ALTER TABLE alerts ADD COLUMN severity TEXT NOT NULL DEFAULT 'high';
