package org.custodian.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.session.MapSession;
import org.springframework.session.MapSessionRepository;

class HashedIdSessionRepositoryTests {

    private final Map<String, org.springframework.session.Session> stored = new HashMap<>();
    private final MapSessionRepository store = new MapSessionRepository(stored);
    private final HashedIdSessionRepository<MapSession> sessions = hashed();

    private HashedIdSessionRepository<MapSession> hashed() {
        var repository = new HashedIdSessionRepository<>(new IndexedMapStore(store));
        store.setSessionIdGenerator(repository.storedIdGenerator());
        return repository;
    }

    @Test
    void theStoreSeesOnlyTheHashOfEachIdAndTheIdFindsTheSession() {
        var session = sessions.createSession();
        sessions.save(session);

        assertThat(session.getId()).hasSize(43);
        assertThat(stored).containsOnlyKeys(StoredSessionIds.of(session.getId()));
        assertThat(sessions.findById(session.getId())).isNotNull();
        assertThat(sessions.findById(StoredSessionIds.of(session.getId()))).as("a stored id opens nothing").isNull();
    }

    @Test
    void aNewIdIsStoredAsItsHashToo() {
        var session = sessions.createSession();
        sessions.save(session);
        String before = session.getId();

        String after = session.changeSessionId();
        sessions.save(session);

        assertThat(after).isNotEqualTo(before).isEqualTo(session.getId());
        assertThat(stored).containsOnlyKeys(StoredSessionIds.of(after));
        assertThat(sessions.findById(before)).isNull();
        assertThat(sessions.findById(after)).isNotNull();
    }

    @Test
    void sessionsAreDeletedByIdOrByTheStoredIdAnIndexLookUpGives() {
        var first = sessions.createSession();
        var second = sessions.createSession();
        sessions.save(first);
        sessions.save(second);

        sessions.deleteById(first.getId());
        sessions.deleteById(StoredSessionIds.of(second.getId()));

        assertThat(stored).isEmpty();
    }

    /** MapSessionRepository has no index; these tests need none. */
    private record IndexedMapStore(MapSessionRepository map)
            implements org.springframework.session.FindByIndexNameSessionRepository<MapSession> {

        @Override
        public MapSession createSession() {
            return map.createSession();
        }

        @Override
        public void save(MapSession session) {
            map.save(session);
        }

        @Override
        public MapSession findById(String id) {
            return map.findById(id);
        }

        @Override
        public void deleteById(String id) {
            map.deleteById(id);
        }

        @Override
        public Map<String, MapSession> findByIndexNameAndIndexValue(String indexName, String indexValue) {
            return Map.of();
        }
    }
}
