package org.custodian.retention.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.custodian.crypto.SubjectKeys;
import org.custodian.crypto.SubjectKind;
import org.custodian.identity.CustodianUser;
import org.custodian.identity.Role;
import org.custodian.identity.SecurityEvents;
import org.custodian.pupils.AccessContext;
import org.custodian.pupils.PupilData;
import org.custodian.pupils.PupilRecords;
import org.custodian.retention.RetentionCategory;
import org.custodian.retention.RetentionTrigger;
import org.custodian.rights.LegalHolds;
import org.custodian.support.Browser;
import org.custodian.support.CustodianTest;
import org.custodian.support.DatabaseOwner;
import org.custodian.support.Fixtures;
import org.custodian.support.PendingErasures;
import org.custodian.support.TestClock;
import org.custodian.tenancy.Tenancy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The categories sweeps cover beyond the first ones, each with a fixed clock on its boundary day and
 * the day before: pupil records counted from the (encrypted) date of birth, staff accounts of people
 * who have left, staff tombstones beside pupils' (by the school's rule, the one place they expire),
 * lifted legal holds, and the sign-in records of no school.
 */
@CustodianTest
class SweepCoverageIT {

    private static final ZoneId UK = ZoneId.of("Europe/London");

    @LocalServerPort int port;
    @Autowired Fixtures fixtures;
    @Autowired TestClock clock;
    @Autowired JdbcClient jdbc;
    @Autowired org.custodian.support.KeyTables keyTables;
    @Autowired Tenancy tenancy;
    @Autowired RetentionSweeps sweeps;
    @Autowired JdbcRetentionSchedule schedule;
    @Autowired LegalHolds holds;
    @Autowired PupilRecords records;
    @Autowired DatabaseOwner databaseOwner;
    @Autowired JsonMapper json;
    @Autowired SubjectKeys keys;

    Instant realNow;
    LocalDate today;
    UUID school;
    CustodianUser admin;
    CustodianUser dpo;

    @BeforeEach
    void school() {
        realNow = clock.instant();
        today = LocalDate.ofInstant(realNow, UK);
        clock.set(noon(today));
        school = fixtures.school().id();
        admin = fixtures.schoolAdmin(school);
        fixtures.acceptAgreement(school, admin);
        dpo = fixtures.user(school, Role.DPO);
    }

    @AfterEach
    void restoreClock() {
        clock.set(realNow);
    }

    @Test
    void aDateOfBirthRuleDeletesLeaversOnTheDayTheirPeriodEndsAndNotTheDayBefore() {
        schedule.choose(admin, RetentionCategory.PUPIL_RECORDS, RetentionTrigger.DATE_OF_BIRTH, Period.ofYears(25));
        LocalDate born = today.minusYears(25);
        // Made ten years ago, when every one of them was of school age.
        clock.set(noon(today.minusYears(10)));
        UUID due = pupil(born, today.minusYears(5));
        UUID dayLater = pupil(born.plusDays(1), today.minusYears(5));
        UUID onRoll = pupil(born.minusYears(5), null);
        UUID leavingLater = pupil(born.minusYears(5), today.plusDays(10));
        UUID held = pupil(born.minusYears(5), today.minusYears(5));
        clock.set(noon(today));
        holds.place(dpo, new LegalHolds.NewHold(LegalHolds.Scope.PUPIL, held, null, "A claim", today.plusMonths(1)));

        clock.set(noon(today.minusDays(1)));
        assertThat(sweeps.sweep(school)).as("the day before the period ends: nothing due").isEmpty();
        assertThat(exists("pupil", due)).isTrue();

        clock.set(noon(today));
        var preview = sweeps.preview(school);
        assertThat(entry(preview.entries(), "PUPIL_RECORDS").count()).isEqualTo(1);
        assertThat(entry(preview.entries(), "PUPIL_RECORDS").note()).isNull();
        var certificate = sweeps.sweep(school).orElseThrow();

        assertThat(exists("pupil", due)).isFalse();
        assertThat(exists("pupil", dayLater)).isTrue();
        assertThat(exists("pupil", onRoll)).as("a pupil on roll is never deleted by retention").isTrue();
        assertThat(exists("pupil", leavingLater)).as("on roll until the leaving date").isTrue();
        assertThat(exists("pupil", held)).isTrue();
        assertThat(counts(json.readTree(certificate.document()))).containsExactly(Map.entry("PUPIL_RECORDS", 1L));
        assertThat(certificate.document()).as("no date of birth reaches the certificate")
                .doesNotContain(born.toString()).doesNotContain(born.minusYears(5).toString());
        // The decryption is a read of personal data by the system, logged under the sweep's purpose.
        assertThat(count("""
                select count(*) from access_log_entry where school_id = ? and action = 'READ'
                   and purpose = 'RETENTION_PERIOD_ENDED' and 'date-of-birth' = any (fields)""")).isPositive();
    }

