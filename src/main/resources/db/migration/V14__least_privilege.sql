-- The application role keeps only the privileges its code uses (AppRolePrivilegesIT lists them).
revoke update on class_pupil from ${app_role};
revoke update on class_staff from ${app_role};
revoke delete on erased_pupil from ${app_role};
revoke delete on password_reset from ${app_role};
revoke delete on school_category from ${app_role};
revoke update, delete on school_class from ${app_role};
revoke delete on source_throttle from ${app_role};
revoke delete on user_account from ${app_role};

-- Security-definer functions run as the schema owner. Each pins its search path with pg_temp last
-- (so nobody's temporary objects can stand in for the tables it names) and checks the caller's
-- school itself, not only through the policies of the tables it touches.
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
    update public.isa_acceptance set signer_name = null, signer_name_ciphertext = ciphertext
     where school_id = acceptance_school and id = acceptance_id
       and signer_name is not null and signer_name_ciphertext is null;
    get diagnostics sealed = row_count;
    return sealed;
end
$$;
