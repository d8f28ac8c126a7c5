-- One row per restore drill: the newest backups restored into a throw-away database, row counts
-- compared with the manifest and a sample decrypted. Platform records (backup names, counts, the
-- reason a drill failed), written once: readable and writable in the platform scope only.
create table restore_drill (
    id            uuid primary key,
    started_at    timestamptz not null,
    finished_at   timestamptz not null,
    status        text not null check (status in ('PASSED', 'FAILED')),
    data_backup   text,
    key_backup    text,
    tables        integer,
    total_rows    bigint,
    sample_size   integer,
    sample_opened integer,
    failure       text
);
create index restore_drill_started on restore_drill (started_at desc);
alter table restore_drill enable row level security;
alter table restore_drill force row level security;
create policy restore_drill_platform on restore_drill
    using (custodian_platform_scope())
    with check (custodian_platform_scope());
revoke update, delete, truncate on restore_drill from ${app_role};
