package org.custodian.terms.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.custodian.terms.Term;
import org.custodian.terms.internal.EnglishTerms.DefaultTerm;
import org.custodian.terms.internal.TermRules.TermEdit;
import org.custodian.web.ProblemException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Easter, the default English terms, and what the term dates page accepts. */
class TermsTests {

    @ParameterizedTest(name = "Easter {0} is {1}")
    @CsvSource({
            "2025, 2025-04-20", "2026, 2026-04-05", "2027, 2027-03-28", "2024, 2024-03-31", "2019, 2019-04-21",
            "2000, 2000-04-23", "2008, 2008-03-23", "2011, 2011-04-24",
            // the extremes: the earliest (22 March) and the latest (25 April) Easter can be
            "1818, 1818-03-22", "2285, 2285-03-22", "1943, 1943-04-25", "2038, 2038-04-25"})
    void easterSundayMatchesThePublishedDates(int year, LocalDate easter) {
        assertThat(org.custodian.terms.Easter.sunday(year)).isEqualTo(easter);
    }

    @Test
    void easterIsAlwaysASundayBetween22MarchAnd25April() {
        for (int year = 1900; year <= 2300; year++) {
            LocalDate easter = org.custodian.terms.Easter.sunday(year);
            assertThat(easter.getDayOfWeek()).as("Easter %d", year).isEqualTo(DayOfWeek.SUNDAY);
            assertThat(easter).isBetween(LocalDate.of(year, 3, 22), LocalDate.of(year, 4, 25));
        }
    }

    @Test
    void theDefaultTermsOf2025To2026FollowTheCalendarAndEaster() {
        assertThat(EnglishTerms.academicYear(2025)).containsExactly(
                new DefaultTerm("Autumn 2025", LocalDate.of(2025, 9, 1), LocalDate.of(2025, 12, 19)),
                new DefaultTerm("Spring 2026", LocalDate.of(2026, 1, 5), LocalDate.of(2026, 4, 3)),
                new DefaultTerm("Summer 2026", LocalDate.of(2026, 4, 6), LocalDate.of(2026, 7, 22)));
    }

    @Test
    void theDefaultTermsOf2026To2027EndOnTheFridayBeforeEasterAndWeekendsMoveToWeekdays() {
        assertThat(EnglishTerms.academicYear(2026)).containsExactly(
                // 20 December 2026 is a Sunday: the term ends on Friday 18th
                new DefaultTerm("Autumn 2026", LocalDate.of(2026, 9, 1), LocalDate.of(2026, 12, 18)),
                new DefaultTerm("Spring 2027", LocalDate.of(2027, 1, 5), LocalDate.of(2027, 3, 26)),
                new DefaultTerm("Summer 2027", LocalDate.of(2027, 3, 29), LocalDate.of(2027, 7, 22)));
        // 1 September 2029 is a Saturday: the term starts on Monday 3rd
        assertThat(EnglishTerms.academicYear(2029).get(0).startsOn()).isEqualTo(LocalDate.of(2029, 9, 3));
    }

    @Test
    void defaultTermsAreInOrderNeverOverlapAndStartAndEndOnWeekdays() {
        for (int year = 1990; year <= 2150; year++) {
            List<DefaultTerm> terms = EnglishTerms.academicYear(year);
            LocalDate previousEnd = EnglishTerms.firstDayOf(year).minusDays(1);
            for (DefaultTerm term : terms) {
                assertThat(term.startsOn()).as(term.name()).isAfter(previousEnd);
                assertThat(term.endsOn()).as(term.name()).isAfter(term.startsOn());
                assertThat(term.startsOn().getDayOfWeek().getValue()).as(term.name()).isLessThan(6);
                assertThat(term.endsOn().getDayOfWeek().getValue()).as(term.name()).isLessThan(6);
                previousEnd = term.endsOn();
            }
            assertThat(previousEnd).isBefore(EnglishTerms.lastDayOf(year));
        }
    }

    @Test
    void theAcademicYearStartsInSeptember() {
        assertThat(EnglishTerms.academicYearOf(LocalDate.of(2026, 8, 31))).isEqualTo(2025);
        assertThat(EnglishTerms.academicYearOf(LocalDate.of(2026, 9, 1))).isEqualTo(2026);
        assertThat(EnglishTerms.academicYearOf(LocalDate.of(2027, 1, 1))).isEqualTo(2026);
    }

    // The rules of the term dates page, with today = 10 October 2026.

