package org.custodian.keyrotation.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.custodian.crypto.BlindIndex;
import org.custodian.crypto.MasterKeyRotation;
import org.custodian.crypto.SubjectKeys;
import org.custodian.crypto.SubjectKind;
import org.custodian.identity.CustodianUser;
import org.custodian.identity.Role;
import org.custodian.pupils.PupilIndexes;
import org.custodian.schools.School;
import org.custodian.support.Browser;
import org.custodian.support.CustodianTest;
import org.custodian.support.Fixtures;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Master-key and blind-index key rotation without downtime, on the real database and key file. */
@CustodianTest
class KeyHierarchyRotationIT {

    @LocalServerPort int port;
    @Autowired Fixtures fixtures;
    @Autowired MasterKeyRewrapJob masterKeyJob;
    @Autowired BlindIndexRebuildJob rebuildJob;
    @Autowired MasterKeyRotation masterKeys;
    @Autowired SubjectKeys subjectKeys;
    @Autowired BlindIndex blindIndex;
    @Autowired PupilIndexes pupilIndexes;

    @Test
    void theMasterKeyRotatesWhileDataExistsAndTheOldKeyIsRetiredOnceNothingIsWrappedUnderIt() {
        School school = fixtures.school();
        CustodianUser admin = fixtures.schoolAdmin(school.id());
        fixtures.acceptAgreement(school.id(), admin);
        Browser dataManager = fixtures.signedIn(port, fixtures.user(school.id(), Role.DATA_MANAGER));
        Browser platform = fixtures.signedIn(port, fixtures.platformAdmin());
        String before = created(dataManager.api("POST", "/api/v1/pupils", fixtures.newPupil().json(),
                "Custodian-Purpose", "DATA_MANAGEMENT").body());
        masterKeyJob.rewrapAll(); // start from a clean state: earlier tests' rows under the current key
        long oldKey = masterKeys.status().primaryKeyId();

        var rotated = platform.api("POST", "/api/v1/platform/master-key", null);
        long newKey = masterKeys.status().primaryKeyId();
        var retiredTooEarly = platform.api("DELETE", "/api/v1/platform/master-key/" + oldKey, null);
        var retiredPrimary = platform.api("DELETE", "/api/v1/platform/master-key/" + newKey, null);
        // Mid-way: another school's keysets re-wrapped, this one's not yet; old data still opens.
        masterKeys.rewrapSchool(fixtures.school().id());
        int midway = read(dataManager, before);
        String during = created(dataManager.api("POST", "/api/v1/pupils", fixtures.newPupil().json(),
                "Custodian-Purpose", "DATA_MANAGEMENT").body());
        long moved = masterKeyJob.rewrapAll();
        var status = platform.api("GET", "/api/v1/platform/master-key", null);
        var retired = platform.api("DELETE", "/api/v1/platform/master-key/" + oldKey, null);

        assertThat(rotated.statusCode()).isEqualTo(201);
        assertThat(rotated.body()).containsPattern("\"awaitingRewrap\":[1-9]");
        assertThat(newKey).isNotEqualTo(oldKey);
        assertThat(retiredTooEarly.statusCode()).isEqualTo(409);
        assertThat(retiredTooEarly.body()).contains("master-key-in-use");
        assertThat(retiredPrimary.statusCode()).isEqualTo(409);
        assertThat(retiredPrimary.body()).contains("master-key-is-primary");
        assertThat(midway).isEqualTo(200);
        assertThat(moved).isGreaterThanOrEqualTo(2);
        assertThat(status.body()).contains("\"awaitingRewrap\":0");
        assertThat(retired.statusCode()).isEqualTo(204);
        assertThat(masterKeys.status().keyIds()).containsExactly(newKey);
        // Every stored keyset opens with only the new key in the file (unwrapped afresh, no cache).
        assertThat(unwrapsUnderTheCurrentMasterKey(school.id())).isEqualTo(2);
        assertThat(read(dataManager, before)).isEqualTo(200);
        assertThat(read(dataManager, during)).isEqualTo(200);
        assertThat(fixtures.signedIn(port, fixtures.platformAdmin()).api("GET", "/api/v1/platform/master-key", null)
                .statusCode()).isEqualTo(200);
    }

    @Test
    void twoConcurrentRewrapRunnersMoveEveryKeysetExactlyOnce() throws Exception {
        List<UUID> schools = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            UUID school = fixtures.school().id();
            subjectKeys.create(school, UUID.randomUUID(), SubjectKind.PUPIL);
            blindIndex.blindIndex(school, "upn", "A123");
            schools.add(school);
        }
        masterKeyJob.rewrapAll();
        masterKeys.rotate();
        long awaiting = masterKeyJob.awaiting();

