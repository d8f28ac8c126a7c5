package org.custodian.identity.internal;

import java.io.InputStream;
import java.io.Reader;
import java.lang.reflect.Field;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;

import org.custodian.crypto.CiphertextRejectedException;
import org.custodian.crypto.PlatformCipher;
import org.springframework.jdbc.support.lob.DefaultLobHandler;
import org.springframework.jdbc.support.lob.LobCreator;
import org.springframework.jdbc.support.lob.LobHandler;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;

/**
 * A session's attributes hold the signed-in user (username and name): Spring Session serialises each
 * one, then this encrypts it with the platform keyset, bound to the session's primary id (the key of
 * its {@code spring_session} row; never the session id, which is the cookie's secret). An attribute
 * copied into another session's rows, or altered, does not decrypt and reads as absent: that session
 * is simply not signed in.
 *
 * <p>The binding sits where Spring Session's JDBC store moves attribute bytes: reading, its result
 * set row names the primary id beside the bytes ({@link #lobHandler()}); writing, the store names it
 * only inside its own session object, so {@link #around} holds it for the thread while the store
 * saves that session. Bytes written outside such a save are refused, never stored unbound.
 */
@SuppressWarnings("deprecation") // LobHandler: what Spring Session's JDBC store still takes for attribute bytes
final class SessionAttributeEncryption {

    static final String FIELD = "spring-session.attribute";

    /** The primary id of the session the store is saving on this thread. */
    private static final ThreadLocal<UUID> SAVING = new ThreadLocal<>();

    /** Spring Session's JDBC session keeps its primary id in this field and exposes it nowhere else. */
    private static final Field PRIMARY_KEY = primaryKeyField();

    private final PlatformCipher cipher;

    SessionAttributeEncryption(PlatformCipher cipher) {
        this.cipher = cipher;
    }

    /** Encrypts attribute bytes as the store writes them and decrypts them as it reads them. */
    LobHandler lobHandler() {
        return new Encrypting();
    }

    /** The store, saving each session with its primary id known to {@link #lobHandler()}. */
    static <S extends Session> FindByIndexNameSessionRepository<S> around(FindByIndexNameSessionRepository<S> store) {
        return new PrimaryIdBound<>(store);
    }

    private static Field primaryKeyField() {
        try {
            Class<?> jdbcSession = Class.forName(
                    "org.springframework.session.jdbc.JdbcIndexedSessionRepository$JdbcSession");
            Field field = jdbcSession.getDeclaredField("primaryKey");
            field.setAccessible(true);
            return field;
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("Spring Session's JDBC session no longer keeps its primary id in "
                    + "'primaryKey': session attributes cannot be bound to their session", e);
        }
    }

    static UUID primaryIdOf(Session session) {
        try {
            return UUID.fromString((String) PRIMARY_KEY.get(session));
        } catch (IllegalAccessException | IllegalArgumentException e) {
            throw new IllegalStateException("Not a session of Spring Session's JDBC store", e);
        }
    }

    private final class Encrypting extends DefaultLobHandler {

        @Override
        public byte[] getBlobAsBytes(ResultSet rs, String columnName) throws SQLException {
            byte[] stored = rs.getBytes(columnName); // bytea, as the default handler reads it
            if (stored == null) {
                return null;
            }
            try {
                return cipher.decrypt(UUID.fromString(rs.getString("PRIMARY_ID").strip()), FIELD, stored);
            } catch (CiphertextRejectedException | IllegalArgumentException e) {
                return null;
            }
        }

        @Override
        public byte[] getBlobAsBytes(ResultSet rs, int columnIndex) {
            throw new UnsupportedOperationException("Session attributes are read by column name");
        }

        @Override
        public InputStream getBlobAsBinaryStream(ResultSet rs, String columnName) {
            throw new UnsupportedOperationException("Session attributes are read as bytes");
        }

        @Override
        public InputStream getBlobAsBinaryStream(ResultSet rs, int columnIndex) {
            throw new UnsupportedOperationException("Session attributes are read as bytes");
        }

        @Override
        public LobCreator getLobCreator() {
            LobCreator plain = super.getLobCreator();
            return new LobCreator() {
                @Override
                public void setBlobAsBytes(PreparedStatement ps, int paramIndex, byte[] content) throws SQLException {
                    UUID primaryId = SAVING.get();
                    if (primaryId == null) {
                        throw new IllegalStateException("Session attributes are written only while their session is saved");
                    }
                    plain.setBlobAsBytes(ps, paramIndex, content == null ? null : cipher.encrypt(primaryId, FIELD, content));
                }

                @Override
                public void setBlobAsBinaryStream(PreparedStatement ps, int paramIndex, InputStream stream, int length) {
                    throw new UnsupportedOperationException("Session attributes are written as bytes");
                }

                @Override
                public void setClobAsString(PreparedStatement ps, int paramIndex, String content) {
                    throw new UnsupportedOperationException("Session attributes are bytes");
                }

                @Override
                public void setClobAsAsciiStream(PreparedStatement ps, int paramIndex, InputStream stream, int length) {
                    throw new UnsupportedOperationException("Session attributes are bytes");
                }

                @Override
                public void setClobAsCharacterStream(PreparedStatement ps, int paramIndex, Reader reader, int length) {
                    throw new UnsupportedOperationException("Session attributes are bytes");
                }

                @Override
                public void close() {
                    plain.close();
                }
            };
        }
    }

    /** Delegates everything; a save runs with the session's primary id held for this thread. */
    private static final class PrimaryIdBound<S extends Session> implements FindByIndexNameSessionRepository<S> {

        private final FindByIndexNameSessionRepository<S> store;

        PrimaryIdBound(FindByIndexNameSessionRepository<S> store) {
            this.store = store;
        }

        @Override
        public S createSession() {
            return store.createSession();
        }

        @Override
        public void save(S session) {
            UUID outer = SAVING.get();
            SAVING.set(primaryIdOf(session));
            try {
                store.save(session);
            } finally {
                if (outer == null) {
                    SAVING.remove();
                } else {
                    SAVING.set(outer);
                }
            }
        }

        @Override
        public S findById(String id) {
            return store.findById(id);
        }

        @Override
        public void deleteById(String id) {
            store.deleteById(id);
        }

        @Override
        public Map<String, S> findByIndexNameAndIndexValue(String indexName, String indexValue) {
            return store.findByIndexNameAndIndexValue(indexName, indexValue);
        }

        @Override
        public Map<String, S> findByPrincipalName(String principalName) {
            return store.findByPrincipalName(principalName);
        }
    }
}
