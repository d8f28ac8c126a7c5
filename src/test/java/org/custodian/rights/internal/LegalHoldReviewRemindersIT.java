package org.custodian.rights.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.icegreen.greenmail.util.GreenMail;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.Role;
import org.custodian.rights.LegalHolds;
import org.custodian.rights.LegalHolds.NewHold;
import org.custodian.rights.LegalHolds.Scope;
import org.custodian.schools.School;
import org.custodian.support.CustodianTest;
import org.custodian.support.Fixtures;
import org.custodian.support.TestClock;
import org.custodian.tenancy.Tenancy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The review reminder at its boundary: nothing the day before the review date, one email to each of
 * the school's DPOs on the day, nothing on a rerun (or from a second instance), and a new one only
 * when a review has set a new date that has come. The email names no one and no reason.
 */
@CustodianTest
class LegalHoldReviewRemindersIT {

    private static final ZoneId UK = ZoneId.of("Europe/London");
    private static final String SUBJECT = "A legal hold is due for review";

    @Autowired Fixtures fixtures;
    @Autowired LegalHolds holds;
    @Autowired LegalHoldReviewReminders reminders;
    @Autowired TestClock clock;
    @Autowired GreenMail mail;
    @Autowired Tenancy tenancy;
    @Autowired JdbcClient jdbc;

    Instant realNow;
    LocalDate today;
    School school;
    CustodianUser admin;
    CustodianUser dpo;
    CustodianUser secondDpo;

    @BeforeEach
    void aSchoolWithTwoDpos() {
        realNow = clock.instant();
        today = LocalDate.ofInstant(realNow, UK);
        at(today);
        school = fixtures.school();
        admin = fixtures.schoolAdmin(school.id());
        dpo = fixtures.user(school.id(), Role.DPO);
        secondDpo = fixtures.user(school.id(), Role.DPO);
    }

    @AfterEach
    void restoreClock() {
        clock.set(realNow);
    }

    @Test
    void theDposAreRemindedOnTheReviewDateNotTheDayBeforeAndOnlyOnce() throws Exception {
        LocalDate reviewOn = today.plusDays(30);
        UUID hold = holds.place(admin, new NewHold(Scope.SCHOOL, null, null, "Tribunal claim by a parent", reviewOn));

        at(reviewOn.minusDays(1));
        reminders.run();
        assertThat(to(dpo)).as("the day before the review date").isEmpty();

        at(reviewOn);
        reminders.run();
        reminders.run();
        assertThat(to(dpo)).as("on the review date, once").hasSize(1);
        assertThat(to(secondDpo)).as("every DPO of the school").hasSize(1);
        assertThat(to(admin)).as("the admins when the school has a DPO").isEmpty();
        String body = to(dpo).get(0);
        assertThat(body).contains("A legal hold placed on " + ukDate(today) + " is due for review", "/school/legal-holds")
                .doesNotContain("Tribunal", "Test SCHOOL_ADMIN", "Test DPO", hold.toString());

        at(reviewOn.plusDays(3));
        reminders.run();
        assertThat(to(dpo)).as("a hold not yet reviewed is not reminded of again for the same date").hasSize(1);
        assertThat(tenancy.inSchool(school.id(), () -> jdbc.sql(
                        "select count(*) from legal_hold_review_notice where school_id = ? and hold_id = ?")
                .params(school.id(), hold).query(Long.class).single())).isEqualTo(1);

        // Reviewed: its new date brings a new reminder on that day, and not before.
        LocalDate next = reviewOn.plusMonths(6);
        holds.review(dpo, hold, "Claim still open", next);
        at(next.minusDays(1));
        reminders.run();
        assertThat(to(dpo)).hasSize(1);
        at(next);
        reminders.run();
        assertThat(to(dpo)).hasSize(2);
    }

    @Test
    void aSchoolWithoutADpoRemindsItsAdminsAndALiftedHoldIsNotReminded() throws Exception {
        School noDpo = fixtures.school();
        CustodianUser noDpoAdmin = fixtures.schoolAdmin(noDpo.id());
        LocalDate reviewOn = today.plusDays(10);
        holds.place(noDpoAdmin, new NewHold(Scope.CATEGORY, null, "SIGN_IN_RECORDS", "Inquiry", reviewOn));
        UUID lifted = holds.place(dpo, new NewHold(Scope.STAFF, admin.id(), null, "Dispute", reviewOn));
        holds.lift(dpo, lifted);

        at(reviewOn);
        reminders.run();

        assertThat(to(noDpoAdmin)).hasSize(1);
        assertThat(to(dpo)).as("the only hold of the DPO's school was lifted").isEmpty();
    }

    private void at(LocalDate day) {
        clock.set(day.atTime(LocalTime.NOON).atZone(UK).toInstant());
    }

    private static String ukDate(LocalDate date) {
        return java.time.format.DateTimeFormatter.ofPattern("d MMMM yyyy", java.util.Locale.UK).format(date);
    }

    /** The bodies of the review reminders sent to the user. */
    private List<String> to(CustodianUser user) throws Exception {
        List<String> bodies = new ArrayList<>();
        for (var message : mail.getReceivedMessages()) {
            if (message.getAllRecipients()[0].toString().equalsIgnoreCase(user.getUsername())
                    && SUBJECT.equals(message.getSubject())) {
                bodies.add(String.valueOf(message.getContent()));
            }
        }
        return bodies;
    }
}
