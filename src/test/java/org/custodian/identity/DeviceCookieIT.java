package org.custodian.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import org.custodian.support.Browser;
import org.custodian.support.CustodianTest;
import org.custodian.support.Fixtures;
import org.custodian.support.TestClock;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Device cookies (OWASP): someone who knows a username can lock the account for untrusted clients,
 * but a browser that signed in with the second factor before keeps its own failure budget.
 */
@CustodianTest
class DeviceCookieIT {

    static final String DEVICE_COOKIE = "__Host-custodian-device";

    @LocalServerPort int port;
    @Autowired Fixtures fixtures;
    @Autowired TestClock clock;

    @Test
    void aSignInWithTheSecondFactorLeavesAHostOnlyStrictHttpOnlyDeviceCookie() {
        CustodianUser teacher = fixtures.user(fixtures.school().id(), Role.TEACHER);
        fixtures.signedIn(port, teacher);
        Browser browser = new Browser(port);
        browser.signIn(teacher.getUsername(), Fixtures.PASSWORD);
        assertThat(browser.cookie(DEVICE_COOKIE)).as("no cookie before the second factor").isEmpty();

        HttpResponse<String> done = browser.postForm("/sign-in/two-factor", "/sign-in/two-factor",
                Map.of("code", fixtures.nextCode(teacher)));

        assertThat(done.headers().allValues("Set-Cookie")).anySatisfy(header -> assertThat(header)
                .startsWith(DEVICE_COOKIE + "=").contains("Path=/", "HttpOnly", "SameSite=Strict", "Max-Age=")
                .doesNotContainIgnoringCase("Domain="));
        assertThat(browser.cookie(DEVICE_COOKIE)).hasValueSatisfying(value -> assertThat(value).hasSize(43));
    }

    @Test
    void anAttackerLocksTheAccountFromAFreshClientButTheUsersBrowserStillSignsIn() {
        CustodianUser teacher = fixtures.user(fixtures.school().id(), Role.TEACHER);
        Browser usersBrowser = fixtures.signedIn(port, teacher);

        lockFromUntrustedClients(teacher);

        assertThat(passwordStep(new Browser(port), teacher, Fixtures.PASSWORD))
                .as("untrusted clients are locked out, even with the right password").endsWith("/login?error");
        assertThat(passwordStep(usersBrowser, teacher, Fixtures.PASSWORD)).endsWith("/sign-in/two-factor");
        var signedIn = usersBrowser.postForm("/sign-in/two-factor", "/sign-in/two-factor",
                Map.of("code", fixtures.nextCode(teacher)));
        assertThat(signedIn.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).doesNotContain("login"));
        assertThat(usersBrowser.get("/school").statusCode()).isEqualTo(200);
    }

    @Test
    void aDeviceCookieForAnotherAccountGivesNoPrivilege() {
        CustodianUser teacher = fixtures.user(fixtures.school().id(), Role.TEACHER);
        CustodianUser victim = fixtures.user(fixtures.school().id(), Role.TEACHER);
        Browser teachersBrowser = fixtures.signedIn(port, teacher);
        fixtures.signedIn(port, victim);

        lockFromUntrustedClients(victim);

        assertThat(passwordStep(teachersBrowser, victim, Fixtures.PASSWORD)).endsWith("/login?error");
        Browser copied = new Browser(port);
        copied.setCookie(DEVICE_COOKIE, teachersBrowser.cookie(DEVICE_COOKIE).orElseThrow());
        assertThat(passwordStep(copied, victim, Fixtures.PASSWORD)).endsWith("/login?error");
        Browser forged = new Browser(port);
        forged.setCookie(DEVICE_COOKIE, "A".repeat(43));
        assertThat(passwordStep(forged, victim, Fixtures.PASSWORD)).endsWith("/login?error");
    }

    @Test
    void aDeviceCookiesOwnFailuresLockItButNotTheAccount() {
        CustodianUser teacher = fixtures.user(fixtures.school().id(), Role.TEACHER);
        Browser usersBrowser = fixtures.signedIn(port, teacher);

        for (int i = 0; i < 10; i++) {
            assertThat(passwordStep(usersBrowser, teacher, "Wrong-Passw0rd-" + i)).endsWith("/login?error");
        }

        assertThat(passwordStep(usersBrowser, teacher, Fixtures.PASSWORD))
                .as("the cookie is locked").endsWith("/login?error");
        assertThat(passwordStep(new Browser(port), teacher, Fixtures.PASSWORD))
                .as("others' budget is untouched").endsWith("/sign-in/two-factor");
        clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        assertThat(passwordStep(usersBrowser, teacher, Fixtures.PASSWORD)).endsWith("/sign-in/two-factor");
    }

    @Test
    void anExpiredDeviceCookieCountsForNothing() {
        CustodianUser teacher = fixtures.user(fixtures.school().id(), Role.TEACHER);
        Browser usersBrowser = fixtures.signedIn(port, teacher);
        clock.advance(Duration.ofDays(30).plusMinutes(1));
        usersBrowser.removeCookie("SESSION"); // the session itself ended long ago

        lockFromUntrustedClients(teacher);

        assertThat(passwordStep(usersBrowser, teacher, Fixtures.PASSWORD)).endsWith("/login?error");
    }

    @Test
    void resettingTheSecondFactorRevokesTheAccountsDeviceCookies() {
        CustodianUser teacher = fixtures.user(fixtures.school().id(), Role.TEACHER);
        Browser usersBrowser = fixtures.signedIn(port, teacher);
        Browser admin = fixtures.signedIn(port, fixtures.schoolAdmin(teacher.schoolId()));

        assertThat(StaffTesting.call(admin, "POST", "/api/v1/users/" + teacher.id() + "/reset-two-factor", null)
                .statusCode()).isEqualTo(200);
        lockFromUntrustedClients(teacher);

        assertThat(passwordStep(usersBrowser, teacher, Fixtures.PASSWORD)).endsWith("/login?error");
    }

    @Test
    void anAdministratorsUnlockAlsoUnlocksTheAccountsDeviceCookies() {
        CustodianUser teacher = fixtures.user(fixtures.school().id(), Role.TEACHER);
        Browser usersBrowser = fixtures.signedIn(port, teacher);
        Browser admin = fixtures.signedIn(port, fixtures.schoolAdmin(teacher.schoolId()));
        for (int i = 0; i < 10; i++) {
            passwordStep(usersBrowser, teacher, "Wrong-Passw0rd-" + i);
        }
        assertThat(passwordStep(usersBrowser, teacher, Fixtures.PASSWORD)).endsWith("/login?error");

        assertThat(StaffTesting.call(admin, "POST", "/api/v1/users/" + teacher.id() + "/unlock", null)
                .statusCode()).isEqualTo(200);

        assertThat(passwordStep(usersBrowser, teacher, Fixtures.PASSWORD)).endsWith("/sign-in/two-factor");
    }

    private void lockFromUntrustedClients(CustodianUser user) {
        for (int i = 0; i < 10; i++) {
            assertThat(passwordStep(new Browser(port), user, "Wrong-Passw0rd-" + i)).endsWith("/login?error");
        }
    }

    /** Where the password step sends the browser. */
    private static String passwordStep(Browser browser, CustodianUser user, String password) {
        return browser.signIn(user.getUsername(), password).headers().firstValue("Location").orElseThrow();
    }
}
