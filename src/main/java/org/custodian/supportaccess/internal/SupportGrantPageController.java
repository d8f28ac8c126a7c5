package org.custodian.supportaccess.internal;

import java.util.List;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.Permission;
import org.custodian.identity.RequiresPermission;
import org.custodian.identity.UserAccounts;
import org.custodian.pupils.OptionalCategory;
import org.custodian.web.FormErrors;
import org.custodian.web.ProblemException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The school admin's support access page: the school's consents, giving one, revoking one. */
@Controller
@RequestMapping(SupportGrantPageController.PATH)
@RequiresPermission(Permission.SUPPORT_CONSENT)
class SupportGrantPageController {

    static final String PATH = "/school/support-access";

    private final SupportGrants grants;
    private final GrantSummaries summaries;
    private final UserAccounts accounts;

    SupportGrantPageController(SupportGrants grants, GrantSummaries summaries, UserAccounts accounts) {
        this.grants = grants;
        this.summaries = summaries;
        this.accounts = accounts;
    }

    @GetMapping
    String list(@AuthenticationPrincipal CustodianUser admin, Model model) {
        model.addAttribute("grants", grants.list(admin.ownSchoolId()));
        model.addAttribute("engineers", accounts.supportEngineers());
        model.addAttribute("now", grants.now());
        return "supportaccess/grants";
    }

    @GetMapping("/new")
    String form(@AuthenticationPrincipal CustodianUser admin, Model model) {
        admin.ownSchoolId();
        return formPage(new GrantForm("READ", List.of(), null, String.valueOf(grants.maxHours()), ""),
                new FormErrors(), model);
    }

    @PostMapping
    String grant(@AuthenticationPrincipal CustodianUser admin, GrantForm form, HttpServletResponse response,
                 Model model, RedirectAttributes redirect) {
        try {
            grants.grant(admin, form.request());
        } catch (ProblemException e) {
            if (!FormErrors.fixableOnForm(e)) {
                throw e;
            }
            response.setStatus(e.status().value());
            FormErrors errors = new FormErrors();
            e.errors().forEach(error -> errors.add(fieldId(error.get("field")), error.get("message")));
            if (errors.isEmpty()) {
                errors.add("reason", e.getMessage());
            }
            return formPage(form, errors, model);
        }
        redirect.addFlashAttribute("banner", "Support can now reach your school's pupil data as you chose, "
                + "until the access expires or you revoke it.");
        return "redirect:" + PATH;
    }

    @PostMapping("/{id}/revoke")
    String revoke(@AuthenticationPrincipal CustodianUser admin, @PathVariable UUID id, RedirectAttributes redirect) {
        SupportGrant revoked = grants.revoke(admin, id);
        summaries.summarise(revoked);
        redirect.addFlashAttribute("banner", "Support access has been revoked: support's next request is refused. "
                + "Your school's admins have been sent a summary of what support saw.");
        return "redirect:" + PATH;
    }

    private String formPage(GrantForm form, FormErrors errors, Model model) {
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("categories", OptionalCategory.values());
        model.addAttribute("engineers", accounts.supportEngineers());
        model.addAttribute("maxHours", grants.maxHours());
        model.addAttribute("modes", List.of(new Choice("READ", "Read only"),
                new Choice("CHANGE", "Read and change records")));
        return "supportaccess/grant-new";
    }

    /** The API's field names are the form's input ids, except the first category checkbox. */
    private static String fieldId(String field) {
        return "categories".equals(field) ? "category-" + OptionalCategory.values()[0].name()
                : "engineerId".equals(field) ? "engineer" : field;
    }

    record Choice(String value, String label) {
    }

    record GrantForm(String mode, List<String> categories, String reason, String hours, String engineer) {

        SupportGrants.NewGrant request() {
            Integer parsed;
            try {
                parsed = hours == null || hours.isBlank() ? null : Integer.valueOf(hours.strip());
            } catch (NumberFormatException e) {
                parsed = null;
            }
            UUID engineerId;
            try {
                engineerId = engineer == null || engineer.isBlank() ? null : UUID.fromString(engineer.strip());
            } catch (IllegalArgumentException e) {
                // Not one of the listed engineers: refused like an unknown one.
                engineerId = new UUID(0, 0);
            }
            return new SupportGrants.NewGrant(mode, categories, reason, parsed, engineerId);
        }

        @Override
        public String toString() {
            return "GrantForm[mode=" + mode + "]";
        }
    }
}