        CountDownLatch start = new CountDownLatch(1);
        ExecutorService runners = Executors.newFixedThreadPool(2);
        try {
            List<Future<Long>> runs = List.of(
                    runners.submit(() -> { start.await(); return masterKeyJob.rewrapAll(); }),
                    runners.submit(() -> { start.await(); return masterKeyJob.rewrapAll(); }));
            start.countDown();
            long moved = runs.get(0).get() + runs.get(1).get();

            assertThat(awaiting).isGreaterThanOrEqualTo(2L * schools.size());
            assertThat(moved).as("every keyset re-wrapped once, none twice").isEqualTo(awaiting);
            assertThat(masterKeyJob.awaiting()).isZero();
            for (UUID school : schools) {
                assertThat(unwrapsUnderTheCurrentMasterKey(school)).isEqualTo(2);
            }
        } finally {
            runners.shutdownNow();
        }
    }

    @Test
    void aSearchByUpnFindsThePupilBeforeDuringAndAfterABlindIndexRotation() {
        School school = fixtures.school();
        CustodianUser admin = fixtures.schoolAdmin(school.id());
        fixtures.acceptAgreement(school.id(), admin);
        Browser dataManager = fixtures.signedIn(port, fixtures.user(school.id(), Role.DATA_MANAGER));
        Browser platform = fixtures.signedIn(port, fixtures.platformAdmin());
        List<Fixtures.TestPupil> pupils = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Fixtures.TestPupil pupil = fixtures.newPupil();
            created(dataManager.api("POST", "/api/v1/pupils", pupil.json(), "Custodian-Purpose", "DATA_MANAGEMENT").body());
            pupils.add(pupil);
        }
        String path = "/api/v1/platform/schools/" + school.id() + "/blind-index-rotation";
        boolean foundBefore = pupils.stream().allMatch(p -> found(dataManager, p));

        var rotated = platform.api("POST", path, null);
        boolean foundRightAfterRotation = pupils.stream().allMatch(p -> found(dataManager, p));
        var retiredTooEarly = platform.api("DELETE", path, null);
        int firstHalf = pupilIndexes.reindex(school.id(), 2);
        long leftMidway = pupilIndexes.awaitingReindex(school.id());
        boolean foundMidway = pupils.stream().allMatch(p -> found(dataManager, p));
        Fixtures.TestPupil addedDuring = fixtures.newPupil();
        created(dataManager.api("POST", "/api/v1/pupils", addedDuring.json(), "Custodian-Purpose", "DATA_MANAGEMENT").body());
        var duplicateDuring = dataManager.api("POST", "/api/v1/pupils", pupils.get(3).json(), "Custodian-Purpose", "DATA_MANAGEMENT");
        rebuildJob.rebuild(school.id(), Integer.MAX_VALUE);
        var status = platform.api("GET", path, null);
        var retired = platform.api("DELETE", path, null);
        pupils.add(addedDuring);
        boolean foundAfter = pupils.stream().allMatch(p -> found(dataManager, p));

        assertThat(foundBefore).isTrue();
        assertThat(rotated.statusCode()).isEqualTo(201);
        assertThat(rotated.body()).contains("\"awaitingReindex\":4");
        assertThat(foundRightAfterRotation).isTrue();
        assertThat(retiredTooEarly.statusCode()).isEqualTo(409);
        assertThat(retiredTooEarly.body()).contains("blind-index-rebuild-unfinished");
        assertThat(firstHalf).isEqualTo(2);
        assertThat(leftMidway).isEqualTo(2);
        assertThat(foundMidway).isTrue();
        assertThat(duplicateDuring.statusCode()).as("a UPN indexed under the old key is still taken").isEqualTo(409);
        assertThat(status.body()).contains("\"awaitingReindex\":0");
        assertThat(retired.statusCode()).isEqualTo(204);
        assertThat(platform.api("GET", path, null).body()).contains("\"olderKeyIds\":[]");
        assertThat(foundAfter).isTrue();
    }

    @Autowired org.custodian.tenancy.Tenancy tenancy;
    @Autowired org.springframework.jdbc.core.simple.JdbcClient jdbc;
    @Autowired org.custodian.crypto.MasterKey masterKey;
    @Autowired org.custodian.support.KeyTables keyTables;

    /** How many of the school's stored keysets unwrap with the master key file as it is now. */
    private int unwrapsUnderTheCurrentMasterKey(UUID school) {
        record Row(String purpose, byte[] wrapped) {
        }
        List<Row> rows = keyTables.inSchool(school, keyDb -> keyDb.sql("select purpose, wrapped_keyset from school_keyset")
                .query((rs, n) -> new Row(rs.getString(1), rs.getBytes(2))).list());
        int opened = 0;
        for (Row row : rows) {
            try {
                com.google.crypto.tink.TinkProtoKeysetFormat.parseEncryptedKeyset(row.wrapped(), masterKey.aead(),
                        ("custodian/school-keyset/v1|" + row.purpose() + "|" + school).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                opened++;
            } catch (java.security.GeneralSecurityException e) {
                // counted as not opening
            }
        }
        return opened;
    }

    private static boolean found(Browser browser, Fixtures.TestPupil pupil) {
        var response = browser.api("POST", "/api/v1/pupils/search", "{\"upn\":\"" + pupil.upn() + "\"}",
                "Custodian-Purpose", "DATA_MANAGEMENT");
        return response.statusCode() == 200 && response.body().contains("\"total\":1")
                && response.body().contains(pupil.surname());
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
