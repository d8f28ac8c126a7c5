package org.custodian.accesslog.internal;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

import org.custodian.accesslog.AccessAction;
import org.custodian.accesslog.AccessFlag;
import org.custodian.accesslog.AccessLogReview;
import org.custodian.web.ProblemException;

/**
 * Parses the review filters shared by the API and the page. Blank means "any"; a bad value is a
 * {@link ProblemException} (400) with a stable code and a message that names the rule, never the value.
 */
final class ReviewParameters {

    static final int DEFAULT_LIMIT = 100;
    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

    private ReviewParameters() {
    }

    static UUID actor(String value) {
        return uuid(value, "invalid-actor", "The person must be a user id.");
    }

    static UUID pupil(String value) {
        return uuid(value, "invalid-pupil", "The pupil must be a pupil id.");
    }

    static String purpose(String value) {
        if (blank(value)) {
            return null;
        }
        String code = value.strip().toUpperCase(Locale.ROOT);
        if (!CODE.matcher(code).matches()) {
            throw ProblemException.badRequest("invalid-purpose", "The purpose must be a purpose code, like TEACHING_AND_LEARNING.");
        }
        return code;
    }

    static AccessAction action(String value) {
        if (blank(value)) {
            return null;
        }
        try {
            return AccessAction.valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("invalid-action", "The action must be one of READ, SEARCH, CREATE, "
                    + "UPDATE, EXPORT or ERASE.");
        }
    }

    static AccessFlag flag(String value) {
        if (blank(value)) {
            return null;
        }
        try {
            return AccessFlag.valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("invalid-flag", "The flag must be one of BULK_READ, OUT_OF_HOURS, "
                    + "OUTSIDE_CLASSES or SUPPORT_ACCESS.");
        }
    }

    static boolean unreviewed(String value) {
        if (blank(value)) {
            return false;
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ProblemException.badRequest("invalid-unreviewed", "unreviewed must be true or false.");
        };
    }

    static Instant instant(String value, String name) {
        if (blank(value)) {
            return null;
        }
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest("invalid-time", name + " must be an ISO-8601 instant, like 2026-09-01T08:00:00Z.");
        }
    }

    static void range(Instant from, Instant to) {
        if (from != null && to != null && !to.isAfter(from)) {
            throw ProblemException.badRequest("invalid-time-range", "to must be after from.");
        }
    }

    static Long before(String value) {
        if (blank(value)) {
            return null;
        }
        try {
            long cursor = Long.parseLong(value.strip());
            if (cursor < 1) {
                throw new NumberFormatException();
            }
            return cursor;
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest("invalid-cursor", "before must be a cursor from an earlier page.");
        }
    }

    static int limit(String value) {
        if (blank(value)) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value.strip());
            if (limit >= 1 && limit <= AccessLogReview.MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw ProblemException.badRequest("invalid-limit", "limit must be between 1 and " + AccessLogReview.MAX_LIMIT + ".");
    }

    private static UUID uuid(String value, String code, String message) {
        if (blank(value)) {
            return null;
        }
        try {
            return UUID.fromString(value.strip());
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest(code, message);
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
