package org.custodian.accesslog.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.custodian.accesslog.AccessAction;
import org.custodian.accesslog.AccessEntry;
import org.custodian.accesslog.AccessLog;
import org.custodian.accesslog.AccessLogRetention;
import org.custodian.accesslog.AccessLogVerifier;
import org.custodian.accesslog.AccessLogVerifier.Verification;
import org.custodian.accesslog.LoggedEntry;
import org.custodian.accesslog.internal.tree.Checkpoint;
import org.custodian.accesslog.internal.tree.CompactRange;
import org.custodian.accesslog.internal.tree.SignedNote;
import org.custodian.crypto.CiphertextRejectedException;
import org.custodian.crypto.FieldCipher;
import org.custodian.crypto.SubjectKeys;
import org.custodian.crypto.SubjectKind;
import org.custodian.identity.CustodianUser;
import org.custodian.support.CustodianTest;
import org.custodian.support.DatabaseOwner;
import org.custodian.support.Fixtures;
import org.custodian.support.TestClock;
import org.custodian.tenancy.Tenancy;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.IllegalTransactionStateException;

/**
 * The tree detects every form of tampering by someone with the table owner's database access, down
 * to a history rewritten and re-signed with the installation's own key (which a school's saved
 * checkpoint catches); the application role itself cannot change or remove anything of it.
 */
@CustodianTest
class AccessLogIT {

    @Autowired AccessLog accessLog;
    @Autowired AccessLogVerifier verifier;
    @Autowired AccessLogSequencer sequencer;
    @Autowired AccessLogRetention retention;
    @Autowired SignedCheckpoints checkpoints;
    @Autowired Tenancy tenancy;
    @Autowired JdbcClient jdbc;
    @Autowired Fixtures fixtures;
    @Autowired DatabaseOwner databaseOwner;
    @Autowired FieldCipher cipher;
    @Autowired SubjectKeys subjectKeys;
    @Autowired TestClock clock;
    @LocalServerPort int port;

    UUID school;
    UUID actor;

    @BeforeEach
    void aSchool() {
        school = fixtures.school().id();
        actor = UUID.randomUUID();
    }

    @Test
    void entriesJoinTheTreeAtConsecutivePositionsAndTheLogVerifies() {
        List<LoggedEntry> logged = appendMany(school, 5);
        sequencer.integrate(school);

        Verification verification = verifier.verify(school);
        assertThat(verification.intact()).isTrue();
        assertThat(verification.treeSize()).isEqualTo(5);
        assertThat(verification.checkpointsChecked()).isPositive();
        assertThat(positionsOf(school)).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(logged).extracting(LoggedEntry::sequence).doesNotHaveDuplicates();
        assertThat(leafHashOf(logged.get(2).sequence())).isEqualTo(logged.get(2).leafHash());
        assertThat(verifier.verify(fixtures.school().id()).intact()).isTrue();
    }

    @Test
    void theLatestCheckpointIsASignedNoteNamingTheSchoolAndTheTreesRoot() {
        List<LoggedEntry> logged = appendMany(school, 3);
        sequencer.integrate(school);

        String note = latestNote(school);
        CompactRange range = CompactRange.empty();
        logged.forEach(entry -> range.append(entry.leafHash()));
        Checkpoint checkpoint = Checkpoint.parse(SignedNote.open(note, checkpoints.verifierKeys()).orElseThrow())
                .orElseThrow();
        assertThat(checkpoint.origin()).endsWith("/access-log/" + school);
        assertThat(checkpoint.size()).isEqualTo(3);
        assertThat(checkpoint.root()).isEqualTo(range.root());
        assertThat(note).contains("\n\n\u2014 ");
    }

    @Test
    void afterThePlatformRotatesTheSigningKeyOldCheckpointsStillVerifyAndNewOnesUseTheNewKey() {
        appendMany(school, 2);
        sequencer.integrate(school);
        String before = latestNote(school);
        var rotated = fixtures.signedIn(port, fixtures.platformAdmin()).postJson("/api/v1/platform/signing-key", "{}");
        assertThat(rotated.statusCode()).isEqualTo(201);
        assertThat(rotated.body()).contains("BEGIN PUBLIC KEY").contains("\"current\":false").contains("\"current\":true");
        appendMany(school, 2);
        sequencer.integrate(school);
        String after = latestNote(school);

        String keyIdBefore = before.substring(before.lastIndexOf(' ') + 1, before.lastIndexOf(' ') + 6);
        String keyIdAfter = after.substring(after.lastIndexOf(' ') + 1, after.lastIndexOf(' ') + 6);
        assertThat(keyIdAfter).as("signed with another key").isNotEqualTo(keyIdBefore);
        Verification verification = verifier.verify(school, before);
        assertThat(verification.intact()).isTrue();
        assertThat(verification.checkpointsChecked()).isEqualTo(2);
        assertThat(fixtures.signedIn(port, fixtures.schoolAdmin(school)).postJson("/api/v1/platform/signing-key", "{}")
                .statusCode()).isEqualTo(403);
    }