    @Test
    void staffAccountsOfPeopleWhoLeftAreErasedAPeriodAfterTheirLastUse() {
        UUID due = leftStaff(at(today.minusDays(365)), null);
        UUID kept = leftStaff(at(today.minusDays(364)), null);
        UUID signedInAfterRemoval = leftStaff(at(today.minusDays(400)), at(today.minusDays(300)));
        UUID held = leftStaff(at(today.minusDays(500)), null);
        CustodianUser active = fixtures.user(school, Role.TEACHER);
        tenancy.inSchool(school, () -> jdbc.sql("update user_account set last_sign_in_at = ? where id = ?")
                .params(at(today.minusYears(3)).atOffset(ZoneOffset.UTC), active.id()).update());
        holds.place(dpo, new LegalHolds.NewHold(LegalHolds.Scope.STAFF, held, null, "A claim", today.plusMonths(1)));

        assertThat(entry(sweeps.preview(school).entries(), "STAFF_ACCOUNTS").count()).isEqualTo(1);
        assertThat(keyCount("select count(*) from subject_data_key where school_id = ? and subject_id = '" + due + "'"))
                .isEqualTo(1);
        var certificate = sweeps.sweep(school).orElseThrow();

        assertThat(erased(due)).isTrue();
        assertThat(erased(kept)).isFalse();
        assertThat(erased(signedInAfterRemoval)).as("last used when they signed in").isFalse();
        assertThat(erased(held)).isFalse();
        assertThat(erased(active.id())).as("an account in use is never swept").isFalse();
        assertThat(keyCount("select count(*) from subject_data_key where school_id = ? and subject_id = '" + due + "'"))
                .as("crypto-shredded").isZero();
        assertThat(count("select count(*) from erased_staff where school_id = ?")).as("a tombstone").isEqualTo(1);
        JsonNode document = json.readTree(certificate.document());
        assertThat(counts(document)).containsExactly(Map.entry("STAFF_ACCOUNTS", 1L));
        assertThat(document.path("categories").get(0).path("method").asString())
                .isEqualTo("crypto-shredding and row deletion");
        assertThat(sweeps.sweep(school)).isEmpty();
    }

    @Test
    void tombstonesOfPupilsAndStaffExpireByTheSchoolsRule() throws Exception {
        Browser dataManager = fixtures.signedIn(port, fixtures.user(school, Role.DATA_MANAGER));
        Browser dpoBrowser = fixtures.signedIn(port, dpo);
        Fixtures.TestPupil pupil = fixtures.newPupil();
        String id = idOf(create(dataManager, pupil));
        PendingErasures.confirm(fixtures, port, school, dpoBrowser.api("DELETE", "/api/v1/pupils/" + id, null,
                "Custodian-Purpose", "SUBJECT_RIGHTS_REQUEST", "Custodian-Reason", "Erasure request ref 9"));
        schedule.choose(admin, RetentionCategory.ERASURE_TOMBSTONES, RetentionTrigger.EVENT_DATE, Period.ofYears(1));
        UUID staffDue = staffTombstone(at(today.minusYears(1)));
        UUID staffKept = staffTombstone(at(today.minusYears(1).plusDays(1)));

        sweeps.sweep(school);
        assertThat(create(dataManager, pupil).statusCode()).as("the tombstone still blocks the UPN").isEqualTo(409);
        assertThat(exists("erased_staff", staffDue)).isFalse();
        assertThat(exists("erased_staff", staffKept)).isTrue();

        backdatePupilTombstones("1 year");
        assertThat(entry(sweeps.preview(school).entries(), "ERASURE_TOMBSTONES").count()).isEqualTo(1);
        var certificate = sweeps.sweep(school).orElseThrow();

        assertThat(counts(json.readTree(certificate.document()))).containsExactly(Map.entry("ERASURE_TOMBSTONES", 1L));
        assertThat(count("select count(*) from erased_pupil where school_id = ?")).isZero();
        assertThat(create(dataManager, pupil).statusCode()).isEqualTo(201);
    }

