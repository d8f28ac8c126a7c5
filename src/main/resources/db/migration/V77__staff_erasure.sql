-- Erasing a member of staff: their data key is destroyed (name and username become unreadable), the
-- row stays for the records that name its id (events, access log, receipts) but loses its username
-- index and credentials, and is marked erased.
alter table user_account add column erased_at timestamptz;
alter table user_account add constraint user_account_erased_is_removed check (erased_at is null or removed_at is not null);

-- The tombstone: the platform-wide blind index of the username (a keyed PRF, never the username),
-- when, and the rights request answered. It expires (custodian.rights.erasure.staff-tombstone-retention).
create table erased_staff (
    school_id         uuid not null references school (id),
    id                uuid not null,
    username_index    bytea not null check (length(username_index) = 32),
    erased_at         timestamptz not null,
    request_reference uuid,
    primary key (school_id, id)
);
alter table erased_staff enable row level security;
alter table erased_staff force row level security;
create policy erased_staff_tenant on erased_staff
    using (school_id = custodian_current_school())
    with check (school_id = custodian_current_school());
revoke update, delete, truncate on erased_staff from ${app_role};

-- The application role cannot delete tombstones; this deletes only the school in scope's expired ones.
create function custodian_expire_erased_staff(tombstone_school uuid, erased_before timestamptz)
    returns integer
    language plpgsql security definer set search_path = pg_catalog, public, pg_temp
as $$
declare
    expired integer;
begin
    if tombstone_school is distinct from custodian_current_school() then
        raise exception 'not the school in scope' using errcode = '42501';
    end if;
    delete from public.erased_staff where school_id = tombstone_school and erased_at < erased_before;
    get diagnostics expired = row_count;
    return expired;
end
$$;
revoke all on function custodian_expire_erased_staff(uuid, timestamptz) from public;
grant execute on function custodian_expire_erased_staff(uuid, timestamptz) to ${app_role};
