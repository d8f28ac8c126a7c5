package org.custodian.rights;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.custodian.accesslog.AccessLogVerifier;
import org.custodian.identity.CustodianUser;
import org.custodian.identity.Role;
import org.custodian.identity.StaffErasure;
import org.custodian.pupils.AccessContext;
import org.custodian.pupils.PupilData;
import org.custodian.pupils.PupilImports;
import org.custodian.pupils.PupilImports.Incoming;
import org.custodian.pupils.PupilImports.Result;
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

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two-person erasure end to end: the pupil API's DELETE only requests, a second person confirms,
 * the requester cannot; afterwards the subject is unreadable by every path, a re-import is flagged and
 * the access log verifies. Legal holds block with nothing changed; the rule can be switched off (recorded);
 * staff are erased too.
 */
@CustodianTest
class ErasureIT {

    static final String PATH = "/api/v1/erasures";
    static final String PURPOSE = "Custodian-Purpose";
    static final String REASON = "Custodian-Reason";

    @LocalServerPort int port;
    @Autowired Fixtures fixtures;
    @Autowired JdbcClient jdbc;
    @Autowired org.custodian.support.KeyTables keyTables;
    @Autowired Tenancy tenancy;
    @Autowired JsonMapper json;
    @Autowired PupilImports imports;
    @Autowired AccessLogVerifier verifier;
    @Autowired StaffErasure staffErasure;
    @Autowired org.custodian.support.TestClock clock;

    School school;
    CustodianUser adminUser;
    CustodianUser dpoUser;
    CustodianUser dataManagerUser;
    Browser admin;
    Browser dpo;
    Browser dataManager;

    @BeforeEach
    void schoolWithAnAdminADpoAndADataManager() {
        school = fixtures.school();
        adminUser = fixtures.schoolAdmin(school.id());
        fixtures.acceptAgreement(school.id(), adminUser);
        admin = fixtures.signedIn(port, adminUser);
        dpoUser = fixtures.user(school.id(), Role.DPO);
        dpo = fixtures.signedIn(port, dpoUser);
        dataManagerUser = fixtures.user(school.id(), Role.DATA_MANAGER);
        dataManager = fixtures.signedIn(port, dataManagerUser);
    }

    @Test
    void aDeleteOnlyRequestsTheErasureWhichASecondPersonConfirms() {
        String pupil = create(fixtures.newPupil());

        var requested = dataManager.api("DELETE", "/api/v1/pupils/" + pupil, null, PURPOSE, "DATA_MANAGEMENT",
                REASON, "Duplicate record");
        var again = dataManager.api("DELETE", "/api/v1/pupils/" + pupil, null, PURPOSE, "DATA_MANAGEMENT",
                REASON, "Duplicate record");
        String location = requested.headers().firstValue("Location").orElseThrow();

        assertThat(requested.statusCode()).as(requested.body()).isEqualTo(202);
        assertThat(location).startsWith(PATH + "/");
        assertThat(read(pupil).statusCode()).as("nothing erased yet").isEqualTo(200);
        assertProblem(again, 409, "erasure-already-pending");
        JsonNode pending = json.readTree(dpo.get(location).body());
        assertThat(pending.get("state").asString()).isEqualTo("PENDING");
        assertThat(pending.get("requestedBy").asString()).isEqualTo(dataManagerUser.id().toString());
        assertThat(pending.get("reason").asString()).isEqualTo("Duplicate record");
        assertThat(tenancy.inSchool(school.id(), () -> jdbc.sql(
                        "select count(*) from erasure where encode(reason, 'escape') like ?")
                .param("%Duplicate%").query(Long.class).single())).as("the reason is stored encrypted").isZero();
        assertThat(dataManager.api("POST", location + "/confirm", null).statusCode())
                .as("only school admins and DPOs confirm").isEqualTo(403);
        assertThat(read(pupil).statusCode()).isEqualTo(200);

        var confirmed = dpo.api("POST", location + "/confirm", null);

        assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(200);
        assertThat(read(pupil).statusCode()).isEqualTo(404);
    }

