package org.custodian.crypto;

/**
 * A module's rows encrypted directly under the {@link MasterKey} (from before they moved under a
 * keyset). Master-key rotation moves them off it and will not retire a key while any remain.
 */
public interface MasterKeyDependent {

    /** How many rows are still encrypted directly under the master key (any of its keys). */
    long underMasterKey();

    /** Moves up to {@code batchSize} of them off the master key, skipping rows another instance holds; returns how many. */
    int moveOffMasterKey(int batchSize);
}
