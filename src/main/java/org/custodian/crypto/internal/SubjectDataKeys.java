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
    private final SchoolKeysets keysets;
    private final BlindIndexes blindIndexes;
    private final Clock clock;
    private final LruCache<Ref, Aead> cache;

    SubjectDataKeys(KeyStore store, SchoolKeysets keysets, BlindIndexes blindIndexes, Clock clock,
                    MasterKeyProperties properties) {
        this.store = store;
        this.keysets = keysets;
        this.blindIndexes = blindIndexes;
        this.clock = clock;
        this.cache = new LruCache<>(properties.keyCacheSize(), properties.keyCacheMaxAge(), clock);
    }

    @Override
    public void create(UUID schoolId, UUID subjectId, SubjectKind kind) {
        store.inSchool(schoolId, () -> {
            if (store.isErased(schoolId, subjectId)) {
                throw new SubjectErasedException();
            }
            if (store.subjectKey(schoolId, subjectId).isPresent()) {
                return null;
            }
            SchoolKeysets.Keyset school = keysets.get(schoolId, KeysetPurpose.AEAD);
            try {
                KeysetHandle dataKey = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
                byte[] wrapped = TinkProtoKeysetFormat.serializeEncryptedKeyset(
                        dataKey, school.aead(), KeyBindings.subjectKey(schoolId, subjectId));
                if (store.addSubjectKey(schoolId, subjectId, kind, wrapped, school.primaryKeyId(), clock.instant())) {
                    KeyBindings.forgetIfRolledBack(() -> cache.evict(new Ref(schoolId, subjectId)));
                }
                return null;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("Could not create the subject's data key", e);
            }
        });
    }

    @Override
    public NewSubjectKeys createNew(UUID schoolId, SubjectKind kind, List<UUID> subjectIds) {
        return store.inSchool(schoolId, () -> {
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
            store.addSubjectKeys(schoolId, kind, school.primaryKeyId(), clock.instant(), subjectIds, wrapped);
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
        });
    }

    @Override
    public void forgetSchool(UUID schoolId) {
        keysets.forgetSchool(schoolId);
        blindIndexes.forget(schoolId);
        cache.evictIf(ref -> ref.schoolId().equals(schoolId));
    }

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
            store.destroySubjectKeys(schoolId, ids, clock.instant());
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
