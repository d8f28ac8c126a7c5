package org.custodian.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.custodian.crypto.FieldCipher;
import org.custodian.crypto.KeyStoreSnapshot;
import org.custodian.crypto.SubjectErasedException;
import org.custodian.crypto.SubjectKeys;
import org.custodian.crypto.SubjectKind;
import org.custodian.database.KeysDatabase;
import org.custodian.support.CustodianTest;
import org.custodian.support.Fixtures;
import org.custodian.support.KeyTables;
import org.custodian.tenancy.Tenancy;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The key store in its own database, and the order of writes across the two databases: every step
 * is failed on purpose, and no failure leaves an erased subject readable or a subject without a key.
 */
@CustodianTest
class KeyStoreIT {

    @Autowired SubjectKeys keys;
    @Autowired FieldCipher cipher;
    @Autowired KeyStore store;
    @Autowired SubjectKeyIntents intents;
    @Autowired SchoolKeysets keysets;
    @Autowired BlindIndexes blindIndexes;
    @Autowired MasterKeyProperties properties;
    @Autowired KeyStoreProperties keyStoreProperties;
    @Autowired Clock clock;
    @Autowired Tenancy tenancy;
    @Autowired JdbcClient jdbc;
    @Autowired Fixtures fixtures;
    @Autowired KeyTables keyTables;
    @Autowired KeysDatabase keysDatabase;
    @Autowired org.custodian.support.EmbeddedRoles server;
    @Autowired KeyStoreSnapshot snapshot;
    @Value("${custodian.database.app-role}") String dataAppRole;

    UUID school;

    @BeforeEach
    void aSchool() {
        school = fixtures.school().id();
    }

    @Test
    void keysAreWrittenToTheirOwnDatabaseWhichTheDataRolesCannotReach() throws Exception {
        UUID subject = UUID.randomUUID();
        keys.create(school, subject, SubjectKind.PUPIL);
        byte[] ciphertext = cipher.encryptString(school, subject, "name", "Ada");

        assertThat(keyTables.count(school, "select count(*) from subject_data_key where subject_id = ?", subject)).isOne();
        assertThat(keyTables.count(school, "select count(*) from school_keyset")).isOne();
        assertThat(cipher.decryptString(school, subject, "name", ciphertext)).isEqualTo("Ada");
        assertThat(keysDatabase.jdbcUrl()).endsWith("/custodian_keys");
        // The data database's application role cannot even connect to the key database.
        assertThatThrownBy(() -> DriverManager.getConnection(keysDatabase.jdbcUrl(), dataAppRole,
                server.password(dataAppRole)).close())
                .isInstanceOf(java.sql.SQLException.class);
        // The key database's application role is neither owner nor superuser, and RLS is forced.
        record Table(String name, boolean forced, String owner) {
        }
        List<Table> tables = keyTables.asPlatform(keyDb -> keyDb.sql("""
                        select c.relname, c.relforcerowsecurity, pg_get_userbyid(c.relowner) from pg_class c
                        join pg_namespace n on n.oid = c.relnamespace
                        where n.nspname = 'public' and c.relkind = 'r'
                          and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'school_id')
                        order by 1""")
                .query((rs, n) -> new Table(rs.getString(1), rs.getBoolean(2), rs.getString(3))).list());
        assertThat(tables).extracting(Table::name)
                .containsExactly("erased_subject", "purged_school", "school_keyset", "subject_data_key");
        assertThat(tables).allSatisfy(table -> {
            assertThat(table.forced()).as(table.name()).isTrue();
            assertThat(table.owner()).as(table.name()).isEqualTo(keysDatabase.owner().username());
        });
        assertThat(keyTables.<Boolean>asPlatform(keyDb -> keyDb.sql(
                        "select rolsuper or rolbypassrls from pg_roles where rolname = current_user")
                .query(Boolean.class).single())).isFalse();
        // A school's scope sees only its rows, and the platform's scope may read but never write.
        assertThatThrownBy(() -> keyTables.asPlatform(keyDb -> keyDb.sql("""
                        insert into erased_subject (school_id, subject_id, erased_at) values (?, ?, now())""")
                .params(school, UUID.randomUUID()).update()))
                .rootCause().hasMessageContaining("row-level security");
    }

