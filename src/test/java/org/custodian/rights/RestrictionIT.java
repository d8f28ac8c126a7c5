package org.custodian.rights;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.custodian.identity.ApiTokens;
import org.custodian.identity.CustodianUser;
import org.custodian.identity.Role;
import org.custodian.misimport.SyntheticSchoolData;
import org.custodian.pupils.AccessContext;
import org.custodian.pupils.OptionalCategory;
import org.custodian.pupils.PupilNames;
import org.custodian.schools.School;
import org.custodian.support.Browser;
import org.custodian.support.CustodianTest;
import org.custodian.support.Fixtures;
import org.custodian.support.ImportJobs;
import org.custodian.support.Fixtures.TestPupil;
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
 * Restriction, objection and rectification end to end: the pupil data path refuses a restricted
 * pupil and an objected purpose, searches, exports and imports leave them alone, and a rectification
 * keeps old and new values encrypted and names the recipients to tell.
 */
@CustodianTest
class RestrictionIT {

    static final String PURPOSE = "Custodian-Purpose";
    static final String REASON = "Custodian-Reason";

    @LocalServerPort int port;
    @Autowired Fixtures fixtures;
    @Autowired JdbcClient jdbc;
    @Autowired Tenancy tenancy;
    @Autowired JsonMapper json;
    @Autowired TestClock clock;
    @Autowired ApiTokens apiTokens;
    @Autowired PupilNames pupilNames;
    @Autowired org.custodian.pupils.CategorySettings categories;

    School school;
    CustodianUser adminUser;
    Browser admin;
    Browser dpo;
    Browser dataManager;
    Browser teacher;
    LocalDate today;

    @BeforeEach
    void schoolWithStaff() {
        school = fixtures.school();
        adminUser = fixtures.schoolAdmin(school.id());
        fixtures.acceptAgreement(school.id(), adminUser);
        admin = fixtures.signedIn(port, adminUser);
        dpo = fixtures.signedIn(port, fixtures.user(school.id(), Role.DPO));
        dataManager = fixtures.signedIn(port, fixtures.user(school.id(), Role.DATA_MANAGER));
        teacher = fixtures.signedIn(port, fixtures.user(school.id(), Role.TEACHER));
        today = LocalDate.now(clock.withZone(ZoneId.of("Europe/London")));
    }

    @Test
    void aRestrictedPupilIsRefusedForOrdinaryPurposesButNotForTheRightsWorkflowOrLegalClaims() {
        TestPupil restrictedPupil = fixtures.newPupil();
        TestPupil other = fixtures.newPupil();
        String id = create(restrictedPupil);
        create(other);
        String request = request("RESTRICTION", id);

        var restricted = dpo.api("PUT", pupilPath(id) + "/restriction", "{\"rightsRequestId\": \"" + request + "\"}");

        assertThat(restricted.statusCode()).as(restricted.body()).isEqualTo(200);
        assertThat(json.readTree(restricted.body()).at("/limits/restriction/rightsRequestId").asString()).isEqualTo(request);
        assertProblem(teacher.api("GET", pupilPath(id), null, PURPOSE, "TEACHING_AND_LEARNING"), 403, "subject-restricted");
        assertProblem(dataManager.api("PUT", pupilPath(id), restrictedPupil.json().replace("\"7A\"", "\"7B\""),
                PURPOSE, "DATA_MANAGEMENT", "If-Match", "\"1\""), 403, "subject-restricted");
        var listed = teacher.api("GET", "/api/v1/pupils", null, PURPOSE, "TEACHING_AND_LEARNING");
        assertThat(listed.body()).contains(other.upn(), "\"total\":1").doesNotContain(restrictedPupil.upn());
        var exported = dataManager.api("GET", "/api/v1/pupils/export", null, PURPOSE, "DATA_MANAGEMENT",
                REASON, "Termly census check", "Accept", "text/csv");
        assertThat(exported.statusCode()).as(exported.body()).isEqualTo(200);
        assertThat(exported.body()).contains(other.upn()).doesNotContain(restrictedPupil.upn());
        assertThat(exported.headers().firstValue("Custodian-Withheld-Pupils")).hasValue("1");

        var forTheRequest = dpo.api("GET", pupilPath(id), null, PURPOSE, "SUBJECT_RIGHTS_REQUEST", REASON, "Request " + request);
        var forALegalClaim = admin.api("GET", pupilPath(id), null, PURPOSE, "LEGAL_CLAIMS", REASON, "Claim ref 7");
        assertThat(forTheRequest.statusCode()).as(forTheRequest.body()).isEqualTo(200);
        assertThat(forALegalClaim.statusCode()).as(forALegalClaim.body()).isEqualTo(200);
        assertThat(forALegalClaim.body()).contains(restrictedPupil.surname());
        // Refused attempts are not accesses: only the creation and the two allowed reads name the pupil.
        assertThat(logEntries(id)).containsExactly("CREATE DATA_MANAGEMENT", "READ SUBJECT_RIGHTS_REQUEST",
                "READ SUBJECT_RIGHTS_REQUEST", "READ LEGAL_CLAIMS");

        var lifted = dpo.api("DELETE", pupilPath(id) + "/restriction?rightsRequestId=" + request, null);
        assertThat(lifted.statusCode()).as(lifted.body()).isEqualTo(200);
        assertThat(json.readTree(lifted.body()).at("/history").findValuesAsString("event"))
                .containsExactly("RESTRICTED", "RESTRICTION_LIFTED");
        assertThat(teacher.api("GET", pupilPath(id), null, PURPOSE, "TEACHING_AND_LEARNING").statusCode()).isEqualTo(200);
    }

