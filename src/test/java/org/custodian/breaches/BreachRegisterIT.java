package org.custodian.breaches;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.time.DayOfWeek;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;

import com.icegreen.greenmail.util.GreenMail;

import org.custodian.accesslog.AccessAction;
import org.custodian.accesslog.AccessEntry;
import org.custodian.accesslog.AccessLog;
import org.custodian.identity.CustodianUser;
import org.custodian.identity.Role;
import org.custodian.schools.School;
import org.custodian.support.Browser;
import org.custodian.support.CustodianTest;
import org.custodian.support.Fixtures;
import org.custodian.support.TestClock;
import org.custodian.tenancy.Tenancy;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The breach register end to end: the 72-hour clock across the spring clock change, refused input
 * that records nothing, scopes whose counts match the access log, notices emailed to every school
 * reached and acknowledged, names only for the school's own DPO (a logged read), the draft report.
 */
@CustodianTest
class BreachRegisterIT {

    static final String API = "/api/v1/platform/breaches";
    static final ZoneId UK = ZoneId.of("Europe/London");

    @LocalServerPort int port;
    @Autowired Fixtures fixtures;
    @Autowired JsonMapper json;
    @Autowired TestClock clock;
    @Autowired Tenancy tenancy;
    @Autowired JdbcClient jdbc;
    @Autowired AccessLog accessLog;
    @Autowired GreenMail mail;

    Browser platform;

    @BeforeEach
    void signIn() {
        platform = fixtures.signedIn(port, fixtures.platformAdmin());
    }

    @Test
    void theClockRunsSeventyTwoElapsedHoursAcrossTheSpringClockChange() {
        // The last Sunday of March before now: at 01:00 GMT the clocks go forward to 02:00 BST.
        int year = LocalDate.now(clock.withZone(UK)).minusMonths(4).getYear();
        LocalDate changeDay = LocalDate.of(year, 3, 31).with(TemporalAdjusters.previousOrSame(DayOfWeek.SUNDAY));
        String id = record(incident(changeDay.minusDays(1) + "T22:00", changeDay + "T00:30", "Laptop stolen from a car"));

        JsonNode incident = json.readTree(platform.get(API + "/" + id).body()).get("incident");
        Instant aware = Instant.parse(incident.get("awareAt").asString());
        Instant reportBy = Instant.parse(incident.get("reportBy").asString());
        assertThat(aware).isEqualTo(changeDay.atTime(LocalTime.of(0, 30)).atZone(UK).toInstant());
        assertThat(Duration.between(aware, reportBy)).isEqualTo(Duration.ofHours(72));
        // On the wall clock that is 01:30 on the Wednesday: the lost hour is not a gap in the 72.
        assertThat(reportBy.atZone(UK).toLocalDateTime()).isEqualTo(changeDay.plusDays(3).atTime(1, 30));

        JsonNode row = dashboardRow(id);
        assertThat(row.get("reportBy").asString()).isEqualTo(reportBy.toString());
        assertThat(row.get("minutesLeft").asLong()).isEqualTo(Duration.between(clock.instant(), reportBy).toMinutes());
        assertThat(row.get("decision").asString()).isEqualTo("Decision needed");
        String page = platform.get("/platform/breaches").body();
        assertThat(page).contains(changeDay.plusDays(3).getDayOfMonth() + " " + changeDay.plusDays(3).getMonth()
                .getDisplayName(java.time.format.TextStyle.FULL, java.util.Locale.UK) + " " + year + ", 01:30");

        // Decided long after the 72 hours: a report needs the reasons for the delay.
        assertProblem(platform.api("POST", API + "/" + id + "/decisions",
                "{\"reportToIco\": true, \"tellSubjects\": false, \"reasons\": \"Names and dates of birth\"}"),
                400, "invalid-breach-decision");
        assertThat(platform.api("POST", API + "/" + id + "/decisions", "{\"reportToIco\": true, \"tellSubjects\": false,"
                + " \"reasons\": \"Names and dates of birth\", \"delayReasons\": \"Found late\"}").statusCode()).isEqualTo(204);
        assertThat(dashboardRow(id).get("decision").asString()).isEqualTo("Report to the ICO");
        JsonNode timeline = json.readTree(platform.get(API + "/" + id).body()).get("timeline");
        assertThat(timeline.valueStream().map(e -> e.get("kind").asString()).toList()).containsExactly("RECORDED", "DECISION");
        assertThat(timeline.get(1).get("delayReasons").asString()).isEqualTo("Found late");
    }

