-- Leads, second step (docs/leads.md): deciding access requests (申请查看), what an approval
-- grants, and the note of a handled cross-region alert. Added columns only; 0400 is unchanged.

-- A request is pending, then approved (until expires_at) or refused, by decided_by.
ALTER TABLE lead_access_requests ADD COLUMN decided_by BIGINT;
ALTER TABLE lead_access_requests ADD COLUMN decided_at BIGINT;
ALTER TABLE lead_access_requests ADD COLUMN decision_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE lead_access_requests ADD COLUMN expires_at BIGINT;
CREATE INDEX lead_access_requests_requester ON lead_access_requests (requester_id, status);

-- The holding agency's leads an approval shows the requester: fixed when approved (later matches
-- need a new request).
CREATE TABLE lead_access_grants (
  id {{ID}},
  request_id BIGINT NOT NULL REFERENCES lead_access_requests (id),
  lead_id BIGINT NOT NULL REFERENCES leads (id),
  UNIQUE (request_id, lead_id)
);
CREATE INDEX lead_access_grants_lead ON lead_access_grants (lead_id);

-- 处理/已阅: the office's note when it marks an alert handled (acknowledged_at/_by in 0400).
ALTER TABLE lead_alerts ADD COLUMN ack_note TEXT NOT NULL DEFAULT '';
