package org.custodian.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;

import org.custodian.support.Browser;
import org.custodian.support.CustodianTest;
import org.custodian.support.Fixtures;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A form sent empty says which field and what to enter, in a GOV.UK error summary that links to the
 * field and an error message on the field itself; it is not counted as a wrong guess.
 */
@CustodianTest
class EmptyFormsIT {

    @LocalServerPort int port;
    @Autowired Fixtures fixtures;

    @Test
    void anEmptySignInNamesBothFields() {
        Browser browser = new Browser(port);

        HttpResponse<String> sent = browser.signIn("", "");

        assertThat(sent.headers().firstValue("Location").orElseThrow()).endsWith("/login?error&missing=both");
        String page = browser.get("/login?error&missing=both").body();
        assertThat(page).contains("govuk-error-summary", "<a href=\"#username\">Enter your username or email address</a>",
                "<a href=\"#password\">Enter your password</a>", "id=\"username-error\"", "id=\"password-error\"",
                "aria-describedby=\"password-error\"").doesNotContain("is not right");
    }

    @Test
    void aSignInWithoutAPasswordNamesThePasswordOnly() {
        CustodianUser teacher = fixtures.user(fixtures.school().id(), Role.TEACHER);
        Browser browser = new Browser(port);

        HttpResponse<String> sent = browser.signIn(teacher.getUsername(), "");

        assertThat(sent.headers().firstValue("Location").orElseThrow()).endsWith("/login?error&missing=password");
        assertThat(browser.get("/login?error&missing=password").body()).contains("<a href=\"#password\">Enter your password</a>")
                .doesNotContain("Enter your username");
        assertThat(browser.signIn(teacher.getUsername(), "Wrong-Passw0rd").headers().firstValue("Location").orElseThrow())
                .as("a wrong password still gets the one answer for every refusal").endsWith("/login?error");
        assertThat(browser.get("/login?error").body()).contains("The username or password is not right");
    }

    @Test
    void anEmptyPasswordChangeNamesEachFieldAndWhatToEnter() {
        Browser browser = fixtures.signedIn(port, fixtures.user(fixtures.school().id(), Role.TEACHER));

        HttpResponse<String> sent = browser.postForm("/account/password", "/account/password",
                Map.of("currentPassword", "", "newPassword", "", "confirmPassword", ""));

        assertThat(sent.statusCode()).isEqualTo(400);
        assertThat(sent.body()).contains("govuk-error-summary", "<a href=\"#currentPassword\">Enter your current password</a>",
                "<a href=\"#newPassword\">Enter a new password</a>",
                "<a href=\"#confirmPassword\">Enter your new password again to confirm it</a>",
                "id=\"currentPassword-error\"", "aria-describedby=\"currentPassword-error\"")
                .doesNotContain("is not correct");
    }

    @Test
    void anEmptyRecoveryCodeSaysWhatToEnter() {
        CustodianUser teacher = fixtures.user(fixtures.school().id(), Role.TEACHER);
        fixtures.signedIn(port, teacher); // enrols the authenticator, so this sign-in asks for a second factor
        Browser browser = new Browser(port);
        assertThat(browser.signIn(teacher.getUsername(), Fixtures.PASSWORD).headers().firstValue("Location").orElseThrow())
                .endsWith("/sign-in/two-factor");

        HttpResponse<String> sent = browser.postForm("/sign-in/recovery-code", "/sign-in/recovery-code", Map.of("code", ""));

        assertThat(sent.statusCode()).isEqualTo(400);
        assertThat(sent.body()).contains("govuk-error-summary", "href=\"#code\"",
                "Enter one of the recovery codes you saved", "id=\"code-error\"").doesNotContain("has been used");
        HttpResponse<String> emptyCode = browser.postForm("/sign-in/two-factor", "/sign-in/two-factor", Map.of("code", ""));
        assertThat(emptyCode.body()).contains("Enter the 6-digit code from your authenticator app");
    }
}
