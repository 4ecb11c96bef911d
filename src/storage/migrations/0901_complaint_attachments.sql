-- Attachments of complaints and reports (photos, receipts, screenshots) sent with the portal's
-- form: size- and type-checked when received (docs/complaints.md). Confidential like the persons:
-- only the handling agency's assigned officers open them.
CREATE TABLE complaint_attachments (
  id {{ID}},
  complaint_id BIGINT NOT NULL REFERENCES complaints (id),
  filename TEXT NOT NULL,
  content_type TEXT NOT NULL,              -- image/jpeg, image/png, application/pdf
  size BIGINT NOT NULL,                    -- bytes of the decoded file
  data_base64 TEXT NOT NULL,               -- the file, base64 (the store holds text and integers only)
  created_at BIGINT NOT NULL
);
CREATE INDEX complaint_attachments_complaint ON complaint_attachments (complaint_id, id);
