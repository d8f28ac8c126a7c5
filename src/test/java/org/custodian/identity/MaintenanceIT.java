package org.custodian.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;

import org.custodian.support.Browser;
import org.custodian.support.CustodianTest;
import org.custodian.support.Fixtures;
import org.custodian.tenancy.Tenancy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The operator's maintenance banner on every page, and the block on new sign-ins that spares the operator. */
@CustodianTest
class MaintenanceIT {

    private static final String MESSAGE = "Custodian is unavailable from 6pm to 7pm <tonight> for an upgrade.";
    private static final String ESCAPED = "Custodian is unavailable from 6pm to 7pm &lt;tonight&gt; for an upgrade.";

    @LocalServerPort int port;
    @Autowired Fixtures fixtures;
    @Autowired SecurityEvents events;
    @Autowired JdbcClient jdbc;
    @Autowired Tenancy tenancy;

    CustodianUser operator;
    Browser operatorBrowser;
    CustodianUser teacher;

    @BeforeEach
    void anOperatorAndATeacher() {
        operator = fixtures.platformAdmin();
        operatorBrowser = fixtures.signedIn(port, operator);
        teacher = fixtures.user(fixtures.school().id(), Role.TEACHER);
    }

    /** The settings are platform-wide and the test context is shared: always leave them off. */
    @AfterEach
    void liftEverything() {
        tenancy.asPlatform(() -> jdbc.sql("update platform_maintenance set banner_message = null, sign_in_blocked = false")
                .update());
    }

    @Test
    void theBannerShowsOnEveryPageWhileItIsSet() {
        Browser teacherBrowser = fixtures.signedIn(port, teacher);
        assertThat(new Browser(port).get("/login").body()).doesNotContain("maintenance-banner");

        var saved = change(MESSAGE, false);

        assertThat(saved.statusCode()).isEqualTo(302);
        assertThat(operatorBrowser.get("/platform/maintenance").body())
                .contains("The maintenance banner is shown on every page.");
        assertThat(new Browser(port).get("/login").body()).contains("id=\"maintenance-banner\"", ESCAPED)
                .doesNotContain(MESSAGE);
        assertThat(teacherBrowser.get("/school").body()).contains("id=\"maintenance-banner\"", ESCAPED);
        assertThat(operatorBrowser.get("/platform/schools").body()).contains(ESCAPED);
        assertThat(teacherBrowser.get("/no-such-page").body()).contains(ESCAPED);

        change("", false);

        assertThat(teacherBrowser.get("/school").body()).doesNotContain("maintenance-banner", ESCAPED);
    }

    @Test
    void blockedSignInRefusesATeacherWithAClearMessageWhileThePlatformAdminStillSignsIn() {
        Browser alreadySignedIn = fixtures.signedIn(port, teacher);
        CustodianUser otherOperator = fixtures.platformAdmin();

        change("", true);

        assertThat(new Browser(port).get("/login").body()).contains("id=\"sign-in-blocked\"",
                "Only platform administrators can sign in");
        Browser blocked = new Browser(port);
        var refused = blocked.signIn(teacher.getUsername(), Fixtures.PASSWORD);
        assertThat(refused.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login?maintenance"));
        assertThat(blocked.get("/login?maintenance").body()).contains("Signing in is paused for maintenance. Try again later.");
        assertThat(blocked.get("/school").statusCode()).as("no session came of it").isEqualTo(302);
        // A wrong password, or no account at all, gets the same answer: it tells nothing about either.
        assertThat(location(new Browser(port).signIn(teacher.getUsername(), "Wrong-Passw0rd")))
                .endsWith("/login?maintenance");
        assertThat(location(new Browser(port).signIn("nobody@example.com", Fixtures.PASSWORD)))
                .endsWith("/login?maintenance");
        assertThat(alreadySignedIn.get("/school").statusCode()).as("people signed in carry on").isEqualTo(200);
        assertThat(fixtures.signedIn(port, otherOperator).get("/platform/maintenance").statusCode())
                .as("a platform admin signs in to lift the block").isEqualTo(200);
        assertThat(events.list(teacher.schoolId(), teacher.id(), null, null, 20))
                .anySatisfy(e -> {
                    assertThat(e.type()).isEqualTo(SecurityEventType.SIGN_IN_FAILED);
                    assertThat(e.detail()).isEqualTo("sign-in-blocked");
                });

        change("", false);

        assertThat(new Browser(port).get("/login").body()).doesNotContain("sign-in-blocked");
        assertThat(fixtures.signedIn(port, teacher).get("/school").statusCode()).isEqualTo(200);
    }

    @Test
    void whileSignInIsBlockedARightPasswordGetsExactlyTheAnswerOfAWrongOne() {
        CustodianUser lockedTeacher = fixtures.user(teacher.schoolId(), Role.TEACHER);
        for (int i = 0; i < 10; i++) {
            new Browser(port).signIn(lockedTeacher.getUsername(), "Wrong-Passw0rd-" + i);
        }
        change("", true);

        var right = new Browser(port).signIn(teacher.getUsername(), Fixtures.PASSWORD);
        var wrong = new Browser(port).signIn(teacher.getUsername(), "Wrong-Passw0rd");
        var unknown = new Browser(port).signIn("nobody." + java.util.UUID.randomUUID() + "@example.com",
                "Wrong-Passw0rd");
        var locked = new Browser(port).signIn(lockedTeacher.getUsername(), Fixtures.PASSWORD);
        var operatorsWrong = new Browser(port).signIn(operator.getUsername(), "Wrong-Passw0rd");

        for (var refused : java.util.List.of(wrong, unknown, locked, operatorsWrong)) {
            assertThat(refused.statusCode()).isEqualTo(right.statusCode());
            assertThat(refused.headers().firstValue("Location")).isEqualTo(right.headers().firstValue("Location"));
        }
    }

    @Test
    void aTooLongBannerIsRefusedOnTheFormAndNothingChanges() {
        var refused = change("x".repeat(501), true);

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("The banner message must be 500 characters or fewer.");
        assertThat(location(new Browser(port).signIn(teacher.getUsername(), Fixtures.PASSWORD)))
                .doesNotContain("maintenance");
    }

    @Test
    void onlyThosePermittedOpenTheMaintenancePage() {
        Browser schoolAdmin = fixtures.signedIn(port, fixtures.schoolAdmin(teacher.schoolId()));

        assertThat(schoolAdmin.get("/platform/maintenance").statusCode()).isEqualTo(403);
        assertThat(schoolAdmin.postForm("/school", "/platform/maintenance",
                Map.of("bannerMessage", "Hijacked", "blockSignIn", "true")).statusCode()).isEqualTo(403);
        assertThat(new Browser(port).get("/login").body()).doesNotContain("Hijacked", "sign-in-blocked");
        assertThat(operatorBrowser.get("/platform/schools").body()).contains("href=\"/platform/maintenance\"");
        assertThat(schoolAdmin.get("/school").body()).doesNotContain("href=\"/platform/maintenance\"");
    }

    private HttpResponse<String> change(String message, boolean block) {
        return operatorBrowser.postForm("/platform/maintenance", "/platform/maintenance", block
                ? Map.of("bannerMessage", message, "blockSignIn", "true")
                : Map.of("bannerMessage", message));
    }

    private static String location(HttpResponse<String> response) {
        return response.headers().firstValue("Location").orElseThrow();
    }
}
