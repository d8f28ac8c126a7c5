package org.custodian.pupils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.custodian.pupils.PupilApiIT.field;

import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.custodian.accesslog.AccessLogVerifier;
import org.custodian.identity.CustodianUser;
import org.custodian.identity.Role;
import org.custodian.pupils.PupilImports.Incoming;
import org.custodian.pupils.PupilImports.Result;
import org.custodian.schools.School;
import org.custodian.support.Browser;
import org.custodian.support.CustodianTest;
import org.custodian.support.Fixtures;
import org.custodian.support.PendingErasures;
import org.custodian.support.Fixtures.TestPupil;
import org.custodian.tenancy.Tenancy;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * An erased pupil's UPN stays blocked on every path that creates pupils (API, pages, imports) until
 * the school's DPO re-admits the pupil, with a reason that the access log keeps.
 */
@CustodianTest
class ErasedPupilIT {

    static final String PURPOSE = "Custodian-Purpose";
    static final String REASON = "Custodian-Reason";

    @LocalServerPort int port;
    @Autowired Fixtures fixtures;
    @Autowired JdbcClient jdbc;
    @Autowired Tenancy tenancy;
    @Autowired PupilImports imports;
    @Autowired AccessLogVerifier verifier;

    School school;
    CustodianUser dataManagerAccount;
    Browser dataManager;
    Browser dpo;
    TestPupil pupil;

    @BeforeEach
    void aPupilErasedOnRequest() {
        school = fixtures.school();
        CustodianUser admin = fixtures.schoolAdmin(school.id());
        fixtures.acceptAgreement(school.id(), admin);
        dataManagerAccount = fixtures.user(school.id(), Role.DATA_MANAGER);
        dataManager = fixtures.signedIn(port, dataManagerAccount);
        dpo = fixtures.signedIn(port, fixtures.user(school.id(), Role.DPO));
        pupil = fixtures.newPupil();
        String id = field(create(pupil).body(), "id");
        var erased = dpo.api("DELETE", "/api/v1/pupils/" + id, null, PURPOSE, "SUBJECT_RIGHTS_REQUEST",
                REASON, "Erasure request ref 7");
        PendingErasures.confirm(fixtures, port, school.id(), erased);
    }

    @Test
    void theApiRefusesToCreateAnErasedPupilAgainWithoutQuotingTheUpn() {
        var again = create(pupil);

        assertProblem(again, 409, "previously-erased");
        assertThat(again.body()).contains("DPO").doesNotContain(pupil.upn());
        assertThat(pupilCount()).isZero();
    }

    @Test
    void theApiRefusesToGiveAnotherPupilAnErasedPupilsUpn() {
        TestPupil other = fixtures.newPupil();
        String id = field(create(other).body(), "id");
        String renamed = new TestPupil(pupil.upn(), other.forename(), other.surname(), other.dateOfBirth()).json();

        var update = dataManager.api("PUT", "/api/v1/pupils/" + id, renamed, PURPOSE, "DATA_MANAGEMENT",
                "If-Match", "\"1\"");

        assertProblem(update, 409, "previously-erased");
    }

