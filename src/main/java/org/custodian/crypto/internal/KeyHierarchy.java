package org.custodian.crypto.internal;

import java.util.HashMap;
import java.util.Map;
import org.custodian.crypto.NewSubjectKeys;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.Parameters;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.prf.PredefinedPrfParameters;
import com.google.crypto.tink.prf.PrfConfig;
import com.google.crypto.tink.prf.PrfSet;

import org.custodian.crypto.BlindIndex;
import org.custodian.crypto.CiphertextRejectedException;
import org.custodian.crypto.FieldCipher;
import org.custodian.crypto.MasterKey;
import org.custodian.crypto.SubjectErasedException;
import org.custodian.crypto.SubjectKeys;
import org.custodian.crypto.SubjectKind;
import org.custodian.tenancy.Tenancy;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * master key → school keysets (AEAD, PRF) → subject data keys → fields. Every wrap and every field
 * carries associated data naming where it belongs, so nothing can be moved between schools,
 * subjects or fields. Unwrapped primitives are cached (bounded): unwrapping is ~6× slower than
 * encrypting a field.
 */
@Component
class KeyHierarchy implements SubjectKeys, FieldCipher, BlindIndex {

    private static final int BLIND_INDEX_BYTES = 32;

    private enum Purpose {
        AEAD(PredefinedAeadParameters.AES256_GCM), PRF(PredefinedPrfParameters.HMAC_SHA256_PRF);

        final Parameters parameters;

        Purpose(Parameters parameters) {
            this.parameters = parameters;
        }
    }

    private record SchoolKeyset(KeysetHandle handle, long primaryKeyId) {
        @Override
        public String toString() {
            return "SchoolKeyset[primary=" + primaryKeyId + "]";
        }
    }

    private record SchoolRef(UUID schoolId, Purpose purpose) {
    }

    private record SubjectRef(UUID schoolId, UUID subjectId) {
    }

    private final MasterKey masterKey;
    private final JdbcClient jdbc;
    private final Tenancy tenancy;
    private final Clock clock;
    private final LruCache<SchoolRef, SchoolKeyset> schoolKeysets;
    private final LruCache<SchoolRef, Object> schoolPrimitives;
    private final LruCache<SubjectRef, Aead> subjectKeys;

    KeyHierarchy(MasterKey masterKey, JdbcClient jdbc, Tenancy tenancy, Clock clock, MasterKeyProperties properties)
            throws GeneralSecurityException {
        AeadConfig.register();
        PrfConfig.register();
        this.masterKey = masterKey;
        this.jdbc = jdbc;
        this.tenancy = tenancy;
        this.clock = clock;
        int schools = Math.max(16, properties.keyCacheSize() / 10);
        this.schoolKeysets = new LruCache<>(schools, properties.keyCacheMaxAge(), clock);
        this.schoolPrimitives = new LruCache<>(schools, properties.keyCacheMaxAge(), clock);
        this.subjectKeys = new LruCache<>(properties.keyCacheSize(), properties.keyCacheMaxAge(), clock);
    }

    // ---- FieldCipher

    @Override
    public byte[] encrypt(UUID schoolId, UUID subjectId, String field, byte[] plaintext) {
        try {
            return subjectAead(schoolId, subjectId).encrypt(plaintext, fieldAd(schoolId, subjectId, field));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Field encryption failed", e);
        }
    }

    @Override
    public byte[] decrypt(UUID schoolId, UUID subjectId, String field, byte[] ciphertext) {
        try {
            return subjectAead(schoolId, subjectId).decrypt(ciphertext, fieldAd(schoolId, subjectId, field));
        } catch (GeneralSecurityException e) {
            throw new CiphertextRejectedException(e);
        }
    }

    // ---- BlindIndex

    @Override
    public byte[] blindIndex(UUID schoolId, String purpose, String value) {
        PrfKeys keys = prfKeys(schoolId);
        return compute(keys.prfs().get(keys.primaryKeyId()), input(purpose, value));
    }

