-- The platform's Ed25519 signing keys (signed checkpoints of the access log). The private keyset is
-- wrapped by the master key; the public key is sealed under it too, bound by associated data to the
-- row's id, creation and retirement, so a database owner can neither plant a key nor alter one
-- unnoticed. At most one key is current; a retired key keeps only its public half.
create table platform_signing_key (
    id                     uuid primary key,
    public_key_sealed      bytea not null,
    wrapped_private_keyset bytea,
    master_key_id          bigint not null,
    created_at             timestamptz not null,
    retired_at             timestamptz,
    check ((retired_at is null) = (wrapped_private_keyset is not null)),
    check (retired_at is null or retired_at >= created_at)
);
create unique index platform_signing_key_one_current on platform_signing_key ((true)) where retired_at is null;

-- Platform scope only: no school's transaction reads or writes it.
alter table platform_signing_key enable row level security;
alter table platform_signing_key force row level security;
create policy platform_signing_key_platform on platform_signing_key
    using (custodian_platform_scope())
    with check (custodian_platform_scope());

-- Rows change only by retirement (sets retired_at, drops the private keyset, reseals the public key)
-- and by master-key re-wrap; never deleted, never un-retired.
revoke update, delete, truncate on platform_signing_key from ${app_role};
grant update (public_key_sealed, wrapped_private_keyset, master_key_id, retired_at) on platform_signing_key to ${app_role};

create function custodian_signing_key_unchanged_once_retired() returns trigger
    language plpgsql
    set search_path = pg_catalog, public, pg_temp
as $$
begin
    if old.retired_at is not null and new.retired_at is distinct from old.retired_at then
        raise exception 'a retired signing key stays retired';
    end if;
    if old.wrapped_private_keyset is null and new.wrapped_private_keyset is not null then
        raise exception 'a destroyed private signing key does not come back';
    end if;
    return new;
end
$$;
create trigger platform_signing_key_unchanged_once_retired before update on platform_signing_key
    for each row execute function custodian_signing_key_unchanged_once_retired();
