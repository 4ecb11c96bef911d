-- 知识产权失信认定: the IP office's findings that a subject filed trademarks in bad faith (恶意商标
-- 注册申请) or filed abnormal patent applications (非正常专利申请) — their own record type on the
-- subject's credit record (docs/credit.md "IP office findings"). Recorded by an officer or head
-- of an ip_office agency; revoked with a reason when the finding is set aside. `filing_numbers`
-- are the application numbers ('|'-separated); id_number is internal, id_masked what others see.
CREATE TABLE ip_findings (
  id {{ID}},
  agency_id BIGINT NOT NULL REFERENCES agencies (id),
  agency_name TEXT NOT NULL,               -- 认定机关 at the time of the finding
  region_code TEXT NOT NULL,
  province_code TEXT NOT NULL,
  prefecture_code TEXT NOT NULL,
  kind TEXT NOT NULL,                      -- malicious_trademark, abnormal_patent
  subject_kind TEXT NOT NULL,              -- company, person
  subject_name TEXT NOT NULL,
  credit_code TEXT,
  id_number TEXT,
  id_masked TEXT,
  filing_numbers TEXT NOT NULL,
  finding_date TEXT NOT NULL,
  basis TEXT NOT NULL,                     -- the decision and the facts it rests on
  status TEXT NOT NULL,                    -- recorded, revoked
  revoke_reason TEXT NOT NULL DEFAULT '',
  version BIGINT NOT NULL DEFAULT 1,
  created_by BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX ip_findings_credit_code ON ip_findings (credit_code);
CREATE INDEX ip_findings_id_number ON ip_findings (id_number);
CREATE INDEX ip_findings_agency ON ip_findings (agency_id, id);
CREATE INDEX ip_findings_province ON ip_findings (province_code, id);
CREATE INDEX ip_findings_prefecture ON ip_findings (prefecture_code, id);
CREATE INDEX ip_findings_region ON ip_findings (region_code, id);

ALTER TABLE credit_subjects ADD COLUMN ip_findings BIGINT NOT NULL DEFAULT 0;
