package org.custodian.pupils;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * Pupil records at the end of their retention period: which leavers are due, and their erasure by
 * exactly the path of an erasure (data key destroyed, rows deleted, tombstone, access-log entry),
 * made by the retention sweep rather than by a person. The caller checks legal holds.
 */
public interface PupilRetention {

    /** The purpose the access log names for an erasure at the end of the retention period. */
    String PURPOSE = "RETENTION_PERIOD_ENDED";

    /** The id of the actor the access log names for a sweep's erasures (no account has it). */
    UUID SWEEP_ACTOR = new UUID(0, 0x5EEE9L);

    /**
     * Up to {@code limit} leavers of the school who left on or before {@code leftOnOrBefore},
     * earliest first, leaving out {@code except} (pupils under a legal hold).
     */
    List<Leaver> leaversBy(UUID schoolId, LocalDate leftOnOrBefore, java.util.Collection<UUID> except, int limit);

    /**
     * Up to {@code limit} leavers of the school born on or before {@code bornOnOrBefore}, in the order of their
     * ids, leaving out {@code except} (pupils under a legal hold) and restricted
     * pupils. The date of birth is stored only encrypted, so every leaver's is decrypted, in
     * batches, each batch one access-log entry (a read under {@link #PURPOSE} naming its pupils).
     * A pupil on roll is never one.
     */
    List<Leaver> leaversBornBy(UUID schoolId, LocalDate bornOnOrBefore, java.util.Collection<UUID> except, int limit);

    /**
     * Erases leavers as an erasure does (data keys destroyed, rows deleted, tombstones, one
     * access-log entry naming them); the ids erased (those already gone are left out).
     */
    List<UUID> eraseAtEndOfRetention(UUID schoolId, List<UUID> pupilIds);

    /**
     * Expires the school's erasure tombstones made before {@code erasedBefore} (the tombstone
     * expiry's own deletion); the ids and times of those it deleted.
     */
    List<Expired> expireTombstones(UUID schoolId, java.time.Instant erasedBefore);

    record Expired(UUID id, java.time.Instant erasedAt) {
    }

    record Leaver(UUID id, LocalDate leavingDate) {
    }
}
