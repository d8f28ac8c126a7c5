-- Sessions are now indexed by their user's id instead of the username (no personal data in the
-- index; it joins user_account, whose row-level security scopes "who is signed in" to a school).
-- Sessions stored before cannot be listed or revoked that way: end them, everyone signs in again.
delete from spring_session;

-- The platform's maintenance switches: one platform-owned row. Everyone reads it (the banner shows
-- on the sign-in page, before anyone is known); only the platform scope changes it; nobody adds or
-- removes the row.
create table platform_maintenance (
    id              boolean primary key default true check (id),
    banner_message  text check (banner_message is null or length(banner_message) between 1 and 500),
    sign_in_blocked boolean not null default false,
    changed_at      timestamptz,
    changed_by      uuid references user_account (id) on delete set null
);
insert into platform_maintenance (id) values (true);
alter table platform_maintenance enable row level security;
alter table platform_maintenance force row level security;
create policy platform_maintenance_read on platform_maintenance for select using (true);
create policy platform_maintenance_change on platform_maintenance for update
    using (custodian_platform_scope())
    with check (custodian_platform_scope());
revoke insert, delete on platform_maintenance from ${app_role};
