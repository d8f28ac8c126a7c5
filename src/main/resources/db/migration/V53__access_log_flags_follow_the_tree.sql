-- Flagging walks entries in tree order: sequence numbers are no longer in commit order, so a
-- watermark on them could pass over an entry that commits late. A school's chained entries
-- 1..n sit at positions 0..n-1, so the old watermark (last sequence flagged) is the next position.
alter table access_log_flag_watermark rename column last_sequence to next_position;
