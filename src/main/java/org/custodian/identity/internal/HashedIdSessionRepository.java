package org.custodian.identity.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.session.SessionIdGenerator;

/**
 * The session store keeps only a hash of each session id ({@link StoredSessionIds}); this repository
 * speaks session ids to its callers and stored ids to the store. The store makes up new ids with
 * {@link #storedIdGenerator()}, which hands each new id to this repository and gives the store its hash.
 *
 * <p>Sessions found through the principal index (by user, for "who is signed in" and revoking) are
 * known only by their stored id: those are the map's keys and the sessions' ids, and
 * {@link #deleteById} takes them as they are. {@link #findById} always hashes what it is given, so a
 * stored id copied from the database opens nothing.
 */
final class HashedIdSessionRepository<S extends Session>
        implements FindByIndexNameSessionRepository<HashedIdSessionRepository<S>.HashedSession> {

    private final FindByIndexNameSessionRepository<S> store;
    /** Stored id → session id, from the moment the store asks for a new id until it has used it. */
    private final Map<String, String> issued = new ConcurrentHashMap<>();

    HashedIdSessionRepository(FindByIndexNameSessionRepository<S> store) {
        this.store = store;
    }

    /** The store's id generator: a new session id, of which the store sees only the hash. */
    SessionIdGenerator storedIdGenerator() {
        return () -> {
            String id = StoredSessionIds.newId();
            String stored = StoredSessionIds.of(id);
            issued.put(stored, id);
            return stored;
        };
    }

    private String claim(String storedId) {
        String id = issued.remove(storedId);
        if (id == null) {
            throw new IllegalStateException("The session store must make up ids with storedIdGenerator()");
        }
        return id;
    }

    @Override
    public HashedSession createSession() {
        S session = store.createSession();
        return new HashedSession(session, claim(session.getId()));
    }

    @Override
    public void save(HashedSession session) {
        store.save(session.stored);
    }

    @Override
    public HashedSession findById(String id) {
        if (id == null) {
            return null;
        }
        S session = store.findById(StoredSessionIds.of(id));
        return session == null ? null : new HashedSession(session, id);
    }

    /** Takes a session id, or the stored id of a session found through the index. */
    @Override
    public void deleteById(String id) {
        store.deleteById(StoredSessionIds.isStored(id) ? id : StoredSessionIds.of(id));
    }

    @Override
    public Map<String, HashedSession> findByIndexNameAndIndexValue(String indexName, String indexValue) {
        Map<String, HashedSession> sessions = new LinkedHashMap<>();
        store.findByIndexNameAndIndexValue(indexName, indexValue)
                .forEach((storedId, session) -> sessions.put(storedId, new HashedSession(session, storedId)));
        return sessions;
    }

    /** A stored session under its session id (or, found through the index, its stored id). */
    final class HashedSession implements Session {

        private final S stored;
        private String id;

        private HashedSession(S stored, String id) {
            this.stored = stored;
            this.id = id;
        }

        @Override
        public String getId() {
            return id;
        }

        @Override
        public String changeSessionId() {
            id = claim(stored.changeSessionId());
            return id;
        }

        @Override
        public <T> T getAttribute(String name) {
            return stored.getAttribute(name);
        }

        @Override
        public Set<String> getAttributeNames() {
            return stored.getAttributeNames();
        }

        @Override
        public void setAttribute(String name, Object value) {
            stored.setAttribute(name, value);
        }

        @Override
        public void removeAttribute(String name) {
            stored.removeAttribute(name);
        }

        @Override
        public Instant getCreationTime() {
            return stored.getCreationTime();
        }

        @Override
        public void setLastAccessedTime(Instant lastAccessedTime) {
            stored.setLastAccessedTime(lastAccessedTime);
        }

        @Override
        public Instant getLastAccessedTime() {
            return stored.getLastAccessedTime();
        }

        @Override
        public void setMaxInactiveInterval(Duration interval) {
            stored.setMaxInactiveInterval(interval);
        }

        @Override
        public Duration getMaxInactiveInterval() {
            return stored.getMaxInactiveInterval();
        }

        @Override
        public boolean isExpired() {
            return stored.isExpired();
        }
    }
}
