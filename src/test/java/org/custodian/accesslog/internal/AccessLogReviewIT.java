package org.custodian.accesslog.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
import org.custodian.support.Fixtures;
import org.custodian.support.TestClock;
import org.custodian.tenancy.Tenancy;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reviewers query their own school's log, read reasons and mark entries reviewed; nobody else can. */
@CustodianTest
class AccessLogReviewIT {

    private static final String NOTE = "Checked with the head of year: a legitimate pastoral review.";

    @Autowired AccessLog accessLog;
    @Autowired AccessLogReview review;
    @Autowired AccessLogFlagging flagging;
    @Autowired Tenancy tenancy;
    @Autowired Fixtures fixtures;
    @Autowired TestClock clock;
    @Autowired JdbcClient jdbc;
    @Autowired FieldCipher cipher;
    @Autowired SubjectKeys keys;
    @Autowired JsonMapper json;
    @LocalServerPort int port;

    UUID school;
    /** The sequences of this school's entries in the order the test appended them: seq(1) is the first. */
    final List<Long> appended = new ArrayList<>();
    UUID teacherA = UUID.randomUUID();
    UUID managerB = UUID.randomUUID();
    UUID pupil1 = UUID.randomUUID();
    UUID pupil2 = UUID.randomUUID();
    UUID pupil3 = UUID.randomUUID();

    @BeforeEach
    void aSchool() {
        school = fixtures.school().id();
    }

    @Test
    void eachFilterNarrowsTheLogNewestFirst() {
        List<Instant> times = new ArrayList<>();
        times.add(appendAfterAMinute(teacherA, List.of(pupil1), AccessAction.READ, "TEACHING_AND_LEARNING"));
        times.add(appendAfterAMinute(managerB, List.of(pupil2), AccessAction.UPDATE, "DATA_MANAGEMENT"));
        times.add(appendAfterAMinute(teacherA, List.of(pupil2), AccessAction.EXPORT, "TEACHING_AND_LEARNING"));
        times.add(appendAfterAMinute(teacherA, List.of(pupil1, pupil3), AccessAction.READ, "ASSESSMENT_TRACKING"));
        times.add(appendAfterAMinute(managerB, List.of(pupil1), AccessAction.READ, "TEACHING_AND_LEARNING"));
        UUID otherSchool = fixtures.school().id();
        tenancy.inSchool(otherSchool, () -> accessLog.append(entry(otherSchool, teacherA, List.of(pupil1),
                AccessAction.READ, "TEACHING_AND_LEARNING", null)));

        assertThat(sequences(query(null, null, null, null, null, null))).containsExactlyElementsOf(seqs(5, 4, 3, 2, 1));
        assertThat(sequences(query(teacherA, null, null, null, null, null))).containsExactlyElementsOf(seqs(4, 3, 1));
        assertThat(sequences(query(null, pupil1, null, null, null, null))).containsExactlyElementsOf(seqs(5, 4, 1));
        assertThat(sequences(query(null, pupil3, null, null, null, null))).containsExactlyElementsOf(seqs(4));
        assertThat(sequences(query(null, null, "TEACHING_AND_LEARNING", null, null, null))).containsExactlyElementsOf(seqs(5, 3, 1));
        assertThat(sequences(query(null, null, null, AccessAction.READ, null, null))).containsExactlyElementsOf(seqs(5, 4, 1));
        assertThat(sequences(query(null, null, null, null, times.get(1), times.get(3)))).containsExactlyElementsOf(seqs(3, 2));
        assertThat(sequences(query(teacherA, pupil2, null, null, null, null))).containsExactlyElementsOf(seqs(3));
        assertThat(sequences(query(teacherA, null, null, null, times.get(0), times.get(3)))).containsExactlyElementsOf(seqs(3, 1));

        AccessLogReview.Entry newest = review.search(school, Query.newest(1)).entries().get(0);
        assertThat(newest.actorId()).isEqualTo(managerB);
        assertThat(newest.actorRole()).isEqualTo("TEACHER");
        assertThat(newest.subjectIds()).containsExactly(pupil1);
        assertThat(newest.fields()).containsExactly("name", "attendance");
        assertThat(newest.occurredAt()).isEqualTo(times.get(4));
        assertThat(newest.requestId()).isEqualTo("req-5");
        assertThat(newest.sourceIp()).isEqualTo("192.0.2.1");
        assertThat(newest.reason()).isNull();
        assertThat(newest.review()).isNull();
    }

