package org.custodian.identity.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;

/**
 * The session store, spared two database round trips on every request:
 * <ul>
 * <li><b>One load per request.</b> Spring Session commits the session when the response is committed
 * and again when its filter ends; the second commit looks the requested session up once more. Inside
 * a {@linkplain #openRequestScope() request scope} a session is loaded once and that same object is
 * returned to later look-ups of the request. The scope is thread-bound and always closed by
 * {@link SessionRequestScopeFilter}, outside every other filter.</li>
 * <li><b>Last access written at most once per {@code resolution}.</b> Otherwise every request writes
 * the session row back (a durable commit) only to move its last-access time. A session then expires
 * up to {@code resolution} before its idle timeout, never after it.</li>
 * </ul>
 * Everything else (attributes, ids, deletion, the principal index) goes straight to the delegate.
 */
final class SparingSessionRepository<S extends Session>
        implements FindByIndexNameSessionRepository<SparingSessionRepository<S>.SparingSession> {

    private static final ThreadLocal<Map<String, Object>> REQUEST_SCOPE = new ThreadLocal<>();

    private final FindByIndexNameSessionRepository<S> delegate;
    private final Duration resolution;

    SparingSessionRepository(FindByIndexNameSessionRepository<S> delegate, Duration resolution) {
        this.delegate = delegate;
        this.resolution = resolution;
    }

    /** Opens this thread's request scope; {@code false} if one is open already (then leave it to its opener). */
    static boolean openRequestScope() {
        if (REQUEST_SCOPE.get() != null) {
            return false;
        }
        REQUEST_SCOPE.set(new HashMap<>());
        return true;
    }

    static void closeRequestScope() {
        REQUEST_SCOPE.remove();
    }

    @Override
    public SparingSession createSession() {
        return new SparingSession(delegate.createSession(), true);
    }

    @Override
    public void save(SparingSession session) {
        delegate.save(session.delegate);
    }

    @Override
    @SuppressWarnings("unchecked")
    public SparingSession findById(String id) {
        Map<String, Object> loaded = REQUEST_SCOPE.get();
        if (loaded != null && loaded.containsKey(id)) {
            return (SparingSession) loaded.get(id);
        }
        S session = delegate.findById(id);
        SparingSession sparing = session == null ? null : new SparingSession(session, false);
        if (loaded != null && sparing != null) {
            loaded.put(id, sparing);
        }
        return sparing;
    }

    @Override
    public void deleteById(String id) {
        forget(id);
        delegate.deleteById(id);
    }

    @Override
    public Map<String, SparingSession> findByIndexNameAndIndexValue(String indexName, String indexValue) {
        Map<String, SparingSession> sessions = new LinkedHashMap<>();
        delegate.findByIndexNameAndIndexValue(indexName, indexValue)
                .forEach((id, session) -> sessions.put(id, new SparingSession(session, false)));
        return sessions;
    }

    private static void forget(String id) {
        Map<String, Object> loaded = REQUEST_SCOPE.get();
        if (loaded != null) {
            loaded.remove(id);
        }
    }

    /** A stored session whose last-access time moves only in steps of at least {@code resolution}. */
    final class SparingSession implements Session {

        private final S delegate;
        private final boolean created;

        private SparingSession(S delegate, boolean created) {
            this.delegate = delegate;
            this.created = created;
        }

        @Override
        public void setLastAccessedTime(Instant lastAccessedTime) {
            if (created || !lastAccessedTime.isBefore(delegate.getLastAccessedTime().plus(resolution))) {
                delegate.setLastAccessedTime(lastAccessedTime);
            }
        }

        @Override
        public String changeSessionId() {
            forget(delegate.getId());
            return delegate.changeSessionId();
        }

        @Override
        public String getId() {
            return delegate.getId();
        }

        @Override
        public <T> T getAttribute(String name) {
            return delegate.getAttribute(name);
        }

        @Override
        public Set<String> getAttributeNames() {
            return delegate.getAttributeNames();
        }

        @Override
        public void setAttribute(String name, Object value) {
            delegate.setAttribute(name, value);
        }

        @Override
        public void removeAttribute(String name) {
            delegate.removeAttribute(name);
        }

        @Override
        public Instant getCreationTime() {
            return delegate.getCreationTime();
        }

        @Override
        public Instant getLastAccessedTime() {
            return delegate.getLastAccessedTime();
        }

        @Override
        public void setMaxInactiveInterval(Duration interval) {
            delegate.setMaxInactiveInterval(interval);
        }

        @Override
        public Duration getMaxInactiveInterval() {
            return delegate.getMaxInactiveInterval();
        }

        @Override
        public boolean isExpired() {
            return delegate.isExpired();
        }
    }
}
