package org.custodian.crypto.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.aead.PredefinedAeadParameters;

import org.custodian.crypto.NewSubjectKeys;
import org.custodian.crypto.SubjectErasedException;
import org.custodian.crypto.SubjectKeys;
import org.custodian.crypto.SubjectKind;
import org.springframework.stereotype.Component;

/**
 * One data key per subject, wrapped by the school's AEAD keyset with school and subject as
 * associated data; unwrapped keys cached (bounded): unwrapping is ~6× slower than a field.
 */
@Component
class SubjectDataKeys implements SubjectKeys {

    private record Ref(UUID schoolId, UUID subjectId) {
    }

    private final KeyStore store;
    private final SubjectKeyIntents intents;
    private final SchoolKeysets keysets;
    private final BlindIndexes blindIndexes;
    private final Clock clock;
    private final LruCache<Ref, Aead> cache;

    SubjectDataKeys(KeyStore store, SubjectKeyIntents intents, SchoolKeysets keysets, BlindIndexes blindIndexes,
                    Clock clock, MasterKeyProperties properties) {
        this.store = store;
        this.intents = intents;
        this.keysets = keysets;
        this.blindIndexes = blindIndexes;
        this.clock = clock;
        this.cache = new LruCache<>(properties.keyCacheSize(), properties.keyCacheMaxAge(), clock);
    }

    /**
     * The key is written and committed in the key store first, then its intent in the caller's
     * transaction of the data: a failure in between leaves an orphan key (unconfirmed, swept later),
     * never a subject without its key.
     */
    @Override
    public void create(UUID schoolId, UUID subjectId, SubjectKind kind) {
        boolean unconfirmed = store.inSchool(schoolId, () -> {
            store.creatingKeysOf(schoolId);
            if (store.isErased(schoolId, subjectId)) {
                throw new SubjectErasedException();
            }
            var existing = store.subjectKeyConfirmed(schoolId, subjectId);
            if (existing.isPresent()) {
                return !existing.get();
            }
            SchoolKeysets.Keyset school = keysets.get(schoolId, KeysetPurpose.AEAD);
            try {
                KeysetHandle dataKey = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
                byte[] wrapped = TinkProtoKeysetFormat.serializeEncryptedKeyset(
                        dataKey, school.aead(), KeyBindings.subjectKey(schoolId, subjectId));
                if (store.addSubjectKey(schoolId, subjectId, kind, wrapped, school.primaryKeyId(), clock.instant())) {
                    KeyBindings.forgetIfRolledBack(() -> cache.evict(new Ref(schoolId, subjectId)));
                }
                return true;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("Could not create the subject's data key", e);
            }
        });
        if (unconfirmed) {
            // Also for a key left unconfirmed by an earlier attempt that rolled back: this one may commit.
            intents.record(schoolId, List.of(subjectId), clock.instant());
        }
    }

