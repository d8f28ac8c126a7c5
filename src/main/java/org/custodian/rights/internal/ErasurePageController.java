package org.custodian.rights.internal;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Stream;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.custodian.crypto.SubjectKind;
import org.custodian.identity.CustodianUser;
import org.custodian.identity.Permission;
import org.custodian.identity.RequiresPermission;
import org.custodian.identity.Role;
import org.custodian.identity.StaffAccounts;
import org.custodian.rights.internal.ErasureRequests.NewErasure;
import org.custodian.rights.internal.ErasureRequests.Shown;
import org.custodian.rights.internal.ErasureStore.Erasure;
import org.custodian.rights.internal.ErasureStore.RuleChange;
import org.custodian.rights.internal.ErasureStore.State;
import org.custodian.web.ClientAddress;
import org.custodian.web.FormErrors;
import org.custodian.web.ProblemException;
import org.custodian.web.RequestIds;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Erasure as pages for the school's DPO and admins: the confirmations queue with the two-person rule,
 * requesting an erasure (linked from a pupil's or a member of staff's page), and one erasure showing
 * what its confirmation destroys, with confirm and cancel. The queue shows subjects by id: listing
 * erasures decrypts no pupil's name; the confirm page reads (and logs) the one pupil it is about.
 */
@Controller
@RequestMapping(ErasurePageController.PATH)
@RequiresPermission(Permission.RIGHTS_REQUESTS)
class ErasurePageController {

    static final String PATH = "/school/erasures";
    private static final DateTimeFormatter UK_TIME = DateTimeFormatter.ofPattern("d MMMM yyyy, HH:mm", Locale.UK)
            .withZone(ZoneId.of("Europe/London"));

    private final ErasureRequests erasures;
    private final StaffAccounts staff;

    ErasurePageController(ErasureRequests erasures, StaffAccounts staff) {
        this.erasures = erasures;
        this.staff = staff;
    }

    record Row(UUID id, String subject, String requestedBy, String requestedAt, String state, String decided) {
    }

    record RuleRow(String change, String who, String when) {
    }

    record RequestForm(String subjectKind, String subjectId, String requestReference, String reason) {
        @Override
        public String toString() {
            return "RequestForm[redacted]";
        }
    }

    @GetMapping
    String queue(@AuthenticationPrincipal CustodianUser user, Model model) {
        List<Erasure> all = erasures.list(user);
        List<RuleChange> changes = erasures.ruleChanges(user);
        Map<UUID, String> names = staff.displayNames(user.ownSchoolId(), Stream.concat(
                all.stream().flatMap(e -> Stream.of(e.requestedBy(), e.decidedBy())),
                changes.stream().map(RuleChange::changedBy)).filter(Objects::nonNull).distinct().toList());
        model.addAttribute("pending", all.stream().filter(e -> e.state() == State.PENDING).map(e -> row(e, names)).toList());
        model.addAttribute("decided", all.stream().filter(e -> e.state() != State.PENDING).map(e -> row(e, names)).toList());
        model.addAttribute("twoPerson", erasures.twoPerson(user));
        model.addAttribute("ruleChanges", changes.stream().map(c -> new RuleRow(
                c.twoPerson() ? "Switched on" : "Switched off", name(names, c.changedBy()), time(c.changedAt()))).toList());
        model.addAttribute("mayChangeRule", user.role() == Role.SCHOOL_ADMIN);
        return "rights/erasures";
    }

    @PostMapping("/rule")
    String rule(@AuthenticationPrincipal CustodianUser user, @RequestParam String twoPerson, RedirectAttributes redirect) {
        boolean on = "on".equals(twoPerson);
        erasures.setTwoPerson(user, on);
        redirect.addFlashAttribute("banner", on ? "Erasures now need a second person's confirmation."
                : "Erasures now take effect without a second person's confirmation.");
        return "redirect:" + PATH;
    }

    @GetMapping("/new")
    String newErasure(@RequestParam(required = false) UUID pupil, @RequestParam(required = false) UUID staff,
                      @RequestParam(required = false) UUID request, Model model) {
        if ((pupil == null) == (staff == null)) {
            throw ProblemException.badRequest("malformed-request", "Open this page from a pupil's or a member of staff's page.");
        }
        RequestForm form = new RequestForm(pupil != null ? "PUPIL" : "STAFF", String.valueOf(pupil != null ? pupil : staff),
                request == null ? "" : request.toString(), "");
        return requestPage(form, new FormErrors(), model);
    }

    /** From an erasure request in the register: the request form about its subject, naming the request. */
    @GetMapping("/from-request/{requestId}")
    String fromRequest(@AuthenticationPrincipal CustodianUser user, @PathVariable UUID requestId) {
        ErasureRequests.RequestSubject subject = erasures.subjectOfErasureRequest(user, requestId);
        return "redirect:" + PATH + "/new?" + (subject.kind() == SubjectKind.PUPIL ? "pupil=" : "staff=")
                + subject.id() + "&request=" + requestId;
    }

