-- Cases at national volume (issue 11): every list filter the UI offers is served by an index
-- that also gives the list order (id descending), so a page reads ~20 index entries instead of
-- the table.
--   region subtree → one equality: province_code ('310000'), prefecture_code ('310100') or
--                    region_code ('310115'), the digit-prefix rule of app scopes;
--   threshold_met  → kept on the case when its findings are stored (was an EXISTS per row).
ALTER TABLE cases ADD COLUMN province_code TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN prefecture_code TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN threshold_met INTEGER NOT NULL DEFAULT 0;
UPDATE cases SET province_code = substr(region_code, 1, 2) || '0000',
                 prefecture_code = substr(region_code, 1, 4) || '00';
UPDATE cases SET threshold_met = 1 WHERE EXISTS (
  SELECT 1 FROM case_findings x WHERE x.case_id = cases.id AND x.met = 1
    AND x.level NOT IN ('repeat_offender', 'suspicion'));

DROP INDEX cases_region;
DROP INDEX cases_status;
CREATE INDEX cases_agency_id ON cases (agency_id, id);
CREATE INDEX cases_province_id ON cases (province_code, id);
CREATE INDEX cases_prefecture_id ON cases (prefecture_code, id);
CREATE INDEX cases_region_id ON cases (region_code, id);
CREATE INDEX cases_status_id ON cases (status, id);
CREATE INDEX cases_category_id ON cases (category, id);
CREATE INDEX cases_met_id ON cases (id) WHERE threshold_met = 1;

-- Search indexes built by the application (terms from core/search_terms.h) record the term
-- version they hold; a store whose version is older is rebuilt at start (app/search_index.h).
CREATE TABLE search_index_state (
  name TEXT PRIMARY KEY,
  version BIGINT NOT NULL
);