    @Test
    void pagesFollowEachOtherByCursorUntilTheLastHasNone() {
        for (int i = 0; i < 7; i++) {
            appendAfterAMinute(teacherA, List.of(i % 2 == 0 ? pupil1 : pupil2), AccessAction.READ, "TEACHING_AND_LEARNING");
        }

        AccessLogReview.Page first = review.search(school, Query.newest(3));
        AccessLogReview.Page second = review.search(school, Query.newest(3).withBefore(first.next()));
        AccessLogReview.Page last = review.search(school, Query.newest(3).withBefore(second.next()));
        assertThat(sequences(first)).containsExactlyElementsOf(seqs(7, 6, 5));
        assertThat(first.next()).isEqualTo(seq(5));
        assertThat(sequences(second)).containsExactlyElementsOf(seqs(4, 3, 2));
        assertThat(sequences(last)).containsExactlyElementsOf(seqs(1));
        assertThat(last.next()).isNull();

        Query pupilPages = new Query(null, pupil1, null, null, null, null, null, false, null, 2);
        AccessLogReview.Page pupilFirst = review.search(school, pupilPages);
        AccessLogReview.Page pupilLast = review.search(school, pupilPages.withBefore(pupilFirst.next()));
        assertThat(sequences(pupilFirst)).containsExactlyElementsOf(seqs(7, 5));
        assertThat(sequences(pupilLast)).containsExactlyElementsOf(seqs(3, 1));
        assertThat(pupilLast.next()).as("a full last page has no cursor").isNull();
    }

    @Test
    void reasonsAreDecryptedAndAShreddedPupilsReasonReadsAsErased() {
        keys.create(school, pupil1, SubjectKind.PUPIL);
        String single = "Safeguarding concern raised by form tutor";
        String bulk = "Exam entries export for the exams officer";
        tenancy.inSchool(school, () -> accessLog.append(entry(school, teacherA, List.of(pupil1), AccessAction.READ,
                "TEACHING_AND_LEARNING", single)));
        tenancy.inSchool(school, () -> accessLog.append(entry(school, teacherA, List.of(pupil1, pupil2),
                AccessAction.EXPORT, "EXAM_ADMINISTRATION", bulk)));

        assertThat(review.search(school, Query.newest(10)).entries())
                .extracting(AccessLogReview.Entry::reason)
                .containsExactly("Exam entries export for the exams officer", "Safeguarding concern raised by form tutor");

        keys.destroy(school, pupil1);
        List<AccessLogReview.Entry> after = review.search(school, Query.newest(10)).entries();
        assertThat(after.get(1).reason()).isNull();
        assertThat(after.get(1).reasonErased()).isTrue();
        assertThat(after.get(0).reason()).as("the actor's own statement survives").isNotNull();
        assertThat(after.get(0).reasonErased()).isFalse();
    }

    @Test
    void aReviewIsRecordedOnceWithItsNoteEncryptedUnderTheReviewersKey() {
        CustodianUser dpo = fixtures.user(school, Role.DPO);
        appendAfterAMinute(teacherA, List.of(pupil1), AccessAction.READ, "TEACHING_AND_LEARNING");
        appendAfterAMinute(teacherA, List.of(pupil2), AccessAction.READ, "TEACHING_AND_LEARNING");
        Browser browser = fixtures.signedIn(port, dpo);

        var marked = browser.postJson("/api/v1/access-log/" + seq(1) + "/review", "{\"note\": \"" + NOTE + "\"}");
        assertThat(marked.statusCode()).isEqualTo(201);
        assertThat(json.readTree(marked.body()).get("note").asString()).isEqualTo(NOTE);

        JsonNode entries = json.readTree(browser.get("/api/v1/access-log").body()).get("entries");
        JsonNode reviewed = entries.get(1);
        assertThat(reviewed.get("sequence").asLong()).isEqualTo(seq(1));
        assertThat(reviewed.get("review").get("note").asString()).isEqualTo(NOTE);
        assertThat(reviewed.get("review").get("reviewedBy").asString()).isEqualTo(dpo.id().toString());
        assertThat(entries.get(0).has("review")).as("null fields are left out").isFalse();
        JsonNode unreviewed = json.readTree(browser.get("/api/v1/access-log?unreviewed=true").body()).get("entries");
        assertThat(unreviewed).hasSize(1);
        assertThat(unreviewed.get(0).get("sequence").asLong()).isEqualTo(seq(2));

        byte[] stored = tenancy.inSchool(school, () -> jdbc.sql(
                "select note from access_log_review where school_id = ? and sequence = ?").params(school, seq(1))
                .query(byte[].class).single());
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("head of year");
        assertThat(cipher.decryptString(school, dpo.id(), JdbcAccessLogReview.noteField(seq(1)), stored)).isEqualTo(NOTE);

        var again = browser.postJson("/api/v1/access-log/" + seq(1) + "/review", "{\"note\": \"Second look\"}");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("\"code\":\"already-reviewed\"");
        var unknown = browser.postJson("/api/v1/access-log/999999999999/review", "{\"note\": \"Nothing there\"}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("\"code\":\"entry-not-found\"");
        var blank = browser.postJson("/api/v1/access-log/" + seq(2) + "/review", "{\"note\": \"  \"}");
        assertThat(blank.statusCode()).isEqualTo(400);
        assertThat(blank.body()).contains("\"code\":\"invalid-note\"");

        assertThatThrownBy(() -> tenancy.inSchool(school, () ->
                jdbc.sql("update access_log_review set note = '\\x00'::bytea").update()))
                .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("permission denied");
        assertThatThrownBy(() -> tenancy.inSchool(school, () -> jdbc.sql("delete from access_log_review").update()))
                .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("permission denied");
    }