    private static final LocalDate TODAY = LocalDate.of(2026, 10, 10);
    private final Term summer = new Term(UUID.randomUUID(), "Summer 2026", LocalDate.of(2026, 4, 13), LocalDate.of(2026, 7, 22));
    private final Term autumn = new Term(UUID.randomUUID(), "Autumn 2026", LocalDate.of(2026, 9, 1), LocalDate.of(2026, 12, 18));
    private final Term spring = new Term(UUID.randomUUID(), "Spring 2027", LocalDate.of(2027, 1, 5), LocalDate.of(2027, 3, 26));
    private final List<Term> existing = List.of(summer, autumn, spring);

    @Test
    void aTermMustEndAfterItStartsAndNeedsANameAndRealDates() {
        var outcome = TermRules.check(existing, List.of(
                new TermEdit(0, spring.id(), "Spring 2027", "2027-03-26", "2027-01-05", false),
                new TermEdit(1, null, " ", "2027-31-04", "31/02/2027", false)), TODAY);

        assertThat(outcome.errors().get("ends-0")).isEqualTo("The last day of the term must be after its first day.");
        assertThat(outcome.errors().get("name-1")).isEqualTo("Enter a name for the term.");
        assertThat(outcome.errors().has("starts-1")).isTrue();
        assertThat(outcome.errors().has("ends-1")).as("31 February is not a date").isTrue();
        assertThat(outcome.writes()).isEmpty();
    }

    @Test
    void overlappingTermsAreRefusedAndNamed() {
        var outcome = TermRules.check(existing, List.of(
                new TermEdit(0, null, "Summer 2027", "2027-03-20", "2027-07-22", false)), TODAY);

        assertThat(outcome.errors().get("starts-0"))
                .isEqualTo("Summer 2027 overlaps Spring 2027: a term must start after the previous term ends.");
        assertThat(outcome.writes()).isEmpty();
    }

    @Test
    void aNewTermAfterTheOthersIsAcceptedAndBlankRowsAreIgnored() {
        var outcome = TermRules.check(existing, List.of(
                new TermEdit(0, null, "Summer 2027", "2027-04-12", "22/7/2027", false),
                new TermEdit(1, null, "", "", "", false)), TODAY);

        assertThat(outcome.errors().isEmpty()).isTrue();
        assertThat(outcome.writes()).singleElement().satisfies(term -> {
            assertThat(term.name()).isEqualTo("Summer 2027");
            assertThat(term.startsOn()).isEqualTo(LocalDate.of(2027, 4, 12));
            assertThat(term.endsOn()).isEqualTo(LocalDate.of(2027, 7, 22));
        });
    }

    @Test
    void aStartedTermKeepsItsStartAndCannotBeRemovedButAFutureOneCan() {
        var moved = TermRules.check(existing, List.of(
                new TermEdit(0, autumn.id(), "Autumn term", "2026-11-01", "2026-12-19", false)), TODAY);
        assertThat(moved.errors().isEmpty()).isTrue();
        assertThat(moved.writes()).singleElement().satisfies(term -> {
            assertThat(term.startsOn()).as("the posted start is ignored").isEqualTo(autumn.startsOn());
            assertThat(term.endsOn()).isEqualTo(LocalDate.of(2026, 12, 19));
            assertThat(term.name()).isEqualTo("Autumn term");
        });

        var removeStarted = TermRules.check(existing, List.of(
                new TermEdit(0, autumn.id(), "Autumn 2026", null, "2026-12-18", true)), TODAY);
        assertThat(removeStarted.errors().get("remove-0")).isEqualTo("A term that has started cannot be removed.");
        assertThat(removeStarted.removals()).isEmpty();

        var removeFuture = TermRules.check(existing, List.of(
                new TermEdit(0, spring.id(), "Spring 2027", "2027-01-05", "2027-03-26", true)), TODAY);
        assertThat(removeFuture.errors().isEmpty()).isTrue();
        assertThat(removeFuture.removals()).containsExactly(spring.id());
    }

    @Test
    void anUnknownTermIsNotFoundAndAnEndedOneCannotBeChanged() {
        assertThatThrownBy(() -> TermRules.check(existing, List.of(
                new TermEdit(0, UUID.randomUUID(), "Other", "2027-04-12", "2027-07-22", false)), TODAY))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.code()).isEqualTo("term-not-found"));
        assertThatThrownBy(() -> TermRules.check(existing, List.of(
                new TermEdit(0, summer.id(), "Summer", "2026-04-13", "2026-07-24", false)), TODAY))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.code()).isEqualTo("term-ended"));
    }
}
