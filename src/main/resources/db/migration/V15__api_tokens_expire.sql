-- Every API token expires. Tokens issued to work until revoked get the default lifetime (90 days)
-- from this migration, so no integration stops without warning; revoked ones get an expiry after
-- their revocation, for the record only.
alter table api_token no force row level security;
update api_token set expires_at = now() + interval '90 days' where expires_at is null and revoked_at is null;
update api_token set expires_at = greatest(revoked_at, created_at) + interval '1 second'
 where expires_at is null;
alter table api_token force row level security;
alter table api_token alter column expires_at set not null;

-- When the school's admins were told the token is about to expire (once per token).
alter table api_token add column expiry_reminded_at timestamptz;
grant update (expiry_reminded_at) on api_token to ${app_role};
create index api_token_expiring on api_token (expires_at) where revoked_at is null and expiry_reminded_at is null;
