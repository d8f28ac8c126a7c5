package org.custodian.crypto.internal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import org.custodian.crypto.SubjectKind;

/**
 * Where wrapped keys live: the subjects' data keys, the schools' keysets and the erasure ledger
 * (ids and times only). Nothing here unwraps anything; every call runs inside {@link #inSchool}.
 */
interface KeyStore {

    /**
     * Runs {@code work} in one transaction of the key store, scoped to the school (row-level
     * security). It commits when {@code work} ends, independently of any transaction of the data.
     */
    <T> T inSchool(UUID schoolId, Supplier<T> work);

    /** Reads across schools, in one transaction. */
    <T> T asPlatform(Supplier<T> work);

    /** Waits while the school's keys are being destroyed; creations of keys run side by side. */
    void creatingKeysOf(UUID schoolId);

    /** Waits for the school's key creations under way: none can slip a key past the erasure ledger. */
    void destroyingKeysOf(UUID schoolId);

    /** Empty if the subject has no key; false while its creation is not yet confirmed by the data side. */
    Optional<Boolean> subjectKeyConfirmed(UUID schoolId, UUID subjectId);

    /** Platform scope: schools with keys still unconfirmed that were created before the time. */
    List<UUID> schoolsWithUnconfirmedKeys(Instant createdBefore);

    List<UUID> unconfirmedKeys(UUID schoolId, Instant createdBefore);

    void confirm(UUID schoolId, List<UUID> subjectIds, Instant at);

    /** Deletes those of the keys still unconfirmed (orphans: never in the erasure ledger). */
    int deleteUnconfirmed(UUID schoolId, List<UUID> subjectIds);

    /** Destroys every key of the school (and its ledger, covered by the school's purge record). */
    long purgeSchool(UUID schoolId, Instant at);

    // ---- subject data keys and the erasure ledger

    Optional<byte[]> subjectKey(UUID schoolId, UUID subjectId);

    boolean isErased(UUID schoolId, UUID subjectId);

    /** False if the subject already had a key. The key stays unconfirmed until {@link #confirm}. */
    boolean addSubjectKey(UUID schoolId, UUID subjectId, SubjectKind kind, byte[] wrapped, long wrappingKeyId, Instant at);

    /** Fresh subjects only (a conflict fails the statement); unconfirmed, as {@link #addSubjectKey}. */
    void addSubjectKeys(UUID schoolId, SubjectKind kind, long wrappingKeyId, Instant at, List<UUID> subjectIds,
                        byte[][] wrapped);

    void deleteSubjectKeys(UUID schoolId, List<UUID> subjectIds);

    /** Adds the subjects to the erasure ledger (ids and times only). */
    void recordErasures(UUID schoolId, List<UUID> subjectIds, Instant at);

    /** Up to {@code limit} keys not wrapped under {@code wrappingKeyId}, locked (others' locked rows skipped). */
    List<WrappedSubjectKey> subjectKeysNotUnder(UUID schoolId, long wrappingKeyId, int limit);

    void rewrapSubjectKey(UUID schoolId, UUID subjectId, byte[] wrapped, long wrappingKeyId);

    long countSubjectKeysNotUnder(UUID schoolId, long wrappingKeyId);

    // ---- school keysets

    Optional<byte[]> keyset(UUID schoolId, KeysetPurpose purpose);

    /** The stored keyset's primary key and last change, to tell whether a cached copy is current. */
    Optional<KeysetVersion> keysetVersion(UUID schoolId, KeysetPurpose purpose);

    /** False if the school already had a keyset of this purpose. */
    boolean addKeyset(UUID schoolId, KeysetPurpose purpose, byte[] wrapped, long primaryKeyId, Instant at, long masterKeyId);

    /** The stored keyset, row locked until the transaction ends. */
    byte[] lockKeyset(UUID schoolId, KeysetPurpose purpose);

    void replaceKeyset(UUID schoolId, KeysetPurpose purpose, byte[] wrapped, long primaryKeyId, Instant rotatedAt,
                       long masterKeyId);

    /** The school's keysets not wrapped under {@code masterKeyId}, locked (others' locked rows skipped). */
    List<WrappedKeyset> keysetsNotUnderMasterKey(UUID schoolId, long masterKeyId);

    void rewrapKeyset(UUID schoolId, KeysetPurpose purpose, byte[] wrapped, long masterKeyId);

    long countKeysetsNotUnderMasterKey(UUID schoolId, long masterKeyId);

    record KeysetVersion(long primaryKeyId, Instant changedAt) {
    }

    record WrappedKeyset(KeysetPurpose purpose, byte[] wrapped) {
        @Override
        public String toString() {
            return "WrappedKeyset[" + purpose + "]";
        }
    }

    record WrappedSubjectKey(UUID subjectId, byte[] wrapped) {
        @Override
        public String toString() {
            return "WrappedSubjectKey[redacted]";
        }
    }
}