    @Test
    void liftedHoldsGoAPeriodAfterLiftingAndAStandingHoldNever() {
        UUID due = liftedHold(today.minusYears(1));
        UUID kept = liftedHold(today.minusYears(1).plusDays(1));
        clock.set(noon(today.minusYears(3)));
        UUID standing = holds.place(dpo, new LegalHolds.NewHold(LegalHolds.Scope.STAFF, admin.id(), null, "A claim",
                today.minusYears(3).plusMonths(1)));
        clock.set(noon(today));

        assertThat(entry(sweeps.preview(school).entries(), "LEGAL_HOLDS").count()).isEqualTo(1);
        assertThat(keyCount("select count(*) from subject_data_key where school_id = ? and subject_id = '" + due + "'"))
                .isEqualTo(1);
        var certificate = sweeps.sweep(school).orElseThrow();

        assertThat(exists("legal_hold", due)).isFalse();
        assertThat(exists("legal_hold", kept)).isTrue();
        assertThat(exists("legal_hold", standing)).isTrue();
        assertThat(keyCount("select count(*) from subject_data_key where school_id = ? and subject_id = '" + due + "'"))
                .as("the reason's key goes with the hold").isZero();
        assertThat(counts(json.readTree(certificate.document()))).containsExactly(Map.entry("LEGAL_HOLDS", 1L));
    }

    @Test
    void aHoldOnANewCategoryKeepsAllOfIt() {
        UUID account = leftStaff(at(today.minusYears(2)), null);
        UUID tombstone = staffTombstone(at(today.minusYears(3)));
        UUID lifted = liftedHold(today.minusYears(2));
        for (String category : List.of("STAFF_ACCOUNTS", "ERASURE_TOMBSTONES", "LEGAL_HOLDS")) {
            holds.place(dpo, new LegalHolds.NewHold(LegalHolds.Scope.CATEGORY, null, category, "A claim",
                    today.plusMonths(1)));
        }

        var preview = sweeps.preview(school).entries();
        assertThat(sweeps.sweep(school)).isEmpty();

        for (String category : List.of("STAFF_ACCOUNTS", "ERASURE_TOMBSTONES", "LEGAL_HOLDS")) {
            assertThat(entry(preview, category).held()).as(category).isTrue();
        }
        assertThat(erased(account)).isFalse();
        assertThat(exists("erased_staff", tombstone)).isTrue();
        assertThat(exists("legal_hold", lifted)).isTrue();
    }

    @Test
    void closedRightsRequestsGoAPeriodAfterClosingWithWhatBelongsToThem() {
        UUID pupil = fixtures.pupil(school);
        UUID due = rightsRequest(pupil, "COMPLETED", at(today.minusYears(1)));
        UUID dueErasure = erasure(pupil, due, at(today.minusYears(1).minusDays(3)));
        UUID kept = rightsRequest(pupil, "COMPLETED", at(today.minusYears(1).plusDays(1)));
        UUID open = rightsRequest(pupil, "IN_PROGRESS", at(today.minusYears(3)));
        UUID restricted = rightsRequest(pupil, "COMPLETED", at(today.minusYears(3)));
        tenancy.inSchool(school, () -> jdbc.sql("""
                        insert into pupil_restriction (school_id, pupil_id, since, decided_by, rights_request_id)
                        values (?, ?, now(), ?, ?)""")
                .params(school, pupil, dpo.id(), restricted).update());
        UUID heldPupil = fixtures.pupil(school);
        UUID held = rightsRequest(heldPupil, "COMPLETED", at(today.minusYears(3)));
        UUID heldErasure = erasure(heldPupil, null, at(today.minusYears(3)));
        UUID unrequestedErasure = erasure(pupil, null, at(today.minusYears(1)));
        UUID recentErasure = erasure(pupil, null, at(today.minusYears(1).plusDays(1)));
        holds.place(dpo, new LegalHolds.NewHold(LegalHolds.Scope.PUPIL, heldPupil, null, "A claim", today.plusMonths(1)));
        assertThat(keyCount("select count(*) from subject_data_key where school_id = ? and subject_id = '" + due + "'"))
                .isEqualTo(1);

        assertThat(entry(sweeps.preview(school).entries(), "RIGHTS_REQUEST_RECORDS").count()).isEqualTo(3);
        var certificate = sweeps.sweep(school).orElseThrow();

        assertThat(exists("rights_request", due)).isFalse();
        assertThat(count("select count(*) from rights_request_step where school_id = ? and request_id = '" + due + "'"))
                .isZero();
        assertThat(count("select count(*) from rights_bundle where school_id = ? and request_id = '" + due + "'")).isZero();
        assertThat(exists("erasure", dueErasure)).isFalse();
        assertThat(exists("erasure", unrequestedErasure)).isFalse();
        assertThat(keyCount("select count(*) from subject_data_key where school_id = ? and subject_id = '" + due + "'"))
                .as("the request's own key goes with it").isZero();
        assertThat(exists("rights_request", kept)).isTrue();
        assertThat(exists("rights_request", open)).as("an open request is never swept").isTrue();
        assertThat(exists("rights_request", restricted)).as("a restriction in force names it").isTrue();
        assertThat(exists("rights_request", held)).isTrue();
        assertThat(exists("erasure", heldErasure)).isTrue();
        assertThat(exists("erasure", recentErasure)).isTrue();
        assertThat(counts(json.readTree(certificate.document()))).containsExactly(Map.entry("RIGHTS_REQUEST_RECORDS", 3L));
    }

