-- MIS imports (issue 5). MIS partners' API tokens act as MIS_CONNECTOR: they may use DATA_MANAGEMENT only.
update processing_purpose
set allowed_roles = allowed_roles || '{MIS_CONNECTOR}', default_for = default_for || '{MIS_CONNECTOR}'
where code = 'DATA_MANAGEMENT';

-- Leavers: the date a pupil left (or leaves). Kept in clear, unlike the record itself: retention
-- clocks start from it and must be found by SQL without decrypting every pupil; alone it is a date
-- against a random id, and it goes with the row when the pupil is erased.
alter table pupil
    add column leaving_date date,
    -- Why the date was set: the file gave it, or the pupil was missing from a full file.
    add column leaving_reason text check (leaving_reason in ('IN_FILE', 'ABSENT_FROM_FULL_FILE'));
create index pupil_leaving on pupil (school_id, leaving_date) where leaving_date is not null;

-- A pupil erased from the school's records must not silently come back with the next import: the
-- UPN's blind index (a keyed PRF, not the UPN) outlives the record so an import can flag it for the DPO.
create table erased_pupil (
    school_id  uuid not null references school (id),
    upn_index  bytea not null,
    purpose    text not null,
    erased_at  timestamptz not null,
    primary key (school_id, upn_index)
);
alter table erased_pupil enable row level security;
alter table erased_pupil force row level security;
create policy erased_pupil_tenant on erased_pupil
    using (school_id = custodian_current_school())
    with check (school_id = custodian_current_school());
revoke update on erased_pupil from ${app_role};

-- One import: an uploaded file (kept encrypted on disk under a key wrapped here, both deleted when
-- the import ends), previewed, then committed in one transaction. The report holds counts, field
-- names, codes and locations only, never a value from the file.
create table import_job (
    school_id        uuid not null references school (id),
    id               uuid not null,
    format           text not null check (format in ('CTF', 'CSV')),
    full_file        boolean not null,
    state            text not null check (state in ('PREVIEWING', 'PREVIEWED', 'COMMITTING', 'COMMITTED', 'FAILED', 'DISCARDED')),
    file_bytes       bigint not null,
    content_hash     bytea not null,
    file_key         bytea,
    school_check_overridden boolean not null default false,
    created_by       uuid not null,
    created_at       timestamptz not null,
    committed_by     uuid,
    finished_at      timestamptz,
    heartbeat_at     timestamptz not null,
    bytes_processed  bigint not null default 0,
    rows_processed   integer not null default 0,
    rows_total       integer,
    rate_per_second  integer,
    error_code       text,
    preview          jsonb,
    result           jsonb,
    primary key (school_id, id)
);
create index import_job_recent on import_job (school_id, created_at desc);
create index import_job_hash on import_job (school_id, content_hash) where state = 'COMMITTED';
create index import_job_running on import_job (heartbeat_at) where state in ('PREVIEWING', 'COMMITTING');
alter table import_job enable row level security;
alter table import_job force row level security;
create policy import_job_tenant on import_job
    using (school_id = custodian_current_school())
    with check (school_id = custodian_current_school());
revoke delete on import_job from ${app_role};

-- Imports stage rows in session-private temporary tables (COPY cannot write into a table guarded by
-- row-level security; INSERT ... SELECT from the staging table then goes through the policies).
do $$ begin
    execute format('grant temporary on database %I to %I', current_database(), '${app_role}');
end $$;
