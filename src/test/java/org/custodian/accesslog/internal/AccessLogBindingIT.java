package org.custodian.accesslog.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

import org.custodian.accesslog.AccessAction;
import org.custodian.accesslog.AccessEntry;
import org.custodian.accesslog.AccessLog;
import org.custodian.accesslog.AccessLogReview;
import org.custodian.accesslog.AccessLogReview.Query;
import org.custodian.crypto.FieldCipher;
import org.custodian.crypto.SubjectKeys;
import org.custodian.crypto.SubjectKind;
import org.custodian.identity.CustodianUser;
import org.custodian.identity.Role;
import org.custodian.support.Browser;
import org.custodian.support.CustodianTest;
import org.custodian.support.DatabaseOwner;
import org.custodian.support.Fixtures;
import org.custodian.tenancy.Tenancy;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * An access-log reason or review note is bound to its entry: copied to another entry by someone with
 * the table owner's access, it is refused (reads as nothing, never a 500) while the original still
 * reads. Reasons written before the binding still read at their own entries only; notes written
 * before are re-bound once at start-up.
 */
@CustodianTest
class AccessLogBindingIT {

    @Autowired AccessLog accessLog;
    @Autowired AccessLogReview review;
    @Autowired ReviewNoteBinding noteBinding;
    @Autowired Tenancy tenancy;
    @Autowired Fixtures fixtures;
    @Autowired JdbcClient jdbc;
    @Autowired FieldCipher cipher;
    @Autowired SubjectKeys keys;
    @Autowired DatabaseOwner databaseOwner;
    @LocalServerPort int port;

    UUID school;
    final List<Long> appended = new java.util.ArrayList<>();
    UUID teacher = UUID.randomUUID();
    UUID pupil = UUID.randomUUID();

    @BeforeEach
    void aSchoolWithAPupil() {
        school = fixtures.school().id();
        tenancy.inSchool(school, () -> keys.create(school, pupil, SubjectKind.PUPIL));
    }

    @Test
    void aReasonCopiedToAnotherEntryOfTheSameSubjectIsRefusedWhileTheOriginalStillReads() {
        append("First reason, naming someone");
        append("Second reason");
        asOwner("update access_log_entry set reason = (select reason from access_log_entry"
                + " where school_id = ?::uuid and sequence = " + seq(1) + ") where school_id = ?::uuid and sequence = " + seq(2));

        List<AccessLogReview.Entry> entries = review.search(school, Query.newest(10)).entries();
        assertThat(entries).extracting(AccessLogReview.Entry::sequence).containsExactly(seq(2), seq(1));
        assertThat(entries.get(0).reason()).as("the copy").isNull();
        assertThat(entries.get(0).reasonErased()).isFalse();
        assertThat(entries.get(1).reason()).isEqualTo("First reason, naming someone");

        CustodianUser admin = fixtures.schoolAdmin(school);
        var api = fixtures.signedIn(port, admin).get("/api/v1/access-log");
        assertThat(api.statusCode()).isEqualTo(200);
        assertThat(api.body()).contains("First reason, naming someone").doesNotContain("Second reason");
    }

    @Test
    void aReasonWrittenBeforeReasonsWereBoundReadsAtItsOwnEntryButNotCopiedToANewerOne() {
        append("placeholder");
        append("Second reason");
        byte[] unbound = tenancy.inSchool(school, () ->
                cipher.encryptString(school, pupil, AccessEntry.REASON_FIELD, "Written before the binding"));
        asOwner("update access_log_entry set reason = ? where school_id = ?::uuid and sequence = " + seq(1), unbound);
        asOwner("insert into access_log_unbound_reasons (school_id, last_sequence) values (?::uuid, " + seq(1) + ")");

        assertThat(reasonOf(seq(1))).isEqualTo("Written before the binding");

        asOwner("update access_log_entry set reason = ? where school_id = ?::uuid and sequence = " + seq(2), unbound);
        assertThat(reasonOf(seq(2))).as("an old reason in a newer entry").isNull();
    }

    @Test
    void aReviewNoteCopiedToAnotherEntrysReviewIsRefusedWhileTheOriginalStillReads() {
        append(null);
        append(null);
        CustodianUser dpo = fixtures.user(school, Role.DPO);
        review.markReviewed(school, seq(1), dpo.id(), "Checked: legitimate");
        review.markReviewed(school, seq(2), dpo.id(), "Second look");
        asOwner("update access_log_review set note = (select note from access_log_review"
                + " where school_id = ?::uuid and sequence = " + seq(1) + ") where school_id = ?::uuid and sequence = " + seq(2));

        assertThat(noteOf(seq(1))).isEqualTo("Checked: legitimate");
        assertThat(noteOf(seq(2))).as("the copy").isNull();
        Browser browser = fixtures.signedIn(port, dpo);
        var api = browser.get("/api/v1/access-log");
        assertThat(api.statusCode()).isEqualTo(200);
        assertThat(api.body()).doesNotContain("Second look");
        assertThat(browser.get("/school/access-log").statusCode()).isEqualTo(200);
    }

    @Test
    void aNoteWrittenBeforeNotesWereBoundIsReboundOnceAtStartUp() {
        append(null);
        append(null);
        CustodianUser dpo = fixtures.user(school, Role.DPO);
        review.markReviewed(school, seq(2), dpo.id(), "Bound already");
        byte[] unbound = tenancy.inSchool(school, () ->
                cipher.encryptString(school, dpo.id(), JdbcAccessLogReview.NOTE_FIELD, "Written before the binding"));
        asOwner("insert into access_log_review (note, school_id, sequence, reviewed_by, reviewed_at, note_bound)"
                + " values (?, ?::uuid, " + seq(1) + ", '" + dpo.id() + "', now(), false)", unbound);
        assertThat(noteOf(seq(1))).as("not bound yet").isNull();

        assertThat(noteBinding.bind()).isEqualTo(1);

        assertThat(noteOf(seq(1))).isEqualTo("Written before the binding");
        assertThat(noteOf(seq(2))).isEqualTo("Bound already");
        assertThat(noteBinding.bind()).as("idempotent").isZero();
    }

    private void append(String reason) {
        appended.add(tenancy.inSchool(school, () -> accessLog.append(new AccessEntry(school, teacher, "TEACHER",
                List.of(pupil), List.of("name"), AccessAction.READ, "SAFEGUARDING", reason, "req", "192.0.2.1")))
                .sequence());
    }

    /** The sequence of the {@code n}th entry this test appended. */
    private long seq(int n) {
        return appended.get(n - 1);
    }

    private String reasonOf(long sequence) {
        return entry(sequence).reason();
    }

    private String noteOf(long sequence) {
        AccessLogReview.Review reviewed = entry(sequence).review();
        return reviewed == null ? null : reviewed.note();
    }

    private AccessLogReview.Entry entry(long sequence) {
        return review.search(school, Query.newest(10)).entries().stream()
                .filter(entry -> entry.sequence() == sequence).findFirst().orElseThrow();
    }

    /** As the table owner, in this school (the owner passes the forced policies by naming it). */
    private void asOwner(String sql, Object... leading) {
        try (Connection connection = databaseOwner.connect()) {
            try (PreparedStatement scope = connection.prepareStatement("select set_config('custodian.school_id', ?, false)")) {
                scope.setString(1, school.toString());
                scope.execute();
            }
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                int index = 1;
                for (Object value : leading) {
                    statement.setObject(index++, value);
                }
                while (index <= statement.getParameterMetaData().getParameterCount()) {
                    statement.setString(index++, school.toString());
                }
                assertThat(statement.executeUpdate()).isPositive();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
