-- The rollup cells' text keys (measure, month, codes, dimension values) are codes compared for
-- equality and ranges of 'YYYY-MM' months, never sorted for display: compare them byte by byte
-- (COLLATE "C") instead of by the database's locale. A locale other than C makes PostgreSQL call
-- strcoll() for every comparison and gives up its abbreviated sort keys, which is most of the time
-- of building the primary keys of 20 million cells in a recomputation (docs/statistics.md). UTF-8
-- byte order is code point order, so any order of these keys is unchanged.
ALTER TABLE stat_cells
  ALTER COLUMN measure TYPE TEXT COLLATE "C",
  ALTER COLUMN month TYPE TEXT COLLATE "C",
  ALTER COLUMN region_code TYPE TEXT COLLATE "C",
  ALTER COLUMN province_code TYPE TEXT COLLATE "C",
  ALTER COLUMN prefecture_code TYPE TEXT COLLATE "C",
  ALTER COLUMN d1 TYPE TEXT COLLATE "C",
  ALTER COLUMN d2 TYPE TEXT COLLATE "C";
ALTER TABLE stat_cells_prefecture
  ALTER COLUMN measure TYPE TEXT COLLATE "C",
  ALTER COLUMN month TYPE TEXT COLLATE "C",
  ALTER COLUMN prefecture_code TYPE TEXT COLLATE "C",
  ALTER COLUMN province_code TYPE TEXT COLLATE "C",
  ALTER COLUMN d1 TYPE TEXT COLLATE "C",
  ALTER COLUMN d2 TYPE TEXT COLLATE "C";
ALTER TABLE stat_cells_province
  ALTER COLUMN measure TYPE TEXT COLLATE "C",
  ALTER COLUMN month TYPE TEXT COLLATE "C",
  ALTER COLUMN province_code TYPE TEXT COLLATE "C",
  ALTER COLUMN d1 TYPE TEXT COLLATE "C",
  ALTER COLUMN d2 TYPE TEXT COLLATE "C";
