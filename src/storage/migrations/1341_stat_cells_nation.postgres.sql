-- The rollup cells summed to the nation (no region, no agency), kept by the same triggers as the
-- other tables of cells (app/statistics/statistics_store.cc): a national figure that is not
-- grouped by region reads one row per (month, d1, d2) instead of one per province — the dashboard's
-- national queries read 31 times fewer rows (docs/statistics.md "At 10,000,000 cases"). Filled by
-- the recomputation that the new kStatisticsVersion starts at the next start.
CREATE TABLE stat_cells_nation (
  measure TEXT COLLATE "C" NOT NULL,
  month TEXT COLLATE "C" NOT NULL,
  d1 TEXT COLLATE "C" NOT NULL,
  d2 TEXT COLLATE "C" NOT NULL,
  n BIGINT NOT NULL,
  v BIGINT NOT NULL,
  PRIMARY KEY (measure, month, d1, d2)
);
