package org.custodian.identity.internal;

import java.util.List;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.custodian.identity.CustodianUser;
import org.custodian.web.ClientAddress;
import org.custodian.web.FormErrors;
import org.custodian.web.PublicEndpoint;
import org.springframework.http.CacheControl;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * "Forgot your password?": asking for a link (the answer never says whether an account exists)
 * and choosing a new password through it.
 */
@Controller
@PublicEndpoint
class PasswordResetController {

    private final PasswordResets resets;

    PasswordResetController(PasswordResets resets) {
        this.resets = resets;
    }

    @GetMapping("/forgot-password")
    String forgotForm(Model model) {
        model.addAttribute("errors", new FormErrors());
        return "identity/forgot-password";
    }

    @PostMapping("/forgot-password")
    String forgot(@RequestParam(defaultValue = "") String email, Model model, HttpServletRequest request,
                  HttpServletResponse response) {
        if (email.isBlank()) {
            model.addAttribute("errors", new FormErrors().add("email", "Enter your email address."));
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            return "identity/forgot-password";
        }
        if (email.length() > 254) {
            // Longer than any address: nothing to look up, and the answer stays the same.
            return "redirect:/forgot-password/sent";
        }
        resets.request(email, ClientAddress.of(request));
        return "redirect:/forgot-password/sent";
    }

    @GetMapping("/forgot-password/sent")
    String sent() {
        return "identity/forgot-password-sent";
    }

    @GetMapping(PasswordResets.PATH + "{token}")
    String resetForm(@PathVariable String token, Model model, HttpServletResponse response) {
        noTrace(response);
        if (resets.accountFor(token).isEmpty()) {
            return linkNoLongerValid(response);
        }
        return "identity/reset-password";
    }

    @PostMapping(PasswordResets.PATH + "{token}")
    String reset(@PathVariable String token, @RequestParam(defaultValue = "") String newPassword,
                 @RequestParam(defaultValue = "") String confirmPassword, Model model, HttpServletResponse response) {
        noTrace(response);
        Optional<CustodianUser> account = resets.accountFor(token);
        if (account.isEmpty()) {
            return linkNoLongerValid(response);
        }
        List<String> violations = resets.policyViolations(account.get(), newPassword);
        boolean mismatch = violations.isEmpty() && !newPassword.equals(confirmPassword);
        if (!violations.isEmpty() || mismatch) {
            // Every rule the password breaks is listed, each linked to the field.
            model.addAttribute("passwordErrors", violations);
            model.addAttribute("confirmError", mismatch ? "The two passwords do not match." : null);
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            return "identity/reset-password";
        }
        if (!resets.reset(token, newPassword)) {
            return linkNoLongerValid(response);
        }
        return "redirect:/login?password-reset";
    }

    private static String linkNoLongerValid(HttpServletResponse response) {
        response.setStatus(HttpServletResponse.SC_GONE);
        return "identity/reset-link-invalid";
    }

    /** The link is a secret: keep it out of caches and out of any Referer header. */
    private static void noTrace(HttpServletResponse response) {
        response.setHeader("Cache-Control", CacheControl.noStore().getHeaderValue());
        response.setHeader("Referrer-Policy", "no-referrer");
    }
}
