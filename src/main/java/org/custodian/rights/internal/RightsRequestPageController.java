package org.custodian.rights.internal;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.Permission;
import org.custodian.identity.RequiresPermission;
import org.custodian.identity.StaffAccounts;
import org.custodian.pupils.AccessContext;
import org.custodian.pupils.PupilNames;
import org.custodian.rights.internal.RequestVocabulary.Channel;
import org.custodian.rights.internal.RequestVocabulary.Competence;
import org.custodian.rights.internal.RequestVocabulary.CompetenceBasis;
import org.custodian.rights.internal.RequestVocabulary.RequestType;
import org.custodian.rights.internal.RequestVocabulary.RequesterKind;
import org.custodian.rights.internal.RequestVocabulary.SubjectKind;
import org.custodian.rights.internal.RightsRequestApiController.CreateBody;
import org.custodian.rights.internal.RightsRequestApiController.StepBody;
import org.custodian.rights.internal.RightsRequestRegister.Dashboard;
import org.custodian.rights.internal.RightsRequestRegister.NewRequest;
import org.custodian.rights.internal.RightsRequestRegister.NewStep;
import org.custodian.rights.internal.RightsRequestRegister.Tracked;
import org.custodian.rights.internal.RightsRequestStore.Step;
import org.custodian.web.ClientAddress;
import org.custodian.web.FormErrors;
import org.custodian.web.ProblemException;
import org.custodian.web.RequestIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The requests register as pages for the school's DPO and admins: the dashboard and open requests,
 * recording a request, and one request with its timeline and its next step. It uses the register
 * and the API's field checks, so a page and the API accept exactly the same things. A pupil is
 * shown by id: listing requests decrypts no pupil's name.
 */
@Controller
@RequestMapping(RightsRequestPageController.PATH)
@RequiresPermission(Permission.RIGHTS_REQUESTS)
class RightsRequestPageController {

