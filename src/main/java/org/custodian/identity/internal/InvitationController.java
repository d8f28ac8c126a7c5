package org.custodian.identity.internal;

import java.util.List;

import jakarta.servlet.http.HttpServletResponse;

import org.custodian.identity.CustodianUser;
import org.custodian.identity.SecurityEventType;
import org.custodian.identity.SecurityEvents;
import org.custodian.web.FormErrors;
import org.custodian.web.PublicEndpoint;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The invitation link: the invitee chooses a password, then signs in (and enrols a second factor).
 * An unknown token (404) and a used, replaced or expired one (410) get the same page and change
 * nothing. The token is in the path, so it is never written to a log here.
 */
@Controller
@PublicEndpoint
class InvitationController {

    private final Invitations invitations;
    private final JdbcUserAccounts accounts;
    private final SecurityEvents events;
    private final PasswordPolicy passwordPolicy;

    InvitationController(Invitations invitations, JdbcUserAccounts accounts, SecurityEvents events,
                         PasswordPolicy passwordPolicy) {
        this.passwordPolicy = passwordPolicy;
        this.invitations = invitations;
        this.accounts = accounts;
        this.events = events;
    }

    @GetMapping(Invitations.PATH + "{token}")
    String form(@PathVariable String token, HttpServletResponse response, Model model) {
        noStore(response);
        var found = invitations.find(token);
        if (found.isEmpty() || !found.get().usable()) {
            return noLongerValid(found.isEmpty(), response);
        }
        return page(token, found.get().invitee(), new FormErrors(), model);
    }

    @PostMapping(Invitations.PATH + "{token}")
    String accept(@PathVariable String token, @RequestParam(defaultValue = "") String password,
                  @RequestParam(defaultValue = "") String confirmPassword, HttpServletResponse response, Model model) {
        noStore(response);
        var found = invitations.find(token);
        if (found.isEmpty() || !found.get().usable()) {
            return noLongerValid(found.isEmpty(), response);
        }
        CustodianUser invitee = found.get().invitee();
        FormErrors errors = new FormErrors();
        List<String> violations = passwordPolicy.violations(password, invitee.getUsername());
        if (!violations.isEmpty()) {
            errors.add("password", String.join(" ", violations));
        } else if (!password.equals(confirmPassword)) {
            errors.add("confirmPassword", "The two passwords do not match.");
        }
        if (!errors.isEmpty()) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            return page(token, invitee, errors, model);
        }
        if (invitations.accept(token, password).isEmpty()) {
            // Used, replaced or expired between showing the form and now.
            return noLongerValid(false, response);
        }
        CustodianUser accepted = accounts.findById(invitee.id()).orElseThrow();
        events.record(SecurityEventType.INVITATION_ACCEPTED, accepted, accepted, null);
        return "redirect:/login?invitation-accepted";
    }

    private static String page(String token, CustodianUser invitee, FormErrors errors, Model model) {
        model.addAttribute("token", token);
        model.addAttribute("invitee", invitee);
        model.addAttribute("errors", errors);
        return "identity/invitation";
    }

    private static String noLongerValid(boolean unknown, HttpServletResponse response) {
        response.setStatus((unknown ? HttpStatus.NOT_FOUND : HttpStatus.GONE).value());
        return "identity/invitation-invalid";
    }

    /** The page carries a live token: no cache may keep it. */
    private static void noStore(HttpServletResponse response) {
        response.setHeader("Cache-Control", CacheControl.noStore().getHeaderValue());
    }
}
