-- 销毁活动 (issue 17): destruction campaigns the office creates — a period and the regions it covers
-- (GB/T 2260 codes, each covering its subtree, '|'-separated) — and the campaign a destruction is
-- attached to (one at most). docs/custody.md "Campaigns".
CREATE TABLE destruction_campaigns (
  id {{ID}},
  name TEXT NOT NULL,
  starts_on TEXT NOT NULL,
  ends_on TEXT NOT NULL,
  regions TEXT NOT NULL,
  region_code TEXT NOT NULL,   -- the creating office's region: who may close it
  note TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'open',  -- open | closed
  created_by BIGINT,
  version BIGINT NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX destruction_campaigns_status ON destruction_campaigns (status, id);

ALTER TABLE destructions ADD COLUMN campaign_id BIGINT REFERENCES destruction_campaigns (id);
CREATE INDEX destructions_campaign ON destructions (campaign_id, id);
