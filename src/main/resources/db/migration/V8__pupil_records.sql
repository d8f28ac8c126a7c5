-- The record of processing, as data: each purpose a read or change of pupil data may name, its
-- lawful basis (UK GDPR Art 6), the roles allowed to use it, and whether it always needs a reason.
-- Platform reference data: the application may only read it.
create table processing_purpose (
    code            text primary key check (code ~ '^[A-Z_]{1,64}$'),
    description     text not null,
    lawful_basis    text not null,
    allowed_roles   text[] not null,
    default_for     text[] not null default '{}',
    reason_required boolean not null,
    -- Whether records may be created, changed or erased under this purpose (reads only otherwise).
    may_change      boolean not null default false,
    position        integer not null unique
);
revoke insert, update, delete on processing_purpose from ${app_role};

insert into processing_purpose (code, description, lawful_basis, allowed_roles, default_for, reason_required, position) values
('TEACHING_AND_LEARNING', 'Teaching, pastoral care and learning support', 'Public task (Art 6(1)(e))',
    '{TEACHER,SCHOOL_ADMIN}', '{TEACHER}', false, 1),
('ASSESSMENT_TRACKING', 'Recording and tracking attainment and progress', 'Public task (Art 6(1)(e))',
    '{TEACHER,DATA_MANAGER,SCHOOL_ADMIN}', '{}', false, 2),
('EXAM_ADMINISTRATION', 'Entering and running examinations and access arrangements', 'Public task (Art 6(1)(e))',
    '{EXAM_SUPERVISOR,DATA_MANAGER,SCHOOL_ADMIN}', '{EXAM_SUPERVISOR}', false, 3),
('PARENT_COMMUNICATION', 'Contacting parents and carers about their child', 'Public task (Art 6(1)(e))',
    '{TEACHER,DATA_MANAGER,SCHOOL_ADMIN}', '{}', false, 4),
('DATA_MANAGEMENT', 'Keeping records accurate: imports, corrections, class lists', 'Public task (Art 6(1)(e))',
    '{DATA_MANAGER,SCHOOL_ADMIN}', '{DATA_MANAGER,SCHOOL_ADMIN}', false, 5),
('SUBJECT_RIGHTS_REQUEST', 'Answering a data subject''s request (access, rectification, erasure, ...)', 'Legal obligation (Art 6(1)(c))',
    '{DPO,SCHOOL_ADMIN,DATA_MANAGER}', '{DPO}', true, 6),
('BREACH_INVESTIGATION', 'Investigating a personal data breach', 'Legal obligation (Art 6(1)(c))',
    '{DPO,SCHOOL_ADMIN}', '{}', true, 7),
('SUPPORT_WITH_CONSENT', 'Platform support with the school''s time-boxed consent', 'Processor instructions (Art 28(3)(a))',
    '{SUPPORT}', '{SUPPORT}', true, 8),
('LEGAL_OBLIGATION', 'Statutory returns and other duties in law (e.g. the school census)', 'Legal obligation (Art 6(1)(c))',
    '{DPO,SCHOOL_ADMIN,DATA_MANAGER}', '{}', true, 9),
('BREAK_GLASS', 'Emergency access to protect a pupil''s vital interests', 'Vital interests (Art 6(1)(d))',
    '{TEACHER,EXAM_SUPERVISOR,DATA_MANAGER,SCHOOL_ADMIN,DPO}', '{}', true, 10);

-- Pupils: every personal field is a Tink AEAD ciphertext under the pupil's own data key (associated
-- data binds school, pupil and field), so no plaintext personal data reaches PostgreSQL. Search goes
-- through blind indexes (per-school keyed PRF over normalised values). version drives ETags.
alter table pupil
    add column upn_ct              bytea,
    add column forename_ct         bytea,
    add column surname_ct          bytea,
    add column date_of_birth_ct    bytea,
    add column admission_number_ct bytea,
    add column sex_ct              bytea,
    add column nc_year_ct          bytea,
    add column upn_index           bytea,
    add column forename_index      bytea,
    add column surname_index       bytea,
    add column version             bigint not null default 1,
    add column updated_at          timestamptz;
