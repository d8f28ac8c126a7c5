-- An agreement signer's name is bound to its acceptance: the associated data of the ciphertext names
-- the acceptance id besides school, signer and field (JdbcInformationSharingAgreements.signerField),
-- so a name copied to another acceptance of the same signer is refused.

-- Names encrypted before are re-encrypted once, bound to their acceptance, at start-up (before the
-- web server takes requests). signer_name_bound tells which are done; reads never rely on it, they
-- only ever accept the bound form. Rows inserted without it are taken as unbound.
alter table isa_acceptance add column signer_name_bound boolean not null default false;

-- isa_acceptance stays append-only for the application role. Sealing a name stored in the clear now
-- stores it bound to its acceptance.
create or replace function custodian_seal_isa_signer(acceptance_school uuid, acceptance_id uuid, ciphertext bytea)
    returns integer
    language plpgsql security definer set search_path = pg_catalog, public, pg_temp
as $$
declare
    sealed integer;
begin
    if acceptance_school is distinct from custodian_current_school() then
        raise exception 'not the school in scope' using errcode = '42501';
    end if;
    update public.isa_acceptance set signer_name = null, signer_name_ciphertext = ciphertext, signer_name_bound = true
     where school_id = acceptance_school and id = acceptance_id
       and signer_name is not null and signer_name_ciphertext is null;
    get diagnostics sealed = row_count;
    return sealed;
end
$$;

-- The one other change it may make, once per row: replace an unbound name with the same name bound
-- to its acceptance (or with nothing, when the signer was erased and the name can never be read).
create function custodian_bind_isa_signer(acceptance_school uuid, acceptance_id uuid, unbound bytea, bound bytea)
    returns integer
    language plpgsql security definer set search_path = pg_catalog, public, pg_temp
as $$
declare
    changed integer;
begin
    if acceptance_school is distinct from custodian_current_school() then
        raise exception 'not the school in scope' using errcode = '42501';
    end if;
    update public.isa_acceptance set signer_name_ciphertext = bound, signer_name_bound = true
     where school_id = acceptance_school and id = acceptance_id
       and not signer_name_bound and signer_name_ciphertext = unbound;
    get diagnostics changed = row_count;
    return changed;
end
$$;
revoke all on function custodian_bind_isa_signer(uuid, uuid, bytea, bytea) from public;
grant execute on function custodian_bind_isa_signer(uuid, uuid, bytea, bytea) to ${app_role};
