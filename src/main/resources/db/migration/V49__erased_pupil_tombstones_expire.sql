-- Tombstones of erased pupils expire (custodian.pupils.tombstone-retention after the erasure): the
-- keyed fingerprint of a UPN is a pseudonym, kept no longer than it is useful. The application role
-- cannot delete tombstones; this function deletes only those of the school in scope erased before
-- the given time.
create function custodian_expire_erased_pupils(tombstone_school uuid, erased_before timestamptz)
    returns integer
    language plpgsql security definer set search_path = pg_catalog, public, pg_temp
as $$
declare
    expired integer;
begin
    if tombstone_school is distinct from custodian_current_school() then
        raise exception 'not the school in scope' using errcode = '42501';
    end if;
    delete from public.erased_pupil where school_id = tombstone_school and erased_at < erased_before;
    get diagnostics expired = row_count;
    return expired;
end
$$;
revoke all on function custodian_expire_erased_pupils(uuid, timestamptz) from public;
grant execute on function custodian_expire_erased_pupils(uuid, timestamptz) to ${app_role};