    @Override
    public List<byte[]> blindIndexes(UUID schoolId, String purpose, String value) {
        PrfKeys keys = prfKeys(schoolId);
        byte[] input = input(purpose, value);
        return keys.searchKeyIds().stream().map(id -> compute(keys.prfs().get(id), input)).toList();
    }

    @Override
    public long blindIndexKeyId(UUID schoolId) {
        return prfKeys(schoolId).primaryKeyId();
    }

    @Override
    public List<List<byte[]>> fingerprintIndexes(UUID schoolId, String purpose, List<String> values) {
        List<byte[]> inputs = values.stream().map(value -> input(purpose, value)).toList();
        return tenancy.inSchool(schoolId, () -> {
            try {
                KeysetHandle keyset = unwrapSchoolKeyset(new SchoolRef(schoolId, Purpose.PRF),
                        storedSchoolKeyset(new SchoolRef(schoolId, Purpose.PRF)).orElseThrow());
                KeysetHandle.Builder everyKey = KeysetHandle.newBuilder(keyset);
                for (int i = 0; i < everyKey.size(); i++) {
                    everyKey.getAt(i).setStatus(com.google.crypto.tink.KeyStatus.ENABLED);
                }
                var prfs = everyKey.build().getPrimitive(RegistryConfiguration.get(), PrfSet.class).getPrfs().values();
                return inputs.stream().map(input -> prfs.stream().map(prf -> compute(prf, input)).toList()).toList();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("Could not use the school's blind-index keys", e);
            }
        });
    }

    /** The school's searchable PRF keys, primary first, as stored now (the cached copy is checked against the row). */
    private record PrfKeys(Map<Long, com.google.crypto.tink.prf.Prf> prfs, long primaryKeyId, List<Long> searchKeyIds,
                           Timestamp changedAt) {
        @Override
        public String toString() {
            return "PrfKeys[primary=" + primaryKeyId + "]";
        }
    }

    private record PrfVersion(long primaryKeyId, Timestamp changedAt) {
    }

    /**
     * Blind indexes must follow a rotation or retirement made on any instance at once (a search
     * under a stale key set would miss rows): one primary-key lookup per call checks the cached set.
     */
    private PrfKeys prfKeys(UUID schoolId) {
        SchoolRef ref = new SchoolRef(schoolId, Purpose.PRF);
        PrfKeys cached = (PrfKeys) schoolPrimitives.get(ref, r -> loadPrfKeys(schoolId));
        Optional<PrfVersion> stored = tenancy.inSchool(schoolId, () -> jdbc.sql(
                        "select primary_key_id, rotated_at from school_keyset where school_id = ? and purpose = ?")
                .params(schoolId, Purpose.PRF.name())
                .query((rs, n) -> new PrfVersion(rs.getLong(1), rs.getTimestamp(2))).optional());
        if (stored.isPresent() && (stored.get().primaryKeyId() != cached.primaryKeyId()
                || !java.util.Objects.equals(stored.get().changedAt(), cached.changedAt()))) {
            forgetPrf(ref);
            cached = (PrfKeys) schoolPrimitives.get(ref, r -> loadPrfKeys(schoolId));
        }
        return cached;
    }

    private PrfKeys loadPrfKeys(UUID schoolId) {
        SchoolRef ref = new SchoolRef(schoolId, Purpose.PRF);
        schoolKeysets.evict(ref);
        SchoolKeyset keyset = schoolKeyset(schoolId, Purpose.PRF);
        Timestamp changedAt = tenancy.inSchool(schoolId, () -> jdbc.sql(
                        "select rotated_at from school_keyset where school_id = ? and purpose = ?")
                .params(schoolId, Purpose.PRF.name()).query(Timestamp.class).optional().orElse(null));
        try {
            PrfSet set = keyset.handle().getPrimitive(RegistryConfiguration.get(), PrfSet.class);
            Map<Long, com.google.crypto.tink.prf.Prf> prfs = new java.util.LinkedHashMap<>();
            set.getPrfs().forEach((id, prf) -> prfs.put(Integer.toUnsignedLong(id), prf));
            List<Long> ids = new java.util.ArrayList<>();
            ids.add(keyset.primaryKeyId());
            prfs.keySet().stream().filter(id -> id != keyset.primaryKeyId()).sorted().forEach(ids::add);
            return new PrfKeys(prfs, keyset.primaryKeyId(), List.copyOf(ids), changedAt);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not use the school's blind-index keys", e);
        }
    }

