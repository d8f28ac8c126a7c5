-- The session store keeps only the SHA-256 of each session id (64 hex digits, identity's
-- StoredSessionIds); the cookie alone carries the id. Sessions stored under their plain ids cannot
-- be told apart from hashes safely, so every existing session ends here: people sign in again.
delete from spring_session;
alter table spring_session alter column session_id type char(64);
