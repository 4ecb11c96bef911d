-- An officer's figure reads their own agency's cells in their region. The agency index found every
-- cell of the agency in the months asked and then kept the region's: at 10,000,000 cases in the
-- benchmark, where an agency's records lie in counties of many provinces, 广东省局's cases by goods
-- class read the agency's 20,289 cells of 2025 in the nation for the few in Guangdong (5 ms, the
-- dearest query of the dashboard). With the province after the agency (a figure below the province
-- names its province as well: statistics_store.cc LegConditions) the index finds the province's
-- cells only; where an agency works one province, as most do, it costs an index key of 7 bytes.
DROP INDEX stat_cells_by_agency;
CREATE INDEX stat_cells_by_agency ON stat_cells (measure, agency_id, province_code, month, d1);
