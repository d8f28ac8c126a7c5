package org.custodian.crypto.internal;

import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeyStatus;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.prf.PrfConfig;

import org.custodian.crypto.MasterKey;
import org.springframework.stereotype.Component;

/**
 * The schools' keysets (AEAD and PRF), wrapped by the master key with school and purpose as
 * associated data: created on first use, unwrapped into a bounded cache, rotated and re-wrapped.
 */
@Component
class SchoolKeysets {

    /** An unwrapped keyset and its primary key id. */
    record Keyset(KeysetHandle handle, long primaryKeyId) {
        Aead aead() {
            try {
                return handle.getPrimitive(RegistryConfiguration.get(), Aead.class);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("Could not use the school keyset", e);
            }
        }

        @Override
        public String toString() {
            return "Keyset[primary=" + primaryKeyId + "]";
        }
    }

    record Ref(UUID schoolId, KeysetPurpose purpose) {
    }

    private final MasterKey masterKey;
    private final KeyStore store;
    private final Clock clock;
    private final LruCache<Ref, Keyset> cache;

    SchoolKeysets(MasterKey masterKey, KeyStore store, Clock clock, MasterKeyProperties properties)
            throws GeneralSecurityException {
        AeadConfig.register();
        PrfConfig.register();
        this.masterKey = masterKey;
        this.store = store;
        this.clock = clock;
        this.cache = new LruCache<>(Math.max(16, properties.keyCacheSize() / 10), properties.keyCacheMaxAge(), clock);
    }

    /** The school's keyset of this purpose, created (and wrapped by the master key) on first use. */
    Keyset get(UUID schoolId, KeysetPurpose purpose) {
        return cache.get(new Ref(schoolId, purpose), ref -> store.inSchool(schoolId, () -> {
            Optional<byte[]> stored = store.keyset(schoolId, purpose);
            if (stored.isEmpty()) {
                try {
                    KeysetHandle fresh = KeysetHandle.generateNew(purpose.parameters);
                    MasterKey.Wrapping master = masterKey.wrapping();
                    boolean inserted = store.addKeyset(schoolId, purpose,
                            TinkProtoKeysetFormat.serializeEncryptedKeyset(fresh, master.aead(),
                                    KeyBindings.schoolKeyset(schoolId, purpose)),
                            Integer.toUnsignedLong(fresh.getPrimary().getId()), clock.instant(), master.keyId());
                    if (inserted) {
                        KeyBindings.forgetIfRolledBack(() -> cache.evict(ref));
                    }
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException("Could not create the school keyset", e);
                }
                stored = store.keyset(schoolId, purpose); // ours, or the one a concurrent first use stored
            }
            try {
                KeysetHandle handle = unwrap(schoolId, purpose, stored.orElseThrow());
                return new Keyset(handle, Integer.toUnsignedLong(handle.getPrimary().getId()));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("The school keyset could not be unwrapped with the master key", e);
            }
        }));
    }

    /** The keyset as stored now, every key enabled (disabled ones included), for fingerprints. */
    KeysetHandle storedWithEveryKeyEnabled(UUID schoolId, KeysetPurpose purpose) throws GeneralSecurityException {
        KeysetHandle keyset = store.inSchool(schoolId, () -> {
            try {
                return unwrap(schoolId, purpose, store.keyset(schoolId, purpose).orElseThrow());
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("The school keyset could not be unwrapped with the master key", e);
            }
        });
        KeysetHandle.Builder everyKey = KeysetHandle.newBuilder(keyset);
        for (int i = 0; i < everyKey.size(); i++) {
            everyKey.getAt(i).setStatus(KeyStatus.ENABLED);
        }
        return everyKey.build();
    }

    /** The stored keyset's primary key and last change (none if the school has no such keyset yet). */
    Optional<KeyStore.KeysetVersion> version(UUID schoolId, KeysetPurpose purpose) {
        return store.inSchool(schoolId, () -> store.keysetVersion(schoolId, purpose));
    }

    void forget(UUID schoolId, KeysetPurpose purpose) {
        cache.evict(new Ref(schoolId, purpose));
    }

    void forgetSchool(UUID schoolId) {
        cache.evictIf(ref -> ref.schoolId().equals(schoolId));
    }

