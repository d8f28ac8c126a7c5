package org.custodian.crypto.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import org.custodian.crypto.SubjectKind;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The key tables' SQL, in the key store's own database. */
@Component
class JdbcKeyStore implements KeyStore {

    private final KeyDatabase database;
    private final JdbcClient jdbc;

    JdbcKeyStore(KeyDatabase database) {
        this.database = database;
        this.jdbc = database.jdbc();
    }

    @Override
    public <T> T inSchool(UUID schoolId, Supplier<T> work) {
        return database.inSchool(schoolId, work);
    }

    @Override
    public <T> T asPlatform(Supplier<T> work) {
        return database.asPlatform(work);
    }

    @Override
    public void creatingKeysOf(UUID schoolId) {
        jdbc.sql("select pg_advisory_xact_lock_shared(hashtextextended('subject_keys:' || ?, 0))")
                .param(schoolId.toString()).query((rs, n) -> 1).list();
    }

    @Override
    public void destroyingKeysOf(UUID schoolId) {
        jdbc.sql("select pg_advisory_xact_lock(hashtextextended('subject_keys:' || ?, 0))")
                .param(schoolId.toString()).query((rs, n) -> 1).list();
    }

    @Override
    public Optional<Boolean> subjectKeyConfirmed(UUID schoolId, UUID subjectId) {
        return jdbc.sql("select confirmed_at is not null from subject_data_key where school_id = ? and subject_id = ?")
                .params(schoolId, subjectId).query(Boolean.class).optional();
    }

    @Override
    public List<UUID> schoolsWithUnconfirmedKeys(Instant createdBefore) {
        return jdbc.sql("select distinct school_id from subject_data_key where confirmed_at is null and created_at < ?")
                .param(Timestamp.from(createdBefore)).query(UUID.class).list();
    }

    @Override
    public List<UUID> unconfirmedKeys(UUID schoolId, Instant createdBefore) {
        return jdbc.sql("""
                        select subject_id from subject_data_key
                        where school_id = ? and confirmed_at is null and created_at < ? order by subject_id""")
                .params(schoolId, Timestamp.from(createdBefore)).query(UUID.class).list();
    }

    @Override
    public void confirm(UUID schoolId, List<UUID> subjectIds, Instant at) {
        jdbc.sql("update subject_data_key set confirmed_at = ? where school_id = ? and subject_id = any (?) and confirmed_at is null")
                .params(Timestamp.from(at), schoolId, subjectIds.toArray(UUID[]::new)).update();
    }

    @Override
    public int deleteUnconfirmed(UUID schoolId, List<UUID> subjectIds) {
        return jdbc.sql("delete from subject_data_key where school_id = ? and subject_id = any (?) and confirmed_at is null")
                .params(schoolId, subjectIds.toArray(UUID[]::new)).update();
    }

    @Override
    public long purgeSchool(UUID schoolId, Instant at) {
        return jdbc.sql("select custodian_purge_school_keys(?, ?)").params(schoolId, Timestamp.from(at))
                .query(Long.class).single();
    }

    @Override
    public Optional<byte[]> subjectKey(UUID schoolId, UUID subjectId) {
        return jdbc.sql("select wrapped_key from subject_data_key where school_id = ? and subject_id = ?")
                .params(schoolId, subjectId).query(byte[].class).optional();
    }

    @Override
    public boolean isErased(UUID schoolId, UUID subjectId) {
        return jdbc.sql("select exists (select 1 from erased_subject where school_id = ? and subject_id = ?)")
                .params(schoolId, subjectId).query(Boolean.class).single();
    }

    @Override
    public boolean addSubjectKey(UUID schoolId, UUID subjectId, SubjectKind kind, byte[] wrapped, long wrappingKeyId,
                                 Instant at) {
        return jdbc.sql("""
                        insert into subject_data_key (school_id, subject_id, subject_kind, wrapped_key, wrapping_key_id, created_at)
                        values (?, ?, ?, ?, ?, ?) on conflict do nothing""")
                .params(schoolId, subjectId, kind.name(), wrapped, wrappingKeyId, Timestamp.from(at))
                .update() > 0;
    }

    @Override
    public void addSubjectKeys(UUID schoolId, SubjectKind kind, long wrappingKeyId, Instant at, List<UUID> subjectIds,
                               byte[][] wrapped) {
        jdbc.sql("""
                        insert into subject_data_key (school_id, subject_id, subject_kind, wrapped_key, wrapping_key_id, created_at)
                        select ?, k.id, ?, k.wrapped, ?, ? from unnest(?::uuid[], ?::bytea[]) as k(id, wrapped)""")
                .params(schoolId, kind.name(), wrappingKeyId, Timestamp.from(at), subjectIds.toArray(UUID[]::new), wrapped)
                .update();
    }

    @Override
    public void deleteSubjectKeys(UUID schoolId, List<UUID> subjectIds) {
        jdbc.sql("delete from subject_data_key where school_id = ? and subject_id = any (?)")
                .params(schoolId, subjectIds.toArray(UUID[]::new)).update();
    }

