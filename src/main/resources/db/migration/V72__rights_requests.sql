-- The register of data-subject rights requests. A request row holds what is fixed at receipt; every
-- later change is a step appended to rights_request_step, so the status, the clock stops and the
-- extension are read from the steps and nothing is ever rewritten. Free text about the requester
-- or the request is a Tink AEAD ciphertext under the request's own data key (subject_data_key with
-- the request's id), so the register outlives the erasure of the pupil or staff member it is about.
create table rights_request (
    school_id             uuid not null references school (id),
    id                    uuid not null,
    request_type          text not null check (request_type in ('ACCESS', 'RECTIFICATION', 'ERASURE',
                              'RESTRICTION', 'OBJECTION', 'PORTABILITY', 'WITHDRAWAL_OF_CONSENT')),
    subject_kind          text not null check (subject_kind in ('PUPIL', 'STAFF')),
    subject_id            uuid not null,
    requester_kind        text not null check (requester_kind in ('SUBJECT', 'PARENT_OR_CARER', 'OTHER')),
    requester             bytea,
    channel               text not null check (channel in ('EMAIL', 'LETTER', 'IN_PERSON', 'PHONE', 'OTHER')),
    received_on           date not null,
    competence            text not null check (competence in ('COMPETENT', 'NOT_COMPETENT', 'NOT_APPLICABLE')),
    competence_basis      text not null check (competence_basis in ('JUDGEMENT', 'AGE_RULE', 'NOT_APPLICABLE')),
    competence_decided_by uuid,
    created_by            uuid not null,
    created_at            timestamptz not null,
    primary key (school_id, id),
    check ((subject_kind = 'STAFF') = (competence = 'NOT_APPLICABLE')),
    check ((competence = 'NOT_APPLICABLE') = (competence_decided_by is null))
);
create index rights_request_received on rights_request (school_id, received_on, id);
alter table rights_request enable row level security;
alter table rights_request force row level security;
create policy rights_request_tenant on rights_request
    using (school_id = custodian_current_school())
    with check (school_id = custodian_current_school());
revoke update, delete, truncate on rights_request from ${app_role};

-- One row per step, numbered from 1 (RECEIVED). The primary key makes two concurrent steps on the
-- same request collide instead of both being appended after the same predecessor.
create table rights_request_step (
    school_id        uuid not null,
    request_id       uuid not null,
    position         integer not null check (position >= 1),
    status           text not null check (status in ('RECEIVED', 'AWAITING_IDENTITY_OR_CLARIFICATION',
                         'IN_PROGRESS', 'EXTENDED', 'COMPLETED', 'REFUSED')),
    occurred_on      date not null,
    recorded_at      timestamptz not null,
    actor_id         uuid not null,
    details          bytea,
    extension_months integer check (extension_months between 1 and 2),
    reason           bytea,
    exemption        bytea,
    primary key (school_id, request_id, position),
    foreign key (school_id, request_id) references rights_request (school_id, id),
    check ((status = 'EXTENDED') = (extension_months is not null)),
    check (status not in ('EXTENDED', 'REFUSED') or reason is not null),
    check ((status = 'REFUSED') = (exemption is not null))
);
alter table rights_request_step enable row level security;
alter table rights_request_step force row level security;
create policy rights_request_step_tenant on rights_request_step
    using (school_id = custodian_current_school())
    with check (school_id = custodian_current_school());
revoke update, delete, truncate on rights_request_step from ${app_role};