    @Test
    void theStoredRowHoldsIdsCodesAndTheReasonOnlyAsACiphertextBoundToItsEntry() {
        UUID pupil = UUID.randomUUID();
        tenancy.inSchool(school, () -> subjectKeys.create(school, pupil, SubjectKind.PUPIL));
        LoggedEntry logged = tenancy.inSchool(school, () -> accessLog.append(new AccessEntry(school, actor, "TEACHER",
                List.of(pupil), List.of("sen", "medical"), AccessAction.READ, "SAFEGUARDING", "Concern raised today",
                "req-1", "10.0.0.1")));

        var row = tenancy.inSchool(school, () -> jdbc.sql("""
                select subject_ids, fields, reason, actor_role, action, purpose, format from access_log_entry
                where school_id = ?""").param(school).query().singleRow());
        byte[] reason = (byte[]) row.get("reason");
        assertThat(reason).isEqualTo(logged.reason());
        assertThat(new String(reason, StandardCharsets.UTF_8)).doesNotContain("Concern");
        assertThat(tenancy.inSchool(school, () -> cipher.decryptString(school, pupil,
                AccessEntry.reasonField(logged.sequence()), reason))).isEqualTo("Concern raised today");
        assertThatThrownBy(() -> tenancy.inSchool(school, () -> cipher.decryptString(school, pupil,
                AccessEntry.reasonField(logged.sequence() + 1), reason))).isInstanceOf(CiphertextRejectedException.class);
        assertThat(row.get("action")).isEqualTo("READ");
        assertThat(row.get("purpose")).isEqualTo("SAFEGUARDING");
        assertThat(((Number) row.get("format")).intValue()).isEqualTo(LoggedEntry.FORMAT_TREE);
        assertThat(row.get("subject_ids").toString()).isEqualTo("{" + pupil + "}");
        assertThat(row.get("fields").toString()).isEqualTo("{sen,medical}");
    }

    @Test
    void changingAFieldOrTheReasonOrTheTimeIsDetectedAtThatEntrysPosition() {
        List<LoggedEntry> logged = appendMany(school, 5);
        sequencer.integrate(school);
        asOwner(school, "update access_log_entry set purpose = 'OTHER' where school_id = ?::uuid and sequence = "
                + logged.get(3).sequence());
        assertBroken(verifier.verify(school), 3, "leaf-hash");

        UUID other = fixtures.school().id();
        List<LoggedEntry> others = appendMany(other, 4);
        sequencer.integrate(other);
        asOwner(other, "update access_log_entry set reason = '\\x00'::bytea where school_id = ?::uuid and sequence = "
                + others.get(1).sequence());
        assertBroken(verifier.verify(other), 1, "leaf-hash");

        UUID third = fixtures.school().id();
        List<LoggedEntry> thirds = appendMany(third, 4);
        sequencer.integrate(third);
        asOwner(third, "update access_log_entry set occurred_at = occurred_at - interval '1 microsecond' "
                + "where school_id = ?::uuid and sequence = " + thirds.get(0).sequence());
        assertBroken(verifier.verify(third), 0, "leaf-hash");
    }

    @Test
    void deletingAnEntryIsDetectedWhereItIsMissing() {
        List<LoggedEntry> logged = appendMany(school, 5);
        sequencer.integrate(school);
        asOwner(school, "delete from access_log_entry where school_id = ?::uuid and sequence = " + logged.get(2).sequence());

        assertBroken(verifier.verify(school), 2, "entry-missing");
    }

