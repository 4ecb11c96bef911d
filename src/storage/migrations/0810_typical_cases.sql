-- 典型案例 (以案释法, seed task 29): cases the leading group's office publishes on the portal to
-- explain the law, with personal data hidden from the text (core::RedactPersonalData). The office
-- writes and publishes; withdrawal takes a case off the portal with its reason. docs/credit.md.
CREATE TABLE typical_cases (
  id {{ID}},
  region_code TEXT NOT NULL,               -- the publishing office's region (its scope)
  province_code TEXT NOT NULL,
  prefecture_code TEXT NOT NULL,
  case_id BIGINT REFERENCES cases (id),    -- the case it is drawn from, when there is one
  title TEXT NOT NULL,
  category TEXT NOT NULL,                  -- case category (trademark, patent, copyright, …)
  body TEXT NOT NULL,                      -- as written by the office (internal)
  body_public TEXT NOT NULL,               -- with personal data hidden: what the portal shows
  redactions TEXT NOT NULL DEFAULT '',     -- '|'-separated kinds hidden (resident_id, phone, …)
  hidden_names TEXT NOT NULL DEFAULT '',   -- '|'-separated natural persons named as 某
  lesson TEXT NOT NULL DEFAULT '',         -- 典型意义: what the case teaches
  status TEXT NOT NULL,                    -- draft, published, withdrawn
  published_at BIGINT,
  withdrawn_at BIGINT,
  withdraw_reason TEXT NOT NULL DEFAULT '',
  created_by BIGINT NOT NULL REFERENCES users (id),
  version BIGINT NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX typical_cases_region ON typical_cases (region_code, id);
CREATE INDEX typical_cases_province ON typical_cases (province_code, id);
CREATE INDEX typical_cases_prefecture ON typical_cases (prefecture_code, id);
CREATE INDEX typical_cases_public ON typical_cases (status, published_at);