    @Test
    void signInRecordsOfNoSchoolGoUnderThePlatformsRule() {
        UUID due = platformEvent(at(today.minusDays(365)));
        UUID kept = platformEvent(at(today.minusDays(364)));

        assertThat(sweeps.sweepPlatformSignIns()).isGreaterThanOrEqualTo(1);

        assertThat(platformEventExists(due)).isFalse();
        assertThat(platformEventExists(kept)).isTrue();
    }

    // ---- helpers

    private static Instant noon(LocalDate day) {
        return day.atTime(LocalTime.NOON).atZone(UK).toInstant();
    }

    private static Instant at(LocalDate day) {
        return day.atTime(10, 0).atZone(UK).toInstant();
    }

    private UUID pupil(LocalDate born, LocalDate leftOn) {
        CustodianUser dataManager = fixtures.user(school, Role.DATA_MANAGER);
        var made = fixtures.newPupil();
        UUID id = records.create(new AccessContext(dataManager, "DATA_MANAGEMENT", null, null, null),
                new PupilData(made.upn(), made.forename(), made.surname(), born.toString(), "A1", "F", "7", "7A",
                        List.of("7A/Ma1"), Map.of())).id();
        tenancy.inSchool(school, () -> jdbc.sql("update pupil set leaving_date = ? where school_id = ? and id = ?")
                .params(leftOn, school, id).update());
        return id;
    }

    private UUID leftStaff(Instant removedAt, Instant lastSignIn) {
        CustodianUser user = fixtures.user(school, Role.TEACHER);
        tenancy.inSchool(school, () -> jdbc.sql("""
                        update user_account set enabled = false, removed_at = ?, removed_by = ?, last_sign_in_at = ?
                         where id = ?""")
                .params(removedAt.atOffset(ZoneOffset.UTC), admin.id(),
                        lastSignIn == null ? null : lastSignIn.atOffset(ZoneOffset.UTC), user.id()).update());
        return user.id();
    }

    private boolean erased(UUID user) {
        return tenancy.inSchool(school, () -> jdbc.sql("select erased_at is not null from user_account where id = ?")
                .param(user).query(Boolean.class).single());
    }

