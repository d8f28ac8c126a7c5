-- Who accessed which pupil records, why and when: append-only and hash-chained per school.
-- Entries hold ids and codes only; the free-text reason arrives already encrypted by the caller
-- (with the subject's data key), so crypto-shredding a pupil leaves the chain verifiable.
-- entry_hash = SHA-256(previous_hash || canonical form), see org.custodian.accesslog.LoggedEntry.
create table access_log_entry (
    school_id     uuid not null,
    sequence      bigint not null check (sequence > 0),
    actor_id      uuid not null,
    actor_role    text not null,
    subject_ids   uuid[] not null,
    fields        text[] not null,
    action        text not null,
    purpose       text not null,
    reason        bytea,
    occurred_at   timestamptz not null,
    request_id    text,
    source_ip     text,
    previous_hash bytea not null check (length(previous_hash) = 32),
    entry_hash    bytea not null check (length(entry_hash) = 32),
    primary key (school_id, sequence)
);
-- Review queries: "who accessed this pupil" (btree_gin lets school_id share the GIN index) and
-- "what did this user see between two times".
create extension if not exists btree_gin;
create index access_log_entry_subjects on access_log_entry using gin (school_id, subject_ids);
create index access_log_entry_actor_time on access_log_entry (school_id, actor_id, occurred_at);
alter table access_log_entry enable row level security;
alter table access_log_entry force row level security;
create policy access_log_entry_tenant on access_log_entry
    using (school_id = custodian_current_school())
    with check (school_id = custodian_current_school());
revoke update, delete, truncate on access_log_entry from ${app_role};
