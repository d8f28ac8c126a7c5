package org.custodian.pupils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.custodian.accesslog.AccessLogVerifier;
import org.custodian.identity.CustodianUser;
import org.custodian.identity.Role;
import org.custodian.pupils.PupilImports.Incoming;
import org.custodian.pupils.PupilImports.Outcome;
import org.custodian.pupils.PupilImports.Result;
import org.custodian.schools.School;
import org.custodian.support.CustodianTest;
import org.custodian.support.Fixtures;
import org.custodian.support.Fixtures.TestPupil;
import org.custodian.support.TestClock;
import org.custodian.tenancy.Tenancy;
import org.custodian.web.ProblemException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The bulk data path imports use: matching by UPN, what counts as changed, leavers, erased pupils, atomicity. */
@CustodianTest
class PupilImportsIT {

    @Autowired Fixtures fixtures;
    @Autowired PupilImports imports;
    @Autowired PupilRecords records;
    @Autowired CategorySettings categories;
    @Autowired Tenancy tenancy;
    @Autowired JdbcClient jdbc;
    @Autowired org.custodian.support.KeyTables keyTables;
    @Autowired TestClock clock;
    @Autowired AccessLogVerifier verifier;

    School school;
    AccessContext context;

    @BeforeEach
    void school() {
        school = fixtures.school();
        CustodianUser admin = fixtures.schoolAdmin(school.id());
        fixtures.acceptAgreement(school.id(), admin);
        categories.set(admin, OptionalCategory.ETHNICITY, true);
        context = new AccessContext(fixtures.user(school.id(), Role.DATA_MANAGER), "DATA_MANAGEMENT",
                "MIS import test", "test-request", "127.0.0.1");
    }

    @Test
    void newPupilsAreCreatedThenMatchedByUpnWithOnlyTheFieldsThatDifferReportedAsChanged() {
        TestPupil a = fixtures.newPupil(), b = fixtures.newPupil();
        List<Outcome> first = run(batch -> batch.apply(List.of(incoming(a, "Fakesurname", "WBRI"), incoming(b, null, null))));
        assertThat(first).extracting(Outcome::result).containsExactly(Result.NEW, Result.NEW);
        assertThat(count("pupil")).isEqualTo(2);

        List<Outcome> second = run(batch -> batch.apply(List.of(incoming(a, "Fakesurnamechanged", "WBRI"),
                incoming(b, null, null))));
        assertThat(second).extracting(Outcome::result).containsExactly(Result.CHANGED, Result.UNCHANGED);
        assertThat(second.get(0).changedFields()).containsExactly("surname");
        assertThat(tenancy.inSchool(school.id(), () -> jdbc.sql(
                        "select count(*) from access_log_entry where school_id = ? and action = 'READ' and ?::uuid = any (subject_ids)")
                .params(school.id(), second.get(1).pupilId()).query(Long.class).single()))
                .as("comparing an unchanged pupil is a read, and logged").isEqualTo(1);
        assertThat(second.get(0).pupilId()).isEqualTo(first.get(0).pupilId());

        PupilRecord stored = records.read(context, first.get(0).pupilId(), Set.of(OptionalCategory.ETHNICITY));
        assertThat(stored.surname()).isEqualTo("Fakesurnamechanged");
        assertThat(stored.categories()).containsEntry(OptionalCategory.ETHNICITY, "WBRI");
        assertThat(stored.version()).isEqualTo(2);
    }

    @Test
    void aSwitchedOffCategoryIsDroppedAndNamedNeverStored() {
        TestPupil a = fixtures.newPupil();
        PupilData data = data(a, a.surname(), Map.of("ETHNICITY", "WBRI", "PUPIL_PREMIUM", "true"));
        Outcome outcome = run(batch -> batch.apply(List.of(new Incoming(data, null)))).get(0);
        assertThat(outcome.dropped()).containsExactly(OptionalCategory.PUPIL_PREMIUM);
        assertThat(tenancy.inSchool(school.id(), () -> jdbc.sql(
                        "select category from pupil_category_value where school_id = ?").params(school.id())
                .query(String.class).list())).containsExactly("ETHNICITY");
    }

