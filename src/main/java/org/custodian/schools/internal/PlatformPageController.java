package org.custodian.schools.internal;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;

import org.custodian.identity.CustodianUser;
import org.custodian.privacy.EmailAddress;
import org.custodian.privacy.PersonName;
import org.custodian.schools.InformationSharingAgreements;
import org.custodian.schools.IsaVersion;
import org.custodian.schools.Nation;
import org.custodian.schools.School;
import org.custodian.schools.SchoolRegistration;
import org.custodian.schools.SchoolState;
import org.custodian.schools.Schools;
import org.custodian.web.FormErrors;
import org.custodian.web.ProblemException;
import org.springframework.beans.propertyeditors.StringTrimmerEditor;
import org.springframework.http.HttpHeaders;
import org.custodian.identity.Permission;
import org.custodian.identity.RequiresPermission;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.InitBinder;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The operator's pages: registering schools, moving them through their lifecycle, publishing the ISA. */
@Controller
@RequestMapping("/platform")
class PlatformPageController {


    /** The registration form's fields in page order, so the error summary lists them the same way. */
    private static final List<String> REGISTRATION_FIELDS = List.of("urn", "laCode", "establishmentNumber", "name",
            "nation", "contactName", "contactEmail", "firstAdminName", "firstAdminEmail");

    private static final SchoolRegistration BLANK_REGISTRATION =
            new SchoolRegistration(null, null, null, null, null, null, null, null, null);

    private final Schools schools;
    private final InformationSharingAgreements agreements;
    private final SchoolPageFormat format;

    PlatformPageController(Schools schools, InformationSharingAgreements agreements, SchoolPageFormat format) {
        this.schools = schools;
        this.agreements = agreements;
        this.format = format;
    }

    @InitBinder("form")
    void emptyInputsAreMissing(WebDataBinder binder) {
        // A browser sends "" for an empty input: treat it as missing so "Enter the URN." is shown
        // rather than the format rule, and an empty optional admin email means "no admin".
        binder.registerCustomEditor(String.class, new StringTrimmerEditor(true));
    }

    @GetMapping("/schools")
    @RequiresPermission(Permission.SCHOOL_DIRECTORY)
    String schools(Model model) {
        model.addAttribute("schools", schools.all());
        return "platform/schools";
    }

    @GetMapping("/schools/new")
    @RequiresPermission(Permission.SCHOOLS_ADMINISTER)
    String registrationForm(Model model) {
        return registrationPage(BLANK_REGISTRATION, new FormErrors(), model);
    }

