package org.custodian.retention;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Signed records of deletions: every retention sweep and every purge of a school produces one
 * naming the categories, counts, date ranges and methods, the time, and the SHA-256 of the sorted
 * list of deleted ids (the ids themselves are not kept). Signed with the installation's Ed25519
 * key; {@code verify-certificate} checks one offline. Kept for the contract-records period.
 */
public interface DeletionCertificates {

    /** Row deletion only. */
    String ROW_DELETION = "row deletion";
    /** Pupils and staff: their data keys destroyed, then their rows deleted. */
    String CRYPTO_SHREDDING = "crypto-shredding and row deletion";

    /**
     * Signs and stores a certificate for the deletion described, in a transaction of its own or the
     * caller's. {@code deletedIds} may be in any order and hold ids of any form; only the SHA-256
     * of the sorted list (UTF-8, one per line) is kept.
     */
    Certificate issue(Kind kind, UUID schoolId, List<CategoryDeletion> categories, Collection<String> deletedIds);

    /** The school's certificates, newest first. */
    List<Certificate> list(UUID schoolId);

    Optional<Certificate> find(UUID schoolId, UUID certificateId);

    enum Kind { SWEEP, PURGE }

    /**
     * One category's share of a deletion.
     *
     * @param category  a {@link RetentionCategory} name, or another name a purge gives
     * @param earliest  the earliest date of the deleted records (their trigger date), null if unknown
     * @param latest    the latest such date, null if unknown
     * @param method    {@link #ROW_DELETION} or {@link #CRYPTO_SHREDDING}
     */
    record CategoryDeletion(String category, long count, Instant earliest, Instant latest, String method) {
    }

    /**
     * A stored certificate: {@code document} is the canonical JSON that was signed (UTF-8 bytes),
     * {@code signature} the 64-byte Ed25519 signature, {@code publicKey} the 32 raw bytes that verify it.
     */
    record Certificate(UUID id, UUID schoolId, Kind kind, Instant issuedAt, String document, byte[] signature,
                       byte[] publicKey) {
        @Override
        public String toString() {
            return "Certificate[id=" + id + ", kind=" + kind + "]";
        }
    }
}
