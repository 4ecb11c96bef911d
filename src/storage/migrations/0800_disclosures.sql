-- 行政处罚信息公示 (SAMR Order 45): one record per punished party of a case closed with a penalty.
-- The agency reviews the draft and publishes it; the public portal shows published records until
-- their display period ends. `facts` is what the officer wrote (internal); `facts_public` is it
-- with personal data redacted (credit/disclosure.h MaskForPublic) and is all the public sees.
-- Dates are 'YYYY-MM-DD', instants epoch seconds. docs/credit.md explains the model.
CREATE TABLE disclosures (
  id {{ID}},
  case_id BIGINT NOT NULL REFERENCES cases (id),
  party_index BIGINT NOT NULL,             -- position of the party in the case's party list
  agency_id BIGINT NOT NULL REFERENCES agencies (id),
  agency_name TEXT NOT NULL,               -- 作出决定的机关 at the time of the decision
  region_code TEXT NOT NULL,
  province_code TEXT NOT NULL,
  prefecture_code TEXT NOT NULL,
  status TEXT NOT NULL,                    -- draft, published, withheld, withdrawn, repaired
  decision_no TEXT NOT NULL,               -- 行政处罚决定书文号
  decision_date TEXT NOT NULL,
  party_kind TEXT NOT NULL,                -- company, person
  party_name TEXT NOT NULL,
  credit_code TEXT,                        -- organisations: 统一社会信用代码
  id_number TEXT,                          -- persons: internal only; the portal shows id_masked
  id_masked TEXT,
  other_persons TEXT NOT NULL DEFAULT '',  -- '|'-separated: natural persons the facts must not name
  violation_type TEXT NOT NULL,            -- 违法行为类型
  facts TEXT NOT NULL,
  facts_public TEXT NOT NULL,
  redactions TEXT NOT NULL DEFAULT '',     -- '|'-separated kinds hidden in facts_public
  legal_basis TEXT NOT NULL DEFAULT '',
  penalty_kinds TEXT NOT NULL,             -- '|'-separated credit::PenaltyKind keys
  fine_fen BIGINT,
  restriction_until TEXT,
  penalty_content TEXT NOT NULL,           -- 行政处罚内容
  publish_step TEXT NOT NULL,              -- disclosure_publish | disclosure_push_registration_office
  publish_due BIGINT,                      -- NULL: the calendar lacks the year (clock_note says so)
  clock_note TEXT NOT NULL DEFAULT '',
  publish_target BIGINT,
  published_at BIGINT,
  published_by BIGINT,
  display_step TEXT,
  display_until TEXT,                      -- last day on the portal
  display_basis TEXT NOT NULL DEFAULT '',
  withheld_reason TEXT NOT NULL DEFAULT '',
  repair_after_one_year BIGINT NOT NULL DEFAULT 0, -- 食品、药品、特种设备: repair after 1 year, not 6 months
  withdrawn_at BIGINT,
  withdraw_kind TEXT,                      -- revoked, changed, confirmed_illegal, void
  withdraw_reason TEXT NOT NULL DEFAULT '',
  decision_changed_on TEXT,
  withdraw_due BIGINT,
  version BIGINT NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  search_text TEXT NOT NULL DEFAULT '',
  UNIQUE (case_id, party_index)
);
CREATE INDEX disclosures_agency ON disclosures (agency_id, id);
CREATE INDEX disclosures_province ON disclosures (province_code, id);
CREATE INDEX disclosures_prefecture ON disclosures (prefecture_code, id);
CREATE INDEX disclosures_region ON disclosures (region_code, id);
CREATE INDEX disclosures_status ON disclosures (status, id);
CREATE INDEX disclosures_due ON disclosures (status, publish_due);
-- The public list: published and still inside its display period, newest first.
CREATE INDEX disclosures_public ON disclosures (status, display_until, id);
CREATE INDEX disclosures_credit_code ON disclosures (credit_code);
-- The export feed for the national credit-sharing platform walks changes in order.
CREATE INDEX disclosures_changed ON disclosures (updated_at, id);
CREATE INDEX disclosures_decision_no ON disclosures (decision_no);

-- 信用修复 (credit repair, Order 45 art. 14; the repair measures): a party's application to stop
-- the publication of a record early. Filed on the public portal; decided by the record's agency.
CREATE TABLE credit_repairs (
  id {{ID}},
  disclosure_id BIGINT NOT NULL REFERENCES disclosures (id),
  agency_id BIGINT NOT NULL REFERENCES agencies (id),
  region_code TEXT NOT NULL,
  province_code TEXT NOT NULL,
  prefecture_code TEXT NOT NULL,
  receipt_no TEXT NOT NULL UNIQUE,         -- given to the applicant with the query code
  query_code_hash TEXT NOT NULL,           -- SHA-256 of the query code (the code itself is shown once)
  applicant_name TEXT NOT NULL,
  contact_phone TEXT NOT NULL,             -- internal
  statement TEXT NOT NULL,                 -- 信用修复申请书 / 守信承诺 in summary
  claims_fulfilled BIGINT NOT NULL,        -- 1: the applicant says the penalty is fulfilled
  status TEXT NOT NULL,                    -- submitted, approved, refused
  decision_due BIGINT,                     -- NULL when the calendar lacks the year
  decided_at BIGINT,
  decided_by BIGINT,
  decision_reason TEXT NOT NULL DEFAULT '',
  version BIGINT NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX credit_repairs_agency ON credit_repairs (agency_id, id);
CREATE INDEX credit_repairs_province ON credit_repairs (province_code, id);
CREATE INDEX credit_repairs_disclosure ON credit_repairs (disclosure_id);

-- 严重违法失信名单 (SAMR Order 44): a subject listed on a 较重行政处罚 by the agency that punished it
-- (谁处罚、谁列入、谁移出), shown for the listing period, removable early on application after a
-- year. docs/credit.md.
CREATE TABLE serious_list (
  id {{ID}},
  agency_id BIGINT NOT NULL REFERENCES agencies (id),
  region_code TEXT NOT NULL,
  province_code TEXT NOT NULL,
  prefecture_code TEXT NOT NULL,
  disclosure_id BIGINT REFERENCES disclosures (id),  -- the penalty it rests on
  subject_kind TEXT NOT NULL,              -- company, person
  subject_name TEXT NOT NULL,
  credit_code TEXT,
  id_number TEXT,                          -- internal; the portal shows the masked form
  id_masked TEXT,
  category TEXT NOT NULL,                  -- the Order 44 ground (app/credit: SeriousListGrounds)
  basis TEXT NOT NULL,                     -- the facts and the decision it rests on
  listed_on TEXT NOT NULL,
  period_until TEXT NOT NULL,              -- removed automatically after this day
  early_removal_from TEXT NOT NULL,
  status TEXT NOT NULL,                    -- listed, removed
  removed_on TEXT,
  removal_reason TEXT NOT NULL DEFAULT '',
  version BIGINT NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX serious_list_agency ON serious_list (agency_id, id);
CREATE INDEX serious_list_province ON serious_list (province_code, id);
CREATE INDEX serious_list_public ON serious_list (status, period_until, id);
CREATE INDEX serious_list_credit_code ON serious_list (credit_code);
CREATE INDEX serious_list_id_number ON serious_list (id_number);
