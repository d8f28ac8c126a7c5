-- A school admin's time-boxed consent to platform support: which pupil data (the core record plus
-- the optional categories named), read or change, why, until when (at most 72 hours after it was
-- given), and optionally for one named support engineer. A grant never changes after it is given:
-- only its revocation and the sending of its end-of-grant summary are recorded.
create table support_grant (
    school_id      uuid not null references school (id),
    id             uuid not null,
    mode           text not null check (mode in ('READ', 'CHANGE')),
    categories     text[] not null,
    reason         text not null check (length(reason) between 1 and 1000),
    engineer_id    uuid references user_account (id),
    granted_by     uuid not null references user_account (id),
    granted_at     timestamptz not null,
    expires_at     timestamptz not null check (expires_at > granted_at
                                               and expires_at <= granted_at + interval '72 hours'),
    revoked_at     timestamptz,
    revoked_by     uuid references user_account (id),
    summary_sent_at timestamptz,
    primary key (school_id, id),
    check ((revoked_at is null) = (revoked_by is null))
);
create index support_grant_live on support_grant (school_id, expires_at) where revoked_at is null;
create index support_grant_unsummarised on support_grant (expires_at) where summary_sent_at is null;
alter table support_grant enable row level security;
alter table support_grant force row level security;
-- The school sees its own grants; a support engineer's list of schools that consent, and the job
-- that ends grants, look across schools in the platform scope (grants hold no pupil data).
create policy support_grant_tenant on support_grant
    using (school_id = custodian_current_school() or custodian_platform_scope())
    with check (school_id = custodian_current_school());
revoke update, delete, truncate on support_grant from ${app_role};
grant update (revoked_at, revoked_by, summary_sent_at) on support_grant to ${app_role};

-- Support may change records only where a grant says so; the grant's mode is checked on every access.
update processing_purpose set may_change = true where code = 'SUPPORT_WITH_CONSENT';
