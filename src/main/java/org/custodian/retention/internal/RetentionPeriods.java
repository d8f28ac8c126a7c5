package org.custodian.retention.internal;

import java.time.LocalDate;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import org.custodian.retention.RetentionCategory;
import org.custodian.retention.RetentionTrigger;
import org.custodian.web.ProblemException;

/** Retention periods: read from ISO-8601, ordered, and said in plain English. */
final class RetentionPeriods {

    /** Periods are ordered by where they land from one fixed day, so "P12M" and "P1Y" are equal. */
    private static final LocalDate REFERENCE = LocalDate.of(2001, 1, 1);
    /** No record is kept longer than a century; anything longer is a typing slip. */
    private static final Period LONGEST = Period.ofYears(100);

    private RetentionPeriods() {
    }

    /** An ISO-8601 period such as {@code P365D} or {@code P1Y6M}: not negative, at most 100 years. */
    static Period parse(String value, String field) {
        if (value == null || value.isBlank()) {
            throw ProblemException.badRequest("invalid-period", "Give the " + field + " as an ISO-8601 period, e.g. P90D or P2Y.");
        }
        Period period;
        try {
            period = Period.parse(value.strip());
        } catch (DateTimeParseException notAPeriod) {
            throw ProblemException.badRequest("invalid-period", "The " + field + " must be an ISO-8601 period, e.g. P90D or P2Y.");
        }
        return checked(period, field);
    }

    /** A period from separate years, months and days (the pages' three boxes). */
    static Period of(int years, int months, int days, String field) {
        return checked(Period.of(years, months, days), field);
    }

    private static Period checked(Period period, String field) {
        if (period.isNegative() || period.getYears() < 0 || period.getMonths() < 0 || period.getDays() < 0) {
            throw ProblemException.badRequest("invalid-period", "The " + field + " cannot be negative.");
        }
        if (compare(period, LONGEST) > 0) {
            throw ProblemException.badRequest("invalid-period", "The " + field + " can be at most 100 years.");
        }
        return period;
    }

    static int compare(Period a, Period b) {
        return REFERENCE.plus(a).compareTo(REFERENCE.plus(b));
    }

    static boolean within(Period period, Period minimum, Period maximum) {
        return compare(period, minimum) >= 0 && compare(period, maximum) <= 0;
    }

    /** "1 year and 6 months", "365 days", "no time". */
    static String words(Period period) {
        List<String> parts = new ArrayList<>();
        add(parts, period.getYears(), "year");
        add(parts, period.getMonths(), "month");
        add(parts, period.getDays(), "day");
        if (parts.isEmpty()) {
            return "no time";
        }
        if (parts.size() == 1) {
            return parts.get(0);
        }
        return String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.get(parts.size() - 1);
    }

    private static void add(List<String> parts, int count, String unit) {
        if (count != 0) {
            parts.add(count + " " + unit + (count == 1 ? "" : "s"));
        }
    }

    /** "Sign-in records: deleted 365 days after the sign-in." */
    static String sentence(RetentionCategory category, RetentionTrigger trigger, Period period) {
        String from = trigger == category.defaultTrigger() ? category.event() : switch (trigger) {
            case LEAVING_DATE -> "the pupil leaves";
            case DATE_OF_BIRTH -> "the pupil's date of birth, once they have left";
            case TERMINATION -> "the school's contract ends";
            case LAST_INTERACTION -> "the last interaction";
            case END_OF_TAX_YEAR -> "the end of the tax year";
            case EVENT_DATE -> "the record was made";
        };
        boolean birth = trigger == RetentionTrigger.DATE_OF_BIRTH;
        String when = period.isZero() && !birth ? "deleted when " + from
                : "deleted " + words(period) + " after " + from;
        return category.records() + ": " + when + ".";
    }

    /** "between 90 days and 2 years". */
    static String range(Period minimum, Period maximum) {
        return "between " + words(minimum) + " and " + words(maximum);
    }
}