    private static byte[] input(String purpose, String value) {
        if (purpose == null || !PURPOSE.matcher(purpose).matches()) {
            throw new IllegalArgumentException("A blind-index purpose is 1-40 of a-z, 0-9 and '-'");
        }
        return ("custodian/blind-index/v1|" + purpose + "|" + BlindIndex.normalise(value)).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] compute(com.google.crypto.tink.prf.Prf prf, byte[] input) {
        try {
            return prf.compute(input, BLIND_INDEX_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Blind index computation failed", e);
        }
    }

    // ---- SubjectKeys

    @Override
    public void create(UUID schoolId, UUID subjectId, SubjectKind kind) {
        tenancy.inSchool(schoolId, () -> {
            if (isErased(schoolId, subjectId)) {
                throw new SubjectErasedException();
            }
            if (wrappedSubjectKey(schoolId, subjectId).isPresent()) {
                return;
            }
            SchoolKeyset school = schoolKeyset(schoolId, Purpose.AEAD);
            try {
                KeysetHandle dataKey = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
                byte[] wrapped = TinkProtoKeysetFormat.serializeEncryptedKeyset(
                        dataKey, aeadOf(school), subjectKeyAd(schoolId, subjectId));
                int inserted = jdbc.sql("""
                        insert into subject_data_key (school_id, subject_id, subject_kind, wrapped_key, wrapping_key_id, created_at)
                        values (?, ?, ?, ?, ?, ?) on conflict do nothing""")
                        .params(schoolId, subjectId, kind.name(), wrapped, school.primaryKeyId(),
                                Timestamp.from(clock.instant()))
                        .update();
                if (inserted > 0) {
                    forgetIfRolledBack(() -> subjectKeys.evict(new SubjectRef(schoolId, subjectId)));
                }
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("Could not create the subject's data key", e);
            }
        });
    }

    @Override
    public NewSubjectKeys createNew(UUID schoolId, SubjectKind kind, List<UUID> subjectIds) {
        return tenancy.inSchool(schoolId, () -> {
            SchoolKeyset school = schoolKeyset(schoolId, Purpose.AEAD);
            Aead schoolAead = aeadOf(school);
            Map<UUID, Aead> keys = new HashMap<>(subjectIds.size() * 2);
            byte[][] wrapped = new byte[subjectIds.size()][];
            try {
                for (int i = 0; i < subjectIds.size(); i++) {
                    UUID subject = subjectIds.get(i);
                    KeysetHandle dataKey = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
                    wrapped[i] = TinkProtoKeysetFormat.serializeEncryptedKeyset(dataKey, schoolAead,
                            subjectKeyAd(schoolId, subject));
                    keys.put(subject, dataKey.getPrimitive(RegistryConfiguration.get(), Aead.class));
                }
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("Could not create data keys", e);
            }
            jdbc.sql("""
                    insert into subject_data_key (school_id, subject_id, subject_kind, wrapped_key, wrapping_key_id, created_at)
                    select ?, k.id, ?, k.wrapped, ?, ? from unnest(?::uuid[], ?::bytea[]) as k(id, wrapped)""")
                    .params(schoolId, kind.name(), school.primaryKeyId(), Timestamp.from(clock.instant()),
                            subjectIds.toArray(UUID[]::new), wrapped)
                    .update();
            return (subject, field, plaintext) -> {
                Aead aead = keys.get(subject);
                if (aead == null) {
                    throw new IllegalArgumentException("Not one of the subjects of this batch");
                }
                try {
                    return aead.encrypt(plaintext.getBytes(StandardCharsets.UTF_8), fieldAd(schoolId, subject, field));
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException("Field encryption failed", e);
                }
            };
        });
    }

    @Override
    public void forgetSchool(UUID schoolId) {
        schoolKeysets.evictIf(ref -> ref.schoolId().equals(schoolId));
        schoolPrimitives.evictIf(ref -> ref.schoolId().equals(schoolId));
        subjectKeys.evictIf(ref -> ref.schoolId().equals(schoolId));
    }

    @Override
    public void destroy(UUID schoolId, UUID subjectId) {
        SubjectRef ref = new SubjectRef(schoolId, subjectId);
        subjectKeys.evict(ref);
        tenancy.inSchool(schoolId, () -> {
            jdbc.sql("delete from subject_data_key where school_id = ? and subject_id = ?")
                    .params(schoolId, subjectId).update();
            jdbc.sql("insert into erased_subject (school_id, subject_id, erased_at) values (?, ?, ?) on conflict do nothing")
                    .params(schoolId, subjectId, Timestamp.from(clock.instant())).update();
        });
        // Again after the delete: a concurrent reader may have cached the key in between.
        subjectKeys.evict(ref);
    }

    @Override
    public void destroyAll(UUID schoolId, java.util.Collection<UUID> subjectIds) {
        if (subjectIds.isEmpty()) {
            return;
        }
        UUID[] ids = subjectIds.toArray(UUID[]::new);
        subjectIds.forEach(id -> subjectKeys.evict(new SubjectRef(schoolId, id)));
        tenancy.inSchool(schoolId, () -> {
            jdbc.sql("delete from subject_data_key where school_id = ? and subject_id = any (?)").params(schoolId, ids).update();
            jdbc.sql("""
                            insert into erased_subject (school_id, subject_id, erased_at)
                            select ?, id, ? from unnest(?::uuid[]) as id on conflict do nothing""")
                    .params(schoolId, Timestamp.from(clock.instant()), ids).update();
        });
        // Again after the delete: a concurrent reader may have cached a key in between.
        subjectIds.forEach(id -> subjectKeys.evict(new SubjectRef(schoolId, id)));
    }

    @Override
    public long rotateSchoolKeyset(UUID schoolId) {
        SchoolRef ref = new SchoolRef(schoolId, Purpose.AEAD);
        long newPrimary = tenancy.inSchool(schoolId, () -> {
            try {
                KeysetHandle current = lockedSchoolKeyset(ref);
                KeysetHandle rotated = KeysetHandle.newBuilder(current)
                        .addEntry(KeysetHandle.generateEntryFromParameters(Purpose.AEAD.parameters)
                                .withRandomId().makePrimary())
                        .build();
                return store(ref, rotated);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("Could not rotate the school keyset", e);
            }
        });
        schoolKeysets.evict(ref);
        return newPrimary;
    }

    /** The school keyset of this purpose as stored, row locked until the transaction ends (created first if missing). */
    private KeysetHandle lockedSchoolKeyset(SchoolRef ref) throws GeneralSecurityException {
        schoolKeyset(ref.schoolId(), ref.purpose()); // make sure it exists
        byte[] wrapped = jdbc.sql("select wrapped_keyset from school_keyset where school_id = ? and purpose = ? for update")
                .params(ref.schoolId(), ref.purpose().name()).query(byte[].class).single();
        return unwrapSchoolKeyset(ref, wrapped);
    }

    /** Stores a changed school keyset, wrapped under the current master key; returns its primary key id. */
    private long store(SchoolRef ref, KeysetHandle keyset) throws GeneralSecurityException {
        long primary = Integer.toUnsignedLong(keyset.getPrimary().getId());
        MasterKey.Wrapping master = masterKey.wrapping();
        jdbc.sql("""
                update school_keyset set wrapped_keyset = ?, primary_key_id = ?, rotated_at = ?, master_key_id = ?
                where school_id = ? and purpose = ?""")
                .params(TinkProtoKeysetFormat.serializeEncryptedKeyset(keyset, master.aead(), schoolKeysetAd(ref)),
                        primary, Timestamp.from(clock.instant()), master.keyId(), ref.schoolId(), ref.purpose().name())
                .update();
        return primary;
    }

    // ---- master-key rotation

    /**
     * Re-wraps the school's keysets still wrapped under another master key than the primary, in one
     * transaction; rows another instance is re-wrapping are skipped. Returns how many it moved.
     */
    int rewrapUnderMasterKey(UUID schoolId) {
        return tenancy.inSchool(schoolId, () -> {
            MasterKey.Wrapping master = masterKey.wrapping();
            record Stale(String purpose, byte[] wrapped) {
            }
            List<Stale> rows = jdbc.sql("""
                    select purpose, wrapped_keyset from school_keyset
                    where school_id = ? and master_key_id is distinct from ? for update skip locked""")
                    .params(schoolId, master.keyId())
                    .query((rs, n) -> new Stale(rs.getString(1), rs.getBytes(2))).list();
            for (Stale row : rows) {
                SchoolRef ref = new SchoolRef(schoolId, Purpose.valueOf(row.purpose()));
                try {
                    KeysetHandle keyset = TinkProtoKeysetFormat.parseEncryptedKeyset(row.wrapped(), master.aead(), schoolKeysetAd(ref));
                    jdbc.sql("update school_keyset set wrapped_keyset = ?, master_key_id = ? where school_id = ? and purpose = ?")
                            .params(TinkProtoKeysetFormat.serializeEncryptedKeyset(keyset, master.aead(), schoolKeysetAd(ref)),
                                    master.keyId(), schoolId, row.purpose())
                            .update();
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException("Could not re-wrap a school keyset", e);
                }
            }
            return rows.size();
        });
    }

    /** How many of the school's keysets are wrapped under another master key than {@code primary} (or an unrecorded one). */
    long keysetsNotUnderMasterKey(UUID schoolId, long primary) {
        return tenancy.inSchool(schoolId, () -> jdbc.sql(
                        "select count(*) from school_keyset where school_id = ? and master_key_id is distinct from ?")
                .params(schoolId, primary).query(Long.class).single());
    }

    // ---- blind-index rotation

    /** Adds a new primary key to the school's PRF keyset; the older keys stay until retired. */
    long rotateBlindIndexKey(UUID schoolId) {
        SchoolRef ref = new SchoolRef(schoolId, Purpose.PRF);
        long primary = tenancy.inSchool(schoolId, () -> {
            try {
                KeysetHandle rotated = KeysetHandle.newBuilder(lockedSchoolKeyset(ref))
                        .addEntry(KeysetHandle.generateEntryFromParameters(Purpose.PRF.parameters).withRandomId().makePrimary())
                        .build();
                return store(ref, rotated);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("Could not rotate the blind-index key", e);
            }
        });
        forgetPrf(ref);
        return primary;
    }

    /**
     * Takes every key but the primary out of the school's searches: deleted, or, when
     * {@code keepForFingerprints}, kept disabled for {@link #fingerprintIndexes} only.
     */
    void retireOlderBlindIndexKeys(UUID schoolId, boolean keepForFingerprints) {
        SchoolRef ref = new SchoolRef(schoolId, Purpose.PRF);
        tenancy.inSchool(schoolId, () -> {
            try {
                KeysetHandle current = lockedSchoolKeyset(ref);
                KeysetHandle.Builder builder = KeysetHandle.newBuilder(current);
                for (int i = current.size() - 1; i >= 0; i--) {
                    if (builder.getAt(i).isPrimary()) {
                        continue;
                    }
                    if (keepForFingerprints) {
                        builder.getAt(i).setStatus(com.google.crypto.tink.KeyStatus.DISABLED);
                    } else {
                        builder.deleteAt(i);
                    }
                }
                store(ref, builder.build());
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("Could not retire the blind-index keys", e);
            }
        });
        forgetPrf(ref);
    }

    /** The ids of the school's PRF keys searches still use besides the primary (empty when no rotation is under way). */
    List<Long> olderBlindIndexKeyIds(UUID schoolId) {
        PrfKeys keys = prfKeys(schoolId);
        return keys.searchKeyIds().stream().filter(id -> id != keys.primaryKeyId()).toList();
    }

    private void forgetPrf(SchoolRef ref) {
        schoolKeysets.evict(ref);
        schoolPrimitives.evict(ref);
    }

    @Override
    public int rewrapSubjectKeys(UUID schoolId, int batchSize) {
        SchoolRef ref = new SchoolRef(schoolId, Purpose.AEAD);
        schoolKeysets.evict(ref); // re-wrap under the primary as stored now, not as cached
        return tenancy.inSchool(schoolId, () -> {
            SchoolKeyset school = schoolKeyset(schoolId, Purpose.AEAD);
            Aead schoolAead = aeadOf(school);
            List<SubjectKeyRow> rows = jdbc.sql("""
                    select subject_id, wrapped_key from subject_data_key
                    where school_id = ? and wrapping_key_id <> ?
                    order by subject_id limit ? for update skip locked""")
                    .params(schoolId, school.primaryKeyId(), batchSize)
                    .query((rs, n) -> new SubjectKeyRow(rs.getObject(1, UUID.class), rs.getBytes(2)))
                    .list();
            for (SubjectKeyRow row : rows) {
                byte[] ad = subjectKeyAd(schoolId, row.subjectId());
                try {
                    KeysetHandle dataKey = TinkProtoKeysetFormat.parseEncryptedKeyset(row.wrappedKey(), schoolAead, ad);
                    jdbc.sql("update subject_data_key set wrapped_key = ?, wrapping_key_id = ? where school_id = ? and subject_id = ?")
                            .params(TinkProtoKeysetFormat.serializeEncryptedKeyset(dataKey, schoolAead, ad),
                                    school.primaryKeyId(), schoolId, row.subjectId())
                            .update();
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException("Could not re-wrap a subject data key", e);
                }
            }
            return rows.size();
        });
    }

    @Override
    public long subjectKeysAwaitingRewrap(UUID schoolId) {
        return tenancy.inSchool(schoolId, () -> {
            long primary = schoolKeyset(schoolId, Purpose.AEAD).primaryKeyId();
            return jdbc.sql("select count(*) from subject_data_key where school_id = ? and wrapping_key_id <> ?")
                    .params(schoolId, primary).query(Long.class).single();
        });
    }

    private record SubjectKeyRow(UUID subjectId, byte[] wrappedKey) {
        @Override
        public String toString() {
            return "SubjectKeyRow[redacted]";
        }
    }

    // ---- unwrapping

    private Aead subjectAead(UUID schoolId, UUID subjectId) {
        return subjectKeys.get(new SubjectRef(schoolId, subjectId), ref -> tenancy.inSchool(schoolId, () -> {
            byte[] wrapped = wrappedSubjectKey(schoolId, subjectId).orElseThrow(() -> isErased(schoolId, subjectId)
                    ? new SubjectErasedException()
                    : new IllegalStateException("The subject has no data key yet; create it first"));
            try {
                return unwrapSubjectKey(schoolId, subjectId, wrapped);
            } catch (GeneralSecurityException stale) {
                // Another instance may have rotated the school keyset since we cached it: reload once.
                schoolKeysets.evict(new SchoolRef(schoolId, Purpose.AEAD));
                try {
                    return unwrapSubjectKey(schoolId, subjectId, wrapped);
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException("The subject's data key could not be unwrapped", e);
                }
            }
        }));
    }

    private Aead unwrapSubjectKey(UUID schoolId, UUID subjectId, byte[] wrapped) throws GeneralSecurityException {
        Aead schoolAead = aeadOf(schoolKeyset(schoolId, Purpose.AEAD));
        return TinkProtoKeysetFormat.parseEncryptedKeyset(wrapped, schoolAead, subjectKeyAd(schoolId, subjectId))
                .getPrimitive(RegistryConfiguration.get(), Aead.class);
    }

    private Optional<byte[]> wrappedSubjectKey(UUID schoolId, UUID subjectId) {
        return jdbc.sql("select wrapped_key from subject_data_key where school_id = ? and subject_id = ?")
                .params(schoolId, subjectId).query(byte[].class).optional();
    }

    private boolean isErased(UUID schoolId, UUID subjectId) {
        return jdbc.sql("select exists (select 1 from erased_subject where school_id = ? and subject_id = ?)")
                .params(schoolId, subjectId).query(Boolean.class).single();
    }

    private <P> Object primitive(SchoolRef ref, Class<P> type) {
        try {
            return schoolKeyset(ref.schoolId(), ref.purpose()).handle().getPrimitive(RegistryConfiguration.get(), type);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not use the school keyset", e);
        }
    }

    private static Aead aeadOf(SchoolKeyset school) {
        try {
            return school.handle().getPrimitive(RegistryConfiguration.get(), Aead.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not use the school keyset", e);
        }
    }

    /** The school's keyset of this purpose, created (and wrapped by the master key) on first use. */
    private SchoolKeyset schoolKeyset(UUID schoolId, Purpose purpose) {
        return schoolKeysets.get(new SchoolRef(schoolId, purpose), ref -> tenancy.inSchool(schoolId, () -> {
            Optional<byte[]> stored = storedSchoolKeyset(ref);
            if (stored.isEmpty()) {
                try {
                    KeysetHandle fresh = KeysetHandle.generateNew(purpose.parameters);
                    MasterKey.Wrapping master = masterKey.wrapping();
                    int inserted = jdbc.sql("""
                            insert into school_keyset (school_id, purpose, wrapped_keyset, primary_key_id, created_at, master_key_id)
                            values (?, ?, ?, ?, ?, ?) on conflict do nothing""")
                            .params(schoolId, purpose.name(),
                                    TinkProtoKeysetFormat.serializeEncryptedKeyset(fresh, master.aead(), schoolKeysetAd(ref)),
                                    Integer.toUnsignedLong(fresh.getPrimary().getId()), Timestamp.from(clock.instant()),
                                    master.keyId())
                            .update();
                    if (inserted > 0) {
                        forgetIfRolledBack(() -> {
                            schoolKeysets.evict(ref);
                            schoolPrimitives.evict(ref);
                        });
                    }
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException("Could not create the school keyset", e);
                }
                stored = storedSchoolKeyset(ref); // ours, or the one a concurrent first use stored
            }
            try {
                KeysetHandle handle = unwrapSchoolKeyset(ref, stored.orElseThrow());
                return new SchoolKeyset(handle, Integer.toUnsignedLong(handle.getPrimary().getId()));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("The school keyset could not be unwrapped with the master key", e);
            }
        }));
    }

    private Optional<byte[]> storedSchoolKeyset(SchoolRef ref) {
        return jdbc.sql("select wrapped_keyset from school_keyset where school_id = ? and purpose = ?")
                .params(ref.schoolId(), ref.purpose().name()).query(byte[].class).optional();
    }

    private KeysetHandle unwrapSchoolKeyset(SchoolRef ref, byte[] wrapped) throws GeneralSecurityException {
        return TinkProtoKeysetFormat.parseEncryptedKeyset(wrapped, masterKey.aead(), schoolKeysetAd(ref));
    }

    /**
     * A keyset created inside a transaction that then rolls back was never stored: it must not stay
     * cached, or data encrypted under it later would be lost with the cache.
     */
    static void forgetIfRolledBack(Runnable forget) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    if (status != STATUS_COMMITTED) {
                        forget.run();
                    }
                }
            });
        }
    }

    // ---- associated data: fixed-length ids, the free-form name last, so no two bindings collide

    private static byte[] schoolKeysetAd(SchoolRef ref) {
        return ("custodian/school-keyset/v1|" + ref.purpose() + "|" + ref.schoolId()).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] subjectKeyAd(UUID schoolId, UUID subjectId) {
        return ("custodian/subject-key/v1|" + schoolId + "|" + subjectId).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] fieldAd(UUID schoolId, UUID subjectId, String field) {
        if (field == null || field.isEmpty()) {
            throw new IllegalArgumentException("A field name is required");
        }
        return ("custodian/field/v1|" + schoolId + "|" + subjectId + "|" + field).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "KeyHierarchy[" + subjectKeys + "]";
    }
}
