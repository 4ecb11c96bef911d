-- 个人信用档案 (docs/credit.md): a natural person's records are found by ID number.
CREATE INDEX disclosures_id_number ON disclosures (id_number);
CREATE INDEX case_parties_id_number ON case_parties (id_number);