    @Override
    public NewSubjectKeys createNew(UUID schoolId, SubjectKind kind, List<UUID> subjectIds) {
        SchoolKeysets.Keyset school = keysets.get(schoolId, KeysetPurpose.AEAD);
        Aead schoolAead = school.aead();
        Map<UUID, Aead> keys = new HashMap<>(subjectIds.size() * 2);
        byte[][] wrapped = new byte[subjectIds.size()][];
        try {
            for (int i = 0; i < subjectIds.size(); i++) {
                UUID subject = subjectIds.get(i);
                KeysetHandle dataKey = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
                wrapped[i] = TinkProtoKeysetFormat.serializeEncryptedKeyset(dataKey, schoolAead,
                        KeyBindings.subjectKey(schoolId, subject));
                keys.put(subject, dataKey.getPrimitive(RegistryConfiguration.get(), Aead.class));
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not create data keys", e);
        }
        store.inSchool(schoolId, () -> {
            store.creatingKeysOf(schoolId);
            store.addSubjectKeys(schoolId, kind, school.primaryKeyId(), clock.instant(), subjectIds, wrapped);
            return null;
        });
        intents.record(schoolId, subjectIds, clock.instant());
        return (subject, field, plaintext) -> {
            Aead aead = keys.get(subject);
            if (aead == null) {
                throw new IllegalArgumentException("Not one of the subjects of this batch");
            }
            try {
                return aead.encrypt(plaintext.getBytes(StandardCharsets.UTF_8), KeyBindings.field(schoolId, subject, field));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("Field encryption failed", e);
            }
        };
    }

    @Override
    public void forgetSchool(UUID schoolId) {
        keysets.forgetSchool(schoolId);
        blindIndexes.forget(schoolId);
        cache.evictIf(ref -> ref.schoolId().equals(schoolId));
    }

    @Override
    public void destroySchool(UUID schoolId) {
        forgetSchool(schoolId);
        store.inSchool(schoolId, () -> {
            store.destroyingKeysOf(schoolId);
            return store.purgeSchool(schoolId, clock.instant());
        });
        forgetSchool(schoolId);
    }

    /**
     * Crypto-shredding in the key store's own transaction, committed before the caller's transaction
     * of the data marks the subject erased: a failure in between leaves the subject unreadable, and
     * the erasure can simply be done again.
     */
    @Override
    public void destroy(UUID schoolId, UUID subjectId) {
        destroyAll(schoolId, List.of(subjectId));
    }

    @Override
    public void destroyAll(UUID schoolId, Collection<UUID> subjectIds) {
        if (subjectIds.isEmpty()) {
            return;
        }
        List<UUID> ids = List.copyOf(subjectIds);
        ids.forEach(id -> cache.evict(new Ref(schoolId, id)));
        store.inSchool(schoolId, () -> {
            store.destroyingKeysOf(schoolId);
            store.deleteSubjectKeys(schoolId, ids);
            store.recordErasures(schoolId, ids, clock.instant());
            return null;
        });
        // Again after the delete: a concurrent reader may have cached a key in between.
        ids.forEach(id -> cache.evict(new Ref(schoolId, id)));
    }

    @Override
    public long rotateSchoolKeyset(UUID schoolId) {
        return keysets.rotate(schoolId, KeysetPurpose.AEAD);
    }

    @Override
    public int rewrapSubjectKeys(UUID schoolId, int batchSize) {
        keysets.forget(schoolId, KeysetPurpose.AEAD); // re-wrap under the primary as stored now, not as cached
        return store.inSchool(schoolId, () -> {
            SchoolKeysets.Keyset school = keysets.get(schoolId, KeysetPurpose.AEAD);
            Aead schoolAead = school.aead();
            List<KeyStore.WrappedSubjectKey> rows = store.subjectKeysNotUnder(schoolId, school.primaryKeyId(), batchSize);
            for (KeyStore.WrappedSubjectKey row : rows) {
                byte[] ad = KeyBindings.subjectKey(schoolId, row.subjectId());
                try {
                    KeysetHandle dataKey = TinkProtoKeysetFormat.parseEncryptedKeyset(row.wrapped(), schoolAead, ad);
                    store.rewrapSubjectKey(schoolId, row.subjectId(),
                            TinkProtoKeysetFormat.serializeEncryptedKeyset(dataKey, schoolAead, ad), school.primaryKeyId());
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException("Could not re-wrap a subject data key", e);
                }
            }
            return rows.size();
        });
    }

    @Override
    public long subjectKeysAwaitingRewrap(UUID schoolId) {
        return store.inSchool(schoolId, () -> store.countSubjectKeysNotUnder(schoolId,
                keysets.get(schoolId, KeysetPurpose.AEAD).primaryKeyId()));
    }

    /** The subject's unwrapped data key; {@link SubjectErasedException} once destroyed. */
    Aead aead(UUID schoolId, UUID subjectId) {
        return cache.get(new Ref(schoolId, subjectId), ref -> store.inSchool(schoolId, () -> {
            byte[] wrapped = store.subjectKey(schoolId, subjectId).orElseThrow(() -> store.isErased(schoolId, subjectId)
                    ? new SubjectErasedException()
                    : new IllegalStateException("The subject has no data key yet; create it first"));
            try {
                return unwrap(schoolId, subjectId, wrapped);
            } catch (GeneralSecurityException stale) {
                // Another instance may have rotated the school keyset since we cached it: reload once.
                keysets.forget(schoolId, KeysetPurpose.AEAD);
                try {
                    return unwrap(schoolId, subjectId, wrapped);
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException("The subject's data key could not be unwrapped", e);
                }
            }
        }));
    }

    private Aead unwrap(UUID schoolId, UUID subjectId, byte[] wrapped) throws GeneralSecurityException {
        return TinkProtoKeysetFormat.parseEncryptedKeyset(wrapped, keysets.get(schoolId, KeysetPurpose.AEAD).aead(),
                        KeyBindings.subjectKey(schoolId, subjectId))
                .getPrimitive(RegistryConfiguration.get(), Aead.class);
    }

    @Override
    public String toString() {
        return "SubjectDataKeys[" + cache + "]";
    }
}
