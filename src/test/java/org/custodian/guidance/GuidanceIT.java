package org.custodian.guidance;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.Role;
import org.custodian.schools.School;
import org.custodian.support.Browser;
import org.custodian.support.CustodianTest;
import org.custodian.support.Fixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Where the school requires it, staff acknowledge its current guidance before reaching pupil data. */
@CustodianTest
class GuidanceIT {

    private static final String PURPOSE = "Custodian-Purpose";

    @LocalServerPort int port;
    @Autowired Fixtures fixtures;
    @Autowired JsonMapper json;

    School school;
    CustodianUser teacherUser;
    Browser admin;
    Browser teacher;

    @BeforeEach
    void school() {
        school = fixtures.school();
        CustodianUser adminUser = fixtures.schoolAdmin(school.id());
        fixtures.acceptAgreement(school.id(), adminUser);
        admin = fixtures.signedIn(port, adminUser);
        teacherUser = fixtures.user(school.id(), Role.TEACHER);
        teacher = fixtures.signedIn(port, teacherUser);
    }

    @Test
    void staffAcknowledgeEachNewVersionBeforeTheirNextPupilDataAccess() {
        assertThat(pupils().statusCode()).as("nothing required yet").isEqualTo(200);
        assertThat(admin.api("POST", "/api/v1/guidance/versions", "{\"body\": \"Lock your screen.\"}").statusCode())
                .isEqualTo(201);
        assertThat(pupils().statusCode()).as("published but not required").isEqualTo(200);
        assertThat(admin.api("PUT", "/api/v1/guidance/requirement", "{\"required\": true}").statusCode()).isEqualTo(200);

        assertProblem(pupils(), 403, "guidance-acknowledgement-required");
        HttpResponse<String> page = teacher.get("/pupils");
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location").orElseThrow()).endsWith("/school/guidance");
        assertThat(teacher.get("/school/guidance").body()).contains("Lock your screen.", "must-acknowledge");

        assertThat(teacher.api("POST", "/api/v1/guidance/acknowledgements", "{\"version\": 1}").statusCode()).isEqualTo(201);
        assertThat(pupils().statusCode()).isEqualTo(200);
        assertThat(teacher.get("/pupils").headers().firstValue("Location").orElse("")).doesNotEndWith("/school/guidance");

        assertThat(admin.api("POST", "/api/v1/guidance/versions", "{\"body\": \"Lock your screen. Never email pupil lists.\"}")
                .statusCode()).isEqualTo(201);
        assertProblem(pupils(), 403, "guidance-acknowledgement-required");
        assertProblem(teacher.api("POST", "/api/v1/guidance/acknowledgements", "{\"version\": 1}"), 409,
                "guidance-version-not-current");
        assertProblem(pupils(), 403, "guidance-acknowledgement-required");
        // Acknowledged through the page, as a person would.
        assertThat(teacher.postForm("/school/guidance", "/school/guidance", java.util.Map.of("version", "2")).statusCode())
                .isEqualTo(302);
        assertThat(pupils().statusCode()).isEqualTo(200);

        JsonNode acknowledgements = json.readTree(admin.api("GET", "/api/v1/guidance/acknowledgements", null).body());
        assertThat(acknowledgements).hasSize(2);
        assertThat(acknowledgements.findValuesAsString("userId")).containsOnly(teacherUser.id().toString());
        assertThat(acknowledgements.findValues("version").stream().map(JsonNode::asInt).toList())
                .containsExactlyInAnyOrder(1, 2);

        assertThat(admin.api("PUT", "/api/v1/guidance/requirement", "{\"required\": false}").statusCode()).isEqualTo(200);
        assertThat(admin.api("POST", "/api/v1/guidance/versions", "{\"body\": \"Version three.\"}").statusCode()).isEqualTo(201);
        assertThat(pupils().statusCode()).as("no longer required").isEqualTo(200);
    }

    @Test
    void onlyTheSchoolAdminSetsTheGuidanceAndOnlyGuidanceThatExistsCanBeRequired() {
        assertProblem(admin.api("PUT", "/api/v1/guidance/requirement", "{\"required\": true}"), 409, "no-guidance");
        assertProblem(admin.api("POST", "/api/v1/guidance/versions", "{\"body\": \"  \"}"), 400, "invalid-guidance");
        assertThat(teacher.api("POST", "/api/v1/guidance/versions", "{\"body\": \"Mine.\"}").statusCode()).isEqualTo(403);
        assertThat(teacher.api("PUT", "/api/v1/guidance/requirement", "{\"required\": true}").statusCode()).isEqualTo(403);
        JsonNode view = json.readTree(teacher.api("GET", "/api/v1/guidance", null).body());
        assertThat(view.get("required").asBoolean()).isFalse();
        assertThat(view.path("version").isMissingNode() || view.path("version").isNull()).isTrue();
        assertThat(pupils().statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> pupils() {
        return teacher.api("GET", "/api/v1/pupils", null, PURPOSE, "TEACHING_AND_LEARNING");
    }

    private void assertProblem(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(json.readTree(response.body()).get("code").asString()).isEqualTo(code);
    }
}
