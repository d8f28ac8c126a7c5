package org.custodian.rights;

import java.time.LocalDate;
import java.util.List;

import org.custodian.schools.Nation;

/**
 * The deadline of a subject-rights request (access, rectification, erasure, restriction, objection,
 * portability): the day of receipt is day 1 and the deadline is the same date in the next month, or
 * that month's last day when it has no such date; days with the clock stopped push it back; an
 * extension makes it the same date one or two months later still; a deadline on a weekend or a bank
 * holiday of the nation moves to the next working day.
 */
public interface SubjectRightsDeadlines {

    /**
     * The deadline of a request.
     *
     * @param stops     periods with the clock stopped (may overlap: a day counts once)
     * @param extension the extension, or {@code null} when the request is not extended
     * @throws IllegalArgumentException if a clock stop begins before receipt, or the extension was
     *                                  decided after the request's first month (its unextended deadline)
     */
    Deadline deadline(LocalDate receivedOn, Nation nation, List<ClockStop> stops, Extension extension);

    /**
     * The deadline with the clock stopped for {@code stoppedDays} days in all and, if
     * {@code extensionMonths} is 1 or 2, extended by that many months (0: not extended). For
     * questions "what if" that need neither dates of stops nor a reason.
     */
    Deadline deadline(LocalDate receivedOn, Nation nation, long stoppedDays, int extensionMonths);

    /** Whether the request may still be extended today: it is inside its first month. */
    boolean mayExtendToday(LocalDate receivedOn, Nation nation, List<ClockStop> stops);
}
