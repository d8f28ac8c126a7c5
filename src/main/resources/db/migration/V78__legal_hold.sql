-- Legal holds: while one stands on a subject (or the whole school) nothing of it may be erased. The
-- reason is a Tink AEAD ciphertext under the hold's own data key; a hold is placed once and lifted
-- once (who, when), never rewritten or deleted.
create table legal_hold (
    school_id  uuid not null references school (id),
    id         uuid not null,
    scope      text not null check (scope in ('PUPIL', 'STAFF', 'CATEGORY', 'SCHOOL')),
    subject_id uuid,
    category   text,
    reason     bytea not null,
    placed_by  uuid not null,
    placed_at  timestamptz not null,
    review_on  date,
    lifted_at  timestamptz,
    lifted_by  uuid,
    primary key (school_id, id),
    check ((scope in ('PUPIL', 'STAFF')) = (subject_id is not null)),
    check ((scope = 'CATEGORY') = (category is not null)),
    check ((lifted_at is null) = (lifted_by is null))
);
create index legal_hold_subject on legal_hold (school_id, subject_id) where lifted_at is null;
alter table legal_hold enable row level security;
alter table legal_hold force row level security;
create policy legal_hold_tenant on legal_hold
    using (school_id = custodian_current_school())
    with check (school_id = custodian_current_school());
revoke update, delete, truncate on legal_hold from ${app_role};
grant update (lifted_at, lifted_by) on legal_hold to ${app_role};
create function legal_hold_lifted_once() returns trigger language plpgsql as $$
begin
    if old.lifted_at is not null then
        raise exception 'a lifted hold cannot be changed';
    end if;
    return new;
end $$;
create trigger legal_hold_lifted_once before update on legal_hold
    for each row execute function legal_hold_lifted_once();
