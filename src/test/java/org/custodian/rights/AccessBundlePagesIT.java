package org.custodian.rights;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.Role;
import org.custodian.schools.School;
import org.custodian.support.Browser;
import org.custodian.support.CustodianTest;
import org.custodian.support.Fixtures;
import org.custodian.support.TestClock;
import org.custodian.tenancy.Tenancy;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.json.JsonMapper;

/** The DPO's bundle page: linked from the request, build, a review that needs exemptions, release with a link. */
@CustodianTest
class AccessBundlePagesIT {

    @LocalServerPort int port;
    @Autowired Fixtures fixtures;
    @Autowired JsonMapper json;
    @Autowired TestClock clock;
    @Autowired Tenancy tenancy;
    @Autowired JdbcClient jdbc;

    School school;
    Browser dpo;
    Browser teacher;
    String requestId;

    @BeforeEach
    void anAccessRequest() {
        school = fixtures.school();
        CustodianUser adminUser = fixtures.schoolAdmin(school.id());
        fixtures.acceptAgreement(school.id(), adminUser);
        Browser admin = fixtures.signedIn(port, adminUser);
        dpo = fixtures.signedIn(port, fixtures.user(school.id(), Role.DPO));
        teacher = fixtures.signedIn(port, fixtures.user(school.id(), Role.TEACHER));
        var pupil = admin.api("POST", "/api/v1/pupils", fixtures.newPupil().json(), "Custodian-Purpose", "DATA_MANAGEMENT");
        String pupilId = json.readTree(pupil.body()).get("id").asString();
        var created = dpo.api("POST", "/api/v1/rights-requests", """
                {"type": "ACCESS", "subjectKind": "PUPIL", "subjectId": "%s", "requesterKind": "SUBJECT",
                 "channel": "EMAIL", "receivedOn": "%s", "competence": "COMPETENT"}""".formatted(pupilId,
                LocalDate.now(clock.withZone(ZoneId.of("Europe/London")))));
        requestId = json.readTree(created.body()).get("id").asString();
    }

    @Test
    void theDpoBuildsReviewsAndReleasesWithALinkFromThePages() {
        String request = "/school/rights-requests/" + requestId;
        String page = request + "/bundle";
        assertThat(dpo.get(request).body()).contains("id=\"bundle-link\"", "href=\"" + page + "\"");
        assertThat(dpo.get(page).body()).contains("id=\"no-bundle\"", "Build the bundle");

        var built = dpo.postForm(page, page + "/build", Map.of());
        assertThat(built.statusCode()).isEqualTo(302);
        String listing = dpo.get(page).body();
        assertThat(listing).contains("summary.pdf", "pupil.csv", "access-history.json", "Withhold pupil.csv",
                "Exemption for pupil.csv", "Release the bundle", "Save the review");

        var unreviewed = dpo.postForm(page, page + "/release", Map.of("link", "true"));
        assertThat(unreviewed.body()).contains("has not been reviewed").doesNotContain("id=\"passcode\"");

        var noExemption = dpo.postForm(page, page + "/review", Map.of("withhold-3", "true"));
        assertThat(noExemption.body()).contains("There is a problem", "Give the exemption relied on");
        assertThat(dpo.get(page).body()).contains("id=\"reviewed\">Not yet<");

        var reviewed = dpo.postForm(page, page + "/review", Map.of("withhold-3", "true", "exemption-3", "Third-party data"));
        assertThat(reviewed.statusCode()).isEqualTo(302);
        var released = dpo.postForm(page, page + "/release", Map.of("link", "true"));
        assertThat(released.body()).contains("id=\"passcode\"", "id=\"download-link\"", "/bundle-download/" + school.id() + "/",
                "Withheld: Third-party data", "Download the released bundle (ZIP)");
        // Shown once: the page reloaded no longer has the passcode.
        assertThat(dpo.get(page).body()).doesNotContain("id=\"passcode\"").contains("Build a new bundle");
    }

    @Test
    void aTeacherCannotReachTheBundlePage() {
        assertThat(teacher.get("/school/rights-requests/" + requestId + "/bundle").statusCode()).isEqualTo(403);
        assertThat(teacher.api("POST", "/api/v1/rights-requests/" + requestId + "/bundle", null).statusCode()).isEqualTo(403);
        assertThat(tenancy.inSchool(school.id(), () -> jdbc.sql("select count(*) from rights_bundle").query(Long.class).single()))
                .isZero();
    }
}
