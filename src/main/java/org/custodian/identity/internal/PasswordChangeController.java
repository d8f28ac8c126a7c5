package org.custodian.identity.internal;

import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.custodian.identity.CustodianUser;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

@Controller
class PasswordChangeController {

    private final JdbcUserAccounts accounts;
    private final PasswordPolicy passwordPolicy;
    private final SecurityContextRepository contexts = new HttpSessionSecurityContextRepository();

    PasswordChangeController(JdbcUserAccounts accounts, PasswordPolicy passwordPolicy) {
        this.accounts = accounts;
        this.passwordPolicy = passwordPolicy;
    }

    @GetMapping(PasswordChangeRequiredFilter.CHANGE_PASSWORD_PATH)
    String form(@AuthenticationPrincipal CustodianUser user, Model model) {
        model.addAttribute("forced", user.mustChangePassword());
        return "identity/change-password";
    }

    @PostMapping(PasswordChangeRequiredFilter.CHANGE_PASSWORD_PATH)
    String change(@AuthenticationPrincipal CustodianUser user,
                  @RequestParam(defaultValue = "") String currentPassword,
                  @RequestParam(defaultValue = "") String newPassword,
                  @RequestParam(defaultValue = "") String confirmPassword,
                  HttpServletRequest request, HttpServletResponse response, Model model) {
        List<String> errors = new ArrayList<>();
        if (!accounts.passwordMatches(user.id(), currentPassword)) {
            errors.add("Your current password is not correct.");
        } else {
            errors.addAll(passwordPolicy.violations(newPassword, user.getUsername()));
            if (!newPassword.equals(confirmPassword)) {
                errors.add("The two new passwords do not match.");
            }
            if (newPassword.equals(currentPassword)) {
                errors.add("Choose a password different from your current one.");
            }
        }
        if (!errors.isEmpty()) {
            model.addAttribute("forced", user.mustChangePassword());
            model.addAttribute("errors", errors);
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            return "identity/change-password";
        }
        accounts.changePassword(user.id(), newPassword);
        CustodianUser updated = user.withPasswordChanged();
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(updated, null,
                updated.getAuthorities()));
        SecurityContextHolder.setContext(context);
        contexts.saveContext(context, request, response);
        return "redirect:/?password-changed";
    }
}
