-- Sweeps of lifted legal holds and of the sign-in records that belong to no school (platform
-- operators' events, under the nil school id). The application role cannot delete these rows; as in
-- V83, each function deletes at most batch_size rows older than the cut-off and says which.

-- Lifted holds of the school in scope, lifted before the cut-off. A standing hold is never deleted.
create function custodian_sweep_legal_holds(sweep_school uuid, cutoff timestamptz, batch_size integer)
    returns table (hold_id uuid, dated timestamptz)
    language plpgsql security definer set search_path = pg_catalog, public, pg_temp
as $$
begin
    if sweep_school is distinct from custodian_current_school() then
        raise exception 'not the school in scope' using errcode = '42501';
    end if;
    return query
        with doomed as (
            select h.id from public.legal_hold h
             where h.school_id = sweep_school and h.lifted_at is not null and h.lifted_at < cutoff
             order by h.lifted_at, h.id limit batch_size),
             gone as (delete from public.legal_hold h using doomed
         where h.school_id = sweep_school and h.id = doomed.id and h.lifted_at is not null
                 returning h.id as gone_id, h.lifted_at as gone_at)
        select gone_id, gone_at from gone;
end
$$;
revoke all on function custodian_sweep_legal_holds(uuid, timestamptz, integer) from public;
grant execute on function custodian_sweep_legal_holds(uuid, timestamptz, integer) to ${app_role};

-- The platform's own sign-in records (school id nil), in the platform's scope only; how many it deleted.
create function custodian_sweep_platform_sign_in_records(cutoff timestamptz, batch_size integer)
    returns integer
    language plpgsql security definer set search_path = pg_catalog, public, pg_temp
as $$
declare
    swept integer;
begin
    if not custodian_platform_scope() then
        raise exception 'not in the platform scope' using errcode = '42501';
    end if;
    with doomed as (
        select e.id from public.security_event e
         where e.school_id = '00000000-0000-0000-0000-000000000000'::uuid and e.occurred_at < cutoff
         order by e.occurred_at, e.id limit batch_size)
    delete from public.security_event e using doomed
     where e.school_id = '00000000-0000-0000-0000-000000000000'::uuid and e.id = doomed.id;
    get diagnostics swept = row_count;
    return swept;
end
$$;
revoke all on function custodian_sweep_platform_sign_in_records(timestamptz, integer) from public;
grant execute on function custodian_sweep_platform_sign_in_records(timestamptz, integer) to ${app_role};
