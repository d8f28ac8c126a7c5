package org.custodian.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;

import org.custodian.identity.ApiTokens;
import org.custodian.identity.CustodianUser;
import org.custodian.identity.Role;
import org.custodian.schools.School;
import org.custodian.support.CustodianTest;
import org.custodian.support.Fixtures;
import org.custodian.support.TestClock;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The school's admins hear, once, that an API token is about to stop working. */
@CustodianTest
class ApiTokenExpiryRemindersIT {

    @Autowired ApiTokenExpiryReminders reminders;
    @Autowired ApiTokens tokens;
    @Autowired Fixtures fixtures;
    @Autowired GreenMail mail;
    @Autowired TestClock clock;

    @Test
    void theSchoolsAdminsAreEmailedOnceWhenATokenExpiresWithinTheNotice() throws Exception {
        School school = fixtures.school();
        CustodianUser admin = fixtures.schoolAdmin(school.id());
        CustodianUser otherAdmin = fixtures.schoolAdmin(school.id());
        CustodianUser teacher = fixtures.user(school.id(), Role.TEACHER);
        tokens.issue(admin, "Nightly export", Set.of("import"), clock.instant().plus(Duration.ofDays(10)));
        tokens.issue(admin, "Termly sync", Set.of("import"), clock.instant().plus(Duration.ofDays(30)));

        reminders.remind();

        List<String> toAdmin = bodiesTo(admin);
        assertThat(toAdmin).hasSize(1);
        assertThat(toAdmin.get(0)).contains("Nightly export").doesNotContain("Termly sync");
        assertThat(bodiesTo(otherAdmin)).hasSize(1);
        assertThat(bodiesTo(teacher)).isEmpty();

        reminders.remind();
        assertThat(bodiesTo(admin)).as("reminded once only").hasSize(1);

        clock.advance(Duration.ofDays(17)); // the second token now expires within the notice
        reminders.remind();
        assertThat(bodiesTo(admin)).hasSize(2).last().asString().contains("Termly sync");
    }

    private List<String> bodiesTo(CustodianUser user) throws MessagingException {
        return Arrays.stream(mail.getReceivedMessages())
                .filter(message -> sentTo(message, user.getUsername()))
                .filter(message -> subject(message).contains("API token"))
                .map(GreenMailUtil::getBody)
                .toList();
    }

    private static boolean sentTo(Message message, String address) {
        try {
            return Arrays.stream(message.getAllRecipients()).anyMatch(r -> r.toString().contains(address));
        } catch (MessagingException e) {
            return false;
        }
    }

    private static String subject(Message message) {
        try {
            return String.valueOf(message.getSubject());
        } catch (MessagingException e) {
            return "";
        }
    }
}