    @Test
    void awarenessInTheFutureOrBeforeTheStartIsRefusedAndNothingIsWritten() {
        long before = incidents();
        Instant now = clock.instant();
        assertProblem(platform.api("POST", API, incident(now.minus(Duration.ofHours(2)).toString(),
                now.plus(Duration.ofMinutes(5)).toString(), "Future")), 400, "invalid-breach");
        assertProblem(platform.api("POST", API, incident(now.minus(Duration.ofHours(1)).toString(),
                now.minus(Duration.ofHours(2)).toString(), "Before its start")), 400, "invalid-breach");
        assertProblem(platform.api("POST", API, incident("yesterday", now.toString(), "Unreadable")), 400, "invalid-breach");
        assertThat(incidents()).isEqualTo(before);

        // The same on the page's form: shown again with the error, nothing recorded.
        java.util.Map<String, String> form = new java.util.HashMap<>(java.util.Map.of("category", "CONFIDENTIALITY",
                "startedAt", now.minus(Duration.ofHours(3)).atZone(UK).toLocalDateTime().withNano(0).toString(),
                "awareAt", now.plus(Duration.ofHours(1)).atZone(UK).toLocalDateTime().withNano(0).toString(),
                "dataCategories", "name, dob", "whatHappened", "A spreadsheet was emailed to the wrong school"));
        HttpResponse<String> refused = platform.postForm("/platform/breaches/new", "/platform/breaches/new", form);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("govuk-error-summary").contains("future");
        assertThat(incidents()).isEqualTo(before);
        form.put("awareAt", now.minus(Duration.ofHours(1)).atZone(UK).toLocalDateTime().withNano(0).toString());
        HttpResponse<String> recorded = platform.postForm("/platform/breaches/new", "/platform/breaches/new", form);
        assertThat(recorded.statusCode()).as(recorded.body()).isEqualTo(302);
        assertThat(incidents()).isEqualTo(before + 1);
        String incidentPage = recorded.headers().firstValue("Location").orElseThrow().replaceFirst("^https?://[^/]+", "");
        assertThat(platform.get(incidentPage).body())
                .contains("A spreadsheet was emailed to the wrong school");

        // A school user may not use the register at all.
        School school = fixtures.school();
        Browser admin = fixtures.signedIn(port, fixtures.schoolAdmin(school.id()));
        assertThat(admin.api("POST", API, incident(now.minus(Duration.ofHours(2)).toString(), now.toString(), "x"))
                .statusCode()).isEqualTo(403);
        assertThat(admin.get("/platform/breaches").statusCode()).isEqualTo(403);
        assertThat(incidents()).isEqualTo(before + 1);
    }

    @Test
    void scopeCountsMatchTheAccessLogAndEveryReachedSchoolIsNotifiedAndAcknowledges() throws Exception {
        School first = fixtures.school();
        School second = fixtures.school();
        School untouched = fixtures.school();
        CustodianUser firstAdmin = fixtures.schoolAdmin(first.id());
        CustodianUser secondAdmin = fixtures.schoolAdmin(second.id());
        fixtures.acceptAgreement(first.id(), firstAdmin);
        fixtures.acceptAgreement(second.id(), secondAdmin);
        CustodianUser firstDpo = fixtures.user(first.id(), Role.DPO);
        Browser firstAdminBrowser = fixtures.signedIn(port, firstAdmin);
        List<UUID> firstPupils = List.of(pupil(firstAdminBrowser), pupil(firstAdminBrowser), pupil(firstAdminBrowser),
                pupil(firstAdminBrowser));
        List<UUID> secondPupils = List.of(fixtures.pupil(second.id()), fixtures.pupil(second.id()));
        UUID token = UUID.randomUUID(); // an API token's id is the actor of what it read
        UUID other = UUID.randomUUID();

        // The access log stores microseconds; the test clock does not tick, so entries share its instant.
        clock.set(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS));
        // Before the window: the token reads pupil 3; another actor reads pupil 0.
        log(first.id(), token, List.of(firstPupils.get(3)), "TEACHING_AND_LEARNING", "192.0.2.7");
        clock.advance(Duration.ofMinutes(5));
        Instant from = clock.instant();
        log(first.id(), token, List.of(firstPupils.get(0), firstPupils.get(1)), "TEACHING_AND_LEARNING", "192.0.2.7");
        log(first.id(), token, List.of(firstPupils.get(1)), "TEACHING_AND_LEARNING", "198.51.100.9");
        log(first.id(), token, List.of(firstPupils.get(2)), "TEACHING_AND_LEARNING", "192.0.2.7");
        log(first.id(), token, List.of(firstAdmin.id()), "STAFF_ADMINISTRATION", "192.0.2.7"); // staff, not a pupil
        log(first.id(), other, List.of(firstPupils.get(3)), "TEACHING_AND_LEARNING", "192.0.2.7");
        log(second.id(), token, List.of(secondPupils.get(0)), "TEACHING_AND_LEARNING", "192.0.2.7");
        clock.advance(Duration.ofMinutes(5));
        Instant to = clock.instant();
        log(first.id(), token, List.of(firstPupils.get(3)), "TEACHING_AND_LEARNING", "192.0.2.7"); // after: at `to`

