package org.custodian.breaches.internal;

import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.custodian.breaches.internal.BreachRegister.Detail;
import org.custodian.breaches.internal.BreachRegister.SchoolNotice;
import org.custodian.identity.CustodianUser;
import org.custodian.identity.Permission;
import org.custodian.identity.RequiresPermission;
import org.custodian.schools.School;
import org.custodian.schools.Schools;
import org.custodian.web.ClientAddress;
import org.custodian.web.FormErrors;
import org.custodian.web.ProblemException;
import org.custodian.web.RequestIds;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The operators' breach dashboard ({@code /platform/breaches}) and a school's notices ({@code /school/breaches}). */
@Controller
class BreachPageController {

    static final String PLATFORM_PATH = "/platform/breaches";
    static final String SCHOOL_PATH = "/school/breaches";

    private final BreachRegister register;
    private final IcoReport icoReport;
    private final Schools schools;

    BreachPageController(BreachRegister register, IcoReport icoReport, Schools schools) {
        this.register = register;
        this.icoReport = icoReport;
        this.schools = schools;
    }

    @org.custodian.privacy.NoPersonalData("an incident's clock as the dashboard shows it: ids, times, counts")
    record DashboardRow(UUID id, String category, String aware, String reportBy, String left, boolean overdue,
                        String decision, int schools, long pupils, int notices, int acknowledged) {
    }

    record TimelineRow(String when, String what, String text) {
        @Override
        public String toString() {
            return "TimelineRow[what=" + what + "]";
        }
    }

    @org.custodian.privacy.NoPersonalData("a school a scope reached: its name and counts")
    record SchoolRow(UUID id, String name, long entries, long pupils, String notified, int acknowledgements) {
    }

    @GetMapping(PLATFORM_PATH)
    @RequiresPermission(Permission.BREACHES_MANAGE)
    String dashboard(Model model) {
        model.addAttribute("rows", register.dashboard().stream().map(s -> new DashboardRow(s.id(),
                words(s.category().name()), BreachTimes.shown(s.awareAt()), BreachTimes.shown(s.reportBy()),
                BreachTimes.left(s.minutesLeft()), s.minutesLeft() < 0, s.decision(), s.schools(), s.pupils(),
                s.notices(), s.acknowledged())).toList());
        return "breaches/dashboard";
    }

    @org.custodian.privacy.NoPersonalData("a choice on a form: a code and its label")
    record Choice(String value, String label) {
    }

    /** The incident form; times as typed (UK time unless an offset is given). */
    record IncidentForm(String category, String startedAt, String awareAt, String dataCategories,
                        String whatHappened, String containment, String risk) {
        static IncidentForm empty() {
            return new IncidentForm(null, null, null, null, null, null, null);
        }

        @Override
        public String toString() {
            return "IncidentForm[redacted]";
        }
    }

    @GetMapping(PLATFORM_PATH + "/new")
    @RequiresPermission(Permission.BREACHES_MANAGE)
    String newIncident(Model model) {
        return incidentForm(IncidentForm.empty(), new FormErrors(), model);
    }

