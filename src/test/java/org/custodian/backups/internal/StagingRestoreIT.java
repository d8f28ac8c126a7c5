package org.custodian.backups.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.custodian.backups.BackupReason;
import org.custodian.backups.BackupRun;
import org.custodian.backups.SchoolRestore;
import org.custodian.crypto.BlindIndex;
import org.custodian.crypto.FieldCipher;
import org.custodian.crypto.SubjectKeys;
import org.custodian.crypto.SubjectKind;
import org.custodian.identity.CustodianUser;
import org.custodian.schools.SchoolState;
import org.custodian.schools.Schools;
import org.custodian.support.Browser;
import org.custodian.support.CustodianTest;
import org.custodian.support.Fixtures;
import org.custodian.support.TestClock;
import org.custodian.tenancy.Tenancy;
import org.custodian.web.ProblemException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Restoring one school of a backup into a staging school of the live system, on the real PostgreSQL. */
@CustodianTest
class StagingRestoreIT {

    @Autowired StagingRestorer restorer;
    @Autowired DefaultBackups backups;
    @Autowired SubjectKeys subjectKeys;
    @Autowired FieldCipher cipher;
    @Autowired BlindIndex blindIndex;
    @Autowired Schools schools;
    @Autowired Tenancy tenancy;
    @Autowired JdbcClient jdbc;
    @Autowired Fixtures fixtures;
    @Autowired TestClock clock;
    @Autowired JsonMapper json;
    @Autowired org.custodian.support.KeyTables keyTables;
    @LocalServerPort int port;