    @PostMapping("/schools/new")
    @RequiresPermission(Permission.SCHOOLS_ADMINISTER)
    String register(@Valid @ModelAttribute("form") SchoolRegistration form, BindingResult binding,
                    @AuthenticationPrincipal CustodianUser actor, HttpServletResponse response, Model model) {
        // A value that cannot be converted (a tampered nation) leaves no form object to re-fill.
        SchoolRegistration submitted = form == null ? BLANK_REGISTRATION : form;
        FormErrors errors = registrationErrors(submitted, binding);
        if (!errors.isEmpty()) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            return registrationPage(submitted, errors, model);
        }
        try {
            Schools.Registered registered = schools.register(submitted, actor);
            // The one-time password lives in this response only: no session, flash, log or URL,
            // and no cache may keep the page.
            response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
            model.addAttribute("school", registered.school());
            model.addAttribute("firstAdmin", registered.firstAdmin());
            return "platform/school-registered";
        } catch (ProblemException e) {
            if (!FormErrors.fixableOnForm(e)) {
                throw e;
            }
            response.setStatus(e.status().value());
            return registrationPage(submitted, new FormErrors().add(registrationField(e.code()), e.getMessage()), model);
        }
    }

    @GetMapping("/schools/{id}")
    @RequiresPermission(Permission.SCHOOLS_ADMINISTER)
    String school(@PathVariable UUID id, @AuthenticationPrincipal CustodianUser actor, Model model) {
        return schoolPage(id, actor, new TransitionForm(null, null, null, null), new FormErrors(), model);
    }

    @PostMapping("/schools/{id}/transitions")
    @RequiresPermission(Permission.SCHOOLS_ADMINISTER)
    String transition(@PathVariable UUID id, TransitionForm form, @AuthenticationPrincipal CustodianUser actor,
                      HttpServletResponse response, Model model, RedirectAttributes redirect) {
        FormErrors errors = new FormErrors();
        SchoolState target = form.target();
        LocalDate terminationDate = null;
        if (target == null) {
            errors.add("state", "Choose the state to move the school to.");
        } else if (target == SchoolState.TERMINATED && form.dateGiven()) {
            terminationDate = form.terminationDate();
            if (terminationDate == null) {
                errors.add("terminationDate-day", "The termination date must be a real date, for example 31 8 2026.");
            }
        }
        if (!errors.isEmpty()) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            return schoolPage(id, actor, form, errors, model);
        }
        try {
            School moved = schools.transition(id, target, terminationDate, actor);
            redirect.addFlashAttribute("banner", "The school is now in state " + format.state(moved.state()) + ".");
            return "redirect:/platform/schools/" + id;
        } catch (ProblemException e) {
            if (!FormErrors.fixableOnForm(e)) {
                throw e;
            }
            response.setStatus(e.status().value());
            String field = e.code().equals("invalid-termination-date") ? "terminationDate-day" : "state";
            return schoolPage(id, actor, form, new FormErrors().add(field, e.getMessage()), model);
        }
    }

    /** The school's own grace period in days; empty returns it to the platform default. */
    @PostMapping("/schools/{id}/grace")
    @RequiresPermission(Permission.SCHOOLS_ADMINISTER)
    String grace(@PathVariable UUID id, @RequestParam(name = "graceDays", required = false) String days,
                 @AuthenticationPrincipal CustodianUser actor, HttpServletResponse response, Model model,
                 RedirectAttributes redirect) {
        Integer parsed = null;
        String error = null;
        if (days != null && !days.isBlank()) {
            try {
                parsed = Integer.valueOf(days.strip());
            } catch (NumberFormatException e) {
                error = "Enter the grace period as a whole number of days, for example 31.";
            }
        }
        if (error == null) {
            try {
                schools.setGracePeriod(id, parsed, actor);
                redirect.addFlashAttribute("banner", "The grace period is saved.");
                return "redirect:/platform/schools/" + id;
            } catch (ProblemException e) {
                if (!e.code().equals("invalid-grace-period")) {
                    throw e;
                }
                error = e.getMessage();
            }
        }
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        return schoolPage(id, actor, new TransitionForm(null, null, null, null), new FormErrors().add("graceDays", error),
                model);
    }

    @GetMapping("/agreements")
    @RequiresPermission(Permission.AGREEMENTS_PUBLISH)
    String agreements(Model model) {
        return agreementsPage(new PublishForm(null, null), new FormErrors(), model);
    }

    @PostMapping("/agreements")
    @RequiresPermission(Permission.AGREEMENTS_PUBLISH)
    String publish(PublishForm form, @AuthenticationPrincipal CustodianUser actor, HttpServletResponse response,
                   Model model, RedirectAttributes redirect) {
        try {
            IsaVersion published = agreements.publish(form.title(), form.body(), actor);
            redirect.addFlashAttribute("banner", "Version " + published.version()
                    + " is published. Schools must now accept it.");
            return "redirect:/platform/agreements";
        } catch (ProblemException e) {
            if (!FormErrors.fixableOnForm(e)) {
                throw e;
            }
            response.setStatus(e.status().value());
            String field = e.code().equals("invalid-isa-title") ? "title" : "body";
            return agreementsPage(form, new FormErrors().add(field, e.getMessage()), model);
        }
    }

    private String registrationPage(SchoolRegistration form, FormErrors errors, Model model) {
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("nations", List.of(Nation.values()));
        return "platform/register-school";
    }

    private String schoolPage(UUID id, CustodianUser actor, TransitionForm form, FormErrors errors, Model model) {
        School school = schools.get(id, actor);
        model.addAttribute("school", school);
        model.addAttribute("history", schools.history(id, actor));
        // Offered from the state as it is now, even if someone moved the school meanwhile.
        model.addAttribute("transitions", List.copyOf(school.state().next()));
        var grace = schools.grace(id);
        model.addAttribute("grace", grace);
        model.addAttribute("graceOwnDays", grace.ownPeriod() ? String.valueOf(grace.days()) : null);
        model.addAttribute("purgeObstacles", schools.purgeObstacles(id));
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        return "platform/school";
    }

    private String agreementsPage(PublishForm form, FormErrors errors, Model model) {
        model.addAttribute("versions", agreements.versions());
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        return "platform/agreements";
    }

    /** Bean-validation messages first, then the stricter rules of the value types the service builds. */
    private static FormErrors registrationErrors(SchoolRegistration form, BindingResult binding) {
        FormErrors errors = new FormErrors();
        for (String field : REGISTRATION_FIELDS) {
            FieldError error = binding.getFieldError(field);
            String message = error == null ? valueTypeError(field, form)
                    // A conversion failure's default message quotes the rejected value: never show it.
                    : error.isBindingFailure() ? "Choose one of the options." : error.getDefaultMessage();
            if (message != null) {
                errors.add(field, message);
            }
        }
        return errors;
    }

    /**
     * {@link PersonName} and {@link EmailAddress} refuse what the annotations let through (control
     * characters, an email domain without a dot); checked here so the page shows an error, not a crash.
     */
    private static String valueTypeError(String field, SchoolRegistration form) {
        return switch (field) {
            case "contactName" -> invalid(form.contactName(), PlatformPageController::isPersonName,
                    "The contact's name must not contain control characters.");
            case "contactEmail" -> invalid(form.contactEmail(), EmailAddress::isValid,
                    "Enter a valid email address for the main contact.");
            case "firstAdminName" -> invalid(form.firstAdminName(), PlatformPageController::isPersonName,
                    "The admin's name must not contain control characters.");
            case "firstAdminEmail" -> form.firstAdminEmail() == null && form.firstAdminName() != null
                    ? "Enter the first admin's email address, or leave the admin's name empty."
                    : invalid(form.firstAdminEmail(), EmailAddress::isValid,
                            "Enter a valid email address for the first admin.");
            default -> null;
        };
    }

    /** Missing values are bean validation's business; this only judges values that are there. */
    private static String invalid(String value, Predicate<String> valid, String message) {
        return value == null || valid.test(value) ? null : message;
    }

    private static boolean isPersonName(String value) {
        try {
            new PersonName(value);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String registrationField(String code) {
        return switch (code) {
            case "establishment-taken" -> "laCode";
            case "username-taken", "invalid-username" -> "firstAdminEmail";
            default -> "urn";
        };
    }

    /** The transition form: the target state and the GOV.UK date input's three fields. */
    record TransitionForm(String state, String terminationDay, String terminationMonth, String terminationYear) {

        SchoolState target() {
            try {
                return state == null ? null : SchoolState.valueOf(state);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }

        boolean dateGiven() {
            return !(blank(terminationDay) && blank(terminationMonth) && blank(terminationYear));
        }

        /** The date entered, or null when it is not a real date. */
        LocalDate terminationDate() {
            if (blank(terminationDay) || blank(terminationMonth) || blank(terminationYear)) {
                return null;
            }
            try {
                return LocalDate.of(Integer.parseInt(terminationYear.strip()),
                        Integer.parseInt(terminationMonth.strip()), Integer.parseInt(terminationDay.strip()));
            } catch (NumberFormatException | DateTimeException e) {
                return null;
            }
        }

        private static boolean blank(String value) {
            return value == null || value.isBlank();
        }
    }

    record PublishForm(String title, String body) {
    }
}
