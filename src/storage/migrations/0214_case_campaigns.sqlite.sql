-- Campaign tags (专项行动, 铁拳2024 …) as rows, so that a campaign list walks (tag, case_id) newest
-- first instead of testing every case's '|'-separated list; cases.campaign_tags stays the display
-- copy. And an index on the case number alone: a search that is a whole case number is answered
-- by it (numbers are unique per agency, so a national search may find one per agency).
CREATE TABLE case_campaigns (
  tag TEXT NOT NULL,
  case_id BIGINT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  PRIMARY KEY (tag, case_id)
);
INSERT INTO case_campaigns (tag, case_id)
WITH RECURSIVE split (case_id, tag, rest) AS (
  SELECT id, '', campaign_tags || '|' FROM cases WHERE campaign_tags <> ''
  UNION ALL
  SELECT case_id, substr(rest, 1, instr(rest, '|') - 1), substr(rest, instr(rest, '|') + 1)
  FROM split WHERE rest <> ''
)
SELECT DISTINCT tag, case_id FROM split WHERE tag <> '';
CREATE INDEX cases_number ON cases (case_number);