    @Test
    void anotherModulesPageNamesARestrictedPupilOnlyForTheRightsWorkflow() {
        String restrictedId = create(fixtures.newPupil());
        String otherId = create(fixtures.newPupil());
        restrict(restrictedId);
        CustodianUser teacherUser = fixtures.user(school.id(), Role.TEACHER);
        CustodianUser dpoUser = fixtures.user(school.id(), Role.DPO);
        Set<java.util.UUID> both = Set.of(java.util.UUID.fromString(restrictedId), java.util.UUID.fromString(otherId));

        var forTeaching = pupilNames.names(new AccessContext(teacherUser, "TEACHING_AND_LEARNING", null, null, null), both);
        var forTheRequest = pupilNames.names(new AccessContext(dpoUser, "SUBJECT_RIGHTS_REQUEST", "Naming requests",
                null, null), both);

        assertThat(forTeaching).containsOnlyKeys(java.util.UUID.fromString(otherId));
        assertThat(forTheRequest).containsOnlyKeys(both);
    }

    @Test
    void thePupilPageShowsTheRestrictionOrSaysWhyTheDataIsNotShown() {
        TestPupil pupil = fixtures.newPupil();
        String id = create(pupil);
        restrict(id);

        choosePurpose(teacher, "TEACHING_AND_LEARNING", "");
        var refused = teacher.get("/pupils/" + id);
        choosePurpose(dpo, "SUBJECT_RIGHTS_REQUEST", "Answering the pupil's request");
        var shown = dpo.get("/pupils/" + id);

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("This pupil&#39;s data is restricted", "limit-banner", "subject-restricted")
                .doesNotContain(pupil.surname());
        assertThat(shown.statusCode()).isEqualTo(200);
        assertThat(shown.body()).contains("restriction-banner", "Processing of this pupil's data is restricted",
                pupil.surname(), "/school/pupils/" + id + "/limits");
    }

