-- Re-admission: a pupil erased earlier who returns to the school is added again only after the DPO
-- decides so, with a reason. The decision is its own purpose in the record of processing (it lifts
-- a tombstone and changes no pupil record, so it may not be used to change records).
insert into processing_purpose (code, description, lawful_basis, allowed_roles, default_for, reason_required,
                                may_change, position)
values ('READMISSION', 'Re-admitting a returning pupil whose record was erased earlier', 'Public task (Art 6(1)(e))',
        '{DPO}', '{}', true, false, 11);

-- A re-admission marks the tombstone instead of deleting it: the erasure (when, for which purpose)
-- and who lifted it when stay on record; the reason is in the access log, whose READMIT entry names
-- the tombstone's id. A UPN erased again after its re-admission gets a new tombstone, so each row
-- has its own id and at most one row per UPN is standing (not re-admitted).
alter table erased_pupil
    add column id            uuid not null default gen_random_uuid(),
    add column readmitted_at timestamptz,
    add column readmitted_by uuid references user_account (id),
    add constraint erased_pupil_readmission check ((readmitted_at is null) = (readmitted_by is null));
alter table erased_pupil drop constraint erased_pupil_pkey;
alter table erased_pupil add primary key (school_id, id);
create unique index erased_pupil_standing on erased_pupil (school_id, upn_index) where readmitted_at is null;

-- The application adds tombstones and re-admits them once; it never deletes or rewrites them.
revoke delete, truncate on erased_pupil from ${app_role};
grant update (readmitted_at, readmitted_by) on erased_pupil to ${app_role};
create function erased_pupil_readmitted_once() returns trigger language plpgsql as $$
begin
    if old.readmitted_at is not null then
        raise exception 'a re-admission cannot be changed';
    end if;
    return new;
end $$;
create trigger erased_pupil_readmitted_once before update on erased_pupil
    for each row execute function erased_pupil_readmitted_once();
