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

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.custodian.accesslog.AccessAction;
import org.custodian.accesslog.AccessFlag;
import org.custodian.accesslog.AccessLogReview;
import org.custodian.accesslog.AccessLogReview.Query;
import org.custodian.accesslog.PupilFinder;
import org.custodian.accesslog.PupilLabels;
import org.custodian.accesslog.PurposeCatalogue;
import org.custodian.crypto.BlindIndex;
import org.custodian.identity.CustodianUser;
import org.custodian.identity.Permission;
import org.custodian.identity.RequiresPermission;
import org.custodian.identity.ApiTokens;
import org.custodian.identity.StaffAccounts;
import org.custodian.web.ClientAddress;
import org.custodian.web.FormErrors;
import org.custodian.web.ProblemException;
import org.custodian.web.RequestIds;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The school's reviewers (admins, DPO) go through their own school's access log: filters, flags,
 * and marking entries reviewed with a note. Dates on the page are UK calendar days. A person or a
 * pupil can be found by name (or UPN) with a POST, so that no name reaches a URL: the filters the
 * page links to carry ids only.
 */
@Controller
class AccessLogReviewPageController {

    static final int PAGE_SIZE = 50;
    private static final String PATH = "/school/access-log";
    private static final ZoneId UK = ZoneId.of("Europe/London");

    private final AccessLogReview review;
    private final StaffAccounts staff;
    private final ApiTokens apiTokens;
    private final PupilFinder pupilFinder;
    private final PurposeCatalogue purposes;
    private final PupilLabels pupilLabels;

    AccessLogReviewPageController(AccessLogReview review, StaffAccounts staff, ApiTokens apiTokens,
                                  PupilFinder pupilFinder, PurposeCatalogue purposes, PupilLabels pupilLabels) {
        this.review = review;
        this.staff = staff;
        this.apiTokens = apiTokens;
        this.pupilFinder = pupilFinder;
        this.purposes = purposes;
        this.pupilLabels = pupilLabels;
    }

    /** What the reviewer typed to find a person or a pupil, and the purpose and reason of a pupil lookup. */
    record Lookup(String person, String pupilName, String lookupPurpose, String lookupReason, String chosenPupil) {

        Lookup {
            person = Filters.orEmpty(person);
            pupilName = Filters.orEmpty(pupilName);
            lookupPurpose = Filters.orEmpty(lookupPurpose);
            lookupReason = Filters.orEmpty(lookupReason);
            chosenPupil = Filters.orEmpty(chosenPupil);
        }

        static Lookup none() {
            return new Lookup("", "", "", "", "");
        }

        @Override
        public String toString() {
            return "Lookup[purpose=" + lookupPurpose + "]";
        }
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

        static String orEmpty(String value) {
            return value == null ? "" : value.strip();
        }

        Filters withActor(UUID id) {
            return new Filters(id.toString(), pupil, purpose, action, from, to, flag, unreviewed, "");
        }

        Filters withPupil(UUID id) {
            return new Filters(actor, id.toString(), purpose, action, from, to, flag, unreviewed, "");
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
                HttpServletRequest request, HttpServletResponse response, Model model) {
        FormErrors errors = new FormErrors();
        Query query = query(filters, errors);
        if (!errors.isEmpty()) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        }
        return render(user, filters, query, errors, request, model);
    }

