-- A keyset row changes only by rotation or re-wrap: the application may replace the wrapped keyset
-- and the columns that describe it, never move a keyset to another school or purpose.
revoke update on school_keyset from ${app_role};
grant update (wrapped_keyset, primary_key_id, rotated_at, master_key_id) on school_keyset to ${app_role};
revoke update on platform_keyset from ${app_role};
grant update (wrapped_keyset, master_key_id) on platform_keyset to ${app_role};
