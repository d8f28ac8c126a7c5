-- The access log becomes a verifiable log (RFC 9162 style): entries are appended without any
-- per-school lock, each carrying its own leaf hash; a sequencer later gives them consecutive
-- positions in the school's Merkle tree and signs a checkpoint (tree size + root hash) with a key
-- the database never holds in clear. The hash chain (previous_hash, entry_hash) stays on the
-- entries written before; newer entries have none.

-- Sequence numbers are drawn from one sequence for the whole installation: unique, with gaps, and
-- no longer the entry's place in its school (that is its tree position). Each instance takes blocks
-- of 64 (SequenceBlocks), so an append needs no round trip for its number.
create sequence access_log_entry_sequence increment by 64;
alter table access_log_entry no force row level security;
select setval('access_log_entry_sequence', coalesce((select max(sequence) from access_log_entry), 0) + 1, false);
alter table access_log_entry force row level security;
grant usage on sequence access_log_entry_sequence to ${app_role};
alter table access_log_entry alter column sequence set default nextval('access_log_entry_sequence');

-- format 1: written as a hash chain (canonical tag custodian.access-log.v1); 2: tree (v2).
alter table access_log_entry add column format smallint not null default 1 check (format in (1, 2));
alter table access_log_entry alter column format drop default;
alter table access_log_entry add column leaf_hash bytea check (length(leaf_hash) = 32);
alter table access_log_entry alter column previous_hash drop not null;
alter table access_log_entry alter column entry_hash drop not null;
alter table access_log_entry add constraint access_log_entry_chain_only_in_format_1
    check ((format = 1) = (previous_hash is not null and entry_hash is not null));
drop function access_log_lock_head(uuid);

-- Entries waiting for a tree position. Ids and hashes only, so the sequencer may look across
-- schools (platform scope) for the schools that have some waiting.
create table access_log_pending (
    school_id uuid not null,
    sequence  bigint not null,
    leaf_hash bytea not null check (length(leaf_hash) = 32),
    primary key (school_id, sequence)
);
alter table access_log_pending enable row level security;
alter table access_log_pending force row level security;
create policy access_log_pending_tenant on access_log_pending
    using (school_id = custodian_current_school() or custodian_platform_scope())
    with check (school_id = custodian_current_school());
revoke update, truncate on access_log_pending from ${app_role};

create function access_log_entry_pending_row() returns trigger language plpgsql as $$
begin
    insert into access_log_pending (school_id, sequence, leaf_hash) values (new.school_id, new.sequence, new.leaf_hash);
    return null;
end
$$;
-- Only entries with a leaf hash: format-1 entries get theirs (and their pending row) from the
-- migration that follows, computed in Java from their canonical form.
create trigger access_log_entry_pending_row after insert on access_log_entry
    for each row when (new.leaf_hash is not null) execute function access_log_entry_pending_row();

-- The tree. Leaves stay when their entry is removed at the end of its retention period: a leaf
-- hash holds no personal data, and proofs and verification keep working.
create table access_log_leaf (
    school_id      uuid not null,
    position       bigint not null check (position >= 0),
    entry_sequence bigint not null,
    leaf_hash      bytea not null check (length(leaf_hash) = 32),
    primary key (school_id, position),
    unique (school_id, entry_sequence)
);
-- Hashes of complete subtrees at every fourth level (4, 8, 12…): any subtree's hash is then at
-- most 8 stored hashes away, for a sixteenth of the rows every level would take.
create table access_log_node (
    school_id uuid not null,
    level     smallint not null check (level > 0 and level % 4 = 0 and level < 64),
    index     bigint not null check (index >= 0),
    hash      bytea not null check (length(hash) = 32),
    primary key (school_id, level, index)
);
-- A signed checkpoint per batch integrated. frontier: the hashes of the complete subtrees that
-- make up the tree (largest first), which the next batch extends.
create table access_log_checkpoint (
    school_id  uuid not null,
    tree_size  bigint not null check (tree_size > 0),
    root_hash  bytea not null check (length(root_hash) = 32),
    frontier   bytea not null,
    note       text not null,
    created_at timestamptz not null,
    primary key (school_id, tree_size)
);
-- When a school's checkpoint was last emailed to its DPO and main contact (the copy held outside).
create table access_log_checkpoint_sent (
    school_id  uuid not null,
    tree_size  bigint not null,
    sent_at    timestamptz not null,
    recipients integer not null check (recipients >= 0),
    primary key (school_id, sent_at)
);
do $$
declare t text;
begin
    foreach t in array array['access_log_leaf', 'access_log_node', 'access_log_checkpoint', 'access_log_checkpoint_sent'] loop
        execute format('alter table %I enable row level security', t);
        execute format('alter table %I force row level security', t);
        execute format('create policy %I on %I using (school_id = custodian_current_school()) '
                       'with check (school_id = custodian_current_school())', t || '_tenant', t);
    end loop;
end $$;
revoke update, delete, truncate on access_log_leaf, access_log_node, access_log_checkpoint,
    access_log_checkpoint_sent from ${app_role};

-- Removal of entries past their retention period. Entries go in a prefix of tree positions: every
-- integrated entry below the first position whose entry is not older than the cut-off (a late
-- commit with an older time waits for the next removal), and the boundary is recorded, so the
-- verifier tells an entry removed on schedule from one deleted behind the log's back.
create table access_log_removal (
    school_id      uuid not null,
    removed_below  bigint not null check (removed_below >= 0),
    cutoff         timestamptz not null,
    removed_at     timestamptz not null,
    entries        bigint not null check (entries >= 0),
    primary key (school_id, removed_below, removed_at)
);
alter table access_log_removal enable row level security;
alter table access_log_removal force row level security;
create policy access_log_removal_tenant on access_log_removal
    using (school_id = custodian_current_school())
    with check (school_id = custodian_current_school());
revoke insert, update, delete, truncate on access_log_removal from ${app_role};

create function access_log_remove_entries_before(cutoff timestamptz, removed_at timestamptz) returns bigint
    language plpgsql security definer set search_path = pg_catalog, public, pg_temp as $$
declare
    school uuid := custodian_current_school();
    boundary bigint;
    removed bigint;
begin
    if school is null then
        raise exception 'no school in scope' using errcode = '42501';
    end if;
    select coalesce(min(l.position), (select coalesce(max(position) + 1, 0) from public.access_log_leaf
                                      where school_id = school))
    into boundary
    from public.access_log_leaf l
    join public.access_log_entry e on e.school_id = l.school_id and e.sequence = l.entry_sequence
    where l.school_id = school and e.occurred_at >= cutoff;
    with gone as (
        delete from public.access_log_entry e using public.access_log_leaf l
        where e.school_id = school and l.school_id = school and l.entry_sequence = e.sequence
          and l.position < boundary
        returning e.sequence
    ), subjects as (
        delete from public.access_log_subject s using gone where s.school_id = school and s.sequence = gone.sequence
    )
    select count(*) into removed from gone;
    insert into public.access_log_removal (school_id, removed_below, cutoff, removed_at, entries)
    values (school, boundary, cutoff, removed_at, removed);
    return removed;
end $$;
revoke all on function access_log_remove_entries_before(timestamptz, timestamptz) from public;
grant execute on function access_log_remove_entries_before(timestamptz, timestamptz) to ${app_role};
