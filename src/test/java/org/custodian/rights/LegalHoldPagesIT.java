package org.custodian.rights;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.Role;
import org.custodian.schools.School;
import org.custodian.support.Browser;
import org.custodian.support.CustodianTest;
import org.custodian.support.Fixtures;
import org.custodian.support.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.json.JsonMapper;

/**
 * The legal holds pages: place a hold on a pupil found by UPN, see it listed by name with who placed
 * it and its review date ("Review due" once it has come), review it, lift it after a confirmation; a
 * hold without a reason or with a past review date is refused on the form, and nothing is placed.
 */
@CustodianTest
class LegalHoldPagesIT {

    static final String PAGES = "/school/legal-holds";
    static final ZoneId UK = ZoneId.of("Europe/London");
    static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.UK);

    @LocalServerPort int port;
    @Autowired Fixtures fixtures;
    @Autowired JsonMapper json;
    @Autowired TestClock clock;

    Instant realNow;
    LocalDate today;
    School school;
    CustodianUser adminUser;
    CustodianUser dpoUser;
    Browser admin;
    Browser dpo;

    @BeforeEach
    void aSchoolWithADpo() {
        realNow = clock.instant();
        today = LocalDate.ofInstant(realNow, UK);
        clock.set(today.atTime(LocalTime.NOON).atZone(UK).toInstant());
        school = fixtures.school();
        adminUser = fixtures.schoolAdmin(school.id());
        fixtures.acceptAgreement(school.id(), adminUser);
        admin = fixtures.signedIn(port, adminUser);
        dpoUser = fixtures.user(school.id(), Role.DPO);
        dpo = fixtures.signedIn(port, dpoUser);
    }

    @AfterEach
    void restoreClock() {
        clock.set(realNow);
    }

    @Test
    void aHoldPlacedThroughTheFormIsListedReviewedAndLifted() {
        Fixtures.TestPupil pupil = fixtures.newPupil();
        createPupil(pupil);
        LocalDate reviewOn = today.plusDays(14);
        assertThat(dpo.get(PAGES).body()).contains("No legal hold stands at your school.", "href=\"" + PAGES + "/new\"");
        assertThat(dpo.get("/school").body()).as("the nav link").contains("href=\"" + PAGES + "\"");

        var placed = dpo.postForm(PAGES + "/new", PAGES + "/new", form("PUPIL", pupil.upn(), "Tribunal claim", reviewOn));

        assertThat(placed.statusCode()).as(placed.body()).isEqualTo(302);
        String path = PAGES + "/" + placed.headers().firstValue("Location").orElseThrow().replaceAll(".*/", "");
        String list = dpo.get(PAGES).body();
        String name = "Pupil: " + pupil.forename() + " " + pupil.surname() + " (UPN " + pupil.upn() + ")";
        assertThat(list).contains("href=\"" + path + "\"", name, "Test DPO, ", DATE.format(reviewOn))
                .doesNotContain("Review due", "Tribunal claim");
        String page = dpo.get(path).body();
        assertThat(page).contains(name, "Tribunal claim", "Placed", DATE.format(reviewOn), "Record the review",
                "href=\"" + path + "/lift\"");

        // On the review date the hold is due; a review records the note and sets the next date.
        clock.set(reviewOn.atTime(LocalTime.NOON).atZone(UK).toInstant());
        // Two weeks on, yesterday's sessions have ended: sign in again.
        admin = fixtures.signedIn(port, adminUser);
        dpo = fixtures.signedIn(port, dpoUser);
        assertThat(dpo.get(PAGES).body()).contains("Review due");
        var refused = admin.postForm(path, path + "/reviews", reviewForm("Checked", reviewOn));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("href=\"#nextReviewOn\"", "The review date must be in the future.");
        LocalDate next = reviewOn.plusMonths(6);
        var reviewed = admin.postForm(path, path + "/reviews", reviewForm("Claim still open", next));
        assertThat(reviewed.statusCode()).as(reviewed.body()).isEqualTo(302);
        assertThat(dpo.get(PAGES).body()).contains(DATE.format(next)).doesNotContain("Review due");
        assertThat(dpo.get(path).body()).contains("Reviewed", "Claim still open", "Test SCHOOL_ADMIN", DATE.format(next));

        // Lifting asks first; the hold then shows as lifted, by whom.
        var confirm = admin.get(path + "/lift");
        assertThat(confirm.statusCode()).isEqualTo(200);
        assertThat(confirm.body()).contains("Are you sure you want to lift this legal hold?", name);
        var lifted = admin.postForm(path + "/lift", path + "/lift", Map.of());
        assertThat(lifted.statusCode()).isEqualTo(302);
        list = dpo.get(PAGES).body();
        assertThat(list).contains("No legal hold stands at your school.", "id=\"lifted\"", "Test SCHOOL_ADMIN, ");
        assertThat(dpo.get(path).body()).contains("Lifted").doesNotContain("Record the review", "Checked");
        assertThat(dpo.postForm(path, path + "/reviews", reviewForm("Late", next.plusMonths(1))).statusCode())
                .as("a lifted hold is not reviewed").isEqualTo(404);
    }

    private static Map<String, String> reviewForm(String note, LocalDate next) {
        return Map.of("note", note, "nextReviewOnDay", String.valueOf(next.getDayOfMonth()),
                "nextReviewOnMonth", String.valueOf(next.getMonthValue()),
                "nextReviewOnYear", String.valueOf(next.getYear()));
    }

    @Test
    void holdsOnStaffACategoryAndTheSchoolAreDescribedInWords() {
        CustodianUser teacher = fixtures.user(school.id(), Role.TEACHER);
        Map<String, String> staff = form("STAFF", "", "Grievance", today.plusDays(1));
        staff.put("staffId", teacher.id().toString());
        Map<String, String> category = form("CATEGORY", "", "Audit", today.plusDays(1));
        category.put("category", "SIGN_IN_RECORDS");

        for (Map<String, String> hold : new Map[] {staff, category, form("SCHOOL", "", "Inquiry", today.plusDays(1))}) {
            var placed = dpo.postForm(PAGES + "/new", PAGES + "/new", hold);
            assertThat(placed.statusCode()).as(placed.body()).isEqualTo(302);
        }

        assertThat(dpo.get(PAGES).body()).contains("Member of staff: Test TEACHER",
                "Category of data: SIGN_IN_RECORDS", "All of the school&#39;s data");
    }

    @Test
    void aHoldWithoutAReasonOrWithAPastReviewDateIsRefusedOnTheFormAndNothingIsPlaced() {
        var noReason = dpo.postForm(PAGES + "/new", PAGES + "/new", form("SCHOOL", "", "", today.plusDays(7)));
        var pastReview = dpo.postForm(PAGES + "/new", PAGES + "/new", form("SCHOOL", "", "Claim", today.minusDays(1)));
        var todayReview = dpo.postForm(PAGES + "/new", PAGES + "/new", form("SCHOOL", "", "Claim", today));
        var noPupil = dpo.postForm(PAGES + "/new", PAGES + "/new", form("PUPIL", "Z999999999999", "Claim", today.plusDays(7)));

        assertThat(noReason.statusCode()).isEqualTo(400);
        assertThat(noReason.body()).contains("govuk-error-summary", "href=\"#reason\"", "Enter the reason for the hold.");
        assertThat(pastReview.statusCode()).isEqualTo(400);
        assertThat(pastReview.body()).contains("href=\"#reviewOn\"", "The review date must be in the future.")
                .contains(">Claim</textarea>");
        assertThat(todayReview.statusCode()).isEqualTo(400);
        assertThat(todayReview.body()).contains("href=\"#reviewOn\"");
        assertThat(noPupil.statusCode()).isEqualTo(400);
        assertThat(noPupil.body()).contains("href=\"#pupilId\"").doesNotContain("Z999999999999<");
        assertThat(dpo.get(PAGES).body()).contains("No legal hold stands at your school.");
        assertThat(dpo.get("/api/v1/legal-holds").body()).isEqualTo("[]");
    }

    @Test
    void aTeacherMayNotSeeTheHoldsAndAnotherSchoolsHoldIsNotFound() {
        var placed = dpo.postForm(PAGES + "/new", PAGES + "/new", form("SCHOOL", "", "Inquiry", today.plusDays(7)));
        String path = PAGES + "/" + placed.headers().firstValue("Location").orElseThrow().replaceAll(".*/", "");
        Browser teacher = fixtures.signedIn(port, fixtures.user(school.id(), Role.TEACHER));
        Browser otherDpo = fixtures.signedIn(port, fixtures.user(fixtures.school().id(), Role.DPO));

        assertThat(teacher.get(PAGES).statusCode()).isEqualTo(403);
        assertThat(teacher.get("/school").body()).doesNotContain("href=\"" + PAGES + "\"");
        assertThat(otherDpo.get(path).statusCode()).isEqualTo(404);
        assertThat(otherDpo.postForm(PAGES, path + "/lift", Map.of()).statusCode()).isEqualTo(404);
        assertThat(dpo.get(PAGES).body()).contains("id=\"standing\"");
    }

    private Map<String, String> form(String scope, String pupil, String reason, LocalDate reviewOn) {
        Map<String, String> form = new HashMap<>();
        form.put("scope", scope);
        form.put("pupilId", pupil);
        form.put("staffId", "");
        form.put("category", "");
        form.put("reason", reason);
        form.put("reviewOnDay", String.valueOf(reviewOn.getDayOfMonth()));
        form.put("reviewOnMonth", String.valueOf(reviewOn.getMonthValue()));
        form.put("reviewOnYear", String.valueOf(reviewOn.getYear()));
        return form;
    }

    private void createPupil(Fixtures.TestPupil pupil) {
        HttpResponse<String> created = admin.api("POST", "/api/v1/pupils", pupil.json(),
                "Custodian-Purpose", "DATA_MANAGEMENT");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }
}
