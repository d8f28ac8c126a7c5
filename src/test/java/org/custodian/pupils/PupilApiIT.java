package org.custodian.pupils;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.Role;
import org.custodian.schools.School;
import org.custodian.support.Browser;
import org.custodian.support.CustodianTest;
import org.custodian.support.Fixtures;
import org.custodian.support.Fixtures.TestPupil;
import org.custodian.tenancy.Tenancy;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The pupil API end to end: purposes, validation, ETags, search, categories, tenancy. */
@CustodianTest
class PupilApiIT {

    static final String PURPOSE = "Custodian-Purpose";
    static final String REASON = "Custodian-Reason";

    @LocalServerPort int port;
    @Autowired Fixtures fixtures;
    @Autowired JdbcClient jdbc;
    @Autowired Tenancy tenancy;
    @Autowired SchoolClasses classes;

    School school;
    CustodianUser admin;
    Browser dataManager;
    Browser teacher;

    @BeforeEach
    void schoolThatAcceptedTheAgreement() {
        school = fixtures.school();
        admin = fixtures.schoolAdmin(school.id());
        fixtures.acceptAgreement(school.id(), admin);
        dataManager = fixtures.signedIn(port, fixtures.user(school.id(), Role.DATA_MANAGER));
        teacher = fixtures.signedIn(port, fixtures.user(school.id(), Role.TEACHER));
    }

