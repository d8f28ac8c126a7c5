package org.custodian.rights.internal;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

import org.custodian.rights.BreachDeadline;
import org.custodian.rights.Deadline;
import org.custodian.rights.Extension;
import org.custodian.rights.SubjectRightsDeadlines;
import org.custodian.schools.Nation;
import org.custodian.web.ProblemException;
import org.custodian.web.PublicEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Deadline calculations for scripts and pages. Public: they hold no data, only the rules applied
 * to the dates the caller sends. Every parameter is checked before anything is computed; a refusal
 * logs one line with its code, never the value sent.
 */
@RestController
@RequestMapping("/api/v1/deadlines")
@PublicEndpoint
class DeadlinesController {

    private static final Logger log = LoggerFactory.getLogger(DeadlinesController.class);

    /** Far enough either way for any real request; keeps month arithmetic away from the calendar's ends. */
    static final int FIRST_YEAR = 1900;
    static final int LAST_YEAR = 2999;
    static final long MAX_STOPPED_DAYS = 3650;

    private final SubjectRightsDeadlines deadlines;

    DeadlinesController(SubjectRightsDeadlines deadlines) {
        this.deadlines = deadlines;
    }

    record SubjectRightsAnswer(String deadline, String rule) {
    }

    record BreachAnswer(String deadline) {
    }

    @GetMapping("/subject-rights")
    SubjectRightsAnswer subjectRights(@RequestParam(required = false) String receivedOn,
                                      @RequestParam(required = false) String nation,
                                      @RequestParam(required = false) String extended,
                                      @RequestParam(required = false) String stoppedDays) {
        LocalDate received = date(receivedOn);
        Nation place = nation(nation);
        boolean extend = flag(extended);
        long stopped = stoppedDays(stoppedDays);
        Deadline deadline = deadlines.deadline(received, place, stopped, extend ? Extension.MAX_MONTHS : 0);
        return new SubjectRightsAnswer(deadline.date().toString(), deadline.rule());
    }

    @GetMapping("/breach")
    BreachAnswer breach(@RequestParam(required = false) String awareAt) {
        Instant aware = instant(awareAt);
        return new BreachAnswer(BreachDeadline.reportBy(aware).toString());
    }

    private static LocalDate date(String value) {
        try {
            LocalDate date = LocalDate.parse(value == null ? "" : value.strip());
            if (date.getYear() >= FIRST_YEAR && date.getYear() <= LAST_YEAR) {
                return date;
            }
        } catch (DateTimeParseException notADate) {
            // refused below
        }
        throw refused(ProblemException.badRequest("invalid-received-on",
                "receivedOn must be a real date as yyyy-MM-dd, in the years " + FIRST_YEAR + " to " + LAST_YEAR + "."));
    }

    private static Nation nation(String value) {
        return switch (value == null ? "" : value.strip()) {
            case "england-wales" -> Nation.ENGLAND;
            case "scotland" -> Nation.SCOTLAND;
            case "northern-ireland" -> Nation.NORTHERN_IRELAND;
            default -> throw refused(ProblemException.badRequest("unknown-nation",
                    "nation must be england-wales, scotland or northern-ireland."));
        };
    }

    private static boolean flag(String value) {
        if (value == null || value.isBlank()) {
            return false;
        }
        return switch (value.strip()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw refused(ProblemException.badRequest("invalid-extended", "extended must be true or false."));
        };
    }

    private static long stoppedDays(String value) {
        if (value == null || value.isBlank()) {
            return 0;
        }
        try {
            long days = Long.parseLong(value.strip());
            if (days >= 0 && days <= MAX_STOPPED_DAYS) {
                return days;
            }
        } catch (NumberFormatException notANumber) {
            // refused below
        }
        throw refused(ProblemException.badRequest("invalid-stopped-days",
                "stoppedDays must be a whole number of days from 0 to " + MAX_STOPPED_DAYS + "."));
    }

    private static Instant instant(String value) {
        try {
            Instant instant = Instant.parse(value == null ? "" : value.strip());
            BreachDeadline.reportBy(instant); // an instant at the end of time has no deadline
            return instant;
        } catch (DateTimeException | ArithmeticException notAnInstant) {
            throw refused(ProblemException.badRequest("invalid-aware-at",
                    "awareAt must be an instant such as 2026-03-01T09:30:00Z."));
        }
    }

    private static ProblemException refused(ProblemException problem) {
        log.warn("Refused a deadline query: {}", problem.code());
        return problem;
    }
}
