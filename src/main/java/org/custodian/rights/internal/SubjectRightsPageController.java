package org.custodian.rights.internal;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.custodian.accesslog.SubjectRecipients.Recipient;
import org.custodian.identity.CustodianUser;
import org.custodian.identity.Permission;
import org.custodian.identity.RequiresPermission;
import org.custodian.identity.StaffAccounts;
import org.custodian.pupils.ProcessingRegister;
import org.custodian.pupils.CategorySettings;
import org.custodian.pupils.OptionalCategory;
import org.custodian.pupils.PupilRecord;
import org.custodian.pupils.SubjectRestrictions;
import org.custodian.pupils.SubjectRestrictions.Decision;
import org.custodian.rights.internal.RectificationStore.Correction;
import org.custodian.rights.internal.RequestVocabulary.RequestType;
import org.custodian.rights.internal.RequestVocabulary.SubjectKind;
import org.custodian.rights.internal.Rectifications.Rectification;
import org.custodian.rights.internal.RightsRequestStore.StoredRequest;
import org.custodian.tenancy.Tenancy;
import org.custodian.web.ClientAddress;
import org.custodian.web.FormErrors;
import org.custodian.web.ProblemException;
import org.custodian.web.RequestIds;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The pages that answer rectification, restriction, objection and withdrawal-of-consent requests:
 * the rectification page of a request (the pupil's fields, read under the rights workflow's purpose,
 * the corrections made and whom to tell), and a pupil's restriction and objections page (reached
 * from the pupil's page or a request). Refusals come back as the page with the refusal's message.
 */
@Controller
@RequiresPermission(Permission.RIGHTS_REQUESTS)
class SubjectRightsPageController {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMMM yyyy 'at' h:mma", Locale.UK)
            .withZone(java.time.ZoneId.of("Europe/London"));
    private static final Map<String, String> LABELS = Map.of("upn", "UPN", "forename", "Forename", "surname", "Surname",
            "dateOfBirth", "Date of birth (yyyy-mm-dd)", "admissionNumber", "Admission number", "sex", "Sex (F or M)",
            "ncYear", "Year group (NC year)", "registrationGroup", "Registration group");

    private final Rectifications rectifications;
    private final ProcessingLimits limits;
    private final RightsRequestStore requests;
    private final ProcessingRegister register;
    private final StaffAccounts staff;
    private final Tenancy tenancy;
    private final CategorySettings categorySettings;

    SubjectRightsPageController(Rectifications rectifications, ProcessingLimits limits, RightsRequestStore requests,
                                ProcessingRegister register, StaffAccounts staff, Tenancy tenancy,
                                CategorySettings categorySettings) {
        this.categorySettings = categorySettings;
        this.rectifications = rectifications;
        this.limits = limits;
        this.requests = requests;
        this.register = register;
        this.staff = staff;
        this.tenancy = tenancy;
    }

    /** From a request's page to the page that answers it. */
    @GetMapping("/school/rights-requests/{id}/answer")
    String answer(@AuthenticationPrincipal CustodianUser user, @PathVariable UUID id) {
        UUID school = user.ownSchoolId();
        StoredRequest request = tenancy.inSchool(school, () -> requests.find(school, id)).orElseThrow(() ->
                ProblemException.notFound("rights-request-not-found", "There is no such request at your school."));
        if (request.subjectKind() != SubjectKind.PUPIL) {
            return "redirect:/school/rights-requests/" + id;
        }
        return request.type() == RequestType.RECTIFICATION ? "redirect:/school/rights-requests/" + id + "/rectification"
                : "redirect:/school/pupils/" + request.subjectId() + "/limits";
    }

    // ---- Rectification

    record FieldRow(String name, String label, String value) {
        @Override
        public String toString() {
            return "FieldRow[redacted]";
        }
    }

    record CorrectionRow(String field, String oldValue, String newValue, String when, String who) {
        @Override
        public String toString() {
            return "CorrectionRow[" + field + "]";
        }
    }

    record RecipientRow(String kind, String who, String when, String purpose) {
    }

    @GetMapping("/school/rights-requests/{id}/rectification")
    String rectification(@AuthenticationPrincipal CustodianUser user, @PathVariable UUID id, HttpServletRequest http,
                         HttpServletResponse response, Model model) {
        return rectificationPage(user, id, http, response, new FormErrors(), null, model);
    }

