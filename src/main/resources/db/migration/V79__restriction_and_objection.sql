-- Restriction (UK GDPR Art 18), objection (Art 21) and withdrawal of consent, per pupil. While a
-- pupil is restricted their data is stored but used only for legal claims and the rights workflow
-- itself; an objection or a withdrawn consent switches one purpose of the register off for that
-- pupil alone. The current state is one row per restriction or switched-off purpose (inserted, and
-- deleted when lifted); every decision, lifting included, is also appended to a history that is
-- never rewritten. Ids and codes only: nothing here is personal data in itself.

-- Art 18(2): restricted data may still be used to establish, exercise or defend legal claims.
insert into processing_purpose (code, description, lawful_basis, allowed_roles, default_for, reason_required,
                                may_change, position)
values ('LEGAL_CLAIMS', 'Establishing, exercising or defending legal claims (also while a pupil''s data is restricted)',
        'Legal claims (Art 6(1)(f), Art 9(2)(f), Art 18(2))', '{DPO,SCHOOL_ADMIN}', '{}', true, false,
        (select max(position) + 1 from processing_purpose));

create table pupil_restriction (
    school_id         uuid not null references school (id),
    pupil_id          uuid not null,
    since             timestamptz not null,
    decided_by        uuid not null,
    rights_request_id uuid not null,
    primary key (school_id, pupil_id)
);
alter table pupil_restriction enable row level security;
alter table pupil_restriction force row level security;
create policy pupil_restriction_tenant on pupil_restriction
    using (school_id = custodian_current_school())
    with check (school_id = custodian_current_school());
revoke update, truncate on pupil_restriction from ${app_role};

create table pupil_purpose_objection (
    school_id         uuid not null references school (id),
    pupil_id          uuid not null,
    purpose           text not null references processing_purpose (code),
    basis             text not null check (basis in ('OBJECTION', 'CONSENT_WITHDRAWN')),
    since             timestamptz not null,
    decided_by        uuid not null,
    rights_request_id uuid not null,
    primary key (school_id, pupil_id, purpose)
);
alter table pupil_purpose_objection enable row level security;
alter table pupil_purpose_objection force row level security;
create policy pupil_purpose_objection_tenant on pupil_purpose_objection
    using (school_id = custodian_current_school())
    with check (school_id = custodian_current_school());
revoke update, truncate on pupil_purpose_objection from ${app_role};

create table pupil_processing_limit_event (
    school_id         uuid not null references school (id),
    pupil_id          uuid not null,
    -- The pupil's decisions in order, from 1 (decisions about one pupil are taken one at a time).
    position          integer not null check (position >= 1),
    event             text not null check (event in ('RESTRICTED', 'RESTRICTION_LIFTED', 'OBJECTED',
                          'CONSENT_WITHDRAWN', 'PURPOSE_REINSTATED')),
    purpose           text references processing_purpose (code),
    occurred_at       timestamptz not null,
    actor_id          uuid not null,
    rights_request_id uuid not null,
    primary key (school_id, pupil_id, position),
    check ((event in ('RESTRICTED', 'RESTRICTION_LIFTED')) = (purpose is null))
);
alter table pupil_processing_limit_event enable row level security;
alter table pupil_processing_limit_event force row level security;
create policy pupil_processing_limit_event_tenant on pupil_processing_limit_event
    using (school_id = custodian_current_school())
    with check (school_id = custodian_current_school());
revoke update, delete, truncate on pupil_processing_limit_event from ${app_role};