    @Test
    void theAddPupilPageShowsTheRefusalAtTheUpn() {
        dataManager.postForm("/pupils/purpose", "/pupils/purpose",
                Map.of("purpose", "DATA_MANAGEMENT", "reason", "", "size", "25", "next", "/pupils"));

        var refused = dataManager.postForm("/pupils/purpose", "/pupils/new", formFields(pupil));

        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.body()).contains("href=\"#upn\"", "DPO");
        assertThat(pupilCount()).isZero();
    }

    @Test
    void onlyTheDpoReadmitsAndOnlyWithAReason() {
        String body = "{\"upn\": \"" + pupil.upn() + "\"}";

        var byDataManager = dataManager.api("POST", "/api/v1/pupils/readmissions", body, PURPOSE, "READMISSION",
                REASON, "Returning pupil");
        var withoutReason = dpo.api("POST", "/api/v1/pupils/readmissions", body, PURPOSE, "READMISSION");
        var underAnotherPurpose = dpo.api("POST", "/api/v1/pupils/readmissions", body, PURPOSE,
                "SUBJECT_RIGHTS_REQUEST", REASON, "Returning pupil");
        var notErased = dpo.api("POST", "/api/v1/pupils/readmissions", "{\"upn\": \"" + fixtures.newPupil().upn() + "\"}",
                PURPOSE, "READMISSION", REASON, "Returning pupil");

        assertThat(byDataManager.statusCode()).isEqualTo(403);
        assertProblem(withoutReason, 400, "reason-required");
        assertProblem(underAnotherPurpose, 403, "purpose-not-allowed");
        assertProblem(notErased, 404, "not-erased");
        assertThat(notErased.body()).doesNotContain(pupil.upn());
        assertProblem(create(pupil), 409, "previously-erased");
    }

    @Test
    void aReadmissionIsLoggedWithItsReasonAndLetsTheNextCreateThrough() {
        var readmitted = dpo.api("POST", "/api/v1/pupils/readmissions", "{\"upn\": \"" + pupil.upn() + "\"}",
                PURPOSE, "READMISSION", REASON, "Pupil returns from abroad; parents asked for re-admission");
        var again = create(pupil);
        var twice = dpo.api("POST", "/api/v1/pupils/readmissions", "{\"upn\": \"" + pupil.upn() + "\"}",
                PURPOSE, "READMISSION", REASON, "Again");

        assertThat(readmitted.statusCode()).as(readmitted.body()).isEqualTo(204);
        assertThat(again.statusCode()).as(again.body()).isEqualTo(201);
        assertProblem(twice, 404, "not-erased");
        Map<String, Object> tombstone = tenancy.inSchool(school.id(), () -> jdbc.sql(
                "select id, readmitted_at, readmitted_by from erased_pupil where school_id = ?")
                .param(school.id()).query().singleRow());
        assertThat(tombstone.get("readmitted_at")).isNotNull();
        assertThat(tombstone.get("readmitted_by")).isNotNull();
        // The entry names the tombstone it lifted; its reason is encrypted (never stored in clear).
        Map<String, Object> entry = tenancy.inSchool(school.id(), () -> jdbc.sql("""
                        select actor_role, purpose, subject_ids[1] as subject, reason from access_log_entry
                        where school_id = ? and action = 'READMIT'""")
                .param(school.id()).query().singleRow());
        assertThat(entry.get("actor_role")).isEqualTo("DPO");
        assertThat(entry.get("purpose")).isEqualTo("READMISSION");
        assertThat(entry.get("subject")).isEqualTo(tombstone.get("id"));
        assertThat(new String((byte[]) entry.get("reason"), java.nio.charset.StandardCharsets.ISO_8859_1))
                .doesNotContain("abroad");
        assertThat(verifier.verify(school.id()).intact()).isTrue();
    }

    @Test
    void anImportBringsTheReadmittedPupilBackAndASecondErasureBlocksThemAgain() {
        assertThat(importOnce().result()).isEqualTo(Result.PREVIOUSLY_ERASED);
        dpo.api("POST", "/api/v1/pupils/readmissions", "{\"upn\": \"" + pupil.upn() + "\"}",
                PURPOSE, "READMISSION", REASON, "Returning pupil");

        PupilImports.Outcome imported = importOnce();
        assertThat(imported.result()).isEqualTo(Result.NEW);
        var erasedAgain = dpo.api("DELETE", "/api/v1/pupils/" + imported.pupilId(), null, PURPOSE,
                "SUBJECT_RIGHTS_REQUEST", REASON, "Second erasure request");

        PendingErasures.confirm(fixtures, port, school.id(), erasedAgain);
        assertProblem(create(pupil), 409, "previously-erased");
        assertThat(importOnce().result()).isEqualTo(Result.PREVIOUSLY_ERASED);
    }

    @Test
    void theDpoReadmitsOnTheirPageAndOthersCannotOpenIt() {
        TestPupil neverErased = fixtures.newPupil();

        var byDataManager = dataManager.get("/pupils/readmissions");
        var form = dpo.get("/pupils/readmissions");
        var notErased = dpo.postForm("/pupils/readmissions", "/pupils/readmissions",
                Map.of("upn", neverErased.upn(), "reason", "Returning pupil"));
        var withoutReason = dpo.postForm("/pupils/readmissions", "/pupils/readmissions",
                Map.of("upn", pupil.upn(), "reason", " "));
        var readmitted = dpo.postForm("/pupils/readmissions", "/pupils/readmissions",
                Map.of("upn", pupil.upn(), "reason", "Returning pupil"));

        assertThat(byDataManager.statusCode()).isEqualTo(403);
        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(form.body()).contains("Re-admit an erased pupil", "id=\"upn\"", "id=\"reason\"");
        assertThat(notErased.statusCode()).isEqualTo(404);
        assertThat(notErased.body()).contains("href=\"#upn\"", "No pupil with that UPN is recorded as erased");
        assertThat(withoutReason.statusCode()).isEqualTo(400);
        assertThat(withoutReason.body()).contains("href=\"#reason\"");
        assertThat(readmitted.statusCode()).isEqualTo(302);
        assertThat(create(pupil).statusCode()).isEqualTo(201);
    }

    private PupilImports.Outcome importOnce() {
        AccessContext context = new AccessContext(dataManagerAccount, "DATA_MANAGEMENT", "MIS import", null, null);
        return tenancy.inSchool(school.id(), () -> imports.begin(context, false)
                .apply(List.of(new Incoming(new PupilData(pupil.upn(), pupil.forename(), pupil.surname(),
                        pupil.dateOfBirth(), null, "F", null, null, List.of(), Map.of()), null)))
                .get(0));
    }

    private HttpResponse<String> create(TestPupil someone) {
        return dataManager.api("POST", "/api/v1/pupils", someone.json(), PURPOSE, "DATA_MANAGEMENT");
    }

    private static void assertProblem(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.body()).contains("\"code\":\"" + code + "\"");
    }

    private static Map<String, String> formFields(TestPupil pupil) {
        LocalDate dob = LocalDate.parse(pupil.dateOfBirth());
        return new HashMap<>(Map.of("upn", pupil.upn(), "forename", pupil.forename(), "surname", pupil.surname(),
                "dateOfBirthDay", String.valueOf(dob.getDayOfMonth()), "dateOfBirthMonth",
                String.valueOf(dob.getMonthValue()), "dateOfBirthYear", String.valueOf(dob.getYear()), "sex", "F",
                "ncYear", "7"));
    }

    private long pupilCount() {
        return tenancy.inSchool(school.id(), () -> jdbc.sql("select count(*) from pupil").query(Long.class).single());
    }
}
