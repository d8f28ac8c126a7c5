package org.custodian.review.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.Role;
import org.custodian.identity.SecurityEventType;
import org.custodian.identity.SecurityEvents;
import org.custodian.schools.School;
import org.custodian.support.Browser;
import org.custodian.support.CustodianTest;
import org.custodian.support.Fixtures;
import org.custodian.support.TermDates;
import org.custodian.support.TestClock;
import org.custodian.tenancy.Tenancy;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.config.CronTask;
import org.springframework.scheduling.config.ScheduledTask;
import org.springframework.scheduling.config.ScheduledTaskHolder;

/** The termly access review, through the real pages: created when a term starts, decided, recorded. */
@CustodianTest
class TermlyReviewIT {

    @LocalServerPort int port;
    @Autowired Fixtures fixtures;
    @Autowired TestClock clock;
    @Autowired JdbcClient jdbc;
    @Autowired Tenancy tenancy;
    @Autowired SecurityEvents events;
    @Autowired ReviewJob job;
    @Autowired TermlyReviews reviews;
    @Autowired ScheduledTaskHolder scheduled;

    School school;
    CustodianUser admin;
    CustodianUser teacher;
    CustodianUser dataManager;
    TermDates terms;

    @BeforeEach
    void aSchoolWhoseTermStartsInTwoDays() {
        school = fixtures.school();
        terms = new TermDates(jdbc, tenancy, clock);
        terms.termStartingInTwoDays(school.id());
        admin = fixtures.schoolAdmin(school.id());
        teacher = fixtures.user(school.id(), Role.TEACHER);
        dataManager = fixtures.user(school.id(), Role.DATA_MANAGER);
    }

    @Test
    void aReviewAppearsOnceTheTermStartsAndListsEveryAccountOfTheSchool() {
        Browser browser = fixtures.signedIn(port, admin);

        var before = browser.get("/school/reviews");
        assertThat(before.statusCode()).isEqualTo(200);
        assertThat(before.body()).contains("No term has started yet");
        assertThat(reviewIds()).as("no review before the term starts").isEmpty();

        clock.advance(Duration.ofDays(2));
        browser = fixtures.signedIn(port, admin); // two days on, the earlier session has passed its 12 hours
        var after = browser.get("/school/reviews");

        assertThat(after.body()).contains("Test term").contains("0 of 3 accounts reviewed");
        UUID reviewId = onlyReview();
        var page = browser.get("/school/reviews/" + reviewId);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains(admin.getUsername(), teacher.getUsername(), dataManager.getUsername())
                .contains("decision-" + teacher.id(), "decision-" + dataManager.id(), "decision-" + admin.id());
        CustodianUser otherSchoolsTeacher = fixtures.user(fixtures.school().id(), Role.TEACHER);
        assertThat(page.body()).doesNotContain(otherSchoolsTeacher.getUsername());
    }

    @Test
    void confirmAndDisableAreRecordedWithWhoAndWhenAndADisabledAccountCanNoLongerSignIn() {
        clock.advance(Duration.ofDays(2));
        Browser teachersBrowser = fixtures.signedIn(port, teacher);
        Browser browser = fixtures.signedIn(port, admin);
        browser.get("/school/reviews");
        UUID reviewId = onlyReview();
        String page = "/school/reviews/" + reviewId;
        // A whole second: the database keeps microseconds, and rounds rather than truncates.
        clock.set(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).plusSeconds(1));
        Instant decidedAt = clock.instant();

        var response = browser.postForm(page, page, Map.of(
                "decision-" + teacher.id(), "DISABLED", "decision-" + dataManager.id(), "CONFIRMED"));

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(decisions(reviewId)).containsExactlyInAnyOrder(
                new DecisionRow(teacher.id(), "DISABLED", false, admin.id(), decidedAt),
                new DecisionRow(dataManager.id(), "CONFIRMED", false, admin.id(), decidedAt));
        assertThat(enabled(teacher)).isFalse();
        assertThat(enabled(dataManager)).isTrue();
        assertThat(events.list(school.id(), teacher.id(), null, null, 20)).filteredOn(
                event -> event.type() == SecurityEventType.USER_DISABLED).singleElement().satisfies(event -> {
                    assertThat(event.detail()).isEqualTo("termly-review");
                    assertThat(event.actorId()).isEqualTo(admin.id());
                });
        var shown = browser.get(page).body();
        assertThat(shown).contains("2 of 3 accounts reviewed").contains("by Test SCHOOL_ADMIN on");

        // The teacher's open session has ended, and the password no longer signs in.
        assertThat(teachersBrowser.get("/school").headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/login"));
        assertThat(new Browser(port).signIn(teacher.getUsername(), Fixtures.PASSWORD).headers().firstValue("Location"))
                .hasValueSatisfying(location -> assertThat(location).endsWith("/login?error"));

        // A decision stands: deciding again records nothing new.
        browser.postForm(page, page, Map.of("decision-" + dataManager.id(), "DISABLED"));
        assertThat(decisions(reviewId)).hasSize(2);
        assertThat(enabled(dataManager)).isTrue();

        var last = browser.postForm(page, page, Map.of("decision-" + admin.id(), "CONFIRMED"));
        assertThat(last.statusCode()).isEqualTo(302);
        assertThat(browser.get(page).body()).contains("The review is complete").contains("3 of 3 accounts reviewed");
        assertThat(browser.get("/school/reviews").body()).contains("Complete");
    }

