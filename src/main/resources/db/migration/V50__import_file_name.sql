-- The name of an imported file, as the uploader's browser or client gave it. A file's name can carry
-- personal data ("transfer-in-smith.xml"), so it is stored as a Tink AEAD ciphertext under the
-- uploader's staff data key, bound to its job. Null for imports made without a name (the demo school).
alter table import_job add column file_name bytea;