    @PostMapping("/school/rights-requests/{id}/rectification")
    String correct(@AuthenticationPrincipal CustodianUser user, @PathVariable UUID id,
                   @RequestParam Map<String, String> form, HttpServletRequest http, HttpServletResponse response,
                   RedirectAttributes redirect, Model model) {
        Map<String, String> fields = new LinkedHashMap<>();
        PupilRecord current;
        try {
            current = rectifications.current(user, id, RequestIds.of(http), ClientAddress.of(http));
        } catch (ProblemException e) {
            return refused(response, e, model);
        }
        Map<String, String> old = Rectifications.values(current);
        for (String field : formFields(user)) {
            String given = form.get(field);
            if (given != null && !given.strip().equals(old.get(field) == null ? "" : old.get(field))) {
                fields.put(field, given);
            }
        }
        FormErrors errors = new FormErrors();
        if (fields.isEmpty()) {
            errors.add("fields", "Change at least one field: nothing differs from the record.");
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            return rectificationPage(user, id, http, response, errors, null, model);
        }
        long version;
        try {
            version = Long.parseLong(form.getOrDefault("expectedVersion", ""));
        } catch (NumberFormatException e) {
            version = 0;
        }
        try {
            RectificationApiController.validate(new RectificationApiController.CorrectionBody(fields, version));
            rectifications.rectify(user, id, fields, version, RequestIds.of(http), ClientAddress.of(http));
        } catch (ProblemException e) {
            response.setStatus(e.status().value());
            e.errors().forEach(error -> errors.add(error.getOrDefault("field", "fields"), error.get("message")));
            if (e.errors().isEmpty()) {
                errors.add("fields", e.getMessage());
            }
            return rectificationPage(user, id, http, response, errors, form, model);
        }
        redirect.addFlashAttribute("banner", "The correction has been made and recorded.");
        return "redirect:/school/rights-requests/" + id + "/rectification";
    }

    private String rectificationPage(CustodianUser user, UUID id, HttpServletRequest http, HttpServletResponse response,
                                     FormErrors errors, Map<String, String> sent, Model model) {
        Rectification rectification;
        PupilRecord pupil;
        try {
            rectification = rectifications.get(user, id);
            pupil = rectifications.current(user, id, RequestIds.of(http), ClientAddress.of(http));
        } catch (ProblemException e) {
            return refused(response, e, model);
        }
        Map<String, String> values = Rectifications.values(pupil);
        List<FieldRow> fields = new ArrayList<>();
        for (String field : formFields(user)) {
            String shown = sent != null && sent.get(field) != null ? sent.get(field) : values.get(field);
            fields.add(new FieldRow(field, label(field), shown == null ? "" : shown));
        }
        Map<UUID, String> names = staff.displayNames(user.ownSchoolId(), rectification.corrections().stream()
                .map(Correction::actorId).distinct().toList());
        model.addAttribute("requestId", id);
        model.addAttribute("pupilId", rectification.pupilId());
        model.addAttribute("version", pupil.version());
        model.addAttribute("fields", fields);
        model.addAttribute("corrections", rectification.corrections().stream().map(c -> new CorrectionRow(
                label(c.field()), c.oldValue() == null ? "(empty)" : c.oldValue(),
                c.newValue() == null ? "(empty)" : c.newValue(), WHEN.format(c.recordedAt()),
                names.getOrDefault(c.actorId(), "A removed account"))).toList());
        model.addAttribute("recipients", recipients(user, rectification.recipients()));
        model.addAttribute("errors", errors);
        return "rights/rectification";
    }

    /** The mandatory fields, then the optional categories the school collects. */
    private List<String> formFields(CustodianUser user) {
        List<String> fields = new ArrayList<>(Rectifications.FIELDS);
        categorySettings.enabled(user.ownSchoolId()).stream().sorted()
                .forEach(category -> fields.add(Rectifications.CATEGORY_PREFIX + category.name()));
        return fields;
    }

    private static String label(String field) {
        if (field.startsWith(Rectifications.CATEGORY_PREFIX)) {
            return OptionalCategory.valueOf(field.substring(Rectifications.CATEGORY_PREFIX.length())).label();
        }
        return LABELS.get(field);
    }

    private List<RecipientRow> recipients(CustodianUser user, List<Recipient> recipients) {
        Map<UUID, String> names = staff.displayNames(user.ownSchoolId(), recipients.stream()
                .filter(r -> r.kind().equals("EXPORT")).map(Recipient::actorId).distinct().toList());
        return recipients.stream().map(r -> new RecipientRow(
                r.kind().equals("EXPORT") ? "Export" : "API token",
                r.kind().equals("EXPORT") ? names.getOrDefault(r.actorId(), "A removed account")
                        : r.tokenLabel() != null ? r.tokenLabel() : "A removed API token",
                WHEN.format(r.occurredAt()), r.purpose())).toList();
    }

