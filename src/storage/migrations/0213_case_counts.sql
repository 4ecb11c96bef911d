-- Exact list counts without counting rows (issue 11: a count must not cost more than the page):
-- the number of cases per combination of the columns the list filters on, kept by the case store
-- in the same transaction as every change of those columns. A count is then a sum over a few
-- hundred rows at most. Counts with a search or campaign term are capped instead (docs/cases.md).
CREATE TABLE case_counts (
  agency_id BIGINT NOT NULL,
  region_code TEXT NOT NULL,
  province_code TEXT NOT NULL,
  prefecture_code TEXT NOT NULL,
  status TEXT NOT NULL,
  category TEXT NOT NULL,
  threshold_met INTEGER NOT NULL,
  n BIGINT NOT NULL,
  PRIMARY KEY (agency_id, region_code, status, category, threshold_met)
);
INSERT INTO case_counts (agency_id, region_code, province_code, prefecture_code, status, category,
                         threshold_met, n)
SELECT agency_id, region_code, province_code, prefecture_code, status, category, threshold_met,
       count(*)
FROM cases
GROUP BY agency_id, region_code, province_code, prefecture_code, status, category, threshold_met;
