-- One row per backup run (data or keys): the history on the operator's page. Platform records, no
-- school's data: readable and writable in the platform scope only.
create table backup_run (
    id             uuid primary key,
    kind           text not null check (kind in ('DATA', 'KEYS')),
    reason         text not null check (reason in ('DAILY', 'ADMIN_CHANGE', 'MANUAL')),
    name           text not null,
    started_at     timestamptz not null,
    finished_at    timestamptz,
    status         text not null check (status in ('RUNNING', 'COMPLETE', 'PARTIAL', 'FAILED')),
    tables         integer,
    total_rows     bigint,
    total_bytes    bigint,
    destinations   text,
    failure        text,
    pruned_at      timestamptz
);
create index backup_run_started on backup_run (started_at desc);
alter table backup_run enable row level security;
alter table backup_run force row level security;
create policy backup_run_platform on backup_run
    using (custodian_platform_scope())
    with check (custodian_platform_scope());
revoke delete, truncate on backup_run from ${app_role};
