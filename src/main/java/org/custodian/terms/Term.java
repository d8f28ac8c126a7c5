package org.custodian.terms;

import java.time.LocalDate;
import java.util.UUID;

/** One term of a school, from its first to its last day (both included). */
public record Term(UUID id, String name, LocalDate startsOn, LocalDate endsOn) {

    public boolean hasStarted(LocalDate today) {
        return !today.isBefore(startsOn);
    }

    public boolean hasEnded(LocalDate today) {
        return today.isAfter(endsOn);
    }
}
