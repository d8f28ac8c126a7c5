-- A lifted hold swept at the end of its period goes with its recorded history (placing, reviews,
-- lifting) and its review notices: they are records of the same hold, in the same category.
create or replace function custodian_sweep_legal_holds(sweep_school uuid, cutoff timestamptz, batch_size integer)
    returns table (hold_id uuid, dated timestamptz)
    language plpgsql security definer set search_path = pg_catalog, public, pg_temp
as $$
declare
    doomed uuid[];
begin
    if sweep_school is distinct from custodian_current_school() then
        raise exception 'not the school in scope' using errcode = '42501';
    end if;
    select array_agg(h.id) into doomed from (
        select h.id from public.legal_hold h
         where h.school_id = sweep_school and h.lifted_at is not null and h.lifted_at < cutoff
         order by h.lifted_at, h.id limit batch_size) as h;
    if doomed is null then
        return;
    end if;
    delete from public.legal_hold_review_notice n where n.school_id = sweep_school and n.hold_id = any (doomed);
    delete from public.legal_hold_review r where r.school_id = sweep_school and r.hold_id = any (doomed);
    return query
        delete from public.legal_hold h
         where h.school_id = sweep_school and h.id = any (doomed) and h.lifted_at is not null
        returning h.id, h.lifted_at;
end
$$;
