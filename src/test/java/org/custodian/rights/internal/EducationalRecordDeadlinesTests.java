package org.custodian.rights.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.custodian.rights.Deadline;
import org.custodian.terms.Term;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** 15 school days, counted with a school's terms: half-terms and bank holidays are not school days. */
class EducationalRecordDeadlinesTests {

    /** A school year with half-terms entered as gaps between terms. */
    private static final List<Term> TERMS = List.of(
            term("Autumn 1", "2026-09-02", "2026-10-23"),
            term("Autumn 2", "2026-11-02", "2026-12-18"),
            term("Spring 1", "2027-01-05", "2027-02-12"),
            term("Spring 2", "2027-02-22", "2027-03-26"),
            term("Summer 1", "2027-04-12", "2027-05-28"),
            term("Summer 2", "2027-06-07", "2027-07-21"));

    private static BankHolidayCalendar holidays;

    @BeforeAll
    static void load() throws IOException {
        holidays = BankHolidaysTests.calendar();
    }

    private static Term term(String name, String starts, String ends) {
        return new Term(UUID.randomUUID(), name, LocalDate.parse(starts), LocalDate.parse(ends));
    }

    @ParameterizedTest(name = "received {0} → {1}")
    @CsvSource({
            "2026-09-14, 2026-10-05",   // three plain weeks: Tuesday 15 September is day 1
            "2026-10-12, 2026-11-09",   // across the October half-term: 9 days before, 6 after
            "2026-10-28, 2026-11-20",   // received in the half-term: counting starts on 2 November
            "2026-10-24, 2026-11-20",   // received on the Saturday after the half-term began
            "2026-12-08, 2027-01-13",   // across Christmas: 8 days in December, 7 in January
            "2027-02-08, 2027-03-08",   // across the February half-term
            "2027-03-19, 2027-04-26",   // across Easter: Good Friday, the last day of term, is no school day
            "2027-04-26, 2027-05-18",   // the early May bank holiday (3 May) is not a school day
            "2027-05-21, 2027-06-18",   // the spring bank holiday falls in the half-term
    })
    void fifteenSchoolDays(LocalDate receivedOn, LocalDate expected) {
        Optional<Deadline> deadline = EducationalRecordCalculator.deadline(receivedOn, TERMS, holidays);

        assertThat(deadline).map(Deadline::date).contains(expected);
        assertThat(deadline.orElseThrow().rule()).contains("15th school day").contains(expected.toString());
    }

    @Test
    void termDatesThatEndTooSoonGiveNoDeadline() {
        assertThat(EducationalRecordCalculator.deadline(LocalDate.parse("2027-07-12"), TERMS, holidays)).isEmpty();
        assertThat(EducationalRecordCalculator.deadline(LocalDate.parse("2027-07-12"), List.of(), holidays)).isEmpty();
    }
}