    static final String PATH = "/school/rights-requests";
    private static final Logger log = LoggerFactory.getLogger(RightsRequestPageController.class);
    static final String NAMING_REASON = "Naming the pupils on the rights-request register";
    private static final DateTimeFormatter UK_DATE = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.UK);

    private final RightsRequestRegister register;
    private final StaffAccounts staff;
    private final PupilNames pupilNames;
    private final RightsRequestProperties properties;

    RightsRequestPageController(RightsRequestRegister register, StaffAccounts staff, PupilNames pupilNames,
                                RightsRequestProperties properties) {
        this.register = register;
        this.staff = staff;
        this.pupilNames = pupilNames;
        this.properties = properties;
    }

    /** The form to record a request, as sent: every field a string, the date in three parts. */
    record RequestForm(String type, String subjectKind, String pupilId, String staffId, String requesterKind,
                       String requester, String channel, String receivedOnDay, String receivedOnMonth,
                       String receivedOnYear, String competence, String details) {
        @Override
        public String toString() {
            return "RequestForm[redacted]";
        }
    }

    /** The form for a request's next step. */
    record StepForm(String status, String occurredOnDay, String occurredOnMonth, String occurredOnYear,
                    String details, String extensionMonths, String reason, String exemption) {
        @Override
        public String toString() {
            return "StepForm[redacted]";
        }
    }

    /** One request in a table, its words ready for the page. */
    record Row(UUID id, String type, String subject, String received, String status, String statusTag,
               String deadline, boolean clockStopped) {
    }

    record TimelineRow(String status, String on, String who, String recordedAt, String details,
                       String extension, String reason, String exemption) {
        @Override
        public String toString() {
            return "TimelineRow[status=" + status + "]";
        }
    }

    record Choice(String value, String label) {
    }

    @GetMapping
    String register(@AuthenticationPrincipal CustodianUser user, HttpServletRequest http, Model model) {
        Dashboard dashboard = register.dashboard(user);
        List<Tracked> all = register.list(user);
        Map<UUID, String> names = new HashMap<>(staffNames(user, all.stream()
                .filter(t -> t.request().subjectKind() == SubjectKind.STAFF).map(t -> t.request().subjectId()).toList()));
        names.putAll(pupilNames(user, http, all.stream()
                .filter(t -> t.request().subjectKind() == SubjectKind.PUPIL).map(t -> t.request().subjectId()).toList()));
        model.addAttribute("dueThisWeek", rows(dashboard.dueThisWeek(), names));
        model.addAttribute("overdue", rows(dashboard.overdue(), names));
        model.addAttribute("stopped", rows(dashboard.stopped(), names));
        model.addAttribute("open", rows(all.stream().filter(t -> !t.status().closed()).toList(), names));
        model.addAttribute("closed", rows(all.stream().filter(t -> t.status().closed()).toList(), names));
        return "rights/requests";
    }

    @GetMapping("/new")
    String newRequest(@AuthenticationPrincipal CustodianUser user,
                      @RequestParam(required = false) UUID pupil,
                      @RequestParam(name = "staff", required = false) UUID staffId,
                      Model model) {
        LocalDate today = register.today();
        // Started from a pupil's or a staff member's page: the subject is filled in (an id, never a name).
        String kind = pupil != null ? "PUPIL" : staffId != null ? "STAFF" : null;
        RequestForm blank = new RequestForm(null, kind, pupil == null ? null : pupil.toString(),
                staffId == null ? null : staffId.toString(), null, null, null,
                String.valueOf(today.getDayOfMonth()), String.valueOf(today.getMonthValue()),
                String.valueOf(today.getYear()), null, null);
        return requestPage(user, blank, new FormErrors(), model);
    }

    @PostMapping("/new")
    String record(@AuthenticationPrincipal CustodianUser user, RequestForm form, HttpServletRequest http,
                  HttpServletResponse response, Model model, RedirectAttributes redirect) {
        SubjectKind kind = "STAFF".equals(form.subjectKind()) ? SubjectKind.STAFF
                : "PUPIL".equals(form.subjectKind()) ? SubjectKind.PUPIL : null;
        String subjectField = kind == SubjectKind.STAFF ? "staffId" : "pupilId";
        String pupil = kind == SubjectKind.STAFF ? null : blankToNull(form.pupilId());
        boolean pupilById = pupil != null && pupil.strip().matches("[0-9a-fA-F-]{36}");
        CreateBody body = new CreateBody(blankToNull(form.type()), blankToNull(form.subjectKind()),
                kind == SubjectKind.STAFF ? blankToNull(form.staffId()) : pupilById ? pupil : null,
                pupilById ? null : pupil,
                blankToNull(form.requesterKind()), blankToNull(form.requester()), blankToNull(form.channel()),
                date(form.receivedOnDay(), form.receivedOnMonth(), form.receivedOnYear()),
                kind == SubjectKind.STAFF ? null : blankToNull(form.competence()), blankToNull(form.details()));
        try {
            NewRequest request = RightsRequestApiController.validate(body, register.today());
            Tracked created = register.create(user, request, RequestIds.of(http), ClientAddress.of(http));
            redirect.addFlashAttribute("banner", "The request has been recorded.");
            return "redirect:" + PATH + "/" + created.request().id();
        } catch (ProblemException e) {
            FormErrors errors = onForm(e, subjectField, Map.of(
                    "subject-not-found", subjectField, "competence-required", "competence"));
            log.warn("Rights request form refused: {}", e.code());
            response.setStatus(e.status() == HttpStatus.NOT_FOUND && "subject-not-found".equals(e.code())
                    ? HttpServletResponse.SC_BAD_REQUEST : e.status().value());
            return requestPage(user, form, errors, model);
        }
    }

    @GetMapping("/{id}")
    String request(@AuthenticationPrincipal CustodianUser user, @PathVariable UUID id, HttpServletRequest http,
                   Model model) {
        return requestView(user, register.get(user, id), emptyStep(), new FormErrors(), http, model);
    }

    @PostMapping("/{id}/steps")
    String step(@AuthenticationPrincipal CustodianUser user, @PathVariable UUID id, StepForm form,
                HttpServletRequest http, HttpServletResponse response, Model model, RedirectAttributes redirect) {
        Integer months = null;
        boolean monthsUnreadable = false;
        if (form.extensionMonths() != null && !form.extensionMonths().isBlank()) {
            try {
                months = Integer.valueOf(form.extensionMonths().strip());
            } catch (NumberFormatException notANumber) {
                monthsUnreadable = true;
            }
        }
        boolean noDate = isBlank(form.occurredOnDay()) && isBlank(form.occurredOnMonth())
                && isBlank(form.occurredOnYear());
        StepBody body = new StepBody(blankToNull(form.status()),
                noDate ? null : date(form.occurredOnDay(), form.occurredOnMonth(), form.occurredOnYear()),
                blankToNull(form.details()), monthsUnreadable ? Integer.valueOf(0) : months,
                blankToNull(form.reason()), blankToNull(form.exemption()));
        try {
            NewStep step = RightsRequestApiController.validate(body, register.today());
            register.step(user, id, step);
            redirect.addFlashAttribute("banner", "The step has been recorded.");
            return "redirect:" + PATH + "/" + id;
        } catch (ProblemException e) {
            if (!FormErrors.fixableOnForm(e)) {
                throw e;
            }
            log.warn("Rights request step refused: {}", e.code());
            FormErrors errors = onForm(e, "status", Map.of("illegal-transition", "status",
                    "step-out-of-order", "occurredOn", "already-extended", "status",
                    "extension-too-late", "occurredOn"));
            response.setStatus(e.status().value());
            return requestView(user, register.get(user, id), form, errors, http, model);
        }
    }

    private String requestPage(CustodianUser user, RequestForm form, FormErrors errors, Model model) {
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("staff", staff.of(user.ownSchoolId()).stream()
                .filter(account -> account.enabled() || account.id().toString().equals(form.staffId()))
                .map(account -> new Choice(account.id().toString(), account.displayName())).toList());
        model.addAttribute("types", choices(RequestType.values(), RightsRequestPageController::words));
        model.addAttribute("subjectKinds", List.of(new Choice("PUPIL", "A pupil"),
                new Choice("STAFF", "A member of staff")));
        model.addAttribute("competences", List.of(new Choice("", "Use the age rule (" + properties.competenceAge()
                        + " or over on the day received is competent)"),
                new Choice("COMPETENT", "Competent, in the school's judgement"),
                new Choice("NOT_COMPETENT", "Not competent, in the school's judgement")));
        model.addAttribute("requesterKinds", choices(RequesterKind.values(), RightsRequestPageController::words));
        model.addAttribute("channels", choices(Channel.values(), RightsRequestPageController::words));
        return "rights/new";
    }

    private String requestView(CustodianUser user, Tracked tracked, StepForm form, FormErrors errors,
                               HttpServletRequest http, Model model) {
        var request = tracked.request();
        Set<UUID> people = new HashSet<>();
        request.steps().forEach(step -> people.add(step.actorId()));
        if (request.subjectKind() == SubjectKind.STAFF) {
            people.add(request.subjectId());
        }
        Map<UUID, String> names = new HashMap<>(staffNames(user, people));
        if (request.subjectKind() == SubjectKind.PUPIL) {
            names.putAll(pupilNames(user, http, List.of(request.subjectId())));
        }
        model.addAttribute("tracked", row(tracked, names));
        model.addAttribute("requesterKind", words(request.requesterKind()));
        model.addAttribute("requester", request.requester());
        model.addAttribute("channel", words(request.channel()));
        model.addAttribute("competence", request.competence() == Competence.NOT_APPLICABLE ? null
                : words(request.competence()) + " (" + basis(request.competenceBasis()) + ")");
        model.addAttribute("rule", tracked.deadline().rule());
        model.addAttribute("timeline", request.steps().stream().map(step -> timelineRow(step, names)).toList());
        model.addAttribute("next", tracked.status().next().stream()
                .filter(status -> status != RequestStatus.EXTENDED
                        || request.steps().stream().noneMatch(s -> s.status() == RequestStatus.EXTENDED))
                .map(status -> new Choice(status.name(), words(status))).toList());
        model.addAttribute("months", List.of(new Choice("1", "One month"), new Choice("2", "Two months")));
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        return "rights/request";
    }

    private StepForm emptyStep() {
        return new StepForm(null, null, null, null, null, null, null, null);
    }

    /** The refusal's field errors, in words for the page; a refusal about the whole request goes on {@code fallback}. */
    private static FormErrors onForm(ProblemException e, String subjectField, Map<String, String> fieldOfCode) {
        if (!FormErrors.fixableOnForm(e) && !"subject-not-found".equals(e.code())) {
            throw e;
        }
        FormErrors errors = new FormErrors();
        if (e.errors() != null && !e.errors().isEmpty()) {
            for (Map<String, String> error : e.errors()) {
                String field = error.get("field");
                String onPage = "subjectId".equals(field) || "subjectUpn".equals(field) ? subjectField : field;
                errors.add(onPage, message(onPage, error.get("code"), error.get("message")));
            }
        } else {
            errors.add(fieldOfCode.getOrDefault(e.code(), subjectField), e.getMessage());
        }
        return errors;
    }

    /** The API's messages name its JSON fields; the page says what to do instead, never repeating the value. */
    private static String message(String field, String code, String apiMessage) {
        boolean missing = "required".equals(code) || "invalid-choice".equals(code);
        return switch (field) {
            case "type" -> "Choose the type of request.";
            case "subjectKind" -> "Choose whether the request is about a pupil or a member of staff.";
            case "pupilId" -> missing ? "Enter the pupil's UPN or id."
                    : "Enter the pupil's UPN (13 characters, for example A123456789012) or their id as shown on their record.";
            case "staffId" -> "Choose the member of staff.";
            case "requesterKind" -> "Choose who made the request.";
            case "requester" -> missing ? "Enter the requester's name and their relationship or authority."
                    : "The requester must be at most 500 characters.";
            case "channel" -> "Choose how the request arrived.";
            case "receivedOn" -> missing ? "Enter the date the request was received."
                    : "The date received must be a real date, today or earlier.";
            case "occurredOn" -> "The date must be a real date, today or earlier.";
            case "competence" -> "Choose whether the pupil is competent to make the request.";
            case "status" -> "Choose the next step.";
            case "extensionMonths" -> "not-allowed".equals(code) ? "Only an extension gives further months."
                    : "Choose whether the extension is of one or two months.";
            case "reason" -> "not-allowed".equals(code)
                    ? "Only an extension or a refusal has a reason: use the details box." : apiMessage;
            case "exemption" -> "not-allowed".equals(code) ? "Only a refusal names an exemption." : apiMessage;
            default -> apiMessage;
        };
    }

    private Map<UUID, String> staffNames(CustodianUser user, Collection<UUID> ids) {
        return ids.isEmpty() ? Map.of() : staff.displayNames(user.ownSchoolId(), new HashSet<>(ids));
    }

    /**
     * The pupils' names and UPNs: one logged read under the rights purpose. A role the register does
     * not allow that purpose sees ids only, as before.
     */
    private Map<UUID, String> pupilNames(CustodianUser user, HttpServletRequest http, Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        AccessContext context = new AccessContext(user, RightsRequestRegister.PURPOSE, NAMING_REASON,
                RequestIds.of(http), ClientAddress.of(http));
        try {
            return pupilNames.names(context, new HashSet<>(ids));
        } catch (ProblemException refused) {
            log.warn("Pupil names not shown on the rights register: {}", refused.code());
            return Map.of();
        }
    }

    private static List<Row> rows(List<Tracked> tracked, Map<UUID, String> names) {
        return tracked.stream().map(t -> row(t, names)).toList();
    }

    private static Row row(Tracked t, Map<UUID, String> names) {
        var r = t.request();
        String subject = r.subjectKind() == SubjectKind.STAFF
                ? "Staff: " + names.getOrDefault(r.subjectId(), "a removed account")
                : "Pupil: " + names.getOrDefault(r.subjectId(), "erased pupil (" + r.subjectId() + ")");
        return new Row(r.id(), words(r.type()), subject, ukDate(r.receivedOn()), words(t.status()),
                statusTag(t.status()), ukDate(t.deadline().date()), t.clockStopped());
    }

    private static TimelineRow timelineRow(Step step, Map<UUID, String> names) {
        return new TimelineRow(words(step.status()), ukDate(step.occurredOn()),
                names.getOrDefault(step.actorId(), "A removed account"),
                DateTimeFormatter.ofPattern("d MMMM yyyy 'at' h:mma", Locale.UK)
                        .withZone(java.time.ZoneId.of("Europe/London")).format(step.recordedAt()) + " (UK time)",
                step.details(),
                step.extensionMonths() == null ? null
                        : step.extensionMonths() + (step.extensionMonths() == 1 ? " further month" : " further months"),
                step.reason(), step.exemption());
    }

    static String ukDate(LocalDate date) {
        return date == null ? "" : UK_DATE.format(date);
    }

    static String words(Enum<?> value) {
        return switch (value.name()) {
            case "ACCESS" -> "Access";
            case "RECTIFICATION" -> "Rectification";
            case "ERASURE" -> "Erasure";
            case "RESTRICTION" -> "Restriction of processing";
            case "OBJECTION" -> "Objection";
            case "PORTABILITY" -> "Data portability";
            case "WITHDRAWAL_OF_CONSENT" -> "Withdrawal of consent";
            case "RECEIVED" -> "Received";
            case "AWAITING_IDENTITY_OR_CLARIFICATION" -> "Awaiting identity or clarification (clock stopped)";
            case "IN_PROGRESS" -> "In progress";
            case "EXTENDED" -> "Extended";
            case "COMPLETED" -> "Completed";
            case "REFUSED" -> "Refused";
            case "SUBJECT" -> "The person it is about";
            case "PARENT_OR_CARER" -> "A parent or carer";
            case "EMAIL" -> "Email";
            case "LETTER" -> "Letter";
            case "IN_PERSON" -> "In person";
            case "PHONE" -> "Phone";
            case "COMPETENT" -> "Competent";
            case "NOT_COMPETENT" -> "Not competent";
            case "OTHER" -> value instanceof RequesterKind ? "Someone else with authority, such as a solicitor" : "Other";
            default -> value.name();
        };
    }

    private static String basis(CompetenceBasis basis) {
        return basis == CompetenceBasis.JUDGEMENT ? "the school's judgement" : "the age rule";
    }

    private static String statusTag(RequestStatus status) {
        return switch (status) {
            case RECEIVED -> "govuk-tag govuk-tag--blue";
            case AWAITING_IDENTITY_OR_CLARIFICATION -> "govuk-tag govuk-tag--yellow";
            case IN_PROGRESS -> "govuk-tag govuk-tag--light-blue";
            case EXTENDED -> "govuk-tag govuk-tag--purple";
            case COMPLETED -> "govuk-tag govuk-tag--green";
            case REFUSED -> "govuk-tag govuk-tag--grey";
        };
    }

    private static <E extends Enum<E>> List<Choice> choices(E[] values, java.util.function.Function<E, String> label) {
        return java.util.Arrays.stream(values).map(v -> new Choice(v.name(), label.apply(v))).toList();
    }

    /** The three parts as {@code yyyy-MM-dd}, null if all are blank, or a value the API check refuses as not a date. */
    private static String date(String day, String month, String year) {
        if (isBlank(day) && isBlank(month) && isBlank(year)) {
            return null;
        }
        try {
            return LocalDate.of(Integer.parseInt(year.strip()), Integer.parseInt(month.strip()),
                    Integer.parseInt(day.strip())).toString();
        } catch (NumberFormatException | DateTimeException | NullPointerException notADate) {
            return "not-a-date";
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private static String blankToNull(String value) {
        return isBlank(value) ? null : value;
    }
}
