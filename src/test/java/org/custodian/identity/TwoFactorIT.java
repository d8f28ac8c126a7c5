package org.custodian.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.regex.Pattern;

import org.custodian.support.Browser;
import org.custodian.support.CustodianTest;
import org.custodian.support.Fixtures;
import org.custodian.support.TestClock;
import org.custodian.support.Totp;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The second factor is mandatory, cannot be skipped, and each code or recovery code works once. */
@CustodianTest
class TwoFactorIT {

    @LocalServerPort int port;
    @Autowired Fixtures fixtures;
    @Autowired TestClock clock;

    @Test
    void withoutEnrolmentAPasswordSignInReachesNothingButTheEnrolmentPage() {
        CustodianUser teacher = fixtures.user(fixtures.school().id(), Role.TEACHER);
        Browser browser = new Browser(port);
        var signIn = browser.signIn(teacher.getUsername(), Fixtures.PASSWORD);

        assertThat(signIn.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/account/two-factor/setup"));
        for (String page : new String[] {"/", "/school", "/account/password", "/sign-in/two-factor"}) {
            assertThat(browser.get(page).headers().firstValue("Location")).as(page).hasValueSatisfying(
                    location -> assertThat(location).endsWith("/account/two-factor/setup"));
        }
        var api = browser.get("/api/v1/schools/" + teacher.schoolId());
        assertThat(api.statusCode()).isEqualTo(403);
        assertThat(api.body()).contains("two-factor-enrolment-required");
        assertThat(browser.postForm("/account/two-factor/setup", "/account/two-factor/setup/done", Map.of())
                .headers().firstValue("Location")).as("skipping the confirmation leads back to enrolment")
                .hasValueSatisfying(location -> assertThat(location).endsWith("/account/two-factor/setup"));
        assertThat(browser.postForm("/account/two-factor/setup", "/account/two-factor/setup",
                Map.of("code", "000000")).statusCode()).isEqualTo(400);
    }

    @Test
    void anEnrolledUserMustEnterACodeAndEachCodeIsAcceptedOnce() {
        CustodianUser teacher = fixtures.user(fixtures.school().id(), Role.TEACHER);
        fixtures.signedIn(port, teacher);
        String key = fixtures.authenticatorKey(teacher);

        Browser first = new Browser(port);
        first.signIn(teacher.getUsername(), Fixtures.PASSWORD);
        assertThat(first.get("/school").headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/sign-in/two-factor"));
        String code = fixtures.nextCode(teacher);
        var accepted = first.postForm("/sign-in/two-factor", "/sign-in/two-factor", Map.of("code", code));

        Browser replay = new Browser(port);
        replay.signIn(teacher.getUsername(), Fixtures.PASSWORD);
        var replayed = replay.postForm("/sign-in/two-factor", "/sign-in/two-factor", Map.of("code", code));
        var wrong = replay.postForm("/sign-in/two-factor", "/sign-in/two-factor", Map.of("code",
                Totp.code(key, clock.instant().minusSeconds(600))));

        assertThat(accepted.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/"));
        assertThat(first.get("/school").statusCode()).isEqualTo(200);
        assertThat(replayed.statusCode()).as("the same code again").isEqualTo(400);
        assertThat(replayed.body()).contains("The code is not valid");
        assertThat(wrong.statusCode()).as("a code from ten minutes ago").isEqualTo(400);
        assertThat(replay.get("/school").headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/sign-in/two-factor"));
    }

    @Test
    void theSetUpPageKeepsItsSecretAcrossReloadsUntilEnrolmentAndASetUpAfterAResetGetsANewOne() {
        CustodianUser teacher = fixtures.user(fixtures.school().id(), Role.TEACHER);
        Browser enrolling = new Browser(port);
        enrolling.signIn(teacher.getUsername(), Fixtures.PASSWORD);
        var firstVisit = enrolling.get("/account/two-factor/setup").body();
        var reload = enrolling.get("/account/two-factor/setup").body();
        String key = manualKey(firstVisit);

        assertThat(manualKey(reload)).as("the key after a reload").isEqualTo(key);
        assertThat(qrCode(reload)).as("the QR code after a reload").isEqualTo(qrCode(firstVisit));
        assertThat(enrolling.postForm("/account/two-factor/setup", "/account/two-factor/setup",
                Map.of("code", Totp.code(key, clock.instant()))).statusCode()).isEqualTo(200);

        Browser admin = fixtures.signedIn(port, fixtures.schoolAdmin(teacher.schoolId()));
        assertThat(admin.postJson("/api/v1/users/" + teacher.id() + "/reset-two-factor", "{}").statusCode())
                .isEqualTo(200);
        Browser again = new Browser(port);
        again.signIn(teacher.getUsername(), Fixtures.PASSWORD);
        String newKey = manualKey(again.get("/account/two-factor/setup").body());
        assertThat(newKey).as("a set-up after the reset").isNotEqualTo(key);
        assertThat(manualKey(again.get("/account/two-factor/setup").body())).isEqualTo(newKey);
    }

    @Test
    void aRecoveryCodeWorksOnceInsteadOfTheAuthenticator() {
        CustodianUser teacher = fixtures.user(fixtures.school().id(), Role.TEACHER);
        Browser enrolling = new Browser(port);
        enrolling.signIn(teacher.getUsername(), Fixtures.PASSWORD);
        String key = manualKey(enrolling.get("/account/two-factor/setup").body());
        var codesPage = enrolling.postForm("/account/two-factor/setup", "/account/two-factor/setup",
                Map.of("code", Totp.code(key, clock.instant())));
        var recoveryCodes = Pattern.compile("<li>([a-z2-9]{5}-[a-z2-9]{5})</li>").matcher(codesPage.body())
                .results().map(m -> m.group(1)).toList();
        assertThat(recoveryCodes).hasSize(10).doesNotHaveDuplicates();

        Browser lostPhone = new Browser(port);
        lostPhone.signIn(teacher.getUsername(), Fixtures.PASSWORD);
        var used = lostPhone.postForm("/sign-in/recovery-code", "/sign-in/recovery-code",
                Map.of("code", recoveryCodes.get(0).toUpperCase()));
        Browser again = new Browser(port);
        again.signIn(teacher.getUsername(), Fixtures.PASSWORD);
        var reused = again.postForm("/sign-in/recovery-code", "/sign-in/recovery-code",
                Map.of("code", recoveryCodes.get(0)));

        assertThat(used.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/"));
        assertThat(lostPhone.get("/school").statusCode()).isEqualTo(200);
        assertThat(reused.statusCode()).isEqualTo(400);
        assertThat(again.get("/school").statusCode()).isEqualTo(302);
    }

    @Test
    void wrongCodesCountTowardsTheLockout() {
        CustodianUser teacher = fixtures.user(fixtures.school().id(), Role.TEACHER);
        fixtures.signedIn(port, teacher);
        Browser guesser = new Browser(port);
        guesser.signIn(teacher.getUsername(), Fixtures.PASSWORD);

        String last = null;
        for (int i = 0; i < 10; i++) {
            last = guesser.postForm("/sign-in/two-factor", "/sign-in/two-factor", Map.of("code", "000000"))
                    .headers().firstValue("Location").orElse("");
        }

        assertThat(last).as("the tenth wrong code ends the sign-in").endsWith("/login?error");
        assertThat(new Browser(port).signIn(teacher.getUsername(), Fixtures.PASSWORD).headers()
                .firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login?error"));
    }

    private static String qrCode(String page) {
        var matcher = Pattern.compile("src=\"(data:image/png;base64,[^\"]+)\"").matcher(page);
        assertThat(matcher.find()).isTrue();
        return matcher.group(1);
    }

    private static String manualKey(String page) {
        var matcher = Pattern.compile("id=\"manual-key\"[^>]*>([A-Z2-7 ]+)<").matcher(page);
        assertThat(matcher.find()).isTrue();
        return matcher.group(1).replace(" ", "");
    }
}
