package org.custodian.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.aead.PredefinedAeadParameters;

import org.custodian.crypto.FieldCipher;
import org.custodian.crypto.MasterKey;
import org.custodian.crypto.SubjectErasedException;
import org.custodian.crypto.SubjectKeys;
import org.custodian.crypto.SubjectKind;
import org.custodian.support.CustodianTest;
import org.custodian.support.DatabaseOwner;
import org.custodian.support.Fixtures;
import org.custodian.support.KeyTables;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * An installation from before the key store: its keys in the data database. On its first start they
 * move across, checked, and the data database is left without key material.
 */
@CustodianTest
class KeyStoreMoveIT {

    @Autowired KeyStoreMove move;
    @Autowired MasterKey masterKey;
    @Autowired FieldCipher cipher;
    @Autowired SubjectKeys keys;
    @Autowired Fixtures fixtures;
    @Autowired DatabaseOwner owner;
    @Autowired KeyTables keyTables;
    @Autowired org.custodian.support.EmbeddedRoles server;

    @Test
    void theStartOfThisContextAlreadyMovedAndDroppedTheOldTables() {
        assertThat(move.oldTablesPresent()).isFalse();
        assertThat(keyTables.<Long>asPlatform(k -> k.sql("select count(*) from key_move").query(Long.class).single()))
                .isPositive();
    }

    @Test
    void anOldInstallationsKeysMoveAcrossCheckedAndNoKeyMaterialIsLeftInTheDataDatabase() throws Exception {
        OldInstallation old = oldInstallation();
        UUID erasedSinceACopy = UUID.randomUUID();
        // An interrupted earlier move copied this key, then the key store destroyed it: it must stay destroyed.
        keys.destroy(old.school, erasedSinceACopy);
        old.subjectKey(erasedSinceACopy);
        List<byte[]> material = old.material();

        KeyStoreMove.Counts counts = move.move();

        assertThat(counts.schoolKeysets()).isEqualTo(1);
        assertThat(counts.subjectKeys()).isEqualTo(3);
        assertThat(counts.erasedSubjects()).isEqualTo(1);
        assertThat(move.oldTablesPresent()).isFalse();
        assertThat(cipher.decryptString(old.school, old.subjects.get(0), "name", old.ciphertexts.get(0))).isEqualTo("Ada");
        assertThat(cipher.decryptString(old.school, old.subjects.get(1), "name", old.ciphertexts.get(1))).isEqualTo("Bea");
        assertThatThrownBy(() -> keys.create(old.school, old.erased, SubjectKind.PUPIL)).isInstanceOf(SubjectErasedException.class);
        assertThat(keyTables.count(old.school, "select count(*) from subject_data_key where subject_id = ?", erasedSinceACopy))
                .as("never copied over the ledger").isZero();
        assertThat(keyTables.count(old.school,
                "select count(*) from subject_data_key where confirmed_at is null")).as("moved keys are real keys").isZero();

        // The scan: no key table, and no column of any table anywhere holds a wrapped key or keyset.
        try (Connection superuser = server.dataSource("postgres").getConnection()) {
            JdbcClient data = JdbcClient.create(new SingleConnectionDataSource(superuser, true));
            assertThat(data.sql("""
                            select count(*) from pg_tables where schemaname = 'public'
                            and tablename in ('subject_data_key', 'school_keyset', 'erased_subject')""")
                    .query(Long.class).single()).isZero();
            record Column(String table, String column) {
            }
            List<Column> columns = data.sql("""
                            select table_name, column_name from information_schema.columns
                            where table_schema = 'public' and data_type = 'bytea'""")
                    .query((rs, n) -> new Column(rs.getString(1), rs.getString(2))).list();
            assertThat(columns).isNotEmpty();
            byte[][] wanted = material.toArray(byte[][]::new);
            List<String> found = new ArrayList<>();
            for (Column column : columns) {
                long hits = data.sql("select count(*) from public.\"" + column.table() + "\" where \"" + column.column()
                        + "\" = any (?)").param(wanted).query(Long.class).single();
                if (hits > 0) {
                    found.add(column.table() + "." + column.column());
                }
            }
            assertThat(found).as("columns of the data database holding moved key material").isEmpty();
        }
    }

