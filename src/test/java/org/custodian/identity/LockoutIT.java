package org.custodian.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;

import org.custodian.support.Browser;
import org.custodian.support.CustodianTest;
import org.custodian.support.Fixtures;
import org.custodian.support.TestClock;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** At most 10 guesses in 5 minutes per account, then a doubling lockout; all with an injected clock. */
@CustodianTest
class LockoutIT {

    @LocalServerPort int port;
    @Autowired Fixtures fixtures;
    @Autowired TestClock clock;
    @Autowired GreenMail mail;
    @Autowired SecurityEvents events;

    @Test
    void tenWrongPasswordsWithinFiveMinutesLockTheAccountAndTheLockExpires() throws Exception {
        CustodianUser teacher = fixtures.user(fixtures.school().id(), Role.TEACHER);
        fixtures.signedIn(port, teacher); // enrols the authenticator, so later sign-ins complete

        for (int i = 0; i < 9; i++) {
            assertRefused(teacher.getUsername(), "Wrong-Passw0rd-" + i);
        }
        assertThat(passwordAccepted(teacher)).as("9 failures do not lock").isTrue();

        for (int i = 0; i < 10; i++) {
            assertRefused(teacher.getUsername(), "Wrong-Passw0rd-" + i);
        }
        assertThat(passwordAccepted(teacher)).as("locked: even the right password is refused").isFalse();
        assertThat(mail.waitForIncomingEmail(5_000, 1)).isTrue();
        var lockMail = mail.getReceivedMessagesForDomain("example.com");
        assertThat(lockMail).anySatisfy(m -> {
            assertThat(m.getSubject()).isEqualTo("Your Custodian account has been locked");
            assertThat(GreenMailUtil.getAddressList(m.getAllRecipients())).contains(teacher.getUsername());
        });
        assertThat(events.list(teacher.schoolId(), teacher.id(), null, null, 50))
                .extracting(SecurityEvent::type).contains(SecurityEventType.ACCOUNT_LOCKED,
                        SecurityEventType.SIGN_IN_REFUSED_LOCKED, SecurityEventType.SIGN_IN_FAILED);

        clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        assertThat(passwordAccepted(teacher)).as("the first lockout lasts 5 minutes").isTrue();
    }

    @Test
    void theLockoutEmailGivesTheEndOfTheLockoutInUkTime() throws Exception {
        CustodianUser teacher = fixtures.user(fixtures.school().id(), Role.TEACHER);
        java.time.Instant before = clock.instant();
        int nextYear = before.atZone(ZoneOffset.UTC).getYear() + 1;
        clock.set(ZonedDateTime.of(nextYear, 6, 3, 13, 0, 0, 0, ZoneOffset.UTC).toInstant()); // 14:00 BST
        try {
            lockOut(teacher);

            assertThat(lockoutMailTo(teacher.getUsername()).replaceAll("\\s+", " "))
                    .contains("locked until 14:05 on 3 June " + nextYear + " (UK time).");
        } finally {
            // The clock is shared by every test of this context: others judge dates against it.
            clock.set(before.plusSeconds(1));
        }
    }

    /** The body of the lockout email sent to {@code address}, once it has arrived. */
    private String lockoutMailTo(String address) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            for (var message : mail.getReceivedMessages()) {
                if (GreenMailUtil.getAddressList(message.getAllRecipients()).contains(address)
                        && message.getSubject().equals("Your Custodian account has been locked")) {
                    return String.valueOf(message.getContent());
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("No lockout email arrived");
    }

    @Test
    void failuresSpreadOverMoreThanFiveMinutesDoNotLockAndRepeatedLockoutsDouble() {
        CustodianUser teacher = fixtures.user(fixtures.school().id(), Role.TEACHER);
        for (int i = 0; i < 9; i++) {
            assertRefused(teacher.getUsername(), "Wrong-Passw0rd");
        }
        clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        for (int i = 0; i < 9; i++) {
            assertRefused(teacher.getUsername(), "Wrong-Passw0rd");
        }
        assertThat(passwordAccepted(teacher)).as("18 failures in two windows").isTrue();

        lockOut(teacher);
        clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        assertThat(passwordAccepted(teacher)).isTrue();
        lockOut(teacher);
        clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        assertThat(passwordAccepted(teacher)).as("the second lockout lasts 10 minutes").isFalse();
        clock.advance(Duration.ofMinutes(5));
        assertThat(passwordAccepted(teacher)).isTrue();
    }

    @Test
    void aLockedAccountGetsTheSameAnswerAsAnUnknownOne() {
        CustodianUser teacher = fixtures.user(fixtures.school().id(), Role.TEACHER);
        lockOut(teacher);

        var locked = new Browser(port).signIn(teacher.getUsername(), Fixtures.PASSWORD);
        var unknown = new Browser(port).signIn("nobody@example.com", Fixtures.PASSWORD);

        assertThat(locked.headers().firstValue("Location")).isEqualTo(unknown.headers().firstValue("Location"));
    }

    private void lockOut(CustodianUser user) {
        for (int i = 0; i < 10; i++) {
            assertRefused(user.getUsername(), "Wrong-Passw0rd");
        }
    }

    private void assertRefused(String username, String password) {
        assertThat(new Browser(port).signIn(username, password).headers().firstValue("Location"))
                .hasValueSatisfying(location -> assertThat(location).endsWith("/login?error"));
    }

    /** The password step passed (the next step is the second factor, not the error page). */
    private boolean passwordAccepted(CustodianUser user) {
        return !new Browser(port).signIn(user.getUsername(), Fixtures.PASSWORD).headers().firstValue("Location")
                .orElseThrow().endsWith("/login?error");
    }
}
