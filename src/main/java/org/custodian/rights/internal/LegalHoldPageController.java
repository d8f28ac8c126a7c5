package org.custodian.rights.internal;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.Permission;
import org.custodian.identity.RequiresPermission;
import org.custodian.identity.StaffAccounts;
import org.custodian.pupils.AccessContext;
import org.custodian.pupils.PupilNames;
import org.custodian.pupils.PupilRecord;
import org.custodian.pupils.PupilRecords;
import org.custodian.rights.LegalHolds;
import org.custodian.rights.LegalHolds.Hold;
import org.custodian.rights.LegalHolds.NewHold;
import org.custodian.rights.LegalHolds.Review;
import org.custodian.rights.LegalHolds.ReviewKind;
import org.custodian.rights.LegalHolds.Scope;
import org.custodian.web.ClientAddress;
import org.custodian.web.FormErrors;
import org.custodian.web.ProblemException;
import org.custodian.web.RequestIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Legal holds as pages for the school's DPO and admins (the people the API allows): the holds,
 * standing and lifted, with "Review due" when a review date has come; placing a hold; one hold with
 * its record, where it is reviewed (its next review date set) or lifted after a confirmation. Pupils
 * are named through one logged read under the legal-claims purpose; reasons and notes are shown only
 * on these pages, never in the list's words or in an email.
 */
@Controller
@RequestMapping(LegalHoldPageController.PATH)
@RequiresPermission(Permission.RIGHTS_REQUESTS)
class LegalHoldPageController {

