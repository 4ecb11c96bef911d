-- Marketplace monitoring (网络监测): the brand registry (品牌库), scan batches and the review queue
-- (待研判) of suspected listings. Lists are JSON text; money in fen; instants epoch seconds.

CREATE TABLE monitoring_brands (
  id {{ID}},
  code TEXT NOT NULL UNIQUE,                   -- the scanner's brand id, e.g. nike
  name TEXT NOT NULL,                          -- display name, Chinese (耐克)
  name_en TEXT NOT NULL DEFAULT '',            -- Latin name (Nike)
  names TEXT NOT NULL DEFAULT '[]',            -- always a brand when found
  generic_names TEXT NOT NULL DEFAULT '[]',    -- ordinary words (苹果): need a context term
  context_terms TEXT NOT NULL DEFAULT '[]',
  trademarks TEXT NOT NULL DEFAULT '[]',       -- [{"reg_number","nice_classes":[…]}]
  rights_holder TEXT NOT NULL DEFAULT '',      -- 权利人
  reference_price_fen BIGINT NOT NULL DEFAULT 0,
  category_prices TEXT NOT NULL DEFAULT '[]',  -- [{"terms":[…],"price_fen"}]
  authorized_shops TEXT NOT NULL DEFAULT '[]', -- [{"platform","shop_id"}]
  active INTEGER NOT NULL DEFAULT 1,           -- inactive brands are not scanned for
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1
);

CREATE TABLE monitoring_scans (
  id {{ID}},
  agency_id BIGINT NOT NULL REFERENCES agencies (id),
  region_code TEXT NOT NULL,
  created_by BIGINT,                           -- NULL: the system (demo data)
  created_at BIGINT NOT NULL,
  source TEXT NOT NULL DEFAULT '',             -- file name or note
  brands BIGINT NOT NULL,                      -- brands in the registry at scan time
  listings BIGINT NOT NULL,
  malformed BIGINT NOT NULL,
  suspected BIGINT NOT NULL,
  new_hits BIGINT NOT NULL
);
CREATE INDEX monitoring_scans_region ON monitoring_scans (region_code);

-- One row per suspected listing per agency; a rescan updates it (last_scan_id, seen_count).
CREATE TABLE monitoring_hits (
  id {{ID}},
  agency_id BIGINT NOT NULL REFERENCES agencies (id),
  region_code TEXT NOT NULL,
  platform TEXT NOT NULL,
  listing_id TEXT NOT NULL,
  shop_id TEXT NOT NULL DEFAULT '',
  shop_name TEXT NOT NULL DEFAULT '',
  title TEXT NOT NULL,
  price_fen BIGINT,
  reference_price_fen BIGINT,                  -- the price the price signal compared against
  score_pct INTEGER NOT NULL,                  -- score × 100, 0..100
  brands TEXT NOT NULL DEFAULT '[]',           -- brand codes, JSON
  signals TEXT NOT NULL DEFAULT '[]',          -- [{"kind","detail","brand","span":[b,e]|null}], UTF-16 spans
  status TEXT NOT NULL,                        -- pending, confirmed, dismissed
  dismiss_reason TEXT,
  review_note TEXT,
  reviewed_by BIGINT,
  reviewed_at BIGINT,
  lead_id BIGINT,                              -- the lead a confirmation created (issue #7)
  first_scan_id BIGINT NOT NULL REFERENCES monitoring_scans (id),
  last_scan_id BIGINT NOT NULL REFERENCES monitoring_scans (id),
  first_seen_at BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL,
  seen_count BIGINT NOT NULL DEFAULT 1,
  UNIQUE (agency_id, platform, listing_id)
);
CREATE INDEX monitoring_hits_status ON monitoring_hits (status, score_pct);
CREATE INDEX monitoring_hits_region ON monitoring_hits (region_code);

CREATE TABLE monitoring_hit_brands (
  hit_id BIGINT NOT NULL REFERENCES monitoring_hits (id) ON DELETE CASCADE,
  brand_code TEXT NOT NULL,
  PRIMARY KEY (hit_id, brand_code)
);
CREATE INDEX monitoring_hit_brands_code ON monitoring_hit_brands (brand_code);
