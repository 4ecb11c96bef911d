-- 年度数字公开 (issue 18, docs/statistics.md "Published annual figures"): a year's figures the
-- office publishes to the public portal, frozen at publication. A cell's value is stored only as
-- the public sees it: a suppressed count ("<threshold") is stored as NULL with suppressed = 1, so
-- the small number never reaches the portal's tables. Withdrawal keeps the rows (audited).
CREATE TABLE stat_publications (
  id {{ID}},
  year BIGINT NOT NULL,
  status TEXT NOT NULL,                    -- published, withdrawn
  threshold BIGINT NOT NULL,               -- counts of 1 … threshold-1 shown as "<threshold"
  rules_version TEXT NOT NULL,             -- of rules/statistics/publication.rules
  note TEXT NOT NULL DEFAULT '',
  published_by BIGINT,
  published_by_name TEXT NOT NULL,
  published_at BIGINT NOT NULL,
  withdrawn_by BIGINT,
  withdrawn_at BIGINT,
  withdraw_reason TEXT NOT NULL DEFAULT '',
  version BIGINT NOT NULL DEFAULT 1
);
-- At most one published snapshot per year (withdraw it to publish again).
CREATE UNIQUE INDEX stat_publications_published_year ON stat_publications (year) WHERE status = 'published';

-- The indicators of a snapshot with their names and units as they were (a definition may change).
CREATE TABLE stat_publication_indicators (
  publication_id BIGINT NOT NULL REFERENCES stat_publications (id),
  position BIGINT NOT NULL,
  indicator TEXT NOT NULL,
  name_zh TEXT NOT NULL,
  unit TEXT NOT NULL,
  is_rate BIGINT NOT NULL,                 -- 1: value in basis points
  definition TEXT NOT NULL,
  PRIMARY KEY (publication_id, position)
);

CREATE TABLE stat_publication_cells (
  publication_id BIGINT NOT NULL REFERENCES stat_publications (id),
  indicator TEXT NOT NULL,
  region_code TEXT NOT NULL,               -- a province, or 000000 for the national figure
  value BIGINT,                            -- NULL when suppressed or a rate without denominator
  suppressed BIGINT NOT NULL,
  PRIMARY KEY (publication_id, indicator, region_code)
);
