-- Retention sweeps: each school's choice between automatic deletion and the DPO's approval of each
-- sweep, the previews a DPO approves, the sweeps themselves (resumable: every batch records the ids
-- it deleted in its own transaction) and the signed deletion certificates. Ids, counts and dates
-- only: nothing here is personal data in itself.

-- Automatic deletion or DPO approval, per school: every choice kept (who, when); the newest applies.
create table retention_sweep_mode (
    school_id         uuid not null references school (id),
    id                uuid not null,
    approval_required boolean not null,
    changed_by        uuid not null,
    changed_at        timestamptz not null,
    primary key (school_id, id)
);
create index retention_sweep_mode_newest on retention_sweep_mode (school_id, changed_at desc);
alter table retention_sweep_mode enable row level security;
alter table retention_sweep_mode force row level security;
create policy retention_sweep_mode_tenant on retention_sweep_mode
    using (school_id = custodian_current_school())
    with check (school_id = custodian_current_school());
revoke update, delete, truncate on retention_sweep_mode from ${app_role};

-- What the next sweep would delete, per category: cut-off times, counts and the SHA-256 of the
-- sorted candidate ids, so an approval can tell a preview that no longer matches the data.
create table retention_preview (
    school_id   uuid not null references school (id),
    id          uuid not null,
    made_at     timestamptz not null,
    categories  jsonb not null,
    approved_by uuid,
    approved_at timestamptz,
    primary key (school_id, id),
    check ((approved_by is null) = (approved_at is null))
);
create index retention_preview_newest on retention_preview (school_id, made_at desc);
alter table retention_preview enable row level security;
alter table retention_preview force row level security;
create policy retention_preview_tenant on retention_preview
    using (school_id = custodian_current_school())
    with check (school_id = custodian_current_school());
revoke update, delete, truncate on retention_preview from ${app_role};
grant update (approved_by, approved_at) on retention_preview to ${app_role};

-- One sweep of one school: its cut-offs are fixed when it starts, so a sweep resumed after a crash
-- deletes by the same rules; finished_at is set when its last batch is done.
create table retention_sweep (
    school_id      uuid not null references school (id),
    id             uuid not null,
    started_at     timestamptz not null,
    preview_id     uuid,
    categories     jsonb not null,
    finished_at    timestamptz,
    certificate_id uuid,
    primary key (school_id, id)
);
create unique index retention_sweep_running on retention_sweep (school_id) where finished_at is null;
create unique index retention_sweep_preview on retention_sweep (school_id, preview_id) where preview_id is not null;
alter table retention_sweep enable row level security;
alter table retention_sweep force row level security;
create policy retention_sweep_tenant on retention_sweep
    using (school_id = custodian_current_school())
    with check (school_id = custodian_current_school());
revoke update, delete, truncate on retention_sweep from ${app_role};
grant update (finished_at, certificate_id) on retention_sweep to ${app_role};

-- The ids one sweep deleted, written in the same transaction as each batch's deletion, so the
-- certificate covers every batch even when the sweep was resumed. Cleared once certified.
create table retention_sweep_item (
    school_id  uuid not null,
    sweep_id   uuid not null,
    category   text not null,
    item_id    text not null,
    dated      timestamptz not null,
    primary key (school_id, sweep_id, category, item_id),
    foreign key (school_id, sweep_id) references retention_sweep (school_id, id)
);
alter table retention_sweep_item enable row level security;
alter table retention_sweep_item force row level security;
create policy retention_sweep_item_tenant on retention_sweep_item
    using (school_id = custodian_current_school())
    with check (school_id = custodian_current_school());
revoke update, truncate on retention_sweep_item from ${app_role};

-- Signed deletion certificates (of sweeps and purges): the canonical JSON that was signed, the
-- signature and the public key that verifies it. Never changed, never deleted by the application.
create table deletion_certificate (
    school_id  uuid not null references school (id),
    id         uuid not null,
    kind       text not null check (kind in ('SWEEP', 'PURGE')),
    issued_at  timestamptz not null,
    document   text not null,
    signature  bytea not null check (length(signature) = 64),
    public_key bytea not null check (length(public_key) = 32),
    primary key (school_id, id)
);
create index deletion_certificate_newest on deletion_certificate (school_id, issued_at desc);
alter table deletion_certificate enable row level security;
alter table deletion_certificate force row level security;
create policy deletion_certificate_tenant on deletion_certificate
    using (school_id = custodian_current_school())
    with check (school_id = custodian_current_school());
revoke update, delete, truncate on deletion_certificate from ${app_role};

-- The deletions themselves. The application role cannot delete these records; each function
-- deletes at most batch_size of the school in scope's records older than the cut-off (never the
-- excluded subjects, which are under a legal hold) and returns each deleted record's id and date.

create function custodian_sweep_sign_in_records(sweep_school uuid, cutoff timestamptz, batch_size integer,
                                                held_staff uuid[])
    returns table (item_id text, dated timestamptz)
    language plpgsql security definer set search_path = pg_catalog, public, pg_temp
