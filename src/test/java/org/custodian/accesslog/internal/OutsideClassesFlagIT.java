package org.custodian.accesslog.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import java.util.regex.Pattern;

import org.custodian.accesslog.AccessAction;
import org.custodian.accesslog.AccessFlag;
import org.custodian.accesslog.AccessLogReview;
import org.custodian.accesslog.AccessLogReview.Query;
import org.custodian.identity.CustodianUser;
import org.custodian.identity.Role;
import org.custodian.schools.School;
import org.custodian.support.Browser;
import org.custodian.support.CustodianTest;
import org.custodian.support.Fixtures;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The real class lists (pupils module) drive the OUTSIDE_CLASSES flag on reads through the pupil API. */
@CustodianTest
class OutsideClassesFlagIT {

    @LocalServerPort int port;
    @Autowired Fixtures fixtures;
    @Autowired AccessLogFlagging flagging;
    @Autowired AccessLogReview review;

    @Test
    void aTeacherReadingAPupilOutsideTheirClassesIsFlaggedAndInsideIsNot() {
        School school = fixtures.school();
        CustodianUser admin = fixtures.schoolAdmin(school.id());
        fixtures.acceptAgreement(school.id(), admin);
        CustodianUser teacherAccount = fixtures.user(school.id(), Role.TEACHER);
        Browser dataManager = fixtures.signedIn(port, fixtures.user(school.id(), Role.DATA_MANAGER));
        Browser teacher = fixtures.signedIn(port, teacherAccount);
        String taught = create(dataManager, fixtures.newPupil().json());
        String notTaught = create(dataManager, fixtures.newPupil().json().replace("7A/Ma1", "8B/Sc2"));
        dataManager.api("PUT", "/api/v1/classes/staff", """
                {"kind": "TEACHING", "code": "7A/Ma1", "teachers": ["%s"]}""".formatted(teacherAccount.id()));

        read(teacher, taught);
        read(teacher, notTaught);
        flagging.flagNewEntries(school.id());

        var flagged = review.search(school.id(), new Query(teacherAccount.id(), null, null, AccessAction.READ, null, null,
                AccessFlag.OUTSIDE_CLASSES, false, null, 50)).entries();
        assertThat(flagged).hasSize(1);
        assertThat(flagged.get(0).subjectIds()).containsExactly(UUID.fromString(notTaught));
    }

    private static void read(Browser teacher, String id) {
        assertThat(teacher.api("GET", "/api/v1/pupils/" + id, null, "Custodian-Purpose", "TEACHING_AND_LEARNING")
                .statusCode()).isEqualTo(200);
    }

    private static String create(Browser browser, String json) {
        var created = browser.api("POST", "/api/v1/pupils", json, "Custodian-Purpose", "DATA_MANAGEMENT");
        var matcher = Pattern.compile("\"id\":\"([^\"]+)\"").matcher(created.body());
        assertThat(matcher.find()).as(created.body()).isTrue();
        return matcher.group(1);
    }
}
