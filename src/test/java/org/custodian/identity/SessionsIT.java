package org.custodian.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.custodian.schools.School;
import org.custodian.support.Browser;
import org.custodian.support.CustodianTest;
import org.custodian.support.Fixtures;
import org.custodian.support.TestClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * "Who is signed in now" and revoking sessions, over real HTTP with real JDBC sessions: a revoked
 * session is refused at its next request; a school admin never reaches another school's sessions.
 */
@CustodianTest
class SessionsIT {

    @LocalServerPort int port;
    @Autowired Fixtures fixtures;
    @Autowired TestClock clock;
    @Autowired JsonMapper json;
    @Autowired SecurityEvents events;
    @Autowired JdbcClient jdbc;

    School schoolA;
    School schoolB;
    CustodianUser adminA;
    CustodianUser teacherA;
    CustodianUser adminB;
    CustodianUser teacherB;

    @BeforeEach
    void twoSchools() {
        schoolA = fixtures.school();
        schoolB = fixtures.school();
        adminA = fixtures.schoolAdmin(schoolA.id());
        teacherA = fixtures.user(schoolA.id(), Role.TEACHER);
        adminB = fixtures.schoolAdmin(schoolB.id());
        teacherB = fixtures.user(schoolB.id(), Role.TEACHER);
    }

