package org.custodian.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.Role;
import org.custodian.schools.School;
import org.custodian.support.Browser;
import org.custodian.support.CustodianTest;
import org.custodian.support.Fixtures;
import org.custodian.tenancy.Tenancy;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The retention schedule: defaults, a school's choices within the platform's limits, every change kept. */
@CustodianTest
class RetentionScheduleIT {

    static final String API = "/api/v1/retention";

    @LocalServerPort int port;
    @Autowired Fixtures fixtures;
    @Autowired JsonMapper json;
    @Autowired JdbcClient jdbc;
    @Autowired Tenancy tenancy;

    School school;
    CustodianUser adminUser;
    Browser admin;
    Browser dpo;

    @BeforeEach
    void school() {
        school = fixtures.school();
        adminUser = fixtures.schoolAdmin(school.id());
        fixtures.acceptAgreement(school.id(), adminUser);
        admin = fixtures.signedIn(port, adminUser);
        dpo = fixtures.signedIn(port, fixtures.user(school.id(), Role.DPO));
    }

    @Test
    void aSchoolStartsWithTheDefaultsSaidInPlainEnglish() {
        JsonNode rules = schedule(dpo);

        assertThat(rule(rules, "SIGN_IN_RECORDS").get("sentence").asString())
                .endsWith(": deleted 365 days after the sign-in.");
        assertThat(rule(rules, "SIGN_IN_RECORDS").get("period").asString()).isEqualTo("P365D");
        assertThat(rule(rules, "PUPIL_RECORDS").get("trigger").asString()).isEqualTo("LEAVING_DATE");
        assertThat(rule(rules, "PUPIL_RECORDS").get("period").asString()).isEqualTo("P1Y");
        assertThat(rule(rules, "ACCESS_LOG").get("period").asString()).isEqualTo("P2Y");
        assertThat(rules).allSatisfy(rule -> assertThat(rule.get("isDefault").asBoolean()).isTrue());

        String page = dpo.get("/school/retention").body();
        assertThat(page).contains("How long records are kept", "Deleted 365 days after the sign-in.",
                "Deleted 1 year after the pupil leaves.", "Custodian&#39;s default")
                .doesNotContain(">Change<");
    }

    @Test
    void theSchoolAdminChoosesWithinTheLimitsAndEveryChangeIsKept() {
        var chosen = admin.api("PUT", API + "/schedule/ACCESS_LOG", "{\"period\": \"P3Y\"}");
        var dob = admin.api("PUT", API + "/schedule/pupil-records", "{\"trigger\": \"DATE_OF_BIRTH\", \"period\": \"P25Y\"}");

        assertThat(chosen.statusCode()).as(chosen.body()).isEqualTo(200);
        assertThat(dob.statusCode()).as(dob.body()).isEqualTo(200);
        JsonNode rules = schedule(dpo);
        assertThat(rule(rules, "ACCESS_LOG").get("period").asString()).isEqualTo("P3Y");
        assertThat(rule(rules, "ACCESS_LOG").get("chosenBy").asString()).isEqualTo(adminUser.id().toString());
        assertThat(rule(rules, "PUPIL_RECORDS").get("sentence").asString())
                .isEqualTo("Pupil records: deleted 25 years after the pupil's date of birth, once they have left.");
        JsonNode changes = json.readTree(dpo.api("GET", API + "/schedule/changes", null).body());
        assertThat(changes).hasSize(2);
        assertThat(dpo.get("/school/retention").body()).contains("Deleted 3 years after the access.", "Test SCHOOL_ADMIN");
    }

    @Test
    void aPeriodOutsideTheLimitsAWrongTriggerOrABadPeriodIsRefusedAndNothingIsWritten() {
        assertProblem(admin.api("PUT", API + "/schedule/ACCESS_LOG", "{\"period\": \"P6M\"}"), 400,
                "retention-period-out-of-range");
        assertProblem(admin.api("PUT", API + "/schedule/PUPIL_RECORDS",
                "{\"trigger\": \"DATE_OF_BIRTH\", \"period\": \"P26Y\"}"), 400, "retention-period-out-of-range");
        assertProblem(admin.api("PUT", API + "/schedule/SIGN_IN_RECORDS",
                "{\"trigger\": \"LEAVING_DATE\", \"period\": \"P1Y\"}"), 400, "trigger-not-allowed");
        assertProblem(admin.api("PUT", API + "/schedule/SIGN_IN_RECORDS", "{\"period\": \"P-1D\"}"), 400,
                "invalid-period");
        assertProblem(admin.api("PUT", API + "/schedule/GOSSIP", "{\"period\": \"P1Y\"}"), 404, "unknown-retention-category");
        assertProblem(dpo.api("PUT", API + "/schedule/ACCESS_LOG", "{\"period\": \"P3Y\"}"), 403, null);
        assertThat(choices()).isZero();
    }

