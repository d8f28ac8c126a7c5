package org.custodian.keyrotation.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.Role;
import org.custodian.schools.School;
import org.custodian.support.Browser;
import org.custodian.support.CustodianTest;
import org.custodian.support.Fixtures;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Rotation without downtime: old data keeps decrypting, new keys use the new primary, the job moves the rest. */
@CustodianTest
class KeyRotationIT {

    @LocalServerPort int port;
    @Autowired Fixtures fixtures;
    @Autowired RewrapJob job;

    @Test
    void aRotatedSchoolKeepsReadingItsPupilsWhileTheJobRewrapsTheirKeys() {
        School school = fixtures.school();
        CustodianUser admin = fixtures.schoolAdmin(school.id());
        fixtures.acceptAgreement(school.id(), admin);
        Browser dataManager = fixtures.signedIn(port, fixtures.user(school.id(), Role.DATA_MANAGER));
        Browser platform = fixtures.signedIn(port, fixtures.platformAdmin());
        String before = created(dataManager.api("POST", "/api/v1/pupils", fixtures.newPupil().json(),
                "Custodian-Purpose", "DATA_MANAGEMENT").body());
        String path = "/api/v1/platform/schools/" + school.id() + "/key-rotation";

        var bySchoolAdmin = fixtures.signedIn(port, admin).api("POST", path, null);
        var rotated = platform.api("POST", path, null);
        String after = created(dataManager.api("POST", "/api/v1/pupils", fixtures.newPupil().json(),
                "Custodian-Purpose", "DATA_MANAGEMENT").body());
        var oldPupilBeforeRewrap = read(dataManager, before);
        long moved = job.rewrap(school.id());
        var status = platform.api("GET", path, null);

        assertThat(bySchoolAdmin.statusCode()).isEqualTo(403);
        assertThat(rotated.statusCode()).isEqualTo(201);
        // Every data key of the school waits: the pupil's and the staff members' (their names are encrypted too).
        assertThat(rotated.body()).containsPattern("\"awaitingRewrap\":[1-9]");
        assertThat(oldPupilBeforeRewrap).isEqualTo(200);
        assertThat(moved).isGreaterThanOrEqualTo(1);
        assertThat(status.body()).contains("\"awaitingRewrap\":0");
        assertThat(read(dataManager, before)).isEqualTo(200);
        assertThat(read(dataManager, after)).isEqualTo(200);
    }

    private static int read(Browser browser, String id) {
        return browser.api("GET", "/api/v1/pupils/" + id, null, "Custodian-Purpose", "DATA_MANAGEMENT").statusCode();
    }

    private static String created(String body) {
        var matcher = java.util.regex.Pattern.compile("\"id\":\"([^\"]+)\"").matcher(body);
        assertThat(matcher.find()).as(body).isTrue();
        return matcher.group(1);
    }
}
