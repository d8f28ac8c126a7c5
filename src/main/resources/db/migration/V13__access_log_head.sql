-- Appending to a school's access-log chain takes the school's append lock, then reads the chain's
-- head. Both in one call: the lock is held until the appending transaction ends, and every round
-- trip made while holding it keeps the school's other readers waiting. A PL/pgSQL function (not one
-- SQL statement) because each statement inside it takes a fresh snapshot: the head is read after the
-- lock is granted, so it includes the entry of whoever held the lock before.
create function access_log_lock_head(school uuid, out head_sequence bigint, out head_hash bytea)
    language plpgsql volatile security invoker as $$
begin
    perform pg_advisory_xact_lock(hashtextextended('access_log_entry:' || school::text, 0));
    select e.sequence, e.entry_hash into head_sequence, head_hash
    from access_log_entry e where e.school_id = school order by e.sequence desc limit 1;
end $$;
grant execute on function access_log_lock_head(uuid) to ${app_role};
