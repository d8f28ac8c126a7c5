-- One-time download links for a released bundle. The link's token is random and only its SHA-256 is
-- kept; the passcode, shown once to the DPO to send separately, is kept as an Argon2id hash as
-- passwords are. A link serves one download before expires_at, and dies after too many wrong passcodes.
create table rights_bundle_link (
    school_id       uuid not null,
    token_hash      bytea not null check (length(token_hash) = 32),
    bundle_id       uuid not null,
    passcode_hash   text not null,
    created_by      uuid not null,
    created_at      timestamptz not null,
    expires_at      timestamptz not null,
    failed_attempts integer not null default 0 check (failed_attempts >= 0),
    downloaded_at   timestamptz,
    primary key (school_id, token_hash),
    foreign key (school_id, bundle_id) references rights_bundle (school_id, id)
);
alter table rights_bundle_link enable row level security;
alter table rights_bundle_link force row level security;
create policy rights_bundle_link_tenant on rights_bundle_link
    using (school_id = custodian_current_school())
    with check (school_id = custodian_current_school());
revoke delete, truncate on rights_bundle_link from ${app_role};
