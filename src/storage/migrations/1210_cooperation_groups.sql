-- 区域协作组 (issue 18, docs/statistics.md "Regional cooperation"): groups of provinces whose
-- figures are the indicators summed over the members. Seeded once from
-- data/statistics/cooperation_groups.tsv at the first start (CooperationStore::SeedIfNew, marked
-- by the search_index_state row 'cooperation_seed' so that a group the office deletes or renames
-- is not brought back); edited by the office afterwards (audited).
CREATE TABLE coop_groups (
  id {{ID}},
  group_key TEXT UNIQUE,                   -- seeded groups' stable code; NULL for the office's own
  name TEXT NOT NULL UNIQUE,
  basis TEXT NOT NULL DEFAULT '',          -- the agreement or plan the group rests on
  version BIGINT NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

-- One row per member province. `source` and `confidence` say where the membership comes from:
-- the seed file's (S, M, C) or 'office' for a member the office set.
CREATE TABLE coop_group_members (
  group_id BIGINT NOT NULL REFERENCES coop_groups (id),
  region_code TEXT NOT NULL,
  source TEXT NOT NULL,
  confidence TEXT NOT NULL,
  PRIMARY KEY (group_id, region_code)
);
