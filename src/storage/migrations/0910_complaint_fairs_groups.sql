-- 展会维权 and 同一事项 (issue 16, docs/complaints.md).
-- A trade fair (展会) that complaints and reports can be filed under: its venue and dates, the
-- organiser, the on-site service desk (展会知识产权投诉机构, 2006 measures 第六条/第七条) with its
-- contact and the agency stationed there. The fair's short clocks are the fair's own data: the
-- measures let the office fix the respondent's reply period by the fair's duration, so no default.
CREATE TABLE complaint_fairs (
  id {{ID}},
  name TEXT NOT NULL,
  venue TEXT NOT NULL,
  region_code TEXT NOT NULL,               -- where it is held (GB/T 2260)
  starts_on TEXT NOT NULL,                 -- 'YYYY-MM-DD'
  ends_on TEXT NOT NULL,
  organiser TEXT NOT NULL,                 -- 展会主办方
  desk_contact TEXT NOT NULL DEFAULT '',   -- the on-site desk's contact (a public service number)
  desk_agency_id BIGINT REFERENCES agencies (id),  -- the agency stationed at the desk
  reply_hours BIGINT,                      -- 答辩期限 set for this fair; NULL: not set
  handle_hours BIGINT,                     -- on-site handling limit set for this fair; NULL: not set
  agency_id BIGINT NOT NULL REFERENCES agencies (id),  -- the managing agency (who entered it)
  version BIGINT NOT NULL DEFAULT 1,
  created_by BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX complaint_fairs_region ON complaint_fairs (region_code, starts_on);
CREATE INDEX complaint_fairs_ends ON complaint_fairs (ends_on);

ALTER TABLE complaints ADD COLUMN fair_id BIGINT REFERENCES complaint_fairs (id);
-- 同一事项: the smallest id of the records sharing a normalised shop, phone or organisation name
-- with this one (directly or through others), kept at intake in the same transaction.
ALTER TABLE complaints ADD COLUMN group_id BIGINT;
UPDATE complaints SET group_id = id;
CREATE INDEX complaints_fair ON complaints (fair_id, id);
CREATE INDEX complaints_group ON complaints (group_id, id);

-- The normalised identifiers of each record (complaints/duplicates.h MatchKeys): the intake finds
-- the matter of a new record through them with one indexed look-up.
CREATE TABLE complaint_match_keys (
  match_key TEXT NOT NULL,
  complaint_id BIGINT NOT NULL REFERENCES complaints (id),
  PRIMARY KEY (match_key, complaint_id)
);
