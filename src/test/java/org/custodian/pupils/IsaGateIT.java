package org.custodian.pupils;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.Role;
import org.custodian.schools.InformationSharingAgreements;
import org.custodian.schools.School;
import org.custodian.support.Browser;
import org.custodian.support.CustodianTest;
import org.custodian.support.Fixtures;
import org.custodian.support.TestClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The agreement gate, exercised over real HTTP on the pupil endpoint. */
@CustodianTest
class IsaGateIT {

    @LocalServerPort int port;
    @Autowired Fixtures fixtures;
    @Autowired InformationSharingAgreements agreements;
    @Autowired TestClock clock;

    School school;
    CustodianUser admin;
    CustodianUser teacher;
    UUID pupil;

    @BeforeEach
    void schoolWithAPupil() {
        school = fixtures.school();
        admin = fixtures.schoolAdmin(school.id());
        teacher = fixtures.user(school.id(), Role.TEACHER);
        pupil = fixtures.pupil(school.id());
    }

    @Test
    void pupilDataIsRefusedUntilTheSchoolAcceptsTheAgreement() {
        Browser browser = signedIn(teacher);

        var refused = list(browser);

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(refused.body()).contains("\"code\":\"isa-not-accepted\"").doesNotContain(pupil.toString());
    }

    @Test
    void afterAcceptanceTheSchoolsOwnPupilsAreListed() {
        Browser browser = signedIn(admin);
        String hash = agreements.current().orElseThrow().contentHash();

        var accepted = browser.postJson("/api/v1/schools/" + school.id() + "/isa-acceptances", """
                {"contentHash": "%s", "signerName": "Test Signer", "signerRole": "Headteacher"}""".formatted(hash));
        var created = browser.api("POST", "/api/v1/pupils", fixtures.newPupil().json(),
                "Custodian-Purpose", "DATA_MANAGEMENT");
        var listed = list(browser);

        assertThat(accepted.statusCode()).isEqualTo(201);
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(accepted.body()).contains("\"signerRole\":\"Headteacher\"").contains(hash);
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(listed.body()).contains(PupilApiIT.field(created.body(), "id")).contains("\"total\":1");
    }

    @Test
    void anotherSchoolsAcceptanceDoesNotOpenTheGate() {
        School other = fixtures.school();
        fixtures.acceptAgreement(other.id(), fixtures.schoolAdmin(other.id()));

        assertThat(list(signedIn(teacher)).statusCode()).isEqualTo(403);
    }

    @Test
    void aNewVersionNeedsReacceptanceOnceTheGracePeriodEnds() {
        fixtures.acceptAgreement(school.id(), admin);
        Browser browser = signedIn(teacher);
        assertThat(list(browser).statusCode()).isEqualTo(200);

        agreements.publish("Agreement", "Revised text " + UUID.randomUUID(), null);
        var withinGrace = list(browser);
        clock.advance(Duration.ofDays(31));
        browser = signedIn(teacher); // a session lasts at most 12 hours
        var afterGrace = list(browser);
        fixtures.acceptAgreement(school.id(), admin);
        var afterReacceptance = list(browser);

        assertThat(withinGrace.statusCode()).isEqualTo(200);
        assertThat(afterGrace.statusCode()).isEqualTo(403);
        assertThat(afterGrace.body()).contains("isa-not-accepted");
        assertThat(afterReacceptance.statusCode()).isEqualTo(200);
    }

    @Test
    void acceptingAStaleVersionIsRefusedAndRecordsNothing() {
        String stale = agreements.current().orElseThrow().contentHash();
        agreements.publish("Agreement", "Newer text " + UUID.randomUUID(), null);
        Browser browser = signedIn(admin);

        var refused = browser.postJson("/api/v1/schools/" + school.id() + "/isa-acceptances", """
                {"contentHash": "%s", "signerName": "Test Signer", "signerRole": "Headteacher"}""".formatted(stale));

        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.body()).contains("\"code\":\"isa-version-stale\"");
        assertThat(agreements.acceptances(school.id(), admin)).isEmpty();
    }

    @Test
    void platformStaffHaveNoPupilAccessByRole() {
        assertThat(list(signedIn(fixtures.platformAdmin())).statusCode()).isEqualTo(403);
        assertThat(list(signedIn(fixtures.user(null, Role.SUPPORT))).statusCode()).isEqualTo(403);
    }

    @Test
    void withoutSignInTheApiAnswers401AsAProblem() {
        var response = list(new Browser(port));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("\"code\":\"unauthenticated\"");
    }

    private static java.net.http.HttpResponse<String> list(Browser browser) {
        return browser.api("GET", "/api/v1/pupils", null, "Custodian-Purpose", "TEACHING_AND_LEARNING");
    }

    private Browser signedIn(CustodianUser user) {
        return fixtures.signedIn(port, user);
    }
}
