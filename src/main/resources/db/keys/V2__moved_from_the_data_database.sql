-- An installation older than the key store kept its keys in the data database. They are copied here
-- on its first start, checked (every key accounted for, keysets and a sample of keys unwrapped),
-- and this row is written; only then are the data database's key tables dropped. Counts only.
create table key_move (
    moved_at        timestamptz not null,
    school_keysets  bigint not null,
    subject_keys    bigint not null,
    erased_subjects bigint not null
);
revoke all on key_move from public;
grant select, insert on key_move to ${app_role};
