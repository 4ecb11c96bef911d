-- The rollup cells summed to the nation (no region, no agency), kept by the same triggers as the
-- other tables of cells (app/statistics/statistics_store.cc): a national figure that is not
-- grouped by region reads one row per (month, d1, d2) instead of one per province. Filled by the
-- recomputation that the new kStatisticsVersion starts at the next start. (The PostgreSQL file
-- declares the text keys COLLATE "C"; SQLite's BINARY is that already.)
CREATE TABLE stat_cells_nation (
  measure TEXT NOT NULL,
  month TEXT NOT NULL,
  d1 TEXT NOT NULL,
  d2 TEXT NOT NULL,
  n BIGINT NOT NULL,
  v BIGINT NOT NULL,
  PRIMARY KEY (measure, month, d1, d2)
);