        String id = record(incident(from.minus(Duration.ofHours(1)).toString(), clock.instant().toString(),
                "A partner's API token was leaked in a public repository"));
        HttpResponse<String> scoped = platform.api("POST", API + "/" + id + "/scopes", "{\"kind\": \"API_TOKEN\","
                + " \"actorId\": \"" + token + "\", \"from\": \"" + from + "\", \"to\": \"" + to + "\"}");
        assertThat(scoped.statusCode()).as(scoped.body()).isEqualTo(200);
        JsonNode schools = json.readTree(scoped.body()).get("schools");
        assertThat(schools.size()).isEqualTo(2);
        JsonNode firstCounts = school(schools, first.id());
        assertThat(firstCounts.get("entries").asLong()).isEqualTo(4);
        assertThat(firstCounts.get("pupils").asLong()).isEqualTo(3);
        assertThat(firstCounts.get("entries").asLong()).isEqualTo(countedByOwner(first.id(), token, from, to));
        assertThat(school(schools, second.id()).get("pupils").asLong()).isEqualTo(1);

        // A session: the same actor seen from one address only.
        JsonNode session = json.readTree(platform.api("POST", API + "/" + id + "/scopes", "{\"kind\": \"SESSION\","
                + " \"actorId\": \"" + token + "\", \"sourceIp\": \"198.51.100.9\", \"from\": \"" + from + "\", \"to\": \""
                + to + "\"}").body()).get("schools");
        assertThat(session.size()).isEqualTo(1);
        assertThat(school(session, first.id()).get("pupils").asLong()).isEqualTo(1);
        assertProblem(platform.api("POST", API + "/" + id + "/scopes", "{\"kind\": \"SESSION\", \"actorId\": \"" + token
                + "\", \"from\": \"" + from + "\", \"to\": \"" + to + "\"}"), 400, "invalid-breach-scope");
        assertProblem(platform.api("POST", API + "/" + id + "/scopes", "{\"kind\": \"ACCOUNT\", \"actorId\": \"" + token
                + "\", \"from\": \"" + to + "\", \"to\": \"" + from + "\"}"), 400, "invalid-breach-scope");

        // Nothing is shown to a school before it is told.
        assertProblem(firstAdminBrowser.get("/api/v1/breach-notices/" + id), 404, "breach-notice-not-found");

        int mailBefore = mail.getReceivedMessages().length;
        JsonNode notified = json.readTree(platform.api("POST", API + "/" + id + "/notices", null).body()).get("schools");
        assertThat(notified.valueStream().map(JsonNode::asString).toList())
                .containsExactlyInAnyOrder(first.id().toString(), second.id().toString());
        assertThat(json.readTree(platform.api("POST", API + "/" + id + "/notices", null).body()).get("schools").size())
                .as("told once").isZero();
        List<String> recipients = Arrays.stream(mail.getReceivedMessages()).skip(mailBefore)
                .filter(m -> subject(m).contains("personal data breach")).flatMap(m -> to(m).stream()).toList();
        assertThat(recipients).containsExactlyInAnyOrder(first.contactEmail().value(), firstDpo.getUsername(),
                second.contactEmail().value());
        assertThat(recipients).doesNotContain(untouched.contactEmail().value());

