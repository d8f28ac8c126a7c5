package org.custodian.rights.internal;

import java.net.URI;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;

import io.swagger.v3.oas.annotations.responses.ApiResponse;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.Permission;
import org.custodian.identity.RequiresPermission;
import org.custodian.rights.internal.RequestVocabulary.Channel;
import org.custodian.rights.internal.RequestVocabulary.Competence;
import org.custodian.rights.internal.RequestVocabulary.RequestType;
import org.custodian.rights.internal.RequestVocabulary.RequesterKind;
import org.custodian.rights.internal.RequestVocabulary.SubjectKind;
import org.custodian.rights.internal.RightsRequestRegister.Dashboard;
import org.custodian.rights.internal.RightsRequestRegister.NewRequest;
import org.custodian.rights.internal.RightsRequestRegister.NewStep;
import org.custodian.rights.internal.RightsRequestRegister.Tracked;
import org.custodian.rights.internal.RightsRequestStore.Step;
import org.custodian.web.ClientAddress;
import org.custodian.web.ProblemException;
import org.custodian.web.RequestIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The register of data-subject rights requests, for the school's DPO and admins. Every body is
 * checked in full before any transaction; a refusal logs one WARN line with its code, never a value.
 */
@RestController
@RequestMapping("/api/v1/rights-requests")
@RequiresPermission(Permission.RIGHTS_REQUESTS)
class RightsRequestApiController {

    private static final Logger log = LoggerFactory.getLogger(RightsRequestApiController.class);

    static final int MAX_REQUESTER = 500;
    static final int MAX_DETAILS = 4000;
    static final int MAX_REASON = 2000;
    static final int MAX_EXEMPTION = 500;
    private static final int FIRST_YEAR = 1900;

    private final RightsRequestRegister register;

    RightsRequestApiController(RightsRequestRegister register) {
        this.register = register;
    }

    /** A new request: enum values as their names, dates as {@code yyyy-MM-dd}, ids as UUIDs. */
    record CreateBody(String type, String subjectKind, String subjectId, String subjectUpn, String requesterKind,
                      String requester, String channel, String receivedOn, String competence, String details) {
        @Override
        public String toString() {
            return "CreateBody[redacted]";
        }
    }

    /** A step: the new status, the day it happened (today if absent), and what that status needs. */
    record StepBody(String status, String occurredOn, String details, Integer extensionMonths, String reason,
                    String exemption) {
        @Override
        public String toString() {
            return "StepBody[redacted]";
        }
    }

    record Summary(UUID id, String type, String subjectKind, UUID subjectId, String status, LocalDate receivedOn,
                   LocalDate deadline, boolean clockStopped) {
    }

    record TimelineStep(int position, String status, LocalDate occurredOn, String recordedAt, UUID actorId,
                        String details, Integer extensionMonths, String reason, String exemption) {
        @Override
        public String toString() {
            return "TimelineStep[position=" + position + ", status=" + status + "]";
        }
    }

    record RequestView(UUID id, String type, String subjectKind, UUID subjectId, String requesterKind,
                       String requester, String channel, LocalDate receivedOn, String competence,
                       String competenceBasis, UUID competenceDecidedBy, String status, boolean clockStopped,
                       LocalDate deadline, String deadlineRule, List<TimelineStep> timeline) {
        @Override
        public String toString() {
            return "RequestView[id=" + id + ", status=" + status + "]";
        }
    }

    record DashboardView(List<Summary> dueThisWeek, List<Summary> overdue, List<Summary> stopped) {
    }

    @PostMapping
    @ApiResponse(responseCode = "201", description = "Recorded")
    ResponseEntity<RequestView> create(@AuthenticationPrincipal CustodianUser user, @RequestBody CreateBody body,
                                       HttpServletRequest http) {
        NewRequest request = refusing(() -> validate(body, register.today()));
        Tracked created = refusing(() -> register.create(user, request, RequestIds.of(http), ClientAddress.of(http)));
        return ResponseEntity.created(URI.create("/api/v1/rights-requests/" + created.request().id()))
                .body(view(created));
    }

    @GetMapping
    List<Summary> list(@AuthenticationPrincipal CustodianUser user) {
        return register.list(user).stream().map(RightsRequestApiController::summary).toList();
    }

    @GetMapping("/dashboard")
    DashboardView dashboard(@AuthenticationPrincipal CustodianUser user) {
        Dashboard dashboard = register.dashboard(user);
        return new DashboardView(summaries(dashboard.dueThisWeek()), summaries(dashboard.overdue()),
                summaries(dashboard.stopped()));
    }

