package org.custodian.accesslog.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.custodian.accesslog.AccessAction;
import org.custodian.accesslog.AccessEntry;
import org.custodian.accesslog.AccessLog;
import org.custodian.accesslog.AccessLogReview;
import org.custodian.accesslog.AccessLogReview.Query;
import org.custodian.identity.CustodianUser;
import org.custodian.identity.Role;
import org.custodian.pupils.AccessContext;
import org.custodian.pupils.PupilData;
import org.custodian.pupils.PupilRecords;
import org.custodian.support.Browser;
import org.custodian.support.CustodianTest;
import org.custodian.support.Fixtures;
import org.custodian.support.Fixtures.TestPupil;
import org.custodian.tenancy.Tenancy;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A reviewer finds a pupil by UPN or name and a person by name on the access-log page, and sees
 * only their entries; finding the pupil is itself a logged search under the purpose given.
 */
@CustodianTest
class AccessLogFindIT {

    private static final String PAGE = "/school/access-log";
    private static final String FIND = "/school/access-log/find";
    private static final String REASON = "Subject access request SAR-2026-014 from a parent";

    @Autowired AccessLog accessLog;
    @Autowired AccessLogReview review;
    @Autowired PupilRecords pupils;
    @Autowired Tenancy tenancy;
    @Autowired Fixtures fixtures;
    @LocalServerPort int port;

    UUID school;
    CustodianUser teacher;
    CustodianUser manager;
    TestPupil amira;
    UUID amiraId;
    UUID benId;
    Browser dpo;

    @BeforeEach
    void aSchoolWithTwoPupilsAndTheirEntries() {
        school = fixtures.school().id();
        CustodianUser admin = fixtures.schoolAdmin(school);
        fixtures.acceptAgreement(school, admin);
        teacher = fixtures.user(school, Role.TEACHER);
        manager = fixtures.user(school, Role.DATA_MANAGER);
        amira = fixtures.newPupil();
        amiraId = create(admin, amira, amira.surname());
        TestPupil ben = fixtures.newPupil();
        benId = create(admin, ben, ben.surname());
        append(teacher, amiraId);
        append(manager, benId);
        dpo = fixtures.signedIn(port, fixtures.user(school, Role.DPO));
    }

    @Test
    void aPupilFoundByUpnOrSurnameShowsTheirEntriesOnly() {
        for (String typed : List.of(amira.upn().toLowerCase(), amira.surname().toUpperCase())) {
            var found = find(Map.of("pupilName", typed, "lookupPurpose", "SUBJECT_RIGHTS_REQUEST",
                    "lookupReason", REASON));

            assertThat(found.statusCode()).as(typed).isEqualTo(200);
            assertThat(found.body()).as("the pupil is named beside the filter")
                    .contains("Entries about").contains(amira.forename() + " " + amira.surname())
                    .contains(amiraId.toString());
            // Ben appears only in the reviewer's own logged naming of the pupils on the unfiltered page.
            assertThat(rows(found.body())).as("the teacher's read, the creation and the lookups").isNotEmpty()
                    .doesNotContain("entry-" + sequenceOf(manager.id()));
        }

        List<AccessLogReview.Entry> lookups = review.search(school, new Query(null, amiraId, "SUBJECT_RIGHTS_REQUEST",
                AccessAction.SEARCH, null, null, null, false, null, 10)).entries();
        assertThat(lookups).as("each lookup is logged with its reason").hasSize(2)
                .allSatisfy(entry -> assertThat(entry.reason()).isEqualTo(REASON))
                .allSatisfy(entry -> assertThat(entry.actorRole()).isEqualTo("DPO"));
    }

    @Test
    void namesakesAreListedToChooseFromAndTheChoiceShowsThatPupilOnly() {
        CustodianUser admin = fixtures.schoolAdmin(school);
        TestPupil namesake = fixtures.newPupil();
        UUID namesakeId = create(admin, namesake, amira.surname());
        append(teacher, namesakeId);

        var choices = find(Map.of("pupilName", amira.surname(), "lookupPurpose", "SUBJECT_RIGHTS_REQUEST",
                "lookupReason", REASON));
        assertThat(choices.statusCode()).isEqualTo(200);
        assertThat(choices.body()).contains("Several pupils match").contains(amira.upn()).contains(namesake.upn())
                .contains("value=\"" + amiraId + "\"").contains("value=\"" + namesakeId + "\"");
        assertThat(rows(choices.body())).as("no entries until a pupil is chosen").isEmpty();

        var chosen = find(Map.of("pupilName", amira.surname(), "lookupPurpose", "SUBJECT_RIGHTS_REQUEST",
                "lookupReason", REASON, "chosenPupil", namesakeId.toString()));
        assertThat(chosen.body()).contains(namesake.forename() + " " + amira.surname());
        assertThat(rows(chosen.body())).as("the namesake's read, not Amira's nor Ben's")
                .contains("entry-" + readOf(namesakeId)).doesNotContain("entry-" + readOf(amiraId))
                .doesNotContain("entry-" + sequenceOf(manager.id()));
    }

