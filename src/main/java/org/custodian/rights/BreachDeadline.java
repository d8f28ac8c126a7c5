package org.custodian.rights;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** A personal-data breach that must be reported to the ICO is reported within 72 hours of becoming aware of it. */
public final class BreachDeadline {

    /** Elapsed hours, weekends and holidays included. */
    public static final Duration REPORT_WITHIN = Duration.ofHours(72);

    private BreachDeadline() {
    }

    public static Instant reportBy(Instant awareAt) {
        return Objects.requireNonNull(awareAt, "awareAt").plus(REPORT_WITHIN);
    }
}