    @Test
    void aCreationWhoseDataTransactionFailsLeavesAnOrphanKeyThatTheSweepDeletes() {
        UUID ghost = UUID.randomUUID();
        UUID real = UUID.randomUUID();

        assertThatThrownBy(() -> tenancy.inSchool(school, () -> {
            keys.create(school, ghost, SubjectKind.PUPIL);
            throw new IllegalStateException("injected: the subject's insert fails after its key was written");
        })).hasMessageStartingWith("injected");
        tenancy.inSchool(school, () -> keys.create(school, real, SubjectKind.PUPIL));

        assertThat(unconfirmed(ghost)).as("the key was committed first, unconfirmed").isOne();
        assertThat(intents.present(school, List.of(ghost, real))).containsExactly(real);
        assertThat(sweepAt(Duration.ofHours(1)).orphansDeleted()).as("younger than the grace period").isZero();
        assertThat(unconfirmed(ghost)).isOne();

        sweepAt(keyStoreProperties.orphanGrace().plusHours(1));

        assertThat(keyTables.count(school, "select count(*) from subject_data_key where subject_id = ?", ghost)).isZero();
        assertThat(keyTables.count(school, "select count(*) from erased_subject where subject_id = ?", ghost))
                .as("an orphan is no erasure").isZero();
        assertThat(keyTables.count(school,
                "select count(*) from subject_data_key where subject_id = ? and confirmed_at is not null", real)).isOne();
        assertThat(intents.present(school, List.of(real))).as("settled").isEmpty();
        byte[] ciphertext = cipher.encryptString(school, real, "name", "Kept");
        assertThat(cipher.decryptString(school, real, "name", ciphertext)).isEqualTo("Kept");
        // The same id may be created again later: it was never erased.
        keys.create(school, ghost, SubjectKind.PUPIL);
    }

    @Test
    void aFailureBetweenTheKeyAndItsIntentIsRepairedByTheNextCreate() {
        UUID subject = UUID.randomUUID();
        SubjectDataKeys failing = subjectKeys(store, new SubjectKeyIntents(jdbc, tenancy) {
            @Override
            void record(UUID schoolId, List<UUID> subjectIds, Instant at) {
                throw new IllegalStateException("injected: between the key and its intent");
            }
        });

        assertThatThrownBy(() -> failing.create(school, subject, SubjectKind.PUPIL)).hasMessageStartingWith("injected");
        keys.create(school, subject, SubjectKind.PUPIL); // the retry commits, and records the intent this time
        sweepAt(keyStoreProperties.orphanGrace().plusHours(1));

        assertThat(keyTables.count(school,
                "select count(*) from subject_data_key where subject_id = ? and confirmed_at is not null", subject)).isOne();
    }

    @Test
    void anErasureWhoseDataTransactionFailsAfterTheKeyIsDestroyedLeavesTheSubjectUnreadable() {
        UUID subject = UUID.randomUUID();
        keys.create(school, subject, SubjectKind.PUPIL);
        byte[] ciphertext = cipher.encryptString(school, subject, "name", "Gone");

        assertThatThrownBy(() -> tenancy.inSchool(school, () -> {
            keys.destroy(school, subject);
            throw new IllegalStateException("injected: the data side's erasure fails after the key was destroyed");
        })).hasMessageStartingWith("injected");

        assertThatThrownBy(() -> cipher.decrypt(school, subject, "name", ciphertext)).isInstanceOf(SubjectErasedException.class);
        assertThatThrownBy(() -> keys.create(school, subject, SubjectKind.PUPIL)).isInstanceOf(SubjectErasedException.class);
        sweepAt(keyStoreProperties.orphanGrace().plusHours(1));
        assertThatThrownBy(() -> cipher.decrypt(school, subject, "name", ciphertext)).isInstanceOf(SubjectErasedException.class);
        assertThat(keyTables.count(school, "select count(*) from erased_subject where subject_id = ?", subject)).isOne();
        keys.destroy(school, subject); // the erasure is simply done again
    }

