package org.custodian.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.custodian.identity.StaffTesting.call;
import static org.custodian.identity.StaffTesting.json;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import org.custodian.privacy.PersonName;
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

/** A school admin sees their own school's sign-in and account events, filtered by person and date. */
@CustodianTest
class SignInEventsIT {

    @LocalServerPort int port;
    @Autowired Fixtures fixtures;
    @Autowired TestClock clock;
    @Autowired Tenancy tenancy;
    @Autowired UserAccounts accounts;
    @Autowired JdbcClient jdbc;
    @Autowired SecurityEvents events;

    UUID school;
    CustodianUser admin;
    CustodianUser alice;
    CustodianUser bob;
    CustodianUser stranger;
    Browser adminBrowser;

    @BeforeEach
    void twoSchoolsWhoseStaffSignIn() {
        // Every test signs in from 127.0.0.1: start a fresh window of the per-address throttle.
        clock.advance(Duration.ofMinutes(6));
        school = fixtures.school().id();
        admin = named(fixtures.schoolAdmin(school), "Ada Admin");
        alice = named(fixtures.user(school, Role.TEACHER), "Alice Teacher");
        bob = named(fixtures.user(school, Role.DATA_MANAGER), "Bob Manager");
        stranger = named(fixtures.user(fixtures.school().id(), Role.TEACHER), "Zed Otherschool");
        fixtures.signedIn(port, alice);
        fixtures.signedIn(port, bob);
        fixtures.signedIn(port, stranger);
        new Browser(port).signIn(bob.getUsername(), "Wrong-Passw0rd");
        adminBrowser = fixtures.signedIn(port, admin);
    }

    @Test
    void thePageShowsOnlyTheOwnSchoolsEventsWithTheirRetentionCategory() {
        var page = adminBrowser.get("/school/sign-in-events");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("sign-in records", "for 365 days after the sign-in, then deleted");
        assertThat(rows(page.body())).contains("Alice Teacher", "Bob Manager", "Ada Admin", "Signed in",
                "Sign-in failed", "Two-factor authentication set up", "127.0.0.1", "Java-http-client");
        assertThat(page.body()).doesNotContain("Zed Otherschool");
    }

    @Test
    void thePageFiltersByPersonAndDate() {
        String alicesRows = rows(adminBrowser.get("/school/sign-in-events?user=" + alice.id()).body());
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneId.of("Europe/London"));
        String todays = rows(adminBrowser.get("/school/sign-in-events?from=" + today.minusDays(1) + "&to=" + today).body());
        String tomorrows = adminBrowser.get("/school/sign-in-events?from=" + today.plusDays(1)).body();
        var backwards = adminBrowser.get("/school/sign-in-events?from=" + today + "&to=" + today.minusDays(1));
        var strangers = adminBrowser.get("/school/sign-in-events?user=" + stranger.id()).body();

        assertThat(alicesRows).contains("Alice Teacher").doesNotContain("Bob Manager", "Ada Admin");
        assertThat(todays).contains("Alice Teacher", "Bob Manager");
        assertThat(tomorrows).contains("No events match.");
        assertThat(backwards.statusCode()).isEqualTo(400);
        assertThat(backwards.body()).contains("The end date must be the same as or after the start date.");
        assertThat(strangers).contains("No events match.").doesNotContain("Zed Otherschool");
    }

    @Test
    void theApiListsTheOwnSchoolsEventsAndFiltersByUser() {
        JsonNode all = json(call(adminBrowser, "GET", "/api/v1/sign-in-events", null));
        JsonNode alices = json(call(adminBrowser, "GET", "/api/v1/sign-in-events?userId=" + alice.id(), null));
        JsonNode strangers = json(call(adminBrowser, "GET", "/api/v1/sign-in-events?userId=" + stranger.id(), null));
        JsonNode future = json(call(adminBrowser, "GET",
                "/api/v1/sign-in-events?from=" + clock.instant().plusSeconds(3600), null));

        assertThat(userIds(all)).contains(admin.id().toString(), alice.id().toString(), bob.id().toString())
                .doesNotContain(stranger.id().toString());
        assertThat(userIds(alices)).isNotEmpty().containsOnly(alice.id().toString());
        assertThat(alices.get(0).get("userName").asString()).isEqualTo("Alice Teacher");
        assertThat(alices.get(0).get("retentionCategory").asString()).isEqualTo(SecurityEvent.RETENTION_CATEGORY);
        assertThat(all.valueStream().map(event -> event.get("type").asString()))
                .contains("SIGN_IN_SUCCEEDED", "SIGN_IN_FAILED", "SECOND_FACTOR_ENROLLED");
        assertThat(strangers.isEmpty()).isTrue();
        assertThat(future.isEmpty()).isTrue();
    }

    @Test
    void aForwardingHeaderFromAPeerThatIsNoTrustedProxyIsIgnored() {
        // No proxy is trusted in this application: whatever a client writes there is not believed.
        CustodianUser carol = fixtures.user(school, Role.TEACHER);
        fixtures.signedIn(new Browser(port, "X-Forwarded-For", "198.51.100.23", "Forwarded", "for=198.51.100.24"), carol);

        assertThat(events.list(school, carol.id(), null, null, 20))
                .filteredOn(e -> e.type() == SecurityEventType.SIGN_IN_SUCCEEDED)
                .singleElement().satisfies(e -> assertThat(e.sourceIp()).isEqualTo("127.0.0.1"));
    }

    @Test
    void aTeacherCannotSeeTheEvents() {
        Browser teacher = fixtures.signedIn(port, fixtures.user(school, Role.TEACHER));

        assertThat(teacher.get("/school/sign-in-events").statusCode()).isEqualTo(403);
        assertThat(call(teacher, "GET", "/api/v1/sign-in-events", null).statusCode()).isEqualTo(403);
        assertThat(teacher.get("/school").body()).doesNotContain("href=\"/school/sign-in-events\"");
    }

    /** The table body only: the person filter's drop-down lists every name of the school. */
    private static String rows(String html) {
        int start = html.indexOf("<tbody");
        return start < 0 ? "" : html.substring(start, html.indexOf("</tbody>", start));
    }

    private static List<String> userIds(JsonNode events) {
        return events.valueStream().map(event -> event.get("userId").asString()).toList();
    }

    private CustodianUser named(CustodianUser user, String name) {
        accounts.rename(user.id(), new PersonName(name));
        return user;
    }
}
