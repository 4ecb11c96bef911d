-- The public portal's door (docs/credit.md "Public API"): the HMAC key of proof-of-work challenges,
-- shared by every server on the store, and the challenges already redeemed (each once, until it
-- expires).
CREATE TABLE server_secrets (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE TABLE pow_spent (
  challenge TEXT PRIMARY KEY,
  expires_at BIGINT NOT NULL
);
CREATE INDEX pow_spent_expires ON pow_spent (expires_at);
