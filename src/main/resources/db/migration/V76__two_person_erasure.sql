-- Erasure of a pupil or member of staff in two steps: someone requests it, and it takes effect only
-- when a second authorised person confirms it (or at once, while the school has switched the
-- two-person rule off). A request row is written once; only its decision (confirmed or cancelled,
-- by whom, when) is filled in later, once. The reason is a Tink AEAD ciphertext under the erasure's
-- own data key (subject_data_key with the erasure's id), so it outlives the subject's own key.
create table erasure (
    school_id         uuid not null references school (id),
    id                uuid not null,
    subject_kind      text not null check (subject_kind in ('PUPIL', 'STAFF')),
    subject_id        uuid not null,
    request_reference uuid,
    purpose           text,
    reason            bytea,
    requested_by      uuid not null,
    requested_at      timestamptz not null,
    state             text not null check (state in ('PENDING', 'CONFIRMED', 'CANCELLED')),
    decided_by        uuid,
    decided_at        timestamptz,
    primary key (school_id, id),
    check ((state = 'PENDING') = (decided_by is null)),
    check ((decided_by is null) = (decided_at is null))
);
-- At most one pending erasure per subject: a second request would only queue the same decision twice.
create unique index erasure_pending on erasure (school_id, subject_kind, subject_id) where state = 'PENDING';
create index erasure_requested on erasure (school_id, requested_at);
alter table erasure enable row level security;
alter table erasure force row level security;
create policy erasure_tenant on erasure
    using (school_id = custodian_current_school())
    with check (school_id = custodian_current_school());
revoke update, delete, truncate on erasure from ${app_role};
grant update (state, decided_by, decided_at) on erasure to ${app_role};
create function erasure_decided_once() returns trigger language plpgsql as $$
begin
    if old.state <> 'PENDING' then
        raise exception 'an erasure is decided once';
    end if;
    if new.school_id <> old.school_id or new.id <> old.id or new.subject_id <> old.subject_id
            or new.requested_by <> old.requested_by then
        raise exception 'an erasure request cannot be rewritten';
    end if;
    return new;
end $$;
create trigger erasure_decided_once before update on erasure
    for each row execute function erasure_decided_once();

-- The school's two-person rule: on unless the latest change says off. Every change is kept (who, when);
-- the sequence orders changes made within the same instant.
create table erasure_rule_change (
    school_id  uuid not null references school (id),
    id         uuid not null,
    sequence   bigint generated always as identity,
    two_person boolean not null,
    changed_by uuid not null,
    changed_at timestamptz not null,
    primary key (school_id, id)
);
create index erasure_rule_change_latest on erasure_rule_change (school_id, sequence desc);
alter table erasure_rule_change enable row level security;
alter table erasure_rule_change force row level security;
create policy erasure_rule_change_tenant on erasure_rule_change
    using (school_id = custodian_current_school())
    with check (school_id = custodian_current_school());
revoke update, delete, truncate on erasure_rule_change from ${app_role};

-- A pupil's tombstone names the rights request it answered, if any (its id: no personal data).
alter table erased_pupil add column request_reference uuid;
