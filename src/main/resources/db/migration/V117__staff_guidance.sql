-- A school's data-protection guidance for its staff: versioned text (append-only, the newest is
-- current), whether the school requires each member of staff to acknowledge it before their first
-- access to pupil data (append-only, the newest is in force), and each acknowledgement of a version.
create table guidance_version (
    school_id    uuid not null references school (id),
    version      integer not null check (version > 0),
    body         text not null check (length(body) between 1 and 20000),
    published_by uuid not null,
    published_at timestamptz not null,
    primary key (school_id, version)
);
alter table guidance_version enable row level security;
alter table guidance_version force row level security;
create policy guidance_version_tenant on guidance_version
    using (school_id = custodian_current_school())
    with check (school_id = custodian_current_school());
revoke update, delete, truncate on guidance_version from ${app_role};

create table guidance_requirement (
    school_id  uuid not null references school (id),
    id         uuid not null,
    required   boolean not null,
    changed_by uuid not null,
    changed_at timestamptz not null,
    primary key (school_id, id)
);
create index guidance_requirement_newest on guidance_requirement (school_id, changed_at desc);
alter table guidance_requirement enable row level security;
alter table guidance_requirement force row level security;
create policy guidance_requirement_tenant on guidance_requirement
    using (school_id = custodian_current_school())
    with check (school_id = custodian_current_school());
revoke update, delete, truncate on guidance_requirement from ${app_role};

-- Goes with the account: deleting a member of staff's account deletes their acknowledgements.
create table guidance_acknowledgement (
    school_id       uuid not null,
    user_id         uuid not null references user_account (id) on delete cascade,
    version         integer not null,
    acknowledged_at timestamptz not null,
    primary key (school_id, user_id, version),
    foreign key (school_id, version) references guidance_version (school_id, version)
);
alter table guidance_acknowledgement enable row level security;
alter table guidance_acknowledgement force row level security;
create policy guidance_acknowledgement_tenant on guidance_acknowledgement
    using (school_id = custodian_current_school())
    with check (school_id = custodian_current_school());
revoke update, delete, truncate on guidance_acknowledgement from ${app_role};