    @Test
    void theRequesterOfAnErasureCannotConfirmItAndNothingChanges() {
        String pupil = create(fixtures.newPupil());

        var requested = request(dpo, "PUPIL", pupil, null, "Asked in person");
        String id = json.readTree(requested.body()).get("id").asString();
        var own = dpo.api("POST", PATH + "/" + id + "/confirm", null);

        assertThat(requested.statusCode()).as(requested.body()).isEqualTo(201);
        assertProblem(own, 403, "erasure-own-confirmation");
        assertThat(json.readTree(dpo.get(PATH + "/" + id).body()).get("state").asString()).isEqualTo("PENDING");
        assertThat(read(pupil).statusCode()).isEqualTo(200);
        assertThat(subjectKeys(pupil)).isEqualTo(1);

        var cancelled = admin.api("POST", PATH + "/" + id + "/cancel", null);
        assertThat(json.readTree(cancelled.body()).get("state").asString()).isEqualTo("CANCELLED");
        assertProblem(admin.api("POST", PATH + "/" + id + "/confirm", null), 409, "erasure-not-pending");
        assertThat(read(pupil).statusCode()).isEqualTo(200);
    }

    @Test
    void afterConfirmationThePupilIsUnreadableEverywhereARepeatImportIsFlaggedAndTheLogVerifies() {
        TestPupil testPupil = fixtures.newPupil();
        String pupil = create(testPupil);
        assertThat(read(pupil).statusCode()).isEqualTo(200);
        String rightsRequest = rightsRequest("PUPIL", pupil);

        var requested = request(dpo, "PUPIL", pupil, rightsRequest, "Erasure request from the parent");
        String id = json.readTree(requested.body()).get("id").asString();
        var confirmed = admin.api("POST", PATH + "/" + id + "/confirm", null);

        assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(200);
        assertThat(json.readTree(confirmed.body()).get("decidedBy").asString()).isEqualTo(adminUser.id().toString());
        // API read, search by UPN and by name, list, export.
        assertThat(read(pupil).statusCode()).isEqualTo(404);
        String byUpn = dataManager.api("POST", "/api/v1/pupils/search", "{\"upn\": \"" + testPupil.upn() + "\"}",
                PURPOSE, "DATA_MANAGEMENT").body();
        String byName = dataManager.api("POST", "/api/v1/pupils/search",
                "{\"name\": \"" + testPupil.forename() + " " + testPupil.surname() + "\"}", PURPOSE, "DATA_MANAGEMENT").body();
        assertThat(byUpn).contains("\"total\":0");
        assertThat(byName).contains("\"total\":0");
        String export = dataManager.api("GET", "/api/v1/pupils/export", null, PURPOSE, "DATA_MANAGEMENT", REASON,
                "Census check").body();
        assertThat(export).doesNotContain(testPupil.upn()).doesNotContain(testPupil.surname());
        // The page.
        dataManager.postForm("/pupils/purpose", "/pupils/purpose",
                Map.of("purpose", "DATA_MANAGEMENT", "reason", "", "size", "25", "next", "/pupils"));
        var page = dataManager.get("/pupils/" + pupil);
        assertThat(page.statusCode()).isEqualTo(404);
        assertThat(page.body()).doesNotContain(testPupil.surname());
        // The access log names the pupil as erased, never by name.
        String log = dpo.get("/school/access-log?action=ERASE").body();
        assertThat(log).contains("erased pupil</strong>").contains(pupil).doesNotContain(testPupil.surname())
                .doesNotContain(testPupil.upn());
        // The tombstone names the request answered; the key is gone; the log verifies.
        assertThat(tenancy.inSchool(school.id(), () -> jdbc.sql(
                        "select request_reference::text from erased_pupil where school_id = ? and readmitted_at is null")
                .param(school.id()).query(String.class).list())).containsExactly(rightsRequest);
        assertThat(subjectKeys(pupil)).isZero();
        assertThat(importOnce(testPupil)).isEqualTo(Result.PREVIOUSLY_ERASED);
        assertThat(verifier.verify(school.id()).intact()).isTrue();
    }