    @Test
    void aFailureInsideTheKeyStoresErasureUndoesItWhole() {
        UUID subject = UUID.randomUUID();
        keys.create(school, subject, SubjectKind.PUPIL);
        byte[] ciphertext = cipher.encryptString(school, subject, "name", "Whole");
        SubjectDataKeys failing = subjectKeys(new FailingLedger(store), intents);

        assertThatThrownBy(() -> failing.destroy(school, subject)).hasMessageStartingWith("injected");

        // Neither half-erased (key gone, no ledger: a fresh key could be made) nor erased: as before.
        assertThat(keyTables.count(school, "select count(*) from subject_data_key where subject_id = ?", subject)).isOne();
        assertThat(keyTables.count(school, "select count(*) from erased_subject where subject_id = ?", subject)).isZero();
        assertThat(cipher.decryptString(school, subject, "name", ciphertext)).isEqualTo("Whole");

        keys.destroy(school, subject);
        assertThatThrownBy(() -> cipher.decrypt(school, subject, "name", ciphertext)).isInstanceOf(SubjectErasedException.class);
        assertThatThrownBy(() -> keys.create(school, subject, SubjectKind.PUPIL)).isInstanceOf(SubjectErasedException.class);
    }

    @Test
    void aPurgedSchoolsKeysAreAllDestroyedAndItIsRecorded() {
        UUID subject = UUID.randomUUID();
        keys.create(school, subject, SubjectKind.STAFF);
        byte[] ciphertext = cipher.encryptString(school, subject, "name", "Purged");
        blindIndexes.blindIndex(school, "upn", "A1");

        keys.destroySchool(school);
        keys.destroySchool(school); // idempotent

        assertThat(keyTables.count(school, "select count(*) from subject_data_key")).isZero();
        assertThat(keyTables.count(school, "select count(*) from school_keyset")).isZero();
        assertThat(keyTables.count(school, "select count(*) from purged_school")).isOne();
        assertThatThrownBy(() -> cipher.decrypt(school, subject, "name", ciphertext)).isInstanceOf(RuntimeException.class);
    }

    @Test
    void aSnapshotCopiesEveryKeyTableInOneTransaction() throws Exception {
        keys.create(school, UUID.randomUUID(), SubjectKind.PUPIL);
        keys.destroy(school, UUID.randomUUID());

        record Copied(String version, List<Long> rows, List<Integer> bytes) {
        }
        Copied copied = snapshot.inSnapshot(s -> {
            List<Long> rows = new java.util.ArrayList<>();
            List<Integer> bytes = new java.util.ArrayList<>();
            for (String table : snapshot.tables()) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                rows.add(s.copy(table, out));
                bytes.add(out.size());
            }
            assertThatThrownBy(() -> s.copy("pg_authid", OutputStream.nullOutputStream()))
                    .isInstanceOf(IllegalArgumentException.class);
            return new Copied(s.schemaVersion(), rows, bytes);
        });

