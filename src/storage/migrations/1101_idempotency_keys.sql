-- Issue 20: inbound idempotency. A partner's system retrying an import (cases, leads, complaints)
-- with the same Idempotency-Key gets the first answer again instead of a second import; the same key
-- with another body is refused (409). Keys are per account and route and live 24 hours.
-- status 0: the first request is still running (a concurrent retry is refused with 409).
CREATE TABLE idempotency_keys (
  user_id BIGINT NOT NULL,
  route TEXT NOT NULL,
  idem_key TEXT NOT NULL,
  body_hash TEXT NOT NULL,
  status INTEGER NOT NULL,
  content_type TEXT NOT NULL DEFAULT '',
  response TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  PRIMARY KEY (user_id, route, idem_key)
);
