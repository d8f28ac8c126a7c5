package org.custodian.pupils.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.custodian.crypto.CiphertextRejectedException;
import org.custodian.crypto.FieldCipher;
import org.custodian.crypto.SubjectErasedException;
import org.custodian.crypto.SubjectKeys;
import org.custodian.crypto.SubjectKind;
import org.custodian.identity.CustodianUser;
import org.custodian.identity.Permission;
import org.custodian.identity.RequiresPermission;
import org.custodian.pupils.AccessContext;
import org.custodian.pupils.CategorySettings;
import org.custodian.pupils.OptionalCategory;
import org.custodian.pupils.PupilData;
import org.custodian.pupils.ProcessingRegister;
import org.custodian.pupils.PupilRecord;
import org.custodian.pupils.PupilRecords;
import org.custodian.pupils.PupilRecords.PupilPage;
import org.custodian.pupils.PupilRecords.PupilSearch;
import org.custodian.pupils.PupilRecords.WriteResult;
import org.custodian.pupils.Purpose;
import org.custodian.pupils.internal.PupilTask.Task;
import org.custodian.web.FormErrors;
import org.custodian.web.ProblemException;
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
 * The pupil pages: every read and change goes through {@link PupilRecords} with the purpose the
 * person chose once for their task (kept in the session by {@link PupilTask}). Optional categories
 * are shown only after a reason is given in a POST (never in the URL); refusals of the data path
 * become page messages ({@link PupilPageRefusals}).
 */
@Controller
@RequestMapping("/pupils")
@RequiresPermission(Permission.PUPIL_DATA)
class PupilPageController {

    /** Where the purpose page may send the person back to: the pupil pages only, never elsewhere. */
    private static final Pattern NEXT = Pattern.compile(
            "/pupils(/new|/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(/edit)?)?");
    static final List<String> NC_YEARS = List.of("E1", "E2", "N1", "N2", "R", "1", "2", "3", "4", "5", "6", "7", "8",
            "9", "10", "11", "12", "13", "14", "X");
    static final int MAX_REASON = 1000;
    /** The field name (associated data) of a task's reason, encrypted under the person's staff key. */
    static final String TASK_REASON_FIELD = "pupil-task-reason";

    private final PupilRecords pupils;
    private final ProcessingRegister register;
    private final CategorySettings categorySettings;
    private final PupilProperties properties;
    private final FieldCipher cipher;
    private final SubjectKeys subjectKeys;
    private final org.custodian.pupils.SubjectRestrictions restrictions;

    PupilPageController(PupilRecords pupils, ProcessingRegister register, CategorySettings categorySettings,
                        PupilProperties properties, FieldCipher cipher, SubjectKeys subjectKeys,
                        org.custodian.pupils.SubjectRestrictions restrictions) {
        this.pupils = pupils;
        this.register = register;
        this.categorySettings = categorySettings;
        this.properties = properties;
        this.cipher = cipher;
        this.subjectKeys = subjectKeys;
        this.restrictions = restrictions;
    }

    // The purpose of the task: asked once, kept in the session.

    @GetMapping("/purpose")
    String purposeForm(@AuthenticationPrincipal CustodianUser user, @RequestParam(required = false) String next,
                       HttpSession session, Model model) {
        Optional<Task> task = PupilTask.current(session);
        String selected = task.map(Task::purpose)
                .orElseGet(() -> register.defaultFor(user.role()).map(Purpose::code).orElse(null));
        int size = task.map(Task::pageSize).filter(s -> s > 0).orElse(properties.defaultPageSize());
        return purposePage(user, new PurposeForm(selected, null, size, safeNext(next)), new FormErrors(), model);
    }

    @PostMapping("/purpose")
    String choosePurpose(@AuthenticationPrincipal CustodianUser user, PurposeForm form, HttpSession session,
                         HttpServletResponse response, Model model) {
        Optional<Purpose> chosen = Optional.ofNullable(form.purpose()).flatMap(register::find);
        int size = form.size() != null && pageSizes().contains(form.size()) ? form.size() : properties.defaultPageSize();
        String reason = PupilTask.blankToNull(form.reason());
        FormErrors errors = new FormErrors();
        int status = HttpServletResponse.SC_BAD_REQUEST;
        if (chosen.isEmpty()) {
            errors.add("purpose", "Choose a purpose from the list.");
        } else if (!chosen.get().allows(user.role())) {
            status = HttpServletResponse.SC_FORBIDDEN;
            errors.add("purpose", "Your role may not use pupil data for this purpose.");
        } else if (reason == null && chosen.get().reasonRequired()) {
            errors.add("reason", "Enter a reason: this purpose needs one.");
        } else if (reason == null && size > properties.bulkReadThreshold()) {
            errors.add("reason", "Enter a reason: more than " + properties.bulkReadThreshold()
                    + " pupils a page is a bulk read.");
        } else if (reason != null && reason.length() > MAX_REASON) {
            errors.add("reason", "A reason can be at most " + MAX_REASON + " characters.");
        }
        if (!errors.isEmpty()) {
            response.setStatus(status);
            return purposePage(user, new PurposeForm(form.purpose(), form.reason(), size, safeNext(form.next())),
                    errors, model);
        }
        PupilTask.start(session, chosen.get().code(), seal(user, reason), size);
        return "redirect:" + safeNext(form.next());
    }