    static final String PATH = "/school/legal-holds";
    static final String PURPOSE = "LEGAL_CLAIMS";
    static final String NAMING_REASON = "Naming the pupils under a legal hold";
    static final String FINDING_REASON = "Finding the pupil a legal hold is placed on";
    private static final Logger log = LoggerFactory.getLogger(LegalHoldPageController.class);
    private static final ZoneId UK = ZoneId.of("Europe/London");
    private static final DateTimeFormatter UK_DATE = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.UK);
    private static final DateTimeFormatter UK_TIME = DateTimeFormatter.ofPattern("d MMMM yyyy, HH:mm", Locale.UK)
            .withZone(UK);

    private final LegalHolds holds;
    private final Clock clock;
    private final StaffAccounts staff;
    private final PupilNames pupilNames;
    private final PupilRecords pupils;

    LegalHoldPageController(LegalHolds holds, StaffAccounts staff, PupilNames pupilNames, PupilRecords pupils,
                            Clock clock) {
        this.holds = holds;
        this.clock = clock;
        this.staff = staff;
        this.pupilNames = pupilNames;
        this.pupils = pupils;
    }

    /** The form to place a hold, as sent: every field a string, the review date in three parts. */
    record HoldForm(String scope, String pupilId, String staffId, String category, String reason,
                    String reviewOnDay, String reviewOnMonth, String reviewOnYear) {
        @Override
        public String toString() {
            return "HoldForm[redacted]";
        }
    }

    record ReviewForm(String note, String nextReviewOnDay, String nextReviewOnMonth, String nextReviewOnYear) {
        @Override
        public String toString() {
            return "ReviewForm[redacted]";
        }
    }

    record Row(UUID id, String covers, String placedBy, String placedAt, String reviewOn, boolean reviewDue,
               String lifted) {
    }

    record RecordRow(String what, String who, String when, String note, String nextReviewOn) {
        @Override
        public String toString() {
            return "RecordRow[what=" + what + "]";
        }
    }

    record Choice(String value, String label) {
    }

    @GetMapping
    String list(@AuthenticationPrincipal CustodianUser user, HttpServletRequest http, Model model) {
        List<Hold> all = holds.list(user);
        Map<UUID, String> names = names(user, http, all);
        LocalDate today = today();
        model.addAttribute("standing", all.stream().filter(h -> h.liftedAt() == null).map(h -> row(h, names, today)).toList());
        model.addAttribute("lifted", all.stream().filter(h -> h.liftedAt() != null).map(h -> row(h, names, today)).toList());
        return "rights/legal-holds";
    }

    @GetMapping("/new")
    String newHold(@AuthenticationPrincipal CustodianUser user, Model model) {
        return holdForm(user, new HoldForm(null, null, null, null, null, null, null, null), new FormErrors(), model);
    }

    @PostMapping("/new")
    String place(@AuthenticationPrincipal CustodianUser user, HoldForm form, HttpServletRequest http,
                 HttpServletResponse response, Model model, RedirectAttributes redirect) {
        FormErrors errors = new FormErrors();
        Scope scope = scope(form.scope());
        if (scope == null) {
            errors.add("scope", "Choose what the hold covers.");
        }
        UUID subject = null;
        if (scope == Scope.PUPIL) {
            subject = pupil(user, form.pupilId(), http, errors);
        } else if (scope == Scope.STAFF) {
            subject = uuid(form.staffId());
            if (subject == null) {
                errors.add("staffId", "Choose the member of staff.");
            }
        } else if (scope == Scope.CATEGORY && blank(form.category())) {
            errors.add("category", "Enter the category of data the hold covers.");
        } else if (scope == Scope.CATEGORY && form.category().length() > JdbcLegalHolds.MAX_CATEGORY) {
            errors.add("category", "The category must be at most " + JdbcLegalHolds.MAX_CATEGORY + " characters.");
        }
        if (blank(form.reason())) {
            errors.add("reason", "Enter the reason for the hold.");
        } else if (form.reason().length() > JdbcLegalHolds.MAX_REASON) {
            errors.add("reason", "The reason must be at most " + JdbcLegalHolds.MAX_REASON + " characters.");
        }
        LocalDate reviewOn = futureDate("reviewOn", form.reviewOnDay(), form.reviewOnMonth(), form.reviewOnYear(), errors);
        if (errors.isEmpty()) {
            try {
                UUID id = holds.place(user, new NewHold(scope, subject,
                        scope == Scope.CATEGORY ? form.category().strip() : null, form.reason(), reviewOn));
                redirect.addFlashAttribute("banner", "The legal hold is placed. Nothing it covers can be deleted "
                        + "until it is lifted.");
                return "redirect:" + PATH + "/" + id;
            } catch (ProblemException e) {
                if (!FormErrors.fixableOnForm(e)) {
                    throw e;
                }
                errors.add("scope", e.getMessage());
            }
        }
        log.warn("Legal hold form refused");
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        return holdForm(user, form, errors, model);
    }

    @GetMapping("/{id}")
    String hold(@AuthenticationPrincipal CustodianUser user, @PathVariable UUID id, HttpServletRequest http,
                Model model) {
        return holdPage(user, find(user, id), new ReviewForm(null, null, null, null), new FormErrors(), http, model);
    }

    @PostMapping("/{id}/reviews")
    String review(@AuthenticationPrincipal CustodianUser user, @PathVariable UUID id, ReviewForm form,
                  HttpServletRequest http, HttpServletResponse response, Model model, RedirectAttributes redirect) {
        Hold hold = find(user, id);
        if (hold.liftedAt() != null) {
            throw ProblemException.notFound("legal-hold-not-found", "The hold has been lifted: there is nothing to review.");
        }
        FormErrors errors = new FormErrors();
        if (form.note() != null && form.note().length() > JdbcLegalHolds.MAX_REASON) {
            errors.add("note", "The note must be at most " + JdbcLegalHolds.MAX_REASON + " characters.");
        }
        LocalDate next = futureDate("nextReviewOn", form.nextReviewOnDay(), form.nextReviewOnMonth(),
                form.nextReviewOnYear(), errors);
        if (errors.isEmpty()) {
            try {
                holds.review(user, id, form.note(), next);
                redirect.addFlashAttribute("banner", "The review is recorded. The hold is next due for review on "
                        + UK_DATE.format(next) + ".");
                return "redirect:" + PATH + "/" + id;
            } catch (ProblemException e) {
                if (!FormErrors.fixableOnForm(e)) {
                    throw e;
                }
                errors.add("nextReviewOn", e.getMessage());
            }
        }
        log.warn("Legal hold review refused");
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        return holdPage(user, hold, form, errors, http, model);
    }

    @GetMapping("/{id}/lift")
    String confirmLift(@AuthenticationPrincipal CustodianUser user, @PathVariable UUID id, HttpServletRequest http,
                       Model model) {
        Hold hold = find(user, id);
        if (hold.liftedAt() != null) {
            return "redirect:" + PATH + "/" + id;
        }
        model.addAttribute("hold", row(hold, names(user, http, List.of(hold)), today()));
        return "rights/legal-hold-lift";
    }

    @PostMapping("/{id}/lift")
    String lift(@AuthenticationPrincipal CustodianUser user, @PathVariable UUID id, RedirectAttributes redirect) {
        holds.lift(user, id);
        redirect.addFlashAttribute("banner", "The legal hold is lifted. What it covered follows the retention "
                + "schedule again.");
        return "redirect:" + PATH;
    }

    private Hold find(CustodianUser user, UUID id) {
        return holds.list(user).stream().filter(h -> h.id().equals(id)).findFirst()
                .orElseThrow(() -> ProblemException.notFound("legal-hold-not-found",
                        "There is no legal hold with that id at your school."));
    }

    private String holdForm(CustodianUser user, HoldForm form, FormErrors errors, Model model) {
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("scopes", List.of(new Choice("PUPIL", "A pupil"), new Choice("STAFF", "A member of staff"),
                new Choice("CATEGORY", "A category of data"), new Choice("SCHOOL", "All of the school's data")));
        model.addAttribute("staff", staff.of(user.ownSchoolId()).stream()
                .map(account -> new Choice(account.id().toString(), account.displayName())).toList());
        return "rights/legal-hold-new";
    }

    private String holdPage(CustodianUser user, Hold hold, ReviewForm form, FormErrors errors, HttpServletRequest http,
                            Model model) {
        List<Review> record = holds.reviews(user, hold.id());
        Map<UUID, String> names = new HashMap<>(names(user, http, List.of(hold)));
        names.putAll(staffNames(user, record.stream().map(Review::actorId).toList()));
        model.addAttribute("hold", row(hold, names, today()));
        model.addAttribute("reason", hold.reason());
        model.addAttribute("standing", hold.liftedAt() == null);
        model.addAttribute("record", record.stream().map(r -> new RecordRow(words(r.kind()),
                names.getOrDefault(r.actorId(), "A removed account"), UK_TIME.format(r.recordedAt()), r.note(),
                r.nextReviewOn() == null ? null : UK_DATE.format(r.nextReviewOn()))).toList());
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        return "rights/legal-hold";
    }

    /** The pupil the form names by UPN (found through its blind index, a logged read) or by id. */
    private UUID pupil(CustodianUser user, String value, HttpServletRequest http, FormErrors errors) {
        if (blank(value)) {
            errors.add("pupilId", "Enter the pupil's UPN or id.");
            return null;
        }
        UUID id = uuid(value);
        if (id != null) {
            return id;
        }
        try {
            List<PupilRecord> found = pupils.search(new AccessContext(user, PURPOSE, FINDING_REASON, RequestIds.of(http),
                    ClientAddress.of(http)), new PupilRecords.PupilSearch(value.strip(), null, 0, 1, true)).pupils();
            if (!found.isEmpty()) {
                return found.get(0).id();
            }
        } catch (ProblemException refused) {
            log.warn("Pupil for a legal hold not looked up: {}", refused.code());
        }
        errors.add("pupilId", "There is no pupil with that UPN at your school. Enter their UPN (13 characters, "
                + "for example A123456789012) or their id as shown on their record.");
        return null;
    }

    /** Names of the pupils and staff the holds cover and of those who placed and lifted them. */
    private Map<UUID, String> names(CustodianUser user, HttpServletRequest http, Collection<Hold> all) {
        Map<UUID, String> names = new HashMap<>(staffNames(user, all.stream()
                .flatMap(h -> Stream.of(h.placedBy(), h.liftedBy(), h.scope() == Scope.STAFF ? h.subjectId() : null))
                .filter(Objects::nonNull).toList()));
        Set<UUID> pupilIds = new HashSet<>(all.stream().filter(h -> h.scope() == Scope.PUPIL).map(Hold::subjectId).toList());
        if (!pupilIds.isEmpty()) {
            try {
                names.putAll(pupilNames.names(new AccessContext(user, PURPOSE, NAMING_REASON, RequestIds.of(http),
                        ClientAddress.of(http)), pupilIds));
            } catch (ProblemException refused) {
                log.warn("Pupil names not shown on the legal holds page: {}", refused.code());
            }
        }
        return names;
    }

    private Map<UUID, String> staffNames(CustodianUser user, Collection<UUID> ids) {
        return ids.isEmpty() ? Map.of() : staff.displayNames(user.ownSchoolId(), new HashSet<>(ids));
    }

    private static Row row(Hold hold, Map<UUID, String> names, LocalDate today) {
        String covers = switch (hold.scope()) {
            case PUPIL -> "Pupil: " + names.getOrDefault(hold.subjectId(), "not on record (" + hold.subjectId() + ")");
            case STAFF -> "Member of staff: " + names.getOrDefault(hold.subjectId(), "a removed account");
            case CATEGORY -> "Category of data: " + hold.category();
            case SCHOOL -> "All of the school's data";
        };
        String lifted = hold.liftedAt() == null ? null
                : names.getOrDefault(hold.liftedBy(), "A removed account") + ", " + time(hold.liftedAt());
        return new Row(hold.id(), covers, names.getOrDefault(hold.placedBy(), "A removed account"),
                time(hold.placedAt()), hold.reviewOn() == null ? "Not set" : UK_DATE.format(hold.reviewOn()),
                hold.liftedAt() == null && hold.reviewOn() != null && !hold.reviewOn().isAfter(today), lifted);
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(UK));
    }

    private static String words(ReviewKind kind) {
        return switch (kind) {
            case PLACED -> "Placed";
            case REVIEWED -> "Reviewed";
            case LIFTED -> "Lifted";
        };
    }

    /** The date of three parts, which must be after today; null with an error on the form otherwise. */
    private LocalDate futureDate(String field, String day, String month, String year, FormErrors errors) {
        if (blank(day) && blank(month) && blank(year)) {
            errors.add(field, "Enter the date the hold is next to be reviewed.");
            return null;
        }
        LocalDate date;
        try {
            date = LocalDate.of(Integer.parseInt(year.strip()), Integer.parseInt(month.strip()),
                    Integer.parseInt(day.strip()));
        } catch (NumberFormatException | DateTimeException | NullPointerException notADate) {
            errors.add(field, "The review date must be a real date, for example 27 3 2027.");
            return null;
        }
        if (!date.isAfter(today())) {
            errors.add(field, "The review date must be in the future.");
            return null;
        }
        return date;
    }

    private static Scope scope(String value) {
        try {
            return blank(value) ? null : Scope.valueOf(value.strip());
        } catch (IllegalArgumentException unknown) {
            return null;
        }
    }

    private static UUID uuid(String value) {
        if (blank(value) || !value.strip().matches("[0-9a-fA-F-]{36}")) {
            return null;
        }
        try {
            return UUID.fromString(value.strip());
        } catch (IllegalArgumentException notAnId) {
            return null;
        }
    }

    private static String time(Instant instant) {
        return UK_TIME.format(instant);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