    @PostMapping(PLATFORM_PATH + "/new")
    @RequiresPermission(Permission.BREACHES_MANAGE)
    String recordIncident(@AuthenticationPrincipal CustodianUser user, IncidentForm form, HttpServletResponse response,
                          Model model, RedirectAttributes redirect) {
        FormErrors errors = new FormErrors();
        BreachRegister.Category category = null;
        try {
            category = form.category() == null ? null : BreachRegister.Category.valueOf(form.category());
        } catch (IllegalArgumentException e) {
            category = null;
        }
        if (category == null) {
            errors.add("category", "Choose the kind of breach.");
        }
        Instant started = time(form.startedAt(), "startedAt", "Enter when the breach started.", errors);
        Instant aware = time(form.awareAt(), "awareAt", "Enter when you became aware of it.", errors);
        List<String> categories = form.dataCategories() == null ? List.of() : Arrays.stream(form.dataCategories()
                .split("[,\\s]+")).filter(c -> !c.isBlank()).toList();
        if (categories.isEmpty()) {
            errors.add("dataCategories", "Enter the kinds of data involved.");
        }
        if (form.whatHappened() == null || form.whatHappened().isBlank()) {
            errors.add("whatHappened", "Say what happened.");
        }
        if (errors.isEmpty()) {
            try {
                UUID id = register.record(user, new BreachRegister.NewIncident(category, started, aware, categories,
                        null, null, new BreachRegister.Details(form.whatHappened(), form.containment(), form.risk())));
                redirect.addFlashAttribute("banner", "The incident is recorded. The 72 hours run from when you became"
                        + " aware of it.");
                return "redirect:" + PLATFORM_PATH + "/" + id;
            } catch (ProblemException e) {
                if (!FormErrors.fixableOnForm(e)) {
                    throw e;
                }
                String message = e.getMessage();
                errors.add(message.contains("awareAt") ? "awareAt" : message.contains("categor") ? "dataCategories"
                        : "whatHappened", message);
            }
        }
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        return incidentForm(form, errors, model);
    }

    private String incidentForm(IncidentForm form, FormErrors errors, Model model) {
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("categories", List.of(new Choice("CONFIDENTIALITY", "Confidentiality: data seen by someone who should not"),
                new Choice("INTEGRITY", "Integrity: data changed or corrupted"),
                new Choice("AVAILABILITY", "Availability: data lost or unreachable")));
        return "breaches/new";
    }

    private static Instant time(String value, String field, String missing, FormErrors errors) {
        if (value == null || value.isBlank()) {
            errors.add(field, missing);
            return null;
        }
        try {
            return BreachTimes.parse(value, field, false);
        } catch (ProblemException e) {
            errors.add(field, "Enter a date and time such as 2027-03-28T00:30 (UK time).");
            return null;
        }
    }

    @GetMapping(PLATFORM_PATH + "/{id}")
    @RequiresPermission(Permission.BREACHES_MANAGE)
    String incident(@PathVariable UUID id, Model model) {
        Detail detail = register.detail(id);
        model.addAttribute("incident", detail.incident());
        model.addAttribute("aware", BreachTimes.shown(detail.incident().awareAt()));
        model.addAttribute("started", BreachTimes.shown(detail.incident().startedAt()));
        model.addAttribute("reportBy", BreachTimes.shown(detail.incident().reportBy()));
        model.addAttribute("timeline", detail.timeline().stream().map(e -> new TimelineRow(BreachTimes.shown(e.occurredAt()),
                switch (e.kind()) {
                    case "RECORDED" -> "Recorded";
                    case "NOTE" -> "Note";
                    case "DECISION" -> (e.reportToIco() ? "Decided: report to the ICO" : "Decided: not reportable")
                            + (e.tellSubjects() ? "; tell the people affected" : "; the people need not be told");
                    case "SCOPED" -> "Scoped";
                    default -> "Notices sent";
                }, e.reasons() != null ? e.reasons() + (e.delayReasons() == null ? "" : " Delay: " + e.delayReasons())
                        : e.text())).toList());
        Map<UUID, BreachRegister.Notice> notices = new java.util.HashMap<>();
        detail.notices().forEach(n -> notices.put(n.schoolId(), n));
        Map<UUID, long[]> counts = new java.util.LinkedHashMap<>();
        detail.scopes().forEach(scope -> scope.schools().forEach(a -> {
            long[] c = counts.computeIfAbsent(a.schoolId(), k -> new long[2]);
            c[0] += a.entries();
            c[1] = Math.max(c[1], a.pupils());
        }));
        model.addAttribute("schools", counts.entrySet().stream().map(e -> {
            BreachRegister.Notice notice = notices.get(e.getKey());
            return new SchoolRow(e.getKey(), schools.forSystem(e.getKey()).map(School::name).orElse("(gone)"),
                    e.getValue()[0], e.getValue()[1], notice == null ? "Not yet" : BreachTimes.shown(notice.sentAt()),
                    notice == null ? 0 : notice.acknowledgements().size());
        }).sorted(Comparator.comparing(SchoolRow::name)).toList());
        return "breaches/incident";
    }

