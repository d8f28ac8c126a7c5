-- Session attributes are now bound to their session's primary id (SessionAttributeEncryption).
-- Sessions stored before hold attributes bound to no session: end them, everyone signs in again.
delete from spring_session;