    @Test
    void theApiFiltersAndAnswersWithFlagsAndACursor() {
        CustodianUser admin = fixtures.schoolAdmin(school);
        append(UUID.randomUUID(), "SUPPORT", List.of(pupil1), AccessAction.READ, "SUPPORT_WITH_CONSENT");
        appendAfterAMinute(teacherA, List.of(pupil1), AccessAction.READ, "TEACHING_AND_LEARNING");
        appendAfterAMinute(teacherA, List.of(pupil2), AccessAction.READ, "TEACHING_AND_LEARNING");
        flagging.flagNewEntries(school);
        Browser browser = fixtures.signedIn(port, admin);

        JsonNode page = json.readTree(browser.get("/api/v1/access-log?limit=2").body());
        assertThat(page.get("entries")).hasSize(2);
        assertThat(page.get("next").asLong()).isEqualTo(seq(2));
        JsonNode rest = json.readTree(browser.get("/api/v1/access-log?limit=2&before=" + seq(2)).body());
        assertThat(rest.get("entries")).hasSize(1);
        assertThat(rest.has("next")).as("the last page has no cursor").isFalse();

        JsonNode support = json.readTree(browser.get("/api/v1/access-log?flag=SUPPORT_ACCESS").body()).get("entries");
        assertThat(support).hasSize(1);
        assertThat(support.get(0).get("sequence").asLong()).isEqualTo(seq(1));
        assertThat(support.get(0).get("actorRole").asString()).isEqualTo("SUPPORT");
        assertThat(support.get(0).get("flags").toString()).contains("SUPPORT_ACCESS");

        JsonNode byActorAndPupil = json.readTree(browser.get("/api/v1/access-log?actor=" + teacherA + "&pupil=" + pupil2
                + "&purpose=TEACHING_AND_LEARNING&action=READ&from=" + enc(Instant.EPOCH) + "&to="
                + enc(clock.instant().plusSeconds(1))).body()).get("entries");
        assertThat(byActorAndPupil).hasSize(1);
        assertThat(byActorAndPupil.get(0).get("sequence").asLong()).isEqualTo(seq(3));
    }