    @Test
    void aDryRunComparesButWritesNoPupilData() {
        TestPupil a = fixtures.newPupil();
        Outcome outcome = tenancy.inSchool(school.id(), () ->
                imports.begin(context, true).apply(List.of(incoming(a, null, null))).get(0));
        assertThat(outcome.result()).isEqualTo(Result.NEW);
        assertThat(count("pupil")).isZero();
        assertThat(keyTables.count(school.id(),
                "select count(*) from subject_data_key where school_id = ? and subject_kind = 'PUPIL'", school.id()))
                .as("the keys written before the failure are unconfirmed orphans")
                .isEqualTo(keyTables.count(school.id(),
                        "select count(*) from subject_data_key where school_id = ? and subject_kind = 'PUPIL' and confirmed_at is null",
                        school.id()));
    }

    @Test
    void aSecondPupilWithTheSameUpnInOneImportIsRefusedEvenInALaterBatch() {
        TestPupil a = fixtures.newPupil();
        List<Outcome> outcomes = run(batch -> {
            batch.apply(List.of(incoming(a, null, null)));
            return batch.apply(List.of(incoming(a, "Fakeother", null)));
        });
        assertThat(outcomes.get(0).result()).isEqualTo(Result.DUPLICATE_IN_FILE);
        assertThat(outcomes.get(0).errors()).extracting(e -> e.get("code")).containsExactly("duplicate-upn");
    }

    @Test
    void invalidPupilsAreRefusedWithFieldAndCodeButNoValue() {
        TestPupil a = fixtures.newPupil();
        PupilData bad = new PupilData("A123", a.forename(), a.surname(), "2015-02-31", null, "Q", "7", null, null, null);
        Outcome outcome = run(batch -> batch.apply(List.of(new Incoming(bad, null)))).get(0);
        assertThat(outcome.result()).isEqualTo(Result.INVALID);
        assertThat(outcome.errors()).extracting(e -> e.get("code"))
                .contains("invalid-upn", "invalid-date", "unknown-code");
        assertThat(outcome.errors().toString()).doesNotContain("A123", a.forename());
        assertThat(count("pupil")).isZero();
    }

    @Test
    void pupilsMissingFromAFullFileBecomeLeaversAndDropOutOfTheList() {
        TestPupil stays = fixtures.newPupil(), leaves = fixtures.newPupil();
        run(batch -> batch.apply(List.of(incoming(stays, null, null), incoming(leaves, null, null))));
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);

        int leavers = run(batch -> {
            batch.apply(List.of(incoming(stays, null, null)));
            return batch.markUnseenAsLeavers(today);
        });

