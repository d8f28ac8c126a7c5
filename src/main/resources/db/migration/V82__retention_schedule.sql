-- The retention schedule. Each category's default rule is in the code (RetentionCategory); operators
-- narrow or widen what schools may choose (retention_limit), and each school chooses within that
-- (retention_choice). Both are append-only: the newest row of a category is in force, the older
-- rows are the record of every change, with who made it and when.
create table retention_limit (
    id          uuid primary key,
    category    text not null,
    trigger     text not null,
    min_period  text not null,
    max_period  text not null,
    changed_by  uuid not null references user_account (id),
    changed_at  timestamptz not null
);
create index retention_limit_current on retention_limit (category, trigger, changed_at desc);
-- Every school's transaction reads the limits (its choice is checked against them); only the
-- platform scope sets them.
alter table retention_limit enable row level security;
alter table retention_limit force row level security;
create policy retention_limit_read on retention_limit for select using (true);
create policy retention_limit_set on retention_limit for insert with check (custodian_platform_scope());
revoke update, delete, truncate on retention_limit from ${app_role};

create table retention_choice (
    school_id   uuid not null references school (id),
    id          uuid not null,
    category    text not null,
    trigger     text not null,
    period      text not null,
    changed_by  uuid not null references user_account (id),
    changed_at  timestamptz not null,
    primary key (school_id, id)
);
create index retention_choice_current on retention_choice (school_id, category, changed_at desc);
alter table retention_choice enable row level security;
alter table retention_choice force row level security;
create policy retention_choice_tenant on retention_choice
    using (school_id = custodian_current_school())
    with check (school_id = custodian_current_school());
revoke update, delete, truncate on retention_choice from ${app_role};
