-- Access and portability bundles of a rights request. Each item (a JSON, CSV, PDF, XML or proof
-- file) is a Tink AEAD ciphertext under the request's own data key (subject_data_key with the
-- request's id), bound to its bundle and position. The DPO's review marks items withheld with an
-- exemption (encrypted likewise); release is refused until the bundle is reviewed.
create table rights_bundle (
    school_id    uuid not null,
    id           uuid not null,
    request_id   uuid not null,
    -- 1, 2, 3… per request: the latest bundle is the highest, whatever the clock said.
    number       integer not null check (number >= 1),
    built_at     timestamptz not null,
    built_by     uuid not null,
    reviewed_at  timestamptz,
    reviewed_by  uuid,
    released_at  timestamptz,
    released_by  uuid,
    primary key (school_id, id),
    foreign key (school_id, request_id) references rights_request (school_id, id),
    check ((reviewed_at is null) = (reviewed_by is null)),
    check ((released_at is null) = (released_by is null)),
    check (released_at is null or reviewed_at is not null)
);
create unique index rights_bundle_request on rights_bundle (school_id, request_id, number);
alter table rights_bundle enable row level security;
alter table rights_bundle force row level security;
create policy rights_bundle_tenant on rights_bundle
    using (school_id = custodian_current_school())
    with check (school_id = custodian_current_school());
revoke delete, truncate on rights_bundle from ${app_role};

create table rights_bundle_item (
    school_id  uuid not null,
    bundle_id  uuid not null,
    position   integer not null check (position >= 1),
    name       text not null check (name ~ '^[a-z0-9-]{1,60}\.[a-z]{2,5}$'),
    content    bytea not null,
    withheld   boolean not null default false,
    exemption  bytea,
    primary key (school_id, bundle_id, position),
    unique (school_id, bundle_id, name),
    foreign key (school_id, bundle_id) references rights_bundle (school_id, id),
    check (withheld = (exemption is not null))
);
alter table rights_bundle_item enable row level security;
alter table rights_bundle_item force row level security;
create policy rights_bundle_item_tenant on rights_bundle_item
    using (school_id = custodian_current_school())
    with check (school_id = custodian_current_school());
revoke delete, truncate on rights_bundle_item from ${app_role};
