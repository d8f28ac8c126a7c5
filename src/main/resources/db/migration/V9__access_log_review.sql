-- Reviewing the access log (access_log_entry itself stays untouched: append-only, hash-chained).
-- No foreign keys to access_log_entry: the chain's verifier must still see an entry removed or
-- moved by someone with owner access as missing, and a flag must not stop that from happening.

-- Flags raised by the flagging job, one row per entry and flag. Append-only: a flag is a finding.
create table access_log_flag (
    school_id uuid not null,
    sequence  bigint not null,
    flag      text not null check (flag in ('BULK_READ', 'OUT_OF_HOURS', 'OUTSIDE_CLASSES', 'SUPPORT_ACCESS')),
    primary key (school_id, sequence, flag)
);
-- "Entries with flag F, newest first".
create index access_log_flag_by_flag on access_log_flag (school_id, flag, sequence);
alter table access_log_flag enable row level security;
alter table access_log_flag force row level security;
create policy access_log_flag_tenant on access_log_flag
    using (school_id = custodian_current_school())
    with check (school_id = custodian_current_school());
revoke update, delete, truncate on access_log_flag from ${app_role};

-- How far the flagging job has got in each school's log (the last sequence it processed).
create table access_log_flag_watermark (
    school_id     uuid not null,
    last_sequence bigint not null check (last_sequence >= 0),
    primary key (school_id)
);
alter table access_log_flag_watermark enable row level security;
alter table access_log_flag_watermark force row level security;
create policy access_log_flag_watermark_tenant on access_log_flag_watermark
    using (school_id = custodian_current_school())
    with check (school_id = custodian_current_school());
revoke delete, truncate on access_log_flag_watermark from ${app_role};

-- An entry marked reviewed: who, when, and a note encrypted under the reviewer's own staff data
-- key (field access-log.review-note). One review per entry; append-only. No foreign key to
-- user_account: like security_event, the record outlives the account.
create table access_log_review (
    school_id   uuid not null,
    sequence    bigint not null,
    reviewed_by uuid not null,
    reviewed_at timestamptz not null,
    note        bytea not null,
    primary key (school_id, sequence)
);
alter table access_log_review enable row level security;
alter table access_log_review force row level security;
create policy access_log_review_tenant on access_log_review
    using (school_id = custodian_current_school())
    with check (school_id = custodian_current_school());
revoke update, delete, truncate on access_log_review from ${app_role};

-- "Who accessed this pupil": one row per subject of each entry, kept by a trigger in the appending
-- transaction, searched newest first through its primary key. V7's GIN index on
-- (school_id, subject_ids) cannot serve this query: row-level security lets the planner use an
-- index only for leakproof operators, and array containment (@>) is not one, so every search read
-- the school's whole log. (And its school_id key would match the whole school anyway.) Derived
-- data, outside the hash chain; entries keep their subject_ids, which the chain covers.
create table access_log_subject (
    school_id  uuid not null,
    subject_id uuid not null,
    sequence   bigint not null,
    primary key (school_id, subject_id, sequence)
);
alter table access_log_subject enable row level security;
alter table access_log_subject force row level security;
create policy access_log_subject_tenant on access_log_subject
    using (school_id = custodian_current_school())
    with check (school_id = custodian_current_school());
revoke update, delete, truncate on access_log_subject from ${app_role};

create function access_log_subject_rows() returns trigger language plpgsql as $$
begin
    insert into access_log_subject (school_id, subject_id, sequence)
    select new.school_id, subject, new.sequence from unnest(new.subject_ids) as subject
    on conflict do nothing;
    return null;
end
$$;
create trigger access_log_entry_subject_rows after insert on access_log_entry
    for each row execute function access_log_subject_rows();

-- Entries written before this migration (row-level security is lifted for the copy only).
alter table access_log_entry no force row level security;
alter table access_log_subject no force row level security;
insert into access_log_subject (school_id, subject_id, sequence)
select school_id, subject, sequence from access_log_entry, unnest(subject_ids) as subject
on conflict do nothing;
alter table access_log_entry force row level security;
alter table access_log_subject force row level security;

drop index access_log_entry_subjects;
