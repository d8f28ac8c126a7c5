package org.custodian.crypto;

import java.util.List;
import java.util.UUID;

/**
 * Blind-index key rotation for one school. {@link #rotate} adds a new primary PRF key: writes index
 * under it at once, and searches ({@link BlindIndex#blindIndexes}) match the indexes of old and new
 * key while the owning modules re-index their rows; then {@link #retireOlderKeys} takes the old key
 * out of the searches.
 */
public interface BlindIndexKeys {

    /** Adds a new primary key to the school's PRF keyset. Returns its id. */
    long rotate(UUID schoolId);

    /** The school's PRF keys that searches still use besides the primary (empty when no rotation is under way). */
    List<Long> olderKeyIds(UUID schoolId);

    /**
     * Takes every key but the primary out of the school's searches. The caller first makes sure no
     * searchable row is indexed under one of them. With {@code keepForFingerprints} they stay,
     * disabled, for {@link BlindIndex#fingerprintIndexes} only (fingerprints that cannot be
     * recomputed); without, they are deleted.
     */
    void retireOlderKeys(UUID schoolId, boolean keepForFingerprints);
}
