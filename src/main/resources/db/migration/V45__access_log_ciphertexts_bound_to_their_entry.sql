-- Access-log reasons and review notes are bound to their entry: the associated data of each
-- ciphertext names the entry's sequence besides school, key subject and field
-- (AccessEntry.reasonField, JdbcAccessLogReview.noteField), so one copied to another entry is refused.

-- Reasons stored before cannot be re-encrypted: an entry's hash covers its reason's bytes and the
-- table is append-only. They keep opening with the associated data they were written under, but
-- only up to the sequence recorded here for their school: a reason copied from an old entry into a
-- newer one is refused, and a copy among old entries breaks the hash chain.
create table access_log_unbound_reasons (
    school_id     uuid not null,
    last_sequence bigint not null check (last_sequence > 0),
    primary key (school_id)
);
alter table access_log_unbound_reasons enable row level security;
alter table access_log_unbound_reasons force row level security;
create policy access_log_unbound_reasons_tenant on access_log_unbound_reasons
    using (school_id = custodian_current_school())
    with check (school_id = custodian_current_school());
revoke insert, update, delete, truncate on access_log_unbound_reasons from ${app_role};

alter table access_log_entry no force row level security;
alter table access_log_unbound_reasons no force row level security;
insert into access_log_unbound_reasons (school_id, last_sequence)
select school_id, max(sequence) from access_log_entry where reason is not null group by school_id;
alter table access_log_entry force row level security;
alter table access_log_unbound_reasons force row level security;

-- Review notes stored before are re-encrypted once, bound to their entry, at start-up (before the
-- web server takes requests). note_bound tells which are done (or can never be read again: their
-- reviewer was erased); reads never rely on it, they only ever accept the bound form.
alter table access_log_review add column note_bound boolean not null default false;
alter table access_log_review alter column note_bound drop default;

-- access_log_review stays append-only for the application role: the only change it may make is this
-- one, once per row: replace an unbound note with the same note bound to its entry. Runs as the
-- owner, for the school in scope only, under the same forced row-level security.
create function custodian_bind_review_note(note_school uuid, note_sequence bigint, unbound bytea, bound bytea)
    returns integer
    language plpgsql security definer set search_path = pg_catalog, public, pg_temp
as $$
declare
    changed integer;
begin
    if note_school is distinct from custodian_current_school() then
        raise exception 'not the school in scope' using errcode = '42501';
    end if;
    update public.access_log_review set note = bound, note_bound = true
     where school_id = note_school and sequence = note_sequence and not note_bound and note = unbound;
    get diagnostics changed = row_count;
    return changed;
end
$$;
revoke all on function custodian_bind_review_note(uuid, bigint, bytea, bytea) from public;
grant execute on function custodian_bind_review_note(uuid, bigint, bytea, bytea) to ${app_role};