as $$
begin
    if sweep_school is distinct from custodian_current_school() then
        raise exception 'not the school in scope' using errcode = '42501';
    end if;
    return query
        with doomed as (
            select e.id from public.security_event e
             where e.school_id = sweep_school and e.occurred_at < cutoff
               and (e.user_id is null or not e.user_id = any (held_staff))
             order by e.occurred_at, e.id limit batch_size),
             gone as (delete from public.security_event e using doomed
         where e.school_id = sweep_school and e.id = doomed.id
                 returning 'security_event:' || e.id::text as gone_id, e.occurred_at as gone_at)
        select gone_id, gone_at from gone;
    return query
        with doomed as (
            select d.token_hash from public.device_cookie d join public.user_account u on u.id = d.user_id
             where u.school_id = sweep_school and d.expires_at < cutoff and not d.user_id = any (held_staff)
             order by d.expires_at limit batch_size),
             gone as (delete from public.device_cookie d using doomed
         where d.token_hash = doomed.token_hash
                 returning 'device_cookie:' || encode(d.token_hash, 'hex') as gone_id, d.expires_at as gone_at)
        select gone_id, gone_at from gone;
    return query
        with doomed as (
            select l.user_id from public.account_lockout l join public.user_account u on u.id = l.user_id
             where u.school_id = sweep_school and greatest(l.window_started_at, l.locked_until) < cutoff
               and not l.user_id = any (held_staff)
             order by l.window_started_at limit batch_size),
             gone as (delete from public.account_lockout l using doomed
         where l.user_id = doomed.user_id
                 returning 'account_lockout:' || l.user_id::text as gone_id, greatest(l.window_started_at, l.locked_until) as gone_at)
        select gone_id, gone_at from gone;
end
$$;
revoke all on function custodian_sweep_sign_in_records(uuid, timestamptz, integer, uuid[]) from public;
grant execute on function custodian_sweep_sign_in_records(uuid, timestamptz, integer, uuid[]) to ${app_role};

-- Invitations and reset links made before the cut-off that can no longer be used (accepted,
-- revoked, used or expired by now).
create function custodian_sweep_one_time_links(sweep_school uuid, cutoff timestamptz, now_at timestamptz,
                                               batch_size integer, held_staff uuid[])
    returns table (item_id text, dated timestamptz)
    language plpgsql security definer set search_path = pg_catalog, public, pg_temp
as $$
begin
    if sweep_school is distinct from custodian_current_school() then
        raise exception 'not the school in scope' using errcode = '42501';
    end if;
    return query
        with doomed as (
            select i.id from public.user_invitation i
             where i.school_id = sweep_school and i.created_at < cutoff
               and (i.accepted_at is not null or i.revoked_at is not null or i.expires_at <= now_at)
               and not i.user_id = any (held_staff)
             order by i.created_at, i.id limit batch_size),
             gone as (delete from public.user_invitation i using doomed
         where i.school_id = sweep_school and i.id = doomed.id
                 returning 'user_invitation:' || i.id::text as gone_id, i.created_at as gone_at)
        select gone_id, gone_at from gone;
    return query
        with doomed as (
            select r.token_hash from public.password_reset r join public.user_account u on u.id = r.user_id
             where u.school_id = sweep_school and r.created_at < cutoff
               and (r.used_at is not null or r.expires_at <= now_at) and not r.user_id = any (held_staff)
             order by r.created_at limit batch_size),
             gone as (delete from public.password_reset r using doomed
         where r.token_hash = doomed.token_hash
                 returning 'password_reset:' || encode(r.token_hash, 'hex') as gone_id, r.created_at as gone_at)
        select gone_id, gone_at from gone;
end
$$;
revoke all on function custodian_sweep_one_time_links(uuid, timestamptz, timestamptz, integer, uuid[]) from public;
grant execute on function custodian_sweep_one_time_links(uuid, timestamptz, timestamptz, integer, uuid[]) to ${app_role};

-- Finished imports (their file key goes with the row, so any file left on disk is unreadable).
create function custodian_sweep_import_jobs(sweep_school uuid, cutoff timestamptz, batch_size integer)
    returns table (item_id text, dated timestamptz)
    language plpgsql security definer set search_path = pg_catalog, public, pg_temp
as $$
begin
    if sweep_school is distinct from custodian_current_school() then
        raise exception 'not the school in scope' using errcode = '42501';
    end if;
    return query
        with doomed as (
            select j.id from public.import_job j
             where j.school_id = sweep_school and j.created_at < cutoff
               and j.state in ('COMMITTED', 'FAILED', 'DISCARDED')
             order by j.created_at, j.id limit batch_size),
             gone as (delete from public.import_job j using doomed
         where j.school_id = sweep_school and j.id = doomed.id
                 returning 'import_job:' || j.id::text as gone_id, j.created_at as gone_at)
        select gone_id, gone_at from gone;
end
$$;
revoke all on function custodian_sweep_import_jobs(uuid, timestamptz, integer) from public;
grant execute on function custodian_sweep_import_jobs(uuid, timestamptz, integer) to ${app_role};
