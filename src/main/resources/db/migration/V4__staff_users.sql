-- Managing a school's staff: invitations, disabling and removing accounts.

-- An invited account has no usable password until its owner accepts the invitation.
alter table user_account add column invitation_pending boolean not null default false;

-- Removal is soft: receipts, state changes and security events keep pointing at the account (and
-- the events page can still name it), but it is disabled for good and its credentials are deleted.
alter table user_account add column removed_at timestamptz;
alter table user_account add column removed_by uuid references user_account (id);
-- A removed account can never be enabled again, so it can never sign in.
alter table user_account add constraint user_account_removed_is_disabled check (removed_at is null or not enabled);

-- A removed person's email is free again, so they can be invited back (as a new account).
drop index user_account_username;
create unique index user_account_username on user_account (lower(username)) where removed_at is null;

-- Invitation links: only the SHA-256 hash of each token is stored; a link works once, until it
-- expires or a newer invitation replaces it. Rows are kept (not deleted) as the record of who
-- invited whom and when.
create table user_invitation (
    school_id   uuid not null references school (id),
    id          uuid not null,
    user_id     uuid not null references user_account (id),
    token_hash  text not null,
    created_at  timestamptz not null,
    created_by  uuid references user_account (id),
    expires_at  timestamptz not null,
    accepted_at timestamptz,
    revoked_at  timestamptz,
    primary key (school_id, id),
    check (accepted_at is null or revoked_at is null)
);
create unique index user_invitation_token on user_invitation (token_hash);
create index user_invitation_user on user_invitation (school_id, user_id);
alter table user_invitation enable row level security;
alter table user_invitation force row level security;
-- Accepting resolves the token before the school is known, in the platform scope (like sign-in).
create policy user_invitation_tenant on user_invitation
    using (school_id = custodian_current_school() or custodian_platform_scope())
    with check (school_id = custodian_current_school() or custodian_platform_scope());
revoke delete on user_invitation from ${app_role};
