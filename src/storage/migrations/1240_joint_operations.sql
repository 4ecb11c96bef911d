-- 跨区域联合行动 (issue 18, seed task 23; docs/statistics.md "Joint operations"): an operation the
-- office starts from a cross-region lead cluster. Its leads are kept as they were at the start
-- (the cluster may grow afterwards: a new lead joins an operation only through a new decision);
-- its members are the agencies holding them (plus any the office adds), one leading. The cases a
-- member opened count twice over no table: those converted from the operation's leads are found
-- through leads.case_id; those opened otherwise are linked by the member here.
CREATE TABLE joint_operations (
  id {{ID}},
  title TEXT NOT NULL,
  goal TEXT NOT NULL,
  region_code TEXT NOT NULL,             -- the smallest region containing every lead
  province_code TEXT NOT NULL,           -- of region_code: a region subtree is one equality
  prefecture_code TEXT NOT NULL,
  origin_lead_id BIGINT NOT NULL,
  alert_id BIGINT,                       -- lead_alerts(id) it answered
  lead_agency_id BIGINT NOT NULL REFERENCES agencies (id),
  start_date TEXT NOT NULL,
  end_date TEXT NOT NULL,
  status TEXT NOT NULL,                  -- active, closed
  summary TEXT NOT NULL DEFAULT '',
  created_by BIGINT,
  created_at BIGINT NOT NULL,
  closed_by BIGINT,
  closed_at BIGINT,
  version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX joint_operations_province ON joint_operations (province_code, id);
CREATE INDEX joint_operations_prefecture ON joint_operations (prefecture_code, id);

CREATE TABLE joint_operation_members (
  operation_id BIGINT NOT NULL REFERENCES joint_operations (id),
  agency_id BIGINT NOT NULL REFERENCES agencies (id),
  PRIMARY KEY (operation_id, agency_id)
);
CREATE INDEX joint_operation_members_agency ON joint_operation_members (agency_id, operation_id);

CREATE TABLE joint_operation_leads (
  operation_id BIGINT NOT NULL REFERENCES joint_operations (id),
  lead_id BIGINT NOT NULL REFERENCES leads (id),
  PRIMARY KEY (operation_id, lead_id)
);
CREATE INDEX joint_operation_leads_lead ON joint_operation_leads (lead_id);

CREATE TABLE joint_operation_cases (
  operation_id BIGINT NOT NULL REFERENCES joint_operations (id),
  case_id BIGINT NOT NULL REFERENCES cases (id),
  linked_by BIGINT,
  linked_at BIGINT NOT NULL,
  PRIMARY KEY (operation_id, case_id)
);
