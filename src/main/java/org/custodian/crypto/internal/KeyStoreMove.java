package org.custodian.crypto.internal;

import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkProtoKeysetFormat;

import org.custodian.crypto.MasterKey;
import org.custodian.tenancy.Tenancy;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * On the first start of an installation whose keys are still in the data database: copies them into
 * the key store, checks the copy (every key accounted for: copied, or destroyed since in the key
 * store; every keyset and a sample of subject keys unwrapped from the key store), records that, and
 * only then drops the data database's key tables as their owner. Each step can be interrupted: the
 * copy is repeated without harm (never over a key the key store has destroyed), and the tables go
 * only after the record, in one transaction. Runs before the application serves anything (and a failure
 * stops the start), so until the move is done nothing else writes these keys in the key store. Every
 * instance must be stopped for the upgrade: an older one would go on writing keys into the data database.
 */
@Component
class KeyStoreMove implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(KeyStoreMove.class);
    private static final List<String> OLD_TABLES = List.of("subject_data_key", "school_keyset", "erased_subject");
    /** Advisory lock key: "custodian key move" (instances starting together take turns). */
    private static final long MOVE_LOCK = 0x6b65796d6f7665L;
    private static final int SAMPLE = 20;

    record Counts(long schoolKeysets, long subjectKeys, long erasedSubjects) {
    }

    private record Keyset(String purpose, byte[] wrapped, long primaryKeyId, Timestamp createdAt, Timestamp rotatedAt,
                          Long masterKeyId) {
        @Override
        public String toString() {
            return "Keyset[" + purpose + "]";
        }
    }

    private final JdbcClient data;
    private final Tenancy tenancy;
    private final KeyDatabase keys;
    private final MasterKey masterKey;
    private final ObjectProvider<Flyway> flyway;
    private final Clock clock;

    KeyStoreMove(JdbcClient data, Tenancy tenancy, KeyDatabase keys, MasterKey masterKey, ObjectProvider<Flyway> flyway,
                 Clock clock) {
        this.data = data;
        this.tenancy = tenancy;
        this.keys = keys;
        this.masterKey = masterKey;
        this.flyway = flyway;
        this.clock = clock;
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (oldTablesPresent()) {
            Counts counts = move();
            log.info("Moved the keys out of the data database into the key store: {} school keysets, {} subject keys, "
                    + "{} erasure records", counts.schoolKeysets(), counts.subjectKeys(), counts.erasedSubjects());
        }
    }

    boolean oldTablesPresent() {
        return data.sql("select count(*) from pg_tables where schemaname = 'public' and tablename = any (?)")
                .param(OLD_TABLES.toArray(String[]::new)).query(Long.class).single() > 0;
    }

    /** Copies, checks, records, drops. Refuses (and drops nothing) if the check fails. */
    Counts move() {
        try (Connection owner = ownerDataSource().getConnection()) {
            owner.setAutoCommit(false);
            try (Statement lock = owner.createStatement()) {
                lock.execute("select pg_advisory_xact_lock(" + MOVE_LOCK + ")");
            }
            if (!oldTablesPresent()) {
                owner.rollback();
                return new Counts(0, 0, 0);
            }
            Counts counts = copyAndCheck();
            keys.asPlatform(() -> keys.jdbc().sql("""
                            insert into key_move (moved_at, school_keysets, subject_keys, erased_subjects)
                            values (?, ?, ?, ?)""")
                    .params(Timestamp.from(clock.instant()), counts.schoolKeysets(), counts.subjectKeys(),
                            counts.erasedSubjects())
                    .update());
            try (Statement drop = owner.createStatement()) {
                for (String table : OLD_TABLES) {
                    drop.execute("drop table if exists public." + table);
                }
            }
            owner.commit();
            return counts;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not move the keys out of the data database (SQLState "
                    + e.getSQLState() + "); nothing was removed", e);
        }
    }

    private Counts copyAndCheck() {
        List<UUID> schools = tenancy.asPlatform(() -> data.sql("select id from school order by id").query(UUID.class).list());
        long keysets = 0;
        long subjectKeys = 0;
        long erased = 0;
        Instant now = clock.instant();
        for (UUID school : schools) {
            Counts copied = copySchool(school, now);
            keysets += copied.schoolKeysets();
            subjectKeys += copied.subjectKeys();
            erased += copied.erasedSubjects();
        }
        return new Counts(keysets, subjectKeys, erased);
    }

    private Counts copySchool(UUID school, Instant now) {
        boolean hasErased = tableExists("erased_subject");
        boolean hasKeysets = tableExists("school_keyset");
        boolean hasSubjectKeys = tableExists("subject_data_key");
        record SubjectKey(UUID subjectId, String kind, byte[] wrapped, long wrappingKeyId, Timestamp createdAt) {
            @Override
            public String toString() {
                return "SubjectKey[redacted]";
            }
        }
        record Erased(UUID subjectId, Timestamp erasedAt) {
        }
        List<Erased> ledger = !hasErased ? List.of() : tenancy.inSchool(school, () -> data.sql(
                        "select subject_id, erased_at from erased_subject where school_id = ?").param(school)
                .query((rs, n) -> new Erased(rs.getObject(1, UUID.class), rs.getTimestamp(2))).list());
        List<Keyset> keysets = !hasKeysets ? List.of() : tenancy.inSchool(school, () -> data.sql("""
                        select purpose, wrapped_keyset, primary_key_id, created_at, rotated_at, master_key_id
                        from school_keyset where school_id = ?""").param(school)
                .query((rs, n) -> new Keyset(rs.getString(1), rs.getBytes(2), rs.getLong(3), rs.getTimestamp(4),
                        rs.getTimestamp(5), rs.getObject(6, Long.class))).list());
        List<SubjectKey> subjectKeys = !hasSubjectKeys ? List.of() : tenancy.inSchool(school, () -> data.sql("""
                        select subject_id, subject_kind, wrapped_key, wrapping_key_id, created_at
                        from subject_data_key where school_id = ? order by subject_id""").param(school)
                .query((rs, n) -> new SubjectKey(rs.getObject(1, UUID.class), rs.getString(2), rs.getBytes(3),
                        rs.getLong(4), rs.getTimestamp(5))).list());
        if (ledger.isEmpty() && keysets.isEmpty() && subjectKeys.isEmpty()) {
            return new Counts(0, 0, 0);
        }
        keys.inSchool(school, () -> {
            JdbcClient k = keys.jdbc();
            boolean purged = k.sql("select exists (select 1 from purged_school where school_id = ?)").param(school)
                    .query(Boolean.class).single();
            if (purged) {
                return null; // its keys were destroyed in the key store: none may come back
            }
            for (Erased e : ledger) {
                k.sql("insert into erased_subject (school_id, subject_id, erased_at) values (?, ?, ?) on conflict do nothing")
                        .params(school, e.subjectId(), e.erasedAt()).update();
            }
            for (Keyset s : keysets) {
                k.sql("""
                                insert into school_keyset (school_id, purpose, wrapped_keyset, primary_key_id, created_at,
                                    rotated_at, master_key_id)
                                values (?, ?, ?, ?, ?, ?, ?)
                                on conflict (school_id, purpose) do update set wrapped_keyset = excluded.wrapped_keyset,
                                    primary_key_id = excluded.primary_key_id, rotated_at = excluded.rotated_at,
                                    master_key_id = excluded.master_key_id""")
                        .params(school, s.purpose(), s.wrapped(), s.primaryKeyId(), s.createdAt(), s.rotatedAt(),
                                s.masterKeyId()).update();
            }
            for (SubjectKey s : subjectKeys) {
                // The data database is the source until the move is done (the application does not run
                // before), so a repeated copy overwrites an earlier one; never over the ledger, though.
                k.sql("""
                                insert into subject_data_key (school_id, subject_id, subject_kind, wrapped_key, wrapping_key_id,
                                    created_at, confirmed_at)
                                select ?, ?, ?, ?, ?, ?, ?
                                where not exists (select 1 from erased_subject where school_id = ? and subject_id = ?)
                                on conflict (school_id, subject_id) do update set wrapped_key = excluded.wrapped_key,
                                    wrapping_key_id = excluded.wrapping_key_id""")
                        .params(school, s.subjectId(), s.kind(), s.wrapped(), s.wrappingKeyId(), s.createdAt(),
                                Timestamp.from(now), school, s.subjectId()).update();
            }
            return null;
        });
        // The check, read back from the key store.
        keys.inSchool(school, () -> {
            JdbcClient k = keys.jdbc();
            if (k.sql("select exists (select 1 from purged_school where school_id = ?)").param(school)
                    .query(Boolean.class).single()) {
                return null;
            }
            long accountedFor = k.sql("""
                            select count(*) from unnest(?::uuid[]) as id
                            where exists (select 1 from subject_data_key where school_id = ? and subject_id = id)
                               or exists (select 1 from erased_subject where school_id = ? and subject_id = id)""")
                    .params(subjectKeys.stream().map(SubjectKey::subjectId).toArray(UUID[]::new), school, school)
                    .query(Long.class).single();
            long keysetsThere = k.sql("select count(*) from school_keyset where school_id = ?").param(school)
                    .query(Long.class).single();
            long ledgerThere = k.sql("select count(*) from erased_subject where school_id = ? and subject_id = any (?)")
                    .params(school, ledger.stream().map(Erased::subjectId).toArray(UUID[]::new)).query(Long.class).single();
            if (accountedFor != subjectKeys.size() || keysetsThere < keysets.size() || ledgerThere != ledger.size()) {
                throw new IllegalStateException("The copy of school " + school + "'s keys does not match the data "
                        + "database's; nothing was removed");
            }
            List<byte[]> sample = k.sql("""
                            select wrapped_key from subject_data_key where school_id = ? and subject_id = any (?)
                            order by subject_id limit ?""")
                    .params(school, subjectKeys.stream().map(SubjectKey::subjectId).toArray(UUID[]::new), SAMPLE)
                    .query(byte[].class).list();
            List<UUID> sampleIds = k.sql("""
                            select subject_id from subject_data_key where school_id = ? and subject_id = any (?)
                            order by subject_id limit ?""")
                    .params(school, subjectKeys.stream().map(SubjectKey::subjectId).toArray(UUID[]::new), SAMPLE)
                    .query(UUID.class).list();
            decryptCheck(school, k, sampleIds, sample);
            return null;
        });
        return new Counts(keysets.size(), subjectKeys.size(), ledger.size());
    }

    /** Every keyset of the school unwraps with the master key; the sampled subject keys with the school's AEAD keyset. */
    private void decryptCheck(UUID school, JdbcClient k, List<UUID> subjectIds, List<byte[]> wrappedKeys) {
        try {
            Aead schoolAead = null;
            for (var row : k.sql("select purpose, wrapped_keyset from school_keyset where school_id = ?").param(school)
                    .query((rs, n) -> new Object[] {rs.getString(1), rs.getBytes(2)}).list()) {
                KeysetPurpose purpose = KeysetPurpose.valueOf((String) row[0]);
                KeysetHandle handle = TinkProtoKeysetFormat.parseEncryptedKeyset((byte[]) row[1], masterKey.aead(),
                        KeyBindings.schoolKeyset(school, purpose));
                if (purpose == KeysetPurpose.AEAD) {
                    schoolAead = handle.getPrimitive(RegistryConfiguration.get(), Aead.class);
                }
            }
            for (int i = 0; i < subjectIds.size(); i++) {
                if (schoolAead == null) {
                    throw new GeneralSecurityException("subject keys without a school keyset");
                }
                TinkProtoKeysetFormat.parseEncryptedKeyset(wrappedKeys.get(i), schoolAead,
                        KeyBindings.subjectKey(school, subjectIds.get(i)));
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("A key copied for school " + school + " does not unwrap; nothing was removed", e);
        }
    }

    private boolean tableExists(String table) {
        return data.sql("select to_regclass(?) is not null").param("public." + table).query(Boolean.class).single();
    }

    private DataSource ownerDataSource() {
        Flyway migrations = flyway.getIfAvailable();
        if (migrations == null) {
            throw new IllegalStateException("The keys in the data database can only be moved with its migrations' "
                    + "(owner) connection, and Flyway is not configured");
        }
        return migrations.getConfiguration().getDataSource();
    }
}