        // The school sees its notice, its own counts, and records who acknowledged it and when.
        JsonNode notice = json.readTree(firstAdminBrowser.get("/api/v1/breach-notices/" + id).body());
        assertThat(notice.get("entries").asLong()).isEqualTo(5);
        assertThat(notice.get("incident").get("details").get("whatHappened").asString()).contains("API token was leaked");
        assertThat(json.readTree(firstAdminBrowser.api("POST", "/api/v1/breach-notices/" + id + "/acknowledgement", null)
                .body()).get("recorded").asBoolean()).isTrue();
        assertThat(json.readTree(firstAdminBrowser.api("POST", "/api/v1/breach-notices/" + id + "/acknowledgement", null)
                .body()).get("recorded").asBoolean()).as("once per person").isFalse();
        JsonNode notices = json.readTree(platform.get(API + "/" + id).body()).get("notices");
        JsonNode firstNotice = notices.valueStream().filter(n -> n.get("schoolId").asString().equals(first.id().toString()))
                .findFirst().orElseThrow();
        assertThat(firstNotice.get("acknowledgements").size()).isEqualTo(1);
        assertThat(firstNotice.get("acknowledgements").get(0).get("userId").asString()).isEqualTo(firstAdmin.id().toString());
        assertThat(Instant.parse(firstNotice.get("acknowledgements").get(0).get("acknowledgedAt").asString()))
                .isEqualTo(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS));
        assertThat(firstAdminBrowser.get("/school/breaches").body()).contains("API token was leaked");

        // Names only for the DPO, of their own school's pupils, in one logged read.
        assertThat(firstAdminBrowser.get("/api/v1/breach-notices/" + id + "/pupils").statusCode()).isEqualTo(403);
        Browser dpo = fixtures.signedIn(port, firstDpo);
        HttpResponse<String> names = dpo.get("/api/v1/breach-notices/" + id + "/pupils");
        assertThat(names.statusCode()).as(names.body()).isEqualTo(200);
        java.util.Collection<String> named = json.readTree(names.body()).propertyNames();
        assertThat(named).containsExactlyInAnyOrder(firstPupils.get(0).toString(), firstPupils.get(1).toString(),
                firstPupils.get(2).toString());
        long logged = tenancy.inSchool(first.id(), () -> jdbc.sql("""
                        select count(*) from access_log_entry
                         where school_id = ? and actor_id = ? and purpose = 'BREACH_INVESTIGATION'""")
                .params(first.id(), firstDpo.id()).query(Long.class).single());
        assertThat(logged).isEqualTo(1);
        Browser untouchedDpo = fixtures.signedIn(port, fixtures.user(untouched.id(), Role.DPO));
        assertProblem(untouchedDpo.get("/api/v1/breach-notices/" + id + "/pupils"), 404, "breach-notice-not-found");

        // The draft ICO report for the school.
        HttpResponse<String> pdf = firstAdminBrowser.api("GET", "/api/v1/breach-notices/" + id + "/ico-report.pdf", null,
                "Accept", "application/pdf");
        assertThat(pdf.statusCode()).isEqualTo(200);
        assertThat(pdf.headers().firstValue("Content-Type").orElse("")).startsWith("application/pdf");
        assertThat(pdf.body()).startsWith("%PDF");

        // What happened is stored only encrypted.
        String stored = tenancy.asPlatform(() -> jdbc.sql(
                        "select encode(details, 'escape') from breach_incident where id = ?::uuid")
                .param(id).query(String.class).single());
        assertThat(stored).doesNotContain("API token was leaked");
    }

    private UUID pupil(Browser admin) {
        HttpResponse<String> created = admin.api("POST", "/api/v1/pupils", fixtures.newPupil().json(),
                "Custodian-Purpose", "DATA_MANAGEMENT");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return UUID.fromString(json.readTree(created.body()).get("id").asString());
    }

    private void log(UUID school, UUID actor, List<UUID> subjects, String purpose, String ip) {
        tenancy.inSchool(school, () -> accessLog.append(new AccessEntry(school, actor, "MIS_CONNECTOR", subjects,
                List.of("name"), AccessAction.READ, purpose, null, null, ip)));
    }

    private long countedByOwner(UUID school, UUID actor, Instant from, Instant to) {
        return tenancy.inSchool(school, () -> jdbc.sql("""
                        select count(*) from access_log_entry
                         where school_id = ? and actor_id = ? and occurred_at >= ? and occurred_at < ?""")
                .params(school, actor, java.sql.Timestamp.from(from), java.sql.Timestamp.from(to))
                .query(Long.class).single());
    }

    private long incidents() {
        return tenancy.asPlatform(() -> jdbc.sql("select count(*) from breach_incident").query(Long.class).single());
    }

    private static JsonNode school(JsonNode schools, UUID id) {
        return schools.valueStream().filter(s -> s.get("schoolId").asString().equals(id.toString())).findFirst()
                .orElseThrow(() -> new AssertionError("school not reached"));
    }

    private String record(String body) {
        HttpResponse<String> created = platform.api("POST", API, body);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json.readTree(created.body()).get("id").asString();
    }

    private JsonNode dashboardRow(String id) {
        return json.readTree(platform.get(API).body()).valueStream()
                .filter(row -> row.get("id").asString().equals(id)).findFirst().orElseThrow();
    }

    private static String incident(String startedAt, String awareAt, String whatHappened) {
        return """
                {"category": "CONFIDENTIALITY", "startedAt": "%s", "awareAt": "%s", "dataCategories": ["name", "dob"],
                 "approximateSubjects": 30, "whatHappened": "%s", "containment": "Token revoked", "risk": "Low"}"""
                .formatted(startedAt, awareAt, whatHappened);
    }

    private void assertProblem(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(json.readTree(response.body()).get("code").asString()).isEqualTo(code);
    }

    private static String subject(Message message) {
        try {
            return message.getSubject();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> to(Message message) {
        try {
            return Arrays.stream(message.getAllRecipients()).map(a -> ((jakarta.mail.internet.InternetAddress) a)
                    .getAddress()).toList();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
