package org.custodian.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.MapSession;
import org.springframework.session.MapSessionRepository;

class SparingSessionRepositoryTests {

    private final CountingRepository store = new CountingRepository();
    private final SparingSessionRepository<MapSession> sessions = new SparingSessionRepository<>(store, Duration.ofMinutes(1));

    @AfterEach
    void closeScope() {
        SparingSessionRepository.closeRequestScope();
    }

    @Test
    void aRequestLoadsItsSessionOnceAndTheNextRequestLoadsItAfresh() {
        String id = stored(recently());
        assertThat(SparingSessionRepository.openRequestScope()).isTrue();
        assertThat(SparingSessionRepository.openRequestScope()).as("a nested dispatch leaves the scope to its opener").isFalse();
        var first = sessions.findById(id);
        assertThat(sessions.findById(id)).isSameAs(first);
        assertThat(store.loads.get()).isEqualTo(1);
        SparingSessionRepository.closeRequestScope();

        assertThat(sessions.findById(id)).isNotSameAs(first);
        assertThat(store.loads.get()).as("outside a request nothing is kept").isEqualTo(2);
    }

    @Test
    void aDeletedOrRenamedSessionIsNotServedFromTheRequestScope() {
        String id = stored(recently());
        SparingSessionRepository.openRequestScope();
        var renamed = sessions.findById(id);
        renamed.changeSessionId();
        sessions.save(renamed);
        assertThat(sessions.findById(id)).isNull();

        String other = stored(recently());
        sessions.findById(other);
        sessions.deleteById(other);
        assertThat(sessions.findById(other)).isNull();
    }

    @Test
    void lastAccessMovesOnlyOnceTheResolutionHasPassed() {
        Instant stored = recently();
        String id = stored(stored);
        var session = sessions.findById(id);
        session.setLastAccessedTime(stored.plusSeconds(59));
        assertThat(session.getLastAccessedTime()).isEqualTo(stored);

        session.setLastAccessedTime(stored.plusSeconds(60));
        assertThat(session.getLastAccessedTime()).isEqualTo(stored.plusSeconds(60));
        sessions.save(session);
        assertThat(store.findById(id).getLastAccessedTime()).isEqualTo(stored.plusSeconds(60));
    }

    @Test
    void aNewSessionTakesEveryLastAccessTime() {
        var created = sessions.createSession();
        Instant now = created.getLastAccessedTime().plusSeconds(1);
        created.setLastAccessedTime(now);
        assertThat(created.getLastAccessedTime()).isEqualTo(now);
    }

    /** MapSession judges expiry by the system clock, so stored sessions must be recent in real time. */
    private static Instant recently() {
        return Instant.now().minusSeconds(120).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    }

    private String stored(Instant lastAccess) {
        MapSession session = new MapSession();
        session.setCreationTime(lastAccess);
        session.setLastAccessedTime(lastAccess);
        store.save(session);
        return session.getId();
    }

    /** A map-backed store that counts look-ups. */
    private static final class CountingRepository implements FindByIndexNameSessionRepository<MapSession> {

        private final MapSessionRepository sessions = new MapSessionRepository(new java.util.HashMap<>());
        private final AtomicInteger loads = new AtomicInteger();

        @Override
        public MapSession createSession() {
            return sessions.createSession();
        }

        @Override
        public void save(MapSession session) {
            sessions.save(session);
        }

        @Override
        public MapSession findById(String id) {
            loads.incrementAndGet();
            return sessions.findById(id);
        }

        @Override
        public void deleteById(String id) {
            sessions.deleteById(id);
        }

        @Override
        public Map<String, MapSession> findByIndexNameAndIndexValue(String indexName, String indexValue) {
            return Map.of();
        }
    }
}
