-- Tenancy: every transaction says which school it acts for (custodian.school_id) or that it acts
-- for the platform (custodian.platform = 'on'). Both are transaction-local settings.
create function custodian_current_school() returns uuid
    language sql stable
as $$ select nullif(current_setting('custodian.school_id', true), '')::uuid $$;

create function custodian_platform_scope() returns boolean
    language sql stable
as $$ select coalesce(current_setting('custodian.platform', true), '') = 'on' $$;

-- Tables created from here on are usable by the application role; append-only tables revoke
-- UPDATE and DELETE explicitly below.
alter default privileges in schema public grant select, insert, update, delete on tables to ${app_role};

-- The tenants. Platform staff see all schools; a school's own users see only their school.
create table school (
    id                   uuid primary key,
    urn                  text not null unique check (urn ~ '^[1-9][0-9]{5}$'),
    la_code              text not null check (la_code ~ '^[0-9]{3}$'),
    establishment_number text not null check (establishment_number ~ '^[0-9]{4}$'),
    name                 text not null check (length(name) between 1 and 200),
    nation               text not null check (nation in ('ENGLAND', 'WALES', 'SCOTLAND', 'NORTHERN_IRELAND')),
    contact_name         text not null,
    contact_email        text not null,
    state                text not null check (state in ('TRIAL', 'ACTIVE', 'TERMINATED', 'PURGED')),
    termination_date     date,
    created_at           timestamptz not null,
    unique (la_code, establishment_number),
    check ((state in ('TERMINATED', 'PURGED')) = (termination_date is not null))
);
alter table school enable row level security;
alter table school force row level security;
create policy school_tenant on school
    using (id = custodian_current_school() or custodian_platform_scope())
    with check (custodian_platform_scope());
revoke delete on school from ${app_role};

-- Accounts. A login name is unique across the platform and is resolved before the tenant is
-- known, so this one table spans tenants: platform staff have no school. Rows of a school are
-- visible to that school; the platform scope (sign-in, platform admin) sees all.
create table user_account (
    id                   uuid primary key,
    school_id            uuid references school (id),
    username             text not null,
    display_name         text not null,
    password_hash        text not null,
    role                 text not null,
    enabled              boolean not null default true,
    must_change_password boolean not null default false,
    created_at           timestamptz not null,
    check ((school_id is null) = (role in ('PLATFORM_ADMIN', 'SUPPORT')))
);
create unique index user_account_username on user_account (lower(username));
create index user_account_school on user_account (school_id);
alter table user_account enable row level security;
alter table user_account force row level security;
create policy user_account_tenant on user_account
    using (school_id = custodian_current_school() or custodian_platform_scope())
    with check (school_id = custodian_current_school() or custodian_platform_scope());

-- Subscription lifecycle history: who moved a school to which state, when.
create table school_state_change (
    school_id        uuid not null references school (id),
    id               uuid not null,
    from_state       text,
    to_state         text not null,
    termination_date date,
    changed_by       uuid references user_account (id),
    changed_at       timestamptz not null,
    -- Orders changes made within the same instant (a clock's resolution is finite).
    sequence         bigint generated always as identity,
    primary key (school_id, id)
);
alter table school_state_change enable row level security;
alter table school_state_change force row level security;
create policy school_state_change_tenant on school_state_change
    using (school_id = custodian_current_school() or custodian_platform_scope())
    with check (school_id = custodian_current_school() or custodian_platform_scope());
revoke update, delete on school_state_change from ${app_role};

-- Information Sharing Agreement texts published by the operator (platform-owned, append-only).
create table isa_version (
    id           uuid primary key,
    version      integer not null unique check (version > 0),
    title        text not null,
    body         text not null,
    content_hash text not null unique,
    published_at timestamptz not null,
    published_by uuid references user_account (id)
);
revoke update, delete on isa_version from ${app_role};

-- A school's acceptance of one ISA version: the receipt. Append-only.
create table isa_acceptance (
    school_id      uuid not null references school (id),
    id             uuid not null,
    isa_version_id uuid not null references isa_version (id),
    content_hash   text not null,
    accepted_by    uuid not null references user_account (id),
    signer_name    text not null,
    signer_role    text not null,
    accepted_at    timestamptz not null,
    source_ip      text not null,
    primary key (school_id, id)
);
create index isa_acceptance_version on isa_acceptance (school_id, isa_version_id);
alter table isa_acceptance enable row level security;
alter table isa_acceptance force row level security;
create policy isa_acceptance_tenant on isa_acceptance
    using (school_id = custodian_current_school() or custodian_platform_scope())
    with check (school_id = custodian_current_school());
revoke update, delete on isa_acceptance from ${app_role};

-- Pupils: only the tenancy skeleton so far (the pupil-records issue adds the encrypted fields).
-- No platform-scope clause: the platform never reads a school's pupils by role.
create table pupil (
    school_id  uuid not null references school (id),
    id         uuid not null,
    created_at timestamptz not null,
    primary key (school_id, id)
);
alter table pupil enable row level security;
alter table pupil force row level security;
create policy pupil_tenant on pupil
    using (school_id = custodian_current_school())
    with check (school_id = custodian_current_school());
