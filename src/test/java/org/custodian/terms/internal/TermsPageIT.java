package org.custodian.terms.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.custodian.schools.School;
import org.custodian.support.Browser;
import org.custodian.support.CustodianTest;
import org.custodian.support.Fixtures;
import org.custodian.support.TermDates;
import org.custodian.support.TestClock;
import org.custodian.tenancy.Tenancy;
import org.custodian.terms.SchoolTerms;
import org.custodian.terms.Term;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Default term dates, and the admin's term dates page with its form errors. */
@CustodianTest
class TermsPageIT {

    @LocalServerPort int port;
    @Autowired Fixtures fixtures;
    @Autowired TestClock clock;
    @Autowired JdbcClient jdbc;
    @Autowired Tenancy tenancy;
    @Autowired SchoolTerms schoolTerms;

    @Test
    void aSchoolWithoutTermsGetsTheDefaultTermsOfThisAndNextAcademicYearOnceEvenIfManyAskAtOnce() throws Exception {
        School school = fixtures.school();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<Term>>> results = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                results.add(threads.submit(() -> {
                    start.await();
                    return schoolTerms.terms(school.id());
                }));
            }
            start.countDown();
            for (var result : results) {
                result.get();
            }
        } finally {
            threads.shutdown();
        }

        int year = EnglishTerms.academicYearOf(new TermDates(jdbc, tenancy, clock).today());
        List<String> expected = Stream.concat(EnglishTerms.academicYear(year).stream(),
                EnglishTerms.academicYear(year + 1).stream()).map(EnglishTerms.DefaultTerm::name).toList();
        assertThat(terms(school.id())).extracting(Term::name).containsExactlyElementsOf(expected);
        assertThat(schoolTerms.latestStarted(school.id())).hasValueSatisfying(
                term -> assertThat(term.startsOn()).isBeforeOrEqualTo(new TermDates(jdbc, tenancy, clock).today()));
    }

    @Test
    void theAdminCorrectsTermDatesAndEveryMistakeIsAFormErrorThatChangesNothing() {
        School school = fixtures.school();
        LocalDate starts = new TermDates(jdbc, tenancy, clock).termStartingInTwoDays(school.id());
        Browser admin = fixtures.signedIn(port, fixtures.schoolAdmin(school.id()));
        List<Term> before = terms(school.id());
        Term testTerm = before.get(0);
        Term nextYear = before.get(1);

        var page = admin.get("/school/terms");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("value=\"Test term\"", "value=\"" + starts + "\"", "name=\"remove-1\"");

        var backwards = admin.postForm("/school/terms", "/school/terms", Map.of(
                "id-0", testTerm.id().toString(), "name-0", "Test term",
                "starts-0", starts.toString(), "ends-0", starts.minusDays(1).toString()));
        assertThat(backwards.statusCode()).isEqualTo(400);
        assertThat(backwards.body()).contains("There is a problem", "href=\"#ends-0\"",
                "The last day of the term must be after its first day.");

        var overlapping = admin.postForm("/school/terms", "/school/terms", Map.of(
                "name-0", "Overlapping", "starts-0", starts.plusDays(1).toString(),
                "ends-0", starts.plusDays(20).toString()));
        assertThat(overlapping.statusCode()).isEqualTo(400);
        assertThat(overlapping.body()).contains("href=\"#starts-0\"",
                "Overlapping overlaps Test term: a term must start after the previous term ends.");

        var notADate = admin.postForm("/school/terms", "/school/terms", Map.of(
                "name-0", "Extra", "starts-0", "next Monday", "ends-0", ""));
        assertThat(notADate.statusCode()).isEqualTo(400);
        assertThat(notADate.body()).contains("Enter the first day of the term as a date",
                "Enter the last day of the term as a date");
        assertThat(terms(school.id())).as("refusals changed nothing").isEqualTo(before);

        LocalDate extraStarts = starts.plusDays(10);
        var saved = admin.postForm("/school/terms", "/school/terms", Map.ofEntries(
                Map.entry("id-0", testTerm.id().toString()), Map.entry("name-0", "Renamed term"),
                Map.entry("starts-0", starts.toString()), Map.entry("ends-0", starts.plusDays(5).toString()),
                Map.entry("id-1", nextYear.id().toString()), Map.entry("name-1", nextYear.name()),
                Map.entry("starts-1", nextYear.startsOn().toString()), Map.entry("ends-1", nextYear.endsOn().toString()),
                Map.entry("remove-1", "true"),
                Map.entry("name-2", "Extra term"), Map.entry("starts-2", extraStarts.toString()),
                Map.entry("ends-2", extraStarts.plusDays(3).toString())));
        assertThat(saved.statusCode()).isEqualTo(302);
        assertThat(admin.get("/school/terms").body()).contains("The term dates have been saved.");
        assertThat(terms(school.id())).extracting(Term::name, Term::startsOn, Term::endsOn)
                .startsWith(
                        org.assertj.core.groups.Tuple.tuple("Renamed term", starts, starts.plusDays(5)),
                        org.assertj.core.groups.Tuple.tuple("Extra term", extraStarts, extraStarts.plusDays(3)))
                .doesNotContain(org.assertj.core.groups.Tuple.tuple(nextYear.name(), nextYear.startsOn(),
                        nextYear.endsOn()));
    }

    @Test
    void anotherSchoolsTermCannotBeEdited() {
        School school = fixtures.school();
        new TermDates(jdbc, tenancy, clock).termStartingInTwoDays(school.id());
        Term theirs = terms(school.id()).get(0);
        School other = fixtures.school();
        Browser otherAdmin = fixtures.signedIn(port, fixtures.schoolAdmin(other.id()));

        var response = otherAdmin.postForm("/school/terms", "/school/terms", Map.of(
                "id-0", theirs.id().toString(), "name-0", "Hijacked",
                "starts-0", theirs.startsOn().toString(), "ends-0", theirs.endsOn().plusDays(1).toString()));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("term-not-found");
        assertThat(terms(school.id()).get(0)).isEqualTo(theirs);
    }

    /** Straight from the table, so reading does not fill in defaults. */
    private List<Term> terms(UUID schoolId) {
        return tenancy.inSchool(schoolId, () -> jdbc.sql(
                        "select id, name, starts_on, ends_on from school_term where school_id = ? order by starts_on")
                .param(schoolId)
                .query((row, n) -> new Term(row.getObject(1, UUID.class), row.getString(2),
                        row.getDate(3).toLocalDate(), row.getDate(4).toLocalDate()))
                .list());
    }
}