    @Test
    void swappingTwoEntriesPositionsIsDetectedAtTheFirstOfThem() {
        List<LoggedEntry> logged = appendMany(school, 5);
        sequencer.integrate(school);
        long second = logged.get(1).sequence();
        long third = logged.get(2).sequence();
        asOwner(school, "update access_log_leaf set entry_sequence = -1 where school_id = ?::uuid and entry_sequence = " + second);
        asOwner(school, "update access_log_leaf set entry_sequence = " + second + " where school_id = ?::uuid and entry_sequence = " + third);
        asOwner(school, "update access_log_leaf set entry_sequence = " + third + " where school_id = ?::uuid and entry_sequence = -1");

        assertBroken(verifier.verify(school), 1, "leaf-hash");
    }

    @Test
    void aRemovedPositionOrATruncatedTreeIsDetected() {
        appendMany(school, 5);
        sequencer.integrate(school);
        asOwner(school, "delete from access_log_leaf where school_id = ?::uuid and position = 2");
        assertBroken(verifier.verify(school), 2, "position-missing");

        UUID other = fixtures.school().id();
        appendMany(other, 5);
        sequencer.integrate(other);
        asOwner(other, "delete from access_log_leaf where school_id = ?::uuid and position >= 3");
        assertBroken(verifier.verify(other), 3, "checkpoint-beyond-tree");
    }

    @Test
    void anEntryRewrittenWithItsLeafRecomputedBreaksTheCheckpointsRoot() {
        List<LoggedEntry> logged = appendMany(school, 5);
        sequencer.integrate(school);
        LoggedEntry forged = rewritten(logged.get(1));
        asOwner(school, "update access_log_entry set purpose = 'OTHER' where school_id = ?::uuid and sequence = "
                + forged.sequence());
        setLeafHash(school, 1, forged.leafHash());

        assertBroken(verifier.verify(school), 4, "checkpoint-root");
    }

    @Test
    void aHistoryRewrittenWithEveryHashRecomputedFailsOnTheSignatureAndDroppingTheCheckpointsIsSeenToo() {
        List<LoggedEntry> logged = appendMany(school, 5);
        sequencer.integrate(school);
        rewriteEntryAndTree(school, logged, 1);
        // The owner recomputes the tree but cannot sign: the stored note no longer matches the root.
        asOwner(school, "update access_log_checkpoint set root_hash = ?::bytea, frontier = ?::bytea "
                + "where school_id = ?::uuid", rootAndFrontier(logged, 1));
        assertBroken(verifier.verify(school), 4, "checkpoint-signature");

        asOwner(school, "delete from access_log_checkpoint where school_id = ?::uuid");
        assertBroken(verifier.verify(school), 0, "leaves-without-checkpoint");
    }

    @Test
    void aCheckpointSignedWithAnotherKeyIsRefused() {
        appendMany(school, 3);
        sequencer.integrate(school);
        appendMany(school, 2);
        sequencer.integrate(school);
        // A note the owner signs with a key of their own, for the tree as it really is.
        String forged = forgedNote(latestNote(school));
        asOwner(school, "update access_log_checkpoint set note = ? where school_id = ?::uuid and tree_size = 5", forged);

        assertBroken(verifier.verify(school), 4, "checkpoint-signature");
    }

    @Test
    void aHistoryRewrittenAndReSignedWithTheInstallationsOwnKeyIsCaughtByTheSchoolsSavedCheckpoint() {
        List<LoggedEntry> logged = appendMany(school, 5);
        sequencer.integrate(school);
        String saved = latestNote(school);
        // Someone with the database AND the signing key (the master key file) rewrites entry 1.
        rewriteEntryAndTree(school, logged, 1);
        byte[][] head = rootAndFrontier(logged, 1);
        asOwner(school, "update access_log_checkpoint set root_hash = ?::bytea, frontier = ?::bytea, note = ? "
                        + "where school_id = ?::uuid",
                head[0], head[1], checkpoints.sign(school, 5, head[0]));

        assertThat(verifier.verify(school).intact()).as("consistent inside the database").isTrue();
        assertBroken(verifier.verify(school, saved), 4, "history-forks");
    }

    @Test
    void aTruncatedLogIsCaughtByTheSchoolsSavedCheckpoint() {
        List<LoggedEntry> logged = appendMany(school, 3);
        sequencer.integrate(school);
        appendMany(school, 2);
        sequencer.integrate(school);
        String saved = latestNote(school);
        asOwner(school, "delete from access_log_checkpoint where school_id = ?::uuid and tree_size > 3");
        asOwner(school, "delete from access_log_leaf where school_id = ?::uuid and position >= 3");
        asOwner(school, "delete from access_log_entry where school_id = ?::uuid and sequence > " + logged.get(2).sequence());

        assertThat(verifier.verify(school).intact()).isTrue();
        assertBroken(verifier.verify(school, saved), 3, "truncated");
        assertThat(verifier.verify(school, forgedNote(saved)).problem()).isEqualTo("saved-checkpoint-invalid");
        assertThat(verifier.verify(school, "not a checkpoint").problem()).isEqualTo("saved-checkpoint-invalid");
        assertThat(verifier.verify(fixtures.school().id(), saved).problem())
                .as("another school's checkpoint").isEqualTo("saved-checkpoint-invalid");
    }