    // ---- Restriction and objections

    record DecisionRow(String what, String when, String who, UUID request) {
    }

    @GetMapping("/school/pupils/{pupilId}/limits")
    String limitsPage(@AuthenticationPrincipal CustodianUser user, @PathVariable UUID pupilId,
                      HttpServletResponse response, Model model) {
        return limitsPage(user, pupilId, response, new FormErrors(), model);
    }

    @PostMapping("/school/pupils/{pupilId}/limits")
    String decide(@AuthenticationPrincipal CustodianUser user, @PathVariable UUID pupilId,
                  @RequestParam(defaultValue = "") String action, @RequestParam(defaultValue = "") String purpose,
                  @RequestParam(defaultValue = "") String rightsRequestId, HttpServletResponse response,
                  RedirectAttributes redirect, Model model) {
        FormErrors errors = new FormErrors();
        try {
            UUID request = ProcessingLimitsApiController.requestId(rightsRequestId);
            switch (action) {
                case "restrict" -> limits.restrict(user, pupilId, request);
                case "lift" -> limits.lift(user, pupilId, request);
                case "object" -> limits.object(user, pupilId, purpose, request);
                case "reinstate" -> limits.reinstate(user, pupilId, purpose, request);
                default -> throw ProblemException.badRequest("malformed-request", "Choose what to do.");
            }
        } catch (ProblemException e) {
            if (e.status().value() == 404 && "pupil-not-found".equals(e.code())) {
                return refused(response, e, model);
            }
            response.setStatus(e.status().value());
            errors.add("rightsRequestId", e.getMessage());
            return limitsPage(user, pupilId, response, errors, model);
        }
        redirect.addFlashAttribute("banner", switch (action) {
            case "restrict" -> "The pupil's data is now restricted.";
            case "lift" -> "The restriction has been lifted.";
            case "object" -> "The purpose has been switched off for this pupil.";
            default -> "The purpose has been switched on again for this pupil.";
        });
        return "redirect:/school/pupils/" + pupilId + "/limits";
    }

    private String limitsPage(CustodianUser user, UUID pupilId, HttpServletResponse response, FormErrors errors,
                              Model model) {
        SubjectRestrictions.Limits current;
        try {
            current = limits.limits(user, pupilId);
        } catch (ProblemException e) {
            return refused(response, e, model);
        }
        List<Decision> history = limits.history(user, pupilId);
        Map<UUID, String> names = staff.displayNames(user.ownSchoolId(),
                history.stream().map(Decision::actorId).distinct().toList());
        List<StoredRequest> about = limits.requestsAbout(user, pupilId);
        Map<String, String> requestChoices = new LinkedHashMap<>();
        about.forEach(r -> requestChoices.put(r.id().toString(), RightsRequestPageController.words(r.type())
                + " request received " + r.receivedOn()));
        Map<String, String> purposes = new LinkedHashMap<>();
        register.purposes().stream()
                .filter(p -> !SubjectRestrictions.ALLOWED_WHILE_RESTRICTED.contains(p.code()))
                .filter(p -> !ProcessingRegister.ACCESS_LOG_REVIEW.equals(p.code()))
                .forEach(p -> purposes.put(p.code(), p.description()));
        model.addAttribute("pupilId", pupilId);
        model.addAttribute("limits", current);
        model.addAttribute("history", history.stream().map(d -> new DecisionRow(
                describe(d), WHEN.format(d.occurredAt()), names.getOrDefault(d.actorId(), "A removed account"),
                d.rightsRequestId())).toList());
        model.addAttribute("requests", requestChoices);
        model.addAttribute("purposes", purposes);
        model.addAttribute("errors", errors);
        return "rights/limits";
    }

    private static String describe(Decision decision) {
        return switch (decision.event()) {
            case "RESTRICTED" -> "Restricted";
            case "RESTRICTION_LIFTED" -> "Restriction lifted";
            case "OBJECTED" -> "Objection: " + decision.purpose() + " switched off";
            case "CONSENT_WITHDRAWN" -> "Consent withdrawn: " + decision.purpose() + " switched off";
            default -> decision.purpose() + " switched on again";
        };
    }

    private static String refused(HttpServletResponse response, ProblemException e, Model model) {
        response.setStatus(e.status().value());
        model.addAttribute("heading", switch (e.code()) {
            case "rights-request-not-found" -> "Request not found";
            case "pupil-not-found" -> "Pupil not found";
            case "request-type-mismatch" -> "Not a rectification request";
            default -> "This cannot be done";
        });
        model.addAttribute("message", e.getMessage());
        model.addAttribute("code", e.code());
        return "rights/refused";
    }
}