    @Test
    void aLegalHoldBlocksRequestingAndConfirmingAndNothingChanges() {
        String pupil = create(fixtures.newPupil());
        String other = create(fixtures.newPupil());
        String id = json.readTree(request(dpo, "PUPIL", pupil, null, null).body()).get("id").asString();

        var hold = dpo.api("POST", "/api/v1/legal-holds",
                "{\"scope\": \"PUPIL\", \"subjectId\": \"" + pupil + "\", \"reason\": \"Tribunal claim\", \"reviewOn\": \""
                        + java.time.LocalDate.now(clock).plusYears(1) + "\"}");
        String holdId = json.readTree(hold.body()).get("id").asString();
        var confirm = admin.api("POST", PATH + "/" + id + "/confirm", null);
        var delete = dataManager.api("DELETE", "/api/v1/pupils/" + pupil, null, PURPOSE, "DATA_MANAGEMENT", REASON, "Tidy");

        assertThat(hold.statusCode()).as(hold.body()).isEqualTo(201);
        assertProblem(confirm, 409, "subject-under-legal-hold");
        assertThat(confirm.body()).doesNotContain("Tribunal");
        assertProblem(delete, 409, "subject-under-legal-hold");
        assertThat(read(pupil).statusCode()).isEqualTo(200);
        assertThat(json.readTree(dpo.get(PATH + "/" + id).body()).get("state").asString()).isEqualTo("PENDING");
        assertThat(tenancy.inSchool(school.id(), () -> jdbc.sql("select reason::text from legal_hold where id = ?::uuid")
                .param(holdId).query(String.class).single())).doesNotContain("Tribunal");
        assertThat(dpo.get("/api/v1/legal-holds").body()).contains("Tribunal claim");

        // A hold on the whole school blocks the erasure of anyone, before anything is stored.
        var schoolHold = admin.api("POST", "/api/v1/legal-holds", "{\"scope\": \"SCHOOL\", \"reason\": \"Inquiry\", "
                + "\"reviewOn\": \"" + java.time.LocalDate.now(clock).plusYears(1) + "\"}");
        String schoolHoldId = json.readTree(schoolHold.body()).get("id").asString();
        long erasuresBefore = erasures();
        assertProblem(request(dpo, "PUPIL", other, null, null), 409, "subject-under-legal-hold");
        assertThat(erasures()).isEqualTo(erasuresBefore);

        assertThat(dpo.api("POST", "/api/v1/legal-holds/" + holdId + "/lift", null).statusCode()).isEqualTo(204);
        assertProblem(dpo.api("POST", "/api/v1/legal-holds/" + holdId + "/lift", null), 404, "legal-hold-not-found");
        assertProblem(admin.api("POST", PATH + "/" + id + "/confirm", null), 409, "subject-under-legal-hold");
        assertThat(admin.api("POST", "/api/v1/legal-holds/" + schoolHoldId + "/lift", null).statusCode()).isEqualTo(204);
        assertThat(admin.api("POST", PATH + "/" + id + "/confirm", null).statusCode()).isEqualTo(200);
        assertThat(read(pupil).statusCode()).isEqualTo(404);
    }

    @Test
    void withTheTwoPersonRuleSwitchedOffADeleteErasesAtOnceAndTheSwitchIsRecorded() {
        String pupil = create(fixtures.newPupil());

        var byDpo = dpo.api("PUT", PATH + "/rule", "{\"twoPerson\": false}");
        var switched = admin.api("PUT", PATH + "/rule", "{\"twoPerson\": false}");
        var deleted = dataManager.api("DELETE", "/api/v1/pupils/" + pupil, null, PURPOSE, "DATA_MANAGEMENT",
                REASON, "Duplicate record");

        assertProblem(byDpo, 403, "school-admin-only");
        assertThat(switched.statusCode()).as(switched.body()).isEqualTo(200);
        JsonNode rule = json.readTree(switched.body());
        assertThat(rule.get("twoPerson").asBoolean()).isFalse();
        assertThat(rule.get("changes")).hasSize(1);
        assertThat(rule.at("/changes/0/changedBy").asString()).isEqualTo(adminUser.id().toString());
        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);
        assertThat(read(pupil).statusCode()).isEqualTo(404);
        assertThat(tenancy.inSchool(school.id(), () -> jdbc.sql(
                        "select state || ' ' || decided_by from erasure where subject_id = ?::uuid")
                .param(pupil).query(String.class).single())).isEqualTo("CONFIRMED " + dataManagerUser.id());
        assertThat(admin.get("/school/erasures").body()).contains("Off: an erasure takes effect", "Switched off",
                "Switch the two-person rule on");