    @Test
    void aChangedSubtreeHashIsDetected() {
        appendMany(school, 20);
        sequencer.integrate(school);
        asOwner(school, "update access_log_node set hash = sha256(hash) where school_id = ?::uuid and level = 4 and index = 0");

        assertBroken(verifier.verify(school), 0, "node-hash");
    }

    @Test
    void anEntryKeptOutOfTheTreeIsReportedOnceItIsOlderThanTheThreshold() {
        List<LoggedEntry> logged = appendMany(school, 3);
        asOwner(school, "delete from access_log_pending where school_id = ?::uuid and sequence = " + logged.get(1).sequence());
        sequencer.integrate(school);
        assertThat(verifier.verify(school).intact()).as("within the threshold").isTrue();

        Instant now = clock.instant();
        try {
            clock.advance(Duration.ofMinutes(2));
            Verification late = verifier.verify(school);
            assertThat(late.intact()).isFalse();
            assertThat(late.problem()).isEqualTo("entry-not-integrated");
            assertThat(late.unintegratedEntries()).isEqualTo(1);
        } finally {
            clock.set(now);
        }
    }

    @Test
    void entriesRemovedAtTheEndOfRetentionLeaveTheirLeavesAndTheLogVerifies() {
        Instant now = clock.instant();
        try {
            appendMany(school, 4);
            clock.advance(Duration.ofDays(400));
            List<LoggedEntry> recent = appendMany(school, 2);

            assertThat(retention.removeEntriesBefore(school, clock.instant().minus(Duration.ofDays(365)))).isEqualTo(4);

            Verification verification = verifier.verify(school);
            assertThat(verification.intact()).isTrue();
            assertThat(verification.treeSize()).isEqualTo(6);
            assertThat(verification.entriesRemovedUnderRetention()).isEqualTo(4);
            assertThat(tenancy.inSchool(school, () -> jdbc.sql("select count(*) from access_log_entry").query(Long.class)
                    .single())).isEqualTo(2);
            // Deleting a recent one behind the log's back is still caught.
            asOwner(school, "delete from access_log_entry where school_id = ?::uuid and sequence = " + recent.get(1).sequence());
            assertBroken(verifier.verify(school), 5, "entry-missing");
        } finally {
            clock.set(now);
        }
    }

    @Test
    void theApplicationRoleCannotChangeOrRemoveEntriesLeavesNodesOrCheckpoints() {
        appendMany(school, 17);
        sequencer.integrate(school);

        for (String sql : List.of("update access_log_entry set purpose = 'OTHER'", "delete from access_log_entry",
                "update access_log_leaf set leaf_hash = leaf_hash", "delete from access_log_leaf",
                "update access_log_node set hash = hash", "delete from access_log_node",
                "update access_log_checkpoint set note = note", "delete from access_log_checkpoint",
                "insert into access_log_removal values ('" + school + "', 17, now(), now(), 0)")) {
            assertThatThrownBy(() -> tenancy.inSchool(school, () -> jdbc.sql(sql).update()))
                    .as(sql).isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("permission denied");
        }
        assertThat(verifier.verify(school).intact()).isTrue();
    }

    @Test
    void twoSchoolsHaveIndependentTreesAndOnesTamperingDoesNotFlagTheOther() {
        UUID other = fixtures.school().id();
        List<LoggedEntry> mine = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            mine.addAll(appendMany(school, 1));
            appendMany(other, 1);
        }
        sequencer.integrate(school);
        sequencer.integrate(other);
        asOwner(school, "update access_log_entry set actor_role = 'SUPPORT' where school_id = ?::uuid and sequence = "
                + mine.get(0).sequence());