    @Test
    void aSchoolAdminSeesTheirOwnSchoolsSignedInSessionsOnlyAndTheirOwnIsMarked() throws Exception {
        Browser admin = fixtures.signedIn(port, adminA);
        fixtures.signedIn(port, teacherA);
        fixtures.signedIn(port, teacherB);
        fixtures.signedIn(port, adminB);
        CustodianUser halfway = fixtures.user(schoolA.id(), Role.TEACHER);
        new Browser(port).signIn(halfway.getUsername(), Fixtures.PASSWORD); // the second factor is still to come

        List<JsonNode> listed = list(admin);
        var page = admin.get("/school/sessions");

        assertThat(userIds(listed)).containsExactlyInAnyOrder(adminA.id(), teacherA.id());
        assertThat(listed).filteredOn(s -> s.get("current").asBoolean())
                .singleElement().satisfies(s -> assertThat(s.get("userId").asString()).isEqualTo(adminA.id().toString()));
        assertThat(listed).allSatisfy(s -> {
            assertThat(s.get("sourceIp").asString()).isEqualTo("127.0.0.1");
            assertThat(s.get("signedInAt").asString()).isNotBlank();
            assertThat(s.get("lastActivityAt").asString()).isNotBlank();
            assertThat(s.get("browser").asString()).isEqualTo("Java-http-client");
        });
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Who is signed in", "This session", "Test SCHOOL_ADMIN", "Test TEACHER",
                        teacherA.id().toString(), "127.0.0.1")
                .doesNotContain(teacherB.id().toString(), adminB.id().toString(), halfway.id().toString());
        assertThat(page.body().split("class=\"govuk-table__row custodian-session\"", -1)).hasSize(3);
        // The session id is the cookie's secret: neither the page nor the API shows it.
        String ownSessionId = sessionIdsOf(adminA).get(0);
        assertThat(page.body()).doesNotContain(ownSessionId);
        assertThat(listed.toString()).doesNotContain(ownSessionId);
    }

    @Test
    void thePlatformAdminSeesEveryoneAndOthersCannotOpenThePlatformList() throws Exception {
        fixtures.signedIn(port, teacherA);
        fixtures.signedIn(port, teacherB);
        Browser operator = fixtures.signedIn(port, fixtures.platformAdmin());
        Browser admin = fixtures.signedIn(port, adminA);
        Browser teacher = fixtures.signedIn(port, teacherA);

        assertThat(userIds(list(operator))).contains(teacherA.id(), teacherB.id(), adminA.id());
        assertThat(operator.get("/platform/sessions").body()).contains(teacherA.id().toString(),
                teacherB.id().toString(), "Platform admin");
        assertThat(admin.get("/platform/sessions").statusCode()).isEqualTo(403);
        assertThat(operator.get("/school/sessions").statusCode()).isEqualTo(403);
        assertThat(teacher.get("/school/sessions").statusCode()).isEqualTo(403);
        assertThat(admin.get("/school").body()).contains("href=\"/school/sessions\"")
                .doesNotContain("href=\"/platform/sessions\"");
        assertThat(operator.get("/platform/schools").body()).contains("href=\"/platform/sessions\"");
        assertThat(teacher.get("/school").body()).doesNotContain("/sessions\"");
        var api = teacher.get("/api/v1/sessions");
        assertThat(api.statusCode()).isEqualTo(403);
        assertThat(api.body()).contains("\"code\":\"forbidden\"");
    }

    @Test
    void revokingOneSessionRefusesItsNextRequestWhileTheOthersCarryOn() throws Exception {
        Browser admin = fixtures.signedIn(port, adminA);
        Browser first = fixtures.signedIn(port, teacherA);
        Browser second = fixtures.signedIn(port, teacherA);
        UUID firstHandle = handlesOf(admin, teacherA).get(0); // the earlier sign-in

        var revoked = admin.postForm("/school/sessions", "/school/sessions/" + firstHandle + "/revoke", Map.of());

        assertThat(revoked.statusCode()).isEqualTo(302);
        assertThat(revoked.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/school/sessions"));
        assertRefused(first);
        assertThat(first.get("/api/v1/schools/" + schoolA.id()).statusCode()).isEqualTo(401);
        assertThat(second.get("/school").statusCode()).isEqualTo(200);
        assertThat(admin.get("/school").statusCode()).isEqualTo(200);
        assertThat(handlesOf(admin, teacherA)).hasSize(1).doesNotContain(firstHandle);
        assertThat(admin.get("/school/sessions").body()).contains("The session has been ended.");
        assertThat(events.list(schoolA.id(), teacherA.id(), null, null, 20))
                .filteredOn(e -> e.type() == SecurityEventType.SESSION_REVOKED)
                .singleElement().satisfies(e -> assertThat(e.actorId()).isEqualTo(adminA.id()));
    }

    @Test
    void revokingAllOfAPersonsSessionsEndsEveryOneOfThemAndNoOneElses() throws Exception {
        Browser admin = fixtures.signedIn(port, adminA);
        Browser first = fixtures.signedIn(port, teacherA);
        Browser second = fixtures.signedIn(port, teacherA);
        CustodianUser colleague = fixtures.user(schoolA.id(), Role.TEACHER);
        Browser other = fixtures.signedIn(port, colleague);

        var revoked = admin.postForm("/school/sessions", "/school/sessions/users/" + teacherA.id() + "/revoke", Map.of());

        assertThat(revoked.statusCode()).isEqualTo(302);
        assertRefused(first);
        assertRefused(second);
        assertThat(other.get("/school").statusCode()).isEqualTo(200);
        assertThat(admin.get("/school").statusCode()).isEqualTo(200);
        assertThat(sessionIdsOf(teacherA)).isEmpty();
        assertThat(events.list(schoolA.id(), teacherA.id(), null, null, 20))
                .filteredOn(e -> e.type() == SecurityEventType.SESSION_REVOKED).hasSize(2);
    }

    @Test
    void aSchoolAdminGets404ForAnotherSchoolsSessionsAndNothingChanges() throws Exception {
        Browser adminOfA = fixtures.signedIn(port, adminA);
        Browser adminOfB = fixtures.signedIn(port, adminB);
        Browser teacherOfB = fixtures.signedIn(port, teacherB);
        UUID handleOfB = handlesOf(adminOfB, teacherB).get(0);

        var page = adminOfA.postForm("/school/sessions", "/school/sessions/" + handleOfB + "/revoke", Map.of());
        var pageAll = adminOfA.postForm("/school/sessions", "/school/sessions/users/" + teacherB.id() + "/revoke",
                Map.of());
        var api = adminOfA.delete("/api/v1/sessions/" + handleOfB);
        var apiAll = adminOfA.delete("/api/v1/sessions?user=" + teacherB.id());
        var unknown = adminOfA.delete("/api/v1/sessions/" + UUID.randomUUID());

        assertThat(page.statusCode()).isEqualTo(404);
        assertThat(pageAll.statusCode()).isEqualTo(404);
        assertThat(api.statusCode()).isEqualTo(404);
        assertThat(api.body()).contains("\"code\":\"session-not-found\"");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("\"code\":\"session-not-found\"");
        assertThat(apiAll.statusCode()).isEqualTo(404);
        assertThat(apiAll.body()).contains("\"code\":\"user-not-found\"");
        assertThat(teacherOfB.get("/school").statusCode()).isEqualTo(200);
        assertThat(handlesOf(adminOfB, teacherB)).containsExactly(handleOfB);
        assertThat(events.list(schoolB.id(), teacherB.id(), null, null, 20))
                .noneMatch(e -> e.type() == SecurityEventType.SESSION_REVOKED);
    }

    @Test
    void theApiListsAndRevokesWithProblemCodesAndNeedsTheCsrfToken() throws Exception {
        Browser admin = fixtures.signedIn(port, adminA);
        Browser one = fixtures.signedIn(port, teacherA);
        Browser two = fixtures.signedIn(port, teacherA);
        CustodianUser colleague = fixtures.user(schoolA.id(), Role.TEACHER);
        Browser three = fixtures.signedIn(port, colleague);
        List<UUID> handles = handlesOf(admin, teacherA);

        var forged = admin.send(java.net.http.HttpRequest.newBuilder(admin.uri("/api/v1/sessions/" + handles.get(0)))
                .header("Accept", "application/json").DELETE());
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.body()).contains("\"code\":\"csrf-token-invalid\"");
        assertThat(one.get("/school").statusCode()).as("nothing changed").isEqualTo(200);

        var single = admin.delete("/api/v1/sessions/" + handles.get(0));
        assertThat(single.statusCode()).isEqualTo(204);
        assertThat(one.get("/api/v1/schools/" + schoolA.id()).statusCode()).isEqualTo(401);
        assertThat(two.get("/school").statusCode()).isEqualTo(200);

        var all = admin.delete("/api/v1/sessions?user=" + colleague.id());
        assertThat(all.statusCode()).isEqualTo(200);
        assertThat(json.readTree(all.body()).get("revoked").asInt()).isEqualTo(1);
        assertRefused(three);

        var malformed = admin.delete("/api/v1/sessions/not-a-session");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.body()).contains("\"code\":\"invalid-parameter\"");
    }

    @Test
    void revokingOnesOwnSessionSignsOutHere() throws Exception {
        Browser admin = fixtures.signedIn(port, adminA);
        UUID own = list(admin).stream().filter(s -> s.get("current").asBoolean())
                .map(s -> UUID.fromString(s.get("id").asString())).findFirst().orElseThrow();

        var revoked = admin.postForm("/school/sessions", "/school/sessions/" + own + "/revoke", Map.of());

        assertThat(revoked.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login?signed-out"));
        assertRefused(admin);
        assertThat(sessionIdsOf(adminA)).isEmpty();
    }

    @Test
    void theAbsoluteLifetimeEndsASessionAfterTwelveHoursHoweverActiveItIs() {
        Browser page = fixtures.signedIn(port, teacherA);
        Browser api = fixtures.signedIn(port, teacherA);

        for (int hour = 0; hour < 11; hour++) {
            clock.advance(Duration.ofHours(1));
            assertThat(page.get("/school").statusCode()).as("active after %d h", hour + 1).isEqualTo(200);
            assertThat(api.get("/api/v1/schools/" + schoolA.id()).statusCode()).isEqualTo(200);
        }
        clock.advance(Duration.ofMinutes(59));
        assertThat(page.get("/school").statusCode()).as("11 h 59 min").isEqualTo(200);
        clock.advance(Duration.ofMinutes(1).plusSeconds(30));

        var ended = page.get("/school");
        var endedApi = api.get("/api/v1/schools/" + schoolA.id());

        assertThat(ended.statusCode()).isEqualTo(302);
        assertThat(ended.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login?expired"));
        assertThat(page.get("/login?expired").body()).contains("Your session has ended");
        assertRefused(page);
        assertThat(endedApi.statusCode()).isEqualTo(401);
        assertThat(endedApi.body()).contains("\"code\":\"session-expired\"");
        assertThat(sessionIdsOf(teacherA)).isEmpty();
        assertThat(fixtures.signedIn(port, teacherA).get("/school").statusCode()).as("a new sign-in starts afresh")
                .isEqualTo(200);
    }

    @Test
    void theStoreKeepsOnlyTheSessionIdsHashSoARowReadFromTheDatabaseOpensNothing() throws Exception {
        Browser teacher = fixtures.signedIn(port, teacherA);
        String cookie = java.util.Arrays.stream(teacher.cookieHeader().split(";\\s*"))
                .filter(c -> c.startsWith("SESSION=")).findFirst().orElseThrow()
                .substring("SESSION=".length()).replace("\"", "");
        // Spring Session writes the id Base64-encoded into the cookie.
        String sessionId = new String(java.util.Base64.getDecoder().decode(cookie), java.nio.charset.StandardCharsets.UTF_8);

        String stored = sessionIdsOf(teacherA).get(0).strip();

        assertThat(stored).isNotEqualTo(sessionId).isNotEqualTo(cookie)
                .isEqualTo(java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                        .digest(sessionId.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
        Browser thief = new Browser(port);
        var stolen = thief.send(java.net.http.HttpRequest.newBuilder(thief.uri("/school"))
                .header("Accept", "application/json, text/html").header("Cookie",
                "SESSION=" + java.util.Base64.getEncoder().encodeToString(stored.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .GET());
        assertThat(stolen.statusCode()).isEqualTo(302);
        assertThat(stolen.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
        assertThat(teacher.get("/school").statusCode()).as("the cookie itself still works").isEqualTo(200);
    }

    @Test
    void theSessionCookieIsHttpOnlyAndSameSiteLax() {
        var response = new Browser(port).get("/login");

        assertThat(response.headers().allValues("Set-Cookie")).filteredOn(c -> c.startsWith("SESSION="))
                .singleElement().satisfies(cookie -> assertThat(cookie).contains("; HttpOnly", "; SameSite=Lax")
                        // The test profile talks plain HTTP; SessionCookieTests checks Secure in production.
                        .doesNotContain("Secure"));
    }

    @Test
    void aSignedInSessionCarriesTheConfiguredIdleTimeout() {
        fixtures.signedIn(port, teacherA);

        Integer seconds = jdbc.sql("select max_inactive_interval from spring_session where principal_name = ?")
                .param(teacherA.id().toString()).query(Integer.class).single();

        assertThat(seconds).isEqualTo(30 * 60);
    }

    @Test
    void aSessionsLastAccessIsStoredAtMostOnceAMinuteNotOnEveryRequest() {
        Browser teacher = fixtures.signedIn(port, teacherA);
        long signedIn = lastAccessOf(teacherA);

        assertThat(teacher.get("/api/v1/purposes").statusCode()).isEqualTo(200);
        assertThat(lastAccessOf(teacherA)).as("a request within the minute writes nothing back").isEqualTo(signedIn);

        long twoMinutesEarlier = signedIn - 120_000;
        jdbc.sql("update spring_session set last_access_time = ? where principal_name = ?")
                .params(twoMinutesEarlier, teacherA.id().toString()).update();
        assertThat(teacher.get("/api/v1/purposes").statusCode()).isEqualTo(200);
        assertThat(lastAccessOf(teacherA)).as("once the minute has passed the request is stored")
                .isGreaterThanOrEqualTo(signedIn);
    }

    private void assertRefused(Browser browser) {
        var response = browser.get("/school");
        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
    }

    private List<JsonNode> list(Browser browser) {
        HttpResponse<String> response = browser.get("/api/v1/sessions");
        assertThat(response.statusCode()).isEqualTo(200);
        List<JsonNode> sessions = new ArrayList<>();
        json.readTree(response.body()).forEach(sessions::add);
        return sessions;
    }

    private static List<UUID> userIds(List<JsonNode> sessions) {
        return sessions.stream().map(s -> UUID.fromString(s.get("userId").asString())).toList();
    }

    /** The listed sessions of one person, earliest sign-in first. */
    private List<UUID> handlesOf(Browser admin, CustodianUser user) {
        return list(admin).stream().filter(s -> s.get("userId").asString().equals(user.id().toString()))
                .sorted(Comparator.comparing(s -> Instant.parse(s.get("signedInAt").asString())))
                .map(s -> UUID.fromString(s.get("id").asString())).toList();
    }

    /** What is stored: Spring Session's rows, indexed by user id. */
    private long lastAccessOf(CustodianUser user) {
        return jdbc.sql("select last_access_time from spring_session where principal_name = ?")
                .param(user.id().toString()).query(Long.class).single();
    }

    private List<String> sessionIdsOf(CustodianUser user) {
        return jdbc.sql("select session_id from spring_session where principal_name = ?")
                .param(user.id().toString()).query(String.class).list();
    }
}
