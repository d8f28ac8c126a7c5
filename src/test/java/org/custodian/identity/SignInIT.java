package org.custodian.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.custodian.privacy.PersonName;
import org.custodian.schools.School;
import org.custodian.support.Browser;
import org.custodian.support.CustodianTest;
import org.custodian.support.Fixtures;
import org.custodian.tenancy.Tenancy;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

@CustodianTest
class SignInIT {

    @LocalServerPort int port;
    @Autowired Fixtures fixtures;
    @Autowired UserAccounts accounts;
    @Autowired Tenancy tenancy;
    @Autowired JdbcClient jdbc;

    @Test
    void passwordsAreStoredAsArgon2idHashesOnly() {
        School school = fixtures.school();
        var account = accounts.create(school.id(), "hash." + UUID.randomUUID() + "@example.com",
                new PersonName("Hash Check"), Role.TEACHER);

        String stored = tenancy.asPlatform(() -> jdbc.sql("select password_hash from user_account where id = ?")
                .param(account.id()).query(String.class).single());

        assertThat(stored).startsWith("{argon2}$argon2id$v=19$m=19456,t=2,p=1$")
                .doesNotContain(account.oneTimePassword().value());
    }

    @Test
    void wrongPasswordAndUnknownAccountGetTheSameAnswer() {
        CustodianUser teacher = fixtures.user(fixtures.school().id(), Role.TEACHER);

        var wrongPassword = new Browser(port).signIn(teacher.getUsername(), "Wrong-Passw0rd");
        var unknownAccount = new Browser(port).signIn("nobody." + UUID.randomUUID() + "@example.com", "Wrong-Passw0rd");

        assertThat(wrongPassword.statusCode()).isEqualTo(302);
        assertThat(wrongPassword.headers().firstValue("Location")).isEqualTo(unknownAccount.headers().firstValue("Location"));
        assertThat(wrongPassword.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/login?error"));
    }

    @Test
    void aOneTimePasswordAllowsNothingButChoosingANewPasswordThenEnrollingASecondFactor() {
        School school = fixtures.school();
        String username = "first." + UUID.randomUUID() + "@example.com";
        var account = accounts.create(school.id(), username, new PersonName("First Admin"), Role.SCHOOL_ADMIN);
        Browser browser = new Browser(port);
        browser.signIn(username, account.oneTimePassword().value());

        var page = browser.get("/school");
        var api = browser.get("/api/v1/schools/" + school.id());
        var weak = changePassword(browser, account.oneTimePassword().value(), "short");
        var changed = changePassword(browser, account.oneTimePassword().value(), "Better-Passw0rd-2026");
        var afterwards = browser.get("/api/v1/schools/" + school.id());
        String setUp = browser.get("/account/two-factor/setup").body();
        String reloaded = browser.get("/account/two-factor/setup").body();

        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/account/password"));
        assertThat(api.statusCode()).isEqualTo(403);
        assertThat(api.body()).contains("password-change-required");
        assertThat(weak.statusCode()).isEqualTo(400);
        assertThat(weak.body()).contains("Use at least 8 characters.", "Include an upper-case letter.", "Include a digit.");
        assertThat(changed.statusCode()).isEqualTo(302);
        assertThat(changed.headers().firstValue("Location")).hasValueSatisfying(
                l -> assertThat(l).endsWith("/account/two-factor/setup"));
        assertThat(afterwards.statusCode()).isEqualTo(403);
        assertThat(afterwards.body()).contains("two-factor-enrolment-required");
        assertThat(manualKey(reloaded)).as("the authenticator key after a reload").isEqualTo(manualKey(setUp));
        assertThat(new Browser(port).signIn(username, account.oneTimePassword().value())
                .headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login?error"));
    }

    @Test
    void aFormPostWithoutTheCsrfTokenIsRefused() {
        CustodianUser teacher = fixtures.user(fixtures.school().id(), Role.TEACHER);
        Browser browser = new Browser(port);
        browser.signIn(teacher.getUsername(), Fixtures.PASSWORD);

        var forged = browser.send(java.net.http.HttpRequest.newBuilder(browser.uri("/account/password"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "currentPassword=x&newPassword=Forged-Passw0rd&confirmPassword=Forged-Passw0rd")));

        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(new Browser(port).signIn(teacher.getUsername(), Fixtures.PASSWORD)
                .headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).doesNotContain("error"));
    }

    private static java.net.http.HttpResponse<String> changePassword(Browser browser, String current, String next) {
        String token = tokenFrom(browser.get("/account/password").body());
        return browser.send(java.net.http.HttpRequest.newBuilder(browser.uri("/account/password"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("currentPassword=" + enc(current)
                        + "&newPassword=" + enc(next) + "&confirmPassword=" + enc(next) + "&_csrf=" + enc(token))));
    }

    private static String manualKey(String page) {
        var matcher = java.util.regex.Pattern.compile("id=\"manual-key\"[^>]*>([A-Z2-7 ]+)<").matcher(page);
        assertThat(matcher.find()).isTrue();
        return matcher.group(1);
    }

    private static String tokenFrom(String html) {
        var matcher = java.util.regex.Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"").matcher(html);
        assertThat(matcher.find()).isTrue();
        return matcher.group(1);
    }

    private static String enc(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }
}
