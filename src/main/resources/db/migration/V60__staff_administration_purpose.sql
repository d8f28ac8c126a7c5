-- Reads and changes of staff records (Manage Users) are logged like reads of pupil records, under a
-- purpose of the same record of processing. Each purpose says whose data it concerns, so that a
-- purpose for staff records can never be named to use pupil data.
alter table processing_purpose
    add column data_subjects text not null default 'PUPILS' check (data_subjects in ('PUPILS', 'STAFF'));

insert into processing_purpose (code, description, lawful_basis, allowed_roles, default_for, reason_required,
                                may_change, position, data_subjects)
values ('STAFF_ADMINISTRATION', 'Managing the school''s staff accounts: who may sign in, and with which role',
        'Legal obligation (Art 6(1)(c))', '{SCHOOL_ADMIN}', '{}', false, true, 13, 'STAFF');
