package org.custodian.accesslog.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.custodian.accesslog.AccessAction;
import org.custodian.accesslog.AccessEntry;
import org.custodian.accesslog.AccessFlag;
import org.custodian.accesslog.AccessLog;
import org.custodian.accesslog.AccessLogReview;
import org.custodian.accesslog.AccessLogReview.Query;
import org.custodian.support.CustodianTest;
import org.custodian.support.Fixtures;
import org.custodian.support.RegisteredTeachingAssignments;
import org.custodian.support.TestClock;
import org.custodian.tenancy.Tenancy;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.config.CronTask;
import org.springframework.scheduling.config.ScheduledTask;
import org.springframework.scheduling.config.ScheduledTaskHolder;

/** Each flag is raised on exactly the entries it describes, after the fact, once. */
@CustodianTest
class AccessLogFlaggingIT {

    private static final ZoneId UK = ZoneId.of("Europe/London");

    @Autowired AccessLog accessLog;
    @Autowired AccessLogReview review;
    @Autowired AccessLogFlagging flagging;
    @Autowired RegisteredTeachingAssignments assignments;
    @Autowired Tenancy tenancy;
    @Autowired Fixtures fixtures;
    @Autowired TestClock clock;
    @Autowired JdbcClient jdbc;
    @Autowired ScheduledTaskHolder scheduled;
    @Autowired org.custodian.schools.Schools schools;

    UUID school;

    @BeforeEach
    void aSchool() {
        school = fixtures.school().id();
    }

    @Test
    void outOfHoursMeansOutsideSevenToSevenOnWeekdaysInUkTime() {
        ZonedDateTime monday = nextWeekday(DayOfWeek.MONDAY);
        UUID actor = UUID.randomUUID();
        long early = appendAt(monday.with(LocalTime.of(6, 59, 59)), actor, "DATA_MANAGER", List.of(UUID.randomUUID()));
        long opening = appendAt(monday.with(LocalTime.of(7, 0)), actor, "DATA_MANAGER", List.of(UUID.randomUUID()));
        long closing = appendAt(monday.with(LocalTime.of(18, 59, 59)), actor, "DATA_MANAGER", List.of(UUID.randomUUID()));
        long evening = appendAt(monday.with(LocalTime.of(19, 0)), actor, "DATA_MANAGER", List.of(UUID.randomUUID()));
        long saturday = appendAt(monday.plusDays(5).with(LocalTime.of(11, 0)), actor, "DATA_MANAGER",
                List.of(UUID.randomUUID()));

        flagging.flagNewEntries(school);

        assertThat(flagged(AccessFlag.OUT_OF_HOURS)).containsExactly(saturday, evening, early);
        assertThat(flagsOf(opening)).isEmpty();
        assertThat(flagsOf(closing)).isEmpty();
    }

    @Test
    void bulkReadIsMoreThanFiftyDistinctPupilsWithinTenMinutesByOneActor() {
        ZonedDateTime at = nextWeekday(DayOfWeek.TUESDAY).with(LocalTime.of(10, 0));
        UUID fast = UUID.randomUUID();
        UUID steady = UUID.randomUUID();
        UUID exporter = UUID.randomUUID();
        UUID samePupil = UUID.randomUUID();
        List<Long> fastEntries = new ArrayList<>();
        List<Long> steadyEntries = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            // 'steady' reads one pupil every 13 s: at most 47 within any 10 minutes.
            steadyEntries.add(appendAt(at.plusSeconds(13L * i), steady, "TEACHER", List.of(UUID.randomUUID())));
            if (i < 51) {
                // 'fast' reads one new pupil every 5 s: the 51st is the first over 50.
                fastEntries.add(appendAt(at.plusSeconds(5L * i + 1), fast, "TEACHER", List.of(UUID.randomUUID())));
                // The same pupil a hundred times is not a bulk read.
                appendAt(at.plusSeconds(5L * i + 2), exporter, "TEACHER", List.of(samePupil));
            }
            if (i == 30) {
                // The job runs part-way: its next run still counts the earlier entries in the window.
                flagging.flagNewEntries(school);
            }
        }
        List<UUID> many = new ArrayList<>();
        for (int i = 0; i < 51; i++) {
            many.add(UUID.randomUUID());
        }
        long export = appendAt(at.plusMinutes(30), exporter, "DATA_MANAGER", many);

