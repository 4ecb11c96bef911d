-- Issue 13: inputs the rule packs use that the case did not collect, so their routes could never
-- be met: unsold marks and copies (215, 218), online clicks / paid members / works (217), the
-- right holder's bankruptcy (219), the drug aggravating circumstance (141) and what the serious
-- harm to health was (142).
ALTER TABLE cases ADD COLUMN unsold_marks_count BIGINT;    -- 尚未销售的标识件数
ALTER TABLE cases ADD COLUMN unsold_copies_count BIGINT;   -- 尚未销售的复制品数量
ALTER TABLE cases ADD COLUMN clicks_count BIGINT;          -- 实际被点击数
ALTER TABLE cases ADD COLUMN members_count BIGINT;         -- 注册会员数
ALTER TABLE cases ADD COLUMN works_count BIGINT;           -- 传播作品数量
ALTER TABLE cases ADD COLUMN right_holder_bankrupt INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN drug_aggravating INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN harm_detail TEXT NOT NULL DEFAULT '';
