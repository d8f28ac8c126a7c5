package org.custodian.breaches.internal;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

import org.custodian.web.ProblemException;

/**
 * Times as the API and pages take them: an ISO-8601 instant or offset date-time, or a local date-time
 * read as UK time (so "00:30 on the last Sunday of March" means what the operator saw on the wall).
 */
final class BreachTimes {

    static final ZoneId UK = ZoneId.of("Europe/London");
    static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("d MMMM yyyy, HH:mm", Locale.UK).withZone(UK);

    private BreachTimes() {
    }

    /** {@code scope}: refused as an invalid scope rather than an invalid incident. */
    static Instant parse(String value, String field, boolean scope) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.strip();
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException notOffset) {
            try {
                return LocalDateTime.parse(text).atZone(UK).toInstant();
            } catch (DateTimeParseException e) {
                String detail = field + " must be a date and time (e.g. 2027-03-28T00:30 as UK time, or with an offset).";
                throw scope ? ProblemException.badRequest("invalid-breach-scope", detail)
                        : ProblemException.badRequest("invalid-breach", detail);
            }
        }
    }

    static String shown(Instant instant) {
        return instant == null ? "" : SHOWN.format(instant);
    }

    /** "71 hours 30 minutes left", or how long ago the deadline passed. */
    static String left(long minutes) {
        long abs = Math.abs(minutes);
        String span = (abs / 60) + " h " + (abs % 60) + " min";
        return minutes >= 0 ? span + " left" : "passed " + span + " ago";
    }
}
