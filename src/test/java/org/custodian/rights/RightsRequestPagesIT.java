package org.custodian.rights;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.Role;
import org.custodian.schools.Nation;
import org.custodian.schools.School;
import org.custodian.support.Browser;
import org.custodian.support.CustodianTest;
import org.custodian.support.Fixtures;
import org.custodian.support.TestClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.json.JsonMapper;

/** The register's pages: record a request through the form, find it, move it on, stop its clock. */
@CustodianTest
class RightsRequestPagesIT {

    static final String PAGES = "/school/rights-requests";
    static final DateTimeFormatter UK = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.UK);

    @LocalServerPort int port;
    @Autowired Fixtures fixtures;
    @Autowired JsonMapper json;
    @Autowired SubjectRightsDeadlines deadlines;
    @Autowired TestClock clock;

    School school;
    CustodianUser adminUser;
    Browser admin;
    Browser dpo;
    LocalDate today;

    @BeforeEach
    void schoolWithADpo() {
        school = fixtures.school();
        adminUser = fixtures.schoolAdmin(school.id());
        fixtures.acceptAgreement(school.id(), adminUser);
        admin = fixtures.signedIn(port, adminUser);
        dpo = fixtures.signedIn(port, fixtures.user(school.id(), Role.DPO));
        today = LocalDate.now(clock.withZone(ZoneId.of("Europe/London")));
    }

    @Test
    void aRequestRecordedThroughTheFormIsListedMovedOnAndItsClockStopped() {
        Fixtures.TestPupil named = fixtures.newPupil();
        String pupil = pupil(named);
        LocalDate received = today.minusDays(25);
        var form = dpo.get(PAGES + "/new");
        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(form.body()).contains("Record a rights request", "name=\"staffId\"", ">Test DPO<");

        var recorded = dpo.postForm(PAGES + "/new", PAGES + "/new", requestForm(pupil, received));

        assertThat(recorded.statusCode()).as(recorded.body()).isEqualTo(302);
        String location = recorded.headers().firstValue("Location").orElseThrow();
        assertThat(location).matches(".*" + PAGES + "/[0-9a-f-]{36}$");
        String path = PAGES + location.substring(location.lastIndexOf('/'));
        String unstopped = UK.format(deadlines.deadline(received, Nation.ENGLAND, 0, 0).date());

        String list = dpo.get(PAGES).body();
        assertThat(list).contains("href=\"" + path + "\"", UK.format(received), unstopped, "Received",
                "Pupil: " + named.forename() + " " + named.surname() + " (UPN " + named.upn() + ")");

        String page = dpo.get(path).body();
        assertThat(page).contains("id=\"deadline\">" + unstopped + "<", "Received " + received + " (day 1)",
                "A parent or carer", "Jo Example, mother", "Not competent (the age rule)", "Test DPO",
                named.forename() + " " + named.surname());
        assertThat(page).contains("value=\"IN_PROGRESS\"", "value=\"AWAITING_IDENTITY_OR_CLARIFICATION\"")
                .doesNotContain("value=\"COMPLETED\"");

        var inProgress = dpo.postForm(path, path + "/steps", step("IN_PROGRESS", today.minusDays(20)));
        assertThat(inProgress.statusCode()).as(inProgress.body()).isEqualTo(302);
        assertThat(dpo.get(path).body()).contains("In progress", "value=\"COMPLETED\"");

        var stopped = dpo.postForm(path, path + "/steps", step("AWAITING_IDENTITY_OR_CLARIFICATION",
                today.minusDays(14)));
        assertThat(stopped.statusCode()).as(stopped.body()).isEqualTo(302);

        // Stopped from 14 days ago and still running: 14 days later than before.
        String withStop = UK.format(deadlines.deadline(received, Nation.ENGLAND, 14, 0).date());
        assertThat(withStop).isNotEqualTo(unstopped);
        page = dpo.get(path).body();
        assertThat(page).contains("id=\"deadline\">" + withStop + "<", "The clock is stopped",
                "Awaiting identity or clarification");
        String dashboard = admin.get(PAGES).body();
        assertThat(dashboard).contains("id=\"count-stopped\">1<", "id=\"stopped\"", withStop);
    }

    @Test
    void theFormStartedFromAPupilsPageHasThePupilFilledIn() {
        String pupil = pupil();

        String form = dpo.get(PAGES + "/new?pupil=" + pupil).body();

        assertThat(form).containsPattern("value=\"PUPIL\"\\s+checked")
                .containsPattern("id=\"pupilId\"[^>]*value=\"" + pupil + "\"");
    }

    @Test
    void aBadFormIsRefusedWithTheErrorSummaryAndNothingEchoed() {
        Map<String, String> form = requestForm(pupil(), today);
        form.put("type", "");
        form.put("requester", "");
        form.put("receivedOnDay", "31");
        form.put("receivedOnMonth", "2");

        var refused = dpo.postForm(PAGES + "/new", PAGES + "/new", form);

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("govuk-error-summary", "href=\"#type\"", "Choose the type of request.",
                "href=\"#requester\"", "href=\"#receivedOn\"", "The date received must be a real date");
        assertThat(dpo.get(PAGES).body()).contains("There are no open requests.");
    }

    @Test
    void anExtensionNeedsMonthsAndAReason() {
        String path = PAGES + "/" + created();

        var refused = dpo.postForm(path, path + "/steps", Map.of("status", "EXTENDED"));

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("href=\"#extensionMonths\"", "href=\"#reason\"");
    }

    @Test
    void aRequestAboutAMemberOfStaffIsChosenFromTheSchoolsStaffAndARefusalClosesIt() {
        CustodianUser teacher = fixtures.user(school.id(), Role.TEACHER);
        Map<String, String> form = requestForm("", today);
        form.put("subjectKind", "STAFF");
        form.put("staffId", teacher.id().toString());
        form.put("requesterKind", "SUBJECT");
        form.put("requester", "");
        form.put("competence", "COMPETENT");

        var recorded = dpo.postForm(PAGES + "/new", PAGES + "/new", form);

        assertThat(recorded.statusCode()).as(recorded.body()).isEqualTo(302);
        String path = PAGES + "/" + recorded.headers().firstValue("Location").orElseThrow().replaceAll(".*/", "");
        assertThat(dpo.get(PAGES).body()).contains("Staff: Test TEACHER");
        String page = dpo.get(path).body();
        assertThat(page).contains("Staff: Test TEACHER", "The person it is about").doesNotContain(">Competence<");

        var refused = dpo.postForm(path, path + "/steps", Map.of("status", "REFUSED", "reason",
                "Asked and answered last week", "exemption", "Manifestly unfounded, UK GDPR Art 12(5)"));

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(302);
        assertThat(dpo.get(path).body()).contains("Refused", "Reason: Asked and answered last week",
                "Exemption: Manifestly unfounded, UK GDPR Art 12(5)", "The request is closed")
                .doesNotContain("Record the step");
        assertThat(dpo.get(PAGES).body()).contains("Closed requests", "There are no open requests.");
    }

    @Test
    void anotherSchoolsRequestIsNotFound() {
        String path = PAGES + "/" + created();
        School other = fixtures.school();
        Browser otherDpo = fixtures.signedIn(port, fixtures.user(other.id(), Role.DPO));

        assertThat(otherDpo.get(path).statusCode()).isEqualTo(404);
        assertThat(otherDpo.postForm(PAGES, path + "/steps", Map.of("status", "IN_PROGRESS")).statusCode())
                .isEqualTo(404);
        assertThat(dpo.get(path).body()).contains("id=\"status\"><strong class=\"govuk-tag govuk-tag--blue\">Received</strong>");
    }

    @Test
    void aTeacherMayNotSeeTheRegister() {
        Browser teacher = fixtures.signedIn(port, fixtures.user(school.id(), Role.TEACHER));

        assertThat(teacher.get(PAGES).statusCode()).isEqualTo(403);
        assertThat(teacher.get(PAGES + "/new").statusCode()).isEqualTo(403);
    }

    private String created() {
        var recorded = dpo.postForm(PAGES + "/new", PAGES + "/new", requestForm(pupil(), today));
        assertThat(recorded.statusCode()).as(recorded.body()).isEqualTo(302);
        String location = recorded.headers().firstValue("Location").orElseThrow();
        return location.substring(location.lastIndexOf('/') + 1);
    }

    private Map<String, String> requestForm(String pupil, LocalDate received) {
        Map<String, String> form = new HashMap<>();
        form.put("type", "ACCESS");
        form.put("subjectKind", "PUPIL");
        form.put("pupilId", pupil);
        form.put("staffId", "");
        form.put("requesterKind", "PARENT_OR_CARER");
        form.put("requester", "Jo Example, mother");
        form.put("channel", "EMAIL");
        form.put("receivedOnDay", String.valueOf(received.getDayOfMonth()));
        form.put("receivedOnMonth", String.valueOf(received.getMonthValue()));
        form.put("receivedOnYear", String.valueOf(received.getYear()));
        form.put("competence", "");
        form.put("details", "");
        return form;
    }

    private static Map<String, String> step(String status, LocalDate on) {
        return Map.of("status", status, "occurredOnDay", String.valueOf(on.getDayOfMonth()),
                "occurredOnMonth", String.valueOf(on.getMonthValue()), "occurredOnYear", String.valueOf(on.getYear()),
                "details", "", "reason", "", "exemption", "");
    }

    private String pupil() {
        return pupil(fixtures.newPupil());
    }

    private String pupil(Fixtures.TestPupil newPupil) {
        HttpResponse<String> created = admin.api("POST", "/api/v1/pupils", newPupil.json(),
                "Custodian-Purpose", "DATA_MANAGEMENT");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json.readTree(created.body()).get("id").asString();
    }
}
