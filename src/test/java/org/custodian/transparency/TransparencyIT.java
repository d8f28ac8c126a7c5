package org.custodian.transparency;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.custodian.backups.BackupPolicy;
import org.custodian.identity.CustodianUser;
import org.custodian.identity.Role;
import org.custodian.schools.School;
import org.custodian.support.AccessLogSequencing;
import org.custodian.support.Browser;
import org.custodian.support.CustodianTest;
import org.custodian.support.Fixtures;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Each school's transparency answers come from the running system and follow its configuration. */
@CustodianTest
class TransparencyIT {

    @LocalServerPort int port;
    @Autowired Fixtures fixtures;
    @Autowired JsonMapper json;
    @Autowired org.springframework.context.ApplicationContext context;

    School school;
    Browser admin;
    Browser teacher;

    @BeforeEach
    void school() {
        school = fixtures.school();
        CustodianUser adminUser = fixtures.schoolAdmin(school.id());
        fixtures.acceptAgreement(school.id(), adminUser);
        admin = fixtures.signedIn(port, adminUser);
        teacher = fixtures.signedIn(port, fixtures.user(school.id(), Role.TEACHER));
    }

    @Test
    void theAccessLogsLatestSignedCheckpointIsStatedOnceThereIsOne() {
        JsonNode before = json.readTree(teacher.api("GET", "/api/v1/transparency", null).body());
        assertThat(before.get("accessLog").has("treeSize")).as("no checkpoint yet").isFalse();
        assertThat(teacher.get("/school/transparency").body()).contains("id=\"no-access-log-checkpoint\"");

        var search = admin.api("GET", "/api/v1/pupils?name=Smith", null, "Custodian-Purpose", "DATA_MANAGEMENT");
        assertThat(search.statusCode()).as("a logged search").isEqualTo(200);
        AccessLogSequencing.integrate(context, school.id());

        JsonNode after = json.readTree(teacher.api("GET", "/api/v1/transparency", null).body());
        assertThat(after.get("accessLog").get("treeSize").asLong()).isPositive();
        assertThat(after.get("accessLog").get("rootHash").asString()).isNotBlank();
        assertThat(teacher.get("/school/transparency").body()).contains("id=\"access-log-checkpoint\"")
                .doesNotContain("Check the log is intact");
        assertThat(admin.get("/school/transparency").body()).contains("Check the log is intact");
    }

    @Test
    void thePageAndTheJsonChangeWhenTheSchoolSwitchesACategoryOn() {
        JsonNode before = answers(teacher);
        assertThat(category(before, "ETHNICITY").get("enabled").asBoolean()).isFalse();
        assertThat(teacher.get("/school/transparency").body())
                .contains("id=\"category-ETHNICITY\">Not held (switched off)<");

        var switched = admin.api("PUT", "/api/v1/pupil-categories/ETHNICITY", "{\"enabled\": true}");
        assertThat(switched.statusCode()).as(switched.body()).isEqualTo(200);

        JsonNode after = answers(teacher);
        assertThat(category(after, "ETHNICITY").get("enabled").asBoolean()).isTrue();
        assertThat(category(after, "FSM6").get("enabled").asBoolean()).isFalse();
        assertThat(teacher.get("/school/transparency").body())
                .contains("id=\"category-ETHNICITY\">Held (switched on)<", "id=\"category-FSM6\">Not held (switched off)<");
        assertThat(java.time.Instant.parse(after.get("generatedAt").asString()))
                .isAfterOrEqualTo(java.time.Instant.parse(before.get("generatedAt").asString()));
    }

    @Test
    void theAnswersComeFromTheSchoolAndTheConfiguration() throws Exception {
        JsonNode answers = answers(teacher);

        assertThat(answers.get("schoolId").asString()).isEqualTo(school.id().toString());
        assertThat(answers.get("subjectAccess").get("contactEmail").asString()).isEqualTo(school.contactEmail().value());
        assertThat(answers.get("breachProcedure").get("reportWithinHours").asLong()).isEqualTo(72);
        assertThat(answers.get("storage").get("database").asString()).contains("embedded");
        assertThat(answers.get("storage").get("keyStore").asString()).contains("custodian_keys");
        assertThat(answers.get("encryption").get("algorithms").toString()).contains("AES-256-GCM", "HMAC-SHA256");
        // The test profile switches the daily backup off; the page must say so, not claim a schedule.
        assertThat(answers.get("backups").get("scheduled").asBoolean()).isFalse();
        assertThat(answers.get("backups").get("keyRetentionDays").asLong()).isEqualTo(7);
        String guarantee = answers.get("backups").get("erasureGuarantee").asString();
        assertThat(Files.readString(Path.of("docs/backups.md"))).contains("**The guarantee:** " + guarantee);
        assertThat(guarantee).isEqualTo(BackupPolicy.ERASURE_GUARANTEE);
        JsonNode retention = answers.get("retention");
        assertThat(retention.toString()).contains("PUPIL_RECORDS").doesNotContain("TAX_RECORDS");

        var chosen = admin.api("PUT", "/api/v1/retention/schedule/ACCESS_LOG", "{\"period\": \"P3Y\"}");
        assertThat(chosen.statusCode()).as(chosen.body()).isEqualTo(200);
        assertThat(rule(answers(teacher), "ACCESS_LOG")).isEqualTo("Deleted 3 years after the access (the school's choice)");
        assertThat(teacher.get("/school/transparency").body()).contains("Deleted 3 years after the access (the school&#39;s choice)");
    }

    @Test
    void platformStaffHaveNoSchoolToAnswerFor() {
        Browser operator = fixtures.signedIn(port, fixtures.platformAdmin());
        var refused = operator.api("GET", "/api/v1/transparency", null);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("school-staff-only");
    }

    private JsonNode answers(Browser browser) {
        var response = browser.api("GET", "/api/v1/transparency", null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private static JsonNode category(JsonNode answers, String name) {
        for (JsonNode category : answers.get("dataHeld").get("optionalCategories")) {
            if (category.get("category").asString().equals(name)) {
                return category;
            }
        }
        throw new AssertionError("no category " + name);
    }

    private static String rule(JsonNode answers, String category) {
        for (JsonNode rule : answers.get("retention")) {
            if (rule.get("category").asString().equals(category)) {
                return rule.get("rule").asString();
            }
        }
        throw new AssertionError("no rule for " + category);
    }
}
