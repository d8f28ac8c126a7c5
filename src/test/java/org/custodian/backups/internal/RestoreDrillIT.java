package org.custodian.backups.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.icegreen.greenmail.util.GreenMail;

import org.custodian.backups.BackupReason;
import org.custodian.backups.BackupRun;
import org.custodian.backups.RestoreDrillRun;
import org.custodian.crypto.FieldCipher;
import org.custodian.crypto.SubjectKeys;
import org.custodian.crypto.SubjectKind;
import org.custodian.identity.CustodianUser;
import org.custodian.support.CustodianTest;
import org.custodian.support.Fixtures;
import org.custodian.support.TestClock;
import org.custodian.tenancy.Tenancy;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The restore drill on the real PostgreSQL: a good backup passes and is recorded; a damaged one fails and is emailed. */
@CustodianTest
class RestoreDrillIT {

    @Autowired RestoreDrill drill;
    @Autowired JdbcRestoreDrills drills;
    @Autowired DefaultBackups backups;
    @Autowired BackupProperties properties;
    @Autowired SubjectKeys subjectKeys;
    @Autowired FieldCipher cipher;
    @Autowired Tenancy tenancy;
    @Autowired JdbcClient jdbc;
    @Autowired Fixtures fixtures;
    @Autowired TestClock clock;
    @Autowired GreenMail mail;

    @Test
    void aDrillOfGoodBackupsPassesAndIsRecorded() {
        UUID school = fixtures.school().id();
        for (int i = 0; i < 3; i++) {
            pupil(school, "Fakedrill" + (char) ('a' + i));
        }
        List<BackupRun> runs = backups.backUp(BackupReason.MANUAL);
        clock.advance(Duration.ofMinutes(1));

        RestoreDrillRun run = drill.run().orElseThrow();

        assertThat(run.failure()).isNull();
        assertThat(run.status()).isEqualTo(RestoreDrillRun.Status.PASSED);
        assertThat(run.dataBackup()).isEqualTo(runs.get(0).name());
        assertThat(run.keyBackup()).isEqualTo(runs.get(1).name());
        assertThat(run.rows()).isPositive();
        assertThat(run.sampleSize()).isPositive();
        assertThat(run.sampleOpened()).isEqualTo(run.sampleSize());
        assertThat(drills.latest(10)).extracting(RestoreDrillRun::id).contains(run.id());
        assertThat(scratchDatabasesLeft()).isZero();
    }

    @Test
    void aDrillOfADamagedBackupFailsAndEmailsTheOperator() throws Exception {
        CustodianUser operator = fixtures.platformAdmin();
        fixtures.school();
        List<BackupRun> runs = backups.backUp(BackupReason.MANUAL);
        clock.advance(Duration.ofMinutes(1));
        Path data = properties.directory().resolve("data").resolve(runs.get(0).name());
        Manifest manifest = new tools.jackson.databind.json.JsonMapper().readValue(
                Files.readAllBytes(data.resolve(Manifest.FILE)), Manifest.class);
        Path file = data.resolve(manifest.tables().get(1).file());
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 5] ^= 0x40;
        Files.write(file, bytes);

        RestoreDrillRun run = drill.run().orElseThrow();

        assertThat(run.status()).isEqualTo(RestoreDrillRun.Status.FAILED);
        assertThat(run.failure()).contains("refused").contains(manifest.tables().get(1).table());
        assertThat(drills.latest(10)).extracting(RestoreDrillRun::id).contains(run.id());
        assertThat(awaitSubjectsTo(operator.getUsername())).contains("Custodian: the restore drill failed");
        assertThat(scratchDatabasesLeft()).isZero();
        // Later drills must not trip over this one.
        org.custodian.backups.internal.BackupFiles.deleteTree(data);
    }

    private long scratchDatabasesLeft() {
        return jdbc.sql("select count(*) from pg_database where datname like 'custodian_drill%'").query(Long.class).single();
    }

    private void pupil(UUID school, String forename) {
        UUID id = fixtures.pupil(school);
        subjectKeys.create(school, id, SubjectKind.PUPIL);
        byte[] ciphertext = cipher.encryptString(school, id, "forename", forename);
        tenancy.inSchool(school, () -> jdbc.sql("update pupil set forename_ct = ? where school_id = ? and id = ?")
                .params(ciphertext, school, id).update());
    }

    /** The subjects of the emails to {@code address}, once at least one has arrived. */
    private List<String> awaitSubjectsTo(String address) throws Exception {
        for (int attempt = 0; attempt < 200; attempt++) {
            List<String> subjects = new ArrayList<>();
            for (var message : mail.getReceivedMessages()) {
                if (message.getAllRecipients()[0].toString().equalsIgnoreCase(address)) {
                    subjects.add(message.getSubject());
                }
            }
            if (!subjects.isEmpty()) {
                return subjects;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("No email arrived");
    }
}
