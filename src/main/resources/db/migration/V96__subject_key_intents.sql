-- Subject data keys live in the key store's own database. A key is written there first, committed,
-- then this row is written in the transaction that creates the subject: if that transaction rolls
-- back, the key has no row here and the orphan sweep deletes it; if it commits, the sweep confirms
-- the key and deletes this row. Ids and times only.
create table subject_key_intent (
    school_id  uuid not null references school (id),
    subject_id uuid not null,
    created_at timestamptz not null,
    primary key (school_id, subject_id)
);
alter table subject_key_intent enable row level security;
alter table subject_key_intent force row level security;
create policy subject_key_intent_tenant on subject_key_intent
    using (school_id = custodian_current_school())
    with check (school_id = custodian_current_school());
revoke update on subject_key_intent from ${app_role};
-- The orphan sweep finds the schools with old rows across the platform (ids only).
create policy subject_key_intent_platform_read on subject_key_intent for select using (custodian_platform_scope());
