-- A sweep records what each batch deleted as one row (the batch's ids and the dates they span)
-- instead of a row per id: the record is written in the batch's own transaction, so a sweep of
-- 100,000 leavers writes 200 rows here rather than 100,000.
create table retention_sweep_batch (
    school_id    uuid not null,
    sweep_id     uuid not null,
    batch        uuid not null default gen_random_uuid(),
    category     text not null,
    item_ids     text[] not null check (cardinality(item_ids) > 0),
    first_dated  timestamptz not null,
    last_dated   timestamptz not null,
    primary key (school_id, sweep_id, batch),
    foreign key (school_id, sweep_id) references retention_sweep (school_id, id)
);
alter table retention_sweep_batch enable row level security;
alter table retention_sweep_batch force row level security;
create policy retention_sweep_batch_tenant on retention_sweep_batch
    using (school_id = custodian_current_school())
    with check (school_id = custodian_current_school());
revoke update, truncate on retention_sweep_batch from ${app_role};

-- A sweep left unfinished keeps what its batches recorded.
insert into retention_sweep_batch (school_id, sweep_id, category, item_ids, first_dated, last_dated)
select school_id, sweep_id, category, array_agg(item_id order by item_id), min(dated), max(dated)
  from retention_sweep_item
 group by school_id, sweep_id, category;
drop table retention_sweep_item;

-- Leavers are swept earliest first, in batches: with the id in the index each batch reads its
-- rows in order and stops, instead of sorting every leaver of the same leaving date (a school's
-- leavers mostly share one) again for each batch.
create index pupil_leaving_order on pupil (school_id, leaving_date, id) where leaving_date is not null;
drop index pupil_leaving;