    @Test
    void anImportLeavesARestrictedPupilUnchangedAndReportsIt() {
        TestPupil pupil = fixtures.newPupil();
        String id = create(pupil);
        restrict(id);
        String dob = SyntheticSchoolData.CSV_DATE.format(LocalDate.parse(pupil.dateOfBirth()));
        String csv = String.join(",", SyntheticSchoolData.CSV_HEADER) + "\r\n"
                + pupil.upn() + "," + pupil.forename() + ",Fakechangedsurname," + dob + ",F,,7,7A,7A/Ma1,,,,,,,\r\n";

        JsonNode preview = importJob(dataManager, csv.getBytes(StandardCharsets.UTF_8));
        JsonNode committed = commit(dataManager, preview);

        assertThat(preview.at("/preview/restricted").asInt()).as(preview.toString()).isEqualTo(1);
        assertThat(preview.at("/preview/changed").asInt()).isZero();
        assertThat(committed.get("state").asString()).as(committed.toString()).isEqualTo("COMMITTED");
        assertThat(committed.at("/result/restricted").asInt()).isEqualTo(1);
        assertThat(dataManager.get("/imports/" + preview.get("id").asString()).body())
                .contains("1 restricted pupil left unchanged");
        var read = dpo.api("GET", pupilPath(id), null, PURPOSE, "SUBJECT_RIGHTS_REQUEST", REASON, "Checking the import");
        assertThat(read.body()).contains(pupil.surname()).doesNotContain("Fakechangedsurname");
        assertThat(read.headers().firstValue("ETag")).hasValue("\"1\"");
        assertThat(logEntries(id)).as("the import neither read nor changed the record")
                .containsExactly("CREATE DATA_MANAGEMENT", "READ SUBJECT_RIGHTS_REQUEST", "READ SUBJECT_RIGHTS_REQUEST");
    }

    @Test
    void anObjectedPurposeIsRefusedForThatPupilOnly() {
        String id = create(fixtures.newPupil());
        String otherId = create(fixtures.newPupil());
        String objection = request("OBJECTION", id);
        String otherObjection = request("OBJECTION", otherId);
        String restriction = request("RESTRICTION", id);

        var objected = dpo.api("POST", pupilPath(id) + "/objections", """
                {"purpose": "TEACHING_AND_LEARNING", "rightsRequestId": "%s"}""".formatted(objection));
        var wrongType = dpo.api("POST", pupilPath(id) + "/objections", """
                {"purpose": "ASSESSMENT_TRACKING", "rightsRequestId": "%s"}""".formatted(restriction));
        var wrongPupil = dpo.api("POST", pupilPath(id) + "/objections", """
                {"purpose": "ASSESSMENT_TRACKING", "rightsRequestId": "%s"}""".formatted(otherObjection));
        var workflow = dpo.api("POST", pupilPath(id) + "/objections", """
                {"purpose": "SUBJECT_RIGHTS_REQUEST", "rightsRequestId": "%s"}""".formatted(objection));

        assertThat(objected.statusCode()).as(objected.body()).isEqualTo(200);
        assertThat(objected.body()).contains("\"purpose\":\"TEACHING_AND_LEARNING\"", "\"basis\":\"OBJECTION\"");
        assertProblem(wrongType, 409, "request-type-mismatch");
        assertProblem(wrongPupil, 409, "request-subject-mismatch");
        assertProblem(workflow, 400, "purpose-not-objectable");
        assertProblem(teacher.api("GET", pupilPath(id), null, PURPOSE, "TEACHING_AND_LEARNING"), 403, "purpose-objected");
        assertThat(teacher.api("GET", pupilPath(otherId), null, PURPOSE, "TEACHING_AND_LEARNING").statusCode()).isEqualTo(200);
        assertThat(dataManager.api("GET", pupilPath(id), null, PURPOSE, "DATA_MANAGEMENT").statusCode()).isEqualTo(200);
        assertThat(teacher.api("GET", "/api/v1/pupils", null, PURPOSE, "TEACHING_AND_LEARNING").body())
                .contains("\"total\":1", otherId).doesNotContain(id);
        choosePurpose(dataManager, "DATA_MANAGEMENT", "");
        assertThat(dataManager.get("/pupils/" + id).body()).contains("id=\"objections\"", "TEACHING_AND_LEARNING");

        var reinstated = dpo.api("DELETE", pupilPath(id) + "/objections/TEACHING_AND_LEARNING?rightsRequestId=" + objection, null);
        assertThat(reinstated.statusCode()).as(reinstated.body()).isEqualTo(200);
        assertThat(teacher.api("GET", pupilPath(id), null, PURPOSE, "TEACHING_AND_LEARNING").statusCode()).isEqualTo(200);
        assertThat(count("select count(*) from pupil_processing_limit_event where pupil_id = ?::uuid", id)).isEqualTo(2);
    }

