package org.custodian.accesslog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.custodian.accesslog.AccessLogVerifier.Verification;
import org.custodian.crypto.CiphertextRejectedException;
import org.custodian.crypto.FieldCipher;
import org.custodian.crypto.SubjectKeys;
import org.custodian.crypto.SubjectKind;
import org.custodian.identity.CustodianUser;
import org.custodian.support.CustodianTest;
import org.custodian.support.DatabaseOwner;
import org.custodian.support.Fixtures;
import org.custodian.tenancy.Tenancy;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.IllegalTransactionStateException;

/**
 * The chain detects every form of tampering by someone with the table owner's database access;
 * the application role itself cannot change or remove entries.
 */
@CustodianTest
class AccessLogIT {

    @Autowired AccessLog accessLog;
    @Autowired AccessLogVerifier verifier;
    @Autowired Tenancy tenancy;
    @Autowired JdbcClient jdbc;
    @Autowired Fixtures fixtures;
    @Autowired DatabaseOwner databaseOwner;
    @Autowired FieldCipher cipher;
    @Autowired SubjectKeys subjectKeys;
    @LocalServerPort int port;

    UUID school;
    UUID actor;

    @BeforeEach
    void aSchool() {
        school = fixtures.school().id();
        actor = UUID.randomUUID();
    }

    @Test
    void aFreshChainVerifiesAndEachEntryFollowsTheOneBefore() {
        List<LoggedEntry> logged = appendMany(school, 5);

        assertThat(verifier.verify(school)).isEqualTo(Verification.ok(school, 5));
        assertThat(logged).extracting(LoggedEntry::sequence).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(logged.get(0).previousHash()).isEqualTo(new byte[32]);
        for (int i = 1; i < logged.size(); i++) {
            assertThat(logged.get(i).previousHash()).isEqualTo(logged.get(i - 1).entryHash());
        }
        assertThat(verifier.verify(fixtures.school().id()).intact()).isTrue();
    }

