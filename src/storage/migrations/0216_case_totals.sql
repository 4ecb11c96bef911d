-- The nation's case counts per (status, category, threshold_met): a list without a region or an
-- agency condition (the leading group's office, national admins) sums ~30 rows here instead of
-- the ~3,000 of case_counts (one per agency, region, status, category and threshold) — on
-- PostgreSQL that sum was the costliest statement of a list request at 1M cases
-- (docs/volume.md). Kept by the case store with case_counts, in the same transaction.
CREATE TABLE case_totals (
  status TEXT NOT NULL,
  category TEXT NOT NULL,
  threshold_met INTEGER NOT NULL,
  n BIGINT NOT NULL,
  PRIMARY KEY (status, category, threshold_met)
);
INSERT INTO case_totals (status, category, threshold_met, n)
SELECT status, category, threshold_met, sum(n)
FROM case_counts
GROUP BY status, category, threshold_met;
