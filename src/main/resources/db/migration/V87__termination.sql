-- The end of a school's contract. A terminated school keeps its data for a grace period (its own,
-- set by platform admins, or custodian.schools.grace-period), during which only its admin may sign
-- in, to take the school's data back; then everything of the school is deleted, keysets included.

alter table school add column grace_period_days integer check (grace_period_days between 0 and 3660);

-- Art 28(3)(g): at the end of the contract the processor returns the controller's data.
insert into processing_purpose (code, description, lawful_basis, allowed_roles, default_for, reason_required,
                                may_change, position)
values ('CONTRACT_END_RETURN', 'Returning the school''s data to it at the end of its contract',
        'Contract (Art 6(1)(b)), Art 28(3)(g)', '{SCHOOL_ADMIN}', '{}', false, false,
        (select max(position) + 1 from processing_purpose));

-- Reminders of the end of the grace period, one row per reminder sent: a reminder goes once.
create table termination_reminder (
    school_id     uuid not null references school (id),
    grace_ends_on date not null,
    days_before   integer not null check (days_before > 0),
    sent_at       timestamptz not null,
    primary key (school_id, grace_ends_on, days_before)
);
alter table termination_reminder enable row level security;
alter table termination_reminder force row level security;
create policy termination_reminder_tenant on termination_reminder
    using (school_id = custodian_current_school())
    with check (school_id = custodian_current_school());
revoke update, delete, truncate on termination_reminder from ${app_role};

-- What a purge deleted: counts per retention category and the SHA-256 of each category's sorted
-- ids. No personal data; kept with the school's contract records (the deletion certificate's source).
create table school_purge (
    school_id uuid not null references school (id),
    category  text not null,
    deleted   bigint not null,
    ids_sha256 text not null,
    purged_at timestamptz not null,
    primary key (school_id, category)
);
alter table school_purge enable row level security;
alter table school_purge force row level security;
create policy school_purge_tenant on school_purge
    using (school_id = custodian_current_school() or custodian_platform_scope())
    with check (school_id = custodian_current_school());
revoke update, delete, truncate on school_purge from ${app_role};

-- Deletes every row of the school in scope, which must already be marked PURGED: every table with
-- a school_id column, and the rows of its accounts in tables keyed by user_id. Its keysets and
-- subject keys go with them, so what a backup still holds of the school cannot be decrypted from
-- the live database's keys. Kept: the school row, its state changes, the purge records and
-- reminders, and deletion certificates. Counts and the SHA-256 of the sorted ids are taken per
-- category (categories[i] holds tables[i]; a table named in neither is counted as UNCATEGORISED).
create function custodian_purge_school(purged_school uuid, categories text[], tables text[])
    returns table (category text, deleted bigint, ids_sha256 text)
    language plpgsql security definer set search_path = pg_catalog, public, pg_temp
as $$
declare
    t record;
    names text[] := '{}';
    conditions text[] := '{}';
    id_columns text[] := '{}';
    cats text[] := '{}';
    cat text;
    counted bigint;
    total bigint;
    ids_query text;
    digest text;
    remaining text[];
    blocked text[];
    name text;
    progress boolean;
begin
    if purged_school is distinct from custodian_current_school() then
        raise exception 'not the school in scope' using errcode = '42501';
    end if;
    if (select s.state from public.school s where s.id = purged_school) is distinct from 'PURGED' then
        raise exception 'the school is not marked purged' using errcode = '55000';
    end if;
    for t in
        select c.relname::text as relname,
               exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'school_id'
                                                      and not a.attisdropped) as by_school,
               exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'user_id'
                                                      and not a.attisdropped) as by_user,
               exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'id'
                                                      and not a.attisdropped) as has_id
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind in ('r', 'p')
          and c.relname not in ('school', 'school_state_change', 'school_purge', 'termination_reminder')
          and c.relname not like 'deletion\_certificate%'
        order by c.relname
    loop
        if t.by_school then
            names := names || t.relname;
            conditions := conditions || format('school_id = %L', purged_school);
        elsif t.by_user then
            names := names || t.relname;
            conditions := conditions
                || format('user_id in (select u.id from public.user_account u where u.school_id = %L)', purged_school);
        else
            continue;
        end if;
        id_columns := id_columns || (case when t.has_id then 'id::text' end);
        cats := cats || coalesce(categories[array_position(tables, t.relname)], 'UNCATEGORISED');
    end loop;

    -- Counted before anything is deleted: references between tables must not hide rows.
    for cat in select distinct x from unnest(cats) x order by 1 loop
        total := 0;
        ids_query := null;
        for i in 1 .. cardinality(names) loop
            continue when cats[i] <> cat;
            execute format('select count(*) from public.%I where %s', names[i], conditions[i]) into counted;
            total := total + counted;
            if id_columns[i] is not null then
                ids_query := coalesce(ids_query || ' union all ', '')
                    || format('select %s as id from public.%I where %s', id_columns[i], names[i], conditions[i]);
            end if;
        end loop;
        digest := encode(sha256(''::bytea), 'hex');
        if ids_query is not null then
            execute 'select encode(sha256(convert_to(coalesce(string_agg(id, E''\n'' order by id), ''''), ''UTF8'')), '
                    || '''hex'') from (' || ids_query || ') ids' into digest;
        end if;
        category := cat;
        deleted := total;
        ids_sha256 := digest;
        return next;
    end loop;

    -- Deleted in rounds: a table still referenced by another waits for the next round.
    remaining := names;
    while cardinality(remaining) > 0 loop
        blocked := '{}';
        progress := false;
        foreach name in array remaining loop
            begin
                execute format('delete from public.%I where %s', name,
                               conditions[array_position(names, name)]);
                progress := true;
            exception when foreign_key_violation then
                blocked := blocked || name;
            end;
        end loop;
        if not progress then
            raise exception 'the purge cannot delete tables still referenced: %', blocked using errcode = '23503';
        end if;
        remaining := blocked;
    end loop;
end
$$;
revoke all on function custodian_purge_school(uuid, text[], text[]) from public;
grant execute on function custodian_purge_school(uuid, text[], text[]) to ${app_role};