        assertThat(snapshot.tables()).containsExactly("school_keyset", "subject_data_key", "erased_subject", "purged_school");
        List<Long> counted = snapshot.tables().stream().map(table -> keyTables.asPlatform(keyDb ->
                keyDb.sql("select count(*) from " + table).query(Long.class).single())).toList();
        assertThat(copied.rows()).isEqualTo(counted);
        assertThat(copied.rows().get(0)).isPositive();
        assertThat(copied.bytes()).allSatisfy(size -> assertThat(size).isGreaterThan(19)); // PGCOPY header and trailer
        assertThat(copied.version()).isNotBlank();
    }

    private long unconfirmed(UUID subject) {
        return keyTables.count(school, "select count(*) from subject_data_key where subject_id = ? and confirmed_at is null",
                subject);
    }

    private OrphanKeySweep.Result sweepAt(Duration later) {
        return new OrphanKeySweep(store, intents, keyStoreProperties, Clock.offset(clock, later)).sweep();
    }

    private SubjectDataKeys subjectKeys(KeyStore keyStore, SubjectKeyIntents keyIntents) {
        return new SubjectDataKeys(keyStore, keyIntents, keysets, blindIndexes, clock, properties);
    }

    /** The real store, failing after the keys' delete and before the ledger's insert, in one key transaction. */
    private static final class FailingLedger implements KeyStore {
        private final KeyStore store;

        FailingLedger(KeyStore store) {
            this.store = store;
        }

        @Override
        public void recordErasures(UUID schoolId, List<UUID> subjectIds, Instant at) {
            throw new IllegalStateException("injected: between the key's delete and the ledger");
        }

        // ---- everything else as the real store

        @Override public <T> T inSchool(UUID schoolId, java.util.function.Supplier<T> work) { return store.inSchool(schoolId, work); }
        @Override public <T> T asPlatform(java.util.function.Supplier<T> work) { return store.asPlatform(work); }
        @Override public void creatingKeysOf(UUID schoolId) { store.creatingKeysOf(schoolId); }
        @Override public void destroyingKeysOf(UUID schoolId) { store.destroyingKeysOf(schoolId); }
        @Override public java.util.Optional<Boolean> subjectKeyConfirmed(UUID s, UUID id) { return store.subjectKeyConfirmed(s, id); }
        @Override public List<UUID> schoolsWithUnconfirmedKeys(Instant before) { return store.schoolsWithUnconfirmedKeys(before); }
        @Override public List<UUID> unconfirmedKeys(UUID s, Instant before) { return store.unconfirmedKeys(s, before); }
        @Override public void confirm(UUID s, List<UUID> ids, Instant at) { store.confirm(s, ids, at); }
        @Override public int deleteUnconfirmed(UUID s, List<UUID> ids) { return store.deleteUnconfirmed(s, ids); }
        @Override public long purgeSchool(UUID s, Instant at) { return store.purgeSchool(s, at); }
        @Override public java.util.Optional<byte[]> subjectKey(UUID s, UUID id) { return store.subjectKey(s, id); }
        @Override public boolean isErased(UUID s, UUID id) { return store.isErased(s, id); }
        @Override public boolean addSubjectKey(UUID s, UUID id, SubjectKind k, byte[] w, long kid, Instant at) { return store.addSubjectKey(s, id, k, w, kid, at); }
        @Override public void addSubjectKeys(UUID s, SubjectKind k, long kid, Instant at, List<UUID> ids, byte[][] w) { store.addSubjectKeys(s, k, kid, at, ids, w); }
        @Override public void deleteSubjectKeys(UUID s, List<UUID> ids) { store.deleteSubjectKeys(s, ids); }
        @Override public List<WrappedSubjectKey> subjectKeysNotUnder(UUID s, long kid, int limit) { return store.subjectKeysNotUnder(s, kid, limit); }
        @Override public void rewrapSubjectKey(UUID s, UUID id, byte[] w, long kid) { store.rewrapSubjectKey(s, id, w, kid); }
        @Override public long countSubjectKeysNotUnder(UUID s, long kid) { return store.countSubjectKeysNotUnder(s, kid); }
        @Override public java.util.Optional<byte[]> keyset(UUID s, KeysetPurpose p) { return store.keyset(s, p); }
        @Override public java.util.Optional<KeysetVersion> keysetVersion(UUID s, KeysetPurpose p) { return store.keysetVersion(s, p); }
        @Override public boolean addKeyset(UUID s, KeysetPurpose p, byte[] w, long pk, Instant at, long mk) { return store.addKeyset(s, p, w, pk, at, mk); }
        @Override public byte[] lockKeyset(UUID s, KeysetPurpose p) { return store.lockKeyset(s, p); }
        @Override public void replaceKeyset(UUID s, KeysetPurpose p, byte[] w, long pk, Instant at, long mk) { store.replaceKeyset(s, p, w, pk, at, mk); }
        @Override public List<WrappedKeyset> keysetsNotUnderMasterKey(UUID s, long mk) { return store.keysetsNotUnderMasterKey(s, mk); }
        @Override public void rewrapKeyset(UUID s, KeysetPurpose p, byte[] w, long mk) { store.rewrapKeyset(s, p, w, mk); }
        @Override public long countKeysetsNotUnderMasterKey(UUID s, long mk) { return store.countKeysetsNotUnderMasterKey(s, mk); }
    }
}
