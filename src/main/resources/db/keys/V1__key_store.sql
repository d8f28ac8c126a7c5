-- The key store, in its own database apart from the data: a copy of the data database (a dump, a
-- PITR archive, its WAL, its dead tuples) holds no key, so destroying a subject's key here reaches
-- every copy of their data. Every key column holds wrapped keysets only: school keysets under the
-- master key (a file, in no database), subject data keys under their school's AEAD keyset.

create function custodian_current_school() returns uuid
    language sql stable
as $$ select nullif(current_setting('custodian.school_id', true), '')::uuid $$;

-- Reads across schools (the orphan sweep, the key-backup stream) set this for their transaction.
create function custodian_platform_scope() returns boolean
    language sql stable
as $$ select coalesce(current_setting('custodian.platform', true), '') = 'on' $$;

-- A school's keysets: AEAD (wraps its subjects' data keys) and PRF (blind indexes). Rotation and
-- re-wrap replace the wrapped keyset; a row is deleted only when its school is purged.
create table school_keyset (
    school_id      uuid not null,
    purpose        text not null check (purpose in ('AEAD', 'PRF')),
    wrapped_keyset bytea not null,
    primary_key_id bigint not null,
    created_at     timestamptz not null,
    rotated_at     timestamptz,
    master_key_id  bigint,
    primary key (school_id, purpose)
);

-- One data key per subject. Deleting the row is crypto-shredding. confirmed_at stays null until the
-- data side's record of the key's creation is seen (subject_key_intent in the data database): a key
-- whose creating transaction rolled back is an orphan, and the sweep deletes it.
create table subject_data_key (
    school_id       uuid not null,
    subject_id      uuid not null,
    subject_kind    text not null check (subject_kind in ('PUPIL', 'STAFF')),
    wrapped_key     bytea not null,
    wrapping_key_id bigint not null,
    created_at      timestamptz not null,
    confirmed_at    timestamptz,
    primary key (school_id, subject_id)
);
create index subject_data_key_wrapping on subject_data_key (school_id, wrapping_key_id);
create index subject_data_key_unconfirmed on subject_data_key (created_at) where confirmed_at is null;

-- The erasure ledger: ids and times only. An erased subject never gets a key again, and a restore
-- re-applies the ledger to whatever older backup it restores.
create table erased_subject (
    school_id  uuid not null,
    subject_id uuid not null,
    erased_at  timestamptz not null,
    primary key (school_id, subject_id)
);

-- Schools whose keys were all destroyed when the school was purged (ids and times only).
create table purged_school (
    school_id uuid not null primary key,
    purged_at timestamptz not null
);

-- Row-level security, forced (the owner too): a school's transaction sees its own rows; a platform
-- transaction may read every row, never write.
do $$
declare
    t text;
begin
    foreach t in array array['school_keyset', 'subject_data_key', 'erased_subject', 'purged_school'] loop
        execute format('alter table %I enable row level security', t);
        execute format('alter table %I force row level security', t);
        execute format('create policy %I on %I using (school_id = custodian_current_school()) '
                       'with check (school_id = custodian_current_school())', t || '_tenant', t);
        execute format('create policy %I on %I for select using (custodian_platform_scope())', t || '_platform_read', t);
    end loop;
end $$;

revoke all on school_keyset, subject_data_key, erased_subject, purged_school from public;
grant select, insert on school_keyset to ${app_role};
grant update (wrapped_keyset, primary_key_id, rotated_at, master_key_id) on school_keyset to ${app_role};
grant select, insert, delete on subject_data_key to ${app_role};
grant update (wrapped_key, wrapping_key_id, confirmed_at) on subject_data_key to ${app_role};
grant select, insert on erased_subject, purged_school to ${app_role};
-- VACUUM after erasures, so no dead tuple keeps a destroyed key (PostgreSQL 17: MAINTAIN).
grant maintain on school_keyset, subject_data_key, erased_subject to ${app_role};

-- A purged school's keys go, all at once; the ledger rows of its subjects with them (the
-- purged_school row covers them all). Only for the school in scope.
create function custodian_purge_school_keys(purged uuid, at timestamptz) returns bigint
    language plpgsql security definer set search_path = pg_catalog, public, pg_temp
as $$
declare
    deleted bigint;
    more bigint;
begin
    if purged is distinct from custodian_current_school() then
        raise exception 'not the school in scope' using errcode = '42501';
    end if;
    insert into public.purged_school (school_id, purged_at) values (purged, at) on conflict do nothing;
    delete from public.subject_data_key where school_id = purged;
    get diagnostics deleted = row_count;
    delete from public.school_keyset where school_id = purged;
    get diagnostics more = row_count;
    delete from public.erased_subject where school_id = purged;
    return deleted + more;
end $$;
revoke all on function custodian_purge_school_keys(uuid, timestamptz) from public;
grant execute on function custodian_purge_school_keys(uuid, timestamptz) to ${app_role};

-- The schema version, for key backups' manifests (the history table is the owner's alone).
create function custodian_key_store_version() returns text
    language sql stable security definer set search_path = pg_catalog, public, pg_temp
as $$ select version from public.flyway_schema_history where success and version is not null
      order by installed_rank desc limit 1 $$;
revoke all on function custodian_key_store_version() from public;
grant execute on function custodian_key_store_version() to ${app_role};