    /**
     * Finds the person (by name, among the school's accounts and API tokens) and the pupil (by UPN
     * or name, a logged search under the purpose and reason given) and shows their entries; when
     * several match, the page lists them to choose from instead.
     */
    @PostMapping(PATH + "/find")
    @RequiresPermission(Permission.ACCESS_LOG_REVIEW)
    String find(@AuthenticationPrincipal CustodianUser user, @ModelAttribute("filters") Filters filters,
                @ModelAttribute("lookup") Lookup lookup, HttpServletRequest request, HttpServletResponse response,
                Model model) {
        FormErrors errors = new FormErrors();
        Filters found = filters;
        if (!lookup.person().isEmpty()) {
            Map<UUID, String> people = peopleNamed(user.ownSchoolId(), lookup.person());
            if (people.isEmpty()) {
                errors.add("person", "No one at your school has that name.");
            } else if (people.size() == 1) {
                found = found.withActor(people.keySet().iterator().next());
            } else {
                Map<String, String> choices = new java.util.LinkedHashMap<>();
                Filters base = found;
                people.forEach((id, name) -> choices.put(name, base.withActor(id).link("")));
                model.addAttribute("personChoices", choices);
            }
        }
        Map<UUID, PupilFinder.Match> pupils = Map.of();
        if (!lookup.pupilName().isEmpty()) {
            List<PupilFinder.Match> matches = pupilsNamed(user, lookup, request, errors);
            if (!lookup.chosenPupil().isEmpty()) {
                matches = matches.stream().filter(m -> m.id().toString().equals(lookup.chosenPupil())).toList();
            }
            if (matches.size() == 1) {
                found = found.withPupil(matches.get(0).id());
                pupils = Map.of(matches.get(0).id(), matches.get(0));
            } else if (matches.size() > 1) {
                model.addAttribute("pupilChoices", matches);
            } else if (errors.isEmpty()) {
                errors.add("pupilName", "No pupil on roll has that UPN or name.");
            }
        }
        if (lookup.person().isEmpty() && lookup.pupilName().isEmpty()) {
            errors.add("person", "Type a person's name or a pupil's UPN or name.");
        }
        boolean choosing = model.containsAttribute("personChoices") || model.containsAttribute("pupilChoices");
        if (!errors.isEmpty()) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        }
        model.addAttribute("filters", found);
        model.addAttribute("pupilsFound", pupils);
        Query query = errors.isEmpty() && !choosing ? query(found, errors) : null;
        return render(user, found, query, errors, request, model);
    }

    /**
     * Marks every entry the reviewer ticked as reviewed, with one note: reviewing a page takes one
     * note and one button, not one per entry.
     */
    @PostMapping(PATH + "/review")
    @RequiresPermission(Permission.ACCESS_LOG_REVIEW)
    String markReviewed(@AuthenticationPrincipal CustodianUser user,
                        @RequestParam(name = "entry", required = false) List<Long> chosen,
                        @RequestParam(defaultValue = "") String note, @ModelAttribute("filters") Filters filters,
                        HttpServletRequest request, HttpServletResponse response, Model model,
                        RedirectAttributes redirect) {
        List<Long> entries = chosen == null ? List.of() : chosen;
        FormErrors errors = new FormErrors();
        if (entries.isEmpty()) {
            errors.add("entries", "Select the entries you have reviewed.");
        }
        if (note.isBlank()) {
            errors.add("note", "Enter a note saying what you found.");
        }
        if (errors.isEmpty()) {
            try {
                int marked = review.markReviewed(user.ownSchoolId(), entries, user.id(), note);
                redirect.addFlashAttribute("banner", (marked == 1 ? "1 entry has" : marked + " entries have")
                        + " been marked as reviewed.");
                return "redirect:" + filters.link(filters.before());
            } catch (ProblemException e) {
                if (!FormErrors.fixableOnForm(e)) {
                    throw e;
                }
                errors.add(e.code().equals("invalid-note") ? "note" : "entries", e.getMessage());
            }
        }
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        model.addAttribute("typedNote", note);
        model.addAttribute("chosenEntries", java.util.Set.copyOf(entries));
        return render(user, filters, query(filters, new FormErrors()), errors, request, model);
    }

    /**
     * The school's accounts and API tokens whose name holds every word typed as a whole word (case
     * and width aside), in name order. Names are encrypted, so the school's list is matched here.
     */
    private Map<UUID, String> peopleNamed(UUID school, String typed) {
        List<String> words = List.of(BlindIndex.normalise(typed).split(" "));
        Map<UUID, String> matches = new java.util.LinkedHashMap<>();
        actorNames(school).entrySet().stream()
                .filter(entry -> List.of(BlindIndex.normalise(entry.getValue()).split(" ")).containsAll(words))
                .sorted(Map.Entry.comparingByValue(String.CASE_INSENSITIVE_ORDER))
                .forEach(entry -> matches.put(entry.getKey(), entry.getValue()));
        return matches;
    }

    /** The pupils found; none, with the refusal on the form, when the lookup's purpose or reason is refused. */
    private List<PupilFinder.Match> pupilsNamed(CustodianUser user, Lookup lookup, HttpServletRequest request,
                                                FormErrors errors) {
        if (lookup.lookupPurpose().isEmpty()) {
            errors.add("lookupPurpose", "Choose why you are looking this pupil up: the lookup is recorded in the log.");
            return List.of();
        }
        try {
            return pupilFinder.find(new PupilFinder.Lookup(user, lookup.lookupPurpose(), lookup.lookupReason(),
                    lookup.pupilName(), RequestIds.of(request), ClientAddress.of(request)));
        } catch (ProblemException e) {
            if (!FormErrors.fixableOnForm(e)) {
                throw e;
            }
            errors.add(e.code().startsWith("reason") ? "lookupReason" : "lookupPurpose", e.getMessage());
            return List.of();
        }
    }

    /** Everyone who can appear as an actor: the school's accounts, and its API tokens by label. */
    private Map<UUID, String> actorNames(UUID school) {
        Map<UUID, String> names = new HashMap<>();
        staff.of(school).forEach(account -> names.put(account.id(), account.displayName()));
        staff.erased(school).forEach(id -> names.put(id, "Erased user"));
        // An MIS partner's system acts with one of the school's API tokens: named by its label.
        apiTokens.list(school).forEach(token -> names.put(token.id(), "API token: " + token.label()));
        return names;
    }

    private String render(CustodianUser user, Filters filters, Query query, FormErrors errors,
                          HttpServletRequest request, Model model) {
        UUID school = user.ownSchoolId();
        List<StaffAccounts.StaffAccount> accounts = staff.of(school);
        Map<UUID, String> names = actorNames(school);
        model.addAttribute("errors", errors);
        if (!model.containsAttribute("lookup")) {
            model.addAttribute("lookup", Lookup.none());
        }
        if (!model.containsAttribute("pupilsFound")) {
            model.addAttribute("pupilsFound", Map.of());
        }
        List<PurposeCatalogue.Described> register = purposes.purposes();
        Map<String, String> purposeDescriptions = new HashMap<>();
        register.forEach(purpose -> purposeDescriptions.put(purpose.code(), purpose.description()));
        model.addAttribute("purposes", register);
        model.addAttribute("purposeDescriptions", purposeDescriptions);
        model.addAttribute("lookupPurposes", purposes.usableBy(user.role()));
        if (!model.containsAttribute("typedNote")) {
            model.addAttribute("typedNote", "");
            model.addAttribute("chosenEntries", java.util.Set.of());
        }
        model.addAttribute("names", names);
        model.addAttribute("staff", accounts);
        model.addAttribute("actions", AccessAction.values());
        model.addAttribute("pageSize", PAGE_SIZE);
        model.addAttribute("flags", AccessFlag.values());
        AccessLogReview.Page page = query == null ? new AccessLogReview.Page(List.of(), null) : review.search(school, query);
        model.addAttribute("entries", page.entries());
        Map<UUID, PupilLabels.Label> labels = labels(user, filters, page.entries(), names.keySet(), model, request);
        model.addAttribute("pupilLabels", labels);
        model.addAttribute("mostLabelled", PupilLabels.MOST_PER_ENTRY);
        UUID filtered = filteredPupil(filters);
        model.addAttribute("filteredPupil", filtered == null ? null : labels.get(filtered));
        model.addAttribute("olderLink", page.next() == null ? null : filters.link(page.next().toString()));
        model.addAttribute("newestLink", filters.before().isEmpty() ? null : filters.link(""));
        return "accesslog/review";
    }

    /**
     * Labels for the pupils the page shows by id: the pupil filtered on and the first few each entry
     * names. Those just found by the reviewer's lookup are labelled from it; the rest are read in
     * one logged lookup. When pupil data cannot be used (the sharing agreement, the school's state)
     * the page shows ids alone.
     */
    @SuppressWarnings("unchecked")
    private Map<UUID, PupilLabels.Label> labels(CustodianUser user, Filters filters, List<AccessLogReview.Entry> entries,
                                                java.util.Set<UUID> staffAndTokens, Model model,
                                                HttpServletRequest request) {
        Map<UUID, PupilLabels.Label> labels = new HashMap<>();
        ((Map<UUID, PupilFinder.Match>) model.getAttribute("pupilsFound"))
                .forEach((id, match) -> labels.put(id, new PupilLabels.Label(match.name(), match.upn())));
        java.util.Set<UUID> wanted = new java.util.LinkedHashSet<>();
        UUID filtered = filteredPupil(filters);
        if (filtered != null) {
            wanted.add(filtered);
        }
        entries.forEach(entry -> wanted.addAll(
                entry.subjectIds().subList(0, Math.min(PupilLabels.MOST_PER_ENTRY, entry.subjectIds().size()))));
        wanted.removeAll(labels.keySet());
        // Entries about staff records name staff accounts, which are labelled by name already.
        wanted.removeAll(staffAndTokens);
        if (!wanted.isEmpty()) {
            try {
                labels.putAll(pupilLabels.labels(new PupilLabels.Request(user, wanted, RequestIds.of(request),
                        ClientAddress.of(request))));
            } catch (ProblemException e) {
                // Refused as any use of pupil data would be: the ids stand alone.
            }
        }
        return labels;
    }

    private static UUID filteredPupil(Filters filters) {
        try {
            return filters.pupil().isEmpty() ? null : UUID.fromString(filters.pupil());
        } catch (IllegalArgumentException e) {
            return null;
        }
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
