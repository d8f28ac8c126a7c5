package org.custodian.pupils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.custodian.pupils.PupilApiIT.PURPOSE;
import static org.custodian.pupils.PupilApiIT.REASON;
import static org.custodian.pupils.PupilApiIT.field;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import org.custodian.accesslog.AccessEntry;
import org.custodian.accesslog.AccessLogVerifier;
import org.custodian.crypto.FieldCipher;
import org.custodian.crypto.SubjectErasedException;
import org.custodian.crypto.SubjectKeys;
import org.custodian.identity.CustodianUser;
import org.custodian.identity.Role;
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

/** What reaches PostgreSQL: ciphertexts bound to their row and field, and keys that can be shredded. */
@CustodianTest
class PupilEncryptionIT {

    @LocalServerPort int port;
    @Autowired Fixtures fixtures;
    @Autowired JdbcClient jdbc;
    @Autowired org.custodian.support.KeyTables keyTables;
    @Autowired Tenancy tenancy;
    @Autowired SubjectKeys subjectKeys;
    @Autowired FieldCipher cipher;
    @Autowired AccessLogVerifier verifier;

    School school;
    Browser dataManager;

    @BeforeEach
    void schoolThatAcceptedTheAgreement() {
        school = fixtures.school();
        CustodianUser admin = fixtures.schoolAdmin(school.id());
        fixtures.acceptAgreement(school.id(), admin);
        fixtures.signedIn(port, admin).api("PUT", "/api/v1/pupil-categories/PREFERRED_NAME", "{\"enabled\": true}");
        dataManager = fixtures.signedIn(port, fixtures.user(school.id(), Role.DATA_MANAGER));
    }

    @Test
    void noTableHoldsAPupilsNameUpnOrDateOfBirthInPlainText() {
        TestPupil pupil = fixtures.newPupil();
        String preferred = "Fakepreferred" + pupil.surname().substring("Fakesurname".length());
        String id = create(pupil.json(", \"categories\": {\"PREFERRED_NAME\": \"" + preferred + "\"}"));
        dataManager.api("GET", "/api/v1/pupils/" + id + "?categories=all", null, PURPOSE, "DATA_MANAGEMENT",
                REASON, "Checking " + pupil.surname() + " after import");
        LocalDate dob = LocalDate.parse(pupil.dateOfBirth());
        List<String> secrets = List.of(pupil.upn(), pupil.forename(), pupil.surname(), preferred, pupil.dateOfBirth(),
                dob.format(DateTimeFormatter.ofPattern("dd/MM/yyyy")), dob.format(DateTimeFormatter.BASIC_ISO_DATE));

        String everything = tenancy.inSchool(school.id(), () -> {
            // Every table the application can read (Flyway's own history is the owner's alone).
            List<String> tables = jdbc.sql("""
                            select tablename from pg_tables
                            where schemaname = 'public' and has_table_privilege(format('%I.%I', schemaname, tablename), 'select')""")
                    .query(String.class).list();
            assertThat(tables).contains("pupil", "pupil_category_value", "access_log_entry");
            StringBuilder dump = new StringBuilder();
            for (String table : tables) {
                jdbc.sql("select row_to_json(t)::text from \"" + table + "\" t").query(String.class).list()
                        .forEach(row -> dump.append(row).append('\n'));
            }
            return dump.toString();
        });

        assertThat(everything).contains(id); // the scan does see this school's rows
        for (String secret : secrets) {
            String hex = HexFormat.of().formatHex(secret.getBytes(StandardCharsets.UTF_8));
            assertThat(everything).doesNotContainIgnoringCase(secret).doesNotContainIgnoringCase(hex);
        }
    }

    @Test
    void aCiphertextCopiedToAnotherPupilOrFieldFailsToDecrypt() {
        String first = create(fixtures.newPupil().json());
        String second = create(fixtures.newPupil().json());
        long entriesBefore = logEntries();

        copy("surname_ct", first, "surname_ct", second);
        var otherRow = read(second);
        copy("forename_ct", first, "surname_ct", first);
        var otherField = read(first);

        assertThat(otherRow.statusCode()).isEqualTo(500);
        assertThat(otherRow.body()).contains("\"code\":\"record-integrity-failure\"");
        assertThat(otherField.body()).contains("\"code\":\"record-integrity-failure\"");
        assertThat(logEntries()).as("a refused read logs nothing").isEqualTo(entriesBefore);
    }

