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
        if (purpose == null || !PURPOSE.matcher(purpose).matches()) {
            throw new IllegalArgumentException("A blind-index purpose is 1-40 of a-z, 0-9 and '-'");
        }
        PrfSet prf = (PrfSet) schoolPrimitives.get(new SchoolRef(schoolId, Purpose.PRF), ref -> primitive(ref, PrfSet.class));
        byte[] input = ("custodian/blind-index/v1|" + purpose + "|" + BlindIndex.normalise(value))
                .getBytes(StandardCharsets.UTF_8);
        try {
            return prf.computePrimary(input, BLIND_INDEX_BYTES);
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
    public long rotateSchoolKeyset(UUID schoolId) {
        SchoolRef ref = new SchoolRef(schoolId, Purpose.AEAD);
        long newPrimary = tenancy.inSchool(schoolId, () -> {
            schoolKeyset(schoolId, Purpose.AEAD); // make sure it exists
            byte[] wrapped = jdbc.sql("select wrapped_keyset from school_keyset where school_id = ? and purpose = ? for update")
                    .params(schoolId, Purpose.AEAD.name()).query(byte[].class).single();
            try {
                KeysetHandle current = unwrapSchoolKeyset(ref, wrapped);
                KeysetHandle rotated = KeysetHandle.newBuilder(current)
                        .addEntry(KeysetHandle.generateEntryFromParameters(Purpose.AEAD.parameters)
                                .withRandomId().makePrimary())
                        .build();
                long primary = Integer.toUnsignedLong(rotated.getPrimary().getId());
                jdbc.sql("update school_keyset set wrapped_keyset = ?, primary_key_id = ?, rotated_at = ? where school_id = ? and purpose = ?")
                        .params(TinkProtoKeysetFormat.serializeEncryptedKeyset(rotated, masterKey.aead(), schoolKeysetAd(ref)),
                                primary, Timestamp.from(clock.instant()), schoolId, Purpose.AEAD.name())
                        .update();
                return primary;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("Could not rotate the school keyset", e);
            }
        });
        schoolKeysets.evict(ref);
        return newPrimary;
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
                    int inserted = jdbc.sql("""
                            insert into school_keyset (school_id, purpose, wrapped_keyset, primary_key_id, created_at)
                            values (?, ?, ?, ?, ?) on conflict do nothing""")
                            .params(schoolId, purpose.name(),
                                    TinkProtoKeysetFormat.serializeEncryptedKeyset(fresh, masterKey.aead(), schoolKeysetAd(ref)),
                                    Integer.toUnsignedLong(fresh.getPrimary().getId()), Timestamp.from(clock.instant()))
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