    @GetMapping("/{id}")
    RequestView one(@AuthenticationPrincipal CustodianUser user, @PathVariable UUID id) {
        return view(refusing(() -> register.get(user, id)));
    }

    @PostMapping("/{id}/steps")
    RequestView step(@AuthenticationPrincipal CustodianUser user, @PathVariable UUID id, @RequestBody StepBody body) {
        NewStep step = refusing(() -> validate(body, register.today()));
        return view(refusing(() -> register.step(user, id, step)));
    }

    static NewRequest validate(CreateBody body, LocalDate today) {
        if (body == null) {
            throw ProblemException.badRequest("malformed-request", "The request body is missing.");
        }
        List<Map<String, String>> errors = new ArrayList<>();
        RequestType type = choice(RequestType.class, body.type(), "type", errors);
        SubjectKind subjectKind = choice(SubjectKind.class, body.subjectKind(), "subjectKind", errors);
        UUID subjectId = null;
        String subjectUpn = null;
        if (body.subjectUpn() != null && !body.subjectUpn().isBlank()) {
            String upn = body.subjectUpn().strip().toUpperCase(java.util.Locale.ROOT);
            if (subjectKind == SubjectKind.STAFF) {
                errors.add(error("subjectUpn", "not-allowed", "A UPN identifies a pupil; give a member of staff's id."));
            } else if (body.subjectId() != null && !body.subjectId().isBlank()) {
                errors.add(error("subjectId", "not-allowed", "Give the pupil's id or their UPN, not both."));
            } else if (!org.custodian.pupils.Upn.isValid(upn)) {
                errors.add(error("subjectUpn", "invalid-upn",
                        "Not a UPN: 13 characters, a letter then 12 characters, with a correct check letter."));
            } else {
                subjectUpn = upn;
            }
        } else {
            subjectId = uuid(body.subjectId(), "subjectId", errors);
        }
        RequesterKind requesterKind = choice(RequesterKind.class, body.requesterKind(), "requesterKind", errors);
        String requester = text(body.requester(), "requester", MAX_REQUESTER, errors);
        if (requester == null && requesterKind != null && requesterKind != RequesterKind.SUBJECT) {
            errors.add(error("requester", "required",
                    "Name the requester and their relationship or the authority they act under."));
        }
        Channel channel = choice(Channel.class, body.channel(), "channel", errors);
        LocalDate receivedOn = date(body.receivedOn(), "receivedOn", today, errors);
        Competence competence = null;
        if (body.competence() != null && !body.competence().isBlank()) {
            if (subjectKind == SubjectKind.STAFF) {
                errors.add(error("competence", "not-allowed", "Competence is decided for pupils only."));
            } else {
                competence = choice(Competence.class, body.competence(), "competence", errors);
                if (competence == Competence.NOT_APPLICABLE) {
                    errors.add(error("competence", "invalid-choice", "A pupil is either competent or not competent."));
                }
            }
        }
        String details = text(body.details(), "details", MAX_DETAILS, errors);
        refuseIfAny(errors);
        return new NewRequest(type, subjectKind, subjectId, subjectUpn, requesterKind, requester, channel, receivedOn,
                competence,
                details);
    }

    static NewStep validate(StepBody body, LocalDate today) {
        if (body == null) {
            throw ProblemException.badRequest("malformed-request", "The request body is missing.");
        }
        List<Map<String, String>> errors = new ArrayList<>();
        RequestStatus status = choice(RequestStatus.class, body.status(), "status", errors);
        if (status == RequestStatus.RECEIVED) {
            errors.add(error("status", "invalid-choice", "A request is received only when it is created."));
        }
        LocalDate on = body.occurredOn() == null || body.occurredOn().isBlank() ? today
                : date(body.occurredOn(), "occurredOn", today, errors);
        String details = text(body.details(), "details", MAX_DETAILS, errors);
        String reason = text(body.reason(), "reason", MAX_REASON, errors);
        String exemption = text(body.exemption(), "exemption", MAX_EXEMPTION, errors);
        Integer months = body.extensionMonths();
        boolean extending = status == RequestStatus.EXTENDED;
        boolean refusing = status == RequestStatus.REFUSED;
        if (extending && (months == null || months < 1 || months > 2)) {
            errors.add(error("extensionMonths", "invalid-extension", "An extension adds one or two further months."));
        } else if (!extending && months != null) {
            errors.add(error("extensionMonths", "not-allowed", "Only an extension gives further months."));
        }
        if ((extending || refusing) && reason == null && body.reason() == null) {
            errors.add(error("reason", "required", extending ? "An extension needs a reason."
                    : "A refusal needs its reason."));
        } else if (status != null && !extending && !refusing && body.reason() != null) {
            errors.add(error("reason", "not-allowed", "Only an extension or a refusal has a reason; use details."));
        }
        if (refusing && exemption == null && body.exemption() == null) {
            errors.add(error("exemption", "required", "A refusal names the exemption relied on."));
        } else if (status != null && !refusing && body.exemption() != null) {
            errors.add(error("exemption", "not-allowed", "Only a refusal names an exemption."));
        }
        refuseIfAny(errors);
        return new NewStep(status, on, details, months, reason, exemption);
    }