        assertBroken(verifier.verify(school), 0, "leaf-hash");
        Verification others = verifier.verify(other);
        assertThat(others.intact()).isTrue();
        assertThat(others.treeSize()).isEqualTo(3);
    }

    @Test
    void sixteenReadersOfTwoSchoolsAppendWithNoLostOrDuplicatedPositions() throws Exception {
        UUID other = fixtures.school().id();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int thread = 0; thread < 16; thread++) {
                UUID target = thread % 2 == 0 ? school : other;
                work.add(pool.submit(() -> appendMany(target, 25)));
            }
            // The scheduled sequencer runs meanwhile; these calls race with it on purpose.
            work.add(pool.submit(() -> sequencer.integrate(school)));
            work.add(pool.submit(() -> sequencer.integrate(other)));
            for (Future<?> future : work) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
        sequencer.integrate(school);
        sequencer.integrate(other);

        for (UUID each : List.of(school, other)) {
            List<Long> positions = positionsOf(each);
            assertThat(positions).hasSize(200);
            for (int i = 0; i < positions.size(); i++) {
                assertThat(positions.get(i)).isEqualTo(i);
            }
            Set<Long> sequences = new HashSet<>(tenancy.inSchool(each, () -> jdbc.sql(
                    "select entry_sequence from access_log_leaf").query(Long.class).list()));
            assertThat(sequences).hasSize(200);
            Verification verification = verifier.verify(each);
            assertThat(verification.intact()).isTrue();
            assertThat(verification.treeSize()).isEqualTo(200);
        }
    }

    @Test
    void theScheduledRunIntegratesEverySchoolWithEntriesWaiting() {
        List<UUID> schools = List.of(school, fixtures.school().id(), fixtures.school().id());
        schools.forEach(each -> appendMany(each, 3));

        sequencer.integrateAllSchools();

        for (UUID each : schools) {
            assertThat(tenancy.inSchool(each, () -> jdbc.sql("select count(*) from access_log_pending")
                    .query(Long.class).single())).isZero();
            assertThat(positionsOf(each)).containsExactly(0L, 1L, 2L);
        }
    }

    @Test
    void anAppendOutsideATransactionIsRefusedAndNothingIsWritten() {
        assertThatThrownBy(() -> accessLog.append(entry(school))).isInstanceOf(IllegalTransactionStateException.class);
        sequencer.integrate(school);

        assertThat(verifier.verify(school).treeSize()).isZero();
    }

    @Test
    void theEntryRollsBackWithTheCallersTransaction() {
        assertThatThrownBy(() -> tenancy.inSchool(school, () -> {
            accessLog.append(entry(school));
            throw new IllegalStateException("the access itself failed");
        })).hasMessage("the access itself failed");
        sequencer.integrate(school);

        assertThat(verifier.verify(school).treeSize()).isZero();
    }

    @Test
    void anEntryForAnotherSchoolThanTheTransactionsIsRefusedByRowLevelSecurity() {
        UUID other = fixtures.school().id();

        assertThatThrownBy(() -> tenancy.inSchool(school, () -> accessLog.append(entry(other))))
                .isInstanceOf(DataAccessException.class);
        assertThat(verifier.verify(other).treeSize()).isZero();
    }

    @Test
    void platformAdminsVerifyThroughTheApiAndSchoolAdminsMayNot() {
        List<LoggedEntry> logged = appendMany(school, 3);
        sequencer.integrate(school);
        CustodianUser platformAdmin = fixtures.platformAdmin();
        CustodianUser schoolAdmin = fixtures.schoolAdmin(school);

        var answer = fixtures.signedIn(port, platformAdmin).get("/api/v1/access-log/verify?schoolId=" + school);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("\"intact\":true").contains("\"treeSize\":3");

        asOwner(school, "delete from access_log_entry where school_id = ?::uuid and sequence = " + logged.get(0).sequence());
        var broken = fixtures.signedIn(port, platformAdmin).get("/api/v1/access-log/verify?schoolId=" + school);
        assertThat(broken.body()).contains("\"intact\":false").contains("\"firstBrokenPosition\":0")
                .contains("\"problem\":\"entry-missing\"");

        var refused = fixtures.signedIn(port, schoolAdmin).get("/api/v1/access-log/verify?schoolId=" + school);
        assertThat(refused.statusCode()).isEqualTo(403);
    }

    private static void assertBroken(Verification verification, long position, String problem) {
        assertThat(verification.intact()).as("intact").isFalse();
        assertThat(verification.problem()).isEqualTo(problem);
        assertThat(verification.firstBrokenPosition()).isEqualTo(position);
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

    private List<Long> positionsOf(UUID schoolId) {
        return tenancy.inSchool(schoolId, () -> jdbc.sql("select position from access_log_leaf order by position")
                .query(Long.class).list());
    }

    private byte[] leafHashOf(long sequence) {
        return tenancy.inSchool(school, () -> jdbc.sql("select leaf_hash from access_log_leaf where entry_sequence = ?")
                .param(sequence).query(byte[].class).single());
    }

    private String latestNote(UUID schoolId) {
        return tenancy.inSchool(schoolId, () -> jdbc.sql(
                "select note from access_log_checkpoint order by tree_size desc limit 1").query(String.class).single());
    }

    /** The entry as the owner rewrites it: another purpose. */
    private static LoggedEntry rewritten(LoggedEntry entry) {
        return new LoggedEntry(entry.schoolId(), entry.sequence(), entry.format(), entry.occurredAt(), entry.actorId(),
                entry.actorRole(), entry.subjectIds(), entry.fields(), entry.action(), "OTHER", entry.reason(),
                entry.requestId(), entry.sourceIp());
    }

    /** Rewrites entry {@code index} and its leaf so both agree (no checkpoint touched). */
    private void rewriteEntryAndTree(UUID schoolId, List<LoggedEntry> logged, int index) {
        LoggedEntry forged = rewritten(logged.get(index));
        asOwner(schoolId, "update access_log_entry set purpose = 'OTHER' where school_id = ?::uuid and sequence = "
                + forged.sequence());
        setLeafHash(schoolId, index, forged.leafHash());
    }

    /** Root and frontier of the tree with entry {@code index} rewritten. */
    private static byte[][] rootAndFrontier(List<LoggedEntry> logged, int index) {
        CompactRange range = CompactRange.empty();
        for (int i = 0; i < logged.size(); i++) {
            range.append(i == index ? rewritten(logged.get(i)).leafHash() : logged.get(i).leafHash());
        }
        return new byte[][] {range.root(), range.toBytes()};
    }

    private void setLeafHash(UUID schoolId, long position, byte[] hash) {
        asOwner(schoolId, "update access_log_leaf set leaf_hash = ?::bytea where school_id = ?::uuid and position = "
                + position, hash);
    }

    /** The same checkpoint text, signed by a key of the forger's own under the installation's key name. */
    private String forgedNote(String note) {
        String text = note.substring(0, note.lastIndexOf("\n\n") + 1);
        try {
            var pair = com.google.crypto.tink.subtle.Ed25519Sign.KeyPair.newKeyPair();
            byte[] signature = new com.google.crypto.tink.subtle.Ed25519Sign(pair.getPrivateKey())
                    .sign(text.getBytes(StandardCharsets.UTF_8));
            return SignedNote.sign(text, new SignedNote.VerifierKey(checkpoints.keyName(), pair.getPublicKey()), signature);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Tampering as the table owner: the owner passes the policy by naming the school itself. Parameters
     * fill the statement's placeholders in order (byte arrays as bytea, text otherwise); the school id
     * fills the first {@code ?::uuid}.
     */
    private void asOwner(UUID schoolId, String sql, Object... values) {
        try (Connection connection = databaseOwner.connect()) {
            try (PreparedStatement scope = connection.prepareStatement("select set_config('custodian.school_id', ?, false)")) {
                scope.setString(1, schoolId.toString());
                scope.execute();
            }
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                int parameter = 1;
                int value = 0;
                for (String part : sql.split("\\?", -1)) {
                    if (parameter > countPlaceholders(sql)) {
                        break;
                    }
                    String after = sql.substring(indexOfPlaceholder(sql, parameter) + 1);
                    if (after.startsWith("::uuid")) {
                        statement.setString(parameter, schoolId.toString());
                    } else if (values[value] instanceof byte[] bytes) {
                        statement.setBytes(parameter, bytes);
                        value++;
                    } else {
                        statement.setString(parameter, values[value].toString());
                        value++;
                    }
                    parameter++;
                }
                assertThat(statement.executeUpdate()).as(sql).isPositive();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void asOwner(UUID schoolId, String sql, byte[][] values) {
        asOwner(schoolId, sql, (Object[]) values);
    }

    private static int countPlaceholders(String sql) {
        return (int) sql.chars().filter(c -> c == '?').count();
    }

    private static int indexOfPlaceholder(String sql, int n) {
        int index = -1;
        for (int i = 0; i < n; i++) {
            index = sql.indexOf('?', index + 1);
        }
        return index;
    }
}