    @Test
    void aMoveWhoseCheckFailsRemovesNothingAndTheNextStartCompletesIt() throws Exception {
        OldInstallation old = oldInstallation();
        byte[] good = old.wrappedKeys.get(0);
        old.replaceSubjectKey(old.subjects.get(0), "not a wrapped key".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(move::move).hasMessageContaining("does not unwrap").hasMessageContaining("nothing was removed");
        assertThat(move.oldTablesPresent()).as("kept after the failed check").isTrue();

        // Repaired (restored from the operator's copy), the next start copies again and finishes.
        old.replaceSubjectKey(old.subjects.get(0), good);
        move.move();

        assertThat(move.oldTablesPresent()).isFalse();
        assertThat(cipher.decryptString(old.school, old.subjects.get(0), "name", old.ciphertexts.get(0))).isEqualTo("Ada");
    }

    // ---- an installation from before the key store, rebuilt as it was

    private final class OldInstallation {
        final UUID school = fixtures.school().id();
        final List<UUID> subjects = List.of(UUID.randomUUID(), UUID.randomUUID());
        final UUID erased = UUID.randomUUID();
        final List<byte[]> ciphertexts = new ArrayList<>();
        final List<byte[]> wrappedKeys = new ArrayList<>();
        byte[] wrappedKeyset;
        Aead schoolAead;

        void subjectKey(UUID subject) throws Exception {
            KeysetHandle key = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
            byte[] wrapped = TinkProtoKeysetFormat.serializeEncryptedKeyset(key, schoolAead, KeyBindings.subjectKey(school, subject));
            wrappedKeys.add(wrapped);
            asOwner("""
                    insert into subject_data_key (school_id, subject_id, subject_kind, wrapped_key, wrapping_key_id, created_at)
                    values (?, ?, 'PUPIL', ?, 1, now())""", school, subject, wrapped);
            ciphertexts.add(key.getPrimitive(RegistryConfiguration.get(), Aead.class).encrypt(
                    (ciphertexts.isEmpty() ? "Ada" : "Bea").getBytes(StandardCharsets.UTF_8),
                    KeyBindings.field(school, subject, "name")));
        }

        void replaceSubjectKey(UUID subject, byte[] wrapped) throws Exception {
            asOwner("update subject_data_key set wrapped_key = ? where school_id = ? and subject_id = ?", wrapped, school, subject);
        }

        List<byte[]> material() {
            List<byte[]> all = new ArrayList<>(wrappedKeys);
            all.add(wrappedKeyset);
            return all;
        }

        private void asOwner(String sql, Object... params) throws Exception {
            try (Connection connection = owner.connect()) {
                connection.setAutoCommit(false);
                try (PreparedStatement scope = connection.prepareStatement("select set_config('custodian.school_id', ?, true)")) {
                    scope.setString(1, school.toString());
                    scope.execute();
                }
                JdbcClient.create(new SingleConnectionDataSource(connection, true)).sql(sql).params(params).update();
                connection.commit();
            }
        }
    }

    private OldInstallation oldInstallation() throws Exception {
        try (Connection connection = owner.connect()) {
            JdbcClient data = JdbcClient.create(new SingleConnectionDataSource(connection, true));
            for (String ddl : OLD_SCHEMA.split(";\n")) {
                if (!ddl.isBlank()) {
                    data.sql(ddl).update();
                }
            }
        }
        OldInstallation old = new OldInstallation();
        KeysetHandle keyset = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
        MasterKey.Wrapping master = masterKey.wrapping();
        old.wrappedKeyset = TinkProtoKeysetFormat.serializeEncryptedKeyset(keyset, master.aead(),
                KeyBindings.schoolKeyset(old.school, KeysetPurpose.AEAD));
        old.schoolAead = keyset.getPrimitive(RegistryConfiguration.get(), Aead.class);
        old.asOwner("""
                insert into school_keyset (school_id, purpose, wrapped_keyset, primary_key_id, created_at, master_key_id)
                values (?, 'AEAD', ?, ?, now(), ?)""", old.school, old.wrappedKeyset,
                Integer.toUnsignedLong(keyset.getPrimary().getId()), master.keyId());
        for (UUID subject : old.subjects) {
            old.subjectKey(subject);
        }
        old.asOwner("insert into erased_subject (school_id, subject_id, erased_at) values (?, ?, ?)", old.school, old.erased,
                Timestamp.from(Instant.now()));
        return old;
    }

    /** The three tables as V6, V40 and V48 left them (row-level security forced, the app role's grants). */
    private static final String OLD_SCHEMA = """
            create table if not exists school_keyset (
                school_id uuid not null references school (id), purpose text not null check (purpose in ('AEAD', 'PRF')),
                wrapped_keyset bytea not null, primary_key_id bigint not null, created_at timestamptz not null,
                rotated_at timestamptz, master_key_id bigint, primary key (school_id, purpose));
            create table if not exists subject_data_key (
                school_id uuid not null references school (id), subject_id uuid not null,
                subject_kind text not null check (subject_kind in ('PUPIL', 'STAFF')), wrapped_key bytea not null,
                wrapping_key_id bigint not null, created_at timestamptz not null, primary key (school_id, subject_id));
            create table if not exists erased_subject (
                school_id uuid not null references school (id), subject_id uuid not null, erased_at timestamptz not null,
                primary key (school_id, subject_id));
            alter table school_keyset enable row level security;
            alter table school_keyset force row level security;
            alter table subject_data_key enable row level security;
            alter table subject_data_key force row level security;
            alter table erased_subject enable row level security;
            alter table erased_subject force row level security;
            drop policy if exists school_keyset_tenant on school_keyset;
            create policy school_keyset_tenant on school_keyset using (school_id = custodian_current_school())
                with check (school_id = custodian_current_school());
            drop policy if exists subject_data_key_tenant on subject_data_key;
            create policy subject_data_key_tenant on subject_data_key using (school_id = custodian_current_school())
                with check (school_id = custodian_current_school());
            drop policy if exists erased_subject_tenant on erased_subject;
            create policy erased_subject_tenant on erased_subject using (school_id = custodian_current_school())
                with check (school_id = custodian_current_school())
            """;
}