    @PostMapping("/new")
    String request(@AuthenticationPrincipal CustodianUser user, @ModelAttribute RequestForm form,
                   HttpServletRequest http, HttpServletResponse response, Model model, RedirectAttributes redirect) {
        try {
            NewErasure erasure = ErasureApiController.validate(new ErasureApiController.ErasureBody(form.subjectKind(),
                    form.subjectId(), form.requestReference(), form.reason()));
            Erasure stored = erasures.request(user, erasure, RequestIds.of(http), ClientAddress.of(http));
            if (stored.state() == State.CONFIRMED) {
                redirect.addFlashAttribute("banner", "Erased. The two-person rule is off at your school, so it took effect at once.");
                return "redirect:" + PATH;
            }
            redirect.addFlashAttribute("banner", "The erasure is requested. Another school admin or the DPO must confirm it.");
            return "redirect:" + PATH + "/" + stored.id();
        } catch (ProblemException e) {
            response.setStatus(e.status().value());
            return requestPage(form, new FormErrors().add(field(e), e.getMessage()), model);
        }
    }

    @GetMapping("/{id}")
    String one(@AuthenticationPrincipal CustodianUser user, @PathVariable UUID id, HttpServletRequest http, Model model) {
        return erasurePage(user, erasures.get(user, id), http, new FormErrors(), model);
    }

    @PostMapping("/{id}/confirm")
    String confirm(@AuthenticationPrincipal CustodianUser user, @PathVariable UUID id, HttpServletRequest http,
                   HttpServletResponse response, Model model, RedirectAttributes redirect) {
        try {
            erasures.confirm(user, id, RequestIds.of(http), ClientAddress.of(http));
        } catch (ProblemException e) {
            response.setStatus(e.status().value());
            return erasurePage(user, erasures.get(user, id), http, new FormErrors().add("confirm", e.getMessage()), model);
        }
        redirect.addFlashAttribute("banner", "The erasure is confirmed and done.");
        return "redirect:" + PATH;
    }

    @PostMapping("/{id}/cancel")
    String cancel(@AuthenticationPrincipal CustodianUser user, @PathVariable UUID id, HttpServletRequest http,
                  HttpServletResponse response, Model model, RedirectAttributes redirect) {
        try {
            erasures.cancel(user, id);
        } catch (ProblemException e) {
            response.setStatus(e.status().value());
            return erasurePage(user, erasures.get(user, id), http, new FormErrors().add("confirm", e.getMessage()), model);
        }
        redirect.addFlashAttribute("banner", "The erasure is cancelled. Nothing was erased.");
        return "redirect:" + PATH;
    }

    private String requestPage(RequestForm form, FormErrors errors, Model model) {
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("pupil", "PUPIL".equals(form.subjectKind()));
        return "rights/erasure-new";
    }

    private String erasurePage(CustodianUser user, Erasure erasure, HttpServletRequest http, FormErrors errors,
                               Model model) {
        Shown shown = erasures.show(user, erasure, RequestIds.of(http), ClientAddress.of(http));
        model.addAttribute("erasure", erasure);
        model.addAttribute("pupil", erasure.subjectKind() == SubjectKind.PUPIL);
        model.addAttribute("subjectName", shown.subjectName());
        model.addAttribute("requestedBy", shown.requestedByName() == null ? "Erased user" : shown.requestedByName());
        model.addAttribute("requestedAt", time(erasure.requestedAt()));
        model.addAttribute("decided", erasure.decidedBy() == null ? null
                : words(erasure.state()) + " by " + (shown.decidedByName() == null ? "Erased user" : shown.decidedByName())
                        + ", " + time(erasure.decidedAt()));
        model.addAttribute("pending", erasure.state() == State.PENDING);
        model.addAttribute("ownRequest", erasure.requestedBy().equals(user.id()));
        model.addAttribute("errors", errors);
        return "rights/erasure";
    }

    private static String field(ProblemException e) {
        return switch (e.code()) {
            case "erasure-request-mismatch" -> "requestReference";
            case "reason-too-long", "reason-required" -> "reason";
            default -> "subjectId";
        };
    }

    private static Row row(Erasure e, Map<UUID, String> names) {
        return new Row(e.id(), (e.subjectKind() == SubjectKind.PUPIL ? "Pupil " : "Staff ") + e.subjectId(),
                name(names, e.requestedBy()), time(e.requestedAt()), words(e.state()),
                e.decidedBy() == null ? null : name(names, e.decidedBy()) + ", " + time(e.decidedAt()));
    }

    private static String name(Map<UUID, String> names, UUID id) {
        return names.getOrDefault(id, "Erased user");
    }

    private static String words(State state) {
        return switch (state) {
            case PENDING -> "Waiting for confirmation";
            case CONFIRMED -> "Confirmed";
            case CANCELLED -> "Cancelled";
        };
    }

    private static String time(Instant at) {
        return UK_TIME.format(at);
    }
}