    // Finding pupils.

    @GetMapping
    String list(@AuthenticationPrincipal CustodianUser user, @RequestParam(defaultValue = "0") int page,
                HttpSession session, HttpServletRequest request, Model model) {
        return listPage(user, PupilTask.Search.NONE, page, session, request, model);
    }

    /** A search is a POST and its results come straight back: no name or UPN in a URL or the session. */
    @PostMapping("/search")
    String search(@AuthenticationPrincipal CustodianUser user, @RequestParam(required = false) String upn,
                  @RequestParam(required = false) String name, @RequestParam(defaultValue = "0") int page,
                  HttpSession session, HttpServletRequest request, Model model) {
        return listPage(user, new PupilTask.Search(upn, name), page, session, request, model);
    }

    private String listPage(CustodianUser user, PupilTask.Search search, int page, HttpSession session,
                            HttpServletRequest request, Model model) {
        Optional<Task> task = PupilTask.current(session);
        if (task.isEmpty()) {
            return "redirect:/pupils/purpose";
        }
        addTask(task.get(), model);
        model.addAttribute("search", search);
        PupilPage result = pupils.search(context(user, request, task.get()),
                new PupilSearch(search.upn(), search.name(), Math.max(page, 0), task.get().pageSize()));
        model.addAttribute("result", result);
        model.addAttribute("pages", Math.max(1, (result.total() + result.size() - 1) / result.size()));
        return "pupils/list";
    }

    // One pupil.

    @GetMapping("/{id}")
    String detail(@AuthenticationPrincipal CustodianUser user, @PathVariable UUID id, HttpSession session,
                  HttpServletRequest request, Model model) {
        Optional<Task> task = PupilTask.current(session);
        if (task.isEmpty()) {
            return "redirect:/pupils/purpose?next=/pupils/" + id;
        }
        PupilRecord pupil = pupils.read(context(user, request, task.get()), id, Set.of());
        return detailPage(user, task.get(), pupil, false, new FormErrors(), model);
    }

