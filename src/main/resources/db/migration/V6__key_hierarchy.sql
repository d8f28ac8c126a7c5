-- Key hierarchy (Tink): master key -> one keyset per school and purpose -> one data key per subject.
-- Every column below holds wrapped (encrypted) keysets only; no key material is stored in the clear.

-- A school's keysets: AEAD (wraps the subjects' data keys) and PRF (blind indexes), each wrapped by
-- the master key with the school id as associated data. Rotation adds keys to the AEAD keyset, so
-- the row is updated, never deleted.
create table school_keyset (
    school_id      uuid not null references school (id),
    purpose        text not null check (purpose in ('AEAD', 'PRF')),
    wrapped_keyset bytea not null,
    primary_key_id bigint not null,
    created_at     timestamptz not null,
    rotated_at     timestamptz,
    primary key (school_id, purpose)
);
alter table school_keyset enable row level security;
alter table school_keyset force row level security;
create policy school_keyset_tenant on school_keyset
    using (school_id = custodian_current_school())
    with check (school_id = custodian_current_school());
revoke delete on school_keyset from ${app_role};

-- One data key per subject (pupil or staff member), wrapped by the school's AEAD keyset with school
-- and subject as associated data. Deleting the row is crypto-shredding: every ciphertext of the
-- subject, wherever a copy survives, becomes unreadable. wrapping_key_id tells the re-wrap job which
-- rows still sit under an older school key.
create table subject_data_key (
    school_id       uuid not null references school (id),
    subject_id      uuid not null,
    subject_kind    text not null check (subject_kind in ('PUPIL', 'STAFF')),
    wrapped_key     bytea not null,
    wrapping_key_id bigint not null,
    created_at      timestamptz not null,
    primary key (school_id, subject_id)
);
create index subject_data_key_wrapping on subject_data_key (school_id, wrapping_key_id);
alter table subject_data_key enable row level security;
alter table subject_data_key force row level security;
create policy subject_data_key_tenant on subject_data_key
    using (school_id = custodian_current_school())
    with check (school_id = custodian_current_school());

-- Subjects whose key was destroyed: ids and times only, so an erased subject is never given a fresh
-- key by mistake and decryption can say "erased" rather than "unknown". Append-only.
create table erased_subject (
    school_id  uuid not null references school (id),
    subject_id uuid not null,
    erased_at  timestamptz not null,
    primary key (school_id, subject_id)
);
alter table erased_subject enable row level security;
alter table erased_subject force row level security;
create policy erased_subject_tenant on erased_subject
    using (school_id = custodian_current_school())
    with check (school_id = custodian_current_school());
revoke update, delete on erased_subject from ${app_role};