        flagging.flagNewEntries(school);

        assertThat(flagged(AccessFlag.BULK_READ)).containsExactly(export, fastEntries.get(50));
        assertThat(steadyEntries).allSatisfy(sequence -> assertThat(flagsOf(sequence)).doesNotContain(AccessFlag.BULK_READ));
    }

    @Test
    void outsideClassesIsATeacherOrExamSupervisorTouchingAPupilTheyDoNotTeach() {
        UUID teacher = UUID.randomUUID();
        UUID supervisor = UUID.randomUUID();
        UUID dataManager = UUID.randomUUID();
        UUID taught = UUID.randomUUID();
        UUID alsoTaught = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        assignments.register(school, teacher, Set.of(taught, alsoTaught));
        assignments.register(school, supervisor, Set.of(other));

        long ownClass = append(teacher, "TEACHER", List.of(taught, alsoTaught), "TEACHING_AND_LEARNING");
        long search = append(teacher, "TEACHER", List.of(), "TEACHING_AND_LEARNING");
        long notTheirs = append(teacher, "TEACHER", List.of(taught, other), "TEACHING_AND_LEARNING");
        long supervisorOutside = append(supervisor, "EXAM_SUPERVISOR", List.of(taught), "EXAM_ADMINISTRATION");
        long supervisorOwn = append(supervisor, "EXAM_SUPERVISOR", List.of(other), "EXAM_ADMINISTRATION");
        long dataManagement = append(dataManager, "DATA_MANAGER", List.of(other), "DATA_MANAGEMENT");

        flagging.flagNewEntries(school);

        assertThat(flagged(AccessFlag.OUTSIDE_CLASSES)).containsExactly(supervisorOutside, notTheirs);
        assertThat(List.of(ownClass, search, supervisorOwn, dataManagement))
                .allSatisfy(sequence -> assertThat(flagsOf(sequence)).doesNotContain(AccessFlag.OUTSIDE_CLASSES));
    }

    @Test
    void supportAccessIsTheSupportRoleOrTheSupportWithConsentPurpose() {
        long support = append(UUID.randomUUID(), "SUPPORT", List.of(UUID.randomUUID()), "DATA_MANAGEMENT");
        long consent = append(UUID.randomUUID(), "SCHOOL_ADMIN", List.of(UUID.randomUUID()), "SUPPORT_WITH_CONSENT");
        long teaching = append(UUID.randomUUID(), "SCHOOL_ADMIN", List.of(UUID.randomUUID()), "TEACHING_AND_LEARNING");

        flagging.flagNewEntries(school);

        assertThat(flagged(AccessFlag.SUPPORT_ACCESS)).containsExactly(consent, support);
        assertThat(flagsOf(teaching)).doesNotContain(AccessFlag.SUPPORT_ACCESS);
    }

    @Test
    void eachEntryIsProcessedOnceAndTheEntriesThemselvesAreNotTouched() {
        long first = append(UUID.randomUUID(), "SUPPORT", List.of(UUID.randomUUID()), "DATA_MANAGEMENT");
        byte[] hashBefore = entryHash(first);

        assertThat(flagging.flagNewEntries(school)).isPositive();
        assertThat(flagging.flagNewEntries(school)).isZero();
        long second = append(UUID.randomUUID(), "SUPPORT", List.of(UUID.randomUUID()), "DATA_MANAGEMENT");
        assertThat(flagging.flagAllSchools()).isPositive();

        assertThat(flagged(AccessFlag.SUPPORT_ACCESS)).containsExactly(second, first);
        assertThat(entryHash(first)).isEqualTo(hashBefore);
        long watermark = tenancy.inSchool(school, () -> jdbc.sql(
                "select next_position from access_log_flag_watermark where school_id = ?").param(school)
                .query(Long.class).single());
        assertThat(watermark).as("both entries' positions are behind the watermark").isEqualTo(2);
    }

    @Test
    void aSchoolOutOfServiceIsNotFlagged() {
        long entry = append(UUID.randomUUID(), "SUPPORT", List.of(UUID.randomUUID()), "DATA_MANAGEMENT");
        schools.transition(school, org.custodian.schools.SchoolState.TERMINATED, null, null);

        flagging.flagAllSchools();

        assertThat(flagsOf(entry)).isEmpty();
        assertThat(tenancy.inSchool(school, () -> jdbc.sql(
                "select count(*) from access_log_flag_watermark where school_id = ?").param(school)
                .query(Long.class).single())).isZero();
    }

    @Test
    void theJobRunsEveryMinute() {
        assertThat(scheduled.getScheduledTasks()).map(ScheduledTask::getTask)
                .filteredOn(task -> task instanceof CronTask).map(task -> (CronTask) task)
                .anySatisfy(task -> {
                    assertThat(task.getExpression()).isEqualTo("0 * * * * *");
                    assertThat(task.getRunnable().toString()).contains("AccessLogFlagging");
                });
    }

    /** A weekday at least a day ahead of the test clock (the clock only ever moves forward). */
    private ZonedDateTime nextWeekday(DayOfWeek day) {
        return clock.instant().atZone(UK).plusDays(1).with(TemporalAdjusters.next(day)).with(LocalTime.MIDNIGHT);
    }

    @Test
    void staffRecordsAreNotPupilsSoTheyNeitherCountTowardsNorRaiseABulkRead() {
        ZonedDateTime at = nextWeekday(DayOfWeek.WEDNESDAY).with(LocalTime.of(10, 0));
        UUID admin = UUID.randomUUID();
        List<UUID> staff = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            staff.add(UUID.randomUUID());
        }
        clock.set(at.toInstant());
        long staffList = append(admin, "SCHOOL_ADMIN", staff, org.custodian.identity.StaffAccessLog.PURPOSE);
        List<UUID> pupils = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            pupils.add(UUID.randomUUID());
        }
        long fiftyPupils = appendAt(at.plusSeconds(1), admin, "SCHOOL_ADMIN", pupils);
        long oneMore = appendAt(at.plusSeconds(2), admin, "SCHOOL_ADMIN", List.of(UUID.randomUUID()));

        flagging.flagNewEntries(school);

        assertThat(flagsOf(staffList)).as("60 staff accounts listed").isEmpty();
        assertThat(flagsOf(fiftyPupils)).as("50 pupils, the staff not counted").isEmpty();
        assertThat(flagsOf(oneMore)).containsExactly(AccessFlag.BULK_READ);
    }

    @Test
    void aReviewerSeeingPupilsNamedOnTheAccessLogPageIsNotABulkRead() {
        ZonedDateTime at = nextWeekday(DayOfWeek.WEDNESDAY).with(LocalTime.of(11, 0));
        UUID dpo = UUID.randomUUID();
        List<UUID> named = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            named.add(UUID.randomUUID());
        }
        clock.set(at.toInstant());
        long reviewPage = append(dpo, "DPO", named, org.custodian.accesslog.PupilLabels.PURPOSE);
        List<UUID> pupils = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            pupils.add(UUID.randomUUID());
        }
        long fiftyPupils = appendAt(at.plusSeconds(1), dpo, "DPO", pupils);

        flagging.flagNewEntries(school);

        assertThat(flagsOf(reviewPage)).as("60 pupils named on the review page").isEmpty();
        assertThat(flagsOf(fiftyPupils)).as("50 pupils, the review page's not counted").isEmpty();
    }

    private long appendAt(ZonedDateTime at, UUID actor, String role, List<UUID> pupils) {
        clock.set(at.toInstant());
        return append(actor, role, pupils, "TEACHING_AND_LEARNING");
    }

    private long append(UUID actor, String role, List<UUID> pupils, String purpose) {
        return tenancy.inSchool(school, () -> accessLog.append(new AccessEntry(school, actor, role, pupils,
                List.of("name"), AccessAction.READ, purpose, null, "req", "192.0.2.1"))).sequence();
    }

    private List<Long> flagged(AccessFlag flag) {
        return review.search(school, new Query(null, null, null, null, null, null, flag, false, null, 500))
                .entries().stream().map(AccessLogReview.Entry::sequence).toList();
    }

    private Set<AccessFlag> flagsOf(long sequence) {
        return review.search(school, Query.newest(1).withBefore(sequence + 1)).entries().get(0).flags();
    }

    private byte[] entryHash(long sequence) {
        return tenancy.inSchool(school, () -> jdbc.sql(
                "select leaf_hash from access_log_entry where school_id = ? and sequence = ?")
                .params(school, sequence).query(byte[].class).single());
    }

}
