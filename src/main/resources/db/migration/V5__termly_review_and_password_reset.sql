-- Term dates of each school. Defaults (the usual English terms) are generated for the current and
-- next academic year; the school admin edits them. Only the school itself reads or writes them.
-- btree_gist (a trusted extension of PostgreSQL's standard contrib set) lets the exclusion
-- constraint compare school ids, so PostgreSQL itself refuses overlapping terms of one school.
create extension if not exists btree_gist;

create table school_term (
    school_id uuid not null references school (id),
    id        uuid not null,
    name      text not null check (length(name) between 1 and 40),
    starts_on date not null,
    ends_on   date not null,
    primary key (school_id, id),
    check (ends_on > starts_on),
    constraint school_term_no_overlap
        exclude using gist (school_id with =, daterange(starts_on, ends_on, '[]') with &&)
        -- checked at commit, so one save may move two terms past each other
        deferrable initially deferred
);
alter table school_term enable row level security;
alter table school_term force row level security;
create policy school_term_tenant on school_term
    using (school_id = custodian_current_school())
    with check (school_id = custodian_current_school());

-- The termly access review: one per school and term (the unique key is what stops two instances,
-- or a page view and the daily job, from creating it twice). It lists the accounts the school had
-- when it was created; each gets one decision, recorded with who made it and when. All three
-- tables are append-only: a review is a record.
create table termly_review (
    school_id  uuid not null references school (id),
    id         uuid not null,
    term_id    uuid not null,
    created_at timestamptz not null,
    primary key (school_id, id),
    unique (school_id, term_id),
    foreign key (school_id, term_id) references school_term (school_id, id)
);
alter table termly_review enable row level security;
alter table termly_review force row level security;
create policy termly_review_tenant on termly_review
    using (school_id = custodian_current_school())
    with check (school_id = custodian_current_school());
revoke update, delete on termly_review from ${app_role};

-- No foreign key to user_account: like security_event, the record outlives the account.
create table termly_review_account (
    school_id uuid not null,
    review_id uuid not null,
    user_id   uuid not null,
    primary key (school_id, review_id, user_id),
    foreign key (school_id, review_id) references termly_review (school_id, id)
);
alter table termly_review_account enable row level security;
alter table termly_review_account force row level security;
create policy termly_review_account_tenant on termly_review_account
    using (school_id = custodian_current_school())
    with check (school_id = custodian_current_school());
revoke update, delete on termly_review_account from ${app_role};

create table termly_review_decision (
    school_id  uuid not null,
    review_id  uuid not null,
    user_id    uuid not null,
    decision   text not null check (decision in ('CONFIRMED', 'DISABLED')),
    -- true when made by "disable all dormant accounts" rather than one by one
    dormant    boolean not null default false,
    decided_by uuid not null,
    decided_at timestamptz not null,
    primary key (school_id, review_id, user_id),
    foreign key (school_id, review_id, user_id)
        references termly_review_account (school_id, review_id, user_id)
);
alter table termly_review_decision enable row level security;
alter table termly_review_decision force row level security;
create policy termly_review_decision_tenant on termly_review_decision
    using (school_id = custodian_current_school())
    with check (school_id = custodian_current_school());
revoke update, delete on termly_review_decision from ${app_role};

-- Password reset links: only the SHA-256 hash of each link's 32 random bytes is stored. Credential
-- state of an account, like account_lockout: found before the school is known (platform scope),
-- and its policy defers to user_account's.
create table password_reset (
    token_hash bytea primary key check (length(token_hash) = 32),
    user_id    uuid not null references user_account (id) on delete cascade,
    created_at timestamptz not null,
    expires_at timestamptz not null,
    used_at    timestamptz
);
create index password_reset_user on password_reset (user_id, created_at);
alter table password_reset enable row level security;
alter table password_reset force row level security;
create policy password_reset_owner on password_reset
    using (exists (select 1 from user_account u where u.id = user_id));
