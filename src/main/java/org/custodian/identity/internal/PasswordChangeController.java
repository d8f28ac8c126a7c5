package org.custodian.identity.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.SecurityEventType;
import org.custodian.identity.SecurityEvents;
import org.custodian.identity.SignInStep;
import org.custodian.web.FormErrors;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Changing one's own password: at any time, or as a sign-in step after a one-time password. A wrong
 * current password counts towards lockout like a wrong password at sign-in; a change signs out the
 * account's other sessions.
 */
@Controller
@SignInStep
class PasswordChangeController {

    static final String PATH = "/account/password";

    private final JdbcUserAccounts accounts;
    private final SignInFlow flow;
    private final SecurityEvents events;
    private final PasswordPolicy passwordPolicy;
    private final FailedGuesses guesses;
    private final UserSessions sessions;

    PasswordChangeController(JdbcUserAccounts accounts, SignInFlow flow, SecurityEvents events,
                             PasswordPolicy passwordPolicy, FailedGuesses guesses, UserSessions sessions) {
        this.accounts = accounts;
        this.passwordPolicy = passwordPolicy;
        this.flow = flow;
        this.events = events;
        this.guesses = guesses;
        this.sessions = sessions;
    }

    @GetMapping(PATH)
    String form(@AuthenticationPrincipal CustodianUser user, Model model) {
        model.addAttribute("forced", isSignInStep());
        return "identity/change-password";
    }

    @PostMapping(PATH)
    String change(@AuthenticationPrincipal CustodianUser user,
                  @RequestParam(defaultValue = "") String currentPassword,
                  @RequestParam(defaultValue = "") String newPassword,
                  @RequestParam(defaultValue = "") String confirmPassword,
                  HttpServletRequest request, HttpServletResponse response, Model model) {
        FormErrors errors = new FormErrors();
        GuessingClient client = guesses.client(user, request);
        if (guesses.locked(client)) {
            // Locked as a sign-in would be: even the right password does not help now.
            return endSession(request);
        }
        // An empty field is named with what to enter; it is not a guess, so it uses none of the budget.
        if (currentPassword.isEmpty()) {
            errors.add("currentPassword", "Enter your current password");
        }
        if (newPassword.isEmpty()) {
            errors.add("newPassword", "Enter a new password");
        }
        if (confirmPassword.isEmpty()) {
            errors.add("confirmPassword", "Enter your new password again to confirm it");
        }
        if (errors.isEmpty() && !accounts.passwordMatches(user.id(), currentPassword)) {
            // A wrong current password is a guess like a wrong password at sign-in, on the same budget.
            guesses.record(user, client, SecurityEventType.SIGN_IN_FAILED, "current-password");
            if (guesses.locked(client)) {
                return endSession(request);
            }
            errors.add("currentPassword", "Your current password is not correct. Enter the password you signed in with.");
        } else if (errors.isEmpty()) {
            // One message per field (GOV.UK), saying every rule the new password misses.
            var violations = passwordPolicy.violations(newPassword, user.getUsername());
            if (!violations.isEmpty()) {
                errors.add("newPassword", String.join(" ", violations));
            }
            if (!newPassword.equals(confirmPassword)) {
                errors.add("confirmPassword", "The two new passwords do not match. Enter the same new password twice.");
            }
            if (newPassword.equals(currentPassword)) {
                errors.add("newPassword", "Choose a password different from your current one.");
            }
        }
        if (!errors.isEmpty()) {
            model.addAttribute("forced", isSignInStep());
            model.addAttribute("errors", errors);
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            return "identity/change-password";
        }
        accounts.changePassword(user.id(), newPassword);
        events.record(SecurityEventType.PASSWORD_CHANGED, user, user, null);
        // Whoever signed in with the old password elsewhere is signed out; this browser carries on.
        sessions.endOthers(user, request.getSession().getId());
        Authentication current = SecurityContextHolder.getContext().getAuthentication();
        if (current instanceof StagedAuthentication sign) {
            return "redirect:" + flow.proceed(sign, request, response);
        }
        CustodianUser updated = user.withPasswordChanged();
        flow.save(UsernamePasswordAuthenticationToken.authenticated(updated, null, updated.getAuthorities()),
                request, response);
        return "redirect:/?password-changed";
    }

    /** As at sign-in when the limit is reached: this session ends; the lockout email has gone out. */
    private static String endSession(HttpServletRequest request) {
        var session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        SecurityContextHolder.clearContext();
        return "redirect:/login?error";
    }

    private static boolean isSignInStep() {
        return SecurityContextHolder.getContext().getAuthentication() instanceof StagedAuthentication;
    }
}
