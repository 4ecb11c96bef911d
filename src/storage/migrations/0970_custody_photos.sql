-- Photos of seized item lines (issue 17: "photos" of each line), kept by the platform as evidence:
-- added, never replaced or deleted; each with the SHA-256 of its bytes, which the audit row also
-- records. JPEG or PNG told by the bytes, at most 4 MiB and 10 per line (docs/custody.md).
CREATE TABLE custody_photos (
  id {{ID}},
  item_id BIGINT NOT NULL REFERENCES custody_items (id),
  filename TEXT NOT NULL,
  content_type TEXT NOT NULL,              -- image/jpeg | image/png
  size BIGINT NOT NULL,                    -- bytes of the decoded file
  sha256 TEXT NOT NULL,                    -- lower-case hex of the bytes
  data_base64 TEXT NOT NULL,               -- the file, base64 (the store holds text and integers only)
  uploaded_by BIGINT REFERENCES users (id),
  uploaded_by_name TEXT NOT NULL DEFAULT '',
  uploaded_at BIGINT NOT NULL
);
CREATE INDEX custody_photos_item ON custody_photos (item_id, id);
