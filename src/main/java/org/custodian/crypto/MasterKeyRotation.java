package org.custodian.crypto;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * Master-key rotation without downtime. {@link #rotate} adds a new primary key to the master key
 * file (older keys stay, so everything they wrapped still unwraps); the re-wrap steps move every
 * keyset (each school's, the platform's, the platform's signing keys) and every {@link MasterKeyDependent}'s rows onto the
 * primary; once nothing is left, {@link #retire} removes an older key from the file.
 */
public interface MasterKeyRotation {

    record Status(long primaryKeyId, List<Long> keyIds) {
    }

    Status status();

    /** Adds a new key to the master key file and makes it the primary. Returns its id. */
    long rotate();

    /** Re-wraps the school's keysets not under the primary, in one transaction. Returns how many. */
    int rewrapSchool(UUID schoolId);

    /** Re-wraps up to {@code batchSize} platform keysets and dependents' rows not under the primary. Returns how many. */
    int rewrapPlatform(int batchSize);

    long schoolAwaitingRewrap(UUID schoolId);

    long platformAwaitingRewrap();

    /**
     * Removes a key other than the primary from the master key file. Refuses with
     * {@link MasterKeyInUseException} while any keyset of the platform or of {@code everySchool}, or
     * any dependent's row, is not yet under the primary; {@link IllegalArgumentException} for the
     * primary; false if the file holds no such key.
     */
    boolean retire(long keyId, Collection<UUID> everySchool);

    /** Something still wrapped under an older master key. */
    final class MasterKeyInUseException extends RuntimeException {
        public MasterKeyInUseException(long remaining) {
            super(remaining + " keysets or secrets are still wrapped under an older master key");
        }
    }
}
