-- "Forgot your password?" requests counted per source address and per address asked for (known or
-- not), before any work is queued. The address is kept only as the platform's blind index of it.
create table password_reset_request_count (
    kind              text not null check (kind in ('source', 'address')),
    subject           bytea not null,
    window_started_at timestamptz not null,
    requests          integer not null,
    primary key (kind, subject)
);
create index password_reset_request_count_window on password_reset_request_count (window_started_at);
