-- Leads (线索) and cross-agency correlation (串并案): leads with their observables, the
-- cross-region alerts raised for the office, and requests to see another agency's matching record.
-- Portable SQL (docs/storage.md): instants are BIGINT epoch seconds. docs/leads.md explains the model.

CREATE TABLE leads (
  id {{ID}},
  source TEXT NOT NULL,                    -- manual, csv, api, monitoring, complaint
  source_ref TEXT,                         -- the source's own reference; NULL = no dedup key
  agency_id BIGINT REFERENCES agencies (id),  -- NULL = unassigned: the office assigns it
  region_code TEXT NOT NULL,               -- GB/T 2260 code of where the conduct happened
  category TEXT NOT NULL,                  -- trademark, patent, copyright, … (app/leads.cc)
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL,                    -- new, accepted, dismissed, converted, merged
  status_reason TEXT NOT NULL DEFAULT '',  -- why dismissed / accepted / merged
  merged_into BIGINT REFERENCES leads (id),
  case_id BIGINT,                          -- 转为案件: cases(id); no FK so leads do not depend on cases
  created_by BIGINT,                       -- users(id); NULL = the system (demo, scanner)
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (source, source_ref)              -- idempotent submission: the same lead twice is one lead
);
CREATE INDEX leads_region ON leads (region_code);
CREATE INDEX leads_agency_status ON leads (agency_id, status);

-- One row per observable as entered, with its normalised key (link/normalise.h). The correlation
-- index is rebuilt from (lead_id, key_type, key_value) of verdict 'key' at start.
CREATE TABLE lead_observables (
  id {{ID}},
  lead_id BIGINT NOT NULL REFERENCES leads (id),
  type TEXT NOT NULL,                      -- observable type as entered (phone, web_shop, url …)
  value TEXT NOT NULL,                     -- as entered
  verdict TEXT NOT NULL,                   -- key, junk
  key_type TEXT,                           -- normalised key type (url → domain); NULL for junk
  key_value TEXT,
  note TEXT NOT NULL DEFAULT ''            -- why junk (zh-CN)
);
CREATE INDEX lead_observables_lead ON lead_observables (lead_id);
CREATE INDEX lead_observables_key ON lead_observables (key_type, key_value);

-- A cluster that started to span two or more regions (joint-operation candidate, 联合行动线索)
-- raises one alert for the office whose scope covers all of them (region_code = common ancestor).
CREATE TABLE lead_alerts (
  id {{ID}},
  kind TEXT NOT NULL,                      -- cross_region_cluster
  lead_id BIGINT NOT NULL REFERENCES leads (id),  -- the lead whose arrival made it cross regions
  region_code TEXT NOT NULL,               -- smallest region covering every region of the cluster
  regions TEXT NOT NULL,                   -- '|'-separated region codes of the cluster then
  agency_ids TEXT NOT NULL DEFAULT '',     -- '|'-separated agency ids of the cluster then
  cluster_size BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  acknowledged_at BIGINT,
  acknowledged_by BIGINT
);
CREATE INDEX lead_alerts_region ON lead_alerts (region_code, acknowledged_at);
CREATE INDEX lead_alerts_lead ON lead_alerts (lead_id);

-- 申请查看: a user saw "a matching record exists at agency X" and asks X for access. The request
-- names the requester's own lead, never the hidden record.
CREATE TABLE lead_access_requests (
  id {{ID}},
  lead_id BIGINT NOT NULL REFERENCES leads (id),        -- the requester's lead
  target_agency_id BIGINT NOT NULL,                      -- agency holding the hidden match (0 = unassigned)
  requester_id BIGINT NOT NULL REFERENCES users (id),
  requester_agency_id BIGINT NOT NULL,
  reason TEXT NOT NULL,
  status TEXT NOT NULL,                    -- pending
  created_at BIGINT NOT NULL
);
CREATE INDEX lead_access_requests_target ON lead_access_requests (target_agency_id, status);
