-- A staging school holds one school's records restored from a backup, for the school to recover what
-- it lost. It is terminated from the start (out of service: nobody signs in, nothing is processed)
-- and names the school it was restored from. It has no URN or DfE number of its own: the real school
-- keeps them, so a staging school's are 'S' and hex digits, which no real school's can be.
alter table school add column staging_of uuid references school (id);
alter table school drop constraint school_urn_check;
alter table school add constraint school_urn_check
    check (urn ~ '^[1-9][0-9]{5}$' or (staging_of is not null and urn ~ '^S[0-9a-f]{12}$'));
alter table school drop constraint school_establishment_number_check;
alter table school add constraint school_establishment_number_check
    check (establishment_number ~ '^[0-9]{4}$' or (staging_of is not null and establishment_number ~ '^S[0-9a-f]{12}$'));
alter table school add constraint school_staging_out_of_service check (staging_of is null or state in ('TERMINATED', 'PURGED'));

-- The access log of the restored school and of its staging school names this purpose. No person may
-- name it: only the school-scoped restore uses it.
insert into processing_purpose (code, description, lawful_basis, allowed_roles, default_for, reason_required,
                                may_change, position)
values ('BACKUP_RESTORE', 'Restoring a school''s records from a backup into a staging school, to recover an accidental deletion',
        'Processor instructions (Art 28(3)(a)); restoring availability, Art 32(1)(c)', '{}', '{}', false, true,
        (select max(position) + 1 from processing_purpose));