    @Test
    void rectificationRecordsOldAndNewEncryptedAndListsWhoReceivedTheDataSinceItLastChanged() {
        TestPupil pupil = fixtures.newPupil();
        String id = create(pupil);
        String bearer = "Bearer " + apiTokens.issue(adminUser, "Fake MIS nightly", Set.of("import"), null).secret();
        Browser partner = new Browser(port);
        export(); // before the last change: not told
        var changed = dataManager.api("PUT", pupilPath(id), pupil.json().replace("\"7A\"", "\"7B\""),
                PURPOSE, "DATA_MANAGEMENT", "If-Match", "\"1\"");
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        export();
        String dob = SyntheticSchoolData.CSV_DATE.format(LocalDate.parse(pupil.dateOfBirth()));
        String csv = String.join(",", SyntheticSchoolData.CSV_HEADER) + "\r\n"
                + pupil.upn() + "," + pupil.forename() + "," + pupil.surname() + "," + dob + ",F,,7,7B,7A/Ma1,,,,,,,\r\n";
        importJob(partner, csv.getBytes(StandardCharsets.UTF_8), "Authorization", bearer); // a preview reads the pupil
        String request = request("RECTIFICATION", id);

        var corrected = dpo.api("POST", "/api/v1/rights-requests/" + request + "/rectification", """
                {"fields": {"surname": "Fakecorrectedsurname", "admissionNumber": ""}, "expectedVersion": 2}""");

        assertThat(corrected.statusCode()).as(corrected.body()).isEqualTo(200);
        JsonNode body = json.readTree(dpo.api("GET", "/api/v1/rights-requests/" + request + "/rectification", null).body());
        assertThat(body.get("corrections")).hasSize(2);
        assertThat(body.at("/corrections/0/field").asString()).isEqualTo("surname");
        assertThat(body.at("/corrections/0/oldValue").asString()).isEqualTo(pupil.surname());
        assertThat(body.at("/corrections/0/newValue").asString()).isEqualTo("Fakecorrectedsurname");
        assertThat(body.at("/corrections/1/field").asString()).isEqualTo("admissionNumber");
        assertThat(body.at("/corrections/1/newValue").isMissingNode() || body.at("/corrections/1/newValue").isNull()).isTrue();
        assertThat(body.get("recipients").findValuesAsString("kind")).containsExactly("EXPORT", "API_TOKEN");
        assertThat(body.at("/recipients/1/tokenLabel").asString()).isEqualTo("Fake MIS nightly");
        var read = dpo.api("GET", pupilPath(id), null, PURPOSE, "SUBJECT_RIGHTS_REQUEST", REASON, "Checking");
        assertThat(read.body()).contains("Fakecorrectedsurname").doesNotContain(pupil.surname());
        List<byte[]> stored = tenancy.inSchool(school.id(), () -> jdbc.sql(
                        "select old_value from rights_rectification where request_id = ?::uuid union all "
                                + "select new_value from rights_rectification where request_id = ?::uuid and new_value is not null")
                .params(request, request).query((rs, n) -> rs.getBytes(1)).list());
        assertThat(stored).hasSize(3).allSatisfy(bytes -> assertThat(new String(bytes, StandardCharsets.ISO_8859_1))
                .doesNotContain(pupil.surname()).doesNotContain("Fakecorrectedsurname")
                .doesNotContain(pupil.upn().substring(8)));
    }

