package org.custodian.rights;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * A period with the clock stopped: from the day the school asked for proof of identity or
 * clarification to the day the answer arrived. It pushes the deadline back by its length in days.
 *
 * @param stoppedOn   the day the school asked
 * @param restartedOn the day the answer arrived (the clock runs again from that day)
 */
public record ClockStop(LocalDate stoppedOn, LocalDate restartedOn) {

    public ClockStop {
        Objects.requireNonNull(stoppedOn, "stoppedOn");
        Objects.requireNonNull(restartedOn, "restartedOn");
        if (restartedOn.isBefore(stoppedOn)) {
            throw new IllegalArgumentException("A clock stop must restart on or after the day it stopped.");
        }
    }

    /** How many days the deadline moves: 0 when the answer came the same day. */
    public long days() {
        return ChronoUnit.DAYS.between(stoppedOn, restartedOn);
    }
}
