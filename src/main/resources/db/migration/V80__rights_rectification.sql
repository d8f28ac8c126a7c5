-- Rectification (UK GDPR Art 16): each field a rights request corrected, its old and new values
-- encrypted under the request's own data key (like the request's other free text), so the record of
-- the correction outlives the pupil's erasure and goes with the request. log_sequence is the
-- access-log entry of the correction itself: recipients to be told (Art 19) are those who received
-- the data between the change before it and it.
create table rights_rectification (
    school_id    uuid not null,
    request_id   uuid not null,
    position     integer not null check (position >= 1),
    field        text not null check (field ~ '^[A-Za-z]{1,64}$'),
    old_value    bytea,
    new_value    bytea,
    recorded_at  timestamptz not null,
    actor_id     uuid not null,
    pupil_version bigint not null,
    log_sequence bigint not null,
    primary key (school_id, request_id, position),
    foreign key (school_id, request_id) references rights_request (school_id, id)
);
alter table rights_rectification enable row level security;
alter table rights_rectification force row level security;
create policy rights_rectification_tenant on rights_rectification
    using (school_id = custodian_current_school())
    with check (school_id = custodian_current_school());
revoke update, delete, truncate on rights_rectification from ${app_role};