    @Test
    void theStoredRowHoldsIdsCodesAndTheReasonOnlyAsACiphertextBoundToItsEntry() {
        UUID pupil = UUID.randomUUID();
        tenancy.inSchool(school, () -> subjectKeys.create(school, pupil, SubjectKind.PUPIL));
        LoggedEntry logged = tenancy.inSchool(school, () -> accessLog.append(new AccessEntry(school, actor, "TEACHER",
                List.of(pupil), List.of("sen", "medical"), AccessAction.READ, "SAFEGUARDING", "Concern raised today",
                "req-1", "10.0.0.1")));

        var row = tenancy.inSchool(school, () -> jdbc.sql("""
                select subject_ids, fields, reason, actor_role, action, purpose from access_log_entry
                where school_id = ?""").param(school).query().singleRow());
        byte[] reason = (byte[]) row.get("reason");
        assertThat(reason).isEqualTo(logged.reason());
        assertThat(new String(reason, java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("Concern");
        assertThat(tenancy.inSchool(school, () -> cipher.decryptString(school, pupil,
                AccessEntry.reasonField(logged.sequence()), reason))).isEqualTo("Concern raised today");
        assertThatThrownBy(() -> tenancy.inSchool(school, () -> cipher.decryptString(school, pupil,
                AccessEntry.reasonField(logged.sequence() + 1), reason))).isInstanceOf(CiphertextRejectedException.class);
        assertThat(row.get("action")).isEqualTo("READ");
        assertThat(row.get("purpose")).isEqualTo("SAFEGUARDING");
        assertThat(row.get("subject_ids").toString()).isEqualTo("{" + pupil + "}");
        assertThat(row.get("fields").toString()).isEqualTo("{sen,medical}");
    }

    @Test
    void changingAFieldIsDetectedAtThatEntry() {
        appendMany(school, 5);
        asOwner(school, "update access_log_entry set purpose = 'OTHER' where school_id = ?::uuid and sequence = 3");

        assertThat(verifier.verify(school)).isEqualTo(Verification.broken(school, 2, 3, "entry-hash"));
    }

    @Test
    void changingTheReasonCiphertextOrTheTimeIsDetected() {
        appendMany(school, 4);
        asOwner(school, "update access_log_entry set reason = '\\x00'::bytea where school_id = ?::uuid and sequence = 2");
        assertThat(verifier.verify(school)).isEqualTo(Verification.broken(school, 1, 2, "entry-hash"));

        UUID other = fixtures.school().id();
        appendMany(other, 4);
        asOwner(other, "update access_log_entry set occurred_at = occurred_at - interval '1 microsecond' "
                + "where school_id = ?::uuid and sequence = 4");
        assertThat(verifier.verify(other)).isEqualTo(Verification.broken(other, 3, 4, "entry-hash"));
    }

    @Test
    void deletingAnEntryIsDetectedWhereItIsMissing() {
        appendMany(school, 5);
        asOwner(school, "delete from access_log_entry where school_id = ?::uuid and sequence = 3");

        assertThat(verifier.verify(school)).isEqualTo(Verification.broken(school, 2, 3, "missing"));
    }

    @Test
    void swappingTwoEntriesIsDetectedAtTheFirstOfThem() {
        appendMany(school, 5);
        asOwner(school, "update access_log_entry set sequence = 1000 where school_id = ?::uuid and sequence = 2");
        asOwner(school, "update access_log_entry set sequence = 2 where school_id = ?::uuid and sequence = 3");
        asOwner(school, "update access_log_entry set sequence = 3 where school_id = ?::uuid and sequence = 1000");

        assertThat(verifier.verify(school)).isEqualTo(Verification.broken(school, 1, 2, "previous-hash"));
    }

    @Test
    void aForgedEntryInsertedInTheMiddleIsDetectedEvenWithACorrectHashOfItsOwn() {
        List<LoggedEntry> logged = appendMany(school, 5);
        // Make room at 3, then insert an entry whose own hash is computed correctly on entry 2.
        asOwner(school, "update access_log_entry set sequence = sequence + 1000 where school_id = ?::uuid and sequence >= 3");
        asOwner(school, "update access_log_entry set sequence = sequence - 999 where school_id = ?::uuid and sequence > 1000");
        LoggedEntry forged = LoggedEntry.of(entry(school), 3, Instant.parse("2026-01-01T00:00:00Z"),
                logged.get(1).entryHash(), null);
        insertAsOwner(forged);

        assertThat(LoggedEntry.chainHash(forged.previousHash(), forged.canonicalForm())).isEqualTo(forged.entryHash());
        assertThat(verifier.verify(school)).isEqualTo(Verification.broken(school, 3, 4, "previous-hash"));
    }

    @Test
    void theApplicationRoleCannotUpdateOrDeleteEntries() {
        appendMany(school, 2);

        assertThatThrownBy(() -> tenancy.inSchool(school, () ->
                jdbc.sql("update access_log_entry set purpose = 'OTHER'").update()))
                .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("permission denied");
        assertThatThrownBy(() -> tenancy.inSchool(school, () ->
                jdbc.sql("delete from access_log_entry").update()))
                .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("permission denied");
        assertThat(verifier.verify(school)).isEqualTo(Verification.ok(school, 2));
    }

    @Test
    void twoSchoolsHaveIndependentChainsAndOnesTamperingDoesNotFlagTheOther() {
        UUID other = fixtures.school().id();
        for (int i = 0; i < 3; i++) {
            appendMany(school, 1);
            appendMany(other, 1);
        }
        asOwner(school, "update access_log_entry set actor_role = 'SUPPORT' where school_id = ?::uuid and sequence = 1");

        assertThat(verifier.verify(school)).isEqualTo(Verification.broken(school, 0, 1, "entry-hash"));
        assertThat(verifier.verify(other)).isEqualTo(Verification.ok(other, 3));
    }

    @Test
    void concurrentAppendsProduceOneValidChain() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int thread = 0; thread < 8; thread++) {
                work.add(pool.submit(() -> appendMany(school, 10)));
            }
            for (Future<?> future : work) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(verifier.verify(school)).isEqualTo(Verification.ok(school, 80));
    }

    @Test
    void anAppendOutsideATransactionIsRefusedAndNothingIsWritten() {
        assertThatThrownBy(() -> accessLog.append(entry(school))).isInstanceOf(IllegalTransactionStateException.class);

        assertThat(verifier.verify(school)).isEqualTo(Verification.ok(school, 0));
    }

