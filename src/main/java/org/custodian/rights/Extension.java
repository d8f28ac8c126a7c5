package org.custodian.rights;

import java.time.LocalDate;
import java.util.Objects;

/**
 * An extension of a subject-rights request for complex or numerous requests: one or two further
 * months, with a reason, decided (and told to the requester) within the request's first month.
 * The reason may describe the requester's circumstances, so it never prints.
 *
 * @param months    further months, 1 or 2
 * @param reason    why the request needs longer
 * @param decidedOn the day the school decided and told the requester
 */
public record Extension(int months, String reason, LocalDate decidedOn) {

    /** The most an extension may add. */
    public static final int MAX_MONTHS = 2;

    public Extension {
        if (months < 1 || months > MAX_MONTHS) {
            throw new IllegalArgumentException("An extension adds one or two further months.");
        }
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("An extension needs a reason.");
        }
        Objects.requireNonNull(decidedOn, "decidedOn");
    }

    @Override
    public String toString() {
        return "Extension[months=" + months + ", decidedOn=" + decidedOn + "]";
    }
}
