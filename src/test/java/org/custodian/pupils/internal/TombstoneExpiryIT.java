package org.custodian.pupils.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.UUID;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.Role;
import org.custodian.schools.School;
import org.custodian.support.Browser;
import org.custodian.support.CustodianTest;
import org.custodian.support.DatabaseOwner;
import org.custodian.support.Fixtures;
import org.custodian.support.PendingErasures;
import org.custodian.support.Fixtures.TestPupil;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** An erasure's tombstone (a keyed fingerprint of the UPN) is kept for the retention period, then deleted. */
@CustodianTest
class TombstoneExpiryIT {

    @LocalServerPort int port;
    @Autowired Fixtures fixtures;
    @Autowired TombstoneExpiry expiry;
    @Autowired DatabaseOwner databaseOwner;

    @Test
    void aTombstoneBlocksTheUpnUntilItsRetentionEndsAndIsThenDeleted() throws Exception {
        School school = fixtures.school();
        CustodianUser admin = fixtures.schoolAdmin(school.id());
        fixtures.acceptAgreement(school.id(), admin);
        Browser dataManager = fixtures.signedIn(port, fixtures.user(school.id(), Role.DATA_MANAGER));
        Browser dpo = fixtures.signedIn(port, fixtures.user(school.id(), Role.DPO));
        TestPupil pupil = fixtures.newPupil();
        String id = idOf(create(dataManager, pupil));
        PendingErasures.confirm(fixtures, port, school.id(), dpo.api("DELETE", "/api/v1/pupils/" + id, null,
                "Custodian-Purpose", "SUBJECT_RIGHTS_REQUEST", "Custodian-Reason", "Erasure request ref 9"));

        expiry.expire();
        assertThat(create(dataManager, pupil).statusCode()).as("still within the retention").isEqualTo(409);

        backdateErasures(school.id(), "2 years 1 day");
        assertThat(expiry.expire()).isGreaterThanOrEqualTo(1);

        assertThat(tombstones(school.id())).isZero();
        assertThat(create(dataManager, pupil).statusCode()).isEqualTo(201);
    }

    private HttpResponse<String> create(Browser dataManager, TestPupil pupil) {
        return dataManager.api("POST", "/api/v1/pupils", pupil.json(), "Custodian-Purpose", "DATA_MANAGEMENT");
    }

    private static String idOf(HttpResponse<String> created) {
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return created.body().replaceAll(".*\"id\":\"([0-9a-f-]{36})\".*", "$1");
    }

    /** As the schema owner, within the school's scope (row-level security binds the owner too). */
    private void backdateErasures(UUID school, String interval) throws Exception {
        try (Connection owner = databaseOwner.connect()) {
            owner.setAutoCommit(false);
            try (PreparedStatement scope = owner.prepareStatement("select set_config('custodian.school_id', ?, true)");
                 PreparedStatement update = owner.prepareStatement(
                         "update erased_pupil set erased_at = erased_at - ?::interval where school_id = ?")) {
                scope.setString(1, school.toString());
                scope.execute();
                update.setString(1, interval);
                update.setObject(2, school);
                assertThat(update.executeUpdate()).isEqualTo(1);
            }
            owner.commit();
        }
    }

    private long tombstones(UUID school) throws Exception {
        try (Connection owner = databaseOwner.connect()) {
            owner.setAutoCommit(false);
            try (PreparedStatement scope = owner.prepareStatement("select set_config('custodian.school_id', ?, true)");
                 PreparedStatement count = owner.prepareStatement("select count(*) from erased_pupil where school_id = ?")) {
                scope.setString(1, school.toString());
                scope.execute();
                count.setObject(1, school);
                try (var rows = count.executeQuery()) {
                    rows.next();
                    return rows.getLong(1);
                }
            } finally {
                owner.rollback();
            }
        }
    }
}
