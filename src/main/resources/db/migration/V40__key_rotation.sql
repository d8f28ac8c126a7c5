-- Master-key rotation: which master key wraps each keyset. The master key file is a Tink keyset that
-- may hold several keys (the newest primary); the re-wrap job moves every keyset onto the primary,
-- after which an older key can be retired. Null: wrapped before this was recorded (any key).
alter table school_keyset add column master_key_id bigint;
alter table platform_keyset add column master_key_id bigint;

-- Blind-index rotation: which PRF key computed a row's indexes. Null: the school's first PRF key.
-- Searches match the indexes of every key still in the school's PRF keyset; the re-index job moves
-- every row onto the primary, after which the older keys are retired.
alter table pupil add column index_key_id bigint;
create index pupil_index_key on pupil (school_id, index_key_id);
alter table erased_pupil add column index_key_id bigint;

-- A retired PRF key that still fingerprints erased pupils (their UPN is gone, so those fingerprints
-- cannot be recomputed) stays in the school's PRF keyset disabled: searches no longer use it, the
-- import's erased-pupil check still does.

-- Second-factor secrets move under the platform AEAD keyset (the master key wraps keys only).
alter table user_totp add column sealed_by text not null default 'MASTER_KEY'
    check (sealed_by in ('MASTER_KEY', 'PLATFORM_KEYSET'));