    /** The optional categories the school has switched on, read with the reason given here. */
    @PostMapping("/{id}/sensitive")
    String sensitive(@AuthenticationPrincipal CustodianUser user, @PathVariable UUID id,
                     @RequestParam(defaultValue = "") String reason, HttpSession session, HttpServletRequest request,
                     HttpServletResponse response, Model model) {
        Optional<Task> task = PupilTask.current(session);
        if (task.isEmpty()) {
            return "redirect:/pupils/purpose?next=/pupils/" + id;
        }
        String given = PupilTask.blankToNull(reason);
        FormErrors errors = new FormErrors();
        if (given == null) {
            errors.add("reason", "Enter why you need the sensitive information.");
        } else if (given.length() > MAX_REASON) {
            errors.add("reason", "A reason can be at most " + MAX_REASON + " characters.");
        }
        if (!errors.isEmpty()) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            PupilRecord pupil = pupils.read(context(user, request, task.get()), id, Set.of());
            return detailPage(user, task.get(), pupil, false, errors, model);
        }
        Set<OptionalCategory> enabled = categorySettings.enabled(user.ownSchoolId());
        PupilRecord pupil = pupils.read(context(user, request, task.get(), given), id, enabled);
        return detailPage(user, task.get(), pupil, true, errors, model);
    }

    // Adding and correcting records: only under a purpose that may change them.

    @GetMapping("/new")
    String newForm(@AuthenticationPrincipal CustodianUser user, HttpSession session, Model model) {
        Optional<Task> task = PupilTask.current(session);
        if (task.isEmpty()) {
            return "redirect:/pupils/purpose?next=/pupils/new";
        }
        requireChange(task.get());
        return editPage(user, task.get(), null, PupilForm.EMPTY, Map.of(), new FormErrors(), model);
    }

    @PostMapping("/new")
    String create(@AuthenticationPrincipal CustodianUser user, PupilForm form, HttpSession session,
                  HttpServletRequest request, HttpServletResponse response, Model model, RedirectAttributes redirect) {
        Optional<Task> task = PupilTask.current(session);
        if (task.isEmpty()) {
            return "redirect:/pupils/purpose?next=/pupils/new";
        }
        Map<String, String> categories = new LinkedHashMap<>();
        for (OptionalCategory category : categorySettings.enabled(user.ownSchoolId())) {
            String value = PupilTask.blankToNull(request.getParameter(categoryInput(category)));
            if (value != null) {
                categories.put(category.name(), value);
            }
        }
        try {
            WriteResult result = pupils.create(context(user, request, task.get()),
                    form.data(categories));
            redirect.addFlashAttribute("banner", "The pupil has been added.");
            return "redirect:/pupils/" + result.id();
        } catch (ProblemException e) {
            FormErrors errors = onForm(e);
            if (errors == null) {
                throw e;
            }
            response.setStatus(e.status().value());
            return editPage(user, task.get(), null, form, categories, errors, model);
        }
    }

    @GetMapping("/{id}/edit")
    String editForm(@AuthenticationPrincipal CustodianUser user, @PathVariable UUID id, HttpSession session,
                    HttpServletRequest request, Model model) {
        Optional<Task> task = PupilTask.current(session);
        if (task.isEmpty()) {
            return "redirect:/pupils/purpose?next=/pupils/" + id + "/edit";
        }
        requireChange(task.get());
        PupilRecord pupil = pupils.read(context(user, request, task.get()), id, Set.of());
        return editPage(user, task.get(), id, PupilForm.of(pupil), Map.of(), new FormErrors(), model);
    }

    /** Saves the mandatory fields if the record is still at the version the form was filled from. */
    @PostMapping("/{id}/edit")
    String update(@AuthenticationPrincipal CustodianUser user, @PathVariable UUID id, PupilForm form,
                  HttpSession session, HttpServletRequest request, HttpServletResponse response, Model model,
                  RedirectAttributes redirect) {
        Optional<Task> task = PupilTask.current(session);
        if (task.isEmpty()) {
            return "redirect:/pupils/purpose?next=/pupils/" + id + "/edit";
        }
        try {
            pupils.updateMandatory(context(user, request, task.get()), id,
                    form.version() == null ? -1 : form.version(), form.data(Map.of()));
            redirect.addFlashAttribute("banner", "The pupil's record has been saved.");
            return "redirect:/pupils/" + id;
        } catch (ProblemException e) {
            FormErrors errors = onForm(e);
            if (errors == null) {
                throw e;
            }
            response.setStatus(e.status().value());
            return editPage(user, task.get(), id, form, Map.of(), errors, model);
        }
    }

    private String purposePage(CustodianUser user, PurposeForm form, FormErrors errors, Model model) {
        model.addAttribute("purposes", register.allowedFor(user.role()));
        model.addAttribute("form", form);
        model.addAttribute("sizes", pageSizes());
        model.addAttribute("bulkReadThreshold", properties.bulkReadThreshold());
        model.addAttribute("errors", errors);
        return "pupils/purpose";
    }

    private String detailPage(CustodianUser user, Task task, PupilRecord pupil, boolean shown, FormErrors errors,
                              Model model) {
        addTask(task, model);
        model.addAttribute("pupil", pupil);
        model.addAttribute("limits", restrictions.limits(user, pupil.id()));
        model.addAttribute("categories", List.copyOf(new TreeSet<>(categorySettings.enabled(user.ownSchoolId()))));
        model.addAttribute("shown", shown);
        model.addAttribute("errors", errors);
        return "pupils/pupil";
    }

    private String editPage(CustodianUser user, Task task, UUID id, PupilForm form, Map<String, String> categories,
                            FormErrors errors, Model model) {
        addTask(task, model);
        model.addAttribute("id", id);
        model.addAttribute("form", form);
        model.addAttribute("ncYears", NC_YEARS);
        model.addAttribute("categories", id != null ? List.of()
                : List.copyOf(new TreeSet<>(categorySettings.enabled(user.ownSchoolId()))));
        model.addAttribute("categoryValues", categories);
        model.addAttribute("errors", errors);
        return "pupils/edit";
    }

    private void addTask(Task task, Model model) {
        Purpose purpose = register.find(task.purpose()).orElseThrow(() -> new ProblemException(
                HttpStatus.BAD_REQUEST, "purpose-unknown", "Choose a purpose from the record of processing."));
        model.addAttribute("purpose", purpose);
        model.addAttribute("task", task);
    }

    /** Checked before a form is shown; the data path checks again when the form is sent. */
    private void requireChange(Task task) {
        if (register.find(task.purpose()).filter(Purpose::mayChange).isEmpty()) {
            throw new ProblemException(HttpStatus.FORBIDDEN, "purpose-not-allowed",
                    "Pupil records can be changed only for data management or a rights request.");
        }
    }

    /** The refusals a person can put right on the form, each at its field; null for any other. */
    private static FormErrors onForm(ProblemException e) {
        FormErrors errors = new FormErrors();
        switch (e.code()) {
            case "validation-failed" -> e.errors().forEach(error -> errors.add(inputOf(error.get("field")),
                    error.get("message")));
            case "upn-exists", "previously-erased" -> errors.add("upn", e.getMessage());
            case "version-mismatch" -> errors.add("version", e.getMessage());
            default -> {
                return null;
            }
        }
        return errors;
    }

    /** The id of the input a validation error's field belongs to. */
    static String inputOf(String field) {
        if (field == null) {
            return "upn";
        }
        if (field.startsWith("classes")) {
            return "classes";
        }
        if (field.startsWith("categories.")) {
            return "category-" + field.substring("categories.".length());
        }
        return field;
    }

    static String categoryInput(OptionalCategory category) {
        return "category-" + category.name();
    }

    private List<Integer> pageSizes() {
        return new TreeSet<>(List.of(properties.defaultPageSize(), properties.bulkReadThreshold(),
                properties.maxPageSize())).stream().filter(size -> size > 0 && size <= properties.maxPageSize()).toList();
    }

    private static String safeNext(String next) {
        return next != null && NEXT.matcher(next).matches() ? next : "/pupils";
    }

    /** The task's purpose with the task's own reason. */
    private AccessContext context(CustodianUser user, HttpServletRequest request, Task task) {
        return context(user, request, task, openReason(user, task));
    }

    private static AccessContext context(CustodianUser user, HttpServletRequest request, Task task, String reason) {
        return AccessHeaders.context(user, request, task.purpose(), reason);
    }

    private byte[] seal(CustodianUser user, String reason) {
        if (reason == null) {
            return null;
        }
        subjectKeys.create(user.ownSchoolId(), user.id(), SubjectKind.STAFF);
        return cipher.encryptString(user.ownSchoolId(), user.id(), TASK_REASON_FIELD, reason);
    }

    /** The task's reason; none if it cannot be read (the data path then asks for one again). */
    private String openReason(CustodianUser user, Task task) {
        if (!task.hasReason()) {
            return null;
        }
        try {
            return cipher.decryptString(user.ownSchoolId(), user.id(), TASK_REASON_FIELD, task.sealedReason());
        } catch (CiphertextRejectedException | SubjectErasedException e) {
            return null;
        }
    }

    /** The purpose form; {@code next} is where to go once it is chosen. */
    record PurposeForm(String purpose, String reason, Integer size, String next) {
        @Override
        public String toString() {
            return "PurposeForm[" + purpose + "]";
        }
    }

    /** A pupil's mandatory fields as the add and edit forms send them; the date of birth in three parts. */
    record PupilForm(String upn, String forename, String surname, String dateOfBirthDay, String dateOfBirthMonth,
                     String dateOfBirthYear, String admissionNumber, String sex, String ncYear,
                     String registrationGroup, String classes, Long version) {

        static final PupilForm EMPTY = new PupilForm(null, null, null, null, null, null, null, null, null, null, null,
                null);

        static PupilForm of(PupilRecord pupil) {
            String classes = String.join(", ", pupil.classes().stream().filter(c -> !"REGISTRATION".equals(c.kind()))
                    .map(PupilRecord.SchoolClass::code).toList());
            var dob = pupil.dateOfBirth();
            return new PupilForm(pupil.upn(), pupil.forename(), pupil.surname(), String.valueOf(dob.getDayOfMonth()),
                    String.valueOf(dob.getMonthValue()), String.valueOf(dob.getYear()), pupil.admissionNumber(),
                    pupil.sex().name(), pupil.ncYear(), pupil.registrationGroup(), classes, pupil.version());
        }

        PupilData data(Map<String, String> categories) {
            List<String> classCodes = new ArrayList<>();
            if (classes != null) {
                Arrays.stream(classes.split(",")).map(String::strip).filter(code -> !code.isEmpty())
                        .forEach(classCodes::add);
            }
            return new PupilData(upn, forename, surname, dateOfBirth(), admissionNumber, sex, ncYear,
                    registrationGroup, classCodes, categories);
        }

        /** yyyy-MM-dd from the three parts; something the validator refuses as a date when a part is not a number. */
        private String dateOfBirth() {
            String day = PupilTask.blankToNull(dateOfBirthDay);
            String month = PupilTask.blankToNull(dateOfBirthMonth);
            String year = PupilTask.blankToNull(dateOfBirthYear);
            if (day == null && month == null && year == null) {
                return null;
            }
            if (day == null || month == null || year == null || !day.matches("[0-9]{1,2}")
                    || !month.matches("[0-9]{1,2}") || !year.matches("[0-9]{4}")) {
                return "invalid";
            }
            return year + "-" + (month.length() == 1 ? "0" : "") + month + "-" + (day.length() == 1 ? "0" : "") + day;
        }

        @Override
        public String toString() {
            return "PupilForm[redacted]";
        }
    }
}
