package org.custodian.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;

import com.icegreen.greenmail.util.GreenMail;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.Role;
import org.custodian.identity.SecurityEvent;
import org.custodian.identity.SecurityEventType;
import org.custodian.identity.SecurityEvents;
import org.custodian.support.Browser;
import org.custodian.support.CustodianTest;
import org.custodian.support.Fixtures;
import org.custodian.support.TestClock;
import org.custodian.tenancy.Tenancy;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** "Forgot your password?" over real HTTP, with a real SMTP server (GreenMail). */
@CustodianTest
class PasswordResetIT {

    private static final Pattern LINK = Pattern.compile("https?://[^/\\s]+(/reset-password/[A-Za-z0-9_-]+)");
    private static final String NEW_PASSWORD = "Brand-New-Passw0rd";

    @LocalServerPort int port;
    @Autowired PasswordPolicy passwordPolicy;
    @Autowired Fixtures fixtures;
    @Autowired GreenMail mail;
    @Autowired TestClock clock;
    @Autowired SecurityEvents events;
    @Autowired JdbcClient jdbc;
    @Autowired Tenancy tenancy;

    @Test
    void knownAndUnknownAddressesGetTheSameAnswerButOnlyAnAccountGetsAnEmail() throws Exception {
        CustodianUser teacher = fixtures.user(fixtures.school().id(), Role.TEACHER);
        int before = mail.getReceivedMessages().length;

        var unknown = requestReset("nobody." + UUID.randomUUID() + "@example.com");
        var known = requestReset(teacher.getUsername());

        assertThat(unknown.statusCode()).isEqualTo(known.statusCode()).isEqualTo(302);
        assertThat(unknown.headers().firstValue("Location")).isEqualTo(known.headers().firstValue("Location"))
                .hasValueSatisfying(location -> assertThat(location).endsWith("/forgot-password/sent"));
        assertThat(new Browser(port).get("/forgot-password/sent").body())
                .contains("If an account exists for that address, we have sent a link");

        MimeMessage email = awaitEmailTo(teacher);
        assertThat(email.getSubject()).isEqualTo("Reset your Custodian password");
        Thread.sleep(500); // the unknown address's request came first: its email would be here by now
        assertThat(mail.getReceivedMessages()).as("one email in all: none for the unknown address")
                .hasSize(before + 1);

        // Only the hash of the link's 32 random bytes is stored.
        byte[] token = Base64.getUrlDecoder().decode(linkIn(email).substring("/reset-password/".length()));
        assertThat(token).hasSize(32);
        List<byte[]> stored = tenancy.asPlatform(() -> jdbc.sql("select token_hash from password_reset where user_id = ?")
                .param(teacher.id()).query(byte[].class).list());
        assertThat(stored).singleElement().satisfies(hash -> {
            assertThat(hash).isEqualTo(MessageDigest.getInstance("SHA-256").digest(token));
            assertThat(Arrays.equals(hash, token)).isFalse();
        });
    }

