package org.custodian.terms;

import org.custodian.privacy.NoPersonalData;

import java.time.LocalDate;
import java.util.UUID;

/** One term of a school, from its first to its last day (both included). */
@NoPersonalData("a term's name and dates")
public record Term(UUID id, String name, LocalDate startsOn, LocalDate endsOn) {

    public boolean hasStarted(LocalDate today) {
        return !today.isBefore(startsOn);
    }

    public boolean hasEnded(LocalDate today) {
        return today.isAfter(endsOn);
    }
}
