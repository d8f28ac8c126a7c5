package org.custodian.accesslog.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.icegreen.greenmail.util.GreenMail;

import jakarta.mail.Message;

import org.custodian.accesslog.AccessAction;
import org.custodian.accesslog.AccessEntry;
import org.custodian.accesslog.AccessLog;
import org.custodian.identity.CustodianUser;
import org.custodian.identity.Role;
import org.custodian.schools.School;
import org.custodian.support.CustodianTest;
import org.custodian.support.DatabaseOwner;
import org.custodian.support.Fixtures;
import org.custodian.support.TestClock;
import org.custodian.tenancy.Tenancy;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.util.HtmlUtils;

/**
 * The school's integrity page and the checkpoint emails: the latest checkpoint, when it was emailed,
 * verify now (against a saved checkpoint too), and the weekly email to the DPOs and main contact.
 */
@CustodianTest
class AccessLogIntegrityIT {

    @Autowired AccessLog accessLog;
    @Autowired AccessLogSequencer sequencer;
    @Autowired CheckpointMail checkpointMail;
    @Autowired Tenancy tenancy;
    @Autowired JdbcClient jdbc;
    @Autowired Fixtures fixtures;
    @Autowired GreenMail mail;
    @Autowired TestClock clock;
    @Autowired DatabaseOwner databaseOwner;
    @LocalServerPort int port;

    School school;
    CustodianUser dpo;

    @BeforeEach
    void aSchoolWithALog() {
        school = fixtures.school();
        dpo = fixtures.user(school.id(), Role.DPO);
        for (int i = 0; i < 3; i++) {
            tenancy.inSchool(school.id(), () -> accessLog.append(new AccessEntry(school.id(), UUID.randomUUID(),
                    "TEACHER", List.of(UUID.randomUUID()), List.of("name"), AccessAction.READ, "TEACHING", null,
                    "req", "192.0.2.1")));
        }
        sequencer.integrate(school.id());
    }

    @Test
    void theDpoSeesTheLatestCheckpointAndEmailsItToTheDposAndTheMainContact() throws Exception {
        var browser = fixtures.signedIn(port, dpo);
        String page = browser.get(AccessLogIntegrityPageController.PATH).body();
        assertThat(page).contains("Entries it covers").contains("Not yet");
        String note = latestNote();
        assertThat(HtmlUtils.htmlUnescape(page)).contains(note.strip());

        var emailed = browser.postForm(AccessLogIntegrityPageController.PATH,
                AccessLogIntegrityPageController.PATH + "/email", Map.of());
        assertThat(emailed.statusCode()).isEqualTo(302);
        assertThat(bodiesTo(dpo.getUsername())).singleElement().asString().contains(note);
        assertThat(bodiesTo(school.contactEmail().value())).singleElement().asString().contains(note);
        String after = browser.get(AccessLogIntegrityPageController.PATH).body();
        assertThat(after).doesNotContain("Not yet").contains("3 entries, to 2 people");
    }

    @Test
    void theWeeklyEmailGoesOnceAWeek() throws Exception {
        checkpointMail.sendWeekly();
        checkpointMail.sendWeekly();
        assertThat(bodiesTo(dpo.getUsername())).as("not again within the week").hasSize(1);

        Instant now = clock.instant();
        try {
            clock.advance(Duration.ofDays(7));
            checkpointMail.sendWeekly();
            assertThat(bodiesTo(dpo.getUsername())).hasSize(2);
        } finally {
            clock.set(now);
        }
    }

    @Test
    void verifyNowSaysIntactAndCatchesARewriteAgainstASavedCheckpoint() {
        var browser = fixtures.signedIn(port, dpo);
        String saved = latestNote();

        String intact = browser.postForm(AccessLogIntegrityPageController.PATH,
                AccessLogIntegrityPageController.PATH + "/verify", Map.of("savedCheckpoint", "")).body();
        assertThat(intact).contains("The log is intact").contains("3 entries");

        String matches = browser.postForm(AccessLogIntegrityPageController.PATH,
                AccessLogIntegrityPageController.PATH + "/verify", Map.of("savedCheckpoint", saved.strip())).body();
        assertThat(matches).contains("The log is intact").contains("it matches the checkpoint you saved");

        String pasted = browser.postForm(AccessLogIntegrityPageController.PATH,
                AccessLogIntegrityPageController.PATH + "/verify", Map.of("savedCheckpoint", "hello")).body();
        assertThat(pasted).contains("The log does not match").contains("not a checkpoint of this school");

        var tooLong = browser.postForm(AccessLogIntegrityPageController.PATH,
                AccessLogIntegrityPageController.PATH + "/verify", Map.of("savedCheckpoint", "x".repeat(5000)));
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(tooLong.body()).contains("Paste only the lines between the dashes");

        // The owner removes the newest entry with its leaf and every checkpoint after the first batch.
        try (var connection = databaseOwner.connect(); var statement = connection.createStatement()) {
            statement.execute("select set_config('custodian.school_id', '" + school.id() + "', false)");
            statement.execute("delete from access_log_checkpoint where school_id = '" + school.id() + "'");
            statement.execute("delete from access_log_leaf where school_id = '" + school.id() + "' and position = 2");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        String broken = browser.postForm(AccessLogIntegrityPageController.PATH,
                AccessLogIntegrityPageController.PATH + "/verify", Map.of("savedCheckpoint", saved.strip())).body();
        assertThat(broken).contains("The log does not match");
    }

    @Test
    void aTeacherMayNotOpenIt() {
        var teacher = fixtures.signedIn(port, fixtures.user(school.id(), Role.TEACHER));
        assertThat(teacher.get(AccessLogIntegrityPageController.PATH).statusCode()).isEqualTo(403);
    }

    private String latestNote() {
        return tenancy.inSchool(school.id(), () -> jdbc.sql(
                "select note from access_log_checkpoint order by tree_size desc limit 1").query(String.class).single());
    }

    private List<String> bodiesTo(String address) {
        return Arrays.stream(mail.getReceivedMessages())
                .filter(message -> sentTo(message, address))
                .filter(message -> subject(message).contains("access-log checkpoint"))
                .map(AccessLogIntegrityIT::content)
                .toList();
    }

    private static String content(Message message) {
        try {
            return message.getContent().toString().replace("\r\n", "\n");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String subject(Message message) {
        try {
            return message.getSubject();
        } catch (Exception e) {
            return "";
        }
    }

    private static boolean sentTo(Message message, String address) {
        try {
            return Arrays.stream(message.getAllRecipients()).anyMatch(r -> r.toString().contains(address));
        } catch (Exception e) {
            return false;
        }
    }
}
