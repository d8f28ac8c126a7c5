-- The backup role reads every table for backups (it has BYPASSRLS, so it sees every school's rows)
-- and may do nothing else. The embedded server makes the role; with an external database the
-- operator does (docs/backups.md), and without it this grants nothing.
do $$
begin
    if exists (select 1 from pg_roles where rolname = '${backup_role}') then
        execute 'grant usage on schema public to ${backup_role}';
        execute 'grant select on all tables in schema public to ${backup_role}';
        -- Tables later migrations make (as this owner) are readable by backups too.
        execute 'alter default privileges in schema public grant select on tables to ${backup_role}';
    end if;
end
$$;
