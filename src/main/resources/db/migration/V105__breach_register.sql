-- The breach register. Incidents, their timeline and their scopes are the platform's records (the
-- platform is the processor that tells each school); a school reads an incident and its scopes only
-- once it has been sent a notice about it. Free text that may describe people is stored encrypted
-- under the platform cipher, bound to its row. Everything is append-only: a decision is a new
-- timeline event, never an edit.
create table breach_incident (
    id                   uuid primary key,
    category             text not null check (category in ('CONFIDENTIALITY', 'INTEGRITY', 'AVAILABILITY')),
    started_at           timestamptz not null,
    aware_at             timestamptz not null,
    data_categories      text[] not null,
    approximate_subjects integer check (approximate_subjects >= 0),
    approximate_records  integer check (approximate_records >= 0),
    details              bytea not null,
    recorded_by          uuid not null references user_account (id),
    recorded_at          timestamptz not null,
    check (aware_at >= started_at)
);
create index breach_incident_aware on breach_incident (aware_at desc);

-- Every step, in order: recorded, notes, decisions (report to the ICO or not, tell the people or
-- not, with reasons and any reasons for delay), scopes and notices. The text is encrypted JSON;
-- the position orders events recorded within the same instant.
create table breach_event (
    incident_id    uuid not null references breach_incident (id),
    id             uuid not null,
    position       bigint generated always as identity,
    kind           text not null check (kind in ('RECORDED', 'NOTE', 'DECISION', 'SCOPED', 'NOTICES_SENT')),
    occurred_at    timestamptz not null,
    recorded_by    uuid not null references user_account (id),
    report_to_ico  boolean,
    tell_subjects  boolean,
    text           bytea,
    primary key (incident_id, id),
    check ((kind = 'DECISION') = (report_to_ico is not null and tell_subjects is not null))
);
create index breach_event_order on breach_event (incident_id, position);

-- "What did this account / session / API token see between two times": a session is the account
-- seen from the session's address, since the access log records the actor and the address.
create table breach_scope (
    id           uuid primary key,
    incident_id  uuid not null references breach_incident (id),
    kind         text not null check (kind in ('ACCOUNT', 'SESSION', 'API_TOKEN')),
    actor_id     uuid not null,
    source_ip    text check (source_ip is null or length(source_ip) <= 64),
    from_at      timestamptz not null,
    to_at        timestamptz not null,
    scoped_by    uuid not null references user_account (id),
    scoped_at    timestamptz not null,
    check (to_at > from_at),
    check ((kind = 'SESSION') = (source_ip is not null))
);
create index breach_scope_incident on breach_scope (incident_id, scoped_at);

-- Per school and scope: how many access-log entries and distinct pupils the scope covers.
create table breach_affected (
    school_id   uuid not null references school (id),
    scope_id    uuid not null references breach_scope (id),
    incident_id uuid not null references breach_incident (id),
    entries     bigint not null check (entries >= 0),
    pupils      bigint not null check (pupils >= 0),
    counted_at  timestamptz not null,
    primary key (school_id, scope_id)
);
create index breach_affected_incident on breach_affected (incident_id);

-- The processor's notice to a school (the controller), and each acknowledgement by its staff.
create table breach_notice (
    school_id   uuid not null references school (id),
    incident_id uuid not null references breach_incident (id),
    sent_at     timestamptz not null,
    sent_by     uuid not null references user_account (id),
    recipients  integer not null check (recipients >= 0),
    primary key (school_id, incident_id)
);
create index breach_notice_incident on breach_notice (incident_id);

create table breach_acknowledgement (
    school_id       uuid not null,
    incident_id     uuid not null,
    acknowledged_by uuid not null references user_account (id),
    acknowledged_at timestamptz not null,
    primary key (school_id, incident_id, acknowledged_by),
    foreign key (school_id, incident_id) references breach_notice (school_id, incident_id)
);

alter table breach_notice enable row level security;
alter table breach_notice force row level security;
create policy breach_notice_tenant on breach_notice
    using (school_id = custodian_current_school() or custodian_platform_scope())
    with check (custodian_platform_scope());

alter table breach_acknowledgement enable row level security;
alter table breach_acknowledgement force row level security;
create policy breach_acknowledgement_tenant on breach_acknowledgement
    using (school_id = custodian_current_school() or custodian_platform_scope())
    with check (school_id = custodian_current_school());

alter table breach_affected enable row level security;
alter table breach_affected force row level security;
create policy breach_affected_tenant on breach_affected
    using (school_id = custodian_current_school() or custodian_platform_scope())
    with check (custodian_platform_scope());

-- A school reads an incident, and the scopes that reached it, once it has been notified.
alter table breach_incident enable row level security;
alter table breach_incident force row level security;
create policy breach_incident_read on breach_incident
    using (custodian_platform_scope()
           or exists (select 1 from breach_notice n
                       where n.incident_id = breach_incident.id and n.school_id = custodian_current_school()))
    with check (custodian_platform_scope());

alter table breach_scope enable row level security;
alter table breach_scope force row level security;
create policy breach_scope_read on breach_scope
    using (custodian_platform_scope()
           or exists (select 1 from breach_notice n
                       where n.incident_id = breach_scope.incident_id and n.school_id = custodian_current_school()))
    with check (custodian_platform_scope());

alter table breach_event enable row level security;
alter table breach_event force row level security;
create policy breach_event_platform on breach_event
    using (custodian_platform_scope())
    with check (custodian_platform_scope());

revoke update, delete, truncate on breach_incident, breach_event, breach_scope, breach_affected, breach_notice,
    breach_acknowledgement from ${app_role};
