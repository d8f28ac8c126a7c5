-- A school leaving service (terminated or purged) revokes all its API tokens in the same transaction.
-- The platform admin who moved it is recorded as the revoker; a move made by the system names no
-- account, so a revoked token may have no revoker (but a revoker still needs a revocation time).
alter table api_token drop constraint api_token_check;
alter table api_token add constraint api_token_revoker_check check (revoked_by is null or revoked_at is not null);
