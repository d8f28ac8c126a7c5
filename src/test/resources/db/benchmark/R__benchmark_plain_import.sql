-- Benchmark profile only (spring.flyway.locations in application-benchmark.yml): never part of the
-- production schema. The MIS import benchmark's baseline (bench/mis-import.sh): plaintext COPY of
-- the same pupils the import stores encrypted. Repeatable like R__benchmark_plain_pupil, so it takes
-- no number from the production migrations. The pupil table's keys and indexes on plaintext instead
-- of blind indexes; the categories the importer writes to pupil_category_value are columns here.
-- No row-level security: PostgreSQL refuses COPY FROM into a table whose policies apply to the
-- copying role, and the baseline is meant to be a bare COPY.
create table if not exists bench_plain_import (
    school_id        uuid not null,
    id               uuid not null,
    upn              text not null,
    forename         text not null,
    surname          text not null,
    date_of_birth    date not null,
    admission_number text,
    sex              text not null,
    nc_year          text,
    ethnicity        text,
    first_language   text,
    fsm_eligible     boolean,
    fsm6             boolean,
    sen_status       text,
    preferred_name   text,
    primary key (school_id, id),
    unique (school_id, upn)
);
create index if not exists bench_plain_import_forename on bench_plain_import (school_id, forename);
create index if not exists bench_plain_import_surname on bench_plain_import (school_id, surname);
grant select, insert, delete, truncate on bench_plain_import to ${app_role};
