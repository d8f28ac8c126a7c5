-- The sub-processor register, as every change to it (append-only): the newest change of a
-- sub-processor whose effective date has come is what stands; a REMOVED change takes it off the
-- register. Changes take effect no sooner than the notice period after they are recorded, so that
-- schools hear of them in time. Platform reference data, no school's.
create table sub_processor_change (
    id                 uuid primary key,
    sub_processor      text not null check (sub_processor ~ '^[a-z0-9][a-z0-9-]{0,63}$'),
    kind               text not null check (kind in ('ADDED', 'CHANGED', 'REMOVED')),
    name               text not null check (length(name) between 1 and 200),
    purpose            text not null check (length(purpose) between 1 and 1000),
    data_categories    text not null check (length(data_categories) between 1 and 1000),
    country            text not null check (length(country) between 1 and 100),
    transfer_safeguard text not null check (length(transfer_safeguard) between 1 and 1000),
    added_on           date not null,
    effective_on       date not null,
    recorded_by        uuid not null references user_account (id),
    recorded_at        timestamptz not null
);
create index sub_processor_change_effective on sub_processor_change (effective_on);
revoke update, delete, truncate on sub_processor_change from ${app_role};

-- Each school told of each change, once: recorded before the email goes.
create table sub_processor_notice (
    school_id uuid not null references school (id),
    change_id uuid not null references sub_processor_change (id),
    sent_at   timestamptz not null,
    primary key (school_id, change_id)
);
alter table sub_processor_notice enable row level security;
alter table sub_processor_notice force row level security;
create policy sub_processor_notice_tenant on sub_processor_notice
    using (school_id = custodian_current_school())
    with check (school_id = custodian_current_school());
revoke update, delete, truncate on sub_processor_notice from ${app_role};
