-- The store's identity: a random id made once, when this migration runs on a new or upgraded store.
-- Whatever a server keeps outside the store about it — the correlation index snapshot
-- (docs/scale-out.md "Restarting from a snapshot") — names this id, so that a file written for
-- another store is never loaded. `ipenforce restore` renews it (app::RecordRestore): a store put
-- back from a backup is an older state that a snapshot's feed position cannot always tell apart.
CREATE TABLE store_identity (
  singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
  store_id TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
INSERT INTO store_identity (singleton, store_id, created_at)
VALUES (1, replace(gen_random_uuid()::text, '-', ''), CAST(extract(epoch FROM now()) AS BIGINT));
