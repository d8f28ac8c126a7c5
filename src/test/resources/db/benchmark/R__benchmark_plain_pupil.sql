-- Benchmark profile only (spring.flyway.locations in application-benchmark.yml): never part of the
-- production schema. Unencrypted copies of benchmark pupils, so the baseline endpoint can return
-- the same record by one plain select. Repeatable, so it takes no number from the production
-- migrations and runs after all of them.
create table if not exists bench_plain_pupil (
    school_id          uuid not null,
    id                 uuid not null,
    upn                text not null,
    forename           text not null,
    surname            text not null,
    date_of_birth      date not null,
    admission_number   text,
    sex                text not null,
    nc_year            text,
    registration_group text,
    classes            text[] not null,
    version            bigint not null,
    created_at         timestamptz not null,
    updated_at         timestamptz,
    primary key (school_id, id),
    foreign key (school_id, id) references pupil (school_id, id) on delete cascade
);
alter table bench_plain_pupil enable row level security;
alter table bench_plain_pupil force row level security;
drop policy if exists bench_plain_pupil_tenant on bench_plain_pupil;
create policy bench_plain_pupil_tenant on bench_plain_pupil
    using (school_id = custodian_current_school())
    with check (school_id = custodian_current_school());
revoke update, delete on bench_plain_pupil from ${app_role};