    private static <E extends Enum<E>> E choice(Class<E> type, String value, String field,
                                                List<Map<String, String>> errors) {
        if (value == null || value.isBlank()) {
            errors.add(error(field, "required", "Required."));
            return null;
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(value.strip())) {
                return constant;
            }
        }
        errors.add(error(field, "invalid-choice", "Not one of the allowed values (see the API documentation)."));
        return null;
    }

    private static UUID uuid(String value, String field, List<Map<String, String>> errors) {
        if (value == null || value.isBlank()) {
            errors.add(error(field, "required", "Required."));
            return null;
        }
        try {
            return UUID.fromString(value.strip());
        } catch (IllegalArgumentException notAnId) {
            errors.add(error(field, "invalid-id", "Not an id."));
            return null;
        }
    }

    /** Null when absent or blank; too long or holding control characters other than line breaks is an error. */
    private static String text(String value, String field, int max, List<Map<String, String>> errors) {
        if (value == null || value.isBlank()) {
            if (value != null) {
                errors.add(error(field, "invalid-format", "Leave it out rather than blank."));
            }
            return null;
        }
        String text = value.strip();
        if (text.length() > max || text.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\r'
                && c != '\t')) {
            errors.add(error(field, "invalid-format", "At most " + max + " characters, without control characters."));
            return null;
        }
        return text;
    }

    private static LocalDate date(String value, String field, LocalDate today, List<Map<String, String>> errors) {
        if (value == null || value.isBlank()) {
            errors.add(error(field, "required", "Required."));
            return null;
        }
        try {
            LocalDate date = LocalDate.parse(value.strip());
            if (date.getYear() < FIRST_YEAR || date.isAfter(today)) {
                errors.add(error(field, "implausible-date", "A day from " + FIRST_YEAR + " up to today."));
                return null;
            }
            return date;
        } catch (DateTimeParseException notADate) {
            errors.add(error(field, "invalid-date", "Not a real date as yyyy-MM-dd."));
            return null;
        }
    }

    private static Map<String, String> error(String field, String code, String message) {
        return Map.of("field", field, "code", code, "message", message);
    }

    private static void refuseIfAny(List<Map<String, String>> errors) {
        if (!errors.isEmpty()) {
            throw new ProblemException(HttpStatus.BAD_REQUEST, "validation-failed", "The request has invalid fields.",
                    errors);
        }
    }

    private static <T> T refusing(java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (ProblemException e) {
            log.warn("Rights request refused: {}", e.code());
            throw e;
        }
    }

    private static List<Summary> summaries(List<Tracked> tracked) {
        return tracked.stream().map(RightsRequestApiController::summary).toList();
    }

    private static Summary summary(Tracked t) {
        var r = t.request();
        return new Summary(r.id(), r.type().name(), r.subjectKind().name(), r.subjectId(), t.status().name(),
                r.receivedOn(), t.deadline().date(), t.clockStopped());
    }

    private static RequestView view(Tracked t) {
        var r = t.request();
        List<TimelineStep> timeline = r.steps().stream().map(RightsRequestApiController::timelineStep).toList();
        return new RequestView(r.id(), r.type().name(), r.subjectKind().name(), r.subjectId(), r.requesterKind().name(),
                r.requester(), r.channel().name(), r.receivedOn(), r.competence().name(), r.competenceBasis().name(),
                r.competenceDecidedBy(), t.status().name(), t.clockStopped(), t.deadline().date(), t.deadline().rule(),
                timeline);
    }

    private static TimelineStep timelineStep(Step s) {
        return new TimelineStep(s.position(), s.status().name(), s.occurredOn(), s.recordedAt().toString(), s.actorId(),
                s.details(), s.extensionMonths(), s.reason(), s.exemption());
    }
}
