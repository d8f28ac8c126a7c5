package org.custodian.accesslog.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.custodian.accesslog.AccessLogVerifier;
import org.custodian.accesslog.LoggedEntry;
import org.custodian.support.CustodianTest;
import org.custodian.support.DatabaseOwner;
import org.custodian.support.Fixtures;
import org.custodian.tenancy.Tenancy;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.migration.Context;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Entries written while the log was a hash chain (format 1, numbered 1, 2, 3… per school) get their
 * leaf hash from their own canonical form and join the tree in their chain's order. The migration
 * is run again here, as the owner, on chained rows written the way the old code wrote them.
 */
@CustodianTest
class ChainedEntriesJoinTheTreeIT {

    @Autowired ChainedEntriesJoinTheTree migration;
    @Autowired AccessLogSequencer sequencer;
    @Autowired AccessLogVerifier verifier;
    @Autowired DatabaseOwner databaseOwner;
    @Autowired Fixtures fixtures;
    @Autowired Tenancy tenancy;
    @Autowired JdbcClient jdbc;

    @Test
    void chainedEntriesGetTheirLeafHashAndTheirChainsOrderInTheTree() throws Exception {
        UUID school = fixtures.school().id();
        List<LoggedEntry> chained = new ArrayList<>();
        for (int sequence = 1; sequence <= 4; sequence++) {
            chained.add(new LoggedEntry(school, sequence, LoggedEntry.FORMAT_CHAINED,
                    Instant.parse("2026-03-0" + sequence + "T10:00:00Z"), UUID.randomUUID().toString(), "TEACHER",
                    List.of(UUID.randomUUID().toString()), List.of("name"), "READ", "TEACHING_AND_LEARNING",
                    sequence == 2 ? new byte[] {1, 2, 3} : null, "req-" + sequence, "192.0.2.1"));
        }
        try (Connection owner = databaseOwner.connect()) {
            owner.setAutoCommit(false);
            try (Statement ddl = owner.createStatement()) {
                ddl.execute("alter table access_log_entry alter column leaf_hash drop not null");
                ddl.execute("select set_config('custodian.school_id', '" + school + "', true)");
            }
            for (LoggedEntry entry : chained) {
                insertChained(owner, entry);
            }
            migration.migrate(context(owner));
            owner.commit();
        }

        List<byte[]> stored = tenancy.inSchool(school, () -> jdbc.sql(
                "select leaf_hash from access_log_entry order by sequence").query(byte[].class).list());
        assertThat(stored).hasSize(4);
        for (int i = 0; i < 4; i++) {
            assertThat(stored.get(i)).isEqualTo(chained.get(i).leafHash());
        }
        sequencer.integrate(school);
        List<Long> order = tenancy.inSchool(school, () -> jdbc.sql(
                "select entry_sequence from access_log_leaf order by position").query(Long.class).list());
        assertThat(order).containsExactly(1L, 2L, 3L, 4L);
        var verification = verifier.verify(school);
        assertThat(verification.intact()).isTrue();
        assertThat(verification.treeSize()).isEqualTo(4);
        assertThat(tenancy.inSchool(school, () -> jdbc.sql(
                "select is_nullable from information_schema.columns where table_name = 'access_log_entry' "
                        + "and column_name = 'leaf_hash'").query(String.class).single()))
                .as("the migration leaves leaf_hash required").isEqualTo("NO");
    }

    /** As the chain's code wrote rows: the chain columns set (their values no longer matter). */
    private static void insertChained(Connection owner, LoggedEntry entry) throws Exception {
        try (PreparedStatement insert = owner.prepareStatement("""
                insert into access_log_entry (school_id, sequence, format, actor_id, actor_role, subject_ids, fields,
                    action, purpose, reason, occurred_at, request_id, source_ip, previous_hash, entry_hash)
                values (?, ?, 1, ?::uuid, ?, ?::uuid[], ?::text[], ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            insert.setObject(1, entry.schoolId());
            insert.setLong(2, entry.sequence());
            insert.setString(3, entry.actorId());
            insert.setString(4, entry.actorRole());
            insert.setArray(5, owner.createArrayOf("text", entry.subjectIds().toArray()));
            insert.setArray(6, owner.createArrayOf("text", entry.fields().toArray()));
            insert.setString(7, entry.action());
            insert.setString(8, entry.purpose());
            insert.setBytes(9, entry.reason());
            insert.setObject(10, entry.occurredAt().atOffset(ZoneOffset.UTC));
            insert.setString(11, entry.requestId());
            insert.setString(12, entry.sourceIp());
            insert.setBytes(13, new byte[32]);
            insert.setBytes(14, new byte[32]);
            insert.executeUpdate();
        }
    }

    private static Context context(Connection connection) {
        return new Context() {
            @Override
            public Configuration getConfiguration() {
                return null;
            }

            @Override
            public Connection getConnection() {
                return connection;
            }
        };
    }
}
