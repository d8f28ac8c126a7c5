-- One row per school-scoped restore: one school's rows of a backup copied into a new staging school.
-- Platform records (who asked, when, which backups, which schools, counts, the outcome), written once:
-- readable and writable in the platform scope only.
create table school_restore (
    id                uuid primary key,
    requested_by      uuid not null,
    started_at        timestamptz not null,
    finished_at       timestamptz not null,
    data_backup       text not null,
    key_backup        text,
    source_school_id  uuid not null,
    staging_school_id uuid references school (id),
    outcome           text not null check (outcome in ('RESTORED', 'REFUSED', 'FAILED')),
    pupils            integer,
    category_values   integer,
    classes           integer,
    class_memberships integer,
    restrictions      integer,
    objections        integer,
    left_out_erased   integer,
    failure           text,
    check ((outcome = 'RESTORED') = (staging_school_id is not null))
);
create index school_restore_started on school_restore (started_at desc);
alter table school_restore enable row level security;
alter table school_restore force row level security;
create policy school_restore_platform on school_restore
    using (custodian_platform_scope())
    with check (custodian_platform_scope());
revoke update, delete, truncate on school_restore from ${app_role};