    @Test
    void aDeletedPupilComesBackReadableInANewStagingSchoolAndNoSchoolIsTouched() throws Exception {
        UUID school = fixtures.school().id();
        UUID other = fixtures.school().id();
        UUID kept = pupil(school, "Fakekept", "Fakesurnamea", "A900000000001");
        UUID deleted = pupil(school, "Fakedeleted", "Fakesurnameb", "B900000000002");
        UUID classId = UUID.randomUUID();
        tenancy.inSchool(school, () -> {
            jdbc.sql("insert into school_class (school_id, id, kind, code) values (?, ?, 'TEACHING', '7A/Ma1')")
                    .params(school, classId).update();
            jdbc.sql("insert into class_pupil (school_id, class_id, pupil_id) values (?, ?, ?)").params(school, classId, deleted).update();
            jdbc.sql("insert into pupil_category_value (school_id, pupil_id, category, value_ct) values (?, ?, 'FIRST_LANGUAGE', ?)")
                    .params(school, deleted, cipher.encryptString(school, deleted, "category.FIRST_LANGUAGE", "ENG")).update();
        });
        UUID otherPupil = pupil(other, "Fakeother", "Fakesurnamec", "C900000000003");
        BackupRun data = backups.backUp(BackupReason.MANUAL).get(0);
        clock.advance(Duration.ofMinutes(5));
        // The accident: the pupil's row (and with it their class and category rows) deleted, the key left.
        tenancy.inSchool(school, () -> jdbc.sql("delete from pupil where school_id = ? and id = ?").params(school, deleted).update());
        List<Map<String, Object>> schoolBefore = snapshot("pupil", school);
        List<Map<String, Object>> otherBefore = snapshot("pupil", other);
        byte[] otherForename = (byte[]) rows("pupil", other).get(0).get("forename_ct");
        CustodianUser operator = fixtures.platformAdmin();
        Browser browser = fixtures.signedIn(port, operator);

        var response = browser.postJson("/api/v1/platform/backups/school-restores",
                "{\"dataBackup\": \"" + data.name() + "\", \"schoolId\": \"" + school + "\"}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode body = json.readTree(response.body());
        assertThat(body.get("outcome").asString()).isEqualTo("RESTORED");
        UUID staging = UUID.fromString(body.get("stagingSchoolId").asString());
        assertThat(staging).isNotEqualTo(school);
        assertThat(body.get("counts").get("pupils").asInt()).isEqualTo(2);
        assertThat(body.get("counts").get("categoryValues").asInt()).isEqualTo(1);
        assertThat(body.get("counts").get("classMemberships").asInt()).isEqualTo(1);
        // The staging school: out of service, naming its source.
        assertThat(schools.forSystem(staging).orElseThrow().state()).isEqualTo(SchoolState.TERMINATED);
        assertThat(schools.forSystem(staging).orElseThrow().state().inService()).isFalse();
        assertThat(tenancy.asPlatform(() -> jdbc.sql("select staging_of from school where id = ?").param(staging)
                .query(UUID.class).single())).isEqualTo(school);
        // The deleted pupil reads again there, under the staging school's own keys and blind indexes.
        List<Map<String, Object>> restored = rows("pupil", staging);
        assertThat(restored).hasSize(2);
        Map<String, Object> back = restored.stream().filter(row -> "Fakedeleted".equals(
                cipher.decryptString(staging, (UUID) row.get("id"), "forename", (byte[]) row.get("forename_ct")))).findFirst().orElseThrow();
        UUID backId = (UUID) back.get("id");
        assertThat(backId).isNotIn(kept, deleted);
        assertThat(cipher.decryptString(staging, backId, "surname", (byte[]) back.get("surname_ct"))).isEqualTo("Fakesurnameb");
        assertThat((byte[]) back.get("surname_index")).isEqualTo(blindIndex.blindIndex(staging, "surname", "Fakesurnameb"));
        assertThat((byte[]) back.get("upn_index")).isEqualTo(blindIndex.blindIndex(staging, "upn", "B900000000002"))
                .isNotEqualTo(blindIndex.blindIndex(school, "upn", "B900000000002"));
        byte[] diet = tenancy.inSchool(staging, () -> jdbc.sql(
                        "select value_ct from pupil_category_value where school_id = ? and pupil_id = ?")
                .params(staging, backId).query(byte[].class).single());
        assertThat(cipher.decryptString(staging, backId, "category.FIRST_LANGUAGE", diet)).isEqualTo("ENG");
        assertThat(tenancy.inSchool(staging, () -> jdbc.sql("select class_id from class_pupil where school_id = ? and pupil_id = ?")
                .params(staging, backId).query(UUID.class).single())).isEqualTo(classId);
        // Nothing else changed: the school still lacks the deleted pupil, the other school is as it was.
        assertThat(snapshot("pupil", school)).isEqualTo(schoolBefore).hasSize(1);
        assertThat(snapshot("pupil", other)).isEqualTo(otherBefore).hasSize(1);
        assertThat(cipher.decryptString(other, otherPupil, "forename", otherForename)).isEqualTo("Fakeother");
        // Both access logs name it, with counts and no subject.
        for (UUID logged : List.of(school, staging)) {
            List<Map<String, Object>> entries = tenancy.inSchool(logged, () -> jdbc.sql("""
                            select actor_id, action, cardinality(subject_ids) as subjects, fields::text as fields
                              from access_log_entry where school_id = ? and purpose = 'BACKUP_RESTORE'""")
                    .param(logged).query().listOfRows());
            assertThat(entries).as("access log of %s", logged).singleElement().satisfies(entry -> {
                assertThat(entry.get("actor_id")).isEqualTo(operator.id());
                assertThat(entry.get("action")).isEqualTo(logged.equals(school) ? "EXPORT" : "CREATE");
                assertThat(entry.get("subjects")).isEqualTo(0);
                assertThat((String) entry.get("fields")).contains("restore.pupils:2", "restore.staging-school:" + staging);
            });
        }
        var listed = json.readTree(browser.get("/api/v1/platform/backups/school-restores").body());
        assertThat(listed.findValuesAsString("stagingSchoolId")).contains(staging.toString());
        assertThat(scratchDatabasesLeft()).isZero();
    }

    @Test
    void aPupilErasedAfterTheBackupIsNotBroughtBack() {
        UUID school = fixtures.school().id();
        pupil(school, "Fakestays", "Fakesurnamed", "D900000000004");
        UUID erased = pupil(school, "Fakeerased", "Fakesurnamee", "E900000000005");
        BackupRun data = backups.backUp(BackupReason.MANUAL).get(0);
        clock.advance(Duration.ofMinutes(5));
        // Erased after every key backup: only the live ledger knows.
        subjectKeys.destroy(school, erased);
        tenancy.inSchool(school, () -> jdbc.sql("delete from pupil where school_id = ? and id = ?").params(school, erased).update());

        SchoolRestore restore = restorer.restore(new StagingRestorer.Request(data.name(), null, school), fixtures.platformAdmin());

        assertThat(restore.counts().pupils()).isEqualTo(1);
        assertThat(restore.counts().leftOutErased()).isEqualTo(1);
        List<Map<String, Object>> restored = rows("pupil", restore.stagingSchoolId());
        assertThat(restored).singleElement().satisfies(row -> assertThat(cipher.decryptString(restore.stagingSchoolId(),
                (UUID) row.get("id"), "forename", (byte[]) row.get("forename_ct"))).isEqualTo("Fakestays"));
        assertThat(scratchDatabasesLeft()).isZero();
    }

    @Test
    void aPurgedSchoolIsRefusedAndRecorded() {
        CustodianUser operator = fixtures.platformAdmin();
        UUID school = fixtures.school().id();
        pupil(school, "Fakepurged", "Fakesurnamef", "F900000000006");
        BackupRun data = backups.backUp(BackupReason.MANUAL).get(0);
        clock.advance(Duration.ofMinutes(5));
        schools.transition(school, SchoolState.TERMINATED, null, operator);
        schools.transition(school, SchoolState.PURGED, null, operator);

        assertThatThrownBy(() -> restorer.restore(new StagingRestorer.Request(data.name(), null, school), operator))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.code()).isEqualTo("school-purged"));
        assertThat(stagingSchoolsOf(school)).isZero();
        assertThat(restorer.latest(100)).filteredOn(r -> r.sourceSchoolId().equals(school)).singleElement()
                .satisfies(r -> assertThat(r.outcome()).isEqualTo(SchoolRestore.Outcome.REFUSED));
    }

    @Test
    void aFailureMidCopyLeavesNoStagingSchool() {
        CustodianUser operator = fixtures.platformAdmin();
        UUID school = fixtures.school().id();
        pupil(school, "Fakefaila", "Fakesurnameg", "G900000000007");
        pupil(school, "Fakefailb", "Fakesurnameh", "H900000000008");
        BackupRun data = backups.backUp(BackupReason.MANUAL).get(0);
        clock.advance(Duration.ofMinutes(5));
        long schoolsBefore = tenancy.asPlatform(() -> jdbc.sql("select count(*) from school").query(Long.class).single());
        long keysetsBefore = keysets();

        for (String failAt : List.of("pupils", "logged")) {
            assertThatThrownBy(() -> restorer.restore(new StagingRestorer.Request(data.name(), null, school), operator, step -> {
                if (step.equals(failAt)) {
                    throw new IllegalStateException("Injected failure after " + step);
                }
            })).isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.code()).isEqualTo("school-restore-failed"));
            assertThat(stagingSchoolsOf(school)).as("after a failure at %s", failAt).isZero();
            assertThat(tenancy.asPlatform(() -> jdbc.sql("select count(*) from school").query(Long.class).single()))
                    .isEqualTo(schoolsBefore);
            assertThat(keysets()).as("the staging school's keysets are destroyed again").isEqualTo(keysetsBefore);
        }
        assertThat(restorer.latest(100)).filteredOn(r -> r.sourceSchoolId().equals(school))
                .extracting(SchoolRestore::outcome).containsExactly(SchoolRestore.Outcome.FAILED, SchoolRestore.Outcome.FAILED);
        assertThat(rows("pupil", school)).hasSize(2);
        assertThat(scratchDatabasesLeft()).isZero();
    }

    @Test
    void onlyPlatformAdminsMayRestoreAndABadBackupIsAProblem() throws Exception {
        UUID school = fixtures.school().id();
        Browser schoolAdmin = fixtures.signedIn(port, fixtures.schoolAdmin(school));
        String request = "{\"dataBackup\": \"20261207T013000Z-1a2b3c4d\", \"schoolId\": \"" + school + "\"}";
        assertThat(schoolAdmin.postJson("/api/v1/platform/backups/school-restores", request).statusCode()).isEqualTo(403);
        assertThat(schoolAdmin.get("/api/v1/platform/backups/school-restores").statusCode()).isEqualTo(403);

        Browser operator = fixtures.signedIn(port, fixtures.platformAdmin());
        var missing = operator.postJson("/api/v1/platform/backups/school-restores", request);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json.readTree(missing.body()).get("code").asString()).isEqualTo("backup-not-found");
        var malformed = operator.postJson("/api/v1/platform/backups/school-restores",
                "{\"dataBackup\": \"../../etc\", \"schoolId\": \"" + school + "\"}");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(json.readTree(malformed.body()).get("code").asString()).isEqualTo("invalid-backup-name");
        // The page: a confirm step names what will be restored; a refusal is shown on it.
        String confirm = "/platform/backups/school-restores/confirm?dataBackup=20261207T013000Z-1a2b3c4d&schoolId=" + school;
        var page = operator.get(confirm);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains(schools.forSystem(school).orElseThrow().name(), "Restore into a staging school");
        var refused = operator.postForm(confirm, "/platform/backups/school-restores",
                Map.of("dataBackup", "20261207T013000Z-1a2b3c4d", "schoolId", school.toString(), "keyBackup", ""));
        assertThat(refused.statusCode()).isEqualTo(404);
        assertThat(refused.body()).contains("There is no complete data backup of that name");
        assertThat(schoolAdmin.get(confirm).statusCode()).isEqualTo(403);
        assertThat(stagingSchoolsOf(school)).isZero();
    }

    /** A pupil as the records module writes one: fields under the pupil's own key, blind indexes. */
    private UUID pupil(UUID school, String forename, String surname, String upn) {
        UUID id = fixtures.pupil(school);
        subjectKeys.create(school, id, SubjectKind.PUPIL);
        tenancy.inSchool(school, () -> jdbc.sql("""
                        update pupil set forename_ct = ?, surname_ct = ?, upn_ct = ?, forename_index = ?, surname_index = ?,
                                         upn_index = ?, index_key_id = ?
                         where school_id = ? and id = ?""")
                .params(cipher.encryptString(school, id, "forename", forename), cipher.encryptString(school, id, "surname", surname),
                        cipher.encryptString(school, id, "upn", upn), blindIndex.blindIndex(school, "forename", forename),
                        blindIndex.blindIndex(school, "surname", surname), blindIndex.blindIndex(school, "upn", upn),
                        blindIndex.blindIndexKeyId(school), school, id)
                .update());
        return id;
    }

    private List<Map<String, Object>> rows(String table, UUID school) {
        return tenancy.inSchool(school, () -> jdbc.sql("select * from " + table + " where school_id = ? order by id")
                .param(school).query().listOfRows());
    }

    /** The rows with byte arrays as text, so that two reads compare by content. */
    private List<Map<String, Object>> snapshot(String table, UUID school) {
        return rows(table, school).stream().map(row -> {
            Map<String, Object> copy = new java.util.TreeMap<>();
            row.forEach((k, v) -> copy.put(k, v instanceof byte[] bytes ? Arrays.toString(bytes) : v));
            return copy;
        }).toList();
    }

    private long keysets() {
        return keyTables.asPlatform(keys -> keys.sql("select count(*) from school_keyset").query(Long.class).single());
    }

    private long stagingSchoolsOf(UUID school) {
        return tenancy.asPlatform(() -> jdbc.sql("select count(*) from school where staging_of = ?").param(school)
                .query(Long.class).single());
    }

    private long scratchDatabasesLeft() {
        return jdbc.sql("select count(*) from pg_database where datname like 'custodian_drill%'").query(Long.class).single();
    }
}
