-- 投诉举报 (SAMR Order 20): complaints (投诉, consumer disputes to mediate) and reports (举报, clues of
-- violations), from every channel, with their clocks, events and the people who made them.
-- Instants are epoch seconds, dates 'YYYY-MM-DD'. docs/complaints.md explains the model.
CREATE TABLE complaints (
  id {{ID}},
  kind TEXT NOT NULL,                      -- complaint, report
  channel TEXT NOT NULL,                   -- portal, hotline, letter, visit, import, api, fair
  external_id TEXT,                        -- the feeding platform's own id (import, api)
  receipt_no TEXT NOT NULL UNIQUE,         -- given to the complainant with the query code
  query_code_hash TEXT NOT NULL,           -- SHA-256 of the query code (shown once)
  subject TEXT NOT NULL,                   -- trademark, patent, … (complaints::Subjects)
  status TEXT NOT NULL,
  resume_status TEXT,                      -- while suspended: the status to resume to
  agency_id BIGINT REFERENCES agencies (id),  -- the handling agency; NULL = not routed yet
  region_code TEXT NOT NULL,               -- the respondent's region (GB/T 2260)
  province_code TEXT NOT NULL,
  prefecture_code TEXT NOT NULL,
  anonymous BIGINT NOT NULL DEFAULT 0 CHECK (anonymous IN (0, 1)),
  power_of_attorney BIGINT NOT NULL DEFAULT 0 CHECK (power_of_attorney IN (0, 1)),
  respondent_name TEXT NOT NULL,
  respondent_address TEXT NOT NULL DEFAULT '',
  respondent_shop TEXT NOT NULL DEFAULT '',
  respondent_phone TEXT NOT NULL DEFAULT '',
  product TEXT NOT NULL DEFAULT '',
  request TEXT NOT NULL DEFAULT '',
  facts TEXT NOT NULL,
  harm_known_on TEXT,
  received_at BIGINT NOT NULL,             -- first receipt by the platform
  agency_received_at BIGINT,               -- receipt by the current agency: starts its clock
  decision_due BIGINT,                     -- accept/refuse (complaints) or verify (reports) by
  extended BIGINT NOT NULL DEFAULT 0 CHECK (extended IN (0, 1)),  -- reports: +15 approved
  decided_at BIGINT,                       -- accepted / refused / filing decided
  ground TEXT NOT NULL DEFAULT '',         -- refusal ground or mediation ending (codes)
  decision_note TEXT NOT NULL DEFAULT '',
  mediation_due BIGINT,                    -- NULL while paused or not mediating
  mediation_ended_at BIGINT,
  notice_due BIGINT,                       -- tell the parties / the reporter by
  notified_at BIGINT,
  notice_channel TEXT NOT NULL DEFAULT '',
  clock_note TEXT NOT NULL DEFAULT '',     -- why a due date is empty (uncovered calendar year)
  dispute_agency_id BIGINT REFERENCES agencies (id),  -- 管辖争议 with this agency (第三十条)
  dispute_due BIGINT,
  lead_id BIGINT,                          -- 转为线索: leads(id)
  case_id BIGINT,                          -- the case filed from that lead
  version BIGINT NOT NULL DEFAULT 1,
  created_by BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (channel, external_id)            -- a feed's record twice is one record
);
CREATE INDEX complaints_agency ON complaints (agency_id, id);
CREATE INDEX complaints_province ON complaints (province_code, id);
CREATE INDEX complaints_prefecture ON complaints (prefecture_code, id);
CREATE INDEX complaints_region ON complaints (region_code, id);
CREATE INDEX complaints_status ON complaints (status, id);
CREATE INDEX complaints_decision_due ON complaints (status, decision_due);
CREATE INDEX complaints_lead ON complaints (lead_id);

-- The complainant or reporter and the others of 第十条/第十一条 (joint complainants, representatives,
-- an agent). Confidential (第三十三条): read only for the handling agency's assigned officers.
CREATE TABLE complaint_persons (
  id {{ID}},
  complaint_id BIGINT NOT NULL REFERENCES complaints (id),
  position BIGINT NOT NULL,
  role TEXT NOT NULL,                      -- complainant, representative, agent
  name TEXT NOT NULL,
  phone TEXT NOT NULL DEFAULT '',
  address TEXT NOT NULL DEFAULT '',
  id_number TEXT NOT NULL DEFAULT ''
);
CREATE INDEX complaint_persons_complaint ON complaint_persons (complaint_id, position);

-- The officers of the handling agency who handle it (承办人): they alone see the persons.
CREATE TABLE complaint_assignees (
  complaint_id BIGINT NOT NULL REFERENCES complaints (id),
  user_id BIGINT NOT NULL REFERENCES users (id),
  assigned_at BIGINT NOT NULL,
  PRIMARY KEY (complaint_id, user_id)
);
CREATE INDEX complaint_assignees_user ON complaint_assignees (user_id);

-- Every step, with its actor and time. `summary` never names the complainant or reporter.
CREATE TABLE complaint_events (
  id {{ID}},
  complaint_id BIGINT NOT NULL REFERENCES complaints (id),
  at BIGINT NOT NULL,
  actor_id BIGINT,
  actor_login TEXT NOT NULL,
  actor_name TEXT NOT NULL DEFAULT '',    -- the display name the timeline shows
  kind TEXT NOT NULL,
  summary TEXT NOT NULL,
  on_portal BIGINT NOT NULL DEFAULT 0 CHECK (on_portal IN (0, 1))  -- shown on the portal's status page
);
CREATE INDEX complaint_events_complaint ON complaint_events (complaint_id, id);

-- Testing and appraisal time, left out of the mediation or verification clock.
CREATE TABLE complaint_pauses (
  id {{ID}},
  complaint_id BIGINT NOT NULL REFERENCES complaints (id),
  from_date TEXT NOT NULL,
  to_date TEXT,                            -- NULL: still running
  reason TEXT NOT NULL
);
CREATE INDEX complaint_pauses_complaint ON complaint_pauses (complaint_id, id);
