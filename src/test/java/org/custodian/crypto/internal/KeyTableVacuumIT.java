package org.custodian.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.UUID;

import org.custodian.crypto.SubjectKeys;
import org.custodian.crypto.SubjectKind;
import org.custodian.database.KeysDatabase;
import org.custodian.support.CustodianTest;
import org.custodian.support.Fixtures;
import org.custodian.support.KeyTables;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/** After an erasure, the vacuum leaves no copy of the destroyed key in the key table's file. */
@CustodianTest
class KeyTableVacuumIT {

    @Autowired KeyTableVacuum vacuum;
    @Autowired SubjectKeys keys;
    @Autowired Fixtures fixtures;
    @Autowired KeyTables keyTables;
    @Autowired KeysDatabase keysDatabase;
    @Autowired org.custodian.support.EmbeddedRoles server;

    @Test
    void aDestroyedKeysBytesAreGoneFromTheTableFileAfterTheVacuum() throws Exception {
        UUID school = fixtures.school().id();
        UUID subject = UUID.randomUUID();
        keys.create(school, subject, SubjectKind.PUPIL);
        byte[] wrapped = keyTables.inSchool(school, k -> k.sql("select wrapped_key from subject_data_key where subject_id = ?")
                .param(subject).query(byte[].class).single());
        checkpoint();
        assertThat(tableFileContains(wrapped)).as("the live key is in the file (the check can see it)").isTrue();

        keys.destroy(school, subject);
        checkpoint();
        assertThat(tableFileContains(wrapped)).as("a dead tuple still holds the destroyed key").isTrue();

        assertThat(vacuum.vacuum(true)).isTrue();
        checkpoint();

        assertThat(tableFileContains(wrapped)).as("no copy of the destroyed key left in the table's file").isFalse();
    }

    @Test
    void oneInstanceVacuumsAtATime() throws Exception {
        try (Connection other = superuser()) {
            other.createStatement().execute("select pg_advisory_lock(" + KeyTableVacuum.LOCK + ")");
            assertThat(vacuum.vacuum(true)).as("another instance is vacuuming").isFalse();
            other.createStatement().execute("select pg_advisory_unlock(" + KeyTableVacuum.LOCK + ")");
        }
        assertThat(vacuum.vacuum(true)).isTrue();
    }

    private void checkpoint() throws Exception {
        try (Connection superuser = superuser()) {
            superuser.createStatement().execute("checkpoint");
        }
    }

    private boolean tableFileContains(byte[] needle) throws Exception {
        try (Connection superuser = superuser()) {
            JdbcClient sql = JdbcClient.create(new SingleConnectionDataSource(superuser, true));
            Path file = Path.of(sql.sql("select current_setting('data_directory')").query(String.class).single())
                    .resolve(sql.sql("select pg_relation_filepath('subject_data_key')").query(String.class).single());
            byte[] content = Files.readAllBytes(file);
            outer:
            for (int i = 0; i + needle.length <= content.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (content[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return true;
            }
            return false;
        }
    }

    private Connection superuser() throws Exception {
        return DriverManager.getConnection(keysDatabase.jdbcUrl(), "postgres", server.password("postgres"));
    }
}
