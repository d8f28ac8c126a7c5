-- Device cookies (OWASP "Slow Down Online Guessing Attacks with Device Cookies"): a browser that has
-- completed sign-in with the second factor holds a random token; only its SHA-256 hash is stored,
-- bound to the account. Failed guesses from that browser count here, against the cookie only, so an
-- attacker's failures from other clients (account_lockout) never lock it out. Like account_lockout
-- it is read before the school is known (platform scope); its policy defers to user_account's.
create table device_cookie (
    token_hash        bytea primary key check (length(token_hash) = 32),
    user_id           uuid not null references user_account (id) on delete cascade,
    created_at        timestamptz not null,
    expires_at        timestamptz not null,
    window_started_at timestamptz,
    failures          integer not null default 0,
    lock_level        integer not null default 0,
    locked_until      timestamptz
);
create index device_cookie_user on device_cookie (user_id, created_at);
alter table device_cookie enable row level security;
alter table device_cookie force row level security;
create policy device_cookie_owner on device_cookie
    using (exists (select 1 from user_account u where u.id = user_id));
