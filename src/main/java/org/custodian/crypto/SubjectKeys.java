package org.custodian.crypto;

import java.util.UUID;

/**
 * The key hierarchy below the master key: one AEAD and one PRF keyset per school (created on
 * demand, wrapped by the master key) and one data key per subject (wrapped by the school's AEAD
 * keyset). The rights and retention modules erase a subject through {@link #destroy}.
 */
public interface SubjectKeys {

    /** Creates the subject's data key if it has none; refuses a subject whose key was destroyed. */
    void create(UUID schoolId, UUID subjectId, SubjectKind kind);

    /**
     * Data keys for a batch of new subjects at once (bulk imports): generated, wrapped by the school's
     * current key and stored with one statement in the caller's transaction. The ids must be fresh
     * (random, never used before), so none can have a key or have been erased.
     */
    NewSubjectKeys createNew(UUID schoolId, SubjectKind kind, java.util.List<UUID> subjectIds);

    /**
     * Crypto-shredding: deletes the subject's wrapped data key and forgets any cached copy. Every
     * ciphertext of the subject, including copies in backups taken earlier, fails from now on with
     * {@link SubjectErasedException}. Idempotent.
     */
    void destroy(UUID schoolId, UUID subjectId);

    /** As {@link #destroy} for many subjects of one school, with one statement each step (retention sweeps). */
    default void destroyAll(UUID schoolId, java.util.Collection<UUID> subjectIds) {
        subjectIds.forEach(subjectId -> destroy(schoolId, subjectId));
    }

    /**
     * Destroys every key of the school in the key store (its keysets and every subject's data key)
     * and forgets any cached copy: the purge of a school, done before its data is deleted. Idempotent.
     */
    void destroySchool(UUID schoolId);

    /**
     * Forgets every cached key of the school (its keysets, primitives and subjects' data keys), after
     * a purge has deleted them from the database: nothing of the school decrypts from memory either.
     */
    void forgetSchool(UUID schoolId);

    /**
     * Adds a new primary key to the school's AEAD keyset without downtime: new data keys are wrapped
     * with it, existing ones still unwrap with the old keys. Returns the new primary key id.
     */
    long rotateSchoolKeyset(UUID schoolId);

    /**
     * Re-wraps up to {@code batchSize} of the school's data keys still wrapped under an older key
     * with the current primary, in one transaction. Returns how many it moved; call until 0, after
     * which the old school keys protect nothing.
     */
    int rewrapSubjectKeys(UUID schoolId, int batchSize);

    /** How many of the school's data keys are still wrapped under an older school key. */
    long subjectKeysAwaitingRewrap(UUID schoolId);
}
