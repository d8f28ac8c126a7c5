-- Records of closed rights requests past their period: the request with its steps, rectifications,
-- bundles, bundle items and download links, and the decided erasures that answered it (an erasure
-- with no request on record goes once it was decided before the cut-off). Kept: requests and
-- erasures about a subject under a legal hold, requests a restriction or objection still in force
-- names, and requests with an erasure still pending. The functions say what is (or was) deleted, so
-- the caller destroys each record's own data key in the same transaction.

-- Requests whose last step completed or refused them before the cut-off, and the erasures that go
-- with them (the preview counts exactly these).
create function custodian_rights_records_due(sweep_school uuid, cutoff timestamptz, held_pupils uuid[],
                                             held_staff uuid[])
    returns table (record_kind text, record_id uuid, dated timestamptz)
    language sql stable security definer set search_path = pg_catalog, public, pg_temp
as $$
    with closed as (
        select r.id, last.recorded_at from public.rights_request r
          join lateral (select s.status, s.recorded_at from public.rights_request_step s
                         where s.school_id = r.school_id and s.request_id = r.id
                         order by s.position desc limit 1) last on true
         where r.school_id = sweep_school and sweep_school = custodian_current_school()
           and last.status in ('COMPLETED', 'REFUSED') and last.recorded_at < cutoff
           and not (r.subject_kind = 'PUPIL' and r.subject_id = any (held_pupils))
           and not (r.subject_kind = 'STAFF' and r.subject_id = any (held_staff))
           and not exists (select 1 from public.pupil_restriction x
                            where x.school_id = r.school_id and x.rights_request_id = r.id)
           and not exists (select 1 from public.pupil_purpose_objection x
                            where x.school_id = r.school_id and x.rights_request_id = r.id)
           and not exists (select 1 from public.erasure e
                            where e.school_id = r.school_id and e.request_reference = r.id and e.state = 'PENDING'))
    select 'rights_request', c.id, c.recorded_at from closed c
    union all
    select 'erasure', e.id, e.decided_at from public.erasure e
     where e.school_id = sweep_school and sweep_school = custodian_current_school() and e.state <> 'PENDING'
       and (e.request_reference in (select c.id from closed c)
            or (e.decided_at < cutoff
                and not exists (select 1 from public.rights_request r
                                 where r.school_id = e.school_id and r.id = e.request_reference)
                and not (e.subject_kind = 'PUPIL' and e.subject_id = any (held_pupils))
                and not (e.subject_kind = 'STAFF' and e.subject_id = any (held_staff))))
$$;
revoke all on function custodian_rights_records_due(uuid, timestamptz, uuid[], uuid[]) from public;
grant execute on function custodian_rights_records_due(uuid, timestamptz, uuid[], uuid[]) to ${app_role};

-- Deletes up to batch_size due requests (with their child rows and erasures), or, once none is due,
-- the due erasures that answered no request on record.
create function custodian_sweep_rights_requests(sweep_school uuid, cutoff timestamptz, batch_size integer,
                                                held_pupils uuid[], held_staff uuid[])
    returns table (record_kind text, record_id uuid, dated timestamptz)
    language plpgsql security definer set search_path = pg_catalog, public, pg_temp
as $$
declare
    doomed uuid[];
    closed_times timestamptz[];
    erasures uuid[];
begin
    if sweep_school is distinct from custodian_current_school() then
        raise exception 'not the school in scope' using errcode = '42501';
    end if;
    select coalesce(array_agg(d.record_id order by d.dated, d.record_id), '{}'),
           coalesce(array_agg(d.dated order by d.dated, d.record_id), '{}')
      into doomed, closed_times
      from (select due.record_id, due.dated
              from public.custodian_rights_records_due(sweep_school, cutoff, held_pupils, held_staff) due
             where due.record_kind = 'rights_request'
             order by due.dated, due.record_id limit batch_size) d;
    if cardinality(doomed) > 0 then
        select coalesce(array_agg(e.id), '{}') into erasures from public.erasure e
         where e.school_id = sweep_school and e.state <> 'PENDING' and e.request_reference = any (doomed);
    else
        select coalesce(array_agg(d.record_id), '{}') into erasures
          from (select due.record_id
                  from public.custodian_rights_records_due(sweep_school, cutoff, held_pupils, held_staff) due
                 where due.record_kind = 'erasure' order by due.dated, due.record_id limit batch_size) d;
    end if;
    delete from public.rights_bundle_link l using public.rights_bundle b
     where l.school_id = sweep_school and b.school_id = sweep_school and l.bundle_id = b.id
       and b.request_id = any (doomed);
    delete from public.rights_bundle_item i using public.rights_bundle b
     where i.school_id = sweep_school and b.school_id = sweep_school and i.bundle_id = b.id
       and b.request_id = any (doomed);
    delete from public.rights_bundle b where b.school_id = sweep_school and b.request_id = any (doomed);
    delete from public.rights_rectification x where x.school_id = sweep_school and x.request_id = any (doomed);
    delete from public.rights_request_step s where s.school_id = sweep_school and s.request_id = any (doomed);
    return query
        with gone as (delete from public.rights_request r where r.school_id = sweep_school and r.id = any (doomed)
                      returning r.id as gone_id)
        select 'rights_request'::text, g.gone_id, t.closed_at
          from gone g join unnest(doomed, closed_times) as t (request_id, closed_at) on t.request_id = g.gone_id;
    return query
        with gone as (delete from public.erasure e where e.school_id = sweep_school and e.id = any (erasures)
                      returning e.id as gone_id, e.decided_at as gone_at)
        select 'erasure'::text, g.gone_id, g.gone_at from gone g;
end
$$;
revoke all on function custodian_sweep_rights_requests(uuid, timestamptz, integer, uuid[], uuid[]) from public;
grant execute on function custodian_sweep_rights_requests(uuid, timestamptz, integer, uuid[], uuid[]) to ${app_role};
