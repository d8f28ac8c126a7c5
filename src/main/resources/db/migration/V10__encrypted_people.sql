-- Personal fields of staff, platform users, school contacts and agreement signers move out of the
-- clear. A school's staff are encrypted under their own data key (crypto-shredding erases them);
-- what belongs to no school under the platform's keysets below. The plaintext columns stay for
-- now, nullable: at start-up the application encrypts any row still in the clear and nulls its
-- plaintext (idempotently, in one transaction per module); a later migration drops them.

-- The platform's own keysets: AEAD (fields of records that belong to no school) and PRF (blind
-- indexes that span schools, such as sign-in names), each wrapped by the master key. Platform-owned
-- like isa_version: no school's rows, no tenant policy.
create table platform_keyset (
    purpose        text primary key check (purpose in ('AEAD', 'PRF')),
    wrapped_keyset bytea not null,
    primary_key_id bigint not null,
    created_at     timestamptz not null,
    rotated_at     timestamptz
);
revoke delete on platform_keyset from ${app_role};

-- Accounts: a platform-wide blind index of the normalised username (an email address) replaces
-- the unique index on lower(username); sign-in and every lookup by username go through it.
alter table user_account
    add column username_index          bytea check (length(username_index) = 32),
    add column username_ciphertext     bytea,
    add column display_name_ciphertext bytea,
    alter column username drop not null,
    alter column display_name drop not null,
    -- a sealed row can always be found (and kept unique) by its index
    add constraint user_account_sealed check ((username is null) = (username_index is not null)),
    add constraint user_account_name_sealed check (display_name is null or display_name_ciphertext is null);
drop index user_account_username;
create unique index user_account_username_index on user_account (username_index) where removed_at is null;

-- A school's main contact belongs to the platform's records of the school (platform keyset).
alter table school
    add column contact_name_ciphertext  bytea,
    add column contact_email_ciphertext bytea,
    alter column contact_name drop not null,
    alter column contact_email drop not null,
    add constraint school_contact_sealed check ((contact_name is null or contact_name_ciphertext is null)
                                                and (contact_email is null or contact_email_ciphertext is null));

-- The signer of an agreement is a school admin: their name is encrypted under their data key.
alter table isa_acceptance
    add column signer_name_ciphertext bytea,
    alter column signer_name drop not null,
    add constraint isa_acceptance_signer_sealed check (signer_name is null or signer_name_ciphertext is null);

-- isa_acceptance stays append-only for the application role: the only change it may make is this
-- one, once per row: replace a plaintext signer name with its ciphertext. Runs as the owner but
-- under the same forced row-level security (the caller's school scope).
create function custodian_seal_isa_signer(acceptance_school uuid, acceptance_id uuid, ciphertext bytea)
    returns integer
    language plpgsql security definer set search_path = public
as $$
declare
    sealed integer;
begin
    update isa_acceptance set signer_name = null, signer_name_ciphertext = ciphertext
     where school_id = acceptance_school and id = acceptance_id
       and signer_name is not null and signer_name_ciphertext is null;
    get diagnostics sealed = row_count;
    return sealed;
end
$$;
revoke all on function custodian_seal_isa_signer(uuid, uuid, bytea) from public;
grant execute on function custodian_seal_isa_signer(uuid, uuid, bytea) to ${app_role};

-- Session attributes (the signed-in user, with username and name) are now encrypted with the
-- platform keyset. Sessions stored before hold them in the clear: end them, everyone signs in again.
delete from spring_session;