        assertThat(leavers).isEqualTo(1);
        assertThat(tenancy.inSchool(school.id(), () -> jdbc.sql(
                        "select count(*) from pupil where school_id = ? and leaving_date = ? and leaving_reason = 'ABSENT_FROM_FULL_FILE'")
                .params(school.id(), today).query(Long.class).single())).isEqualTo(1);
        clock.advance(java.time.Duration.ofDays(1));
        assertThat(records.search(context, new PupilRecords.PupilSearch(null, null, 0, 25)).pupils())
                .extracting(PupilRecord::upn).containsExactly(stays.upn());
    }

    @Test
    void anErasedPupilIsFlaggedAndNotBroughtBack() {
        TestPupil a = fixtures.newPupil();
        UUID id = run(batch -> batch.apply(List.of(incoming(a, null, null)))).get(0).pupilId();
        records.erase(new AccessContext(context.actor(), "SUBJECT_RIGHTS_REQUEST", "Erasure request", null, null), id);

        Outcome again = run(batch -> batch.apply(List.of(incoming(a, null, null)))).get(0);

        assertThat(again.result()).isEqualTo(Result.PREVIOUSLY_ERASED);
        assertThat(count("pupil")).isZero();
    }

    @Test
    void anImportThatFailsPartWayLeavesNothingBehind() {
        TestPupil before = fixtures.newPupil();
        run(batch -> batch.apply(List.of(incoming(before, null, null))));
        TestPupil a = fixtures.newPupil();

        assertThatThrownBy(() -> run(batch -> {
            batch.apply(List.of(incoming(a, null, null), incoming(before, "Fakesurnamechanged", null)));
            throw new IllegalStateException("crash after the first batch");
        })).hasMessageContaining("crash");

        assertThat(count("pupil")).isEqualTo(1);
        assertThat(records.search(context, new PupilRecords.PupilSearch(null, null, 0, 25)).pupils())
                .extracting(PupilRecord::surname).containsExactly(before.surname());
    }

    @Test
    void aTeacherCannotImport() {
        AccessContext teacher = new AccessContext(fixtures.user(school.id(), Role.TEACHER), "DATA_MANAGEMENT",
                "reason", null, null);
        assertThatThrownBy(() -> tenancy.inSchool(school.id(), () -> imports.begin(teacher, true)))
                .isInstanceOf(ProblemException.class).extracting(e -> ((ProblemException) e).code())
                .isEqualTo("purpose-not-allowed");
    }

    @Test
    void aLeavingDateInTheFileIsStoredWithItsReason() {
        TestPupil a = fixtures.newPupil();
        LocalDate left = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).minusDays(3);
        UUID id = run(batch -> batch.apply(List.of(new Incoming(data(a, a.surname(), Map.of()), left.toString()))))
                .get(0).pupilId();
        assertThat(tenancy.inSchool(school.id(), () -> jdbc.sql(
                        "select leaving_date::text || ' ' || leaving_reason from pupil where school_id = ? and id = ?")
                .params(school.id(), id).query(String.class).single())).isEqualTo(left + " IN_FILE");
    }

    @Test
    void anImportStillOpenDoesNotHoldUpReadingTheSchoolsPupils() throws Exception {
        TestPupil existing = fixtures.newPupil();
        UUID existingId = run(batch -> batch.apply(List.of(incoming(existing, null, null)))).get(0).pupilId();
        CountDownLatch applied = new CountDownLatch(1);
        CountDownLatch readDone = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<List<Outcome>> importing = threads.submit(() -> run(batch -> {
                List<Outcome> outcomes = batch.apply(List.of(incoming(existing, "Fakechanged", null),
                        incoming(fixtures.newPupil(), null, null)));
                applied.countDown();
                awaitQuietly(readDone); // the import's transaction stays open until the read has answered
                return outcomes;
            }));
            assertThat(applied.await(30, TimeUnit.SECONDS)).isTrue();
            Future<PupilRecord> reading = threads.submit(() -> records.read(context, existingId, Set.of()));
            PupilRecord read = reading.get(10, TimeUnit.SECONDS);
            readDone.countDown();
            assertThat(read.surname()).as("the import is not committed yet").isEqualTo(existing.surname());
            assertThat(importing.get(30, TimeUnit.SECONDS)).extracting(Outcome::result)
                    .containsExactly(Result.CHANGED, Result.NEW);
        } finally {
            readDone.countDown();
            threads.shutdownNow();
        }
        assertThat(verifier.verify(school.id()).intact()).isTrue();
        assertThat(tenancy.inSchool(school.id(), () -> jdbc.sql(
                        "select count(*) from access_log_entry where school_id = ? and action = 'CREATE'")
                .params(school.id()).query(Long.class).single()))
                .as("the import's entries are appended at its commit").isEqualTo(2);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private <T> T run(
Function<PupilImports.ImportBatch, T> work) {
        return tenancy.inSchool(school.id(), () -> work.apply(imports.begin(context, false)));
    }

    private Incoming incoming(TestPupil pupil, String surname, String ethnicity) {
        return new Incoming(data(pupil, surname == null ? pupil.surname() : surname,
                ethnicity == null ? Map.of() : Map.of("ETHNICITY", ethnicity)), null);
    }

    private static PupilData data(TestPupil pupil, String surname, Map<String, String> categories) {
        return new PupilData(pupil.upn(), pupil.forename(), surname, pupil.dateOfBirth(), null, "F", "7", "7A",
                List.of("7A/Ma1"), categories);
    }

    private long count(String table) {
        return tenancy.inSchool(school.id(), () -> jdbc.sql("select count(*) from " + table + " where school_id = ?")
                .params(school.id()).query(Long.class).single());
    }
}
