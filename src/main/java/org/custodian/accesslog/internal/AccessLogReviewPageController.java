package org.custodian.accesslog.internal;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletResponse;

import org.custodian.accesslog.AccessAction;
import org.custodian.accesslog.AccessFlag;
import org.custodian.accesslog.AccessLogReview;
import org.custodian.accesslog.AccessLogReview.Query;
import org.custodian.identity.CustodianUser;
import org.custodian.identity.Permission;
import org.custodian.identity.RequiresPermission;
import org.custodian.identity.ApiTokens;
import org.custodian.identity.StaffAccounts;
import org.custodian.web.FormErrors;
import org.custodian.web.ProblemException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The school's reviewers (admins, DPO) go through their own school's access log: filters, flags,
 * and marking entries reviewed with a note. Dates on the page are UK calendar days.
 */
@Controller
class AccessLogReviewPageController {

    static final int PAGE_SIZE = 50;
    private static final String PATH = "/school/access-log";
    private static final ZoneId UK = ZoneId.of("Europe/London");

    private final AccessLogReview review;
    private final StaffAccounts staff;
    private final ApiTokens apiTokens;

    AccessLogReviewPageController(AccessLogReview review, StaffAccounts staff, ApiTokens apiTokens) {
        this.review = review;
        this.staff = staff;
        this.apiTokens = apiTokens;
    }

    /** The filter form as typed (all optional); also carried by each review form to come back to the same view. */
    record Filters(String actor, String pupil, String purpose, String action, String from, String to, String flag,
                   String unreviewed, String before) {

        Filters {
            actor = orEmpty(actor);
            pupil = orEmpty(pupil);
            purpose = orEmpty(purpose);
            action = orEmpty(action);
            from = orEmpty(from);
            to = orEmpty(to);
            flag = orEmpty(flag);
            unreviewed = orEmpty(unreviewed);
            before = orEmpty(before);
        }

        private static String orEmpty(String value) {
            return value == null ? "" : value.strip();
        }

        /** This view's address, optionally starting at another cursor; blank filters are left out. */
        String link(String cursor) {
            UriComponentsBuilder uri = UriComponentsBuilder.fromPath(PATH);
            Map<String, String> params = new java.util.LinkedHashMap<>();
            params.put("actor", actor);
            params.put("pupil", pupil);
            params.put("purpose", purpose);
            params.put("action", action);
            params.put("from", from);
            params.put("to", to);
            params.put("flag", flag);
            params.put("unreviewed", unreviewed);
            params.put("before", cursor);
            params.forEach((name, value) -> {
                if (!value.isEmpty()) {
                    uri.queryParam(name, value);
                }
            });
            return uri.encode().build().toUriString();
        }
    }

    @GetMapping(PATH)
    @RequiresPermission(Permission.ACCESS_LOG_REVIEW)
    String page(@AuthenticationPrincipal CustodianUser user, @ModelAttribute("filters") Filters filters,
                HttpServletResponse response, Model model) {
        FormErrors errors = new FormErrors();
        Query query = query(filters, errors);
        if (!errors.isEmpty()) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        }
        return render(user, filters, query, errors, model);
    }

    @PostMapping(PATH + "/{sequence}/review")
    @RequiresPermission(Permission.ACCESS_LOG_REVIEW)
    String markReviewed(@AuthenticationPrincipal CustodianUser user, @PathVariable long sequence,
                        @RequestParam(defaultValue = "") String note, @ModelAttribute("filters") Filters filters,
                        HttpServletResponse response, Model model, RedirectAttributes redirect) {
        UUID school = user.ownSchoolId();
        try {
            review.markReviewed(school, sequence, user.id(), note);
            redirect.addFlashAttribute("banner", "Entry " + sequence + " has been marked as reviewed.");
            return "redirect:" + filters.link(filters.before());
        } catch (ProblemException e) {
            if (!FormErrors.fixableOnForm(e)) {
                throw e;
            }
            FormErrors errors = new FormErrors().add("note-" + sequence, e.getMessage());
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("typedNote", Map.of(sequence, note));
            return render(user, filters, query(filters, new FormErrors()), errors, model);
        }
    }

    private String render(CustodianUser user, Filters filters, Query query, FormErrors errors, Model model) {
        UUID school = user.ownSchoolId();
        List<StaffAccounts.StaffAccount> accounts = staff.of(school);
        Map<UUID, String> names = new HashMap<>();
        accounts.forEach(account -> names.put(account.id(), account.displayName()));
        // An MIS partner's system acts with one of the school's API tokens: named by its label.
        apiTokens.list(school).forEach(token -> names.put(token.id(), "API token: " + token.label()));
        model.addAttribute("errors", errors);
        if (!model.containsAttribute("typedNote")) {
            model.addAttribute("typedNote", Map.of());
        }
        model.addAttribute("names", names);
        model.addAttribute("staff", accounts);
        model.addAttribute("actions", AccessAction.values());
        model.addAttribute("pageSize", PAGE_SIZE);
        model.addAttribute("flags", AccessFlag.values());
        AccessLogReview.Page page = query == null ? new AccessLogReview.Page(List.of(), null) : review.search(school, query);
        model.addAttribute("entries", page.entries());
        model.addAttribute("olderLink", page.next() == null ? null : filters.link(page.next().toString()));
        model.addAttribute("newestLink", filters.before().isEmpty() ? null : filters.link(""));
        return "accesslog/review";
    }

    /** The query, or null with the errors added when a filter is invalid. */
    private static Query query(Filters filters, FormErrors errors) {
        UUID actor = field(errors, "actor", () -> ReviewParameters.actor(filters.actor()));
        UUID pupil = field(errors, "pupil", () -> ReviewParameters.pupil(filters.pupil()));
        String purpose = field(errors, "purpose", () -> ReviewParameters.purpose(filters.purpose()));
        AccessAction action = field(errors, "action", () -> ReviewParameters.action(filters.action()));
        LocalDate from = date(filters.from(), "from", errors);
        LocalDate to = date(filters.to(), "to", errors);
        if (from != null && to != null && to.isBefore(from)) {
            errors.add("to", "The end date must be the same as or after the start date.");
        }
        AccessFlag flag = field(errors, "flag", () -> ReviewParameters.flag(filters.flag()));
        Boolean unreviewed = field(errors, "unreviewed", () -> ReviewParameters.unreviewed(filters.unreviewed()));
        Long before = field(errors, "before", () -> ReviewParameters.before(filters.before()));
        if (!errors.isEmpty()) {
            return null;
        }
        Instant start = from == null ? null : from.atStartOfDay(UK).toInstant();
        // The end date is included: everything before the next day starts.
        Instant end = to == null ? null : to.plusDays(1).atStartOfDay(UK).toInstant();
        return new Query(actor, pupil, purpose, action, start, end, flag, unreviewed, before, PAGE_SIZE);
    }

    private static <T> T field(FormErrors errors, String id, Supplier<T> parse) {
        try {
            return parse.get();
        } catch (ProblemException e) {
            errors.add(id, e.getMessage());
            return null;
        }
    }

    private static LocalDate date(String value, String field, FormErrors errors) {
        if (value.isEmpty()) {
            return null;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeException e) {
            errors.add(field, "Enter a real date, like 2026-09-01.");
            return null;
        }
    }
}
