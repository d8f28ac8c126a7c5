package org.custodian.support;

import java.sql.Date;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.UUID;

import org.custodian.tenancy.Tenancy;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Term dates for a fresh school, relative to the test clock, so tests work on any day of the year:
 * a short term that starts soon, and one in the next academic year, so that no default term
 * (some of which have always started already) is filled in.
 */
public final class TermDates {

    private static final ZoneId UK = ZoneId.of("Europe/London");

    private final JdbcClient jdbc;
    private final Tenancy tenancy;
    private final TestClock clock;

    public TermDates(JdbcClient jdbc, Tenancy tenancy, TestClock clock) {
        this.jdbc = jdbc;
        this.tenancy = tenancy;
        this.clock = clock;
    }

    public LocalDate today() {
        return clock.instant().atZone(UK).toLocalDate();
    }

    /**
     * Call before anything reads the school's terms. The term starts in two days (so a day boundary
     * crossed while the test signs people in does not start it early); returns its first day.
     */
    public LocalDate termStartingInTwoDays(UUID schoolId) {
        // The short term must lie in the current academic year, or that year would get default terms.
        while (academicYear(today()) != academicYear(today().plusDays(4))) {
            clock.advance(Duration.ofDays(1));
        }
        LocalDate today = today();
        int academicYear = academicYear(today);
        insert(schoolId, "Test term", today.plusDays(2), today.plusDays(4));
        insert(schoolId, "Next year's term", LocalDate.of(academicYear + 1, 9, 10), LocalDate.of(academicYear + 1, 12, 15));
        return today.plusDays(2);
    }

    private static int academicYear(LocalDate date) {
        return date.getMonthValue() >= 9 ? date.getYear() : date.getYear() - 1;
    }

    private UUID insert(UUID schoolId, String name, LocalDate startsOn, LocalDate endsOn) {
        UUID id = UUID.randomUUID();
        tenancy.inSchool(schoolId, () -> jdbc.sql(
                        "insert into school_term (school_id, id, name, starts_on, ends_on) values (?, ?, ?, ?, ?)")
                .params(schoolId, id, name, Date.valueOf(startsOn), Date.valueOf(endsOn)).update());
        return id;
    }
}
