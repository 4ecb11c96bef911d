-- A region's case count (a provincial or prefectural officer's list, a region filter) summed the
-- whole of case_counts: ~3,000 rows at 1M cases, 0.5 ms of PostgreSQL per list request, the
-- costliest statement of the request after the page (docs/volume.md). With these the sum reads
-- the region's rows only (~500 for Guangdong). The counted column n is not indexed, so the
-- store's count updates stay HOT updates on PostgreSQL.
CREATE INDEX case_counts_province ON case_counts (province_code);
CREATE INDEX case_counts_prefecture ON case_counts (prefecture_code);
CREATE INDEX case_counts_region ON case_counts (region_code);