    @Test
    void aCreatedPupilReadsBackWithItsETagAndEveryAccessIsLogged() {
        TestPupil pupil = fixtures.newPupil();

        var created = create(dataManager, pupil.json());
        String id = field(created.body(), "id");
        var read = teacher.api("GET", "/api/v1/pupils/" + id, null, PURPOSE, "TEACHING_AND_LEARNING");

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).hasValue("/api/v1/pupils/" + id);
        assertThat(created.headers().firstValue("ETag")).hasValue("\"1\"");
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.headers().firstValue("ETag")).hasValue("\"1\"");
        assertThat(read.body()).contains(pupil.upn(), pupil.forename(), pupil.surname(), pupil.dateOfBirth(),
                "\"sex\":\"F\"", "\"ncYear\":\"7\"", "\"registrationGroup\":\"7A\"", "7A/Ma1");
        assertThat(logEntries(id)).containsExactly("CREATE DATA_MANAGEMENT DATA_MANAGER",
                "READ TEACHING_AND_LEARNING TEACHER");
    }

    @Test
    void searchFindsByUpnAndByNameThroughBlindIndexesAndPages() {
        TestPupil first = fixtures.newPupil();
        TestPupil second = fixtures.newPupil();
        create(dataManager, first.json());
        create(dataManager, second.json());

        var byUpn = search("{\"upn\": \"" + first.upn() + "\"}");
        var bySurname = search("{\"name\": \"" + second.surname().toUpperCase() + "\"}");
        var byFullName = search("{\"name\": \"" + first.forename() + "  " + first.surname() + "\"}");
        var firstPage = teacher.api("GET", "/api/v1/pupils?size=1&page=0", null, PURPOSE, "TEACHING_AND_LEARNING");
        var secondPage = teacher.api("GET", "/api/v1/pupils?size=1&page=1", null, PURPOSE, "TEACHING_AND_LEARNING");

        assertThat(byUpn.body()).contains(first.surname()).doesNotContain(second.surname()).contains("\"total\":1");
        assertThat(bySurname.body()).contains(second.upn()).doesNotContain(first.upn());
        assertThat(byFullName.body()).contains(first.upn()).doesNotContain(second.upn());
        // Two pages of one: each holds one of the two pupils, together both.
        assertThat(firstPage.body()).contains("\"total\":2");
        assertThat(firstPage.body() + secondPage.body()).contains(first.upn(), second.upn());
        assertThat(firstPage.body().contains(first.upn())).isNotEqualTo(secondPage.body().contains(first.upn()));
    }

    @Test
    void callsWithoutAValidPurposeOrReasonAreRefused() {
        String id = field(create(dataManager, fixtures.newPupil().json()).body(), "id");
        Browser dpo = fixtures.signedIn(port, fixtures.user(school.id(), Role.DPO));
        String path = "/api/v1/pupils/" + id;

        assertProblem(teacher.api("GET", path, null), 400, "purpose-required");
        assertProblem(teacher.api("GET", path, null, PURPOSE, "GOSSIP"), 400, "purpose-unknown");
        assertProblem(teacher.api("GET", path, null, PURPOSE, "DATA_MANAGEMENT"), 403, "purpose-not-allowed");
        assertProblem(dpo.api("GET", path, null, PURPOSE, "SUBJECT_RIGHTS_REQUEST"), 400, "reason-required");
        assertProblem(teacher.api("GET", path + "?categories=all", null, PURPOSE, "TEACHING_AND_LEARNING"),
                400, "reason-required");
        assertProblem(teacher.api("GET", "/api/v1/pupils?size=101", null, PURPOSE, "TEACHING_AND_LEARNING"),
                400, "reason-required");
        assertThat(dpo.api("GET", path, null, PURPOSE, "SUBJECT_RIGHTS_REQUEST", REASON, "Request ref 12")
                .statusCode()).isEqualTo(200);
        assertThat(teacher.api("GET", "/api/v1/pupils?size=101", null, PURPOSE, "TEACHING_AND_LEARNING",
                REASON, "Whole-school trip list").statusCode()).isEqualTo(200);
        // Only the creation and the two allowed calls reached the log.
        assertThat(logEntries(id)).containsExactly("CREATE DATA_MANAGEMENT DATA_MANAGER",
                "READ SUBJECT_RIGHTS_REQUEST DPO", "SEARCH TEACHING_AND_LEARNING TEACHER");
    }

    @Test
    void eachRolesPurposesComeFromTheRegister() {
        Browser supervisor = fixtures.signedIn(port, fixtures.user(school.id(), Role.EXAM_SUPERVISOR));

        var purposes = supervisor.api("GET", "/api/v1/purposes", null);

        assertThat(purposes.body()).containsPattern(
                "\"code\":\"EXAM_ADMINISTRATION\"[^}]*\"allowedForYou\":true,\"defaultForYou\":true");
        assertThat(purposes.body()).containsPattern("\"code\":\"TEACHING_AND_LEARNING\"[^}]*\"allowedForYou\":false");
        assertProblem(supervisor.api("POST", "/api/v1/pupils", fixtures.newPupil().json(), PURPOSE, "EXAM_ADMINISTRATION"),
                403, "purpose-not-allowed");
    }

    private static void assertProblem(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.body()).contains("\"code\":\"" + code + "\"");
    }

    @Test
    void badInputIsRefusedWithLocatedErrorsAndNothingIsWritten() {
        TestPupil pupil = fixtures.newPupil();
        String wrongCheckLetter = (pupil.upn().charAt(0) == 'A' ? "B" : "A") + pupil.upn().substring(1);
        String bad = """
                {"upn": "%s", "forename": "Fakename", "surname": "Fakesurname", "dateOfBirth": "2015-02-31",
                 "sex": "Q", "ncYear": "15", "categories": {"SHOE_SIZE": "9"}}""".formatted(wrongCheckLetter);
        long before = pupilCount();

        var refused = create(dataManager, bad);
        var future = create(dataManager, pupil.json().replace(pupil.dateOfBirth(), "2999-01-01"));

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("\"code\":\"validation-failed\"",
                "\"field\":\"upn\"", "invalid-upn", "\"field\":\"dateOfBirth\"", "invalid-date",
                "\"field\":\"sex\"", "\"field\":\"ncYear\"", "unknown-code", "unknown-category")
                .doesNotContain(wrongCheckLetter).doesNotContain("2015-02-31");
        assertThat(future.body()).contains("implausible-date");
        assertThat(pupilCount()).isEqualTo(before);
    }

    @Test
    void anExportNeedsAReasonIsLoggedAsOneExportOfEveryPupilAndNeutralisesFormulas() {
        TestPupil first = fixtures.newPupil();
        TestPupil second = fixtures.newPupil();
        String firstId = field(create(dataManager, first.json().replace("\"A" + first.upn().substring(8) + "\"",
                "\"-2024\"")).body(), "id");
        String secondId = field(create(dataManager, second.json()).body(), "id");

        var withoutReason = dataManager.api("GET", "/api/v1/pupils/export", null, PURPOSE, "DATA_MANAGEMENT",
                "Accept", "text/csv");
        var exported = dataManager.api("GET", "/api/v1/pupils/export", null, PURPOSE, "DATA_MANAGEMENT",
                REASON, "Census return check", "Accept", "text/csv");

        assertProblem(withoutReason, 400, "reason-required");
        assertThat(exported.statusCode()).isEqualTo(200);
        assertThat(exported.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/csv"));
        assertThat(exported.body()).startsWith("UPN,Forename,Surname,Date of birth")
                .contains(first.upn() + "," + first.forename() + "," + first.surname() + "," + first.dateOfBirth() + ",'-2024,F,7,7A,7A/Ma1\r\n")
                .contains(second.upn());
        assertThat(logEntries(firstId)).endsWith("EXPORT DATA_MANAGEMENT DATA_MANAGER");
        assertThat(logEntries(secondId)).endsWith("EXPORT DATA_MANAGEMENT DATA_MANAGER");
    }

    @Test
    void changesNeedTheCurrentETag() {
        TestPupil pupil = fixtures.newPupil();
        String id = field(create(dataManager, pupil.json()).body(), "id");
        String path = "/api/v1/pupils/" + id;
        String changed = pupil.json().replace("\"ncYear\": \"7\"", "\"ncYear\": \"8\"");

        var noTag = dataManager.api("PUT", path, changed, PURPOSE, "DATA_MANAGEMENT");
        var updated = dataManager.api("PUT", path, changed, PURPOSE, "DATA_MANAGEMENT", "If-Match", "\"1\"");
        var stale = dataManager.api("PUT", path, changed, PURPOSE, "DATA_MANAGEMENT", "If-Match", "\"1\"");
        var read = dataManager.api("GET", path, null, PURPOSE, "DATA_MANAGEMENT");

        assertProblem(noTag, 428, "if-match-required");
        assertThat(updated.statusCode()).isEqualTo(200);
        assertThat(updated.headers().firstValue("ETag")).hasValue("\"2\"");
        assertProblem(stale, 412, "version-mismatch");
        assertThat(read.body()).contains("\"ncYear\":\"8\"", "\"version\":2");
    }

    @Test
    void aSecondPupilWithTheSameUpnIsRefused() {
        TestPupil pupil = fixtures.newPupil();
        create(dataManager, pupil.json());

        assertProblem(create(dataManager, pupil.json()), 409, "upn-exists");
    }

    @Test
    void valuesOfSwitchedOffCategoriesAreDroppedAndNeverStored() {
        Browser schoolAdmin = fixtures.signedIn(port, admin);
        String categories = ", \"categories\": {\"ETHNICITY\": \"WBRI\", \"FSM_ELIGIBLE\": \"true\"}";

        var offForBoth = create(dataManager, fixtures.newPupil().json(categories));
        String offId = field(offForBoth.body(), "id");
        var teacherSwitch = teacher.api("PUT", "/api/v1/pupil-categories/ETHNICITY", "{\"enabled\": true}");
        var switchedOn = schoolAdmin.api("PUT", "/api/v1/pupil-categories/ETHNICITY", "{\"enabled\": true}");
        var ethnicityOn = create(dataManager, fixtures.newPupil().json(categories));
        String onId = field(ethnicityOn.body(), "id");
        var withReason = teacher.api("GET", "/api/v1/pupils/" + onId + "?categories=ETHNICITY,FSM_ELIGIBLE", null,
                PURPOSE, "TEACHING_AND_LEARNING", REASON, "Planning EAL support");
        var withoutCategories = teacher.api("GET", "/api/v1/pupils/" + onId, null, PURPOSE, "TEACHING_AND_LEARNING");

        assertThat(offForBoth.body()).contains("\"droppedCategories\":[\"ETHNICITY\",\"FSM_ELIGIBLE\"]");
        assertThat(categoryValues(offId)).isZero();
        assertThat(teacherSwitch.statusCode()).isEqualTo(403);
        assertThat(switchedOn.statusCode()).isEqualTo(200);
        assertThat(ethnicityOn.body()).contains("\"droppedCategories\":[\"FSM_ELIGIBLE\"]");
        assertThat(categoryValues(onId)).isEqualTo(1);
        assertThat(withReason.body()).contains("\"ETHNICITY\":\"WBRI\"").doesNotContain("FSM_ELIGIBLE\":");
        assertThat(withoutCategories.body()).doesNotContain("WBRI");

        var switchedOff = schoolAdmin.api("PUT", "/api/v1/pupil-categories/ETHNICITY", "{\"enabled\": false}");

        assertThat(switchedOff.body()).contains("\"valuesRemoved\":1");
        assertThat(categoryValues(onId)).isZero();
        assertThat(tenancy.inSchool(school.id(), () -> jdbc.sql(
                "select count(*) from school_category_change where school_id = ? and category = 'ETHNICITY'")
                .param(school.id()).query(Long.class).single())).isEqualTo(2);
    }

    @Test
    void anotherSchoolsPupilIsNotFoundAndRowLevelSecurityHidesIt() {
        String id = field(create(dataManager, fixtures.newPupil().json()).body(), "id");
        School other = fixtures.school();
        CustodianUser otherAdmin = fixtures.schoolAdmin(other.id());
        fixtures.acceptAgreement(other.id(), otherAdmin);
        Browser otherTeacher = fixtures.signedIn(port, fixtures.user(other.id(), Role.TEACHER));

        var read = otherTeacher.api("GET", "/api/v1/pupils/" + id, null, PURPOSE, "TEACHING_AND_LEARNING");
        long visible = tenancy.inSchool(other.id(), () -> jdbc.sql("select count(*) from pupil where id = ?::uuid")
                .param(id).query(Long.class).single());

        assertProblem(read, 404, "pupil-not-found");
        assertThat(visible).isZero();
    }

    @Test
    void classStaffAppearOnTheirPupilsRecordsAndOnlyTheSchoolsOwnStaffCanBeAssigned() {
        CustodianUser teacherAccount = fixtures.user(school.id(), Role.TEACHER);
        CustodianUser outsider = fixtures.user(fixtures.school().id(), Role.TEACHER);
        String id = field(create(dataManager, fixtures.newPupil().json()).body(), "id");
        String assignment = """
                {"kind": "TEACHING", "code": "7A/Ma1", "teachers": ["%s"], "supervisors": []}""";

        var byTeacher = teacher.api("PUT", "/api/v1/classes/staff", assignment.formatted(teacherAccount.id()));
        var outsiderAssigned = dataManager.api("PUT", "/api/v1/classes/staff", assignment.formatted(outsider.id()));
        var assigned = dataManager.api("PUT", "/api/v1/classes/staff", assignment.formatted(teacherAccount.id()));
        var read = teacher.api("GET", "/api/v1/pupils/" + id, null, PURPOSE, "TEACHING_AND_LEARNING");

        assertThat(byTeacher.statusCode()).isEqualTo(403);
        assertProblem(outsiderAssigned, 400, "unknown-staff");
        assertThat(assigned.statusCode()).isEqualTo(200);
        assertThat(assigned.body()).contains("\"code\":\"7A/Ma1\"", teacherAccount.id().toString(), "\"pupils\":1");
        assertThat(read.body()).contains("\"teachers\":[{\"id\":\"" + teacherAccount.id() + "\",\"name\":\"Test TEACHER\"}]");
        assertThat(classes.pupilsTaughtBy(school.id(), teacherAccount.id())).containsExactly(UUID.fromString(id));
        assertThat(classes.pupilsTaughtBy(school.id(), admin.id())).isEmpty();
    }

    private HttpResponse<String> search(String json) {
        return teacher.api("POST", "/api/v1/pupils/search", json, PURPOSE, "TEACHING_AND_LEARNING");
    }

    private HttpResponse<String> create(Browser browser, String json) {
        return browser.api("POST", "/api/v1/pupils", json, PURPOSE, "DATA_MANAGEMENT");
    }

    private long pupilCount() {
        return tenancy.inSchool(school.id(), () -> jdbc.sql("select count(*) from pupil").query(Long.class).single());
    }

    private long categoryValues(String pupilId) {
        return tenancy.inSchool(school.id(), () -> jdbc.sql(
                "select count(*) from pupil_category_value where pupil_id = ?::uuid").param(pupilId).query(Long.class).single());
    }

    private java.util.List<String> logEntries(String pupilId) {
        return tenancy.inSchool(school.id(), () -> jdbc.sql("""
                        select action || ' ' || purpose || ' ' || actor_role from access_log_entry
                        where school_id = ? and ?::uuid = any (subject_ids) order by sequence""")
                .params(school.id(), pupilId).query(String.class).list());
    }

    static String field(String json, String name) {
        Matcher matcher = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
        assertThat(matcher.find()).as(json).isTrue();
        return matcher.group(1);
    }
}