    @Test
    void refusedDecisionsChangeNothing() {
        clock.advance(Duration.ofDays(2));
        Browser browser = fixtures.signedIn(port, admin);
        browser.get("/school/reviews");
        UUID reviewId = onlyReview();
        String page = "/school/reviews/" + reviewId;

        var nothingChosen = browser.postForm(page, page, Map.of());
        var ownAccount = browser.postForm(page, page, Map.of(
                "decision-" + teacher.id(), "DISABLED", "decision-" + admin.id(), "DISABLED"));
        var notInReview = browser.postForm(page, page, Map.of(
                "decision-" + teacher.id(), "DISABLED", "decision-" + UUID.randomUUID(), "DISABLED"));

        assertThat(nothingChosen.statusCode()).isEqualTo(400);
        assertThat(nothingChosen.body()).contains("Choose Confirm or Disable for at least one account.");
        assertThat(ownAccount.statusCode()).isEqualTo(400);
        assertThat(ownAccount.body()).contains("You cannot disable your own account.");
        assertThat(notInReview.statusCode()).isEqualTo(404);
        assertThat(decisions(reviewId)).isEmpty();
        assertThat(enabled(teacher)).isTrue();
        assertThat(enabled(admin)).isTrue();
    }

    @Test
    void aReviewIsCreatedOnceHoweverManyInstancesPagesAndJobsAskAtTheSameMoment() throws Exception {
        clock.advance(Duration.ofDays(2));
        ExecutorService threads = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> results = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                Callable<Object> work = i % 2 == 0 ? () -> reviews.current(school.id()) : job::createDueReviews;
                results.add(threads.submit(() -> {
                    start.await();
                    return work.call();
                }));
            }
            start.countDown();
            for (Future<?> result : results) {
                result.get();
            }
        } finally {
            threads.shutdown();
        }
        job.createDueReviews();

        UUID reviewId = onlyReview();
        Long listed = tenancy.inSchool(school.id(), () -> jdbc.sql(
                        "select count(*) from termly_review_account where school_id = ? and review_id = ?")
                .params(school.id(), reviewId).query(Long.class).single());
        assertThat(listed).isEqualTo(3);
        Long terms = tenancy.inSchool(school.id(), () -> jdbc.sql("select count(*) from school_term where school_id = ?")
                .param(school.id()).query(Long.class).single());
        assertThat(terms).as("no default terms were added by the racing requests").isEqualTo(2);
    }

    @Test
    void theDailyJobIsScheduledInUkTime() {
        assertThat(scheduled.getScheduledTasks()).map(ScheduledTask::getTask)
                .filteredOn(task -> task instanceof CronTask).map(task -> (CronTask) task)
                .anySatisfy(task -> {
                    assertThat(task.getExpression()).isEqualTo("0 30 6 * * *");
                    assertThat(task.getRunnable().toString()).contains("ReviewJob");
                });
    }

    @Test
    void anotherSchoolsReviewIsNotFoundAndATeacherMayNotReview() {
        clock.advance(Duration.ofDays(2));
        UUID reviewId = reviews.current(school.id()).orElseThrow();
        School otherSchool = fixtures.school();
        Browser otherAdmin = fixtures.signedIn(port, fixtures.schoolAdmin(otherSchool.id()));
        String page = "/school/reviews/" + reviewId;

        var read = otherAdmin.get(page);
        var decide = otherAdmin.postForm("/school/reviews", page, Map.of("decision-" + teacher.id(), "DISABLED"));
        var bulk = otherAdmin.postForm("/school/reviews", page + "/dormant", Map.of("userId", teacher.id().toString()));

        assertThat(read.statusCode()).isEqualTo(404);
        assertThat(read.body()).contains("review-not-found").doesNotContain(teacher.getUsername());
        assertThat(decide.statusCode()).isEqualTo(404);
        assertThat(bulk.statusCode()).isEqualTo(404);
        assertThat(decisions(reviewId)).isEmpty();
        assertThat(enabled(teacher)).isTrue();

        Browser teachers = fixtures.signedIn(port, teacher);
        assertThat(teachers.get("/school").body()).doesNotContain("Access reviews");
        assertThat(fixtures.signedIn(port, admin).get("/school").body()).contains("href=\"/school/reviews\"");
        assertThat(teachers.get("/school/reviews").statusCode()).isEqualTo(403);
        assertThat(teachers.get(page).statusCode()).isEqualTo(403);
        assertThat(teachers.postForm("/school", page, Map.of("decision-" + dataManager.id(), "DISABLED"))
                .statusCode()).isEqualTo(403);
        assertThat(teachers.get("/school/terms").statusCode()).isEqualTo(403);
        assertThat(decisions(reviewId)).isEmpty();
        assertThat(enabled(dataManager)).isTrue();
    }

    private List<UUID> reviewIds() {
        return tenancy.inSchool(school.id(), () -> jdbc.sql("select id from termly_review where school_id = ?")
                .param(school.id()).query(UUID.class).list());
    }

    private UUID onlyReview() {
        List<UUID> ids = reviewIds();
        assertThat(ids).hasSize(1);
        return ids.get(0);
    }

    private List<DecisionRow> decisions(UUID reviewId) {
        return tenancy.inSchool(school.id(), () -> jdbc.sql("""
                        select user_id, decision, dormant, decided_by, decided_at from termly_review_decision
                         where school_id = ? and review_id = ?""")
                .params(school.id(), reviewId)
                .query((row, n) -> new DecisionRow(row.getObject(1, UUID.class), row.getString(2), row.getBoolean(3),
                        row.getObject(4, UUID.class), row.getTimestamp(5).toInstant()))
                .list());
    }

    private boolean enabled(CustodianUser user) {
        return tenancy.asPlatform(() -> jdbc.sql("select enabled from user_account where id = ?")
                .param(user.id()).query(Boolean.class).single());
    }

    record DecisionRow(UUID userId, String decision, boolean dormant, UUID decidedBy, Instant decidedAt) {
    }
}
