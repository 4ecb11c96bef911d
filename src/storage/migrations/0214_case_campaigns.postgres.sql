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
SELECT DISTINCT t.tag, c.id
FROM cases c CROSS JOIN LATERAL regexp_split_to_table(c.campaign_tags, '\|') AS t (tag)
WHERE c.campaign_tags <> '' AND t.tag <> '';
CREATE INDEX cases_number ON cases (case_number);
