-- Room on each page of cells for the new version of a cell a write changes (n and v are in no
-- index, so PostgreSQL can keep it on the same page — a HOT update — while there is room): the
-- cells stay in the key order a recomputation writes them in, and a figure's range of the key lies
-- on a few pages (docs/statistics.md, "Cells in key order"). Pages written from now on; the next
-- recomputation (`ipenforce stats rebuild`) writes every table again with it
-- (app/statistics/statistics_store.cc, kCellFillFactor).
ALTER TABLE stat_cells SET (fillfactor = 90);
ALTER TABLE stat_cells_prefecture SET (fillfactor = 90);
ALTER TABLE stat_cells_province SET (fillfactor = 90);
ALTER TABLE stat_cells_nation SET (fillfactor = 90);
