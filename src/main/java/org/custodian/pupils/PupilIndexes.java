package org.custodian.pupils;

import java.util.UUID;

/**
 * Rebuilding a school's pupil blind indexes after a blind-index key rotation: each row's indexes are
 * recomputed from its decrypted values under the school's current key. Key management, not an
 * access to a pupil's record: nothing is shown to anyone, so no access-log entry is written.
 */
public interface PupilIndexes {

    /** Re-indexes up to {@code batchSize} pupils still indexed under an older key, in one transaction; skips rows another instance holds. */
    int reindex(UUID schoolId, int batchSize);

    /** How many of the school's pupils are still indexed under an older key. */
    long awaitingReindex(UUID schoolId);

    /** How many erased-pupil fingerprints were made under an older key (they cannot be recomputed). */
    long fingerprintsUnderOlderKeys(UUID schoolId);
}
