package org.custodian.accesslog.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.custodian.accesslog.AccessAction;
import org.custodian.accesslog.AccessEntry;
import org.custodian.accesslog.AccessLog;
import org.custodian.accesslog.AccessLogReview;
import org.custodian.accesslog.AccessLogReview.Query;
import org.custodian.accesslog.PupilLabels;
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
import org.custodian.web.ProblemException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The access-log page names the pupils its entries are about (name and UPN beside each id, the
 * first few of a bulk entry, "erased pupil" for an id with no record), and naming them is itself
 * one logged read of names and UPNs under the purpose {@code ACCESS_LOG_REVIEW}.
 */
@CustodianTest
class AccessLogLabelsIT {

    private static final String PAGE = "/school/access-log";

    @Autowired AccessLog accessLog;
    @Autowired AccessLogReview review;
    @Autowired PupilRecords pupils;
    @Autowired PupilLabels labels;
    @Autowired Tenancy tenancy;
    @Autowired Fixtures fixtures;
    @LocalServerPort int port;

    UUID school;
    CustodianUser admin;
    CustodianUser teacher;
    CustodianUser dpo;
    final List<TestPupil> named = new ArrayList<>();
    final List<UUID> ids = new ArrayList<>();
    UUID erased;
    UUID otherSchoolsPupil;
    TestPupil otherSchools;

    @BeforeEach
    void aBulkReadOfEightPupilsOneErasedOneOfAnotherSchool() {
        school = fixtures.school().id();
        admin = fixtures.schoolAdmin(school);
        fixtures.acceptAgreement(school, admin);
        teacher = fixtures.user(school, Role.TEACHER);
        dpo = fixtures.user(school, Role.DPO);
        for (int i = 0; i < 7; i++) {
            TestPupil pupil = fixtures.newPupil();
            named.add(pupil);
            ids.add(create(admin, pupil));
        }
        erased = ids.get(1);
        pupils.erase(new AccessContext(admin, "DATA_MANAGEMENT", "Asked for erasure", "req", "127.0.0.1"), erased);
        UUID other = fixtures.school().id();
        CustodianUser otherAdmin = fixtures.schoolAdmin(other);
        fixtures.acceptAgreement(other, otherAdmin);
        otherSchools = fixtures.newPupil();
        otherSchoolsPupil = create(otherAdmin, otherSchools);

        List<UUID> subjects = new ArrayList<>(ids);
        subjects.add(2, otherSchoolsPupil);
        tenancy.inSchool(school, () -> accessLog.append(new AccessEntry(school, teacher.id(), "TEACHER", subjects,
                List.of("upn"), AccessAction.SEARCH, "TEACHING_AND_LEARNING", null, "req", "192.0.2.1")));
    }

    @Test
    void theFirstFivePupilsOfAnEntryAreNamedBesideTheirIdsAndTheRestCounted() {
        Browser reviewer = fixtures.signedIn(port, dpo);

        String page = reviewer.get(PAGE + "?action=SEARCH&actor=" + teacher.id()).body();

        assertThat(page).contains(label(0)).contains(ids.get(0).toString())
                .contains("erased pupil</strong>").contains(erased.toString())
                .contains(otherSchoolsPupil.toString())
                .contains(label(2)).contains(label(3))
                .contains("and 3 more");
        assertThat(page).as("the other school's pupil is not named").doesNotContain(otherSchools.surname())
                .doesNotContain(otherSchools.upn());
        assertThat(page).as("the erased pupil is not named").doesNotContain(named.get(1).upn());
        for (int i = 4; i < 7; i++) {
            assertThat(page).as("pupil %s is past the first five", i)
                    .doesNotContain(named.get(i).surname()).doesNotContain(ids.get(i).toString());
        }
    }

    @Test
    void namingThePupilsIsOneLoggedReadOfNamesAndUpnsOfThoseNamed() {
        Browser reviewer = fixtures.signedIn(port, dpo);

        reviewer.get(PAGE + "?action=SEARCH&actor=" + teacher.id());

        List<AccessLogReview.Entry> lookups = review.search(school, new Query(dpo.id(), null, PupilLabels.PURPOSE,
                null, null, null, null, false, null, 10)).entries();
        assertThat(lookups).as("one entry for the page").hasSize(1);
        AccessLogReview.Entry lookup = lookups.get(0);
        assertThat(lookup.action()).isEqualTo("READ");
        assertThat(lookup.actorRole()).isEqualTo("DPO");
        assertThat(lookup.fields()).containsExactlyInAnyOrder("upn", "forename", "surname");
        assertThat(lookup.subjectIds()).as("the pupils on record among the first five")
                .containsExactlyInAnyOrder(ids.get(0), ids.get(2), ids.get(3));
    }

    @Test
    void aPupilFilteredByIdIsNamedBesideTheFilter() {
        Browser reviewer = fixtures.signedIn(port, fixtures.schoolAdmin(school));

        String page = reviewer.get(PAGE + "?pupil=" + ids.get(5)).body();

        assertThat(page).contains("Entries about").contains(label(5));
    }

    @Test
    void thePurposeNamesPupilsForReviewersOnlyAndReadsNoRecord() {
        assertThatThrownBy(() -> labels.labels(new PupilLabels.Request(teacher, Set.of(ids.get(0)), "req", "192.0.2.1")))
                .isInstanceOf(ProblemException.class)
                .satisfies(e -> assertThat(((ProblemException) e).code()).isEqualTo("purpose-not-allowed"));
        assertThatThrownBy(() -> pupils.read(new AccessContext(dpo, PupilLabels.PURPOSE, null, "req", "192.0.2.1"),
                ids.get(0), Set.of()))
                .isInstanceOf(ProblemException.class)
                .satisfies(e -> assertThat(((ProblemException) e).code()).isEqualTo("purpose-not-allowed"));
        assertThat(review.search(school, new Query(null, null, PupilLabels.PURPOSE, null, null, null, null, false, null,
                10)).entries()).as("nothing read, nothing logged").isEmpty();
    }

    /** How the page names pupil {@code i}. */
    private String label(int i) {
        TestPupil pupil = named.get(i);
        return pupil.forename() + " " + pupil.surname() + " (UPN " + pupil.upn() + ")";
    }

    private UUID create(CustodianUser by, TestPupil pupil) {
        return pupils.create(new AccessContext(by, "DATA_MANAGEMENT", null, "req", "127.0.0.1"),
                new PupilData(pupil.upn(), pupil.forename(), pupil.surname(), pupil.dateOfBirth(), null, "F", "7", null,
                        null, null)).id();
    }
}
