package org.custodian.misimport.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.Role;
import org.custodian.misimport.SyntheticSchoolData;
import org.custodian.schools.School;
import org.custodian.schools.SchoolState;
import org.custodian.schools.Schools;
import org.custodian.support.CustodianTest;
import org.custodian.support.Fixtures;
import org.custodian.support.TestClock;
import org.custodian.tenancy.Tenancy;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Import jobs of a school that leaves service while a preview waits: the background commit is
 * refused by the gate and writes nothing, and the sweep discards the waiting preview with its file
 * at once rather than when it would expire.
 */
@CustodianTest
class ImportJobsOutOfServiceIT {

    @Autowired ImportJobs jobs;
    @Autowired ImportProperties properties;
    @Autowired Fixtures fixtures;
    @Autowired Schools schools;
    @Autowired Tenancy tenancy;
    @Autowired JdbcClient jdbc;
    @Autowired TestClock clock;

    School school;
    ImportJobs.Caller caller;
    UUID previewed;

    @BeforeEach
    void aPreviewWaitsAndTheSchoolIsTerminated() {
        school = fixtures.school();
        CustodianUser admin = fixtures.schoolAdmin(school.id());
        fixtures.acceptAgreement(school.id(), admin);
        caller = new ImportJobs.Caller(fixtures.user(school.id(), Role.DATA_MANAGER), "req", "192.0.2.1");
        previewed = jobs.upload(caller, new ByteArrayInputStream(csv()), "pupils.csv", false, false, null);
        assertThat(settled(previewed).state()).isEqualTo(ImportJob.State.PREVIEWED);
        assertThat(Files.exists(sealedFile())).isTrue();

        schools.transition(school.id(), SchoolState.TERMINATED, null, null);
    }

    @Test
    void aCommitAfterTheSchoolLeftServiceFailsInTheBackgroundAndWritesNothing() {
        long entriesBefore = count("select count(*) from access_log_entry where school_id = ?");

        jobs.commit(caller, previewed);
        ImportJob job = settled(previewed);

        assertThat(job.state()).isEqualTo(ImportJob.State.FAILED);
        assertThat(job.errorCode()).isEqualTo("school-terminated");
        assertThat(count("select count(*) from pupil where school_id = ?")).isZero();
        assertThat(count("select count(*) from access_log_entry where school_id = ?")).isEqualTo(entriesBefore);
        assertThat(Files.exists(sealedFile())).isFalse();
    }

    @Test
    void theSweepDiscardsAWaitingPreviewOfASchoolOutOfServiceAtOnce() {
        jobs.sweep();

        ImportJob job = jobs.find(school.id(), previewed).orElseThrow();
        assertThat(job.state()).isEqualTo(ImportJob.State.DISCARDED);
        assertThat(job.errorCode()).isEqualTo("school-terminated");
        assertThat(Files.exists(sealedFile())).isFalse();
    }

    private ImportJob settled(UUID id) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (true) {
            ImportJob job = jobs.find(school.id(), id).orElseThrow();
            if (!job.state().running()) {
                return job;
            }
            assertThat(Instant.now()).as("import still " + job.state()).isBefore(deadline);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private java.nio.file.Path sealedFile() {
        return properties.directory().resolve(school.id().toString()).resolve(previewed + ".sealed");
    }

    private long count(String sql) {
        return tenancy.inSchool(school.id(), () -> jdbc.sql(sql).param(school.id()).query(Long.class).single());
    }

    private byte[] csv() {
        var out = new ByteArrayOutputStream();
        new SyntheticSchoolData(new SyntheticSchoolData.Settings(school.urn(), school.laCode(),
                school.establishmentNumber(), 3, 11, LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC))).writeCsv(out);
        return out.toByteArray();
    }
}
