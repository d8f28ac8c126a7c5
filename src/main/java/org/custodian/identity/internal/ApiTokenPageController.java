package org.custodian.identity.internal;

import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;

import org.custodian.identity.ApiToken;
import org.custodian.identity.ApiTokenScope;
import org.custodian.identity.ApiTokens;
import org.custodian.identity.CustodianUser;
import org.custodian.identity.IssuedToken;
import org.custodian.identity.Permission;
import org.custodian.identity.RequiresPermission;
import org.custodian.web.FormErrors;
import org.custodian.web.ProblemException;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The school admin's API tokens page: list, create, revoke. The new secret is shown on the answer
 * to the create form itself, not after a redirect, because a redirect would have to keep it in the
 * session until the next request.
 */
@Controller
@RequestMapping(ApiTokenPageController.PATH)
@RequiresPermission(Permission.API_TOKENS_MANAGE)
class ApiTokenPageController {

    static final String PATH = "/school/api-tokens";

    private final ApiTokens tokens;
    private final JdbcApiTokens rules;
    private final StaffAdministration staff;
    private final Clock clock;

    ApiTokenPageController(ApiTokens tokens, JdbcApiTokens rules, StaffAdministration staff, Clock clock) {
        this.tokens = tokens;
        this.rules = rules;
        this.staff = staff;
        this.clock = clock;
    }

    @GetMapping
    String list(@AuthenticationPrincipal CustodianUser admin, Model model) {
        model.addAttribute("tokens", tokens.list(admin.ownSchoolId()));
        model.addAttribute("names", staff.namesIncludingRemoved(admin.ownSchoolId()));
        model.addAttribute("now", clock.instant());
        return "identity/api-tokens";
    }

    @GetMapping("/new")
    String form(Model model) {
        return formPage(new CreateForm(null, List.of(ApiTokenScope.IMPORT.code()), null), new FormErrors(), model);
    }

    @PostMapping
    String create(@AuthenticationPrincipal CustodianUser admin, CreateForm form, HttpServletResponse response,
                  Model model) {
        IssuedToken issued;
        try {
            Integer days = form.expiresInDays() == null || form.expiresInDays().isBlank() ? null : parseDays(form);
            issued = tokens.issue(admin, form.label(),
                    form.scopes() == null ? java.util.Set.of() : new LinkedHashSet<>(form.scopes()),
                    ApiTokenApiController.expiry(days, clock.instant()));
        } catch (ProblemException e) {
            if (!FormErrors.fixableOnForm(e)) {
                throw e;
            }
            response.setStatus(e.status().value());
            FormErrors errors = new FormErrors();
            e.errors().forEach(error -> errors.add(fieldId(error), error.get("message")));
            if (errors.isEmpty()) {
                errors.add("label", e.getMessage());
            }
            return formPage(form, errors, model);
        }
        // The one time the secret is shown: no cache, browser or proxy, may keep this page.
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        response.setHeader(HttpHeaders.PRAGMA, "no-cache");
        model.addAttribute("token", issued.token());
        model.addAttribute("secret", issued.secret());
        return "identity/api-token-created";
    }

    @PostMapping("/{id}/revoke")
    String revoke(@AuthenticationPrincipal CustodianUser admin, @PathVariable UUID id, RedirectAttributes redirect) {
        ApiToken token = tokens.revoke(admin, id);
        redirect.addFlashAttribute("banner", "The API token " + token.prefix() + "… has been revoked. "
                + "Calls made with it are refused from now on.");
        return "redirect:" + PATH;
    }

    private String formPage(CreateForm form, FormErrors errors, Model model) {
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("scopes", ApiTokenScope.values());
        model.addAttribute("maxDays", rules.maxLifetimeDays());
        model.addAttribute("defaultDays", rules.defaultLifetimeDays());
        model.addAttribute("noticeDays", rules.expiryNoticeDays());
        return "identity/api-token-new";
    }

    private static Integer parseDays(CreateForm form) {
        try {
            return Integer.valueOf(form.expiresInDays().strip());
        } catch (NumberFormatException e) {
            throw new ProblemException(org.springframework.http.HttpStatus.BAD_REQUEST, "validation-failed",
                    "The request has invalid fields.", List.of(Map.of("field", "expiresInDays",
                    "code", "invalid-expiry", "message", "Enter the number of days as a whole number, like 90.")));
        }
    }

    /** The API's field names are the form's input ids, except the scope checkboxes' first box. */
    private static String fieldId(Map<String, String> error) {
        String field = error.get("field");
        return "scopes".equals(field) ? "scope-" + ApiTokenScope.values()[0].code() : field;
    }

    record CreateForm(String label, List<String> scopes, String expiresInDays) {
    }
}
