-- The record of each legal hold: its placing, every review and its lifting, appended and never
-- rewritten. A review's note is a Tink AEAD ciphertext under the hold's own data key, as the reason
-- is. A review also moves the hold's review date on: the app role may now set that one column too.
create table legal_hold_review (
    school_id      uuid not null references school (id),
    id             uuid not null,
    -- Steps recorded at the same instant keep the order they were recorded in.
    seq            bigint generated always as identity,
    hold_id        uuid not null,
    kind           text not null check (kind in ('PLACED', 'REVIEWED', 'LIFTED')),
    actor_id       uuid not null,
    recorded_at    timestamptz not null,
    note           bytea,
    next_review_on date,
    primary key (school_id, id),
    foreign key (school_id, hold_id) references legal_hold (school_id, id),
    check (kind = 'REVIEWED' or note is null),
    check ((kind = 'LIFTED') = (next_review_on is null))
);
create index legal_hold_review_hold on legal_hold_review (school_id, hold_id, seq);
alter table legal_hold_review enable row level security;
alter table legal_hold_review force row level security;
create policy legal_hold_review_tenant on legal_hold_review
    using (school_id = custodian_current_school())
    with check (school_id = custodian_current_school());
revoke update, delete, truncate on legal_hold_review from ${app_role};

grant update (review_on) on legal_hold to ${app_role};
