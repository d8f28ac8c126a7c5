-- The emails that told a school's DPO a hold is due for review, one row per hold and review date:
-- the row is written before the email goes, so a rerun or a second instance sends nothing twice.
create table legal_hold_review_notice (
    school_id uuid not null references school (id),
    hold_id   uuid not null,
    review_on date not null,
    sent_at   timestamptz not null,
    primary key (school_id, hold_id, review_on),
    foreign key (school_id, hold_id) references legal_hold (school_id, id)
);
alter table legal_hold_review_notice enable row level security;
alter table legal_hold_review_notice force row level security;
create policy legal_hold_review_notice_tenant on legal_hold_review_notice
    using (school_id = custodian_current_school())
    with check (school_id = custodian_current_school());
revoke update, delete, truncate on legal_hold_review_notice from ${app_role};
