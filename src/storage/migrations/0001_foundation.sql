-- Foundation: agencies, users, sessions, API tokens, the audit chain.
-- (Login rate limiting is kept in memory: a refused login writes nothing.)
-- Portable SQL (docs/storage.md): instants are BIGINT epoch seconds, booleans INTEGER 0/1.

CREATE TABLE agencies (
  id {{ID}},
  name TEXT NOT NULL UNIQUE,             -- canonical full name, e.g. 国家市场监督管理总局
  short_name TEXT NOT NULL DEFAULT '',   -- 市场监管总局
  kind TEXT NOT NULL,                    -- market_regulation, customs, police, procuratorate …
  level TEXT NOT NULL,                   -- national, provincial, prefecture, county
  region_code TEXT NOT NULL,             -- GB/T 2260; '000000' = national
  aliases TEXT NOT NULL DEFAULT '',      -- '|'-separated other names
  active INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL
);
CREATE INDEX agencies_region ON agencies (region_code);

CREATE TABLE users (
  id {{ID}},
  login TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  password_hash TEXT NOT NULL,           -- argon2id, libsodium crypto_pwhash_str format
  agency_id BIGINT NOT NULL REFERENCES agencies (id),
  region_code TEXT NOT NULL,             -- scope: this region and its subtree
  roles TEXT NOT NULL,                   -- ','-separated role codes
  active INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  password_changed_at BIGINT NOT NULL
);
CREATE INDEX users_agency ON users (agency_id);

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,           -- SHA-256 of the cookie secret; the secret is never stored
  user_id BIGINT NOT NULL REFERENCES users (id),
  csrf_token TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL,
  client TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
  id {{ID}},
  user_id BIGINT NOT NULL REFERENCES users (id),
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  created_at BIGINT NOT NULL,
  expires_at BIGINT,
  last_used_at BIGINT,
  revoked INTEGER NOT NULL DEFAULT 0
);

-- Append-only audit log, chained by SHA-256 (docs/audit.md). seq is gap-free and assigned under
-- the audit_head row lock; hash = SHA-256 of the canonical record text including prev_hash.
CREATE TABLE audit_log (
  id {{ID}},
  seq BIGINT NOT NULL UNIQUE,
  at BIGINT NOT NULL,
  actor_id BIGINT,
  actor_login TEXT NOT NULL,
  action TEXT NOT NULL,
  entity_type TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  summary TEXT NOT NULL,
  before_json TEXT,
  after_json TEXT,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_entity ON audit_log (entity_type, entity_id);

-- One row: the head of the chain, so deleting the newest records is detected too.
CREATE TABLE audit_head (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  seq BIGINT NOT NULL,
  hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