    @Test
    void aPersonFoundByNameShowsTheirEntriesOnly() {
        long teachersRead = sequenceOf(teacher.id());
        long managersRead = sequenceOf(manager.id());

        var found = find(Map.of("person", "data_manager"));

        assertThat(found.statusCode()).isEqualTo(200);
        assertThat(rows(found.body())).contains("entry-" + managersRead).doesNotContain("entry-" + teachersRead);
        assertThat(found.body()).as("the filter carries the id").contains("name=\"actor\" value=\"" + manager.id() + "\"");

        var several = find(Map.of("person", "test"));
        assertThat(several.body()).contains("Several people match")
                .contains("/school/access-log?actor=" + teacher.id()).contains("/school/access-log?actor=" + manager.id());
        var nobody = find(Map.of("person", "Nobody Here"));
        assertThat(nobody.statusCode()).isEqualTo(400);
        assertThat(nobody.body()).contains("No one at your school has that name.");
    }

    @Test
    void aPupilLookupNeedsAPurposeAndTheReasonItsRulesAskFor() {
        var noPurpose = find(Map.of("pupilName", amira.upn()));
        assertThat(noPurpose.statusCode()).isEqualTo(400);
        assertThat(noPurpose.body()).contains("href=\"#lookupPurpose\"").doesNotContain(amiraId.toString());

        var noReason = find(Map.of("pupilName", amira.upn(), "lookupPurpose", "SUBJECT_RIGHTS_REQUEST"));
        assertThat(noReason.statusCode()).isEqualTo(400);
        assertThat(noReason.body()).contains("href=\"#lookupReason\"").doesNotContain(amiraId.toString());

        var unknown = find(Map.of("pupilName", "Nosuchname", "lookupPurpose", "SUBJECT_RIGHTS_REQUEST",
                "lookupReason", REASON));
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("No pupil on roll has that UPN or name.");
    }

    @Test
    void thePurposeFilterOffersTheRegisterWithDescriptions() {
        String page = dpo.get(PAGE).body();
        assertThat(page).contains("<option value=\"SUBJECT_RIGHTS_REQUEST\"")
                .contains("Teaching, pastoral care and learning support");
        String filtered = dpo.get(PAGE + "?purpose=TEACHING_AND_LEARNING").body();
        assertThat(filtered).contains(amiraId.toString()).doesNotContain(benId.toString());
    }

    private java.net.http.HttpResponse<String> find(Map<String, String> fields) {
        return dpo.postForm(PAGE, FIND, fields);
    }

    /** The ids of the entry rows on a page. */
    private static List<String> rows(String page) {
        return java.util.regex.Pattern.compile("id=\"(entry-\\d+)\"").matcher(page).results()
                .map(match -> match.group(1)).toList();
    }

    private long readOf(UUID pupil) {
        return review.search(school, new Query(teacher.id(), pupil, null, AccessAction.READ, null, null, null, false,
                null, 1)).entries().get(0).sequence();
    }

    private long sequenceOf(UUID actor) {
        return review.search(school, new Query(actor, null, null, null, null, null, null, false, null, 1))
                .entries().get(0).sequence();
    }

    private UUID create(CustodianUser admin, TestPupil pupil, String surname) {
        return pupils.create(new AccessContext(admin, "DATA_MANAGEMENT", null, "req", "127.0.0.1"),
                new PupilData(pupil.upn(), pupil.forename(), surname, pupil.dateOfBirth(), null, "F", "7", null,
                        null, null)).id();
    }

    private void append(CustodianUser actor, UUID pupil) {
        tenancy.inSchool(school, () -> accessLog.append(new AccessEntry(school, actor.id(), actor.role().name(),
                List.of(pupil), List.of("name"), AccessAction.READ,
                actor.role() == Role.TEACHER ? "TEACHING_AND_LEARNING" : "ASSESSMENT_TRACKING", null, "req",
                "192.0.2.1")));
    }
}