    @Test
    void anOptionalCategoryIsCorrectedAndTheOthersAreKept() {
        categories.set(adminUser, OptionalCategory.PREFERRED_NAME, true);
        categories.set(adminUser, OptionalCategory.FIRST_LANGUAGE, true);
        String id = create(fixtures.newPupil(), ", \"categories\": {\"PREFERRED_NAME\": \"Fakeoldname\", \"FIRST_LANGUAGE\": \"ENG\"}");
        String request = request("RECTIFICATION", id);

        var corrected = dpo.api("POST", "/api/v1/rights-requests/" + request + "/rectification", """
                {"fields": {"categories.PREFERRED_NAME": "Fakenewname"}, "expectedVersion": 1}""");

        assertThat(corrected.statusCode()).as(corrected.body()).isEqualTo(200);
        JsonNode body = json.readTree(corrected.body());
        assertThat(body.get("corrections")).hasSize(1);
        assertThat(body.at("/corrections/0/field").asString()).isEqualTo("categories.PREFERRED_NAME");
        assertThat(body.at("/corrections/0/oldValue").asString()).isEqualTo("Fakeoldname");
        assertThat(body.at("/corrections/0/newValue").asString()).isEqualTo("Fakenewname");
        var read = dpo.api("GET", pupilPath(id) + "?categories=PREFERRED_NAME,FIRST_LANGUAGE", null, PURPOSE,
                "SUBJECT_RIGHTS_REQUEST", REASON, "Checking the correction");
        assertThat(read.body()).contains("\"PREFERRED_NAME\":\"Fakenewname\"", "\"FIRST_LANGUAGE\":\"ENG\"");
        assertProblem(dpo.api("POST", "/api/v1/rights-requests/" + request + "/rectification", """
                {"fields": {"categories.GOSSIP": "x"}, "expectedVersion": 2}"""), 400, "validation-failed");
        assertThat(dpo.get("/school/rights-requests/" + request + "/rectification").body())
                .contains("name=\"categories.PREFERRED_NAME\"", "Fakenewname");
    }

    @Test
    void aRectificationNeedsARectificationRequestTheRecordsVersionAndKnownFields() {
        String id = create(fixtures.newPupil());
        String access = request("ACCESS", id);
        String request = request("RECTIFICATION", id);
        String path = "/api/v1/rights-requests/" + request + "/rectification";

        assertProblem(dpo.api("POST", "/api/v1/rights-requests/" + access + "/rectification",
                "{\"fields\": {\"surname\": \"Fakeother\"}, \"expectedVersion\": 1}"), 409, "request-type-mismatch");
        assertProblem(dpo.api("POST", path, "{\"fields\": {\"shoeSize\": \"9\"}}"), 400, "validation-failed");
        assertProblem(dpo.api("POST", path, "{\"fields\": {\"surname\": \"Fakeother\"}, \"expectedVersion\": 5}"),
                412, "version-mismatch");
        assertProblem(teacher.api("POST", path, "{\"fields\": {\"surname\": \"Fakeother\"}, \"expectedVersion\": 1}"),
                403, null);
        assertThat(count("select count(*) from rights_rectification where request_id = ?::uuid", request)).isZero();
        assertThat(logEntries(id)).doesNotContain("UPDATE SUBJECT_RIGHTS_REQUEST");
    }

    @Test
    void theDpoRestrictsAndCorrectsThroughThePages() {
        TestPupil pupil = fixtures.newPupil();
        String id = create(pupil);
        String restriction = request("RESTRICTION", id);
        String rectification = request("RECTIFICATION", id);
        String limitsPage = "/school/pupils/" + id + "/limits";

        var restricted = dpo.postForm(limitsPage, limitsPage, Map.of("action", "restrict",
                "rightsRequestId", restriction, "purpose", "TEACHING_AND_LEARNING"));
        var requestPage = dpo.get("/school/rights-requests/" + rectification);
        var answer = dpo.get("/school/rights-requests/" + rectification + "/answer");
        String page = "/school/rights-requests/" + rectification + "/rectification";
        var form = dpo.get(page);
        var corrected = dpo.postForm(page, page, Map.of("surname", "Fakepagesurname", "expectedVersion", "1"));
        var after = dpo.get(page);

        assertThat(restricted.statusCode()).as(restricted.body()).isEqualTo(302);
        assertThat(dpo.get(limitsPage).body()).contains("restriction-banner", "Restricted", "Lift the restriction");
        assertThat(requestPage.body()).contains("answer-link");
        assertThat(answer.headers().firstValue("Location").orElseThrow()).endsWith(page);
        assertThat(form.statusCode()).as(form.body()).isEqualTo(200);
        assertThat(form.body()).contains("value=\"" + pupil.surname() + "\"");
        assertThat(corrected.statusCode()).as(corrected.body()).isEqualTo(302);
        assertThat(after.body()).contains("id=\"corrections\"", "Fakepagesurname", pupil.surname(), "no-recipients");
    }