    @Override
    public void recordErasures(UUID schoolId, List<UUID> subjectIds, Instant at) {
        UUID[] ids = subjectIds.toArray(UUID[]::new);
        jdbc.sql("""
                        insert into erased_subject (school_id, subject_id, erased_at)
                        select ?, id, ? from unnest(?::uuid[]) as id on conflict do nothing""")
                .params(schoolId, Timestamp.from(at), ids).update();
    }

    @Override
    public List<WrappedSubjectKey> subjectKeysNotUnder(UUID schoolId, long wrappingKeyId, int limit) {
        return jdbc.sql("""
                        select subject_id, wrapped_key from subject_data_key
                        where school_id = ? and wrapping_key_id <> ?
                        order by subject_id limit ? for update skip locked""")
                .params(schoolId, wrappingKeyId, limit)
                .query((rs, n) -> new WrappedSubjectKey(rs.getObject(1, UUID.class), rs.getBytes(2)))
                .list();
    }

    @Override
    public void rewrapSubjectKey(UUID schoolId, UUID subjectId, byte[] wrapped, long wrappingKeyId) {
        jdbc.sql("update subject_data_key set wrapped_key = ?, wrapping_key_id = ? where school_id = ? and subject_id = ?")
                .params(wrapped, wrappingKeyId, schoolId, subjectId)
                .update();
    }

    @Override
    public long countSubjectKeysNotUnder(UUID schoolId, long wrappingKeyId) {
        return jdbc.sql("select count(*) from subject_data_key where school_id = ? and wrapping_key_id <> ?")
                .params(schoolId, wrappingKeyId).query(Long.class).single();
    }

    @Override
    public Optional<byte[]> keyset(UUID schoolId, KeysetPurpose purpose) {
        return jdbc.sql("select wrapped_keyset from school_keyset where school_id = ? and purpose = ?")
                .params(schoolId, purpose.name()).query(byte[].class).optional();
    }

    @Override
    public Optional<KeysetVersion> keysetVersion(UUID schoolId, KeysetPurpose purpose) {
        return jdbc.sql("select primary_key_id, rotated_at from school_keyset where school_id = ? and purpose = ?")
                .params(schoolId, purpose.name())
                .query((rs, n) -> new KeysetVersion(rs.getLong(1), instant(rs.getTimestamp(2)))).optional();
    }

    @Override
    public boolean addKeyset(UUID schoolId, KeysetPurpose purpose, byte[] wrapped, long primaryKeyId, Instant at,
                             long masterKeyId) {
        return jdbc.sql("""
                        insert into school_keyset (school_id, purpose, wrapped_keyset, primary_key_id, created_at, master_key_id)
                        values (?, ?, ?, ?, ?, ?) on conflict do nothing""")
                .params(schoolId, purpose.name(), wrapped, primaryKeyId, Timestamp.from(at), masterKeyId)
                .update() > 0;
    }

    @Override
    public byte[] lockKeyset(UUID schoolId, KeysetPurpose purpose) {
        return jdbc.sql("select wrapped_keyset from school_keyset where school_id = ? and purpose = ? for update")
                .params(schoolId, purpose.name()).query(byte[].class).single();
    }

    @Override
    public void replaceKeyset(UUID schoolId, KeysetPurpose purpose, byte[] wrapped, long primaryKeyId, Instant rotatedAt,
                              long masterKeyId) {
        jdbc.sql("""
                        update school_keyset set wrapped_keyset = ?, primary_key_id = ?, rotated_at = ?, master_key_id = ?
                        where school_id = ? and purpose = ?""")
                .params(wrapped, primaryKeyId, Timestamp.from(rotatedAt), masterKeyId, schoolId, purpose.name())
                .update();
    }

    @Override
    public List<WrappedKeyset> keysetsNotUnderMasterKey(UUID schoolId, long masterKeyId) {
        return jdbc.sql("""
                        select purpose, wrapped_keyset from school_keyset
                        where school_id = ? and master_key_id is distinct from ? for update skip locked""")
                .params(schoolId, masterKeyId)
                .query((rs, n) -> new WrappedKeyset(KeysetPurpose.valueOf(rs.getString(1)), rs.getBytes(2))).list();
    }

    @Override
    public void rewrapKeyset(UUID schoolId, KeysetPurpose purpose, byte[] wrapped, long masterKeyId) {
        jdbc.sql("update school_keyset set wrapped_keyset = ?, master_key_id = ? where school_id = ? and purpose = ?")
                .params(wrapped, masterKeyId, schoolId, purpose.name())
                .update();
    }

    @Override
    public long countKeysetsNotUnderMasterKey(UUID schoolId, long masterKeyId) {
        return jdbc.sql("select count(*) from school_keyset where school_id = ? and master_key_id is distinct from ?")
                .params(schoolId, masterKeyId).query(Long.class).single();
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
