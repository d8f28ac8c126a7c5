package org.custodian.rights;

import java.time.LocalDate;
import java.util.Objects;

/**
 * A statutory deadline and how it was reached, in words a school can check by hand.
 *
 * @param date the last day to respond
 * @param rule the steps that led to the date (dates and holiday names only)
 */
public record Deadline(LocalDate date, String rule) {

    public Deadline {
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(rule, "rule");
    }
}