    @Test
    void shreddingAPupilsKeyMakesEveryCopyUnreadableWhileTheLogStillVerifies() {
        String id = create(fixtures.newPupil().json());
        dataManager.api("GET", "/api/v1/pupils/" + id, null, PURPOSE, "SUBJECT_RIGHTS_REQUEST",
                REASON, "Rights request ref 7");
        UUID pupilId = UUID.fromString(id);
        // A copy of the row as a backup would hold it, taken before erasure.
        byte[] backupSurname = tenancy.inSchool(school.id(), () -> jdbc.sql(
                "select surname_ct from pupil where id = ?").param(pupilId).query(byte[].class).single());
        long sequence = tenancy.inSchool(school.id(), () -> jdbc.sql("""
                select sequence from access_log_entry where school_id = ? and reason is not null
                order by sequence desc limit 1""").param(school.id()).query(Long.class).single());
        byte[] reason = tenancy.inSchool(school.id(), () -> jdbc.sql("""
                select reason from access_log_entry where school_id = ? and sequence = ?""")
                .params(school.id(), sequence).query(byte[].class).single());
        assertThat(tenancy.inSchool(school.id(), () -> cipher.decryptString(school.id(), pupilId,
                AccessEntry.reasonField(sequence), reason))).isEqualTo("Rights request ref 7");

        subjectKeys.destroy(school.id(), pupilId);

        assertThat(read(id).body()).contains("\"code\":\"pupil-erased\"");
        assertThatThrownBy(() -> tenancy.inSchool(school.id(), () -> cipher.decrypt(school.id(), pupilId, "surname",
                backupSurname))).isInstanceOf(SubjectErasedException.class);
        assertThatThrownBy(() -> tenancy.inSchool(school.id(), () -> cipher.decrypt(school.id(), pupilId,
                AccessEntry.reasonField(sequence), reason))).isInstanceOf(SubjectErasedException.class);
        assertThat(verifier.verify(school.id()).intact()).isTrue();
    }

    @Test
    void erasureThroughTheApiDeletesTheRecordAndShredsItsKeyAtomically() {
        String id = create(fixtures.newPupil().json());

        var withoutReason = dataManager.api("DELETE", "/api/v1/pupils/" + id, null, PURPOSE, "DATA_MANAGEMENT");
        var erased = dataManager.api("DELETE", "/api/v1/pupils/" + id, null, PURPOSE, "DATA_MANAGEMENT",
                REASON, "Duplicate record from import");

        assertThat(withoutReason.body()).contains("\"code\":\"reason-required\"");
        assertThat(read(id).statusCode()).as("only requested: the pupil is still there").isEqualTo(200);
        PendingErasures.confirm(fixtures, port, school.id(), erased);
        assertThat(read(id).statusCode()).isEqualTo(404);
        assertThat(keyTables.count(school.id(), "select count(*) from subject_data_key where subject_id = ?::uuid", id))
                .isZero();
        assertThat(tenancy.inSchool(school.id(), () -> jdbc.sql("select count(*) from class_pupil where pupil_id = ?::uuid")
                .params(id).query(Long.class).single())).isZero();
        assertThat(verifier.verify(school.id()).intact()).isTrue();
    }

    private String create(String json) {
        var created = dataManager.api("POST", "/api/v1/pupils", json, PURPOSE, "DATA_MANAGEMENT");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return field(created.body(), "id");
    }

    private java.net.http.HttpResponse<String> read(String id) {
        return dataManager.api("GET", "/api/v1/pupils/" + id, null, PURPOSE, "DATA_MANAGEMENT");
    }

    private void copy(String fromColumn, String fromPupil, String toColumn, String toPupil) {
        tenancy.inSchool(school.id(), () -> jdbc.sql("update pupil set " + toColumn + " = (select " + fromColumn
                        + " from pupil where id = ?::uuid) where id = ?::uuid")
                .params(fromPupil, toPupil).update());
    }

    private long logEntries() {
        return tenancy.inSchool(school.id(), () -> jdbc.sql("select count(*) from access_log_entry")
                .query(Long.class).single());
    }

}
