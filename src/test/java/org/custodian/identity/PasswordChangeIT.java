package org.custodian.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;

import org.custodian.support.Browser;
import org.custodian.support.CustodianTest;
import org.custodian.support.Fixtures;
import org.custodian.support.TestClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Changing one's password: wrong current passwords are guesses like any other; a change signs out the rest. */
@CustodianTest
class PasswordChangeIT {

    @LocalServerPort int port;
    @Autowired Fixtures fixtures;
    @Autowired TestClock clock;
    @Autowired GreenMail mail;

    CustodianUser teacher;

    @BeforeEach
    void aTeacher() {
        clock.advance(Duration.ofMinutes(6));
        teacher = fixtures.user(fixtures.school().id(), Role.TEACHER);
    }

    @Test
    void wrongCurrentPasswordsCountOnTheSameLockoutAsSignInAndTheLimitEndsTheSession() throws Exception {
        Browser session = fixtures.signedIn(port, teacher);
        session.removeCookie(DeviceCookieIT.DEVICE_COOKIE); // an untrusted client, like most attackers'
        for (int i = 0; i < 5; i++) {
            assertThat(location(new Browser(port).signIn(teacher.getUsername(), "Wrong-Passw0rd-" + i)))
                    .endsWith("/login?error");
        }
        for (int i = 0; i < 4; i++) {
            assertThat(change(session, "Wrong-Passw0rd-" + i, "Another-Passw0rd-2026").statusCode()).isEqualTo(400);
        }

        var tenth = change(session, "Wrong-Passw0rd", "Another-Passw0rd-2026");

        assertThat(location(tenth)).endsWith("/login?error");
        assertThat(session.get("/school").statusCode()).as("the session has ended").isEqualTo(302);
        assertThat(location(new Browser(port).signIn(teacher.getUsername(), Fixtures.PASSWORD)))
                .as("the account is locked").endsWith("/login?error");
        assertThat(lockMailFor(teacher)).isTrue();
    }

    @Test
    void wrongCurrentPasswordsFromABrowserWithADeviceCookieLockThatCookie() {
        Browser session = fixtures.signedIn(port, teacher);
        for (int i = 0; i < 9; i++) {
            assertThat(change(session, "Wrong-Passw0rd-" + i, "Another-Passw0rd-2026").statusCode()).isEqualTo(400);
        }

        assertThat(location(change(session, "Wrong-Passw0rd", "Another-Passw0rd-2026"))).endsWith("/login?error");
        assertThat(session.get("/school").statusCode()).isEqualTo(302);
        assertThat(location(session.signIn(teacher.getUsername(), Fixtures.PASSWORD))).endsWith("/login?error");
        assertThat(location(new Browser(port).signIn(teacher.getUsername(), Fixtures.PASSWORD)))
                .endsWith("/sign-in/two-factor");
    }

    @Test
    void aChangeEndsTheAccountsOtherSessionsButNotThisOne() {
        Browser here = fixtures.signedIn(port, teacher);
        Browser elsewhere = fixtures.signedIn(port, teacher);
        CustodianUser colleague = fixtures.user(teacher.schoolId(), Role.TEACHER);
        Browser colleagues = fixtures.signedIn(port, colleague);

        var changed = change(here, Fixtures.PASSWORD, "Another-Passw0rd-2026");

        assertThat(location(changed)).endsWith("/?password-changed");
        assertThat(here.get("/school").statusCode()).isEqualTo(200);
        assertThat(elsewhere.get("/school").statusCode()).isEqualTo(302);
        assertThat(colleagues.get("/school").statusCode()).isEqualTo(200);
    }

    private static HttpResponse<String> change(Browser browser, String current, String next) {
        return browser.postForm("/account/password", "/account/password",
                Map.of("currentPassword", current, "newPassword", next, "confirmPassword", next));
    }

    private boolean lockMailFor(CustodianUser user) throws Exception {
        for (int attempt = 0; attempt < 100; attempt++) {
            for (var message : mail.getReceivedMessages()) {
                if (message.getSubject().equals("Your Custodian account has been locked")
                        && GreenMailUtil.getAddressList(message.getAllRecipients()).contains(user.getUsername())) {
                    return true;
                }
            }
            Thread.sleep(50);
        }
        return false;
    }

    private static String location(HttpResponse<String> response) {
        return response.headers().firstValue("Location").orElseThrow();
    }
}
