package org.custodian.pupils.internal;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Tombstones of erased pupils (table {@code erased_pupil}): the UPN's blind index, never the UPN.
 * A standing tombstone blocks every path that creates pupils until the DPO re-admits the pupil;
 * re-admission marks it (who, when) rather than deleting it. Runs in the caller's school-scoped
 * transaction.
 */
@Component
class ErasedPupils {

    private final JdbcClient jdbc;
    private final Clock clock;

    ErasedPupils(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Records an erasure; a UPN that already has a standing tombstone keeps that one.
     *
     * @param indexKeyId the blind-index key the fingerprint was made with (null: before keys were recorded)
     * @param requestReference the rights request the erasure answers, or null
     */
    void record(UUID school, byte[] upnIndex, String purpose, Long indexKeyId, UUID requestReference) {
        jdbc.sql("""
                        insert into erased_pupil (school_id, id, upn_index, purpose, erased_at, index_key_id,
                                                  request_reference)
                        values (?, ?, ?, ?, ?, ?, ?)
                        on conflict (school_id, upn_index) where readmitted_at is null do nothing""")
                .params(school, UUID.randomUUID(), upnIndex, purpose, clock.instant().atOffset(ZoneOffset.UTC),
                        indexKeyId, requestReference)
                .update();
    }

    /** As {@link #record} for many erasures at once (a retention sweep's batch), with no rights request. */
    void recordAll(UUID school, List<byte[]> upnIndexes, List<Long> indexKeyIds, String purpose) {
        if (upnIndexes.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        insert into erased_pupil (school_id, id, upn_index, purpose, erased_at, index_key_id)
                        select ?, gen_random_uuid(), u.upn_index, ?, ?, u.index_key_id
                        from unnest(?::bytea[], ?::bigint[]) as u (upn_index, index_key_id)
                        on conflict (school_id, upn_index) where readmitted_at is null do nothing""")
                .params(school, purpose, clock.instant().atOffset(ZoneOffset.UTC), upnIndexes.toArray(byte[][]::new),
                        indexKeyIds.toArray(Long[]::new))
                .update();
    }

    /** Whether any of one UPN's fingerprints (one per blind-index key) has a standing tombstone. */
    boolean standingAny(UUID school, List<byte[]> fingerprints) {
        return !standingAmong(school, fingerprints.toArray(byte[][]::new)).isEmpty();
    }

    /** Whether some tombstone's fingerprint was made with a key other than {@code indexKey}. */
    boolean anyUnderAnotherKey(UUID school, long indexKey) {
        return jdbc.sql("select exists (select 1 from erased_pupil where school_id = ? and index_key_id is distinct from ?)")
                .params(school, indexKey).query(Boolean.class).single();
    }

    long countUnderAnotherKey(UUID school, long indexKey) {
        return jdbc.sql("select count(*) from erased_pupil where school_id = ? and index_key_id is distinct from ?")
                .params(school, indexKey).query(Long.class).single();
    }

    /** Those of the given UPN indexes that have a standing tombstone. */
    List<byte[]> standingAmong(UUID school, byte[][] upnIndexes) {
        return jdbc.sql("""
                        select upn_index from erased_pupil
                        where school_id = ? and upn_index = any (?) and readmitted_at is null""")
                .params(school, upnIndexes).query(byte[].class).list();
    }

    /** Deletes the school's tombstones of erasures before {@code erasedBefore}; how many. */
    int expire(UUID school, java.time.Instant erasedBefore) {
        return jdbc.sql("select custodian_expire_erased_pupils(?, ?)")
                .params(school, erasedBefore.atOffset(ZoneOffset.UTC)).query(Integer.class).single();
    }

    /**
     * Marks the UPN's standing tombstone (found by any of its fingerprints) as re-admitted by
     * {@code actor}; its id, or empty if there was none.
     */
    Optional<UUID> readmit(UUID school, List<byte[]> fingerprints, UUID actor) {
        return jdbc.sql("""
                        update erased_pupil set readmitted_at = ?, readmitted_by = ?
                        where school_id = ? and upn_index = any (?) and readmitted_at is null
                        returning id""")
                .params(clock.instant().atOffset(ZoneOffset.UTC), actor, school, fingerprints.toArray(byte[][]::new))
                .query(UUID.class).list().stream().findFirst();
    }
}
