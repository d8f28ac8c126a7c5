-- Two changes of one category in the same instant (a test clock, or two operators at once) must
-- still have a newest: each row gets its place in the order it was written.
alter table retention_limit add column written bigserial;
alter table retention_choice add column written bigserial;
grant usage on sequence retention_limit_written_seq, retention_choice_written_seq to ${app_role};