    private UUID staffTombstone(Instant erasedAt) {
        UUID id = UUID.randomUUID();
        byte[] index = new byte[32];
        System.arraycopy(UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8), 0, index, 0, 32);
        tenancy.inSchool(school, () -> jdbc.sql("""
                        insert into erased_staff (school_id, id, username_index, erased_at) values (?, ?, ?, ?)""")
                .params(school, id, index, erasedAt.atOffset(ZoneOffset.UTC)).update());
        return id;
    }

    private UUID liftedHold(LocalDate liftedOn) {
        clock.set(noon(liftedOn.minusMonths(1)));
        UUID hold = holds.place(dpo, new LegalHolds.NewHold(LegalHolds.Scope.CATEGORY, null, "IMPORT_FILES", "A claim",
                liftedOn));
        clock.set(at(liftedOn));
        holds.lift(dpo, hold);
        clock.set(noon(today));
        return hold;
    }

    /** A request about the pupil whose last step has the status, recorded at the time; with a bundle. */
    private UUID rightsRequest(UUID pupil, String status, Instant lastStepAt) {
        UUID id = UUID.randomUUID();
        keys.create(school, id, SubjectKind.PUPIL);
        Instant received = lastStepAt.minus(java.time.Duration.ofDays(20));
        tenancy.inSchool(school, () -> {
            jdbc.sql("""
                            insert into rights_request (school_id, id, request_type, subject_kind, subject_id, requester_kind,
                                                        channel, received_on, competence, competence_basis,
                                                        competence_decided_by, created_by, created_at)
                            values (?, ?, 'ACCESS', 'PUPIL', ?, 'SUBJECT', 'EMAIL', ?, 'COMPETENT', 'JUDGEMENT', ?, ?, ?)""")
                    .params(school, id, pupil, LocalDate.ofInstant(received, UK), dpo.id(), dpo.id(),
                            received.atOffset(ZoneOffset.UTC)).update();
            jdbc.sql("""
                            insert into rights_request_step (school_id, request_id, position, status, occurred_on,
                                                             recorded_at, actor_id)
                            values (?, ?, 1, 'RECEIVED', ?, ?, ?), (?, ?, 2, ?, ?, ?, ?)""")
                    .params(school, id, LocalDate.ofInstant(received, UK), received.atOffset(ZoneOffset.UTC), dpo.id(),
                            school, id, status, LocalDate.ofInstant(lastStepAt, UK), lastStepAt.atOffset(ZoneOffset.UTC),
                            dpo.id()).update();
            UUID bundle = UUID.randomUUID();
            jdbc.sql("insert into rights_bundle (school_id, id, request_id, number, built_at, built_by) values (?, ?, ?, 1, ?, ?)")
                    .params(school, bundle, id, received.atOffset(ZoneOffset.UTC), dpo.id()).update();
            jdbc.sql("insert into rights_bundle_item (school_id, bundle_id, position, name, content) values (?, ?, 1, 'record.json', ?)")
                    .params(school, bundle, new byte[] {1, 2, 3}).update();
            return null;
        });
        return id;
    }

    private UUID erasure(UUID pupil, UUID request, Instant decidedAt) {
        UUID id = UUID.randomUUID();
        Instant requested = decidedAt.minus(java.time.Duration.ofDays(1));
        tenancy.inSchool(school, () -> jdbc.sql("""
                        insert into erasure (school_id, id, subject_kind, subject_id, request_reference, requested_by,
                                             requested_at, state, decided_by, decided_at)
                        values (?, ?, 'PUPIL', ?, ?, ?, ?, 'CANCELLED', ?, ?)""")
                .params(school, id, pupil, request, dpo.id(), requested.atOffset(ZoneOffset.UTC), admin.id(),
                        decidedAt.atOffset(ZoneOffset.UTC)).update());
        return id;
    }

    private UUID platformEvent(Instant at) {
        UUID id = UUID.randomUUID();
        tenancy.asPlatform(() -> jdbc.sql("insert into security_event (school_id, id, occurred_at, type) values (?, ?, ?, 'SIGN_IN')")
                .params(SecurityEvents.PLATFORM, id, at.atOffset(ZoneOffset.UTC)).update());
        return id;
    }

    private boolean platformEventExists(UUID id) {
        return tenancy.asPlatform(() -> jdbc.sql("select exists (select 1 from security_event where school_id = ? and id = ?)")
                .params(SecurityEvents.PLATFORM, id).query(Boolean.class).single());
    }

    private HttpResponse<String> create(Browser dataManager, Fixtures.TestPupil pupil) {
        return dataManager.api("POST", "/api/v1/pupils", pupil.json(), "Custodian-Purpose", "DATA_MANAGEMENT");
    }

    private static String idOf(HttpResponse<String> created) {
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return created.body().replaceAll(".*\"id\":\"([0-9a-f-]{36})\".*", "$1");
    }

    /** As the schema owner, within the school's scope (row-level security binds the owner too). */
    private void backdatePupilTombstones(String interval) throws Exception {
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

    private boolean exists(String table, UUID id) {
        return tenancy.inSchool(school, () -> jdbc.sql("select exists (select 1 from " + table + " where school_id = ? and id = ?)")
                .params(school, id).query(Boolean.class).single());
    }

    private long keyCount(String sql) {
        return keyTables.count(school, sql, school);
    }

    private long count(String sql) {
        return tenancy.inSchool(school, () -> jdbc.sql(sql).params(school).query(Long.class).single());
    }

    private static RetentionSweeps.Entry entry(List<RetentionSweeps.Entry> entries, String category) {
        return entries.stream().filter(e -> e.category().equals(category)).findFirst().orElseThrow();
    }

    private static Map<String, Long> counts(JsonNode document) {
        var result = new java.util.LinkedHashMap<String, Long>();
        document.path("categories").forEach(row -> result.put(row.path("category").asString(), row.path("count").asLong()));
        return result;
    }
}
