-- A school's API tokens for its MIS partner (role MIS_CONNECTOR). Only the SHA-256 hash of each
-- secret is stored, with its first 8 characters so admins can tell tokens apart. The label names
-- the connection (e.g. "SIMS nightly export"), never a person. Rows are kept after revocation as
-- the record of which systems had access, and when.
create table api_token (
    school_id    uuid not null references school (id),
    id           uuid not null,
    label        text not null check (length(label) between 1 and 80),
    scopes       text[] not null check (cardinality(scopes) > 0 and scopes <@ array['import']::text[]),
    token_hash   bytea not null check (length(token_hash) = 32),
    token_prefix text not null check (token_prefix ~ '^cst_[A-Za-z0-9_-]{4}$'),
    created_by   uuid not null references user_account (id),
    created_at   timestamptz not null,
    expires_at   timestamptz check (expires_at is null or expires_at > created_at),
    last_used_at timestamptz,
    revoked_at   timestamptz,
    revoked_by   uuid references user_account (id),
    primary key (school_id, id),
    check ((revoked_at is null) = (revoked_by is null))
);
create unique index api_token_hash on api_token (token_hash);
alter table api_token enable row level security;
alter table api_token force row level security;
-- A presented token is resolved before its school is known, in the platform scope (like sign-in
-- and invitation links); everything else happens in the school's own scope.
create policy api_token_tenant on api_token
    using (school_id = custodian_current_school() or custodian_platform_scope())
    with check (school_id = custodian_current_school() or custodian_platform_scope());
-- What a token is (school, label, scopes, hash) never changes: only its use and revocation are recorded.
revoke update, delete, truncate on api_token from ${app_role};
grant update (last_used_at, revoked_at, revoked_by) on api_token to ${app_role};