    @Test
    void badParametersAreRefusedWithStableCodes() {
        Browser browser = fixtures.signedIn(port, fixtures.schoolAdmin(school));

        Map<String, String> refusals = Map.of(
                "actor=someone", "invalid-actor",
                "pupil=12", "invalid-pupil",
                "purpose=" + enc("not a code!"), "invalid-purpose",
                "action=DELETE", "invalid-action",
                "flag=NOISY", "invalid-flag",
                "from=yesterday", "invalid-time",
                "from=2026-09-02T00:00:00Z&to=2026-09-01T00:00:00Z", "invalid-time-range",
                "unreviewed=maybe", "invalid-unreviewed",
                "before=0", "invalid-cursor",
                "limit=501", "invalid-limit");
        refusals.forEach((params, code) -> {
            var answer = browser.get("/api/v1/access-log?" + params);
            assertThat(answer.statusCode()).as(params).isEqualTo(400);
            assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                    assertThat(type).startsWith("application/problem+json"));
            assertThat(answer.body()).as(params).contains("\"code\":\"" + code + "\"");
        });
    }

    @Test
    void teachersMayNotReviewAndTheDpoMay() {
        appendAfterAMinute(teacherA, List.of(pupil1), AccessAction.READ, "TEACHING_AND_LEARNING");
        Browser teacher = fixtures.signedIn(port, fixtures.user(school, Role.TEACHER));

        assertThat(teacher.get("/api/v1/access-log").statusCode()).isEqualTo(403);
        assertThat(teacher.postJson("/api/v1/access-log/" + seq(1) + "/review", "{\"note\": \"" + NOTE + "\"}").statusCode())
                .isEqualTo(403);
        assertThat(teacher.get("/school/access-log").statusCode()).isEqualTo(403);
        assertThat(review.search(school, Query.newest(1)).entries().get(0).review()).isNull();

        Browser dpo = fixtures.signedIn(port, fixtures.user(school, Role.DPO));
        assertThat(dpo.get("/api/v1/access-log").statusCode()).isEqualTo(200);
        assertThat(dpo.get("/school/access-log").statusCode()).isEqualTo(200);
    }

    @Test
    void anotherSchoolsAdminSeesNoneOfThisSchoolsEntries() {
        appendAfterAMinute(teacherA, List.of(pupil1), AccessAction.READ, "TEACHING_AND_LEARNING");
        UUID schoolB = fixtures.school().id();
        Browser adminB = fixtures.signedIn(port, fixtures.schoolAdmin(schoolB));

        assertThat(json.readTree(adminB.get("/api/v1/access-log").body()).get("entries")).isEmpty();
        assertThat(json.readTree(adminB.get("/api/v1/access-log?pupil=" + pupil1).body()).get("entries")).isEmpty();
        assertThat(json.readTree(adminB.get("/api/v1/access-log?actor=" + teacherA).body()).get("entries")).isEmpty();
        var marked = adminB.postJson("/api/v1/access-log/" + seq(1) + "/review", "{\"note\": \"" + NOTE + "\"}");
        assertThat(marked.statusCode()).isEqualTo(404);
        assertThat(adminB.get("/school/access-log").body()).doesNotContain(pupil1.toString());
        assertThat(review.search(school, Query.newest(1)).entries().get(0).review()).isNull();
    }

    @Test
    void thePageShowsFlagsAndMarksAnEntryReviewedThenReturnsToTheSameView() {
        CustodianUser admin = fixtures.schoolAdmin(school);
        append(UUID.randomUUID(), "SUPPORT", List.of(pupil1), AccessAction.READ, "SUPPORT_WITH_CONSENT");
        appendAfterAMinute(teacherA, List.of(pupil2), AccessAction.READ, "TEACHING_AND_LEARNING");
        flagging.flagNewEntries(school);
        Browser browser = fixtures.signedIn(port, admin);

        String page = browser.get("/school/access-log").body();
        assertThat(page).contains("govuk-tag--purple").contains("Support access").contains(pupil1.toString())
                .contains("Mark selected reviewed").contains("href=\"/school/access-log\"");
        String filtered = browser.get("/school/access-log?flag=SUPPORT_ACCESS").body();
        assertThat(filtered).contains(pupil1.toString()).doesNotContain(pupil2.toString());

        var posted = browser.postForm("/school/access-log?flag=SUPPORT_ACCESS", "/school/access-log/review",
                Map.of("note", NOTE, "flag", "SUPPORT_ACCESS", "entry", String.valueOf(seq(1))));
        assertThat(posted.statusCode()).isEqualTo(302);
        assertThat(posted.headers().firstValue("Location").orElseThrow()).endsWith("/school/access-log?flag=SUPPORT_ACCESS");
        String after = browser.get("/school/access-log?flag=SUPPORT_ACCESS").body();
        assertThat(after).contains("1 entry has been marked as reviewed.").contains(NOTE).contains("Reviewed");

        var empty = browser.postForm("/school/access-log", "/school/access-log/review", Map.of("note", ""));
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(empty.body()).contains("govuk-error-summary").contains("href=\"#note\"").contains("href=\"#entries\"")
                .contains("Enter a note saying what you found.").contains("Select the entries you have reviewed.");

        var badFilter = browser.get("/school/access-log?pupil=not-an-id&to=2026-13-01");
        assertThat(badFilter.statusCode()).isEqualTo(400);
        assertThat(badFilter.body()).contains("href=\"#pupil\"").contains("href=\"#to\"");
    }

    @Test
    void aPageOfEntriesIsReviewedWithOneNoteAndReadsInWords() {
        CustodianUser admin = fixtures.schoolAdmin(school);
        appendAfterAMinute(teacherA, List.of(pupil1), AccessAction.READ, "TEACHING_AND_LEARNING");
        appendAfterAMinute(teacherA, List.of(pupil2), AccessAction.READ, "TEACHING_AND_LEARNING");
        List<UUID> many = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            many.add(UUID.randomUUID());
        }
        clock.advance(Duration.ofMinutes(1));
        tenancy.inSchool(school, () -> {
            var logged = accessLog.append(new AccessEntry(school, admin.id(), "SCHOOL_ADMIN", many, List.of("name"),
                    AccessAction.CREATE, "DATA_MANAGEMENT", "MIS import 1234", "req-import", "0:0:0:0:0:0:0:1"));
            appended.add(logged.sequence());
            return logged;
        });
        Browser browser = fixtures.signedIn(port, admin);

        String page = browser.get("/school/access-log").body();
        assertThat(page).contains("Imported 300 pupils (new)").contains("and 295 more")
                .contains("From this server").doesNotContain("0:0:0:0:0:0:0:1")
                .contains("School admin").doesNotContain(">SCHOOL_ADMIN<").doesNotContain("(TEACHING_AND_LEARNING)")
                .doesNotContain(many.get(5).toString());
        assertThat(page.split("name=\"note\"", -1)).as("one note box for the page").hasSize(2);

        var posted = browser.postForm("/school/access-log", "/school/access-log/review", List.of(
                Map.entry("entry", String.valueOf(seq(1))), Map.entry("entry", String.valueOf(seq(3))),
                Map.entry("note", NOTE)));
        assertThat(posted.statusCode()).isEqualTo(302);
        assertThat(browser.get("/school/access-log").body()).contains("2 entries have been marked as reviewed.");
        assertThat(review.search(school, Query.newest(10)).entries())
                .extracting(entry -> entry.review() == null ? null : entry.review().note())
                .containsExactly(NOTE, null, NOTE);

        var unknown = browser.postForm("/school/access-log", "/school/access-log/review", List.of(
                Map.entry("entry", String.valueOf(seq(2))), Map.entry("entry", "999999999"), Map.entry("note", NOTE)));
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(review.search(school, Query.newest(10)).entries().get(1).review())
                .as("all or nothing: the known entry is not marked either").isNull();
    }

    @Test
    void theSchoolOverviewLinksToThePageForReviewersOnly() {
        Browser admin = fixtures.signedIn(port, fixtures.schoolAdmin(school));
        Browser teacher = fixtures.signedIn(port, fixtures.user(school, Role.TEACHER));

        assertThat(admin.get("/school").body()).contains("href=\"/school/access-log\"");
        assertThat(teacher.get("/school").body()).doesNotContain("/school/access-log");
    }

    private Instant appendAfterAMinute(UUID actor, List<UUID> pupils, AccessAction action, String purpose) {
        clock.advance(Duration.ofMinutes(1));
        return append(actor, "TEACHER", pupils, action, purpose);
    }

    private Instant append(UUID actor, String role, List<UUID> pupils, AccessAction action, String purpose) {
        return tenancy.inSchool(school, () -> {
            long next = jdbc.sql("select count(*) + 1 from access_log_entry where school_id = ?").param(school)
                    .query(Long.class).single();
            var logged = accessLog.append(new AccessEntry(school, actor, role, pupils, List.of("name", "attendance"),
                    action, purpose, null, "req-" + next, "192.0.2.1"));
            appended.add(logged.sequence());
            return logged.occurredAt();
        });
    }

    private long seq(int n) {
        return appended.get(n - 1);
    }

    private List<Long> seqs(int... ns) {
        return java.util.Arrays.stream(ns).mapToObj(this::seq).toList();
    }

    private static AccessEntry entry(UUID schoolId, UUID actor, List<UUID> pupils, AccessAction action, String purpose,
                                     String reason) {
        return new AccessEntry(schoolId, actor, "TEACHER", pupils, List.of("name"), action, purpose, reason, "req",
                "192.0.2.1");
    }

    private AccessLogReview.Page query(UUID actor, UUID pupil, String purpose, AccessAction action, Instant from,
                                       Instant to) {
        return review.search(school, new Query(actor, pupil, purpose, action, from, to, null, false, null, 100));
    }

    private static List<Long> sequences(AccessLogReview.Page page) {
        return page.entries().stream().map(AccessLogReview.Entry::sequence).toList();
    }

    private static String enc(Object value) {
        return URLEncoder.encode(value.toString(), StandardCharsets.UTF_8);
    }
}