    @Test
    void theEntryRollsBackWithTheCallersTransaction() {
        assertThatThrownBy(() -> tenancy.inSchool(school, () -> {
            accessLog.append(entry(school));
            throw new IllegalStateException("the access itself failed");
        })).hasMessage("the access itself failed");

        assertThat(verifier.verify(school)).isEqualTo(Verification.ok(school, 0));
    }

    @Test
    void anEntryForAnotherSchoolThanTheTransactionsIsRefusedByRowLevelSecurity() {
        UUID other = fixtures.school().id();

        assertThatThrownBy(() -> tenancy.inSchool(school, () -> accessLog.append(entry(other))))
                .isInstanceOf(DataAccessException.class);
        assertThat(verifier.verify(other)).isEqualTo(Verification.ok(other, 0));
    }

    @Test
    void platformAdminsVerifyThroughTheApiAndSchoolAdminsMayNot() {
        appendMany(school, 3);
        CustodianUser platformAdmin = fixtures.platformAdmin();
        CustodianUser schoolAdmin = fixtures.schoolAdmin(school);

        var answer = fixtures.signedIn(port, platformAdmin).get("/api/v1/access-log/verify?schoolId=" + school);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("\"intact\":true").contains("\"entriesChecked\":3");

        asOwner(school, "delete from access_log_entry where school_id = ?::uuid and sequence = 1");
        var broken = fixtures.signedIn(port, platformAdmin).get("/api/v1/access-log/verify?schoolId=" + school);
        assertThat(broken.body()).contains("\"intact\":false").contains("\"firstBrokenSequence\":1");

        var refused = fixtures.signedIn(port, schoolAdmin).get("/api/v1/access-log/verify?schoolId=" + school);
        assertThat(refused.statusCode()).isEqualTo(403);
    }

    private List<LoggedEntry> appendMany(UUID schoolId, int count) {
        List<LoggedEntry> logged = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            logged.add(tenancy.inSchool(schoolId, () -> accessLog.append(entry(schoolId))));
        }
        return logged;
    }

    private AccessEntry entry(UUID schoolId) {
        return new AccessEntry(schoolId, actor, "TEACHER", List.of(UUID.randomUUID(), UUID.randomUUID()),
                List.of("name", "date_of_birth"), AccessAction.READ, "TEACHING", null, "req", "192.0.2.1");
    }

    /** Tampering as the table owner: the owner passes the policy by naming the school itself. */
    private void asOwner(UUID schoolId, String sql) {
        try (Connection connection = ownerConnection(schoolId);
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, schoolId.toString());
            assertThat(statement.executeUpdate()).isPositive();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void insertAsOwner(LoggedEntry entry) {
        try (Connection connection = ownerConnection(entry.schoolId());
             PreparedStatement statement = connection.prepareStatement("""
                     insert into access_log_entry (school_id, sequence, actor_id, actor_role, subject_ids, fields,
                         action, purpose, reason, occurred_at, request_id, source_ip, previous_hash, entry_hash)
                     values (?, ?, ?::uuid, ?, ?::uuid[], ?::text[], ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            statement.setObject(1, entry.schoolId());
            statement.setLong(2, entry.sequence());
            statement.setString(3, entry.actorId());
            statement.setString(4, entry.actorRole());
            statement.setArray(5, connection.createArrayOf("text", entry.subjectIds().toArray()));
            statement.setArray(6, connection.createArrayOf("text", entry.fields().toArray()));
            statement.setString(7, entry.action());
            statement.setString(8, entry.purpose());
            statement.setBytes(9, entry.reason());
            statement.setObject(10, entry.occurredAt().atOffset(java.time.ZoneOffset.UTC));
            statement.setString(11, entry.requestId());
            statement.setString(12, entry.sourceIp());
            statement.setBytes(13, entry.previousHash());
            statement.setBytes(14, entry.entryHash());
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private Connection ownerConnection(UUID schoolId) throws SQLException {
        Connection connection = databaseOwner.connect();
        try (PreparedStatement scope = connection.prepareStatement("select set_config('custodian.school_id', ?, false)")) {
            scope.setString(1, schoolId.toString());
            scope.execute();
        }
        return connection;
    }
}