create unique index pupil_upn on pupil (school_id, upn_index);
create index pupil_forename on pupil (school_id, forename_index);
create index pupil_surname on pupil (school_id, surname_index);
create index pupil_created on pupil (school_id, created_at, id);

-- Optional categories (DOMAIN §2): off until a school admin switches one on. Values of a category
-- that is off are never stored; switching one off deletes its stored values in the same transaction.
create table school_category (
    school_id  uuid not null references school (id),
    category   text not null,
    enabled    boolean not null,
    changed_by uuid not null references user_account (id),
    changed_at timestamptz not null,
    primary key (school_id, category)
);
alter table school_category enable row level security;
alter table school_category force row level security;
create policy school_category_tenant on school_category
    using (school_id = custodian_current_school())
    with check (school_id = custodian_current_school());

-- Every change to the opt-in, append-only: who switched what, when, and how many values it removed.
create table school_category_change (
    school_id      uuid not null references school (id),
    id             uuid not null,
    category       text not null,
    enabled        boolean not null,
    values_removed integer not null,
    changed_by     uuid not null references user_account (id),
    changed_at     timestamptz not null,
    primary key (school_id, id)
);
alter table school_category_change enable row level security;
alter table school_category_change force row level security;
create policy school_category_change_tenant on school_category_change
    using (school_id = custodian_current_school())
    with check (school_id = custodian_current_school());
revoke update, delete on school_category_change from ${app_role};

create table pupil_category_value (
    school_id uuid not null,
    pupil_id  uuid not null,
    category  text not null,
    value_ct  bytea not null,
    primary key (school_id, pupil_id, category),
    foreign key (school_id, pupil_id) references pupil (school_id, id) on delete cascade
);
create index pupil_category_value_category on pupil_category_value (school_id, category);
alter table pupil_category_value enable row level security;
alter table pupil_category_value force row level security;
create policy pupil_category_value_tenant on pupil_category_value
    using (school_id = custodian_current_school())
    with check (school_id = custodian_current_school());

-- Registration groups and teaching classes (codes such as "7A" or "10X/Ma1" are not personal data),
-- the staff who teach or supervise them, and which pupils belong to them.
create table school_class (
    school_id uuid not null references school (id),
    id        uuid not null,
    kind      text not null check (kind in ('REGISTRATION', 'TEACHING')),
    code      text not null check (length(code) between 1 and 40),
    primary key (school_id, id),
    unique (school_id, kind, code)
);
alter table school_class enable row level security;
alter table school_class force row level security;
create policy school_class_tenant on school_class
    using (school_id = custodian_current_school())
    with check (school_id = custodian_current_school());

create table class_staff (
    school_id uuid not null,
    class_id  uuid not null,
    staff_id  uuid not null references user_account (id) on delete cascade,
    duty      text not null check (duty in ('TEACHER', 'SUPERVISOR')),
    primary key (school_id, class_id, staff_id, duty),
    foreign key (school_id, class_id) references school_class (school_id, id) on delete cascade
);
create index class_staff_staff on class_staff (school_id, staff_id);
alter table class_staff enable row level security;
alter table class_staff force row level security;
create policy class_staff_tenant on class_staff
    using (school_id = custodian_current_school())
    with check (school_id = custodian_current_school());

create table class_pupil (
    school_id uuid not null,
    class_id  uuid not null,
    pupil_id  uuid not null,
    primary key (school_id, class_id, pupil_id),
    foreign key (school_id, class_id) references school_class (school_id, id) on delete cascade,
    foreign key (school_id, pupil_id) references pupil (school_id, id) on delete cascade
);
create index class_pupil_pupil on class_pupil (school_id, pupil_id);
alter table class_pupil enable row level security;
alter table class_pupil force row level security;
create policy class_pupil_tenant on class_pupil
    using (school_id = custodian_current_school())
    with check (school_id = custodian_current_school());

-- Records change only for keeping them accurate or to answer a rights request (rectification, erasure).
update processing_purpose set may_change = true where code in ('DATA_MANAGEMENT', 'SUBJECT_RIGHTS_REQUEST');
