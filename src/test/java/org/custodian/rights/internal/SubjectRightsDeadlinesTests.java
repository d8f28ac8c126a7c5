package org.custodian.rights.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import org.custodian.rights.BreachDeadline;
import org.custodian.rights.ClockStop;
import org.custodian.rights.Deadline;
import org.custodian.rights.Extension;
import org.custodian.schools.Nation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The calendar-month rule, weekends and bank holidays, clock stops and extensions, as tables. */
class SubjectRightsDeadlinesTests {

    private static BankHolidayCalendar holidays;

    @BeforeAll
    static void load() throws IOException {
        holidays = BankHolidaysTests.calendar();
    }

    private static SubjectRightsCalculator at(String instant) {
        return new SubjectRightsCalculator(holidays, Clock.fixed(Instant.parse(instant), ZoneOffset.UTC));
    }

    private static final SubjectRightsCalculator CALCULATOR = new SubjectRightsCalculator(
            loadQuietly(), Clock.fixed(Instant.parse("2026-12-07T12:00:00Z"), ZoneOffset.UTC));

    private static BankHolidayCalendar loadQuietly() {
        try {
            return BankHolidaysTests.calendar();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest(name = "{0} received {1} → {2}")
    @CsvSource({
            // the same date next month
            "ENGLAND, 2026-03-31, 2026-04-30",          // April has no 31st
            "ENGLAND, 2026-04-10, 2026-05-11",          // 10 May is a Sunday
            // month ends
            "ENGLAND, 2026-01-31, 2026-03-02",          // 28 February 2026 is a Saturday: Monday 2 March
            "ENGLAND, 2028-01-31, 2028-02-29",          // leap year: 29 February, a Tuesday
            "ENGLAND, 2028-01-29, 2028-02-29",
            "ENGLAND, 2027-01-30, 2027-03-01",          // 28 February 2027 is a Sunday
            "SCOTLAND, 2028-01-30, 2028-02-29",
            // weekends
            "WALES, 2026-02-07, 2026-03-09",            // Saturday 7 March: Monday 9
            "NORTHERN_IRELAND, 2026-02-08, 2026-03-09", // Sunday 8 March: Monday 9
            // Easter: Good Friday everywhere, Easter Monday not in Scotland
            "ENGLAND, 2026-03-03, 2026-04-07",
            "SCOTLAND, 2026-03-03, 2026-04-06",
            "NORTHERN_IRELAND, 2028-03-14, 2028-04-18",
            "SCOTLAND, 2028-03-14, 2028-04-17",
            "ENGLAND, 2028-03-17, 2028-04-18",
            // May and August Mondays
            "ENGLAND, 2028-04-01, 2028-05-02",
            "SCOTLAND, 2028-04-29, 2028-05-30",
            "ENGLAND, 2028-07-07, 2028-08-07",          // Scotland's summer holiday, not England's
            "SCOTLAND, 2028-07-07, 2028-08-08",
            "ENGLAND, 2028-07-28, 2028-08-29",
            "SCOTLAND, 2028-07-28, 2028-08-28",
            // Christmas, with substitute days
            "ENGLAND, 2026-11-25, 2026-12-29",          // Friday 25, weekend, Boxing Day substitute Monday 28
            "SCOTLAND, 2032-11-25, 2032-12-29",         // Saturday 25: substitutes Monday 27 and Tuesday 28
            "NORTHERN_IRELAND, 2033-11-25, 2033-12-28", // Sunday 25: Boxing Day Monday 26, Christmas Tuesday 27
            // New Year and 2 January
            "ENGLAND, 2027-12-03, 2028-01-04",          // New Year's Day substitute Monday 3 January
            "SCOTLAND, 2027-12-03, 2028-01-05",         // … and 2 January's substitute Tuesday 4
            "ENGLAND, 2026-12-02, 2027-01-04",
            "SCOTLAND, 2026-12-02, 2027-01-05",         // 2 January (Saturday) substitute Monday 4
            // St Andrew's Day
            "SCOTLAND, 2028-10-30, 2028-12-01",
            "ENGLAND, 2028-10-30, 2028-11-30",
            "SCOTLAND, 2030-10-30, 2030-12-03",         // Saturday 30: substitute Monday 2 December
            // St Patrick's Day and the Battle of the Boyne
            "NORTHERN_IRELAND, 2029-02-17, 2029-03-20", // Saturday 17: substitute Monday 19
            "ENGLAND, 2029-02-17, 2029-03-19",
            "NORTHERN_IRELAND, 2029-06-12, 2029-07-13",
            "NORTHERN_IRELAND, 2031-06-12, 2031-07-15", // Saturday 12: substitute Monday 14
            "SCOTLAND, 2031-06-12, 2031-07-14",
            // one-off days from the file
            "ENGLAND, 2023-04-08, 2023-05-09",          // coronation
            "SCOTLAND, 2022-08-19, 2022-09-20",         // state funeral
            "NORTHERN_IRELAND, 2022-05-03, 2022-06-06", // Platinum Jubilee, then a weekend
            "ENGLAND, 2022-04-30, 2022-05-30",          // the spring holiday had moved to 2 June
            "WALES, 2020-04-08, 2020-05-11",            // VE Day, Friday 8 May
            "WALES, 2020-04-04, 2020-05-04",            // the usual early May Monday was not a holiday
    })
    void theCalendarMonthRule(Nation nation, LocalDate receivedOn, LocalDate expected) {
        Deadline deadline = CALCULATOR.deadline(receivedOn, nation, List.of(), null);

        assertThat(deadline.date()).isEqualTo(expected);
        assertThat(deadline.rule()).startsWith("Received " + receivedOn + " (day 1).").contains(expected.toString());
    }

    @ParameterizedTest(name = "{0} + {1} days stopped, extended {2} → {3}")
    @CsvSource({
            "2026-03-10, 5, 0, 2026-04-15",
            "2026-01-31, 3, 0, 2026-03-03",   // from the month's last day (28 February), not from 3 March
            "2026-11-20, 5, 0, 2026-12-29",   // pushed onto Christmas: the next working day
            "2026-03-10, 0, 0, 2026-04-10",
            "2026-01-31, 0, 1, 2026-03-31",
            "2026-01-31, 0, 2, 2026-04-30",   // the same date three months on, not 28 April
            "2026-11-30, 0, 2, 2027-03-01",   // 28 February 2027 is a Sunday
            "2027-11-30, 0, 2, 2028-02-29",   // leap year
            "2026-03-10, 5, 2, 2026-06-15",
    })
    void clockStopsAndExtensions(LocalDate receivedOn, long stoppedDays, int extensionMonths, LocalDate expected) {
        assertThat(CALCULATOR.deadline(receivedOn, Nation.ENGLAND, stoppedDays, extensionMonths).date())
                .isEqualTo(expected);
    }

    @Test
    void theRuleTextExplainsEachStep() {
        Deadline deadline = CALCULATOR.deadline(LocalDate.of(2026, 1, 31), Nation.ENGLAND, 0, 0);
        assertThat(deadline.rule()).isEqualTo("Received 2026-01-31 (day 1). One calendar month on: 2026-02-28, the "
                + "last day of February, which has no 31st. Not a working day in England and Wales (2026-02-28 "
                + "Saturday, 2026-03-01 Sunday): the next working day, 2026-03-02.");

        Deadline christmas = CALCULATOR.deadline(LocalDate.of(2026, 11, 20), Nation.SCOTLAND, 5, 0);
        assertThat(christmas.rule()).contains("Plus 5 days with the clock stopped: 2026-12-25.")
                .contains("2026-12-25 Christmas Day").contains("2026-12-28 Boxing Day").contains("in Scotland");
    }

    @Test
    void clockStopsCountEachDayOnce() {
        LocalDate received = LocalDate.of(2026, 3, 10);
        List<ClockStop> stops = List.of(
                new ClockStop(LocalDate.of(2026, 3, 12), LocalDate.of(2026, 3, 15)),  // 12, 13, 14
                new ClockStop(LocalDate.of(2026, 3, 14), LocalDate.of(2026, 3, 16)),  // 14 again, 15
                new ClockStop(LocalDate.of(2026, 3, 20), LocalDate.of(2026, 3, 20)),  // answered the same day
                new ClockStop(LocalDate.of(2026, 3, 21), LocalDate.of(2026, 3, 22))); // 21
        assertThat(SubjectRightsCalculator.stoppedDays(received, stops)).isEqualTo(5);
        assertThat(CALCULATOR.deadline(received, Nation.ENGLAND, stops, null).date())
                .isEqualTo(LocalDate.of(2026, 4, 15));
    }

    @Test
    void aClockStopCannotBeginBeforeReceiptNorRestartBeforeItStopped() {
        LocalDate received = LocalDate.of(2026, 3, 10);
        assertThatThrownBy(() -> CALCULATOR.deadline(received, Nation.ENGLAND,
                List.of(new ClockStop(received.minusDays(1), received.plusDays(2))), null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClockStop(received.plusDays(3), received.plusDays(2)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CALCULATOR.deadline(received, Nation.ENGLAND, -1, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "decided {0}: {1}")
    @CsvSource({
            "2026-01-31, 2026-04-30",   // the day of receipt
            "2026-03-02, 2026-04-30",   // the last day of the first month (28 February moved to Monday 2 March)
    })
    void anExtensionDecidedWithinTheFirstMonthAddsItsMonths(LocalDate decidedOn, LocalDate expected) {
        Extension extension = new Extension(2, "Many requests at once", decidedOn);
        assertThat(CALCULATOR.deadline(LocalDate.of(2026, 1, 31), Nation.ENGLAND, List.of(), extension).date())
                .isEqualTo(expected);
    }

    @Test
    void anExtensionDecidedAfterTheFirstMonthOrBeforeReceiptIsRefused() {
        LocalDate received = LocalDate.of(2026, 1, 31);
        assertThatThrownBy(() -> CALCULATOR.deadline(received, Nation.ENGLAND, List.of(),
                new Extension(2, "Complex", LocalDate.of(2026, 3, 3))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("first month");
        assertThatThrownBy(() -> CALCULATOR.deadline(received, Nation.ENGLAND, List.of(),
                new Extension(1, "Complex", received.minusDays(1))))
                .isInstanceOf(IllegalArgumentException.class);
        // A clock stop lengthens the first month too.
        List<ClockStop> stop = List.of(new ClockStop(LocalDate.of(2026, 2, 2), LocalDate.of(2026, 2, 6)));
        assertThat(CALCULATOR.deadline(received, Nation.ENGLAND, stop,
                new Extension(1, "Complex", LocalDate.of(2026, 3, 4))).date())
                .as("31 March plus 4 days is Saturday 4 April; Easter Monday follows").isEqualTo(LocalDate.of(2026, 4, 7));
    }

    @Test
    void anExtensionNeedsAReasonAndAddsAtMostTwoMonths() {
        LocalDate day = LocalDate.of(2026, 2, 1);
        assertThatThrownBy(() -> new Extension(2, " ", day)).hasMessageContaining("reason");
        assertThatThrownBy(() -> new Extension(2, null, day)).hasMessageContaining("reason");
        assertThatThrownBy(() -> new Extension(3, "Complex", day)).hasMessageContaining("two");
        assertThatThrownBy(() -> new Extension(0, "Complex", day)).hasMessageContaining("two");
        assertThatThrownBy(() -> CALCULATOR.deadline(day, Nation.ENGLAND, 0, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new Extension(2, "The requester's circumstances", day).toString()).doesNotContain("circumstances");
    }

    @ParameterizedTest(name = "now {0}: {1}")
    @CsvSource({
            "2026-05-30T12:00:00Z, false",  // before receipt
            "2026-05-31T12:00:00Z, true",
            "2026-06-30T22:30:00Z, true",   // 23:30 on 30 June in the UK (BST): the first month's last day
            "2026-06-30T23:30:00Z, false",  // already 1 July in the UK
    })
    void mayExtendOnlyInsideTheFirstMonthInUkTime(String now, boolean expected) {
        assertThat(at(now).mayExtendToday(LocalDate.of(2026, 5, 31), Nation.ENGLAND, List.of())).isEqualTo(expected);
    }

    @Test
    void aBreachIsReportedWithin72ElapsedHours() {
        assertThat(BreachDeadline.reportBy(Instant.parse("2026-12-24T16:45:00Z")))
                .isEqualTo(Instant.parse("2026-12-27T16:45:00Z"));
    }
}
