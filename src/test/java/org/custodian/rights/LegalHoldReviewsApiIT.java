package org.custodian.rights;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

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

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A hold's record through the API: placing, each review (with its note kept encrypted and the review
 * date moved on) and lifting are recorded in order; a review date in the past, a hold without a
 * reason and the review of a lifted hold are refused and record nothing.
 */
@CustodianTest
class LegalHoldReviewsApiIT {

    static final String API = "/api/v1/legal-holds";

    @LocalServerPort int port;
    @Autowired Fixtures fixtures;
    @Autowired JsonMapper json;
    @Autowired TestClock clock;
    @Autowired Tenancy tenancy;
    @Autowired JdbcClient jdbc;

    School school;
    Browser admin;
    Browser dpo;
    LocalDate today;

    @BeforeEach
    void aSchoolWithADpo() {
        school = fixtures.school();
        CustodianUser adminUser = fixtures.schoolAdmin(school.id());
        fixtures.acceptAgreement(school.id(), adminUser);
        admin = fixtures.signedIn(port, adminUser);
        dpo = fixtures.signedIn(port, fixtures.user(school.id(), Role.DPO));
        today = LocalDate.now(clock.withZone(ZoneId.of("Europe/London")));
    }

    @Test
    void placingEachReviewAndLiftingAreRecordedInOrder() {
        String hold = place("{\"scope\": \"SCHOOL\", \"reason\": \"Inquiry\", \"reviewOn\": \"" + today.plusDays(7) + "\"}");

        var reviewed = dpo.api("POST", API + "/" + hold + "/reviews",
                "{\"note\": \"Inquiry still open\", \"nextReviewOn\": \"" + today.plusMonths(3) + "\"}");
        assertThat(reviewed.statusCode()).as(reviewed.body()).isEqualTo(201);
        assertThat(json.readTree(reviewed.body()).get("kind").asString()).isEqualTo("REVIEWED");
        assertThat(admin.api("POST", API + "/" + hold + "/reviews",
                "{\"nextReviewOn\": \"" + today.plusMonths(6) + "\"}").statusCode()).isEqualTo(201);
        assertThat(holdJson(hold).get("reviewOn").asString()).isEqualTo(today.plusMonths(6).toString());
        assertThat(admin.api("POST", API + "/" + hold + "/lift", null).statusCode()).isEqualTo(204);

        JsonNode record = json.readTree(dpo.get(API + "/" + hold + "/reviews").body());
        assertThat(record.valueStream().map(r -> r.get("kind").asString()).toList())
                .containsExactly("PLACED", "REVIEWED", "REVIEWED", "LIFTED");
        assertThat(record.get(0).get("nextReviewOn").asString()).isEqualTo(today.plusDays(7).toString());
        assertThat(record.get(1).get("note").asString()).isEqualTo("Inquiry still open");
        assertThat(record.get(1).get("nextReviewOn").asString()).isEqualTo(today.plusMonths(3).toString());
        assertThat(record.get(2).hasNonNull("note")).isFalse();
        assertThat(record.get(3).hasNonNull("nextReviewOn")).isFalse();
        List<String> stored = tenancy.inSchool(school.id(), () -> jdbc.sql(
                        "select coalesce(encode(note, 'escape'), '') from legal_hold_review where school_id = ?")
                .param(school.id()).query(String.class).list());
        assertThat(stored).hasSize(4).noneMatch(note -> note.contains("Inquiry still open"));

        // A lifted hold is not reviewed, and its record stays as it was.
        assertProblem(dpo.api("POST", API + "/" + hold + "/reviews",
                "{\"nextReviewOn\": \"" + today.plusMonths(9) + "\"}"), 404, "legal-hold-not-found");
        assertThat(json.readTree(dpo.get(API + "/" + hold + "/reviews").body()).size()).isEqualTo(4);
    }

    @Test
    void aReviewDateInThePastOrTodayAndAHoldWithoutAReasonAreRefused() {
        String hold = place("{\"scope\": \"SCHOOL\", \"reason\": \"Inquiry\", \"reviewOn\": \"" + today.plusDays(7) + "\"}");

        assertProblem(dpo.api("POST", API + "/" + hold + "/reviews",
                "{\"nextReviewOn\": \"" + today.minusDays(1) + "\"}"), 400, "invalid-legal-hold");
        assertProblem(dpo.api("POST", API + "/" + hold + "/reviews",
                "{\"nextReviewOn\": \"" + today + "\"}"), 400, "invalid-legal-hold");
        assertProblem(dpo.api("POST", API + "/" + hold + "/reviews", "{\"note\": \"Checked\"}"), 400,
                "invalid-legal-hold");
        assertProblem(dpo.api("POST", API, "{\"scope\": \"SCHOOL\", \"reason\": \" \", \"reviewOn\": \""
                + today.plusDays(7) + "\"}"), 400, "invalid-legal-hold");
        assertProblem(dpo.api("POST", API, "{\"scope\": \"SCHOOL\", \"reason\": \"Claim\", \"reviewOn\": \""
                + today.minusDays(1) + "\"}"), 400, "invalid-legal-hold");
        assertProblem(dpo.api("POST", API, "{\"scope\": \"SCHOOL\", \"reason\": \"Claim\"}"), 400, "invalid-legal-hold");

        assertThat(json.readTree(dpo.get(API + "/" + hold + "/reviews").body()).size()).as("only the placing").isEqualTo(1);
        assertThat(json.readTree(dpo.get(API).body()).size()).as("no hold placed").isEqualTo(1);
        assertThat(holdJson(hold).get("reviewOn").asString()).isEqualTo(today.plusDays(7).toString());
    }

    @Test
    void anotherSchoolsHoldIsNeitherReviewedNorShownAndATeacherMayNotReview() {
        String hold = place("{\"scope\": \"SCHOOL\", \"reason\": \"Inquiry\", \"reviewOn\": \"" + today.plusDays(7) + "\"}");
        School other = fixtures.school();
        Browser otherDpo = fixtures.signedIn(port, fixtures.user(other.id(), Role.DPO));
        Browser teacher = fixtures.signedIn(port, fixtures.user(school.id(), Role.TEACHER));
        String body = "{\"nextReviewOn\": \"" + today.plusMonths(1) + "\"}";

        assertProblem(otherDpo.api("POST", API + "/" + hold + "/reviews", body), 404, "legal-hold-not-found");
        assertProblem(otherDpo.get(API + "/" + hold + "/reviews"), 404, "legal-hold-not-found");
        assertThat(teacher.api("POST", API + "/" + hold + "/reviews", body).statusCode()).isEqualTo(403);
        assertThat(json.readTree(dpo.get(API + "/" + hold + "/reviews").body()).size()).isEqualTo(1);
    }

    private String place(String body) {
        var placed = dpo.api("POST", API, body);
        assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);
        return json.readTree(placed.body()).get("id").asString();
    }

    private JsonNode holdJson(String id) {
        for (JsonNode hold : json.readTree(dpo.get(API).body())) {
            if (hold.get("id").asString().equals(id)) {
                return hold;
            }
        }
        throw new AssertionError("hold not listed");
    }

    private static void assertProblem(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.body()).contains("\"code\":\"" + code + "\"");
    }
}