    @PostMapping(PLATFORM_PATH + "/{id}/notices")
    @RequiresPermission(Permission.BREACHES_MANAGE)
    String sendNotices(@AuthenticationPrincipal CustodianUser user, @PathVariable UUID id, RedirectAttributes redirect) {
        int sent = register.sendNotices(user, id).size();
        redirect.addFlashAttribute("banner", sent == 0 ? "Every school reached has been notified already."
                : sent + " school(s) notified.");
        return "redirect:" + PLATFORM_PATH + "/" + id;
    }

    @GetMapping(SCHOOL_PATH)
    @RequiresPermission(Permission.BREACH_NOTICES)
    String notices(@AuthenticationPrincipal CustodianUser user, Model model) {
        model.addAttribute("notices", register.notices(user).stream().map(n -> noticeRow(user, n)).toList());
        model.addAttribute("mayName", user.has(Permission.BREACH_SUBJECT_NAMES));
        return "breaches/notices";
    }

    record NoticeRow(UUID id, String category, String whatHappened, String containment, String started, String aware,
                     String reportBy, String sent, long entries, long pupils, boolean acknowledgedByMe,
                     List<String> acknowledgements) {
        @Override
        public String toString() {
            return "NoticeRow[id=" + id + "]";
        }
    }

    @PostMapping(SCHOOL_PATH + "/{id}/acknowledgement")
    @RequiresPermission(Permission.BREACH_NOTICES)
    String acknowledge(@AuthenticationPrincipal CustodianUser user, @PathVariable UUID id, RedirectAttributes redirect) {
        register.acknowledge(user, id);
        redirect.addFlashAttribute("banner", "Your acknowledgement is recorded.");
        return "redirect:" + SCHOOL_PATH;
    }

    @GetMapping(SCHOOL_PATH + "/{id}/pupils")
    @RequiresPermission(Permission.BREACH_SUBJECT_NAMES)
    String pupils(@AuthenticationPrincipal CustodianUser user, @PathVariable UUID id, HttpServletRequest request,
                  Model model) {
        model.addAttribute("id", id);
        model.addAttribute("names", register.names(user, id, RequestIds.of(request), ClientAddress.of(request)).values()
                .stream().sorted().toList());
        return "breaches/pupils";
    }

    @GetMapping(SCHOOL_PATH + "/{id}/ico-report.pdf")
    @RequiresPermission(Permission.BREACH_NOTICES)
    ResponseEntity<byte[]> report(@AuthenticationPrincipal CustodianUser user, @PathVariable UUID id) {
        return IcoReport.response(icoReport.forSchool(user, id));
    }

    private NoticeRow noticeRow(CustodianUser user, SchoolNotice n) {
        return new NoticeRow(n.incident().id(), words(n.incident().category().name()),
                n.incident().details().whatHappened(), n.incident().details().containment(),
                BreachTimes.shown(n.incident().startedAt()), BreachTimes.shown(n.incident().awareAt()),
                BreachTimes.shown(n.incident().reportBy()), BreachTimes.shown(n.sentAt()), n.entries(), n.pupilsAtLeast(),
                n.acknowledgements().stream().anyMatch(a -> a.userId().equals(user.id())),
                n.acknowledgements().stream().map(a -> BreachTimes.shown(a.acknowledgedAt())).toList());
    }

    private static String words(String code) {
        return code.charAt(0) + code.substring(1).toLowerCase(java.util.Locale.ROOT);
    }
}
