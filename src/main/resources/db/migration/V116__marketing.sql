-- Marketing and product news reach school staff only with a recorded opt-in: who (the account), when,
-- and the wording they were shown. The address is kept only as a keyed fingerprint (the platform's
-- PRF), so the list of who opted in names no one; the address itself is the account's. An opt-in
-- lapses (is deleted) once its last interaction is older than the school's rule for marketing contacts.
create table marketing_opt_in (
    school_id           uuid not null references school (id),
    id                  uuid not null,
    user_id             uuid not null references user_account (id) on delete cascade,
    address_index       bytea not null check (length(address_index) = 32),
    wording             text not null check (length(wording) between 1 and 2000),
    opted_in_at         timestamptz not null,
    last_interaction_at timestamptz not null,
    withdrawn_at        timestamptz,
    primary key (school_id, id)
);
create unique index marketing_opt_in_live on marketing_opt_in (school_id, user_id) where withdrawn_at is null;
create index marketing_opt_in_interaction on marketing_opt_in (school_id, last_interaction_at);
alter table marketing_opt_in enable row level security;
alter table marketing_opt_in force row level security;
create policy marketing_opt_in_tenant on marketing_opt_in
    using (school_id = custodian_current_school())
    with check (school_id = custodian_current_school());
revoke truncate on marketing_opt_in from ${app_role};

-- The suppression list: an address that unsubscribed is never sent marketing again, whichever school
-- or account it belonged to, and even after the account is gone. Only the keyed fingerprint is kept;
-- append-only and never swept, since forgetting it would allow mailing the address again.
create table marketing_suppression (
    address_index bytea primary key check (length(address_index) = 32),
    suppressed_at timestamptz not null
);
revoke update, delete, truncate on marketing_suppression from ${app_role};
