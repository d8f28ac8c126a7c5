package org.custodian.identity.internal;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;

import org.custodian.identity.ApiTokens;
import org.custodian.identity.CustodianUser;
import org.custodian.identity.Permission;
import org.custodian.identity.RequiresPermission;
import org.custodian.identity.SecurityEvents;
import org.custodian.web.FormErrors;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** A school admin reviews their own school's sign-in and account events, by person and date range. */
@Controller
class SignInEventsPageController {

    static final int PAGE_LIMIT = 500;
    /** Dates on the page are the school's calendar days. */
    private static final ZoneId UK = ZoneId.of("Europe/London");

    private final SecurityEvents events;
    private final StaffAdministration staff;
    private final ApiTokens tokens;

    SignInEventsPageController(SecurityEvents events, StaffAdministration staff, ApiTokens tokens) {
        this.events = events;
        this.staff = staff;
        this.tokens = tokens;
    }

    @GetMapping("/school/sign-in-events")
    @RequiresPermission(Permission.SCHOOL_SECURITY_EVENTS)
    String events(@AuthenticationPrincipal CustodianUser actor, @RequestParam(defaultValue = "") String user,
                  @RequestParam(defaultValue = "") String from, @RequestParam(defaultValue = "") String to,
                  HttpServletResponse response, Model model) {
        UUID school = StaffAdministration.schoolOf(actor);
        FormErrors errors = new FormErrors();
        UUID userId = parseUser(user, errors);
        LocalDate fromDate = parseDate(from, "from", errors);
        LocalDate toDate = parseDate(to, "to", errors);
        if (fromDate != null && toDate != null && toDate.isBefore(fromDate)) {
            errors.add("to", "The end date must be the same as or after the start date.");
        }
        model.addAttribute("errors", errors);
        model.addAttribute("user", user);
        model.addAttribute("from", from);
        model.addAttribute("to", to);
        model.addAttribute("names", names(school));
        model.addAttribute("limit", PAGE_LIMIT);
        if (!errors.isEmpty()) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("events", java.util.List.of());
            return "identity/sign-in-events";
        }
        Instant start = fromDate == null ? null : fromDate.atStartOfDay(UK).toInstant();
        // The end date is included: everything before the next day starts.
        Instant end = toDate == null ? null : toDate.plusDays(1).atStartOfDay(UK).toInstant();
        model.addAttribute("events", events.list(school, userId, start, end, PAGE_LIMIT));
        return "identity/sign-in-events";
    }

    /** Staff, removed ones included, and the school's API tokens (their issue and revocation are events too). */
    private Map<UUID, String> names(UUID school) {
        Map<UUID, String> names = new LinkedHashMap<>(staff.namesIncludingRemoved(school));
        tokens.list(school).forEach(token -> names.put(token.id(), "API token: " + token.label()));
        return names;
    }

    private static UUID parseUser(String user, FormErrors errors) {
        if (user.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(user.strip());
        } catch (IllegalArgumentException e) {
            errors.add("user", "Choose a person from the list.");
            return null;
        }
    }

    private static LocalDate parseDate(String value, String field, FormErrors errors) {
        if (value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeException e) {
            errors.add(field, "Enter a real date, like 2026-09-01.");
            return null;
        }
    }
}