        admin.api("PUT", PATH + "/rule", "{\"twoPerson\": true}");
        String next = create(fixtures.newPupil());
        assertThat(dataManager.api("DELETE", "/api/v1/pupils/" + next, null, PURPOSE, "DATA_MANAGEMENT",
                REASON, "Duplicate record").statusCode()).isEqualTo(202);
        assertThat(json.readTree(admin.get(PATH + "/rule").body()).get("changes")).hasSize(2);
    }

    @Test
    void aMemberOfStaffIsErasedNameKeyAndSignInGoneWithATombstoneThatExpires() {
        CustodianUser teacherUser = fixtures.user(school.id(), Role.TEACHER);
        Browser teacher = fixtures.signedIn(port, teacherUser);
        String teacherName = teacherUser.displayName();
        String rightsRequest = rightsRequest("STAFF", teacherUser.id().toString());
        create(fixtures.newPupil());
        assertThat(teacher.api("GET", "/api/v1/pupils", null, PURPOSE, "TEACHING_AND_LEARNING").statusCode())
                .as("an access the log keeps").isEqualTo(200);

        var requested = request(admin, "STAFF", teacherUser.id().toString(), rightsRequest, "Left the school");
        String id = json.readTree(requested.body()).get("id").asString();
        var own = admin.api("POST", PATH + "/" + id + "/confirm", null);
        var confirmed = dpo.api("POST", PATH + "/" + id + "/confirm", null);

        assertThat(requested.statusCode()).as(requested.body()).isEqualTo(201);
        assertProblem(own, 403, "erasure-own-confirmation");
        assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(200);
        assertThat(teacher.api("GET", "/api/v1/pupils", null, PURPOSE, "TEACHING_AND_LEARNING").statusCode())
                .as("their session ended").isIn(401, 302, 303);
        String row = tenancy.inSchool(school.id(), () -> jdbc.sql("""
                        select enabled || ' ' || (erased_at is not null) || ' ' || (username_ciphertext is null)
                               || ' ' || (display_name_ciphertext is null) from user_account where id = ?""")
                .param(teacherUser.id()).query(String.class).single());
        assertThat(row).isEqualTo("false true true true");
        assertThat(subjectKeys(teacherUser.id().toString())).isZero();
        assertThat(tenancy.inSchool(school.id(), () -> jdbc.sql(
                        "select request_reference::text from erased_staff where school_id = ?")
                .param(school.id()).query(String.class).list())).containsExactly(rightsRequest);
        String username = teacherUser.getUsername();
        assertThat(admin.get("/api/v1/users").body()).doesNotContain(teacherName).doesNotContain(username);
        assertThat(admin.get("/school/users").body()).doesNotContain(teacherName).doesNotContain(username);
        String log = dpo.get("/school/access-log?actor=" + teacherUser.id()).body();
        assertThat(log).contains("Erased user").doesNotContain(teacherName).doesNotContain(username);
        assertThat(verifier.verify(school.id()).intact()).isTrue();

        assertThat(staffErasure.expireTombstones(school.id(), clock.instant().minus(1, ChronoUnit.DAYS))).isEmpty();
        assertThat(staffErasure.expireTombstones(school.id(), clock.instant().plus(1, ChronoUnit.DAYS))).hasSize(1);
    }

    @Test
    void neitherTheLastSchoolAdminNorOneselfCanBeErased() {
        assertProblem(request(dpo, "STAFF", adminUser.id().toString(), null, null), 409, "last-school-admin");
        assertProblem(request(admin, "STAFF", adminUser.id().toString(), null, null), 409, "cannot-erase-own-account");
        assertProblem(request(admin, "STAFF", UUID.randomUUID().toString(), null, null), 404, "user-not-found");
        assertProblem(request(admin, "PUPIL", UUID.randomUUID().toString(), null, null), 404, "pupil-not-found");
        assertThat(erasures()).isZero();
    }

    @Test
    void theQueueAndTheConfirmPageShowWhatConfirmingDestroys() {
        TestPupil testPupil = fixtures.newPupil();
        String pupil = create(testPupil);
        dpo.postForm("/pupils/purpose", "/pupils/purpose",
                Map.of("purpose", "SUBJECT_RIGHTS_REQUEST", "reason", "Erasure request", "size", "25", "next", "/pupils"));
        assertThat(dpo.get("/pupils/" + pupil).body()).contains("/school/erasures/new?pupil=" + pupil, "Erase this pupil");

        var form = dpo.get("/school/erasures/new?pupil=" + pupil);
        var posted = dpo.postForm("/school/erasures/new?pupil=" + pupil, "/school/erasures/new",
                Map.of("subjectKind", "PUPIL", "subjectId", pupil, "requestReference", "", "reason", "Asked by the parent"));
        String location = posted.headers().firstValue("Location").orElseThrow();
        var queue = admin.get("/school/erasures");
        var confirmPage = admin.get(location.replaceFirst("^https?://[^/]+", ""));
        var ownPage = dpo.get(location.replaceFirst("^https?://[^/]+", ""));

        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(location).contains("/school/erasures/");
        assertThat(queue.body()).contains("Waiting for confirmation", "Pupil " + pupil)
                .doesNotContain(testPupil.surname());
        assertThat(confirmPage.body()).contains(testPupil.forename() + " " + testPupil.surname(),
                "What confirming destroys", "data key", "Asked by the parent", "Confirm the erasure");
        assertThat(ownPage.body()).contains("You requested this erasure").doesNotContain("Confirm the erasure");

        String erasureId = location.substring(location.lastIndexOf('/') + 1);
        var confirmed = admin.postForm("/school/erasures/" + erasureId, "/school/erasures/" + erasureId + "/confirm", Map.of());
        assertThat(confirmed.statusCode()).isEqualTo(302);
        assertThat(read(pupil).statusCode()).isEqualTo(404);
        assertThat(admin.get("/school/erasures").body()).contains("Confirmed").doesNotContain(testPupil.surname());
    }

    @Test
    void anErasureRequestInTheRegisterLeadsToTheErasureFormNamingIt() {
        String pupil = create(fixtures.newPupil());
        String rightsRequest = rightsRequest("PUPIL", pupil);

        String page = dpo.get("/school/rights-requests/" + rightsRequest).body();
        var redirect = dpo.get("/school/erasures/from-request/" + rightsRequest);
        String location = redirect.headers().firstValue("Location").orElseThrow();
        var form = dpo.get(location.replaceFirst("^https?://[^/]+", ""));

        assertThat(page).contains("/school/erasures/from-request/" + rightsRequest);
        assertThat(location).endsWith("/school/erasures/new?pupil=" + pupil + "&request=" + rightsRequest);
        assertThat(form.body()).contains("value=\"" + rightsRequest + "\"", "value=\"" + pupil + "\"");
        assertThat(dpo.get("/school/erasures/from-request/" + UUID.randomUUID()).statusCode()).isEqualTo(404);
    }

    private HttpResponse<String> request(Browser browser, String kind, String subject, String reference, String reason) {
        return browser.api("POST", PATH, """
                {"subjectKind": "%s", "subjectId": "%s"%s%s}""".formatted(kind, subject,
                reference == null ? "" : ", \"requestReference\": \"" + reference + "\"",
                reason == null ? "" : ", \"reason\": \"" + reason + "\""));
    }

    private String rightsRequest(String kind, String subject) {
        String competence = kind.equals("PUPIL") ? ", \"competence\": \"COMPETENT\"" : "";
        var created = dpo.api("POST", "/api/v1/rights-requests", """
                {"type": "ERASURE", "subjectKind": "%s", "subjectId": "%s", "requesterKind": "SUBJECT",
                 "channel": "EMAIL", "receivedOn": "%s"%s}""".formatted(kind, subject,
                java.time.LocalDate.now(java.time.ZoneId.of("Europe/London")), competence));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json.readTree(created.body()).get("id").asString();
    }

    private String create(TestPupil pupil) {
        var created = dataManager.api("POST", "/api/v1/pupils", pupil.json(), PURPOSE, "DATA_MANAGEMENT");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json.readTree(created.body()).get("id").asString();
    }

    private HttpResponse<String> read(String pupil) {
        return dataManager.api("GET", "/api/v1/pupils/" + pupil, null, PURPOSE, "DATA_MANAGEMENT");
    }

    private long subjectKeys(String subject) {
        return keyTables.count(school.id(), "select count(*) from subject_data_key where subject_id = ?::uuid", subject);
    }

    private long erasures() {
        return tenancy.inSchool(school.id(), () -> jdbc.sql("select count(*) from erasure where school_id = ?")
                .param(school.id()).query(Long.class).single());
    }

    private Result importOnce(TestPupil pupil) {
        AccessContext context = new AccessContext(dataManagerUser, "DATA_MANAGEMENT", "MIS import", null, null);
        return tenancy.inSchool(school.id(), () -> imports.begin(context, false)
                .apply(List.of(new Incoming(new PupilData(pupil.upn(), pupil.forename(), pupil.surname(),
                        pupil.dateOfBirth(), null, "F", null, null, List.of(), Map.of()), null)))
                .get(0)).result();
    }

    private static void assertProblem(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.body()).contains("\"code\":\"" + code + "\"");
    }
}
