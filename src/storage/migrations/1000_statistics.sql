-- Issue 18 (统计与形势研判; migrations 1000–1049 are this work's range): the rollup cells every
-- statistical figure is summed from. One row per (measure, month, region, agency, d1, d2): n
-- records and the sum v of the measure's value (fen, quantity or grams). The measures, their
-- dimensions d1/d2 and their SQL are app/statistics/statistics_store.cc's; the triggers that keep
-- these cells in the same transaction as every write to the base tables are generated from it
-- and installed at start (StatisticsStore::InstallIfStale, which also fills the table from the
-- records the first time). A month is the Beijing-time month 'YYYY-MM'. Cells whose records all
-- went elsewhere stay with n = 0 until the next recomputation (`ipenforce stats rebuild`).
CREATE TABLE stat_cells (
  measure TEXT NOT NULL,
  month TEXT NOT NULL,
  region_code TEXT NOT NULL,
  province_code TEXT NOT NULL,
  prefecture_code TEXT NOT NULL,
  agency_id BIGINT NOT NULL,
  d1 TEXT NOT NULL,
  d2 TEXT NOT NULL,
  n BIGINT NOT NULL,
  v BIGINT NOT NULL,
  PRIMARY KEY (measure, month, region_code, agency_id, d1, d2)
);
-- A viewer who works their own agency reads the agency's cells only. (Provincial and prefectural
-- figures read the summed tables below; every index here is one more write per changed record.)
CREATE INDEX stat_cells_by_agency ON stat_cells (measure, agency_id, month);
-- The same cells summed to prefectures and to provinces, without the agency, kept by the same
-- triggers: a national or provincial figure reads the provinces' or prefectures' rows (a few
-- thousand a year) instead of every county's and agency's.
CREATE TABLE stat_cells_prefecture (
  measure TEXT NOT NULL,
  month TEXT NOT NULL,
  prefecture_code TEXT NOT NULL,
  province_code TEXT NOT NULL,
  d1 TEXT NOT NULL,
  d2 TEXT NOT NULL,
  n BIGINT NOT NULL,
  v BIGINT NOT NULL,
  PRIMARY KEY (measure, month, prefecture_code, d1, d2)
);
CREATE INDEX stat_cells_prefecture_province ON stat_cells_prefecture (measure, province_code, month);
CREATE TABLE stat_cells_province (
  measure TEXT NOT NULL,
  month TEXT NOT NULL,
  province_code TEXT NOT NULL,
  d1 TEXT NOT NULL,
  d2 TEXT NOT NULL,
  n BIGINT NOT NULL,
  v BIGINT NOT NULL,
  PRIMARY KEY (measure, month, province_code, d1, d2)
);