    @Test
    void anOperatorsLimitsBindNewChoicesAndHoldEarlierOnesToTheNearestLimit() {
        Browser operator = fixtures.signedIn(port, fixtures.platformAdmin());
        assertThat(admin.api("PUT", API + "/schedule/IMPORT_FILES", "{\"period\": \"P90D\"}").statusCode()).isEqualTo(200);
        try {
            var set = operator.api("PUT", API + "/limits/IMPORT_FILES", "{\"minimum\": \"P7D\", \"maximum\": \"P30D\"}");
            assertThat(set.statusCode()).as(set.body()).isEqualTo(200);

            JsonNode held = rule(schedule(admin), "IMPORT_FILES");
            assertThat(held.get("period").asString()).isEqualTo("P30D");
            assertThat(held.get("adjustedToLimits").asBoolean()).isTrue();
            assertProblem(admin.api("PUT", API + "/schedule/IMPORT_FILES", "{\"period\": \"P60D\"}"), 400,
                    "retention-period-out-of-range");
            assertProblem(operator.api("PUT", API + "/limits/IMPORT_FILES", "{\"minimum\": \"P2M\", \"maximum\": \"P30D\"}"),
                    400, "invalid-limits");
            assertProblem(admin.api("PUT", API + "/limits/IMPORT_FILES", "{\"minimum\": \"P0D\", \"maximum\": \"P5Y\"}"),
                    403, null);
            JsonNode limitChanges = json.readTree(operator.api("GET", API + "/limits/changes", null).body());
            assertThat(limitChanges.get(0).get("category").asString()).isEqualTo("IMPORT_FILES");
            assertThat(limitChanges.get(0).get("maximum").asString()).isEqualTo("P30D");
            assertThat(operator.get("/platform/retention").body()).contains("Retention limits",
                    "Between 7 days and 30 days (set ");
        } finally {
            // Limits are platform-wide: put the defaults back for the other tests.
            operator.api("PUT", API + "/limits/IMPORT_FILES", "{\"minimum\": \"P0D\", \"maximum\": \"P1Y\"}");
        }
    }

    @Test
    void theFormSavesAChoiceAndShowsAnErrorWithoutEchoingTheInput() {
        String page = admin.get("/school/retention").body();
        assertThat(page).contains("href=\"/school/retention/sign-in-records\"");
        String form = "/school/retention/sign-in-records";
        assertThat(admin.get(form).body()).contains("Delete them after", "The platform allows between 90 days and 2 years.");

        var saved = admin.postForm(form, form, Map.of("trigger", "EVENT_DATE", "periodYears", "1",
                "periodMonths", "0", "periodDays", "0"));
        var refused = admin.postForm(form, form, Map.of("trigger", "EVENT_DATE", "periodYears", "9x",
                "periodMonths", "", "periodDays", ""));
        var tooShort = admin.postForm(form, form, Map.of("trigger", "EVENT_DATE", "periodYears", "",
                "periodMonths", "", "periodDays", "30"));

        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(302);
        assertThat(admin.get("/school/retention").body()).contains("Deleted 1 year after the sign-in.");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("govuk-error-summary", "href=\"#period\"");
        String summary = refused.body().substring(refused.body().indexOf("govuk-error-summary"),
                refused.body().indexOf("govuk-back-link"));
        assertThat(summary).doesNotContain("9x");
        assertThat(tooShort.statusCode()).isEqualTo(400);
        assertThat(tooShort.body()).contains("between 90 days and 2 years");
        assertThat(choices()).isEqualTo(1);
    }

    @Test
    void aTeacherSeesNoSchedule() {
        Browser teacher = fixtures.signedIn(port, fixtures.user(school.id(), Role.TEACHER));
        assertThat(teacher.api("GET", API + "/schedule", null).statusCode()).isEqualTo(403);
    }

    private JsonNode schedule(Browser browser) {
        HttpResponse<String> response = browser.api("GET", API + "/schedule", null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private static JsonNode rule(JsonNode rules, String category) {
        for (JsonNode rule : rules) {
            if (rule.get("category").asString().equals(category)) {
                return rule;
            }
        }
        throw new AssertionError("no rule for " + category);
    }

    private long choices() {
        return tenancy.inSchool(school.id(), () -> jdbc.sql("select count(*) from retention_choice")
                .query(Long.class).single());
    }

    private static void assertProblem(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        if (code != null) {
            assertThat(response.body()).contains("\"code\":\"" + code + "\"");
        }
    }
}
