-- Credential state belongs to an account. These tables have no school_id of their own: their
-- policies defer to user_account's, so a school sees the rows of its own accounts only.
alter table user_account add column last_sign_in_at timestamptz;

create table account_lockout (
    user_id           uuid primary key references user_account (id) on delete cascade,
    window_started_at timestamptz not null,
    failures          integer not null,
    lock_level        integer not null default 0,
    locked_until      timestamptz
);
alter table account_lockout enable row level security;
alter table account_lockout force row level security;
create policy account_lockout_owner on account_lockout
    using (exists (select 1 from user_account u where u.id = user_id));

-- Failed guesses per source address, across all accounts (throttles password spraying).
create table source_throttle (
    source_ip         text primary key,
    window_started_at timestamptz not null,
    failures          integer not null,
    blocked_until     timestamptz
);

-- A TOTP secret, encrypted under the master key (bound to its account), and the last time step
-- used, so no code is accepted twice.
create table user_totp (
    user_id           uuid primary key references user_account (id) on delete cascade,
    secret_ciphertext bytea not null,
    enrolled_at       timestamptz not null,
    last_used_step    bigint
);
alter table user_totp enable row level security;
alter table user_totp force row level security;
create policy user_totp_owner on user_totp
    using (exists (select 1 from user_account u where u.id = user_id));

-- Single-use recovery codes, stored as SHA-256 hashes (the codes are random, 50 bits each).
create table recovery_code (
    user_id   uuid not null references user_account (id) on delete cascade,
    code_hash text not null,
    used_at   timestamptz,
    primary key (user_id, code_hash)
);
alter table recovery_code enable row level security;
alter table recovery_code force row level security;
create policy recovery_code_owner on recovery_code
    using (exists (select 1 from user_account u where u.id = user_id));

-- Sign-in and account events, kept under the retention category "login/IP and user-ID records".
-- Platform staff's events use the nil UUID as their school_id.
create table security_event (
    school_id          uuid not null,
    id                 uuid not null,
    occurred_at        timestamptz not null,
    type               text not null,
    user_id            uuid,
    actor_id           uuid,
    source_ip          text,
    user_agent         text,
    detail             text,
    retention_category text not null default 'LOGIN_RECORDS',
    sequence           bigint generated always as identity,
    primary key (school_id, id)
);
create index security_event_school_time on security_event (school_id, occurred_at desc);
create index security_event_user_time on security_event (school_id, user_id, occurred_at desc);
alter table security_event enable row level security;
alter table security_event force row level security;
create policy security_event_tenant on security_event
    using (school_id = custodian_current_school() or custodian_platform_scope())
    with check (school_id = custodian_current_school() or custodian_platform_scope());
revoke update, delete on security_event from ${app_role};

-- Server-side sessions (Spring Session JDBC's PostgreSQL schema), shared by every instance. Not
-- tenant-owned: a session exists before its school is known; pages list them through
-- user_account, whose policy scopes them to a school.
create table spring_session (
    primary_id            char(36) not null,
    session_id            char(36) not null,
    creation_time         bigint not null,
    last_access_time      bigint not null,
    max_inactive_interval int not null,
    expiry_time           bigint not null,
    principal_name        varchar(100),
    constraint spring_session_pk primary key (primary_id)
);
create unique index spring_session_ix1 on spring_session (session_id);
create index spring_session_ix2 on spring_session (expiry_time);
create index spring_session_ix3 on spring_session (principal_name);

create table spring_session_attributes (
    session_primary_id char(36) not null,
    attribute_name     varchar(200) not null,
    attribute_bytes    bytea not null,
    constraint spring_session_attributes_pk primary key (session_primary_id, attribute_name),
    constraint spring_session_attributes_fk foreign key (session_primary_id)
        references spring_session (primary_id) on delete cascade
);
