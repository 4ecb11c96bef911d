-- Leads at national volume (issue 11): every list filter the UI offers is served by an index
-- that also gives the list order (id descending), so a page reads ~20 index entries instead of
-- the table (docs/leads.md, "At volume").
--   region subtree → one equality: province_code ('310000'), prefecture_code ('310100') or
--                    region_code ('310115'), the digit-prefix rule of app scopes;
--   search         → search_text holds the folded title; its terms are indexed by 0421.
ALTER TABLE leads ADD COLUMN province_code TEXT NOT NULL DEFAULT '';
ALTER TABLE leads ADD COLUMN prefecture_code TEXT NOT NULL DEFAULT '';
ALTER TABLE leads ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
-- The title as it is; the start-up rebuild (search_index_state 'leads') folds and indexes it.
UPDATE leads SET province_code = substr(region_code, 1, 2) || '0000',
                 prefecture_code = substr(region_code, 1, 4) || '00',
                 search_text = title;

DROP INDEX leads_region;
DROP INDEX leads_agency_status;
CREATE INDEX leads_province_id ON leads (province_code, id);
CREATE INDEX leads_prefecture_id ON leads (prefecture_code, id);
CREATE INDEX leads_region_id ON leads (region_code, id);
-- Also the unassigned leads: agency_id IS NULL is an equality for this index on both stores.
CREATE INDEX leads_agency_id ON leads (agency_id, id);
-- An agency's own queue by status (officers' default view: 待研判 = new).
CREATE INDEX leads_agency_status_id ON leads (agency_id, status, id);
CREATE INDEX leads_status_id ON leads (status, id);
CREATE INDEX leads_source_id ON leads (source, id);
CREATE INDEX leads_category_id ON leads (category, id);
CREATE INDEX leads_case_id ON leads (case_id, id);

-- Cross-region alerts: the office's subtree as one equality too (covering regions are provinces,
-- prefectures, counties or the nation, whose province_code '000000' matches no province).
ALTER TABLE lead_alerts ADD COLUMN province_code TEXT NOT NULL DEFAULT '';
ALTER TABLE lead_alerts ADD COLUMN prefecture_code TEXT NOT NULL DEFAULT '';
UPDATE lead_alerts SET province_code = substr(region_code, 1, 2) || '0000',
                       prefecture_code = substr(region_code, 1, 4) || '00';
CREATE INDEX lead_alerts_province_id ON lead_alerts (province_code, id);
CREATE INDEX lead_alerts_prefecture_id ON lead_alerts (prefecture_code, id);
CREATE INDEX lead_alerts_region_id ON lead_alerts (region_code, id);

-- Access requests, newest first: incoming by the holding agency, outgoing by the requester.
CREATE INDEX lead_access_requests_target_id ON lead_access_requests (target_agency_id, id);
CREATE INDEX lead_access_requests_requester_id ON lead_access_requests (requester_id, id);