    /** Adds a new primary key to the school's keyset of this purpose; older keys stay. Returns its id. */
    long rotate(UUID schoolId, KeysetPurpose purpose) {
        long primary = store.inSchool(schoolId, () -> {
            try {
                KeysetHandle rotated = KeysetHandle.newBuilder(locked(schoolId, purpose))
                        .addEntry(KeysetHandle.generateEntryFromParameters(purpose.parameters).withRandomId().makePrimary())
                        .build();
                return replace(schoolId, purpose, rotated);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("Could not rotate the school keyset", e);
            }
        });
        forget(schoolId, purpose);
        return primary;
    }

    /** Removes every key but the primary, or with {@code keepDisabled} disables them. */
    void retireOlderKeys(UUID schoolId, KeysetPurpose purpose, boolean keepDisabled) {
        store.inSchool(schoolId, () -> {
            try {
                KeysetHandle current = locked(schoolId, purpose);
                KeysetHandle.Builder builder = KeysetHandle.newBuilder(current);
                for (int i = current.size() - 1; i >= 0; i--) {
                    if (builder.getAt(i).isPrimary()) {
                        continue;
                    }
                    if (keepDisabled) {
                        builder.getAt(i).setStatus(KeyStatus.DISABLED);
                    } else {
                        builder.deleteAt(i);
                    }
                }
                return replace(schoolId, purpose, builder.build());
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("Could not retire the school's older keys", e);
            }
        });
        forget(schoolId, purpose);
    }

    /**
     * Re-wraps the school's keysets still wrapped under another master key than the primary, in one
     * transaction; rows another instance is re-wrapping are skipped. Returns how many it moved.
     */
    int rewrapUnderMasterKey(UUID schoolId) {
        return store.inSchool(schoolId, () -> {
            MasterKey.Wrapping master = masterKey.wrapping();
            List<KeyStore.WrappedKeyset> rows = store.keysetsNotUnderMasterKey(schoolId, master.keyId());
            for (KeyStore.WrappedKeyset row : rows) {
                byte[] ad = KeyBindings.schoolKeyset(schoolId, row.purpose());
                try {
                    KeysetHandle keyset = TinkProtoKeysetFormat.parseEncryptedKeyset(row.wrapped(), master.aead(), ad);
                    store.rewrapKeyset(schoolId, row.purpose(),
                            TinkProtoKeysetFormat.serializeEncryptedKeyset(keyset, master.aead(), ad), master.keyId());
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException("Could not re-wrap a school keyset", e);
                }
            }
            return rows.size();
        });
    }

    /** How many of the school's keysets are wrapped under another master key than {@code primary} (or an unrecorded one). */
    long keysetsNotUnderMasterKey(UUID schoolId, long primary) {
        return store.inSchool(schoolId, () -> store.countKeysetsNotUnderMasterKey(schoolId, primary));
    }

    /** The keyset as stored, row locked until the transaction ends (created first if missing). */
    private KeysetHandle locked(UUID schoolId, KeysetPurpose purpose) throws GeneralSecurityException {
        get(schoolId, purpose); // make sure it exists
        return unwrap(schoolId, purpose, store.lockKeyset(schoolId, purpose));
    }

    /** Stores a changed keyset, wrapped under the current master key; returns its primary key id. */
    private long replace(UUID schoolId, KeysetPurpose purpose, KeysetHandle keyset) throws GeneralSecurityException {
        long primary = Integer.toUnsignedLong(keyset.getPrimary().getId());
        MasterKey.Wrapping master = masterKey.wrapping();
        store.replaceKeyset(schoolId, purpose,
                TinkProtoKeysetFormat.serializeEncryptedKeyset(keyset, master.aead(), KeyBindings.schoolKeyset(schoolId, purpose)),
                primary, clock.instant(), master.keyId());
        return primary;
    }

    private KeysetHandle unwrap(UUID schoolId, KeysetPurpose purpose, byte[] wrapped) throws GeneralSecurityException {
        return TinkProtoKeysetFormat.parseEncryptedKeyset(wrapped, masterKey.aead(), KeyBindings.schoolKeyset(schoolId, purpose));
    }

    @Override
    public String toString() {
        return "SchoolKeysets[" + cache + "]";
    }
}
