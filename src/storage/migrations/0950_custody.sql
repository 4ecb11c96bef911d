-- 涉案物品与无害化销毁 (issue 17): seized item lines, their movements, the stores that hold them and
-- who holds each store's key, the directory of harmless-destruction units, and destructions from
-- application to closing. Quantities are integers in the line's smallest unit, weights grams,
-- values fen; dates 'YYYY-MM-DD', instants epoch seconds. docs/custody.md explains the model.

-- A store (保管场所) of an agency and its keeper (custody role: who holds the key).
CREATE TABLE custody_stores (
  id {{ID}},
  agency_id BIGINT NOT NULL REFERENCES agencies (id),
  region_code TEXT NOT NULL,
  name TEXT NOT NULL,
  address TEXT NOT NULL DEFAULT '',
  keeper_user_id BIGINT REFERENCES users (id),
  version BIGINT NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (agency_id, name)
);

-- One seized item line. The parts add up to the quantity seized (the invariant of
-- custody/ledger.h, checked by the use case and again here); `version` guards every write.
CREATE TABLE custody_items (
  id {{ID}},
  case_id BIGINT NOT NULL REFERENCES cases (id),
  agency_id BIGINT NOT NULL REFERENCES agencies (id),
  region_code TEXT NOT NULL,
  province_code TEXT NOT NULL,
  prefecture_code TEXT NOT NULL,
  label_no TEXT NOT NULL UNIQUE,           -- printed on the label (and its QR code)
  source_kind TEXT NOT NULL,               -- case | customs | police
  description TEXT NOT NULL,
  category TEXT NOT NULL,                  -- rules/custody category key
  unit TEXT NOT NULL,                      -- custody::QuantityUnits key
  weight_g BIGINT,
  value_fen BIGINT,
  rights_holder TEXT NOT NULL DEFAULT '',
  seal_numbers TEXT NOT NULL DEFAULT '',
  photo_hashes TEXT NOT NULL DEFAULT '',   -- '|'-separated SHA-256 of the photos
  store_id BIGINT REFERENCES custody_stores (id),
  seized_on TEXT NOT NULL,
  seized BIGINT NOT NULL,
  in_custody BIGINT NOT NULL,
  sampled BIGINT NOT NULL DEFAULT 0,
  returned BIGINT NOT NULL DEFAULT 0,
  handed_over BIGINT NOT NULL DEFAULT 0,
  retained BIGINT NOT NULL DEFAULT 0,
  destroyed BIGINT NOT NULL DEFAULT 0,
  version BIGINT NOT NULL DEFAULT 1,
  created_by BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  CHECK (seized > 0 AND in_custody >= 0 AND sampled >= 0 AND returned >= 0 AND handed_over >= 0
         AND retained >= 0 AND destroyed >= 0),
  CHECK (seized = in_custody + sampled + returned + handed_over + retained + destroyed)
);
CREATE INDEX custody_items_case ON custody_items (case_id, id);
CREATE INDEX custody_items_agency ON custody_items (agency_id, id);
CREATE INDEX custody_items_province ON custody_items (province_code, id);
CREATE INDEX custody_items_store ON custody_items (store_id, id);

-- Every movement of a line, in order: seize (registration), store_in, move, sample, return,
-- hand_over, retain, destroy.
CREATE TABLE custody_movements (
  id {{ID}},
  item_id BIGINT NOT NULL REFERENCES custody_items (id),
  kind TEXT NOT NULL,
  quantity BIGINT NOT NULL,
  from_store_id BIGINT REFERENCES custody_stores (id),
  to_store_id BIGINT REFERENCES custody_stores (id),
  destruction_id BIGINT,
  reference TEXT NOT NULL DEFAULT '',      -- transfer number, civil case number …
  note TEXT NOT NULL DEFAULT '',
  actor_id BIGINT,
  at BIGINT NOT NULL
);
CREATE INDEX custody_movements_item ON custody_movements (item_id, id);

-- 具有环境无害化销毁能力的单位名录: published on the public portal.
CREATE TABLE destruction_units (
  id {{ID}},
  name TEXT NOT NULL,
  region_code TEXT NOT NULL,
  province_code TEXT NOT NULL,
  prefecture_code TEXT NOT NULL,
  address TEXT NOT NULL DEFAULT '',
  capabilities TEXT NOT NULL,              -- '|'-separated custody::WasteCapabilities keys
  licence_no TEXT NOT NULL,
  licence_valid_until TEXT NOT NULL,
  capacity_tonnes BIGINT NOT NULL DEFAULT 0, -- 年处置能力（吨）
  active BIGINT NOT NULL DEFAULT 1,
  version BIGINT NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (licence_no)
);
CREATE INDEX destruction_units_province ON destruction_units (province_code, id);
CREATE INDEX destruction_units_expiry ON destruction_units (active, licence_valid_until);

-- A destruction: applied → approved | rejected → executed → supervised → closed.
CREATE TABLE destructions (
  id {{ID}},
  case_id BIGINT NOT NULL REFERENCES cases (id),
  agency_id BIGINT NOT NULL REFERENCES agencies (id),
  agency_name TEXT NOT NULL,
  region_code TEXT NOT NULL,
  province_code TEXT NOT NULL,
  prefecture_code TEXT NOT NULL,
  status TEXT NOT NULL,
  method TEXT NOT NULL,
  proposed_unit_id BIGINT NOT NULL REFERENCES destruction_units (id),
  planned_on TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  applied_by BIGINT,
  approved_by BIGINT,
  decided_at BIGINT,
  decision_note TEXT NOT NULL DEFAULT '',
  unit_id BIGINT REFERENCES destruction_units (id),
  executed_on TEXT,
  execution_note TEXT NOT NULL DEFAULT '',
  supervisors TEXT NOT NULL DEFAULT '',    -- '|'-separated names of the supervising officers
  evidence_hashes TEXT NOT NULL DEFAULT '', -- '|'-separated SHA-256 of photos and videos
  weight_before_g BIGINT,
  weight_after_g BIGINT,
  certificate_no TEXT UNIQUE,
  closed_at BIGINT,
  version BIGINT NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX destructions_agency ON destructions (agency_id, id);
CREATE INDEX destructions_province ON destructions (province_code, id);
CREATE INDEX destructions_status ON destructions (status, id);
CREATE INDEX destructions_case ON destructions (case_id, id);

CREATE TABLE destruction_lines (
  destruction_id BIGINT NOT NULL REFERENCES destructions (id),
  item_id BIGINT NOT NULL REFERENCES custody_items (id),
  quantity BIGINT NOT NULL CHECK (quantity > 0),
  PRIMARY KEY (destruction_id, item_id)
);
CREATE INDEX destruction_lines_item ON destruction_lines (item_id);
