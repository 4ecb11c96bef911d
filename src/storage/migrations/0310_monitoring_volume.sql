-- The review queue (待研判) at national volume (issue 11): its order (score, last seen, id, all
-- descending) is given by an index after an equality on the status and on the viewer's scope,
-- so a page reads ~20 index entries (docs/monitoring.md, "At volume").
--   region subtree → one equality: province_code ('310000'), prefecture_code ('310100') or
--                    region_code ('310115'), the digit-prefix rule of app scopes;
--   search         → search_text holds title, shop name and listing id; 0311 indexes its terms.
ALTER TABLE monitoring_hits ADD COLUMN province_code TEXT NOT NULL DEFAULT '';
ALTER TABLE monitoring_hits ADD COLUMN prefecture_code TEXT NOT NULL DEFAULT '';
ALTER TABLE monitoring_hits ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
-- The fields as they are, one a line; the start-up rebuild (search_index_state
-- 'monitoring_hits') folds and indexes them.
UPDATE monitoring_hits SET province_code = substr(region_code, 1, 2) || '0000',
                           prefecture_code = substr(region_code, 1, 4) || '00',
                           search_text = title || '
' || shop_name || '
' || listing_id;

DROP INDEX monitoring_hits_status;
DROP INDEX monitoring_hits_region;
CREATE INDEX monitoring_hits_queue ON monitoring_hits (status, score_pct, last_seen_at, id);
CREATE INDEX monitoring_hits_all_queue ON monitoring_hits (score_pct, last_seen_at, id);
CREATE INDEX monitoring_hits_agency_queue
  ON monitoring_hits (agency_id, status, score_pct, last_seen_at, id);
CREATE INDEX monitoring_hits_province_queue
  ON monitoring_hits (province_code, status, score_pct, last_seen_at, id);
CREATE INDEX monitoring_hits_prefecture_queue
  ON monitoring_hits (prefecture_code, status, score_pct, last_seen_at, id);
CREATE INDEX monitoring_hits_region_queue
  ON monitoring_hits (region_code, status, score_pct, last_seen_at, id);
CREATE INDEX monitoring_hits_platform_queue
  ON monitoring_hits (platform, status, score_pct, last_seen_at, id);
-- The brand filter probes (brand_code, hit_id) per queued hit; the primary key is (hit_id, …).
DROP INDEX monitoring_hit_brands_code;
CREATE INDEX monitoring_hit_brands_code ON monitoring_hit_brands (brand_code, hit_id);