    @Test
    void theLinkSetsANewPasswordOnceAndThenNoLongerWorks() throws Exception {
        CustodianUser teacher = fixtures.user(fixtures.school().id(), Role.TEACHER);
        requestReset(teacher.getUsername());
        String link = linkIn(awaitEmailTo(teacher));
        Browser browser = new Browser(port);

        var form = browser.get(link);
        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(form.body()).contains("Choose a new password");
        assertThat(form.headers().firstValue("Cache-Control")).hasValueSatisfying(v -> assertThat(v).contains("no-store"));
        var reset = browser.postForm(link, link, Map.of("newPassword", NEW_PASSWORD, "confirmPassword", NEW_PASSWORD));

        assertThat(reset.statusCode()).isEqualTo(302);
        assertThat(reset.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/login?password-reset"));
        assertThat(new Browser(port).get("/login?password-reset").body()).contains("Your password has been changed");
        assertThat(passwordAccepted(teacher, NEW_PASSWORD)).isTrue();
        assertThat(passwordAccepted(teacher, Fixtures.PASSWORD)).isFalse();
        assertThat(eventTypes(teacher)).contains(SecurityEventType.PASSWORD_RESET);

        var again = browser.get(link);
        var postAgain = browser.postForm("/forgot-password", link,
                Map.of("newPassword", "Another-Passw0rd-9", "confirmPassword", "Another-Passw0rd-9"));
        assertThat(again.statusCode()).isEqualTo(410);
        assertThat(again.body()).contains("This link is no longer valid");
        assertThat(postAgain.statusCode()).isEqualTo(410);
        assertThat(passwordAccepted(teacher, NEW_PASSWORD)).as("the second use changed nothing").isTrue();
    }

    @Test
    void anExpiredOrUnknownLinkIsRefusedAndChangesNothing() throws Exception {
        CustodianUser teacher = fixtures.user(fixtures.school().id(), Role.TEACHER);
        requestReset(teacher.getUsername());
        String link = linkIn(awaitEmailTo(teacher));
        clock.advance(Duration.ofHours(1).plusSeconds(1));
        Browser browser = new Browser(port);

        var expired = browser.get(link);
        var postExpired = browser.postForm("/forgot-password", link,
                Map.of("newPassword", NEW_PASSWORD, "confirmPassword", NEW_PASSWORD));
        var unknown = browser.get("/reset-password/" + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(new byte[32]));
        var garbage = browser.get("/reset-password/not-a-token");

        for (var response : List.of(expired, postExpired, unknown, garbage)) {
            assertThat(response.statusCode()).isEqualTo(410);
            assertThat(response.body()).contains("This link is no longer valid");
        }
        assertThat(expired.body()).isEqualTo(unknown.body());
        assertThat(passwordAccepted(teacher, Fixtures.PASSWORD)).isTrue();
        assertThat(eventTypes(teacher)).doesNotContain(SecurityEventType.PASSWORD_RESET);
    }

    @Test
    void resettingThePasswordClearsALockout() throws Exception {
        CustodianUser teacher = fixtures.user(fixtures.school().id(), Role.TEACHER);
        for (int i = 0; i < 10; i++) {
            new Browser(port).signIn(teacher.getUsername(), "Wrong-Passw0rd-" + i);
        }
        assertThat(passwordAccepted(teacher, Fixtures.PASSWORD)).as("locked").isFalse();

        requestReset(teacher.getUsername());
        String link = linkIn(awaitEmailTo(teacher, "Reset your Custodian password"));
        new Browser(port).postForm(link, link, Map.of("newPassword", NEW_PASSWORD, "confirmPassword", NEW_PASSWORD));

        assertThat(passwordAccepted(teacher, NEW_PASSWORD)).as("unlocked by the reset").isTrue();
        assertThat(events.list(teacher.schoolId(), teacher.id(), null, null, 50))
                .filteredOn(event -> event.type() == SecurityEventType.ACCOUNT_UNLOCKED)
                .extracting(SecurityEvent::detail).containsExactly("password-reset");
    }

    @Test
    void aWeakPasswordIsRefusedWithThePolicysMessagesAndTheLinkStillWorks() throws Exception {
        CustodianUser teacher = fixtures.user(fixtures.school().id(), Role.TEACHER);
        requestReset(teacher.getUsername());
        String link = linkIn(awaitEmailTo(teacher));
        Browser browser = new Browser(port);
        String weak = "short";
        String withUsername = teacher.getUsername().substring(0, teacher.getUsername().indexOf('@')) + "A1";

        var refused = browser.postForm(link, link, Map.of("newPassword", weak, "confirmPassword", weak));
        var containsName = browser.postForm(link, link, Map.of("newPassword", withUsername,
                "confirmPassword", withUsername));
        var mismatch = browser.postForm(link, link, Map.of("newPassword", NEW_PASSWORD,
                "confirmPassword", NEW_PASSWORD + "x"));

        assertThat(refused.statusCode()).isEqualTo(400);
        List<String> expected = passwordPolicy.violations(weak, teacher.getUsername());
        assertThat(expected).isNotEmpty();
        expected.forEach(message -> assertThat(refused.body()).contains(message));
        assertThat(containsName.statusCode()).isEqualTo(400);
        assertThat(passwordPolicy.violations(withUsername, teacher.getUsername())).isNotEmpty()
                .allSatisfy(message -> assertThat(containsName.body()).contains(message));
        assertThat(mismatch.statusCode()).isEqualTo(400);
        assertThat(mismatch.body()).contains("The two passwords do not match.");
        assertThat(passwordAccepted(teacher, Fixtures.PASSWORD)).as("nothing changed").isTrue();

        var accepted = browser.postForm(link, link, Map.of("newPassword", NEW_PASSWORD, "confirmPassword", NEW_PASSWORD));
        assertThat(accepted.statusCode()).isEqualTo(302);
        assertThat(passwordAccepted(teacher, NEW_PASSWORD)).isTrue();
    }

    @Test
    void aDisabledAccountGetsNoLinkAndRequestsAreThrottledPerAccount() throws Exception {
        CustodianUser disabled = fixtures.user(fixtures.school().id(), Role.TEACHER);
        tenancy.asPlatform(() -> jdbc.sql("update user_account set enabled = false where id = ?")
                .param(disabled.id()).update());
        CustodianUser eager = fixtures.user(fixtures.school().id(), Role.TEACHER);

        requestReset(disabled.getUsername());
        for (int i = 0; i < 4; i++) {
            assertThat(requestReset(eager.getUsername()).headers().firstValue("Location"))
                    .hasValueSatisfying(location -> assertThat(location).endsWith("/forgot-password/sent"));
        }
        awaitEmailsTo(eager, 3);
        Thread.sleep(500);

        assertThat(emailsTo(eager)).as("at most 3 an hour").hasSize(3);
        assertThat(emailsTo(disabled)).isEmpty();
        clock.advance(Duration.ofHours(1).plusSeconds(1));
        requestReset(eager.getUsername());
        awaitEmailsTo(eager, 4);
    }

    @Test
    void theSignInPageLinksToTheForgottenPasswordPageAndABlankAddressIsAFormError() {
        Browser browser = new Browser(port);
        assertThat(browser.get("/login").body()).contains("href=\"/forgot-password\"");
        var blank = browser.postForm("/forgot-password", "/forgot-password", Map.of("email", " "));
        assertThat(blank.statusCode()).isEqualTo(400);
        assertThat(blank.body()).contains("Enter your email address.").contains("href=\"#email\"");
    }

    private java.net.http.HttpResponse<String> requestReset(String address) {
        return new Browser(port).postForm("/forgot-password", "/forgot-password", Map.of("email", address));
    }

    /** The password step passed: the next step is the second factor, not the error page. */
    private boolean passwordAccepted(CustodianUser user, String password) {
        return !new Browser(port).signIn(user.getUsername(), password).headers().firstValue("Location")
                .orElseThrow().endsWith("/login?error");
    }

    private List<SecurityEventType> eventTypes(CustodianUser user) {
        return events.list(user.schoolId(), user.id(), null, null, 50).stream().map(SecurityEvent::type).toList();
    }

    private MimeMessage awaitEmailTo(CustodianUser user) throws Exception {
        return awaitEmailTo(user, null);
    }

    private MimeMessage awaitEmailTo(CustodianUser user, String subject) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            for (MimeMessage message : emailsTo(user)) {
                if (subject == null || subject.equals(message.getSubject())) {
                    return message;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("No email arrived for the account");
    }

    private void awaitEmailsTo(CustodianUser user, int count) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        while (emailsTo(user).size() < count && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertThat(emailsTo(user)).hasSizeGreaterThanOrEqualTo(count);
    }

    private List<MimeMessage> emailsTo(CustodianUser user) throws Exception {
        List<MimeMessage> found = new java.util.ArrayList<>();
        for (MimeMessage message : mail.getReceivedMessages()) {
            for (var recipient : message.getRecipients(Message.RecipientType.TO)) {
                if (recipient.toString().equalsIgnoreCase(user.getUsername())
                        && "Reset your Custodian password".equals(message.getSubject())) {
                    found.add(message);
                }
            }
        }
        return found;
    }

    /** The path of the link in the email, read from the decoded text (not the transfer-encoded source). */
    private static String linkIn(MimeMessage email) throws Exception {
        Matcher matcher = LINK.matcher(String.valueOf(email.getContent()));
        assertThat(matcher.find()).as("a reset link in the email").isTrue();
        return matcher.group(1);
    }
}
