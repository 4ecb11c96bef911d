-- Issue 13 (rules branch; migrations 0600–0649 are this work's range): an approved extension of
-- the police's decision clock (公安机关办理经济犯罪案件的若干规定 第十六条) is a transfer step
-- ("extend") that records which extension (complex: 30 日 with a county-level head's approval;
-- special: 30 日 more with the next level's), who approved it and the deadline it set.
ALTER TABLE transfer_steps ADD COLUMN extension TEXT;
ALTER TABLE transfer_steps ADD COLUMN approver TEXT;
ALTER TABLE transfer_steps ADD COLUMN extended_to BIGINT;