    // ---- helpers

    @Test
    void erasingARestrictedPupilTakesTheRestrictionAndObjectionsWithIt() {
        String id = create(fixtures.newPupil());
        restrict(id);
        var objected = dpo.api("POST", pupilPath(id) + "/objections", """
                {"purpose": "TEACHING_AND_LEARNING", "rightsRequestId": "%s"}""".formatted(request("OBJECTION", id)));
        assertThat(objected.statusCode()).as(objected.body()).isEqualTo(200);

        var requested = dpo.api("DELETE", pupilPath(id), null, PURPOSE, "SUBJECT_RIGHTS_REQUEST", REASON,
                "The pupil asked to be forgotten");
        org.custodian.support.PendingErasures.confirm(fixtures, port, school.id(), requested);

        assertThat(count("select count(*) from pupil_restriction where pupil_id = ?::uuid", id)).isZero();
        assertThat(count("select count(*) from pupil_purpose_objection where pupil_id = ?::uuid", id)).isZero();
        assertThat(count("select count(*) from pupil where id = ?::uuid", id)).isZero();
    }

    private static String pupilPath(String id) {
        return "/api/v1/pupils/" + id;
    }

    private String create(TestPupil pupil) {
        return create(pupil, "");
    }

    private String create(TestPupil pupil, String extra) {
        var created = dataManager.api("POST", "/api/v1/pupils", pupil.json(extra), PURPOSE, "DATA_MANAGEMENT");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json.readTree(created.body()).get("id").asString();
    }

    private String request(String type, String pupilId) {
        var created = dpo.api("POST", "/api/v1/rights-requests", """
                {"type": "%s", "subjectKind": "PUPIL", "subjectId": "%s", "requesterKind": "SUBJECT",
                 "channel": "EMAIL", "receivedOn": "%s", "competence": "COMPETENT"}""".formatted(type, pupilId, today));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json.readTree(created.body()).get("id").asString();
    }

    private void restrict(String id) {
        var restricted = dpo.api("PUT", pupilPath(id) + "/restriction",
                "{\"rightsRequestId\": \"" + request("RESTRICTION", id) + "\"}");
        assertThat(restricted.statusCode()).as(restricted.body()).isEqualTo(200);
    }

    private void export() {
        var exported = dataManager.api("GET", "/api/v1/pupils/export", null, PURPOSE, "DATA_MANAGEMENT",
                REASON, "Sending the class lists", "Accept", "text/csv");
        assertThat(exported.statusCode()).as(exported.body()).isEqualTo(200);
    }

    private void choosePurpose(Browser browser, String purpose, String reason) {
        var chosen = browser.postForm("/pupils/purpose", "/pupils/purpose",
                Map.of("purpose", purpose, "reason", reason, "size", "25", "next", "/pupils"));
        assertThat(chosen.statusCode()).as(chosen.body()).isEqualTo(302);
    }

    private List<String> logEntries(String pupilId) {
        return tenancy.inSchool(school.id(), () -> jdbc.sql("""
                        select action || ' ' || purpose from access_log_entry
                        where school_id = ? and ?::uuid = any (subject_ids) order by sequence""")
                .params(school.id(), pupilId).query(String.class).list());
    }

    private long count(String sql, String param) {
        return tenancy.inSchool(school.id(), () -> jdbc.sql(sql).param(param).query(Long.class).single());
    }

    private static void assertProblem(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        if (code != null) {
            assertThat(response.body()).contains("\"code\":\"" + code + "\"");
        }
    }

    private JsonNode importJob(Browser browser, byte[] file, String... headers) {
        return new ImportJobs(json).preview(browser, file, "pupils.csv", Map.of(), headers);
    }

    private JsonNode commit(Browser browser, JsonNode preview) {
        return new ImportJobs(json).commit(browser, preview);
    }
}
