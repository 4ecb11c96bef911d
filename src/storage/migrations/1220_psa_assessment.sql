-- 平安建设考核 (issue 18, seed task 22; docs/statistics.md "平安建设考核"): an office's rubric for a
-- year (the national office assesses provinces, a provincial office its prefectures), the manual
-- points it enters, and the scores frozen when it publishes. A published rubric is not changed again.
CREATE TABLE psa_rubrics (
  id {{ID}},
  year BIGINT NOT NULL,
  assessor_region TEXT NOT NULL,         -- 000000 (provinces assessed) or a province (its prefectures)
  status TEXT NOT NULL,                  -- draft, published
  source_version TEXT NOT NULL,          -- the default rubric's version it was started from
  updated_by BIGINT,
  updated_by_name TEXT NOT NULL,
  updated_at BIGINT NOT NULL,
  published_by BIGINT,
  published_by_name TEXT NOT NULL DEFAULT '',
  published_at BIGINT,
  version BIGINT NOT NULL DEFAULT 1,
  UNIQUE (year, assessor_region)
);

CREATE TABLE psa_criteria (
  rubric_id BIGINT NOT NULL REFERENCES psa_rubrics (id),
  position BIGINT NOT NULL,
  criterion_key TEXT NOT NULL,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,                    -- indicator, manual
  indicator TEXT NOT NULL DEFAULT '',
  scoring TEXT NOT NULL DEFAULT '',      -- linear, rank
  direction TEXT NOT NULL DEFAULT '',    -- higher, lower
  per_capita BIGINT NOT NULL DEFAULT 0,
  low BIGINT NOT NULL DEFAULT 0,         -- linear bounds in the figure's unit
  high BIGINT NOT NULL DEFAULT 0,
  max_points BIGINT NOT NULL,
  basis TEXT NOT NULL,
  confidence TEXT NOT NULL,
  PRIMARY KEY (rubric_id, position)
);

-- The office's points for a manual item of a region, in hundredths of a point, with the reason.
CREATE TABLE psa_manual_points (
  rubric_id BIGINT NOT NULL REFERENCES psa_rubrics (id),
  region_code TEXT NOT NULL,
  criterion_key TEXT NOT NULL,
  points BIGINT NOT NULL,
  reason TEXT NOT NULL,
  entered_by BIGINT,
  entered_by_name TEXT NOT NULL,
  entered_at BIGINT NOT NULL,
  PRIMARY KEY (rubric_id, region_code, criterion_key)
);

-- Frozen at publication: every region's item (the figure it was computed from, the points) and its
-- total and rank. Later corrections of the records do not change a published assessment.
CREATE TABLE psa_scores (
  rubric_id BIGINT NOT NULL REFERENCES psa_rubrics (id),
  region_code TEXT NOT NULL,
  total BIGINT NOT NULL,                 -- hundredths of a point
  ranking BIGINT NOT NULL,
  PRIMARY KEY (rubric_id, region_code)
);
CREATE TABLE psa_score_items (
  rubric_id BIGINT NOT NULL REFERENCES psa_rubrics (id),
  region_code TEXT NOT NULL,
  criterion_key TEXT NOT NULL,
  figure BIGINT,                         -- the indicator's figure (per capita: hundredths per 100,000); NULL for manual items or none
  raw_value BIGINT,                      -- the figure before the per-capita division
  points BIGINT NOT NULL,
  reason TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (rubric_id, region_code, criterion_key)
);
